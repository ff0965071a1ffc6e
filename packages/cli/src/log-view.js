// Shows an action's log the way a reader wants it in a terminal: workflow commands
// (::error::, ::group::, ::add-mask:: …) turned into plain lines, secrets masked, and progress
// that moves: a spinner with a bar on a terminal, a periodic "still running" line in CI logs.
import { clearInterval, setInterval } from 'node:timers';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const ANNOTATIONS = { error: ['Error', 31], warning: ['Warning', 33], notice: ['Notice', 36] };
// Commands that only steer the runner; they have nothing to show.
const SILENT = new Set([
  'add-mask',
  'echo',
  'save-state',
  'set-output',
  'set-env',
  'add-path',
  'add-matcher',
  'remove-matcher',
]);

/**
 * Removes terminal control characters (ESC, CR, …; tab and newline stay), so that text the
 * action echoes from files cannot move the cursor, recolour or rewrite the terminal.
 */
export function stripControl(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}

/** Splits `::name key=value,key=value::message` into its parts (undefined for a plain line). */
export function parseWorkflowCommand(line) {
  const m = /^::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const properties = {};
  for (const pair of (m[2] ?? '').split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) properties[pair.slice(0, eq).trim()] = decodeCommandValue(pair.slice(eq + 1));
  }
  return { command: m[1], properties, message: decodeCommandValue(m[3]) };
}

/** Undoes @actions/core's escaping of command values (%25 last, so '%250A' stays '%0A'). */
export function decodeCommandValue(value) {
  return value
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%');
}

/** Finds progress in a log line: `N/M` (e.g. "scored 2048/10000 rows") or `N%`. */
export function parseProgress(text) {
  const fraction = /(?:^|[^\w/.])(\d[\d,]*)\s*\/\s*(\d[\d,]*)(?![\w/.])/.exec(text);
  if (fraction) {
    const done = Number(fraction[1].replace(/,/g, ''));
    const total = Number(fraction[2].replace(/,/g, ''));
    if (total > 0 && done <= total) return { done, total, ratio: done / total };
  }
  const percent = /(?:^|[^\w.])(\d{1,3}(?:\.\d+)?)\s?%(?!\w)/.exec(text);
  if (percent && Number(percent[1]) <= 100) return { ratio: Number(percent[1]) / 100 };
  return undefined;
}

export class LogView {
  /**
   * @param {object} o
   * @param {NodeJS.WritableStream & {columns?: number}} o.stream where the log goes (stderr)
   * @param {string} o.action the action's name, for the progress lines
   * @param {'tty'|'plain'} o.mode spinner and bar, or periodic lines
   * @param {boolean} o.color ANSI colours
   * @param {boolean} o.verbose show ::debug:: lines
   * @param {string[]} o.masks values to hide from the start (the token)
   * @param {number} o.intervalMs how often a silent run says it is still running (plain mode)
   */
  constructor({ stream, action, mode, color, verbose, masks = [], intervalMs = 15000 }) {
    Object.assign(this, { stream, action, mode, color, verbose, intervalMs });
    this.masks = masks.filter((m) => m && m.length > 0);
    this.annotations = [];
    this.progress = undefined;
    this.indent = '';
    this.stopToken = undefined;
    this.startedAt = Date.now();
    this.lastWriteAt = this.startedAt;
    this.frame = 0;
    this.statusShown = false;
  }

  start() {
    this.startedAt = Date.now();
    this.lastWriteAt = this.startedAt;
    const tick = this.mode === 'tty' ? () => this.drawStatus() : () => this.sayStillRunning();
    this.timer = setInterval(tick, this.mode === 'tty' ? 120 : this.intervalMs);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearStatus();
  }

  /** Takes one raw line the action printed. */
  line(raw) {
    const text = stripControl(raw);
    if (this.stopToken !== undefined) {
      if (text === `::${this.stopToken}::`) this.stopToken = undefined;
      else this.print(text);
      return;
    }
    const cmd = parseWorkflowCommand(text);
    if (!cmd) {
      this.noteProgress(text);
      this.print(text);
      return;
    }
    const { command, properties, message } = cmd;
    if (command === 'add-mask') {
      if (message) this.masks.push(message);
    } else if (command === 'stop-commands') {
      this.stopToken = message;
    } else if (command === 'group') {
      this.noteProgress(message);
      this.print(this.paint(`▸ ${stripControl(message)}`, 1));
      this.indent = '  ';
    } else if (command === 'endgroup') {
      this.indent = '';
    } else if (command === 'debug') {
      if (this.verbose) this.print(this.paint(`debug: ${stripControl(message)}`, 2));
    } else if (ANNOTATIONS[command]) {
      this.annotate(command, properties, message);
    } else if (!SILENT.has(command)) {
      this.print(text);
    }
  }

  annotate(level, properties, message) {
    const [label, colour] = ANNOTATIONS[level];
    const where = properties.file
      ? ` (${properties.file}${properties.line ? `:${properties.line}` : ''})`
      : '';
    const title = properties.title ? `${properties.title}: ` : '';
    const clean = stripControl(message);
    this.annotations.push({ level, message: this.mask(clean), ...properties });
    this.print(
      this.paint(`${label}: ${stripControl(title)}${clean}${stripControl(where)}`, colour),
    );
  }

  noteProgress(text) {
    const progress = parseProgress(text);
    if (progress) this.progress = progress;
  }

  mask(text) {
    let out = text;
    for (const secret of this.masks) out = out.split(secret).join('***');
    return out;
  }

  print(text) {
    this.clearStatus();
    const lines = this.mask(text).split('\n');
    const pad = this.indent;
    this.stream.write(lines.map((l, i) => (i === 0 ? pad + l : `${pad}  ${l}`)).join('\n') + '\n');
    this.lastWriteAt = Date.now();
    if (this.mode === 'tty' && this.timer) this.drawStatus();
  }

  paint(text, code) {
    return this.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  elapsed() {
    return `${((Date.now() - this.startedAt) / 1000).toFixed(this.mode === 'tty' ? 1 : 0)}s`;
  }

  progressText() {
    if (!this.progress) return '';
    const pct = `${Math.round(this.progress.ratio * 100)}%`;
    return this.progress.total !== undefined
      ? `${this.progress.done}/${this.progress.total} (${pct})`
      : pct;
  }

  drawStatus() {
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    let status = `${SPINNER[this.frame++ % SPINNER.length]} ${this.action} · ${this.elapsed()}`;
    if (this.progress) {
      const cells = 24;
      const full = Math.round(this.progress.ratio * cells);
      status += ` · [${'█'.repeat(full)}${'░'.repeat(cells - full)}] ${this.progressText()}`;
    }
    this.stream.write(`\r\x1b[2K${this.paint(status.slice(0, width), 36)}`);
    this.statusShown = true;
  }

  clearStatus() {
    if (!this.statusShown) return;
    this.stream.write('\r\x1b[2K');
    this.statusShown = false;
  }

  sayStillRunning() {
    if (Date.now() - this.lastWriteAt < this.intervalMs) return;
    const progress = this.progressText();
    this.print(
      `… ${this.action} still running (${this.elapsed()}${progress ? `, ${progress}` : ''})`,
    );
  }
}
