import { basename } from 'node:path';
import { AthanorError } from '../util/errors.js';
import type { RevisionHeader } from './revision-file.js';

/**
 * The revision graph, built from a plain list of headers; it never touches
 * files. Edges point from a revision to its down revisions (parents).
 */
export class RevisionGraph {
  private readonly byId = new Map<string, RevisionHeader>();
  private readonly children = new Map<string, string[]>();
  /** Revisions ordered so that every parent comes before its children. */
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
      this.children.set(header.revision, []);
    }
    for (const header of headers) {
      for (const parent of header.downRevisions) {
        if (!this.byId.has(parent)) {
          throw new AthanorError(
            'missing-revision',
            `revision ${header.revision} (${basename(header.path)}) revises ${parent}, which no file in the versions folder defines`,
          );
        }
        this.children.get(parent)!.push(header.revision);
      }
    }
    this.ordered = this.topologicalOrder();
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

  /** Revisions no other revision revises. */
  heads(): string[] {
    return this.ordered.filter((h) => this.children.get(h.revision)!.length === 0).map((h) => h.revision);
  }

  /** Revisions with no parent. */
  bases(): string[] {
    return this.ordered.filter((h) => h.downRevisions.length === 0).map((h) => h.revision);
  }

  childrenOf(id: string): string[] {
    return [...(this.children.get(id) ?? [])];
  }

  /** The revisions and all their ancestors. */
  ancestors(ids: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack = [...ids];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...this.get(id).downRevisions);
    }
    return seen;
  }

  /** Heads of a set of applied revisions: members none of whose children are members. */
  headsOf(applied: Set<string>): string[] {
    return this.ordered
      .filter((h) => applied.has(h.revision) && !this.children.get(h.revision)!.some((c) => applied.has(c)))
      .map((h) => h.revision);
  }

  /** Resolves a full id or a unique prefix of one. */
  resolveId(text: string): string {
    if (this.byId.has(text)) return text;
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
      if (mark === 'visiting') {
        const cycle = [...path.slice(path.indexOf(id)), id];
        throw new AthanorError(
          'revision-cycle',
          `the revisions form a cycle: ${cycle.join(' -> ')}; fix the downRevision of one of ${cycle
            .slice(0, -1)
            .map((c) => basename(this.byId.get(c)!.path))
            .join(', ')}`,
        );
      }
      state.set(id, 'visiting');
      const header = this.byId.get(id)!;
      for (const parent of [...header.downRevisions].sort()) visit(parent, [...path, id]);
      state.set(id, 'done');
      order.push(header);
    };
    const ids = [...this.byId.keys()].sort((a, b) => compareByDate(this.byId.get(a)!, this.byId.get(b)!) || a.localeCompare(b));
    for (const id of ids) visit(id, []);
    return order;
  }
}

function compareByDate(a: RevisionHeader, b: RevisionHeader): number {
  return (a.createDate ?? '').localeCompare(b.createDate ?? '');
}
