// Executes a workflow job step by step the way a runner would, for end-to-end tests of the
// examples in workflows-examples/: `${{ }}` expressions evaluated with @actions/expressions
// (github, env, vars, steps, needs, inputs, secrets, matrix, runner, job), `if:` with the
// implicit success(), `env:` at workflow/job/step level plus GITHUB_ENV exports, `id:`,
// `with:` with action.yml defaults filled in, `continue-on-error`. Our own actions
// (`./actions/<name>` or `<owner>/ml-actions/actions/<name>@<ref>`) run their bundled
// dist/ through runAction(); `run:` steps run in bash; other actions (checkout, artifacts)
// go to small handlers, and steps of actions that are not built yet can be stubbed.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Evaluator, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import { parse } from 'yaml';
import { loadAction } from '../../packages/cli/src/action-metadata.js';
import { expressionSpans, localActionName, parseExpression } from '../workflows/workflow-lint.js';
import { parseFileCommands, REPO_ROOT, runAction } from './run-action.js';

type Obj = Record<string, unknown>;
export type Outcome = 'success' | 'failure' | 'skipped';

export interface StepResult {
  id?: string;
  name: string;
  kind: 'action' | 'run' | 'external' | 'stub';
  outcome: Outcome;
  conclusion: Outcome;
  outputs: Record<string, string>;
  exitCode?: number;
  summary: string;
  log: string;
  /** The inputs an action step received (after expressions and defaults). */
  inputs?: Record<string, string>;
}

export interface JobResult {
  result: 'success' | 'failure' | 'skipped';
  steps: StepResult[];
  outputs: Record<string, string>;
  /** Steps by id, for assertions. */
  step(id: string): StepResult;
}

/** What a stubbed step "did": its outputs and outcome. */
export interface StepStub {
  outputs?: Record<string, string>;
  outcome?: 'success' | 'failure';
}

export interface ExternalActionCall {
  uses: string;
  with: Record<string, string>;
  workspace: string;
  artifactsDir: string;
}
export type ExternalAction = (call: ExternalActionCall) => Promise<Record<string, string> | void>;

export interface JobRunOptions {
  /** Path of the workflow file (relative to the repository root or absolute). */
  workflow: string;
  job: string;
  eventName: string;
  event: Obj;
  /** The checkout: cwd and GITHUB_WORKSPACE of every step. */
  workspace: string;
  repository?: string;
  githubApiUrl?: string;
  /** github.token and secrets.GITHUB_TOKEN. */
  token?: string;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  inputs?: Record<string, string>;
  matrix?: Obj;
  needs?: Record<string, { result: string; outputs: Record<string, string> }>;
  /** Extra environment for every step (e.g. the artifact-service emulator's variables). */
  env?: Record<string, string>;
  /** Steps (by id, or by name for a step without one) to not execute, with the outputs they stand for. */
  stubs?: Record<string, StepStub>;
  /** Handlers of other actions by `owner/name`, added to the built-in ones. */
  externalActions?: Record<string, ExternalAction>;
  /** Where actions/upload-artifact puts artifacts (default: a temp dir). */
  artifactsDir?: string;
}

