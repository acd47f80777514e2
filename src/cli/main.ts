import { Command, CommanderError } from 'commander';
import { parseXArgs } from '../config/load-config.js';
import type { CommandOptions } from '../commands/project.js';
import { printError, printNotice, type Output } from './output.js';
import * as show from './print.js';

/* Commands load on demand, so `upgrade` never loads the diff and render code. */
const commands = {
  check: () => import('../commands/check.js'),
  inspect: () => import('../commands/inspect.js'),
  init: () => import('../commands/init.js'),
  pull: () => import('../commands/pull.js'),
  revision: () => import('../commands/revision.js'),
  upgrade: () => import('../commands/upgrade.js'),
};

interface GlobalOptions {
  config?: string;
  x: string[];
  verbose?: boolean;
}

/** Exit codes: 0 success, 1 `check` found differences, 2 any error. */
export const EXIT = { ok: 0, differences: 1, error: 2 } as const;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Builds the program; `out` receives everything it prints. */
export function buildProgram(out: Output, cwd: string): Command {
  const program = new Command('migrate')
    .description('Schema migrations for PostgreSQL, with exact autogenerate.')
    .option('-c, --config <file>', 'config file', 'migrate.config.ts')
    .option('-x <key=value>', 'argument passed to the config (repeatable), e.g. -x env=prod', collect, [])
    .option('--verbose', 'print stack traces with errors')
    .showHelpAfterError('(run `migrate --help` for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.stdout(s.replace(/\n$/, '')), writeErr: (s) => out.stderr(s.replace(/\n$/, '')) });

  const opts = (): CommandOptions => {
    const g = program.opts<GlobalOptions>();
    return { cwd, configPath: g.config, args: parseXArgs(g.x) };
  };
  const notify = printNotice(out);
  const example = (text: string) => `\nExample:\n  ${text}`;

  program
    .command('init [dir]')
    .description('create migrate.config.ts, models.ts and migrations/versions/')
    .addHelpText('after', example('$ migrate init'))
    .action(async (dir?: string) => show.init(out, (await commands.init()).init(dir ?? cwd)));

  program
    .command('pull')
    .description('reflect the database and write it as model code')
    .option('--out <file>', 'write to this file instead of the configured model file')
    .option('--force', 'overwrite a model file that already declares tables')
    .addHelpText('after', example('$ migrate pull --out models.ts'))
    .action(async (o: { out?: string; force?: boolean }) => show.pull(out, await (await commands.pull()).pull(opts(), o, notify)));

  program
    .command('revision')
    .description('write a new revision file, from the model with --autogenerate')
    .requiredOption('-m, --message <text>', 'what the revision does')
    .option('--autogenerate', 'compare the model with the database and write the operations')
    .option('--rev-id <id>', 'use this revision id instead of a random one')
    .addHelpText('after', example('$ migrate revision --autogenerate -m "add email to users"'))
    .action(async (o: { message: string; autogenerate?: boolean; revId?: string }) =>
      show.revision(out, await (await commands.revision()).revision(opts(), { message: o.message, autogenerate: !!o.autogenerate, ...(o.revId ? { revId: o.revId } : {}) }, notify)),
    );

  program
    .command('upgrade <target>')
    .description('apply revisions up to TARGET: head, heads, a revision id or prefix, +N')
    .addHelpText('after', example('$ migrate upgrade head'))
    .action(async (target: string) => show.migrate(out, await (await commands.upgrade()).upgrade(opts(), target, notify), 'upgrade'));

  program
    .command('downgrade <target>')
    .description('undo revisions down to TARGET: base, a revision id or prefix, -N')
    .addHelpText('after', example('$ migrate downgrade -1'))
    .action(async (target: string) => show.migrate(out, await (await commands.upgrade()).downgrade(opts(), target, notify), 'downgrade'));

  program
    .command('current')
    .description('show the revision the database is at')
    .option('--json', 'print JSON')
    .addHelpText('after', example('$ migrate current'))
    .action(async (o: { json?: boolean }) => show.current(out, await (await commands.inspect()).current(opts(), notify), !!o.json));

  program
    .command('history')
    .description('list the revisions, newest first')
    .option('--json', 'print JSON')
    .addHelpText('after', example('$ migrate history'))
    .action(async (o: { json?: boolean }) => show.revisions(out, await (await commands.inspect()).history(opts()), !!o.json));

  program
    .command('heads')
    .description('list the head revisions')
    .option('--json', 'print JSON')
    .addHelpText('after', example('$ migrate heads'))
    .action(async (o: { json?: boolean }) => show.revisions(out, await (await commands.inspect()).heads(opts()), !!o.json));

  program
    .command('check')
    .description('exit 1 and list the differences when the database does not match the model')
    .option('--json', 'print JSON')
    .addHelpText('after', example('$ migrate check'))
    .action(async (o: { json?: boolean }) => {
      const result = await (await commands.check()).check(opts(), notify);
      show.check(out, result, !!o.json);
      if (!result.clean) out.exitCode = EXIT.differences;
    });

  return program;
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
