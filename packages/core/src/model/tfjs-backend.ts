import * as path from 'node:path';
import { BackendUnavailableError } from './model-errors.js';
import type { BackendChoice } from './model-runtime.js';
import { wasmFiles } from './wasm-files.js';
import { requireFromWorkspace } from './workspace-module.js';

/** The TF.js namespace; the bundled `@tensorflow/tfjs` and the workspace's tfjs-node share it. */
export type Tf = typeof import('@tensorflow/tfjs');

export interface TfHandle {
  tf: Tf;
  /** Reported backend name: `tfjs-node`, `wasm` or `cpu`. */
  backend: string;
  /** Why `auto` did not get a faster backend, for the log. */
  notes: string[];
}

export const TFJS_NODE_INSTALL_HINT =
  'install it in the workspace before this step (`npm install @tensorflow/tfjs-node`, with a ' +
  '@tensorflow/tfjs-node version matching @tensorflow/tfjs 4.x), or use backend: wasm';

/**
 * Picks and initialises a TF.js backend. `auto`: the workspace's tfjs-node when installed, else
 * the bundled WASM backend, else the pure-JS cpu backend. tfjs-node brings its own tfjs-core, so
 * in that case the bundled @tensorflow/tfjs is never imported (two tfjs-core instances would not
 * share kernels, backends or tensors). Calling it again switches the active backend back to the
 * one chosen, since TF.js has one active backend per process.
 */
export async function loadTensorflow(choice: BackendChoice, workspace: string): Promise<TfHandle> {
  const notes: string[] = [];
  if (choice === 'tfjs-node' || choice === 'auto') {
    const node = requireFromWorkspace<Tf>(workspace, '@tensorflow/tfjs-node');
    if (node.module) {
      await node.module.ready();
      return { tf: node.module, backend: 'tfjs-node', notes };
    }
    if (choice === 'tfjs-node') {
      throw new BackendUnavailableError(
        `@tensorflow/tfjs-node ${node.problem}; ${TFJS_NODE_INSTALL_HINT}.`,
      );
    }
    notes.push(`tfjs-node ${node.problem}`);
  }
  const tf = await import('@tensorflow/tfjs');
  if (choice === 'wasm' || choice === 'auto') {
    if (await startWasm(tf)) return { tf, backend: 'wasm', notes };
    if (choice === 'wasm') throw new Error('The bundled WASM backend failed to initialise.');
    notes.push('the WASM backend failed to initialise');
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('The TF.js cpu backend failed to initialise.');
  return { tf, backend: 'cpu', notes };
}

let wasmPathsSet = false;

async function startWasm(tf: Tf): Promise<boolean> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!wasmPathsSet) wasm.setWasmPaths(wasmFiles);
  wasmPathsSet = true;
  // The Emscripten loader reads `__dirname`, which does not exist in our ESM bundle; give it the
  // .wasm directory while it initialises (the file paths themselves come from setWasmPaths).
  const g = globalThis as { __dirname?: string };
  const shimmed = g.__dirname === undefined;
  if (shimmed) g.__dirname = path.dirname(wasmFiles['tfjs-backend-wasm.wasm']);
  try {
    return await tf.setBackend('wasm');
  } finally {
    if (shimmed) delete g.__dirname;
  }
}
