import type { AnyColumnBuilder, ColumnTypeInfo, GeneratedKind } from './column.js';
import type { AnyTable, Table } from '../tables/table.js';

/**
 * Static row types, the counterpart of SQLAlchemy's `Mapped[]`:
 * `RowOf<typeof users>` is a row as selected, `InsertOf<typeof users>` a row
 * as inserted.
 */

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Info<B extends AnyColumnBuilder> =
  NonNullable<B['~types']> extends ColumnTypeInfo<infer D, infer N, infer H, infer G>
    ? { data: D; notNull: N; hasDefault: H; generated: G }
    : never;

type DataOf<B extends AnyColumnBuilder> = Info<B>['data'];

/** NOT NULL: declared so, in the primary key, serial or identity (a generated column only when declared so). */
type IsNotNull<B extends AnyColumnBuilder, InPk extends boolean> = InPk extends true
  ? true
  : Info<B>['notNull'] extends true
    ? true
    : Info<B>['generated'] extends 'none' | 'stored' | 'virtual'
      ? false
      : true;

type ValueOf<B extends AnyColumnBuilder, InPk extends boolean> =
  IsNotNull<B, InPk> extends true ? DataOf<B> : DataOf<B> | null;

type Generated<B extends AnyColumnBuilder> = Info<B>['generated'] extends GeneratedKind ? Info<B>['generated'] : never;

/** An insert must name the column: NOT NULL, no default, not generated. */
type IsRequired<B extends AnyColumnBuilder, InPk extends boolean> =
  IsNotNull<B, InPk> extends true
    ? Info<B>['hasDefault'] extends true
      ? false
      : Generated<B> extends 'none'
        ? true
        : false
    : false;

type InPk<K, TPk> = [K] extends [TPk] ? true : false;

/** A row as selected: every column, `null` included when the column is nullable. */
export type RowOf<T extends AnyTable> =
  T extends Table<string, infer C, infer Pk>
    ? Simplify<{ -readonly [K in keyof C & string]: ValueOf<C[K], InPk<K, Pk>> }>
    : never;

/**
 * A row as inserted. Columns that are nullable, have a default, or are serial
 * or `identity('byDefault')` are optional; `identity('always')` columns are
 * left out, since Postgres refuses values for them without OVERRIDING SYSTEM VALUE,
 * and so are generated columns (`.generatedAs()`), which take no value at all.
 */
export type InsertOf<T extends AnyTable> =
  T extends Table<string, infer C, infer Pk>
    ? Simplify<
        {
          -readonly [K in keyof C & string as IsRequired<C[K], InPk<K, Pk>> extends true ? K : never]: ValueOf<
            C[K],
            InPk<K, Pk>
          >;
        } & {
          -readonly [
            K in keyof C & string as IsRequired<C[K], InPk<K, Pk>> extends true
              ? never
              : Generated<C[K]> extends 'always' | 'stored' | 'virtual'
                ? never
                : K
          ]?: ValueOf<C[K], InPk<K, Pk>>;
        }
      >
    : never;
