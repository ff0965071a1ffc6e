export const id = 436;
export const ids = [436];
export const modules = {

/***/ 4436:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   validateTfjsModel: () => (/* binding */ validateTfjsModel)
/* harmony export */ });
/* unused harmony export findModelJson */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _inputs_user_error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5403);



/** Bytes per element as stored in shards. */
const DTYPE_BYTES = {
    float32: 4,
    int32: 4,
    bool: 1,
    complex64: 8,
    uint8: 1,
    uint16: 2,
    float16: 2,
};
const WEIGHT_DTYPES = ['float32', 'int32', 'bool', 'complex64', 'string'];
const QUANTIZED_DTYPES = ['uint8', 'uint16', 'float16'];
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Finds model.json from a directory or a file path; throws naming what was looked at. */
async function findModelJson(location) {
    const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(location).catch(() => undefined);
    if (!stat)
        throw new _inputs_user_error_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`Model path ${location} does not exist.`);
    if (stat.isFile())
        return location;
    const candidate = node_path__WEBPACK_IMPORTED_MODULE_1__.join(location, 'model.json');
    if (await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(candidate).catch(() => undefined))
        return candidate;
    throw new _inputs_user_error_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`Model directory ${location} has no model.json (a TF.js model is expected).`);
}
/**
 * Validates a TF.js model (a directory holding model.json, or the model.json path) and returns
 * its format, signature and sizes. Throws a UserError naming the file and what is wrong.
 */
