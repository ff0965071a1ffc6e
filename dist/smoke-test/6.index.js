export const id = 6;
export const ids = [6];
export const modules = {

/***/ 7006:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadOnnxModel: () => (/* binding */ loadOnnxModel)
});

// UNUSED EXPORTS: ZIPMAP_HINT

// EXTERNAL MODULE: ./packages/core/src/inputs/input-files.ts
var input_files = __webpack_require__(6473);
// EXTERNAL MODULE: ./packages/core/src/inputs/user-error.ts
var user_error = __webpack_require__(5403);
// EXTERNAL MODULE: ./packages/core/src/model/model-errors.ts
var model_errors = __webpack_require__(8500);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
;// CONCATENATED MODULE: ./packages/core/src/model/onnx-files.ts


/**
 * onnxruntime-web's single WASM build (SIMD, no JSEP/JSPI) and its Emscripten loader. Same
 * pattern as wasm-files.ts: ncc sees `path.join(__dirname, '<literal>')`, copies each file next
 * to the bundle and rewrites the expression; unbundled the paths point into node_modules.
 */
const onnx_files_dirname = external_node_path_.dirname((0,external_node_url_.fileURLToPath)(import.meta.url));
const onnxWasmFiles = {
    mjs: __webpack_require__.ab + "ort-wasm-simd-threaded.mjs",
    wasm: __webpack_require__.ab + "ort-wasm-simd-threaded.wasm",
};

// EXTERNAL MODULE: ./packages/core/src/model/workspace-module.ts
var workspace_module = __webpack_require__(7955);
;// CONCATENATED MODULE: ./packages/core/src/model/onnx-backend.ts



const ONNX_BACKENDS = ['auto', 'onnxruntime-node', 'wasm'];
const ORT_NODE_INSTALL_HINT = 'install it in the workspace before this step (`ONNXRUNTIME_NODE_INSTALL=skip npm install ' +
    'onnxruntime-node`; it ships CPU binaries), or use backend: wasm';
/**
 * `auto`: the workspace's onnxruntime-node when installed (native, multi-threaded), else the
 * bundled onnxruntime-web WASM build, single-threaded (Node has no SharedArrayBuffer workers
 * setup for it and the runners have few cores).
 */
