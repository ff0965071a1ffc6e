/**
 * Turning cell text into values. Missing cells (empty, NaN, null, ±Infinity, NA, N/A, None) are
 * recognized here and reported as NaN/null, never as a number. Numbers are parsed straight from
 * the file's bytes without allocating a string: Clinger's fast path (at most 15 significant digits
 * and a power of ten up to 1e22, where one IEEE multiplication or division is correctly rounded);
 * longer forms fall back to `Number`, which is also correctly rounded, so both paths agree.
 */

/** Returned by the number parsers when the text is neither a number nor a missing marker. */
export const NOT_A_NUMBER = Number.NEGATIVE_INFINITY;

const MISSING_TOKENS = new Set([
  '',
  'na',
  'n/a',
  '#n/a',
  'nan',
  '-nan',
  '+nan',
  'null',
  'none',
  'inf',
  '+inf',
  '-inf',
  'infinity',
  '+infinity',
  '-infinity',
]);

/** Exact powers of ten (1e22 is the largest double that is one). */
export const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];
/** Clinger's fast path: up to 15 digits times or over an exact power of ten, correctly rounded. */
export const MAX_FAST_DIGITS = 15;

/** True when the (already trimmed or untrimmed) text marks a missing value. */
export function isMissingText(text: string): boolean {
  return MISSING_TOKENS.has(text.trim().toLowerCase());
}

function isBlank(byte: number): boolean {
  return byte === 32 || byte === 9;
}

/**
 * Parses a decimal number from bytes [start, end). Returns NaN for a missing cell (including
 * ±Infinity and overflow) and NOT_A_NUMBER for anything else that is not a number.
 */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number {
  while (start < end && isBlank(buf[start])) start++;
  while (end > start && isBlank(buf[end - 1])) end--;
  if (start === end) return NaN;
  let i = start;
  let negative = false;
  if (buf[i] === 45) {
    negative = true;
    i++;
  } else if (buf[i] === 43) {
    i++;
  }
  // All digits go into the mantissa; more than 15 of them (leading zeros included, rare in
  // practice) take the slow path, where the exact value comes from Number().
  let mantissa = 0;
  const intStart = i;
  for (; i < end; i++) {
    const d = buf[i] - 48;
    if (d >>> 0 > 9) break;
    mantissa = mantissa * 10 + d;
  }
  let digits = i - intStart;
  let exponent = 0;
  if (i < end && buf[i] === 46) {
    const fracStart = ++i;
    for (; i < end; i++) {
      const d = buf[i] - 48;
      if (d >>> 0 > 9) break;
      mantissa = mantissa * 10 + d;
    }
    exponent = fracStart - i;
    digits += i - fracStart;
  }
  const sawDigit = digits > 0;
  const slow = digits > MAX_FAST_DIGITS;
  if (sawDigit && i < end && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let expNegative = false;
    if (i < end && (buf[i] === 45 || buf[i] === 43)) {
      expNegative = buf[i] === 45;
      i++;
    }
    let expValue = 0;
    let expDigits = 0;
    for (; i < end; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      if (expValue < 100000) expValue = expValue * 10 + d;
      expDigits++;
    }
    if (expDigits === 0) return missingOrInvalid(buf, start, end);
    exponent += expNegative ? -expValue : expValue;
  }
  if (!sawDigit || i !== end) return missingOrInvalid(buf, start, end);
  if (mantissa === 0 && !slow) return negative ? -0 : 0;
  if (slow || exponent > 22 || exponent < -22) {
    const value = Number(
      Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'),
    );
    return Number.isFinite(value) ? value : NaN;
  }
  const value = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
  return negative ? -value : value;
}

function missingOrInvalid(buf: Uint8Array, start: number, end: number): number {
  if (end - start > 12) return NOT_A_NUMBER;
  let text = '';
  for (let i = start; i < end; i++) {
    const b = buf[i];
    text += String.fromCharCode(b >= 65 && b <= 90 ? b + 32 : b);
  }
  return MISSING_TOKENS.has(text) ? NaN : NOT_A_NUMBER;
}

const NUMBER_SYNTAX = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The string form of `parseNumberBytes`, with the same results. */
export function parseNumberText(text: string): number {
  const trimmed = text.trim();
  if (!NUMBER_SYNTAX.test(trimmed)) return isMissingText(trimmed) ? NaN : NOT_A_NUMBER;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : NaN;
}

/** 1 for true, 0 for false, NaN for missing, NOT_A_NUMBER otherwise. */
export function parseBooleanText(text: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'true') return 1;
  if (t === 'false') return 0;
  return MISSING_TOKENS.has(t) ? NaN : NOT_A_NUMBER;
}

const DATETIME_SYNTAX =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * ISO 8601 dates and date-times to epoch milliseconds; a time without a zone is read as UTC so
 * results do not depend on the runner's time zone. NaN for missing, NOT_A_NUMBER otherwise.
 */
export function parseDatetimeText(text: string): number {
  const t = text.trim();
  const m = DATETIME_SYNTAX.exec(t);
  if (!m) return MISSING_TOKENS.has(t.toLowerCase()) ? NaN : NOT_A_NUMBER;
  const iso = m[2] === undefined ? `${m[1]}T00:00:00Z` : `${m[1]}T${m[2]}${m[3] ?? 'Z'}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? NOT_A_NUMBER : ms;
}