const STATUS_FUNCTIONS = /\b(success|failure|always|cancelled)\s*\(/;

/** The built-in handlers: checkout is the prepared workspace; artifacts live in a local dir. */
const BUILTIN_ACTIONS: Record<string, ExternalAction> = {
  'actions/checkout': async () => {},
  'actions/upload-artifact': async ({ with: w, workspace, artifactsDir }) => {
    const target = path.join(artifactsDir, w.name || 'artifact');
    for (const line of (w.path ?? '').split('\n').filter((l) => l.trim())) {
      const source = path.resolve(workspace, line.trim());
      const exists = await fs.stat(source).then(
        () => true,
        () => false,
      );
      // Like the real action, a missing path is a warning unless if-no-files-found: error.
      if (!exists && w['if-no-files-found'] === 'error') throw new Error(`no files at ${line}`);
      if (exists)
        await fs.cp(source, path.join(target, path.basename(source)), { recursive: true });
    }
  },
  'actions/download-artifact': async ({ with: w, workspace, artifactsDir }) => {
    const target = path.resolve(workspace, w.path || '.');
    if (w.name) return void (await copyArtifact(path.join(artifactsDir, w.name), target));
    // By pattern (or all): each artifact in its own directory unless merge-multiple.
    const pattern = globRegExp(w.pattern || '*');
    for (const name of (await fs.readdir(artifactsDir)).filter((n) => pattern.test(n))) {
      const into = w['merge-multiple'] === 'true' ? target : path.join(target, name);
      await copyArtifact(path.join(artifactsDir, name), into);
    }
  },
};

/** Puts an artifact's content under `target` (a directory uploaded alone is stored as its content). */
async function copyArtifact(source: string, target: string): Promise<void> {
  await fs.mkdir(target, { recursive: true });
  for (const entry of await fs.readdir(source)) {
    const from = path.join(source, entry);
    if ((await fs.stat(from)).isDirectory()) await fs.cp(from, target, { recursive: true });
    else await fs.cp(from, path.join(target, entry));
  }
}

function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Runs one job of a workflow file and returns every step's result and the job's outputs. */
export async function runWorkflowJob(options: JobRunOptions): Promise<JobResult> {
  const file = path.resolve(REPO_ROOT, options.workflow);
  const workflow = parse(await fs.readFile(file, 'utf8')) as Obj;
  const job = (workflow.jobs as Obj | undefined)?.[options.job] as Obj | undefined;
  if (!job) throw new Error(`${options.workflow} has no job '${options.job}'`);
  const repository = options.repository ?? 'ml-team/models';
  const token = options.token ?? '';
  const artifactsDir =
    options.artifactsDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'artifacts-')));
  const runnerTemp = await fs.mkdtemp(path.join(os.tmpdir(), 'workflow-runner-'));
  const githubEnv = githubVariables(options, repository, file);
  githubEnv.GITHUB_EVENT_PATH = path.join(runnerTemp, 'event.json');
  await fs.writeFile(githubEnv.GITHUB_EVENT_PATH, JSON.stringify(options.event));
  const github = githubContext(options, repository, token, githubEnv);
  const results: StepResult[] = [];
  const steps: Obj = {};
  const exported: Record<string, string> = {};
  let jobStatus: 'success' | 'failure' = 'success';

  const context = (env: Record<string, string>) =>
    toData({
      github,
      env,
      vars: options.vars ?? {},
      steps,
      needs: options.needs ?? {},
      // workflow_dispatch inputs are both github.event.inputs and the inputs context.
      inputs: options.inputs ?? (options.event.inputs as Obj | undefined) ?? {},
      secrets: { GITHUB_TOKEN: token, ...options.secrets },
      matrix: options.matrix ?? {},
      runner: { os: 'Linux', arch: 'X64', temp: runnerTemp, name: 'workflow-runner' },
      job: { status: jobStatus },
      strategy: {},
    });
  const functions = () => statusFunctions(jobStatus);
  const evalString = (value: unknown, env: Record<string, string>) =>
    evaluateTemplate(String(value ?? ''), context(env), functions());

  // Workflow env, then job env (each may use the contexts available at that level).
  const baseEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries((workflow.env as Obj) ?? {}))
    baseEnv[k] = evalString(v, baseEnv);
  for (const [k, v] of Object.entries((job.env as Obj) ?? {})) baseEnv[k] = evalString(v, baseEnv);

  // At job level the status functions speak of the needed jobs.
  const needsFailed = Object.values(options.needs ?? {}).some((n) => n.result === 'failure');
  const jobCondition = String(job.if ?? 'success()');
  if (
    !evaluateCondition(
      jobCondition,
      context(baseEnv),
      statusFunctions(needsFailed ? 'failure' : 'success'),
    )
  ) {
    return jobResult('skipped', [], {});
  }

  const handlers = { ...BUILTIN_ACTIONS, ...options.externalActions };
  /** Runs a step whose condition held and that is not stubbed. */
  const execute = async (
    raw: Obj,
    label: string,
    stepEnv: Record<string, string>,
  ): Promise<StepRun> => {
    const withValues: Record<string, string> = {};
    for (const [k, v] of Object.entries((raw.with as Obj) ?? {}))
      withValues[k] = evalString(v, stepEnv);
    const processEnv = { ...githubEnv, ...options.env, ...stepEnv };
    if (raw.run !== undefined) {
      if (raw.shell !== undefined && raw.shell !== 'bash') {
        throw new Error(`${label}: shell '${String(raw.shell)}' is not supported here (bash only)`);
      }
      const dir = raw['working-directory'];
      const cwd = dir
        ? path.resolve(options.workspace, evalString(dir, stepEnv))
        : options.workspace;
      return runShell(evalString(raw.run, stepEnv), cwd, processEnv, runnerTemp);
    }
    if (typeof raw.uses !== 'string') throw new Error(`${label} has neither run nor uses`);
    const local = localActionName(raw.uses);
    if (local) {
      return runOwnAction(
        local,
        withValues,
        context(stepEnv),
        functions(),
        options,
        repository,
        processEnv,
        runnerTemp,
      );
    }
    const handler = handlers[raw.uses.split('@')[0]];
    if (!handler)
      throw new Error(`${label} uses ${raw.uses}: no handler; stub it or pass externalActions`);
    try {
      const outputs = await handler({
        uses: raw.uses,
        with: withValues,
        workspace: options.workspace,
        artifactsDir,
      });
      return {
        kind: 'external',
        outcome: 'success',
        conclusion: 'success',
        outputs: outputs ?? {},
        summary: '',
        log: '',
      };
    } catch (error) {
      const log = (error as Error).message;
      return {
        kind: 'external',
        outcome: 'failure',
        conclusion: 'failure',
        outputs: {},
        summary: '',
        log,
      };
    }
  };

  for (const [index, raw] of ((job.steps as Obj[]) ?? []).entries()) {
    const id = typeof raw.id === 'string' ? raw.id : undefined;
    const label = `step ${id ?? index + 1}`;
    const stepEnv = { ...baseEnv, ...exported };
    for (const [k, v] of Object.entries((raw.env as Obj) ?? {}))
      stepEnv[k] = evalString(v, stepEnv);
    const name =
      raw.name !== undefined
        ? evalString(raw.name, stepEnv)
        : String(raw.uses ?? raw.run).split('\n')[0];
    const condition = raw.if === undefined ? 'success()' : String(raw.if);
    let run: StepRun;
    if (!evaluateCondition(condition, context(stepEnv), functions())) {
      const kind = raw.run !== undefined ? 'run' : 'action';
      run = { kind, outcome: 'skipped', conclusion: 'skipped', outputs: {}, summary: '', log: '' };
    } else if (options.stubs?.[id ?? name]) {
      const { outputs = {}, outcome = 'success' } = options.stubs[id ?? name];
      run = { kind: 'stub', outcome, conclusion: outcome, outputs, summary: '', log: '(stubbed)' };
    } else {
      run = await execute(raw, label, stepEnv);
      if (run.outcome === 'failure' && isTrue(raw['continue-on-error'])) run.conclusion = 'success';
    }
    const { exportedEnv, ...result } = run;
    Object.assign(exported, exportedEnv);
    if (result.conclusion === 'failure') jobStatus = 'failure';
    results.push({ id, name, ...result });
    if (id)
      steps[id] = {
        outputs: result.outputs,
        outcome: result.outcome,
        conclusion: result.conclusion,
      };
  }

  const outputs: Record<string, string> = {};
  for (const [k, v] of Object.entries((job.outputs as Obj) ?? {}))
    outputs[k] = evalString(v, baseEnv);
  return jobResult(jobStatus, results, outputs);
}

