import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** An import of vitest's type assertions. */
const TYPE_ASSERTIONS = /import\s*\{[^}]*\b(expectTypeOf|assertType)\b[^}]*\}\s*from\s*'vitest'/;

/**
 * vitest does not check `expectTypeOf` when it runs a test: only the `types`
 * project does (vitest.config.ts), with tsc over tsconfig.type-tests.json. A
 * test file that asserts types must be a `*.test-d.ts` file or be listed there.
 */
it('every test file with type assertions is checked by the types project', () => {
  const config = JSON.parse(readFileSync(`${ROOT}tsconfig.type-tests.json`, 'utf8')) as { include: string[] };
  const files = readdirSync(`${ROOT}test`, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `test/${file.split('\\').join('/')}`)
    .filter((file) => TYPE_ASSERTIONS.test(readFileSync(`${ROOT}${file}`, 'utf8')));
  const unchecked = files.filter((file) => !file.endsWith('.test-d.ts') && !config.include.includes(file));
  expect(files.length).toBeGreaterThan(0);
  expect(config.include).toContain('test/**/*.test-d.ts');
  expect(unchecked, 'add them to tsconfig.type-tests.json, or make them *.test-d.ts files').toEqual([]);
});
