/**
 * Snappy block decompression into a caller's array (Parquet's SNAPPY pages). Literal runs and
 * non-overlapping copies move as blocks (`set`, `copyWithin`): pages of full-precision numbers
 * are nearly all literals, which a byte-at-a-time loop copies several times slower.
 */

/** Decompresses a Snappy block into `output`, whose length must be the uncompressed length. */
export function snappyDecompress(input: Uint8Array, output: Uint8Array): void {
  let pos = 0;
  // Preamble: the uncompressed length as a varint.
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= input.length || shift > 28) throw new Error('snappy: bad length preamble');
    const byte = input[pos++];
    length += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  if (length !== output.length)
    throw new Error(`snappy: block holds ${length} bytes, expected ${output.length}`);
  let out = 0;
  while (pos < input.length) {
    const tag = input[pos++];
    const kind = tag & 3;
    if (kind === 0) {
      let size = (tag >>> 2) + 1;
      if (size > 60) {
        // 1 to 4 little-endian bytes hold size - 1.
        const bytes = size - 60;
        if (pos + bytes > input.length) throw new Error('snappy: literal length past the input');
        size = 1;
        for (let i = 0; i < bytes; i++) size += input[pos + i] * 2 ** (8 * i);
        pos += bytes;
      }
      if (pos + size > input.length || out + size > length)
        throw new Error('snappy: literal past the end of its block');
      output.set(input.subarray(pos, pos + size), out);
      pos += size;
      out += size;
      continue;
    }
    let size: number;
    let offset: number;
    if (kind === 1) {
      size = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | input[pos++];
    } else if (kind === 2) {
      size = (tag >>> 2) + 1;
      offset = input[pos] | (input[pos + 1] << 8);
      pos += 2;
    } else {
      size = (tag >>> 2) + 1;
      offset =
        (input[pos] | (input[pos + 1] << 8) | (input[pos + 2] << 16)) + input[pos + 3] * 2 ** 24;
      pos += 4;
    }
    if (pos > input.length || offset === 0 || offset > out || out + size > length)
      throw new Error('snappy: copy outside its block');
    if (offset >= size) {
      output.copyWithin(out, out - offset, out - offset + size);
    } else {
      // Overlapping copy: repeats the last `offset` bytes.
      for (let i = 0; i < size; i++) output[out + i] = output[out - offset + i];
    }
    out += size;
  }
  if (out !== length) throw new Error('snappy: block ends early');
}
