export {
  startArtifactService,
  DEFAULT_REST_TOKENS,
  SERVICE,
  type ArtifactFault,
  type ArtifactRest,
  type ArtifactServiceEmulator,
  type ArtifactServiceOptions,
  type ArtifactServiceState,
  type JobEnv,
  type RequestRecord,
  type Route,
  type Run,
  type StoredArtifact,
} from './server.js';
export { mountArtifactRoutes } from './github-routes.js';
