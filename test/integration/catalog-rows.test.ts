import { expect, it } from 'vitest';
import { CatalogRows } from '../../src/pg/catalog/catalog-rows.js';
import { connect } from '../../src/pg/connection/driver.js';
import { createTestDatabase } from '../helpers/database.js';

it('tells a catalog left as it was at a mark from one with rows written or taken away since', async () => {
  const db = await createTestDatabase();
  const driver = await connect(db.url);
  try {
    await driver.exec('CREATE TABLE public.users (id integer PRIMARY KEY, name text)');
    const catalog = await CatalogRows.of(driver);
    const mark = await catalog.mark();
    expect(await catalog.unchangedSince(mark)).toBe(true);

    // Created and dropped again, or rolled back: the same rows.
    await driver.exec('CREATE TABLE public.audit (id integer)');
    expect(await catalog.unchangedSince(mark)).toBe(false);
    await driver.exec('DROP TABLE public.audit');
    expect(await catalog.unchangedSince(mark)).toBe(true);
    await driver.exec('BEGIN; CREATE TABLE public.audit (id integer); ROLLBACK');
    expect(await catalog.unchangedSince(mark)).toBe(true);
    // Rows of data are not the catalog.
    await driver.exec("INSERT INTO public.users VALUES (1, 'Ada')");
    expect(await catalog.unchangedSince(mark)).toBe(true);

    // A column added and dropped leaves a dropped column's row: "changed", though the schema is the same.
    await driver.exec('ALTER TABLE public.users ADD COLUMN email text');
    await driver.exec('ALTER TABLE public.users DROP COLUMN email');
    expect(await catalog.unchangedSince(mark)).toBe(false);

    // A row taken away, none written: a constraint dropped, a comment removed.
    await driver.exec("COMMENT ON TABLE public.users IS 'people'");
    const commented = await catalog.mark();
    await driver.exec('COMMENT ON TABLE public.users IS NULL');
    expect(await catalog.unchangedSince(commented)).toBe(false);
    // Changed in place (a row updated): a new row version.
    const renamed = await catalog.mark();
    await driver.exec('ALTER TABLE public.users RENAME COLUMN name TO display_name');
    expect(await catalog.unchangedSince(renamed)).toBe(false);
  } finally {
    await driver.close();
  }
});
