import type { CollationModel } from '../schema/model.js';
import { renderString } from '../util/render-value.js';

/**
 * `metadata.collation('ci', { provider: 'icu', locale: '...', deterministic: false });`
 * for `migrate pull`: written before the tables, whose columns name it with
 * `.collate()`. The provider is left out when it is libc, Postgres' default.
 */
export function renderCollation(c: CollationModel): string {
  const entries: [string, string | undefined][] = [
    ['schema', c.schema === 'public' ? undefined : renderString(c.schema)],
    ['provider', c.provider === 'libc' ? undefined : renderString(c.provider)],
    ['locale', text(c.locale)],
    ['lcCollate', text(c.lcCollate)],
    ['lcCtype', text(c.lcCtype)],
    ['rules', text(c.rules)],
    ['deterministic', c.deterministic === false ? 'false' : undefined],
  ];
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  return `metadata.collation(${renderString(c.name)}, { ${present.map(([k, v]) => `${k}: ${v}`).join(', ')} });`;
}

function text(value: string | undefined): string | undefined {
  return value === undefined ? undefined : renderString(value);
}
