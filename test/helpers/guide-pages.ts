import { fencedBlocks, type FencedBlock } from './markdown.js';

/**
 * The pages whose code blocks the tests run (test/e2e/guides.test.ts) and
 * type-check (test/unit/docs-guides.test.ts): the how-to guides, the
 * explanation pages and the `op` API page. Each page runs in a new project
 * on PGlite, its blocks in order:
 * - ```` ```sh ````: each line a command, run in the project folder; it must
 *   exit 0, or the code its comment announces when it starts `# exit N`;
 * - ```` ```ts FILE ````: written to FILE in the project (models.ts,
 *   migrate.config.ts, a revision under migrations/versions/);
 * - ```` ```ts ````: a whole module, type-checked only;
 * - ```` ```text ````, ```` ```json ````, ```` ```sql ````: what a command
 *   prints or runs, shown, not run; ```` ```yaml ````, a CI workflow, whose
 *   `migrate` commands the other blocks of its page run.
 * Blocks inside an HTML comment (`<!-- ... -->`) do not show on the page and
 * run all the same: the set-up a page describes in words.
 */
export const GUIDE_PAGES = [
  'baseline',
  'ci',
  'environments',
  'write-revision',
  'failed-index',
  'coming-from',
  'renames',
  'testing',
  'squashing',
  'pictures',
  'autogenerate',
  'operations',
  'production',
  'fleets',
  'revisions',
  'exact-comparison',
  'modeled',
  'distributed',
  'zero-downtime-rename',
] as const;

export const BLOCK_KINDS = ['sh', 'ts', 'text', 'json', 'sql', 'yaml'] as const;

/** The kind of a block (its info's first word) and the file a `ts FILE` block writes. */
export function blockKind(block: FencedBlock): { kind: string; file: string | undefined } {
  const [kind = '', file] = block.info.split(/\s+/);
  return { kind, file };
}

/** The blocks of a page, each without the indentation of a list item it sits in. */
export function guideBlocks(markdown: string): FencedBlock[] {
  return fencedBlocks(markdown).map((block) => {
    const indents = block.lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
    const indent = Math.min(...indents, Infinity);
    return indent === 0 || indent === Infinity ? block : { ...block, lines: block.lines.map((l) => l.slice(indent)) };
  });
}

/** The exit code a shell line announces with a comment that starts `# exit N`, else 0. */
export function announcedExit(line: string): number {
  const code = /\s#\s*exit (\d+)\b/.exec(line)?.[1];
  return Number(code ?? 0);
}

/** A shell line without its comment, or '' for a blank or comment-only line. */
export function shellLine(line: string): string {
  return line.replace(/(^|\s)#.*$/, '').trim();
}
