import { describe, expect, it } from 'vitest';
import { buildSchemaModel, check, defineMetadata, index, integer, policy, sql, text } from '../../src/index.js';
import { renameCandidates, renamePairs, type RenamePair } from '../../src/autogen/renames/candidates.js';
import { decideRenames, questionLines, renameOperation, type RenameAnswers } from '../../src/autogen/renames/decide.js';
import {
  noRenameFlag,
  parseRenameRequest,
  renameFlag,
  requestNames,
  spellingOf,
} from '../../src/autogen/renames/requests.js';
import type { Renamable } from '../../src/autogen/renames/renamables.js';
import { serialSequenceRenames } from '../../src/autogen/renames/serial-sequences.js';
import type { RenameHint } from '../../src/schema/renames.js';
import { compareModels } from '../helpers/compare.js';
import { column, model, sequence, table } from '../helpers/models.js';

const users = (columns: ReturnType<typeof column>[], extra = {}) =>
  table('users', { columns: [column('id', 'integer', { nullable: false }), ...columns], ...extra });

function answers(parts: Partial<{ hints: RenameHint[]; renames: string[]; keep: string[] }> = {}): RenameAnswers {
  return {
    hints: parts.hints ?? [],
    renames: (parts.renames ?? []).map((s) => parseRenameRequest(s, true)),
    keep: (parts.keep ?? []).map((s) => parseRenameRequest(s, false)),
    chosen: new Map(),
    used: new Set(),
  };
}

const names = (pairs: readonly RenamePair[]): string[] =>
  pairs.map((p) => `${p.from.kind} ${p.from.name}->${p.to.name}`);

