export const id = 518;
export const ids = [518];
export const modules = {

/***/ 52518:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadTfjsRuntime: () => (/* binding */ loadTfjsRuntime)
});

// EXTERNAL MODULE: ./packages/core/src/inputs/input-files.ts
var input_files = __webpack_require__(66473);
// EXTERNAL MODULE: ./packages/core/src/inputs/user-error.ts
var user_error = __webpack_require__(15403);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./packages/core/src/model/model-errors.ts
var model_errors = __webpack_require__(48500);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./packages/core/src/model/wasm-files.ts


/**
 * The WASM backend's binaries. ncc recognises `path.join(__dirname, '<literal>')`, copies each
 * file next to the bundle and rewrites the expression to point there; unbundled (tests, tsc) the
 * same expressions point into node_modules. Keep them static literals so ncc keeps seeing them.
 */
const wasm_files_dirname = external_node_path_.dirname((0,external_node_url_.fileURLToPath)(import.meta.url));
const wasmFiles = {
    'tfjs-backend-wasm.wasm': __webpack_require__.ab + "tfjs-backend-wasm.wasm",
    'tfjs-backend-wasm-simd.wasm': __webpack_require__.ab + "tfjs-backend-wasm-simd.wasm",
    'tfjs-backend-wasm-threaded-simd.wasm': __webpack_require__.ab + "tfjs-backend-wasm-threaded-simd.wasm",
};

// EXTERNAL MODULE: ./packages/core/src/model/workspace-module.ts
var workspace_module = __webpack_require__(17955);
;// CONCATENATED MODULE: ./packages/core/src/model/tfjs-backend.ts




const TFJS_NODE_INSTALL_HINT = 'install it in the workspace before this step (`npm install @tensorflow/tfjs-node`, with a ' +
    '@tensorflow/tfjs-node version matching @tensorflow/tfjs 4.x), or use backend: wasm';
/**
 * Picks and initialises a TF.js backend. `auto`: the workspace's tfjs-node when installed, else
 * the bundled WASM backend, else the pure-JS cpu backend. tfjs-node brings its own tfjs-core, so
 * in that case the bundled @tensorflow/tfjs is never imported (two tfjs-core instances would not
 * share kernels, backends or tensors). Calling it again switches the active backend back to the
 * one chosen, since TF.js has one active backend per process.
 */
