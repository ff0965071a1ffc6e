import { createRequire } from 'node:module';
import * as path from 'node:path';

/** A module of the user's workspace, or why it could not be had (for the log or the error). */
export interface WorkspaceModule<T> {
  module?: T;
  problem?: string;
}

/**
 * Requires `name` as installed in the user's workspace (never from our bundle): native runtimes
 * such as tfjs-node and onnxruntime-node come from there. The name arrives as a variable, which
 * keeps ncc from trying to bundle it.
 */
export function requireFromWorkspace<T>(workspace: string, name: string): WorkspaceModule<T> {
  const workspaceRequire = createRequire(path.join(path.resolve(workspace), 'package.json'));
  let resolved: string;
  try {
    resolved = workspaceRequire.resolve(name);
  } catch {
    return { problem: `is not installed in the workspace (${workspace})` };
  }
  try {
    return { module: workspaceRequire(resolved) as T };
  } catch (error) {
    return {
      problem: `is installed at ${resolved} but failed to load (${(error as Error).message.split('\n')[0]})`,
    };
  }
}
