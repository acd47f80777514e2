import { HARMLESS, type FamilySpecs } from './spec.js';
import type { SchemaOperation } from './kinds/schemas.js';
export type { SchemaOperation } from './kinds/schemas.js';

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
