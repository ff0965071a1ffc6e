import { UserError } from '../inputs/user-error.js';
import { MAX_FAST_DIGITS, POW10 } from './cell-parsing.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const MINUS = 45;
const DOT = 46;
const NO_NUMERIC_FIELDS = new Uint8Array(0);

/** Field kinds in a parsed row: plain, quoted, or quoted with doubled quotes to unescape. */
export const FIELD_PLAIN = 0;
export const FIELD_QUOTED = 1;
export const FIELD_ESCAPED = 2;

/**
 * One parsed CSV record, valid only during the callback: fields are byte ranges into `buf`
 * (quotes already stripped), so numeric cells can be parsed without building strings.
 */
export class CsvRow {
  buf: Buffer = Buffer.alloc(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  kinds = new Uint8Array(64);
  /**
   * Numbers parsed during the scan, for the fields the parser was told are numeric and whose
   * bytes are a plain decimal (`-?digits[.digits]`, at most 15 digits); NaN for every other field
   * (parse those from the bytes: NaN here never means a missing cell).
   */
  numbers = new Float64Array(64);
  count = 0;
  /** 1-based line on which the record starts. */
  line = 0;

  text(i: number): string {
    const s = this.buf.toString('utf8', this.starts[i], this.ends[i]);
    return this.kinds[i] === FIELD_ESCAPED ? s.replaceAll('""', '"') : s;
  }

  push(start: number, end: number, kind: number, number = NaN): void {
    if (this.count === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.kinds = grow(this.kinds);
      this.numbers = grow(this.numbers);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.kinds[this.count] = kind;
    this.numbers[this.count] = number;
    this.count++;
  }
}

/**
 * A streaming RFC 4180 parser working on bytes: quoted fields with doubled quotes and embedded
 * newlines, CRLF / LF / CR line ends, a UTF-8 BOM, blank lines skipped. Feed chunks with `push`
 * and call `end`; each complete record (the header first) goes to `onRow`. A record cut by a chunk
 * boundary is carried over and parsed again with the next chunk.
 */
export class CsvParser {
  private carry: Buffer | undefined;
  /** Where a carried-over record and the next chunk are joined (reused, grown when needed). */
  private joined = Buffer.alloc(0);
  private line = 1;
  private first = true;
  private readonly row = new CsvRow();

  constructor(
    private readonly where: string,
    private readonly onRow: (row: CsvRow) => void,
    private readonly delimiter = 44,
    private readonly input?: string,
    /**
     * Which fields (by position; 1: numeric) to parse as numbers while scanning them, asked once
     * per chunk: the reader knows only after inferring the columns' types.
     */
    private readonly numericFields: () => Uint8Array | undefined = () => undefined,
  ) {}

  push(chunk: Buffer): void {
    if (!this.carry) return this.parse(chunk, false);
    const length = this.carry.length + chunk.length;
    if (this.joined.length < length)
      this.joined = Buffer.allocUnsafe(Math.max(length, 2 * this.joined.length));
    this.carry.copy(this.joined, 0);
    chunk.copy(this.joined, this.carry.length);
    this.parse(this.joined.subarray(0, length), false);
  }

  end(): void {
    if (this.carry) this.parse(this.carry, true);
    this.carry = undefined;
  }

  private fail(line: number, message: string): never {
    throw new UserError(`${this.where}: line ${line}: ${message}`, this.input);
  }

  private parse(data: Buffer, final: boolean): void {
    const n = data.length;
    const delimiter = this.delimiter;
    const row = this.row;
    const numeric = this.numericFields() ?? NO_NUMERIC_FIELDS;
    row.buf = data;
    let pos = 0;
    if (this.first) {
      if (n < 3 && !final) {
        this.carry = Buffer.from(data);
        return;
      }
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) pos = 3;
      this.first = false;
    }
    rows: while (pos < n) {
      let newlines = 0;
      let p = pos;
      row.count = 0;
      for (;;) {
        if (p < n && data[p] === QUOTE) {
          let q = p + 1;
          let kind = FIELD_QUOTED;
          let close: number;
          for (;;) {
            close = data.indexOf(QUOTE, q);
            if (close === -1 || (close + 1 === n && !final)) {
              if (!final) break rows;
              this.fail(
                this.line,
                'a quoted field in the record starting here is never closed (missing ").',
              );
            }
            if (close + 1 < n && data[close + 1] === QUOTE) {
              kind = FIELD_ESCAPED;
              q = close + 2;
              continue;
            }
            break;
          }
          for (let i = p + 1; i < close; i++) if (data[i] === LF) newlines++;
          row.push(p + 1, close, kind);
          p = close + 1;
          if (p >= n) {
            if (!final) break rows;
            break;
          }
          const c = data[p];
          if (c === delimiter) {
            p++;
            continue;
          }
          if (c === LF || c === CR) break;
          this.fail(
            this.line + newlines,
            `unexpected character '${String.fromCharCode(c)}' after a closing quote (quote the whole field and double any " inside it).`,
          );
        } else if (numeric[row.count] === 1) {
          // A numeric field: its digits are read as it is scanned, no second pass over it.
          let q = p;
          let negative = false;
          if (q < n && data[q] === MINUS) {
            negative = true;
            q++;
          }
          let mantissa = 0;
          let digits = 0;
          let point = -1;
          let plain = true;
          for (; q < n; q++) {
            const c = data[q];
            const d = c - 48;
            if (d >>> 0 <= 9) {
              mantissa = mantissa * 10 + d;
              digits++;
            } else if (c === delimiter || c === LF || c === CR) break;
            else if (c === DOT && point < 0) point = q;
            else plain = false;
          }
          if (q >= n && !final) break rows;
          let value = NaN;
          if (plain && digits > 0 && digits <= MAX_FAST_DIGITS) {
            const scaled = point < 0 ? mantissa : mantissa / POW10[q - point - 1];
            value = negative ? -scaled : scaled;
          }
          row.push(p, q, FIELD_PLAIN, value);
          p = q;
          if (p < n && data[p] === delimiter) {
            p++;
            continue;
          }
          break;
        } else {
          let q = p;
          while (q < n) {
            const c = data[q];
            if (c === delimiter || c === LF || c === CR) break;
            q++;
          }
          if (q >= n && !final) break rows;
          row.push(p, q, FIELD_PLAIN);
          p = q;
          if (p < n && data[p] === delimiter) {
            p++;
            continue;
          }
          break;
        }
      }
      if (p < n && data[p] === CR) {
        // A CR that ends the chunk may be the first half of a CRLF: wait for the next chunk.
        if (p + 1 === n && !final) break;
        p++;
      }
      if (p < n && data[p] === LF) p++;
      row.line = this.line;
      this.line += 1 + newlines;
      pos = p;
      const blank =
        row.count === 1 && row.kinds[0] === FIELD_PLAIN && row.starts[0] === row.ends[0];
      if (blank) continue;
      this.onRow(row);
    }
    // Copied: the stream may reuse the chunk's memory.
    this.carry = pos < n ? Buffer.from(data.subarray(pos)) : undefined;
  }
}
