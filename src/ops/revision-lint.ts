import { describeOperation } from './describe.js';
import { hazardsOf, nonTransactionalHazard, type Hazard } from './hazards.js';
import { gradeLocks } from './lock-grade.js';
import type { Operation } from './operation.js';
import { sqlHazards, type TableName } from './sql-hazards.js';

/** One operation a revision's `upgrade(op)` made, and whether it ran in an `op.autocommit` block. */
export interface RecordedOperation {
  op: Operation;
  autocommit: boolean;
}

/** A hazard found in a revision: of an operation, or of a statement of the SQL it runs (`op.execute`). */
export interface FoundHazard extends Hazard {
  source: 'operation' | 'sql';
  /** The statement, for a hazard of SQL. */
  statement?: string;
}

/**
 * The hazards of a revision's operations, in order, those of SQL read with
 * Postgres' parser. As in `revisionHazards`, a table created earlier in the
 * revision (by an operation or by SQL) has no lock, scan or rewrite hazard,
 * and a brief lock none when `lockTimeout` bounds its wait (`gradeLocks`).
 */
export async function lintOperations(
  recorded: readonly RecordedOperation[],
  lockTimeout?: string | null,
): Promise<FoundHazard[]> {
  const created = new Set<string>();
  const found: FoundHazard[] = [];
  const keep = (h: Hazard) => !(h.table && ['rewrite', 'lock', 'scan'].includes(h.kind) && created.has(key(h.table)));
  for (const { op, autocommit } of recorded) {
    if (op.kind === 'executeSql') {
      for (const statement of await sqlHazards(op.sql)) {
        found.push(
          ...gradeLocks(statement.hazards, lockTimeout)
            .filter(keep)
            .map((h) => ({ ...h, source: 'sql' as const, statement: statement.statement })),
        );
        if (autocommit)
          found.push({
            ...nonTransactionalHazard(`the statement ${oneLine(statement.statement)}`),
            source: 'sql',
            statement: statement.statement,
          });
        if (statement.creates) created.add(key(statement.creates));
      }
      continue;
    }
    const own = gradeLocks(hazardsOf(op), lockTimeout).filter(keep);
    found.push(...own.map((h) => ({ ...h, source: 'operation' as const })));
    // An online form says so itself.
    if (autocommit && !own.some((h) => h.code === 'non-transactional'))
      found.push({ ...nonTransactionalHazard(describeOperation(op)), source: 'operation' });
    if (op.kind === 'createTable') created.add(key({ schema: op.table.schema, name: op.table.name }));
  }
  return found;
}

const key = (t: TableName) => `${t.schema}\0${t.name}`;

function oneLine(sql: string, max = 80): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
