// @ts-check
/**
 * Alembic beside `migrate` on the same history: a project of the same shape
 * (a chain of revisions, each `op.execute('SELECT 1')` both ways, the first
 * with a branch label, the `env.py` that `alembic init` writes: the whole run
 * in one transaction), on its own scratch database of the same server, the
 * two tools run in turn. Alembic is whatever `python3 -m alembic` imports
 * (ALEMBIC_PYTHON names another interpreter); none installed, no row.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The interpreter that imports alembic and its version, or null. */
export function findAlembic() {
  const python = process.env.ALEMBIC_PYTHON ?? 'python3';
  const probe = spawnSync(
    python,
    ['-c', 'import alembic, sqlalchemy; print(alembic.__version__, sqlalchemy.__version__)'],
    {
      encoding: 'utf8',
    },
  );
  if (probe.status !== 0) return null;
  const [alembic, sqlalchemy] = probe.stdout.trim().split(' ');
  return { python, alembic, sqlalchemy };
}

/**
 * Writes an Alembic project of `count` revisions in `dir`, pointed at `url`
 * (a postgres:// url, which SQLAlchemy reads as postgresql://).
 * @param {string} dir @param {number} count @param {string} url @param {string} python
 */
export function writeAlembicProject(dir, count, url, python) {
  const init = spawnSync(python, ['-m', 'alembic', 'init', '-t', 'generic', 'alembic'], { cwd: dir, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`alembic init failed: ${init.stderr}`);
  const ini = join(dir, 'alembic.ini');
  const sqlalchemyUrl = url.replace(/^postgres:\/\//, 'postgresql://');
  writeFileSync(ini, readFileSync(ini, 'utf8').replace(/^sqlalchemy\.url = .*$/m, `sqlalchemy.url = ${sqlalchemyUrl}`));
  const versions = join(dir, 'alembic', 'versions');
  mkdirSync(versions, { recursive: true });
  for (let i = 0; i < count; i++) {
    const id = `r${String(i).padStart(6, '0')}`;
    const down = i === 0 ? 'None' : `'r${String(i - 1).padStart(6, '0')}'`;
    const labels = i === 0 ? "('trunk',)" : 'None';
    writeFileSync(
      join(versions, `${id}_step.py`),
      [
        `"""step ${i}"""`,
        'from alembic import op',
        `revision = '${id}'`,
        `down_revision = ${down}`,
        `branch_labels = ${labels}`,
        'depends_on = None',
        'def upgrade():',
        "    op.execute('SELECT 1')",
        'def downgrade():',
        "    op.execute('SELECT 1')",
        '',
      ].join('\n'),
    );
  }
}
