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
  // A password holding `?` or `#`: no `@` before them, so the last `@` of all.
  const at = head.includes('@') ? head.lastIndexOf('@') : body.lastIndexOf('@');
  if (at < 0) return null;
  const userinfo = body.slice(0, at);
  const colon = userinfo.indexOf(':');
  return {
    scheme,
    user: decoded(colon < 0 ? userinfo : userinfo.slice(0, colon)),
    password: colon < 0 ? null : decoded(userinfo.slice(colon + 1)),
    rest: body.slice(at + 1),
  };
}

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
