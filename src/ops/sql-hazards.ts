import type {
  AlterTableCmd,
  AlterTableStmt,
  ColumnDef,
  Constraint,
  DropStmt,
  IndexStmt,
  Node,
  ParseResult,
  RangeVar,
  RenameStmt,
  TypeName,
} from 'libpg-query';
import { AthanorError } from '../util/errors.js';
import { hazard, LOCK, VOLATILE_FUNCTIONS, type Hazard } from './hazard-codes.js';

/*
 * The hazards of SQL a revision runs itself (`op.execute`), read from the
 * statements as Postgres' own parser builds them (libpg-query: the server's
 * parser compiled to WebAssembly). Each statement maps to the codes an
 * operation doing the same carries; what is not recognised reports nothing.
 */

export interface TableName {
  schema: string;
  name: string;
}

/** One statement of the SQL, what it risks, and the table it creates (later hazards on that table are left out). */
interface SqlStatementHazards {
  statement: string;
  hazards: Hazard[];
  creates?: TableName;
}

/** Parses SQL with Postgres' parser; the module (and its WebAssembly) loads on first use. */
export async function parseSql(sql: string): Promise<ParseResult> {
  const { parse } = await import('libpg-query');
  try {
    return await parse(sql);
  } catch (error) {
    const where = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
    const at = where === undefined ? '' : ` at character ${where + 1}`;
    throw new AthanorError(
      'unparsable-sql',
      `the SQL ${oneLine(sql)} does not parse${at}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Every statement of `sql` with its hazards, in order. */
export async function sqlHazards(sql: string): Promise<SqlStatementHazards[]> {
  const parsed = await parseSql(sql);
  const bytes = Buffer.from(sql, 'utf8');
  return (parsed.stmts ?? []).map((raw) => ({
    statement: statementText(bytes, raw),
    ...(raw.stmt ? classifyStatement(raw.stmt) : { hazards: [] }),
  }));
}

type RawStatement = NonNullable<ParseResult['stmts']>[number];

/** One statement's text: locations are byte offsets, and a missing length means "to the end". */
function statementText(bytes: Buffer, raw: RawStatement): string {
  const start = raw.stmt_location ?? 0;
  return bytes
    .subarray(start, raw.stmt_len ? start + raw.stmt_len : bytes.length)
    .toString('utf8')
    .trim();
}

/**
 * Statements that change rows rather than the schema: what
 * a schema read afterwards cannot show (`migrate squash` names them). A `DO`
 * block or a procedure may do anything, so they count too; SELECT may call
 * functions that write (`setval`).
 */
const DATA_STATEMENTS = new Set([
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'MergeStmt',
  'CopyStmt',
  'TruncateStmt',
  'SelectStmt',
  'DoStmt',
  'CallStmt',
]);

/** The statements of `sql` that change data, as written (an unparsable text is returned whole). */
export async function dataStatements(sql: string): Promise<string[]> {
  let parsed: ParseResult;
  try {
    parsed = await parseSql(sql);
  } catch {
    return [sql.trim()];
  }
  const bytes = Buffer.from(sql, 'utf8');
  return (parsed.stmts ?? []).flatMap((raw) => {
    const kind = raw.stmt ? Object.keys(raw.stmt)[0] : undefined;
    return kind !== undefined && DATA_STATEMENTS.has(kind) ? [statementText(bytes, raw)] : [];
  });
}

/** The hazards of one parsed statement. */
function classifyStatement(node: Node): Omit<SqlStatementHazards, 'statement'> {
  const alter = field<AlterTableStmt>(node, 'AlterTableStmt');
  if (alter) return { hazards: alter.objtype === 'OBJECT_TABLE' ? alterTableHazards(alter) : [] };
  const index = field<IndexStmt>(node, 'IndexStmt');
  if (index) return { hazards: indexHazards(index) };
  const drop = field<DropStmt>(node, 'DropStmt');
  if (drop) return { hazards: dropHazards(drop) };
  const rename = field<RenameStmt>(node, 'RenameStmt');
  if (rename) return { hazards: renameHazards(rename) };
  const create = field<{ relation?: RangeVar }>(node, 'CreateStmt');
  if (create?.relation) return { hazards: [], creates: tableOf(create.relation) };
  return { hazards: [] };
}

/** Subcommands that take a weaker lock than ACCESS EXCLUSIVE (SHARE UPDATE EXCLUSIVE). */
const WEAKER_LOCK = new Set(['AT_ValidateConstraint', 'AT_SetStatistics', 'AT_AttachPartition']);

function alterTableHazards(stmt: AlterTableStmt): Hazard[] {
  if (!stmt.relation) return [];
  const table = tableOf(stmt.relation);
  const commands = (stmt.cmds ?? []).flatMap((c) => field<AlterTableCmd>(c, 'AlterTableCmd') ?? []);
  const found: Hazard[] = [];
  if (commands.some((c) => !WEAKER_LOCK.has(c.subtype ?? '')))
    found.push(hazard('access-exclusive', `ALTER TABLE ${qualified(table)} ${LOCK}`, table));
  for (const command of commands) found.push(...alterCommandHazards(command, table));
  return found;
}

function alterCommandHazards(command: AlterTableCmd, table: TableName): Hazard[] {
  const column = command.name ?? '';
  switch (command.subtype) {
    case 'AT_AddColumn': {
      const def = field<ColumnDef>(command.def, 'ColumnDef');
      return def ? addColumnHazards(def, table) : [];
    }
    case 'AT_AlterColumnType': {
      const type = field<ColumnDef>(command.def, 'ColumnDef')?.typeName;
      return [
        hazard(
          'rewrite-type',
          `changing ${column} to ${type ? typeText(type) : 'another type'} rewrites the table and its indexes`,
          table,
        ),
      ];
    }
    case 'AT_DropColumn':
      return [
        hazard('drop-column', `drop column ${qualified(table)}.${column}; data in it is lost`, table),
        hazard('column-dropped', `the running application still reads or writes ${qualified(table)}.${column}`, table),
      ];
    case 'AT_SetNotNull':
      return [hazard('set-not-null', `SET NOT NULL on ${column} scans the whole table under the lock`, table)];
    case 'AT_AddConstraint': {
      const constraint = field<Constraint>(command.def, 'Constraint');
      return constraint ? constraintHazards(constraint, table, constraint.conname ?? 'the new constraint') : [];
    }
    default:
      return [];
  }
}

/** Serial types: their default calls nextval(), so every existing row gets a value of its own. */
const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

function addColumnHazards(def: ColumnDef, table: TableName): Hazard[] {
  const name = def.colname ?? '';
  const constraints = (def.constraints ?? []).flatMap((c) => field<Constraint>(c, 'Constraint') ?? []);
  const has = (type: string) => constraints.find((c) => c.contype === type);
  // A virtual generated column (PostgreSQL 18's default kind) is computed when read: adding it writes nothing.
  const generated = has('CONSTR_GENERATED');
  const computed = (generated?.generated_kind === 'v' ? undefined : generated) ?? has('CONSTR_IDENTITY');
  const fallback = has('CONSTR_DEFAULT');
  const serial = def.typeName ? SERIAL_TYPES.has(lastName(def.typeName)) : false;
  const found: Hazard[] = [];
  if (computed) {
    const what = computed.contype === 'CONSTR_GENERATED' ? 'generated' : 'identity';
    found.push(hazard('computed-column', `a ${what} column ${name} rewrites the table to fill it`, table));
  } else if (serial) {
    found.push(
      hazard(
        'volatile-default',
        `the volatile default nextval() of ${name} (${lastName(def.typeName!)}) rewrites the table to fill it`,
        table,
      ),
    );
  } else if (fallback) {
    const calls = volatileCalls(fallback.raw_expr);
    if (calls.length > 0)
      found.push(
        hazard(
          'volatile-default',
          `the volatile default ${calls.map((f) => `${f}()`).join(', ')} of ${name} rewrites the table to fill it`,
          table,
        ),
      );
  }
  const notNull = has('CONSTR_NOTNULL') ?? has('CONSTR_PRIMARY');
  if (notNull && !generated && !computed && !serial && !fallback) {
    found.push(
      hazard(
        'not-null-without-default',
        `NOT NULL column ${name} without a default fails on a table with rows, and inserts of the running application fail`,
        table,
      ),
    );
  }
  for (const constraint of constraints)
    found.push(...constraintHazards(constraint, table, constraint.conname ?? `the constraint on ${name}`));
  return found;
}

function constraintHazards(constraint: Constraint, table: TableName, name: string): Hazard[] {
  switch (constraint.contype) {
    case 'CONSTR_FOREIGN':
    case 'CONSTR_CHECK':
      return constraint.skip_validation
        ? []
        : [hazard('validate-constraint', `${name} is validated against every row while the lock is held`, table)];
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
    case 'CONSTR_EXCLUSION':
      // `USING INDEX` adopts an index built beforehand (CONCURRENTLY): nothing is built under the lock.
      return constraint.indexname
        ? []
        : [hazard('unique-index-scan', `${name} builds its index over every row while the lock is held`, table)];
    default:
      return [];
  }
}

function indexHazards(stmt: IndexStmt): Hazard[] {
  if (stmt.concurrent || !stmt.relation) return [];
  const table = tableOf(stmt.relation);
  const name = stmt.idxname ?? `on ${qualified(table)}`;
  return [
    hazard(
      'index-build-lock',
      `building index ${name} takes a SHARE lock: writes to the table wait for the whole build`,
      table,
    ),
  ];
}

function dropHazards(stmt: DropStmt): Hazard[] {
  const objects = stmt.objects ?? [];
  switch (stmt.removeType) {
    case 'OBJECT_TABLE':
      return objects.flatMap((object) => {
        const table = tableFromNames(stringList(object));
        return [
          hazard('drop-table', `drop table ${qualified(table)}; data in it is lost`, table),
          hazard('table-dropped', `the running application still uses ${qualified(table)}`, table),
        ];
      });
    case 'OBJECT_SCHEMA':
      return objects.map((object) => hazard('drop-schema', `drop schema ${stringValue(object)}; data in it is lost`));
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const word = stmt.removeType === 'OBJECT_TYPE' ? 'type' : 'domain';
      return objects.map((object) =>
        hazard('drop-type', `drop ${word} ${typeText(field<TypeName>(object, 'TypeName') ?? {})}; data in it is lost`),
      );
    }
    case 'OBJECT_SEQUENCE':
    case 'OBJECT_MATVIEW': {
      const word = stmt.removeType === 'OBJECT_SEQUENCE' ? 'sequence' : 'materialized view';
      return objects.map((object) =>
        hazard('drop-object', `drop ${word} ${qualified(tableFromNames(stringList(object)))}; data in it is lost`),
      );
    }
    default:
      return [];
  }
}

/** Renames of what queries name: tables, views, sequences, columns, schemas. */
function renameHazards(stmt: RenameStmt): Hazard[] {
  const said = (old: string, table?: TableName) => [
    hazard('renamed', `the running application still uses the old name ${old} until it is deployed`, table),
  ];
  switch (stmt.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_SEQUENCE':
    case 'OBJECT_FOREIGN_TABLE': {
      if (!stmt.relation) return [];
      const table = tableOf(stmt.relation);
      return said(qualified(table), table);
    }
    case 'OBJECT_COLUMN': {
      if (!stmt.relation) return [];
      const table = tableOf(stmt.relation);
      return said(`${qualified(table)}.${stmt.subname ?? ''}`, table);
    }
    case 'OBJECT_SCHEMA':
      return said(stmt.subname ?? '');
    default:
      return [];
  }
}

/** The volatile functions an expression calls, by name (a schema-qualified call counts by its last name). */
function volatileCalls(expression: unknown): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const call = (value as { FuncCall?: { funcname?: Node[] } }).FuncCall;
    if (call) {
      const name = stringList({ List: { items: call.funcname ?? [] } })
        .at(-1)
        ?.toLowerCase();
      if (name !== undefined && VOLATILE_FUNCTIONS.includes(name)) found.add(name);
    }
    Object.values(value).forEach(visit);
  };
  visit(expression);
  return [...found];
}

/** A node's one field of a given kind: `{ AlterTableStmt: {...} }` -> its statement. */
function field<T>(node: Node | undefined, kind: string): T | undefined {
  return node !== undefined && kind in node ? ((node as Record<string, unknown>)[kind] as T) : undefined;
}

/** An unqualified name is taken to be in `public`, where the search path usually finds it. */
function tableOf(relation: RangeVar): TableName {
  return { schema: relation.schemaname ?? 'public', name: relation.relname ?? '' };
}

function tableFromNames(names: string[]): TableName {
  return names.length > 1 ? { schema: names.at(-2)!, name: names.at(-1)! } : { schema: 'public', name: names[0] ?? '' };
}

const qualified = (table: TableName) => `${table.schema}.${table.name}`;

function stringValue(node: Node | undefined): string {
  return field<{ sval?: string }>(node, 'String')?.sval ?? '';
}

function stringList(node: Node): string[] {
  return (field<{ items?: Node[] }>(node, 'List')?.items ?? []).map(stringValue);
}

/** Type names as `format_type` prints the common ones; others as written. */
const TYPE_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
};

function lastName(type: TypeName): string {
  return stringValue((type.names ?? []).at(-1)).toLowerCase();
}

function typeText(type: TypeName): string {
  const names = (type.names ?? []).map(stringValue);
  const builtin = names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog') ? names.at(-1)! : null;
  const base = builtin === null ? names.join('.') : (TYPE_NAMES[builtin] ?? builtin);
  const mods = (type.typmods ?? []).map((m) => field<{ ival?: { ival?: number } }>(m, 'A_Const')?.ival?.ival ?? '?');
  return `${base}${mods.length > 0 ? `(${mods.join(',')})` : ''}${'[]'.repeat(type.arrayBounds?.length ?? 0)}`;
}

function oneLine(sql: string, max = 120): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
