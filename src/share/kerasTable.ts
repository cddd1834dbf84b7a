import type { FittedTable } from '../core/tableTypes';
import { TensorscopeError } from '../core/errors';
import { PYTHON_STDLIB_IMPORTS } from './kerasTraining';

/**
 * The exported Keras script's table pipeline: the browser's fitted table (src/core/tableTypes.ts) as data, and the
 * Python that turns the person's own raw file into the same float features, row for row, as src/data/table/apply.ts.
 * Nothing is refitted: fills, levels and class names are the ones the browser learned on its training split.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The fitted table as `TABLE = json.loads(...)` over a parenthesised run of Python string literals, one per line of
 * indented JSON (JSON.stringify never puts a raw line break inside a string, so splitting on them is safe).
 */
export function tableJsonLines(table: FittedTable, pyString: (s: string) => string): string[] {
  // Lone surrogates become U+FFFD, as pyString makes them: Python could hold one but never print it.
  const json = JSON.stringify(table, (_key, value: unknown) => (typeof value === 'string' ? value.replace(LONE_SURROGATE, '\ufffd') : value), 1);
  const lines = json.split('\n');
  return ['TABLE = json.loads(', ...lines.map((line, i) => `    ${pyString(i < lines.length - 1 ? `${line}\n` : line)}`), ')'];
}

/** Checks the table agrees with the data the script is written for, so a mismatch fails here, not in Python. */
export function checkTable(table: FittedTable, inputShape: readonly number[], kind: string): void {
  if (kind !== 'tabular') throw new TensorscopeError('invalid-spec', 'A fitted table needs tabular data.');
  const width = table.featureNames.length;
  if (inputShape.length !== 1 || inputShape[0] !== width) {
    throw new TensorscopeError('invalid-spec', `The fitted table makes ${width} features, but the input shape is [${inputShape.join(', ')}].`);
  }
}

/** Header comment lines for a table (every user-given name already passed through `comment`). */
export function tableHeaderLines(
  table: FittedTable,
  testFile: string | undefined,
  split: { testFraction: number; validationFraction: number; seed: number },
  comment: (s: string) => string,
): string[] {
  const on = table.fittedOn;
  // The browser refits when the split changes; a table fitted on another split would let test rows into the fills.
  const stale =
    on && (on.testFraction !== split.testFraction || on.validationFraction !== split.validationFraction || on.seed !== split.seed)
      ? [
          comment(
            `  Warning: TABLE was fitted on another split (test ${on.testFraction}, validation ${on.validationFraction}, seed ${on.seed}) than the one below; refit it in Tensorscope (load the data again) before exporting.`,
          ),
        ]
      : [];
  const kinds = new Map<string, number>();
  for (const c of table.columns) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  const summary = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
  const d = table.source.delimiter;
  const named: Record<string, string> = { json: 'JSON records', xlsx: table.source.sheet ? 'an Excel workbook' : 'an Excel workbook, its first sheet', arff: 'ARFF (Weka, OpenML)', parquet: 'Parquet (read with pyarrow)', ' ': 'columns separated by spaces' };
  const format =
    (named[d] ?? `CSV, delimiter ${JSON.stringify(d)}, decimal ${JSON.stringify(table.source.decimal)}`) +
    (table.source.header === false ? ', no header row' : '') +
    (table.source.rowNames ? ', row names first (R)' : '') +
    (table.source.sheet ? `, sheet ${JSON.stringify(table.source.sheet)}` : '') +
    (table.source.skipLines ? `, the table starting after ${table.source.skipLines} line${table.source.skipLines === 1 ? '' : 's'} of notes` : '');
  return [
    '#   --data PATH names your own raw table (required): the file the browser read,',
    comment(`  ${table.source.fileName} (${format}).`),
    ...(testFile ? [comment(`  The browser also read a separate test file, ${testFile}: pass it with --test PATH.`)] : ['#   --test PATH adds a separate test file (the browser then tests on all of its kept rows).']),
    '#   pandas reads it (pip install pandas); every cell is read as text, and the missing-value tokens, fills,',
    "#   category levels and class names below (TABLE) are the browser's, fitted on its training split: nothing is",
    '#   refitted here, so the features match the browser\'s (up to float32 rounding) with no leakage from the test rows.',
    ...stale,
    comment(`  Features: ${table.featureNames.length} from ${table.columns.length} columns (${summary}); label ${table.label.name} (${table.label.task}).`),
    '#   Rows without a label, and rows missing a value in a column whose policy is "drop", are dropped (counted).',
    '#   --features-out PATH.npz writes the encoded features (x, before normalization), targets (y), the split',
    '#   (train, validation, test indices), the normalization (shift, scale) and feature_names, then exits: no',
    '#   TensorFlow needed.',
    "#   The split is the browser's, bit for bit (the same seeded shuffle of the kept rows): VALIDATION_FRACTION of the",
    '#   train part is held out for validation with SPLIT_SEED, then at most MAX_TRAIN_SAMPLES examples are trained on;',
    '#   NORMALIZATION is computed from those train examples only.',
  ];
}

/** Imports for a table script: TensorFlow comes later, after the --features-out exit. */
export const PYTHON_TABLE_IMPORTS = [...PYTHON_STDLIB_IMPORTS, 'import decimal', 'import re', '', 'import numpy as np', ''];

