import { spawn } from 'node:child_process';
import type { PostWriteHook } from '../../config/define-config.js';
import type { ResolvedConfig } from '../../config/load-config.js';
import { AthanorError } from '../../util/errors.js';
import { maskedMessage } from '../../util/mask.js';

/** A path as one shell word. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

/** How a hook reads in messages. */
function describeHook(hook: PostWriteHook): string {
  if (typeof hook === 'function') return hook.name ? `${hook.name}()` : 'a function hook';
  return Array.isArray(hook) ? hook.join(' ') : hook;
}

/**
 * Runs the configured post-write hooks on a file just written, in order, in
 * the project's folder. A failing hook stops the chain with an error that
 * names it; the file stays written.
 */
export async function runPostWriteHooks(config: ResolvedConfig, file: string): Promise<string[]> {
  const ran: string[] = [];
  for (const hook of config.hooks.postWrite) {
    const name = describeHook(hook);
    try {
      await runHook(hook, file, config.root);
    } catch (error) {
      throw new AthanorError(
        'hook-failed',
        `post-write hook \`${name}\` failed on ${file}: ${maskedMessage(error)}; the revision file was written, fix the hook or run it yourself`,
        {
          cause: error,
        },
      );
    }
    ran.push(name);
  }
  return ran;
}

async function runHook(hook: PostWriteHook, file: string, cwd: string): Promise<void> {
  if (typeof hook === 'function') return hook(file);
  if (Array.isArray(hook)) {
    if (hook.length === 0) throw new Error('the command is empty');
    const args = hook.slice(1).map((arg) => arg.replaceAll('{file}', file));
    if (!hook.some((arg) => arg.includes('{file}'))) args.push(file);
    return spawnAndWait(hook[0]!, args, cwd, false);
  }
  const command = hook.includes('{file}') ? hook.replaceAll('{file}', shellQuote(file)) : `${hook} ${shellQuote(file)}`;
  return spawnAndWait(command, [], cwd, true);
}

function spawnAndWait(command: string, args: string[], cwd: string, shell: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, shell, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const last = stderr.trim().split('\n').at(-1) ?? '';
      reject(new Error(`${signal ? `killed by ${signal}` : `exit code ${code}`}${last ? ` (${last.trim()})` : ''}`));
    });
  });
}
