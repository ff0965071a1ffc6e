import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The WASM backend's binaries. ncc recognises `path.join(__dirname, '<literal>')`, copies each
 * file next to the bundle and rewrites the expression to point there; unbundled (tests, tsc) the
 * same expressions point into node_modules. Keep them static literals so ncc keeps seeing them.
 */
const __dirname = path.dirname(fileURLToPath(import.meta.url));

export const wasmFiles = {
  'tfjs-backend-wasm.wasm': path.join(
    __dirname,
    '../../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  ),
  'tfjs-backend-wasm-simd.wasm': path.join(
    __dirname,
    '../../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
  ),
  'tfjs-backend-wasm-threaded-simd.wasm': path.join(
    __dirname,
    '../../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm',
  ),
};
