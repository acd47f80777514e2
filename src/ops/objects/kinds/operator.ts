import type { OperatorClassModel, OperatorModel } from '../../../schema/model.js';

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
