// Static checks of workflows that use ml-actions: the workflow parses with GitHub's own parser,
// every step of one of our actions passes only declared inputs and all required ones, and every
// `steps.<id>.outputs.<name>` / `needs.<job>.outputs.<name>` read names a real output.
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
} from '@actions/workflow-parser';
import { Lexer, Parser } from '@actions/expressions';
import {
  ContextAccess,
  Expr,
  FunctionCall,
  Grouping,
  IndexAccess,
  Literal,
  Logical,
  Binary,
  Unary,
} from '@actions/expressions/ast';
import { parse } from 'yaml';
import type { ActionMetadata } from '../../packages/cli/src/action-metadata.js';

export type Actions = Map<string, ActionMetadata>;
type Obj = Record<string, unknown>;

const CONTEXTS = [
  'github',
  'env',
  'vars',
  'job',
  'jobs',
  'steps',
  'runner',
  'secrets',
  'strategy',
  'matrix',
  'needs',
  'inputs',
];
const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'].map((name) => ({
  name,
  minArgs: 0,
  maxArgs: 0,
}));
const FUNCTIONS = [...STATUS_FUNCTIONS, { name: 'hashFiles', minArgs: 1, maxArgs: 255 }];

/** `./actions/<name>` or `<owner>/ml-actions/actions/<name>@<ref>` → `<name>`. */
export function localActionName(uses: string): string | undefined {
  const m = /^(?:\.\/|[\w.-]+\/ml-actions\/)actions\/([\w-]+)(?:@[\w./-]+)?$/.exec(uses.trim());
  if (!m) return undefined;
  return uses.startsWith('./') || uses.includes('@') ? m[1] : undefined;
}

/** Parses one expression (without `${{ }}`) with the GitHub expression parser. */
export function parseExpression(text: string): Expr {
  const { tokens } = new Lexer(text).lex();
  return new Parser(tokens, CONTEXTS, FUNCTIONS).parse();
}

export interface ExpressionSpan {
  /** Index of `${{`. */
  start: number;
  /** Index just after `}}`. */
  end: number;
  expression: string;
}

/** Where the `${{ … }}` expressions of a string are (quotes respected, so `'}}'` does not end one). */
export function expressionSpans(text: string): ExpressionSpan[] {
  const spans: ExpressionSpan[] = [];
  let i = text.indexOf('${{');
  while (i >= 0) {
    let j = i + 3;
    let quoted = false;
    while (j < text.length && (quoted || text.slice(j, j + 2) !== '}}')) {
      if (text[j] === "'") quoted = !quoted;
      j++;
    }
    spans.push({
      start: i,
      end: Math.min(j + 2, text.length),
      expression: text.slice(i + 3, j).trim(),
    });
    i = text.indexOf('${{', j + 2);
  }
  return spans;
}

/** The `${{ … }}` expressions inside a string. */
export function embeddedExpressions(text: string): string[] {
  return expressionSpans(text).map((s) => s.expression);
}

/** Literal property paths an expression reads: `steps.gate.outputs.passed` → ['steps','gate','outputs','passed']. */
export function contextPaths(expr: Expr): string[][] {
  const paths: string[][] = [];
  const chain = (e: Expr): string[] | undefined => {
    if (e instanceof ContextAccess) return [e.name.lexeme];
    if (e instanceof IndexAccess) {
      const base = chain(e.expr);
      if (base && e.index instanceof Literal) return [...base, e.index.literal.coerceString()];
      visit(e.index);
      return undefined;
    }
    return undefined;
  };
  const visit = (e: Expr): void => {
    if (e instanceof ContextAccess || e instanceof IndexAccess) {
      const path = chain(e);
      if (path) paths.push(path);
      else if (e instanceof IndexAccess) visit(e.expr);
    } else if (e instanceof FunctionCall) e.args.forEach(visit);
    else if (e instanceof Logical) e.args.forEach(visit);
    else if (e instanceof Binary) [e.left, e.right].forEach(visit);
    else if (e instanceof Unary) visit(e.expr);
    else if (e instanceof Grouping) visit(e.group);
  };
  visit(expr);
  return paths;
}

