import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { saveLinearModel, weatherReference } from '../fixtures/models/build-models.js';
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
