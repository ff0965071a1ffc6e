export interface ActionInput {
  name: string;
  description: string;
  default: string | undefined;
  /** required: true and no default: a step must pass it. */
  required: boolean;
}

export interface ActionOutput {
  name: string;
  description: string;
}

export interface ActionMetadata {
  name: string;
  title: string;
  description: string;
  inputs: ActionInput[];
  outputs: ActionOutput[];
  /** Absolute path of runs.main (the bundled entry). */
  main: string | undefined;
}

export const repoRoot: string;
export function listActions(root?: string): string[];
export function loadAction(name: string, root?: string): ActionMetadata;
