import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { saveLinearModel, WEATHER_CSV, weatherReference } from '../fixtures/models/build-models.js';

export const classifier = weatherReference.classifier;

/** The policy of the example repository, with the accuracy floor of the test's choosing. */
export const policy = (minAccuracy: number) => `rules:
  - metric: accuracy
    min: ${minAccuracy}
  - metric: accuracy
    max-drop: 0.02
  - metric: latency_ms_p95
    max: 1000
  - metric: f1_macro
    max-drop-pct: 5
    severity: warning
`;

/**
 * A checkout of the repository the example workflows assume: the weather classifier in
 * model/, a real data sample in data/, the policy in .github/ml-policy.yml, training and
 * production metrics in ml/.
 */
export async function makeModelRepo(minAccuracy: number): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'model-repo-'));
  await saveLinearModel(path.join(dir, 'model'), classifier, 'softmax', {
    classNames: classifier.class_names,
  });
  const write = async (file: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  };
  await write('data/smoke-sample.csv', await fs.readFile(WEATHER_CSV, 'utf8'));
  await write('ml/train-metrics.json', JSON.stringify({ accuracy: 0.8 }));
  await write('ml/production-metrics.json', JSON.stringify({ accuracy: 0.78, f1_macro: 0.39 }));
  await write('.github/ml-policy.yml', policy(minAccuracy));
  return dir;
}
