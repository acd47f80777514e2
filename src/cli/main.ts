import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { parseXArgs } from '../config/load-config.js';
import { AthanorError } from '../util/errors.js';
import type { RunFlags } from '../commands/shared/project.js';
import { completionScript, SHELLS, type Shell } from './completion.js';
import { collect, commands, EXIT, type CliContext } from './context.js';
import { expandFleet, migrateFleet, stampFleet } from './fleet-actions.js';
import { refuseStrayFleetOptions, withFleetOptions, type FleetOptionValues } from './fleet.js';
import { errorPrefix, printError, printNotice, type Output } from './output.js';
import * as show from './print.js';
import * as showSquash from './print-squash.js';
import { registerDiagram } from './pictures.js';
import { registerReadCommands } from './read-commands.js';
import { renameOptions, withRenameOptions, type RenameOptionValues } from './renames.js';

interface GlobalOptions {
  config?: string;
  x: string[];
  verbose?: boolean;
}

/** The package's version, from its package.json (two folders up, from `src/cli` and `dist/cli` alike). */
function packageVersion(): string {
  const found = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return found.version ?? 'unknown';
}

/** Builds the program; `out` receives everything it prints. */
export function buildProgram(out: Output, cwd: string): Command {
  const program = new Command('migrate')
    .description('Schema migrations for PostgreSQL, with exact autogenerate.')
    .version(packageVersion(), '-V, --version', "print Athanor's version")
    .option(
      '-c, --config <file>',
      'config file (default: $MIGRATE_CONFIG, else migrate.config.ts here or in a folder above)',
    )
    .option('-x <key=value>', 'argument passed to the config (repeatable), e.g. -x env=prod', collect, [])
    .option(
      '--verbose',
      'more detail: full revision details in current, history, heads, branches; stack traces with errors',
    )
    .showHelpAfterError('(run `migrate --help` for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out.stdout(s.replace(/\n$/, '')),
      writeErr: (s) => out.stderr(s.replace(/\n$/, '')),
      // The parser's own errors (an unknown option, a missing argument) get the code of a misused option.
      outputError: (s, write) => write(s.replace(/^error:/, errorPrefix('bad-option'))),
    });

  const ctx: CliContext = {
    out,
    opts: () => {
      const g = program.opts<GlobalOptions>();
      return { cwd, configPath: g.config, args: parseXArgs(g.x) };
    },
    verbose: () => !!program.opts<GlobalOptions>().verbose,
    notify: printNotice(out),
    example: (...lines) => `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}`,
  };
  registerWriteCommands(program, ctx);
  registerSquash(program, ctx);
  registerRunCommands(program, ctx);
  registerReadCommands(program, ctx);
  registerDiagram(program, ctx);
  program
    .command('completion <shell>')
    .description('print a completion script for bash, zsh or fish')
    .addHelpText('after', ctx.example('eval "$(migrate completion bash)"', 'migrate completion fish | source'))
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell))
        throw new AthanorError('bad-option', `completion takes one of ${SHELLS.join(', ')}, not "${shell}"`);
      out.stdout(completionScript(program, shell as Shell).replace(/\n$/, ''), 'document');
    });
  return program;
}

