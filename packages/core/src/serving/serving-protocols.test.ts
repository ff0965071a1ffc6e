import { parseResponsePath } from './response-path.js';
import {
  decodeAnswer,
  encodeBatch,
  protocolPath,
  type ProtocolOptions,
} from './serving-protocols.js';

const batch = { values: Float32Array.from([1, 2, 3, 4.5, 5, 6]), shape: [2, 3] };
const one = (
  protocol: ProtocolOptions['protocol'],
  extra: Partial<ProtocolOptions> = {},
): ProtocolOptions => ({
  protocol,
  tensors: [{ name: 'float_input', width: 3, dtype: 'float32' }],
  features: ['a', 'b', 'c'],
  ...extra,
});

describe('serving protocols: requests', () => {
  it('puts each protocol at its documented path', () => {
    expect(protocolPath('open-inference', 'iris')).toBe('/v2/models/iris/infer');
    expect(protocolPath('tf-serving', 'iris')).toBe('/v1/models/iris:predict');
    expect(protocolPath('tf-serving-columnar', 'iris')).toBe('/v1/models/iris:predict');
    expect(protocolPath('mlflow')).toBe('/invocations');
    expect(protocolPath('json')).toBe('');
  });

  it('open-inference: one flat row-major tensor per input with its datatype; the wanted output', () => {
    expect(encodeBatch(one('open-inference', { output: 'probabilities' }), batch)).toEqual({
      inputs: [
        { name: 'float_input', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3, 4.5, 5, 6] },
      ],
      outputs: [{ name: 'probabilities' }],
    });
    const two = one('open-inference', {
      tensors: [
        { name: 'a', width: 2, dtype: 'float64' },
        { name: 'b', width: 1, dtype: 'int64' },
      ],
    });
    expect(encodeBatch(two, batch)).toEqual({
      inputs: [
        { name: 'a', shape: [2, 2], datatype: 'FP64', data: [1, 2, 4.5, 5] },
        { name: 'b', shape: [2, 1], datatype: 'INT64', data: [3, 6] },
      ],
    });
  });

  it('tf-serving: instances (rows; records of named inputs when several); columnar inputs', () => {
    expect(encodeBatch(one('tf-serving'), batch)).toEqual({
      instances: [
        [1, 2, 3],
        [4.5, 5, 6],
      ],
    });
    const two = one('tf-serving', {
      tensors: [
        { name: 'x', width: 2, dtype: 'float32' },
        { name: 'y', width: 1, dtype: 'float32' },
      ],
    });
    expect(encodeBatch(two, batch)).toEqual({
      instances: [
        { x: [1, 2], y: [3] },
        { x: [4.5, 5], y: [6] },
      ],
    });
    expect(encodeBatch(one('tf-serving-columnar'), batch)).toEqual({
      inputs: [
        [1, 2, 3],
        [4.5, 5, 6],
      ],
    });
  });

  it('mlflow: dataframe_split with the column names; inputs when the rows have none', () => {
    expect(encodeBatch(one('mlflow'), batch)).toEqual({
      dataframe_split: {
        columns: ['a', 'b', 'c'],
        data: [
          [1, 2, 3],
          [4.5, 5, 6],
        ],
      },
    });
    expect(encodeBatch(one('mlflow', { features: undefined }), batch)).toEqual({
      inputs: [
        [1, 2, 3],
        [4.5, 5, 6],
      ],
    });
  });

  it('json: instances as records of feature name to value', () => {
    expect(encodeBatch(one('json'), batch)).toEqual({
      instances: [
        { a: 1, b: 2, c: 3 },
        { a: 4.5, b: 5, c: 6 },
      ],
    });
  });
});

describe('serving protocols: answers', () => {
  const values = (d: ReturnType<typeof decodeAnswer>) =>
    'batch' in d ? { values: Array.from(d.batch.values), shape: d.batch.shape } : d;

  it('open-inference: the first output tensor, or the one named by output', () => {
    const answer = {
      model_name: 'iris',
      outputs: [
        { name: 'label', shape: [2], datatype: 'INT64', data: [1, 0] },
        { name: 'probabilities', shape: [2, 2], datatype: 'FP32', data: [0.25, 0.75, 0.5, 0.5] },
      ],
    };
    expect(
      values(decodeAnswer(one('open-inference', { output: 'probabilities' }), answer, 2)),
    ).toEqual({
      values: [0.25, 0.75, 0.5, 0.5],
      shape: [2, 2],
    });
    expect(values(decodeAnswer(one('open-inference'), answer, 2))).toEqual({
      values: [1, 0],
      shape: [2],
    });
    expect(decodeAnswer(one('open-inference', { output: 'nope' }), answer, 2)).toEqual({
      problem: "the answer has no output 'nope' (outputs: label, probabilities).",
    });
    expect(
      decodeAnswer(
        one('open-inference'),
        { outputs: [{ name: 'y', shape: [3], datatype: 'FP32', data: [1, 2, 3] }] },
        2,
      ),
    ).toEqual({
      problem: 'a batch of 2 rows gave 3 output rows.',
    });
    expect(decodeAnswer(one('open-inference'), { error: 'x' }, 2)).toEqual({
      problem: 'the answer has no "outputs" list of tensors.',
    });
  });

  it('tf-serving: predictions (row) or outputs (columnar, named or not)', () => {
    expect(values(decodeAnswer(one('tf-serving'), { predictions: [[0.1], [0.2]] }, 2))).toEqual({
      values: [Math.fround(0.1), Math.fround(0.2)],
      shape: [2, 1],
    });
    expect(
      values(
        decodeAnswer(one('tf-serving-columnar'), { outputs: { scores: [1, 2], ids: [3, 4] } }, 2),
      ),
    ).toEqual({ values: [1, 2], shape: [2] });
  });

  it('mlflow: a bare list, {predictions: …} and DataFrame records', () => {
    expect(values(decodeAnswer(one('mlflow'), [3, 4], 2))).toEqual({ values: [3, 4], shape: [2] });
    expect(
      values(
        decodeAnswer(
          one('mlflow'),
          {
            predictions: [
              { p0: 0.5, p1: 0.5 },
              { p0: 1, p1: 0 },
            ],
          },
          2,
        ),
      ),
    ).toEqual({
      values: [0.5, 0.5, 1, 0],
      shape: [2, 2],
    });
  });

  it('json: the predictions at response-path, or a hint to set it', () => {
    const answer = { data: [{ score: 0.25 }, { score: 0.75 }] };
    const options = one('json', { responsePath: parseResponsePath('$.data[*].score') });
    expect(values(decodeAnswer(options, answer, 2))).toEqual({ values: [0.25, 0.75], shape: [2] });
    expect(decodeAnswer(one('json'), answer, 2)).toEqual({
      problem:
        'the answer has no "predictions": set response-path to where the predictions are (e.g. $.data[*].score).',
    });
  });

  it('refuses labels, ragged rows and wrong row counts with where and what', () => {
    expect(decodeAnswer(one('tf-serving'), { predictions: ['setosa', 'virginica'] }, 2)).toEqual({
      problem:
        'prediction 1 at $.predictions is "setosa": the endpoint must answer numbers (scores, probabilities or values).',
    });
    expect(decodeAnswer(one('mlflow'), { predictions: [[1, 2], [3]] }, 2)).toEqual({
      problem: 'prediction 2 at $.predictions has 1 values, the first had 2.',
    });
    expect(decodeAnswer(one('mlflow'), { predictions: [1, 2, 3] }, 2)).toEqual({
      problem: 'a batch of 2 rows gave 3 predictions at $.predictions.',
    });
  });
});
