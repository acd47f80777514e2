/**
 * The revisions the expand and contract tests apply: a base that creates `accounts`, and one revision
 * with the four changes of the issue's deploy (a rename, a widened type, a NOT NULL column with a default,
 * a dropped column), written as autogenerate writes them.
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
