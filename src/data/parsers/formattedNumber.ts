/**
 * Numbers as spreadsheets display them, read as the value they store — what Excel's "CSV" export writes for a
 * currency or percent column: "$1,234.50" → 1234.5, "12.5%" → 0.125, "(1,200.00)" → −1200 (accounting),
 * "−5" (a typographic minus) → −5, and in ';'-separated files "1.234,50 €" or "1 234,5" → 1234.5. An .xlsx of the
 * same sheet stores these very numbers (parseXlsx), so both files give the same table.
 *
 * Only cells that fail the plain grammar come here, and one needs a mark (a currency sign, %, grouping, accounting
 * parentheses, U+2212) to be read: "1,5" in a comma-decimal-free file stays text. The exported script mirrors
 * this rule for rule (kerasTable.ts formatted_number).
 */
const CURRENCY = new Set(['$', '€', '£', '¥', '₹', '₩', '₽', '¢', '₺', '₪', '₫', '฿']);
const SIGNS = new Set(['+', '-', '\u2212']);
const PLAIN = /^(\d+(\.\d+)?|\.\d+)$/;
/** Thousands grouped by ',', an apostrophe (Swiss) or a space, the same one throughout; decimal point. */
const GROUPED_POINT = /^\d{1,3}([,'\u00a0\u202f ])\d{3}(\1\d{3})*(\.\d+)?$/;
const PLAIN_COMMA = /^(\d+,\d+|,\d+)$/;
/** Thousands grouped by '.' or a space; decimal comma. */
const GROUPED_COMMA = /^\d{1,3}([.\u00a0\u202f ])\d{3}(\1\d{3})*(,\d+)?$/;
const BLANK = /^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g;

const SPACE_LIKE = new Set([0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
const PUNCTUATION = new Set([...",.'%()$"].map((c) => c.charCodeAt(0)));
const CURRENCY_CODES = new Set([...CURRENCY].map((c) => c.charCodeAt(0)));

/**
 * Cheap pre-check for the parsers' hot loops, false for every cell formattedNumber refuses to read (so a false here
 * never changes a result): a digit, only the characters a formatted number holds, and no sign after a digit — so
 * words, dates ("2012-01-01", "1/2/2012") and codes are passed over without a substring or a regular expression.
 */
export function mayBeFormatted(text: string, s: number, e: number): boolean {
  let digit = false;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    // ASCII past '9' (letters, ':', '/', …) ends it at once: most text cells stop at their first character.
    else if (c > 57 && c < 128) return false;
    else if (c === 43 || c === 45 || c === 0x2212) {
      if (digit) return false;
    } else if (!(c <= 32 || PUNCTUATION.has(c) || CURRENCY_CODES.has(c) || SPACE_LIKE.has(c) || (c >= 0x2000 && c <= 0x200a))) return false;
  }
  return digit;
}

/** The stored value of a formatted number (see the file comment), else NaN. */
export function formattedNumber(cell: string, decimalComma: boolean): number {
  let t = cell.replace(BLANK, '');
  if (t.length < 2 || t.length > 40) return NaN;
  let marked = false;
  let negative = false;
  if (t[0] === '(' && t[t.length - 1] === ')') {
    t = t.slice(1, -1).replace(BLANK, '');
    negative = marked = true;
  }
  // Sign and currency in either order in front ("-$5", "$-5"), a currency or % behind ("5 €", "12.5%").
  let percent = false;
  let sign = false;
  let currency = false;
  for (let k = 0; k < 2 && t.length; k++) {
    if (SIGNS.has(t[0]) && !sign) {
      sign = true;
      if (t[0] !== '+') negative = !negative;
      if (t[0] === '\u2212') marked = true;
      t = t.slice(1).replace(BLANK, '');
    } else if (CURRENCY.has(t[0]) && !currency) {
      currency = true;
      t = t.slice(1).replace(BLANK, '');
      marked = true;
    }
  }
  if (t.endsWith('%')) {
    t = t.slice(0, -1).replace(BLANK, '');
    percent = marked = true;
  } else if (t.length && CURRENCY.has(t[t.length - 1])) {
    t = t.slice(0, -1).replace(BLANK, '');
    marked = true;
  }
  let digits: string | null = null;
  if (PLAIN.test(t)) digits = t;
  else if (!decimalComma && GROUPED_POINT.test(t)) {
    digits = t.replace(/[,'\u00a0\u202f ]/g, '');
    marked = true;
  } else if (decimalComma && PLAIN_COMMA.test(t)) digits = t.replace(',', '.');
  else if (decimalComma && GROUPED_COMMA.test(t)) {
    digits = t.replace(/[.\u00a0\u202f ]/g, '').replace(',', '.');
    marked = true;
  }
  if (digits === null || !marked) return NaN;
  let x = Number(digits);
  if (percent) x /= 100;
  return Number.isFinite(x) ? (negative ? -x : x) : NaN;
}
