import chalk from 'chalk';

/**
 * Whether what is written to `stream` is coloured: FORCE_COLOR decides when
 * set (`0` or `false` turn colours off), then NO_COLOR (any value but empty)
 * and TERM=dumb turn them off; otherwise a terminal gets colours and a pipe or
 * a file none. Each stream decides for itself: `migrate check > out.txt`
 * still shows a coloured error on the terminal.
 */
function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** Sets chalk for the process's two streams; returns which of them show colours. */
export function setUpColours(env: NodeJS.ProcessEnv): { stdout: boolean; stderr: boolean } {
  const colours = { stdout: wantsColour(process.stdout, env), stderr: wantsColour(process.stderr, env) };
  chalk.level = colours.stdout || colours.stderr ? (chalk.level === 0 ? 1 : chalk.level) : 0;
  return colours;
}

/** The text without its colours and styles (SGR sequences), for a stream that shows none. */
export function withoutStyles(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