/** Every expression in a YAML value: `${{ }}` in strings, and the bare expressions of `if:`. */
function expressionsIn(value: unknown, key?: string): string[] {
  if (typeof value === 'string') {
    const embedded = embeddedExpressions(value);
    if (key === 'if' && embedded.length === 0) return [value];
    return embedded;
  }
  if (Array.isArray(value)) return value.flatMap((v) => expressionsIn(v));
  if (value && typeof value === 'object') {
    return Object.entries(value as Obj).flatMap(([k, v]) => expressionsIn(v, k));
  }
  return [];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one job's steps (a full job, or the steps of a documentation fragment). */
function checkSteps(
  steps: unknown[],
  where: string,
  actions: Actions,
  strictIds: boolean,
): string[] {
  const problems: string[] = [];
  const ids = new Map<string, { index: number; action?: ActionMetadata }>();
  steps.forEach((step, index) => {
    if (!isObj(step)) return;
    const label = `${where} step ${typeof step.id === 'string' ? `'${step.id}'` : index + 1}`;
    let action: ActionMetadata | undefined;
    if (typeof step.uses === 'string') {
      const name = localActionName(step.uses);
      if (name !== undefined) {
        action = actions.get(name);
        if (!action)
          problems.push(`${label}: uses '${step.uses}', but there is no action '${name}'`);
      } else if (/(^\.\/actions\/)|(\/ml-actions\/)/.test(step.uses)) {
        problems.push(
          `${label}: uses '${step.uses}', which does not name an action as ./actions/<name> or <owner>/ml-actions/actions/<name>@<ref>`,
        );
      }
    }
    if (action) {
      const withKeys = isObj(step.with) ? Object.keys(step.with) : [];
      const declared = new Set(action.inputs.map((i) => i.name));
      for (const key of withKeys) {
        if (!declared.has(key)) {
          problems.push(
            `${label}: input '${key}' is not declared by ${action.name} (inputs: ${[...declared].join(', ')})`,
          );
        }
      }
      for (const input of action.inputs.filter((i) => i.required)) {
        if (!withKeys.includes(input.name))
          problems.push(`${label}: required input '${input.name}' of ${action.name} is missing`);
      }
    }
    if (typeof step.id === 'string') ids.set(step.id, { index, action });
  });
  steps.forEach((step, index) => {
    if (!isObj(step)) return;
    for (const problem of checkReads(expressionsIn(step), ids, strictIds, index)) {
      problems.push(
        `${where} step ${typeof step.id === 'string' ? `'${step.id}'` : index + 1}: ${problem}`,
      );
    }
  });
  return problems;
}

/** Problems with the `steps.<id>.outputs.<name>` reads of some expressions. */
function checkReads(
  expressions: string[],
  ids: Map<string, { index: number; action?: ActionMetadata }>,
  strictIds: boolean,
  readerIndex: number,
): string[] {
  const problems: string[] = [];
  for (const text of expressions) {
    let expr: Expr;
    try {
      expr = parseExpression(text);
    } catch (error) {
      problems.push(`expression '${text}' does not parse: ${(error as Error).message}`);
      continue;
    }
    for (const path of contextPaths(expr)) {
      if (path[0] !== 'steps' || path.length < 2) continue;
      const step = ids.get(path[1]);
      if (!step) {
        if (strictIds) problems.push(`reads steps.${path[1]}, but no step has id '${path[1]}'`);
        continue;
      }
      if (step.index >= readerIndex) {
        problems.push(`reads steps.${path[1]}, which runs after it`);
      }
      if (path[2] === 'outputs' && path[3] !== undefined && step.action) {
        if (!step.action.outputs.some((o) => o.name === path[3])) {
          problems.push(
            `reads steps.${path[1]}.outputs.${path[3]}, but ${step.action.name} has no output '${path[3]}' (outputs: ${step.action.outputs.map((o) => o.name).join(', ')})`,
          );
        }
      }
    }
  }
  return problems;
}

/** Checks a whole workflow file: GitHub's parser first, then our actions' contracts. */
export async function checkWorkflow(
  name: string,
  content: string,
  actions: Actions,
): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const problems = parsed.context.errors.getErrors().map((e) => e.message);
  // Converting finds what the schema cannot: job dependencies (unknown needs, cycles) …
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    problems.push(...(template.errors ?? []).map((e) => e.Message));
  }
  const doc = parse(content) as unknown;
  if (!isObj(doc) || !isObj(doc.jobs)) return [...problems, `${name}: no jobs`];
  return [...problems, ...checkJobs(name, doc.jobs, actions)];
}

