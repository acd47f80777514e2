import { describe, expect, it } from 'vitest';
import type { PipelineDone, PipelineStatement } from '../../src/pg/connection/driver-interface.js';
import { PipelineError, pipelineReads } from '../../src/pg/connection/pipeline.js';

/** A driver whose pipeline answers the first `answered` statements with one row each, then ends as told. */
function driver(answered: number, end: 'ok' | Error) {
  return {
    async pipeline(statements: readonly PipelineStatement[], onDone?: PipelineDone): Promise<void> {
      for (let i = 0; i < answered; i += 1) onDone?.(i, [{ i }]);
      if (end === 'ok') return;
      throw new PipelineError(answered, end);
    },
  };
}

/** Three statements whose rows are read as the number in their one row. */
const read = (rows: readonly unknown[]): number => (rows[0] as { i: number }).i;
const statements = [
  { sql: 'select 0', read },
  { sql: 'select 1', read },
  { sql: 'select 2', read },
] as const;

describe('the reads of a pipeline', () => {
  it("gives what each statement's rows were made into as its own answer", async () => {
    const answers = pipelineReads(driver(3, 'ok'), statements);
    expect(await Promise.all(answers)).toEqual([0, 1, 2]);
  });

  it('reads each statement as it is answered, in order, before the pipeline ends', async () => {
    const seen: number[] = [];
    let ended = false;
    const answers = pipelineReads<[void, void]>(
      {
        async pipeline(list, onDone) {
          onDone?.(0, [{ i: 0 }]);
          onDone?.(1, [{ i: 1 }]);
          expect(seen).toEqual([0, 1]);
          ended = true;
        },
      },
      [
        { sql: 'select 0', read: () => void seen.push(0) },
        { sql: 'select 1', read: () => void seen.push(1) },
      ],
    );
    await Promise.all(answers);
    expect(ended).toBe(true);
  });

  it("rejects the failed statement's answer and those after it with the server's own error", async () => {
    const failure = new Error('division by zero');
    const answers = pipelineReads(driver(1, failure), statements);
    expect(await answers[0]).toBe(0);
    await expect(answers[1]).rejects.toBe(failure);
    await expect(answers[2]).rejects.toBe(failure);
  });

  it('rejects the answer whose read throws, and only it', async () => {
    const wrong = new Error('no row');
    const reads = [
      statements[0]!,
      {
        sql: 'select 1',
        read: () => {
          throw wrong;
        },
      },
      statements[2]!,
    ];
    const answers = pipelineReads<[number, never, number]>(driver(3, 'ok'), reads as never);
    expect(await answers[0]).toBe(0);
    await expect(answers[1]).rejects.toBe(wrong);
    expect(await answers[2]).toBe(2);
  });

  it('rejects, rather than leaves waiting, an answer the pipeline ended without', async () => {
    const answers = pipelineReads(driver(2, 'ok'), statements);
    expect(await answers[1]).toBe(1);
    await expect(answers[2]).rejects.toThrow('the pipeline ended without answering this statement');
  });
});
