import type { io } from '@tensorflow/tfjs-core';
/** What TF.js models have in common for saving: a `LayersModel` or a `GraphModel`. */
export interface SavableTfjsModel {
    save(handler: io.IOHandler, config?: io.SaveConfig): Promise<io.SaveResult>;
}
export interface SaveTfjsModelOptions {
    /**
     * Class names in output order, stored as `classNames` in model.json's `userDefinedMetadata`:
     * smoke-test names predictions and matches labels with them.
     */
    classNames?: readonly string[];
    /** Anything else to store in `userDefinedMetadata` (feature names, training data, …). */
    metadata?: Record<string, unknown>;
    /** Largest weight shard in bytes (default 4 MiB, like tensorflowjs_converter). */
    shardBytes?: number;
}
export interface SavedTfjsModel {
    /** `<dir>/model.json`. */
    modelJson: string;
    /** The weight shards written beside it (`group1-shard1of1.bin`, …). */
    weightFiles: string[];
    weightBytes: number;
}
/**
 * Saves a TF.js model from Node as `<dir>/model.json` + weight shards, the layout smoke-test,
 * build-artifact, deploy and drift-monitor load, with plain `@tensorflow/tfjs` (no tfjs-node,
 * which is the only TF.js package with a `file://` saver). Works with any tfjs-core instance.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { saveTfjsModel } from 'ml-actions/save-tfjs-model'; // dist/lib/, built from this file
 * await saveTfjsModel(model, 'model', { classNames: ['drizzle', 'fog', 'rain', 'snow', 'sun'] });
 * ```
 */
export declare function saveTfjsModel(model: SavableTfjsModel, dir: string, options?: SaveTfjsModelOptions): Promise<SavedTfjsModel>;
