import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows } from '../helpers/database.js';
import { expectSameSchema } from '../helpers/fixtures.js';
import { projectSharingHistory, tempProject } from '../helpers/project.js';

const FULL_MODEL = readFileSync(new URL('../fixtures/full-model.ts', import.meta.url), 'utf8');

async function userObjects(url: string): Promise<{ tables: number; types: number; schemas: number }> {
  const [row] = await queryRows<{ tables: string; types: string; schemas: string }>(
    url,
    `SELECT
       (SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'billing') AND tablename NOT LIKE 'athanor\\_%') AS tables,
       (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND n.nspname IN ('public', 'billing')) AS types,
       (SELECT count(*) FROM pg_namespace WHERE nspname = 'billing') AS schemas`,
  );
  return { tables: Number(row!.tables), types: Number(row!.types), schemas: Number(row!.schemas) };
}

describe('round trip of a model that uses every feature', () => {
  it('autogenerates, upgrades, checks clean, pulls back identically and downgrades to nothing', async () => {
    const b = await createTestDatabase('athanor_full_b');
    const project = tempProject(b.url);
    project.write('models.ts', FULL_MODEL);

    const rev = await project.migrate('revision', '--autogenerate', '-m', 'initial');
    expect(rev.stderr).toBe('');
    expect(rev.code).toBe(0);
    const up = await project.migrate('upgrade', 'head');
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(await userObjects(b.url)).toEqual({ tables: 4, types: 2, schemas: 1 });

    const checked = await project.migrate('check');
    expect(checked.stdout).toBe('No differences: the database matches the model.');
    expect(checked.code).toBe(0);
    const again = await project.migrate('revision', '--autogenerate', '-m', 'nothing');
    expect(again.stdout).toContain('No changes; no revision written');

    const names = await queryRows<{ conname: string }>(
      b.url,
      "SELECT conname FROM pg_constraint WHERE contype <> 'n' ORDER BY 1",
    );
    expect(names.map((r) => r.conname)).toEqual(
      expect.arrayContaining([
        'pk_orgs',
        'pk_users',
        'pk_memberships',
        'uq_orgs_name',
        'uq_users_org_id',
        'fk_users_org_id_orgs',
        'fk_users_manager_id_users',
        'fk_memberships_org_id_orgs',
        'ck_users_score_non_negative',
        'ck_invoices_amount_range',
      ]),
    );

    // pull the database back into model code, then build a second database from that code
    // A second project on the same database shares its history (check refuses a revision no file holds).
    const pulledFrom = projectSharingHistory(project, b.url);
    expect((await pulledFrom.migrate('pull')).code).toBe(0);
    expect((await pulledFrom.migrate('check')).stdout).toContain('No differences');
    const c = await createTestDatabase('athanor_full_c');
    const rebuilt = tempProject(c.url);
    rebuilt.write('models.ts', pulledFrom.read('models.ts'));
    expect((await rebuilt.migrate('revision', '--autogenerate', '-m', 'from pull')).code).toBe(0);
    expect((await rebuilt.migrate('upgrade', 'head')).code).toBe(0);
    await expectSameSchema(c.url, b.url);

    const down = await project.migrate('downgrade', 'base');
    expect(down.stderr).toBe('');
    expect(await userObjects(b.url)).toEqual({ tables: 0, types: 0, schemas: 0 });
  });
});