async function validateTfjsModel(location) {
    const modelJsonPath = await findModelJson(location);
    const file = modelJsonPath;
    const fail = (what) => {
        throw new _inputs_user_error_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${file}: ${what}`);
    };
    const text = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.readFile(modelJsonPath, 'utf8');
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        return fail(`is not valid JSON (${error.message}).`);
    }
    if (!isObject(json))
        return fail('must hold a JSON object.');
    if (!isObject(json.modelTopology))
        return fail('has no "modelTopology" object; is this a TF.js model.json?');
    if (!Array.isArray(json.weightsManifest))
        return fail('has no "weightsManifest" array.');
    const format = json.format === 'graph-model' || Array.isArray(json.modelTopology.node)
        ? 'tfjs-graph'
        : 'tfjs-layers';
    const weightGroups = json.weightsManifest.map((group, i) => parseWeightGroup(group, i, fail));
    const seen = new Set();
    for (const weight of weightGroups.flatMap((g) => g.weights)) {
        if (seen.has(weight.name))
            fail(`weight name '${weight.name}' appears more than once in weightsManifest.`);
        seen.add(weight.name);
    }
    const dir = node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(modelJsonPath);
    let sizeBytes = Buffer.byteLength(text);
    const shardPaths = [];
    for (const [i, group] of weightGroups.entries()) {
        let actual = 0;
        for (const shard of group.paths) {
            const shardFile = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(dir, shard);
            const rel = node_path__WEBPACK_IMPORTED_MODULE_1__.relative(dir, shardFile);
            if (rel.startsWith('..') || node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute(rel))
                fail(`weight shard '${shard}' points outside the model directory.`);
            const stat = await node_fs__WEBPACK_IMPORTED_MODULE_0__.promises.stat(shardFile).catch(() => undefined);
            if (!stat?.isFile())
                fail(`weight shard '${shard}' listed in weightsManifest[${i}] is missing (looked for ${shardFile}).`);
            actual += stat.size;
            shardPaths.push(shard);
        }
        const expected = groupByteLength(group);
        if (expected !== undefined && actual !== expected) {
            fail(`weightsManifest[${i}] shards (${group.paths.join(', ')}) hold ${actual} bytes but its ` +
                `${group.weights.length} weights need ${expected} bytes (truncated or mismatched shard).`);
        }
        sizeBytes += actual;
    }
    const parameterCount = weightGroups
        .flatMap((g) => g.weights)
        .reduce((sum, w) => sum + elementCount(w.shape), 0);
    const topology = json.modelTopology;
    const signature = format === 'tfjs-graph'
        ? graphSignature(json, topology, fail)
        : layersSignature(topology, fail);
    return {
        format,
        modelJsonPath,
        json,
        weightGroups,
        shardPaths,
        signature,
        parameterCount,
        sizeBytes,
        finalActivation: format === 'tfjs-graph'
            ? graphFinalActivation(topology, signature)
            : layersFinalActivation(topology),
        metadata: isObject(json.userDefinedMetadata) ? json.userDefinedMetadata : undefined,
    };
}
function parseWeightGroup(group, i, fail) {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
        fail(`weightsManifest[${i}] must have "paths" and "weights" arrays.`);
    }
    const g = group;
    if (!g.paths.every((p) => typeof p === 'string' && p !== ''))
        fail(`weightsManifest[${i}].paths must be file names.`);
    const weights = g.weights.map((w, j) => {
        const where = `weightsManifest[${i}].weights[${j}]`;
        if (!isObject(w) || typeof w.name !== 'string')
            return fail(`${where} has no "name".`);
        const name = w.name;
        if (!Array.isArray(w.shape) ||
            !w.shape.every((d) => Number.isInteger(d) && d >= 0)) {
            fail(`weight '${name}' has an invalid shape ${JSON.stringify(w.shape)}.`);
        }
        if (typeof w.dtype !== 'string' || !WEIGHT_DTYPES.includes(w.dtype)) {
            fail(`weight '${name}' has dtype ${JSON.stringify(w.dtype)}; TF.js weights are ${WEIGHT_DTYPES.join(', ')}.`);
        }
        let quantization;
        if (w.quantization !== undefined) {
            const q = w.quantization;
            if (!isObject(q) || typeof q.dtype !== 'string' || !QUANTIZED_DTYPES.includes(q.dtype)) {
                fail(`weight '${name}' has quantization dtype ${JSON.stringify(isObject(q) ? q.dtype : q)}; expected ${QUANTIZED_DTYPES.join(', ')}.`);
            }
            quantization = q;
        }
        return {
            name,
            shape: w.shape,
            dtype: w.dtype,
            quantization,
            group: typeof w.group === 'string' ? w.group : undefined,
        };
    });
    return { paths: g.paths, weights };
}
function elementCount(shape) {
    return shape.reduce((a, b) => a * b, 1);
}
/** Bytes the weights of a group occupy in its shards; undefined when strings make it variable. */
function groupByteLength(group) {
    let total = 0;
    for (const w of group.weights) {
        const dtype = w.quantization ? w.quantization.dtype : w.dtype;
        const bytes = DTYPE_BYTES[dtype];
        if (bytes === undefined)
            return undefined; // string weights carry per-element length prefixes
        total += elementCount(w.shape) * bytes;
    }
    return total;
}
function modelConfig(topology) {
    const config = isObject(topology.model_config) ? topology.model_config : topology;
    return config;
}
function layerList(topology) {
    const config = modelConfig(topology).config;
    if (Array.isArray(config))
        return config; // old Sequential format
    if (isObject(config) && Array.isArray(config.layers))
        return config.layers;
    return [];
}
function shapeOf(value) {
    return Array.isArray(value) ? value.map((d) => (typeof d === 'number' ? d : null)) : undefined;
}
function layersSignature(topology, fail) {
    const layers = layerList(topology);
    if (layers.length === 0)
        fail('modelTopology has no layers.');
    const config = modelConfig(topology);
    const byName = new Map(layers.map((l) => [l.name ?? l.config?.name, l]));
    const names = (key) => {
        const list = isObject(config.config) ? config.config[key] : undefined;
        return Array.isArray(list) ? list.map((entry) => String(entry[0])) : [];
    };
    const inputLayers = config.class_name === 'Sequential' || names('input_layers').length === 0
        ? [layers[0]]
        : names('input_layers').map((n) => byName.get(n) ?? fail(`input layer '${n}' is not among the layers.`));
    const outputLayers = config.class_name === 'Sequential' || names('output_layers').length === 0
        ? [layers[layers.length - 1]]
        : names('output_layers').map((n) => byName.get(n) ?? fail(`output layer '${n}' is not among the layers.`));
    const inputs = inputLayers.map((layer) => {
        const c = layer.config ?? {};
        const shape = shapeOf(c.batch_input_shape) ?? shapeOf(c.batch_shape);
        return {
            name: String(c.name ?? layer.name),
            dtype: typeof c.dtype === 'string' ? c.dtype : 'float32',
            shape,
        };
    });
    const outputs = outputLayers.map((layer) => {
        const c = layer.config ?? {};
        const units = typeof c.units === 'number' ? c.units : undefined;
        return {
            name: String(c.name ?? layer.name),
            dtype: 'float32',
            shape: units === undefined ? undefined : [null, units],
        };
    });
    return { inputs, outputs };
}
function layersFinalActivation(topology) {
    const layers = layerList(topology);
    const last = layers[layers.length - 1];
    if (!last)
        return undefined;
    if (last.class_name === 'Softmax')
        return 'softmax';
    const activation = last.config?.activation;
    return typeof activation === 'string' ? activation : undefined;
}
/** `dense/BiasAdd:0` → `dense/BiasAdd`; `^ctrl` (control input) → `ctrl`. */
const nodeOf = (tensor) => tensor.replace(/^\^/, '').replace(/:\d+$/, '');
const TF_DTYPES = {
    DT_FLOAT: 'float32',
    DT_INT32: 'int32',
    DT_INT64: 'int32',
    DT_BOOL: 'bool',
    DT_STRING: 'string',
};
function tensorShape(shape) {
    if (!shape || shape.unknownRank)
        return undefined;
    return (shape.dim ?? []).map((d) => {
        const size = Number(d.size ?? -1);
        return size < 0 ? null : size;
    });
}
function graphSignature(json, topology, fail) {
    const nodes = topology.node.filter(isObject);
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const metadata = isObject(json.userDefinedMetadata) ? json.userDefinedMetadata : {};
    const signature = [json.signature, metadata.signature].find(isObject);
    if (signature) {
        const specs = (entries, kind) => Object.entries(entries ?? {}).map(([key, info]) => {
            const tensor = info.name ?? key;
            if (!byName.has(nodeOf(tensor))) {
                fail(`signature ${kind} '${key}' names tensor '${tensor}', which is not a node of the graph.`);
            }
            return {
                name: tensor,
                dtype: TF_DTYPES[info.dtype ?? ''] ?? info.dtype ?? 'float32',
                shape: tensorShape(info.tensorShape),
            };
        });
        return {
            inputs: specs(signature.inputs, 'input'),
            outputs: specs(signature.outputs, 'output'),
        };
    }
    // No signature: inputs are the placeholders; outputs the nodes nothing else consumes.
    const consumed = new Set(nodes.flatMap((n) => (n.input ?? []).map(nodeOf)));
    const inputs = nodes
        .filter((n) => n.op === 'Placeholder')
        .map((n) => ({
        name: n.name,
        dtype: TF_DTYPES[n.attr?.dtype?.type ?? ''] ?? 'float32',
        shape: tensorShape(n.attr?.shape?.shape),
    }));
    const outputs = nodes
        .filter((n) => !consumed.has(n.name) && !['Const', 'Placeholder', 'NoOp'].includes(n.op))
        .map((n) => ({ name: n.name, dtype: 'float32' }));
    return { inputs, outputs };
}
function graphFinalActivation(topology, signature) {
    const nodes = topology.node;
    const output = signature.outputs[0] && nodeOf(signature.outputs[0].name);
    let node = nodes.find((n) => n.name === output);
    // Identity nodes often wrap the real output op.
    while (node && node.op === 'Identity') {
        const input = node.input?.[0] && nodeOf(node.input[0]);
        node = nodes.find((n) => n.name === input);
    }
    if (!node)
        return undefined;
    return ({ Softmax: 'softmax', Sigmoid: 'sigmoid', Relu: 'relu', Tanh: 'tanh' }[node.op] ?? undefined);
}


/***/ })

};

//# sourceMappingURL=436.index.js.map