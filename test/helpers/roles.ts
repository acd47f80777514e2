import { randomBytes } from 'node:crypto';
import { adminUrl, runSql, testTarget, type TestDatabase } from './database.js';

/**
 * Roles a test grants to. Roles belong to the cluster: on a server each name
 * takes a random suffix, so that files running at once never share one, and
 * `drop` takes them away after the test; a PGlite directory is a cluster of
 * its own, and its roles go with it.
 */
export interface TestRoles {
  /** The roles' names, in the order of the bases given. */
  readonly names: readonly string[];
  /** Creates those the database's cluster lacks, as roles that cannot log in. */
  create(db: TestDatabase): Promise<void>;
  /**
   * On a server: what the roles hold in each database taken away (`DROP OWNED`,
   * one role at a time: PostgreSQL 15 fails it for a default privilege's role
   * and grantee together), then the roles dropped.
   */
  drop(...dbs: TestDatabase[]): Promise<void>;
}

/** `testRoles('anon', 'auth')`: roles named `anon_<suffix>` and `auth_<suffix>`. */
export function testRoles(...bases: string[]): TestRoles {
  const suffix = randomBytes(4).toString('hex');
  const names = bases.map((base) => `${base}_${suffix}`);
  return {
    names,
    async create(db) {
      const statements = names.map(
        (r) =>
          `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${r}') THEN CREATE ROLE "${r}" NOLOGIN; END IF; END $$;`,
      );
      await runSql(db.url, statements.join('\n'));
    },
    async drop(...dbs) {
      if (testTarget() !== 'server') return;
      for (const db of dbs) for (const r of names) await runSql(db.url, `DROP OWNED BY "${r}"`).catch(() => undefined);
      await runSql(adminUrl(), `DROP ROLE IF EXISTS ${names.map((r) => `"${r}"`).join(', ')}`);
    },
  };
}
