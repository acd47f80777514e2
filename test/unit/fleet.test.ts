import { describe, expect, it } from 'vitest';
import { printFleet } from '../../src/cli/fleet.js';
import type { Output } from '../../src/cli/output.js';
import type { Operation } from '../../src/ops/operation.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { mapOperationNames, schemaTranslation } from '../../src/fleet/map-operation-names.js';
import {
  runFleet,
  selectTenants,
  TenantFailure,
  type FleetProgress,
  type TenantOutcome,
} from '../../src/fleet/run-fleet.js';
import { AthanorError } from '../../src/util/errors.js';
import type { TableModel } from '../../src/schema/model.js';

const toAcme = schemaTranslation('tenant', 'Acme Co');

const notes: TableModel = {
  schema: 'tenant',
  name: 'notes',
  columns: [
    {
      name: 'id',
      type: 'integer',
      nullable: false,
      default: "nextval('tenant.notes_id_seq'::regclass)",
      identity: null,
    },
    { name: 'mood', type: 'tenant.mood', nullable: true, default: "'ok'::tenant.mood", identity: null },
    { name: 'plan', type: 'integer', nullable: true, default: null, identity: null },
  ],
  primaryKey: { name: 'notes_pkey', columns: ['id'] },
  foreignKeys: [
    {
      name: 'notes_id_fkey',
      columns: ['id'],
      refSchema: 'tenant',
      refTable: 'accounts',
      refColumns: ['id'],
      onDelete: 'NO ACTION',
      onUpdate: 'NO ACTION',
    },
    {
      name: 'notes_plan_fkey',
      columns: ['plan'],
      refSchema: 'shared',
      refTable: 'plans',
      refColumns: ['id'],
      onDelete: 'NO ACTION',
      onUpdate: 'NO ACTION',
    },
  ],
  uniques: [],
  checks: [{ name: 'notes_mood_check', expression: 'tenant.allowed(mood) AND shared.allowed(mood)' }],
  indexes: [],
};

describe('schema translation of operations', () => {
  it('moves every name in the template schema, quoted, and leaves other schemas alone', () => {
    const sql = compileOperation(mapOperationNames({ kind: 'createTable', table: notes }, toAcme))
      .map((s) => s.sql)
      .join('\n');
    expect(sql).toContain('CREATE TABLE "Acme Co"."notes"');
    expect(sql).toContain(`nextval('"Acme Co".notes_id_seq'::regclass)`);
    expect(sql).toContain(`"Acme Co".mood DEFAULT 'ok'::"Acme Co".mood`);
    expect(sql).toContain('REFERENCES "Acme Co"."accounts"');
    expect(sql).toContain('REFERENCES "shared"."plans"');
    expect(sql).toContain('"Acme Co".allowed(mood) AND shared.allowed(mood)');
    expect(sql).not.toMatch(/\btenant\b/);
  });

  it('keeps the mark of an operation there for the downgrade only', () => {
    const drop: Operation = { kind: 'dropView', schema: 'tenant', name: 'v', materialized: false };
    expect(mapOperationNames({ ...drop, only: 'downgrade' }, toAcme)).toEqual({
      ...drop,
      schema: 'Acme Co',
      only: 'downgrade',
    });
    expect(mapOperationNames(drop, toAcme)).not.toHaveProperty('only');
  });

  it('maps the operations whose names sit in other fields: SQL text, column changes, enum uses, comments, partitions', () => {
    const ops: Operation[] = [
      {
        kind: 'executeSql',
        sql: 'UPDATE tenant.notes SET plan = (SELECT id FROM shared.plans LIMIT 1) -- tenant.x stays in a comment',
        reverseSql: 'SELECT 1 FROM tenant.notes',
      },
      {
        kind: 'alterColumn',
        schema: 'tenant',
        table: 'notes',
        column: 'mood',
        to: { type: 'tenant.mood2', default: "'ok'::tenant.mood2" },
        from: { type: 'tenant.mood' },
        using: 'mood::text::tenant.mood2',
      },
      {
        kind: 'replaceEnum',
        schema: 'tenant',
        name: 'mood',
        from: ['a', 'b'],
        to: ['b'],
        columns: [{ schema: 'tenant', table: 'notes', column: 'mood', type: 'tenant.mood' }],
      },
      {
        kind: 'setComment',
        target: { on: 'column', schema: 'tenant', name: 'mood', parent: 'notes' },
        comment: 'tenant.mood',
      },
      {
        kind: 'attachPartition',
        schema: 'tenant',
        table: 'notes_2026',
        partitionOf: { schema: 'tenant', table: 'notes', bound: 'DEFAULT' },
      },
      { kind: 'createSchema', schema: 'shared' },
    ];
    expect(ops.map((op) => mapOperationNames(op, toAcme))).toEqual([
      {
        kind: 'executeSql',
        sql: 'UPDATE "Acme Co".notes SET plan = (SELECT id FROM shared.plans LIMIT 1) -- tenant.x stays in a comment',
        reverseSql: 'SELECT 1 FROM "Acme Co".notes',
      },
      {
        kind: 'alterColumn',
        schema: 'Acme Co',
        table: 'notes',
        column: 'mood',
        to: { type: '"Acme Co".mood2', default: `'ok'::"Acme Co".mood2` },
        from: { type: '"Acme Co".mood' },
        using: 'mood::text::"Acme Co".mood2',
      },
      {
        kind: 'replaceEnum',
        schema: 'Acme Co',
        name: 'mood',
        from: ['a', 'b'],
        to: ['b'],
        columns: [{ schema: 'Acme Co', table: 'notes', column: 'mood', type: '"Acme Co".mood' }],
      },
      {
        kind: 'setComment',
        target: { on: 'column', schema: 'Acme Co', name: 'mood', parent: 'notes' },
        comment: 'tenant.mood',
      },
      {
        kind: 'attachPartition',
        schema: 'Acme Co',
        table: 'notes_2026',
        partitionOf: { schema: 'Acme Co', table: 'notes', bound: 'DEFAULT' },
      },
      { kind: 'createSchema', schema: 'shared' },
    ]);
  });

  it("moves a default privilege's IN SCHEMA to the tenant's schema, and leaves a global one and another schema's alone", () => {
    const ops: Operation[] = [
      { kind: 'grantDefault', inSchema: 'tenant', on: 'tables', privileges: ['SELECT'], to: 'anon' },
      {
        kind: 'revokeDefault',
        forRole: 'owner',
        inSchema: 'tenant',
        on: 'sequences',
        privileges: ['USAGE'],
        from: 'anon',
      },
      { kind: 'revokeDefault', on: 'functions', privileges: ['EXECUTE'], from: 'PUBLIC' },
      { kind: 'grantDefault', inSchema: 'shared', on: 'types', privileges: ['USAGE'], to: 'anon' },
    ];
    const mapped = ops.map((op) => mapOperationNames(op, toAcme));
    expect(mapped.map((op) => ('inSchema' in op ? op.inSchema : undefined))).toEqual([
      'Acme Co',
      'Acme Co',
      undefined,
      'shared',
    ]);
    expect(compileOperation(mapped[0]!).map((s) => s.sql)).toEqual([
      'ALTER DEFAULT PRIVILEGES IN SCHEMA "Acme Co" GRANT SELECT ON TABLES TO "anon"',
    ]);
  });
});

