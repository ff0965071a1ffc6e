// Node module hooks that let a plain-Node script import this repository's TypeScript sources
// (e.g. scripts/action-docs.mjs → packages/cli/src/action-metadata.ts), without a build step:
// a relative `./x.js` that does not exist resolves to `./x.ts`, and .ts files are transpiled
// (types stripped, no type check) with the TypeScript compiler. Register it with
//   import { register } from 'node:module'; register('./ts-hooks.mjs', import.meta.url);
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';
import ts from 'typescript';

export async function resolve(specifier, context, nextResolve) {
  if (/^\.{1,2}\//.test(specifier) && specifier.endsWith('.js') && context.parentURL) {
    const url = new URL(specifier, context.parentURL);
    const tsUrl = new URL(url.href.replace(/\.js$/, '.ts'));
    if (!existsSync(fileURLToPath(url)) && existsSync(fileURLToPath(tsUrl))) {
      return { url: tsUrl.href, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: false,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
