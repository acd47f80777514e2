/** The catalog's letter of it (`pg_trigger.tgenabled`, `pg_rewrite.ev_enabled`) as the model's word; null for 'O', the default. */
export function firingSql(column: string): string {
  return `CASE ${column} WHEN 'A' THEN 'always' WHEN 'R' THEN 'replica' WHEN 'D' THEN 'disabled' END`;
}
