import { AthanorError } from '../../util/errors.js';
import { truncateUtf8 } from '../../util/strings.js';
import type { OperationOf } from '../operation.js';

/**
 * A domain replaced because its base type changes, which Postgres cannot do
 * in place: the name the new domain has meanwhile, the note revision files
 * show, the reverse and the description.
 */

type ReplaceDomain = OperationOf<'replaceDomain'>;

/** The comment a revision file shows above a `replaceDomain`. */
export function replaceDomainNote(op: Pick<ReplaceDomain, 'domain' | 'from' | 'columns'>): string {
  const { schema, name, type } = op.domain;
  const converted = op.columns.filter((use) => use.type !== undefined).length;
  const columns =
    converted === 0
      ? 'no column uses it'
      : converted === 1
        ? `the column using it is converted through ${type}`
        : `the ${converted} columns using it are converted through ${type}`;
  return (
    `Postgres cannot change the ${replaced(op).part} of a domain (${replaced(op).change}): ` +
    `a new ${schema}.${name} is created under a temporary name, ${columns}, ` +
    'the old domain is dropped and the new one renamed.\n' +
    'Rows whose values do not convert or fail its checks make this step fail.'
  );
}

/** The same replacement, back: the old domain created again, the same columns converted to it. */
export function reverseReplaceDomain(op: ReplaceDomain, describe: string): ReplaceDomain {
  if (op.from === undefined) {
    throw new AthanorError(
      'irreversible',
      `${describe} cannot be reversed: it does not carry the domain it replaces (from); write its downgrade by hand`,
    );
  }
  // The comments are those before the upgrade, which is what the downgrade puts back.
  const comments = op.comments === undefined ? {} : { comments: structuredClone(op.comments) };
  const back: ReplaceDomain = {
    kind: 'replaceDomain',
    domain: op.from,
    from: op.domain,
    columns: op.columns.map((use) => ({ ...use })),
    ...comments,
  };
  return op.note === undefined ? back : { ...back, note: replaceDomainNote(back) };
}

/** `replace domain public.amount: base type integer -> bigint`. */
export function describeReplaceDomain(op: ReplaceDomain): string {
  const { part, change } = replaced(op);
  return `replace domain ${op.domain.schema}.${op.domain.name}: ${part} ${change}`;
}

/** What changes that makes a replacement: the base type (`integer -> bigint`), or the collation where the type stays. */
function replaced(op: Pick<ReplaceDomain, 'domain' | 'from'>): { part: string; change: string } {
  const { type, collation } = op.domain;
  if (op.from === undefined) return { part: 'base type', change: type };
  if (op.from.type !== type) return { part: 'base type', change: `${op.from.type} -> ${type}` };
  return { part: 'collation', change: `${op.from.collation ?? '(default)'} -> ${collation ?? '(default)'}` };
}

/** Longest identifier Postgres keeps, in bytes. */
const MAX_IDENTIFIER_BYTES = 63;

/** The name a replacement domain has until the old one is dropped: `<name>_new`, within 63 bytes. */
export function replacementDomainName(name: string): string {
  for (const suffix of ['_new', '_next']) {
    const candidate = `${truncateUtf8(name, MAX_IDENTIFIER_BYTES - suffix.length)}${suffix}`;
    if (candidate !== name) return candidate;
  }
  throw new TypeError(`no temporary name for domain "${name}"`);
}