async function loadOnnxRuntime(choice, workspace) {
    const notes = [];
    if (choice === 'tfjs-node' || choice === 'cpu') {
        throw new model_errors/* BackendUnavailableError */.Z(`backend ${choice} runs TF.js models; ONNX models run on ${ONNX_BACKENDS.join(', ')}.`);
    }
    if (choice === 'onnxruntime-node' || choice === 'auto') {
        const node = (0,workspace_module/* requireFromWorkspace */.X)(workspace, 'onnxruntime-node');
        if (node.module)
            return { ort: node.module, backend: 'onnxruntime-node', notes };
        if (choice === 'onnxruntime-node') {
            throw new model_errors/* BackendUnavailableError */.Z(`onnxruntime-node ${node.problem}; ${ORT_NODE_INSTALL_HINT}.`);
        }
        notes.push(`onnxruntime-node ${node.problem}`);
    }
    const ort = await __webpack_require__.e(/* import() */ 650).then(__webpack_require__.bind(__webpack_require__, 8650));
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = { mjs: onnxWasmFiles.mjs, wasm: onnxWasmFiles.wasm };
    return { ort, backend: 'onnxruntime-wasm', notes };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/onnx-proto/dist/onnx.js
var onnx = __webpack_require__(9070);
var onnx_default = /*#__PURE__*/__webpack_require__.n(onnx);
;// CONCATENATED MODULE: ./packages/core/src/model/onnx-format.ts



const { onnx: onnx_format_onnx } = (onnx_default());
const ELEM_TYPES = {
    1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64',
    8: 'string', 9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64',
}; // prettier-ignore
function spec(info) {
    const name = info.name ?? '';
    const type = info.type;
    const tensor = type?.tensorType;
    if (!tensor) {
        const kind = type?.sequenceType ? 'sequence' : type?.mapType ? 'map' : 'unknown';
        return { name, dtype: kind };
    }
    const result = {
        name,
        dtype: ELEM_TYPES[tensor.elemType ?? 0] ?? `onnx-type-${tensor.elemType}`,
    };
    if (tensor.shape) {
        result.shape = (tensor.shape.dim ?? []).map((d) => {
            const v = d.dimValue;
            if (v === undefined || v === null)
                return null;
            const n = typeof v === 'number' ? v : Number(v.toString());
            return n > 0 ? n : null;
        });
    }
    return result;
}
function parseMetadataValue(value) {
    try {
        return JSON.parse(value);
    }
    catch {
        return value;
    }
}
/** Feature names from metadata: a JSON list, or a comma-separated string. */
function featureNamesOf(metadata) {
    for (const key of ['feature_names', 'features', 'featureNames']) {
        const value = metadata[key];
        if (Array.isArray(value) && value.length > 0)
            return value.map(String);
        if (key !== 'features' && typeof value === 'string' && value.trim() !== '')
            return value.split(',').map((s) => s.trim());
    }
    return undefined;
}
function parseOnnxFile(bytes, file) {
    let model;
    try {
        model = onnx_format_onnx.ModelProto.decode(bytes);
    }
    catch (error) {
        throw new user_error/* UserError */.yo(`${file} is not a valid ONNX model (truncated or corrupt: ${error.message}).`);
    }
    const graph = model.graph;
    if (!graph || !model.irVersion || (graph.output ?? []).length === 0) {
        throw new user_error/* UserError */.yo(`${file} is not a valid ONNX model (no ir_version, graph or outputs).`);
    }
    const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
    const parameterCount = (graph.initializer ?? []).reduce((sum, t) => sum + (t.dims ?? []).reduce((p, d) => p * Number(d.toString()), 1), 0);
    const outputOps = {};
    for (const node of graph.node ?? []) {
        for (const out of node.output ?? [])
            outputOps[out] = node.opType ?? '';
    }
    const metadata = {};
    for (const prop of model.metadataProps ?? []) {
        if (prop.key)
            metadata[prop.key] = parseMetadataValue(prop.value ?? '');
    }
    return {
        file,
        bytes,
        signature: {
            inputs: (graph.input ?? [])
                .filter((i) => !initializers.has(i.name ?? ''))
                .map((i) => spec(i)),
            outputs: (graph.output ?? []).map((o) => spec(o)),
        },
        parameterCount,
        metadata,
        featureNames: featureNamesOf(metadata),
        outputOps,
    };
}
async function readOnnxFile(file) {
    let bytes;
    try {
        bytes = await external_node_fs_.promises.readFile(file);
    }
    catch (error) {
        throw new user_error/* UserError */.yo(`${file}: cannot read the model (${error.code}).`);
    }
    return parseOnnxFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
}

;// CONCATENATED MODULE: ./packages/core/src/model/onnx-runtime.ts




const NUMERIC_INPUTS = new Set(['float32', 'float64', 'int64', 'int32']);
const ZIPMAP_HINT = 'export the classifier without ZipMap (skl2onnx: convert_sklearn(clf, initial_types=..., ' +
    "options={id(clf): {'zipmap': False}})) so probabilities are a tensor";
/**
 * An ONNX model behind the ModelRuntime interface, on onnxruntime-node (workspace) or the bundled
 * onnxruntime-web WASM build. Handles what exported models need: a fixed batch dimension (runs
 * in batches of that size, padding the last one), several inputs fed from named column groups
 * (`inputs`), the choice of output (`output`, default the first tensor output), and float32,
 * float64, int64 and int32 inputs. Outputs come back as float32.
 */
async function loadOnnxModel(file, options) {
    const info = await readOnnxFile(file);
    const feeds = planFeeds(info, options.inputs);
    const output = pickOutput(info, options.output);
    if (!options.output && info.signature.outputs.length > 1) {
        options.log?.(`Reading output '${output.name}' (the first tensor output); set output to read another (${info.signature.outputs.map((o) => o.name).join(', ')}).`);
    }
    const { ort, backend, notes } = await loadOnnxRuntime(options.backend, options.workspace ?? (0,input_files/* workspaceDir */.zf)());
    for (const note of notes)
        options.log?.(`Backend ${backend}: ${note}.`);
    let session;
    try {
        session = await ort.InferenceSession.create(info.bytes, { graphOptimizationLevel: 'all' });
    }
    catch (error) {
        throw new user_error/* UserError */.yo(`${file}: onnxruntime could not load the model: ${firstLine(error)}`);
    }
    const fixedBatch = feeds[0].spec.shape?.[0] ?? undefined;
    const totalWidth = feeds.reduce((sum, f) => sum + (f.width ?? 0), 0);
    const feedSpec = feeds.length > 1 || feeds[0].width !== undefined
        ? {
            name: feeds.map((f) => f.spec.name).join(' + '),
            dtype: feeds[0].spec.dtype,
            shape: [null, totalWidth],
        }
        : undefined;
    const op = info.outputOps[output.name];
    const finalActivation = op === 'Softmax' ? 'softmax' : op === 'Sigmoid' ? 'sigmoid' : undefined;
    const runChunk = async (batch, start, rows, padTo) => {
        const rowSize = batch.shape.slice(1).reduce((a, b) => a * b, 1);
        const feedsByName = {};
        for (const feed of feeds) {
            const width = feed.width ?? rowSize;
            const values = new Float64Array(padTo * width);
            for (let r = 0; r < rows; r++) {
                const from = (start + r) * rowSize + (feed.offset ?? 0);
                values.set(batch.values.subarray(from, from + width), r * width);
            }
            const dims = feed.width !== undefined ? [padTo, width] : [padTo, ...batch.shape.slice(1)];
            feedsByName[feed.spec.name] = tensorOf(ort, feed.spec.dtype, values, dims);
        }
        let result;
        try {
            result = await session.run(feedsByName, [output.name]);
        }
        catch (error) {
            throw new user_error/* UserError */.yo(`${file}: onnxruntime failed on a batch of ${rows} rows: ${firstLine(error)}`);
        }
        const out = result[output.name];
        const data = out.data;
        const perRow = out.dims[0] > 0 ? data.length / out.dims[0] : 0;
        const values = new Float32Array(rows * perRow);
        for (let i = 0; i < values.length; i++)
            values[i] = Number(data[i]);
        return { values, rowShape: out.dims.slice(1) };
    };
    return {
        backend,
        description: {
            format: 'onnx',
            signature: info.signature,
            parameterCount: info.parameterCount,
            sizeBytes: info.bytes.byteLength,
            finalActivation,
            metadata: {
                ...info.metadata,
                ...(info.featureNames ? { featureNames: info.featureNames } : {}),
            },
            ...(feedSpec ? { feed: feedSpec } : {}),
            output: output.name,
        },
        async predict(input) {
            const rows = input.shape[0];
            const chunk = fixedBatch ?? rows;
            const parts = [];
            let rowShape = [];
            for (let start = 0; start < rows; start += chunk) {
                const n = Math.min(chunk, rows - start);
                const part = await runChunk(input, start, n, fixedBatch ?? n);
                parts.push(part.values);
                rowShape = part.rowShape;
            }
            const values = parts.length === 1 ? parts[0] : concat(parts);
            return { values, shape: [rows, ...rowShape] };
        },
        dispose() {
            void session.release();
        },
    };
}
/** Which model inputs get which columns; fails naming the input that cannot be fed. */
function planFeeds(info, mapping) {
    const inputs = info.signature.inputs;
    const names = inputs.map((i) => i.name);
    for (const spec of inputs) {
        if (spec.dtype === 'string') {
            throw new user_error/* UserError */.yo(`${info.file}: model input '${spec.name}' takes strings; smoke-test feeds numbers. ` +
                'Export the model with the string encoding outside the graph (numeric inputs only).');
        }
        if (!NUMERIC_INPUTS.has(spec.dtype)) {
            throw new user_error/* UserError */.yo(`${info.file}: model input '${spec.name}' has dtype ${spec.dtype}; smoke-test feeds float32, float64, int64 or int32 inputs.`);
        }
    }
    if (!mapping || Object.keys(mapping).length === 0) {
        if (inputs.length !== 1) {
            throw new user_error/* UserError */.yo(`${info.file}: the model has ${inputs.length} inputs (${names.join(', ')}); map data columns to each with inputs (e.g. ${names[0]}: [a, b]).`);
        }
        return [{ spec: inputs[0] }];
    }
    for (const key of Object.keys(mapping)) {
        if (!names.includes(key)) {
            throw new user_error/* UserError */.yo(`${info.file}: inputs maps columns to '${key}', which is not a model input (inputs: ${names.join(', ')}).`);
        }
    }
    const feeds = [];
    let offset = 0;
    for (const spec of inputs) {
        const columns = mapping[spec.name];
        if (!columns || columns.length === 0) {
            throw new user_error/* UserError */.yo(`${info.file}: model input '${spec.name}' is missing from inputs (map data columns to every input: ${names.join(', ')}).`);
        }
        const declared = spec.shape;
        if (declared &&
            (declared.length !== 2 || (declared[1] !== null && declared[1] !== columns.length))) {
            throw new user_error/* UserError */.yo(`${info.file}: model input '${spec.name}' expects shape [${declared.map((d) => d ?? '?').join(', ')}] but inputs gives it ${columns.length} column(s).`);
        }
        feeds.push({ spec, offset, width: columns.length });
        offset += columns.length;
    }
    return feeds;
}
/** The output to read: named by `output`, else the first tensor output; ZipMap outputs refused. */
function pickOutput(info, requested) {
    const outputs = info.signature.outputs;
    const isTensor = (s) => s.dtype !== 'sequence' && s.dtype !== 'map' && s.dtype !== 'unknown';
    const list = outputs.map((o) => `${o.name} (${o.dtype})`).join(', ');
    if (requested) {
        const found = outputs.find((o) => o.name === requested);
        if (!found)
            throw new user_error/* UserError */.yo(`${info.file}: the model has no output '${requested}' (outputs: ${list}).`);
        if (!isTensor(found)) {
            throw new user_error/* UserError */.yo(`${info.file}: output '${found.name}' is a ${found.dtype} (scikit-learn's ZipMap), not a tensor; ${ZIPMAP_HINT}.`);
        }
        return found;
    }
    const zipmap = outputs.find((o) => !isTensor(o));
    if (zipmap) {
        throw new user_error/* UserError */.yo(`${info.file}: output '${zipmap.name}' is a ${zipmap.dtype} (scikit-learn's ZipMap) so its probabilities cannot be read; ${ZIPMAP_HINT}, or pick a tensor output with output (outputs: ${list}).`);
    }
    return outputs[0];
}
function tensorOf(ort, dtype, values, dims) {
    switch (dtype) {
        case 'float64':
            return new ort.Tensor('float64', values, dims);
        case 'int64':
            return new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(Math.round(v))), dims);
        case 'int32':
            return new ort.Tensor('int32', Int32Array.from(values, Math.round), dims);
        default:
            return new ort.Tensor('float32', Float32Array.from(values), dims);
    }
}
function concat(parts) {
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
        out.set(p, at);
        at += p.length;
    }
    return out;
}
function firstLine(error) {
    return String(error?.message ?? error)
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
        .join(' ');
}


/***/ }),

/***/ 7955:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ requireFromWorkspace)
/* harmony export */ });
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8995);
/* harmony import */ var node_module__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_module__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
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

//# sourceMappingURL=6.index.js.map