import type { PolicyModel, TableModel } from '../schema/model.js';
import { qualifiedKey } from '../schema/model.js';
import { AthanorError } from '../util/errors.js';
import { indentLines } from './render-model-sql.js';
import { renderKey, renderString } from '../util/render-value.js';

/**
 * The DSL code `migrate pull` writes for row-level security, policies and
 * partitioning: option lines of `metadata.table()`, and `metadata.partition()`.
 */

/** How the model renderer writes SQL text and records the DSL names a block uses. */
export interface FeatureRenderer {
  sql(text: string): string;
  use(name: string): void;
}

/** Option lines (`rowLevelSecurity: {...},`, `policies: [...]`, `partitionBy: sql...,`); none for defaults. */
export function tableFeatureOptionLines(table: TableModel, render: FeatureRenderer): string[] {
  const lines: string[] = [];
  if (table.partitionBy !== undefined) lines.push(`partitionBy: ${render.sql(table.partitionBy)},`);
  if (table.unlogged === true) lines.push('unlogged: true,');
  if (table.with !== undefined) lines.push(`with: ${renderStorageParameters(table.with)},`);
  const identity = table.replicaIdentity;
  if (identity !== undefined)
    lines.push(
      `replicaIdentity: ${typeof identity === 'string' ? renderString(identity) : `{ index: ${renderString(identity.index)} }`},`,
    );
  if (table.clusterOn !== undefined) lines.push(`clusterOn: ${renderString(table.clusterOn)},`);
  const security = table.rowLevelSecurity;
  if (security !== undefined && (security.enabled || security.forced)) {
    const parts = [security.enabled ? 'enabled: true' : '', security.forced ? 'forced: true' : ''].filter(
      (p) => p !== '',
    );
    lines.push(`rowLevelSecurity: { ${parts.join(', ')} },`);
  }
  const policies = table.policies ?? [];
  if (policies.length > 0) {
    render.use('policy');
    lines.push('policies: [', ...policies.map((p) => `  ${renderPolicy(p, render)},`), '],');
  }
  return lines;
}

function renderPolicy(policy: PolicyModel, render: FeatureRenderer): string {
  const options: string[] = [];
  if (!policy.permissive) options.push("as: 'restrictive'");
  if (policy.command !== 'ALL') options.push(`for: ${renderString(policy.command.toLowerCase())}`);
  const isPublic = policy.roles.length === 0 || (policy.roles.length === 1 && policy.roles[0] === 'public');
  if (!isPublic) options.push(`to: [${policy.roles.map(renderString).join(', ')}]`);
  if (policy.using !== null) options.push(`using: ${render.sql(policy.using)}`);
  if (policy.withCheck !== null) options.push(`withCheck: ${render.sql(policy.withCheck)}`);
  const rest = options.length === 0 ? '' : `, { ${options.join(', ')} }`;
  return `policy(${renderString(policy.name)}${rest})`;
}

/** The `columns: { ... },` option line of a partition with column overrides; none without. */
export function partitionColumnLines(table: TableModel, render: FeatureRenderer): string[] {
  const overrides = table.columnOverrides ?? [];
  if (overrides.length === 0) return [];
  const entries = overrides.map((override) => {
    const options: string[] = [];
    if (override.default !== undefined)
      options.push(`default: ${override.default === null ? 'null' : render.sql(override.default)}`);
    if (override.notNull === true) options.push('notNull: true');
    if (override.notNullName !== undefined) options.push(`notNullName: ${renderString(override.notNullName)}`);
    return `  ${renderKey(override.name)}: { ${options.join(', ')} },`;
  });
  return ['columns: {', ...entries, '},'];
}

/** The `indexNames: { ... },` option line of a partition whose attached indexes have names of their own. */
export function partitionIndexNameLines(table: TableModel): string[] {
  const names = table.indexNames ?? [];
  if (names.length === 0) return [];
  return [
    'indexNames: {',
    ...names.map((entry) => `  ${renderKey(entry.parentIndex)}: ${renderString(entry.name)},`),
    '},',
  ];
}

/** The `indexStorage: { ... },` option line of a partition whose attached indexes have storage parameters of their own. */
export function partitionIndexStorageLines(table: TableModel): string[] {
  const entries = table.indexStorage ?? [];
  if (entries.length === 0) return [];
  return [
    'indexStorage: {',
    ...entries.map((entry) => `  ${renderKey(entry.parentIndex)}: ${renderStorageParameters(entry.with)},`),
    '},',
  ];
}

/**
 * `export const x = metadata.partition('name', parent, sql\`FOR VALUES ...\`, { ... });`
 * with the option lines given (already free of what the parent declares).
 */
export function renderPartition(
  variable: string,
  table: TableModel,
  parentVariable: string,
  options: string[],
  render: FeatureRenderer,
): string {
  const bound = render.sql(table.partitionOf?.bound ?? 'DEFAULT');
  const args = [renderString(table.name), parentVariable, bound];
  const oneLine = `export const ${variable} = metadata.partition(${args.join(', ')});`;
  if (options.length === 0 && oneLine.length <= 120) return oneLine;
  const lines = [`export const ${variable} = metadata.partition(`, ...args.map((a) => `  ${a},`)];
  if (options.length > 0) lines.push('  {', indentLines(options, 2), '  },');
  lines.push(');');
  return lines.join('\n');
}

/** The const a partition's parent is written as; the parent must be in the model. */
export function partitionParentVar(tableVars: ReadonlyMap<string, string>, table: TableModel): string {
  const parent = table.partitionOf;
  const found = parent === undefined ? undefined : tableVars.get(qualifiedKey(parent.schema, parent.table));
  if (found !== undefined) return found;
  throw new AthanorError(
    'render-model',
    `table ${table.schema}.${table.name} is a partition of ${parent?.schema}.${parent?.table}, which is not in the model; include schema ${parent?.schema}`,
  );
}

/** Storage parameters as the model declares them: `{ fillfactor: '70', 'toast.autovacuum_enabled': 'off' }`. */
export function renderStorageParameters(parameters: Readonly<Record<string, string>>): string {
  return `{ ${Object.entries(parameters)
    .map(([name, value]) => `${renderKey(name)}: ${renderString(value)}`)
    .join(', ')} }`;
}
