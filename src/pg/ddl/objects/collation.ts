import type { OperationOf } from '../../../ops/operation.js';
import type { CollationModel } from '../../../schema/model.js';
import { quoteLiteral, quoteQualified } from '../../quote.js';
import { transactional, type Statement } from '../statement.js';

const PROVIDERS: readonly string[] = ['libc', 'icu', 'builtin'];

/** `CREATE COLLATION "s"."n" (provider = icu, locale = '...', deterministic = false)`. */
export function compileCreateCollation(op: OperationOf<'createCollation'>): Statement[] {
  const c = op.collation;
  return [transactional(`CREATE COLLATION ${quoteQualified(c.schema, c.name)} (${collationOptions(c).join(', ')})`)];
}

export function compileDropCollation(op: OperationOf<'dropCollation'>): Statement[] {
  return [transactional(`DROP COLLATION ${quoteQualified(op.schema, op.name)}`)];
}

function collationOptions(c: CollationModel): string[] {
  // The provider is written as a bare word: only the known ones get through.
  if (!PROVIDERS.includes(c.provider))
    throw new TypeError(`collation provider "${String(c.provider)}" is not libc, icu or builtin`);
  const options = [`provider = ${c.provider}`];
  if (c.locale !== undefined) options.push(`locale = ${quoteLiteral(c.locale)}`);
  if (c.lcCollate !== undefined) options.push(`lc_collate = ${quoteLiteral(c.lcCollate)}`);
  if (c.lcCtype !== undefined) options.push(`lc_ctype = ${quoteLiteral(c.lcCtype)}`);
  if (c.rules !== undefined) options.push(`rules = ${quoteLiteral(c.rules)}`);
  if (c.deterministic === false) options.push('deterministic = false');
  return options;
}
