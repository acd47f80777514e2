import type { Firing, RuleModel } from '../../model.js';
import { firingOf } from '../../build/build-firing.js';
import { invalidModel } from '../invalid-model.js';
import { isPunct, isWord, tokenizeSql } from '../../../sql/lexer.js';
import { isSqlExpr, type SqlExpr } from '../sql.js';

/**
 * `metadata.rule()`: a rewrite rule, declared by its whole `CREATE RULE`
 * statement (`CREATE RULE keep AS ON DELETE TO items DO INSTEAD NOTHING`).
 */
export interface RuleDef {
  readonly kind: 'rule';
  readonly definition: SqlExpr;
  readonly name: string;
  /** The table or view it is on (and its schema, the metadata's when unqualified). */
  readonly schema: string;
  readonly table: string;
  readonly options: RuleOptions;
}

export interface RuleOptions {
  /** When it fires, other than by default: `'always'`, `'replica'` (only on a replica) or `'disabled'`. */
  readonly firing?: Firing;
}

/** Reads `CREATE [OR REPLACE] RULE name AS ON event TO [schema.]table`. */
export function ruleDef(definition: unknown, schema: string, options: RuleOptions = {}): RuleDef {
  const problem = 'expects a CREATE RULE name AS ON event TO table ... statement written as sql`...`';
  if (!isSqlExpr(definition)) throw invalidModel('metadata.rule()', problem);
  const tokens = tokenizeSql(definition.text);
  const at = tokens.findIndex((t) => isWord(t, 'rule'));
  const name = tokens[at + 1];
  const to = tokens.findIndex((t, i) => i > at + 1 && isWord(t, 'to'));
  const first = tokens[to + 1];
  const dot = tokens[to + 2];
  const second = tokens[to + 3];
  if (!isWord(tokens[0], 'create') || at < 0 || name?.kind !== 'ident' || to < 0 || first?.kind !== 'ident')
    throw invalidModel('metadata.rule()', problem);
  const qualified = isPunct(dot, '.') && second?.kind === 'ident';
  return Object.freeze({
    kind: 'rule',
    definition,
    name: name.text,
    schema: qualified ? first.text : schema,
    table: qualified ? second.text : first.text,
    options: Object.freeze({ ...options }),
  });
}

/** The `metadata.*` method of rules; `schema` is the metadata's. */
export const RULE_METHODS = {
  /** A rewrite rule: its whole `CREATE RULE name AS ON event TO table ...` statement. */
  rule: (schema: string, definition: SqlExpr, options?: RuleOptions): RuleDef => ruleDef(definition, schema, options),
};

export function ruleModel(def: RuleDef): RuleModel {
  const model = { schema: def.schema, table: def.table, name: def.name, definition: def.definition.text };
  return { ...model, ...firingOf(`rule ${def.name} on ${def.schema}.${def.table}`, def.options.firing) };
}
