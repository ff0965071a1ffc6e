import * as core from '@actions/core';
import type { ReadProgress } from '../data/table-types.js';

/**
 * Progress lines for long work, at most one every `intervalMs` (the first only after that long,
 * so quick work stays silent). Lines carry a percentage, which the CLI turns into a bar.
 */
export class ProgressLog {
  private last = Date.now();
  private logged = false;

  constructor(
    private readonly label: string,
    private readonly intervalMs = 5000,
    private readonly log: (line: string) => void = core.info,
  ) {}

  /** `detail` is appended after the percentage, e.g. "120 MB of 300 MB". */
  update(done: number, total: number, detail = ''): void {
    const now = Date.now();
    if (now - this.last < this.intervalMs || total <= 0) return;
    this.last = now;
    this.logged = true;
    const pct = Math.min(100, Math.floor((done / total) * 100));
    this.log(`${this.label}: ${pct}%${detail ? ` (${detail})` : ''}`);
  }

  /** Closes a run that logged progress with a final line; silent when none was logged. */
  finish(detail = ''): void {
    if (this.logged) this.log(`${this.label}: 100%${detail ? ` (${detail})` : ''}`);
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A `progress` callback for the data readers: "<label>: 40% (1.2 GB of 3.0 GB, 9,000,000 rows)". */
export function readProgressLog(label: string): (read: ReadProgress) => void {
  const log = new ProgressLog(label);
  return ({ bytes, totalBytes, rows }) =>
    log.update(
      bytes,
      totalBytes,
      `${formatBytes(bytes)} of ${formatBytes(totalBytes)}, ${rows.toLocaleString('en-US')} rows`,
    );
}
