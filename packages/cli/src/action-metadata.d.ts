export interface ActionInput {
  name: string;
  description: string;
  default: string | undefined;
  declaredRequired: boolean;
  /** required: true and no default: a step must pass it. */
  required: boolean;
}

export interface ActionOutput {
  name: string;
  description: string;
}

export interface ActionMetadata {
  name: string;
  dir: string;
  file: string;
  title: string;
  description: string;
  inputs: ActionInput[];
  outputs: ActionOutput[];
  using: string | undefined;
  /** Absolute path of runs.main (the bundled entry). */
  main: string | undefined;
}

export const repoRoot: string;
export function listActions(root?: string): string[];
export function loadAction(name: string, root?: string): ActionMetadata;
