import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { tempProject } from '../helpers/project.js';
import { revisionSource, versionRows } from './runner-fixtures.js';

/** Each revision file notes, when it is loaded, that it was (the CLI runs in this process). */
const loads = () => ((globalThis as { __athanorLoads?: string[] }).__athanorLoads ??= []);
afterEach(() => {
  delete (globalThis as { __athanorLoads?: string[] }).__athanorLoads;
});

function revision(id: string, down: string | null, date: string): string {
  const note = `((globalThis as { __athanorLoads?: string[] }).__athanorLoads ??= []).push('${id}');`;
  return `${revisionSource({ id, down, date, up: `  await op.execute('CREATE TABLE ${id} (id int)');`, down_: `  await op.execute('DROP TABLE ${id}');` })}${note}\n`;
}

describe('revision files an upgrade imports', () => {
  it.each([
    ['without requireAcknowledged', ''],
    ['with requireAcknowledged, which lints them first', 'requireAcknowledged: true,'],
  ])('imports each revision it applies once (%s)', async (_, config) => {
    const db = await createTestDatabase();
    const p = tempProject(db.url, config);
    p.write('migrations/versions/r1.ts', revision('r1', null, '1'));
    p.write('migrations/versions/r2.ts', revision('r2', 'r1', '2'));
    p.write('migrations/versions/r3.ts', revision('r3', 'r2', '3'));
    expect((await p.migrate('upgrade', 'r1')).code).toBe(0);
    expect(loads().splice(0)).toEqual(['r1']);
    const result = await p.migrate('upgrade', 'head');
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(loads()).toEqual(['r2', 'r3']);
    expect(await versionRows(db.url)).toEqual(['r3']);
  });
});
