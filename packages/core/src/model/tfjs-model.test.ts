import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildImageGraphModel,
  saveLinearModel,
  weatherReference,
} from '../../../../test/fixtures/models/build-models.js';
import { BackendUnavailableError } from './model-errors.js';
import { loadModel } from './model-runtime.js';
import { validateTfjsModel } from './tfjs-format.js';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tfjs-model-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function freshLayersModel(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  await saveLinearModel(dir, weatherReference.classifier, 'softmax', {
    classNames: weatherReference.classifier.class_names,
  });
  return dir;
}

interface EditableModelJson {
  weightsManifest: { weights: { name: string; dtype: string; quantization?: unknown }[] }[];
  signature: { outputs: Record<string, { name: string }> };
}

async function editModelJson(dir: string, edit: (json: EditableModelJson) => void): Promise<void> {
  const file = path.join(dir, 'model.json');
  const json = JSON.parse(await fs.readFile(file, 'utf8'));
  edit(json);
  await fs.writeFile(file, JSON.stringify(json));
}

describe('validateTfjsModel', () => {
  it('describes a layers model saved by our IO handler', async () => {
    const dir = await freshLayersModel('layers-ok');
    const info = await validateTfjsModel(dir);
    expect(info.format).toBe('tfjs-layers');
    expect(info.parameterCount).toBe(4 * 5 + 5);
    expect(info.finalActivation).toBe('softmax');
    expect(info.signature.inputs[0]).toMatchObject({ dtype: 'float32', shape: [null, 4] });
    expect(info.signature.outputs[0].shape).toEqual([null, 5]);
    expect(info.metadata?.classNames).toEqual(weatherReference.classifier.class_names);
  });

  it('reads the signature of a graph model', async () => {
    const info = await validateTfjsModel(await buildImageGraphModel(path.join(tmp, 'graph-ok')));
    expect(info.format).toBe('tfjs-graph');
    expect(info.signature.inputs).toEqual([
      { name: 'image:0', dtype: 'float32', shape: [null, 8, 8, 1] },
    ]);
    expect(info.signature.outputs).toEqual([
      { name: 'probabilities:0', dtype: 'float32', shape: [null, 3] },
    ]);
    expect(info.finalActivation).toBe('softmax');
  });

  it('finds inputs and outputs of a graph model without a signature', async () => {
    const dir = await buildImageGraphModel(path.join(tmp, 'graph-unsigned'));
    await editModelJson(dir, (json) => {
      delete (json as Partial<EditableModelJson>).signature;
    });
    const info = await validateTfjsModel(dir);
    expect(info.signature.inputs).toEqual([
      { name: 'image', dtype: 'float32', shape: [null, 8, 8, 1] },
    ]);
    expect(info.signature.outputs).toEqual([{ name: 'probabilities', dtype: 'float32' }]);
    expect(info.finalActivation).toBe('softmax');
  });

  it('names a truncated shard and the byte counts', async () => {
    const dir = await freshLayersModel('truncated');
    const shard = path.join(dir, 'group1-shard1of1.bin');
    await fs.truncate(shard, 60);
    await expect(validateTfjsModel(dir)).rejects.toThrow(
      /model\.json: weightsManifest\[0\] shards \(group1-shard1of1\.bin\) hold 60 bytes but its 2 weights need 100 bytes/,
    );
  });

  it('names a missing shard', async () => {
    const dir = await freshLayersModel('missing');
    await fs.rm(path.join(dir, 'group1-shard1of1.bin'));
    await expect(validateTfjsModel(dir)).rejects.toThrow(
      /weight shard 'group1-shard1of1\.bin' .* is missing/,
    );
  });

  it('refuses a weight dtype TF.js does not have', async () => {
    const dir = await freshLayersModel('dtype');
    await editModelJson(dir, (json) => {
      json.weightsManifest[0].weights[0].dtype = 'float64';
    });
    await expect(validateTfjsModel(dir)).rejects.toThrow(/weight '.*kernel' has dtype "float64"/);
  });

  it('counts quantized weights at their stored size', async () => {
    const dir = await freshLayersModel('quantized');
    await editModelJson(dir, (json) => {
      json.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', min: -1, scale: 0.01 };
    });
    // kernel now needs 20 bytes (uint8) instead of 80: the 100-byte shard no longer matches 40
    await expect(validateTfjsModel(dir)).rejects.toThrow(
      /hold 100 bytes but its 2 weights need 40 bytes/,
    );
  });

  it('refuses duplicate weight names', async () => {
    const dir = await freshLayersModel('duplicate');
    await editModelJson(dir, (json) => {
      const weights = json.weightsManifest[0].weights;
      weights[1].name = weights[0].name;
    });
    await expect(validateTfjsModel(dir)).rejects.toThrow(/appears more than once/);
  });

  it('refuses a graph signature that names a tensor the graph lacks', async () => {
    const dir = await buildImageGraphModel(path.join(tmp, 'graph-bad-signature'));
    await editModelJson(dir, (json) => {
      json.signature.outputs.probabilities.name = 'logits:0';
    });
    await expect(validateTfjsModel(dir)).rejects.toThrow(
      /signature output 'probabilities' names tensor 'logits:0'/,
    );
  });

  it('refuses a file that is not JSON and a directory without model.json', async () => {
    const dir = path.join(tmp, 'not-json');
    await fs.mkdir(dir);
    await expect(validateTfjsModel(dir)).rejects.toThrow(/has no model\.json/);
    await fs.writeFile(path.join(dir, 'model.json'), '{"modelTopology":');
    await expect(validateTfjsModel(dir)).rejects.toThrow(/model\.json: is not valid JSON/);
  });
});

