import { isMissingText } from './cell-parsing.js';

const MAX_BYTES = 64;
const FIRST_TABLE_SIZE = 64;
const MAX_ENTRIES = 4096;

/**
 * Turns the bytes of a categorical cell into its string without decoding the same bytes again
 * and again: a small open-addressing table keyed by the bytes (FNV-1a). Low-cardinality columns,
 * the usual case for categories, then cost one hash per cell and no allocation; once the table is
 * full (a high-cardinality column) cells are simply decoded. Missing markers map to null. The
 * table starts at 64 slots and doubles while it is more than half full (up to 8192), so 20,000
 * narrow columns do not each hold a full-size table.
 */
export class TextInterner {
  private slots = new Int32Array(FIRST_TABLE_SIZE).fill(-1);
  private readonly keys: Uint8Array[] = [];
  private readonly hashes: number[] = [];
  private readonly values: (string | null)[] = [];

  private grow(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    this.hashes.forEach((h, entry) => {
      let slot = h & (size - 1);
      while (slots[slot] !== -1) slot = (slot + 1) & (size - 1);
      slots[slot] = entry;
    });
    this.slots = slots;
  }

  get(buf: Buffer, start: number, end: number): string | null {
    const length = end - start;
    if (length > MAX_BYTES) return decode(buf, start, end);
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h >>>= 0;
    const mask = this.slots.length - 1;
    let slot = h & mask;
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
      slot = (slot + 1) & mask;
    }
    const value = decode(buf, start, end);
    if (this.keys.length < MAX_ENTRIES) {
      this.slots[slot] = this.keys.length;
      this.keys.push(Uint8Array.prototype.slice.call(buf, start, end));
      this.hashes.push(h);
      this.values.push(value);
      if (2 * this.keys.length > this.slots.length) this.grow();
    }
    return value;
  }
}

function decode(buf: Buffer, start: number, end: number): string | null {
  const text = buf.toString('utf8', start, end);
  return text.length <= 12 && isMissingText(text) ? null : text;
}
