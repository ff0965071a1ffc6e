#!/usr/bin/env node
// Fails when the value imports between the domain folders of packages/core/src form a cycle,
// naming each cycle and the imports that make it; also when a core module sits outside a
// folder of the layering table (scripts/layers.mjs), which the lint rules would not cover.
// Part of `npm run lint`. Imports are read with the TypeScript parser: `import type`,
// `export type` and specifiers marked `type` are skipped (they vanish at runtime); dynamic
// `import('…')` counts. Tests (*.test.ts) are not shipped and are skipped.
//
//   node scripts/check-layers.mjs [--src <packages/core/src>]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { LAYERS } from './layers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The module specifiers a file imports values from, with their lines. */
export function valueImports(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (node, literal) =>
    found.push({
      specifier: literal.text,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
    });
  const allTypes = (elements) => elements.length > 0 && elements.every((e) => e.isTypeOnly);
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            allTypes(clause.namedBindings.elements)));
      if (!typeOnly) add(node, node.moduleSpecifier);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly =
        node.isTypeOnly ||
        (node.exportClause !== undefined &&
          ts.isNamedExports(node.exportClause) &&
          allTypes(node.exportClause.elements));
      if (!typeOnly) add(node, node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      !node.isTypeOnly &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      add(node, node.moduleReference.expression);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node, node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The domain folder a specifier imported from `file` lands in (undefined outside core). */
function targetFolder(srcDir, file, specifier) {
  const self = /^@ml-actions\/core\/([^/]+)\//.exec(specifier);
  if (self) return self[1];
  if (!specifier.startsWith('.')) return undefined;
  const rel = relative(srcDir, resolve(dirname(file), specifier));
  if (rel.startsWith('..') || rel.split(sep).length < 2) return undefined;
  return rel.split(sep)[0];
}

/** Strongly connected components (Tarjan) of a graph given as Map<node, Set<node>>. */
function components(graph) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const result = [];
  const connect = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!info.has(w)) {
        connect(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) {
        info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
      }
    }
    if (info.get(v).low === info.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      result.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!info.has(v)) connect(v);
  return result;
}

/** A shortest cycle through `start` inside one component: [start, …, start]. */
function cycleThrough(graph, start, members) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== undefined; x = previous.get(x)) path.unshift(x);
        return path;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** Checks the core sources under srcDir; returns the problems (empty when all is well). */
export function checkLayers(srcDir) {
  const problems = [];
  const graph = new Map();
  const evidence = new Map();
  for (const file of sourceFiles(srcDir).sort()) {
    const shown = relative(root, file).split(sep).join('/');
    const parts = relative(srcDir, file).split(sep);
    if (parts.length < 2 || !(parts[0] in LAYERS)) {
      problems.push(
        `${shown}: not in a domain folder of the layering table (scripts/layers.mjs); ` +
          'put it in one, or add its folder to the table and CONVENTIONS.md.',
      );
      continue;
    }
    const from = parts[0];
    for (const { specifier, line } of valueImports(file, readFileSync(file, 'utf8'))) {
      const to = targetFolder(srcDir, file, specifier);
      if (to === undefined || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from).add(to);
      const key = `${from}>${to}`;
      if (!evidence.has(key)) evidence.set(key, []);
      evidence.get(key).push(`${shown}:${line} imports '${specifier}'`);
    }
  }
  // Every folder caught in a cycle: the shortest cycle through it, each named once (a cycle is
  // written from its alphabetically first folder).
  const seen = new Set();
  for (const component of components(graph)) {
    if (component.length < 2) continue;
    const members = new Set(component);
    for (const start of component) {
      const cycle = cycleThrough(graph, start, members);
      const ring = cycle.slice(0, -1);
      const first = ring.indexOf([...ring].sort()[0]);
      const canonical = [...ring.slice(first), ...ring.slice(0, first), ring[first]];
      const key = canonical.join('>');
      if (seen.has(key)) continue;
      seen.add(key);
      const lines = [`cycle between domain folders: ${canonical.join(' -> ')}`];
      for (let i = 0; i + 1 < canonical.length; i++) {
        for (const where of evidence.get(`${canonical[i]}>${canonical[i + 1]}`)) {
          lines.push(`  ${canonical[i]} -> ${canonical[i + 1]}: ${where}`);
        }
      }
      problems.push(lines.join('\n'));
    }
  }
  return problems;
}

function main(argv) {
  const at = argv.indexOf('--src');
  const srcDir = resolve(at >= 0 ? argv[at + 1] : join(root, 'packages', 'core', 'src'));
  // The table itself must be a DAG, or following it could still build a cycle.
  const tableGraph = new Map(Object.entries(LAYERS).map(([k, v]) => [k, new Set(v)]));
  const tableCycles = components(tableGraph).filter((c) => c.length > 1);
  const problems = [
    ...tableCycles.map(
      (c) => `scripts/layers.mjs: the layering table has a cycle: ${c.join(', ')}`,
    ),
    ...checkLayers(srcDir),
  ];
  if (problems.length > 0) {
    console.error(
      `check-layers: ${problems.length} problem(s) in ${relative(root, srcDir) || '.'}:`,
    );
    for (const problem of problems) console.error(problem);
    return 1;
  }
  console.log('check-layers: no cycles between the domain folders of packages/core/src.');
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
