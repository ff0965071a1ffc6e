import { isMissingText } from './cell-parsing.js';

const MAX_BYTES = 64;
const TABLE_SIZE = 8192;
const MAX_ENTRIES = 4096;

/**
 * Turns the bytes of a categorical cell into its string without decoding the same bytes again
 * and again: a small open-addressing table keyed by the bytes (FNV-1a). Low-cardinality columns,
 * the usual case for categories, then cost one hash per cell and no allocation; once the table is
 * full (a high-cardinality column) cells are simply decoded. Missing markers map to null.
 */
export class TextInterner {
  private readonly slots = new Int32Array(TABLE_SIZE).fill(-1);
  private readonly keys: Uint8Array[] = [];
  private readonly values: (string | null)[] = [];

  get(buf: Buffer, start: number, end: number): string | null {
    const length = end - start;
    if (length > MAX_BYTES) return decode(buf, start, end);
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    let slot = (h >>> 0) & (TABLE_SIZE - 1);
    for (;;) {
      const entry = this.slots[slot];
      if (entry === -1) break;
      const key = this.keys[entry];
      if (key.length === length) {
        let same = true;
        for (let i = 0; i < length; i++) {
          if (key[i] !== buf[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return this.values[entry];
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    const value = decode(buf, start, end);
    if (this.keys.length < MAX_ENTRIES) {
      this.slots[slot] = this.keys.length;
      this.keys.push(Uint8Array.prototype.slice.call(buf, start, end));
      this.values.push(value);
    }
    return value;
  }
}

function decode(buf: Buffer, start: number, end: number): string | null {
  const text = buf.toString('utf8', start, end);
  return text.length <= 12 && isMissingText(text) ? null : text;
}
