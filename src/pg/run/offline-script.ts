import type { Statement } from '../ddl/statement.js';
import { quoteLiteral } from '../quote.js';

/**
 * Renders statements into a SQL script for `--sql` (offline) mode: bind
 * parameters become literals, each statement ends with a semicolon.
 */
export function scriptStatement(statement: Pick<Statement, 'sql' | 'params'>): string {
  const sql =
    statement.params && statement.params.length > 0 ? inlineParams(statement.sql, statement.params) : statement.sql;
  const trimmed = sql.trim();
  return /;\s*$/.test(trimmed) ? trimmed : `${trimmed};`;
}

/**
 * Statements as one script for the simple protocol, which runs them in order
 * in one round trip and stops at the first that fails; parameters become literals.
 */
export function statementsScript(statements: readonly Pick<Statement, 'sql' | 'params'>[]): string {
  return statements.map(scriptStatement).join('\n');
}

/** A comment line (or lines) for the script. */
export function scriptComment(text: string): string {
  return text
    .split(/\r\n|[\n\r]/)
    .map((line) => `-- ${line}`.trimEnd())
    .join('\n');
}

/**
 * Replaces `$1`, `$2`, ... with literals, leaving string literals, quoted
 * identifiers, dollar-quoted bodies and comments untouched.
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped > i) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const param = /^\$(\d+)/.exec(sql.slice(i, i + 12));
    if (param && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const index = Number(param[1]) - 1;
      if (index < 0 || index >= params.length)
        throw new Error(`the statement uses $${param[1]} but ${params.length} parameter(s) were given: ${sql}`);
      out += sqlLiteral(params[index]);
      i += param[0].length;
      continue;
    }
    out += sql[i];
    i += 1;
  }
  return out;
}

/** Where a quoted region starting at `i` ends; `i` itself when none starts there. */
function skipQuoted(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === ch && sql[j + 1] === ch) j += 2;
      else if (sql[j] === '\\' && ch === "'" && /[eE]/.test(sql[i - 1] ?? '')) j += 2;
      else if (sql[j] === ch) return j + 1;
      else j += 1;
    }
    return sql.length;
  }
  if (ch === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (ch === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  if (ch === '$') {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
    if (tag && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      return end === -1 ? sql.length : end + tag[0].length;
    }
  }
  return i;
}

/** A value as node-postgres would send it, written as a SQL literal. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return quoteLiteral(String(value));
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quoteLiteral(value);
  if (value instanceof Date) return quoteLiteral(value.toISOString());
  if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'::bytea`;
  if (Array.isArray(value)) return quoteLiteral(arrayText(value));
  return quoteLiteral(JSON.stringify(value));
}

/** The text form of a Postgres array, as node-postgres builds it. */
function arrayText(values: readonly unknown[]): string {
  const items = values.map((value) => {
    if (value === null || value === undefined) return 'NULL';
    if (Array.isArray(value)) return arrayText(value);
    const text =
      value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}
