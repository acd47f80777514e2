import { bookkeepingTables, loadConfig } from '../../config/load-config.js';
import { reflectSchema } from '../../pg/reflect.js';
import { modelPicture, type ModelFocus } from '../../pictures/model-picture.js';
import { prepareRenderer } from '../../pictures/renderers.js';
import type { SchemaModel } from '../../schema/model.js';
import { progressOf, withConfigDatabase, type CommandOptions, type NoticeHandler } from '../shared/project.js';
import { writePicture, type PictureOutput, type PictureResult } from './write-picture.js';

export interface DiagramOptions extends ModelFocus, PictureOutput {
  /** Draw the live database (the config's, or `--url`'s) instead of the model. */
  database?: boolean;
}

/**
 * `migrate diagram`: the model's tables (or the database's) as an entity
 * diagram: columns, types, keys, nullability, foreign keys, grouped by schema.
 */
export async function diagram(
  options: CommandOptions,
  opts: DiagramOptions,
  notify?: NoticeHandler,
): Promise<PictureResult> {
  const config = await loadConfig(options);
  const progress = progressOf(notify) ?? (() => undefined);
  const fromDatabase = opts.database === true || options.url !== undefined;
  // Graphviz's WebAssembly compiles while the schema is read.
  prepareRenderer(opts.format);
  let model: SchemaModel;
  if (fromDatabase) {
    progress('reading the database');
    model = await withConfigDatabase(config, notify, (_config, driver) =>
      reflectSchema(driver, {
        ...(config.schemas ? { schemas: config.schemas } : {}),
        exclude: bookkeepingTables(config),
        dependencies: false,
      }),
    );
  } else {
    progress('loading the model');
    // The comparison's module, with what it imports, loads only for a model.
    model = await (await import('../compare/declared-model.js')).loadDeclaredModel(config.modelPath);
  }
  progress(`drawing ${opts.format}`);
  const picture = modelPicture(model, opts, fromDatabase ? 'database' : 'model');
  const result = await writePicture(options, picture, opts);
  progress(null);
  return result;
}
