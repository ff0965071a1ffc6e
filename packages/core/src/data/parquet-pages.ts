/**
 * Page-by-page decoding of one flat Parquet column chunk (a top-level column, not repeated) into
 * one value per row, without hyparquet's list assembly. Pages, levels and values are read with
 * hyparquet's own decoders and converted by its `convert`, so every value is the one hyparquet's
 * `parquetRead` gives; only the container differs (see PageValues).
 */
import { readSync } from 'node:fs';
import type { DecodedArray, PageHeader } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { convert } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { snappyDecompress } from './snappy-decompress.js';

export type ColumnDecoder = Parameters<typeof convert>[1];

/** Dictionary-encoded values: row i is `dictionary[codes[i]]`, missing where the code is -1. */
export interface DictionaryCodes {
  dictionary: unknown[];
  codes: Int32Array;
}

/**
 * One page's values, one per row: numbers in a Float64Array (NaN is missing: it reads as missing
 * everywhere, as null does), dictionary codes for other dictionary-encoded values (no array of
 * pointers per page, which V8 makes slow to build), any other values in an array (null missing).
 */
export type PageValues = Float64Array | DictionaryCodes | unknown[];

export function pageLength(values: PageValues): number {
  return 'codes' in values ? values.codes.length : values.length;
}

interface ScratchArrays {
  header: Uint8Array;
  chunk: Uint8Array;
  page: Uint8Array;
  levels: Uint8Array;
  indices: Int32Array;
  codes: Int32Array;
  numbers: Float64Array;
}

/**
 * Arrays pages are decoded into, reused from page to page and row group to row group, so decoding
 * allocates next to nothing per page: one per column for its current page's values, one shared
 * by all columns for what only lives while a page is decoded.
 */
export class PageScratch {
  private readonly arrays: ScratchArrays = {
    header: new Uint8Array(0),
    chunk: new Uint8Array(0),
    page: new Uint8Array(0),
    levels: new Uint8Array(0),
    indices: new Int32Array(0),
    codes: new Int32Array(0),
    numbers: new Float64Array(0),
  };

  /** Scratch array `name` with `length` elements (contents left from earlier pages). */
  get<K extends keyof ScratchArrays>(name: K, length: number): ScratchArrays[K] {
    let array = this.arrays[name];
    if (array.length < length) {
      array = new (array.constructor as new (n: number) => ScratchArrays[K])(length);
      this.arrays[name] = array;
    }
    return array.subarray(0, length) as ScratchArrays[K];
  }
}

const MAX_EXACT = 2n ** 53n;

function isNumberArray(values: ArrayLike<unknown>): boolean {
  return (
    values instanceof Float64Array ||
    values instanceof Float32Array ||
    values instanceof Int32Array ||
    values instanceof Uint32Array ||
    values instanceof Uint8Array
  );
}

/**
 * 64-bit integers as numbers when every one is exact as a double (they then read, compare and
 * print as the bigints would); other values as they are.
 */
function exactNumbers(values: DecodedArray): ArrayLike<unknown> {
  if (!(values instanceof BigInt64Array || values instanceof BigUint64Array)) return values;
  const numbers = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > MAX_EXACT || v < -MAX_EXACT) return Array.from(values);
    numbers[i] = Number(v);
  }
  return numbers;
}

/**
 * A dictionary's values, copied out of the page: numbers in a Float64Array, anything else in an
 * array.
 */
function dictionaryValues(decoded: DecodedArray): Float64Array | unknown[] {
  const values = exactNumbers(decoded);
  if (isNumberArray(values)) return Float64Array.from(values as ArrayLike<number>);
  return Array.from(values);
}

/**
 * One value per row from the present values and the definition levels (a row is present when its
 * level is 1); with no levels every row is present. Numbers are copied into the scratch numbers
 * unless they are already one Float64Array.
 */
function spread(
  values: ArrayLike<unknown>,
  levels: ArrayLike<number> | undefined,
  rows: number,
  scratch: PageScratch,
): PageValues {
  const all = !levels || values.length === rows;
  if (values instanceof Float64Array && all) return values;
  // A page of missing values only reads as numbers.
  if (values.length === 0 || isNumberArray(values)) {
    const out = scratch.get('numbers', rows);
    if (all) out.set(values as ArrayLike<number>);
    else
      for (let i = 0, k = 0; i < rows; i++)
        out[i] = levels[i] === 1 ? (values[k++] as number) : NaN;
    return out;
  }
  if (all) return Array.isArray(values) ? values : Array.from(values);
  const out = new Array<unknown>(rows);
  for (let i = 0, k = 0; i < rows; i++) out[i] = levels[i] === 1 ? values[k++] : null;
  return out;
}

