import { readTable, tableColumn } from '@ml-actions/core/data/read-table.js';
import { seededRandom } from '@ml-actions/core/stats/random.js';
import { loadTensorflow, type Tf } from '@ml-actions/core/model/tfjs-backend.js';
import { saveTfjsModel } from '@ml-actions/core/model/save-tfjs-model.js';

/**
 * Trains the demo's two weather classifiers with TF.js (the backend the actions bundle: WASM,
 * else cpu) and saves them with core's saveTfjsModel, so they are what a user's training job
 * would hand to build-artifact.
 */

export const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
export const LABEL = 'weather';

export interface ModelRecipe {
  /** Units of the hidden ReLU layer; 0 gives multinomial logistic regression. */
  hidden: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

/** The model in production before this change: linear, briefly trained. */
export const BASELINE: ModelRecipe = { hidden: 0, epochs: 3, learningRate: 0.05, seed: 7 };
/** The candidate: one hidden layer, trained to convergence. */
export const CANDIDATE: ModelRecipe = { hidden: 16, epochs: 60, learningRate: 0.01, seed: 11 };

export interface TrainedModel {
  dir: string;
  recipe: ModelRecipe;
  classNames: string[];
  /** Accuracy on the training rows (the smoke test measures held-out data). */
  trainAccuracy: number;
  finalLoss: number;
  parameters: number;
  seconds: number;
}

interface TrainingData {
  x: number[][];
  labels: string[];
  classNames: string[];
}

/** Feature rows and labels of the training CSV, shuffled once with a fixed seed. */
export async function readTrainingData(csv: string): Promise<TrainingData> {
  const table = await readTable(csv, { columns: [...FEATURES, LABEL] });
  const features = FEATURES.map((name) => tableColumn(table, name).values as number[]);
  const labelValues = tableColumn(table, LABEL).values.map(String);
  const order = Array.from({ length: table.rows }, (_, i) => i);
  const random = seededRandom(2012);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return {
    x: order.map((r) => features.map((column) => column[r])),
    labels: order.map((r) => labelValues[r]),
    classNames: [...new Set(labelValues)].sort(),
  };
}

let tfReady: Promise<{ tf: Tf; backend: string }> | undefined;

/** The TF.js namespace on the bundled backend (WASM, else cpu): the one smoke-test uses. */
export function tensorflow(workspace: string): Promise<{ tf: Tf; backend: string }> {
  tfReady ??= loadTensorflow('auto', workspace);
  return tfReady;
}

/** Trains one recipe on the data and saves it as a TF.js layers model in `dir`. */
export async function trainModel(
  tf: Tf,
  data: TrainingData,
  recipe: ModelRecipe,
  dir: string,
  metadata: Record<string, unknown>,
): Promise<TrainedModel> {
  const started = Date.now();
  const { mean, std } = standardization(data.x);
  const classes = data.classNames;
  const x = tf.tensor2d(data.x.map((row) => row.map((v, i) => (v - mean[i]) / std[i])));
  const y = tf.oneHot(
    tf.tensor1d(
      data.labels.map((l) => classes.indexOf(l)),
      'int32',
    ),
    classes.length,
  );
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: recipe.seed + offset });
  const model = tf.sequential();
  if (recipe.hidden > 0) {
    model.add(
      tf.layers.dense({
        inputShape: [FEATURES.length],
        units: recipe.hidden,
        activation: 'relu',
        kernelInitializer: init(0),
      }),
    );
  }
  model.add(
    tf.layers.dense({
      ...(recipe.hidden > 0 ? {} : { inputShape: [FEATURES.length] }),
      units: classes.length,
      activation: 'softmax',
      kernelInitializer: init(1),
    }),
  );
  model.compile({
    optimizer: tf.train.adam(recipe.learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  // The rows are already shuffled with a seed; fit's own shuffle would use Math.random.
  const history = await model.fit(x, y, {
    epochs: recipe.epochs,
    batchSize: 32,
    shuffle: false,
    verbose: 0,
  });
  foldStandardization(tf, model, mean, std);
  const last = (name: string) => Number(history.history[name].at(-1));
  await saveTfjsModel(model, dir, {
    classNames: classes,
    metadata: { ...metadata, features: FEATURES, recipe },
  });
  const trained: TrainedModel = {
    dir,
    recipe,
    classNames: classes,
    trainAccuracy: accuracyOf(tf, model, data, classes),
    finalLoss: last('loss'),
    parameters: model.countParams(),
    seconds: (Date.now() - started) / 1000,
  };
  tf.dispose([x, y]);
  model.dispose();
  return trained;
}

function standardization(rows: number[][]): { mean: number[]; std: number[] } {
  const width = rows[0].length;
  const mean = Array.from(
    { length: width },
    (_, i) => rows.reduce((s, r) => s + r[i], 0) / rows.length,
  );
  const std = mean.map(
    (m, i) => Math.sqrt(rows.reduce((s, r) => s + (r[i] - m) ** 2, 0) / rows.length) || 1,
  );
  return { mean, std };
}

/**
 * Moves the input standardization into the first dense layer (kernel / std, bias minus
 * mean / std · kernel), so the saved model takes raw features as production sends them.
 */
function foldStandardization(
  tf: Tf,
  model: ReturnType<Tf['sequential']>,
  mean: number[],
  std: number[],
): void {
  const first = model.layers[0];
  const [kernel, bias] = first.getWeights();
  const scale = tf.tensor2d(std.map((s) => [1 / s]));
  const shift = tf.tensor2d([mean.map((m, i) => m / std[i])]);
  const newKernel = tf.mul(kernel, scale);
  const newBias = tf.sub(bias, tf.matMul(shift, kernel).reshape([-1]));
  first.setWeights([newKernel, newBias]);
  tf.dispose([scale, shift, newKernel, newBias]);
}

function accuracyOf(
  tf: Tf,
  model: ReturnType<Tf['sequential']>,
  data: TrainingData,
  classes: string[],
): number {
  return tf.tidy(() => {
    const predicted = (model.predict(tf.tensor2d(data.x)) as ReturnType<Tf['tensor2d']>)
      .argMax(1)
      .dataSync();
    let correct = 0;
    data.labels.forEach((label, i) => {
      if (classes[predicted[i]] === label) correct++;
    });
    return correct / data.labels.length;
  });
}
