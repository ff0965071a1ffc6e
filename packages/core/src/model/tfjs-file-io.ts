import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import type { TfjsModelInfo } from './tfjs-format.js';

/**
 * TF.js IOHandlers for the local file system. TF.js in Node has no `file://` handler without
 * tfjs-node, so models are read and written by these (plain objects, so they work with any
 * tfjs-core instance, the bundled one or the workspace's tfjs-node).
 */

/** Loads a model already checked by validateTfjsModel: model.json plus its shards in manifest order. */
export function fileLoadHandler(info: TfjsModelInfo): io.IOHandler {
  return {
    async load(): Promise<io.ModelArtifacts> {
      const dir = path.dirname(info.modelJsonPath);
      const buffers = await Promise.all(info.shardPaths.map((p) => fs.readFile(path.join(dir, p))));
      const weightData = concat(buffers);
      const json = info.json as Record<string, unknown> & {
        weightsManifest: { weights: io.WeightsManifestEntry[] }[];
      };
      return {
        modelTopology: json.modelTopology as io.ModelArtifacts['modelTopology'],
        format: json.format as string | undefined,
        generatedBy: json.generatedBy as string | undefined,
        convertedBy: json.convertedBy as string | null | undefined,
        signature: json.signature as object | undefined,
        userDefinedMetadata: json.userDefinedMetadata as io.ModelArtifacts['userDefinedMetadata'],
        modelInitializer: json.modelInitializer as object | undefined,
        trainingConfig: json.trainingConfig as io.TrainingConfig | undefined,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
        weightData,
      };
    },
  };
}

function concat(buffers: Buffer[]): ArrayBuffer {
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

export interface SaveOptions {
  /** Largest shard in bytes (TF.js's converter default is 4 MiB). */
  shardBytes?: number;
  /** Merged into model.json's `userDefinedMetadata` (class names, feature names, …). */
  metadata?: Record<string, unknown>;
}

/** Saves a model as `dir/model.json` + `group1-shardNofM.bin`, the layout TF.js loaders expect. */
export function fileSaveHandler(dir: string, options: SaveOptions = {}): io.IOHandler {
  const shardBytes = options.shardBytes ?? 4 * 1024 * 1024;
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      await fs.mkdir(dir, { recursive: true });
      const parts =
        artifacts.weightData === undefined
          ? []
          : ([] as ArrayBuffer[]).concat(artifacts.weightData);
      const data = concat(parts.map((p) => Buffer.from(p)));
      const count = Math.max(1, Math.ceil(data.byteLength / shardBytes));
      const paths: string[] = [];
      for (let i = 0; i < count; i++) {
        const name = `group1-shard${i + 1}of${count}.bin`;
        await fs.writeFile(
          path.join(dir, name),
          new Uint8Array(
            data,
            i * shardBytes,
            Math.min(shardBytes, data.byteLength - i * shardBytes),
          ),
        );
        paths.push(name);
      }
      const userDefinedMetadata =
        artifacts.userDefinedMetadata || options.metadata
          ? { ...artifacts.userDefinedMetadata, ...options.metadata }
          : undefined;
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        signature: artifacts.signature,
        userDefinedMetadata,
        trainingConfig: artifacts.trainingConfig,
        weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
      };
      const text = JSON.stringify(modelJson);
      await fs.writeFile(path.join(dir, 'model.json'), text);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: data.byteLength,
        },
      };
    },
  };
}
