import { AthanorError, errorMessage } from '../util/errors.js';
import type { Driver } from '../pg/connection/driver.js';
import { attempt } from '../pg/scratch/scratch.js';

/*
 * Statements of the model run in scratch schemas, each batch in a savepoint,
 * and the error when the server refuses one: the model's fault, or a server
 * short of a resource.
 */

/** What to raise for each SQLSTATE of class 53 (insufficient resources) when no hint names it. */
const RESOURCE_ADVICE: Readonly<Record<string, string>> = {
  '53100': 'The server is out of disk space: free some',
  '53200':
    'The server is out of memory: raise shared memory settings (max_locks_per_transaction for "out of shared memory")',
  '53300': 'The server has no connection slot left: raise max_connections or close idle sessions',
  '53400': 'A server configuration limit was reached: raise it',
};

/**
 * The error for a statement that failed while the model was created in
 * scratch schemas (`what` names the object). A refusal of a declaration
 * written by hand is the user's to correct; of one `pull` wrote from a
 * database, Athanor's own limitation: the message says both, as nothing tells
 * the two apart. A server out of a resource (SQLSTATE class 53: shared memory
 * for locks, connections, disk) is neither, and says which setting to raise;
 * nor is an extension the server lacks, nor an object missing from a schema
 * the model does not manage.
 */
export function modelLoadError(what: string, error: unknown): AthanorError {
  return (
    resourceError(what, error) ??
    unavailableExtension(what, error) ??
    missingOutside(what, error) ??
    new AthanorError(
      'model-refused',
      `the model does not load into Postgres (${what}): ${withoutScratchNames(error)}. If \`migrate pull\` wrote it from a database, Athanor cannot yet create ${what} as the database holds it: a limitation of Athanor, to report; if it was written by hand, check its declaration`,
      { cause: error },
    )
  );
}

/**
 * A server short of a resource (SQLSTATE class 53) at any step of a batch
 * (creating the scratch schemas, reading them back), said as such; `error`
 * itself, unchanged, for anything else.
 */
export function asResourceError(what: string, error: unknown): unknown {
  return resourceError(what, error) ?? error;
}

function resourceError(what: string, error: unknown): AthanorError | null {
  const { code, hint } = (error ?? {}) as { code?: unknown; hint?: unknown };
  if (typeof code !== 'string' || !code.startsWith('53')) return null;
  const advice =
    typeof hint === 'string' && hint !== ''
      ? hint.replace(/\.?$/, '')
      : (RESOURCE_ADVICE[code] ?? 'Raise the server setting it names');
  return new AthanorError(
    'server-resource',
    `the server ran short of a resource while the model was created in scratch schemas (${what}): ${withoutScratchNames(error)}. ${advice}, or retry when the server is less busy; this is not a fault in the model file`,
    { cause: error },
  );
}

/**
 * An extension the server does not have installed (SQLSTATE 0A000 from
 * PostgreSQL 15, 58P01 "could not open extension control file" before; PGlite
 * carries only some): the server's lack, not the model's fault.
 */
function unavailableExtension(what: string, error: unknown): AthanorError | null {
  const { code } = (error ?? {}) as { code?: unknown };
  const name = /^extension (.+)$/.exec(what)?.[1];
  if (name === undefined || (code !== '0A000' && code !== '58P01')) return null;
  return new AthanorError(
    'extension-unavailable',
    `the server has no extension ${name} to create, which the model declares (${errorMessage(error)}): install it on the system where PostgreSQL runs, or run against a server that has it`,
    { cause: error },
  );
}

/** The SQLSTATEs of an object that does not exist: a type or other object, a routine, a relation, a schema. */
const MISSING_OBJECT_CODES: ReadonlySet<string> = new Set(['42704', '42883', '42P01', '3F000']);

/**
 * An object the model uses that does not exist in a schema the model does not manage (not in
 * `schemas`): the database's lack, which the model cannot make, neither the model's fault nor a
 * limitation. The schema is read from the name of what is missing, at the message's start (not from an
 * argument's type): the scratch schemas stand for the managed ones and `withoutScratchNames` takes their
 * names out, so a schema still named is another (`pg_catalog` is the server's).
 */
function missingOutside(what: string, error: unknown): AthanorError | null {
  const { code } = (error ?? {}) as { code?: unknown };
  if (typeof code !== 'string' || !MISSING_OBJECT_CODES.has(code)) return null;
  const message = withoutScratchNames(error);
  const schema = (code === '3F000' ? /schema "([^"]+)"/ : /^[a-z ]+ "?([A-Za-z_][\w$]*)\.[A-Za-z_"]/).exec(
    message,
  )?.[1];
  if (schema === undefined || schema === 'pg_catalog') return null;
  return new AthanorError(
    'model-refused',
    `the model does not load into Postgres (${what}): ${message}. Schema ${schema} is not in \`schemas\`, so the model does not make what it uses there: it must be in this database first (an extension: CREATE EXTENSION ... SCHEMA ${schema}), or add ${schema} to \`schemas\` so that the model declares it`,
    { cause: error },
  );
}

function withoutScratchNames(error: unknown): string {
  return errorMessage(error).replace(/athanor_canon_[0-9a-f]+_\d+\./g, '');
}

/** Runs statements in a savepoint (`attempt`); a refusal throws the model's load error, naming `what`. */
export async function guarded(driver: Driver, what: string, statements: readonly string[]): Promise<void> {
  const error = await attempt(driver, statements);
  if (error !== null) throw modelLoadError(what, error);
}
