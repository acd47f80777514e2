import { Option, type Command } from 'commander';
import type { RenameOptions, RenamePrompt } from '../commands/compare/renames.js';
import { AthanorError } from '../util/errors.js';
import { collect } from './context.js';

export interface RenameOptionValues {
  rename: string[];
  keep: string[];
}

/** `--rename` and `--no-rename` (repeatable; `--no-rename` takes a value, so it is not commander's negation of `--rename`). */
export function withRenameOptions(command: Command): Command {
  const keep = new Option(
    '--no-rename <path>',
    'it really is a drop and a create: [KIND:]TABLE.COLUMN, TABLE, KIND:NAME or enum-value:ENUM.VALUE (repeatable)',
  )
    .argParser(collect)
    .default([]);
  keep.negate = false;
  keep.attributeName = () => 'keep';
  return command
    .option(
      '--rename <old=new>',
      'decide a rename candidate: TABLE.COLUMN=NEW, TABLE=NEW, KIND:NAME=NEW or enum-value:ENUM.VALUE=NEW (repeatable)',
      collect,
      [],
    )
    .addOption(keep);
}

/** The flags, and in a terminal (stdin and stdout both) a prompt for each candidate they leave open. */
export function renameOptions(values: RenameOptionValues): RenameOptions {
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  return { renames: values.rename, keep: values.keep, ...(interactive ? { ask: askRename } : {}) };
}

const DROP = '\u0000drop';

/** One question at the terminal: renamed to one of the candidates (best first), or dropped. */
async function askRename({ gone, enumValue, options }: RenamePrompt): Promise<string | null> {
  const { default: select } = await import('@inquirer/select');
  const created = options.map((o) => o.to).join(', ');
  const choices = [
    ...options.map((o) => ({
      name: `renamed to ${o.to}`,
      value: o.to,
      description: `${enumValue ? `rows holding it read ${o.to}` : 'keeps its data'}; match ${Math.round(o.score * 100)}%`,
    })),
    enumValue
      ? {
          name: `removed (and ${created} added)`,
          value: DROP,
          description: 'rows holding it stop the upgrade until they are changed',
        }
      : { name: `dropped (and ${created} created)`, value: DROP, description: 'its data is lost' },
  ];
  try {
    const answer = await select({ message: `${gone} is not in the model. Was it renamed?`, choices });
    return answer === DROP ? null : answer;
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError')
      throw new AthanorError('cancelled', 'cancelled at the rename prompt; no revision was written');
    throw error;
  }
}
