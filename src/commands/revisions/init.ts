import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILES } from '../../config/load-config.js';
import { typeScriptExtension } from '../../config/module-extension.js';
import { AthanorError } from '../../util/errors.js';

export interface InitResult {
  created: string[];
}

const config = (model: string): string => `import { defineConfig } from 'athanor';

export default defineConfig({
  // Without a url, commands use an embedded PGlite database in .athanor/dev.
  url: process.env.DATABASE_URL,
  model: './${model}',
  migrations: './migrations',
  environments: {
    // migrate -x env=prod upgrade head
    prod: { url: process.env.PROD_DATABASE_URL },
  },
});
`;

const MODEL = `import { defineMetadata } from 'athanor';

export const metadata = defineMetadata({
  namingConvention: {
    ix: 'ix_%(table_name)s_%(column_0_N_name)s',
    uq: 'uq_%(table_name)s_%(column_0_N_name)s',
    ck: 'ck_%(table_name)s_%(constraint_name)s',
    fk: 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    pk: 'pk_%(table_name)s',
  },
});

// Declare tables here, for example:
// export const users = metadata.table('users', {
//   id: serial().primaryKey(),
//   email: text().notNull().unique(),
// });
`;

/**
 * `migrate init`: writes migrate.config.ts, models.ts and migrations/versions/;
 * `.mts` files where a `.ts` file would not be an ES module (`typeScriptExtension`).
 */
export function init(dir: string): InitResult {
  const root = resolve(dir);
  const existing = CONFIG_FILES.map((name) => join(root, name)).find((path) => existsSync(path));
  if (existing !== undefined) {
    throw new AthanorError('already-initialised', `${existing} already exists; this project is set up already`);
  }
  const extension = typeScriptExtension(root);
  const model = `models${extension}`;
  const configPath = join(root, `migrate.config${extension}`);
  const created: string[] = [];
  mkdirSync(root, { recursive: true });
  writeFileSync(configPath, config(model));
  created.push(configPath);
  const modelPath = join(root, model);
  if (!existsSync(modelPath)) {
    writeFileSync(modelPath, MODEL);
    created.push(modelPath);
  }
  const versions = join(root, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(versions, '.gitkeep'), '');
  created.push(versions);
  return { created };
}