function registerWriteCommands(program: Command, { out, opts, notify, example }: CliContext): void {
  program
    .command('init [dir]')
    .description('create migrate.config.ts, models.ts and migrations/versions/ (.mts files in a CommonJS package)')
    .addHelpText('after', example('migrate init'))
    .action(async (dir: string | undefined) =>
      show.init(out, (await commands.init()).init(dir ?? opts().cwd ?? process.cwd())),
    );

  program
    .command('pull')
    .description('reflect the database and write it as model code')
    .option('--out <file>', 'write to this file instead of the configured model file')
    .option('--force', 'overwrite a model file that already declares tables')
    .addHelpText('after', example('migrate pull --out models.ts'))
    .action(async (o: { out?: string; force?: boolean }) =>
      show.pull(out, await (await commands.pull()).pull(opts(), o, notify)),
    );

  withRenameOptions(program.command('revision'))
    .description('write a new revision file, from the model with --autogenerate')
    .requiredOption('-m, --message <text>', 'what the revision does')
    .option('--autogenerate', 'compare the model with the database and write the operations')
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .option('--head <rev>', 'build on this head (or LABEL@head); `base` starts a new branch from nothing')
    .option('--splice', 'allow --head to be a revision that is not a head, branching from it')
    .option('--branch-label <label>', 'name the branch this revision starts (repeatable)', collect, [])
    .option('--depends-on <rev>', 'a revision or branch label that must be applied first (repeatable)', collect, [])
    .option('--tenant <name>', 'with tenants configured: the tenant --autogenerate compares with (default the first)')
    .option('--allow-empty', 'with --autogenerate: write a revision even when there are no changes')
    .addOption(
      new Option(
        '--plan <mode>',
        "online: concurrent indexes and validated constraints on existing tables; simple: plain statements (default: the config's plan, else online)",
      ).choices(['online', 'simple']),
    )
    .addHelpText(
      'after',
      example(
        'migrate revision --autogenerate -m "add email to users"',
        'migrate revision --autogenerate -m "rename" --rename users.name=display_name',
        'migrate revision -m "create audit" --head base --branch-label audit',
        'migrate revision -m "use audit" --depends-on audit@head',
      ),
    )
    .action(async (o: RevisionOptionValues) => {
      if (!o.autogenerate && (o.rename.length > 0 || o.keep.length > 0))
        throw new AthanorError(
          'bad-option',
          '--rename and --no-rename decide what --autogenerate finds; add --autogenerate',
        );
      const rev = {
        renames: renameOptions(o),
        ...(o.tenant !== undefined ? { tenant: o.tenant } : {}),
        ...(o.plan !== undefined ? { plan: o.plan } : {}),
        message: o.message,
        autogenerate: !!o.autogenerate,
        ...(o.allowEmpty ? { allowEmpty: true } : {}),
        ...(o.revId ? { revId: o.revId } : {}),
        ...(o.head ? { head: o.head } : {}),
        ...(o.splice ? { splice: true } : {}),
        branchLabels: o.branchLabel,
        dependsOn: o.dependsOn,
      };
      show.revision(out, await (await commands.revision()).revision(opts(), rev, notify));
    });

  program
    .command('merge <revisions...>')
    .description('write a revision that merges two or more heads (or `heads`: all of them) into one')
    .requiredOption('-m, --message <text>', 'what the merge is for')
    .option('--branch-label <label>', 'name the branch the merge starts (repeatable)', collect, [])
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .addHelpText(
      'after',
      example('migrate merge heads -m "merge audit into main"', 'migrate merge ae10 27c6 -m "merge"'),
    )
    .action(async (revisions: string[], o: { message: string; branchLabel: string[]; revId?: string }) => {
      const merge = (await commands.merge()).merge;
      show.merge(
        out,
        await merge(opts(), {
          message: o.message,
          revisions,
          branchLabels: o.branchLabel,
          ...(o.revId ? { revId: o.revId } : {}),
        }),
      );
    });
}

interface SquashOptionValues {
  message?: string;
  revId?: string;
  url?: string;
  dropDataSteps?: boolean;
  prune?: boolean;
  tenants?: string;
  concurrency?: string;
  json?: boolean;
}

function registerSquash(program: Command, { out, opts, example }: CliContext): void {
  program
    .command('squash [range]')
    .description(
      'write one revision that replaces the revisions of [BASE..]REV (each end as show takes it: an id, head, X@head, REV-N); --prune: can their files go?',
    )
    .option('-m, --message <text>', 'what the squash is for')
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .option('--url <url>', 'build the schemas on a scratch database on this server (default: PGlite in memory)')
    .option('--drop-data-steps', 'write the squash although revisions of the range change data; that work is left out')
    .option('--prune', 'say which databases are still inside a squash, and which replaced files can be deleted')
    .option('--tenants <which>', "with --prune: read the fleet's tenants: all, NAME,NAME or a pattern")
    .option('--concurrency <n>', 'with --prune --tenants: at most N tenants at once (default 4)')
    .option('--json', 'with --prune: print JSON')
    .addHelpText(
      'after',
      example(
        'migrate squash ae10 -m "initial schema"',
        'migrate squash ae10..head -m "2024"',
        'migrate squash --prune',
      ),
    )
    .action(async (range: string | undefined, o: SquashOptionValues) => {
      const cmd = await commands.squash();
      if (o.prune) {
        if (range !== undefined || o.message !== undefined)
          throw new AthanorError('bad-option', '--prune takes no range and no message; run it on its own');
        const concurrency = o.concurrency === undefined ? undefined : Number(o.concurrency);
        if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0))
          throw new AthanorError('bad-option', `--concurrency takes a whole number, got "${o.concurrency}"`);
        return showSquash.prune(
          out,
          await cmd.squashPrune(opts(), {
            ...(o.tenants !== undefined ? { tenants: o.tenants } : {}),
            ...(concurrency !== undefined ? { concurrency } : {}),
          }),
          !!o.json,
        );
      }
      if (o.tenants !== undefined || o.concurrency !== undefined || o.json)
        throw new AthanorError('bad-option', '--tenants, --concurrency and --json go with --prune');
      if (range === undefined || o.message === undefined)
        throw new AthanorError(
          'bad-option',
          'squash needs the range and a message: `migrate squash [BASE..]REV -m MSG` (or --prune)',
        );
      showSquash.squash(
        out,
        await cmd.squash(opts(), {
          range,
          message: o.message,
          ...(o.revId ? { revId: o.revId } : {}),
          ...(o.url ? { url: o.url } : {}),
          ...(o.dropDataSteps ? { dropDataSteps: true } : {}),
        }),
      );
    });
}

