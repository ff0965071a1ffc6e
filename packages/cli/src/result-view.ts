// How the result of a local run is shown: an outputs table and the job summary.
import type { ActionOutput } from './action-metadata.js';
import { stripControl } from './log-view.js';

const MAX_CELL = 160;

/** Declared outputs in action.yml order (unset ones as '-'), then any extra ones the action set. */
export function outputsTable(
  actionOutputs: ActionOutput[],
  values: Record<string, string>,
): string {
  const names = [...actionOutputs.map((o) => o.name)];
  for (const name of Object.keys(values)) if (!names.includes(name)) names.push(name);
  if (names.length === 0) return 'The action has no outputs.\n';
  const width = Math.max('output'.length, ...names.map((n) => n.length));
  const rows = names.map((name) => `${name.padEnd(width)}  ${cell(values[name])}`);
  return [
    `${'output'.padEnd(width)}  value`,
    `${'─'.repeat(width)}  ${'─'.repeat(5)}`,
    ...rows,
    '',
  ].join('\n');
}

function cell(value: string | undefined): string {
  if (value === undefined) return '-';
  if (value === '') return "''";
  const flat = stripControl(value.replace(/\r?\n/g, ' ↵ '));
  return flat.length > MAX_CELL
    ? `${flat.slice(0, MAX_CELL)}… (${value.length} chars; --json shows all)`
    : flat;
}

/**
 * The summary for the terminal: hidden HTML comments (sticky-comment markers) dropped, and
 * the escaping that protects markdown renderers undone (a terminal renders neither), so
 * `latency\_ms` reads as `latency_ms`. Control characters never reach the terminal.
 */
export function summaryForTerminal(markdown: string): string {
  const text = markdown
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ENTITIES[e]);
  return stripControl(text).trim();
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };
