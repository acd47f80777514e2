export * from './model.js';
export * from './dsl/index.js';
export * from './build/build.js';
export * from './naming.js';
export * from './types.js';
