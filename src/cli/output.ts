import { basename } from 'node:path';
import chalk from 'chalk';
import type { Notice } from '../commands/shared/project.js';
import { assertNever } from '../util/assert-never.js';
import type { ErrorCode } from '../util/error-codes.js';
import { errorCode, isAthanorError } from '../util/errors.js';
import { maskCredentials, maskedMessage } from '../util/mask.js';
import { setUpColours, withoutStyles } from './colours.js';

/**
 * Where the CLI writes; the real one goes to the process, tests collect lines.
 * Messages have their credentials masked. A document (the `--sql` script) is
 * written byte for byte: masking would change the data it writes.
 */
export interface Output {
  stdout(text: string, kind?: 'message' | 'document'): void;
  stderr(text: string): void;
  /** A live status line on a terminal, replaced by each call; null clears it. Absent when stderr is not a terminal. */
  progress?: (line: string | null) => void;
  exitCode: number;
}

export function processOutput(): Output {
  const stdout = untilClosed(process.stdout);
  const stderr = untilClosed(process.stderr);
  const colours = setUpColours(process.env);
  const styled = (coloured: boolean, text: string): string =>
    coloured ? maskCredentials(text) : withoutStyles(maskCredentials(text));
  return {
    stdout: (text, kind = 'message') => stdout(`${kind === 'document' ? text : styled(colours.stdout, text)}\n`),
    stderr: (text) => stderr(`${styled(colours.stderr, text)}\n`),
    ...(process.stderr.isTTY
      ? {
          progress: (line: string | null) => stderr(`\r\x1b[2K${line === null ? '' : styled(colours.stderr, line)}`),
        }
      : {}),
    exitCode: 0,
  };
}

/**
 * Writes to a process stream until its reader goes away. When the reader
 * closes the pipe early (`migrate check | head -1`), the stream reports EPIPE:
 * later writes are dropped, and the command runs to its end (a migration is
 * not cut short) and exits with its own code, without an error. Any other
 * write error is thrown as before.
 */
function untilClosed(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed && !stream.destroyed) stream.write(text);
  };
}

export function printNotice(out: Output): (notice: Notice) => void {
  return (notice) => {
    switch (notice.type) {
      case 'default-database':
        out.stderr(
          chalk.dim(
            `No database url configured: using the embedded PGlite database at ${notice.url.replace(/^pglite:/, '')}`,
          ),
        );
        return;
      case 'roles-created':
        out.stderr(chalk.dim(`Created role(s) ${notice.roles.join(', ')} (roles in the config), NOLOGIN`));
        return;
      case 'roles-creating':
        out.stderr(
          chalk.dim(
            `Creating role(s) ${notice.roles.join(', ')} (roles in the config), NOLOGIN: the model names them, and comparing needs them; \`migrate upgrade\` creates the config's other roles`,
          ),
        );
        return;
      case 'lock-wait':
        out.stderr(chalk.yellow('Another migration run holds the lock on this database; waiting for it to finish...'));
        return;
      case 'edited':
        out.stderr(
          chalk.yellow(
            `warning: revision ${notice.revision} (${basename(notice.path)}) was edited after it was applied; run \`migrate verify\``,
          ),
        );
        return;
      case 'step-start': {
        const verb = notice.direction === 'up' ? 'Upgrading to' : 'Downgrading from';
        out.stdout(`${verb} ${chalk.bold(notice.revision)}  ${notice.message}`);
        if (!notice.transactional) {
          const what = notice.singleTransaction
            ? 'a single-transaction run refuses them; use one transaction per revision'
            : 'commits part of its work';
          out.stdout(chalk.yellow(`  not transactional: its op.autocommit blocks run outside a transaction (${what})`));
        }
        return;
      }
      case 'step-done':
        out.stdout(chalk.dim(`  done in ${notice.milliseconds} ms`));
        return;
      case 'progress':
        out.progress?.(notice.phase === null ? null : `${notice.phase}...`);
        return;
      case 'lock-waiting':
        out.progress?.(notice.line);
        return;
      case 'backfill': {
        const rows = notice.written.toLocaleString('en-US');
        if (notice.done) {
          out.progress?.(null);
          out.stdout(chalk.dim(`  backfilled ${notice.table}: ${rows} row(s) written`));
        } else {
          const of = notice.estimate === null ? '' : ` of ~${Math.round(notice.estimate).toLocaleString('en-US')}`;
          out.progress?.(`backfilling ${notice.table}: ${rows}${of} rows written`);
        }
        return;
      }
      case 'terminated-idle':
        out.stderr(
          chalk.yellow(
            `  ${notice.revision} reached the online wait's bound behind sessions idle in a transaction, and ended them (pid ${notice.pids.join(', ')}); trying once more`,
          ),
        );
        return;
      case 'lock-retry':
        out.stderr(
          chalk.yellow(
            `  ${notice.revision} timed out waiting for a lock and was rolled back; trying again in ${notice.delayMs} ms (retry ${notice.attempt})`,
          ),
        );
        return;
      case 'resumed':
        out.stdout(
          chalk.yellow(
            `  resuming: an earlier run committed its work before op.autocommit block ${notice.block + 1}, which runs again from its start`,
          ),
        );
        return;
      default:
        assertNever(notice, 'notice');
    }
  };
}

/** One line on stderr, `error [code]: message`; the stack only with --verbose. Never a password. */
export function printError(out: Output, error: unknown, verbose: boolean): void {
  out.progress?.(null);
  const message = maskedMessage(error);
  out.stderr(`${errorPrefix(errorCode(error))} ${message}`);
  if (isAthanorError(error)) for (const line of error.details) out.stderr(`  ${maskedMessage(line)}`);
  if (verbose && error instanceof Error && error.stack) out.stderr(maskCredentials(error.stack));
  else if (!isAthanorError(error)) out.stderr(chalk.dim('(run with --verbose for details)'));
}

/** What starts an error line: `error [code]:`, in red on a terminal. */
export function errorPrefix(code: ErrorCode): string {
  return chalk.red(`error [${code}]:`);
}
