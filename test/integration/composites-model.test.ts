import { describe, expect, it } from 'vitest';
import { queryRows, runSql } from '../helpers/database.js';
import { applyHandWrittenModel, applyPulledCopy } from '../helpers/hand-written-model.js';
import { projectSharingHistory } from '../helpers/project.js';

/**
 * A hand-written model of composite types, declared before what they use
 * (a composite type over another and over a domain, a domain over a
 * composite type, an enum attribute with a collation beside it), used by
 * table columns and a function: autogenerate creates it in an empty database,
 * it checks clean, and `pull` writes it back so that a second database made
 * from the pulled model is the same.
 */
const MODELS = `
import { defineMetadata, integer, sql, text, varchar } from 'athanor';

export const metadata = defineMetadata({ schemas: ['geo'] });

export const shipment = metadata.compositeType('shipment', { dest: 'public.address', weight: 'public.posint', tags: text().array() });
export const address = metadata.compositeType('address', {
  street: text(),
  zip: varchar(10).collate('C'),
  mood: 'public.mood',
}, { comment: 'A postal address' });
export const point = metadata.compositeType('point2', { x: 'double precision', y: 'double precision' }, { schema: 'geo' });
metadata.domain('posint', integer(), { checks: [] });
metadata.domain('home_address', 'public.address');
metadata.enum('mood', ['ok', 'sad']);

export const customers = metadata.table('customers', {
  id: integer().primaryKey(),
  home: address.column(),
  places: point.column().array(),
  next: shipment.column(),
});

metadata.function(sql\`CREATE FUNCTION zip_of(a address) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT a.zip $$\`);
`;

describe('a hand-written model of composite types', () => {
  it('autogenerates into an empty database, checks clean, holds row values, and pulls back the same schema', async () => {
    const { db, project } = await applyHandWrittenModel(MODELS, 'athanor_composites', 'composites');

    await runSql(
      db.url,
      "INSERT INTO public.customers VALUES (1, ROW('Main St', '12345', 'ok'), ARRAY[ROW(1, 2)::geo.point2], NULL)",
    );
    const rows = await queryRows<{ zip: string }>(db.url, 'SELECT public.zip_of(home) AS zip FROM public.customers');
    expect(rows).toEqual([{ zip: '12345' }]);

    const pulledFrom = projectSharingHistory(project, db.url);
    expect((await pulledFrom.migrate('pull')).code).toBe(0);
    const pulled = pulledFrom.read('models.ts');
    expect(pulled).not.toContain('Not modeled');
    expect(pulled).toContain(
      "metadata.compositeType('shipment', { dest: customType('public.address'), weight: customType('public.posint'), tags: text().array() });",
    );
    expect(pulled).toContain("zip: varchar(10).collate('C'), mood: mood.column() }, { comment: 'A postal address' });");
    expect((await pulledFrom.migrate('check')).code).toBe(0);

    const copy = await applyPulledCopy(pulled, db.url, 'athanor_composites_copy');
    const left = await queryRows<{ n: string }>(
      copy.url,
      `SELECT count(*)::text AS n FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_class c ON c.oid = t.typrelid
       WHERE n.nspname IN ('public', 'geo') AND (t.typtype IN ('d', 'e') OR (t.typtype = 'c' AND c.relkind = 'c'))`,
    );
    expect(left).toEqual([{ n: '0' }]);
  });
});
