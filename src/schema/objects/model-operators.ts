import { compareText } from '../../util/strings.js';

/**
 * The model of a user-defined operator (`CREATE OPERATOR`). `model.ts`
 * re-exports it. Optional parts are present only when set.
 */
export interface OperatorModel {
  readonly schema: string;
  /** The operator's symbol, `===`. */
  readonly name: string;
  /** The left operand's type as `format_type()` prints it; null for a prefix operator (`LEFTARG` left out). */
  readonly left: string | null;
  readonly right: string;
  /** The function it calls, `public.money_eq` (bare when in pg_catalog). */
  readonly function: string;
  /** `OPERATOR(public.===)`: the commutator, always schema-qualified. */
  readonly commutator?: string;
  readonly negator?: string;
  /** The restriction selectivity estimator, `eqsel` or `public.my_sel`. */
  readonly restrict?: string;
  /** The join selectivity estimator, `eqjoinsel`. */
  readonly join?: string;
  readonly hashes?: true;
  readonly merges?: true;
}

/** The key of an operator: schema, symbol and operand types, `public.===(public.money_t, public.money_t)`. */
export function operatorKey(o: { schema: string; name: string; left: string | null; right: string }): string {
  return `${o.schema}.${o.name}(${o.left ?? 'NONE'}, ${o.right})`;
}

/** Schema, symbol, then left and right operand types. */
export function compareOperators(a: OperatorModel, b: OperatorModel): number {
  return (
    compareText(a.schema, b.schema) ||
    compareText(a.name, b.name) ||
    compareText(a.left ?? '', b.left ?? '') ||
    compareText(a.right, b.right)
  );
}

/** The operand types as `COMMENT ON OPERATOR` names them and a comment's target holds them: `text, text`, `NONE, text`. */
export function operatorArgumentTypes(o: { left: string | null; right: string }): string {
  return `${o.left ?? 'NONE'}, ${o.right}`;
}

/** How an operator is named in `DROP OPERATOR` and messages: `public.=== (public.money_t, public.money_t)`. */
export function operatorSignature(o: { schema: string; name: string; left: string | null; right: string }): string {
  return `${o.schema}.${o.name} (${o.left ?? 'NONE'}, ${o.right})`;
}

/** The characters an operator's symbol is made of. */
const OPERATOR_SYMBOL = /^[+\-*/<>=~!@#%^&|`?]{1,63}$/;

/**
 * Why a symbol cannot name an operator, or null when it can: Postgres'
 * rules (no `--` or `/*`, a longer name ends in `+` or `-` only when it holds
 * one of ``~ ! @ # % ^ & | ` ?``).
 */
export function operatorSymbolProblem(name: string): string | null {
  if (!OPERATOR_SYMBOL.test(name))
    return 'an operator is named by 1 to 63 of the characters + - * / < > = ~ ! @ # % ^ & | ` ?';
  if (name.includes('--') || name.includes('/*')) return 'an operator name cannot contain -- or /*';
  if (name.length > 1 && /[+-]$/.test(name) && !/[~!@#%^&|`?]/.test(name)) {
    return 'an operator name of more than one character ends in + or - only when it also holds one of ~ ! @ # % ^ & | ` ?';
  }
  return null;
}

/**
 * An operator class (`CREATE OPERATOR CLASS`) with the family it makes for
 * itself (one of the same name), or in `family`. Its members are written as
 * `CREATE OPERATOR CLASS` lists them, as the server prints them:
 * `OPERATOR 1 public.<<<(public.pair,public.pair)`,
 * `FUNCTION 1 (public.pair, public.pair) public.pair_cmp(public.pair,public.pair)`.
 */
export interface OperatorClassModel {
  readonly schema: string;
  readonly name: string;
  /** The index method: `btree`, `hash`, `gist`, ... */
  readonly method: string;
  /** The indexed type, as `format_type()` prints it. */
  readonly type: string;
  /** `DEFAULT`: the class indexes of the type use unless they name another. */
  readonly default?: true;
  /** The family, `schema.name`, when it is not the class's own. */
  readonly family?: string;
  /** `STORAGE`: the type stored in the index, when not the indexed type. */
  readonly storage?: string;
  /** `OPERATOR` and `FUNCTION` items, in strategy and support number order. */
  readonly items: readonly string[];
}

/** `public.pair_ops using btree`: an operator class's identity. */
export function operatorClassKey(c: { schema: string; name: string; method: string }): string {
  return `${c.schema}.${c.name} using ${c.method}`;
}

export function compareOperatorClasses(a: OperatorClassModel, b: OperatorClassModel): number {
  return compareText(a.schema, b.schema) || compareText(a.name, b.name) || compareText(a.method, b.method);
}
