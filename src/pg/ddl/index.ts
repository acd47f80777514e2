export { compileOperation, compileOperations } from './compile.js';
export type { Statement } from './statement.js';
export { columnDefinition } from './tables/column.js';
export { constraintDefinition, quoteColumnList } from './constraints-indexes/constraint.js';
export { createIndexSql } from './constraints-indexes/create-index.js';
