import { basename } from 'node:path';
import { AthanorError } from '../../util/errors.js';
import { branchLabelMembers, collectBranchLabels } from './branch-labels.js';
import { Squashes, type Squash } from './squashes.js';
import type { RevisionHeader } from '../files/revision-file.js';

/**
 * The revision graph, built from a plain list of headers; it never touches
 * files. A revision has two kinds of parents: its down revisions (the branch
 * it continues) and its dependencies (`dependsOn`, revisions on other branches
 * that must be applied first). Both order the revisions and decide what is
 * applied; only down revisions decide which revisions are heads, as in Alembic.
 *
 * A squash (a revision that `replaces` others) is read as squashes.ts says:
 * this graph is the files' reading, and `forDatabase` gives the graph a
 * database at given version rows reads, with the squashes it is inside expanded.
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
  /** The branch labels in `branchLabels()` order, made on first use. */
  private sortedLabels: string[] | undefined;
  /** Revisions ordered so that every parent and dependency comes before its children. */
  readonly ordered: RevisionHeader[];
  /** Each revision's place in `ordered`. */
  private readonly position = new Map<string, number>();

  /** The squashes of the files, shared by every reading of them. */
  readonly squashes: Squashes;
  /** Every revision file's header, whichever reading this graph is. */
  private readonly files: readonly RevisionHeader[];
  /** The graph of the files (the squashes squashed), and the other readings made from it, by their expanded squashes. */
  private readonly root: RevisionGraph;
  private readonly readings = new Map<string, RevisionGraph>();
  /** Every file's header by id, made on first use. */
  private fileIndex: Map<string, RevisionHeader> | undefined;
  /** The squashes this reading expands, each to the end of its range: a target naming one names that end. */
  private readonly expandedEnds = new Map<string, string>();

  constructor(files: RevisionHeader[], expanded: ReadonlySet<string> = new Set(), root?: RevisionGraph) {
    if (root === undefined) refuseDuplicates(files);
    this.files = files;
    this.root = root ?? this;
    this.squashes = root?.squashes ?? new Squashes(files);
    const headers = this.squashes.view(files, expanded);
    for (const squash of this.squashes.list)
      if (expanded.has(squash.revision)) this.expandedEnds.set(squash.revision, squash.end);
    for (const header of headers) {
      this.byId.set(header.revision, header);
      this.versionedChildren.set(header.revision, []);
      this.children.set(header.revision, []);
    }
    this.labels = collectBranchLabels(headers, this.byId);
    for (const header of headers) this.link(header);
    this.ordered = this.topologicalOrder();
    this.ordered.forEach((h, i) => this.position.set(h.revision, i));
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
    this.dependencies.set(
      header.revision,
      [...new Set(deps)].filter((d) => !header.downRevisions.includes(d)),
    );
    this.parents.set(header.revision, all);
    for (const parent of all) this.children.get(parent)!.push(header.revision);
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * The graph a database at these version rows reads: this one's files with
   * each squash whose replaced revisions hold a row expanded (squashes.ts).
   */
  forDatabase(rows: readonly string[]): RevisionGraph {
    const root = this.root;
    if (root.squashes.size === 0) return this;
    const expanded = root.squashes.expandedFor(rows);
    if (expanded.size === 0) return root;
    const key = [...expanded].sort().join(',');
    let reading = root.readings.get(key);
    if (reading === undefined) {
      reading = new RevisionGraph([...root.files], expanded, root);
      root.readings.set(key, reading);
    }
    return reading;
  }

  /** The header of a revision file, whichever reading this graph is (a replaced revision's too). */
  fileHeader(id: string): RevisionHeader | undefined {
    const root = this.root;
    root.fileIndex ??= new Map(root.files.map((h) => [h.revision, h]));
    return root.fileIndex.get(id);
  }

  /** The squash that replaces a revision of the files, when this graph reads it squashed. */
  replacedBy(id: string): Squash | undefined {
    return this.byId.has(id) ? undefined : this.squashes.squashOf(id);
  }

  get(id: string): RevisionHeader {
    const header = this.byId.get(id);
    if (!header) throw new AthanorError('unknown-revision', `unknown revision ${id}${this.replacedNote(id)}`);
    return header;
  }

  /** `; squash X replaces it` for a revision this graph reads squashed, to say why it is not there. */
  private replacedNote(id: string): string {
    const squash = this.replacedBy(id);
    return squash === undefined
      ? ''
      : `; squash ${squash.revision} replaces it (a database at or past ${squash.revision}'s start runs the squash)`;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Whether a new revision may not take this id: a revision's (a replaced one's too) or a branch label. */
  isTaken(id: string): boolean {
    return this.byId.has(id) || this.isLabel(id) || this.fileHeader(id) !== undefined;
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

  /**
   * `headsOf(applied)` once `changed` was added to or taken from a set whose
   * heads were `heads`, without walking the whole graph: only those heads,
   * `changed` and what it continues or depends on can be heads now.
   */
  headsAfter(heads: readonly string[], applied: Set<string>, changed: string): string[] {
    const candidates = new Set([...heads, changed, ...this.parentsOf(changed), ...this.dependenciesOf(changed)]);
    return [...candidates]
      .filter((id) => applied.has(id) && !this.children.get(id)!.some((c) => applied.has(c)))
      .sort((a, b) => this.position.get(a)! - this.position.get(b)!);
  }

  /** Every branch label and the revision that declares it, sorted by label. */
  branchLabels(): [string, string][] {
    return [...this.labels.entries()].sort(([a], [b]) => compareCodeUnits(a, b));
  }

  isLabel(text: string): boolean {
    return this.labels.has(text);
  }

  /** The revision that declares a branch label. */
  labelRevision(label: string): string {
    const id = this.labels.get(label);
    if (id === undefined)
      throw new AthanorError(
        'unknown-label',
        `no revision declares the branch label "${label}"; run \`migrate branches\` to see the labels`,
      );
    return id;
  }

  /** The revisions a label names: its revision, those that continue it, and the plain chain below it. */
  labelMembers(label: string): Set<string> {
    return new Set(this.members(label));
  }

  /** A label's members, computed once and shared: never handed out, since callers may change what they get. */
  private members(label: string): ReadonlySet<string> {
    let members = this.memberCache.get(label);
    if (!members) {
      members = branchLabelMembers(this, this.labelRevision(label));
      this.memberCache.set(label, members);
    }
    return members;
  }

  /**
   * The labels that name a revision. Listing a long labelled history asks
   * this of every revision, so it reads the shared member sets (a copy each
   * time made the listing quadratic) and the labels sorted once.
   */
  labelsOf(id: string): string[] {
    if (this.labels.size === 0) return [];
    this.sortedLabels ??= this.branchLabels().map(([label]) => label);
    return this.sortedLabels.filter((label) => this.members(label).has(id));
  }

  /**
   * Resolves a full id, a branch label (its declaring revision) or a unique
   * prefix of an id; in a reading that expands a squash, the squash's id names
   * the end of its range, which has the same schema.
   */
  resolveId(text: string): string {
    if (this.byId.has(text)) return text;
    const end = this.expandedEnds.get(text);
    if (end !== undefined) return end;
    const labelled = this.labels.get(text);
    if (labelled !== undefined) return labelled;
    const matches = [...this.byId.keys()].filter((id) => id.startsWith(text)).sort();
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
      // A prefix of one replaced revision names it, to say why it is not there.
      const replaced = this.squashes.replacedMatching(text).filter((id) => this.replacedBy(id) !== undefined);
      const id = replaced.length === 1 ? replaced[0]! : text;
      const note = this.replacedNote(id);
      throw new AthanorError(
        'unknown-revision',
        note
          ? `unknown revision ${id}${note}`
          : `no revision matches "${text}"; run \`migrate history\` to see the revisions`,
      );
    }
    throw new AthanorError(
      'ambiguous-revision',
      `"${text}" matches several revisions: ${matches.join(', ')}; give more characters`,
    );
  }

  /**
   * Every revision after its parents and dependencies: a depth-first walk
   * from each revision in (date, id) order, parents visited in id order. The
   * walk keeps its own stack, since a history can be deeper than the call
   * stack (a long chain whose dates do not put parents first).
   */
  private topologicalOrder(): RevisionHeader[] {
    const walk: Walk = { order: [], done: new Set(), path: [], pathIndex: new Map(), pending: [] };
    const roots = [...this.byId.values()].sort(
      (a, b) => compareCodeUnits(a.createDate ?? '', b.createDate ?? '') || compareCodeUnits(a.revision, b.revision),
    );
    for (const root of roots) {
      if (!walk.done.has(root.revision)) this.walkParentsFirst(walk, root.revision);
    }
    return walk.order;
  }

  /** Appends `root` and its ancestors not yet done to the walk's order, parents first; throws on a cycle. */
  private walkParentsFirst(walk: Walk, root: string): void {
    const { done, path, pathIndex, pending } = walk;
    this.enter(walk, root);
    while (path.length > 0) {
      const next = pending[pending.length - 1]!.pop();
      if (next === undefined) {
        const id = path.pop()!;
        pending.pop();
        pathIndex.delete(id);
        done.add(id);
        walk.order.push(this.byId.get(id)!);
      } else if (!done.has(next)) {
        const index = pathIndex.get(next);
        if (index !== undefined) throw this.cycleError([...path.slice(index), next]);
        this.enter(walk, next);
      }
    }
  }

  /** Puts a revision on the walk's path, with its parents to visit (the smallest id last, so it is popped first). */
  private enter(walk: Walk, id: string): void {
    walk.pathIndex.set(id, walk.path.length);
    walk.path.push(id);
    const parents = this.parents.get(id)!;
    walk.pending.push(parents.length < 2 ? [...parents] : [...parents].sort((a, b) => compareCodeUnits(b, a)));
  }

  private cycleError(cycle: string[]): AthanorError {
    const files = cycle.slice(0, -1).map((c) => basename(this.byId.get(c)!.path));
    return new AthanorError(
      'revision-cycle',
      `the revisions form a cycle: ${cycle.join(' -> ')}; fix the downRevision or dependsOn of one of ${files.join(', ')}`,
    );
  }
}

function refuseDuplicates(headers: readonly RevisionHeader[]): void {
  const seen = new Map<string, RevisionHeader>();
  for (const header of headers) {
    const existing = seen.get(header.revision);
    if (existing) {
      throw new AthanorError(
        'duplicate-revision',
        `revision id ${header.revision} appears in both ${basename(existing.path)} and ${basename(header.path)}; give one of them a new id`,
      );
    }
    seen.set(header.revision, header);
  }
}

/** The state of the parents-first walk; the path and its pending parents are empty between walks. */
interface Walk {
  order: RevisionHeader[];
  done: Set<string>;
  /** The revisions being visited, each a child of the one before it. */
  path: string[];
  pathIndex: Map<string, number>;
  /** For each revision on the path, the parents still to visit, the next one last. */
  pending: string[][];
}

/** Orders strings by UTF-16 code units, the same on every machine and locale. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
