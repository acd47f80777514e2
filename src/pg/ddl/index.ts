export { compileOperation, compileOperations } from './compile.js';
export type { Statement } from './statement.js';
export { columnDefinition } from './column.js';
export { constraintDefinition, quoteColumnList } from './constraint.js';
export { createIndexSql } from './create-index.js';
