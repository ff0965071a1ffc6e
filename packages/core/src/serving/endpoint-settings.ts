import {
  getChoiceInput,
  getNumberInput,
  getOptionalInput,
  getSecretInput,
  maskSecret,
} from '../inputs/action-inputs.js';
import { UserError } from '../inputs/user-error.js';
import { splitAuthHeader } from './endpoint-client.js';
import { parseResponsePath } from './response-path.js';
import { SERVING_PROTOCOLS, type ServingProtocol } from './serving-protocols.js';

/** Where a model server is and how to talk to it: the same inputs in smoke-test and deploy. */
export interface EndpointSettings {
  url: string;
  protocol: ServingProtocol;
  modelName?: string;
  requestTimeoutMs: number;
  retries: number;
  /** First wait before a retry (default 500 ms; doubles each time). */
  backoffMs?: number;
  /** A secret (registered with the runner when read); never logged. */
  authHeader?: string;
  responsePath?: string;
}

/** The `default:` of the endpoint inputs in both action.yml files. */
export const ENDPOINT_DEFAULTS = {
  protocol: 'open-inference',
  'request-timeout': 30,
  retries: 3,
} as const;

/**
 * Reads the endpoint inputs (`urlInput` is `endpoint` in smoke-test, `validate-endpoint` in
 * deploy), or undefined when no URL is given. Called only from the actions' src/inputs.ts.
 */
export function readEndpointSettings(urlInput: string): EndpointSettings | undefined {
  const url = getOptionalInput(urlInput);
  if (url === undefined) return undefined;
  // Registered before anything can fail and quote it.
  const authHeader = getSecretInput('auth-header');
  // `X-Api-Key: abc`: mask `abc` on its own too (the whole line is masked already).
  if (authHeader !== undefined) maskSecret(splitAuthHeader(authHeader).value);
  checkUrl(urlInput, url);
  const protocol = getChoiceInput('protocol', SERVING_PROTOCOLS, ENDPOINT_DEFAULTS.protocol);
  const modelName = getOptionalInput('model-name');
  if (
    modelName === undefined &&
    (protocol === 'open-inference' || protocol.startsWith('tf-serving'))
  ) {
    throw new UserError(
      `protocol ${protocol} needs the model's name on the server (the <name> in the URL path).`,
      'model-name',
    );
  }
  const responsePath = getOptionalInput('response-path');
  if (responsePath !== undefined) parseResponsePath(responsePath);
  return {
    url,
    protocol,
    modelName,
    requestTimeoutMs:
      getNumberInput('request-timeout', ENDPOINT_DEFAULTS['request-timeout'], {
        min: 1,
        max: 3600,
      }) * 1000,
    retries: getNumberInput('retries', ENDPOINT_DEFAULTS.retries, {
      min: 0,
      max: 10,
      integer: true,
    }),
    authHeader,
    responsePath,
  };
}

function checkUrl(name: string, value: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    // Never echo credentials a mistyped URL may carry.
    const shown = value.replace(/^([^/]*\/\/)?[^/@\s]*@/, '$1***@');
    throw new UserError(`expected an http(s):// URL of the model server, got '${shown}'.`, name);
  }
  if (parsed.username || parsed.password) {
    throw new UserError(
      'the URL carries credentials (user:password@), which would end up in logs: give them in auth-header (a secret) instead.',
      name,
    );
  }
}
