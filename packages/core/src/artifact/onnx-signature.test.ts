import {
  bytes,
  int,
  msg,
  onnxModel as model,
  valueInfo,
} from '../../../../test/fixtures/artifact/onnx-encoder.js';
import { parseOnnxModel } from './onnx-signature.js';

describe('parseOnnxModel', () => {
  it('reads graph inputs and outputs with dtypes and shapes, dynamic dims as null', () => {
    const onnx = model([
      msg(1, bytes(1, 'x'), bytes(2, 'y'), bytes(4, 'Relu')), // a node, skipped
      valueInfo(11, 'pixels', 1, ['batch', 3, 224, 224]),
      valueInfo(11, 'mask', 9, [-1]),
      valueInfo(12, 'logits', 1, ['batch', 1000]),
      valueInfo(12, 'ids', 7, []),
    ]);
    const info = parseOnnxModel(onnx, 'model.onnx');
    expect(info.irVersion).toBe(8);
    expect(info.producer).toBe('handmade');
    expect(info.signature).toEqual({
      inputs: [
        { name: 'pixels', dtype: 'float32', shape: [null, 3, 224, 224] },
        { name: 'mask', dtype: 'bool', shape: [-1] },
      ],
      outputs: [
        { name: 'logits', dtype: 'float32', shape: [null, 1000] },
        { name: 'ids', dtype: 'int64', shape: [] },
      ],
    });
  });

  it('leaves initializers out of the inputs (IR < 4) and lists external data files', () => {
    const initializer = msg(
      5,
      bytes(8, 'W'),
      msg(13, bytes(1, 'location'), bytes(2, 'weights.bin')),
      int(14, 1),
    );
    const onnx = model(
      [
        initializer,
        valueInfo(11, 'x', 1, [1, 4]),
        valueInfo(11, 'W', 1, [4, 2]),
        valueInfo(12, 'y', 1, [1, 2]),
      ],
      3,
    );
    const info = parseOnnxModel(onnx, 'm.onnx');
    expect(info.signature.inputs.map((i) => i.name)).toEqual(['x']);
    expect(info.externalData).toEqual(['weights.bin']);
  });

  it('refuses truncated bytes, a model without a graph and a graph without outputs', () => {
    const good = model([valueInfo(11, 'x', 1, [1]), valueInfo(12, 'y', 1, [1])]);
    expect(() => parseOnnxModel(good.subarray(0, good.length - 5), 'cut.onnx')).toThrow(
      /cut.onnx is not a valid ONNX model: the protobuf is malformed/,
    );
    expect(() => parseOnnxModel(int(1, 8), 'nograph.onnx')).toThrow(/it has no graph/);
    expect(() => parseOnnxModel(model([valueInfo(11, 'x', 1, [1])]), 'noout.onnx')).toThrow(
      /declares no outputs/,
    );
    expect(() => parseOnnxModel(Buffer.from('{"not": "onnx"}'), 'json.onnx')).toThrow(
      /json.onnx is not a valid ONNX model/,
    );
  });
});
