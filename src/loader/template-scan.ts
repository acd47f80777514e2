/**
 * The fast way to the rewrites of `token-rewrite.ts`: one pass over the
 * characters, with no token array (sucrase's tokens of a 10,000-table model
 * take about 500 MB). It is exact only for code it fully understands, so it
 * gives up (null: the caller uses sucrase's tokenizer) at the first doubt: a
 * `/` in code that starts no comment (a regular expression and a division
 * look alike to a scanner), a backslash or a non-ASCII character in code, or
 * an unterminated comment, template or bracket.
 */
import {
  BACKQUOTE,
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  CLOSE_PAREN,
  DOLLAR,
  DOT,
  DOUBLE_QUOTE,
  NEWLINE,
  OPEN_BRACE,
  QUOTE,
  RETURN,
  SLASH,
  SPACE,
  TAB,
} from './char-codes.js';
import { addChunk, lineBreaks, OPERAND_WORDS, type Site } from './template-sites.js';

interface Scanned {
  source: string;
  sites: Site[];
  meta: boolean;
}

/** An open `{` of code, or the `${` of a template (with its site when tagged). */
type Frame = { interpolation: false } | { interpolation: true; site: Site | null };

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
  /** The last two tokens of code: `name`, `)`, `]`, `.` or `other`; a name's text is read when asked (`lastText`). */
  private lastKind = 'other';
  private lastStart = 0;
  private lastEnd = 0;
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

  private token(kind: string): void {
    this.beforeLast = this.lastKind;
    this.lastKind = kind;
  }

  /** The text of the last name (`meta` for an `import.meta` made into one). */
  private lastText(): string {
    return this.lastStart < 0 ? 'meta' : this.source.slice(this.lastStart, this.lastEnd);
  }

  private replace(start: number, end: number, text: string): void {
    this.out += this.source.slice(this.from, start) + text + lineBreaks(this.source.slice(start, end));
    this.from = end;
  }

  /** One token of code; false on doubt. On character codes: a pass over a model of megabytes reads each one. */
  private step(): boolean {
    const c = this.source.charCodeAt(this.i);
    if (c === SPACE || c === TAB || c === NEWLINE || c === RETURN) return (this.i++, true);
    if (c === SLASH) return this.comment();
    if (c === BACKSLASH || c > 127) return false;
    if (c === BACKQUOTE) return this.template();
    if (c === CLOSE_BRACE) return this.braceEnd();
    if (isWordCode(c)) return this.word();
    if (c === QUOTE || c === DOUBLE_QUOTE) this.skipString(c);
    else this.i++;
    if (c === OPEN_BRACE) this.stack.push(BRACE);
    this.token(c === CLOSE_PAREN ? ')' : c === CLOSE_BRACKET ? ']' : c === DOT ? '.' : 'other');
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

  private skipString(quote: number): void {
    const s = this.source;
    let i = this.i + 1;
    for (let c = s.charCodeAt(i); i < s.length && c !== quote && c !== NEWLINE && c !== RETURN; c = s.charCodeAt(i))
      i += c === BACKSLASH ? (s.startsWith('\r\n', i + 1) ? 3 : 2) : 1;
    this.i = i + 1;
  }

  private word(): boolean {
    const s = this.source;
    const start = this.i;
    while (this.i < s.length && isWordCode(s.charCodeAt(this.i))) this.i++;
    const meta =
      this.i - start === 6 && s.startsWith('import', start) && this.lastKind !== '.'
        ? META_AFTER.exec(s.slice(this.i, this.i + 64))
        : null;
    if (meta !== null) {
      this.i += meta[0].length;
      this.replace(start, this.i, this.metaName);
      this.meta = true;
    }
    this.token('name');
    this.lastStart = meta === null ? start : -1;
    this.lastEnd = this.i;
    return true;
  }

  /** A tagged template follows a name that takes no operand (or a property of that name), `)` or `]`. */
  private tagged(): boolean {
    const kind = this.lastKind;
    if (kind === ')' || kind === ']') return true;
    return kind === 'name' && (!OPERAND_WORDS.has(this.lastText()) || this.beforeLast === '.');
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
      const c = s.charCodeAt(i);
      if (c === BACKSLASH) i++;
      else if (c === BACKQUOTE || (c === DOLLAR && s.charCodeAt(i + 1) === OPEN_BRACE)) return i;
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

/** A `{` of code: the same frame for each, which nothing changes. */
const BRACE: Frame = { interpolation: false };

/** A letter, digit, `_` or `$` (ASCII: the scan gives up at anything else outside it). */
function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}
