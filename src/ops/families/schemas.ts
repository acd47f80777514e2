import { HARMLESS, type FamilySpecs } from './spec.js';

/** Schemas (renaming one is in the renames family). */
export type SchemaOperation = Readonly<
  { kind: 'createSchema'; schema: string } | { kind: 'dropSchema'; schema: string }
>;

export const SCHEMA_SPECS: FamilySpecs<SchemaOperation['kind']> = {
  createSchema: {
    ...HARMLESS,
    describe: (op) => `create schema ${op.schema}`,
    reverse: (op) => ({ kind: 'dropSchema', schema: op.schema }),
  },
  dropSchema: {
    ...HARMLESS,
    describe: (op) => `drop schema ${op.schema}`,
    reverse: (op) => ({ kind: 'createSchema', schema: op.schema }),
    destructive: () => true,
    lossCode: 'drop-schema',
  },
};
