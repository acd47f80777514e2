import type { OperationOf } from '../../../ops/operation.js';
import type { SequenceChange } from '../../../ops/objects/object-operations.js';
import type { SequenceModel, SequenceOwnerModel } from '../../../schema/model.js';
import { quoteIdent, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

/** `CREATE EXTENSION IF NOT EXISTS "name" WITH SCHEMA "schema"`: an extension installed elsewhere is left alone. */
export function compileCreateExtension(op: OperationOf<'createExtension'>): Statement[] {
  const { name, schema } = op.extension;
  return [transactional(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)} WITH SCHEMA ${quoteIdent(schema)}`)];
}

export function compileDropExtension(op: OperationOf<'dropExtension'>): Statement[] {
  return [transactional(`DROP EXTENSION ${quoteIdent(op.name)}`)];
}

/** `ALTER EXTENSION "name" SET SCHEMA "schema"`; Postgres refuses it for an extension that is not relocatable. */
export function compileAlterExtension(op: OperationOf<'alterExtension'>): Statement[] {
  return [transactional(`ALTER EXTENSION ${quoteIdent(op.name)} SET SCHEMA ${quoteIdent(op.schema)}`)];
}

/** Sequence numbers are decimal text in the model; anything else is refused rather than written into SQL. */
function integerText(value: string): string {
  if (!/^-?\d+$/.test(value)) throw new TypeError(`sequence option "${value}" is not an integer`);
  return value;
}

function sequenceType(type: string): string {
  if (!['smallint', 'integer', 'bigint'].includes(type))
    throw new TypeError(`sequence type "${type}" is not smallint, integer or bigint`);
  return type;
}

function ownerClause(schema: string, owner: SequenceOwnerModel | null): string {
  return owner === null
    ? 'OWNED BY NONE'
    : `OWNED BY ${quoteQualified(schema, owner.table)}.${quoteIdent(owner.column)}`;
}

/** The option clauses of CREATE/ALTER SEQUENCE for the parts given, in the order Postgres documents them. */
function sequenceClauses(schema: string, change: SequenceChange): string[] {
  const clauses: string[] = [];
  if (change.type !== undefined) clauses.push(`AS ${sequenceType(change.type)}`);
  if (change.increment !== undefined) clauses.push(`INCREMENT BY ${integerText(change.increment)}`);
  if (change.min !== undefined) clauses.push(`MINVALUE ${integerText(change.min)}`);
  if (change.max !== undefined) clauses.push(`MAXVALUE ${integerText(change.max)}`);
  if (change.start !== undefined) clauses.push(`START WITH ${integerText(change.start)}`);
  if (change.cache !== undefined) clauses.push(`CACHE ${integerText(change.cache)}`);
  if (change.cycle !== undefined) clauses.push(change.cycle ? 'CYCLE' : 'NO CYCLE');
  if (change.ownedBy !== undefined) clauses.push(ownerClause(schema, change.ownedBy));
  return clauses;
}

/** Every option is written out, so the sequence does not depend on the server's defaults. */
function createSequenceSql(sequence: SequenceModel): string {
  const { schema, name, ownedBy, unlogged, ...options } = sequence;
  const clauses = sequenceClauses(schema, ownedBy === null ? options : { ...options, ownedBy });
  return `CREATE ${unlogged === true ? 'UNLOGGED ' : ''}SEQUENCE ${quoteQualified(schema, name)} ${clauses.join(' ')}`;
}

export function compileCreateSequence(op: OperationOf<'createSequence'>): Statement[] {
  return [transactional(createSequenceSql(op.sequence))];
}

export function compileDropSequence(op: OperationOf<'dropSequence'>): Statement[] {
  return [transactional(`DROP SEQUENCE ${quoteQualified(op.schema, op.name)}`)];
}

/** The options in one `ALTER SEQUENCE`, and `SET LOGGED` / `SET UNLOGGED`, a form of its own, after it. */
export function compileAlterSequence(op: OperationOf<'alterSequence'>): Statement[] {
  const { unlogged, ...options } = op.to;
  const name = quoteQualified(op.schema, op.name);
  const clauses = sequenceClauses(op.schema, options);
  return [
    ...(clauses.length === 0 ? [] : [transactional(`ALTER SEQUENCE ${name} ${clauses.join(' ')}`)]),
    ...(unlogged === undefined
      ? []
      : [transactional(`ALTER SEQUENCE ${name} SET ${unlogged ? 'UNLOGGED' : 'LOGGED'}`)]),
  ];
}
