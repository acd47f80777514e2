import type { ErrorCode } from './error-codes.js';

/**
 * The one error type the program throws on purpose, with its code (declared in
 * error-codes.ts). `message` is a single line that says what went wrong and what
 * to do; the CLI prints it after the code, `error [code]: message`.
 */
export class AthanorError extends Error {
  readonly code: ErrorCode;
  /** Lines printed under the message, one per item it speaks of (each a whole sentence). */
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: readonly string[] }) {
    super(message, options);
    this.name = 'AthanorError';
    this.code = code;
    this.details = options?.details ?? [];
  }
}

export function isAthanorError(error: unknown): error is AthanorError {
  return error instanceof AthanorError;
}

/** The code of any thrown value: `unexpected` for what Athanor did not raise on purpose. */
export function errorCode(error: unknown): ErrorCode {
  return isAthanorError(error) ? error.code : 'unexpected';
}

/** The message of any thrown value, on one line. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
