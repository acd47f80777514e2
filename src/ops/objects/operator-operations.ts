import { operatorArgumentTypes, operatorSignature } from '../../schema/objects/model-operators.js';
import { assertNever } from '../../util/assert-never.js';
import { AthanorError } from '../../util/errors.js';
import type { Operation, OperationOf } from '../operation.js';
import { HARMLESS, noComments, RANK, type FamilySpecs } from '../families/spec.js';
import { footprintOf, NONE, thing, typesIn } from '../things.js';
import { mapOperator, mapOperatorClass } from '../../schema/names/map-model-names.js';
import type { NameMapper } from '../../schema/names/name-mapper.js';
import type { OperatorClassModel, OperatorModel } from '../../schema/model.js';

/**
 * The operations on user-defined operators (`CREATE OPERATOR`). `operation.ts`
 * adds them to the `Operation` union; `OPERATOR_SPECS` gives each kind's
 * description and reverse. Only the selectivity estimators change
 * in place (`ALTER OPERATOR ... SET (RESTRICT = ..., JOIN = ...)`, which every
 * supported server accepts); any other change drops the operator and creates it again.
 */

/** What `alterOperator` sets: an estimator's function, or null for none. */
export interface OperatorChange {
  readonly restrict?: string | null;
  readonly join?: string | null;
}

/** An operator's identity: schema, symbol and operand types (`left` null for a prefix operator). */
export interface OperatorName {
  readonly schema: string;
  readonly name: string;
  readonly left: string | null;
  readonly right: string;
}

export type OperatorOperation = Readonly<
  | { kind: 'createOperator'; operator: OperatorModel; note?: string }
  | (OperatorName & {
      kind: 'dropOperator';
      /** The operator dropped, for the reverse. */
      removed?: OperatorModel;
      /** Why it is dropped (to be created again, say); printed as a comment in revision files. */
      note?: string;
    })
  | (OperatorName & { kind: 'alterOperator'; to: OperatorChange; from?: OperatorChange })
  | { kind: 'createOperatorClass'; operatorClass: OperatorClassModel; note?: string }
  | {
      kind: 'dropOperatorClass';
      schema: string;
      name: string;
      method: string;
      /** Whether the class has a family of its own (of its name), dropped with it. */
      ownFamily: boolean;
      /** The class dropped, for the reverse. */
      removed?: OperatorClassModel;
      note?: string;
    }
>;

export type OperatorOperationKind = OperatorOperation['kind'];

declare module '../operation.js' {
  interface OperationFamilies {
    readonly operator: OperatorOperation;
  }
}

/** The identity of `o`, as the drop and alter operations name it. */
export function operatorName(o: OperatorName): OperatorName {
  return { schema: o.schema, name: o.name, left: o.left, right: o.right };
}

/** The `dropOperatorClass` that undoes creating `operatorClass`, carrying it. */
export function dropOperatorClassOf(c: OperatorClassModel, note?: string): OperationOf<'dropOperatorClass'> {
  const ownFamily = c.family === undefined;
  return {
    kind: 'dropOperatorClass',
    schema: c.schema,
    name: c.name,
    method: c.method,
    ownFamily,
    removed: c,
    ...(note === undefined ? {} : { note }),
  };
}

/** The `dropOperator` that undoes creating `operator`, carrying it. */
export function dropOperatorOf(operator: OperatorModel, note?: string): OperationOf<'dropOperator'> {
  return {
    kind: 'dropOperator',
    ...operatorName(operator),
    removed: operator,
    ...(note === undefined ? {} : { note }),
  };
}

function reverseOperatorOperation(op: OperatorOperation): Operation {
  switch (op.kind) {
    case 'createOperator':
      return dropOperatorOf(op.operator);
    case 'dropOperator':
      if (op.removed === undefined) throw irreversible(op, 'it does not carry the operator it drops (removed)');
      return { kind: 'createOperator', operator: op.removed };
    case 'alterOperator':
      if (op.from === undefined) throw irreversible(op, 'it does not say what the estimators were before (from)');
      return { kind: 'alterOperator', ...operatorName(op), to: op.from, from: op.to };
    case 'createOperatorClass':
      return dropOperatorClassOf(op.operatorClass);
    case 'dropOperatorClass':
      if (op.removed === undefined) throw irreversible(op, 'it does not carry the operator class it drops (removed)');
      return { kind: 'createOperatorClass', operatorClass: op.removed };
    default:
      return assertNever(op);
  }
}

function irreversible(op: OperatorOperation, why: string): AthanorError {
  return new AthanorError(
    'irreversible',
    `${describeOperatorOperation(op)} cannot be reversed: ${why}; write the downgrade by hand`,
  );
}

/** `create operator public.=== (public.money_t, public.money_t) calling public.money_eq`. */
function describeOperatorOperation(op: OperatorOperation): string {
  switch (op.kind) {
    case 'createOperator':
      return `create operator ${operatorSignature(op.operator)} calling ${op.operator.function}`;
    case 'dropOperator':
      return `drop operator ${operatorSignature(op)}`;
    case 'alterOperator': {
      const parts = (['restrict', 'join'] as const).flatMap((part) =>
        op.to[part] === undefined ? [] : [`${part} ${op.to[part] ?? 'none'}`],
      );
      return `alter operator ${operatorSignature(op)}: set ${parts.join(', ')}`;
    }
    case 'createOperatorClass':
      return `create operator class ${op.operatorClass.schema}.${op.operatorClass.name} for ${op.operatorClass.type} using ${op.operatorClass.method}`;
    case 'dropOperatorClass':
      return `drop operator class ${op.schema}.${op.name} using ${op.method}${op.ownFamily ? ' with its family' : ''}`;
    default:
      return assertNever(op);
  }
}

