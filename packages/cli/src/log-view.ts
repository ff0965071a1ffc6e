// Shows an action's log the way a reader wants it in a terminal: workflow commands
// (::error::, ::group::, ::add-mask:: …) turned into plain lines, secrets masked, and progress
// that moves: a spinner with a bar on a terminal, a periodic "still running" line in CI logs.
import { clearInterval, setInterval } from 'node:timers';
import { parseWorkflowCommand } from './workflow-command.js';

type AnnotationLevel = 'error' | 'warning' | 'notice';

/** An annotation the action logged, as `--json` reports it. */
export interface Annotation {
  level: AnnotationLevel;
  message: string;
  /** file, line, title, … as the action gave them. */
  [property: string]: string;
}

export interface Progress {
  done?: number;
  total?: number;
  ratio: number;
}

export interface LogViewOptions {
  /** Where the log goes (stderr). */
  stream: NodeJS.WritableStream & { columns?: number };
  /** The action's name, for the progress lines. */
  action: string;
  /** Spinner and bar, or periodic lines. */
  mode: 'tty' | 'plain';
  /** ANSI colours. */
  color: boolean;
  /** Show ::debug:: lines. */
  verbose: boolean;
  /** Values to hide from the start (the token). */
  masks?: Array<string | undefined>;
  /** How often a silent run says it is still running (plain mode). */
  intervalMs?: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const ANNOTATIONS: Record<AnnotationLevel, [string, number]> = {
  error: ['Error', 31],
  warning: ['Warning', 33],
  notice: ['Notice', 36],
};
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
export function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}

/** Finds progress in a log line: `N/M` (e.g. "scored 2048/10000 rows") or `N%`. */
export function parseProgress(text: string): Progress | undefined {
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
  private readonly stream: LogViewOptions['stream'];
  private readonly action: string;
  private readonly mode: 'tty' | 'plain';
  private readonly color: boolean;
  private readonly verbose: boolean;
  private readonly intervalMs: number;
  private readonly masks: string[];
  /** The error, warning and notice annotations seen so far (masked). */
  readonly annotations: Annotation[] = [];
  private progress: Progress | undefined = undefined;
  private indent = '';
  private stopToken: string | undefined = undefined;
  private startedAt = Date.now();
  private lastWriteAt = this.startedAt;
  private frame = 0;
  private statusShown = false;
  private timer: NodeJS.Timeout | undefined;

  constructor({
    stream,
    action,
    mode,
    color,
    verbose,
    masks = [],
    intervalMs = 15000,
  }: LogViewOptions) {
    this.stream = stream;
    this.action = action;
    this.mode = mode;
    this.color = color;
    this.verbose = verbose;
    this.intervalMs = intervalMs;
    this.masks = masks.filter((m): m is string => m !== undefined && m.length > 0);
  }

  start(): void {
    this.startedAt = Date.now();
    this.lastWriteAt = this.startedAt;
    const tick = this.mode === 'tty' ? () => this.drawStatus() : () => this.sayStillRunning();
    this.timer = setInterval(tick, this.mode === 'tty' ? 120 : this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearStatus();
  }

  /** Takes one raw line the action printed. */
  line(raw: string): void {
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
    } else if (isAnnotationLevel(command)) {
      this.annotate(command, properties, message);
    } else if (!SILENT.has(command)) {
      this.print(text);
    }
  }

  private annotate(
    level: AnnotationLevel,
    properties: Record<string, string>,
    message: string,
  ): void {
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

  private noteProgress(text: string): void {
    const progress = parseProgress(text);
    if (progress) this.progress = progress;
  }

  mask(text: string): string {
    let out = text;
    for (const secret of this.masks) out = out.split(secret).join('***');
    return out;
  }

  private print(text: string): void {
    this.clearStatus();
    const lines = this.mask(text).split('\n');
    const pad = this.indent;
    this.stream.write(lines.map((l, i) => (i === 0 ? pad + l : `${pad}  ${l}`)).join('\n') + '\n');
    this.lastWriteAt = Date.now();
    if (this.mode === 'tty' && this.timer) this.drawStatus();
  }

  paint(text: string, code: number): string {
    return this.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  private elapsed(): string {
    return `${((Date.now() - this.startedAt) / 1000).toFixed(this.mode === 'tty' ? 1 : 0)}s`;
  }

  private progressText(): string {
    if (!this.progress) return '';
    const pct = `${Math.round(this.progress.ratio * 100)}%`;
    return this.progress.total !== undefined
      ? `${this.progress.done}/${this.progress.total} (${pct})`
      : pct;
  }

  private drawStatus(): void {
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

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.stream.write('\r\x1b[2K');
    this.statusShown = false;
  }

  private sayStillRunning(): void {
    if (Date.now() - this.lastWriteAt < this.intervalMs) return;
    const progress = this.progressText();
    this.print(
      `… ${this.action} still running (${this.elapsed()}${progress ? `, ${progress}` : ''})`,
    );
  }
}

function isAnnotationLevel(command: string): command is AnnotationLevel {
  return Object.hasOwn(ANNOTATIONS, command);
}
