import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/**
 * The sha256 of a revision file, hex. Line endings are normalized first, so a
 * checkout that turns LF into CRLF does not look like an edit.
 */
export function fileChecksum(path: string): string | null {
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
  return createHash('sha256').update(text).digest('hex');
}
