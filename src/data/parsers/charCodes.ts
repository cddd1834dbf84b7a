/** Character codes the text scanners compare against (charCodeAt, no per-character strings). */
export const QUOTE = 34;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const TAB = 9;
export const DOT = 46;
export const COMMA = 44;
export const SEMICOLON = 59;
export const PIPE = 124;
