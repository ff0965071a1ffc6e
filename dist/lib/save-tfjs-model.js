import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  O: () => (/* binding */ saveTfjsModel)
});

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
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
            const dir = path.dirname(info.modelJsonPath);
            const buffers = await Promise.all(info.shardPaths.map((p) => fs.readFile(path.join(dir, p))));
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
            await external_node_fs_namespaceObject.promises.mkdir(dir, { recursive: true });
            const parts = artifacts.weightData === undefined
                ? []
                : [].concat(artifacts.weightData);
            const data = concat(parts.map((p) => Buffer.from(p)));
            const count = Math.max(1, Math.ceil(data.byteLength / shardBytes));
            const paths = [];
            for (let i = 0; i < count; i++) {
                const name = `group1-shard${i + 1}of${count}.bin`;
                await external_node_fs_namespaceObject.promises.writeFile(external_node_path_namespaceObject.join(dir, name), new Uint8Array(data, i * shardBytes, Math.min(shardBytes, data.byteLength - i * shardBytes)));
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
            await external_node_fs_namespaceObject.promises.writeFile(external_node_path_namespaceObject.join(dir, 'model.json'), text);
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

;// CONCATENATED MODULE: ./packages/core/src/model/save-tfjs-model.ts


/**
 * Saves a TF.js model from Node as `<dir>/model.json` + weight shards, the layout smoke-test,
 * build-artifact, deploy and drift-monitor load, with plain `@tensorflow/tfjs` (no tfjs-node,
 * which is the only TF.js package with a `file://` saver). Works with any tfjs-core instance.
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { saveTfjsModel } from 'ml-actions/save-tfjs-model'; // dist/lib/, built from this file
 * await saveTfjsModel(model, 'model', { classNames: ['drizzle', 'fog', 'rain', 'snow', 'sun'] });
 * ```
 */
async function saveTfjsModel(model, dir, options = {}) {
    const metadata = options.classNames || options.metadata
        ? {
            ...options.metadata,
            ...(options.classNames ? { classNames: [...options.classNames] } : {}),
        }
        : undefined;
    const handler = fileSaveHandler(dir, { metadata, shardBytes: options.shardBytes });
    const result = await model.save(handler);
    const weightBytes = result.modelArtifactsInfo.weightDataBytes ?? 0;
    const shardBytes = options.shardBytes ?? 4 * 1024 * 1024;
    const count = Math.max(1, Math.ceil(weightBytes / shardBytes));
    return {
        modelJson: external_node_path_namespaceObject.join(dir, 'model.json'),
        weightFiles: Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`),
        weightBytes,
    };
}

var __webpack_exports__saveTfjsModel = __webpack_exports__.O;
export { __webpack_exports__saveTfjsModel as saveTfjsModel };

//# sourceMappingURL=save-tfjs-model.js.map
