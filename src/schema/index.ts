export * from './model.js';
export { completeModel, emptySchemaModel } from './model-kinds.js';
export * from './dsl/index.js';
export * from './build/build.js';
export * from './naming.js';
export * from './types.js';