describe('a grant on a wrapper or server in a fleet', () => {
  it("is the database's: a tenant's names leave it as it is, whatever its name", () => {
    const ops: Operation[] = [
      {
        kind: 'grant',
        on: { on: 'foreignDataWrapper', schema: '', name: 'tenant' },
        privileges: ['USAGE'],
        to: 'anon',
      },
      { kind: 'revoke', on: { on: 'foreignServer', schema: '', name: 'tenant' }, privileges: ['USAGE'], from: 'anon' },
    ];
    const mapped = ops.map((op) => mapOperationNames(op, toAcme));
    expect(mapped).toEqual(ops);
    expect(mapped.flatMap((op) => compileOperation(op).map((s) => s.sql))).toEqual([
      'GRANT USAGE ON FOREIGN DATA WRAPPER "tenant" TO "anon"',
      'REVOKE USAGE ON FOREIGN SERVER "tenant" FROM "anon"',
    ]);
  });
});

describe('runFleet', () => {
  const tenants = Array.from({ length: 12 }, (_, i) => `t${i}`);
  const pause = () => new Promise((resolve) => setTimeout(resolve, 2));

  it('never runs more than `concurrency` tenants at once, and reports progress', async () => {
    let running = 0;
    let peak = 0;
    const seen: FleetProgress[] = [];
    const outcomes = await runFleet(
      tenants,
      { concurrency: 3, canary: 0, continueOnError: false, onProgress: (p) => seen.push(p) },
      async (t) => {
        running += 1;
        peak = Math.max(peak, running);
        await pause();
        running -= 1;
        return t.toUpperCase();
      },
    );
    expect(peak).toBe(3);
    expect(outcomes.map((o) => [o.tenant, o.status, o.result])).toEqual(
      tenants.map((t) => [t, 'done', t.toUpperCase()]),
    );
    expect(seen.at(-1)).toMatchObject({ total: 12, done: 12, failed: 0, running: 0 });
  });

  it('stops starting tenants after a failure; with continueOnError it runs them all', async () => {
    const work = async (t: string) => {
      await pause();
      if (t === 't1') throw new Error('boom at postgres://u:pw@h/db');
      return t;
    };
    const stopped = await runFleet(tenants, { concurrency: 1, canary: 0, continueOnError: false }, work);
    expect(stopped.map((o) => o.status)).toEqual(['done', 'failed', ...Array(10).fill('skipped')]);
    expect(stopped[1]!.error).toBe('boom at postgres://u:****@h/db');
    expect(stopped[1]!.errorCode).toBe('unexpected');
    const all = await runFleet(tenants, { concurrency: 4, canary: 0, continueOnError: true }, work);
    expect(all.filter((o) => o.status !== 'done').map((o) => o.tenant)).toEqual(['t1']);
  });

  it("keeps the code of a tenant's error, also through a TenantFailure", async () => {
    const outcomes = await runFleet(['a', 'b'], { concurrency: 1, canary: 0, continueOnError: true }, async (t) => {
      const refused = new AthanorError('connect', `cannot connect to ${t}`);
      throw t === 'a' ? refused : new TenantFailure(refused, { from: [], to: null });
    });
    expect(outcomes.map((o) => [o.errorCode, o.error])).toEqual([
      ['connect', 'cannot connect to a'],
      ['connect', 'cannot connect to b'],
    ]);
  });

  it('runs the canary tenants first and stops there when one fails, even with continueOnError', async () => {
    const started: string[] = [];
    const outcomes = await runFleet(tenants, { concurrency: 8, canary: 3, continueOnError: true }, async (t) => {
      started.push(t);
      await pause();
      if (t === 't2') throw new Error('no');
    });
    expect(started).toEqual(['t0', 't1', 't2']);
    expect(outcomes.slice(3).every((o) => o.status === 'skipped')).toBe(true);
  });
});