describe('rename candidates', () => {
  it('pairs a dropped and an added column of one table, the same definition first, then the closer name', () => {
    const current = model({ tables: [users([column('name', 'text', { nullable: false })])] });
    const target = model({
      tables: [users([column('title', 'text'), column('nick', 'text', { nullable: false }), column('age')])],
    });
    const ranked = renameCandidates(renamePairs(current, target));
    expect(ranked.map((c) => c.to.name)).toEqual(['nick', 'title']);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  // Reduced from a forum's history, which renamed flags by reordering their words.
  it('takes the same words in another order for the closer name', () => {
    const flag = (name: string) => column(name, 'boolean', { nullable: false, default: 'false' });
    const current = model({ tables: [users([flag('disallow_nsfw_content')])] });
    const target = model({ tables: [users([flag('email_verification_required'), flag('nsfw_content_disallowed')])] });
    const ranked = renameCandidates(renamePairs(current, target));
    expect(ranked.map((c) => c.to.name)).toEqual(['nsfw_content_disallowed', 'email_verification_required']);
  });

  it('suggests first a rename for each gone object that no other first suggestion takes', () => {
    const flag = (name: string) => column(name, 'timestamp with time zone');
    const current = model({ tables: [users([flag('saved'), flag('liked')])] });
    const target = model({ tables: [users([flag('saved_at'), flag('voted_at')])] });
    const round = decideRenames(renamePairs(current, target), answers(), []);
    expect(round.open.map((q) => `${q.from.name}->${q.options[0]!.to.name}`).sort()).toEqual([
      'liked->voted_at',
      'saved->saved_at',
    ]);
  });

  it('never pairs across tables or kinds, nor columns of another type', () => {
    const current = model({ tables: [users([column('name', 'text')]), table('teams')] });
    const target = model({
      tables: [
        users([column('count', 'integer')]),
        table('teams', { columns: [column('id', 'integer', { nullable: false }), column('name', 'text')] }),
      ],
    });
    expect(renameCandidates(renamePairs(current, target))).toEqual([]);
  });

  it('pairs tables by the share of columns they have in common', () => {
    const cols = [column('a', 'text'), column('b', 'text'), column('c', 'text')];
    const current = model({ tables: [table('old', { columns: cols })] });
    const close = table('new', { columns: [...cols.slice(0, 2), column('d', 'text')] });
    const far = table('other', { columns: [column('x', 'text'), column('y', 'text')] });
    const ranked = renameCandidates(renamePairs(current, model({ tables: [close, far] })));
    expect(ranked.map((c) => c.to.name)).toEqual(['new']);
    expect(ranked[0]!.score).toBeLessThan(0.9);
  });

  // Reduced from a scheduling app's Prisma history: a naming convention applied renamed 7 tables and 30 columns.
  it('pairs tables whose columns differ only in case and underscores, as a naming convention renames them', () => {
    const camel = table('Comment', {
      columns: [
        ...['id', 'content', 'pollId', 'authorName', 'userId'].map((name) => column(name, 'text')),
        column('createdAt', 'timestamp(3) without time zone'),
      ],
    });
    const snake = table('comments', {
      columns: [
        ...['id', 'content', 'poll_id', 'author_name', 'user_id'].map((name) => column(name, 'text')),
        column('created_at', 'timestamp(3) without time zone'),
      ],
    });
    const other = table('votes', { columns: [column('id', 'text'), column('option_id', 'text')] });
    const ranked = renameCandidates(renamePairs(model({ tables: [camel] }), model({ tables: [snake, other] })));
    expect(ranked.map((c) => c.to.name)).toEqual(['comments']);
    // Below a table whose columns kept their names: the names still count.
    const kept = table('comments', { columns: camel.columns });
    const exactFirst = renameCandidates(renamePairs(model({ tables: [camel] }), model({ tables: [snake, kept] })));
    expect(exactFirst.map((c) => c.score)).toEqual([...exactFirst.map((c) => c.score)].sort((a, b) => b - a));
  });

  it('ranks the column whose name differs only in case and underscores first', () => {
    const current = model({ tables: [users([column('pollId', 'text')])] });
    const target = model({ tables: [users([column('pollIdx', 'text'), column('poll_id', 'text')])] });
    expect(renameCandidates(renamePairs(current, target)).map((c) => c.to.name)).toEqual(['poll_id', 'pollIdx']);
  });
});

describe('rename decisions', () => {
  const current = model({
    tables: [users([column('name', 'text')], { uniques: [{ name: 'users_name_key', columns: ['name'] }] })],
  });
  const renamed = model({
    tables: [
      users([column('display_name', 'text')], {
        uniques: [{ name: 'users_display_name_key', columns: ['display_name'] }],
      }),
    ],
  });

  it('leaves an undecided candidate open, with a line naming both and the flags', () => {
    const round = decideRenames(renamePairs(current, renamed), answers(), []);
    expect(round.apply).toEqual([]);
    expect(questionLines(round.open)).toEqual([
      'column public.users.name is gone and column public.users.display_name is new: pass --rename users.name=display_name to rename it, or --no-rename users.name to drop it and create the new one',
    ]);
  });

  it('takes a hint, then a flag; --no-rename closes the question', () => {
    const hint: RenameHint = { kind: 'column', schema: 'public', table: 'users', from: 'name', to: 'display_name' };
    expect(names(decideRenames(renamePairs(current, renamed), answers({ hints: [hint] }), []).apply)).toEqual([
      'column name->display_name',
    ]);
    expect(
      names(
        decideRenames(renamePairs(current, renamed), answers({ renames: ['public.users.name=display_name'] }), [])
          .apply,
      ),
    ).toEqual(['column name->display_name']);
    const kept = decideRenames(renamePairs(current, renamed), answers({ keep: ['users.name'] }), []);
    expect([kept.apply, kept.open]).toEqual([[], []]);
  });

  it('renames a convention-made name that embeds a renamed name without asking', () => {
    // After the column rename, the constraint is the same apart from its name.
    const afterColumn = model({
      tables: [
        users([column('display_name', 'text')], { uniques: [{ name: 'users_name_key', columns: ['display_name'] }] }),
      ],
    });
    const done = decideRenames(
      renamePairs(current, renamed),
      answers({ renames: ['users.name=display_name'] }),
      [],
    ).apply;
    const round = decideRenames(renamePairs(afterColumn, renamed), answers(), done);
    expect(names(round.apply)).toEqual(['constraint users_name_key->users_display_name_key']);
    expect(renameOperation(round.apply[0]!)).toEqual({
      kind: 'renameObject',
      object: 'constraint',
      schema: 'public',
      table: 'users',
      from: 'users_name_key',
      to: 'users_display_name_key',
    });
  });

  it('refuses one object renamed two ways, and a flag naming several objects', () => {
    const hint: RenameHint = { kind: 'column', schema: 'public', table: 'users', from: 'name', to: 'display_name' };
    const two = model({ tables: [users([column('display_name', 'text'), column('label', 'text')])] });
    expect(() =>
      decideRenames(renamePairs(current, two), answers({ hints: [hint], renames: ['users.name=label'] }), []),
    ).toThrow(/renamed both to display_name and to label/);
    const both = model({
      tables: [
        users([column('name', 'text')]),
        table('teams', { columns: [column('id', 'integer', { nullable: false }), column('name', 'text')] }),
      ],
    });
    const neither = model({
      tables: [
        users([column('title', 'text')]),
        table('teams', { columns: [column('id', 'integer', { nullable: false }), column('title', 'text')] }),
      ],
    });
    expect(() => decideRenames(renamePairs(both, neither), answers({ renames: ['name=title'] }), [])).toThrow(
      /names more than one object \(teams\.name, users\.name\)/,
    );
  });

  it('renames the sequence of a serial column of a renamed table', () => {
    const live = model({
      tables: [
        table('accounts', {
          columns: [column('id', 'integer', { nullable: false, default: "nextval('public.users_id_seq'::regclass)" })],
        }),
      ],
      sequences: [sequence('users_id_seq', { ownedBy: { table: 'accounts', column: 'id' } })],
    });
    const target = model({ tables: [table('accounts', { columns: [column('id', 'serial', { nullable: false })] })] });
    const tableRename = decideRenames(
      renamePairs(model({ tables: [table('users')] }), model({ tables: [table('accounts')] })),
      answers({ renames: ['users=accounts'] }),
      [],
    ).apply;
    expect(names(serialSequenceRenames(live, target, tableRename))).toEqual(['sequence users_id_seq->accounts_id_seq']);
    expect(serialSequenceRenames(live, target, [])).toEqual([]);
  });

  it("renames an identity's sequence whose name the database and the model give differently", () => {
    const identity = (sequenceName?: string) => ({
      always: true,
      ...(sequenceName === undefined ? {} : { sequenceName }),
    });
    const accounts = (sequenceName?: string) =>
      table('accounts', {
        columns: [
          column('id', 'integer', { nullable: false, identity: identity(sequenceName) }),
          column('n', 'integer', { nullable: false }),
        ],
      });
    // The table was users: its identity's sequence kept users_id_seq.
    const live = model({ tables: [accounts('users_id_seq')] });
    expect(names(serialSequenceRenames(live, model({ tables: [accounts()] }), []))).toEqual([
      'sequence users_id_seq->accounts_id_seq',
    ]);
    expect(
      names(serialSequenceRenames(model({ tables: [accounts()] }), model({ tables: [accounts('ids')] }), [])),
    ).toEqual(['sequence accounts_id_seq->ids']);
    expect(serialSequenceRenames(live, model({ tables: [accounts('users_id_seq')] }), [])).toEqual([]);
    // An identity the model adds has no sequence yet.
    const plain = model({ tables: [table('accounts', { columns: [column('id', 'integer', { nullable: false })] })] });
    expect(serialSequenceRenames(plain, model({ tables: [accounts('ids')] }), [])).toEqual([]);
  });
});

describe('rename flags', () => {
  it('reads KIND:PATH=NEW and refuses what is not one', () => {
    expect(parseRenameRequest('materialized-view:reports.stats=counts', true)).toEqual({
      spelled: 'materialized-view:reports.stats=counts',
      kind: 'materializedView',
      path: ['reports', 'stats'],
      to: 'counts',
    });
    expect(() => parseRenameRequest('users.name', true)).toThrow(/write it as --rename TABLE.COLUMN=NEW/);
    expect(() => parseRenameRequest('users.name=x', false)).toThrow(/--no-rename users.name=x/);
    expect(() => parseRenameRequest('thing:users=x', true)).toThrow(/unknown kind "thing"/);
  });

  it('names an object by the end of its place, and spells it back the shortest way', () => {
    const [pair] = renamePairs(
      model({ tables: [users([column('name', 'text')])] }),
      model({ tables: [users([column('nick', 'text')])] }),
    );
    const from = pair!.from;
    expect(
      ['name', 'users.name', 'public.users.name', 'column:users.name'].map((s) =>
        requestNames(parseRenameRequest(s, false), from),
      ),
    ).toEqual([true, true, true, true]);
    expect(
      ['teams.name', 'index:users.name', 'other.users.name'].map((s) =>
        requestNames(parseRenameRequest(s, false), from),
      ),
    ).toEqual([false, false, false]);
    expect(spellingOf(from)).toBe('users.name');
  });
});

describe('rename flags naming what holds a dot, an equals sign or a quote', () => {
  const dotted: Renamable = {
    kind: 'index',
    schema: 'public',
    table: 't',
    name: 't.email_unique',
    define: () => ({ signature: '', parts: [] }),
  };

  it('spell it in double quotes, in a shell word, and read it back', () => {
    expect(spellingOf(dotted)).toBe('index:t."t.email_unique"');
    expect(renameFlag(dotted, 't_email_key')).toBe(`--rename 'index:t."t.email_unique"=t_email_key'`);
    expect(noRenameFlag(dotted)).toBe(`--no-rename 'index:t."t.email_unique"'`);
    for (const spelled of ['index:t."t.email_unique"=t_email_key', '"t.email_unique"=t_email_key']) {
      const request = parseRenameRequest(spelled, true);
      expect(request.to).toBe('t_email_key');
      expect(requestNames(request, dotted)).toBe(true);
    }
    expect(requestNames(parseRenameRequest('index:t.t.email_unique', false), dotted)).toBe(false);
  });

  it('take a new name in quotes as written, a quote in it doubled', () => {
    expect(parseRenameRequest('users.name="a.b=""c"""', true).to).toBe('a.b="c"');
    const users: Renamable = {
      kind: 'table',
      schema: 'public',
      name: "it's",
      define: () => ({ signature: '', parts: [] }),
    };
    expect(renameFlag(users, 'a.b')).toBe(`--rename 'it'\\''s="a.b"'`);
    expect(() => parseRenameRequest('users."name=x', true)).toThrow(/double quotes/);
  });
});

describe('rename hints in the model', () => {
  it('are read from columns, tables, indexes, keys, policies, objects and schemas, with the names the model gives', () => {
    const m = defineMetadata({
      namingConvention: { ix: 'ix_%(table_name)s_%(column_0_name)s' },
      renamedSchemas: { invoicing: 'billing' },
    });
    const accounts = m.table(
      'accounts',
      { id: integer().primaryKey(), handle: text().renamedFrom('name').unique(), org: integer() },
      {
        renamedFrom: 'users',
        indexes: [index(['org'], { renamedFrom: 'ix_users_org' })],
        checks: [check(sql`org > 0`, { name: 'org_positive', renamedFrom: 'org_ok' })],
        policies: [policy('own_rows', { using: sql`org > 0`, renamedFrom: 'mine' })],
      },
    );
    m.enum('feeling', ['a'], { renamedFrom: 'mood' });
    m.view('active', sql`SELECT id FROM public.accounts`, { renamedFrom: 'current' });
    m.rangeType('span', { subtype: 'integer', renamedFrom: 'extent' });
    m.compositeType('address', { street: text() }, { renamedFrom: 'addr' });
    expect(accounts.name).toBe('accounts');
    const hints = buildSchemaModel(m).renames ?? [];
    expect(hints.map((h) => `${h.kind} ${h.schema}${h.table ? `.${h.table}` : ''} ${h.from}->${h.to}`).sort()).toEqual([
      'column public.accounts name->handle',
      'composite public addr->address',
      'constraint public.accounts org_ok->org_positive',
      'enum public mood->feeling',
      'index public.accounts ix_users_org->ix_accounts_org',
      'policy public.accounts mine->own_rows',
      'range public extent->span',
      'schema invoicing billing->invoicing',
      'table public users->accounts',
      'view public current->active',
    ]);
    expect(buildSchemaModel(defineMetadata()).renames).toBeUndefined();
  });
});

describe('range types', () => {
  const range = (name: string, multirange?: string) => ({
    schema: 'public',
    name,
    subtype: 'integer',
    ...(multirange === undefined ? {} : { multirange }),
  });

  it('one gone beside a new one alike is an open candidate; its rename takes the multirange along when the model names it otherwise', () => {
    const current = model({ ranges: [range('extent')] });
    const target = model({ ranges: [range('span')] });
    const round = decideRenames(renamePairs(current, target), answers(), []);
    expect(questionLines(round.open)).toEqual([
      'range type public.extent is gone and range type public.span is new: pass --rename range:extent=span to rename it, or --no-rename range:extent to drop it and create the new one',
    ]);
    const decided = decideRenames(renamePairs(current, target), answers({ renames: ['range:extent=span'] }), []);
    expect(decided.apply.map(renameOperation)).toEqual([
      {
        kind: 'renameObject',
        object: 'range',
        schema: 'public',
        multirange: { from: 'extent_multirange', to: 'span_multirange' },
        from: 'extent',
        to: 'span',
      },
    ]);
    // A multirange with a name of its own on both sides keeps it.
    const named = decideRenames(
      renamePairs(model({ ranges: [range('extent', 'spans')] }), model({ ranges: [range('span', 'spans')] })),
      answers({ renames: ['range:extent=span'] }),
      [],
    );
    expect(named.apply.map(renameOperation)).toEqual([
      { kind: 'renameObject', object: 'range', schema: 'public', from: 'extent', to: 'span' },
    ]);
  });
});

describe('enum values', () => {
  const status = (values: string[], name = 'order_status') => ({ schema: 'public', name, values });
  const current = model({ enums: [status(['pending', 'paid', 'shipped'])] });
  const target = model({ enums: [status(['pending', 'paid', 'cancelled'])] });

  it('a value gone beside a new one is an open candidate, whose line names the flags and the model option', () => {
    const round = decideRenames(renamePairs(current, target), answers(), []);
    expect(round.apply).toEqual([]);
    expect(questionLines(round.open)).toEqual([
      "value 'shipped' of enum public.order_status is gone and value 'cancelled' of enum public.order_status is new: pass --rename enum-value:order_status.shipped=cancelled to rename it (rows holding it then read 'cancelled'), or --no-rename enum-value:order_status.shipped to remove it and add the new one; or write renamedValues: { cancelled: 'shipped' } in the enum's options",
    ]);
  });

  it('any new value of the same enum is a candidate, the one in the same place first; none across enums', () => {
    const wider = model({ enums: [status(['pending', 'refunded', 'paid', 'cancelled']), status(['x'], 'other')] });
    const ranked = renameCandidates(renamePairs(current, wider));
    expect(ranked.map((c) => `${c.from.name}->${c.to.name}`)).toEqual(['shipped->cancelled', 'shipped->refunded']);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it('values only added, reordered or removed are no candidates', () => {
    for (const values of [
      ['pending', 'paid', 'shipped', 'cancelled'],
      ['shipped', 'paid', 'pending'],
      ['pending', 'paid'],
    ])
      expect(renamePairs(current, model({ enums: [status(values)] }))).toEqual([]);
  });

  it('a hint, a flag with or without the schema, and --no-rename decide it', () => {
    const hint: RenameHint = {
      kind: 'enumValue',
      schema: 'public',
      table: 'order_status',
      from: 'shipped',
      to: 'cancelled',
    };
    const rename = {
      kind: 'renameEnumValue',
      schema: 'public',
      name: 'order_status',
      from: 'shipped',
      to: 'cancelled',
    };
    const byHint = decideRenames(renamePairs(current, target), answers({ hints: [hint] }), []);
    expect(byHint.apply.map(renameOperation)).toEqual([rename]);
    for (const flag of ['enum-value:public.order_status.shipped=cancelled', 'enum-value:shipped=cancelled']) {
      const byFlag = decideRenames(renamePairs(current, target), answers({ renames: [flag] }), []);
      expect(byFlag.apply.map(renameOperation)).toEqual([rename]);
    }
    const kept = decideRenames(
      renamePairs(current, target),
      answers({ keep: ['enum-value:order_status.shipped'] }),
      [],
    );
    expect(kept).toEqual({ apply: [], open: [] });
  });

  it('the comparison never renames a value on its own: a value gone beside a new one is replaced', () => {
    expect(compareModels(current, target).map((op) => op.kind)).toEqual(['replaceEnum']);
  });

  it('renamedValues on the enum are hints, the new value to the old', () => {
    const m = defineMetadata();
    m.enum('order_status', ['pending', 'paid', 'cancelled'], { renamedValues: { cancelled: 'shipped' } });
    expect(buildSchemaModel(m).renames).toEqual([
      { kind: 'enumValue', schema: 'public', table: 'order_status', from: 'shipped', to: 'cancelled' },
    ]);
  });
});
