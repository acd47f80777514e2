import { describe, expect, it } from 'vitest';
import type { RevisionHeader } from '../../src/runtime/files/revision-file.js';
import { planUpgrade, type Step } from '../../src/runtime/graph/plan.js';
import { RevisionGraph } from '../../src/runtime/graph/revision-graph.js';
import { RunState } from '../../src/runtime/run/run-state.js';

function rev(revision: string, down: string[], extra: Partial<RevisionHeader> = {}): RevisionHeader {
  return { revision, downRevisions: down, message: revision, createDate: '1', path: `/v/${revision}_x.ts`, ...extra };
}

const graph = new RevisionGraph([rev('a1', []), rev('b2', ['a1'], { transactional: false }), rev('c3', ['b2'])]);

function start(current: string[] = []): { state: RunState; steps: Step[]; told: string[] } {
  const steps = planUpgrade(graph, current, 'head');
  const told: string[] = [];
  const state = new RunState({
    graph,
    steps,
    current,
    offline: true,
    progress: {
      started: (step) => told.push(`start ${step.revision.revision}`),
      done: (step) => told.push(`done ${step.revision.revision}`),
    },
  });
  return { state, steps, told };
}

describe('the run state', () => {
  it('moves through a revision per step, its transaction opened and committed, and ends done', () => {
    const { state, told } = start();
    expect(state.phase.kind).toBe('idle');
    expect(state.enter(0, true).deferring).toBe(true);
    expect(state.open).toBe(false);
    state.began();
    state.resumeAt(null);
    state.announce();
    expect(state.advance()).toEqual({ removed: [], added: ['a1'] });
    expect(state.phase).toMatchObject({ kind: 'ran', open: true });
    state.committed(true);
    expect(state.unflushed).toBe(true);
    state.began();
    // The next revision starts in the transaction its predecessor's COMMIT was queued with.
    state.enter(1, false);
    expect(state.open).toBe(true);
    state.stepDone(0);
    expect(told).toEqual(['start a1', 'done a1', 'start b2']);
    state.announce();
    expect(told).toHaveLength(3);
    state.advance();
    state.committed();
    state.enter(2, true);
    state.began();
    state.advance();
    state.committed();
    expect(state.versions).toEqual(['c3']);
    state.finish();
    expect(state.phase.kind).toBe('done');
  });

  it('runs an op.autocommit block outside the transaction, and skips the blocks a resumed revision committed', () => {
    const { state } = start(['a1']);
    state.enter(0, false);
    state.began();
    state.resumeAt(1);
    expect(state.skipping).toBe(true);
    expect(state.countBlock()).toEqual({ block: 0, runs: false });
    expect(state.skipping).toBe(true);
    expect(state.countBlock()).toEqual({ block: 1, runs: true });
    expect(state.skipping).toBe(false);
    state.committed();
    state.enterBlock();
    expect(state.autocommitting).toBe(true);
    expect(state.open).toBe(false);
    expect(() => state.countBlock()).toThrow('the run cannot start a block in its autocommit phase');
    state.leaveBlock();
    expect(state.revision).toMatchObject({ blocks: 2, resumeFrom: 1, committedPart: true });
    state.began();
    state.advance();
    expect(state.fail(0, new Error('x'), true)).toMatchObject({ attempt: 1, committedPart: true, open: true });
  });

  it('puts the version rows back on a failure, and runs the step again after a retry', () => {
    const { state, told } = start();
    state.enter(0, true);
    state.began();
    state.announce();
    state.advance();
    state.committed();
    state.began();
    state.enter(1, true);
    state.announce();
    state.advance();
    expect(state.versions).toEqual(['b2']);
    const failed = state.fail(0, new Error('lock timeout'), true);
    expect(failed).toMatchObject({ kind: 'failed', index: 0, attempt: 1, committedPart: false });
    expect(state.versions).toEqual([]);
    expect(() => state.retry(250)).toThrow('the run cannot retry in its failed phase');
    state.rolledBack();
    state.settingsUndone();
    expect(state.setting('lock_timeout')).toBeUndefined();
    state.retry(250);
    expect(state.phase).toEqual({ kind: 'retrying', index: 0, attempt: 1, delayMs: 250 });
    state.enter(0, true);
    expect(state.open).toBe(false);
    state.began();
    state.announce();
    expect(told).toEqual(['start a1', 'start a1']);
    state.advance();
    expect(state.versions).toEqual(['a1']);
    expect(state.fail(0, new Error('again'), false).attempt).toBe(2);
  });

  it('refuses a move its phase does not allow', () => {
    const { state } = start();
    expect(() => state.advance()).toThrow('the run cannot advance in its idle phase');
    expect(() => state.began()).toThrow('the run cannot begin in its idle phase');
    state.finish();
    expect(state.phase.kind).toBe('done');
  });
});
