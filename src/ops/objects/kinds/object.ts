import type {
  CheckModel,
  CommentTarget,
  DomainModel,
  ExtensionModel,
  SequenceModel,
  TriggerModel,
} from '../../../schema/model.js';

/**
 * The operations on objects that live in a schema besides tables, enums,
 * views and routines: extensions, sequences, domains, triggers, and comments
 * on anything.
 */
export type ObjectOperation = Readonly<
  | { kind: 'createExtension'; extension: ExtensionModel }
  | { kind: 'dropExtension'; name: string; removed?: ExtensionModel }
  | {
      /**
       * `ALTER EXTENSION name SET SCHEMA schema`: the extension's objects (its
       * types among them) move with it. Postgres refuses it for an extension
       * that is not relocatable.
       */
      kind: 'alterExtension';
      name: string;
      /** The schema it moves to. */
      schema: string;
      /** The schema it was in; needed to reverse it. */
      from?: string;
    }
  | { kind: 'createSequence'; sequence: SequenceModel }
  | { kind: 'dropSequence'; schema: string; name: string; removed?: SequenceModel }
  | { kind: 'alterSequence'; schema: string; name: string; to: SequenceChange; from?: SequenceChange }
  | { kind: 'createDomain'; domain: DomainModel }
  | { kind: 'dropDomain'; schema: string; name: string; removed?: DomainModel }
  | { kind: 'alterDomain'; schema: string; name: string; to: DomainChange; from?: DomainChange }
  | {
      /**
       * Replaces a domain whose base type changes, which Postgres cannot do in
       * place: the new domain is created under a temporary name, every column
       * using the old one is converted through the new base type (defaults
       * dropped before and set again after), the old domain is dropped and the
       * new one takes its name.
       */
      kind: 'replaceDomain';
      /** The domain after the replacement. */
      domain: DomainModel;
      /** The domain before; needed to reverse it. */
      from?: DomainModel;
      /** The columns converted or whose defaults name the domain, in (schema, table, column) order. */
      columns: readonly DomainColumnUse[];
      /**
       * Comments on the domain and its checks as they are before, set again
       * on the new domain (on the checks it has); a comment that changes is a
       * `setComment` of its own after this step.
       */
      comments?: DomainComments;
      /** Printed as a comment in revision files. */
      note?: string;
    }
  | { kind: 'createTrigger'; trigger: TriggerModel }
  | { kind: 'dropTrigger'; schema: string; table: string; name: string; removed?: TriggerModel }
  | {
      kind: 'setComment';
      target: CommentTarget;
      /** The new comment, or null to remove it. */
      comment: string | null;
      /** The comment before; needed to reverse it. */
      from?: string | null;
    }
>;

export type ObjectOperationKind = ObjectOperation['kind'];

export type Op<K extends ObjectOperationKind> = Extract<ObjectOperation, { kind: K }>;

/** The parts of a sequence that `alterSequence` can change. */
export interface SequenceChange {
  readonly type?: string;
  readonly start?: string;
  readonly increment?: string;
  readonly min?: string;
  readonly max?: string;
  readonly cache?: string;
  readonly cycle?: boolean;
  readonly ownedBy?: SequenceModel['ownedBy'];
  readonly unlogged?: boolean;
}

/** The parts of a domain that `alterDomain` can change; `checks` is the whole list of checks. */
export interface DomainChange {
  readonly default?: string | null;
  readonly notNull?: boolean;
  readonly checks?: readonly CheckModel[];
}

/** The comments a `replaceDomain` carries over to the new domain. */
export interface DomainComments {
  readonly domain?: string;
  readonly checks?: readonly { readonly name: string; readonly text: string }[];
}

/** A column that `replaceDomain` converts, or whose default it drops and sets again. */
export interface DomainColumnUse {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /**
   * The column's type when it is the domain or an array of it (`public.amount`,
   * `public.amount[]`): the column is converted. Absent for a column of
   * another type whose default casts to the domain.
   */
  readonly type?: string;
  /** The column's default, dropped before the conversion and set again after. */
  readonly default?: string;
  /**
   * Set for a partition's own default of a column converted on a table above
   * it (1 for a partition of that table, 2 below, ...): no `type`, and its
   * default is set again after its parents', shallower partitions first.
   */
  readonly partitionDepth?: number;
}
