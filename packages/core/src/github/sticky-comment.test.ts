import type { GitHubClient } from './octokit.js';
import {
  compareRunStamps,
  readRunStamp,
  runStamp,
  runStampLine,
  upsertStickyComment,
  type RunStamp,
} from './sticky-comment.js';

/** An in-memory issue-comments API, with a hook that runs after each of our writes. */
function fakeGitHub(afterWrite: (api: Fake) => void = () => undefined) {
  const comments = new Map<number, { id: number; body: string; login: string }>();
  let next = 1;
  const json = (c: { id: number; body: string; login: string }) => ({
    id: c.id,
    body: c.body,
    user: { login: c.login },
    html_url: `https://github.com/o/r/issues/1#issuecomment-${c.id}`,
  });
  const writes: string[] = [];
  const notFound = () => Object.assign(new Error('Not Found'), { status: 404 });
  const api = {
    comments,
    writes,
    add(body: string, login = 'github-actions[bot]') {
      const id = next++;
      comments.set(id, { id, body, login });
      return id;
    },
    octokit: {
      paginate: async () => [...comments.values()].sort((a, b) => a.id - b.id).map(json),
      rest: {
        issues: {
          listComments: {},
          getComment: async ({ comment_id }: { comment_id: number }) => {
            const c = comments.get(comment_id);
            if (!c) throw notFound();
            return { data: json(c) };
          },
          createComment: async ({ body }: { body: string }) => {
            const id = api.add(body);
            writes.push(`POST ${id}`);
            afterWrite(api);
            return { data: json(comments.get(id)!) };
          },
          updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
            const c = comments.get(comment_id);
            if (!c) throw notFound();
            c.body = body;
            writes.push(`PATCH ${comment_id}`);
            afterWrite(api);
            return { data: json(c) };
          },
          deleteComment: async ({ comment_id }: { comment_id: number }) => {
            if (!comments.delete(comment_id)) throw notFound();
            writes.push(`DELETE ${comment_id}`);
          },
        },
      },
    } as unknown as GitHubClient,
  };
  return api;
}
type Fake = ReturnType<typeof fakeGitHub>;

const MARKER = '<!-- ml-actions:gate:gate -->';
const bodyOf = (stamp: RunStamp | undefined, text: string) =>
  [MARKER, ...(stamp ? [runStampLine(stamp)] : []), text].join('\n');
const target = (runId: number) => ({
  owner: 'o',
  repo: 'r',
  issueNumber: 1,
  key: 'gate',
  kind: 'gate',
  ownLogin: 'github-actions[bot]',
  run: { runId, attempt: 1 },
  settleMs: 0,
});
const upsert = (gh: Fake, runId: number, text: string) =>
  upsertStickyComment(gh.octokit, target(runId), text, 'see the summary.');

describe('run stamps', () => {
  it('are read from the line after the marker and ordered by run id, then attempt', () => {
    expect(runStamp('4242', '2')).toEqual({ runId: 4242, attempt: 2 });
    expect(runStamp(undefined, 'x')).toEqual({ runId: 0, attempt: 0 });
    expect(readRunStamp(`${MARKER}\n<!-- ml-actions:run:7.3 -->\nbody`)).toEqual({
      runId: 7,
      attempt: 3,
    });
    expect(readRunStamp(`${MARKER}\nbody`)).toBeUndefined();
    expect(compareRunStamps({ runId: 8, attempt: 1 }, { runId: 7, attempt: 9 })).toBeGreaterThan(0);
    expect(compareRunStamps({ runId: 7, attempt: 1 }, { runId: 7, attempt: 2 })).toBeLessThan(0);
    expect(compareRunStamps(undefined, { runId: 0, attempt: 0 })).toBeLessThan(0);
  });
});

describe('upsertStickyComment: newest run wins', () => {
  it('leaves a newer run’s comment alone and writes nothing', async () => {
    const gh = fakeGitHub();
    const id = gh.add(bodyOf({ runId: 9, attempt: 1 }, 'newer'));
    const result = await upsert(gh, 8, 'older');
    expect(result).toMatchObject({ action: 'deferred', id });
    expect(gh.writes).toEqual([]);
  });

  it('edits an older or pre-stamp comment in place', async () => {
    const gh = fakeGitHub();
    const id = gh.add(bodyOf(undefined, 'legacy'));
    expect(await upsert(gh, 5, 'new')).toMatchObject({ action: 'updated', id });
    expect(gh.comments.get(id)!.body).toBe(bodyOf({ runId: 5, attempt: 1 }, 'new'));
    expect(await upsert(gh, 5, 'new')).toMatchObject({ action: 'unchanged', id });
  });

  it('after creating, deletes the older duplicate another run created meanwhile', async () => {
    const gh = fakeGitHub((api) => {
      if (api.comments.size === 1) api.add(bodyOf({ runId: 4, attempt: 1 }, 'older, late'));
    });
    const result = await upsert(gh, 5, 'mine');
    expect(result).toMatchObject({ action: 'created', removed: 1 });
    expect([...gh.comments.values()].map((c) => c.body)).toEqual([
      bodyOf({ runId: 5, attempt: 1 }, 'mine'),
    ]);
  });

  it('after creating, deletes its own comment when a newer run created one meanwhile', async () => {
    const gh = fakeGitHub((api) => {
      if (api.comments.size === 1) api.add(bodyOf({ runId: 6, attempt: 1 }, 'newer'));
    });
    const result = await upsert(gh, 5, 'mine');
    expect(result.action).toBe('deferred');
    expect([...gh.comments.values()].map((c) => c.body)).toEqual([
      bodyOf({ runId: 6, attempt: 1 }, 'newer'),
    ]);
  });

  it('writes its comment back when an older run edits it after us', async () => {
    let lateEdits = 2;
    const gh = fakeGitHub((api) => {
      // An older run that read the comment before our edit writes it afterwards, twice.
      if (lateEdits-- > 0) api.comments.get(1)!.body = bodyOf({ runId: 3, attempt: 1 }, 'stale');
    });
    gh.add(bodyOf({ runId: 2, attempt: 1 }, 'old'));
    const result = await upsert(gh, 5, 'mine');
    expect(result).toMatchObject({ action: 'updated', id: 1 });
    expect(gh.comments.get(1)!.body).toBe(bodyOf({ runId: 5, attempt: 1 }, 'mine'));
    expect(gh.writes).toEqual(['PATCH 1', 'PATCH 1', 'PATCH 1']);
  });

  it('never touches comments of other identities or other keys', async () => {
    const gh = fakeGitHub();
    gh.add(bodyOf({ runId: 99, attempt: 1 }, 'quoted by a human'), 'octocat');
    gh.add(bodyOf({ runId: 99, attempt: 1 }, 'other key').replace(':gate -->', ':latency -->'));
    expect(await upsert(gh, 5, 'mine')).toMatchObject({ action: 'created', id: 3, removed: 0 });
    expect(gh.comments.size).toBe(3);
  });
});
