import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Output } from '../../src/cli/output.js';

export interface TempProject {
  dir: string;
  versionsDir: string;
  write(relativePath: string, content: string): string;
  read(relativePath: string): string;
  /** Runs the CLI in process; returns exit code and what it printed. */
  migrate(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
}

/** A temporary project folder with a config pointing at `url`. Removed after the test. */
export function tempProject(url: string | null, extraConfig = ''): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-proj-'));
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    /* outside a test */
  }
  const versionsDir = join(dir, 'migrations', 'versions');
  mkdirSync(versionsDir, { recursive: true });
  const write = (relativePath: string, content: string): string => {
    const path = join(dir, relativePath);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  write(
    'migrate.config.ts',
    `import { defineConfig } from 'athanor';\nexport default defineConfig({\n  ${url === null ? '' : `url: ${JSON.stringify(url)},`}\n  ${extraConfig}\n});\n`,
  );
  return {
    dir,
    versionsDir,
    write,
    read: (relativePath: string) => readFileSync(join(dir, relativePath), 'utf8'),
    async migrate(...argv: string[]) {
      const stdout: string[] = [];
      const stderr: string[] = [];
      const out: Output = { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s), exitCode: 0 };
      const code = await run(argv, out, dir);
      return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
    },
  };
}

/**
 * A second project on the database `first` migrated, holding `first`'s
 * revision files: a database at a revision no file holds is refused.
 */
export function projectSharingHistory(first: TempProject, url: string): TempProject {
  const second = tempProject(url);
  cpSync(first.versionsDir, second.versionsDir, { recursive: true });
  return second;
}

/** Runs the CLI in `p`; what it printed, or an error with its exit code and output when it failed. */
export async function migrateOk(p: TempProject, ...argv: string[]): Promise<string> {
  const result = await p.migrate(...argv);
  if (result.code !== 0)
    throw new Error(`migrate ${argv.join(' ')} exited ${result.code}\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

/** The revision files `p` holds. */
export function revisionFiles(p: TempProject): string[] {
  return readdirSync(p.versionsDir).filter((f) => f.endsWith('.ts'));
}
