import type { TimeoutSetting } from '../../pg/locks/lock.js';
import { assertNever } from '../../util/assert-never.js';
import type { Step } from '../graph/plan.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import type { QueuedFailure } from './failures.js';

/**
 * The state of one migration run and its transitions. The step runner
 * (execute-steps.ts), the statement queue, the transaction (run-transaction.ts)
 * and each revision's `op` backend read it and ask it to move; none of them
 * keeps a piece of the run's state of its own.
 *
 *   idle -> revision -> ran -> revision -> ... -> ran -> done
 *           revision -> autocommit -> revision            (an op.autocommit block)
 *           revision | ran -> failed -> retrying -> revision   (a lock timeout, retries left)
 *                             failed -> (the run throws)
 *
 * The phase is the client's: with a pipeline, the server runs behind it, and
 * tells of each step it finished (`stepDone`), which is when progress is told.
 */

/** One revision's run: its step, how its statements go, and its op.autocommit blocks. */
export interface RevisionRun {
  /** Its place in the run's steps. */
  readonly index: number;
  readonly step: Step;
  /** Its statements wait in the queue for a pipeline (a transactional revision, online); otherwise each is sent as it comes. */
  readonly deferring: boolean;
  /** The op.autocommit blocks it started. */
  readonly blocks: number;
  /** The block it resumes at (see resume.ts), or null: it runs from its start. */
  readonly resumeFrom: number | null;
  /** An op.autocommit block committed part of it. */
  readonly committedPart: boolean;
}

/**
 * Where the run is. `open`: a transaction is open, its BEGIN queued or sent
 * (the revision's own, the next revision's, or the run's one transaction).
 */
export type RunPhase =
  /** Before the first step. */
  | { readonly kind: 'idle' }
  /** A revision runs (its function, or what comes before and after it). */
  | { readonly kind: 'revision'; readonly revision: RevisionRun; readonly open: boolean }
  /** An op.autocommit block of the revision runs, outside a transaction. */
  | { readonly kind: 'autocommit'; readonly revision: RevisionRun }
  /** The revision's function returned and its version and history rows are queued (with one transaction per revision, its COMMIT too). */
  | { readonly kind: 'ran'; readonly revision: RevisionRun; readonly open: boolean }
  /** Step `index` failed (`attempt` times so far); the version rows are back where they were before it. */
  | {
      readonly kind: 'failed';
      readonly index: number;
      readonly failure: unknown;
      readonly attempt: number;
      /** Whether its op.autocommit blocks committed part of it (what a rollback leaves). */
      readonly committedPart: boolean;
      readonly open: boolean;
    }
  /** Step `index` failed on its lock timeout and runs again after a pause of `delayMs`. */
  | { readonly kind: 'retrying'; readonly index: number; readonly attempt: number; readonly delayMs: number }
  /** Every step ran, and the run's last COMMIT. */
  | { readonly kind: 'done' };

/** What the run tells as the server gets to each step. */
export interface RunProgress {
  /** A step's revision starts: told once for each attempt, after the steps before it are done on the server. */
  started(step: Step): void;
  /** The server did a step's last statement (its COMMIT, or its bookkeeping in one transaction for the run). */
  done(step: Step, milliseconds: number): void;
}

export interface RunStart {
  graph: RevisionGraph;
  steps: readonly Step[];
  /** The version rows the run starts from. */
  current: string[];
  /** A `--sql` script: nothing is timed. */
  offline: boolean;
  progress: RunProgress;
}

/** The version rows a step moved, as they were before it. */
interface Before {
  rows: string[];
  heads: string[];
}

export class RunState {
  private current: RunPhase = { kind: 'idle' };

  /** The version rows the steps queued so far lead to. */
  private rows: string[];
  /** The applied set they stand for. */
  private readonly applied: Set<string>;
  /** `graph.headsOf(applied)`, kept up to date step by step (a whole walk per step is quadratic over long histories). */
  private heads: string[];
  /** The version rows and heads before each step moved them, and the last step that moved them. */
  private readonly before: Before[] = [];
  private moved = -1;

  /** The last step done on the server. */
  private done = -1;
  /** When each step's start was told. */
  private readonly startedAt: number[] = [];
  /** The last step whose start was told: each attempt of a step is told once. */
  private told = -1;
  /** How often each step failed. */
  private readonly attempts: number[];

  /**
   * A failure of what the queue sent that the run has not dealt with yet:
   * every flush throws it again until the run fails (`fail`), so a revision
   * that catches it (around an `op.query`, say) cannot make the run go on past it.
   */
  private sendFailure: QueuedFailure | null = null;
  /**
   * Set when a revision's COMMIT that does not wait for the WAL flush was
   * queued, and nothing flushed since (see Transaction.commitWith).
   */
  private unflushedCommits = false;
  /**
   * The timeouts the session has, as the run set them (null: the server's
   * default); undefined once a rollback undid them: not known until set again.
   */
  private readonly settings: Record<TimeoutSetting, string | null | undefined> = {
    lock_timeout: null,
    statement_timeout: null,
  };

