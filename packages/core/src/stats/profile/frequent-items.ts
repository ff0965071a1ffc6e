/** Serialized form of FrequentItems (inside `ml-actions/profile@1`). */
export interface FrequentItemsState {
  capacity: number;
  /** [value, count] pairs, most frequent first. */
  items: [string, number][];
  /** Every count is at most this much below the true count (0: all counts exact and complete). */
  undercount: number;
}

/**
 * Value counts that are exact while a column has at most 2·capacity distinct values, and a
 * mergeable Misra–Gries summary beyond: when the table outgrows 2·capacity entries, the
 * (capacity+1)-th largest count is subtracted from all and the non-positive ones dropped. Each
 * count is then at most `undercount` below the truth, and undercount <= n / (capacity + 1); any
 * value more frequent than that is guaranteed to be listed. Merging adds the counts and both
 * undercounts, then reduces the same way.
 */
export class FrequentItems {
  private counts = new Map<string, number>();
  private under = 0;

  constructor(readonly capacity = 1000) {}

  get undercount(): number {
    return this.under;
  }

  /** True while the counts are exact and complete. */
  get exact(): boolean {
    return this.under === 0;
  }

  get size(): number {
    return this.counts.size;
  }

  add(value: string, times = 1): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + times);
    if (this.counts.size > 2 * this.capacity) this.reduce();
  }

  private reduce(): void {
    if (this.counts.size <= this.capacity) return;
    const sorted = [...this.counts.values()].sort((a, b) => b - a);
    const cut = sorted[this.capacity];
    const next = new Map<string, number>();
    for (const [value, count] of this.counts) if (count > cut) next.set(value, count - cut);
    this.counts = next;
    this.under += cut;
  }

  merge(other: FrequentItems): void {
    for (const [value, count] of other.counts)
      this.counts.set(value, (this.counts.get(value) ?? 0) + count);
    this.under += other.under;
    if (this.counts.size > 2 * this.capacity) this.reduce();
  }

  entries(): Map<string, number> {
    return this.counts;
  }

  toJSON(): FrequentItemsState {
    return {
      capacity: this.capacity,
      items: [...this.counts].sort(
        (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
      ),
      undercount: this.under,
    };
  }

  static fromJSON(state: FrequentItemsState): FrequentItems {
    const f = new FrequentItems(state.capacity);
    for (const [value, count] of state.items) f.counts.set(value, count);
    f.under = state.undercount;
    return f;
  }
}
