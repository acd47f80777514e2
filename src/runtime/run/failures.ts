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
