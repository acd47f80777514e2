import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Picture, PictureFormat } from '../../pictures/picture.js';
import { renderPicture } from '../../pictures/renderers.js';
import type { CommandOptions } from '../shared/project.js';

/** Where a picture goes and in what format (`--format`, `--out`). */
export interface PictureOutput {
  format: PictureFormat;
  /** A file to write, relative to the working folder; the text is returned when absent. */
  out?: string;
}

export interface PictureResult {
  format: PictureFormat;
  /** The rendered picture, when no file was asked for. */
  text?: string;
  /** The file written. */
  path?: string;
  /** The titles of the boxes drawn (tables, views, enums, revisions). */
  boxes: string[];
  notes: string[];
}

/** Renders a picture, and writes it to `output.out` when one is given. */
export async function writePicture(
  options: CommandOptions,
  picture: Picture,
  output: PictureOutput,
): Promise<PictureResult> {
  const text = await renderPicture(picture, output.format);
  const said = { format: output.format, boxes: picture.boxes.map((b) => b.title), notes: [...picture.notes] };
  if (output.out === undefined) return { ...said, text };
  const path = resolve(options.cwd ?? process.cwd(), output.out);
  writeFileSync(path, text);
  return { ...said, path };
}
