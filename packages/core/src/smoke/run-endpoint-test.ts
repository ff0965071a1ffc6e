import * as path from 'node:path';
import type { ModelDescription, ModelRuntime } from '../model/model-runtime.js';
import { rowSize } from '../model/tensor-shape.js';
import { EndpointClient, type EndpointOptions } from '../serving/endpoint-client.js';
import type { EndpointSettings } from '../serving/endpoint-settings.js';
import { parseResponsePath } from '../serving/response-path.js';
import type { InputTensor } from '../serving/serving-protocols.js';
import type { ModelInput } from './model-input.js';
import {
  modelName,
  scoreStages,
  SmokeRecord,
  type SmokeTestOptions,
  type SmokeTestResult,
  verifyAndLoadStages,
} from './run-smoke-test.js';
import { endpointPredictStage, servingSkewStage, type SkewRow } from './endpoint-stages.js';
import { dataStage } from './smoke-stages.js';
import { timePredictions } from './timed-predictions.js';

/** smoke-test against a server; with `model` too, the local model is the reference (skew). */
export type EndpointTestOptions = Omit<SmokeTestOptions, 'model'> & {
  model?: string;
  endpoint: EndpointSettings;
};

/**
 * Endpoint mode: the data goes to a running model server; its answers get the same checks,
 * golden comparison, quality metrics and files as a local run, plus latency per request and
 * per row and the error rate. With `model` as well, the same rows also run through the local
 * runtime and the server's outputs must agree within `tolerance` (`serving-skew`).
 */
export async function runEndpointTest(options: EndpointTestOptions): Promise<SmokeTestResult> {
  const log = options.log ?? (() => undefined);
  // Parsed before anything runs: a bad path is the user's mistake, not the server's.
  const responsePath = options.endpoint.responsePath
    ? parseResponsePath(options.endpoint.responsePath)
    : undefined;
  const modelPath = options.model ? path.resolve(options.cwd, options.model) : undefined;
  const record = new SmokeRecord(
    options,
    modelPath ? modelName(modelPath) : (options.endpoint.modelName ?? 'endpoint'),
  );
  record.backend = 'endpoint';

  let metadata: Record<string, unknown> | undefined;
  let runtime: ModelRuntime | undefined;
  if (modelPath) {
    const loaded = await verifyAndLoadStages(record, modelPath, options, log);
    if (!loaded) return record.finish();
    ({ runtime, metadata } = loaded);
  }
  try {
    const description = runtime?.description ?? servedModelDescription();
    const data = record.take(await dataStage(options, description, metadata));
    if (!data) return await record.finish();
    record.dataset = data.dataset;
    const { input } = data;

    const client = new EndpointClient({
      ...clientOptions(options, description, input),
      responsePath,
      log,
    });
    log(
      `Sending ${input.rows} rows to ${client.target} (${options.endpoint.protocol}) in batches of ${options.batchSize}.`,
    );
    const served = record.take(await endpointPredictStage(client, input, description, options));
    if (!served) return await record.finish();

    let skewRows: SkewRow[] | undefined;
    if (runtime) {
      // The reference: the same rows, once, through the local runtime.
      const local = await timePredictions(runtime, input, options.batchSize, 0, 1);
      skewRows =
        'problem' in local
          ? record.take<SkewRow[]>({
              checks: [
                {
                  name: 'serving-skew',
                  status: 'fail',
                  detail: `the local model: ${local.problem}`,
                },
              ],
            })
          : record.take(
              servingSkewStage(
                { outputs: local.runs[0], width: local.width },
                { outputs: served.runs[0], width: served.width },
                input,
                options.tolerance,
              ),
            );
    }
    return await record.finish({
      ...(await scoreStages(record, served, input, description, options)),
      endpoint: client.target,
      ...(skewRows ? { servingSkew: skewRows } : {}),
    });
  } finally {
    runtime?.dispose();
  }
}

/** What is known of a served model without a local copy: nothing but that it takes rows. */
function servedModelDescription(): ModelDescription {
  return {
    format: 'endpoint',
    signature: { inputs: [{ name: 'input', dtype: 'float32' }], outputs: [] },
    parameterCount: 0,
    sizeBytes: 0,
  };
}

/**
 * The tensors a row is sent as: one per `inputs` entry (named model inputs), else one named
 * after the model's input (or `input` when there is no local model).
 */
function clientOptions(
  options: EndpointTestOptions,
  description: ModelDescription,
  input: ModelInput,
): Omit<EndpointOptions, 'log' | 'responsePath'> {
  const { endpoint } = options;
  const declared = new Map(description.signature.inputs.map((t) => [t.name, t.dtype]));
  const first = description.feed ?? description.signature.inputs[0];
  const tensors: InputTensor[] = options.inputs
    ? Object.entries(options.inputs).map(([name, columns]) => ({
        name,
        width: columns.length,
        dtype: declared.get(name) ?? 'float32',
      }))
    : [{ name: first.name, width: rowSize(input.rowShape), dtype: first.dtype }];
  return {
    url: endpoint.url,
    protocol: endpoint.protocol,
    modelName: endpoint.modelName,
    requestTimeoutMs: endpoint.requestTimeoutMs,
    retries: endpoint.retries,
    backoffMs: endpoint.backoffMs,
    authHeader: endpoint.authHeader,
    tensors,
    features: input.features,
    output: options.output,
  };
}
