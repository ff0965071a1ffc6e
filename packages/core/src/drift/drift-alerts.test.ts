import type { RunContext } from '../github/context.js';
import { ServiceError, UserError } from '../inputs/user-error.js';
import {
  dispatchPayload,
  driftedColumns,
  githubServiceError,
  slackMessage,
} from './drift-alerts.js';
import type { DriftColumn, DriftReport } from './drift-report.js';

const ctx: RunContext = {
  owner: 'ml-team',
  repo: 'models',
  eventName: 'schedule',
  payload: {},
  sha: 'c'.repeat(40),
  serverUrl: 'https://github.com',
  runId: '42',
};

function column(name: string, drifted: boolean, p: number): DriftColumn {
  return {
    name,
    type: 'numeric',
    method: 'ks',
    statistic: 0.5,
    p_value: p,
    threshold: 0.05,
    drifted,
    missing_share: { reference: 0, current: 0 },
    missing_share_jump: false,
    unseen: { count: 0, share: 0 },
    exact: true,
  };
}

const columns = [
  column('calm', false, 0.5),
  column('<!channel>', true, 0.01),
  ...Array.from({ length: 12 }, (_, i) => column(`f${i}`, true, 1e-10 * (i + 1))),
];
const report: DriftReport = {
  schema: 'ml-actions/drift@1',
  reference: { rows: 100, source: 'data' },
  current: { rows: 90, source: 'data' },
  drift_share: 13 / 14,
  drift_share_threshold: 0.5,
  dataset_drift: true,
  number_of_columns: 14,
  number_of_drifted_columns: 13,
  drifted_columns: columns.filter((c) => c.drifted).map((c) => c.name),
  missing_share_jumps: [],
  columns,
  skipped_columns: [],
};

describe('drift alerts', () => {
  it('lists drifted columns most severe first', () => {
    const names = driftedColumns(report);
    expect(names[0]).toBe('f0');
    expect(names[names.length - 1]).toBe('<!channel>');
    expect(names).not.toContain('calm');
  });

  it('builds a Slack body with escaped names, at most 10 listed, and the run link', () => {
    const message = slackMessage(report, ctx, 'churn <features>');
    expect(message.text).toContain(
      'Data drift detected in churn &lt;features&gt;: 13 of 14 columns',
    );
    expect(message.text).toContain('and 3 more');
    expect(message.text).not.toContain('<!channel>');
    expect(message.text.endsWith('https://github.com/ml-team/models/actions/runs/42')).toBe(true);
    expect(message.blocks).toHaveLength(2);
  });

  it('keeps the dispatch payload within GitHub’s 10 top-level keys', () => {
    const payload = dispatchPayload(report, ctx, 'churn');
    expect(Object.keys(payload).length).toBeLessThanOrEqual(10);
    expect(payload).toMatchObject({ dataset: 'churn', dataset_drift: true, current_rows: 90 });
    expect(payload.drifted_columns).toHaveLength(13);
  });
});

describe('githubServiceError', () => {
  it('turns 5xx after retries and unreachable APIs into one-line ServiceErrors', () => {
    const e502 = Object.assign(new Error('Bad Gateway'), { status: 502, response: {} });
    const mapped = githubServiceError(e502, 'the drift issue update', 'updating the drift issue');
    expect(mapped).toBeInstanceOf(ServiceError);
    expect((mapped as Error).message).toMatch(
      /^GitHub answered HTTP 502 to the drift issue update after retries; the report and summary are written\./,
    );
    const refused = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const unreachable = githubServiceError(refused, 'repository_dispatch', 'sending it');
    expect(unreachable).toBeInstanceOf(ServiceError);
    expect((unreachable as Error).message).toMatch(
      /^Could not reach GitHub at .* while sending it: fetch failed \(ECONNREFUSED\)/,
    );
  });

  it('names the token, not a fork, for a 401', () => {
    const e401 = Object.assign(new Error('Bad credentials'), { status: 401, response: {} });
    const mapped = githubServiceError(e401, 'the drift issue update', 'updating the drift issue');
    expect(mapped).toBeInstanceOf(ServiceError);
    expect((mapped as Error).message).toMatch(
      /^GitHub refused the token while updating the drift issue \(401 Bad credentials\): the github-token is invalid or expired/,
    );
    expect((mapped as Error).message).not.toMatch(/fork/);
  });

  it('leaves user errors, other statuses and bugs as they are', () => {
    const user = new UserError('no', 'alert');
    expect(githubServiceError(user, 'x', 'x')).toBe(user);
    const e422 = Object.assign(new Error('Validation Failed'), { status: 422 });
    expect(githubServiceError(e422, 'x', 'x')).toBe(e422);
    const bug = new TypeError('undefined is not a function');
    expect(githubServiceError(bug, 'x', 'x')).toBe(bug);
  });
});
