import { BackendUnavailableError } from './model-errors.js';
import type { BackendChoice } from './model-runtime.js';
import { onnxWasmFiles } from './onnx-files.js';
import { requireFromWorkspace } from './workspace-module.js';

/** The onnxruntime API shared by onnxruntime-web and onnxruntime-node (onnxruntime-common). */
export type Ort = typeof import('onnxruntime-web');

export interface OrtHandle {
  ort: Ort;
  /** Reported backend name: `onnxruntime-node` or `onnxruntime-wasm`. */
  backend: string;
  notes: string[];
}

export const ONNX_BACKENDS = ['auto', 'onnxruntime-node', 'wasm'] as const;

export const ORT_NODE_INSTALL_HINT =
  'install it in the workspace before this step (`ONNXRUNTIME_NODE_INSTALL=skip npm install ' +
  'onnxruntime-node`; it ships CPU binaries), or use backend: wasm';

/**
 * `auto`: the workspace's onnxruntime-node when installed (native, multi-threaded), else the
 * bundled onnxruntime-web WASM build, single-threaded (Node has no SharedArrayBuffer workers
 * setup for it and the runners have few cores).
 */
export async function loadOnnxRuntime(
  choice: BackendChoice,
  workspace: string,
): Promise<OrtHandle> {
  const notes: string[] = [];
  if (choice === 'tfjs-node' || choice === 'cpu') {
    throw new BackendUnavailableError(
      `backend ${choice} runs TF.js models; ONNX models run on ${ONNX_BACKENDS.join(', ')}.`,
    );
  }
  if (choice === 'onnxruntime-node' || choice === 'auto') {
    const node = requireFromWorkspace<Ort>(workspace, 'onnxruntime-node');
    if (node.module) return { ort: node.module, backend: 'onnxruntime-node', notes };
    if (choice === 'onnxruntime-node') {
      throw new BackendUnavailableError(
        `onnxruntime-node ${node.problem}; ${ORT_NODE_INSTALL_HINT}.`,
      );
    }
    notes.push(`onnxruntime-node ${node.problem}`);
  }
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = { mjs: onnxWasmFiles.mjs, wasm: onnxWasmFiles.wasm };
  return { ort, backend: 'onnxruntime-wasm', notes };
}
