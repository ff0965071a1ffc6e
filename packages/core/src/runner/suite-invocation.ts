import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * How a user runs this suite again, for the commands and workflow steps that summaries print
 * (deploy's rollback, …), so that they can be run as printed:
 *
 * 1. `ML_ACTIONS_CLI` (the `ml-actions` CLI sets it for the action it runs, to the command that
 *    runs that CLI, e.g. `node /home/me/ml-actions/dist/cli/index.js`; a user may set it too);
 * 2. on a runner, an action used from its repository (`uses: acme/ml-actions/actions/deploy@v1`)
 *    has `GITHUB_ACTION_REPOSITORY` and `GITHUB_ACTION_REF`: `npx --yes github:acme/ml-actions#v1`
 *    and `acme/ml-actions/actions/<name>@v1`, the same code at the same ref;
 * 3. a local action (`uses: ./actions/deploy`, where the runner sets neither) whose bundle sits
 *    in the workspace: `node dist/cli/index.js` and `./actions/<name>` (relative to the
 *    workspace, where a workflow and a clone both start);
 * 4. otherwise the README's placeholder form, `npx --yes github:OWNER/ml-actions#v1`.
 */
export interface SuiteInvocation {
  /** The command that runs the CLI, followed by `<action> --<input> …`. */
  cli: string;
  /** The `uses:` of an action of the suite. */
  uses(action: string): string;
}

/** Shell-quotes a word unless it is plainly safe. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./#-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * @param env the step's environment
 * @param entry the script Node runs (an action's `dist/<name>/index.js`), whose repository
 *   holds the CLI bundle at `dist/cli/index.js`
 */
export function suiteInvocation(
  env: NodeJS.ProcessEnv = process.env,
  entry: string | undefined = process.argv[1],
): SuiteInvocation {
  const repository = env.GITHUB_ACTION_REPOSITORY;
  const ref = env.GITHUB_ACTION_REF;
  const fromRepository = Boolean(repository && ref);
  const root = fromRepository || !entry ? undefined : bundleRoot(entry);
  const workspace = env.GITHUB_WORKSPACE ? path.resolve(env.GITHUB_WORKSPACE) : undefined;
  const local = root === undefined ? undefined : relativeTo(workspace, root);

  let cli: string;
  if (env.ML_ACTIONS_CLI) cli = env.ML_ACTIONS_CLI;
  else if (fromRepository) cli = `npx --yes ${shellWord(`github:${repository}#${ref}`)}`;
  else if (local !== undefined)
    cli = `node ${shellWord(path.join(local, 'dist', 'cli', 'index.js'))}`;
  else cli = 'npx --yes github:OWNER/ml-actions#v1';

  const uses = (action: string): string => {
    if (fromRepository) return `${repository}/actions/${action}@${ref}`;
    // A clone in the workspace, not an installed package (node_modules/ml-actions).
    if (local !== undefined && !path.isAbsolute(local) && !local.includes('node_modules')) {
      return `./${path.posix.join(local.split(path.sep).join('/'), 'actions', action)}`;
    }
    return `OWNER/ml-actions/actions/${action}@v1`;
  };
  return { cli, uses };
}

/** The repository folder of a bundle `<root>/dist/<name>/index.js` that has the CLI beside it. */
function bundleRoot(entry: string): string | undefined {
  const root = path.resolve(path.dirname(entry), '..', '..');
  return existsSync(path.join(root, 'dist', 'cli', 'index.js')) ? root : undefined;
}

/** `dir` relative to the workspace when inside it (`.` for the workspace itself), else absolute. */
function relativeTo(workspace: string | undefined, dir: string): string {
  if (workspace === undefined) return dir;
  const rel = path.relative(workspace, dir);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? dir : rel;
}
