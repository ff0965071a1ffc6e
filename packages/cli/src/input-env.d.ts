import type { ActionMetadata, ActionInput } from './action-metadata.js';

export function inputEnvName(name: string): string;
export function resolveInputs(
  action: ActionMetadata,
  flags: Map<string, string>,
  env: NodeJS.ProcessEnv,
): Map<string, string>;
export function missingRequiredInputs(
  action: ActionMetadata,
  flags: Map<string, string>,
  env: NodeJS.ProcessEnv,
): ActionInput[];