export interface WorkflowRunOptions extends Omit<
  JobRunOptions,
  'job' | 'workspace' | 'matrix' | 'needs'
> {
  /** The repository's files: every job (and matrix leg) starts from a fresh copy, like a checkout on a new runner. */
  checkout: string;
}

export interface WorkflowResult {
  /** Each job's runs: one per matrix leg (one for a job without a matrix). */
  jobs: Record<string, JobResult[]>;
  /** needs.<job>.result as the next jobs saw it. */
  results: Record<string, 'success' | 'failure' | 'skipped'>;
}

/**
 * Runs every job of a workflow in `needs` order, each matrix leg in its own fresh workspace,
 * with artifacts shared between jobs through `artifactsDir`. A job whose needs did not all
 * succeed is skipped unless its `if:` uses a status function (always(), failure() …).
 */
export async function runWorkflow(options: WorkflowRunOptions): Promise<WorkflowResult> {
  const file = path.resolve(REPO_ROOT, options.workflow);
  const jobs = ((parse(await fs.readFile(file, 'utf8')) as Obj).jobs ?? {}) as Record<string, Obj>;
  const artifactsDir =
    options.artifactsDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'artifacts-')));
  const result: WorkflowResult = { jobs: {}, results: {} };
  const needsContext: Record<string, { result: string; outputs: Record<string, string> }> = {};
  for (const id of jobOrder(jobs)) {
    const job = jobs[id];
    const needs = listOf(job.needs);
    const upstreamOk = needs.every((n) => result.results[n] === 'success');
    if (!upstreamOk && !STATUS_FUNCTIONS.test(String(job.if ?? ''))) {
      result.jobs[id] = [jobResult('skipped', [], {})];
    } else {
      result.jobs[id] = [];
      for (const matrix of expandMatrix((job.strategy as Obj | undefined)?.matrix)) {
        const workspace = await fs.mkdtemp(path.join(os.tmpdir(), `job-${id}-`));
        await fs.cp(options.checkout, workspace, { recursive: true });
        const needsHere = Object.fromEntries(needs.map((n) => [n, needsContext[n]]));
        result.jobs[id].push(
          await runWorkflowJob({
            ...options,
            job: id,
            workspace,
            matrix,
            needs: needsHere,
            artifactsDir,
          }),
        );
      }
    }
    const legs = result.jobs[id];
    const status = legs.some((l) => l.result === 'failure')
      ? 'failure'
      : legs.every((l) => l.result === 'skipped')
        ? 'skipped'
        : 'success';
    result.results[id] = status;
    // Like GitHub, a matrix job's outputs are those of the legs that set them (last one wins).
    needsContext[id] = {
      result: status,
      outputs: Object.assign({}, ...legs.map((l) => l.outputs)),
    };
  }
  return result;
}

function listOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.map(String) : [];
}

/** Job ids with every job after the jobs it needs (file order otherwise). */
function jobOrder(jobs: Record<string, Obj>): string[] {
  const order: string[] = [];
  const visit = (id: string, trail: string[]) => {
    if (order.includes(id)) return;
    if (trail.includes(id))
      throw new Error(`jobs need each other in a cycle: ${[...trail, id].join(' → ')}`);
    if (!jobs[id]) throw new Error(`job '${trail.at(-1)}' needs '${id}', which does not exist`);
    for (const need of listOf(jobs[id].needs)) visit(need, [...trail, id]);
    order.push(id);
  };
  Object.keys(jobs).forEach((id) => visit(id, []));
  return order;
}

/**
 * The legs of a `strategy.matrix`: the cross product of its keys, minus `exclude`, then
 * `include` entries merged into the legs they match (on the original keys) or added as legs.
 */
export function expandMatrix(matrix: unknown): Array<Obj | undefined> {
  if (!matrix || typeof matrix !== 'object') return [undefined];
  const { include, exclude, ...axes } = matrix as Obj;
  let legs: Obj[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    if (!Array.isArray(values))
      throw new Error(`matrix.${key} must be a list here (expressions are not expanded)`);
    legs = legs.flatMap((leg) => values.map((v) => ({ ...leg, [key]: v })));
  }
  const matches = (leg: Obj, partial: Obj, keys = Object.keys(partial)) =>
    keys.every((k) => JSON.stringify(leg[k]) === JSON.stringify(partial[k]));
  for (const ex of listOfObjects(exclude)) legs = legs.filter((leg) => !matches(leg, ex));
  if (Object.keys(axes).length === 0) legs = [];
  for (const inc of listOfObjects(include)) {
    const original = Object.keys(inc).filter((k) => k in axes);
    const targets = original.length ? legs.filter((leg) => matches(leg, inc, original)) : [];
    if (targets.length) targets.forEach((leg) => Object.assign(leg, inc));
    else legs.push({ ...inc });
  }
  return legs;
}

