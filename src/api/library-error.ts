import { AthanorError, isAthanorError } from '../util/errors.js';
import { maskCredentials, maskedMessage } from '../util/mask.js';

/**
 * What a library call throws for any failure: an `AthanorError` with the code
 * and the message the CLI prints, credentials masked in its message, details
 * and stack. An unexpected failure (not raised by Athanor on purpose) has the
 * code `unexpected`; the original error is not kept, since it may hold a password.
 */
function libraryError(error: unknown): AthanorError {
  const message = maskedMessage(error);
  const masked = isAthanorError(error)
    ? new AthanorError(error.code, message, { details: error.details.map((d) => maskedMessage(d)) })
    : new AthanorError('unexpected', message);
  if (error instanceof Error && error.stack) masked.stack = maskCredentials(error.stack);
  return masked;
}

/** Runs a library call, its failures thrown as `libraryError`. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw libraryError(error);
  }
}
