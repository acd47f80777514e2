import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/pg/connection/driver.js';
import { runBin } from '../helpers/bin.js';
import { testTarget } from '../helpers/database.js';
import { startEmbeddedServer, type StartedServer } from '../helpers/embedded-server.js';
import { tempProject } from '../helpers/project.js';
import { skipWhen } from '../helpers/skips.js';

const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;

/**
 * A test CA made with openssl, and from it: a server certificate for 127.0.0.1, one for another host
 * name, and a client certificate for the role `certuser`; a second CA that signed none of them.
 */
function makeCertificates(dir: string): void {
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  for (const ca of ['ca', 'other-ca']) {
    openssl(
      'req',
      '-x509',
      ...key,
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=athanor ${ca}`,
    );
  }
  const signed = (name: string, subject: string, altNames: string | null): void => {
    openssl('req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    const extensions = altNames === null ? [] : ['-extfile', `${name}.ext`];
    if (altNames !== null) writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${altNames}\n`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      ...extensions,
    );
    chmodSync(join(dir, `${name}.key`), 0o600);
  };
  signed('server', '/CN=127.0.0.1', 'IP:127.0.0.1,DNS:localhost');
  signed('elsewhere', '/CN=db.example.com', 'DNS:db.example.com');
  signed('client', '/CN=certuser', null);
}

/**
 * Who may connect how: `certuser` with a client certificate only, `tlsonly` over TLS only,
 * `plainonly` without TLS only, everyone else either way.
 */
const HBA = `local all all trust
hostssl all certuser 127.0.0.1/32 cert
host all certuser 127.0.0.1/32 reject
hostnossl all tlsonly 127.0.0.1/32 reject
hostssl all plainonly 127.0.0.1/32 reject
host all all 127.0.0.1/32 trust
`;

/**
 * Each `sslmode` against a server of its own with `ssl = on`, certificates from a test CA: it connects,
 * encrypted or not, or is refused as libpq's would be, and node-postgres prints no warning.
 */