describe('selectTenants', () => {
  const fleet = ['eu-1', 'eu-2', 'us-1', 'a.b'];
  it('takes all, names and patterns, in the fleet order, and lists what matches nothing', () => {
    expect(selectTenants(fleet, 'all')).toEqual({ selected: fleet, unmatched: [] });
    expect(selectTenants(fleet, 'us-1, eu-*')).toEqual({ selected: ['eu-1', 'eu-2', 'us-1'], unmatched: [] });
    expect(selectTenants(fleet, 'a?b,a.b,x*')).toEqual({ selected: ['a.b'], unmatched: ['a?b', 'x*'] });
  });
});

describe('printFleet', () => {
  const view = {
    record: (r: string) => ({ to: [r] }),
    cells: (r: string) => ({ from: 'base', to: r }),
    differs: (r: string) => r === 'odd',
  };
  const collect = (): Output & { lines: string[] } => {
    const lines: string[] = [];
    return { lines, stdout: (t) => lines.push(t), stderr: (t) => lines.push(t), exitCode: 0 };
  };

  it('lists every tenant of a small fleet, only the notable ones of a large one, and sets the exit code', () => {
    const outcomes: TenantOutcome<string>[] = Array.from({ length: 150 }, (_, i) =>
      i === 9
        ? { tenant: 't9', status: 'failed', milliseconds: 1, error: 'boom' }
        : { tenant: `t${i}`, status: 'done', result: i === 7 ? 'odd' : 'r5', milliseconds: 3 },
    );
    const out = collect();
    printFleet(out, outcomes, false, view);
    expect(out.lines.filter((l) => /^t\d/.test(l)).map((l) => l.split(/\s+/)[0])).toEqual(['t7', 't9']);
    expect(out.lines.at(-1)).toBe('150 tenant(s): 149 done, 1 failed, 0 not started');
    expect(out.exitCode).toBe(2);
    const small = collect();
    printFleet(small, outcomes.slice(0, 5), false, view);
    expect(small.lines.filter((l) => /^t\d/.test(l))).toHaveLength(5);
    expect(small.exitCode).toBe(0);
    const differing = collect();
    printFleet(differing, outcomes.slice(6, 8), true, view);
    expect(JSON.parse(differing.lines[0]!)).toEqual([
      { tenant: 't6', status: 'done', to: ['r5'], durationMs: 3, error: null, errorCode: null },
      { tenant: 't7', status: 'done', to: ['odd'], durationMs: 3, error: null, errorCode: null },
    ]);
    expect(differing.exitCode).toBe(1);
    const failed = collect();
    printFleet(failed, [{ ...outcomes[9]!, errorCode: 'connect' }], true, view);
    expect(JSON.parse(failed.lines[0]!)).toEqual([
      { tenant: 't9', status: 'failed', durationMs: 1, error: 'boom', errorCode: 'connect' },
    ]);
    const table = collect();
    printFleet(table, [{ ...outcomes[9]!, errorCode: 'connect' }], false, view);
    expect(table.lines.find((l) => l.startsWith('t9'))).toMatch(/ \[connect\] boom$/);
  });
});
