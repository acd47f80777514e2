import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, runSql } from '../helpers/database.js';
import { aclFacts, CHINOOK, chinookSql, expectSameSchema } from '../helpers/fixtures.js';
import { expectGoldenRevision, onlyRevisionFile } from '../helpers/golden.js';
import { tempProject } from '../helpers/project.js';
import { strictTypeErrors } from '../helpers/typecheck.js';

/** The grants are part of the round trip: pulled, compared, created and given back. */
const PRIVILEGES = "privileges: 'all',";

async function tableCount(url: string): Promise<number> {
  const rows = await queryRows<{ n: string }>(
    url,
    "SELECT count(*) AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename NOT LIKE 'athanor\\_%'",
  );
  return Number(rows[0]!.n);
}

// Seven commands over a real schema with its data: about a minute on PGlite alone, more on a busy machine.
describe.skipIf(CHINOOK.missing)(CHINOOK.title('round trip of chinook.sql'), { timeout: 240_000 }, () => {
  it('pull -> autogenerate on an empty database -> upgrade gives the same schema; check is clean; downgrade base empties it', async () => {
    const a = await createTestDatabase('athanor_chinook_a');
    const b = await createTestDatabase('athanor_chinook_b');
    await runSql(a.url, chinookSql());
    expect(await tableCount(a.url)).toBe(11);

    const fromA = tempProject(a.url, PRIVILEGES);
    const pulled = await fromA.migrate('pull');
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('11 table(s)');
    expect(pulled.stdout).not.toContain('not modeled');
    expect(strictTypeErrors([join(fromA.dir, 'models.ts')], fromA.dir)).toEqual([]);

    const onB = tempProject(b.url, PRIVILEGES);
    onB.write('models.ts', fromA.read('models.ts'));
    const rev = await onB.migrate('revision', '--autogenerate', '-m', 'initial chinook');
    expect(rev.stderr).toBe('');
    expect(rev.code).toBe(0);
    expectGoldenRevision(onlyRevisionFile(onB.versionsDir));
    const emptyAcls = await aclFacts(b.url);
    const up = await onB.migrate('upgrade', 'head');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);

    await expectSameSchema(b.url, a.url, { privileges: true });
    const checkB = await onB.migrate('check');
    expect(checkB.stdout).toContain('No differences');
    expect(checkB.code).toBe(0);
    const checkA = await fromA.migrate('check');
    expect(checkA.stdout).toContain('No differences');
    expect(checkA.code).toBe(0);

    const again = await onB.migrate('revision', '--autogenerate', '-m', 'nothing');
    expect(again.stdout).toContain('No changes; no revision written');

    expect((await onB.migrate('downgrade', 'base')).code).toBe(0);
    expect(await tableCount(b.url)).toBe(0);
    expect(await aclFacts(b.url)).toEqual(emptyAcls);
  });
});