/**
 * `present` PLAIN doubles from byte `offset` of the page, spread to one per row (`levels`) in the
 * scratch numbers: copied as one block (aligned first when the page leaves them unaligned), then
 * moved to their rows in place, from the last row back.
 */
function plainDoubles(
  page: Uint8Array,
  offset: number,
  present: number,
  levels: Uint8Array | undefined,
  rows: number,
  scratch: PageScratch,
): Float64Array {
  const out = scratch.get('numbers', rows);
  new Uint8Array(out.buffer, out.byteOffset, 8 * present).set(
    page.subarray(offset, offset + 8 * present),
  );
  if (levels && present < rows)
    for (let i = rows - 1, k = present - 1; i >= 0; i--) out[i] = levels[i] === 1 ? out[k--] : NaN;
  return out;
}

/** One value per row from dictionary indices of the present rows. */
function lookUp(
  dictionary: Float64Array | unknown[],
  indices: ArrayLike<number>,
  levels: ArrayLike<number> | undefined,
  rows: number,
  scratch: PageScratch,
): PageValues {
  if (dictionary instanceof Float64Array) {
    const out = scratch.get('numbers', rows);
    for (let i = 0, k = 0; i < rows; i++)
      out[i] = !levels || levels[i] === 1 ? dictionary[indices[k++]] : NaN;
    return out;
  }
  const codes = scratch.get('codes', rows);
  if (!levels) codes.set(indices);
  else for (let i = 0, k = 0; i < rows; i++) codes[i] = levels[i] === 1 ? indices[k++] : -1;
  return { dictionary, codes };
}

function isDictionaryEncoding(encoding: string): boolean {
  return encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';
}

/** Where a column chunk's bytes are: bytes [start, end) of the open file `fd`. */
export interface ChunkLocation {
  fd: number;
  start: number;
  end: number;
}

/** Fills `into` with the file's bytes from `position`. */
function readFully(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length;) {
    const read = readSync(fd, into, done, into.length - done, position + done);
    if (read === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += read;
  }
}

/**
 * Reads the data pages of one flat column chunk in order, one page's rows at a time, each page
 * read from the file when it is needed (so memory holds one page per column, not the chunk).
 */
export class FlatColumnChunk {
  private position: number;
  private dictionary: Float64Array | unknown[] | undefined;
  private rowsLeft: number;
  private readonly optional: boolean;

  /**
   * `rows` is the row group's rows. A page's values are decoded into the column's `scratch`;
   * compressed and decompressed pages, levels and indices go to `shared` (one for all columns:
   * they are only used while a page is decoded).
   */
  constructor(
    private readonly chunk: ChunkLocation,
    private readonly decoder: ColumnDecoder,
    rows: number,
    private readonly scratch: PageScratch,
    private readonly shared: PageScratch,
  ) {
    this.position = chunk.start;
    this.rowsLeft = rows;
    // A flat column has definition level 1 when optional (present) and none when required.
    this.optional = decoder.element.repetition_type !== 'REQUIRED';
  }

  /**
   * The next data page's values, one per row (valid until the next call); undefined once the row
   * group's rows are read.
   */
  nextPage(): PageValues | undefined {
    while (this.rowsLeft > 0 && this.position < this.chunk.end) {
      const header = this.readHeader();
      // Version 2 pages are read in place (levels, uncompressed values): the column's own array.
      const into = header.type === 'DATA_PAGE_V2' ? this.scratch : this.shared;
      const bytes = into.get('chunk', header.compressed_page_size);
      readFully(this.chunk.fd, bytes, this.position);
      this.position += bytes.length;
      if (header.type === 'DICTIONARY_PAGE') {
        this.dictionary = this.readDictionary(header, bytes);
        continue;
      }
      let values: PageValues;
      if (header.type === 'DATA_PAGE') values = this.readPage(header, bytes);
      else if (header.type === 'DATA_PAGE_V2') values = this.readPageV2(header, bytes);
      else throw new Error(`parquet unsupported page type: ${header.type}`);
      this.rowsLeft -= pageLength(values);
      return values;
    }
    return undefined;
  }

