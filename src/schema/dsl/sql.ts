/**
 * SQL expressions in the model DSL: defaults, checks, index expressions and
 * predicates. The text is kept verbatim; the server canonicalizes it later.
 */

export interface SqlExpr {
  readonly kind: 'sql';
  readonly text: string;
}

/** What may be interpolated into a `sql` template: inserted as raw text, never as a parameter. */
export type SqlInterpolation = SqlExpr | string | number | bigint | boolean;

/**
 * A raw SQL expression, as a tagged template (`` sql`now()` ``) or as a call
 * (`sql('now()')`). Templates are read raw, like `String.raw`, so backslashes
 * in regular expressions and `E''` strings arrive as written.
 */
export function sql(strings: TemplateStringsArray | string, ...values: SqlInterpolation[]): SqlExpr {
  if (typeof strings === 'string') return { kind: 'sql', text: strings };
  let text = strings.raw[0] ?? '';
  values.forEach((value, i) => {
    text += interpolationText(value) + (strings.raw[i + 1] ?? '');
  });
  return { kind: 'sql', text };
}

function interpolationText(value: SqlInterpolation): string {
  return isSqlExpr(value) ? value.text : String(value);
}

export function isSqlExpr(value: unknown): value is SqlExpr {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'sql' &&
    typeof (value as { text?: unknown }).text === 'string'
  );
}
