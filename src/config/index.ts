export * from './define-config.js';
export * from './load-config.js';
