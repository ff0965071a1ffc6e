#!/usr/bin/env node
// Writes each action's input/output tables, generated from its action.yml, between the markers
// <!-- action-docs:<name>:start --> and <!-- action-docs:<name>:end --> of the given markdown
// files (default: README.md and docs/*.md). With --check it changes nothing and exits 1 when a
// table is stale, so CI catches an action.yml change that the docs did not follow.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { join, relative, resolve } from 'node:path';

// action-metadata is TypeScript: load it through the repository's small TS hooks.
register('./ts-hooks.mjs', import.meta.url);
const { listActions, loadAction, repoRoot } =
  await import('../packages/cli/src/action-metadata.js');

const MARKER = /<!-- action-docs:([\w-]+):(start|end) -->/g;

/** The markdown tables for one action. */
function renderActionDocs(action) {
  const inputs = action.inputs.map(
    (i) =>
      `| \`${i.name}\` | ${cell(i.description)} | ${i.required ? 'yes' : 'no'} | ${
        i.default === undefined ? '' : i.default === '' ? "`''`" : code(i.default)
      } |`,
  );
  const outputs = action.outputs.map((o) => `| \`${o.name}\` | ${cell(o.description)} |`);
  return [
    '| input | description | required | default |',
    '|---|---|---|---|',
    ...(inputs.length ? inputs : ['| _none_ | | | |']),
    '',
    '| output | description |',
    '|---|---|',
    ...(outputs.length ? outputs : ['| _none_ | |']),
  ].join('\n');
}

function cell(text) {
  return text.replace(/\|/g, '\\|');
}

function code(text) {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${cell(text)}${ticks}`;
}

/**
 * Replaces the content between each action's markers. Returns the new text, the actions whose
 * tables changed, and the problems found (unknown action, unpaired marker).
 */
function updateMarkdown(text, actions) {
  const problems = [];
  const changed = [];
  const found = [];
  let out = '';
  let cursor = 0;
  const markers = [...text.matchAll(MARKER)];
  for (let k = 0; k < markers.length; k++) {
    const start = markers[k];
    const [, name, kind] = start;
    if (kind !== 'start') {
      problems.push(`end marker for '${name}' without a start marker`);
      continue;
    }
    const end = markers[k + 1];
    if (!end || end[1] !== name || end[2] !== 'end') {
      problems.push(`start marker for '${name}' is not followed by its end marker`);
      continue;
    }
    k++;
    const action = actions.find((a) => a.name === name);
    if (!action) {
      problems.push(
        `markers name '${name}', which is not an action (have: ${actions.map((a) => a.name).join(', ')})`,
      );
      continue;
    }
    found.push(name);
    const bodyStart = start.index + start[0].length;
    const body = `\n${renderActionDocs(action)}\n`;
    if (text.slice(bodyStart, end.index) !== body) changed.push(name);
    out += text.slice(cursor, bodyStart) + body;
    cursor = end.index;
  }
  out += text.slice(cursor);
  return { text: out, changed, found, problems };
}

function defaultFiles(root) {
  const docs = join(root, 'docs');
  const inDocs = existsSync(docs)
    ? readdirSync(docs)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => join(docs, f))
    : [];
  return [join(root, 'README.md'), ...inDocs].filter((f) => existsSync(f));
}

function cli(argv) {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--check');
  if (unknown.length) {
    console.error(
      `action-docs: unknown option ${unknown[0]} (usage: action-docs.mjs [--check] [files…])`,
    );
    return 2;
  }
  const given = argv.filter((a) => !a.startsWith('--')).map((f) => resolve(f));
  const files = given.length ? given : defaultFiles(repoRoot);
  const actions = listActions().map((name) => loadAction(name));
  const documented = new Set();
  let stale = 0;
  let broken = 0;
  for (const file of files) {
    const name = relative(process.cwd(), file) || file;
    const before = readFileSync(file, 'utf8');
    const { text, changed, found, problems } = updateMarkdown(before, actions);
    found.forEach((n) => documented.add(n));
    for (const p of problems) console.error(`action-docs: ${name}: ${p}`);
    broken += problems.length;
    if (changed.length === 0) continue;
    if (check) {
      console.error(`action-docs: ${name}: stale tables for ${changed.join(', ')}`);
      stale += changed.length;
    } else {
      writeFileSync(file, text);
      console.log(`action-docs: ${name}: updated ${changed.join(', ')}`);
    }
  }
  const undocumented = actions.filter((a) => !documented.has(a.name)).map((a) => a.name);
  if (undocumented.length) {
    console.warn(`action-docs: no action-docs markers for ${undocumented.join(', ')}`);
  }
  if (broken) return 1;
  if (stale) {
    console.error("action-docs: run 'npm run docs' and commit the result.");
    return 1;
  }
  if (check) console.log('action-docs: tables are up to date.');
  return 0;
}

process.exitCode = cli(process.argv.slice(2));
