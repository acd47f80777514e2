import type {
  CommentModel,
  CommentTarget,
  DomainModel,
  RangeTypeModel,
  FunctionModel,
  IndexModel,
  SchemaModel,
  SequenceModel,
  TableModel,
  ViewModel,
} from '../schema/model.js';
import { commentTargetKey } from '../schema/object-keys.js';
import { commentParentKey } from '../schema/comment-targets.js';
import { isCommentForm } from '../schema/object-kinds.js';
import { operatorArgumentTypes } from '../schema/objects/model-operators.js';
import { renderCollation } from './render-model-collations.js';
import { collationDslName } from '../schema/collation.js';
import { renderCast } from './render-model-casts.js';
import { renderTextSearchConfiguration, renderTextSearchDictionary } from './render-model-text-search.js';
import { renderOperator, renderOperatorClass } from './render-model-operators.js';
import { renderForeignObjects } from './render-model-foreign.js';
import { renderPublication } from './render-model-publications.js';
import { renderSql as renderModelSql } from './render-model-sql.js';
import { renderComposite, type CompositeRenderContext } from './render-model-composites.js';
import { renderRange } from './render-model-ranges.js';
import { renderKey, renderString } from '../util/render-value.js';

/**
 * The part of `migrate pull`'s models.ts for objects besides tables and
 * enums: `metadata.extension()`, `.collation()`, `.textSearchDictionary()`, `.textSearchConfiguration()`, `.sequence()`, `.domain()`, `.view()`,
 * `.materializedView()`, `.function()`, `.operator()`, `.operatorClass()`, `.trigger()`, `.rule()`, `.cast()`, `.foreignDataWrapper()`,
 * `.foreignServer()`, `.foreignTable()`, `.publication()` and `.comment()`.
 * Comments on tables and their columns are written by the table renderer
 * (`tableComment`, `columnComment`); every other comment is written here.
 */
export interface ObjectRenderContext extends CompositeRenderContext {
  model: SchemaModel;
  /** Records a DSL import. */
  use(name: string): void;
  /** The const of a domain, allocated with the other names of the file. */
  domainVar(domain: DomainModel): string;
  /** The const of a range type, allocated with the other names of the file. */
  rangeVar(range: RangeTypeModel): string;
  /** `index([...], { ... })` for an index of a materialized view, written as for a table. */
  renderIndex(index: IndexModel): string;
}

interface ObjectBlocks {
  /** Extensions, collations, text search objects, domains, composite and range types, sequences and foreign data: before the tables and views that use them. */
  before: string[];
  /** Routines, operators, views, triggers, rules, statistics, casts, event triggers and the remaining comments. */
  after: string[];
}

