import { describe, expect, it } from 'vitest';
import { renderOperation } from '../../src/autogen/render/render-operations.js';
import { downgradePlan } from '../../src/autogen/order/downgrade.js';
import { renderDowngradeBody, renderUpgradeBody } from '../../src/autogen/render/render-revision-body.js';
import type { Operation } from '../../src/ops/operation.js';
import type { ColumnModel, ViewModel } from '../../src/schema/model.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { errorMessage } from '../../src/util/errors.js';

type Body = (op: unknown) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  arg: string,
  body: string,
) => Body;

/** Runs a rendered body against an `op` that records the kind of each call; what it throws is returned too. */
async function evaluate(body: string): Promise<{ calls: string[]; thrown: string | null }> {
  const calls: string[] = [];
  const op = new Proxy({}, { get: (_target, kind) => async () => void calls.push(String(kind)) });
  try {
    await new AsyncFunction('op', body)(op);
    return { calls, thrown: null };
  } catch (error) {
    return { calls, thrown: (error as Error).message };
  }
}

/** A statement hidden in an object name, after a line break of each kind JavaScript knows. */
const PAYLOAD = 'await op.execute(`DROP TABLE victim`); //';
const BREAKS = ['\n', '\r', '\r\n', '\u2028', '\u2029'];

function evilColumn(br: string): ColumnModel {
  return { name: `x${br}${PAYLOAD}`, type: 'integer', nullable: true, default: null, identity: null };
}

function view(name: string): ViewModel {
  return {
    schema: 'public',
    name,
    materialized: false,
    definition: ' SELECT 1 AS one;',
    options: [],
    columns: [{ name: 'one', type: 'integer' }],
    indexes: [],
    dependsOn: [],
  };
}

describe.each(BREAKS.map((br) => [JSON.stringify(br), br] as const))(
  'a name holding a line break (%s) cannot inject code',
  (_label, br) => {
    it('into the destructive warning of the upgrade, nor into the downgrade', async () => {
      const column = evilColumn(br);
      const ops: Operation[] = [
        { kind: 'dropColumn', schema: 'public', table: 't', column: column.name, removed: column },
      ];
      const upgrade = renderUpgradeBody(ops);
      expect(upgrade).toContain('// DESTRUCTIVE: drop column public.t.x');
      expect(await evaluate(upgrade)).toEqual({ calls: ['dropColumn'], thrown: null });
      expect(await evaluate(renderDowngradeBody(downgradePlan(ops)))).toEqual({ calls: ['addColumn'], thrown: null });
    });

    it('into the comment and the error of an operation that cannot be reversed', async () => {
      const name = `x${br}${PAYLOAD}`;
      const ops: Operation[] = [{ kind: 'dropColumn', schema: 'public', table: 't', column: name }];
      const downgrade = renderDowngradeBody(downgradePlan(ops));
      const why = errorMessage(
        new Error(
          `drop column public.t.${name} cannot be reversed: it does not carry the removed object; write its downgrade by hand`,
        ),
      );
      expect(await evaluate(downgrade)).toEqual({ calls: [], thrown: why });
    });

    it("into an operation's note", async () => {
      const note = `view public.v${br}${PAYLOAD} is dropped and created again: it depends on table public.t.`;
      const op: Operation = { kind: 'createView', view: view(`v${br}${PAYLOAD}`), note };
      expect(await evaluate(renderOperation(op, '  '))).toEqual({ calls: ['createView'], thrown: null });
      expect(await evaluate(renderUpgradeBody([op]))).toEqual({ calls: ['createView'], thrown: null });
      expect(await evaluate(renderDowngradeBody(downgradePlan([op])))).toEqual({ calls: ['dropView'], thrown: null });
    });
  },
);

