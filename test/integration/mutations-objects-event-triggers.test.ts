import { describe, expect, inject, it } from 'vitest';
import { runMutation } from '../helpers/mutation.js';
import { createTestDatabase, queryRows, runSql, testTarget } from '../helpers/database.js';
import type { TempProject } from '../helpers/project.js';
import { testRoles } from '../helpers/roles.js';
import { SLOW } from './mutations-objects-base.js';
import { skipWhen } from '../helpers/skips.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';

/**
 * Event triggers (the database's, with their function in a schema): added,
 * dropped, their tags, firing and comments changed by hand, and (PostgreSQL 17
 * on) one on login. Autogenerate from the pulled base undoes each change, the
 * downgrade re-applies it, and nothing is left to generate afterwards (see
 * test/helpers/mutation.ts); `check` sees each change. A role that is not a
 * superuser is refused in one line.
 */
const login = testTarget() === 'pglite' || (inject('serverVersion') ?? 0) >= 170000;

const base = `
CREATE SCHEMA audit;
CREATE FUNCTION audit.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER audit_tables ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION audit.on_ddl();
CREATE EVENT TRIGGER audit_drops ON sql_drop EXECUTE FUNCTION audit.on_ddl();
ALTER EVENT TRIGGER audit_drops DISABLE;
`;

/** With the mutation applied again (the harness leaves the database at head), `check` reports it. */
async function checkSees(project: TempProject, text: string): Promise<void> {
  expect((await project.migrate('downgrade', '-1')).code).toBe(0);
  const check = await project.migrate('check');
  expect(check.code).toBe(1);
  expect(check.stdout).toContain(text);
  expect((await project.migrate('upgrade', 'head')).code).toBe(0);
}

describe('mutations: event triggers', { timeout: SLOW }, () => {
  it('an event trigger added', async () => {
    const { revision, project } = await runMutation({
      base,
      mutation: 'CREATE EVENT TRIGGER audit_rewrites ON table_rewrite EXECUTE FUNCTION audit.on_ddl();',
    });
    expect(revision).toContain('op.dropEventTrigger(');
    await checkSees(project, 'drop event trigger audit_rewrites');
  });

  it('an event trigger dropped: created again with its tags and firing', async () => {
    const mutation = 'DROP EVENT TRIGGER audit_tables; DROP EVENT TRIGGER audit_drops;';
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain("tags: ['CREATE TABLE', 'ALTER TABLE']");
    expect(revision).toContain("firing: 'disabled'");
    await checkSees(project, 'create event trigger audit_tables');
  });

  it('its tags changed: dropped and created again', async () => {
    const mutation = `DROP EVENT TRIGGER audit_tables;
        CREATE EVENT TRIGGER audit_tables ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION audit.on_ddl();`;
    const { revision, project } = await runMutation({ base, mutation });
    const upgrade = revision.slice(0, revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.dropEventTrigger(')).toBeLessThan(upgrade.indexOf('op.createEventTrigger('));
    await checkSees(project, 'create event trigger audit_tables');
  });

  it('its firing changed: altered in place', async () => {
    const mutation = 'ALTER EVENT TRIGGER audit_drops ENABLE REPLICA; ALTER EVENT TRIGGER audit_tables ENABLE ALWAYS;';
    const { revision, project } = await runMutation({ base, mutation });
    expect(revision).toContain('op.alterEventTrigger(');
    expect(revision).not.toContain('op.createEventTrigger(');
    await checkSees(project, 'alter event trigger audit_drops: fires replica -> disabled');
  });

  it('a comment on one added, changed and dropped, and one dropped with its comment', async () => {
    const commented = `${base}\nCOMMENT ON EVENT TRIGGER audit_drops IS 'drops';`;
    const comments = await runMutation({
      base: commented,
      mutation: `COMMENT ON EVENT TRIGGER audit_tables IS 'tables'; COMMENT ON EVENT TRIGGER audit_drops IS NULL;`,
    });
    expect(comments.revision).toContain("target: { on: 'eventTrigger', schema: '', name: 'audit_tables' }");
    await checkSees(comments.project, 'comment on event trigger audit_drops');
    const dropped = await runMutation({ base: commented, mutation: 'DROP EVENT TRIGGER audit_drops;' });
    const upgrade = dropped.revision.slice(0, dropped.revision.indexOf('downgrade'));
    expect(upgrade.indexOf('op.createEventTrigger(')).toBeLessThan(
      upgrade.indexOf("on: 'eventTrigger', schema: '', name: 'audit_drops'"),
    );
  });

  skipWhen(!login, 'needs PostgreSQL 17: login event triggers').it(
    'one on login (PostgreSQL 17 on): dropped, created again',
    async () => {
      const withLogin = `${base}\nCREATE EVENT TRIGGER audit_login ON login EXECUTE FUNCTION audit.on_ddl();`;
      const { revision } = await runMutation({ base: withLogin, mutation: 'DROP EVENT TRIGGER audit_login;' });
      expect(revision).toContain("event: 'login'");
    },
  );

  it('a role that is not a superuser is refused in one line, and nothing is created', async () => {
    const roles = testRoles('plain');
    const [plain] = roles.names as [string];
    const db = await createTestDatabase();
    try {
      await roles.create(db);
      await runSql(db.url, 'CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$');
      const statements = compileOperation({
        kind: 'createEventTrigger',
        eventTrigger: { name: 'refused', event: 'ddl_command_end', functionSchema: 'public', function: 'on_ddl' },
      });
      const sql = `SET ROLE "${plain}"; ${statements.map((s) => s.sql).join('; ')}`;
      await expect(runSql(db.url, sql)).rejects.toThrow(
        'event trigger refused: only a superuser may create one; run this revision as a superuser, or leave it out of the model',
      );
      expect(await queryRows(db.url, "SELECT 1 FROM pg_event_trigger WHERE evtname = 'refused'")).toEqual([]);
    } finally {
      await roles.drop(db);
    }
  });
});
