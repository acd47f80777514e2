import type { EnumColumnUse } from '../../../ops/families/enums.js';
import type { EnumModel, SchemaModel, TableModel } from '../../../schema/model.js';
import { qualifiedKey } from '../../../schema/model.js';
import { compareTuples } from '../compare-values.js';
import { partitionOwnDefaults } from '../partition-own-defaults.js';
import { typeUsesEnum } from './enum-text.js';

/**
 * The columns an enum replacement converts (the columns of `replaceEnum`,
 * and of the reverse of `addEnumValue`). A column is converted when it uses the enum (or an array of it)
 * on the current side and still exists on the target side: dropped columns
 * and tables are gone before enums change, and new columns come after.
 * The own defaults of partitions under a converted column are listed too
 * (`partitionDepth`): the conversion reaches them and sets them again.
 */

/** Both sides' tables, for finding the columns that use an enum. */
export interface EnumTables {
  current: readonly TableModel[];
  target: readonly TableModel[];
  /**
   * Both whole models, when known: the target's expressions tell whether a
   * new value is used in the same revision, the current side's domains
   * whether the enum can be replaced.
   */
  models?: { current: EnumSideModel; target: EnumSideModel };
}

/** The parts of a model that may use an enum besides table columns. */
export type EnumSideModel = Pick<
  SchemaModel,
  'tables' | 'views' | 'functions' | 'triggers' | 'domains' | 'composites' | 'foreignTables' | 'dependencies'
>;

/**
 * The surviving columns of the enum. With `finalDefaults`, each default goes
 * from the current one to the target's (when the column keeps its type);
 * without, it stays the current one (what the reverse of an addition needs).
 */
export function enumColumnUses(model: EnumModel, tables: EnumTables, finalDefaults: boolean): EnumColumnUse[] {
  const targets = new Map(tables.target.map((t) => [qualifiedKey(t.schema, t.name), t]));
  const uses: EnumColumnUse[] = [];
  for (const table of tables.current) {
    const after = targets.get(qualifiedKey(table.schema, table.name));
    if (after === undefined) continue;
    for (const column of table.columns) {
      const kept = after.columns.find((c) => c.name === column.name);
      if (kept === undefined || !typeUsesEnum(column.type, model)) continue;
      const final = finalDefaults && kept.type === column.type;
      const to = final ? kept.default : column.default;
      const use: EnumColumnUse = {
        schema: table.schema,
        table: table.name,
        column: column.name,
        type: column.type,
        ...(column.default !== null || to !== null ? { default: { from: column.default, to } } : {}),
      };
      uses.push(use);
      for (const own of partitionOwnDefaults(tables, use, column.name)) {
        const ownTo = final ? own.to : own.from;
        if (own.from === null && ownTo === null) continue;
        uses.push({
          ...use,
          table: own.table,
          schema: own.schema,
          default: { from: own.from, to: ownTo },
          partitionDepth: own.depth,
        });
      }
    }
  }
  return uses.sort((a, b) => compareTuples([a.schema, a.table, a.column], [b.schema, b.table, b.column]));
}
