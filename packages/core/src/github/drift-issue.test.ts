import { getOctokit } from '@actions/github';
import {
  startGitHubEmulator,
  TOKENS,
  type GitHubEmulator,
} from '../../../../test/emulators/github/index.js';
import { syncDriftIssue, type DriftIssueResult } from './drift-issue.js';
import type { GitHubClient } from './octokit.js';

/**
 * Concurrent drift runs on the GitHub emulator, with the interleavings a loaded runner produces
 * forced by holding one run's request until another run has finished: newest run wins, and
 * every run reports the issue that stays open, whatever the timing.
 */
const OWNER = 'ml-team';
const REPO = 'models';
const MARKER = '<!-- ml-actions:drift-monitor:orders -->';
const runMarker = (id: number) => `<!-- ml-actions:drift-monitor-run:${id}.1 -->`;

let gh: GitHubEmulator;

beforeEach(async () => {
  gh = await startGitHubEmulator();
});
afterEach(() => gh.stop());

/** A request of `client` held back until `release()`; `reached` resolves when it is held. */
function hold(client: GitHubClient, method: string, url: string) {
  let release!: () => void;
  let reached!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = { reached: new Promise<void>((resolve) => (reached = resolve)), release };
  let done = false;
  client.hook.before('request', async (options) => {
    if (done || options.method !== method || options.url !== url) return;
    done = true;
    reached();
    await released;
  });
  return held;
}

// A plain Octokit: the suite's client spaces writes a second apart (plugin-throttling), which
// only slows these tests down; the interleavings are forced by `hold`.
const client = (): GitHubClient => getOctokit(TOKENS.app, { baseUrl: gh.url });

function sync(github: GitHubClient, runId: number, drifted = true): Promise<DriftIssueResult> {
  return syncDriftIssue(
    github,
    {
      owner: OWNER,
      repo: REPO,
      dataset: 'orders',
      ownLogin: 'github-actions[bot]',
      run: { id: String(runId), attempt: '1' },
    },
    {
      drifted,
      title: 'Data drift in orders',
      body: `report of run ${runId}`,
      labels: ['drift'],
      closeOnClear: true,
    },
  );
}

const marked = () => gh.issues(`${OWNER}/${REPO}`).filter((i) => i.body.includes(MARKER));
const openIssues = () => marked().filter((i) => i.state === 'open');

it("an older run's body write landing after the newest run finished is put right by that older run", async () => {
  expect(await sync(client(), 5001)).toMatchObject({ action: 'opened', number: 1 });

  const older = client();
  const held = hold(older, 'PATCH', '/repos/{owner}/{repo}/issues/{issue_number}');
  const olderRun = sync(older, 5002);
  await held.reached;
  expect(await sync(client(), 5003)).toMatchObject({ action: 'commented', number: 1 });
  expect(openIssues()[0].body).toContain(runMarker(5003));

  held.release();
  expect(await olderRun).toMatchObject({ action: 'commented', number: 1 });
  expect(openIssues()).toHaveLength(1);
  expect(openIssues()[0].body).toContain(runMarker(5003));
  expect(openIssues()[0].body).not.toContain(runMarker(5002));
  // Both reports are kept, each comment naming its run.
  const comments = gh.comments(`${OWNER}/${REPO}`, 1).map((c) => c.body);
  expect(comments).toEqual(
    expect.arrayContaining([
      `${runMarker(5002)}\nreport of run 5002`,
      `${runMarker(5003)}\nreport of run 5003`,
    ]),
  );
});

it('a newer run that opens its issue after an older run opened one closes its own and both report the first', async () => {
  const newer = client();
  const held = hold(newer, 'POST', '/repos/{owner}/{repo}/issues');
  const newerRun = sync(newer, 5003);
  await held.reached; // it found no issue and is about to open one
  const first = await sync(client(), 5001);
  expect(first).toMatchObject({ action: 'opened', number: 1 });

  held.release();
  expect(await newerRun).toMatchObject({ action: 'commented', number: 1 });
  expect(openIssues().map((i) => i.number)).toEqual([1]);
  expect(openIssues()[0].body).toContain(runMarker(5003));
  const duplicate = marked().find((i) => i.number === 2)!;
  expect(duplicate.state).toBe('closed');
  expect(gh.comments(`${OWNER}/${REPO}`, 2).map((c) => c.body)).toEqual([
    'Duplicate of #1 (opened by a concurrent run for the same dataset).',
  ]);
});

it('an older run that opens its issue late defers to the newer run on the first issue', async () => {
  const older = client();
  const held = hold(older, 'POST', '/repos/{owner}/{repo}/issues');
  const olderRun = sync(older, 5001);
  await held.reached;
  expect(await sync(client(), 5003)).toMatchObject({ action: 'opened', number: 1 });

  held.release();
  expect(await olderRun).toMatchObject({ action: 'deferred', number: 1 });
  expect(openIssues().map((i) => i.number)).toEqual([1]);
  expect(openIssues()[0].body).toContain(runMarker(5003));
  expect(gh.comments(`${OWNER}/${REPO}`, 1)).toEqual([]);
});

it("a run marker in someone else's comment does not make runs defer", async () => {
  await sync(client(), 5001);
  gh.addComment(`${OWNER}/${REPO}`, 1, `${runMarker(9999)}\nnot ours`);
  expect(await sync(client(), 5002)).toMatchObject({ action: 'commented', number: 1 });
  expect(openIssues()[0].body).toContain(runMarker(5002));
  expect(await sync(client(), 5003, false)).toMatchObject({ action: 'closed', number: 1 });
});
