import { basename } from 'node:path';
import { AthanorError } from '../util/errors.js';
import { branchLabelMembers, collectBranchLabels } from './branch-labels.js';
import type { RevisionHeader } from './revision-file.js';

/**
 * The revision graph, built from a plain list of headers; it never touches
 * files. A revision has two kinds of parents: its down revisions (the branch
 * it continues) and its dependencies (`dependsOn`, revisions on other branches
 * that must be applied first). Both order the revisions and decide what is
 * applied; only down revisions decide which revisions are heads, as in Alembic.
 */
export class RevisionGraph {
  private readonly byId = new Map<string, RevisionHeader>();
  /** Down revisions and resolved dependencies of each revision. */
  private readonly parents = new Map<string, string[]>();
  private readonly dependencies = new Map<string, string[]>();
  /** Revisions that continue each revision (its down revision is this one). */
  private readonly versionedChildren = new Map<string, string[]>();
  /** Revisions that have this one as a down revision or a dependency. */
  private readonly children = new Map<string, string[]>();
  /** Branch label -> the revision that declares it. */
  private readonly labels: Map<string, string>;
  private readonly memberCache = new Map<string, Set<string>>();
  /** Revisions ordered so that every parent and dependency comes before its children. */
  readonly ordered: RevisionHeader[];

  constructor(headers: RevisionHeader[]) {
    for (const header of headers) {
      const existing = this.byId.get(header.revision);
      if (existing) {
        throw new AthanorError(
          'duplicate-revision',
          `revision id ${header.revision} appears in both ${basename(existing.path)} and ${basename(header.path)}; give one of them a new id`,
        );
      }
      this.byId.set(header.revision, header);
      this.versionedChildren.set(header.revision, []);
      this.children.set(header.revision, []);
    }
    this.labels = collectBranchLabels(headers, this.byId);
    for (const header of headers) this.link(header);
    this.ordered = this.topologicalOrder();
  }

