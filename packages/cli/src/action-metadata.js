// Reads the actions of the repository from their action.yml files: the one source of truth for
// input names, defaults, required flags and outputs (used by the CLI, its help, the docs
// generator and the workflow-example tests).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root: this file lives in packages/cli/src/. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Names of the actions (folders of actions/ with an action.yml), sorted. */
export function listActions(root = repoRoot) {
  const dir = join(root, 'actions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'action.yml')))
    .sort();
}

/** Parses actions/<name>/action.yml into the parts the tools need. */
export function loadAction(name, root = repoRoot) {
  const dir = join(root, 'actions', name);
  const file = join(dir, 'action.yml');
  const doc = parse(readFileSync(file, 'utf8')) ?? {};
  const inputs = Object.entries(doc.inputs ?? {}).map(([inputName, spec]) => {
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
  const outputs = Object.entries(doc.outputs ?? {}).map(([outputName, spec]) => ({
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

function oneLine(text) {
  return text === undefined || text === null ? '' : String(text).replace(/\s+/g, ' ').trim();
}
