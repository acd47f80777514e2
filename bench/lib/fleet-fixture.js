// @ts-check
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The fleet fixture, shared by the fleet benchmark and the tests: a two-table
 * model in the template schema `tenant` and the chain of five revisions that
 * builds it (ids r1..r5).
 */
export const FLEET_HEAD = 'r5';

/** @type {[string, string, string][]} */
const STEPS = [
  ['r1', 'CREATE TABLE tenant.accounts (id serial PRIMARY KEY, name text NOT NULL)', 'DROP TABLE tenant.accounts'],
  [
    'r2',
    'CREATE TABLE tenant.notes (id serial PRIMARY KEY, account_id integer NOT NULL REFERENCES tenant.accounts (id), body text)',
    'DROP TABLE tenant.notes',
  ],
  ['r3', 'ALTER TABLE tenant.accounts ADD COLUMN email varchar(255)', 'ALTER TABLE tenant.accounts DROP COLUMN email'],
  ['r4', 'CREATE INDEX notes_account_id_idx ON tenant.notes (account_id)', 'DROP INDEX tenant.notes_account_id_idx'],
  [
    'r5',
    'ALTER TABLE tenant.notes ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()',
    'ALTER TABLE tenant.notes DROP COLUMN created_at',
  ],
];

export const FLEET_MODEL = `import { defineMetadata, index, integer, serial, sql, text, timestamptz, varchar } from 'athanor';

export const metadata = defineMetadata({ schema: 'tenant' });

export const accounts = metadata.table('accounts', {
  id: serial().primaryKey(),
  name: text().notNull(),
  email: varchar(255),
});

export const notes = metadata.table(
  'notes',
  {
    id: serial().primaryKey(),
    account_id: integer().notNull().references(() => accounts.columns.id),
    body: text(),
    created_at: timestamptz().notNull().default(sql\`now()\`),
  },
  { indexes: [index(['account_id'], { name: 'notes_account_id_idx' })] },
);
`;

/**
 * The source of revision `index` (0..4) of the chain; `extra` is more SQL its
 * upgrade runs first, `slow` seconds it sleeps.
 * @param {number} index
 * @param {{ slow?: number, extra?: string }} [options]
 * @returns {string}
 */
export function fleetRevision(index, options = {}) {
  const [id, up, down] = STEPS[index] ?? [];
  const parent = index === 0 ? 'null' : `'${STEPS[index - 1]?.[0]}'`;
  const statements = [options.extra, options.slow ? `SELECT pg_sleep(${options.slow})` : undefined, up].filter(
    (s) => s !== undefined,
  );
  return [
    "import type { Operations } from 'athanor';",
    `export const revision = '${id}';`,
    `export const downRevision = ${parent};`,
    `export const message = 'step ${id}';`,
    `export const createDate = '2026-01-0${index + 1}T00:00:00.000Z';`,
    'export async function upgrade(op: Operations): Promise<void> {',
    // A tenant schema exists before its first revision (it holds the version table): this is skipped there.
    ...(index === 0 ? ["  await op.createSchema({ schema: 'tenant' });"] : []),
    ...statements.map((sql) => `  await op.executeSql({ sql: ${JSON.stringify(sql)} });`),
    '}',
    'export async function downgrade(op: Operations): Promise<void> {',
    `  await op.executeSql({ sql: ${JSON.stringify(down)} });`,
    ...(index === 0 ? ["  await op.dropSchema({ schema: 'tenant' });"] : []),
    '}',
    '',
  ].join('\n');
}

/**
 * Writes the config (with `tenants`, TypeScript text), the model and the five
 * revisions into `dir`; `slow` makes r3 sleep that many seconds.
 * @param {string} dir
 * @param {string | null} url
 * @param {string} tenants
 * @param {{ slow?: number }} [options]
 */
export function writeFleetProject(dir, url, tenants, options = {}) {
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  const urlLine = url === null ? '' : `url: ${JSON.stringify(url)}, `;
  writeFileSync(
    join(dir, 'migrate.config.ts'),
    `import { defineConfig } from 'athanor';\nexport default defineConfig({ ${urlLine}tenants: ${tenants} });\n`,
  );
  writeFileSync(join(dir, 'models.ts'), FLEET_MODEL);
  STEPS.forEach(([id], i) => writeFileSync(join(versions, `${id}_step.ts`), fleetRevision(i, i === 2 ? options : {})));
}

/**
 * `n` tenant schema names: t000, t001, ... (four digits from 1,000 on).
 * @param {number} n
 */
export function tenantNames(n) {
  const width = Math.max(3, String(n - 1).length);
  return Array.from({ length: n }, (_, i) => `t${String(i).padStart(width, '0')}`);
}
