import * as path from 'node:path';
import ts from 'typescript';
import { loadAction } from '../../packages/cli/src/action-metadata.js';
import { REPO_ROOT } from '../harness/run-action.js';

/**
 * Finds the fallbacks an action's `src/inputs.ts` writes for its inputs and compares them with
 * the `default:` of action.yml. A fallback is the value code uses when the input is empty:
 * the first argument after the input name whose type is a literal (`getNumberInput('bins', 10)`,
 * `getChoiceInput('mode', MODES, 'compare')`, `getBooleanInput('x', DEFAULT_X)` with
 * `const DEFAULT_X = true`, also when imported), or the right side of `??` / `||` after such a
 * call (`getOptionalInput('report-dir') ?? 'drift-report'`). Types come from the TypeScript
 * checker, so constants are followed to their values. Inputs that several actions share are
 * read by a core module (`serving/endpoint-settings.ts`: the endpoint inputs of smoke-test and
 * deploy); the reads of each core module the inputs file imports that itself uses the input
 * helpers (`inputs/action-inputs.ts`) count as the action's.
 */

export interface Fallback {
  input: string;
  value: string | number | boolean;
  /** The file it is written in: the inputs file or a core module it imports. */
  file: string;
  /** 1-based line in that file. */
  line: number;
  /** Start and end offsets of the fallback expression in that file. */
  start: number;
  end: number;
}

export interface DefaultsReport {
  fallbacks: Fallback[];
  /** One line per problem: a fallback that differs from action.yml, or an undeclared input. */
  problems: string[];
}

function compilerOptions(): ts.CompilerOptions {
  const file = path.join(REPO_ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT).options;
}

function literalValue(
  checker: ts.TypeChecker,
  node: ts.Expression,
): string | number | boolean | undefined {
  const type = checker.getTypeAtLocation(node);
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type) === 'true';
  return undefined;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

export interface InputReads {
  /** Every `get…Input('name', …)` call: the input name, its file and line. */
  reads: Array<{ input: string; file: string; line: number }>;
  fallbacks: Fallback[];
}

/** Results by file: building a checked program is the slow part, so do it once per file. */
const cache = new Map<string, InputReads>();

/** The input reads and fallbacks of every `get…Input('name', …)` call in the given files. */
export function findInputReads(files: string[]): Map<string, InputReads> {
  const missing = files.filter((f) => !cache.has(f));
  if (missing.length > 0) analyse(missing);
  return new Map(files.map((f) => [f, cache.get(f)!]));
}

const INPUT_HELPERS = /[\\/]inputs[\\/]action-inputs\.js$/;

/** The `get…Input('name', …)` calls of one source file and their fallbacks, added to `into`. */
function collectReads(source: ts.SourceFile, checker: ts.TypeChecker, into: InputReads): void {
  const file = source.fileName;
  const lineOf = (node: ts.Node) =>
    source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const addFallback = (input: string, node: ts.Expression) => {
    const value = literalValue(checker, node);
    if (value === undefined) return;
    into.fallbacks.push({
      input,
      value,
      file,
      line: lineOf(node),
      start: node.getStart(source),
      end: node.getEnd(),
    });
  };
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      /Input$/.test(calleeName(node) ?? '') &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      const input = node.arguments[0].text;
      into.reads.push({ input, file, line: lineOf(node) });
      const fallback = node.arguments.slice(1).find((a) => literalValue(checker, a) !== undefined);
      if (fallback) addFallback(input, fallback);
      let outer: ts.Node = node;
      while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
      const parent = outer.parent;
      if (
        ts.isBinaryExpression(parent) &&
        parent.left === outer &&
        (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
      ) {
        addFallback(input, parent.right);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** The module specifiers a file imports from (`import … from '…'`). */
function importsOf(source: ts.SourceFile): ts.StringLiteral[] {
  return source.statements
    .filter(ts.isImportDeclaration)
    .map((d) => d.moduleSpecifier)
    .filter(ts.isStringLiteral);
}

const CORE_SRC = path.join(REPO_ROOT, 'packages', 'core', 'src').split(path.sep).join('/') + '/';

/**
 * The core modules `source` imports that read inputs themselves (they import the input
 * helpers), e.g. `serving/endpoint-settings.ts`.
 */
function inputReadingImports(source: ts.SourceFile, checker: ts.TypeChecker): ts.SourceFile[] {
  const found: ts.SourceFile[] = [];
  for (const specifier of importsOf(source)) {
    if (INPUT_HELPERS.test(specifier.text)) continue;
    const declaration = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
    if (!declaration || !ts.isSourceFile(declaration)) continue;
    if (!declaration.fileName.startsWith(CORE_SRC)) continue;
    if (importsOf(declaration).some((s) => INPUT_HELPERS.test(s.text))) found.push(declaration);
  }
  return found;
}

function analyse(files: string[]): void {
  const program = ts.createProgram(files, { ...compilerOptions(), noEmit: true });
  const checker = program.getTypeChecker();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`${file}: not part of the program`);
    const reads: InputReads = { reads: [], fallbacks: [] };
    collectReads(source, checker, reads);
    for (const shared of inputReadingImports(source, checker)) {
      collectReads(shared, checker, reads);
    }
    cache.set(file, reads);
  }
}

function sameValue(yamlDefault: string, value: string | number | boolean): boolean {
  if (typeof value === 'boolean') return yamlDefault.trim().toLowerCase() === String(value);
  if (typeof value === 'number') return yamlDefault.trim() !== '' && Number(yamlDefault) === value;
  return yamlDefault === value;
}

/**
 * Compares the fallbacks in `inputsFile` (default: actions/<name>/src/inputs.ts) with the
 * defaults of actions/<name>/action.yml under `actionRoot` (default: this repository), and
 * checks that every input it reads is declared.
 */
export function checkInputDefaults(
  actionName: string,
  { inputsFile, actionRoot = REPO_ROOT }: { inputsFile?: string; actionRoot?: string } = {},
): DefaultsReport {
  const action = loadAction(actionName, actionRoot);
  const file = inputsFile ?? path.join(REPO_ROOT, 'actions', actionName, 'src', 'inputs.ts');
  const { reads, fallbacks } = findInputReads([file]).get(file)!;
  const shown = (where: string) => path.relative(REPO_ROOT, where);
  const problems: string[] = [];
  const declared = new Map(action.inputs.map((i) => [i.name, i]));
  for (const { input, file: where, line } of reads) {
    if (!declared.has(input)) {
      problems.push(
        `${shown(where)}:${line} reads input '${input}', which ${actionName}/action.yml does not declare`,
      );
    }
  }
  for (const fallback of fallbacks) {
    const yamlDefault = declared.get(fallback.input)?.default;
    if (yamlDefault === undefined || yamlDefault.includes('${{')) continue;
    if (!sameValue(yamlDefault, fallback.value)) {
      problems.push(
        `${shown(fallback.file)}:${fallback.line} falls back to ${JSON.stringify(fallback.value)} for input '${fallback.input}', but ${actionName}/action.yml says default: '${yamlDefault}'`,
      );
    }
  }
  return { fallbacks, problems };
}
