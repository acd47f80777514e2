import pg from 'pg';
import { AthanorError } from '../../util/errors.js';
import { maskedMessage, maskUrl } from '../../util/mask.js';
import { encodeUserinfo, splitUserinfo, userinfoUnsure } from '../../util/url-userinfo.js';
import { runPipeline } from './pipeline.js';
import { moreTelling, tlsPlan, tryFallback, type Transport } from './tls.js';
import type { Driver } from './driver-interface.js';

export type { Driver, QueryResult } from './driver-interface.js';

type ParsedUrl = { kind: 'server'; url: string; display: string } | { kind: 'pglite'; dataDir: string | null };

/**
 * Recognises `postgres://`, `postgresql://` and `pglite:` urls; anything else is
 * an error. A server url's user name and password are read up to the last `@`
 * before the host and percent-encoded again, so that `pa@ss/word` reaches the
 * server as typed; `display` is built from the parts, without the password.
 */
export function parseDatabaseUrl(url: string): ParsedUrl {
  const trimmed = url.trim();
  if (/^pglite:/i.test(trimmed)) {
    const rest = trimmed.slice('pglite:'.length);
    if (rest === '' || rest === 'memory:' || rest === '//memory') return { kind: 'pglite', dataDir: null };
    return { kind: 'pglite', dataDir: rest.replace(/^\/\//, '') };
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    const parts = splitUserinfo(trimmed);
    if (parts !== null && userinfoUnsure(parts)) throw unparsedUrl();
    const url = parts === null ? trimmed : encodeUserinfo(parts);
    if (!URL.canParse(url)) throw badUrl(trimmed, parts !== null);
    return { kind: 'server', url, display: maskUrl(trimmed) };
  }
  if (!trimmed.includes('://')) throw schemeMissing(trimmed);
  throw badUrl(trimmed, false);
}

/** A url whose password may have been read as its host or port: no part of it can be shown. */
function unparsedUrl(): AthanorError {
  return new AthanorError(
    'url-unparsed',
    'the database url did not parse as given: percent-encode @ / : # ? in the user name and password (%40 %2F %3A %23 %3F)',
  );
}

/** `localhost:5432/app`: shown with `postgres://` before it, its password (if any) masked. */
function schemeMissing(url: string): AthanorError {
  const parts = splitUserinfo(`postgres://${url}`);
  const looksLikeHost = /^[^\s=./][^\s=]*$/.test(url) && (parts === null || !userinfoUnsure(parts));
  const advice = looksLikeHost
    ? `write ${maskUrl(`postgres://${url}`)}`
    : 'write postgres://user:password@host:5432/dbname';
  return new AthanorError('bad-url', `the database url has no scheme: ${advice}`);
}

function badUrl(url: string, credentials: boolean): AthanorError {
  const encode = credentials
    ? '; percent-encode special characters in the user name and password (@ as %40, / as %2F, : as %3A, space as %20)'
    : '';
  return new AthanorError(
    'bad-url',
    `invalid database url "${maskUrl(url)}": expected postgres://user:password@host:5432/dbname or pglite:./dir (or pglite:memory:)${encode}`,
  );
}

/**
 * Puts a connection back as a new one would be (settings, advisory locks,
 * prepared statements, temporary tables), to serve another run; false when
 * that failed and the connection must be closed.
 */
export async function resetSession(driver: Driver): Promise<boolean> {
  try {
    await driver.exec('DISCARD ALL');
    return true;
  } catch {
    return false;
  }
}

/** The server's `server_version_num` (`150004`). */
export async function serverVersionNumber(driver: Driver): Promise<number> {
  const { rows } = await driver.query<{ version: number }>(
    "SELECT current_setting('server_version_num')::int AS version",
  );
  return rows[0]!.version;
}

/** A connected client, plain or over TLS; closed again when connecting failed. */
async function openClient(url: string, ssl: Transport): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, ssl });
  client.on('error', () => {
    /* a dropped connection surfaces on the next query */
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/** Opens a connection for a database url. */
export async function connect(url: string): Promise<Driver> {
  const parsed = parseDatabaseUrl(url);
  if (parsed.kind === 'pglite') {
    const { connectPglite } = await import('./pglite-driver.js');
    return connectPglite(parsed.dataDir);
  }
  return connectServer(parsed.url, parsed.display);
}

async function connectServer(url: string, display: string): Promise<Driver> {
  const plan = tlsPlan(url);
  let client: pg.Client;
  try {
    client = await openClient(plan.url, plan.first).catch((first: unknown) => {
      if (!tryFallback(plan, first)) throw first;
      return openClient(plan.url, plan.fallback!).catch((second: unknown) => {
        throw moreTelling(first, second);
      });
    });
  } catch (error) {
    throw new AthanorError(
      'connect',
      `cannot connect to ${display}: ${maskedMessage(error)}; check the url and that the server is running`,
      { cause: error },
    );
  }
  // One request at a time, in the order asked: a caller may hand over several statements at once
  // (the reading does), and node-postgres' own queue for them is deprecated.
  let tail: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(request: () => Promise<T>): Promise<T> => {
    const turn = tail.then(request);
    tail = turn.catch(() => undefined);
    return turn;
  };
  return {
    kind: 'server',
    display,
    query<R>(sql: string, params?: unknown[]) {
      return inTurn(async () => {
        // Without parameters node-postgres uses the simple protocol: a script of
        // several statements gives one result each, and the rows are the last one's.
        const result: pg.QueryResult | pg.QueryResult[] = await client.query(sql, params as unknown[] | undefined);
        const last = Array.isArray(result) ? result.at(-1) : result;
        return { rows: (last?.rows ?? []) as R[] };
      });
    },
    exec(sql: string) {
      return inTurn(async () => {
        await client.query(sql);
      });
    },
    pipeline: (statements, onDone) => inTurn(() => runPipeline(client, statements, onDone)),
    async close() {
      await client.end();
    },
    connectAgain: () => connectServer(url, display),
  };
}
