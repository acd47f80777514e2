import { history, type HistoryOptions } from '../revisions/inspect.js';
import { historyGraphLines } from '../../pictures/history-terminal.js';
import { historyPicture } from '../../pictures/history-picture.js';
import type { CommandOptions, NoticeHandler } from '../shared/project.js';
import { writePicture, type PictureOutput, type PictureResult } from './write-picture.js';

/** `migrate history --graph`: the revisions as `git log --graph` draws them, one line each. */
export async function historyGraph(
  options: CommandOptions,
  opts: HistoryOptions = {},
  notify?: NoticeHandler,
): Promise<string[]> {
  return historyGraphLines(await history(options, opts, notify));
}

/** `migrate history --graph --format F`: the revision graph as a picture. */
export async function historyDiagram(
  options: CommandOptions,
  opts: HistoryOptions,
  output: PictureOutput,
  notify?: NoticeHandler,
): Promise<PictureResult> {
  return writePicture(options, historyPicture(await history(options, opts, notify)), output);
}
