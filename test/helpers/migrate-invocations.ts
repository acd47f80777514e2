/**
 * Finds `migrate <command> [options]` command lines in text (documentation
 * snippets, test sources): `migrate`, `npx migrate`, `bin/migrate.js` or
 * `node_modules/.bin/migrate`, then global options, then the command word,
 * then its arguments up to a shell comment, pipe, redirection, `;`, `&&`, a
 * backtick or a closing parenthesis. Quoted arguments (`-m "add email"`) are
 * values, never options. A mention whose first word is not a lowercase command
 * name (`migrate COMMAND`, `migrate <command>`) is not an invocation, nor is
 * Prisma's (`prisma migrate deploy`).
 */

export interface Invocation {
  command: string;
  /** Every option written, global or not, as spelled: `--json`, `-m`, `--verbose`. */
  options: string[];
  /** The command line as written, from `migrate` to the end of the line or code span. */
  text: string;
}

const START = /(?<!prisma)(^|[^\w.@-])migrate(?:\.js)?[ \t]+/g;
const STOP = /\s#|[|<>;&`)]/;
const QUOTED = /"[^"]*"|'[^']*'/g;
const COMMAND = /^[a-z][a-z-]*$/;
/** `--long-name` or a lowercase short `-m`; `-1` and `-N` are targets or placeholders. */
const OPTION = /^(--[a-z][a-z0-9-]*|-[a-z])(=.*)?$/;

/**
 * Every invocation in `text`. `valueOptions` names the global options that take
 * a value (`-c`, `--config`, `-x`), so that their value is not read as the command.
 */
export function migrateInvocations(text: string, valueOptions: ReadonlySet<string>): Invocation[] {
  const found: Invocation[] = [];
  for (const match of text.matchAll(START)) {
    const from = match.index + match[1]!.length;
    const rest = text.slice(match.index + match[0].length).replace(QUOTED, '"_"');
    const end = STOP.exec(rest)?.index ?? rest.length;
    const words = rest
      .slice(0, end)
      .split(/\s+/)
      .filter((w) => w !== '');
    const invocation = parseWords(words, valueOptions);
    if (invocation) found.push({ ...invocation, text: text.slice(from).split(/[\n`]/)[0]!.trim() });
  }
  return found;
}

function parseWords(words: string[], valueOptions: ReadonlySet<string>): Omit<Invocation, 'text'> | null {
  const options: string[] = [];
  let i = 0;
  for (; i < words.length; i += 1) {
    const option = optionName(words[i]!);
    if (option === null) break;
    options.push(option);
    if (valueOptions.has(option) && !words[i]!.includes('=')) i += 1;
  }
  const command = words[i];
  if (command === undefined || !COMMAND.test(command)) return null;
  for (const word of words.slice(i + 1)) {
    const option = optionName(word);
    if (option !== null) options.push(option);
  }
  return { command, options };
}

/** `--json`, `[--json]`, `[-r`, `--lock-timeout=5s` -> the option's name; anything else -> null. */
function optionName(word: string): string | null {
  const bare = word.replace(/^[[(]+/, '').replace(/[\]),.:]+$/, '');
  const match = OPTION.exec(bare);
  return match ? match[1]! : null;
}
