import type { AlterTableCmd, AlterTableStmt, Constraint, DropStmt, IndexStmt, Node } from 'libpg-query';
import { parseSql } from './sql-hazards.js';

/*
 * The table lock a DDL statement takes, read from the statement as
 * Postgres' parser builds it, after the lock table of PostgreSQL's
 * documentation ("Explicit Locking", and each ALTER TABLE form's own
 * paragraph). The strongest lock of a statement's parts wins; a statement
 * that locks no existing table (a new table, a function, a type) is `none`.
 */

/** The table lock modes, weakest first, and `none`. */
export const LOCK_MODES = [
  'none',
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** The stronger of two lock modes. */
export function strongerLock(a: LockMode, b: LockMode): LockMode {
  return LOCK_MODES.indexOf(a) >= LOCK_MODES.indexOf(b) ? a : b;
}

/** The strongest lock the statements of `sql` take. */
export async function statementLock(sql: string): Promise<LockMode> {
  const parsed = await parseSql(sql);
  return (parsed.stmts ?? []).reduce<LockMode>(
    (lock, raw) => (raw.stmt ? strongerLock(lock, lockOf(raw.stmt)) : lock),
    'none',
  );
}

/** ALTER TABLE forms that take less than ACCESS EXCLUSIVE. */
const ALTER_LOCKS: Readonly<Record<string, LockMode>> = {
  AT_ValidateConstraint: 'SHARE UPDATE EXCLUSIVE',
  AT_SetStatistics: 'SHARE UPDATE EXCLUSIVE',
  AT_SetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ResetOptions: 'SHARE UPDATE EXCLUSIVE',
  AT_ClusterOn: 'SHARE UPDATE EXCLUSIVE',
  AT_DropCluster: 'SHARE UPDATE EXCLUSIVE',
  AT_AttachPartition: 'SHARE UPDATE EXCLUSIVE',
  AT_EnableTrig: 'SHARE ROW EXCLUSIVE',
  AT_DisableTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableAlwaysTrig: 'SHARE ROW EXCLUSIVE',
  AT_EnableReplicaTrig: 'SHARE ROW EXCLUSIVE',
};

/** Statements of one lock whatever they hold. */
const STATEMENT_LOCKS: Readonly<Record<string, LockMode>> = {
  CreateTrigStmt: 'SHARE ROW EXCLUSIVE',
  CreatePolicyStmt: 'ACCESS EXCLUSIVE',
  AlterPolicyStmt: 'ACCESS EXCLUSIVE',
  RuleStmt: 'ACCESS EXCLUSIVE',
  RenameStmt: 'ACCESS EXCLUSIVE',
  TruncateStmt: 'ACCESS EXCLUSIVE',
  CreateStatsStmt: 'SHARE UPDATE EXCLUSIVE',
  // On the tables a publication lists or adds.
  AlterPublicationStmt: 'SHARE UPDATE EXCLUSIVE',
  CommentStmt: 'SHARE UPDATE EXCLUSIVE',
  InsertStmt: 'ROW EXCLUSIVE',
  UpdateStmt: 'ROW EXCLUSIVE',
  DeleteStmt: 'ROW EXCLUSIVE',
  MergeStmt: 'ROW EXCLUSIVE',
  CopyStmt: 'ROW EXCLUSIVE',
  SelectStmt: 'ACCESS SHARE',
  RefreshMatViewStmt: 'EXCLUSIVE',
};

function lockOf(node: Node): LockMode {
  const [kind, body] = Object.entries(node)[0] ?? [];
  if (kind === undefined) return 'none';
  switch (kind) {
    case 'AlterTableStmt':
      return alterLock(body as AlterTableStmt);
    case 'IndexStmt':
      return (body as IndexStmt).concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE';
    case 'DropStmt': {
      const drop = body as DropStmt;
      // A dropped function, type or schema locks no table of its own (a cascade may: not read here).
      if (
        ![
          'OBJECT_TABLE',
          'OBJECT_INDEX',
          'OBJECT_VIEW',
          'OBJECT_MATVIEW',
          'OBJECT_TRIGGER',
          'OBJECT_POLICY',
          'OBJECT_RULE',
          'OBJECT_FOREIGN_TABLE',
        ].includes(drop.removeType ?? '')
      )
        return 'none';
      return drop.concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
    }
    case 'CreateStmt':
      // A new table; the tables its foreign keys reference take SHARE ROW EXCLUSIVE.
      return createReferences(body as { tableElts?: Node[] }) ? 'SHARE ROW EXCLUSIVE' : 'none';
    case 'CreatePublicationStmt':
      // On the tables it lists; one of every table locks none.
      return (body as { for_all_tables?: boolean }).for_all_tables === true ? 'none' : 'SHARE UPDATE EXCLUSIVE';
    case 'ViewStmt':
      return (body as { replace?: boolean }).replace ? 'ACCESS EXCLUSIVE' : 'none';
    default:
      return STATEMENT_LOCKS[kind] ?? 'none';
  }
}

function alterLock(stmt: AlterTableStmt): LockMode {
  if (!['OBJECT_TABLE', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_VIEW'].includes(stmt.objtype ?? ''))
    return 'none';
  return (stmt.cmds ?? []).reduce<LockMode>((lock, c) => {
    const command = (c as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
    return command ? strongerLock(lock, alterCommandLock(command)) : lock;
  }, 'none');
}

function alterCommandLock(command: AlterTableCmd): LockMode {
  if (command.subtype === 'AT_AddConstraint') {
    const constraint = (command.def as { Constraint?: Constraint } | undefined)?.Constraint;
    if (constraint?.contype === 'CONSTR_FOREIGN') return 'SHARE ROW EXCLUSIVE';
  }
  if (
    command.subtype === 'AT_DetachPartition' &&
    (command.def as { PartitionCmd?: { concurrent?: boolean } })?.PartitionCmd?.concurrent
  )
    return 'SHARE UPDATE EXCLUSIVE';
  return ALTER_LOCKS[command.subtype ?? ''] ?? 'ACCESS EXCLUSIVE';
}

function createReferences(stmt: { tableElts?: Node[] }): boolean {
  return (stmt.tableElts ?? []).some((element) => {
    const constraint = (element as { Constraint?: Constraint }).Constraint;
    if (constraint?.contype === 'CONSTR_FOREIGN') return true;
    const column = (element as { ColumnDef?: { constraints?: Node[] } }).ColumnDef;
    return (column?.constraints ?? []).some(
      (c) => (c as { Constraint?: Constraint }).Constraint?.contype === 'CONSTR_FOREIGN',
    );
  });
}
