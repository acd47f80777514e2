/**
 * The model of a user-defined cast (`CREATE CAST`). A cast has no schema of
 * its own: it is keyed by its source and target types. `model.ts` re-exports it.
 */
export type CastMethod = 'function' | 'inout' | 'binary';
export type CastContext = 'explicit' | 'assignment' | 'implicit';

export interface CastModel {
  /** The source type as `format_type()` prints it, schema-qualified unless in pg_catalog (`public.money_t`). */
  readonly source: string;
  readonly target: string;
  /** `WITH FUNCTION`, `WITH INOUT` or `WITHOUT FUNCTION` (binary coercible). */
  readonly method: CastMethod;
  /** With method `function`: the function as `regprocedure` prints it, `public.money_to_text(public.money_t)`. */
  readonly function?: string;
  /** `explicit` (the default), `AS ASSIGNMENT` or `AS IMPLICIT`. */
  readonly context: CastContext;
}

/** The key of a cast: its source and target types. */
export function castKey(cast: { source: string; target: string }): string {
  return `${cast.source} -> ${cast.target}`;
}
