import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { AthanorError } from '../../util/errors.js';

/**
 * TLS as libpq reads it: `sslmode`, `sslrootcert`, `sslcert`, `sslkey` (and `sslpassword`, the key's)
 * from the url, or else from `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT` and `PGSSLKEY`. node-postgres reads `sslmode` its own way
 * (`require` verifies the certificate and its host, with a warning on stderr), so these parameters are
 * taken out of the url it is given and its `ssl` option says what to do.
 */
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];

/** How one attempt opens the connection: plain (`false`) or TLS with these options. */
export type Transport = false | ConnectionOptions;

export interface TlsPlan {
  /** The url without the parameters read here. */
  url: string;
  first: Transport;
  /** libpq's `allow` and `prefer`: the other way, when the server says no to the first; else null. */
  fallback: Transport | null;
}

/** The url parameters read here, and node-postgres' own (`ssl=true`, `uselibpqcompat`), which would override them. */
const TLS_PARAMETERS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'sslpassword', 'ssl', 'uselibpqcompat'] as const;

/**
 * Servers that said no to TLS under `prefer` in this process: later connections to them try plain first,
 * so that the refusal costs one round trip per server, not one per connection.
 */
const refusedTls = new Set<string>();

/** What a connection to `url` tries, with the files it names read. */
export function tlsPlan(url: string, env: NodeJS.ProcessEnv = process.env): TlsPlan {
  const parsed = new URL(url);
  const query = parsed.searchParams;
  const param = (name: string, variable: string): string | undefined => query.get(name) ?? (env[variable] || undefined);
  const rootcert = param('sslrootcert', 'PGSSLROOTCERT');
  const mode = sslMode(query.get('sslmode') ?? legacySsl(query.get('ssl')) ?? env.PGSSLMODE, rootcert);

  const client: ConnectionOptions = {};
  const cert = param('sslcert', 'PGSSLCERT');
  const key = param('sslkey', 'PGSSLKEY');
  if (cert !== undefined) client.cert = readParameterFile('sslcert', cert);
  if (key !== undefined) client.key = readParameterFile('sslkey', key);
  const passphrase = query.get('sslpassword');
  if (passphrase !== null) client.passphrase = passphrase;
  const ca = rootcert === undefined || rootcert === 'system' ? undefined : readParameterFile('sslrootcert', rootcert);
  // The chain checked against the roots, the host name not: libpq's verify-ca.
  const chain: ConnectionOptions = {
    ...client,
    ...(ca === undefined ? {} : { ca }),
    checkServerIdentity: () => undefined,
  };
  // As libpq, a root certificate given makes every mode that encrypts check the chain.
  const encrypted: ConnectionOptions = ca === undefined ? { ...client, rejectUnauthorized: false } : chain;

  const plans: Record<SslMode, [Transport, Transport | null]> = {
    disable: [false, null],
    allow: [false, encrypted],
    prefer: refusedTls.has(parsed.host) ? [false, encrypted] : [encrypted, false],
    require: [encrypted, null],
    'verify-ca': [chain, null],
    'verify-full': [{ ...client, ...(ca === undefined ? {} : { ca }) }, null],
  };
  // As libpq, a Unix-domain socket never carries TLS, whatever the mode.
  const host = query.get('host') ?? (decodeURIComponent(parsed.hostname) || env.PGHOST || '');
  const [first, fallback] = host.startsWith('/') ? plans.disable : plans[mode];
  return { url: withoutTlsParameters(url, parsed), first, fallback };
}

/**
 * After the first attempt failed, whether to make the fallback one: the server said no to TLS, refused
 * the session (a pg_hba.conf line for the other kind, a failed authentication), or the TLS handshake
 * failed; not when the server could not be reached at all, which the other attempt would not change.
 */
export function tryFallback(plan: TlsPlan, error: unknown): boolean {
  if (plan.fallback === null) return false;
  if (error instanceof Error && 'syscall' in error) return false;
  if (plan.first !== false && error instanceof Error && error.message === NO_TLS) {
    refusedTls.add(new URL(plan.url).host);
  }
  return true;
}

/** Of the errors of both attempts, the one to report: not that the server has no TLS, when the other says more. */
export function moreTelling(first: unknown, second: unknown): unknown {
  return second instanceof Error && second.message === NO_TLS ? first : second;
}

/** What node-postgres throws when the server answers the request for TLS with no. */
const NO_TLS = 'The server does not support SSL connections';

function sslMode(given: string | undefined, rootcert: string | undefined): SslMode {
  // libpq: sslrootcert=system makes verify-full the default, and allows no weaker mode.
  const mode = given ?? (rootcert === 'system' ? 'verify-full' : 'prefer');
  if (!(SSL_MODES as readonly string[]).includes(mode)) {
    throw new AthanorError('ssl-parameter', `sslmode "${mode}" is not one of ${SSL_MODES.join(', ')}`);
  }
  if (rootcert === 'system' && mode !== 'verify-full') {
    throw new AthanorError(
      'ssl-parameter',
      `sslmode=${mode} does not check the host name, which the system's root certificates need: use sslmode=verify-full with sslrootcert=system`,
    );
  }
  if (mode === 'verify-ca' && rootcert === undefined) {
    throw new AthanorError(
      'ssl-parameter',
      "sslmode=verify-ca needs sslrootcert, the certificate of the CA that signed the server's; use verify-full to check the server against the system's root certificates",
    );
  }
  return mode as SslMode;
}

/** node-postgres' `ssl=` parameter, in libpq's words: `true` verified in full, `no-verify` encrypted. */
function legacySsl(value: string | null): SslMode | undefined {
  if (value === null) return undefined;
  if (value === 'true' || value === '1') return 'verify-full';
  if (value === 'no-verify') return 'require';
  if (value === 'false' || value === '0') return 'disable';
  return undefined;
}

function readParameterFile(parameter: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new AthanorError('ssl-parameter', `${parameter}: cannot read ${path}: ${reason}`, { cause: error });
  }
}

function withoutTlsParameters(url: string, parsed: URL): string {
  if (!TLS_PARAMETERS.some((name) => parsed.searchParams.has(name))) return url;
  for (const name of TLS_PARAMETERS) parsed.searchParams.delete(name);
  return parsed.toString();
}
