import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/pg/connection/driver.js';
import { splitUserinfo } from '../../src/util/url-userinfo.js';

/** What node-postgres reads from the url the driver hands it. */
function readByClient(url: string): { user?: string; password?: unknown; host?: string; database?: string } {
  const parsed = parseDatabaseUrl(url);
  if (parsed.kind !== 'server') throw new Error('not a server url');
  const client = new pg.Client({ connectionString: parsed.url });
  return { user: client.user, password: client.password, host: client.host, database: client.database };
}

describe('user information read up to the last @ before the host', () => {
  it('splits a password holding @, / and ? as typed', () => {
    expect(splitUserinfo('postgres://u:pa@ss/word@127.0.0.1:5432/app?sslmode=disable')).toEqual({
      scheme: 'postgres://',
      user: 'u',
      password: 'pa@ss/word',
      rest: '127.0.0.1:5432/app?sslmode=disable',
    });
    expect(splitUserinfo('postgres://u:pa?ss@h/d')?.password).toBe('pa?ss');
    expect(splitUserinfo('postgres://me@h/d')?.password).toBeNull();
    expect(splitUserinfo('postgres://h/d')).toBeNull();
  });

  it('hands node-postgres the user and password as typed, percent-encoded or not', () => {
    for (const url of ['postgres://u:pa@ss/word@db:5432/app', 'postgres://u:pa%40ss%2Fword@db:5432/app']) {
      expect(readByClient(url)).toEqual({ user: 'u', password: 'pa@ss/word', host: 'db', database: 'app' });
    }
    expect(readByClient('postgres://my user:hunter2@db/app')).toEqual({
      user: 'my user',
      password: 'hunter2',
      host: 'db',
      database: 'app',
    });
  });

  it('shows a server url without its password', () => {
    const parsed = parseDatabaseUrl('postgres://u:pa@ss/word@db:5432/app');
    expect(parsed.kind === 'server' && parsed.display).toBe('postgres://u:****@db:5432/app');
  });
});

describe('urls that do not parse as given', () => {
  /** The error parseDatabaseUrl throws for a url, as `code: message`. */
  function refusal(url: string): string {
    try {
      parseDatabaseUrl(url);
    } catch (error) {
      const { code, message } = error as { code: string; message: string };
      return `${code}: ${message}`;
    }
    throw new Error(`${url} parsed`);
  }

  it('refuses a password whose @ comes before a # or ? and names no part of it', () => {
    // Read up to the last @ before the `#` or `?`, these reach node-postgres as the host `zq`.
    for (const [url, fragments] of [
      ['postgres://u:p@zq#wxd@db.example.com:5432/app', ['zq', 'wxd']],
      ['postgres://u:p@zq?wxd@db.example.com:5432/app', ['zq', 'wxd']],
      ['postgres://u:p@zq/x?y@db.example.com/app', ['zq', '/x', 'y@']],
      ['postgres://u:p@zq:w0rd#x@db.example.com/app', ['zq', 'w0rd']],
      ['postgres://u:pa@zq?a=b@db.example.com/app', ['zq', 'a=b']],
    ] as const) {
      const message = refusal(url);
      expect(message).toBe(
        'url-unparsed: the database url did not parse as given: percent-encode @ / : # ? in the user name and password (%40 %2F %3A %23 %3F)',
      );
      for (const fragment of fragments) expect(message).not.toContain(fragment);
    }
  });

  it('still reads an @ in a query value after the user information', () => {
    expect(parseDatabaseUrl('postgres://u:p@ss@db/app?application_name=me@work')).toMatchObject({ kind: 'server' });
    expect(parseDatabaseUrl('postgres://u@db/app?options=-c%20search_path%3Da&application_name=a@b')).toMatchObject({
      kind: 'server',
    });
  });

  it('reads no user information from an @ in a query value of a url without one', () => {
    expect(splitUserinfo('postgres://db/app?application_name=a@b')).toBeNull();
    expect(readByClient('postgres://db/app?application_name=a@b')).toMatchObject({ host: 'db', database: 'app' });
    expect(splitUserinfo('postgres://u:p?ss@db/app')).toMatchObject({ user: 'u', password: 'p?ss' });
  });

  it('says what a url without a scheme lacks, showing no password', () => {
    expect(refusal('localhost:5432/app')).toBe(
      'bad-url: the database url has no scheme: write postgres://localhost:5432/app',
    );
    expect(refusal('db.example.com/app')).toBe(
      'bad-url: the database url has no scheme: write postgres://db.example.com/app',
    );
    const withPassword = refusal('me:hunter2@db:5432/app');
    expect(withPassword).toBe('bad-url: the database url has no scheme: write postgres://me:****@db:5432/app');
  });
});
