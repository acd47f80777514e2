import type { OperatorClassModel, OperatorModel } from '../../model.js';
import { operatorSymbolProblem } from '../../objects/model-operators.js';
import { formatIdentifier } from '../../../sql/identifier.js';
import { invalidModel } from '../invalid-model.js';

/**
 * `metadata.operator()`: a user-defined operator (`CREATE OPERATOR`). Types
 * and functions are written as Postgres prints them, schema-qualified unless
 * built in; the commutator and negator by their symbol (in the operator's
 * own schema) or `OPERATOR(schema.symbol)`:
 * `metadata.operator({ name: '===', left: 'public.money_t', right: 'public.money_t', function: 'public.money_eq', commutator: '===' })`.
 */
export interface OperatorOptions {
  /** The symbol, `===`. */
  name: string;
  /** Defaults to the metadata's schema. */
  schema?: string;
  /** The left operand's type; left out for a prefix operator. */
  left?: string;
  right: string;
  /** The function computing it, schema-qualified: `public.money_eq`. */
  function: string;
  commutator?: string;
  negator?: string;
  /** Restriction selectivity estimator: `eqsel`, `scalarltsel`, ... */
  restrict?: string;
  /** Join selectivity estimator: `eqjoinsel`, ... */
  join?: string;
  hashes?: boolean;
  merges?: boolean;
  /** `COMMENT ON OPERATOR`. */
  comment?: string;
}

export interface OperatorDef {
  readonly kind: 'operator';
  readonly schema: string;
  readonly options: OperatorOptions;
}

export function operatorDef(schema: string, options: OperatorOptions): OperatorDef {
  return Object.freeze({ kind: 'operator', schema: options.schema ?? schema, options: { ...options } });
}

