import { describe, expect, it } from 'vitest';
import { buildSchemaModel, defineMetadata, integer, sql } from '../../src/schema/index.js';
import {
  COMMENT_TARGETS,
  commentParentKey,
  commentTargetFinder,
  isTablePart,
} from '../../src/schema/comment-targets.js';
import type { CommentObjectKind } from '../../src/schema/model.js';

describe('comment targets', () => {
  const m = defineMetadata({ schemas: ['app'] });
  m.table('items', { id: integer().primaryKey() });
  m.view('recent', sql`SELECT 1 AS one`);
  m.rule(sql`CREATE RULE keep AS ON DELETE TO items DO INSTEAD NOTHING`);
  m.cast({ source: 'public.mood', target: 'text', method: 'inout' });
  const model = buildSchemaModel(m);

  it('finds an object of the model by the key its kind names it by', () => {
    const holds = commentTargetFinder(model);
    expect(holds('table', { on: 'table', schema: 'public', name: 'items' })).toBe(true);
    expect(holds('view', { on: 'view', schema: 'public', name: 'items' })).toBe(false);
    expect(holds('view', { on: 'view', schema: 'public', name: 'recent' })).toBe(true);
    expect(holds('constraint', { on: 'constraint', schema: 'public', parent: 'items', name: 'items_pkey' })).toBe(true);
    expect(holds('index', { on: 'index', schema: 'public', name: 'items_pkey' })).toBe(true);
    expect(holds('rule', { on: 'rule', schema: 'public', parent: 'items', name: 'keep' })).toBe(true);
    expect(holds('rule', { on: 'rule', schema: 'public', parent: 'other', name: 'keep' })).toBe(false);
    expect(holds('cast', { on: 'cast', schema: '', name: 'public.mood', parent: 'text' })).toBe(true);
    expect(holds('cast', { on: 'cast', schema: '', name: 'text', parent: 'public.mood' })).toBe(false);
    expect(holds('schema', { on: 'schema', schema: 'app', name: 'app' })).toBe(true);
  });

  it('names the table or domain of the kinds that belong to one', () => {
    const kinds = Object.keys(COMMENT_TARGETS) as CommentObjectKind[];
    expect(kinds.filter(isTablePart).sort()).toEqual(['column', 'constraint', 'policy', 'rule', 'trigger']);
    expect(kinds.filter((kind) => commentParentKey(kind) === 'domain')).toEqual(['domainConstraint']);
  });
});
