import { spawn } from 'node:child_process';
import { BIN } from './bin.js';

/** What one command line of a doc printed. */
export interface DocCommandRun {
  command: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one command line of a doc with `sh` in `cwd`, `npx migrate` standing
 * for the built command line, without colours.
 */
export function runDocCommand(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<DocCommandRun> {
  const command = line.replace(/^npx migrate\b/, `"${process.execPath}" "${BIN}"`);
  return new Promise((done, fail) => {
    const child = spawn(command, { cwd, shell: true, env: { ...env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ command: line, code, stdout, stderr }));
  });
}

/** A command of a transcript block and what the doc shows it printing. */
export interface TranscriptStep {
  /** The command line, without its `$ ` and its comment. */
  command: string;
  /** The exit code a `# exit N` comment announces, else 0. */
  exitCode: number;
  /** The lines after it, up to the next `$ ` line. */
  output: string[];
}

/**
 * The steps of a transcript: a block whose command lines start with `$ `,
 * each followed by what it prints. Empty when no line starts with `$ `.
 */
export function transcriptSteps(lines: readonly string[]): TranscriptStep[] {
  const steps: TranscriptStep[] = [];
  for (const line of lines) {
    const command = /^\$ (.*)$/.exec(line)?.[1];
    if (command !== undefined) {
      const exit = /\s#.*\bexit (\d+)/.exec(command)?.[1];
      steps.push({ command: command.replace(/\s+#.*$/, '').trim(), exitCode: Number(exit ?? 0), output: [] });
    } else if (steps.length > 0) {
      steps.at(-1)!.output.push(line);
    }
  }
  return steps;
}