skipWhen(
  testTarget() !== 'server' || !hasOpenssl,
  testTarget() !== 'server'
    ? 'starts a server of its own with ssl = on; run by the server project only'
    : 'needs openssl to make a test CA and certificates',
).describe('sslmode as libpq reads it', () => {
  let server: StartedServer;
  let dir: string;
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning.message);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'athanor-tls-'));
    makeCertificates(dir);
    writeFileSync(join(dir, 'pg_hba.conf'), HBA);
    if (process.getuid?.() === 0) {
      // The server runs as `postgres`, and reads its key only when it owns it.
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
      for (const file of [dir, 'server.key', 'server.crt', 'elsewhere.key', 'elsewhere.crt', 'ca.crt', 'pg_hba.conf']) {
        chownSync(file === dir ? dir : join(dir, file), uid, gid);
      }
    }
    // TLS is turned on by ALTER SYSTEM and a reload, not on the command line, which a reload
    // cannot override: the later tests swap the certificate and turn TLS off again.
    server = await startEmbeddedServer('18', { hba_file: join(dir, 'pg_hba.conf') });
    await sql('CREATE ROLE certuser LOGIN; CREATE ROLE tlsonly LOGIN; CREATE ROLE plainonly LOGIN');
    await reconfigure({
      ssl_cert_file: join(dir, 'server.crt'),
      ssl_key_file: join(dir, 'server.key'),
      ssl_ca_file: join(dir, 'ca.crt'),
      ssl: 'on',
    });
    process.on('warning', onWarning);
  }, 60_000);

  afterAll(async () => {
    process.off('warning', onWarning);
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs statements as the superuser, over a plain connection. */
  async function sql(statements: string): Promise<void> {
    const driver = await connect(`${server.url}?sslmode=disable`);
    try {
      await driver.exec(statements);
    } finally {
      await driver.close();
    }
  }

  /** Swaps the server's certificate or turns TLS on or off, as a reload does; waits until new sessions see it. */
  async function reconfigure(settings: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(settings)) await sql(`ALTER SYSTEM SET ${name} = '${value}'`);
    await sql('SELECT pg_reload_conf()');
    for (let attempt = 0; ; attempt += 1) {
      const driver = await connect(`${server.url}?sslmode=disable`);
      const names = Object.keys(settings);
      const { rows } = await driver
        .query<{ name: string; setting: string }>('SELECT name, setting FROM pg_settings WHERE name = ANY($1)', [names])
        .finally(() => driver.close());
      if (rows.every((row) => row.setting === settings[row.name])) return;
      if (attempt > 100) throw new Error(`the server did not reload ${names.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The url of the test server for `user`, with url parameters (file names relative to the CA folder). */
  function url(params: Record<string, string>, user = 'postgres'): string {
    const base = new URL(server.url);
    base.username = user;
    for (const [name, value] of Object.entries(params)) {
      base.searchParams.set(
        name,
        name.startsWith('sslroot') || /^ssl(cert|key)$/.test(name) ? join(dir, value) : value,
      );
    }
    return base.toString();
  }

  /** 'tls' or 'plain' as the server sees the session, or `refused: <message>`. */
  async function outcome(params: Record<string, string>, user?: string): Promise<string> {
    let driver;
    try {
      driver = await connect(url(params, user));
    } catch (error) {
      return `refused: ${(error as Error).message}`;
    }
    try {
      const { rows } = await driver.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      return rows[0]!.ssl ? 'tls' : 'plain';
    } finally {
      await driver.close();
    }
  }

  const refused = expect.stringMatching(/^refused: /);

  describe('with a certificate for 127.0.0.1 from the test CA', () => {
    it('connects or refuses per mode, as libpq does', async () => {
      const cases: [Record<string, string>, unknown][] = [
        [{}, 'tls'],
        [{ sslmode: 'disable' }, 'plain'],
        [{ sslmode: 'allow' }, 'plain'],
        [{ sslmode: 'prefer' }, 'tls'],
        [{ sslmode: 'require' }, 'tls'],
        [{ sslmode: 'require', sslrootcert: 'ca.crt' }, 'tls'],
        // With a root certificate, require verifies the chain as verify-ca does.
        [{ sslmode: 'require', sslrootcert: 'other-ca.crt' }, refused],
        [{ sslmode: 'verify-ca', sslrootcert: 'ca.crt' }, 'tls'],
        [{ sslmode: 'verify-ca', sslrootcert: 'other-ca.crt' }, refused],
        // No root certificate given: the system's roots, which did not sign the test CA.
        [{ sslmode: 'verify-ca' }, refused],
        [{ sslmode: 'verify-full', sslrootcert: 'ca.crt' }, 'tls'],
        [{ sslmode: 'verify-full', sslrootcert: 'other-ca.crt' }, refused],
        [{ sslmode: 'verify-full' }, refused],
      ];
      const seen = [];
      for (const [params] of cases) seen.push([params, await outcome(params)]);
      expect(seen).toEqual(cases);
    });

    it('tries plain first under allow and TLS first under prefer, then the other when the server says no', async () => {
      expect(await outcome({ sslmode: 'allow' }, 'tlsonly')).toBe('tls');
      expect(await outcome({ sslmode: 'prefer' }, 'plainonly')).toBe('plain');
      expect(await outcome({}, 'plainonly')).toBe('plain');
      expect(await outcome({ sslmode: 'disable' }, 'tlsonly')).toMatch(/^refused: .*no encryption/);
      expect(await outcome({ sslmode: 'require' }, 'plainonly')).toMatch(/^refused: .*rejects connection/);
    });

    it('presents the client certificate of sslcert and sslkey', async () => {
      const withCert = { sslmode: 'verify-full', sslrootcert: 'ca.crt', sslcert: 'client.crt', sslkey: 'client.key' };
      expect(await outcome(withCert, 'certuser')).toBe('tls');
      expect(await outcome({ sslmode: 'verify-full', sslrootcert: 'ca.crt' }, 'certuser')).toEqual(refused);
    });

    it('names the parameter whose file cannot be read, and a mode libpq does not know', async () => {
      expect(await outcome({ sslmode: 'verify-ca', sslrootcert: 'missing.crt' })).toMatch(
        /^refused: sslrootcert: cannot read .*missing\.crt: no such file$/,
      );
      expect(await outcome({ sslmode: 'require', sslcert: 'client.crt', sslkey: 'missing.key' })).toMatch(
        /^refused: sslkey: cannot read .*missing\.key: no such file$/,
      );
      expect(await outcome({ sslmode: 'no-such-mode' })).toMatch(/^refused: sslmode "no-such-mode" is not one of /);
    });

    it('reads PGSSLMODE and PGSSLROOTCERT when the url sets neither', async () => {
      const saved = { mode: process.env.PGSSLMODE, root: process.env.PGSSLROOTCERT };
      try {
        process.env.PGSSLMODE = 'disable';
        expect(await outcome({})).toBe('plain');
        expect(await outcome({ sslmode: 'require' })).toBe('tls');
        process.env.PGSSLMODE = 'verify-full';
        process.env.PGSSLROOTCERT = join(dir, 'other-ca.crt');
        expect(await outcome({})).toEqual(refused);
        expect(await outcome({ sslrootcert: 'ca.crt' })).toBe('tls');
      } finally {
        for (const [name, value] of [
          ['PGSSLMODE', saved.mode],
          ['PGSSLROOTCERT', saved.root],
        ] as const) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    });

    it('prints nothing but what the command prints, with sslmode=require', async () => {
      const project = tempProject(url({ sslmode: 'require' }));
      const ran = await runBin(project.dir, ['current']);
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
    });
  });

  describe('with a certificate from the test CA for another host name', () => {
    beforeAll(() =>
      reconfigure({ ssl_cert_file: join(dir, 'elsewhere.crt'), ssl_key_file: join(dir, 'elsewhere.key') }),
    );

    it('refuses verify-full, and connects under verify-ca and require', async () => {
      expect(await outcome({ sslmode: 'verify-full', sslrootcert: 'ca.crt' })).toEqual(refused);
      expect(await outcome({ sslmode: 'verify-ca', sslrootcert: 'ca.crt' })).toBe('tls');
      expect(await outcome({ sslmode: 'require' })).toBe('tls');
      expect(await outcome({ sslmode: 'require', sslrootcert: 'ca.crt' })).toBe('tls');
    });
  });

  describe('with ssl = off', () => {
    beforeAll(() => reconfigure({ ssl: 'off' }));

    it('connects plain under prefer (the default), allow and disable, and refuses require', async () => {
      expect(await outcome({})).toBe('plain');
      expect(await outcome({ sslmode: 'prefer' })).toBe('plain');
      expect(await outcome({ sslmode: 'allow' })).toBe('plain');
      expect(await outcome({ sslmode: 'disable' })).toBe('plain');
      expect(await outcome({ sslmode: 'require' })).toMatch(/^refused: .*does not support SSL/);
    });
  });

  it('printed no warning of node-postgres', () => {
    expect(warnings).toEqual([]);
  });
});
