import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from './user-error.js';

/** The directory relative input paths are resolved against (the checkout on a runner). */
export function workspaceDir(): string {
  return process.env.GITHUB_WORKSPACE || process.cwd();
}

/** Resolves a user-given path against the workspace. */
export function resolveInputPath(value: string): string {
  return path.resolve(workspaceDir(), value);
}

/** `dir` itself or anything below it (both absolute and already resolved). */
function isWithin(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The real path of `file`, following symlinks in the longest part of it that resolves (the
 * rest need not exist yet: an output directory to create).
 */
async function realPathOf(file: string): Promise<string> {
  const missing: string[] = [];
  let existing = file;
  for (;;) {
    const real = await fs.realpath(existing).catch(() => undefined);
    if (real !== undefined) return path.join(real, ...missing.reverse());
    const parent = path.dirname(existing);
    if (parent === existing) return file;
    missing.push(path.basename(existing));
    existing = parent;
  }
}

/**
 * Refuses `resolved` (the absolute path an input named, or a file a glob of it matched) when
 * its real location (symlinks followed, also for a path that does not exist yet) is outside
 * the workspace (`workspace`, default GITHUB_WORKSPACE or the working directory) and outside
 * the runner's temp directory (RUNNER_TEMP, where a job keeps its
 * scratch files and where build-artifact builds its package by default). A checkout may hold
 * symlinks its author chose: without this, `model -> ~/.ssh` would be packaged and uploaded.
 */
export async function assertContainedPath(
  input: string,
  value: string,
  resolved: string,
  workspace = workspaceDir(),
): Promise<void> {
  const roots: string[] = [];
  // Off a runner the system temp directory stands in for RUNNER_TEMP (build-artifact's default
  // package place, scratch files): the CLI gives each command its own RUNNER_TEMP there, and
  // the next command reads what the previous one wrote.
  const localTemp = process.env.GITHUB_ACTIONS === 'true' ? undefined : os.tmpdir();
  for (const root of [workspace, process.env.RUNNER_TEMP, localTemp]) {
    if (root) roots.push(await realPathOf(path.resolve(root)));
  }
  const real = await realPathOf(resolved);
  if (!roots.some((root) => isWithin(root, real))) {
    const shown = real === resolved ? resolved : `${resolved}, really ${real}`;
    throw new UserError(
      `'${value}' (${shown}) is outside the workspace (${roots[0]})` +
        (roots.length > 1
          ? ` and the runner's temp directory (${roots.slice(1).join(', ')})`
          : '') +
        '; give a path inside the workspace.',
      input,
    );
  }
}

/**
 * Resolves a path input against the workspace, like `resolveInputPath`, and refuses it when it
 * is outside the workspace and RUNNER_TEMP (`assertContainedPath`). Returns the resolved path
 * (not the real one), so outputs show the path the user gave.
 */
export async function resolveContainedInputPath(input: string, value: string): Promise<string> {
  const resolved = resolveInputPath(value);
  await assertContainedPath(input, value, resolved);
  return resolved;
}

/**
 * Checks each path input that is set (name → value) with `resolveContainedInputPath`: for an
 * action's `src/inputs.ts`, so every file or directory it names stays inside the workspace.
 */
export async function assertContainedInputs(
  inputs: Record<string, string | undefined>,
): Promise<void> {
  for (const [input, value] of Object.entries(inputs)) {
    if (value !== undefined) await resolveContainedInputPath(input, value);
  }
}

/**
 * Reads a text file named by an input, with one clear error when it is missing or unreadable.
 * Not contained: core also reads its own scratch files with it; actions check their path
 * inputs at the edge (`assertContainedInputs`).
 */
export async function readInputFile(input: string, value: string): Promise<string> {
  const file = resolveInputPath(value);
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw new UserError(`'${value}' is a directory; give a file.`, input);
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UserError(`file '${value}' does not exist (resolved to ${file}).`, input);
    }
    throw new UserError(`cannot read '${value}': ${(error as Error).message}`, input);
  }
}

/** Parses JSON text from an input file, naming the file and the parse error. */
export function parseJsonInput(input: string, value: string, text: string): unknown {
  if (text.trim() === '') throw new UserError(`file '${value}' is empty; expected JSON.`, input);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserError(`file '${value}' is not valid JSON: ${(error as Error).message}`, input);
  }
}

/**
 * Joins a relative path under a root and refuses anything that escapes it
 * (absolute paths, `..` segments), so untrusted names cannot write outside the root.
 */
export function resolveInside(root: string, relative: string, what = 'path'): string {
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) {
    throw new UserError(`${what} '${relative}' must stay inside ${root}.`);
  }
  const full = path.resolve(root, relative);
  const rel = path.relative(path.resolve(root), full);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new UserError(`${what} '${relative}' must stay inside ${root}.`);
  }
  return full;
}
