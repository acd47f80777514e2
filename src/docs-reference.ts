/**
 * The pages of docs/reference/, written from the code's own tables: the
 * commander program the CLI parses with, ERROR_CODES and HAZARD_CODES with
 * HAZARD_NOTES. `npm run docs:reference` writes them (scripts/docs-reference.mjs),
 * and a unit test fails when a checked-in page differs from what this renders.
 */
import type { EventEmitter } from 'node:events';
import type { Command, Option } from 'commander';
import { buildProgram } from './cli/main.js';
import { HAZARD_CODES, HAZARD_KINDS, HAZARD_NOTES, type HazardCode } from './ops/hazard-codes.js';
import { ERROR_CODES, ERROR_GROUPS, type ErrorCode, type ErrorGroup } from './util/error-codes.js';

/** The command that writes the pages again. */
export const REFERENCE_COMMAND = 'npm run docs:reference';

/** Each page of docs/reference/, by file name, with its text. */
export function referencePages(): Record<string, string> {
  return { 'cli.md': cliPage(), 'errors.md': errorsPage(), 'hazards.md': hazardsPage() };
}

function generated(from: string): string {
  return `<!-- Written by \`${REFERENCE_COMMAND}\` from ${from}; edit those, not this page. -->`;
}

/** A table cell: pipes escaped, line breaks joined. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** An option's default, as `--help` shows it, or empty. */
function defaultOf(option: Option): string {
  if (option.defaultValueDescription !== undefined) return `\`${option.defaultValueDescription}\``;
  const value: unknown = option.defaultValue;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return '';
  return `\`${JSON.stringify(value)}\``;
}

/** A command's options as a table, with a default column when one of them has a default. */
function optionTable(command: Command): string[] {
  const rows = command.options.filter((o) => !o.hidden).map((o) => [`\`${o.flags}\``, o.description, defaultOf(o)]);
  if (rows.length === 0) return [];
  if (rows.some((r) => r[2] !== '')) return table(['option', 'what it does', 'default'], rows);
  return table(
    ['option', 'what it does'],
    rows.map((r) => r.slice(0, 2)),
  );
}

/** The command lines of a command's `Example(s):` help text. */
function examplesOf(command: Command): string[] {
  const written: string[] = [];
  // commander's Command is an EventEmitter (its help texts are listeners), which its types leave out.
  (command as unknown as EventEmitter).emit('afterHelp', {
    error: false,
    command,
    write: (text: string) => written.push(text),
  });
  return written
    .join('')
    .split('\n')
    .flatMap((line) => (/^\s+\$ /.test(line) ? [line.replace(/^\s+\$ /, '')] : []));
}

function commandSection(command: Command): string[] {
  const lines = [`## migrate ${command.name()}`, '', '```', `migrate ${command.name()} ${command.usage()}`, '```'];
  lines.push('', command.description());
  const args = command.registeredArguments.filter((a) => a.description !== '');
  if (args.length > 0)
    lines.push(
      '',
      ...table(
        ['argument', 'what it is'],
        args.map((a) => [`\`${a.name()}\``, a.description]),
      ),
    );
  const options = optionTable(command);
  if (options.length > 0) lines.push('', ...options);
  const examples = examplesOf(command);
  if (examples.length > 0) lines.push('', '```sh', ...examples, '```');
  return lines;
}

function cliPage(): string {
  const program = buildProgram({ stdout: () => undefined, stderr: () => undefined, exitCode: 0 }, '.');
  const commands = program.commands.filter((c) => c.name() !== 'help');
  const lines = [
    '# CLI reference',
    '',
    generated('the command definitions in `src/cli/`'),
    '',
    '`migrate [global options] <command> [options]`; `migrate <command> --help` shows the same as this page.',
    '',
    'Commands: ' + commands.map((c) => `[${c.name()}](#migrate-${c.name()})`).join(', ') + '.',
    '',
    '## Global options',
    '',
    ...optionTable(program),
    '',
    'Exit codes: 0 success; 1 `check` or `verify` found a difference, `test` a failed check, `lint --fail-on`',
    'an unacknowledged hazard; 2 an error, one line on stderr with its code ([error codes](errors.md)).',
    '',
    'Every read-only command takes `--json`. On a terminal, `check`, `revision --autogenerate` and `pull` show',
    'the phase they are in on a progress line on stderr. Colours show on a terminal only, stdout and stderr',
    'each deciding for itself; `NO_COLOR=1` turns them off, `FORCE_COLOR=1` on.',
  ];
  for (const command of commands) lines.push('', ...commandSection(command));
  return lines.join('\n') + '\n';
}

function errorsPage(): string {
  const lines = [
    '# Error codes',
    '',
    generated('`ERROR_CODES` in `src/util/error-codes.ts`'),
    '',
    'Every error is one line on stderr, `error [<code>]: <what went wrong and what to do>`, and exit code 2;',
    'the code is also the `code` of the `AthanorError` a library call throws. Each code links to its entry',
    'in [troubleshooting](../troubleshooting.md): its messages, what they mean and what to do.',
  ];
  for (const [group, heading] of Object.entries(ERROR_GROUPS) as [ErrorGroup, string][]) {
    const codes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => ERROR_CODES[c].group === group);
    const rows = codes.map((c) => [`[\`${c}\`](../troubleshooting.md#${c})`, ERROR_CODES[c].title]);
    lines.push('', `## ${heading}`, '', ...table(['code', 'what it means'], rows));
  }
  return lines.join('\n') + '\n';
}

function hazardsPage(): string {
  const rows = (Object.keys(HAZARD_CODES) as HazardCode[]).map((code) => [
    `\`${code}\``,
    HAZARD_CODES[code],
    HAZARD_NOTES[code].happens,
    HAZARD_NOTES[code].saferWay,
  ]);
  return (
    [
      '# Hazard codes',
      '',
      generated('`HAZARD_CODES` and `HAZARD_NOTES` in `src/ops/hazard-codes.ts`'),
      '',
      'What an operation risks on a table that holds rows and serves queries. `revision --autogenerate` writes',
      'the hazards above the operations; `migrate lint` reports them and `--fail-on` fails on a family that',
      'a revision does not acknowledge. How they are graded, acknowledged and linted:',
      '[running in production](../production.md#hazards); the online forms that avoid the lock and scan',
      'families: [online plans](../production.md#online-plans).',
      '',
      `Families: ${HAZARD_KINDS.map((k) => `\`${k}\``).join(', ')}.`,
      '',
      ...table(['code', 'family', 'what happens', 'safer way'], rows),
    ].join('\n') + '\n'
  );
}
