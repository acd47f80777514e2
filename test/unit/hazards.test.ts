import { describe, expect, it } from 'vitest';
import {
  HAZARD_CODES,
  hazardsOf,
  isBinaryCompatible,
  nonTransactionalHazard,
  revisionHazards,
  type Hazard,
  type HazardCode,
} from '../../src/ops/hazards.js';
import { notExpandable } from '../../src/ops/expand/expand-lint.js';
import type { Operation } from '../../src/ops/operation.js';
import type { ColumnChange } from '../../src/ops/families/columns.js';
import type { ConstraintModel } from '../../src/schema/model.js';
import { column, table } from '../helpers/models.js';
import { retype } from '../helpers/operations.js';

const T = { schema: 'public', table: 't' };
const fk: ConstraintModel = {
  type: 'foreignKey',
  name: 't_a_fkey',
  columns: ['a'],
  refSchema: 'public',
  refTable: 'u',
  refColumns: ['id'],
  onDelete: 'NO ACTION',
  onUpdate: 'NO ACTION',
};

/** One operation (or statement) that triggers each code, and the one sentence it must say. */
const TRIGGERS: Record<HazardCode, [Operation | 'autocommit', RegExp]> = {
  'drop-table': [
    { kind: 'dropTable', schema: 'public', name: 't', removed: table('t') },
    /^drop table public\.t; data in it is lost$/,
  ],
  'drop-column': [
    { kind: 'dropColumn', ...T, column: 'legacy', removed: column('legacy') },
    /legacy; data in it is lost$/,
  ],
  'copied-column': [
    {
      kind: 'dropColumn',
      ...T,
      column: 'note',
      removed: column('note'),
      keptBy: [{ schema: 'public', table: 'c' }],
      keptColumn: column('note'),
    },
    /^the values of note are copied by an UPDATE of every row of public\.c$/,
  ],
  'drop-schema': [{ kind: 'dropSchema', schema: 'old' }, /old; data in it is lost$/],
  'drop-type': [
    { kind: 'dropEnum', schema: 'public', name: 'mood', removed: { schema: 'public', name: 'mood', values: ['a'] } },
    /mood/,
  ],
  'remove-enum-value': [
    {
      kind: 'replaceEnum',
      schema: 'public',
      name: 'mood',
      from: ['a', 'b'],
      to: ['a'],
      columns: [],
    },
    /rows holding a removed value make it fail$/,
  ],
  'narrow-type': [
    { kind: 'alterColumn', ...T, column: 'a', to: { type: 'character varying(10)' }, from: { type: 'text' } },
    /values may be cut/,
  ],
  'session-time-zone': [
    {
      kind: 'alterColumn',
      ...T,
      column: 'at',
      to: { type: 'timestamp with time zone' },
      from: { type: 'timestamp without time zone' },
    },
    /^changing at from timestamp without time zone to timestamp with time zone reads each value in the TimeZone of the session that runs it/,
  ],
  'drop-object': [
    {
      kind: 'dropSequence',
      schema: 'public',
      name: 's',
      removed: {
        schema: 'public',
        name: 's',
        type: 'bigint',
        start: 1,
        increment: 1,
        min: null,
        max: null,
        cache: 1,
        cycle: false,
      },
    } as unknown as Operation,
    /s/,
  ],
  'rewrite-type': [
    { kind: 'alterColumn', ...T, column: 'a', to: { type: 'bigint' }, from: { type: 'integer' } },
    /^changing a to bigint rewrites the table and its indexes$/,
  ],
  'volatile-default': [
    {
      kind: 'addColumn',
      ...T,
      column: column('c', 'timestamp with time zone', { default: 'clock_timestamp()', nullable: false }),
    },
    /volatile default clock_timestamp\(\)/,
  ],
  'computed-column': [
    { kind: 'addColumn', ...T, column: column('g', 'integer', { generated: '(a * 2)' }) },
    /generated column g rewrites/,
  ],
  'access-exclusive': [{ kind: 'dropConstraint', ...T, name: 't_a_check' }, /ACCESS EXCLUSIVE/],
  'index-build-lock': [
    {
      kind: 'createIndex',
      ...T,
      index: { name: 't_a_idx', unique: false, method: 'btree', columns: [], where: null },
    } as unknown as Operation,
    /SHARE lock/,
  ],
  'validate-constraint': [{ kind: 'addConstraint', ...T, constraint: fk }, /validated against every row/],
  'set-not-null': [
    { kind: 'alterColumn', ...T, column: 'a', to: { nullable: false }, from: { nullable: true } },
    /scans the whole table/,
  ],
  'unique-index-scan': [
    { kind: 'addConstraint', ...T, constraint: { type: 'unique', name: 't_a_key', columns: ['a'] } },
    /builds its index over every row/,
  ],
  'attach-partition-scan': [
    {
      kind: 'attachPartition',
      schema: 'public',
      table: 'ev_2026',
      partitionOf: { schema: 'public', table: 'ev', bound: "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" },
    },
    /^attaching public\.ev_2026 scans its rows under an ACCESS EXCLUSIVE lock for the bound FOR VALUES FROM \('2026-01-01'\) TO \('2027-01-01'\), and fails on a row outside it$/,
  ],
  'column-dropped': [{ kind: 'dropColumn', ...T, column: 'legacy' }, /still reads or writes public\.t\.legacy/],
  'table-dropped': [{ kind: 'dropTable', schema: 'public', name: 't' }, /still uses public\.t/],
  'set-logged': [
    { kind: 'setUnlogged', ...T, unlogged: false },
    /^SET LOGGED rewrites public\.t and writes all of it to the write-ahead log$/,
  ],
  renamed: [
    { kind: 'renameColumn', ...T, from: 'name', to: 'display_name' },
    /still uses the old name public\.t\.name until it is deployed$/,
  ],
  'relabel-enum-value': [
    { kind: 'renameEnumValue', schema: 'public', name: 'order_status', from: 'shipped', to: 'cancelled' },
    /^rows holding 'shipped' read 'cancelled' from then on \(enum public\.order_status\), and the running application's writes of 'shipped' fail$/,
  ],
  'revoke-privilege': [
    { kind: 'revoke', on: { on: 'table', schema: 'public', name: 't' }, privileges: ['SELECT'], from: 'anon' },
    /what the application does as anon with select fails/,
  ],
  'replica-identity': [
    {
      kind: 'createPublication',
      publication: {
        name: 'feed',
        allTables: false,
        tables: [{ schema: 'public', table: 'log' }],
        schemas: [],
        publish: ['insert', 'update', 'delete'],
        viaRoot: false,
      },
      unidentified: [
        {
          publication: 'feed',
          schema: 'public',
          table: 'log',
          refused: ['UPDATE', 'DELETE'],
          why: 'it has no primary key and no replica identity',
        },
      ],
    },
    /^publication feed sends the updates and deletes of public\.log, but it has no primary key and no replica identity: Postgres refuses its UPDATE and DELETE from then on$/,
  ],
  'stale-computed': [
    {
      kind: 'replaceFunction',
      function: {
        schema: 'public',
        name: 'norm',
        kind: 'function',
        argumentTypes: 'text',
        arguments: 'x text',
        result: 'text',
        definition:
          'CREATE OR REPLACE FUNCTION public.norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(trim(x)) $$',
        dependsOn: [],
      },
      computedBy: [
        { kind: 'index', schema: 'public', table: 't', name: 't_norm' },
        { kind: 'column', schema: 'public', table: 't', name: 'g' },
        { kind: 'materializedView', schema: 'public', name: 'mv' },
      ],
    },
    /^replace function public\.norm\(text\): index public\.t\.t_norm, generated column public\.t\.g, materialized view public\.mv keep what the old body computed until rebuilt, rewritten or refreshed$/,
  ],
  'not-null-without-default': [
    { kind: 'addColumn', ...T, column: column('n', 'integer', { nullable: false }) },
    /without a default fails on a table with rows/,
  ],
  'non-transactional': ['autocommit', /runs outside a transaction/],
  'not-expandable': [
    { kind: 'executeSql', sql: 'ALTER TABLE t ADD COLUMN x int' },
    /cannot be served in both versions by upgrade --expand \(hand-written SQL is served only with its expand and contract parts declared/,
  ],
};

describe('hazards', () => {
  it.each(Object.entries(TRIGGERS))('%s: triggered, with its family and sentence', (code, [op, message]) => {
    // What `upgrade --expand` cannot serve is found by `migrate lint` beside the hazards.
    const found =
      op === 'autocommit'
        ? [nonTransactionalHazard('op.autocommit block')]
        : [...hazardsOf(op), ...notExpandable([op])];
    const hit = found.find((h) => h.code === code);
    expect(hit, `${code} in ${JSON.stringify(found.map((h) => h.code))}`).toBeDefined();
    expect(hit!.kind).toBe(HAZARD_CODES[code as HazardCode]);
    expect(hit!.message).toMatch(message);
  });

  it('says nothing of a nullable column without default, a non-volatile default, a virtual generated column or a NOT VALID foreign key beyond the lock', () => {
    const codes = (op: Operation) => hazardsOf(op).map((h) => h.code);
    expect(codes({ kind: 'addColumn', ...T, column: column('c', 'integer', { nullable: true }) })).toEqual([
      'access-exclusive',
    ]);
    expect(
      codes({
        kind: 'addColumn',
        ...T,
        column: column('c', 'timestamp with time zone', { default: 'now()', nullable: false }),
      }),
    ).toEqual(['access-exclusive']);
    expect(codes({ kind: 'addConstraint', ...T, constraint: { ...fk, notValid: true } })).toEqual(['access-exclusive']);
    const virtual = column('v', 'integer', { generated: '(a * 2)', generatedVirtual: true, nullable: false });
    expect(codes({ kind: 'addColumn', ...T, column: virtual })).toEqual(['access-exclusive']);
    expect(codes({ kind: 'createTable', table: table('t') })).toEqual([]);
  });

  it('loses no data dropping a generated column: its values come from the others', () => {
    const codes = (op: Operation) => hazardsOf(op).map((h) => h.code);
    for (const generatedVirtual of [undefined, true]) {
      const removed = column('total', 'numeric', {
        generated: '(price * 2)',
        ...(generatedVirtual ? { generatedVirtual } : {}),
      });
      expect(codes({ kind: 'dropColumn', ...T, column: 'total', removed })).toEqual([
        'access-exclusive',
        'column-dropped',
      ]);
    }
    // Without the column it removes, a drop is taken to lose data.
    expect(codes({ kind: 'dropColumn', ...T, column: 'total' })).toContain('drop-column');
  });

  it('knows that a virtual column made plain is stored again, and a stored one keeps its values', () => {
    const plain = (from: ColumnChange): Hazard[] =>
      hazardsOf({ kind: 'alterColumn', ...T, column: 'v', to: { generated: null }, from });
    const found = plain({ generated: '(a * 2)', generatedVirtual: true, type: 'integer', nullable: true });
    expect(found.map((h) => [h.code, h.message])).toEqual([
      ['access-exclusive', expect.stringContaining('altering column v')],
      ['computed-column', 'the virtual column v made plain is added back stored, which rewrites the table to fill it'],
    ]);
    expect(plain({ generated: '(a * 2)', type: 'integer', nullable: true }).map((h) => h.code)).toEqual([
      'access-exclusive',
    ]);
  });

  it('leaves out lock, scan and rewrite hazards on a table created earlier in the same revision', () => {
    const add: Operation = { kind: 'addColumn', ...T, column: column('n', 'integer', { nullable: false }) };
    const [, later] = revisionHazards([{ kind: 'createTable', table: table('t') }, add]);
    expect(later!.map((h) => h.code)).toEqual(['not-null-without-default']);
    expect(revisionHazards([add], { lockTimeout: '0ms' })[0]!.map((h) => h.code)).toEqual([
      'access-exclusive',
      'not-null-without-default',
    ]);
  });

  it('grades an ACCESS EXCLUSIVE lock: brief under a lock timeout is none, held for a rewrite or a scan it stays', () => {
    const nullable: Operation = { kind: 'addColumn', ...T, column: column('n', 'integer') };
    const retype: Operation = {
      kind: 'alterColumn',
      ...T,
      column: 'a',
      from: { type: 'integer' },
      to: { type: 'bigint' },
    };
    const notNull: Operation = { kind: 'alterColumn', ...T, column: 'a', to: { nullable: false } };
    const codes = (lockTimeout?: string | null) =>
      revisionHazards([nullable, retype, notNull], { lockTimeout }).map((found) => found.map((h) => h.code));
    for (const bounded of [undefined, null, '5s', '200ms'])
      expect(codes(bounded)).toEqual([[], ['access-exclusive', 'rewrite-type'], ['access-exclusive', 'set-not-null']]);
    for (const off of ['0', '0ms', '0s'])
      expect(codes(off)).toEqual([
        ['access-exclusive'],
        ['access-exclusive', 'rewrite-type'],
        ['access-exclusive', 'set-not-null'],
      ]);
    expect(revisionHazards([nullable], { lockTimeout: '0ms' })[0]![0]!.message).toBe(
      'adding column n takes an ACCESS EXCLUSIVE lock with no lock_timeout: every query on the table waits behind it',
    );
    // hazardsOf is the operation's own, ungraded.
    expect(hazardsOf(nullable).map((h) => h.code)).toEqual(['access-exclusive']);
  });

  it('knows the type changes that keep the table as it is', () => {
    expect(isBinaryCompatible('character varying(10)', 'character varying(20)')).toBe(true);
    expect(isBinaryCompatible('character varying(20)', 'text')).toBe(true);
    expect(isBinaryCompatible('text', 'character varying')).toBe(true);
    expect(isBinaryCompatible('numeric(10,2)', 'numeric(12,2)')).toBe(true);
    expect(isBinaryCompatible('numeric(10,2)', 'numeric(12,3)')).toBe(false);
    expect(isBinaryCompatible('integer', 'bigint')).toBe(false);
    expect(isBinaryCompatible('character varying(20)', 'character varying(10)')).toBe(false);
    expect(isBinaryCompatible(undefined, 'text')).toBe(false);
    // A timestamp or time given more fractional digits keeps its bytes (PostgreSQL 12's support functions).
    expect(isBinaryCompatible('timestamp(3) without time zone', 'timestamp without time zone')).toBe(true);
    expect(isBinaryCompatible('timestamp(3) with time zone', 'timestamp(5) with time zone')).toBe(true);
    expect(isBinaryCompatible('time(2) without time zone', 'time(5) without time zone')).toBe(true);
    expect(isBinaryCompatible('timestamp(6) without time zone', 'timestamp(2) without time zone')).toBe(false);
    expect(isBinaryCompatible('timestamp without time zone', 'timestamp with time zone')).toBe(false);
  });

  it('reads a change between a time with a zone and one without as the zone it is read in, not as a cut', () => {
    const codes = (op: Operation) => hazardsOf(op).map((h) => h.code);
    const [plain, tz] = ['timestamp without time zone', 'timestamp with time zone'];
    expect(codes(retype('at', plain, tz))).toEqual(['access-exclusive', 'rewrite-type', 'session-time-zone']);
    expect(codes(retype('at', tz, plain))).toEqual(['access-exclusive', 'rewrite-type', 'session-time-zone']);
    expect(codes(retype('at', 'date', tz))).toEqual([
      'narrow-type',
      'access-exclusive',
      'rewrite-type',
      'session-time-zone',
    ]);
    // With the zone written, the values keep their instants: nothing is cut, nothing left to the session.
    expect(codes(retype('at', plain, tz, { using: `"at" AT TIME ZONE 'UTC'` }))).toEqual([
      'access-exclusive',
      'rewrite-type',
    ]);
    expect(
      codes(
        retype('at', 'timestamp(6) with time zone', 'timestamp(3) without time zone', {
          using: `"at" AT TIME ZONE 'UTC'`,
        }),
      ),
    ).toEqual(['narrow-type', 'access-exclusive', 'rewrite-type']);
    // A time with a zone made one without keeps its clock reading, whatever the session's zone.
    expect(codes(retype('at', 'time with time zone', 'time without time zone'))).toEqual([
      'narrow-type',
      'access-exclusive',
      'rewrite-type',
    ]);
  });
});
