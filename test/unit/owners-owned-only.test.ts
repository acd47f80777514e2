import { describe, expect, it } from 'vitest';
import { describeOperation } from '../../src/ops/describe.js';
import type { Operation } from '../../src/ops/operation.js';
import { reverseOperation } from '../../src/ops/reverse.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { renderModelSource } from '../../src/pull/render-model.js';
import { buildSchemaModel, defineMetadata, integer, sql, text } from '../../src/schema/index.js';
import type { OwnerTarget } from '../../src/schema/model.js';

/** A model with one object of each kind only owned but the event trigger, and their owners from `owners`. */
function ownedModel(owners: (m: ReturnType<typeof defineMetadata>) => void) {
  const m = defineMetadata({ schema: 'app' });
  const items = m.table('items', { id: integer().primaryKey(), name: text() });
  m.collation('plain', { locale: 'C' });
  m.textSearchDictionary('words', { template: 'simple' });
  m.textSearchConfiguration('search', { copy: 'simple' });
  m.statistics(sql`CREATE STATISTICS item_stats (dependencies) ON id, name FROM items`);
  m.publication('feed', { tables: [items] });
  owners(m);
  return buildSchemaModel(m);
}

describe('owners of objects no privilege is on', () => {
  it('metadata.owner() names statistics, collations, text search objects and publications', () => {
    const model = ownedModel((m) => {
      m.owner({ statistics: 'item_stats' }, 'analyst');
      m.owner({ collation: 'plain' }, 'admin');
      m.owner({ textSearchDictionary: 'words' }, 'admin');
      m.owner({ textSearchConfiguration: 'search', schema: 'app' }, 'admin');
      m.owner({ publication: 'feed' }, 'replicator');
    });
    expect(model.owners.map((o) => [o.target, o.owner])).toEqual([
      [{ on: 'collation', schema: 'app', name: 'plain' }, 'admin'],
      [{ on: 'publication', schema: '', name: 'feed' }, 'replicator'],
      [{ on: 'statistics', schema: 'app', name: 'item_stats' }, 'analyst'],
      [{ on: 'textSearchConfiguration', schema: 'app', name: 'search' }, 'admin'],
      [{ on: 'textSearchDictionary', schema: 'app', name: 'words' }, 'admin'],
    ]);
    // pull writes them back as they were declared.
    const source = renderModelSource(model);
    expect(source).toContain("metadata.owner({ statistics: 'item_stats', schema: 'app' }, 'analyst');");
    expect(source).toContain("metadata.owner({ publication: 'feed' }, 'replicator');");
  });

  it('refuses an owner of one the model does not declare, in one line', () => {
    expect(() => ownedModel((m) => m.owner({ statistics: 'missing_stats' }, 'analyst'))).toThrow(
      /owner of statistics app\.missing_stats: no such statistics is declared/,
    );
    expect(() => ownedModel((m) => m.owner({ publication: 'other' }, 'replicator'))).toThrow(
      /owner of publication other: no such publication is declared/,
    );
  });

  it("compiles ALTER ... OWNER TO with each kind's own words, and reverses to the owner before", () => {
    const targets: [OwnerTarget, string][] = [
      [{ on: 'statistics', schema: 'app', name: 'item_stats' }, 'STATISTICS "app"."item_stats"'],
      [{ on: 'collation', schema: 'app', name: 'plain' }, 'COLLATION "app"."plain"'],
      [{ on: 'textSearchDictionary', schema: 'app', name: 'words' }, 'TEXT SEARCH DICTIONARY "app"."words"'],
      [{ on: 'textSearchConfiguration', schema: 'app', name: 'search' }, 'TEXT SEARCH CONFIGURATION "app"."search"'],
      [{ on: 'publication', schema: '', name: 'feed' }, 'PUBLICATION "feed"'],
      [{ on: 'eventTrigger', schema: '', name: 'log_ddl' }, 'EVENT TRIGGER "log_ddl"'],
    ];
    for (const [on, object] of targets) {
      const op: Operation = { kind: 'alterOwner', on, to: 'admin', from: 'analyst' };
      expect(compileOperation(op).map((s) => s.sql)).toEqual([`ALTER ${object} OWNER TO "admin"`]);
      expect(compileOperation(reverseOperation(op)).map((s) => s.sql)).toEqual([`ALTER ${object} OWNER TO "analyst"`]);
    }
    expect(
      describeOperation({ kind: 'alterOwner', on: { on: 'textSearchDictionary', schema: 'app', name: 'words' } }),
    ).toBe("give text search dictionary app.words to the migrations' own role as its owner");
  });
});
