import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  type ArtifactServiceEmulator,
  startArtifactService,
} from '../emulators/artifact-service/index.js';
import { type GitHubEmulator, startGitHubEmulator, TOKENS } from '../emulators/github/index.js';
import { pullRequestEvent } from '../harness/events.js';
import { type JobResult, type StepStub, runWorkflowJob } from '../harness/workflow-runner.js';
import { classifier, makeModelRepo } from './model-repo.js';

/**
 * workflows-examples/pr-check.yml executed step by step against the bundled dist/ actions, the
 * GitHub REST emulator and the artifact-service emulator. Steps whose action is listed in
 * REAL run for real; any other is replaced by STUBS (what it would output), so a step can be
 * taken out while its action is being rebuilt without losing the rest of the test.
 */
const REAL = new Set(['build', 'smoke', 'gate']);
const REPO = 'ml-team/models';

/** The model repository, plus what the stubbed steps stand for (a fixed metrics file). */
async function checkout(minAccuracy: number): Promise<string> {
  const dir = await makeModelRepo(minAccuracy);
  const metrics = {
    schema: 'ml-actions/metrics@1',
    metrics: {
      accuracy: classifier.expected.accuracy,
      f1_macro: classifier.expected.f1_macro,
      latency_ms_p95: 3,
    },
    checks: [],
  };
  await fs.writeFile(path.join(dir, 'stub-metrics.json'), JSON.stringify(metrics));
  return dir;
}

const STUBS: Record<string, StepStub> = {
  build: { outputs: { 'package-dir': 'model', digest: 'sha256:stub' } },
  smoke: { outputs: { metrics: 'stub-metrics.json', passed: 'true' } },
};

describe(`workflows-examples/pr-check.yml end to end (real steps: ${[...REAL].join(', ')})`, () => {
  let github: GitHubEmulator;
  let artifacts: ArtifactServiceEmulator;
  let pr: number;
  const workspaces: string[] = [];

  beforeAll(async () => {
    github = await startGitHubEmulator();
    artifacts = await startArtifactService({ repository: REPO });
    pr = github.addPullRequest(REPO, 'Retrain the weather classifier');
  });
  afterAll(async () => {
    await github.stop();
    await artifacts.close();
    await Promise.all(workspaces.map((w) => fs.rm(w, { recursive: true, force: true })));
  });

  async function runCheck(
    minAccuracy: number,
    { number = pr, fork = false } = {},
  ): Promise<JobResult> {
    const workspace = await checkout(minAccuracy);
    workspaces.push(workspace);
    return runWorkflowJob({
      workflow: 'workflows-examples/pr-check.yml',
      job: 'model-check',
      eventName: 'pull_request',
      event: pullRequestEvent({ owner: 'ml-team', repo: 'models' }, number, { fork }),
      repository: REPO,
      workspace,
      githubApiUrl: github.url,
      // A fork's pull_request run gets a read-only token, whatever permissions: says.
      token: fork ? TOKENS.readOnly : TOKENS.app,
      // Every push starts a new workflow run, with its own artifacts.
      env: { ...artifacts.newRun(REPO).env, GITHUB_REPOSITORY: REPO },
      stubs: Object.fromEntries(Object.entries(STUBS).filter(([id]) => !REAL.has(id))),
    });
  }

  const describeFailure = (job: JobResult) =>
    job.steps
      .filter((s) => s.outcome === 'failure')
      .map((s) => `${s.id ?? s.name}: ${s.log.slice(-2000)}`)
      .join('\n');

  test('a model that meets the policy: packaged, smoke-tested, gated, one PR comment', async () => {
    const job = await runCheck(0.7);
    expect(describeFailure(job)).toBe('');
    expect(job.result).toBe('success');

    if (REAL.has('build')) {
      const build = job.step('build');
      expect(build.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(build.outputs['artifact-name']).toBe(`weather-classifier-${build.outputs.version}`);
      expect(artifacts.artifacts().map((a) => a.name)).toContain(build.outputs['artifact-name']);
    }
    if (REAL.has('smoke')) {
      const smoke = job.step('smoke');
      expect(smoke.inputs?.model).toBe(job.step('build').outputs['package-dir']);
      expect(smoke.outputs.passed).toBe('true');
      const metrics = JSON.parse(await fs.readFile(smoke.outputs.metrics, 'utf8'));
      expect(metrics.metrics.accuracy).toBeCloseTo(classifier.expected.accuracy, 6);
    }
    const gate = job.step('gate');
    expect(gate.inputs?.metrics).toBe(job.step('smoke').outputs.metrics);
    expect(gate.outputs.passed).toBe('true');
    expect(JSON.parse(gate.outputs['failed-rules'])).toEqual([]);
    expect(gate.summary).toContain('quality gate: passed');

    const comments = github.comments(REPO, pr);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('weather\\-classifier quality gate: passed');
    expect(gate.outputs['comment-url']).toContain(String(comments[0].id));
    expect(job.steps.at(-1)?.log).toContain('gate passed: true');
  });

  test('a push that breaks the policy fails the check and edits the same comment', async () => {
    const job = await runCheck(0.85);
    expect(job.result).toBe('failure');
    const gate = job.step('gate');
    expect(gate).toMatchObject({ outcome: 'failure', exitCode: 1 });
    expect(gate.outputs.passed).toBe('false');
    expect(JSON.parse(gate.outputs['failed-rules'])).toEqual([
      expect.objectContaining({ metric: 'accuracy' }),
    ]);
    // The verdict step still runs (if: !cancelled()) and reads the gate's outputs.
    const verdict = job.steps.at(-1)!;
    expect(verdict.outcome).toBe('success');
    expect(verdict.log).toContain('gate passed: false');

    const comments = github.comments(REPO, pr);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toMatch(/accuracy/);
    expect(comments[0].body).toContain('0.85');
  });

  test('a pull request from a fork: no comment (read-only token), a warning, the verdict still holds', async () => {
    const forkPr = github.addPullRequest(REPO, 'Tune the classifier (fork)');
    const passing = await runCheck(0.7, { number: forkPr, fork: true });
    expect(describeFailure(passing)).toBe('');
    expect(passing.result).toBe('success');
    const gate = passing.step('gate');
    expect(gate.outputs.passed).toBe('true');
    expect(gate.outputs['comment-url']).toBe('');
    expect(gate.log).toMatch(/::warning.*Could not comment on PR #\d+/);
    expect(gate.summary).toContain('quality gate: passed');
    expect(github.comments(REPO, forkPr)).toEqual([]);

    const failing = await runCheck(0.85, { number: forkPr, fork: true });
    expect(failing.result).toBe('failure');
    expect(failing.step('gate').outputs.passed).toBe('false');
    expect(github.comments(REPO, forkPr)).toEqual([]);
  });
});
