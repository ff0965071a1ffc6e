// Turns the inputs of a local run into the INPUT_* variables the runner would set.
import { CliError } from './cli-error.js';

/** The runner's name mangling: INPUT_ + the name upper-cased with spaces as '_' (hyphens kept). */
export function inputEnvName(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Picks each input's value: a flag first, then an INPUT_* variable already in the environment,
 * then the action.yml default (its `${{ }}` expressions evaluated as a runner would, from the
 * GITHUB_* / RUNNER_* variables of `env`). Inputs with none of these are left out.
 */
export function resolveInputs(action, flags, env) {
  const resolved = new Map();
  for (const input of action.inputs) {
    const fromFlag = flags.get(input.name);
    const fromEnv = env[inputEnvName(input.name)];
    if (fromFlag !== undefined) resolved.set(input.name, fromFlag);
    else if (fromEnv !== undefined && fromEnv !== '') resolved.set(input.name, fromEnv);
    else if (input.default !== undefined) resolved.set(input.name, evaluateDefault(input, env));
  }
  return resolved;
}

/** Required inputs (required: true, no default) with no value from a flag or the environment. */
export function missingRequiredInputs(action, flags, env) {
  return action.inputs.filter((input) => {
    if (!input.required) return false;
    const value = flags.get(input.name) ?? env[inputEnvName(input.name)];
    return value === undefined || value.trim() === '';
  });
}

const CONTEXT_PREFIX = { github: 'GITHUB_', runner: 'RUNNER_', env: '' };

/**
 * Evaluates the simple context reads that action.yml defaults use (`github.token`,
 * `github.sha`, `runner.temp`, `env.NAME`): the runner exposes github.<x> as GITHUB_<X> and
 * runner.<x> as RUNNER_<X>, so the same variables answer them locally. github.token comes
 * from GITHUB_TOKEN (empty when unset: the action then runs without GitHub calls).
 */
function evaluateDefault(input, env) {
  return input.default.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (whole, expression) => {
    const m = /^(github|runner|env)\.([A-Za-z_][\w-]*)$/.exec(expression);
    if (!m) {
      throw new CliError(
        `the default of input '${input.name}' is ${whole}, which the CLI cannot evaluate; pass --${input.name} <value>.`,
      );
    }
    const [, context, key] = m;
    const variable = context === 'env' ? key : CONTEXT_PREFIX[context] + key.toUpperCase();
    return env[variable] ?? '';
  });
}