interface RevisionOptionValues extends RenameOptionValues {
  message: string;
  autogenerate?: boolean;
  allowEmpty?: boolean;
  revId?: string;
  head?: string;
  splice?: boolean;
  branchLabel: string[];
  dependsOn: string[];
  tenant?: string;
  plan?: 'online' | 'simple';
}

interface RunOptionValues extends FleetOptionValues {
  sql?: boolean;
  sqlDir?: string;
  singleTransaction?: boolean;
  lockTimeout?: string;
  statementTimeout?: string;
}

function runFlags(o: RunOptionValues): RunFlags {
  return {
    ...(o.singleTransaction ? { singleTransaction: true } : {}),
    ...(o.lockTimeout ? { lockTimeout: o.lockTimeout } : {}),
    ...(o.statementTimeout ? { statementTimeout: o.statementTimeout } : {}),
  };
}

function withRunOptions(command: Command): Command {
  const run = command
    .option('--sql', 'print the SQL script instead of running it (no connection); TARGET may be FROM:TO')
    .option('--single-transaction', 'run every revision in one transaction (default: one per revision, or the config)')
    .option('--lock-timeout <time>', "lock_timeout for the run, e.g. 5s (a revision's own wins)")
    .option('--statement-timeout <time>', "statement_timeout for the run, e.g. 10min (a revision's own wins)");
  return withFleetOptions(run)
    .option('--json', 'with --tenants: one JSON record per tenant')
    .option('--sql-dir <dir>', 'with --sql --tenants: the folder to write one script per tenant to');
}

/** Options that only mean something with --tenants. */
function refuseWithoutTenants(o: RunOptionValues): void {
  refuseStrayFleetOptions(o);
  if (o.json || o.sqlDir)
    throw new AthanorError(
      'bad-option',
      `${o.json ? '--json' : '--sql-dir'} applies with --tenants; add --tenants all (or NAME,NAME)`,
    );
}

