/**
 * The user information of a url (`scheme://user:password@host...`), read the
 * tolerant way: the separator before the host is the last `@` before the query,
 * so a password may hold `@`, `/`, `:` and spaces as typed, and a user name
 * spaces; the user name ends at the first `:`. Each part is percent-decoded
 * when it holds a valid escape, and kept as typed otherwise.
 */
interface UrlUserinfo {
  /** `postgres://` */
  scheme: string;
  user: string;
  /** Null when the url names none (`postgres://me@host/db`). */
  password: string | null;
  /** What follows the `@`: host, port, path and query, as typed. */
  rest: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The url's parts, or null when it has no scheme or no `@`. */
export function splitUserinfo(url: string): UrlUserinfo | null {
  const scheme = SCHEME.exec(url)?.[0];
  if (scheme === undefined) return null;
  const body = url.slice(scheme.length);
  const query = body.search(/[?#]/);
  const head = query < 0 ? body : body.slice(0, query);
  // A password holding `?` or `#`: no `@` before them, so the last `@` of all, unless that `@` is in the
  // value of a connection parameter (`?application_name=a@b` in a url without user information).
  const at = head.includes('@') ? head.lastIndexOf('@') : body.lastIndexOf('@');
  if (at < 0) return null;
  if (!head.includes('@')) {
    const pairStart = Math.max(body.lastIndexOf('&', at), body.lastIndexOf('?', at)) + 1;
    const pair = body.slice(pairStart, at);
    if (pair.includes('=') && CONNECTION_PARAMETERS.has(pair.split('=', 1)[0]!)) return null;
  }
  const userinfo = body.slice(0, at);
  const colon = userinfo.indexOf(':');
  return {
    scheme,
    user: decoded(colon < 0 ? userinfo : userinfo.slice(0, colon)),
    password: colon < 0 ? null : decoded(userinfo.slice(colon + 1)),
    rest: body.slice(at + 1),
  };
}

/**
 * Whether the user information may have been read wrong, so that the host, port or path shown or
 * connected to could be part of a password: what follows the `@` holds a `#` (a postgres url has no
 * fragment), a port that is not a number, or an `@` in a query part that is not one of the connection's
 * `key=value` parameters (`postgres://u:p@ss?word@db/app` reads the host `ss`).
 */
export function userinfoUnsure(parts: UrlUserinfo): boolean {
  const { rest } = parts;
  if (rest.includes('#')) return true;
  const authority = rest.split(/[/?]/, 1)[0]!;
  const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(authority)?.[1];
  if (port !== undefined && port !== '' && !/^\d+$/.test(port)) return true;
  const query = rest.indexOf('?');
  if (query < 0) return false;
  return rest
    .slice(query + 1)
    .split('&')
    .some((pair) => pair.includes('@') && !CONNECTION_PARAMETERS.has(pair.split('=', 1)[0]!));
}

/** The url parameters libpq and node-postgres read: an `@` in one of their values is the value's. */
const CONNECTION_PARAMETERS = new Set([
  'application_name',
  'fallback_application_name',
  'options',
  'user',
  'password',
  'passfile',
  'host',
  'hostaddr',
  'port',
  'dbname',
  'service',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'sslpassword',
  'sslcrl',
  'sslcrldir',
  'sslnegotiation',
  'client_encoding',
  'connect_timeout',
  'target_session_attrs',
  'statement_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
  'query_timeout',
]);

/** The same url with its user name and password percent-encoded, as a strict url parser reads them. */
export function encodeUserinfo(parts: UrlUserinfo): string {
  const password = parts.password === null ? '' : `:${encodeURIComponent(parts.password)}`;
  return `${parts.scheme}${encodeURIComponent(parts.user)}${password}@${parts.rest}`;
}

/** The url as it is shown: the user name as typed, the password (if any) as `****`. */
export function displayUserinfo(parts: UrlUserinfo): string {
  return `${parts.scheme}${parts.user}${parts.password === null ? '' : ':****'}@${parts.rest}`;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
