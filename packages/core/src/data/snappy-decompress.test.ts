import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { snappyDecompress } from './snappy-decompress.js';
import { seededRandom } from '../stats/random.js';

function roundTrip(data: Uint8Array): Uint8Array {
  const output = new Uint8Array(data.length);
  snappyDecompress(snappyCompress(data), output);
  return output;
}

describe('snappyDecompress', () => {
  const random = seededRandom(7);

  it('restores literals, short and long copies and overlapping runs', () => {
    // Random doubles (nearly all literals), repeated text (copies), one byte repeated (overlaps).
    const doubles = new Uint8Array(Float64Array.from({ length: 20_000 }, () => random()).buffer);
    const text = new TextEncoder().encode('alpha,bravo,charlie,'.repeat(5_000));
    const run = new Uint8Array(100_000).fill(7);
    const mixed = new Uint8Array(300_000).map((_, i) =>
      i % 4096 < 2048 ? i % 251 : random() * 256,
    );
    for (const data of [doubles, text, run, mixed, new Uint8Array(0), Uint8Array.of(42)]) {
      expect(Buffer.from(roundTrip(data)).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('reads copies with 4-byte offsets', () => {
    // Length 8; literal 'abcd'; copy of 4 bytes from 4 back, offset written in 4 bytes.
    const block = Uint8Array.of(8, 3 << 2, 97, 98, 99, 100, (3 << 2) | 3, 4, 0, 0, 0);
    const output = new Uint8Array(8);
    snappyDecompress(block, output);
    expect(new TextDecoder().decode(output)).toBe('abcdabcd');
  });

  it('refuses a block whose length is not the expected one, or that is cut short', () => {
    const data = new TextEncoder().encode('hello hello hello hello');
    const block = snappyCompress(data);
    expect(() => snappyDecompress(block, new Uint8Array(data.length + 1))).toThrow(
      /holds 23 bytes, expected 24/,
    );
    expect(() =>
      snappyDecompress(block.subarray(0, block.length - 3), new Uint8Array(data.length)),
    ).toThrow(/snappy/);
  });
});