describe('loadModel', () => {
  it.each(['cpu', 'wasm'] as const)('runs a layers model on the %s backend', async (backend) => {
    const runtime = await loadModel(await freshLayersModel(`run-${backend}`), {
      backend,
      workspace: tmp,
    });
    expect(runtime.backend).toBe(backend);
    const out = await runtime.predict({
      values: Float32Array.of(0, 10, 5, 3, 20, 8, 2, 6),
      shape: [2, 4],
    });
    expect(out.shape).toEqual([2, 5]);
    const sum = out.values.slice(0, 5).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 5);
    runtime.dispose();
  });

  it('runs a graph model', async () => {
    const runtime = await loadModel(await buildImageGraphModel(path.join(tmp, 'graph-run')), {
      backend: 'cpu',
      workspace: tmp,
    });
    const out = await runtime.predict({
      values: new Float32Array(2 * 64).fill(0.5),
      shape: [2, 8, 8, 1],
    });
    expect(out.shape).toEqual([2, 3]);
    runtime.dispose();
  });

  it('loads uint8-quantized weights and predicts close to the float model', async () => {
    const dir = await freshLayersModel('quantized-run');
    const input = { values: Float32Array.of(1, 12, 4, 3), shape: [1, 4] };
    const float = await loadModel(dir, { backend: 'cpu', workspace: tmp });
    const expected = (await float.predict(input)).values;
    float.dispose();

    // Rewrite the kernel as uint8 (value = min + q·scale), the way tfjs-converter quantizes.
    const kernel = Float32Array.from(weatherReference.classifier.kernel.flat());
    const min = Math.min(...kernel);
    const scale = (Math.max(...kernel) - min) / 255;
    const quantized = Uint8Array.from(kernel, (w) => Math.round((w - min) / scale));
    const bias = Float32Array.from(weatherReference.classifier.bias);
    await fs.writeFile(
      path.join(dir, 'group1-shard1of1.bin'),
      Buffer.concat([Buffer.from(quantized), Buffer.from(bias.buffer)]),
    );
    await editModelJson(dir, (json) => {
      json.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', min, scale };
    });

    const info = await validateTfjsModel(dir);
    expect(info.sizeBytes).toBeGreaterThan(40);
    const runtime = await loadModel(dir, { backend: 'cpu', workspace: tmp });
    const actual = (await runtime.predict(input)).values;
    runtime.dispose();
    actual.forEach((p, i) => expect(Math.abs(p - expected[i])).toBeLessThan(0.05));
  });

  it('tells how to install tfjs-node when it is asked for but missing (a domain error)', async () => {
    const loading = loadModel(await freshLayersModel('node'), {
      backend: 'tfjs-node',
      workspace: tmp,
    });
    await expect(loading).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(loading).rejects.toThrow(
      /^@tensorflow\/tfjs-node is not installed in the workspace .*npm install @tensorflow\/tfjs-node/,
    );
  });
});
