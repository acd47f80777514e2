import { quoteIdent } from '../sql/identifier.js';

/**
 * Collation names in the model are SQL text as the server prints it in a
 * `COLLATE` clause: `"C"`, `"en_US.utf8"`, `ucs_basic`, `public."de-x"`.
 * These helpers go between that text and the name a user writes.
 */

/** A name as written in the DSL: quoted as one name, or kept as SQL when it holds a double quote. */
export function collationSql(name: string): string {
  return name.includes('"') ? name : quoteIdent(name);
}

/**
 * The DSL spelling of a model collation: the bare name when it is one name;
 * else SQL text holding a double quote (which `collationSql` keeps as it is):
 * the text itself when it has one, or the parts quoted.
 */
export function collationDslName(sql: string): string {
  const parts = splitQualifiedName(sql);
  if (parts.length === 1 && !(parts[0] as string).includes('"')) return parts[0] as string;
  if (sql.includes('"')) return sql;
  return parts.map(quoteIdent).join('.');
}

/** `public."de-x"` -> `['public', 'de-x']`; quoted parts lose their quotes, bare ones are kept as they are. */
export function splitQualifiedName(sql: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < sql.length) {
    let part = '';
    if (sql[i] === '"') {
      i += 1;
      while (i < sql.length) {
        if (sql[i] === '"' && sql[i + 1] === '"') {
          part += '"';
          i += 2;
        } else if (sql[i] === '"') {
          i += 1;
          break;
        } else {
          part += sql[i];
          i += 1;
        }
      }
    } else {
      while (i < sql.length && sql[i] !== '.') part += sql[i++];
    }
    parts.push(part);
    if (sql[i] === '.') i += 1;
  }
  return parts;
}