  private readonly graph: RevisionGraph;
  private readonly steps: readonly Step[];
  private readonly offline: boolean;
  private readonly progress: RunProgress;

  constructor(start: RunStart) {
    this.graph = start.graph;
    this.steps = start.steps;
    this.offline = start.offline;
    this.progress = start.progress;
    this.rows = start.current;
    this.applied = start.graph.ancestors(start.current);
    this.heads = start.graph.headsOf(this.applied);
    this.attempts = start.steps.map(() => 0);
  }

  get phase(): RunPhase {
    return this.current;
  }

  /** The version rows the steps queued so far lead to. */
  get versions(): string[] {
    return this.rows;
  }

  /** The step whose revision runs, or ran last (the step the queue's statements belong to). */
  get position(): number {
    const phase = this.current;
    switch (phase.kind) {
      case 'idle':
        return 0;
      case 'revision':
      case 'autocommit':
      case 'ran':
        return phase.revision.index;
      case 'failed':
      case 'retrying':
        return phase.index;
      case 'done':
        return this.steps.length - 1;
      default:
        return assertNever(phase, 'run phase');
    }
  }

  /** The revision running or just run; null before the first and after a failure. */
  get revision(): RevisionRun | null {
    const phase = this.current;
    return phase.kind === 'revision' || phase.kind === 'autocommit' || phase.kind === 'ran' ? phase.revision : null;
  }

  /** Whether a transaction is open. */
  get open(): boolean {
    const phase = this.current;
    return (phase.kind === 'revision' || phase.kind === 'ran' || phase.kind === 'failed') && phase.open;
  }

  /** Whether an op.autocommit block runs. */
  get autocommitting(): boolean {
    return this.current.kind === 'autocommit';
  }

  /** Whether statements wait in the queue for a pipeline (true) or are sent as they come. */
  get deferring(): boolean {
    return this.revision?.deferring ?? false;
  }

  /** An operation outside the blocks, before the block a resumed revision starts at: it committed before. */
  get skipping(): boolean {
    const revision = this.revision;
    if (revision === null || this.autocommitting) return false;
    return revision.resumeFrom !== null && revision.blocks <= revision.resumeFrom;
  }

  /** See `sendFailure`. */
  get failure(): QueuedFailure | null {
    return this.sendFailure;
  }

  /** Whether a COMMIT that did not wait for the WAL flush was queued since the last flush. */
  get unflushed(): boolean {
    return this.unflushedCommits;
  }

  /** What the session's `setting` is (undefined: not known, see `settingsUndone`). */
  setting(setting: TimeoutSetting): string | null | undefined {
    return this.settings[setting];
  }

  /** A SET of `setting` to `value` was queued. */
  settingSent(setting: TimeoutSetting, value: string | null): void {
    this.settings[setting] = value;
  }

  /** After a failure: a SET inside the rolled-back transaction was undone, so each is set again. */
  settingsUndone(): void {
    if (this.current.kind !== 'failed') throw invalid('forget its settings', this.current);
    this.settings.lock_timeout = this.settings.statement_timeout = undefined;
  }

  /** Step `index` starts: a transaction stays as it was (the next BEGIN may be queued already). */
  enter(index: number, deferring: boolean): RevisionRun {
    const phase = this.current;
    if (phase.kind !== 'idle' && phase.kind !== 'ran' && phase.kind !== 'retrying') throw invalid('enter', phase);
    const revision: RevisionRun = {
      index,
      step: this.steps[index]!,
      deferring,
      blocks: 0,
      resumeFrom: null,
      committedPart: false,
    };
    this.current = { kind: 'revision', revision, open: phase.kind === 'ran' && phase.open };
    return revision;
  }

  /** The revision resumes at op.autocommit block `block` (read once its transaction is open). */
  resumeAt(block: number | null): void {
    const phase = this.current;
    if (phase.kind !== 'revision') throw invalid('resume', phase);
    this.current = { ...phase, revision: { ...phase.revision, resumeFrom: block } };
  }

  /** The revision's function is about to run: its start is told now when the server did the steps before it (else their step-done tells it). */
  announce(): void {
    const { index } = this.runningRevision('announce');
    if (this.done === index - 1) this.tellStart(index);
  }

  /** A BEGIN was queued. */
  began(): void {
    const phase = this.current;
    if (phase.kind !== 'revision' && phase.kind !== 'ran') throw invalid('begin', phase);
    this.current = { ...phase, open: true };
  }

  /** A COMMIT was queued or sent; `async`: one that does not wait for the WAL flush. */
  committed(async = false): void {
    const phase = this.current;
    if (phase.kind !== 'revision' && phase.kind !== 'ran') throw invalid('commit', phase);
    this.current = { ...phase, open: false };
    if (async) this.unflushedCommits = true;
  }

  /** The commits before now are on disk. */
  flushed(): void {
    this.unflushedCommits = false;
  }

  /** A ROLLBACK is sent (after a failure, or a failed last COMMIT). */
  rolledBack(): void {
    const phase = this.current;
    if (phase.kind !== 'failed' && phase.kind !== 'ran') throw invalid('roll back', phase);
    this.current = { ...phase, open: false };
  }

