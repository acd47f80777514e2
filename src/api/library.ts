import type { CheckResult } from '../commands/compare/check.js';
import type { MigrateResult } from '../commands/apply/upgrade.js';
import { commands } from '../commands/modules.js';
import type { CurrentResult, HistoryOptions, RevisionInfo } from '../commands/revisions/inspect.js';
import type { RevisionOptions, RevisionResult } from '../commands/revisions/revision.js';
import type { StampResult } from '../commands/apply/stamp.js';
import type { TestResult } from '../commands/apply/test.js';
import { guarded } from './library-error.js';
import { commandOptions, runFlags, type ProjectOptions, type RunOptions } from './options.js';

/*
 * The commands as functions: each calls the command the CLI calls, with the
 * same advisory lock, checks and errors, and returns what the CLI would print.
 * Every failure is an `AthanorError` (see `libraryError`).
 */

/** `migrate upgrade TARGET`: applies revisions up to `target` (`head` by default). */
export function upgrade(options: RunOptions & { target?: string } = {}): Promise<MigrateResult> {
  return guarded(async () =>
    (await commands.upgrade()).upgrade(
      commandOptions(options),
      options.target ?? 'head',
      options.onNotice,
      runFlags(options),
    ),
  );
}

/** `migrate downgrade TARGET`: undoes revisions down to `target` (`base`, `-1`, an id, ...). */
export function downgrade(options: RunOptions & { target: string }): Promise<MigrateResult> {
  return guarded(async () =>
    (await commands.upgrade()).downgrade(commandOptions(options), options.target, options.onNotice, runFlags(options)),
  );
}

/** `migrate stamp TARGET...`: records the database as being at the targets without running any revision. */
export function stamp(options: ProjectOptions & { targets: string[]; purge?: boolean }): Promise<StampResult> {
  return guarded(async () =>
    (await commands.stamp()).stamp(commandOptions(options), options.targets, !!options.purge, options.onNotice),
  );
}

/** `migrate check`: compares the model with the database; `clean` is false when they differ. */
export function check(options: ProjectOptions = {}): Promise<CheckResult> {
  return guarded(async () => (await commands.check()).check(commandOptions(options), options.onNotice));
}

/** `migrate test`: every check on a scratch database (PGlite in memory, or one made on the server of `url`). */
export function test(options: Omit<ProjectOptions, 'url'> & { url?: string; from?: string } = {}): Promise<TestResult> {
  const { url, from, ...project } = options;
  return guarded(async () =>
    (await commands.test()).testMigrations(commandOptions(project), {
      ...(url !== undefined ? { url } : {}),
      ...(from !== undefined ? { from } : {}),
    }),
  );
}

/** `migrate current`: the revisions the database is at. */
export function current(options: ProjectOptions = {}): Promise<CurrentResult> {
  return guarded(async () => (await commands.inspect()).current(commandOptions(options), options.onNotice));
}

/** `migrate history`: the revisions, newest first; reads the database only for `indicateCurrent` or a range that needs it. */
export function history(options: ProjectOptions & HistoryOptions = {}): Promise<RevisionInfo[]> {
  const { range, indicateCurrent } = options;
  return guarded(async () =>
    (await commands.inspect()).history(
      commandOptions(options),
      { ...(range !== undefined ? { range } : {}), ...(indicateCurrent ? { indicateCurrent } : {}) },
      options.onNotice,
    ),
  );
}

/** `migrate heads`: the revisions nothing continues. Reads no database. */
export function heads(options: ProjectOptions & { resolveDependencies?: boolean } = {}): Promise<RevisionInfo[]> {
  return guarded(async () => (await commands.inspect()).heads(commandOptions(options), !!options.resolveDependencies));
}

/** What `revision` takes: the command line's options, without the terminal's rename prompt. */
export type RevisionCallOptions = ProjectOptions &
  Omit<RevisionOptions, 'renames'> & {
    /** `--rename [KIND:]PATH=NEW` values. */
    renames?: string[];
    /** `--no-rename [KIND:]PATH` values. */
    keep?: string[];
  };

/** `migrate revision -m MSG [--autogenerate]`: writes a new revision file. */
export function revision(options: RevisionCallOptions): Promise<RevisionResult> {
  const { config, cwd, url, args, onNotice, renames, keep, ...rev } = options;
  return guarded(async () =>
    (await commands.revision()).revision(
      commandOptions({ config, cwd, url, args }),
      { ...rev, renames: { ...(renames ? { renames } : {}), ...(keep ? { keep } : {}) } },
      onNotice,
    ),
  );
}
