import { errorMessage } from './errors.js';
import { displayUserinfo, splitUserinfo, userinfoUnsure } from './url-userinfo.js';

/**
 * Masks credentials in any text that may contain connection URLs, `password=...`
 * settings or SQL `PASSWORD '...'` clauses, so that no message or log ever shows
 * a password. Masking twice gives the same text as masking once.
 *
 * A url's password runs from `scheme://user:` to the last `@` before its host:
 * passwords may hold `/`, spaces and `@`, and user names spaces. Within one line, a url ends at the next
 * url, or at the quote that closes it when a quote opens it.
 */
export function maskCredentials(text: string): string {
  const alone = URL_ALONE.exec(text);
  const oneUrl = alone !== null && !text.includes('\n') && !URL.canParse(text.trim());
  const urlsMasked = oneUrl ? maskUrl(text) : maskUrls(text);
  return maskSqlPasswords(maskSettings(urlsMasked));
}

const URL_ALONE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** `scheme://user:`; the password starts after it. A user name may hold spaces (`my user`), not a line break. */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^:@/\n'"`]*):/gi;
const SCHEME = /[a-z][a-z0-9+.-]*:\/\//gi;
const QUOTES = new Set(['"', "'", '`']);

/**
 * A text that is one url, shown from its parts (`splitUserinfo`): the user name
 * and what follows the host's `@`, the password as `****`. A url with no `@`
 * shows its scheme alone unless it parses as a url.
 */
export function maskUrl(url: string): string {
  const trimmed = url.trim();
  const scheme = URL_ALONE.exec(trimmed)?.[0];
  if (scheme === undefined) return '****';
  const parts = splitUserinfo(trimmed);
  if (parts !== null && userinfoUnsure(parts)) return `${scheme}****`;
  if (parts !== null) return maskSettings(displayUserinfo(parts));
  return URL.canParse(trimmed) ? maskSettings(trimmed) : `${scheme}****`;
}

/** Masks the password of every url in the text. */
function maskUrls(text: string): string {
  let result = '';
  let done = 0;
  USERINFO.lastIndex = 0;
  for (let match = USERINFO.exec(text); match !== null; match = USERINFO.exec(text)) {
    const start = match.index + match[0].length;
    const at = passwordEnd(text, match.index, start);
    if (at < 0) continue;
    result += `${text.slice(done, start)}****`;
    done = at;
    USERINFO.lastIndex = at;
  }
  return result + text.slice(done);
}

/** Where the password that starts at `start` ends (its last `@`), or -1 when the url has none. */
function passwordEnd(text: string, urlIndex: number, start: number): number {
  const lineEnd = text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start);
  SCHEME.lastIndex = start;
  const nextUrl = SCHEME.exec(text);
  const end = nextUrl !== null && nextUrl.index < lineEnd ? nextUrl.index : lineEnd;
  const opening = text[urlIndex - 1];
  if (opening !== undefined && QUOTES.has(opening)) {
    const closing = text.indexOf(opening, start);
    if (closing >= 0 && closing < end) {
      const at = text.lastIndexOf('@', closing - 1);
      if (at >= start) return at;
    }
  }
  const at = text.lastIndexOf('@', end - 1);
  return at >= start ? at : -1;
}

/**
 * `password=...` in connection strings and url queries: a quoted value (with
 * backslash escapes), or a bare one up to a space, `&`, `;`, a quote, or a final
 * `:`, `,`, `.` or `)` that ends the sentence rather than the password. Not
 * after a `.`: `users.password=avatar` is a column renamed (`--rename`).
 */
const SETTING =
  /(?<!\.)(password\s*=\s*)('(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?|(?:\\.|[^\s&;'"\\])+?(?=[:,.)]?(?:[\s&;'"]|$)))/gi;

function maskSettings(text: string): string {
  return text.replace(SETTING, '$1****');
}

/**
 * SQL's `PASSWORD '...'` (CREATE / ALTER ROLE): a standard string with doubled
 * quotes, an `E'...'` string with backslash escapes, or a dollar-quoted one;
 * an unterminated literal (a statement cut short) is masked to the end of its line.
 */
const SQL_PASSWORD =
  /\b(password\s+)(?:[eE]'(?:\\.|''|[^'\\\n])*'?|'(?:''|[^'\n])*'?|\$([A-Za-z_]\w*)?\$(?:[^\n]*?\$\2\$|[^\n]*))/gi;

function maskSqlPasswords(text: string): string {
  return text.replace(SQL_PASSWORD, "$1'****'");
}

/** The message of any thrown value, on one line, with its credentials masked: what a user may be shown of it. */
export function maskedMessage(error: unknown): string {
  return maskCredentials(errorMessage(error));
}
