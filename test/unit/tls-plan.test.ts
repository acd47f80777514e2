import { describe, expect, it } from 'vitest';
import { tlsPlan, tryFallback } from '../../src/pg/connection/tls.js';

const NO_ENV = {};

describe('tlsPlan: sslmode as libpq reads it', () => {
  it('takes the TLS parameters out of the url node-postgres parses, and leaves the others as written', () => {
    expect(tlsPlan('postgres://u@db/app?sslmode=require&application_name=a%20b&ssl=true', NO_ENV).url).toBe(
      'postgres://u@db/app?application_name=a+b',
    );
    expect(tlsPlan('postgres://u@db/app?options=-c%20x%3Dy', NO_ENV).url).toBe(
      'postgres://u@db/app?options=-c%20x%3Dy',
    );
  });

  it('plans each mode: the first attempt and the one after the server says no', () => {
    const plan = (query: string): unknown => {
      const { first, fallback } = tlsPlan(`postgres://db.example/app${query}`, NO_ENV);
      return [first, fallback];
    };
    const unchecked = { rejectUnauthorized: false };
    expect(plan('?sslmode=disable')).toEqual([false, null]);
    expect(plan('?sslmode=allow')).toEqual([false, unchecked]);
    expect(plan('')).toEqual([unchecked, false]);
    expect(plan('?sslmode=prefer')).toEqual([unchecked, false]);
    expect(plan('?sslmode=require')).toEqual([unchecked, null]);
    expect(plan('?sslmode=verify-full')).toEqual([{}, null]);
    expect(plan('?ssl=no-verify')).toEqual([unchecked, null]);
    expect(plan('?sslrootcert=system')).toEqual([{}, null]);
    // A Unix-domain socket carries no TLS.
    expect(plan('?host=/var/run/postgresql&sslmode=require')).toEqual([false, null]);
  });

  it('refuses what libpq refuses', () => {
    expect(() => tlsPlan('postgres://db/app?sslmode=verify-ca', NO_ENV)).toThrow(/verify-ca needs sslrootcert/);
    expect(() => tlsPlan('postgres://db/app?sslmode=require&sslrootcert=system', NO_ENV)).toThrow(
      /use sslmode=verify-full with sslrootcert=system/,
    );
    expect(() => tlsPlan('postgres://db/app', { PGSSLMODE: 'on' })).toThrow(/sslmode "on" is not one of/);
  });

  it('tries plain first on a server that said no to TLS under prefer, and not again over TLS after a network error', () => {
    const url = 'postgres://refusing.example:6543/app';
    const plan = tlsPlan(url, NO_ENV);
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { syscall: 'connect' });
    expect(tryFallback(plan, unreachable)).toBe(false);
    expect(tlsPlan(url, NO_ENV).first).not.toBe(false);
    expect(tryFallback(plan, new Error('The server does not support SSL connections'))).toBe(true);
    expect(tlsPlan(url, NO_ENV)).toMatchObject({ first: false, fallback: { rejectUnauthorized: false } });
    expect(tlsPlan(`${url}?sslmode=require`, NO_ENV).first).not.toBe(false);
  });
});
