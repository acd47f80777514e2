import { basename } from 'node:path';
import { AthanorError } from '../../util/errors.js';
import type { RevisionHeader } from '../files/revision-file.js';

/** A squash revision and the revisions it replaces. */
export interface Squash {
  revision: string;
  /** The replaced revisions, parents first. */
  replaces: string[];
  /** The replaced revision it stands for: the last of `replaces`, the end of its range. */
  end: string;
  /** The replaced revisions whose files are still in the versions folder. */
  present: string[];
  /** Their files' paths, in the same order. */
  files: string[];
}

/**
 * The squashes of a history and the two ways a graph reads each of them, as
 * Django reads `replaces`:
 *
 * - squashed (the graph of the files, and of a database outside the range):
 *   the replaced revisions are left out, and a reference to one of them (a
 *   down revision or a dependency) names the squash instead;
 * - expanded (the graph of a database whose version rows name a replaced
 *   revision): the squash is left out, the replaced revisions are read as
 *   written, and a reference to the squash names the end of its range.
 *
 * Once the replaced files are deleted, only the squashed reading is left.
 */
export class Squashes {
  readonly list: readonly Squash[];
  /** Replaced revision -> the squash that replaces it. */
  private readonly replacedBy = new Map<string, Squash>();

  constructor(files: readonly RevisionHeader[]) {
    const paths = new Map(files.map((h) => [h.revision, h.path]));
    const list: Squash[] = [];
    for (const header of files) {
      if (!header.replaces?.length) continue;
      const squash: Squash = {
        revision: header.revision,
        replaces: [...header.replaces],
        end: header.replaces[header.replaces.length - 1]!,
        present: header.replaces.filter((id) => paths.has(id)),
        files: header.replaces.flatMap((id) => paths.get(id) ?? []),
      };
      for (const id of squash.replaces) {
        const other = this.replacedBy.get(id);
        if (other !== undefined)
          throw new AthanorError(
            'bad-squash',
            `revision ${id} is replaced by both ${other.revision} and ${header.revision} (${basename(header.path)}); a revision belongs to one squash`,
          );
        this.replacedBy.set(id, squash);
      }
      list.push(squash);
    }
    for (const squash of list) {
      const outer = this.replacedBy.get(squash.revision);
      if (outer !== undefined && squash.present.length > 0)
        throw new AthanorError(
          'bad-squash',
          `squash ${squash.revision} is replaced by ${outer.revision} while the files it replaces are still there; delete them first (\`migrate squash --prune\` says when)`,
        );
    }
    this.list = list;
  }

  get size(): number {
    return this.list.length;
  }

  /** The squash that replaces a revision, if one does. */
  squashOf(id: string): Squash | undefined {
    return this.replacedBy.get(id);
  }

  /** The replaced revisions whose ids start with `prefix`, sorted. */
  replacedMatching(prefix: string): string[] {
    return [...this.replacedBy.keys()].filter((id) => id.startsWith(prefix)).sort();
  }

  /** The squashes a database at these version rows reads expanded: those whose replaced revisions hold a row. */
  expandedFor(rows: readonly string[]): Set<string> {
    const expanded = new Set<string>();
    if (this.replacedBy.size === 0) return expanded;
    for (const row of rows) {
      const squash = this.replacedBy.get(row);
      if (squash === undefined || expanded.has(squash.revision)) continue;
      const missing = squash.replaces.filter((id) => !squash.present.includes(id));
      if (missing.length > 0)
        throw new AthanorError(
          'replaced-file-missing',
          `the database is at ${row}, one of the revisions squash ${squash.revision} replaces, and the file of ${missing.join(', ')} is gone; restore it (from version control) to move this database on`,
        );
      expanded.add(squash.revision);
    }
    return expanded;
  }

  /** The headers the graph is built from: each squash squashed, or expanded when named. */
  view(files: readonly RevisionHeader[], expanded: ReadonlySet<string>): RevisionHeader[] {
    if (this.list.length === 0) return [...files];
    const rename = new Map<string, string>();
    for (const squash of this.list) {
      if (expanded.has(squash.revision)) rename.set(squash.revision, squash.end);
      else for (const id of squash.replaces) rename.set(id, squash.revision);
    }
    const target = (id: string): string => {
      let to = id;
      for (let hops = 0; rename.has(to) && hops <= this.list.length; hops++) to = rename.get(to)!;
      return to;
    };
    return files
      .filter((h) => !rename.has(h.revision))
      .map((h) => {
        const moved = (refs: string[]): string[] => [...new Set(refs.map(target))];
        const touches = (refs: string[] | undefined): boolean => !!refs?.some((id) => rename.has(id));
        if (!touches(h.downRevisions) && !touches(h.dependsOn)) return h;
        const downRevisions = moved(h.downRevisions);
        if (downRevisions.includes(h.revision))
          throw new AthanorError(
            'bad-squash',
            `revision ${h.revision} (${basename(h.path)}) revises a revision it replaces; its downRevision must be where its range starts`,
          );
        const copy: RevisionHeader = { ...h, downRevisions };
        if (h.dependsOn) copy.dependsOn = moved(h.dependsOn);
        return copy;
      });
  }
}
