// Parses `ml-actions <action> --<input> <value> …` against the action's declared inputs.
import type { ActionMetadata } from './action-metadata.js';
import { CliError } from './cli-error.js';

export interface CliOption {
  name: string;
  /** A switch without a value. */
  flag?: boolean;
  /** The value's placeholder in the help. */
  value?: string;
  description: string;
}

/** The CLI's own options for one run, parsed from --json, --summary-file, … */
export interface RunOptions {
  json: boolean;
  verbose: boolean;
  /** Keep the run's temporary folder (runner files and RUNNER_TEMP) instead of removing it. */
  keep: boolean;
  help: boolean;
  summaryFile: string | undefined;
  outDir: string | undefined;
}

export interface ActionArgs {
  /** Input values by their declared names. */
  inputs: Map<string, string>;
  options: RunOptions;
}

/** Options of the CLI itself; an action input can never shadow them (a test checks the names). */
export const CLI_OPTIONS: readonly CliOption[] = [
  {
    name: 'json',
    flag: true,
    description: 'print the result (outputs, exit code, summary) as JSON on stdout',
  },
  {
    name: 'summary-file',
    value: '<path>',
    description: 'write the job summary to this file (default: <out-dir>/summary.md)',
  },
  {
    name: 'out-dir',
    value: '<dir>',
    description:
      "directory for the runner's files and RUNNER_TEMP, kept (default: a temporary directory, removed at the end)",
  },
  {
    name: 'keep',
    flag: true,
    description:
      'keep the temporary directory (also kept when RUNNER_DEBUG=1 or ACTIONS_STEP_DEBUG=true)',
  },
  {
    name: 'verbose',
    flag: true,
    description: 'show debug lines (sets RUNNER_DEBUG=1 for the action)',
  },
  { name: 'help', flag: true, description: "list the action's inputs and outputs" },
];

/**
 * Returns { inputs: Map<inputName, value>, options } for one action. Input flags match the
 * declared names case-insensitively (the runner upper-cases them anyway); a repeated flag
 * joins its values with newlines, which is how list inputs are written in a workflow.
 */
export function parseActionArgs(argv: string[], action: ActionMetadata): ActionArgs {
  const inputs = new Map<string, string>();
  const options: RunOptions = {
    json: false,
    verbose: false,
    keep: false,
    help: false,
    summaryFile: undefined,
    outDir: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      options.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new CliError(
        `${action.name}: unexpected argument '${arg}'; inputs are given as --<input> <value> (${action.name} --help lists them).`,
      );
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let value = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const option = CLI_OPTIONS.find((o) => o.name === name);
    if (option?.flag) {
      if (value !== undefined) throw new CliError(`${action.name}: --${name} takes no value.`);
      setSwitch(options, name);
      continue;
    }
    const input = option
      ? undefined
      : action.inputs.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!option && !input) throw new CliError(unknownFlagMessage(action, name));
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new CliError(
          `${action.name}: --${name} needs a value (write --${name}=<value> for a value that starts with --).`,
        );
      }
      value = next;
      i++;
    }
    if (option) {
      setValueOption(options, name, value);
    } else if (input) {
      const previous = inputs.get(input.name);
      inputs.set(input.name, previous === undefined ? value : `${previous}\n${value}`);
    }
  }
  return { inputs, options };
}

function unknownFlagMessage(action: ActionMetadata, name: string): string {
  const candidates = [...action.inputs.map((x) => x.name), ...CLI_OPTIONS.map((o) => o.name)];
  const close = candidates
    .map((c) => ({ c, d: editDistance(name.toLowerCase(), c.toLowerCase()) }))
    .filter(({ c, d }) => d <= 2 || c.startsWith(name.toLowerCase()))
    .sort((a, b) => a.d - b.d)[0];
  const hint = close ? ` Did you mean --${close.c}?` : '';
  const known = action.inputs.map((x) => `--${x.name}`).join(', ') || '(none)';
  return `${action.name}: unknown option --${name}.${hint} Inputs of ${action.name}: ${known}.`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function setSwitch(options: RunOptions, name: string): void {
  if (name === 'json') options.json = true;
  else if (name === 'verbose') options.verbose = true;
  else if (name === 'keep') options.keep = true;
  else if (name === 'help') options.help = true;
  else throw new Error(`CLI option --${name} is declared as a flag but not handled`);
}

function setValueOption(options: RunOptions, name: string, value: string): void {
  if (name === 'summary-file') options.summaryFile = value;
  else if (name === 'out-dir') options.outDir = value;
  else throw new Error(`CLI option --${name} is declared with a value but not handled`);
}
