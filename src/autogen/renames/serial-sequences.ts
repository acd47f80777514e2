import type { SchemaModel } from '../../schema/model.js';
import { qualifiedKey } from '../../schema/model.js';
import { identitySequenceName, serialSequenceName } from '../../schema/naming.js';
import type { RenamePair } from './candidates.js';

const SERIAL = new Set(['serial', 'bigserial', 'smallserial']);

/**
 * The sequences of serial columns whose table or column was renamed, and of
 * identity columns whose sequence's name the model changes. Postgres
 * keeps the old name (`users_id_seq` behind `accounts.id`), and a column is
 * serial only with its sequence named `<table>_<column>_seq`; so the sequence
 * is renamed with them, and the column stays serial with its values going on.
 */
export function serialSequenceRenames(
  current: SchemaModel,
  target: SchemaModel,
  done: readonly RenamePair[],
): RenamePair[] {
  const renamed = (kind: string, schema: string, to: string, table?: string): string =>
    done.find((p) => p.to.kind === kind && p.to.schema === schema && p.to.table === table && p.to.name === to)?.from
      .name ?? to;
  const serials = new Set(
    target.tables.flatMap((t) =>
      t.columns.filter((c) => SERIAL.has(c.type)).map((c) => JSON.stringify([t.schema, t.name, c.name])),
    ),
  );
  const found: RenamePair[] = [];
  for (const owned of current.sequences) {
    const owner = owned.ownedBy;
    if (owner === null || !serials.has(JSON.stringify([owned.schema, owner.table, owner.column]))) continue;
    const before = serialSequenceName(
      renamed('table', owned.schema, owner.table),
      renamed('column', owned.schema, owner.column, owner.table),
    );
    const after = serialSequenceName(owner.table, owner.column);
    if (owned.name !== before || before === after) continue;
    found.push({ from: sequence(owned.schema, before), to: sequence(owned.schema, after) });
  }
  found.push(...identitySequenceRenames(current, target));
  return found;
}

/**
 * The sequences of identity columns both sides have whose names differ: the
 * database's (once its table and column renames are made: a renamed table
 * keeps its identity's sequence name) and the model's (its `sequenceName`, or
 * `<table>_<column>_seq`). Renamed as renames are, the sequence keeps its
 * comment, its grants and its position.
 */
function identitySequenceRenames(current: SchemaModel, target: SchemaModel): RenamePair[] {
  const tables = new Map(current.tables.map((t) => [qualifiedKey(t.schema, t.name), t]));
  return target.tables.flatMap((t) => {
    const live = tables.get(qualifiedKey(t.schema, t.name));
    if (live === undefined) return [];
    return t.columns.flatMap((column) => {
      const before = live.columns.find((c) => c.name === column.name);
      if (column.identity === null || before === undefined || before.identity === null) return [];
      const from = identitySequenceName(t.name, column.name, before.identity);
      const to = identitySequenceName(t.name, column.name, column.identity);
      return from === to ? [] : [{ from: sequence(t.schema, from), to: sequence(t.schema, to) }];
    });
  });
}

/** A sequence as one side of a rename. */
function sequence(schema: string, name: string): RenamePair['from'] {
  return { kind: 'sequence', schema, name, signature: '', parts: [], define: () => ({ signature: '', parts: [] }) };
}
