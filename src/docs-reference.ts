/**
 * The pages of docs/reference/, written from the code's own tables: the
 * commander program the CLI parses with, ERROR_CODES and HAZARD_CODES with
 * HAZARD_NOTES, the operation families' specs with their examples. `npm run docs:reference` writes them (scripts/docs-reference.mjs),
 * and a unit test fails when a checked-in page differs from what this renders.
 */
import type { EventEmitter } from 'node:events';
import type { Command, Option } from 'commander';
import { renderOperation } from './autogen/render/render-operations.js';
import { buildProgram } from './cli/main.js';
import { isDestructive } from './ops/describe.js';
import { hazardsOf } from './ops/hazards.js';
import { operationOf } from './ops/literal-defaults.js';
import { kindSpec, OPERATION_FAMILIES, specOf } from './ops/operation-specs.js';
import type { Operation, OperationKind } from './ops/operation.js';
import { reverseOperation } from './ops/reverse.js';
import { compileOperation } from './pg/ddl/compile.js';
import { HAZARD_CODES, HAZARD_KINDS, HAZARD_NOTES, type HazardCode } from './ops/hazard-codes.js';
import { ERROR_CODES, ERROR_GROUPS, type ErrorCode, type ErrorGroup } from './util/error-codes.js';

/** The command that writes the pages again. */
export const REFERENCE_COMMAND = 'npm run docs:reference';

/** Each page of docs/reference/, by file name, with its text. */
export function referencePages(): Record<string, string> {
  return {
    'cli.md': cliPage(),
    'errors.md': errorsPage(),
    'hazards.md': hazardsPage(),
    'operations.md': operationsPage(),
  };
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

/** The operation an example call of `kind` stands for. */
export function exampleOperation(kind: OperationKind): Operation {
  return operationOf(kind, kindSpec(kind).example);
}

/** The kind of the reverse of `kind`'s example, or undefined when it has none. */
function reverseKindOf(kind: OperationKind): OperationKind | undefined {
  try {
    return reverseOperation(exampleOperation(kind)).kind;
  } catch {
    return undefined;
  }
}

/**
 * What the downgrade of `op` runs: the kind of its reverse; for a drop written
 * without the object it removed, the kind whose reverse it is; else why it has none.
 */
function reverseText(op: Operation): string {
  const kind = reverseKindOf(op.kind);
  if (kind !== undefined) return `\`${kind}\``;
  const carriesRemoved = (specOf(op).unrendered as readonly string[] | undefined)?.includes('removed') === true;
  const undoneBy = OPERATION_FAMILIES.flatMap((f) => f.kinds).filter((k) => reverseKindOf(k) === op.kind);
  if (carriesRemoved && undoneBy.length === 1)
    return `\`${undoneBy[0]}\`, from the removed object that autogenerate's drops carry (this call has none)`;
  let why = '';
  try {
    reverseOperation(op);
  } catch (error) {
    why = error instanceof Error ? error.message.replace(/^.* cannot be reversed: /, '') : String(error);
  }
  return `none for this call (${why.replace(/; write (its|the) downgrade by hand$/, '')})`;
}

function operationSection(kind: OperationKind): string[] {
  const op = exampleOperation(kind);
  const codes = [...new Set(hazardsOf(op).map((h) => h.code))];
  const hazards = codes.length === 0 ? 'none' : codes.map((c) => `[\`${c}\`](hazards.md)`).join(', ');
  const statements = compileOperation(op);
  const outside = statements.some((s) => !s.transactional) ? " It runs outside the revision's transaction." : '';
  return [
    `### ${kind}`,
    '',
    `${specOf(op).summary}${outside}`,
    '',
    `Drops data: ${isDestructive(op) ? 'yes' : 'no'}. Hazards: ${hazards}. Reverse: ${reverseText(op)}.`,
    '',
    '```ts',
    renderOperation(op),
    '```',
    '',
    '```sql',
    ...statements.map((s) => `${s.sql};`),
    '```',
  ];
}

function operationsPage(): string {
  const anchor = (title: string) =>
    title
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-');
  const lines = [
    '# Operations reference',
    '',
    generated('the operation specs in `src/ops/`'),
    '',
    'Every `op.*` call a revision can make, by family: what it does, and for its example call (as',
    '`revision --autogenerate` writes it) whether it drops data, its [hazards](hazards.md), what its',
    'downgrade runs and the exact SQL it compiles to. Other arguments can differ: `migrate lint` reports the',
    "hazards of a revision's actual calls. How to write a revision by hand: [the `op` API](../operations.md).",
    '',
    'Families: ' + OPERATION_FAMILIES.map((f) => `[${f.title}](#${anchor(f.title)})`).join(', ') + '.',
  ];
  for (const family of OPERATION_FAMILIES) {
    lines.push('', `## ${family.title}`);
    for (const kind of family.kinds) lines.push('', ...operationSection(kind));
  }
  return lines.join('\n') + '\n';
}