describe('revision bodies', () => {
  it('write the warning above a destructive operation, one statement per operation, and the downgrade last first', () => {
    const column: ColumnModel = { name: 'email', type: 'text', nullable: true, default: null, identity: null };
    const ops: Operation[] = [
      {
        kind: 'createView',
        view: view('v'),
        note: 'view public.v is dropped and created again:\nit depends on table public.t.',
      },
      { kind: 'dropColumn', schema: 'public', table: 't', column: 'email', removed: column },
    ];
    expect(renderUpgradeBody(ops).split('\n')).toEqual([
      '  // view public.v is dropped and created again:',
      '  // it depends on table public.t.',
      '  await op.createView({',
      '    view: {',
      "      schema: 'public',",
      "      name: 'v',",
      "      definition: ' SELECT 1 AS one;',",
      '      columns: [',
      "        { name: 'one', type: 'integer' },",
      '      ],',
      '    },',
      '  });',
      // The hazards of the drop, data loss first; the codes are listed in docs/reference/hazards.md.
      '  // DESTRUCTIVE: drop column public.t.email; data in it is lost [drop-column]',
      '  // HAZARD: the running application still reads or writes public.t.email [column-dropped]',
      "  await op.dropColumn({ schema: 'public', table: 't', column: 'email' });",
    ]);
    const downgrade = renderDowngradeBody(downgradePlan(ops)).split('\n');
    expect(downgrade.filter((line) => line.startsWith('  await') || line.startsWith('  //'))).toEqual([
      "  await op.addColumn({ schema: 'public', table: 't', column: { name: 'email', type: 'text', nullable: true } });",
      '  // view public.v is dropped and created again:',
      '  // it depends on table public.t.',
      "  await op.dropView({ schema: 'public', name: 'v', materialized: false });",
    ]);
    expect(renderUpgradeBody([])).toBe('');
    expect(renderDowngradeBody(downgradePlan([]))).toBe('');
  });

  it('write an operation that cannot be reversed as a comment and a throw whose message is escaped', async () => {
    const ops: Operation[] = [{ kind: 'dropColumn', schema: 'public', table: 't', column: "it's" }];
    const why =
      "drop column public.t.it's cannot be reversed: it does not carry the removed object; write its downgrade by hand";
    expect(renderDowngradeBody(downgradePlan(ops)).split('\n')).toEqual([
      `  // ${why}`,
      `  throw new Error("${why}");`,
    ]);
    expect(await evaluate(renderDowngradeBody(downgradePlan(ops)))).toEqual({ calls: [], thrown: why });
  });

  it('throw before anything runs where an op.autocommit block would commit part of the downgrade first', async () => {
    const ops: Operation[] = [
      { kind: 'dropColumn', schema: 'public', table: 't', column: 'c' },
      {
        kind: 'createIndex',
        schema: 'public',
        table: 't',
        index: { name: 'i', unique: false, method: 'btree', columns: [{ column: 'a' }], where: null },
        online: true,
      } as Operation,
    ];
    const why =
      'drop column public.t.c cannot be reversed: it does not carry the removed object; write its downgrade by hand';
    const body = renderDowngradeBody(downgradePlan(ops));
    expect(await evaluate(body)).toEqual({ calls: [], thrown: why });
    // Where it belongs, a comment; the throw goes once the step is written there.
    const lines = body.split('\n');
    expect(lines.findIndex((l) => l.includes('op.autocommit'))).toBeLessThan(lines.lastIndexOf(`  // ${why}`));
    // A downgrade that runs in one transaction keeps its throw in place.
    expect(renderDowngradeBody(downgradePlan([ops[0]!])).split('\n')).toEqual([
      `  // ${why}`,
      `  throw new Error('${why}');`,
    ]);
  });
});

