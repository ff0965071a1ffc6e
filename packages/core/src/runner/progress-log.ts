import type { ReadProgress } from '../data/table-types.js';
import { formatBytes } from '../report/format-bytes.js';

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
    /** Receives the lines; silent by default (core code is handed the action's logger). */
    private readonly log: (line: string) => void = () => {},
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

/** A `progress` callback for the data readers: "<label>: 40% (1.2 GiB of 3.0 GiB, 9,000,000 rows)". */
export function readProgressLog(
  label: string,
  line: (text: string) => void,
): (read: ReadProgress) => void {
  const log = new ProgressLog(label, undefined, line);
  return ({ bytes, totalBytes, rows }) =>
    log.update(
      bytes,
      totalBytes,
      `${formatBytes(bytes)} of ${formatBytes(totalBytes)}, ${rows.toLocaleString('en-US')} rows`,
    );
}