/** The operator as the model holds it: the commutator and negator as `OPERATOR(schema.symbol)`. */
export function operatorModel(def: OperatorDef): OperatorModel {
  const o = def.options;
  const where = `operator ${def.schema}.${String(o.name)}`;
  const problem = typeof o.name === 'string' ? operatorSymbolProblem(o.name) : 'needs a name';
  if (problem !== null) throw invalidModel(where, problem);
  if (!nonEmpty(o.right))
    throw invalidModel(where, 'needs its right operand type (right); a postfix operator cannot be declared');
  if (o.left !== undefined && !nonEmpty(o.left))
    throw invalidModel(where, 'left must be a type name, or left out for a prefix operator');
  if (!nonEmpty(o.function)) throw invalidModel(where, 'needs the function it calls (function), e.g. public.money_eq');
  const commutator = o.commutator === undefined ? undefined : operatorReference(where, o.commutator, def.schema);
  const negator = o.negator === undefined ? undefined : operatorReference(where, o.negator, def.schema);
  const [restrict, join] = (['restrict', 'join'] as const).map((part) => {
    const value = o[part];
    if (value === undefined) return undefined;
    if (!nonEmpty(value)) throw invalidModel(where, `${part} must name a function`);
    return value.trim();
  });
  return {
    schema: def.schema,
    name: o.name,
    left: o.left?.trim() ?? null,
    right: o.right.trim(),
    function: o.function.trim(),
    ...(commutator !== undefined ? { commutator } : {}),
    ...(negator !== undefined ? { negator } : {}),
    ...(restrict !== undefined ? { restrict } : {}),
    ...(join !== undefined ? { join } : {}),
    ...(o.hashes === true ? { hashes: true } : {}),
    ...(o.merges === true ? { merges: true } : {}),
  };
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** `===`, `app.===` or `OPERATOR(app.===)` as `OPERATOR(app.===)`; a bare symbol is in `schema`. */
function operatorReference(where: string, text: string, schema: string): string {
  const spelled = typeof text === 'string' ? text.trim() : '';
  const inner = /^operator\s*\(\s*(.*?)\s*\)$/is.exec(spelled)?.[1] ?? spelled;
  const dot = inner.lastIndexOf('.');
  const symbol = inner.slice(dot + 1).trim();
  if (operatorSymbolProblem(symbol) !== null)
    throw invalidModel(where, `"${String(text)}" is not an operator: write its symbol, or OPERATOR(schema.symbol)`);
  const owner = dot < 0 ? formatIdentifier(schema) : inner.slice(0, dot).trim();
  return `OPERATOR(${owner}.${symbol})`;
}

/**
 * `metadata.operatorClass()`: an operator class (`CREATE OPERATOR CLASS`) for
 * an index method, with its members as `CREATE OPERATOR CLASS` lists them:
 * `metadata.operatorClass({ name: 'pair_ops', type: 'public.pair', method: 'btree', default: true,
 * items: ['OPERATOR 1 <<<', 'OPERATOR 3 ===', 'FUNCTION 1 public.pair_cmp(public.pair, public.pair)'] })`.
 */
export interface OperatorClassOptions {
  name: string;
  /** Defaults to the metadata's schema. */
  schema?: string;
  /** The indexed type. */
  type: string;
  /** The index method: `btree`, `hash`, `gist`, ... */
  method: string;
  default?: boolean;
  /** An existing family, `schema.name`; by default the class makes its own, of its name. */
  family?: string;
  /** `STORAGE`: the type stored in the index. */
  storage?: string;
  /** `OPERATOR strategy operator [FOR ORDER BY family]` and `FUNCTION support [(types)] function(argument types)`. */
  items: string[];
}

export interface OperatorClassDef {
  readonly kind: 'operatorClass';
  readonly schema: string;
  readonly options: OperatorClassOptions;
}

export function operatorClassDef(schema: string, options: OperatorClassOptions): OperatorClassDef {
  return Object.freeze({
    kind: 'operatorClass',
    schema: options.schema ?? schema,
    options: { ...options, items: [...(options.items ?? [])] },
  });
}

/** The `metadata.*` method of operators; `schema` is the metadata's. */
export const OPERATOR_METHODS = {
  /** `CREATE OPERATOR schema.name (LEFTARG, RIGHTARG, FUNCTION, ...)`, in the metadata's schema unless `schema` says otherwise. */
  operator: (schema: string, options: OperatorOptions): OperatorDef => operatorDef(schema, options),
};

/** The `metadata.*` method of operator classes; `schema` is the metadata's. */
export const OPERATOR_CLASS_METHODS = {
  /** `CREATE OPERATOR CLASS schema.name [DEFAULT] FOR TYPE type USING method AS items`, with a family of its own unless `family` names one. */
  operatorClass: (schema: string, options: OperatorClassOptions): OperatorClassDef => operatorClassDef(schema, options),
};

export function operatorClassModel(def: OperatorClassDef): OperatorClassModel {
  const o = def.options;
  const where = `operator class ${def.schema}.${String(o.name)}`;
  if (!nonEmpty(o.name)) throw invalidModel('metadata.operatorClass()', 'needs a name');
  if (!nonEmpty(o.type)) throw invalidModel(where, 'needs the type it indexes (type)');
  if (typeof o.method !== 'string' || !/^[a-z_][a-z0-9_]*$/.test(o.method))
    throw invalidModel(where, 'needs its index method (method), e.g. btree');
  if (o.items.length === 0) throw invalidModel(where, 'needs at least one OPERATOR or FUNCTION item');
  for (const item of o.items) {
    if (typeof item !== 'string' || !/^\s*(operator|function)\s+\d+\s+\S/is.test(item)) {
      throw invalidModel(
        where,
        `"${String(item)}" is not an item: write OPERATOR strategy operator, or FUNCTION support function(argument types)`,
      );
    }
  }
  return {
    schema: def.schema,
    name: o.name,
    method: o.method,
    type: o.type.trim(),
    items: o.items.map((i) => i.trim()),
    ...(o.default === true ? { default: true } : {}),
    ...(o.family !== undefined ? { family: o.family.trim() } : {}),
    ...(o.storage !== undefined ? { storage: o.storage.trim() } : {}),
  };
}
