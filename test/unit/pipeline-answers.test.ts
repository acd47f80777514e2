import { describe, expect, it } from 'vitest';
import {
  PipelineError,
  pipelineAnswers,
  type PipelineDone,
  type PipelineStatement,
} from '../../src/pg/connection/pipeline.js';

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

const statements = ['select 0', 'select 1', 'select 2'].map((sql) => ({ sql }));

describe('the answers of a pipeline', () => {
  it("gives each statement's rows as its own answer", async () => {
    const answers = pipelineAnswers(driver(3, 'ok'), statements);
    expect(await Promise.all(answers)).toEqual([[{ i: 0 }], [{ i: 1 }], [{ i: 2 }]]);
  });

  it("rejects the failed statement's answer and those after it with the server's own error", async () => {
    const failure = new Error('division by zero');
    const answers = pipelineAnswers(driver(1, failure), statements);
    expect(await answers[0]).toEqual([{ i: 0 }]);
    await expect(answers[1]).rejects.toBe(failure);
    await expect(answers[2]).rejects.toBe(failure);
  });

  it('rejects, rather than leaves waiting, an answer the pipeline ended without', async () => {
    const answers = pipelineAnswers(driver(2, 'ok'), statements);
    expect(await answers[1]).toEqual([{ i: 1 }]);
    await expect(answers[2]).rejects.toThrow('the pipeline ended without answering this statement');
  });
});
