import { describe, expect, it } from 'vitest';
import { OpCalls } from '../../src/runtime/op-calls.js';

/** A call whose work logs its start and end, taking a few timer turns in between. */
function worker(log: string[]) {
  return (name: string, fail = false) =>
    async (): Promise<string> => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${name}`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    };
}

describe('OpCalls', () => {
  it('runs calls awaited one by one or together, one after another, and passes their results and failures on', async () => {
    const log: string[] = [];
    const work = worker(log);
    const calls = new OpCalls('r1.ts', 'upgrade');
    await calls.run(async () => {
      expect(await calls.track('execute', work('a'))).toBe('a');
      expect(await Promise.all([calls.track('execute', work('b')), calls.track('query', work('c'))])).toEqual([
        'b',
        'c',
      ]);
      await expect(calls.track('execute', work('d', true))).rejects.toThrow('d failed');
    });
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c', 'start d', 'end d']);
  });

  it('fails when a call was not awaited, after running it in its turn, and before the error it caused', async () => {
    const log: string[] = [];
    const work = worker(log);
    const calls = new OpCalls('r2.ts', 'upgrade');
    const run = calls.run(async () => {
      void calls.track('query', work('a', true));
      await calls.track('execute', work('b'));
      throw new Error('b saw a fail');
    });
    await expect(run).rejects.toThrow('op.query was not awaited in r2.ts; put await before each op call');
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('fails when a call is still running as the function returns, and refuses calls made after that', async () => {
    const log: string[] = [];
    const work = worker(log);
    const calls = new OpCalls('r3.ts', 'downgrade');
    let late: Promise<string> | undefined;
    const run = calls.run(() => {
      void (async () => {
        await calls.track('bulkInsert', work('a'));
        late = calls.track('execute', work('b'));
      })();
    });
    await expect(run).rejects.toThrow('op.bulkInsert was not awaited in r3.ts; put await before each op call');
    await expect(late).rejects.toThrow(
      'op.execute was called in r3.ts after downgrade() returned, so it did not run; put await before each op call',
    );
    expect(log).toEqual(['start a', 'end a']);
  });

  it('runs the calls of a block while the call that runs the block waits for them', async () => {
    const log: string[] = [];
    const work = worker(log);
    const calls = new OpCalls('r4.ts', 'upgrade');
    await calls.run(async () => {
      const block = calls.block(async () => {
        await calls.track('execute', work('inner'));
      });
      await calls.track('autocommit', async () => {
        log.push('commit');
        await block();
        log.push('begin');
      });
      await calls.track('execute', work('after'));
    });
    expect(log).toEqual(['commit', 'start inner', 'end inner', 'begin', 'start after', 'end after']);
  });
});
