import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { codeSnippets } from '../helpers/markdown.js';
import { migrateInvocations, type Invocation } from '../helpers/migrate-invocations.js';
import { sourceLiterals } from '../helpers/source-literals.js';

/**
 * Every command named in the docs is exercised by a test, so the docs cannot
 * drift from the code.
 *
 * The docs are README.md, docs/*.md and alembic-compat.md. A command is named
 * when `migrate <command>` appears in a fenced code block or an inline code
 * span (prose is not scanned). Each such mention must name a command of the
 * CLI as `buildProgram` builds it, each option written next to it must be an
 * option of that command or a global one, and each command must be run by at
 * least one test.
 *
 * "Run by a test" is decided on the test sources under test/, not on their
 * runtime behaviour, as follows. Only files that drive the CLI count: those
 * that import src/cli/main.js or the tempProject helper (the CLI in process),
 * or node:child_process (bin/migrate or npm scripts as a process). In those,
 * the string literals are read with a small lexer (comments and regular
 * expressions skipped), and a command counts as run when
 * - a literal equal to its name is an argument or an array element, i.e. comes
 *   right after `(`, `[` or `,`: `project.migrate('upgrade', 'head')`,
 *   `ok(project, 'history', '--json')`, `[['current', '--json'], ['verify']]`;
 * - or a literal is a command line starting with `migrate <command>` (also
 *   `npx migrate`, `bin/migrate.js`), as an e2e script would hold.
 * A command name in a comment, in a message a test expects (`run \`migrate
 * verify\``) or as a plain value (`kind: 'check'`) does not count.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);
const HELP = ['-h', '--help'];

interface Mention extends Invocation {
  /** `docs/revisions.md:66` */
  where: string;
}

/** What the CLI accepts: each command's options, and the global ones. */
interface CliSurface {
  commands: Map<string, Set<string>>;
  global: Set<string>;
  /** Global options that take a value, so the value is not read as a command. */
  globalWithValue: Set<string>;
}

function flags(command: Command, withValueOnly = false): Set<string> {
  const options = command.options.filter((o) => !withValueOnly || o.required || o.optional);
  return new Set(options.flatMap((o) => [o.short, o.long]).filter((f): f is string => f !== undefined));
}

function cliSurface(): CliSurface {
  const program = buildProgram({ stdout: () => undefined, stderr: () => undefined, exitCode: 0 }, ROOT);
  const commands = new Map<string, Set<string>>();
  for (const command of program.commands) {
    for (const name of [command.name(), ...command.aliases()]) commands.set(name, flags(command));
  }
  return { commands, global: flags(program), globalWithValue: flags(program, true) };
}

function docFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join('docs', f));
  return ['README.md', 'alembic-compat.md', ...docs].filter((f) => existsSync(join(ROOT, f)));
}

function mentionsIn(file: string, markdown: string, surface: CliSurface): Mention[] {
  return codeSnippets(markdown).flatMap((snippet) =>
    migrateInvocations(snippet.text, surface.globalWithValue).map((m) => ({ ...m, where: `${file}:${snippet.line}` })),
  );
}

function docMentions(surface: CliSurface): Mention[] {
  return docFiles().flatMap((file) => mentionsIn(file, readFileSync(join(ROOT, file), 'utf8'), surface));
}

function unknownCommands(mentions: readonly Mention[], surface: CliSurface): string[] {
  return mentions
    .filter((m) => !surface.commands.has(m.command))
    .map((m) => `${m.where}: ${m.command} (in \`${m.text}\`)`);
}

function unknownOptions(mentions: readonly Mention[], surface: CliSurface): string[] {
  return mentions.flatMap((m) => {
    const own = surface.commands.get(m.command);
    if (!own) return [];
    const missing = m.options.filter((o) => !own.has(o) && !surface.global.has(o) && !HELP.includes(o));
    return missing.map((o) => `${m.where}: ${m.command} ${o} (in \`${m.text}\`)`);
  });
}

function untested(mentions: readonly Mention[], run: ReadonlySet<string>): string[] {
  const commands = [...new Set(mentions.map((m) => m.command))].sort();
  return commands
    .filter((c) => !run.has(c))
    .map((c) => `${c} (first named at ${mentions.find((m) => m.command === c)!.where})`);
}

const COMMAND_LINE = /^\s*(?:npx\s+|\S*\/)?migrate(?:\.js)?\s/;
const DRIVES_CLI = /(^|\/)cli\/main\.js$|(^|\/)helpers\/project\.js$|^(node:)?child_process$/;

/** The commands a test source runs, by the rules at the top of this file. */
function commandsRunBy(source: string, surface: CliSurface): Set<string> {
  const literals = sourceLiterals(source);
  const run = new Set<string>();
  if (!literals.some((l) => DRIVES_CLI.test(l.value))) return run;
  for (const { value, before } of literals) {
    if (['(', '[', ','].includes(before) && /^[a-z][a-z-]*$/.test(value)) run.add(value);
    if (COMMAND_LINE.test(value))
      for (const m of migrateInvocations(value, surface.globalWithValue)) run.add(m.command);
  }
  return run;
}

function testSources(dir = join(ROOT, 'test')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testSources(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) && path !== THIS_FILE ? [path] : [];
  });
}

function commandsRunByTests(surface: CliSurface): Set<string> {
  return new Set(testSources().flatMap((path) => [...commandsRunBy(readFileSync(path, 'utf8'), surface)]));
}

const surface = cliSurface();