  /** The page header at the current position (read in growing pieces: its length is not known). */
  private readHeader(): PageHeader {
    const left = this.chunk.end - this.position;
    for (let length = Math.min(256, left); ; length = Math.min(4 * length, left)) {
      const bytes = this.shared.get('header', length);
      readFully(this.chunk.fd, bytes, this.position);
      const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, length), offset: 0 };
      try {
        const header = parquetHeader(reader);
        this.position += reader.offset;
        return header;
      } catch (error) {
        // A header cut by the end of what was read runs off the DataView.
        if (!(error instanceof RangeError) || length === left) throw error;
      }
    }
  }

  /**
   * The page's bytes, uncompressed: Snappy and uncompressed pages into the shared page (values
   * are copied or converted out of it before another page is read), others as their decompressor
   * gives them. Fixed-length byte arrays stay views of the page, so they get a page of their own.
   */
  private decompress(header: PageHeader, bytes: Uint8Array): Uint8Array {
    const { codec, compressors, type } = this.decoder;
    const size = Number(header.uncompressed_page_size);
    if (type === 'FIXED_LEN_BYTE_ARRAY' || (codec !== 'SNAPPY' && codec !== 'UNCOMPRESSED')) {
      const page = decompressPage(bytes, size, codec, compressors);
      return page === bytes ? bytes.slice() : page;
    }
    const page = this.shared.get('page', size);
    if (codec === 'SNAPPY') snappyDecompress(bytes, page);
    else if (bytes.length === size) page.set(bytes);
    else throw new Error(`parquet page of ${bytes.length} bytes, its header says ${size}`);
    return page;
  }

  private readDictionary(header: PageHeader, bytes: Uint8Array): Float64Array | unknown[] {
    const page = this.decompress(header, bytes);
    const reader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
    const count = header.dictionary_page_header!.num_values;
    const { type, element } = this.decoder;
    return dictionaryValues(
      convert(readPlain(reader, type, count, element.type_length), this.decoder),
    );
  }

  private dictionaryFor(encoding: string): Float64Array | unknown[] {
    if (!this.dictionary) throw new Error(`parquet ${encoding} page without a dictionary page`);
    return this.dictionary;
  }

  /** A version 1 data page: levels and values share one compressed block. */
  private readPage(header: PageHeader, bytes: Uint8Array): PageValues {
    const daph = header.data_page_header;
    if (!daph) throw new Error('parquet data page header is undefined');
    const page = this.decompress(header, bytes);
    const rows = daph.num_values;
    const reader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
    let levels: Uint8Array | undefined;
    let present = rows;
    if (this.optional) {
      levels = this.shared.get('levels', rows);
      readRleBitPackedHybrid(reader, 1, levels);
      present = 0;
      for (let i = 0; i < rows; i++) present += levels[i];
    }
    const { type, element } = this.decoder;
    if (daph.encoding === 'PLAIN' && type === 'DOUBLE') {
      return plainDoubles(page, reader.offset, present, levels, rows, this.scratch);
    }
    if (daph.encoding === 'PLAIN') {
      const values = convert(readPlain(reader, type, present, element.type_length), this.decoder);
      return spread(exactNumbers(values), levels, rows, this.scratch);
    }
    if (isDictionaryEncoding(daph.encoding)) {
      const dictionary = this.dictionaryFor(daph.encoding);
      const bitWidth = reader.view.getUint8(reader.offset++);
      const indices = this.shared.get('indices', present);
      if (!bitWidth) indices.fill(0);
      else
        readRleBitPackedHybrid(reader, bitWidth, indices, reader.view.byteLength - reader.offset);
      return lookUp(dictionary, indices, levels, rows, this.scratch);
    }
    // Other encodings (delta, byte stream split, RLE booleans): hyparquet's page reader.
    const { dataPage } = readDataPage(page, daph, this.decoder);
    const values = exactNumbers(convert(dataPage, this.decoder));
    return spread(values, levels, rows, this.scratch);
  }

  /** A version 2 data page: levels uncompressed before the (maybe compressed) values. */
  private readPageV2(header: PageHeader, bytes: Uint8Array): PageValues {
    const daph2 = header.data_page_header_v2;
    if (!daph2) throw new Error('parquet data page header v2 is undefined');
    // An uncompressed page is read in place, and fixed-length byte arrays stay views of it.
    const page = this.decoder.type === 'FIXED_LEN_BYTE_ARRAY' ? bytes.slice() : bytes;
    const { definitionLevels, dataPage } = readDataPageV2(page, header, this.decoder);
    const rows = daph2.num_values;
    const levels = this.optional && daph2.num_nulls ? definitionLevels : undefined;
    if (isDictionaryEncoding(daph2.encoding)) {
      const dictionary = this.dictionaryFor(daph2.encoding);
      return lookUp(dictionary, dataPage as ArrayLike<number>, levels, rows, this.scratch);
    }
    const values = exactNumbers(convert(dataPage, this.decoder));
    return spread(values, levels, rows, this.scratch);
  }
}
