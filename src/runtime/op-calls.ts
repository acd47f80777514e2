import { AsyncLocalStorage } from 'node:async_hooks';
import { AthanorError } from '../util/errors.js';

/**
 * The promise an `op` call returns. It notes when something subscribes to it
 * (`await`, `.then`, `.catch`, `Promise.all`), which is how a call that was
 * never awaited is told apart. Promises derived from it are plain promises.
 */
class WatchedCall<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  onObserved: (() => void) | undefined;

  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.onObserved?.();
    return super.then(onFulfilled, onRejected);
  }
}

interface CallRecord {
  method: string;
  observed: boolean;
  settled: boolean;
}

/** Calls that run one after another: the revision's own, or those of one `op.autocommit` block. */
interface Lane {
  tail: Promise<void>;
}

async function drain(lane: Lane): Promise<void> {
  let seen: Promise<void>;
  do {
    seen = lane.tail;
    await seen;
  } while (seen !== lane.tail);
}

/**
 * The calls one revision's `op` makes. They run one after another even when
 * the revision does not wait for them, so two statements never share the
 * connection at once; a failure of a call nobody awaited is kept, not thrown
 * into the void. `run` fails the revision when a call was not awaited, and a
 * call made after the revision's function returned is refused.
 */
export class OpCalls {
  private readonly records: CallRecord[] = [];
  private readonly root: Lane = { tail: Promise.resolve() };
  private readonly lanes = new AsyncLocalStorage<Lane>();
  private closed = false;

  /** `file` and `fn` (`upgrade` or `downgrade`) name the revision in messages. */
  constructor(
    private readonly file: string,
    private readonly fn: string,
  ) {}

  /** Runs `work` after the calls before it in the same lane. */
  track<T>(method: string, work: () => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(
        new AthanorError(
          'op-after-return',
          `op.${method} was called in ${this.file} after ${this.fn}() returned, so it did not run; put await before each op call`,
        ),
      );
    }
    const lane = this.lanes.getStore() ?? this.root;
    const record: CallRecord = { method, observed: false, settled: false };
    this.records.push(record);
    const result = lane.tail.then(work);
    const settle = () => {
      record.settled = true;
    };
    lane.tail = result.then(settle, settle);
    const call = new WatchedCall<T>((resolve, reject) => {
      result.then(resolve, reject);
    });
    call.onObserved = () => {
      record.observed = true;
    };
    // Handled here without counting as awaited: a failure nobody awaits is reported by `run`.
    Promise.prototype.then.call(call, undefined, () => undefined);
    return call;
  }

  /** `fn` (an `op.autocommit` block) with a lane of its own, so its calls run while the block's call is in progress. */
  block(fn: () => Promise<void>): () => Promise<void> {
    return async () => {
      const lane: Lane = { tail: Promise.resolve() };
      try {
        await this.lanes.run(lane, fn);
      } finally {
        await drain(lane);
      }
    };
  }

  /**
   * Runs the revision's function, then waits for every call still running.
   * Fails when a call was not awaited (or was still running when the function
   * returned), before any error of the function itself, since that is the cause.
   */
  async run(body: () => unknown): Promise<void> {
    let running: CallRecord[] = [];
    const close = () => {
      this.closed = true;
      running = this.records.filter((r) => !r.settled);
    };
    let failure: { error: unknown } | null = null;
    try {
      await Promise.resolve().then(body).finally(close);
    } catch (error) {
      failure = { error };
    }
    await drain(this.root);
    const missed = this.records.find((r) => !r.observed || running.includes(r));
    if (missed)
      throw new AthanorError(
        'op-not-awaited',
        `op.${missed.method} was not awaited in ${this.file}; put await before each op call`,
      );
    if (failure) throw failure.error;
  }
}
