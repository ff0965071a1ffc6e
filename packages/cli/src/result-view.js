// How the result of a local run is shown: an outputs table and the job summary.

const MAX_CELL = 160;

/** Declared outputs in action.yml order (unset ones as '-'), then any extra ones the action set. */
export function outputsTable(actionOutputs, values) {
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

function cell(value) {
  if (value === undefined) return '-';
  const flat = value.replace(/\r?\n/g, ' ↵ ');
  return flat.length > MAX_CELL
    ? `${flat.slice(0, MAX_CELL)}… (${value.length} chars; --json shows all)`
    : flat;
}

/** The summary for the terminal: hidden HTML comments (sticky-comment markers) dropped. */
export function summaryForTerminal(markdown) {
  return markdown.replace(/<!--[\s\S]*?-->\n?/g, '').trim();
}
