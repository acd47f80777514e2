import type { SchemaModel } from '../../schema/model.js';
import { serialSequenceName } from '../../schema/naming.js';
import type { RenamePair } from './candidates.js';

const SERIAL = new Set(['serial', 'bigserial', 'smallserial']);

/**
 * The sequences of serial columns whose table or column was renamed. Postgres
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
  for (const sequence of current.sequences) {
    const owner = sequence.ownedBy;
    if (owner === null || !serials.has(JSON.stringify([sequence.schema, owner.table, owner.column]))) continue;
    const before = serialSequenceName(
      renamed('table', sequence.schema, owner.table),
      renamed('column', sequence.schema, owner.column, owner.table),
    );
    const after = serialSequenceName(owner.table, owner.column);
    if (sequence.name !== before || before === after) continue;
    const side = (name: string) => ({
      kind: 'sequence' as const,
      schema: sequence.schema,
      name,
      signature: '',
      parts: [],
      define: () => ({ signature: '', parts: [] }),
    });
    found.push({ from: side(before), to: side(after) });
  }
  return found;
}
