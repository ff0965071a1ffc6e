// The CLI's help screens, written from action.yml so they never drift from the actions.
import type { ActionMetadata } from './action-metadata.js';
import { CLI_OPTIONS } from './command-line.js';

/** Rows of a two-column table: [left, right]. */
type Row = [string, string];

export function generalHelp(actions: ActionMetadata[], version: string): string {
  return [
    `ml-actions ${version}: run the ml-actions GitHub Actions locally, with the bundled code a runner runs.`,
    '',
    'Usage: ml-actions <action> --<input> <value> … [--json] [--summary-file <path>]',
    '       ml-actions <action> --help',
    '',
    'Actions:',
    ...table(actions.map((a): Row => [a.name, a.description])),
    '',
    'Outputs are printed as a table (or JSON with --json), the job summary is written to a file',
    'and shown. Without GITHUB_TOKEN (or --github-token) the actions make no GitHub API calls.',
    "Exit code: the action's (0 success, 1 failure); 2 for a mistake on the command line.",
    '',
  ].join('\n');
}

export function actionHelp(action: ActionMetadata): string {
  const required = action.inputs.filter((i) => i.required);
  const usage = [
    `ml-actions ${action.name}`,
    ...required.map((i) => `--${i.name} <value>`),
    action.inputs.length > required.length ? '[--<input> <value> …]' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const rows = action.inputs.map((i): Row => {
    const notes: string[] = [];
    if (i.required) notes.push('required');
    if (i.default !== undefined) notes.push(`default: ${describeDefault(i.default)}`);
    return [
      `--${i.name} <value>`,
      `${i.description}${notes.length ? ` (${notes.join('; ')})` : ''}`,
    ];
  });
  const options = CLI_OPTIONS.map((o): Row => [
    `--${o.name}${o.value ? ` ${o.value}` : ''}`,
    o.description,
  ]);
  const outputs = action.outputs.map((o): Row => [o.name, o.description]);
  return [
    `${action.title}: ${action.description}`,
    '',
    `Usage: ${usage}`,
    '',
    'Inputs:',
    ...table(rows.length ? rows : [['(none)', '']]),
    '',
    'Outputs:',
    ...table(outputs.length ? outputs : [['(none)', '']]),
    '',
    'Options:',
    ...table(options),
    '',
    `Inputs can also come from INPUT_<NAME> variables (e.g. INPUT_${(action.inputs[0]?.name ?? 'name').toUpperCase()}); flags win.`,
    '',
  ].join('\n');
}

function describeDefault(value: string): string {
  if (value === '') return "''";
  if (/\$\{\{\s*github\.token\s*\}\}/.test(value)) return `${value} ($GITHUB_TOKEN locally)`;
  return value;
}

/** Two columns; the second wraps under itself at 100 characters. */
function table(rows: Row[]): string[] {
  const left = Math.min(Math.max(...rows.map((r) => r[0].length)), 32);
  const width = Math.max(40, 100 - left - 4);
  return rows.flatMap(([a, b]) => {
    const lines = wrap(b, width);
    const first =
      a.length > left
        ? [`  ${a}`, `  ${''.padEnd(left)}  ${lines[0]}`]
        : [`  ${a.padEnd(left)}  ${lines[0]}`];
    return [...first, ...lines.slice(1).map((l) => `  ${''.padEnd(left)}  ${l}`)];
  });
}

function wrap(text: string, width: number): string[] {
  const lines = [''];
  for (const word of text.split(' ')) {
    const current = lines[lines.length - 1];
    if (current && current.length + 1 + word.length > width) lines.push(word);
    else lines[lines.length - 1] = current ? `${current} ${word}` : word;
  }
  return lines;
}
