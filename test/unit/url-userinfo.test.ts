import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/pg/driver.js';
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
