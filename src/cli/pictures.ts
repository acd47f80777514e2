import { relative } from 'node:path';
import { Option, type Command } from 'commander';
import type { PictureOutput, PictureResult } from '../commands/pictures/write-picture.js';
import { PICTURE_FORMATS, type PictureFormat } from '../commands/pictures/formats.js';
import { AthanorError } from '../util/errors.js';
import { collect, commands, type CliContext } from './context.js';
import type { Output } from './output.js';

/*
 * The pictures: `migrate diagram`, and the options `show --diagram` and
 * `history --graph` share with it (`--format`, `--out`), declared once here.
 */

export interface PictureOptionValues {
  format?: PictureFormat;
  out?: string;
}

/** `--format` and `--out`, for a command that draws. */
export function withPictureOptions(command: Command, formatHelp: string): Command {
  return command
    .addOption(new Option('--format <format>', formatHelp).choices(PICTURE_FORMATS))
    .option('--out <file>', 'write the picture to this file instead of stdout');
}

/** The format and file asked for; `--format` or `--out` without what draws is an error. */
export function pictureOutput(o: PictureOptionValues, fallback: PictureFormat): PictureOutput {
  return { format: o.format ?? fallback, ...(o.out !== undefined ? { out: o.out } : {}) };
}

export function refusePictureOptions(o: PictureOptionValues, needs: string): void {
  const given = o.format !== undefined ? '--format' : o.out !== undefined ? '--out' : null;
  if (given) throw new AthanorError('bad-option', `${given} goes with ${needs}`);
}

/** The picture on stdout as it is, or a line saying where it was written. */
export function printPicture(out: Output, result: PictureResult): void {
  if (result.text !== undefined) return out.stdout(result.text.replace(/\n$/, ''), 'document');
  const inside = relative(process.cwd(), result.path!);
  out.stdout(
    `Wrote ${inside && !inside.startsWith('..') ? inside : result.path} (${result.format}, ${result.boxes.length} objects)`,
  );
  for (const note of result.notes) out.stdout(`  ${note}`);
}

interface DiagramOptionValues extends PictureOptionValues {
  database?: boolean;
  url?: string;
  schema: string[];
  table?: string;
  depth?: string;
}

export function registerDiagram(program: Command, { out, opts, notify, example }: CliContext): void {
  withPictureOptions(program.command('diagram'), "the picture's format (default svg)")
    .description("draw the model's tables (or the database's) as an entity diagram: columns, keys, foreign keys")
    .option('--database', 'draw the database the config names instead of the model')
    .option('--url <url>', 'draw the database at this url instead of the model')
    .option('--schema <schema>', 'only this schema (repeatable)', collect, [])
    .option('--table <table>', 'only this table (SCHEMA.TABLE or TABLE) and its neighbours')
    .option('--depth <n>', 'with --table: how many foreign keys away to go (default 1)')
    .addHelpText(
      'after',
      example(
        'migrate diagram --format html --out schema.html',
        'migrate diagram --format mermaid --schema public',
        'migrate diagram --table film --depth 2 --out film.svg',
        'migrate diagram --database --format dot | dot -Tpng > schema.png',
      ),
    )
    .action(async (o: DiagramOptionValues) => {
      if (o.depth !== undefined && o.table === undefined)
        throw new AthanorError('bad-option', '--depth goes with --table');
      const depth = o.depth === undefined ? undefined : Number(o.depth);
      if (depth !== undefined && !(Number.isInteger(depth) && depth >= 0))
        throw new AthanorError('bad-option', `--depth takes a whole number, not "${o.depth}"`);
      const result = await (
        await commands.diagram()
      ).diagram(
        { ...opts(), ...(o.url !== undefined ? { url: o.url } : {}) },
        {
          ...pictureOutput(o, 'svg'),
          database: !!o.database,
          schemas: o.schema,
          ...(o.table !== undefined ? { table: o.table } : {}),
          ...(depth !== undefined ? { depth } : {}),
        },
        notify,
      );
      printPicture(out, result);
    });
}
