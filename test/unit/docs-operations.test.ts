import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operationOf, type LiteralPayload } from '../../src/ops/literal-defaults.js';
import type { Operation, OperationKind } from '../../src/ops/operation.js';
import { compileOperation } from '../../src/pg/ddl/compile.js';
import { everyKindHasMethod } from '../../src/runtime/operations.js';

const DOC = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');

interface Example {
  kind: string;
  call: string;
  sql: string;
}

/** Each `### kind` section's ```ts call and the ```sql block after it. */
function examples(): Example[] {
  const found: Example[] = [];
  const pattern = /^### (\w+)\n+```ts\n([\s\S]*?)\n```\n+```sql\n([\s\S]*?)\n```/gm;
  for (const match of DOC.matchAll(pattern)) found.push({ kind: match[1]!, call: match[2]!, sql: match[3]! });
  return found;
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

describe('docs/operations.md', () => {
  it('documents every operation kind', () => {
    expect(everyKindHasMethod).toBe(true);
    const documented = new Set(examples().map((e) => e.kind));
    const kinds: Record<OperationKind, true> = {
      createSchema: true,
      backfill: true,
      createStatistics: true,
      dropStatistics: true,
      alterStatistics: true,
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
      createIndex: true,
      dropIndex: true,
      renameIndex: true,
      executeSql: true,
      setUnlogged: true,
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
      createCompositeType: true,
      dropCompositeType: true,
      addCompositeAttribute: true,
      dropCompositeAttribute: true,
      alterCompositeAttribute: true,
    };
    expect([...documented].sort()).toEqual(Object.keys(kinds).sort());
  });

  it.each(examples())('shows the SQL that $kind really compiles to', async ({ kind, call, sql }) => {
    const op = await record(call);
    expect(op.kind).toBe(kind);
    expect(
      compileOperation(op)
        .map((s) => `${s.sql};`)
        .join('\n'),
    ).toBe(sql);
  });
});
