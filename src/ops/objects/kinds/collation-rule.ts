import type { CollationModel, RuleModel } from '../../../schema/model.js';

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