export function renderObjectBlocks(ctx: ObjectRenderContext): ObjectBlocks {
  const { model } = ctx;
  const written = new Set<string>();
  const comment = (target: CommentTarget): string | undefined => {
    const found = findComment(model, target);
    if (found !== undefined) written.add(commentTargetKey(found.target));
    return found?.text;
  };
  for (const table of model.tables) {
    written.add(commentTargetKey({ on: 'table', schema: table.schema, name: table.name }));
    for (const column of table.columns)
      written.add(commentTargetKey({ on: 'column', schema: table.schema, parent: table.name, name: column.name }));
  }
  const before = [
    ...model.extensions.map(
      (e) =>
        `metadata.extension(${renderString(e.name)}${e.schema === 'public' ? '' : `, { schema: ${renderString(e.schema)} }`});`,
    ),
    ...model.collations.map(renderCollation),
    ...model.textSearchDictionaries.map(renderTextSearchDictionary),
    ...model.textSearchConfigurations.map(renderTextSearchConfiguration),
    ...model.domains.map((d) => renderDomain(ctx, d, comment({ on: 'type', schema: d.schema, name: d.name }))),
    ...model.composites.map((c) => renderComposite(ctx, c, comment({ on: 'type', schema: c.schema, name: c.name }))),
    ...model.ranges.map((r) =>
      renderRange(ctx.rangeVar(r), r, comment({ on: 'type', schema: r.schema, name: r.name })),
    ),
    ...model.sequences.map((s) => renderSequence(s, comment({ on: 'sequence', schema: s.schema, name: s.name }))),
    ...renderForeignObjects(ctx, model),
  ];
  const after = [
    ...model.functions.map((f) =>
      renderRoutine(ctx, f, comment({ on: f.kind, schema: f.schema, name: f.name, argumentTypes: f.argumentTypes })),
    ),
    ...model.views.map((v) =>
      renderView(ctx, v, comment({ on: v.materialized ? 'materializedView' : 'view', schema: v.schema, name: v.name })),
    ),
    ...model.triggers.map((t) =>
      call(
        'trigger',
        [renderSql(ctx, t.definition)],
        options([
          ['comment', stringOption(comment({ on: 'trigger', schema: t.schema, parent: t.table, name: t.name }))],
          ['firing', stringOption(t.firing)],
        ]),
      ),
    ),
    ...model.rules.map((r) =>
      call('rule', [renderSql(ctx, r.definition)], options([['firing', stringOption(r.firing)]])),
    ),
    ...model.statistics.map((s) =>
      call(
        'statistics',
        [renderSql(ctx, s.definition)],
        options([
          ['target', s.target?.toString()],
          ['comment', stringOption(comment({ on: 'statistics', schema: s.schema, name: s.name }))],
        ]),
      ),
    ),
    ...model.casts.map(renderCast),
    ...model.eventTriggers.map((e) =>
      call(
        'eventTrigger',
        [renderString(e.name)],
        options([
          ['event', renderString(e.event)],
          ['function', renderString(`${e.functionSchema}.${e.function}`)],
          ['tags', e.tags === undefined ? undefined : `[${e.tags.map(renderString).join(', ')}]`],
          ['firing', stringOption(e.firing)],
          ['comment', stringOption(comment({ on: 'eventTrigger', schema: '', name: e.name }))],
        ]),
      ),
    ),
    ...model.operators.map((o) =>
      renderOperator(
        o,
        comment({ on: 'operator', schema: o.schema, name: o.name, argumentTypes: operatorArgumentTypes(o) }),
      ),
    ),
    ...model.operatorClasses.map(renderOperatorClass),
    ...model.publications.map((p) =>
      renderPublication(p, comment({ on: 'publication', schema: '', name: p.name }), ctx.use),
    ),
  ];
  const rest = model.comments.filter((c) => !written.has(commentTargetKey(c.target)));
  after.push(...rest.map((c) => `metadata.comment(${renderCommentTarget(c.target)}, ${renderString(c.text)});`));
  return { before, after };
}

/** The model's comments by target, made once per model: a search per lookup made pulling a large schema quadratic. */
const commentsByTarget = new WeakMap<SchemaModel, ReadonlyMap<string, CommentModel>>();

function findComment(model: SchemaModel, target: CommentTarget): CommentModel | undefined {
  let index = commentsByTarget.get(model);
  if (index === undefined) {
    const map = new Map<string, CommentModel>();
    // The first comment on a target wins, as a search from the start would find it.
    for (const c of model.comments) {
      const key = commentTargetKey(c.target);
      if (!map.has(key)) map.set(key, c);
    }
    index = map;
    commentsByTarget.set(model, index);
  }
  return index.get(commentTargetKey(target));
}

/** `comment: '...'` for a table's options, or nothing. */
export function tableComment(model: SchemaModel, table: TableModel): string[] {
  const found = findComment(model, { on: 'table', schema: table.schema, name: table.name });
  return found === undefined ? [] : [`comment: ${renderString(found.text)},`];
}

/** `.comment('...')` for a column of a table, or ''. */
export function columnComment(model: SchemaModel, table: TableModel, column: string): string {
  const found = findComment(model, { on: 'column', schema: table.schema, parent: table.name, name: column });
  return found === undefined ? '' : `.comment(${renderString(found.text)})`;
}

function call(method: string, args: string[], opts: string): string {
  return `metadata.${method}(${args.join(', ')}${opts});`;
}

function stringOption(value: string | undefined): string | undefined {
  return value === undefined ? undefined : renderString(value);
}