/** Our actions' contracts in every job: inputs, step outputs read, job outputs read by needs. */
function checkJobs(name: string, jobs: Obj, actions: Actions): string[] {
  const problems: string[] = [];
  for (const [jobId, job] of Object.entries(jobs)) {
    if (!isObj(job)) continue;
    const where = `${name}: job '${jobId}'`;
    const steps = Array.isArray(job.steps) ? job.steps : [];
    problems.push(...checkSteps(steps, where, actions, true));
    // Job outputs may read any step of the job; they run after all of them.
    const ids = new Map<string, { index: number; action?: ActionMetadata }>();
    steps.forEach((s, index) => {
      if (isObj(s) && typeof s.id === 'string') {
        const actionName = typeof s.uses === 'string' ? localActionName(s.uses) : undefined;
        ids.set(s.id, { index, action: actionName ? actions.get(actionName) : undefined });
      }
    });
    for (const p of checkReads(expressionsIn(job.outputs), ids, true, steps.length))
      problems.push(`${where} outputs: ${p}`);
    problems.push(...checkNeedsReads(where, job, jobs));
  }
  return problems;
}

/** `needs.<job>.outputs.<name>` must name a job this one needs and an output that job declares. */
function checkNeedsReads(where: string, job: Obj, jobs: Obj): string[] {
  const problems: string[] = [];
  const needs =
    typeof job.needs === 'string' ? [job.needs] : Array.isArray(job.needs) ? job.needs : [];
  const own = { ...job, outputs: undefined };
  for (const text of expressionsIn(own)) {
    let expr: Expr;
    try {
      expr = parseExpression(text);
    } catch {
      continue; // reported by checkSteps
    }
    for (const path of contextPaths(expr)) {
      if (path[0] !== 'needs' || path.length < 2) continue;
      if (!needs.includes(path[1])) {
        problems.push(
          `${where}: reads needs.${path[1]}, but the job does not list '${path[1]}' in needs`,
        );
        continue;
      }
      const other = jobs[path[1]];
      const outputs = isObj(other) && isObj(other.outputs) ? Object.keys(other.outputs) : [];
      if (path[2] === 'outputs' && path[3] !== undefined && !outputs.includes(path[3])) {
        problems.push(
          `${where}: reads needs.${path[1]}.outputs.${path[3]}, but job '${path[1]}' declares no such output (has: ${outputs.join(', ') || 'none'})`,
        );
      }
    }
  }
  return problems;
}

export interface Snippet {
  file: string;
  line: number;
  text: string;
}

/** The ```yaml blocks of a markdown file. */
export function yamlSnippets(file: string, markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const m of markdown.matchAll(/^```ya?ml[^\n]*\n([\s\S]*?)^```/gm)) {
    snippets.push({ file, line: markdown.slice(0, m.index).split('\n').length, text: m[1] });
  }
  return snippets;
}

/**
 * Checks a documentation snippet: a whole workflow like a file; a `jobs:` excerpt, a job, a list of steps or one
 * step by its action contracts (ids it does not define are not reported: the reader's
 * workflow has the rest). Anything else (a policy, a config) is not a workflow and is skipped.
 * Returns undefined for a skipped snippet.
 */
export async function checkSnippet(
  snippet: Snippet,
  actions: Actions,
): Promise<string[] | undefined> {
  const where = `${snippet.file}:${snippet.line}`;
  let doc: unknown;
  try {
    doc = parse(snippet.text);
  } catch (error) {
    return [`${where}: YAML does not parse: ${(error as Error).message.split('\n')[0]}`];
  }
  // A whole workflow goes through GitHub's parser; a `jobs:` excerpt only through our checks.
  if (isObj(doc) && isObj(doc.jobs)) {
    return 'on' in doc
      ? [
          ...(await checkWorkflow(where, snippet.text, actions)),
          ...checkPermissions(where, snippet.text, actions),
        ]
      : checkJobs(where, doc.jobs, actions);
  }
  const steps = Array.isArray(doc)
    ? doc
    : isObj(doc) && Array.isArray(doc.steps)
      ? doc.steps
      : isObj(doc) && 'uses' in doc
        ? [doc]
        : undefined;
  if (!steps || !steps.some((s) => isObj(s) && ('uses' in s || 'run' in s))) return undefined;
  return checkSteps(steps, where, actions, false);
}

type Permissions = Record<string, string> | 'read-all' | 'write-all';

/**
 * The GITHUB_TOKEN scopes a step of one of our actions writes with, given its `with:`: the
 * gate's comment, deploy's GitHub Deployment, drift-monitor's issue and dispatch. A step that
 * passes its own `github-token` (a PAT or an app's token) is not the workflow token's business.
 */
