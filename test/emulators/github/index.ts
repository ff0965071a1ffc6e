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
