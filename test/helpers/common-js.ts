import { createRequire } from 'node:module';

/**
 * Runs CommonJS `code` (a transform's output) and returns its exports. Its
 * `require` gives `packages[id]` where there is one, else what Node's gives.
 */
export function runCommonJs(code: string, packages: Record<string, unknown> = {}): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const nodeRequire = createRequire(import.meta.url);
  const require = (id: string): unknown => (id in packages ? packages[id] : nodeRequire(id));
  new Function('exports', 'require', 'module', code)(module.exports, require, module);
  return module.exports;
}