function registerRunCommands(program: Command, ctx: CliContext): void {
  const { out, opts, notify, example } = ctx;
  withRunOptions(program.command('upgrade <target>'))
    .description('apply revisions up to TARGET: head, heads, an id or prefix, a label, LABEL@head, +N, LABEL@+N, REV+N')
    .addHelpText(
      'after',
      example(
        'migrate upgrade head',
        'migrate upgrade heads --lock-timeout 5s',
        'migrate upgrade --sql base:head > upgrade.sql',
        'migrate upgrade head --tenants all --concurrency 8',
        'migrate upgrade head --expand',
      ),
    )
    .option('--expand', 'serve the old and the new version at once until `migrate contract` (or `migrate abort`)')
    .action(async (target: string, o: RunOptionValues & { expand?: boolean }) => {
      if (o.expand) {
        if (o.sql || o.singleTransaction)
          throw new AthanorError('bad-option', '--expand runs online: leave out --sql and --single-transaction');
        if (o.statementTimeout)
          throw new AthanorError(
            'bad-option',
            '--expand runs each step under --lock-timeout and backfills in short batches: leave out --statement-timeout',
          );
        if (o.tenants) return expandFleet(ctx, 'expand', target, { ...o, tenants: o.tenants }, runFlags(o));
        refuseWithoutTenants(o);
        const cmd = await commands.expand();
        return show.expanded(out, await cmd.expandUpgrade(opts(), target, notify, runFlags(o)), 'expand');
      }
      if (o.tenants) return migrateFleet(ctx, 'up', target, { ...o, tenants: o.tenants }, runFlags(o));
      refuseWithoutTenants(o);
      const cmd = await commands.upgrade();
      if (o.sql) return show.script(out, await cmd.upgradeSql(opts(), target, runFlags(o)));
      show.migrate(out, await cmd.upgrade(opts(), target, notify, runFlags(o)), 'upgrade');
    });

  withRunOptions(program.command('downgrade <target>'))
    .description('undo revisions down to TARGET: base, an id or prefix, -N, LABEL@-N, REV-N, LABEL@base')
    .addHelpText(
      'after',
      example(
        'migrate downgrade -1',
        'migrate downgrade audit@base',
        'migrate downgrade --sql head:base > downgrade.sql',
      ),
    )
    .action(async (target: string, o: RunOptionValues) => {
      if (o.tenants) return migrateFleet(ctx, 'down', target, { ...o, tenants: o.tenants }, runFlags(o));
      refuseWithoutTenants(o);
      const cmd = await commands.upgrade();
      if (o.sql) return show.script(out, await cmd.downgradeSql(opts(), target, runFlags(o)));
      show.migrate(out, await cmd.downgrade(opts(), target, notify, runFlags(o)), 'downgrade');
    });

  withFleetOptions(program.command('contract'))
    .description('finish `upgrade --expand`: the tables take the new shape; the old version, its triggers and views go')
    .option('--json', 'with --tenants: one JSON record per tenant')
    .addHelpText('after', example('migrate contract', 'migrate contract --tenants all'))
    .action(async (o: FleetOptionValues) => {
      if (o.tenants) return expandFleet(ctx, 'contract', null, { ...o, tenants: o.tenants });
      refuseWithoutTenants(o);
      show.expanded(out, await (await commands.expand()).contract(opts(), notify), 'contract');
    });

  withFleetOptions(program.command('abort'))
    .description('undo `upgrade --expand` at any point: the old shape back, every write kept')
    .option('--json', 'with --tenants: one JSON record per tenant')
    .addHelpText('after', example('migrate abort', 'migrate abort --tenants all'))
    .action(async (o: FleetOptionValues) => {
      if (o.tenants) return expandFleet(ctx, 'abort', null, { ...o, tenants: o.tenants });
      refuseWithoutTenants(o);
      show.expanded(out, await (await commands.expand()).abort(opts(), notify), 'abort');
    });

  withFleetOptions(program.command('stamp <targets...>'))
    .description('record the database as being at TARGET without running any revision (no DDL)')
    .option('--purge', 'empty the version table first (also clears ids no file defines)')
    .option('--sql', 'print the SQL script instead of running it; TARGET may be FROM:TO')
    .option('--json', 'with --tenants: one JSON record per tenant')
    .option('--sql-dir <dir>', 'with --sql --tenants: the folder to write one script per tenant to')
    .addHelpText(
      'after',
      example('migrate stamp head', 'migrate stamp --purge ae1027a6acf', 'migrate stamp head --tenants all'),
    )
    .action(async (targets: string[], o: RunOptionValues & { purge?: boolean }) => {
      if (o.tenants) return stampFleet(ctx, targets, { ...o, tenants: o.tenants });
      refuseWithoutTenants(o);
      const cmd = await commands.stamp();
      if (o.sql) {
        if (targets.length !== 1)
          throw new AthanorError(
            'bad-option',
            'stamp --sql takes one [FROM:]TARGET, e.g. `migrate stamp --sql base:head`',
          );
        return show.script(out, await cmd.stampSql(opts(), targets[0]!, !!o.purge));
      }
      show.stamp(out, await cmd.stamp(opts(), targets, !!o.purge, notify));
    });
}

/** Runs the CLI; returns the exit code. */
export async function run(argv: string[], out: Output, cwd = process.cwd()): Promise<number> {
  const program = buildProgram(out, cwd);
  out.exitCode = EXIT.ok;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return out.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    printError(out, error, !!program.opts<GlobalOptions>().verbose);
    return EXIT.error;
  }
}

export { EXIT } from './context.js';
