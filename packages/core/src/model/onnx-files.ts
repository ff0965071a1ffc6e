import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * onnxruntime-web's single WASM build (SIMD, no JSEP/JSPI) and its Emscripten loader. Same
 * pattern as wasm-files.ts: ncc sees `path.join(__dirname, '<literal>')`, copies each file next
 * to the bundle and rewrites the expression; unbundled the paths point into node_modules.
 */
const __dirname = path.dirname(fileURLToPath(import.meta.url));

export const onnxWasmFiles = {
  mjs: path.join(
    __dirname,
    '../../../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs',
  ),
  wasm: path.join(
    __dirname,
    '../../../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm',
  ),
};
