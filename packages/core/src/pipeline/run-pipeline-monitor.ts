import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { syncAlertIssue, type AlertIssueResult } from '../github/alert-issue.js';
import {
  createGitHubClient,
  describeGitHubFailure,
  httpStatus,
  isGitHubTimeout,
  type GitHubClient,
} from '../github/octokit.js';
import { resolveOwnLogin } from '../github/own-identity.js';
import { escapeSlack, postWebhook } from '../github/webhook.js';
import { ServiceError, UserError } from '../inputs/user-error.js';
import { pipelineHtml } from '../report/pipeline-html.js';
import { pipelineMarkdown } from '../report/pipeline-markdown.js';
import type { Logger } from '../runner/logger.js';
import { analyseWorkflow, deliveryMetrics, type Windows } from './analyse.js';
import {
  evaluateRules,
  heartbeat,
  heartbeatChecks,
  type HeartbeatReport,
  type PipelineCheck,
} from './checks.js';
import {
  EtagCache,
  instrumentRequests,
  listAttemptJobs,
  listDeployments,
  listRuns,
  listWorkflows,
  readRepo,
  readScheduleCrons,
  type JobInfo,
  type RunInfo,
  type WorkflowInfo,
} from './github-reads.js';
import type { PipelineReport } from './report-types.js';
import type { ThresholdRule } from './thresholds.js';

/** The pipeline-monitor use case: read the Actions history, analyse, report, alert. */

export interface PipelineMonitorOptions {
  owner: string;
  repo: string;
  token: string;
  /** Workflow names, file names or paths; empty: every active workflow. */
  workflows: string[];
  windowMs: number;
  baselineWindowMs: number;
  branch?: string;
  environments: string[];
  alert: 'issue' | 'none';
  alertScope: string;
  issueLabels: string[];
  webhookUrl?: string;
  rules: ThresholdRule[];
  significance: number;
  requestTimeoutMs: number;
  /** Absolute time (epoch ms) after which no GitHub request starts or goes on. */
  deadline?: number;
  /** Most runs per workflow and window whose jobs are read (newest first). */
  maxJobRuns: number;
  reportDir: string;
  cacheFile?: string;
  title: string;
  runUrl?: string;
  now?: Date;
  /** Webhook retry waits (tests shorten them). */
  webhookBackoffMs?: number[];
}

export interface PipelineMonitorResult {
  report: PipelineReport;
  reportPath: string;
  htmlPath: string;
  summary: string;
  healthy: boolean;
  issue?: AlertIssueResult;
  /** One line when unhealthy. */
  failure?: string;
}

function selectWorkflows(all: WorkflowInfo[], wanted: string[]): WorkflowInfo[] {
  if (wanted.length === 0)
    return all.filter((w) => w.state === 'active' || w.state === 'disabled_inactivity');
  const picked: WorkflowInfo[] = [];
  for (const name of wanted) {
    const match = all.find(
      (w) => w.name === name || w.path === name || w.path.split('/').pop() === name,
    );
    if (!match) {
      throw new UserError(
        `no workflow named '${name}' (known: ${all.map((w) => `${w.name} (${w.path.split('/').pop()})`).join(', ') || 'none'}).`,
        'workflows',
      );
    }
    if (!picked.includes(match)) picked.push(match);
  }
  return picked;
}

/** A read of the Actions or Deployments API failed for good: say what to check. */
function readFailure(what: string, error: unknown): Error {
  if (isGitHubTimeout(error)) return describeGitHubFailure(error, `reading ${what}`);
  const status = httpStatus(error);
  if (status === 401)
    return new ServiceError(
      `GitHub refused the token (401) while reading ${what}; check github-token.`,
    );
  if (status === 403 || status === 404) {
    return new ServiceError(
      `GitHub answered ${status} while reading ${what}: give the job \`permissions: actions: read\` (and deployments: read, contents: read), or a token that may read them.`,
    );
  }
  if (status !== undefined && status < 500 && status !== 429) return error as Error;
  return new ServiceError(
    `GitHub failed while reading ${what} (${(error as Error).message}), after retries.`,
  );
}