describe('the DESTRUCTIVE warning says what is at stake', () => {
  it('for a drop, a rebuilt table, and a narrowing type change', () => {
    const ops: Operation[] = [
      { kind: 'dropTable', schema: 'public', name: 'gone' },
      { kind: 'dropTable', schema: 'public', name: 'event', rowsKeptIn: 'public.event__athanor_stash' },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 't',
        column: 'n',
        to: { type: 'smallint' },
        from: { type: 'bigint' },
      },
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 't',
        column: 'm',
        to: { type: 'bigint' },
        from: { type: 'integer' },
      },
    ];
    const warnings = renderUpgradeBody(ops)
      .split('\n')
      .filter((line) => line.includes('DESTRUCTIVE'));
    expect(warnings).toEqual([
      '  // DESTRUCTIVE: drop table public.gone; data in it is lost [drop-table]',
      expect.stringMatching(
        /^ {2}\/\/ DESTRUCTIVE: drop table public\.event .*; values of columns the new table lacks are lost \[drop-table\]$/,
      ),
      expect.stringMatching(
        /^ {2}\/\/ DESTRUCTIVE: .*public\.t\.n.*; values may be cut, or fail to convert \[narrow-type\]$/,
      ),
    ]);
    // Both type changes rewrite the table; the widening one loses nothing.
    expect(renderUpgradeBody(ops).match(/\[rewrite-type\]/g)).toHaveLength(2);
  });

  it('in the downgrade too, where it narrows back what the upgrade widened; not on a drop of what the upgrade made', () => {
    const column: ColumnModel = { name: 'email', type: 'text', nullable: true, default: null, identity: null };
    const ops: Operation[] = [
      {
        kind: 'alterColumn',
        schema: 'public',
        table: 't',
        column: 'm',
        to: { type: 'bigint' },
        from: { type: 'integer' },
      },
      { kind: 'addColumn', schema: 'public', table: 't', column },
    ];
    const downgrade = renderDowngradeBody(downgradePlan(ops)).split('\n');
    expect(downgrade.filter((line) => line.includes('//'))).toEqual([
      '  // DESTRUCTIVE: alter column public.t.m: type bigint -> integer; values may be cut, or fail to convert [narrow-type]',
    ]);
    expect(downgrade.findIndex((line) => line.includes('DESTRUCTIVE'))).toBe(
      downgrade.findIndex((line) => line.includes('op.alterColumn(')) - 1,
    );
  });
});

describe('an online call', () => {
  const index = { name: 'i', unique: false, method: 'btree', columns: [{ column: 'a' }], where: null } as const;
  const ops: Operation[] = [
    { kind: 'createIndex', schema: 'public', table: 't', index, online: true },
    {
      kind: 'addConstraint',
      schema: 'public',
      table: 't',
      constraint: { type: 'check', name: 't_a_check', expression: '(a > 0)' },
      online: true,
    },
    { kind: 'createIndex', schema: 'public', table: 't', index: { ...index, name: 'plain' } },
  ];
  const options = { statements: compileOperation };

  /** The `// Runs:` comment right above each call, by the line of the call that follows it. */
  function runsComments(body: string): string[][] {
    const lines = body.split('\n');
    return lines.flatMap((line, i) => {
      if (line.trim() !== '// Runs:') return [];
      const end = lines.findIndex((l, j) => j > i && !l.trim().startsWith('//   '));
      expect(lines[end]).toMatch(/^\s*await op\./);
      return [lines.slice(i + 1, end).map((l) => l.trim().replace(/^\/\/ {3}/, ''))];
    });
  }

  it('has the SQL the compiler runs for it in a // Runs: comment above it, one line per statement', () => {
    const upgrade = renderUpgradeBody(ops, options);
    expect(runsComments(upgrade)).toEqual([
      [
        'when a rerun needs it: DROP INDEX CONCURRENTLY IF EXISTS "public"."i"',
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS "i" ON "public"."t" ("a")',
      ],
      [
        expect.stringMatching(
          /^DO \$athanor\$BEGIN IF NOT EXISTS .* CHECK \(\(a > 0\)\) NOT VALID; END IF; END\$athanor\$$/,
        ),
        'ALTER TABLE "public"."t" VALIDATE CONSTRAINT "t_a_check"',
      ],
    ]);
    expect(runsComments(upgrade).flat()).toEqual(
      [...compileOperation(ops[0]!), ...compileOperation(ops[1]!)].map((s) =>
        s.when === undefined ? s.sql : `when a rerun needs it: ${s.sql}`,
      ),
    );
    // The index built concurrently is dropped concurrently in the downgrade, with its statement too.
    expect(runsComments(renderDowngradeBody(downgradePlan(ops), options))).toEqual([
      ['DROP INDEX CONCURRENTLY IF EXISTS "public"."i"'],
    ]);
  });

  it('has no such comment without the compiler, and a plain call has none', () => {
    expect(renderUpgradeBody(ops)).not.toContain('Runs:');
    expect(renderUpgradeBody([ops[2]!], options)).not.toContain('Runs:');
  });
});
