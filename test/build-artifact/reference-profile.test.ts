import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAction } from '../harness/run-action.js';

/**
 * Issue 13 "Why": reference-profile.json for 398 rows was 330 KB and kept every value of an ID
 * column verbatim. On the bundle: ID-like columns are left out with a note, as are the
 * columns of reference-exclude-columns, and the profile stops growing with the row count.
 */

let workspace: string;

/** Rows with a unique customer id, an e-mail, a numeric feature and a 500-value category. */
function csv(rows: number): string {
  const lines = ['customer_id,email,tenure,city'];
  for (let i = 0; i < rows; i++) {
    lines.push(`cust-${100000 + i},user${i}@example.com,${(i * 7919) % 97},city-${(i * 31) % 500}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'build-artifact-profile-'));
  await fs.mkdir(path.join(workspace, 'model'));
  await fs.writeFile(path.join(workspace, 'model', 'model.bin'), 'weights');
  await fs.writeFile(path.join(workspace, 'small.csv'), csv(10_000));
  await fs.writeFile(path.join(workspace, 'large.csv'), csv(100_000));
});
afterAll(() => fs.rm(workspace, { recursive: true, force: true }));

async function profileOf(data: string) {
  const run = await runAction('build-artifact', {
    cwd: workspace,
    inputs: {
      'model-path': 'model',
      name: 'churn',
      version: data,
      format: 'files',
      upload: false,
      'reference-data': `${data}.csv`,
      'reference-exclude-columns': 'email',
      'output-dir': `pkg-${data}`,
    },
  });
  expect(run.exitCode).toBe(0);
  const text = await fs.readFile(
    path.join(run.outputs['package-dir'], 'reference-profile.json'),
    'utf8',
  );
  return { text, profile: JSON.parse(text) as Record<string, unknown> };
}

it('leaves out ID-like and excluded columns, keeps no raw identifiers, and does not grow with rows', async () => {
  const small = await profileOf('small');
  expect(small.profile.excluded_columns).toEqual([
    { name: 'email', reason: 'excluded when profiling (not a feature to compare)' },
    {
      name: 'customer_id',
      reason: expect.stringMatching(/^ID-like: a distinct value in every row/),
    },
  ]);
  expect(small.text).not.toMatch(/cust-1\d{5}|@example\.com/);
  const columns = (small.profile.columns as { name: string }[]).map((c) => c.name);
  expect(columns).toEqual(['tenure', 'city']);

  const large = await profileOf('large');
  expect(large.text).not.toMatch(/cust-1\d{5}|@example\.com/);
  // Ten times the rows; the sketches were full already, so the file is about the same size.
  expect(large.text.length).toBeLessThan(small.text.length * 1.5);
});
