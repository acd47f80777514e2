import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/**
 * The sha256 of a revision file's text, hex. Line endings are normalized
 * first, so a checkout that turns LF into CRLF does not look like an edit.
 */
export function textChecksum(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

/** The checksum of a revision file as it is on disk now; null when it is gone. */
export function fileChecksum(path: string): string | null {
  if (!existsSync(path)) return null;
  return textChecksum(readFileSync(path, 'utf8'));
}

/**
 * The checksum of a revision: of the text its header was read from, so a
 * file is read once per command however many of them a run records or
 * compares; from the file when the header came from given text.
 */
export function revisionChecksum(header: { path: string; checksum?: string }): string | null {
  return header.checksum ?? fileChecksum(header.path);
}
