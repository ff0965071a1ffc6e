import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pullRequestEvent } from '../harness/events.js';
import { runWorkflowJob } from '../harness/workflow-runner.js';

const workflow = `on: pull_request
env:
  LEVEL: workflow
jobs:
  check:
    runs-on: ubuntu-latest
    env:
      JOB_ONLY: job
    outputs:
      greeting: \${{ steps.hello.outputs.greeting }}
      exported: \${{ steps.sees-export.outputs.value }}
    steps:
      - id: hello
        env:
          WHO: 'PR \${{ github.event.pull_request.number }}'
        run: |
          echo "greeting=hi $WHO from $LEVEL/$JOB_ONLY" >> "$GITHUB_OUTPUT"
          echo "EXPORTED=yes" >> "$GITHUB_ENV"
          echo "## hello" >> "$GITHUB_STEP_SUMMARY"
      - id: sees-export
        run: echo "value=$EXPORTED-\${{ env.EXPORTED }}" >> "$GITHUB_OUTPUT"
      - id: skipped
        if: steps.hello.outputs.greeting == 'nope'
        run: exit 1
      - id: stubbed
        run: exit 1
      - id: tolerated
        continue-on-error: true
        run: exit 3
      - id: fails
        run: |
          echo "failing on purpose"
          exit 1
      - id: after-failure
        run: echo "never"
      - id: on-failure
        if: failure()
        run: echo "status=\${{ job.status }}" >> "$GITHUB_OUTPUT"
      - id: own
        if: \${{ always() }}
        uses: OWNER/ml-actions/actions/gate@v1
        with:
          metrics: \${{ steps.stubbed.outputs.metrics }}
          policy: |
            rules: []
`;

describe('the workflow runner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-runner-test-'));
  const file = join(dir, 'check.yml');
  const workspace = join(dir, 'workspace');
  beforeAll(() => {
    writeFileSync(file, workflow);
    mkdirSync(workspace);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs steps with expressions, env levels, GITHUB_ENV, if:, continue-on-error and stubs', async () => {
    const job = await runWorkflowJob({
      workflow: file,
      job: 'check',
      eventName: 'pull_request',
      event: pullRequestEvent({ owner: 'ml-team', repo: 'models' }, 17),
      workspace,
      token: 'ghs_runner_test_token',
      stubs: { stubbed: { outputs: { metrics: 'out/metrics.json' } } },
    });
    expect(job.step('hello').outputs.greeting).toBe('hi PR 17 from workflow/job');
    expect(job.step('hello').summary).toBe('## hello\n');
    expect(job.step('sees-export').outputs.value).toBe('yes-yes');
    expect(job.step('skipped').outcome).toBe('skipped');
    expect(job.step('stubbed').kind).toBe('stub');
    expect(job.step('tolerated')).toMatchObject({
      outcome: 'failure',
      conclusion: 'success',
      exitCode: 3,
    });
    expect(job.step('fails')).toMatchObject({ outcome: 'failure', log: 'failing on purpose\n' });
    expect(job.step('after-failure').outcome).toBe('skipped');
    expect(job.step('on-failure').outputs.status).toBe('failure');
    // Our action got its `with:` values after expressions, and action.yml defaults for the rest.
    expect(job.step('own').kind).toBe('action');
    expect(job.step('own').inputs).toMatchObject({
      metrics: 'out/metrics.json',
      policy: 'rules: []\n',
      comment: 'auto',
      'comment-key': 'gate',
      'github-token': 'ghs_runner_test_token',
    });
    expect(job.result).toBe('failure');
    expect(job.outputs).toEqual({ greeting: 'hi PR 17 from workflow/job', exported: 'yes-yes' });
  });

  test('a job whose if: is false is skipped', async () => {
    const skipped = join(dir, 'skipped.yml');
    writeFileSync(
      skipped,
      `on: push\njobs:\n  j:\n    if: github.event_name == 'schedule'\n    runs-on: ubuntu-latest\n    steps:\n      - run: exit 1\n`,
    );
    const job = await runWorkflowJob({
      workflow: skipped,
      job: 'j',
      eventName: 'push',
      event: {},
      workspace,
    });
    expect(job.result).toBe('skipped');
    expect(job.steps).toEqual([]);
  });
});
