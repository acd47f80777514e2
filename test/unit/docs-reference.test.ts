import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { exampleOperation, REFERENCE_COMMAND, referencePages } from '../../src/docs-reference.js';
import { HAZARD_CODES } from '../../src/ops/hazard-codes.js';
import { operationOf, type LiteralPayload } from '../../src/ops/literal-defaults.js';
import { OPERATION_FAMILIES } from '../../src/ops/operation-specs.js';
import type { Operation, OperationKind } from '../../src/ops/operation.js';
import { kindsWithoutMethod } from '../../src/runtime/operations.js';
import { ERROR_CODES } from '../../src/util/error-codes.js';

/**
 * docs/reference/ is written from the code (src/docs-reference.ts): each page
 * checked in must be what the code renders now, so the reference cannot drift.
 */
const DIR = fileURLToPath(new URL('../../docs/reference/', import.meta.url));
const pages = referencePages();

/** Every operation kind: a new kind fails to compile here until it is listed. */
const KINDS: Record<OperationKind, true> = {
  createSchema: true,
  backfill: true,
  createStatistics: true,
  dropStatistics: true,
  alterStatistics: true,
  createPublication: true,
  dropPublication: true,
  alterPublication: true,
  dropSchema: true,
  createEnum: true,
  dropEnum: true,
  addEnumValue: true,
  createTable: true,
  dropTable: true,
  addColumn: true,
  dropColumn: true,
  alterColumn: true,
  addConstraint: true,
  dropConstraint: true,
  alterConstraint: true,
  createIndex: true,
  dropIndex: true,
  renameIndex: true,
  setIndexStatistics: true,
  executeSql: true,
  setUnlogged: true,
  setReplicaIdentity: true,
  setClusterOn: true,
  setStorageParameters: true,
  renameSchema: true,
  renameTable: true,
  renameColumn: true,
  renameObject: true,
  renameEnumValue: true,
  replaceEnum: true,
  setRowLevelSecurity: true,
  createPolicy: true,
  dropPolicy: true,
  attachPartition: true,
  detachPartition: true,
  inheritTable: true,
  noInheritTable: true,
  stashRows: true,
  restoreRows: true,
  createExtension: true,
  dropExtension: true,
  createCollation: true,
  dropCollation: true,
  createRule: true,
  replaceRule: true,
  dropRule: true,
  createCast: true,
  dropCast: true,
  createTextSearchDictionary: true,
  alterTextSearchDictionary: true,
  dropTextSearchDictionary: true,
  createTextSearchConfiguration: true,
  alterTextSearchConfiguration: true,
  dropTextSearchConfiguration: true,
  createOperator: true,
  dropOperator: true,
  alterOperator: true,
  createOperatorClass: true,
  dropOperatorClass: true,
  createForeignDataWrapper: true,
  dropForeignDataWrapper: true,
  alterForeignDataWrapper: true,
  createForeignServer: true,
  dropForeignServer: true,
  alterForeignServer: true,
  createForeignTable: true,
  dropForeignTable: true,
  alterForeignTable: true,
  alterExtension: true,
  replaceDomain: true,
  createSequence: true,
  dropSequence: true,
  alterSequence: true,
  createDomain: true,
  dropDomain: true,
  alterDomain: true,
  createView: true,
  dropView: true,
  replaceView: true,
  createFunction: true,
  dropFunction: true,
  replaceFunction: true,
  createTrigger: true,
  dropTrigger: true,
  setComment: true,
  grant: true,
  revoke: true,
  grantDefault: true,
  revokeDefault: true,
  alterOwner: true,
  createCompositeType: true,
  dropCompositeType: true,
  createRangeType: true,
  dropRangeType: true,
  alterFiring: true,
  createEventTrigger: true,
  dropEventTrigger: true,
  alterEventTrigger: true,
  addCompositeAttribute: true,
  dropCompositeAttribute: true,
  alterCompositeAttribute: true,
};

/** Each `### kind` section of the operations page with its ```ts call. */
function operationSections(): { kind: string; call: string }[] {
  const pattern = /^### (\w+)\n[\s\S]*?```ts\n([\s\S]*?)\n```/gm;
  return [...pages['operations.md']!.matchAll(pattern)].map((m) => ({ kind: m[1]!, call: m[2]! }));
}

/** Runs a rendered `await op.x({...})` against a recorder and returns the operation it builds, as the `op` facade does. */
async function record(call: string): Promise<Operation> {
  const ops: Operation[] = [];
  const op = new Proxy(
    {},
    {
      get: (_t, kind: OperationKind) => async (payload: LiteralPayload<OperationKind>) =>
        void ops.push(operationOf(kind, payload)),
    },
  );
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (op: unknown) => Promise<void>;
  await new AsyncFunction('op', call)(op);
  expect(ops).toHaveLength(1);
  return ops[0]!;
}

describe('docs/reference/', () => {
  it.each(Object.keys(pages))('%s is what the code renders', (name) => {
    const checkedIn = readFileSync(join(DIR, name), 'utf8');
    expect(checkedIn, `docs/reference/${name} differs from the code: run \`${REFERENCE_COMMAND}\``).toBe(pages[name]);
  });

  it('holds only the pages the code renders', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(pages).sort());
  });

  it('has a section for every command of the CLI, with its options', () => {
    const program = buildProgram({ stdout: () => undefined, stderr: () => undefined, exitCode: 0 }, '.');
    const commands = program.commands.map((c) => c.name());
    expect(commands.length).toBeGreaterThan(15);
    const sections = [...pages['cli.md']!.matchAll(/^## migrate (\S+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(commands);
    const upgrade = pages['cli.md']!.split('\n## ').find((s) => s.startsWith('migrate upgrade\n'))!;
    expect(upgrade).toContain('| `--lock-timeout <time>` |');
    expect(upgrade).toContain('migrate upgrade head\n');
  });

  it('lists every error code once, linked to its troubleshooting entry', () => {
    const codes = [...pages['errors.md']!.matchAll(/^\| \[`([a-z-]+)`\]\(\.\.\/troubleshooting\.md#\1\) \|/gm)];
    expect(codes.map((m) => m[1])).toEqual(Object.keys(ERROR_CODES));
  });

  it('lists every hazard code with its family, and no other', () => {
    const rows = [...pages['hazards.md']!.matchAll(/^\| `([a-z-]+)` \| ([a-z-]+) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(HAZARD_CODES));
  });

  it('has a section for every operation kind, each in its family, and an `op` method for each', () => {
    expect(kindsWithoutMethod()).toEqual([]);
    const families = OPERATION_FAMILIES.flatMap((f) => f.kinds);
    expect([...families].sort()).toEqual(Object.keys(KINDS).sort());
    expect(operationSections().map((s) => s.kind)).toEqual(families);
  });

  it.each(operationSections())(
    'shows a $kind call that runs the operation its SQL is compiled from',
    async ({ kind, call }) => {
      expect(await record(call)).toEqual(exampleOperation(kind as OperationKind));
    },
  );
});