  private link(header: RevisionHeader): void {
    for (const parent of header.downRevisions) {
      if (!this.byId.has(parent)) {
        throw new AthanorError(
          'missing-revision',
          `revision ${header.revision} (${basename(header.path)}) revises ${parent}, which no file in the versions folder defines`,
        );
      }
      this.versionedChildren.get(parent)!.push(header.revision);
    }
    const deps = (header.dependsOn ?? []).map((ref) => {
      const id = this.byId.has(ref) ? ref : this.labels.get(ref);
      if (id === undefined) {
        throw new AthanorError(
          'missing-revision',
          `revision ${header.revision} (${basename(header.path)}) depends on ${ref}, which no file or branch label in the versions folder defines`,
        );
      }
      return id;
    });
    const all = [...new Set([...header.downRevisions, ...deps])];
    this.dependencies.set(header.revision, [...new Set(deps)].filter((d) => !header.downRevisions.includes(d)));
    this.parents.set(header.revision, all);
    for (const parent of all) this.children.get(parent)!.push(header.revision);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): RevisionHeader {
    const header = this.byId.get(id);
    if (!header) throw new AthanorError('unknown-revision', `unknown revision ${id}`);
    return header;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Revisions no other revision continues (dependencies do not count, as in Alembic). */
  heads(): string[] {
    return this.ordered.filter((h) => this.versionedChildren.get(h.revision)!.length === 0).map((h) => h.revision);
  }

  /** Revisions with no down revision. */
  bases(): string[] {
    return this.ordered.filter((h) => h.downRevisions.length === 0).map((h) => h.revision);
  }

  /** Revisions that have this one as a down revision or a dependency. */
  childrenOf(id: string): string[] {
    return [...(this.children.get(id) ?? [])];
  }

  /** Revisions that continue this one (it is their down revision). */
  versionedChildrenOf(id: string): string[] {
    return [...(this.versionedChildren.get(id) ?? [])];
  }

  /** Down revisions and dependencies. */
  parentsOf(id: string): string[] {
    return [...(this.parents.get(id) ?? [])];
  }

  /** Resolved dependencies that are not also down revisions. */
  dependenciesOf(id: string): string[] {
    return [...(this.dependencies.get(id) ?? [])];
  }

  /** Revisions with more than one revision continuing them. */
  branchPoints(): string[] {
    return this.ordered.filter((h) => this.versionedChildren.get(h.revision)!.length > 1).map((h) => h.revision);
  }

  /** The revisions and all their ancestors, through down revisions and dependencies. */
  ancestors(ids: Iterable<string>): Set<string> {
    return this.closure(ids, (id) => this.parents.get(id) ?? this.missing(id));
  }

  /** The revisions and all their descendants, through down revisions and dependencies. */
  descendants(ids: Iterable<string>): Set<string> {
    return this.closure(ids, (id) => this.children.get(id) ?? this.missing(id));
  }

  /** The revisions and the revisions that continue them, dependencies left out. */
  versionedDescendants(ids: Iterable<string>): Set<string> {
    return this.closure(ids, (id) => this.versionedChildren.get(id) ?? this.missing(id));
  }

  private closure(ids: Iterable<string>, next: (id: string) => string[]): Set<string> {
    const seen = new Set<string>();
    const stack = [...ids];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...next(id));
    }
    return seen;
  }

  private missing(id: string): never {
    throw new AthanorError('unknown-revision', `unknown revision ${id}`);
  }

  /**
   * The version rows for a set of applied revisions: the members none of whose
   * children (continuations or dependents) are members.
   */
  headsOf(applied: Set<string>): string[] {
    return this.ordered
      .filter((h) => applied.has(h.revision) && !this.children.get(h.revision)!.some((c) => applied.has(c)))
      .map((h) => h.revision);
  }

  /** Every branch label and the revision that declares it, sorted by label. */
  branchLabels(): [string, string][] {
    return [...this.labels.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  isLabel(text: string): boolean {
    return this.labels.has(text);
  }

  /** The revision that declares a branch label. */
  labelRevision(label: string): string {
    const id = this.labels.get(label);
    if (id === undefined) throw new AthanorError('unknown-label', `no revision declares the branch label "${label}"; run \`migrate branches\` to see the labels`);
    return id;
  }

  /** The revisions a label names: its revision, those that continue it, and the plain chain below it. */
  labelMembers(label: string): Set<string> {
    let members = this.memberCache.get(label);
    if (!members) {
      members = branchLabelMembers(this, this.labelRevision(label));
      this.memberCache.set(label, members);
    }
    return new Set(members);
  }

  /** The labels that name a revision. */
  labelsOf(id: string): string[] {
    if (this.labels.size === 0) return [];
    return this.branchLabels()
      .filter(([label]) => this.labelMembers(label).has(id))
      .map(([label]) => label);
  }

  /** Resolves a full id, a branch label (its declaring revision) or a unique prefix of an id. */
  resolveId(text: string): string {
    if (this.byId.has(text)) return text;
    const labelled = this.labels.get(text);
    if (labelled !== undefined) return labelled;
    const matches = [...this.byId.keys()].filter((id) => id.startsWith(text)).sort();
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
      throw new AthanorError('unknown-revision', `no revision matches "${text}"; run \`migrate history\` to see the revisions`);
    }
    throw new AthanorError('ambiguous-revision', `"${text}" matches several revisions: ${matches.join(', ')}; give more characters`);
  }

  private topologicalOrder(): RevisionHeader[] {
    const order: RevisionHeader[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (id: string, path: string[]): void => {
      const mark = state.get(id);
      if (mark === 'done') return;
      if (mark === 'visiting') throw this.cycleError([...path.slice(path.indexOf(id)), id]);
      state.set(id, 'visiting');
      for (const parent of [...this.parents.get(id)!].sort()) visit(parent, [...path, id]);
      state.set(id, 'done');
      order.push(this.byId.get(id)!);
    };
    const ids = [...this.byId.keys()].sort((a, b) => compareByDate(this.byId.get(a)!, this.byId.get(b)!) || a.localeCompare(b));
    for (const id of ids) visit(id, []);
    return order;
  }

  private cycleError(cycle: string[]): AthanorError {
    const files = cycle.slice(0, -1).map((c) => basename(this.byId.get(c)!.path));
    return new AthanorError(
      'revision-cycle',
      `the revisions form a cycle: ${cycle.join(' -> ')}; fix the downRevision or dependsOn of one of ${files.join(', ')}`,
    );
  }
}

function compareByDate(a: RevisionHeader, b: RevisionHeader): number {
  return (a.createDate ?? '').localeCompare(b.createDate ?? '');
}
