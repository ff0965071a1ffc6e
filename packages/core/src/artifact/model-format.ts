import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../inputs/user-error.js';
import { validateTfjsModel } from '../model/tfjs-format.js';
import type { ModelSignature } from '../model/model-types.js';
import type { ModelFormat } from './manifest.js';
import { readOnnxModel } from './onnx-signature.js';

export type FormatChoice = ModelFormat | 'auto';
export const FORMAT_CHOICES: readonly FormatChoice[] = [
  'auto',
  'tfjs-layers',
  'tfjs-graph',
  'onnx',
  'files',
];

export interface ModelInspection {
  format: ModelFormat;
  signature?: ModelSignature;
  /** Package path of the file the format was read from (model.json, model.onnx). */
  entry?: string;
}

/**
 * Detects (for `auto`) and statically validates the model format. `packagePaths` are the files
 * that will be packaged, relative to the model directory (or the single model file's name).
 * This is the one place build-artifact learns what a model is.
 */
export async function inspectModel(
  modelPath: string,
  requested: FormatChoice,
  packagePaths: readonly string[],
): Promise<ModelInspection> {
  if (requested === 'files') return { format: 'files' };
  const isDir = (await fs.stat(modelPath)).isDirectory();
  const root = isDir ? modelPath : path.dirname(modelPath);
  const top = packagePaths.filter((p) => !p.includes('/'));

  const tfjsEntry = top.find((p) => (isDir ? p === 'model.json' : p.endsWith('.json')));
  const onnxEntries = top.filter((p) => p.toLowerCase().endsWith('.onnx'));
  const wantsTfjs = requested === 'tfjs-layers' || requested === 'tfjs-graph';

  if (wantsTfjs || (requested === 'auto' && tfjsEntry)) {
    if (!tfjsEntry) {
      throw new UserError(
        `expected a TF.js model.json in ${modelPath} for format ${requested}.`,
        'format',
      );
    }
    const info = await validateTfjsModel(path.join(root, tfjsEntry));
    if (wantsTfjs && info.format !== requested) {
      throw new UserError(
        `${tfjsEntry} is a ${info.format} model, not ${requested}; set format to ${info.format} or auto.`,
        'format',
      );
    }
    const missing = info.shardPaths
      .map((shard) => path.posix.normalize(shard))
      .filter((shard) => !packagePaths.includes(shard));
    if (missing.length) {
      throw new UserError(
        `weight shard(s) ${missing.join(', ')} of ${tfjsEntry} would not be packaged (hidden or outside the model directory).`,
        'model-path',
      );
    }
    return { format: info.format, signature: info.signature, entry: tfjsEntry };
  }

  if (requested === 'onnx' || (requested === 'auto' && onnxEntries.length > 0)) {
    const entry =
      onnxEntries.length === 1 ? onnxEntries[0] : onnxEntries.find((p) => p === 'model.onnx');
    if (!entry) {
      throw new UserError(
        onnxEntries.length === 0
          ? `no .onnx file in ${modelPath} for format onnx.`
          : `several .onnx files (${onnxEntries.join(', ')}) in ${modelPath}; name the main one model.onnx or give its path as model-path.`,
        onnxEntries.length === 0 ? 'format' : 'model-path',
      );
    }
    const info = await readOnnxModel(path.join(root, entry), entry);
    const missing = info.externalData.filter(
      (p) => !packagePaths.includes(path.posix.normalize(p)),
    );
    if (missing.length) {
      throw new UserError(
        `${entry} keeps weights in external data file(s) ${missing.join(', ')} that are not in the model directory.`,
        'model-path',
      );
    }
    return { format: 'onnx', signature: info.signature, entry };
  }

  return { format: 'files' };
}
