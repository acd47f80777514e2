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

/** What is said after a revision's id: head, current, labels, a squash's range. */
export function decorations(n: HistoryNode): string[] {
  return [
    ...(n.isCurrent ? ['current'] : []),
    ...(n.isHead ? ['head'] : []),
    ...n.branchLabels.map((l) => `label: ${l}`),
    ...(n.downRevisions.length > 1 ? [`merge of ${n.downRevisions.join(', ')}`] : []),
    ...(n.replaces && n.replaces.length > 0 ? [`squash of ${n.replaces.join(', ')}`] : []),
    ...(n.dependsOn.length > 0 ? [`depends on ${n.dependsOn.join(', ')}`] : []),
  ];
}