function writeScopesOf(action: string, w: Obj, events: Set<string>): string[][] {
  const token = typeof w['github-token'] === 'string' ? w['github-token'] : undefined;
  if (token !== undefined && !/^\$\{\{\s*(github\.token|secrets\.GITHUB_TOKEN)\s*\}\}$/.test(token))
    return [];
  const value = (key: string) => (w[key] === undefined ? undefined : String(w[key]));
  const needs: string[][] = [];
  // comment: auto only comments when the event names a pull request.
  const comment = value('comment') ?? 'auto';
  const onPullRequests = ['pull_request', 'pull_request_target', 'workflow_run', 'issue_comment'];
  const comments =
    comment === 'always' ||
    comment.includes('${{') ||
    (comment === 'auto' && onPullRequests.some((e) => events.has(e)));
  if (action === 'gate' && comments) needs.push(['pull-requests', 'issues']);
  if (action === 'deploy' && value('github-deployment') !== 'false') needs.push(['deployments']);
  // mode: profile only writes a profile file; it never alerts.
  if (action === 'drift-monitor' && value('mode') !== 'profile') {
    const alert = value('alert');
    if (
      alert === 'issue' ||
      (alert === undefined && events.has('schedule')) ||
      alert?.includes('${{')
    )
      needs.push(['issues']);
    if (value('dispatch-event')) needs.push(['contents']);
  }
  if (action === 'pipeline-monitor') {
    // `scope:read` is met by read or write.
    needs.push(['actions:read'], ['contents:read']);
    if (value('environments') !== '') needs.push(['deployments:read']);
    if (value('alert') !== 'none') needs.push(['issues']);
  }
  return needs;
}

/** Write scopes that well-known third-party actions need (OIDC federation, attestations). */
const THIRD_PARTY_WRITES: Record<string, string[]> = {
  'aws-actions/configure-aws-credentials': ['id-token'],
  'google-github-actions/auth': ['id-token'],
  'azure/login': ['id-token'],
  'actions/attest-build-provenance': ['id-token', 'attestations'],
};

function thirdPartyWrites(uses: string): string[] {
  return THIRD_PARTY_WRITES[uses.split('@')[0].toLowerCase()] ?? [];
}

/**
 * When a workflow sets `permissions:` (as every example should: least privilege), each job's
 * token must still be able to do what its steps of our actions write: else they meet
 * 403 "Resource not accessible by integration" on the first real run. The other way round,
 * no job may hold a write scope (or `write-all`) that none of its steps writes with.
 */
export function checkPermissions(name: string, content: string, actions: Actions): string[] {
  const doc = parse(content) as Obj;
  const on = doc.on;
  const events = new Set(
    typeof on === 'string'
      ? [on]
      : Array.isArray(on)
        ? on.map(String)
        : isObj(on)
          ? Object.keys(on)
          : [],
  );
  const problems: string[] = [];
  for (const [jobId, job] of Object.entries(isObj(doc.jobs) ? doc.jobs : {})) {
    if (!isObj(job)) continue;
    const granted = (job.permissions ?? doc.permissions) as Permissions | undefined;
    if (granted === undefined) continue;
    if (granted === 'write-all') {
      problems.push(`${name}: job '${jobId}' grants write-all; list the scopes its steps need`);
      continue;
    }
    const canWrite = (need: string) => {
      const [scope, level = 'write'] = need.split(':');
      if (granted === 'read-all') return level === 'read';
      return (
        isObj(granted) &&
        (granted[scope] === 'write' || (level === 'read' && granted[scope] === 'read'))
      );
    };
    // The scopes some step writes with (a `scope:read` need justifies no write).
    const needed = new Set<string>();
    for (const step of Array.isArray(job.steps) ? job.steps : []) {
      if (!isObj(step) || typeof step.uses !== 'string') continue;
      thirdPartyWrites(step.uses).forEach((scope) => needed.add(scope));
      const action = localActionName(step.uses);
      if (!action || !actions.has(action)) continue;
      for (const scopes of writeScopesOf(action, isObj(step.with) ? step.with : {}, events)) {
        scopes.filter((scope) => !scope.includes(':')).forEach((scope) => needed.add(scope));
        if (!scopes.some(canWrite)) {
          const label = typeof step.id === 'string' ? `'${step.id}'` : `'${step.uses}'`;
          problems.push(
            `${name}: job '${jobId}' step ${label} (${action}) needs permissions ${scopes.map((s) => `${s.split(':')[0]}: ${s.split(':')[1] ?? 'write'}`).join(' or ')}`,
          );
        }
      }
    }
    // Least privilege the other way round: a write scope that no step of the job writes with.
    for (const [scope, level] of Object.entries(isObj(granted) ? granted : {})) {
      if (level === 'write' && !needed.has(scope)) {
        problems.push(
          `${name}: job '${jobId}' grants ${scope}: write, which none of its steps writes with`,
        );
      }
    }
  }
  return problems;
}