/** Where the table script imports TensorFlow: after --features-out has had its chance to exit without it. */
export const PYTHON_TABLE_TF_IMPORT = String.raw`if __name__ == "__main__":
    _early = parse_args()
    if _early.features_out:
        # The features only: no TensorFlow needed, so it is imported below this exit.
        write_features(_early)
        sys.exit(0)

import tensorflow as tf  # noqa: E402 (after the --features-out exit above)

layers = tf.keras.layers


`.split('\n');

/**
 * The table pipeline: reading the raw file and encoding it exactly as the browser does. Each Python function
 * mirrors one in src/data/table (cells.ts, codec.ts, apply.ts), named in its docstring, down to JavaScript's
 * trimming, number grammar, String(number) and Date arithmetic, so that a level, a fill and a dropped row are the same.
 */
export const PYTHON_TABLE = String.raw`# ---------------------------------------------------------------------------------------------------------------
# The table: the person's raw file through the browser's fitted recipe (src/data/table in Tensorscope)
# ---------------------------------------------------------------------------------------------------------------
# JavaScript's String.prototype.trim() whitespace (Python's str.strip() differs at the edges, e.g. U+FEFF).
JS_WS = "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS = "[" + re.escape(JS_WS) + "]"
FLOAT32_MAX = 3.4028234663852886e38
DAY_MS = 86400000
MISSING, VALUE, BAD = 0, 1, 2
# The patterns of cells.ts, ASCII only as JavaScript's \d and [a-z] are.
NUMBER_RE = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
NUMBER_COMMA_RE = re.compile(r"[+-]?([0-9]+,?[0-9]*|,[0-9]+)([eE][+-]?[0-9]+)?")
ISO_RE = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?"
                    + _WS + r"*(Z|[+-][0-9]{2}:?[0-9]{2})?)?", re.IGNORECASE | re.ASCII)
US_RE = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?:" + _WS + r"+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?(?:"
                   + _WS + r"*([AaPp])\.?[Mm]\.?)?)?", re.ASCII)
DOT_RE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})(?:" + _WS + r"+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?", re.ASCII)
DASH_DMY_RE = re.compile(r"([0-9]{1,2})-([a-z]{3,9})-([0-9]{4}|[0-9]{2})", re.IGNORECASE | re.ASCII)
NAMED_RE = re.compile(r"(?:[a-z]{3,9},?" + _WS + r"+)?([a-z]{3,9})\.?" + _WS + r"+([0-9]{1,2}),?" + _WS + r"+([0-9]{4})", re.IGNORECASE | re.ASCII)
NAMED_DMY_RE = re.compile(r"([0-9]{1,2})" + _WS + r"+([a-z]{3,9})\.?,?" + _WS + r"+([0-9]{4})", re.IGNORECASE | re.ASCII)
MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
          "nov": 11, "dec": 12, "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8,
          "september": 9, "october": 10, "november": 11, "december": 12}


def js_trim(s):
    """cells.ts trimCell: JavaScript's trim(), done only when an end is a space, tab, CR, LF or NBSP."""
    if s == "" or (s[0] not in " \t\n\r\xa0" and s[-1] not in " \t\n\r\xa0"):
        return s
    return s.strip(JS_WS)


MISSING_TOKENS = frozenset(t.strip(JS_WS).lower() for t in TABLE["missingTokens"])


def is_missing_text(s):
    """cells.ts isMissingCell: one of the missing tokens, trimmed and compared case-insensitively."""
    return s.strip(JS_WS).lower() in MISSING_TOKENS


def js_number_string(x):
    """JavaScript's String(x) for a finite number: "4" for 4.0, "0.000001", "1e-7", "1.5e+21" (repr's shortest
    digits, which JavaScript also writes, placed by ECMAScript's Number::toString rules)."""
    if x == int(x) and abs(x) < 1e21:
        return str(int(x))
    _, digits, exp = decimal.Decimal(repr(abs(x))).normalize().as_tuple()
    ds = "".join(map(str, digits))
    k = len(ds)
    n = exp + k  # the decimal point sits after n digits of ds
    sign = "-" if x < 0 else ""
    if k <= n <= 21:
        return sign + ds + "0" * (n - k)
    if 0 < n <= 21:
        return sign + ds[:n] + "." + ds[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + ds
    e = n - 1
    return sign + ds[0] + ("." + ds[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))


def parse_plain_number(s):
    """cells.ts parsePlainNumberCell: a decimal number in the file's decimal mark (no hex, no Infinity), else NaN."""
    t = js_trim(s)
    if NUMBER_RE.fullmatch(t):
        return float(t)
    if TABLE["source"]["decimal"] == "," and NUMBER_COMMA_RE.fullmatch(t):
        return float(t.replace(",", ".", 1))
    return math.nan


def parse_number(s):
    """cells.ts parseNumberCell: a plain number, else a formatted one ("$1,234.50", "12.5%"), else NaN."""
    n = parse_plain_number(s)
    return formatted_number(s, TABLE["source"]["decimal"] == ",") if math.isnan(n) else n


FMT_CURRENCY = set("$\u20ac\u00a3\u00a5\u20b9\u20a9\u20bd\u00a2\u20ba\u20aa\u20ab\u0e3f")
FMT_SIGNS = ("+", "-", "\u2212")
FMT_PLAIN = re.compile(r"[0-9]+(\.[0-9]+)?|\.[0-9]+")
FMT_GROUPED_POINT = re.compile(r"[0-9]{1,3}([,'\u00a0\u202f ])[0-9]{3}(\1[0-9]{3})*(\.[0-9]+)?")
FMT_PLAIN_COMMA = re.compile(r"[0-9]+,[0-9]+|,[0-9]+")
FMT_GROUPED_COMMA = re.compile(r"[0-9]{1,3}([.\u00a0\u202f ])[0-9]{3}(\1[0-9]{3})*(,[0-9]+)?")


def formatted_number(cell, decimal_comma):
    """formattedNumber.ts: a number as a spreadsheet displays it, read as its stored value ("$1,234.50" 1234.5,
    "12.5%" 0.125, "(1,200.00)" -1200, in ';' files "1.234,50 EUR-sign" 1234.5); it needs a mark, else NaN."""
    t = cell.strip(JS_WS)
    if len(t) < 2 or len(t) > 40:
        return math.nan
    marked = negative = percent = sign = currency = False
    if t[0] == "(" and t[-1] == ")":
        t = t[1:-1].strip(JS_WS)
        negative = marked = True
    for _ in range(2):
        if t and t[0] in FMT_SIGNS and not sign:
            sign = True
            if t[0] != "+":
                negative = not negative
            if t[0] == "\u2212":
                marked = True
            t = t[1:].strip(JS_WS)
        elif t and t[0] in FMT_CURRENCY and not currency:
            currency = True
            t = t[1:].strip(JS_WS)
            marked = True
    if t.endswith("%"):
        t = t[:-1].strip(JS_WS)
        percent = marked = True
    elif t and t[-1] in FMT_CURRENCY:
        t = t[:-1].strip(JS_WS)
        marked = True
    digits = None
    if FMT_PLAIN.fullmatch(t):
        digits = t
    elif not decimal_comma and FMT_GROUPED_POINT.fullmatch(t):
        digits = re.sub(r"[,'\u00a0\u202f ]", "", t)
        marked = True
    elif decimal_comma and FMT_PLAIN_COMMA.fullmatch(t):
        digits = t.replace(",", ".", 1)
    elif decimal_comma and FMT_GROUPED_COMMA.fullmatch(t):
        digits = re.sub(r"[.\u00a0\u202f ]", "", t).replace(",", ".", 1)
        marked = True
    if digits is None or not marked:
        return math.nan
    x = float(digits)
    if percent:
        x /= 100
    if not math.isfinite(x):
        return math.nan
    return -x if negative else x


def days_from_civil(y, m, d):
    """Days since 1970-01-01 of a proleptic Gregorian date (any year, as JavaScript's Date)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z):
    """(year, month, day) of a day number: the inverse of days_from_civil."""
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (m <= 2), m, d


def days_in_month(y, m):
    return days_from_civil(y + (m == 12), m % 12 + 1, 1) - days_from_civil(y, m, 1)


def utc_ms(y, mo, d, h=0, mi=0, s=0, ms=0):
    """cells.ts utc: epoch milliseconds, NaN for an impossible date or time (Feb 30 stays NaN, not March 2)."""
    if mo < 1 or mo > 12 or d < 1 or not (h <= 23) or mi > 59 or s > 59 or d > days_in_month(y, mo):
        return math.nan
    return float(days_from_civil(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + s) * 1000 + ms)


def full_year(y):
    """cells.ts fullYear: a two-digit year as Excel reads one (00-29 are 2000-2029, 30-99 are 1930-1999)."""
    return (2000 + int(y) if int(y) < 30 else 1900 + int(y)) if len(y) == 2 else int(y)


def hour24(h, ampm):
    """cells.ts hour24: a 12-hour clock hour (1-12 with AM/PM) on the 24-hour clock; NaN when it is not 1-12."""
    if not ampm:
        return h
    if h < 1 or h > 12:
        return math.nan
    return h % 12 + (12 if ampm.lower() == "p" else 0)


def parse_date(s, day_first=False):
    """cells.ts parseDateCell: epoch milliseconds (UTC) of a date cell, else NaN. A plain number is never a date.
    day_first: 31/12/2020 rather than 12/31/2020 (the file's dates said so: the fitted source's dayFirst)."""
    t = js_trim(s)
    if len(t.encode("utf-16-le")) // 2 < 6 or len(t.encode("utf-16-le")) // 2 > 40:
        return math.nan
    m = ISO_RE.fullmatch(t)
    if m:
        ms = math.floor(float("0." + m[7]) * 1000) if m[7] else 0
        base = utc_ms(int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0), int(m[6] or 0), ms)
        z = m[8]
        if not z or z.upper() == "Z":
            return base
        digits = z.replace(":", "", 1)
        off = (int(digits[1:3]) * 60 + int(digits[3:5] or 0)) * (-1 if digits[0] == "-" else 1)
        return base - off * 60000
    m = US_RE.fullmatch(t)
    if m:
        month, day = (int(m[3]), int(m[1])) if day_first else (int(m[1]), int(m[3]))
        return utc_ms(full_year(m[4]), month, day, hour24(int(m[5]), m[8]) if m[5] else 0, int(m[6] or 0), int(m[7] or 0))
    m = DOT_RE.fullmatch(t)
    if m:
        return utc_ms(int(m[3]), int(m[2]), int(m[1]), int(m[4] or 0), int(m[5] or 0), int(m[6] or 0))
    m = DASH_DMY_RE.fullmatch(t)
    if m:
        mo = MONTHS.get(m[2].lower())
        return utc_ms(full_year(m[3]), mo, int(m[1])) if mo else math.nan
    m = NAMED_RE.fullmatch(t)
    if m:
        mo = MONTHS.get(m[1].lower())
        return utc_ms(int(m[3]), mo, int(m[2])) if mo else math.nan
    m = NAMED_DMY_RE.fullmatch(t)
    if m:
        mo = MONTHS.get(m[2].lower())
        return utc_ms(int(m[3]), mo, int(m[1])) if mo else math.nan
    return math.nan


def date_part(ms, part):
    """cells.ts datePart in UTC: year, month 1-12, dayOfYear 1-366, weekday 0 (Monday)..6, hour."""
    t = int(ms)  # new Date(ms) drops the fraction toward zero
    days = t // DAY_MS
    y, m, d = civil_from_days(days)
    if part == "year":
        return y
    if part == "month":
        return m
    if part == "dayOfYear":
        return days - days_from_civil(y, 1, 1) + 1
    if part == "weekday":
        return (days + 3) % 7  # 1970-01-01 was a Thursday (3)
    return (t - days * DAY_MS) // 3600000


def cyclic_angle(part, v):
    """cells.ts cyclicAngle: None for the year, which never wraps."""
    if part == "year":
        return None
    if part == "month":
        return (2 * math.pi * (v - 1)) / 12
    if part == "dayOfYear":
        return (2 * math.pi * (v - 1)) / 366
    if part == "weekday":
        return (2 * math.pi * v) / 7
    return (2 * math.pi * v) / 24


READ_KINDS = {"numeric": "number", "integer-categorical": "integer-category", "boolean": "boolean", "datetime": "date"}


def read_cell(kind, v):
    """codec.ts readCell: (state, num, key, bool) of a raw value (text from a CSV; text, number, true/false or
    None from JSON records)."""
    if v is None:
        return MISSING, math.nan, "", -1
    if isinstance(v, bool):
        return (BAD if kind == "date" else VALUE), float(v), ("true" if v else "false"), int(v)
    if isinstance(v, (int, float)):
        v = float(v)
        if math.isnan(v):
            return MISSING, math.nan, "", -1
        if kind == "date" or (kind == "number" and not abs(v) <= FLOAT32_MAX):
            return BAD, math.nan, "", -1
        return VALUE, v, js_number_string(v), -1
    if not isinstance(v, str):
        v = json.dumps(v)
    if is_missing_text(v):
        return MISSING, math.nan, "", -1
    if kind == "number":
        n = parse_number(v)
        return (VALUE if abs(n) <= FLOAT32_MAX else BAD), n, "", -1
    if kind == "date":
        ms = parse_date(v, TABLE["source"].get("dayFirst", False))
        return (BAD if math.isnan(ms) else VALUE), ms, "", -1
    n = parse_plain_number(v)  # integer categories compare as numbers ("4.0" is level "4"); booleans ignore case
    key = js_number_string(n) if not math.isnan(n) else (js_trim(v).lower() if kind == "boolean" else js_trim(v))
    return VALUE, math.nan, key, -1


class Codec:
    """codec.ts makeCodec + encodeCell: one fitted column's read kind, width and level index."""

    def __init__(self, fc, column_type):
        self.fc = fc
        self.kind = READ_KINDS.get(column_type, "category")
        if fc["kind"] == "onehot":
            self.levels = {level: k for k, level in enumerate(fc["levels"])}
            width = len(fc["levels"]) + (1 if fc["other"] else 0)
        elif fc["kind"] == "date":
            width = sum(2 if (fc["cyclic"] and p != "year") else 1 for p in fc["parts"])
        else:
            width = 1
        self.width = width + (1 if fc["indicator"] else 0)

    def encode(self, v, out):
        """Appends the cell's features to out; returns "ok", "filled" or "rejected" (nothing appended)."""
        fc, kind = self.fc, self.kind
        state, num, key, bool_ = read_cell(kind, v)
        if state == BAD and kind != "date":
            return "rejected"
        absent = state == MISSING or (kind == "date" and state == BAD)
        if absent and fc["fill"] is None:
            return "rejected"
        if fc["kind"] == "numeric":
            out.append(fc["fill"] if absent else num)
        elif fc["kind"] == "boolean":
            out.append(fc["fill"] if absent else (bool_ if bool_ >= 0 else (1 if key == fc["trueValue"] else 0)))
        elif fc["kind"] == "onehot":
            values = [0.0] * (len(fc["levels"]) + (1 if fc["other"] else 0))
            i = self.levels.get(fc["fill"] if absent else key)
            if i is None and fc["other"]:
                i = len(fc["levels"])
            if i is not None:
                values[i] = 1.0
            out.extend(values)
        else:
            ms = fc["fill"] if absent else num
            for p in fc["parts"]:
                value = date_part(ms, p)
                a = cyclic_angle(p, value) if fc["cyclic"] else None
                out.extend([value] if a is None else [math.sin(a), math.cos(a)])
        if fc["indicator"]:
            out.append(1.0 if absent else 0.0)
        return "filled" if absent else "ok"


COLUMN_TYPES = {c["name"]: c["type"] for c in TABLE["recipe"]["columns"]}
CODECS = [Codec(fc, COLUMN_TYPES.get(fc["name"], "numeric")) for fc in TABLE["columns"]]
CLASS_INDEX = {name: k for k, name in enumerate(TABLE["label"]["classNames"])}


CSV_NUMBER_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
CSV_NUMBER_COMMA_RE = re.compile(r"[+-]?([0-9]+(,[0-9]*)?|,[0-9]+)([eE][+-]?[0-9]+)?")
GROUPED_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+")
# The browser's CSV parser reads "3,14" and "1.234,5" as numbers in ';'-separated files only.
DECIMAL_COMMA_FILE = TABLE["source"]["delimiter"] == ";"


def finite_or_nan(text):
    x = float(text)
    return x if math.isfinite(x) else math.nan


def parser_number(v):
    """csv.ts parseCell / jsonTable.ts readValue: the number the browser's parser stores for a cell (NaN: none), and
    whether the cell is text (neither a number nor empty). JSON true/false and non-finite numbers are text."""
    if v is None:
        return math.nan, False
    if isinstance(v, bool):
        return math.nan, True
    if isinstance(v, (int, float)):
        return (float(v), False) if math.isfinite(v) else (math.nan, True)
    t = v.strip(" \t\r")
    if t == "":
        return math.nan, False
    x = finite_or_nan(t) if CSV_NUMBER_RE.fullmatch(t) else math.nan
    if math.isnan(x) and DECIMAL_COMMA_FILE and "," in t:
        if CSV_NUMBER_COMMA_RE.fullmatch(t):
            x = finite_or_nan(t.replace(",", ".", 1))
        elif GROUPED_DECIMAL_COMMA.fullmatch(t):
            x = finite_or_nan(t.replace(".", "").replace(",", ".", 1))
    if math.isnan(x):
        x = formatted_number(t, DECIMAL_COMMA_FILE)
    return x, math.isnan(x)


def cell_getter(values, kind):
    """apply.ts cellGetter: the parser's number where the column is read as numbers, else the raw text (a JSON
    value's text as JavaScript's String() writes it; null is ""). A column without text is numbers only."""
    parsed = [parser_number(v) for v in values]
    numbers = [n for n, _ in parsed]
    if not any(is_text for _, is_text in parsed):
        return numbers
    texts = [js_value_string(v) for v in values]
    if kind in ("number", "integer-category", "boolean"):
        return [t if math.isnan(n) else n for t, n in zip(texts, numbers)]
    return texts


def js_value_string(v):
    """A cell's text: a JSON scalar as JavaScript's String() writes it, null as the empty cell."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        v = float(v)
        return js_number_string(v) if math.isfinite(v) else ("NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity"))
    return v if isinstance(v, str) else json.dumps(v)


# textDecode.ts: how the browser decoded the file when it was not UTF-8 (Excel's "Unicode Text", Windows "CSV").
FILE_ENCODINGS = {"utf-16le": "utf-16-le", "utf-16be": "utf-16-be", "windows-1252": "cp1252"}


def js_key_order(keys):
    """JavaScript's own-key order: array-index keys ("0", "7", not "07") ascending, then the rest as written."""
    index = [k for k in keys if re.fullmatch(r"0|[1-9][0-9]{0,9}", k) and int(k) < 4294967295]
    rest = [k for k in keys if k not in set(index)]
    return sorted(index, key=int) + rest


def js_json(v):
    """JavaScript's JSON.stringify of a parsed JSON value: compact, numbers as JavaScript writes them, keys in
    JavaScript's order."""
    if v is None or isinstance(v, bool):
        return "null" if v is None else ("true" if v else "false")
    if isinstance(v, (int, float)):
        return js_number_string(float(v)) if math.isfinite(float(v)) else "null"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ",".join(js_json(x) for x in v) + "]"
    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + js_json(v[k]) for k in js_key_order(list(v))) + "}"


def flat_record(rec):
    """jsonTable.ts flatRecord: a nested object's fields become columns "user.age"; a list is one cell of JSON text."""
    if not any(isinstance(v, (dict, list)) for v in rec.values()):
        return rec
    out = {}

    def put(r, prefix):
        for k in js_key_order(list(r)):
            v = r[k]
            if isinstance(v, dict) and v:
                put(v, prefix + k + ".")
            else:
                out[prefix + k] = js_json(v) if isinstance(v, (dict, list)) else v
    put(rec, "")
    return out


def json_records(text):
    """jsonTable.ts: JSON Lines, an array of records, or one of pandas' to_json layouts, as a list of records."""
    text = text.lstrip("\ufeff")
    lines = [t for t in (line.strip(JS_WS) for line in text.split("\n")) if t]
    if len(lines) >= 2 and all(t.startswith("{") and t.endswith("}") for t in lines[:2]):
        return table_of([json.loads(t) for t in lines])
    return table_of(json.loads(text))


def table_of(data):
    """jsonTable.ts tableOf: 'split', 'values' with a header row, 'columns', 'index', a dict of lists, one key
    holding the records; anything else as it is."""
    def from_rows(header, rows):
        return [{h: (row[j] if j < len(row) else None) for j, h in enumerate(header)} for row in rows]
    if isinstance(data, list):
        head, rows = (data[0], data[1:]) if data else (None, [])
        if isinstance(head, list) and head and all(isinstance(h, str) for h in head) and rows and all(isinstance(r, list) for r in rows):
            return from_rows(head, rows)
        return data
    if not isinstance(data, dict):
        return data
    if isinstance(data.get("columns"), list) and isinstance(data.get("data"), list) and all(isinstance(r, list) for r in data["data"]):
        return from_rows([js_value_string(c) for c in data["columns"]], data["data"])
    keys = js_key_order(list(data))
    values = [data[k] for k in keys]
    record_lists = [v for v in values if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)]
    if len(record_lists) == 1:
        return record_lists[0]
    is_index = lambda k: re.fullmatch(r"-?[0-9]+", k) is not None
    if keys and all(isinstance(v, dict) for v in values):
        if all(is_index(k) for k in keys) and not all(is_index(k) for k in values[0]):
            return values
        row_keys = list(dict.fromkeys(r for v in values for r in js_key_order(list(v))))
        return [{k: data[k].get(r) for k in keys} for r in row_keys]
    if keys and all(isinstance(v, list) for v in values) and len({len(v) for v in values}) == 1:
        return [{k: data[k][r] for k in keys} for r in range(len(values[0]))]
    return data


def xlsx_value(v):
    """xlsx.ts: a cell as the browser reads it: a date as ISO text (the date alone at midnight), whole seconds; an
    error (#N/A) or an empty text as no value."""
    import datetime as dt
    if isinstance(v, dt.time):
        v = dt.datetime.combine(dt.date(1899, 12, 30), v)
    if isinstance(v, dt.datetime):
        v = (v + dt.timedelta(microseconds=500000)).replace(microsecond=0) if v.microsecond else v
        return v.strftime("%Y-%m-%d") if v.time() == dt.time(0) else v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, str) and (v == "" or v in ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!")):
        return None
    return v


def read_xlsx(path):
    """xlsx.ts parseXlsx: the sheet the browser read (the first visible one unless named), its first non-empty row the header (an unnamed column is called
    by its letter, a repeated name gets ".1"), empty rows skipped. Returns (column names, rows)."""
    try:
        import openpyxl
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise SystemExit("Reading an Excel workbook needs openpyxl: pip install openpyxl")
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    wanted = TABLE["source"].get("sheet")
    sheet = next((ws for ws in visible if ws.title == wanted), None) if wanted else visible[0]
    if sheet is None:
        raise SystemExit(f"{path}: has no visible sheet named {wanted!r}")
    header, rows = None, []
    for row in sheet.iter_rows():
        cells = {}
        for cell in row:
            v = xlsx_value(getattr(cell, "value", None))
            if v is not None:
                cells[cell.column - 1] = v
        if not cells:
            continue
        if header is None:
            header = cells
        else:
            rows.append(cells)
    if header is None or not rows:
        raise SystemExit(f"{path}: the first sheet has no header row with data below it")
    cols = sorted(set(header) | {c for r in rows for c in r})
    names, seen = [], {}
    for c in cols:
        h = js_value_string(header.get(c)).strip(JS_WS)
        base = h if h else f"Column {get_column_letter(c + 1)}"
        k = seen.get(base, 0)
        seen[base] = k + 1
        names.append(f"{base}.{k}" if k else base)
    return names, [[r.get(c) for c in cols] for r in rows]


def arff_values(line):
    """arff.ts arffValues: commas outside quotes separate; ' and " quote, with backslash escapes; "?" is a gap."""
    out, p, n = [], 0, len(line)
    while True:
        while p < n and line[p] in " \t":
            p += 1
        q = line[p] if p < n else ""
        if q in ("'", '"'):
            v, p = [], p + 1
            while p < n and line[p] != q:
                if line[p] == "\\" and p + 1 < n:
                    p += 1
                    v.append({"n": "\n", "t": "\t", "r": "\r"}.get(line[p], line[p]))
                else:
                    v.append(line[p])
                p += 1
            if p >= n:
                raise ValueError(f"a value opened with {q} is never closed")
            p += 1
            while p < n and line[p] in " \t":
                p += 1
            if p < n and line[p] != ",":
                raise ValueError(f"text after the closing {q}")
            out.append("".join(v))
        else:
            e = line.find(",", p)
            e = n if e < 0 else e
            v = line[p:e].strip(JS_WS)
            out.append("" if v == "?" else v)
            p = e
        if p >= n:
            return out
        p += 1


def read_arff(path, encoding):
    """arff.ts parseArff: the @attribute names, then one list of values per @data row (as text)."""
    import re
    with open(path, encoding=encoding, newline="") as f:
        lines = re.split(r"\r\n|\n|\r", f.read())
    names, rows, in_data = [], [], False
    for i, raw in enumerate(lines):
        line = raw.strip(JS_WS)
        if not line or line.startswith("%"):
            continue
        if in_data:
            try:
                values = arff_values(line)
            except ValueError as e:
                raise SystemExit(f"{path} line {i + 1}: {e}")
            if len(values) != len(names):
                raise SystemExit(f"{path} line {i + 1}: has {len(values)} values, the @attribute lines declare {len(names)}")
            rows.append(values)
        elif re.match(r"@attribute\s", line, re.I):
            rest = re.sub(r"^@attribute\s+", "", line, flags=re.I)
            if rest[:1] in ("'", '"'):
                names.append(rest[1:rest.index(rest[0], 1)])
            else:
                names.append(re.split(r"[\s{]", rest, maxsplit=1)[0])
        elif re.match(r"@data\b", line, re.I):
            in_data = True
    return names, rows


def iso_ms(ms):
    """JavaScript's Date.toISOString of epoch milliseconds (2020-01-31T10:00:00.000Z), as parquet.ts writes times."""
    y, mo, d = civil_from_days(ms // DAY_MS)
    rem = ms % DAY_MS
    return f"{y:04d}-{mo:02d}-{d:02d}T{rem // 3600000:02d}:{rem // 60000 % 60:02d}:{rem // 1000 % 60:02d}.{rem % 1000:03d}Z"


def parquet_value(v):
    """parquet.ts plain: a decimal as a number, bytes as UTF-8 text, a nested value as its JSON text."""
    import decimal
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).decode("utf-8", errors="replace")
    if isinstance(v, (list, dict, tuple)):
        return json.dumps(v, separators=(",", ":"), ensure_ascii=False, default=str)
    return v


def read_parquet(path):
    """parquet.ts parseParquet with pyarrow: each value as a JSON record would hold it (times as ISO text in UTC with
    milliseconds, dates as YYYY-MM-DD, nested values as JSON text). Returns (column names, columns of values)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise SystemExit("Reading a Parquet file needs pyarrow: pip install pyarrow")
    table = pq.read_table(path)
    names, columns = [], []
    for field, col in zip(table.schema, table.columns):
        t = field.type
        if pa.types.is_dictionary(t):
            col, t = col.cast(t.value_type), t.value_type
        if pa.types.is_timestamp(t) or pa.types.is_date64(t):
            unit = "ms" if pa.types.is_date64(t) else t.unit
            per = {"s": None, "ms": 1, "us": 1000, "ns": 1000000}[unit]
            raw = col.cast(pa.int64()).to_pylist()
            values = [None if v is None else iso_ms(v * 1000 if per is None else v // per) for v in raw]
            if pa.types.is_date64(t):
                values = [None if v is None else v[:10] for v in values]
        elif pa.types.is_date32(t):
            values = [None if v is None else iso_ms(v * DAY_MS)[:10] for v in col.cast(pa.int32()).to_pylist()]
        else:
            values = [parquet_value(v) for v in col.to_pylist()]
        names.append(field.name)
        columns.append(values)
    return names, columns


def read_raw_table(path):
    """Every cell of the file, as the browser's parser has it: text for a CSV (pandas, no NA handling: the missing
    tokens are the browser's), the JSON values of an array of records. Returns {column name: cells}."""
    try:
        import pandas as pd
    except ImportError:
        raise SystemExit("Reading the table needs pandas: pip install pandas")
    source = TABLE["source"]
    encoding = FILE_ENCODINGS.get(source.get("encoding"), "utf-8-sig")
    if source["delimiter"] == "xlsx":
        names, rows = read_xlsx(path)
        frame = pd.DataFrame({n: pd.Series([r[j] for r in rows], dtype=object) for j, n in enumerate(names)})
    elif source["delimiter"] == "parquet":
        names, columns = read_parquet(path)
        frame = pd.DataFrame({n: pd.Series(c, dtype=object) for n, c in zip(names, columns)})
    elif source["delimiter"] == "arff":
        names, rows = read_arff(path, encoding)
        frame = pd.DataFrame({n: pd.Series([r[j] for r in rows], dtype=object) for j, n in enumerate(names)})
    elif source["delimiter"] == "json":
        with open(path, encoding=encoding) as f:
            records = json_records(f.read())
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise SystemExit(f"{path}: expected a JSON array of records (objects)")
        records = [flat_record(r) for r in records]
        names = list(dict.fromkeys(k for r in records for k in r))
        frame = pd.DataFrame({n: pd.Series([r.get(n) for r in records], dtype=object) for n in names})
    else:
        # " ": columns separated by runs of spaces and tabs (csvLayout.ts); no header: the browser's "Column 1", ...
        has_header = source.get("header", True)
        frame = pd.read_csv(path, sep=r"\s+" if source["delimiter"] == " " else source["delimiter"], dtype=str,
                            keep_default_na=False, na_filter=False, skip_blank_lines=True, encoding=encoding,
                            quotechar='"', doublequote=True, header=0 if has_header else None,
                            skiprows=source.get("skipLines", 0))
        frame.columns = [str(c).strip(JS_WS) for c in frame.columns] if has_header else [f"Column {j + 1}" for j in range(frame.shape[1])]
        if source.get("rowNames"):
            # R's write.table: pandas made the unnamed first column the index; the browser calls it "Unnamed: 0".
            frame = frame.reset_index()
            frame.columns = ["Unnamed: 0", *frame.columns[1:]]
        # Unquoted fields lose their surrounding spaces and tabs in the browser's parser.
        frame = frame.apply(lambda col: col.str.strip(" \t\r"))
    return {str(n): frame[n].tolist() for n in frame.columns}


def encode_table(path, role):
    """apply.ts applyRecipe with the fitted values: drops rows without a label, then rows missing a value in a
    'drop' column (counted for the first such column), and encodes the kept rows. Returns float32 features, targets
    and the counts."""
    cells = read_raw_table(path)
    features = [c for c in TABLE["recipe"]["columns"] if c["role"] == "feature"]
    label_name = TABLE["label"]["name"]
    absent = [n for n in dict.fromkeys([label_name] + [c["name"] for c in features]) if n not in cells]
    if absent:
        raise SystemExit(f"{path}: no column {', '.join(repr(n) for n in absent)} (it has {list(cells)})")
    kinds = [READ_KINDS.get(c["type"], "category") for c in features]
    columns = [cell_getter(cells[c["name"]], k) for c, k in zip(features, kinds)]
    label = cell_getter(cells[label_name], "integer-category")
    codecs = {fc["name"]: codec for fc, codec in zip(TABLE["columns"], CODECS)}
    order = [codecs[c["name"]] for c in features]
    rows = len(label)
    dropped_label, dropped_by, unknown = 0, {}, {}
    x, y = [], []
    for r in range(rows):
        if read_cell("category", label[r])[0] != VALUE:
            dropped_label += 1
            continue
        gap = None
        for c, kind, col in zip(features, kinds, columns):
            if c["missing"] == "drop":
                state = read_cell(kind, col[r])[0]
                if state == MISSING or (kind == "date" and state == BAD):
                    gap = c["name"]
                    break
        if gap is not None:
            dropped_by[gap] = dropped_by.get(gap, 0) + 1
            continue
        if TASK == "classification":
            key = read_cell("integer-category", label[r])[2]
            target = CLASS_INDEX.get(key)
            if target is None:  # a class the browser never saw: the model has no output for it
                unknown[key] = unknown.get(key, 0) + 1
                continue
        else:
            state, target, _, _ = read_cell("number", label[r])
            if state != VALUE:
                raise SystemExit(f"{path}, row {r + 1}: the label {label[r]!r} is not a number; regression needs one in every row")
        out = []
        for c, codec, col in zip(features, order, columns):
            if codec.encode(col[r], out) == "rejected":
                raise SystemExit(f"{path}, row {r + 1}, column {c['name']!r}: {col[r]!r} is text in a numeric column (the browser refuses it too)")
        x.append(out)
        y.append(target)
    width = len(TABLE["featureNames"])
    x = np.asarray(x, dtype=np.float64).reshape(len(x), width).astype(np.float32)
    y = as_targets(np.asarray(y, dtype=np.float64))
    drops = "".join(f", {n} missing {name!r}" for name, n in dropped_by.items())
    print(f"{role} {path}: {rows} rows, {len(x)} kept (dropped {dropped_label} without a label{drops})")
    if unknown:
        print(f"  also dropped {sum(unknown.values())} rows whose class the browser never saw: {sorted(unknown)[:5]}")
    return x, y


def load_table(path, test_path):
    """All kept rows and where the own test set starts (None: the split holds one out), as the browser has them."""
    x, y = encode_table(path, "Table")
    if TABLE_TEST_FILE is not None and not test_path:
        print(f"Note: the browser tested on a separate file ({TABLE_TEST_FILE}); without --test the split differs from its.")
    if not test_path:
        return x, y, None
    x_test, y_test = encode_table(test_path, "Test table")
    return np.concatenate([x, x_test]), np.concatenate([y, y_test]), len(x)


def write_features(args):
    """--features-out: the encoded table, its split and normalization in an .npz; no TensorFlow needed."""
    if not args.data or args.data.lower().endswith(".npz"):
        raise SystemExit("--features-out needs --data with your raw table (CSV or JSON records)")
    x, y, test_from = load_table(args.data, args.test)
    train, val, test = split_indices(len(x), test_from)
    shift, scale = normalization_params(x[train])
    path = args.features_out if args.features_out.endswith(".npz") else args.features_out + ".npz"
    width = (x.shape[1],)
    np.savez(path, x=x, y=y, train=train, validation=val, test=test,
             shift=np.broadcast_to(np.asarray(shift, np.float32), width), scale=np.broadcast_to(np.asarray(scale, np.float32), width),
             feature_names=np.array(TABLE["featureNames"], dtype=str).reshape(-1))
    print(f"Examples: {len(train)} train, {len(val)} validation, {len(test)} test")
    print(f"Wrote {x.shape[0]} rows x {x.shape[1]} features to {path}")

`.split('\n');
