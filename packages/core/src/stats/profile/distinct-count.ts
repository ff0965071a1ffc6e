/** Serialized form of DistinctCount (inside `ml-actions/profile@1`). */
export interface DistinctCountState {
  method: 'hll';
  /** log2 of the number of registers (4 to 16). */
  p: number;
  /** The 2^p registers (each 0 to 33), base64. */
  registers: string;
  /** The estimate when written (informative; recomputed from the registers). */
  estimate: number;
}

export const DISTINCT_COUNT_P = 11;
/** Relative standard error of the estimate: 1.04 / sqrt(2^p) (2.3% for p = 11). */
export function distinctCountError(p: number): number {
  return 1.04 / Math.sqrt(2 ** p);
}

/** 32-bit hash of a string (FNV-1a over UTF-16 code units, then the murmur3 finalizer). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * HyperLogLog distinct count (Flajolet et al. 2007, with linear counting for small counts):
 * 2^p registers holding the largest leading-zero rank seen among the hashes routed to them. It
 * holds no value, only hash statistics; two sketches merge exactly by the register-wise maximum.
 */
export class DistinctCount {
  readonly registers: Uint8Array;

  constructor(readonly p = DISTINCT_COUNT_P) {
    this.registers = new Uint8Array(2 ** p);
  }

  addHash(hash: number): void {
    const index = hash >>> (32 - this.p);
    const rest = (hash << this.p) >>> 0;
    const rank = rest === 0 ? 32 - this.p + 1 : Math.clz32(rest) + 1;
    if (rank > this.registers[index]) this.registers[index] = rank;
  }

  add(text: string): void {
    this.addHash(hashString(text));
  }

  merge(other: DistinctCount): void {
    if (other.p !== this.p) throw new RangeError('distinct-count sketches of different sizes');
    for (let i = 0; i < this.registers.length; i++) {
      if (other.registers[i] > this.registers[i]) this.registers[i] = other.registers[i];
    }
  }

  estimate(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (const r of this.registers) {
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    if (raw <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
    return raw;
  }

  toJSON(): DistinctCountState {
    return {
      method: 'hll',
      p: this.p,
      registers: Buffer.from(this.registers).toString('base64'),
      estimate: Math.round(this.estimate()),
    };
  }

  static fromJSON(state: DistinctCountState): DistinctCount {
    const d = new DistinctCount(state.p);
    d.registers.set(Buffer.from(state.registers, 'base64'));
    return d;
  }
}
