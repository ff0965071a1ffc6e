export {
  GitHubEmulator,
  HttpError,
  Redirect,
  startGitHubEmulator,
  TOKENS,
  MAX_BODY_LENGTH,
} from './server.js';
export type { Fault, Hang, RateLimit, RequestRecord } from './server.js';
export * from './state.js';
export { actionsApi, ActionsApi } from './actions-api.js';
export type { SeedDeployment, SeedJob, SeedRun } from './actions-api.js';