  /**
   * The revision starts its next op.autocommit block; returns the block's
   * number. A resumed revision's blocks before the one it resumes at are
   * counted but not run (they committed before): false.
   */
  countBlock(): { block: number; runs: boolean } {
    const phase = this.current;
    if (phase.kind !== 'revision') throw invalid('start a block', phase);
    const block = phase.revision.blocks;
    this.current = { ...phase, revision: { ...phase.revision, blocks: block + 1 } };
    const { resumeFrom } = phase.revision;
    return { block, runs: resumeFrom === null || block >= resumeFrom };
  }

  /** The block runs, outside a transaction (what came before it committed). */
  enterBlock(): void {
    const phase = this.current;
    if (phase.kind !== 'revision') throw invalid('enter a block', phase);
    this.current = { kind: 'autocommit', revision: { ...phase.revision, committedPart: true } };
  }

  /** The block ended (or failed): the revision goes on, its transaction closed until a BEGIN. */
  leaveBlock(): void {
    const phase = this.current;
    if (phase.kind !== 'autocommit') throw invalid('leave a block', phase);
    this.current = { kind: 'revision', revision: phase.revision, open: false };
  }

  /**
   * The revision's function returned: the version rows move past its step.
   * Returns the rows it removes and adds, for its bookkeeping.
   */
  advance(): { removed: string[]; added: string[] } {
    const phase = this.current;
    if (phase.kind !== 'revision') throw invalid('advance', phase);
    const { index, step } = phase.revision;
    this.before[index] = { rows: this.rows, heads: this.heads };
    this.moved = index;
    if (step.direction === 'up') this.applied.add(step.revision.revision);
    else this.applied.delete(step.revision.revision);
    const next = this.graph.headsAfter(this.heads, this.applied, step.revision.revision);
    const moved = {
      removed: this.rows.filter((id) => !next.includes(id)),
      added: next.filter((id) => !this.rows.includes(id)),
    };
    this.rows = next;
    this.heads = next;
    this.current = { kind: 'ran', revision: phase.revision, open: phase.open };
    return moved;
  }

  /** Step `index` is done on the server: told in order, then the next one's start if its revision is running. */
  stepDone(index: number): void {
    const milliseconds = this.offline ? 0 : Math.round(performance.now() - (this.startedAt[index] ?? 0));
    this.done = index;
    this.progress.done(this.steps[index]!, milliseconds);
    if (this.position > index) this.tellStart(index + 1);
  }

  /** What the queue sent failed (see `failure`). */
  sendFailed(failure: QueuedFailure): void {
    this.sendFailure = failure;
  }

  /**
   * Step `index` failed; `open` says whether its transaction is still open
   * (after a failed COMMIT the server has rolled back). The version rows go
   * back to where they were before it, and the failure the queue kept is
   * dealt with.
   */
  fail(index: number, failure: unknown, open: boolean): Extract<RunPhase, { kind: 'failed' }> {
    const running = this.revision;
    const committedPart = running !== null && running.index === index && running.committedPart;
    this.revertTo(index);
    this.sendFailure = null;
    const attempt = ++this.attempts[index]!;
    const failed = { kind: 'failed', index, failure, attempt, committedPart, open } as const;
    this.current = failed;
    return failed;
  }

  /** The failed step runs again after `delayMs`: its start is told again. */
  retry(delayMs: number): void {
    const phase = this.current;
    if (phase.kind !== 'failed' || phase.open) throw invalid('retry', phase);
    this.told = Math.min(this.told, phase.index - 1);
    this.current = { kind: 'retrying', index: phase.index, attempt: phase.attempt, delayMs };
  }

  /** Every step ran and the run's transaction, if any, committed. */
  finish(): void {
    const phase = this.current;
    if ((phase.kind !== 'idle' && phase.kind !== 'ran') || (phase.kind === 'ran' && phase.open))
      throw invalid('finish', phase);
    this.current = { kind: 'done' };
  }

  private runningRevision(what: string): RevisionRun {
    const phase = this.current;
    if (phase.kind !== 'revision') throw invalid(what, phase);
    return phase.revision;
  }

  private tellStart(index: number): void {
    // A step that sends what the steps before it queued (one that commits part way) is told by their step-done.
    if (index <= this.told) return;
    this.told = index;
    this.startedAt[index] = performance.now();
    this.progress.started(this.steps[index]!);
  }

  /** Puts the version rows, heads and applied set back as they were before step `index`. */
  private revertTo(index: number): void {
    for (let i = this.moved; i >= index; i--) {
      const step = this.steps[i]!;
      if (step.direction === 'up') this.applied.delete(step.revision.revision);
      else this.applied.add(step.revision.revision);
    }
    const before = this.before[index];
    if (before && this.moved >= index) {
      this.rows = before.rows;
      this.heads = before.heads;
    }
    this.moved = Math.min(this.moved, index - 1);
  }
}

function invalid(what: string, phase: RunPhase): Error {
  return new Error(`the run cannot ${what} in its ${phase.kind} phase`);
}
