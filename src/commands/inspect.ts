import { loadConfig } from '../config/load-config.js';
import { currentHeads } from '../runtime/runner.js';
import { loadGraph, withDatabase, type CommandOptions, type NoticeHandler } from './project.js';

export interface RevisionInfo {
  revision: string;
  downRevisions: string[];
  message: string;
  createDate: string | null;
  path: string;
  isHead: boolean;
  isCurrent: boolean;
}

export interface CurrentResult {
  /** The revision ids recorded in the database; empty at base. */
  current: string[];
  revisions: RevisionInfo[];
}

/** `migrate current`: the revisions the database is at. */
export function current(options: CommandOptions, notify?: NoticeHandler): Promise<CurrentResult> {
  return withDatabase(options, notify, async (config, driver) => {
    const graph = loadGraph(config);
    const ids = await currentHeads(driver, config.versionTable);
    return {
      current: ids,
      revisions: ids.filter((id) => graph.has(id)).map((id) => info(graph, id, new Set(ids))),
    };
  });
}

/** `migrate history`: every revision, newest first. Reads no database. */
export async function history(options: CommandOptions): Promise<RevisionInfo[]> {
  const graph = loadGraph(await loadConfig(options));
  return [...graph.ordered].reverse().map((h) => info(graph, h.revision, new Set()));
}

/** `migrate heads`: the revisions nothing revises. Reads no database. */
export async function heads(options: CommandOptions): Promise<RevisionInfo[]> {
  const graph = loadGraph(await loadConfig(options));
  return graph.heads().map((id) => info(graph, id, new Set()));
}

function info(graph: ReturnType<typeof loadGraph>, id: string, current: Set<string>): RevisionInfo {
  const h = graph.get(id);
  return {
    revision: h.revision,
    downRevisions: h.downRevisions,
    message: h.message,
    createDate: h.createDate,
    path: h.path,
    isHead: graph.childrenOf(id).length === 0,
    isCurrent: current.has(id),
  };
}
