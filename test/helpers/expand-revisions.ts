import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { TempProject } from './project.js';
import type { CatalogColumn } from '../../src/ops/expand/expand-plan.js';

/**
 * The revisions the expand and contract tests apply: a base that creates `accounts`, and one revision
 * with the four changes of a deploy (a rename, a widened type, a NOT NULL column with a default,
 * a dropped column), written by hand as autogenerate writes them, or written by autogenerate.
 */

/** A revision file whose upgrade is `body` and whose downgrade does nothing. */
export function revisionFile(id: string, down: string | null, body: string): string {
  return [
    "import type { Operations } from 'athanor';",
    `export const revision = '${id}';`,
    `export const downRevision: string | null = ${down === null ? 'null' : `'${down}'`};`,
    `export const message = 'rev ${id}';`,
    'export async function upgrade(op: Operations): Promise<void> {',
    body,
    '}',
    'export async function downgrade(op: Operations): Promise<void> {}',
    '',
  ].join('\n');
}

/** The deploy's four changes to `accounts`. */
export const ACCOUNT_CHANGES = [
  "  await op.renameColumn({ schema: 'public', table: 'accounts', from: 'name', to: 'full_name' });",
  "  await op.alterColumn({ schema: 'public', table: 'accounts', column: 'balance', to: { type: 'bigint' }, from: { type: 'integer' } });",
  "  await op.addColumn({ schema: 'public', table: 'accounts', column: { name: 'status', type: 'text', nullable: false, default: \"'active'::text\", identity: null } });",
  "  await op.dropColumn({ schema: 'public', table: 'accounts', column: 'legacy' });",
].join('\n');

/** e3, over e2: a second rename of the same column, and a column added. */
export const E3 = [
  "  await op.renameColumn({ schema: 'public', table: 'accounts', from: 'full_name', to: 'display_name' });",
  "  await op.addColumn({ schema: 'public', table: 'accounts', column: { name: 'tier', type: 'integer', nullable: true, default: '1', identity: null } });",
].join('\n');

/** The base revision's table. */
export const BASE = `  await op.execute('CREATE TABLE accounts (id serial PRIMARY KEY, name text NOT NULL, balance integer NOT NULL DEFAULT 0, legacy text)');`;

/** The model after the deploy's four changes. */
export const RESHAPED_MODEL = `import { bigint, defineMetadata, serial, sql, text } from 'athanor';
export const metadata = defineMetadata();
export const accounts = metadata.table('accounts', {
  id: serial().primaryKey(),
  full_name: text().notNull(),
  balance: bigint().notNull().default(sql\`0\`),
  status: text().notNull().default(sql\`'active'::text\`),
});
`;

/**
 * Revision e2 written by `migrate revision --autogenerate` in `project` (its database at e1) from the
 * model edited to `RESHAPED_MODEL`, told that `name` became `full_name` and that `legacy` is dropped;
 * the file's text.
 */
export async function autogenerateReshape(project: TempProject): Promise<string> {
  project.write('models.ts', RESHAPED_MODEL);
  const written = await project.migrate(
    'revision',
    '--autogenerate',
    '-m',
    'reshape',
    '--rev-id',
    'e2',
    '--rename',
    'accounts.name=full_name',
    '--no-rename',
    'accounts.legacy',
  );
  expect([written.code, written.stderr]).toEqual([0, '']);
  const file = readdirSync(project.versionsDir).find((f) => f.startsWith('e2_'));
  return readFileSync(join(project.versionsDir, file!), 'utf8');
}

/** An `id integer NOT NULL` column with a constraint on it, as expand's plan reads it from the catalog. */
export const CATALOG_ID: CatalogColumn = {
  name: 'id',
  type: 'integer',
  notNull: true,
  default: null,
  generatedValues: false,
  constrained: true,
};