function options(entries: [string, string | undefined][]): string {
  const present = entries.filter((e): e is [string, string] => e[1] !== undefined);
  return present.length === 0 ? '' : `, { ${present.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}

function schemaOption(schema: string): string | undefined {
  return schema === 'public' ? undefined : renderString(schema);
}

function renderSql(ctx: ObjectRenderContext, text: string): string {
  return renderModelSql(text, ctx.use);
}

const RANGES: Readonly<Record<string, [bigint, bigint]>> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

function renderNumber(value: string): string {
  const n = BigInt(value);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? value : renderString(value);
}

/** Only the options that differ from what Postgres chooses by itself. */
function renderSequence(s: SequenceModel, comment: string | undefined): string {
  const range = RANGES[s.type] ?? RANGES.bigint!;
  const up = BigInt(s.increment) > 0n;
  const min = up ? 1n : range[0];
  const max = up ? range[1] : -1n;
  const start = up ? BigInt(s.min) : BigInt(s.max);
  const differs = (value: string, fallback: bigint): string | undefined =>
    BigInt(value) === fallback ? undefined : renderNumber(value);
  const owner =
    s.ownedBy === null
      ? undefined
      : `{ table: ${renderString(s.ownedBy.table)}, column: ${renderString(s.ownedBy.column)} }`;
  const opts = options([
    ['schema', schemaOption(s.schema)],
    ['type', s.type === 'bigint' ? undefined : renderString(s.type)],
    ['start', differs(s.start, start)],
    ['increment', differs(s.increment, 1n)],
    ['min', differs(s.min, min)],
    ['max', differs(s.max, max)],
    ['cache', differs(s.cache, 1n)],
    ['cycle', s.cycle ? 'true' : undefined],
    ['unlogged', s.unlogged === true ? 'true' : undefined],
    ['ownedBy', owner],
    ['comment', stringOption(comment)],
  ]);
  return `metadata.sequence(${renderString(s.name)}${opts});`;
}

function renderDomain(ctx: ObjectRenderContext, d: DomainModel, comment: string | undefined): string {
  const checks = d.checks.map((c) => {
    ctx.use('check');
    const notValid = c.notValid === true ? ', notValid: true' : '';
    return `check(${renderSql(ctx, c.expression)}, { name: ${renderString(c.name)}${notValid} })`;
  });
  const opts = options([
    ['schema', schemaOption(d.schema)],
    ['collation', d.collation === undefined ? undefined : renderString(collationDslName(d.collation))],
    ['default', d.default === null ? undefined : renderSql(ctx, d.default)],
    ['notNull', d.notNull ? 'true' : undefined],
    ['checks', checks.length === 0 ? undefined : `[${checks.join(', ')}]`],
    ['comment', stringOption(comment)],
  ]);
  return `export const ${ctx.domainVar(d)} = metadata.domain(${renderString(d.name)}, ${renderString(d.type)}${opts});`;
}

function renderRoutine(ctx: ObjectRenderContext, f: FunctionModel, comment: string | undefined): string {
  return call('function', [renderSql(ctx, f.definition)], options([['comment', stringOption(comment)]]));
}

function renderView(ctx: ObjectRenderContext, v: ViewModel, comment: string | undefined): string {
  const indexes = v.indexes.map((index) => ctx.renderIndex(index));
  const opts = options([
    ['schema', schemaOption(v.schema)],
    ['options', v.options.length === 0 ? undefined : `[${v.options.map(renderString).join(', ')}]`],
    ['indexes', indexes.length === 0 ? undefined : `[${indexes.join(', ')}]`],
    ['clusterOn', stringOption(v.clusterOn)],
    ['withData', v.withNoData === true ? 'false' : undefined],
    ['columnDefaults', v.columnDefaults === undefined ? undefined : renderColumnDefaults(ctx, v.columnDefaults)],
    ['readsItself', v.readsItself === true ? renderPlaceholderColumns(v) : undefined],
    ['comment', stringOption(comment)],
  ]);
  return call(v.materialized ? 'materializedView' : 'view', [renderString(v.name), renderSql(ctx, v.definition)], opts);
}

/** The columns of a view that reads itself, for the placeholder it is created over. */
function renderPlaceholderColumns(v: ViewModel): string {
  return `[${v.columns.map((c) => `{ name: ${renderString(c.name)}, type: ${renderString(c.type)} }`).join(', ')}]`;
}

function renderColumnDefaults(ctx: ObjectRenderContext, defaults: Readonly<Record<string, string>>): string {
  return `{ ${Object.entries(defaults)
    .map(([column, expression]) => `${renderKey(column)}: ${renderSql(ctx, expression)}`)
    .join(', ')} }`;
}

/** A target as `metadata.comment()` names it: `{ schema: "s" }`, `{ column: "c", table: "t" }`, `{ cast: { ... } }`. */
function renderCommentTarget(target: CommentTarget): string {
  const { on } = target;
  // A schema, publication or extension is named alone (an extension's schema is the model's).
  if (isCommentForm(on, 'bare')) return `{ ${on}: ${renderString(target.name)} }`;
  if (on === 'cast')
    return `{ cast: { source: ${renderString(target.name)}, target: ${renderString(target.parent ?? '')} } }`;
  const parts = [`${on}: ${renderString(target.name)}`];
  const parentKey = commentParentKey(on);
  if (parentKey !== undefined) parts.push(`${parentKey}: ${renderString(target.parent ?? '')}`);
  if (target.argumentTypes !== undefined) parts.push(`argumentTypes: ${renderString(target.argumentTypes)}`);
  if (target.schema !== 'public') parts.push(`schema: ${renderString(target.schema)}`);
  return `{ ${parts.join(', ')} }`;
}
