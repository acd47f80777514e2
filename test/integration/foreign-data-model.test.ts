import { describe, expect, it } from 'vitest';
import { queryRows } from '../helpers/database.js';
import { applyHandWrittenModel } from '../helpers/hand-written-model.js';

/**
 * A hand-written model of foreign data, as a user would write it: a wrapper
 * made by hand (no extension, so PGlite runs it too), a server on it, a
 * foreign table spelled with aliases (`varchar`, a bare default) and a view
 * over it declared first. Autogenerate creates it; it then checks clean; the
 * downgrade leaves nothing.
 */
const MODELS = `
import { defineMetadata, integer, sql, text, varchar } from 'athanor';

export const metadata = defineMetadata();

metadata.view('remote_notes', sql\`SELECT id, note FROM remote WHERE id > 0\`);

const dummy = metadata.foreignDataWrapper('dummy', { options: { debug: true } });
const srv = metadata.foreignServer('dummy_srv', { wrapper: dummy, version: '1', options: { host: 'remote.example', port: 5432 } });

metadata.foreignTable('remote', {
  server: srv,
  columns: { id: integer().notNull(), note: text(), kind: varchar(10).default('plain') },
  options: { table_name: 'r' },
  columnOptions: { note: { column_name: 'n' } },
});
`;

describe('a hand-written model of foreign data', () => {
  it('autogenerates into an empty database, checks clean, and downgrades to nothing', async () => {
    const { db, project, up } = await applyHandWrittenModel(MODELS, 'athanor_foreign', 'foreign data');
    expect(up.stderr).toBe('');
    const options = await queryRows<{ options: string[] }>(
      db.url,
      "SELECT srvoptions AS options FROM pg_foreign_server WHERE srvname = 'dummy_srv'",
    );
    expect(options).toEqual([{ options: ['host=remote.example', 'port=5432'] }]);

    const down = await project.migrate('downgrade', 'base');
    expect(down.stderr).toBe('');
    expect(down.code).toBe(0);
    const left = await queryRows<{ n: string }>(
      db.url,
      'SELECT ((SELECT count(*) FROM pg_foreign_server) + (SELECT count(*) FROM pg_foreign_data_wrapper) + (SELECT count(*) FROM pg_foreign_table))::text AS n',
    );
    expect(left).toEqual([{ n: '0' }]);
  });
});
