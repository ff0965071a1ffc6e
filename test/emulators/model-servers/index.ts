export { startModelServer } from './server.js';
export type { ModelServer, ModelServerOptions, Protocol, RecordedRequest } from './server.js';
export { serveModelFile, withScaledFeature } from './models.js';
export type { Predict, ServedModel } from './models.js';
export { startModelFleet } from './model-fleet.js';
export type { ModelFleet } from './model-fleet.js';
