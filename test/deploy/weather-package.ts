import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { saveLinearModel, WEATHER_CSV, weatherReference } from '../fixtures/models/build-models.js';
import { buildTestPackage, type TestPackage } from './build-package.js';

/** The reference fixture's weather classifier (TF.js, softmax) as package weather 1.0.0. */
export async function buildWeatherClassifierPackage(root: string): Promise<TestPackage> {
  const classifier = weatherReference.classifier;
  const modelDir = await saveLinearModel(path.join(root, 'model'), classifier, 'softmax', {
    classNames: classifier.class_names,
  });
  const files: Record<string, Buffer> = {};
  for (const name of await fs.readdir(modelDir))
    files[name] = await fs.readFile(path.join(modelDir, name));
  return buildTestPackage('weather', '1.0.0', files, root);
}

/**
 * A fresh workspace holding the weather classifier package and its data as `weather.csv`:
 * deploy refuses a package or validation data outside the workspace.
 */
export async function weatherValidationWorkspace(
  prefix: string,
): Promise<{ root: string; pkg: TestPackage }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const pkg = await buildWeatherClassifierPackage(root);
  await fs.copyFile(WEATHER_CSV, path.join(root, 'weather.csv'));
  return { root, pkg };
}

/** deploy's inputs that validate `pkg` on weather.csv against a minimum accuracy, to staging. */
export function weatherValidationInputs(pkg: TestPackage, minAccuracy: number) {
  const classifier = weatherReference.classifier;
  return {
    package: pkg.dir,
    environment: 'staging',
    'github-deployment': false,
    'validate-data': 'weather.csv',
    'validate-features': classifier.features.join(', '),
    'validate-label-column': 'weather',
    'validate-policy': `rules:\n  - metric: accuracy\n    min: ${minAccuracy}\n`,
  };
}
