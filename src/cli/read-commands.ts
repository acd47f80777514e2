import type { Command } from 'commander';
import { collect, commands, EXIT, type CliContext } from './context.js';
import { checkFleet, currentFleet, verifyFleet } from './fleet-actions.js';
import { refuseStrayFleetOptions, withFleetOptions, type FleetOptionValues } from './fleet.js';
import * as show from './print.js';
import {
  pictureOutput,
  printPicture,
  refusePictureOptions,
  withPictureOptions,
  type PictureOptionValues,
} from './pictures.js';

interface HistoryOptionValues extends PictureOptionValues {
  revRange?: string;
  indicateCurrent?: boolean;
  graph?: boolean;
  json?: boolean;
}

/** The read-only commands; each prints JSON with --json. */
export function registerReadCommands(program: Command, ctx: CliContext): void {
  const { out, opts, verbose, notify, example } = ctx;
  withFleetOptions(program.command('current'))
    .description('show the revision(s) the database is at, with when they were applied')
    .option('--json', 'print JSON')
    .addHelpText('after', example('migrate current', 'migrate --verbose current'))
    .action(async (o: FleetOptionValues) => {
      if (o.tenants) return currentFleet(ctx, { ...o, tenants: o.tenants });
      refuseStrayFleetOptions(o);
      show.current(out, await (await commands.inspect()).current(opts(), notify), !!o.json, verbose());
    });

  withPictureOptions(
    program
      .command('history')
      .description('list the revisions, newest first')
      .option('-r, --rev-range <range>', 'only START:END, e.g. base:head, ae10:, :current, -3:current')
      .option('-i, --indicate-current', 'mark the revisions the database is at (reads the database)')
      .option('--graph', 'draw the revisions as a graph (branches, merges, squashes, labels), in --format if given')
      .option('--json', 'print JSON'),
    'with --graph: draw it in this format instead of on the terminal',
  )
    .addHelpText(
      'after',
      example(
        'migrate history',
        'migrate history -r ae10:head --indicate-current',
        'migrate --verbose history -r -2:current',
        'migrate history --graph -i',
        'migrate history --graph --format svg --out history.svg',
      ),
    )
    .action(async (o: HistoryOptionValues) => {
      const range = { ...(o.revRange ? { range: o.revRange } : {}), indicateCurrent: !!o.indicateCurrent };
      if (o.graph) {
        const cmd = await commands.historyGraph();
        if (o.format !== undefined || o.out !== undefined)
          return printPicture(out, await cmd.historyDiagram(opts(), range, pictureOutput(o, 'svg'), notify));
        for (const line of await cmd.historyGraph(opts(), range, notify)) out.stdout(line);
        return;
      }
      refusePictureOptions(o, '--graph');
      const history = (await commands.inspect()).history;
      show.revisions(out, await history(opts(), range, notify), !!o.json, verbose());
    });

  program
    .command('heads')
    .description('list the head revisions')
    .option('--resolve-dependencies', 'leave out heads that another revision depends on')
    .option('--json', 'print JSON')
    .addHelpText('after', example('migrate heads', 'migrate heads --resolve-dependencies --json'))
    .action(async (o: { json?: boolean; resolveDependencies?: boolean }) =>
      show.revisions(out, await (await commands.inspect()).heads(opts(), !!o.resolveDependencies), !!o.json, verbose()),
    );

  program
    .command('branches')
    .description('list the branch points and the branch labels')
    .option('--json', 'print JSON')
    .addHelpText('after', example('migrate branches'))
    .action(async (o: { json?: boolean }) =>
      show.branches(out, await (await commands.inspect()).branches(opts()), !!o.json, verbose()),
    );

  withPictureOptions(
    program
      .command('show <rev>')
      .description('show a revision in full: an id or prefix, a label, head, heads, LABEL@head, REV-N or current')
      .option(
        '--diagram',
        'draw it: the tables it adds, changes and drops, its operations with their locks and hazards',
      )
      .option('--json', 'print JSON'),
    "with --diagram: the picture's format (default svg)",
  )
    .addHelpText(
      'after',
      example('migrate show head', 'migrate show ae10', 'migrate show head --diagram --format html --out head.html'),
    )
    .action(async (rev: string, o: PictureOptionValues & { json?: boolean; diagram?: boolean }) => {
      if (o.diagram)
        return printPicture(
          out,
          await (await commands.revisionDiagram()).revisionDiagram(opts(), rev, pictureOutput(o, 'svg')),
        );
      refusePictureOptions(o, '--diagram');
      show.show(out, await (await commands.show()).show(opts(), rev, notify), !!o.json);
    });

  registerGateCommands(program, ctx);
}