function listOfObjects(value: unknown): Obj[] {
  return Array.isArray(value) ? value.filter((v): v is Obj => !!v && typeof v === 'object') : [];
}

function jobResult(
  result: JobResult['result'],
  steps: StepResult[],
  outputs: Record<string, string>,
): JobResult {
  return {
    result,
    steps,
    outputs,
    step(id: string) {
      const found = steps.find((s) => s.id === id);
      if (!found)
        throw new Error(
          `no step with id '${id}' ran (steps: ${steps.map((s) => s.id ?? s.name).join(', ')})`,
        );
      return found;
    },
  };
}

type StepRun = Omit<StepResult, 'id' | 'name'> & { exportedEnv?: Record<string, string> };

/** Runs one of our actions' bundles with the inputs a runner would give it (defaults included). */
async function runOwnAction(
  name: string,
  withValues: Record<string, string>,
  ctx: data.Dictionary,
  functions: Map<string, FunctionDefinition>,
  options: JobRunOptions,
  repository: string,
  env: Record<string, string>,
  runnerTemp: string,
): Promise<StepRun> {
  const action = loadAction(name);
  const inputs: Record<string, string> = {};
  for (const input of action.inputs) {
    if (withValues[input.name] !== undefined) inputs[input.name] = withValues[input.name];
    else if (input.default !== undefined)
      inputs[input.name] = evaluateTemplate(input.default, ctx, functions);
  }
  const run = await runAction(name, {
    inputs,
    eventName: options.eventName,
    event: options.event,
    repository,
    githubApiUrl: options.githubApiUrl,
    cwd: options.workspace,
    runnerTemp,
    // Only the step's own variables: runAction builds the runner's GITHUB_* set itself, and
    // INPUT_* must come from `with:` alone.
    env: Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('INPUT_'))),
  });
  const outcome: Outcome = run.exitCode === 0 ? 'success' : 'failure';
  return {
    kind: 'action',
    outcome,
    conclusion: outcome,
    outputs: run.outputs,
    exitCode: run.exitCode,
    summary: run.summary,
    log: run.stdout + run.stderr,
    inputs,
    exportedEnv: run.exportedEnv,
  };
}

/** A `run:` step: bash -eo pipefail, like the runner's default shell on Linux. */
async function runShell(
  script: string,
  cwd: string,
  env: Record<string, string>,
  runnerTemp: string,
): Promise<StepRun> {
  const dir = await fs.mkdtemp(path.join(runnerTemp, 'step-'));
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_PATH: path.join(dir, 'path'),
  };
  for (const f of Object.values(files)) await fs.writeFile(f, '');
  const scriptFile = path.join(dir, 'script.sh');
  await fs.writeFile(scriptFile, script);
  const child = spawn('/bin/bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...env,
      ...files,
      RUNNER_TEMP: runnerTemp,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exitCode = await new Promise<number>((resolve) =>
    child.on('close', (code) => resolve(code ?? 1)),
  );
  const outcome: Outcome = exitCode === 0 ? 'success' : 'failure';
  const read = (f: string) => fs.readFile(f, 'utf8');
  return {
    kind: 'run',
    outcome,
    conclusion: outcome,
    exitCode,
    outputs: parseFileCommands(await read(files.GITHUB_OUTPUT)),
    summary: await read(files.GITHUB_STEP_SUMMARY),
    log,
    exportedEnv: parseFileCommands(await read(files.GITHUB_ENV)),
  };
}

