// The layering of packages/core/src (CONVENTIONS.md; DESIGN.md "Layout"): the domain folders
// each folder may import values from. `import type` is free (it vanishes at runtime).
// eslint.config.js turns this table into no-restricted-imports rules per folder, and
// scripts/check-layers.mjs fails on any cycle between folders and on a folder missing here.
export const LAYERS = {
  inputs: [],
  stats: [],
  report: ['stats'],
  runner: ['inputs', 'report'],
  data: ['inputs', 'runner', 'stats'],
  metrics: ['inputs'],
  model: ['inputs', 'data', 'runner'],
  github: ['inputs', 'report', 'runner'],
  artifact: ['inputs', 'data', 'model', 'stats', 'metrics', 'report', 'runner', 'github'],
  registry: ['inputs', 'artifact', 'runner'],
  serving: ['inputs', 'model'],
  smoke: ['inputs', 'data', 'model', 'stats', 'metrics', 'report', 'runner', 'artifact', 'serving'],
  gate: ['inputs', 'metrics', 'stats', 'report', 'github', 'runner', 'registry'],
  drift: ['inputs', 'data', 'stats', 'model', 'report', 'github', 'runner', 'artifact'],
  deploy: [
    'inputs',
    'registry',
    'artifact',
    'smoke',
    'gate',
    'github',
    'report',
    'runner',
    'model',
    'data',
    'metrics',
    'serving',
  ],
  pipeline: ['inputs', 'stats', 'report', 'github', 'runner'],
};
