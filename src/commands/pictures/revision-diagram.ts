import { loadConfig } from '../../config/load-config.js';
import { revisionHazards } from '../../ops/hazards.js';
import type { Operation } from '../../ops/operation.js';
import { sqlHazards } from '../../ops/sql-hazards.js';
import { operationLock } from '../../pictures/operation-lock.js';
import { revisionPicture, type PicturedOperation } from '../../pictures/revision-picture.js';
import type { Direction } from '../../runtime/graph/plan.js';
import { resolveRevisions } from '../../runtime/graph/targets.js';
import { AthanorError } from '../../util/errors.js';
import { recordSteps } from '../apply/lint.js';
import { loadGraph, type CommandOptions } from '../shared/project.js';
import { writePicture, type PictureOutput, type PictureResult } from './write-picture.js';

/**
 * `migrate show REV --diagram`: the revision's upgrade and downgrade run
 * offline (as `lint` runs them; nothing connects), drawn as the tables they
 * touch, added, changed or dropped, and their operations with lock and hazards.
 */
export async function revisionDiagram(
  options: CommandOptions,
  target: string,
  output: PictureOutput,
): Promise<PictureResult> {
  const config = await loadConfig(options);
  const graph = loadGraph(config).forDatabase([target]);
  const ids = resolveRevisions(graph, target);
  if (ids.length !== 1)
    throw new AthanorError(
      'bad-option',
      `--diagram draws one revision; ${target} names ${ids.length}: ${ids.join(', ')}`,
    );
  const header = graph.get(ids[0]!);
  const lockTimeout = header.lockTimeout ?? config.lockTimeout;
  const run = async (direction: Direction): Promise<PicturedOperation[]> => {
    const recorded = await recordSteps(config, graph, [{ direction, revision: header }]);
    const ops = recorded.get(header.revision)!.map((r) => r.op);
    return pictured(ops, lockTimeout);
  };
  const picture = revisionPicture({
    revision: header.revision,
    message: header.message,
    upgrade: await run('up'),
    downgrade: await run('down'),
  });
  return writePicture(options, picture, output);
}

async function pictured(ops: readonly Operation[], lockTimeout: string | null): Promise<PicturedOperation[]> {
  const hazards = revisionHazards(ops, { lockTimeout });
  const found: PicturedOperation[] = [];
  for (const [i, op] of ops.entries()) {
    const sql = op.kind === 'executeSql' ? (await sqlHazards(op.sql)).flatMap((s) => s.hazards) : [];
    const codes = [...new Set([...hazards[i]!, ...sql].map((h) => h.code))];
    found.push({ op, lock: await operationLock(op), hazards: codes });
  }
  return found;
}
