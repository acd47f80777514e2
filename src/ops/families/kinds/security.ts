import type { PolicyModel, RowLevelSecurityModel } from '../../../schema/model.js';

/** Row-level security and policies. Dropping a policy opens rows it hid, which is not data loss. */
export type SecurityOperation = Readonly<
  | {
      kind: 'setRowLevelSecurity';
      schema: string;
      table: string;
      to: RowLevelSecurityModel;
      /** The switches before; needed to reverse it. */
      from?: RowLevelSecurityModel;
    }
  | { kind: 'createPolicy'; schema: string; table: string; policy: PolicyModel }
  | { kind: 'dropPolicy'; schema: string; table: string; name: string; removed?: PolicyModel }
>;

export type Op<K extends SecurityOperation['kind']> = Extract<SecurityOperation, { kind: K }>;
