import { createRequire } from 'node:module';
import { scanTemplates } from './template-scan.js';
import { addChunk, lineBreaks, OPERAND_WORDS, type Site } from './template-sites.js';

/**
 * Rewrites of a user's file before its transform, found by a scan of the
 * characters (`template-scan.ts`) or, where the scan is in doubt, on sucrase's
 * tokens; each keeps every line where it was:
 *
 * - `import.meta`, which has no CommonJS form, becomes a name that the prelude
 *   defines (`url`, `filename`, `dirname`, `resolve`, as Node's ESM loader
 *   gives them);
 * - in a file with many tagged templates (a pulled model of thousands of
 *   tables has tens of thousands of sql`...`), each tagged template becomes a
 *   call of its tag with a strings array made once in the prelude. V8 finds
 *   the strings array of a tagged template the first time it runs by a linear
 *   search through every one the file has made so far, so a file's top-level
 *   code that runs n of them costs n squared: 2.8 s at 10,000 tables against
 *   0.06 s at 1,000. The call gets what the template would have given: the
 *   same frozen array (cooked strings, `raw`) on every run of that site.
 */
interface Rewritten {
  source: string;
  /** Code to run first, on the first line of the module. */
  prelude: string;
}

/** Below this many backquotes, the tagged templates stay: their cost is small, and the rewrite's is not nothing. */
export const TEMPLATE_REWRITE_MIN = 2000;

const META = '__athanorImportMeta';
const TEMPLATES = '__athanorTemplates';
const importMeta = /\bimport\s*\.\s*meta\b/;

export function rewriteTokens(source: string, ts: boolean, templateMin = TEMPLATE_REWRITE_MIN): Rewritten {
  const meta = importMeta.test(source);
  const templates = countBackquotes(source) >= templateMin;
  if (!meta && !templates) return { source, prelude: '' };
  const fast = scanTemplates(source, templates, META, TEMPLATES);
  if (fast !== null) return { source: fast.source, prelude: prelude(fast.meta, fast.sites) };
  const rewriter = new Rewriter(source, parseTokens(source, ts), templates);
  const out = rewriter.run();
  return { source: out, prelude: prelude(meta, rewriter.sites) };
}

function prelude(meta: boolean, sites: readonly Site[]): string {
  return (meta ? metaPrelude() : '') + (sites.length > 0 ? templatesPrelude(sites) : '');
}

function countBackquotes(source: string): number {
  let count = 0;
  for (let i = source.indexOf('`'); i !== -1; i = source.indexOf('`', i + 1)) count++;
  return count;
}

interface Token {
  type: number;
  start: number;
  end: number;
  isType: boolean;
}

interface SucraseTokenTypes {
  TokenType: Record<
    | 'backQuote'
    | 'template'
    | 'dollarBraceL'
    | 'braceL'
    | 'braceBarL'
    | 'braceR'
    | 'braceBarR'
    | 'name'
    | 'parenR'
    | 'bracketR'
    | 'greaterThan'
    | 'dot',
    number
  >;
}

let tokenTypes: SucraseTokenTypes['TokenType'] | undefined;

/** Sucrase's own tokenizer (not part of its documented interface, hence the narrow types here). */
function parseTokens(source: string, ts: boolean): Token[] {
  const require = createRequire(import.meta.url);
  const { parse } = require('sucrase/dist/parser') as {
    parse(input: string, jsx: boolean, ts: boolean, flow: boolean): { tokens: Token[] };
  };
  tokenTypes ??= (require('sucrase/dist/parser/tokenizer/types') as SucraseTokenTypes).TokenType;
  return parse(source, false, ts, false).tokens;
}

type Frame = { kind: 'template'; site: Site | null } | { kind: 'interpolation'; site: Site | null } | { kind: 'brace' };

