/** A model file of `tables` tables, as `pull` writes one (self-contained: it imports `athanor` only), and `extra` after them. */
export function largeModelText(tables: number, extra = ''): string {
  const parts = [
    "import { defineMetadata, integer, text, sql, timestamptz } from 'athanor';",
    'export const metadata = defineMetadata();',
  ];
  for (let i = 0; i < tables; i++)
    parts.push(
      `export const t${i} = metadata.table('t_${i}', { id: integer().primaryKey(), name: text().notNull().comment('name of t_${i}'), at: timestamptz().default(sql\`now()\`) });`,
    );
  return `${parts.join('\n')}\n${extra}`;
}
