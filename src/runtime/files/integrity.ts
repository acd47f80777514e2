import type { RecordedRevision } from '../../pg/run/version-table.js';
import { revisionChecksum } from './checksum.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import type { RevisionHeader } from './revision-file.js';

/**
 * - `ok`: the file is the one that was applied;
 * - `edited`: the file changed since it was applied (or stamped, or accepted);
 * - `unrecorded`: applied before the history table recorded checksums;
 * - `missing`: the database records it, and no file defines it.
 */
type IntegrityStatus = 'ok' | 'edited' | 'unrecorded' | 'missing';

export interface IntegrityEntry {
  revision: string;
  path: string | null;
  status: IntegrityStatus;
  /** The checksum recorded when it was applied. */
  recorded: string | null;
  /** The checksum of the file as this command read it (with its header). */
  actual: string | null;
  appliedAt: string | null;
}

/** Compares every applied revision's file with the checksum recorded when it was applied. */
export function checkIntegrity(
  files: RevisionGraph,
  current: string[],
  records: Map<string, RecordedRevision>,
): IntegrityEntry[] {
  const graph = files.forDatabase(current);
  const known = current.filter((id) => graph.has(id));
  const applied = graph.ancestors(known);
  const entries: IntegrityEntry[] = current
    .filter((id) => !graph.has(id))
    .map((revision) => ({
      revision,
      path: null,
      status: 'missing',
      recorded: records.get(revision)?.checksum ?? null,
      actual: null,
      appliedAt: records.get(revision)?.appliedAt ?? null,
    }));
  for (const header of graph.ordered) {
    if (!applied.has(header.revision)) continue;
    // A database that went through the revisions a squash replaces is checked against their files.
    const ranReplaced = records.has(header.revision) ? [] : replacedItRan(graph, header, records);
    for (const ran of ranReplaced.length > 0 ? ranReplaced : [header]) entries.push(entryOf(ran, records));
  }
  return entries;
}

function entryOf(header: RevisionHeader, records: Map<string, RecordedRevision>): IntegrityEntry {
  const record = records.get(header.revision);
  const actual = revisionChecksum(header);
  const recorded = record?.checksum ?? null;
  const status: IntegrityStatus = recorded === null ? 'unrecorded' : recorded === actual ? 'ok' : 'edited';
  return {
    revision: header.revision,
    path: header.path,
    status,
    recorded,
    actual,
    appliedAt: record?.appliedAt ?? null,
  };
}

/** The files of a squash's replaced revisions that the history table records as run (those still there). */
function replacedItRan(
  graph: RevisionGraph,
  header: RevisionHeader,
  records: Map<string, RecordedRevision>,
): RevisionHeader[] {
  return (header.replaces ?? []).flatMap((id) => {
    const file = records.has(id) ? graph.fileHeader(id) : undefined;
    return file === undefined ? [] : [file];
  });
}