export const OPERATOR_SPECS: FamilySpecs<OperatorOperationKind> = {
  createOperator: {
    summary: 'Creates an operator.',
    ...HARMLESS,
    describe: describeOperatorOperation,
    reverse: reverseOperatorOperation,
    footprint: (op) =>
      footprintOf({
        needs: [
          thing.schema(op.operator.schema),
          ...(op.operator.left === null ? [] : typesIn(op.operator.left)),
          ...typesIn(op.operator.right),
        ],
      }),
    example: {
      operator: {
        schema: 'public',
        name: '===',
        left: 'text',
        right: 'text',
        function: 'public.ci_eq',
        commutator: 'OPERATOR(public.===)',
        negator: 'OPERATOR(public.!==)',
        restrict: 'eqsel',
        join: 'eqjoinsel',
        hashes: true,
      },
    },
    tieBreak: (op) => [RANK.first, op.operator.schema, op.operator.name, op.operator.left ?? '', op.operator.right],
    mapNames: (op, map) => ({ ...op, operator: mapOperator(op.operator, map) }),
  },
  dropOperator: {
    drops: (op) => [{ on: 'operator', schema: op.schema, name: op.name, argumentTypes: operatorArgumentTypes(op) }],
    summary: 'Drops an operator.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeOperatorOperation,
    reverse: reverseOperatorOperation,
    footprint: (op) =>
      footprintOf({
        releases: [thing.schema(op.schema), ...(op.left === null ? [] : typesIn(op.left)), ...typesIn(op.right)],
      }),
    example: { schema: 'public', name: '===', left: 'text', right: 'text' },
    tieBreak: (op) => [RANK.second, op.schema, op.name, op.left ?? '', op.right],
    mapNames: (op, map) => ({
      ...op,
      ...mapOperatorName(op, map),
      ...(op.removed ? { removed: mapOperator(op.removed, map) } : {}),
    }),
  },
  alterOperator: {
    summary: "Changes an operator's selectivity estimators.",
    ...HARMLESS,
    describe: describeOperatorOperation,
    reverse: reverseOperatorOperation,
    footprint: () => NONE,
    example: {
      schema: 'public',
      name: '===',
      left: 'text',
      right: 'text',
      to: { restrict: 'scalarltsel', join: null },
      from: { restrict: 'eqsel', join: 'eqjoinsel' },
    },
    tieBreak: (op) => [RANK.first, op.schema, op.name, op.left ?? '', op.right],
    mapNames: (op, map) => ({
      ...op,
      ...mapOperatorName(op, map),
      to: mapOperatorChange(op.to, map),
      ...(op.from ? { from: mapOperatorChange(op.from, map) } : {}),
    }),
  },
  createOperatorClass: {
    summary: 'Creates an operator class for an index method.',
    ...HARMLESS,
    describe: describeOperatorOperation,
    reverse: reverseOperatorOperation,
    footprint: (op) =>
      footprintOf({ needs: [thing.schema(op.operatorClass.schema), ...typesIn(op.operatorClass.type)] }),
    example: {
      operatorClass: {
        schema: 'public',
        name: 'ci_ops',
        method: 'btree',
        type: 'text',
        items: [
          'OPERATOR 1 public.<<<(text,text)',
          'OPERATOR 3 public.===(text,text)',
          'FUNCTION 1 public.ci_cmp(text,text)',
        ],
      },
    },
    tieBreak: (op) => [RANK.first, op.operatorClass.schema, op.operatorClass.name, op.operatorClass.method],
    mapNames: (op, map) => ({ ...op, operatorClass: mapOperatorClass(op.operatorClass, map) }),
  },
  dropOperatorClass: {
    drops: noComments,
    summary: 'Drops an operator class (and its family, when it has one of its own).',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeOperatorOperation,
    reverse: reverseOperatorOperation,
    footprint: (op) =>
      footprintOf({
        releases: [thing.schema(op.schema), ...(op.removed === undefined ? [] : typesIn(op.removed.type))],
      }),
    example: { schema: 'public', name: 'ci_ops', method: 'btree', ownFamily: true },
    tieBreak: (op) => [RANK.first, op.schema, op.name, op.method],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapOperatorClass(op.removed, map) } : {}),
    }),
  },
};

function mapOperatorName(o: OperatorName, map: NameMapper): OperatorName {
  return {
    schema: map.schema(o.schema),
    name: o.name,
    left: o.left === null ? null : map.text(o.left),
    right: map.text(o.right),
  };
}

function mapOperatorChange(change: OperatorChange, map: NameMapper): OperatorChange {
  const { restrict, join } = change;
  return {
    ...(restrict !== undefined ? { restrict: restrict === null ? null : map.text(restrict) } : {}),
    ...(join !== undefined ? { join: join === null ? null : map.text(join) } : {}),
  };
}
