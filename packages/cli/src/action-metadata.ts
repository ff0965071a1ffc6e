// Reads the actions of the repository from their action.yml files: the one source of truth for
// input names, defaults, required flags and outputs (used by the CLI, its help, the docs
// generator and the workflow-example tests).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

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

/** The parts of an action.yml this module reads (anything else is ignored). */
interface ActionYaml {
  name?: string;
  description?: unknown;
  inputs?: Record<string, { description?: unknown; default?: unknown; required?: unknown } | null>;
  outputs?: Record<string, { description?: unknown } | null>;
  runs?: { main?: string };
}

/**
 * The repository root: the nearest folder above this file whose package.json is the root
 * package `ml-actions`. Walking up (rather than a fixed `../..`) finds it both from the
 * sources (packages/cli/src/) and from the bundle (dist/cli/).
 */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'ml-actions') return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(`ml-actions: no ml-actions package.json above ${start}`);
    }
  }
}

export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/** Names of the actions (folders of actions/ with an action.yml), sorted. */
export function listActions(root = repoRoot): string[] {
  const dir = join(root, 'actions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'action.yml')))
    .sort();
}

/** Parses actions/<name>/action.yml into the parts the tools need. */
export function loadAction(name: string, root = repoRoot): ActionMetadata {
  const dir = join(root, 'actions', name);
  const file = join(dir, 'action.yml');
  const doc = (parse(readFileSync(file, 'utf8')) ?? {}) as ActionYaml;
  const inputs = Object.entries(doc.inputs ?? {}).map(([inputName, spec]): ActionInput => {
    const s = spec ?? {};
    const hasDefault = s.default !== undefined && s.default !== null;
    const declaredRequired = s.required === true || s.required === 'true';
    return {
      name: inputName,
      description: oneLine(s.description),
      default: hasDefault ? String(s.default) : undefined,
      // The runner fills a default in for a missing input, so only a default-less one is truly required.
      required: declaredRequired && !hasDefault,
    };
  });
  const outputs = Object.entries(doc.outputs ?? {}).map(([outputName, spec]): ActionOutput => ({
    name: outputName,
    description: oneLine(spec?.description),
  }));
  const main = doc.runs?.main ? resolve(dir, doc.runs.main) : undefined;
  return {
    name,
    title: doc.name ?? name,
    description: oneLine(doc.description),
    inputs,
    outputs,
    main,
  };
}

function oneLine(text: unknown): string {
  return text === undefined || text === null ? '' : String(text).replace(/\s+/g, ' ').trim();
}
