import { errorMessage } from '../../util/errors.js';

/** A statement that failed, remembered so the error can name it. */
export class StatementFailure extends Error {
  constructor(
    readonly sql: string,
    readonly original: unknown,
  ) {
    super(errorMessage(original));
  }
}

/** A COMMIT that failed (a deferred constraint or trigger), remembered so the error can say so. */
export class CommitFailure extends Error {
  constructor(readonly original: unknown) {
    super(errorMessage(original));
  }
}

/** A statement the queue sent that failed: the step it belongs to, and the failure as the runner reports it. */
export class QueuedFailure extends Error {
  constructor(
    readonly step: number,
    readonly failure: StatementFailure | CommitFailure,
  ) {
    super(failure.message);
  }
}
