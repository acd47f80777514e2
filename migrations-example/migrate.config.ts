import { AthanorError, defineConfig } from 'athanor';

/**
 * Three environments: the base config (dev), and two chosen with `-x env=NAME`:
 *
 *   migrate upgrade head                   # dev: the base config below, no url, so an
 *                                          # embedded PGlite database in .athanor/dev
 *   migrate -x env=test upgrade head       # test: the database in TEST_DATABASE_URL
 *   migrate -x env=prod upgrade head       # prod: the database in PROD_DATABASE_URL
 *
 * An environment's keys override the base config. A `.env` file beside this one
 * is read first, so the urls can live there (never commit it).
 */
export default defineConfig(({ args, env }) => {
  /** The url of the chosen environment; an error rather than a silent fallback to PGlite. */
  const urlFrom = (name: string, variable: string): string | undefined => {
    const url = env[variable];
    if (args.env === name && !url) {
      throw new AthanorError('environment-url', `-x env=${name} takes its url from ${variable}, which is not set; export it or put it in .env`);
    }
    return url;
  };
  return {
    model: './models.ts',
    migrations: './migrations',
    environments: {
      test: { url: urlFrom('test', 'TEST_DATABASE_URL') },
      prod: {
        url: urlFrom('prod', 'PROD_DATABASE_URL'),
        // Give up rather than queue behind live traffic for long.
        lockTimeout: '5s',
      },
    },
  };
});
