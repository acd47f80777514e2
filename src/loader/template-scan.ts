/**
 * The fast way to the rewrites of `token-rewrite.ts`: one pass over the
 * characters, with no token array (sucrase's tokens of a 10,000-table model
 * take about 500 MB). It is exact only for code it fully understands, so it
 * gives up (null: the caller uses sucrase's tokenizer) at the first doubt: a
 * `/` in code that starts no comment (a regular expression and a division
 * look alike to a scanner), a backslash or a non-ASCII character in code, or
 * an unterminated comment, template or bracket.
 */
import { addChunk, lineBreaks, OPERAND_WORDS, type Site } from './template-sites.js';

interface Scanned {
  source: string;
  sites: Site[];
  meta: boolean;
}

/** An open `{` of code, or the `${` of a template (with its site when tagged). */
type Frame = { interpolation: false } | { interpolation: true; site: Site | null };

const WORD = /[A-Za-z0-9_$]/;
const META_AFTER = /^\s*\.\s*meta(?![A-Za-z0-9_$])/;
const LINE_END = /[\n\r\u2028\u2029]/g;

export function scanTemplates(source: string, templates: boolean, metaName: string, sitesName: string): Scanned | null {
  return new Scanner(source, templates, metaName, sitesName).scan();
}

class Scanner {
  private out = '';
  private from = 0;
  private i = 0;
  private meta = false;
  private readonly stack: Frame[] = [];
  readonly sites: Site[] = [];
  /** The last two tokens of code: `name`, `)`, `]`, `.` or `other`, and a name's text. */
  private last = { kind: 'other', text: '' };
  private beforeLast = 'other';

  constructor(
    private readonly source: string,
    private readonly templates: boolean,
    private readonly metaName: string,
    private readonly sitesName: string,
  ) {}

  scan(): Scanned | null {
    while (this.i < this.source.length) if (!this.step()) return null;
    if (this.stack.length > 0) return null;
    return { source: this.out + this.source.slice(this.from), sites: this.sites, meta: this.meta };
  }

  private token(kind: string, text = ''): void {
    this.beforeLast = this.last.kind;
    this.last = { kind, text };
  }

  private replace(start: number, end: number, text: string): void {
    this.out += this.source.slice(this.from, start) + text + lineBreaks(this.source.slice(start, end));
    this.from = end;
  }

  /** One token of code; false on doubt. */
  private step(): boolean {
    const c = this.source[this.i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') return (this.i++, true);
    if (c === '/') return this.comment();
    if (c === '\\' || c.charCodeAt(0) > 127) return false;
    if (c === '`') return this.template();
    if (c === '}') return this.braceEnd();
    if (WORD.test(c)) return this.word();
    if (c === "'" || c === '"') this.skipString(c);
    else this.i++;
    if (c === '{') this.stack.push({ interpolation: false });
    this.token(c === ')' || c === ']' || c === '.' ? c : 'other');
    return true;
  }

  private comment(): boolean {
    const s = this.source;
    if (s[this.i + 1] === '/') {
      LINE_END.lastIndex = this.i;
      this.i = LINE_END.exec(s)?.index ?? s.length;
      return true;
    }
    const end = s[this.i + 1] === '*' ? s.indexOf('*/', this.i + 2) : -1;
    this.i = end + 2;
    return end !== -1;
  }

  private skipString(quote: string): void {
    const s = this.source;
    let i = this.i + 1;
    while (i < s.length && s[i] !== quote && s[i] !== '\n' && s[i] !== '\r')
      i += s[i] === '\\' ? (s.startsWith('\r\n', i + 1) ? 3 : 2) : 1;
    this.i = i + 1;
  }

  private word(): boolean {
    const s = this.source;
    const start = this.i;
    while (this.i < s.length && WORD.test(s[this.i]!)) this.i++;
    const word = s.slice(start, this.i);
    const meta = word === 'import' && this.last.kind !== '.' ? META_AFTER.exec(s.slice(this.i, this.i + 64)) : null;
    if (meta !== null) {
      this.i += meta[0].length;
      this.replace(start, this.i, this.metaName);
      this.meta = true;
    }
    this.token('name', meta === null ? word : 'meta');
    return true;
  }

  /** A tagged template follows a name that takes no operand (or a property of that name), `)` or `]`. */
  private tagged(): boolean {
    const { kind, text } = this.last;
    if (kind === ')' || kind === ']') return true;
    return kind === 'name' && (!OPERAND_WORDS.has(text) || this.beforeLast === '.');
  }

  /** An opening backquote; a tagged one becomes `(strings`, its first chunk gone. */
  private template(): boolean {
    const site: Site | null = this.templates && this.tagged() ? { raw: [], cooked: [] } : null;
    const start = this.i;
    const end = this.chunkEnd(start + 1);
    if (end === -1) return false;
    if (site !== null) {
      addChunk(site, this.source.slice(start + 1, end));
      this.replace(start, end, `(${this.sitesName}[${this.sites.length}]`);
      this.sites.push(site);
    }
    return this.afterChunk(end, site);
  }

  /** Where the chunk from `from` ends (at a backquote or `${`); -1 when the file ends first. */
  private chunkEnd(from: number): number {
    const s = this.source;
    for (let i = from; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\') i++;
      else if (c === '`' || (c === '$' && s[i + 1] === '{')) return i;
    }
    return -1;
  }

  /** After a chunk: the closing backquote (`)` when tagged), or `${` (`, `) and code. */
  private afterChunk(end: number, site: Site | null): boolean {
    const closing = this.source[end] === '`';
    if (site !== null) this.replace(end, end + (closing ? 1 : 2), closing ? ')' : ', ');
    if (!closing) this.stack.push({ interpolation: true, site });
    this.i = end + (closing ? 1 : 2);
    this.token('other');
    return true;
  }

  /** A `}`: the end of a brace, or of an interpolation, whose template's next chunk follows. */
  private braceEnd(): boolean {
    const frame = this.stack.pop();
    if (frame === undefined) return false;
    if (!frame.interpolation) return (this.i++, this.token('other'), true);
    const start = this.i;
    const end = this.chunkEnd(start + 1);
    if (end === -1) return false;
    if (frame.site !== null) {
      addChunk(frame.site, this.source.slice(start + 1, end));
      this.replace(start, end, '');
    }
    return this.afterChunk(end, frame.site);
  }
}
