import { Writable } from 'node:stream';

/** A stream that keeps what is written, optionally pretending to be a terminal. */
export class Capture extends Writable {
  text = '';
  isTTY: boolean;
  columns = 100;

  constructor(isTTY = false) {
    super();
    this.isTTY = isTTY;
  }

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