/** The read-only commands that gate CI: exit 1 when something does not match. */
function registerGateCommands(program: Command, ctx: CliContext): void {
  const { out, opts, notify, example } = ctx;
  withFleetOptions(program.command('check'))
    .description('exit 1 and list the differences when the database does not match the model or is behind head')
    .option('--json', 'print JSON')
    .addHelpText('after', example('migrate check', 'migrate check --tenants all --json'))
    .action(async (o: FleetOptionValues) => {
      if (o.tenants) return checkFleet(ctx, { ...o, tenants: o.tenants });
      refuseStrayFleetOptions(o);
      const result = await (await commands.check()).check(opts(), notify);
      show.check(out, result, !!o.json);
      // Behind head is a difference; a database at revisions these files do not hold is only reported.
      if (!result.clean || result.behind) out.exitCode = EXIT.differences;
    });

  withFleetOptions(program.command('verify'))
    .description('exit 1 when an applied revision file was edited since it was applied (checksums)')
    .option('--accept', 'record the applied files as they are now, after a deliberate edit')
    .option('--json', 'print JSON')
    .addHelpText('after', example('migrate verify', 'migrate verify --accept'))
    .action(async (o: FleetOptionValues & { accept?: boolean }) => {
      if (o.tenants) return verifyFleet(ctx, !!o.accept, { ...o, tenants: o.tenants });
      refuseStrayFleetOptions(o);
      const result = await (await commands.verify()).verify(opts(), !!o.accept, notify);
      show.verify(out, result, !!o.json);
      if (!result.ok) out.exitCode = EXIT.differences;
    });

  program
    .command('lint [revisions...]')
    .description(
      'report the hazards of revision files (their operations and op.execute SQL) without connecting; with no revision, every file, those a squash replaces too',
    )
    .option(
      '--fail-on <families>',
      'exit 1 when a hazard of these families is not acknowledged (comma list): data-loss,rewrite,lock,scan,breaking,non-transactional,expand',
      collect,
      [],
    )
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      example('migrate lint', 'migrate lint --fail-on data-loss,rewrite,lock', 'migrate lint head --json'),
    )
    .action(async (revisions: string[], o: { failOn: string[]; json?: boolean }) => {
      const cmd = await commands.lint();
      const failOn = cmd.parseFailOn(o.failOn);
      const result = await cmd.lint(opts(), revisions, failOn);
      show.lint(out, result, !!o.json, failOn);
      if (result.failed) out.exitCode = EXIT.differences;
    });

  program
    .command('test')
    .description(
      'test the revisions on a scratch database: one head, upgrade, the model matches head, downgrade to base, the stairway',
    )
    .option(
      '--url <url>',
      'a server on which to create (and then drop) the scratch database (default: PGlite in memory)',
    )
    .option('--from <rev>', 'test only the revisions after REV (the database starts at REV)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      example(
        'migrate test',
        'migrate test --url postgres://postgres@localhost:5432/postgres',
        'migrate test --from ae10',
      ),
    )
    .action(async (o: { url?: string; from?: string; json?: boolean }) => {
      const result = await (
        await commands.test()
      ).testMigrations(opts(), {
        ...(o.url !== undefined ? { url: o.url } : {}),
        ...(o.from !== undefined ? { from: o.from } : {}),
      });
      show.test(out, result, !!o.json);
      if (!result.ok) out.exitCode = EXIT.differences;
    });
}
