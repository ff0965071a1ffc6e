// Turns the inputs of a local run into the INPUT_* variables the runner would set.
import type { ActionInput, ActionMetadata } from './action-metadata.js';
import { CliError } from './cli-error.js';

/** The runner's name mangling: INPUT_ + the name upper-cased with spaces as '_' (hyphens kept). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Picks each input's value: a flag first, then an INPUT_* variable already in the environment,
 * then the action.yml default (its `${{ }}` expressions evaluated as a runner would, from the
 * GITHUB_* / RUNNER_* variables of `env`). Inputs with none of these are left out.
 */
export function resolveInputs(
  action: ActionMetadata,
  flags: Map<string, string>,
  env: NodeJS.ProcessEnv,
): Map<string, string> {
  const resolved = new Map<string, string>();
  for (const input of action.inputs) {
    const fromFlag = flags.get(input.name);
    const fromEnv = env[inputEnvName(input.name)];
    if (fromFlag !== undefined) resolved.set(input.name, fromFlag);
    else if (fromEnv !== undefined && fromEnv !== '') resolved.set(input.name, fromEnv);
    else if (input.default !== undefined) {
      resolved.set(input.name, evaluateDefault(input.name, input.default, env));
    }
  }
  return resolved;
}

/** Required inputs (required: true, no default) with no value from a flag or the environment. */
export function missingRequiredInputs(
  action: ActionMetadata,
  flags: Map<string, string>,
  env: NodeJS.ProcessEnv,
): ActionInput[] {
  return action.inputs.filter((input) => {
    if (!input.required) return false;
    const value = flags.get(input.name) ?? env[inputEnvName(input.name)];
    return value === undefined || value.trim() === '';
  });
}

const CONTEXT_PREFIX: Record<'github' | 'runner', string> = {
  github: 'GITHUB_',
  runner: 'RUNNER_',
};

/**
 * Evaluates the simple context reads that action.yml defaults use (`github.token`,
 * `github.sha`, `runner.temp`, `env.NAME`): the runner exposes github.<x> as GITHUB_<X> and
 * runner.<x> as RUNNER_<X>, so the same variables answer them locally. github.token comes
 * from GITHUB_TOKEN (empty when unset: the action then runs without GitHub calls).
 */
function evaluateDefault(name: string, value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (whole: string, expression: string) => {
    const m = /^(github|runner|env)\.([A-Za-z_][\w-]*)$/.exec(expression);
    if (!m) {
      throw new CliError(
        `the default of input '${name}' is ${whole}, which the CLI cannot evaluate; pass --${name} <value>.`,
      );
    }
    const context = m[1] as 'github' | 'runner' | 'env';
    const key = m[2];
    const variable = context === 'env' ? key : CONTEXT_PREFIX[context] + key.toUpperCase();
    return env[variable] ?? '';
  });
}
