/**
 * The character codes the loader's scanners look at (`statement-cuts.ts`,
 * `template-scan.ts`), which read a file of megabytes a code at a time.
 */
export const TAB = 9;
export const NEWLINE = 10;
export const RETURN = 13;
export const SPACE = 32;
export const DOUBLE_QUOTE = 34;
export const DOLLAR = 36;
export const QUOTE = 39;
export const OPEN_PAREN = 40;
export const CLOSE_PAREN = 41;
export const COMMA = 44;
export const DOT = 46;
export const SLASH = 47;
export const SEMICOLON = 59;
export const LESS = 60;
export const EQUALS = 61;
export const GREATER = 62;
export const OPEN_BRACKET = 91;
export const BACKSLASH = 92;
export const CLOSE_BRACKET = 93;
export const BACKQUOTE = 96;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
