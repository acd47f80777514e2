import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessReading, bookkeepingTables, type ResolvedConfig } from '../../config/load-config.js';
import type { Driver } from '../../pg/connection/driver.js';
import { reflectSchema, type ReflectOptions } from '../../pg/reflect.js';
import type { SchemaModel } from '../../schema/model.js';
import { ensureStateDir, STATE_DIR } from '../shared/state-dir.js';
import { writeAtomically } from './canonical-cache-file.js';

/**
 * Reading the database while the model file loads. Which schemas a
 * comparison reads follows from the model, so the reading would have to wait
 * for it; instead it starts on the schemas the project's last comparison (or
 * `pull`) read, kept in the state folder, and the server works through its
 * catalog while this process transforms, compiles and builds the model. When
 * the model asks for other schemas, that reading is thrown away and the
 * database read again: the result is always that of the schemas the model
 * asks for.
 */
export interface ReadAhead {
  schemas: readonly string[];
  model: Promise<SchemaModel>;
  /** Settled when the server is at work on the catalog (or the reading is over). */
  started: Promise<unknown>;
}

/**
 * The schemas a comparison covers: the configured ones, or the model's and
 * `public`; with the old names of schemas renamed (by a hint or a flag), so
 * that the rename is seen.
 */
export function comparedSchemas(
  config: ResolvedConfig,
  declared: SchemaModel,
  renamed: readonly string[] = [],
): string[] {
  if (config.schemaMap) return [config.schemaMap.schema];
  const names = new Set(
    config.schemas ?? [
      'public',
      ...declared.schemas,
      ...declared.tables.map((t) => t.schema),
      ...declared.enums.map((e) => e.schema),
    ],
  );
  for (const name of renamed) names.add(name);
  return [...names].sort();
}

/** Where the schemas of the last comparison are kept. */
function readAheadPath(root: string): string {
  return join(root, STATE_DIR, 'compared-schemas.json');
}

/**
 * Starts reading the database a comparison of the model file reads (the
 * tenant's schema, or the schemas of the project's last comparison), when
 * there is a model file and a guess. A caller may start it before it loads
 * the comparison's code, so that the server reads its catalog meanwhile.
 * What uses what is read later, when the comparison needs it.
 */
export function startModelReading(config: ResolvedConfig, driver: Driver): ReadAhead | undefined {
  if (!existsSync(config.modelPath)) return undefined;
  return startReadAhead(driver, config.root, config.schemaMap ? [config.schemaMap.schema] : null, {
    exclude: bookkeepingTables(config),
    dependencies: false,
    ...accessReading(config),
  });
}

/** Starts reading `schemas` (null: the ones the project's last comparison read, if any are known). */
export function startReadAhead(
  driver: Driver,
  root: string,
  schemas: readonly string[] | null,
  options: Omit<ReflectOptions, 'schemas'>,
): ReadAhead | undefined {
  const guess = schemas ?? lastComparedSchemas(root);
  if (guess === undefined) return undefined;
  let started!: () => void;
  const onStart = new Promise<void>((resolve) => (started = resolve));
  const model = reflectSchema(driver, { ...options, schemas: [...guess], started });
  // Awaited when the guess is right, and settled before anything else uses the connection when it is not.
  const done = model.catch(() => undefined);
  return { schemas: guess, model, started: Promise.race([onStart, done]) };
}

/**
 * The database read on `schemas`: the read-ahead's result when it read the
 * same schemas, else (after it has settled) a new reading.
 */
export async function readAheadOr(
  ahead: ReadAhead | undefined,
  driver: Driver,
  options: ReflectOptions & { schemas: string[] },
): Promise<SchemaModel> {
  if (ahead !== undefined) {
    if (sameList(ahead.schemas, options.schemas)) return ahead.model;
    await settled(ahead);
  }
  return reflectSchema(driver, options);
}

/** Waits until a read-ahead no longer uses the connection, whatever its outcome. */
export async function settled(ahead: ReadAhead | undefined): Promise<void> {
  await ahead?.model.catch(() => undefined);
}

/** Keeps the schemas a comparison read, for the next one to start on; written only when they changed. */
export function rememberComparedSchemas(root: string, schemas: readonly string[]): void {
  if (sameList(lastComparedSchemas(root) ?? [], schemas) && existsSync(readAheadPath(root))) return;
  try {
    ensureStateDir(root);
  } catch {
    return; // Only a hint for the next run, which then reads after the model as before.
  }
  writeAtomically(readAheadPath(root), `${JSON.stringify({ schemas })}\n`);
}

function lastComparedSchemas(root: string): readonly string[] | undefined {
  try {
    const data = JSON.parse(readFileSync(readAheadPath(root), 'utf8')) as { schemas?: unknown } | null;
    const schemas = data?.schemas;
    return Array.isArray(schemas) && schemas.every((s) => typeof s === 'string') ? (schemas as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
