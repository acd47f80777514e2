import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { renderModelPieces } from '../../pull/render-model.js';
import { renderUnmodeledBlock } from '../../pull/render-unmodeled.js';
import { bookkeepingTables } from '../../config/load-config.js';
import { reflectSchema } from '../../pg/reflect.js';
import { textsToWrite, withTextsWritten } from '../../canonical/canonical-fixpoint.js';
import { comparedSchemas, rememberComparedSchemas } from './read-ahead.js';
import { reflectUnmodeled, type UnmodeledObject } from '../../pg/reflect/reflect-unmodeled.js';
import { AthanorError } from '../../util/errors.js';
import { prepareUserFile } from '../../loader/import-file.js';
import { collectAfterLargeFile, tuneHeapForLargeFiles } from '../../loader/heap-tuning.js';
import { progressOf, withDatabase, type CommandOptions, type NoticeHandler } from '../shared/project.js';

export interface PullOptions {
  /** Write here instead of the config's model file. */
  out?: string;
  /** Overwrite a model file that already declares tables. */
  force?: boolean;
}

export interface PullResult {
  path: string;
  tables: number;
  enums: number;
  /** What the database holds and the model cannot, sorted by kind then name; written as SQL comments at the end of the file. */
  unmodeled: UnmodeledObject[];
}

/** The heap's size (live and dead) from which pull collects after the reading, before it writes the model. */
const LARGE_HEAP = 160 << 20;

/** `migrate pull`: reflects the database and writes it as model code. */
export function pull(
  options: CommandOptions,
  pullOptions: PullOptions = {},
  notify?: NoticeHandler,
): Promise<PullResult> {
  return withDatabase(options, notify, async (config, driver) => {
    const path = pullOptions.out ? resolve(options.cwd ?? process.cwd(), pullOptions.out) : config.modelPath;
    if (!pullOptions.force && existsSync(path) && declaresTables(readFileSync(path, 'utf8'))) {
      throw new AthanorError(
        'model-exists',
        `${path} already declares tables; pass --force to overwrite it or --out FILE to write elsewhere`,
      );
    }
    const reflectOptions = {
      ...(config.schemas ? { schemas: config.schemas } : {}),
      exclude: bookkeepingTables(config),
    };
    const progress = progressOf(notify) ?? (() => undefined);
    progress('reading the database');
    // The reading of a large database and the model's text leave much garbage: the heap grows as it does for a
    // large model file, and what the reading left is collected before the text is made (heap-tuning.ts).
    tuneHeapForLargeFiles();
    // Model code has no use for what uses what.
    const reflected = await reflectSchema(driver, {
      ...reflectOptions,
      dependencies: false,
      privileges: config.privileges,
      owners: config.owners,
    });
    // Texts the server would hold otherwise once created from their printing, written as they were created.
    const model = withTextsWritten(reflected, await textsToWrite(driver, reflected));
    progress('reading what the model cannot hold');
    const unmodeled = await reflectUnmodeled(driver, { ...reflectOptions, privileges: config.privileges });
    // 10,000 tables: the reading's rows are 100 MiB or more of garbage beside a model of 60 MiB.
    collectAfterLargeFile(LARGE_HEAP);
    progress(`writing ${basename(path)}`);
    // Written piece by piece: the text of a model of 10,000 tables (15 MB) is never held joined.
    writeModelFile(path, [...renderModelPieces(model), renderUnmodeledBlock(unmodeled)]);
    if (path === config.modelPath) {
      // The next comparison starts reading these schemas while it loads the model.
      rememberComparedSchemas(config.root, comparedSchemas(config, model));
      // And finds a large model transformed and compiled already.
      await prepareUserFile(path, { started: () => progress(`compiling ${basename(path)} for the next command`) });
    }
    progress(null);
    return { path, tables: model.tables.length, enums: model.enums.length, unmodeled };
  });
}

/** Writes `pieces` to `path`, in order, replacing what it held. */
function writeModelFile(path: string, pieces: readonly string[]): void {
  const fd = openSync(path, 'w');
  try {
    for (const piece of pieces) {
      const bytes = Buffer.from(piece, 'utf8');
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether a model file's code (not its comments: `migrate init` writes an
 * example table in a comment) calls `.table(`.
 */
export function declaresTables(source: string): boolean {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
  return /\.table\(/.test(code);
}
