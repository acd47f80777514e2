import { errorCode } from '../util/errors.js';
import { maskCredentials, maskedMessage } from '../util/mask.js';
import { EXIT } from './context.js';
import { errorPrefix, type Output } from './output.js';

/**
 * The process's last safety net: a promise that rejects with nobody awaiting it
 * (an `op.*` call without `await` in a revision, say) or an exception thrown
 * outside the command (in a timer) would otherwise make Node print a raw stack
 * and the error object, passwords included, and exit 1, which means "differences
 * found". Instead: one masked line on stderr (the stack too with --verbose), and
 * exit 2 at once, so that the run stops where it is; an open transaction ends
 * with the connection and is rolled back.
 */
export function exitOnStrayError(out: Output, verbose: boolean): void {
  let exiting = false;
  const stop = (error: unknown, origin: string): void => {
    if (exiting) return;
    exiting = true;
    out.stderr(`${errorPrefix(errorCode(error))} ${maskedMessage(error)} (${origin})`);
    if (verbose && error instanceof Error && error.stack) out.stderr(maskCredentials(error.stack));
    process.exit(EXIT.error);
  };
  process.on('unhandledRejection', (error) =>
    stop(
      error,
      "a promise nobody awaited failed: is a call in the config or in a revision's own helper missing its await?",
    ),
  );
  process.on('uncaughtException', (error) => stop(error, 'thrown outside the running command'));
}