class Rewriter {
  readonly sites: Site[] = [];
  private out = '';
  private from = 0;
  private readonly stack: Frame[] = [];

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly templates: boolean,
  ) {}

  run(): string {
    for (let i = 0; i < this.tokens.length; i++) this.step(i);
    return this.out + this.source.slice(this.from);
  }

  private text(token: Token): string {
    return this.source.slice(token.start, token.end);
  }

  /** Replaces the source from `start` to `end` by `text` plus the line breaks it held. */
  private replace(start: number, end: number, text: string): void {
    this.out += this.source.slice(this.from, start) + text + lineBreaks(this.source.slice(start, end));
    this.from = end;
  }

  private step(i: number): void {
    const t = tokenTypes!;
    const token = this.tokens[i]!;
    const top = this.stack.at(-1);
    if (token.type === t.backQuote) return top?.kind === 'template' ? this.close(token, top.site) : this.open(i);
    if (token.type === t.dollarBraceL) return this.interpolation(token);
    if (top?.kind === 'template') return;
    if (token.type === t.braceL || token.type === t.braceBarL) return void this.stack.push({ kind: 'brace' });
    if (token.type === t.braceR || token.type === t.braceBarR) return this.braceEnd(i);
    if (this.text(token) === 'import' && this.isImportMeta(i)) this.replace(token.start, this.tokens[i + 2]!.end, META);
  }

  private isImportMeta(i: number): boolean {
    const [before, dot, meta] = [this.tokens[i - 1], this.tokens[i + 1], this.tokens[i + 2]];
    return (
      before?.type !== tokenTypes!.dot &&
      dot?.type === tokenTypes!.dot &&
      meta !== undefined &&
      this.text(meta) === 'meta'
    );
  }

  /** An opening backquote; a tagged one becomes `(strings`. */
  private open(i: number): void {
    const site = this.templates && this.isTagged(i) ? { raw: [], cooked: [] } : null;
    this.stack.push({ kind: 'template', site });
    if (site === null) return;
    const chunk = this.tokens[i + 1]!;
    this.chunk(site, chunk);
    this.replace(this.tokens[i]!.start, chunk.end, `(${TEMPLATES}[${this.sites.length}]`);
    this.sites.push(site);
  }

  /**
   * A template in code (not a type) right after a name, `)`, `]` or type
   * arguments; not after a word that the tokenizer leaves a name but that
   * takes an operand (`await`, `of`, ...) unless it is a property (`o.of`).
   */
  private isTagged(i: number): boolean {
    const t = tokenTypes!;
    const [before, token] = [this.tokens[i - 1], this.tokens[i]!];
    if (before === undefined || token.isType) return false;
    if (before.type === t.greaterThan) return before.isType;
    if (before.isType) return false;
    if (before.type === t.parenR || before.type === t.bracketR) return true;
    if (before.type !== t.name) return false;
    return !OPERAND_WORDS.has(this.text(before)) || this.tokens[i - 2]?.type === t.dot;
  }

  private chunk(site: Site, chunk: Token): void {
    addChunk(site, this.text(chunk));
  }

  private close(token: Token, site: Site | null): void {
    this.stack.pop();
    if (site !== null) this.replace(token.start, token.end, ')');
  }

  private interpolation(token: Token): void {
    const template = this.stack.at(-1);
    const site = template?.kind === 'template' ? template.site : null;
    this.stack.pop();
    this.stack.push({ kind: 'interpolation', site });
    if (site !== null) this.replace(token.start, token.end, ', ');
  }

  /** The end of a brace; the end of an interpolation returns to its template, whose next chunk follows. */
  private braceEnd(i: number): void {
    const frame = this.stack.pop();
    if (frame?.kind !== 'interpolation') return;
    this.stack.push({ kind: 'template', site: frame.site });
    if (frame.site === null) return;
    const chunk = this.tokens[i + 1]!;
    this.chunk(frame.site, chunk);
    this.replace(this.tokens[i]!.start, chunk.end, '');
  }
}

function metaPrelude(): string {
  return (
    `const ${META} = { url: require('node:url').pathToFileURL(__filename).href, filename: __filename, dirname: __dirname, ` +
    `resolve: (id) => require('node:url').pathToFileURL(require.resolve(id)).href };`
  );
}

/** The strings arrays, frozen with their frozen `raw` as a template's are; one line. */
function templatesPrelude(sites: readonly Site[]): string {
  const make = `(cooked, raw) => Object.freeze(Object.defineProperty(cooked, 'raw', { value: Object.freeze(raw) }))`;
  const cooked = (s: Site) => s.cooked.map((c) => (c === undefined ? 'undefined' : JSON.stringify(c))).join(', ');
  const each = sites.map((s) => `t([${cooked(s)}], ${JSON.stringify(s.raw)})`);
  return `const ${TEMPLATES} = ((t) => [${each.join(', ')}])(${make});`;
}
