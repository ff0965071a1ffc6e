import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pullRequestEvent } from '../harness/events.js';
import { expandMatrix, runWorkflow, runWorkflowJob } from '../harness/workflow-runner.js';

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
      - name: Export yesterday's data
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
      stubs: {
        stubbed: { outputs: { metrics: 'out/metrics.json' } },
        "Export yesterday's data": {},
      },
    });
    expect(job.step('hello').outputs.greeting).toBe('hi PR 17 from workflow/job');
    expect(job.step('hello').summary).toBe('## hello\n');
    expect(job.step('sees-export').outputs.value).toBe('yes-yes');
    expect(job.step('skipped').outcome).toBe('skipped');
    expect(job.step('stubbed').kind).toBe('stub');
    expect(job.steps.find((st) => st.name === "Export yesterday's data")?.kind).toBe('stub');
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

  test('workflow_dispatch inputs are the inputs context', async () => {
    const dispatch = join(dir, 'dispatch.yml');
    writeFileSync(
      dispatch,
      `on: workflow_dispatch\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - id: s\n        run: echo "env=\${{ inputs.environment }}" >> "$GITHUB_OUTPUT"\n`,
    );
    const job = await runWorkflowJob({
      workflow: dispatch,
      job: 'j',
      eventName: 'workflow_dispatch',
      event: { inputs: { environment: 'production' } },
      workspace,
    });
    expect(job.step('s').outputs.env).toBe('production');
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

const multiJob = `on: push
jobs:
  shard:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        n: [1, 2]
        include:
          - n: 2
            extra: two
          - n: 3
    outputs:
      last: \${{ steps.s.outputs.value }}
    steps:
      - id: s
        run: |
          test ! -e out  # every leg starts from a fresh checkout
          mkdir out && echo "\${{ matrix.n }}\${{ matrix.extra }}" > out/v.txt
          echo "value=\${{ matrix.n }}" >> "$GITHUB_OUTPUT"
      - uses: actions/upload-artifact@v4
        with:
          name: part-\${{ matrix.n }}
          path: out/v.txt
  merge:
    needs: shard
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          pattern: part-*
          path: parts
      - id: m
        run: echo "all=$(cat parts/*/v.txt | sort | tr '\\n' ,)" >> "$GITHUB_OUTPUT"
      - id: needs
        run: echo "last=\${{ needs.shard.outputs.last }} result=\${{ needs.shard.result }}" >> "$GITHUB_OUTPUT"
  broken:
    runs-on: ubuntu-latest
    steps:
      - run: exit 1
  after-broken:
    needs: broken
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  cleanup:
    needs: broken
    if: always()
    runs-on: ubuntu-latest
    steps:
      - id: c
        run: echo "saw=\${{ needs.broken.result }}" >> "$GITHUB_OUTPUT"
`;

describe('the workflow runner across jobs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-runner-jobs-'));
  const file = join(dir, 'multi.yml');
  const checkout = join(dir, 'checkout');
  beforeAll(() => {
    writeFileSync(file, multiJob);
    mkdirSync(checkout);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs matrix legs in fresh workspaces, passes artifacts and needs, skips after a failure', async () => {
    const run = await runWorkflow({ workflow: file, eventName: 'push', event: {}, checkout });
    expect(run.jobs.shard.map((leg) => leg.step('s').outputs.value)).toEqual(['1', '2', '3']);
    const merge = run.jobs.merge[0];
    expect(merge.step('m').outputs.all).toBe('1,2two,3,');
    expect(merge.step('needs').outputs.last).toMatch(/^[123] result=success$/);
    expect(run.results).toEqual({
      shard: 'success',
      merge: 'success',
      broken: 'failure',
      'after-broken': 'skipped',
      cleanup: 'success',
    });
    expect(run.jobs.cleanup[0].step('c').outputs.saw).toBe('failure');
  });

  test('matrix expansion: cross product, exclude, include merged or added', () => {
    expect(expandMatrix(undefined)).toEqual([undefined]);
    expect(
      expandMatrix({
        os: ['linux', 'mac'],
        node: [20, 24],
        exclude: [{ os: 'mac', node: 20 }],
        include: [
          { os: 'linux', experimental: true },
          { os: 'windows', node: 24 },
        ],
      }),
    ).toEqual([
      { os: 'linux', node: 20, experimental: true },
      { os: 'linux', node: 24, experimental: true },
      { os: 'mac', node: 24 },
      { os: 'windows', node: 24 },
    ]);
    expect(expandMatrix({ include: [{ shard: 0 }, { shard: 1 }] })).toEqual([
      { shard: 0 },
      { shard: 1 },
    ]);
  });
});