describe('reading command lines', () => {
  const globals = new Set(['-c', '--config', '-x']);

  it('finds the command and its options after global options, and stops at comments, pipes and quotes', () => {
    const found = migrateInvocations('npx migrate -x env=prod upgrade head --sql > up.sql --nope # or --not', globals);
    expect(found).toEqual([
      {
        command: 'upgrade',
        options: ['-x', '--sql'],
        text: 'migrate -x env=prod upgrade head --sql > up.sql --nope # or --not',
      },
    ]);
    expect(
      migrateInvocations('migrate revision -m "uses --fake # not a comment" --autogenerate', globals).map(
        (m) => m.options,
      ),
    ).toEqual([['-m', '--autogenerate']]);
    expect(migrateInvocations('migrate history [-r START:END] [-i] [--json]', globals)[0]!.options).toEqual([
      '-r',
      '-i',
      '--json',
    ]);
    expect(migrateInvocations('migrate --config=ci.config.ts --verbose current', globals)[0]).toMatchObject({
      command: 'current',
      options: ['--config', '--verbose'],
    });
  });

  it('finds several per line and ignores what is not an invocation', () => {
    expect(
      migrateInvocations('npx migrate init && node_modules/.bin/migrate check | jq', globals).map((m) => m.command),
    ).toEqual(['init', 'check']);
    expect(migrateInvocations('migrate downgrade -1', globals)).toEqual([
      { command: 'downgrade', options: [], text: 'migrate downgrade -1' },
    ]);
    for (const text of [
      'migrate.config.ts',
      'migrations/versions',
      'migrate COMMAND',
      'migrate <command>',
      'athanor-migrate up',
      'prisma migrate deploy',
      'migrate',
    ]) {
      expect(migrateInvocations(text, globals), text).toEqual([]);
    }
  });

  it('takes code from fenced blocks and inline spans, not from prose', () => {
    const page = [
      'Run migrate nothing here, then `migrate check`.',
      '',
      '```sh',
      'migrate upgrade head  # go',
      '```',
      'and ``migrate heads``',
    ].join('\n');
    expect(codeSnippets(page)).toEqual([
      { line: 1, text: 'migrate check' },
      { line: 4, text: 'migrate upgrade head  # go' },
      { line: 6, text: 'migrate heads' },
    ]);
  });

  it('reads string literals past comments and regular expressions', () => {
    const source = "migrate('upgrade', 'head'); // 'check'\n/* 'pull' */ const r = /it's/g; f([\"show\"], `x ${y}`);";
    expect(sourceLiterals(source)).toEqual([
      { value: 'upgrade', before: '(' },
      { value: 'head', before: ',' },
      { value: 'show', before: '[' },
      { value: 'x ${y}', before: ',' },
    ]);
  });

  it('counts a command as run only where a test drives the CLI with it', () => {
    const driver = "import { run } from '../../src/cli/main.js';\n";
    expect([
      ...commandsRunBy(`${driver}await migrate('-x', 'env=ci', 'upgrade', 'head'); ok(p, 'history');`, surface),
    ]).toEqual(expect.arrayContaining(['upgrade', 'history']));
    expect(commandsRunBy(`${driver}const steps = ['npx migrate stamp head'];`, surface).has('stamp')).toBe(true);
    const notRun = `${driver}// migrate('stamp')\nconst k = { kind: 'check' }; expect(e).toContain('run \`migrate verify\`');`;
    expect(commandsRunBy(notRun, surface)).toEqual(new Set());
    expect(commandsRunBy("migrate('upgrade', 'head');", surface)).toEqual(new Set());
  });

  it('reports unknown commands, unknown options and commands no test runs', () => {
    const mentions: Mention[] = [
      {
        command: 'upgrade',
        options: ['--sql', '--verbose', '--frobnicate'],
        text: 'migrate upgrade head --sql --frobnicate',
        where: 'a.md:1',
      },
      { command: 'teleport', options: [], text: 'migrate teleport', where: 'a.md:2' },
    ];
    expect(unknownCommands(mentions, surface)).toEqual(['a.md:2: teleport (in `migrate teleport`)']);
    expect(unknownOptions(mentions, surface)).toEqual([
      'a.md:1: upgrade --frobnicate (in `migrate upgrade head --sql --frobnicate`)',
    ]);
    expect(untested(mentions, new Set(['upgrade']))).toEqual(['teleport (first named at a.md:2)']);
  });
});

describe('the commands the docs name', () => {
  const mentions = docMentions(surface);

  it('are found in README.md and in docs/', () => {
    const fileOf = (m: Mention): string => m.where.slice(0, m.where.lastIndexOf(':'));
    const fromReadme = mentions.filter((m) => fileOf(m) === 'README.md').map((m) => m.command);
    expect(fromReadme).toEqual(expect.arrayContaining(['init', 'pull', 'revision', 'upgrade', 'downgrade', 'check']));
    expect(mentions.filter((m) => fileOf(m).startsWith('docs/')).length).toBeGreaterThan(0);
  });

  it('exist in the CLI', () => {
    expect(unknownCommands(mentions, surface)).toEqual([]);
  });

  it('are named only with options they have', () => {
    expect(unknownOptions(mentions, surface)).toEqual([]);
  });

  it('are each run by at least one test', () => {
    const sources = testSources();
    expect(sources).toContain(join(ROOT, 'test', 'e2e', 'packed.test.ts'));
    expect(sources).not.toContain(THIS_FILE);
    expect(untested(mentions, commandsRunByTests(surface))).toEqual([]);
  });

  it('cover every command of the CLI, so none is undocumented', () => {
    const named = new Set(mentions.map((m) => m.command));
    expect([...surface.commands.keys()].filter((c) => !named.has(c)).sort()).toEqual([]);
  });
});
