import { CREATED_AT_EXPAND, HARMLESS, RANK, schemaOnly, type FamilySpecs } from './spec.js';
import { footprintOf, thing } from '../things.js';

/** Schemas (renaming one is in the renames family). */
export type SchemaOperation = Readonly<
  { kind: 'createSchema'; schema: string } | { kind: 'dropSchema'; schema: string }
>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly schemas: SchemaOperation;
  }
}

export const SCHEMA_SPECS: FamilySpecs<SchemaOperation['kind']> = {
  createSchema: {
    ...CREATED_AT_EXPAND,
    summary: 'Creates a schema.',
    ...HARMLESS,
    describe: (op) => `create schema ${op.schema}`,
    reverse: (op) => ({ kind: 'dropSchema', schema: op.schema }),
    footprint: (op) => footprintOf({ makes: [thing.schema(op.schema)] }),
    example: { schema: 'billing' },
    tieBreak: (op) => [RANK.first, op.schema],
    mapNames: schemaOnly,
  },
  dropSchema: {
    drops: (op) => [{ on: 'schema', schema: op.schema, name: op.schema }],
    summary: 'Drops an empty schema.',
    ...HARMLESS,
    describe: (op) => `drop schema ${op.schema}`,
    reverse: (op) => ({ kind: 'createSchema', schema: op.schema }),
    destructive: () => true,
    lossCode: 'drop-schema',
    footprint: (op) => footprintOf({ removes: [thing.schema(op.schema)] }),
    example: { schema: 'billing' },
    tieBreak: (op) => [RANK.first, op.schema],
    mapNames: schemaOnly,
  },
};
