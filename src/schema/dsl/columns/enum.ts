import { columnBuilder, type ColumnBuilder, type EnumRef } from './column.js';
import type { RenamedFrom } from '../../renames.js';
import type { GrantEntry } from '../objects/grant.js';

export interface EnumOptions<TValue extends string = string> extends RenamedFrom {
  /**
   * Values renamed, new value to old: `{ cancelled: 'shipped' }`. Autogenerate
   * renames the value, and rows holding the old one read the new one. Once
   * applied the old value is gone and the entry does nothing, so it can stay.
   */
  renamedValues?: { readonly [K in TValue]?: string };
  /** Defaults to the metadata's schema, else `public`. */
  schema?: string;
  /** `COMMENT ON TYPE`. */
  comment?: string;
  /** Privileges on it: `[revoke(['usage'], 'PUBLIC'), grant(['usage'], 'app')]`; compared when the `privileges` setting manages them. */
  grants?: readonly GrantEntry[];
}

/** A Postgres enum type declared in the model. */
export interface EnumType<TValues extends readonly string[] = readonly string[]> extends EnumRef {
  readonly values: TValues;
  /** `COMMENT ON TYPE`, when given. */
  readonly comment?: string;
  /** Its name before a rename, when given. */
  readonly renamedFrom?: string;
  /** Values renamed, new value to old, when given. */
  readonly renamedValues?: Readonly<Record<string, string>>;
  /** Privileges on it, when given. */
  readonly grants?: readonly GrantEntry[];
  /** A column of this type; its data type is the union of the values. */
  column(): ColumnBuilder<TValues[number], false, false, 'none'>;
}

export function createEnumType<const TValues extends readonly string[]>(
  name: string,
  values: TValues,
  schema: string,
  comment?: string,
  renamedFrom?: string,
  grants?: readonly GrantEntry[],
  renamedValues?: { readonly [value: string]: string | undefined },
): EnumType<TValues> {
  const renamed = Object.entries(renamedValues ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
  const frozen = Object.freeze([...values]) as unknown as TValues;
  const enumType: EnumType<TValues> = {
    kind: 'enum',
    schema,
    name,
    values: frozen,
    ...(comment === undefined ? {} : { comment }),
    ...(renamedFrom === undefined ? {} : { renamedFrom }),
    ...(renamed.length === 0 ? {} : { renamedValues: Object.freeze(Object.fromEntries(renamed)) }),
    ...(grants === undefined ? {} : { grants: [...grants] }),
    column: () => columnBuilder<TValues[number]>({ kind: 'enum', enum: enumType }),
  };
  return Object.freeze(enumType);
}