async function loadTensorflow(choice, workspace) {
    const notes = [];
    if (choice === 'tfjs-node' || choice === 'auto') {
        const node = (0,workspace_module/* requireFromWorkspace */.X)(workspace, '@tensorflow/tfjs-node');
        if (node.module) {
            await node.module.ready();
            return { tf: node.module, backend: 'tfjs-node', notes };
        }
        if (choice === 'tfjs-node') {
            throw new model_errors/* BackendUnavailableError */.Z(`@tensorflow/tfjs-node ${node.problem}; ${TFJS_NODE_INSTALL_HINT}.`);
        }
        notes.push(`tfjs-node ${node.problem}`);
    }
    const tf = await Promise.all(/* import() */[__webpack_require__.e(484), __webpack_require__.e(368)]).then(__webpack_require__.t.bind(__webpack_require__, 19368, 23));
    if (choice === 'wasm' || choice === 'auto') {
        if (await startWasm(tf))
            return { tf, backend: 'wasm', notes };
        if (choice === 'wasm')
            throw new Error('The bundled WASM backend failed to initialise.');
        notes.push('the WASM backend failed to initialise');
    }
    if (!(await tf.setBackend('cpu')))
        throw new Error('The TF.js cpu backend failed to initialise.');
    return { tf, backend: 'cpu', notes };
}
let wasmPathsSet = false;
async function startWasm(tf) {
    const wasm = await Promise.all(/* import() */[__webpack_require__.e(484), __webpack_require__.e(744)]).then(__webpack_require__.t.bind(__webpack_require__, 16744, 19));
    if (!wasmPathsSet)
        wasm.setWasmPaths(wasmFiles);
    wasmPathsSet = true;
    // The Emscripten loader reads `__dirname`, which does not exist in our ESM bundle; give it the
    // .wasm directory while it initialises (the file paths themselves come from setWasmPaths).
    const g = globalThis;
    const shimmed = g.__dirname === undefined;
    if (shimmed)
        g.__dirname = external_node_path_.dirname(wasmFiles['tfjs-backend-wasm.wasm']);
    try {
        return await tf.setBackend('wasm');
    }
    finally {
        if (shimmed)
            delete g.__dirname;
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./packages/core/src/model/tfjs-file-io.ts


/**
 * TF.js IOHandlers for the local file system. TF.js in Node has no `file://` handler without
 * tfjs-node, so models are read and written by these (plain objects, so they work with any
 * tfjs-core instance, the bundled one or the workspace's tfjs-node).
 */
/** Loads a model already checked by validateTfjsModel: model.json plus its shards in manifest order. */
function fileLoadHandler(info) {
    return {
        async load() {
            const dir = external_node_path_.dirname(info.modelJsonPath);
            const buffers = await Promise.all(info.shardPaths.map((p) => external_node_fs_.promises.readFile(external_node_path_.join(dir, p))));
            const weightData = concat(buffers);
            const json = info.json;
            return {
                modelTopology: json.modelTopology,
                format: json.format,
                generatedBy: json.generatedBy,
                convertedBy: json.convertedBy,
                signature: json.signature,
                userDefinedMetadata: json.userDefinedMetadata,
                modelInitializer: json.modelInitializer,
                trainingConfig: json.trainingConfig,
                weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
                weightData,
            };
        },
    };
}
function concat(buffers) {
    const total = buffers.reduce((n, b) => n + b.byteLength, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const b of buffers) {
        out.set(b, offset);
        offset += b.byteLength;
    }
    return out.buffer;
}
/** Saves a model as `dir/model.json` + `group1-shardNofM.bin`, the layout TF.js loaders expect. */
function fileSaveHandler(dir, options = {}) {
    const shardBytes = options.shardBytes ?? 4 * 1024 * 1024;
    return {
        async save(artifacts) {
            await fs.mkdir(dir, { recursive: true });
            const parts = artifacts.weightData === undefined
                ? []
                : [].concat(artifacts.weightData);
            const data = concat(parts.map((p) => Buffer.from(p)));
            const count = Math.max(1, Math.ceil(data.byteLength / shardBytes));
            const paths = [];
            for (let i = 0; i < count; i++) {
                const name = `group1-shard${i + 1}of${count}.bin`;
                await fs.writeFile(path.join(dir, name), new Uint8Array(data, i * shardBytes, Math.min(shardBytes, data.byteLength - i * shardBytes)));
                paths.push(name);
            }
            const userDefinedMetadata = artifacts.userDefinedMetadata || options.metadata
                ? { ...artifacts.userDefinedMetadata, ...options.metadata }
                : undefined;
            const modelJson = {
                modelTopology: artifacts.modelTopology,
                format: artifacts.format,
                generatedBy: artifacts.generatedBy,
                convertedBy: artifacts.convertedBy,
                signature: artifacts.signature,
                userDefinedMetadata,
                trainingConfig: artifacts.trainingConfig,
                weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
            };
            const text = JSON.stringify(modelJson);
            await fs.writeFile(path.join(dir, 'model.json'), text);
            return {
                modelArtifactsInfo: {
                    dateSaved: new Date(),
                    modelTopologyType: 'JSON',
                    modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
                    weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
                    weightDataBytes: data.byteLength,
                },
            };
        },
    };
}

;// CONCATENATED MODULE: ./packages/core/src/model/tfjs-runtime.ts




/** A TF.js layers or graph model behind the ModelRuntime interface. */
async function loadTfjsRuntime(info, options) {
    const { tf, backend, notes } = await loadTensorflow(options.backend, options.workspace ?? (0,input_files/* workspaceDir */.zf)());
    for (const note of notes)
        options.log?.(`Backend ${backend}: ${note}.`);
    const handler = fileLoadHandler(info);
    let model;
    try {
        model =
            info.format === 'tfjs-graph'
                ? await tf.loadGraphModel(handler)
                : await tf.loadLayersModel(handler);
    }
    catch (error) {
        throw new user_error/* UserError */.yo(`${info.modelJsonPath}: TF.js could not load the model: ${error.message}`);
    }
    if (model.inputs.length !== 1) {
        model.dispose?.();
        throw new user_error/* UserError */.yo(`${info.modelJsonPath}: the model has ${model.inputs.length} inputs; smoke-test supports single-input models.`);
    }
    const signature = runtimeSignature(model, info.signature);
    const inputDtype = signature.inputs[0].dtype;
    // Graph models with control flow only run through executeAsync; find out on the first batch.
    let needsAsync = false;
    const run = async (x) => {
        if (!needsAsync) {
            try {
                return firstOutput(model.predict(x));
            }
            catch (error) {
                if (!('executeAsync' in model) || !/executeAsync/.test(error.message))
                    throw error;
                needsAsync = true;
            }
        }
        return firstOutput(await model.executeAsync(x));
    };
    return {
        backend,
        description: {
            format: info.format,
            signature,
            parameterCount: info.parameterCount,
            sizeBytes: info.sizeBytes,
            finalActivation: info.finalActivation,
            metadata: info.metadata,
        },
        async predict(input) {
            const x = inputDtype === 'int32'
                ? tf.tensor(Int32Array.from(input.values, Math.round), input.shape, 'int32')
                : tf.tensor(input.values, input.shape, 'float32');
            let y;
            try {
                y = await run(x);
                const values = await y.data();
                return {
                    values: values instanceof Float32Array
                        ? values
                        : Float32Array.from(values),
                    shape: y.shape,
                };
            }
            finally {
                x.dispose();
                y?.dispose();
            }
        },
        dispose() {
            model.dispose?.();
        },
    };
}
function firstOutput(output) {
    if (Array.isArray(output)) {
        output.slice(1).forEach((t) => t.dispose());
        return output[0];
    }
    if ('dataId' in output)
        return output;
    const tensors = Object.values(output);
    tensors.slice(1).forEach((t) => t.dispose());
    return tensors[0];
}
/** The loaded model knows exact shapes and dtypes; keep static names where it has none. */
function runtimeSignature(model, fallback) {
    const specs = (list, known) => list.map((t, i) => ({
        name: t.name || known[i]?.name || `tensor_${i}`,
        dtype: t.dtype ?? known[i]?.dtype ?? 'float32',
        shape: t.shape ? t.shape.map((d) => (d === -1 || d === null ? null : d)) : known[i]?.shape,
    }));
    return {
        inputs: specs(model.inputs, fallback.inputs),
        outputs: specs(model.outputs, fallback.outputs),
    };
}


/***/ }),

/***/ 17955:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ requireFromWorkspace)
/* harmony export */ });
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(98995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_module__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * Requires `name` as installed in the user's workspace (never from our bundle): native runtimes
 * such as tfjs-node and onnxruntime-node come from there. The name arrives as a variable, which
 * keeps ncc from trying to bundle it.
 */
function requireFromWorkspace(workspace, name) {
    const workspaceRequire = (0,node_module__WEBPACK_IMPORTED_MODULE_0__.createRequire)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(workspace), 'package.json'));
    let resolved;
    try {
        resolved = workspaceRequire.resolve(name);
    }
    catch {
        return { problem: `is not installed in the workspace (${workspace})` };
    }
    try {
        return { module: workspaceRequire(resolved) };
    }
    catch (error) {
        return {
            problem: `is installed at ${resolved} but failed to load (${error.message.split('\n')[0]})`,
        };
    }
}


/***/ })

};

//# sourceMappingURL=518.index.js.map