/** The GITHUB_* variables of the run, consistent with the github context. */
function githubVariables(
  options: JobRunOptions,
  repository: string,
  workflowFile: string,
): Record<string, string> {
  const pr = options.event.pull_request as Obj | undefined;
  const head = pr?.head as Obj | undefined;
  const base = pr?.base as Obj | undefined;
  const number = pr?.number;
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_SHA: String(pr ? 'd'.repeat(40) : (options.event.after ?? 'c'.repeat(40))),
    GITHUB_REF: pr
      ? `refs/pull/${String(number)}/merge`
      : String(options.event.ref ?? 'refs/heads/main'),
    GITHUB_HEAD_REF: pr ? String(head?.ref ?? '') : '',
    GITHUB_BASE_REF: pr ? String(base?.ref ?? '') : '',
    GITHUB_WORKFLOW: path.basename(workflowFile),
    GITHUB_JOB: options.job,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
  };
}

function githubContext(
  options: JobRunOptions,
  repository: string,
  token: string,
  vars: Record<string, string>,
): Obj {
  return {
    event_name: options.eventName,
    event: options.event,
    repository,
    repository_owner: vars.GITHUB_REPOSITORY_OWNER,
    sha: vars.GITHUB_SHA,
    ref: vars.GITHUB_REF,
    ref_name: vars.GITHUB_REF.replace(/^refs\/(heads|tags)\//, ''),
    head_ref: vars.GITHUB_HEAD_REF,
    base_ref: vars.GITHUB_BASE_REF,
    workflow: vars.GITHUB_WORKFLOW,
    job: options.job,
    run_id: vars.GITHUB_RUN_ID,
    run_number: vars.GITHUB_RUN_NUMBER,
    run_attempt: vars.GITHUB_RUN_ATTEMPT,
    actor: vars.GITHUB_ACTOR,
    server_url: vars.GITHUB_SERVER_URL,
    api_url: options.githubApiUrl ?? 'https://api.github.com',
    workspace: options.workspace,
    token,
  };
}

function toData(value: unknown): data.Dictionary {
  return JSON.parse(JSON.stringify(value), data.reviver) as data.Dictionary;
}

function statusFunctions(jobStatus: 'success' | 'failure'): Map<string, FunctionDefinition> {
  const fn = (name: string, value: () => boolean): [string, FunctionDefinition] => [
    name.toLowerCase(),
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) },
  ];
  return new Map([
    fn('success', () => jobStatus === 'success'),
    fn('failure', () => jobStatus === 'failure'),
    fn('always', () => true),
    fn('cancelled', () => false),
  ]);
}

function evaluate(
  text: string,
  ctx: data.Dictionary,
  functions: Map<string, FunctionDefinition>,
): data.ExpressionData {
  return new Evaluator(parseExpression(text), ctx, functions).evaluate();
}

/** A string with `${{ }}` parts replaced by their values (objects as JSON, like the runner). */
export function evaluateTemplate(
  text: string,
  ctx: data.Dictionary,
  functions: Map<string, FunctionDefinition>,
): string {
  let out = '';
  let cursor = 0;
  for (const span of expressionSpans(text)) {
    const value = evaluate(span.expression, ctx, functions);
    out += text.slice(cursor, span.start);
    out += value.primitive ? value.coerceString() : JSON.stringify(value, data.replacer);
    cursor = span.end;
  }
  return out + text.slice(cursor);
}

/** An `if:` condition: `${{ }}` optional; without a status function it means success() && (…). */
function evaluateCondition(
  text: string,
  ctx: data.Dictionary,
  functions: Map<string, FunctionDefinition>,
): boolean {
  const trimmed = text.trim();
  const bare = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed)?.[1].trim() ?? trimmed;
  const expression = STATUS_FUNCTIONS.test(bare) ? bare : `success() && (${bare})`;
  return truthy(evaluate(expression, ctx, functions));
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
