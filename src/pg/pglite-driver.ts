import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Driver } from './driver.js';

/** PGlite in process: `dataDir` null keeps the database in memory. */
export async function connectPglite(dataDir: string | null): Promise<Driver> {
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  const db = dataDir === null ? await PGlite.create() : await PGlite.create(dataDir);
  return {
    kind: 'pglite',
    display: dataDir === null ? 'pglite:memory:' : `pglite:${dataDir}`,
    async query<R>(sql: string, params?: unknown[]) {
      const result = await db.query<R>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
    },
  };
}
