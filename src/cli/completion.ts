import type { Command } from 'commander';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Completions {
  commands: { name: string; description: string; options: string[] }[];
  globals: string[];
  /** Global options that take a value: the word after them is not a command. */
  valued: string[];
}

/** The commands and options of the program, as the scripts list them. */
function completions(program: Command): Completions {
  const flags = (command: Command): string[] =>
    command.options.flatMap((o) => [o.short, o.long].filter((f): f is string => f !== undefined));
  return {
    commands: program.commands.map((c) => ({
      name: c.name(),
      description: c.description(),
      options: [...flags(c), '--help'],
    })),
    globals: [...flags(program), '--help'],
    valued: program.options
      .filter((o) => o.required || o.optional)
      .flatMap((o) => [o.short, o.long].filter((f): f is string => f !== undefined)),
  };
}

/** A completion script for `shell`, to source from the shell's start-up file. */
export function completionScript(program: Command, shell: Shell): string {
  const found = completions(program);
  if (shell === 'fish') return fishScript(found);
  const bash = bashScript(found);
  return shell === 'zsh' ? `autoload -U +X bashcompinit && bashcompinit\n${bash}` : bash;
}

function bashScript({ commands, globals, valued }: Completions): string {
  const cases = commands.map((c) => `    ${c.name}) words="${c.options.join(' ')}" ;;`).join('\n');
  return `# migrate completion for bash: eval "$(migrate completion bash)"
_migrate() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="" words i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${valued.join('|')}) ((i++)) ;;
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$cmd" in
    "") words="${commands.map((c) => c.name).join(' ')} ${globals.join(' ')}" ;;
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _migrate migrate
`;
}

function fishScript({ commands, globals }: Completions): string {
  const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const option = (flag: string): string => (flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`);
  const lines = ['# migrate completion for fish: migrate completion fish | source'];
  for (const c of commands)
    lines.push(`complete -c migrate -f -n '__fish_use_subcommand' -a ${quote(c.name)} -d ${quote(c.description)}`);
  for (const flag of globals) lines.push(`complete -c migrate -n '__fish_use_subcommand' ${option(flag)}`);
  for (const c of commands)
    for (const flag of c.options)
      lines.push(`complete -c migrate -n '__fish_seen_subcommand_from ${c.name}' ${option(flag)}`);
  return `${lines.join('\n')}\n`;
}
