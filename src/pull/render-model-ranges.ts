import { collationDslName } from '../schema/collation.js';
import type { RangeTypeModel } from '../schema/model.js';
import { renderString } from '../util/render-value.js';

/**
 * `export const bookingRangeType = metadata.rangeType('booking_range',
 * { subtype: 'timestamp with time zone', subtypeDiff: 'tstzrange_subdiff' });`:
 * each setting the model holds, then the schema and comment.
 */
export function renderRange(variable: string, r: RangeTypeModel, comment: string | undefined): string {
  const settings: [string, string | undefined][] = [
    ['subtype', r.subtype],
    ['subtypeOpclass', r.subtypeOpclass],
    ['collation', r.collation === undefined ? undefined : collationDslName(r.collation)],
    ['canonical', r.canonical],
    ['subtypeDiff', r.subtypeDiff],
    ['multirange', r.multirange],
    ['schema', r.schema === 'public' ? undefined : r.schema],
    ['comment', comment],
  ];
  const options = settings.flatMap(([key, value]) => (value === undefined ? [] : [`${key}: ${renderString(value)}`]));
  return `export const ${variable} = metadata.rangeType(${renderString(r.name)}, { ${options.join(', ')} });`;
}
