import { parseJsString } from '../../util/js-string.js';

/**
 * The literal value of one `export const NAME (: type)? = <literal>;` in a
 * revision file, read without running it. Literals may span lines (arrays as
 * a formatter splits them, with a trailing comma) and be followed by comments.
 */
type ConstantValue =
  | { kind: 'string'; text: string }
  /** `null`, `true`, `false` or a non-negative integer, as written. */
  | { kind: 'word'; text: string }
  | { kind: 'array'; items: ConstantValue[] }
  /** Present, but not a literal this reader understands. */
  | { kind: 'invalid' };

/** The value of the first `export const NAME` at the start of a line; undefined when there is none. */
export function readConstant(source: string, name: string): ConstantValue | undefined {
  const head = declaration(name).exec(source);
  if (!head) return undefined;
  const reader = new Reader(source, head.index + head[0].length);
  const value = reader.value();
  return value.kind !== 'invalid' && reader.atStatementEnd() ? value : { kind: 'invalid' };
}

/** The pattern of `export const NAME ... =` for each name, made once (headers are read by the thousand). */
const DECLARATIONS = new Map<string, RegExp>();

function declaration(name: string): RegExp {
  let pattern = DECLARATIONS.get(name);
  if (pattern === undefined)
    DECLARATIONS.set(name, (pattern = new RegExp(String.raw`^export\s+const\s+${name}\s*(?::[^=;]+)?=`, 'm')));
  return pattern;
}

const STRING =
  /'(?:[^'\\\n\r\u2028\u2029]|\\[^\n\r\u2028\u2029])*'|"(?:[^"\\\n\r\u2028\u2029]|\\[^\n\r\u2028\u2029])*"/y;
const WORD = /(?:null|true|false|\d+)(?![\w$])/y;
const SPACE = /(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;
const LINE_SPACE = /(?:[ \t]|\/\*[^\n]*?\*\/)*/y;

/** A cursor over the source text, reading one literal. */
class Reader {
  constructor(
    private readonly source: string,
    private pos: number,
  ) {}

  value(): ConstantValue {
    this.skip(SPACE);
    if (this.source[this.pos] === '[') return this.array();
    const string = this.take(STRING);
    if (string !== null) return { kind: 'string', text: parseJsString(string) };
    const word = this.take(WORD);
    return word === null ? { kind: 'invalid' } : { kind: 'word', text: word };
  }

  /** `;`, or a line break or the end of the source (where JavaScript inserts one), after optional comments. */
  atStatementEnd(): boolean {
    this.skip(LINE_SPACE);
    const next = this.source[this.pos];
    return (
      next === undefined || next === ';' || next === '\n' || next === '\r' || this.source.startsWith('//', this.pos)
    );
  }

  private array(): ConstantValue {
    this.pos++; // [
    const items: ConstantValue[] = [];
    for (;;) {
      this.skip(SPACE);
      if (this.source[this.pos] === ']') break;
      const item = this.value();
      if (item.kind === 'invalid') return item;
      items.push(item);
      this.skip(SPACE);
      if (this.source[this.pos] === ',') this.pos++;
      else if (this.source[this.pos] !== ']') return { kind: 'invalid' };
    }
    this.pos++; // ]
    return { kind: 'array', items };
  }

  private skip(pattern: RegExp): void {
    this.take(pattern);
  }

  private take(pattern: RegExp): string | null {
    pattern.lastIndex = this.pos;
    const match = pattern.exec(this.source);
    if (!match) return null;
    this.pos += match[0].length;
    return match[0];
  }
}
