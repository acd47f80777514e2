/** One revision as the history pictures read it (the command fills it from the revision graph). */
export interface HistoryNode {
  readonly revision: string;
  /** Its parents, first the one it continues. */
  readonly downRevisions: readonly string[];
  readonly dependsOn: readonly string[];
  readonly branchLabels: readonly string[];
  readonly message: string;
  readonly isHead: boolean;
  /** The database is at it. */
  readonly isCurrent: boolean;
  /** A squash: the revisions it replaces. */
  readonly replaces?: readonly string[];
}

/**
 * What is said after each revision's id: current, head, the labels its branch
 * starts with (a label is said where it starts, not on every revision that
 * inherits it), a merge's parents, a squash's range, what it depends on.
 */
export function decorations(nodes: readonly HistoryNode[]): (n: HistoryNode) => string[] {
  const labels = new Map(nodes.map((n) => [n.revision, n.branchLabels]));
  return (n) => [
    ...(n.isCurrent ? ['current'] : []),
    ...(n.isHead ? ['head'] : []),
    ...n.branchLabels.filter((l) => !n.downRevisions.some((p) => labels.get(p)?.includes(l))).map((l) => `label: ${l}`),
    ...(n.downRevisions.length > 1 ? [`merge of ${n.downRevisions.join(', ')}`] : []),
    ...(n.replaces && n.replaces.length > 0 ? [`squash of ${n.replaces.join(', ')}`] : []),
    ...(n.dependsOn.length > 0 ? [`depends on ${n.dependsOn.join(', ')}`] : []),
  ];
}
