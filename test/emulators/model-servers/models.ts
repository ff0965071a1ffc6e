import { loadModel, type BackendChoice } from '@ml-actions/core/model/model-runtime.js';

/**
 * What the emulated servers compute with: the packaged model itself, run by the model runtime
 * of core/model (so an agreeing server gives exactly what the local run gives), or the same
 * model behind preprocessing that scales one feature (serving skew).
 */
export type Predict = (rows: number[][]) => Promise<number[][]>;

export interface ServedModel {
  predict: Predict;
  dispose(): void;
}

export async function serveModelFile(
  location: string,
  backend: BackendChoice = 'wasm',
): Promise<ServedModel> {
  const runtime = await loadModel(location, { backend });
  return {
    predict: async (rows) => {
      const width = rows[0]?.length ?? 0;
      const out = await runtime.predict({
        values: Float32Array.from(rows.flat()),
        shape: [rows.length, width],
      });
      const size = out.shape.slice(1).reduce((a, b) => a * b, 1);
      return rows.map((_, r) => Array.from(out.values.subarray(r * size, (r + 1) * size)));
    },
    dispose: () => runtime.dispose(),
  };
}

/** The same predictions after the server's preprocessing multiplies one feature by `factor`. */
export function withScaledFeature(predict: Predict, feature: number, factor: number): Predict {
  return (rows) => predict(rows.map((row) => row.map((v, j) => (j === feature ? v * factor : v))));
}
