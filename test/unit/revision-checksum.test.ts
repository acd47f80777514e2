import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRevisionHeaders } from '../../src/commands/shared/project.js';
import type { RecordedRevision } from '../../src/pg/run/version-table.js';
import { fileChecksum, revisionChecksum, textChecksum } from '../../src/runtime/files/checksum.js';
import { checkIntegrity } from '../../src/runtime/files/integrity.js';
import { readRevisionHeader, readRevisionHeaderWithChecksum } from '../../src/runtime/files/revision-file.js';
import { RevisionGraph } from '../../src/runtime/graph/revision-graph.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const source = (rev: string, down: string | null) =>
  `export const revision = '${rev}';\r\nexport const downRevision = ${down ? `'${down}'` : 'null'};\r\nexport async function upgrade() {}\r\nexport async function downgrade() {}\r\n`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-checksum-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const record = (revision: string, checksum: string): RecordedRevision => ({
  revision,
  action: 'upgrade',
  checksum,
  appliedAt: '2026-01-01',
  durationMs: 1,
});

describe('revision checksums', () => {
  it('come with a header read with its checksum, equal to the file checksum (line endings normalized); only when asked', () => {
    const dir = folder({ 'a1.ts': source('a1', null) });
    const header = readRevisionHeaderWithChecksum(join(dir, 'a1.ts'));
    expect(header.checksum).toBe(fileChecksum(join(dir, 'a1.ts')));
    expect(header.checksum).toBe(textChecksum(source('a1', null).replace(/\r\n/g, '\n')));
    expect({ ...header, checksum: undefined }).toEqual({
      ...readRevisionHeader(join(dir, 'a1.ts')),
      checksum: undefined,
    });
    expect(readRevisionHeader(join(dir, 'a1.ts')).checksum).toBeUndefined();
    expect(readRevisionHeaders(dir).map((h) => h.checksum)).toEqual([undefined]);
    expect(readRevisionHeaders(dir, { checksums: true }).map((h) => h.checksum)).toEqual([header.checksum]);
  });

  it('are taken from the text the header was read from: integrity reads no file again', () => {
    const dir = folder({ 'a1.ts': source('a1', null), 'b1.ts': source('b1', 'a1') });
    const graph = new RevisionGraph(readRevisionHeaders(dir, { checksums: true }));
    const before = { a1: revisionChecksum(graph.get('a1'))!, b1: revisionChecksum(graph.get('b1'))! };
    // The files change or go after the headers were read; the command compares what it read.
    writeFileSync(join(dir, 'a1.ts'), `${source('a1', null)}// edited\n`);
    unlinkSync(join(dir, 'b1.ts'));
    const entries = checkIntegrity(
      graph,
      ['b1'],
      new Map([
        ['a1', record('a1', before.a1)],
        ['b1', record('b1', before.b1)],
      ]),
    );
    expect(entries.map((e) => `${e.revision} ${e.status}`)).toEqual(['a1 ok', 'b1 ok']);
  });

  it('fall back to the file for a header read without one', () => {
    const dir = folder({ 'a1.ts': source('a1', null) });
    const header = readRevisionHeader(join(dir, 'a1.ts'));
    expect(revisionChecksum(header)).toBe(fileChecksum(join(dir, 'a1.ts')));
  });
});
