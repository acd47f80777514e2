import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ResolvedConfig } from '../../config/load-config.js';
import type { RecordedOperation } from '../../ops/revision-lint.js';
import { dataStatements } from '../../ops/sql-hazards.js';
import type { RevisionHeader } from '../../runtime/files/revision-file.js';
import type { RevisionGraph } from '../../runtime/graph/revision-graph.js';
import { executeSteps } from '../../runtime/run/execute-steps.js';
import type { RevisionModules } from '../../runtime/run/load-revisions.js';
import { ScriptSession } from '../../runtime/run/session.js';
import { bookkeeping } from '../shared/project.js';

/** What a replaced revision does that a schema cannot show, so a squash cannot hold it. */
export interface DataStep {
  revision: string;
  file: string;
  /** `op.execute: UPDATE ...` (each statement that changes data), `op.backfill public.users`, `op.autocommit`. */
  calls: string[];
}

/**
 * The data steps of revisions, read from the operations each runs into a
 * script, as `migrate lint` reads them (nothing connects): the statements of
 * `op.execute` (and `op.bulkInsert`) that change rows rather than the schema,
 * backfills, and `op.autocommit` blocks. A revision that cannot run without a
 * database (it reads one) is judged by its file's text instead: each such call
 * it makes is named.
 */
export async function dataSteps(
  config: ResolvedConfig,
  graph: RevisionGraph,
  revisions: readonly RevisionHeader[],
  modules?: RevisionModules,
): Promise<DataStep[]> {
  const recorded = new Map<string, RecordedOperation[]>(revisions.map((h) => [h.revision, []]));
  try {
    await executeSteps(
      new ScriptSession(),
      graph,
      revisions.map((revision) => ({ direction: 'up' as const, revision })),
      [],
      {
        tables: bookkeeping(config),
        transactionPerRevision: true,
        timeouts: { lockTimeout: null, statementTimeout: null },
        onOperation: (op, { revision, autocommit }) => recorded.get(revision.revision)?.push({ op, autocommit }),
        ...(modules ? { modules } : {}),
      },
    );
  } catch {
    return revisions.flatMap(textSteps);
  }
  const steps: DataStep[] = [];
  for (const header of revisions) {
    const ops = recorded.get(header.revision)!;
    const calls = ops.some((o) => o.autocommit) ? ['op.autocommit'] : [];
    for (const { op } of ops) {
      if (op.kind === 'backfill') calls.push(`op.backfill ${op.schema}.${op.table}`);
      else if (op.kind === 'executeSql')
        for (const statement of await dataStatements(op.sql)) calls.push(`op.execute: ${oneLine(statement)}`);
    }
    if (calls.length > 0) steps.push({ revision: header.revision, file: basename(header.path), calls });
  }
  return steps;
}

/** The calls in a file's text that may change data (for a revision that cannot run into a script). */
function textSteps(header: RevisionHeader): DataStep[] {
  const source = readFileSync(header.path, 'utf8');
  const calls = [...new Set([...source.matchAll(DATA_CALL)].map((m) => `op.${m[1]}`))].sort();
  return calls.length === 0 ? [] : [{ revision: header.revision, file: basename(header.path), calls }];
}

const DATA_CALL = /\bop\s*\.\s*(execute|executeSql|bulkInsert|backfill|autocommit)\s*\(/g;

export function dataStepLine(step: DataStep): string {
  return `${step.revision} (${step.file}): ${step.calls.join('; ')}`;
}

function oneLine(sql: string, max = 100): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