async function guarded<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof UserError || error instanceof ServiceError) throw error;
    throw readFailure(what, error);
  }
}

function slackText(
  report: PipelineReport,
  failing: PipelineCheck[],
  runUrl?: string,
): { text: string; blocks: unknown[] } {
  const lines = failing
    .slice(0, 10)
    .map(
      (c) =>
        `• ${escapeSlack(c.workflow)}${c.job ? ` / ${escapeSlack(c.job)}` : ''}: ${escapeSlack(c.metric)}: ${escapeSlack(c.reason)}`,
    );
  const head = report.healthy
    ? `CI/CD pipeline of ${escapeSlack(report.repository)} is healthy again.`
    : `CI/CD pipeline of ${escapeSlack(report.repository)}: ${failing.length} check(s) failed.`;
  const text = [head, ...lines].join('\n');
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 2900) } },
  ];
  if (runUrl)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `<${runUrl}|Workflow run>` }],
    });
  return { text: runUrl ? `${text}\n${runUrl}` : text, blocks };
}

export async function runPipelineMonitor(
  options: PipelineMonitorOptions,
  log: Logger,
): Promise<PipelineMonitorResult> {
  const now = options.now ?? new Date();
  const w: Windows = {
    now,
    currentFrom: new Date(now.getTime() - options.windowMs),
    baselineFrom: new Date(now.getTime() - options.windowMs - options.baselineWindowMs),
  };
  const r = { owner: options.owner, repo: options.repo };
  const github: GitHubClient = createGitHubClient(options.token, { log });
  const usage = instrumentRequests(github, options.requestTimeoutMs, options.deadline);
  const cache = new EtagCache(options.cacheFile);
  await cache.load(log);

  const repoInfo = await guarded('the repository', () => readRepo(github, r));
  const workflows = selectWorkflows(
    await guarded('the workflows', () => listWorkflows(github, r)),
    options.workflows,
  );
  log.info(`Monitoring ${workflows.length} workflow(s) of ${options.owner}/${options.repo}.`);

  let runsRead = 0;
  let jobsRead = 0;
  const reports = [];
  const heartbeats: HeartbeatReport[] = [];
  for (const wf of workflows) {
    const all = await guarded(`the runs of ${wf.name}`, () =>
      listRuns(github, r, wf.id, w.baselineFrom),
    );
    runsRead += all.length;
    const runs = options.branch ? all.filter((x) => x.headBranch === options.branch) : all;
    const isCurrent = (x: RunInfo) => Date.parse(x.createdAt) >= w.currentFrom.getTime();
    const withJobs = [
      ...runs.filter(isCurrent).slice(0, options.maxJobRuns),
      ...runs.filter((x) => !isCurrent(x)).slice(0, options.maxJobRuns),
    ].filter((x) => x.status === 'completed');
    const jobs: JobInfo[] = [];
    for (const run of withJobs) {
      for (let attempt = 1; attempt <= run.attempt; attempt++) {
        jobs.push(
          ...(await guarded(`the jobs of run ${run.id}`, () =>
            listAttemptJobs(github, r, run.id, attempt, cache),
          )),
        );
      }
    }
    jobsRead += jobs.length;
    log.info(`${wf.name}: ${runs.length} runs, ${jobs.length} jobs.`);
    reports.push(analyseWorkflow(wf, runs, jobs, w));

    if (!wf.path.startsWith('dynamic/')) {
      const crons = await readScheduleCrons(github, r, wf.path, repoInfo.defaultBranch, cache, log);
      if (crons.length) {
        const scheduled = all.filter((x) => x.event === 'schedule').map((x) => x.createdAt);
        heartbeats.push(heartbeat(wf, crons, scheduled, repoInfo, w));
      }
    }
  }

  const delivery = [];
  const commitTimes = new Map<string, string | undefined>();
  for (const env of options.environments) {
    const deployments = await guarded(`the deployments of ${env}`, () =>
      listDeployments(github, r, env, w.baselineFrom, commitTimes),
    );
    delivery.push(deliveryMetrics(env, deployments, w));
  }

  const checks = [
    ...evaluateRules(options.rules, reports, options.significance),
    ...heartbeats.flatMap((h) => heartbeatChecks(h)),
  ];
  const failing = checks.filter((c) => c.verdict === 'fail' && c.severity === 'failure');
  const healthy = failing.length === 0;
  const report: PipelineReport = {
    schema: 'ml-actions/pipeline-report@1',
    repository: `${options.owner}/${options.repo}`,
    generated_at: now.toISOString(),
    branch: options.branch ?? null,
    windows: {
      current: { from: w.currentFrom.toISOString(), to: now.toISOString() },
      baseline: { from: w.baselineFrom.toISOString(), to: w.currentFrom.toISOString() },
    },
    significance: options.significance,
    healthy,
    counts: {
      pass: checks.filter((c) => c.verdict === 'pass').length,
      fail: failing.length,
      warn: checks.filter((c) => c.verdict === 'fail' && c.severity === 'warning').length,
      skip: checks.filter((c) => c.verdict === 'skip').length,
    },
    api: { requests: 0, not_modified: 0, errors: 0, runs_read: runsRead, jobs_read: jobsRead },
    workflows: reports,
    heartbeats,
    delivery,
    checks,
  };

  const countUsage = () => {
    report.api = {
      ...report.api,
      requests: usage.requests,
      not_modified: usage.notModified,
      errors: usage.errors,
    };
  };
  countUsage();
  let issue: AlertIssueResult | undefined;
  if (options.alert === 'issue') {
    const ownLogin = await resolveOwnLogin(github);
    const digest = failing
      .map((c) => `${c.workflow}${c.job ? `/${c.job}` : ''}:${c.metric}:${c.kind}`)
      .sort()
      .join(', ');
    issue = await syncAlertIssue(
      github,
      { ...r, kind: 'pipeline-monitor', scope: options.alertScope, ownLogin },
      {
        failing: !healthy,
        title:
          `CI/CD pipeline unhealthy: ${failing.length} check(s) failed${options.alertScope !== 'pipeline' ? ` (${options.alertScope})` : ''}`.slice(
            0,
            200,
          ),
        body:
          `Found by the run of ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC${options.runUrl ? ` (${options.runUrl})` : ''}.\n\n` +
          pipelineMarkdown(report, { title: options.title, charts: false }),
        digest: digest || 'none',
        closeComment: `All checks pass again in the run of ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC${options.runUrl ? ` (${options.runUrl})` : ''}; closing.`,
        labels: options.issueLabels,
      },
      log,
    );
    report.alert = { action: issue.action, ...(issue.url ? { issue_url: issue.url } : {}) };
  }
  if (options.webhookUrl) {
    const transition = issue ? issue.action === 'opened' || issue.action === 'closed' : !healthy;
    if (transition) {
      await postWebhook(
        'webhook-url',
        options.webhookUrl,
        slackText(report, failing, options.runUrl),
        {
          backoffMs: options.webhookBackoffMs,
          timeoutMs: options.requestTimeoutMs,
          deadline: options.deadline,
          log,
        },
      );
    }
  }
  await cache.save();

  countUsage();
  const summary = pipelineMarkdown(report, { title: options.title });
  await fs.mkdir(options.reportDir, { recursive: true });
  const reportPath = path.join(options.reportDir, 'pipeline-report.json');
  const htmlPath = path.join(options.reportDir, 'pipeline-report.html');
  await fs.writeFile(reportPath, JSON.stringify(report, null, 2));
  await fs.writeFile(htmlPath, pipelineHtml(report, options.title));
  return {
    report,
    reportPath,
    htmlPath,
    summary,
    healthy,
    issue,
    ...(healthy
      ? {}
      : {
          failure: `Pipeline unhealthy: ${failing
            .slice(0, 3)
            .map((c) => `${c.workflow}${c.job ? ` / ${c.job}` : ''} ${c.metric} (${c.reason})`)
            .join('; ')}${failing.length > 3 ? `; and ${failing.length - 3} more` : ''}.`.replace(
            /\s+/g,
            ' ',
          ),
        }),
  };
}
