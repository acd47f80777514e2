/**
 * Just enough Markdown for the documentation tests: the code in a page (fenced
 * blocks line by line, inline code spans) and the code block of a section.
 */

export interface CodeSnippet {
  /** 1-based line in the page. */
  line: number;
  text: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const INLINE_CODE = /(`+)((?:(?!\1)[\s\S])+?)\1(?!`)/g;

/** Every line of every fenced code block, and every inline code span outside them. */
export function codeSnippets(markdown: string): CodeSnippet[] {
  const snippets: CodeSnippet[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((text, index) => {
    const line = index + 1;
    const marker = FENCE.exec(text)?.[1];
    if (fence === null && marker) {
      fence = marker;
    } else if (fence !== null && marker?.[0] === fence[0] && marker.length >= fence.length && text.trim() === marker) {
      fence = null;
    } else if (fence !== null) {
      snippets.push({ line, text });
    } else {
      for (const match of text.matchAll(INLINE_CODE)) snippets.push({ line, text: match[2]!.trim() });
    }
  });
  return snippets;
}

/**
 * The lines of the first fenced code block under the heading `heading` (the
 * whole heading line, e.g. `## Set-up`), before the next heading of that level
 * or above. Throws when there is none, so a renamed section fails loudly.
 */
export function sectionCodeBlock(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`no "${heading}" heading`);
  const level = /^#+/.exec(heading)?.[0].length ?? 0;
  return firstBlock(lines.slice(start + 1), level, heading);
}

/**
 * The lines of the first fenced code block after the first line that starts
 * with `lead` (a paragraph such as `Already have a database?`), before the
 * next heading. Throws when there is none.
 */
export function codeBlockAfter(markdown: string, lead: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(lead));
  if (start < 0) throw new Error(`no line starting "${lead}"`);
  return firstBlock(lines.slice(start + 1), 6, lead);
}

/** The first fenced block of `lines`, before a heading of level `level` or above. */
function firstBlock(lines: readonly string[], level: number, where: string): string[] {
  const block: string[] = [];
  let fence: string | null = null;
  for (const text of lines) {
    const depth = /^(#+)\s/.exec(text)?.[1]!.length;
    if (fence === null && depth !== undefined && depth <= level) break;
    const marker = FENCE.exec(text)?.[1];
    if (fence === null && marker) fence = marker;
    else if (fence !== null && text.trim() === fence) return block;
    else if (fence !== null) block.push(text);
  }
  throw new Error(`no code block under "${where}"`);
}

/** The commands of a shell snippet: comments (` # ...`) and blank lines removed. */
export function shellCommands(lines: readonly string[]): string[] {
  return lines.map((l) => l.replace(/(^|\s)#.*$/, '').trim()).filter((l) => l !== '');
}

export interface FencedBlock {
  /** What follows the opening fence, e.g. `sh` or `ts models.ts`. */
  info: string;
  /** 1-based line of the opening fence. */
  line: number;
  lines: string[];
}

/** Every fenced code block of a page, in order, with its info string. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { fence: string; block: FencedBlock } | null = null;
  markdown.split('\n').forEach((text, index) => {
    const match = /^\s{0,3}(`{3,}|~{3,})(.*)$/.exec(text);
    if (open === null && match) {
      open = { fence: match[1]!, block: { info: match[2]!.trim(), line: index + 1, lines: [] } };
    } else if (open !== null && text.trim() === open.fence) {
      blocks.push(open.block);
      open = null;
    } else if (open !== null) {
      open.block.lines.push(text);
    }
  });
  return blocks;
}
