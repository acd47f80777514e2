import { describe, expect, it } from 'vitest';
import { maskCredentials, maskUrl } from '../../src/util/mask.js';

/** Masks, checks the result, and checks that masking the result again changes nothing. */
function expectMasked(text: string, masked: string): void {
  expect(maskCredentials(text)).toBe(masked);
  expect(maskCredentials(masked)).toBe(masked);
}

describe('maskCredentials: urls', () => {
  it('masks the password of a url', () => {
    expectMasked('postgres://bob:s3cret@db:5432/x', 'postgres://bob:****@db:5432/x');
    expectMasked(
      'cannot connect to postgresql://bob:s3cret@db/x: timeout',
      'cannot connect to postgresql://bob:****@db/x: timeout',
    );
  });

  it('masks a password holding a slash, up to the last @ before the host', () => {
    expectMasked(
      'invalid database url "postgres://u:s3cret/PW@host:5999/d": expected postgres://user@host:5432/dbname or pglite:./dir',
      'invalid database url "postgres://u:****@host:5999/d": expected postgres://user@host:5432/dbname or pglite:./dir',
    );
    expectMasked('from postgres://u:s3cret/PW@host:5999/d to here', 'from postgres://u:****@host:5999/d to here');
  });

  it('masks a password holding a space', () => {
    expectMasked(
      'cannot connect to postgres://u:s3cret PW@host/d: refused',
      'cannot connect to postgres://u:****@host/d: refused',
    );
    expectMasked('url "postgres://u:s3cret PW@host/d" is wrong', 'url "postgres://u:****@host/d" is wrong');
  });

  it('masks the password of a user name holding a space, alone and in a message', () => {
    expectMasked(
      'error: cannot connect to postgres://my user:hunter2@127.0.0.1:5432/app: role "my user" does not exist',
      'error: cannot connect to postgres://my user:****@127.0.0.1:5432/app: role "my user" does not exist',
    );
    expect(maskUrl('postgres://my user:hunter2@127.0.0.1:5432/app')).toBe('postgres://my user:****@127.0.0.1:5432/app');
    expectMasked(
      'cannot connect to postgres://my user:pa@ss/word@127.0.0.1:5432/app',
      'cannot connect to postgres://my user:****@127.0.0.1:5432/app',
    );
  });

  it('masks a password holding an @', () => {
    expectMasked(
      'cannot connect to postgres://u:s3cret@PW@host/d: refused',
      'cannot connect to postgres://u:****@host/d: refused',
    );
    expectMasked("url 'postgres://u:a@b@c@host/d'", "url 'postgres://u:****@host/d'");
  });

  it('masks a quoted url whose password holds the quote', () => {
    expectMasked('url "postgres://u:ab"cd@host/d" is wrong', 'url "postgres://u:****@host/d" is wrong');
  });

  it('masks every url of a line, and each line on its own', () => {
    expectMasked(
      'from postgres://a:x1@h1/d to postgres://b:y2@h2/d',
      'from postgres://a:****@h1/d to postgres://b:****@h2/d',
    );
    expectMasked(
      'postgres://a:x1@h/d\nwritten by user@example.com',
      'postgres://a:****@h/d\nwritten by user@example.com',
    );
  });

  it('leaves urls without a password alone', () => {
    for (const text of [
      'postgres://db:5432/app',
      'postgres://me@db/app',
      'expected postgres://user@host:5432/dbname',
      'pglite:./dir',
    ]) {
      expect(maskCredentials(text)).toBe(text);
    }
  });

  it('masks a password in the query and keeps what follows it', () => {
    expectMasked(
      'cannot connect to postgres://h/d?password=x: connect ECONNREFUSED',
      'cannot connect to postgres://h/d?password=****: connect ECONNREFUSED',
    );
    expectMasked(
      'postgres://h/d?sslmode=require&password=x&user=u',
      'postgres://h/d?sslmode=require&password=****&user=u',
    );
  });

  it('reads a url a strict parser refuses up to the last @ before its host, and masks its password', () => {
    expectMasked('postgres://u:s3cret/PW@host:5999/d', 'postgres://u:****@host:5999/d');
    expectMasked('postgres://u:s3cret', 'postgres://****');
    expect(maskUrl('postgres://u:s3cret PW@host:5999/d?password=x')).toBe(
      'postgres://u:****@host:5999/d?password=****',
    );
    expect(maskUrl('postgres://u:s3cret/PW@host:5999/d?password=x')).toBe(
      'postgres://u:****@host:5999/d?password=****',
    );
  });
});

describe('maskCredentials: settings and SQL', () => {
  it('masks password= settings, stopping at quotes and separators', () => {
    expectMasked('host=db password=s3cret user=bob', 'host=db password=**** user=bob');
    expectMasked("VALUES ('dsn', 'host=db password=abc')", "VALUES ('dsn', 'host=db password=****')");
    expectMasked("password='a b\\'c' user=x", 'password=**** user=x');
    expectMasked('password = "x y" port=1', 'password = **** port=1');
    expectMasked('PGPASSWORD=s3cret migrate check', 'PGPASSWORD=**** migrate check');
  });

  it('leaves a column named password alone: a rename hint names the new column after it', () => {
    for (const text of [
      'pass --rename users.password=avatar_url to rename it, or --no-rename users.password',
      '--rename public.users.password=pw',
    ])
      expect(maskCredentials(text)).toBe(text);
  });

  it('masks PASSWORD literals in SQL, with doubled quotes and other string forms', () => {
    expectMasked("CREATE ROLE r LOGIN PASSWORD 'hunter2'", "CREATE ROLE r LOGIN PASSWORD '****'");
    expectMasked(
      "ALTER ROLE r ENCRYPTED PASSWORD 'it''s; secret' VALID UNTIL 'infinity'",
      "ALTER ROLE r ENCRYPTED PASSWORD '****' VALID UNTIL 'infinity'",
    );
    expectMasked("create user r password E'a\\'b' login", "create user r password '****' login");
    expectMasked('CREATE ROLE r PASSWORD $pw$x y$pw$ LOGIN', "CREATE ROLE r PASSWORD '****' LOGIN");
    expectMasked(
      "in statement: CREATE ROLE r PASSWORD 'hunter2 and so o...",
      "in statement: CREATE ROLE r PASSWORD '****'",
    );
    expect(maskCredentials('ALTER ROLE r PASSWORD NULL')).toBe('ALTER ROLE r PASSWORD NULL');
  });
});

describe('a url whose password may have been read as its host', () => {
  it('shows its scheme alone', () => {
    expect(maskUrl('postgres://u:p@zq#wxd@db:5432/app')).toBe('postgres://****');
    expect(maskUrl('postgres://u:p@zq:w0rd@db:5432/app')).toBe('postgres://u:****@db:5432/app');
  });
});
