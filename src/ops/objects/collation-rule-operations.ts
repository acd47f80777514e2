import {
  CREATED_AT_EXPAND,
  dropsNamed,
  dropsTablePart,
  HARMLESS,
  irreversible,
  RANK,
  removedOf,
  type FamilySpecs,
} from '../families/spec.js';
import type { OperationOf } from '../operation.js';
import { footprintOf, NONE, thing } from '../things.js';
import { mapRule } from '../../schema/names/map-model-names.js';
import type { CollationModel, RuleModel } from '../../schema/model.js';

/**
 * Collations and rules. A collation
 * cannot be altered: a changed one is dropped and created again; a changed
 * rule is replaced (`CREATE OR REPLACE RULE`).
 */

export type CollationRuleOperation = Readonly<
  | { kind: 'createCollation'; collation: CollationModel }
  | { kind: 'dropCollation'; schema: string; name: string; removed?: CollationModel }
  | { kind: 'createRule'; rule: RuleModel }
  | { kind: 'dropRule'; schema: string; table: string; name: string; removed?: RuleModel }
  /** `CREATE OR REPLACE RULE`; `from` is the rule before, for the reverse. */
  | { kind: 'replaceRule'; rule: RuleModel; from?: RuleModel }
>;

export type CreateCollation = Extract<CollationRuleOperation, { kind: 'createCollation' }>;

export type DropCollation = Extract<CollationRuleOperation, { kind: 'dropCollation' }>;

declare module '../operation.js' {
  interface OperationFamilies {
    readonly collationRule: CollationRuleOperation;
  }
}

export const COLLATION_RULE_SPECS: FamilySpecs<CollationRuleOperation['kind']> = {
  createCollation: {
    ...CREATED_AT_EXPAND,
    summary: 'Creates a collation (libc, ICU or builtin).',
    ...HARMLESS,
    describe: describeCreateCollation,
    reverse: (op) => ({
      kind: 'dropCollation',
      schema: op.collation.schema,
      name: op.collation.name,
      removed: op.collation,
    }),
    footprint: (op) =>
      footprintOf({
        makes: [thing.collation(op.collation.schema, op.collation.name)],
        needs: [thing.schema(op.collation.schema)],
      }),
    example: {
      collation: { schema: 'public', name: 'ci', provider: 'icu', locale: 'und-u-ks-level2', deterministic: false },
    },
    tieBreak: (op) => [RANK.first, op.collation.schema, op.collation.name],
    mapNames: (op, map) => ({ ...op, collation: { ...op.collation, schema: map.schema(op.collation.schema) } }),
  },
  dropCollation: {
    drops: dropsNamed('collation'),
    summary: 'Drops a collation.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropCollation,
    reverse: (op) => ({ kind: 'createCollation', collation: removedOf(describeDropCollation(op), op.removed) }),
    footprint: (op) =>
      footprintOf({ removes: [thing.collation(op.schema, op.name)], releases: [thing.schema(op.schema)] }),
    example: { schema: 'public', name: 'ci' },
    tieBreak: (op) => [RANK.first, op.schema, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: { ...op.removed, schema: map.schema(op.removed.schema) } } : {}),
    }),
  },
  createRule: {
    summary: 'Creates a rule from its definition.',
    ...HARMLESS,
    describe: describeRule,
    reverse: (op) => ({
      kind: 'dropRule',
      schema: op.rule.schema,
      table: op.rule.table,
      name: op.rule.name,
      removed: op.rule,
    }),
    footprint: (op) => footprintOf({ needs: [thing.relation(op.rule.schema, op.rule.table)] }),
    example: {
      rule: {
        schema: 'public',
        table: 'items',
        name: 'items_keep',
        definition: 'CREATE RULE items_keep AS ON DELETE TO public.items DO INSTEAD NOTHING',
      },
    },
    tieBreak: (op) => [RANK.first, op.rule.schema, op.rule.table, op.rule.name],
    mapNames: (op, map) => ({ ...op, rule: mapRule(op.rule, map) }),
  },
  dropRule: {
    drops: dropsTablePart('rule'),
    summary: 'Drops a rule.',
    unrendered: ['removed'],
    ...HARMLESS,
    describe: describeDropRule,
    reverse: (op) => ({ kind: 'createRule', rule: removedOf(describeDropRule(op), op.removed) }),
    footprint: () => NONE,
    example: { schema: 'public', table: 'items', name: 'items_keep' },
    tieBreak: (op) => [RANK.first, op.schema, op.table, op.name],
    mapNames: (op, map) => ({
      ...op,
      schema: map.schema(op.schema),
      ...(op.removed ? { removed: mapRule(op.removed, map) } : {}),
    }),
  },
  replaceRule: {
    summary: 'Replaces a rule (`CREATE OR REPLACE RULE`).',
    ...HARMLESS,
    describe: describeRule,
    reverse: (op) => {
      if (op.from === undefined)
        throw irreversible(describeRule(op), 'it does not say what the rule was before (from)');
      return { kind: 'replaceRule', rule: op.from, from: op.rule };
    },
    footprint: (op) => footprintOf({ needs: [thing.relation(op.rule.schema, op.rule.table)] }),
    example: {
      rule: {
        schema: 'public',
        table: 'items',
        name: 'items_keep',
        definition: 'CREATE RULE items_keep AS ON UPDATE TO public.items DO INSTEAD NOTHING',
      },
    },
    tieBreak: (op) => [RANK.first, op.rule.schema, op.rule.table, op.rule.name],
    mapNames: (op, map) => ({
      ...op,
      rule: mapRule(op.rule, map),
      ...(op.from ? { from: mapRule(op.from, map) } : {}),
    }),
  },
};

/** `create collation public.ci (icu, und-u-ks-level2, nondeterministic)`. */
function describeCreateCollation(op: CreateCollation): string {
  const c = op.collation;
  const locale = c.locale ?? `${c.lcCollate ?? ''}/${c.lcCtype ?? ''}`;
  const extras = [
    c.deterministic === false ? 'nondeterministic' : '',
    c.rules === undefined ? '' : 'with rules',
  ].filter((x) => x !== '');
  return `create collation ${c.schema}.${c.name} (${[c.provider, locale, ...extras].join(', ')})`;
}

function describeDropCollation(op: DropCollation): string {
  return `drop collation ${op.schema}.${op.name}`;
}

/** `create rule keep on public.items`. */
function describeRule(op: OperationOf<'createRule' | 'replaceRule'>): string {
  return `${op.kind === 'createRule' ? 'create' : 'replace'} rule ${op.rule.name} on ${op.rule.schema}.${op.rule.table}`;
}

function describeDropRule(op: OperationOf<'dropRule'>): string {
  return `drop rule ${op.name} on ${op.schema}.${op.table}`;
}
