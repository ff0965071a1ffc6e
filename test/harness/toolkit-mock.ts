import { jest } from '@jest/globals';

/**
 * An in-memory `@actions/core` for in-process tests of an action's `run()` (the way the
 * typescript-action template tests its main): inputs come from `inputs`, outputs, log lines
 * and job summary text are collected. Call `mockToolkit()` before importing the action's
 * main module (ESM mocks apply to later imports only).
 */
export interface ToolkitMock {
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  /** info lines as given; warnings and errors prefixed `warning: ` / `error: `. */
  logged: string[];
  summaries: string[];
  setFailed: jest.Mock<(message: string) => void>;
  reset(): void;
}

export function mockToolkit(): ToolkitMock {
  const mock: ToolkitMock = {
    inputs: {},
    outputs: {},
    logged: [],
    summaries: [],
    setFailed: jest.fn<(message: string) => void>(),
    reset() {
      for (const record of [mock.inputs, mock.outputs])
        for (const key of Object.keys(record)) delete record[key];
      mock.logged.length = 0;
      mock.summaries.length = 0;
      mock.setFailed.mockClear();
    },
  };
  const noop = () => undefined;
  const summary = {
    addRaw(text: string) {
      mock.summaries.push(text);
      return summary;
    },
    write: async () => summary,
    emptyBuffer: () => summary,
  };
  jest.unstable_mockModule('@actions/core', () => ({
    ExitCode: { Success: 0, Failure: 1 },
    getInput: (name: string) => mock.inputs[name] ?? '',
    getBooleanInput: (name: string) => mock.inputs[name] === 'true',
    getMultilineInput: (name: string) => (mock.inputs[name] ?? '').split('\n').filter(Boolean),
    setOutput: (name: string, value: unknown) => {
      mock.outputs[name] = String(value);
    },
    info: (message: string) => mock.logged.push(message),
    debug: noop,
    notice: (message: string) => mock.logged.push(`notice: ${message}`),
    warning: (message: string) => mock.logged.push(`warning: ${message}`),
    error: (message: string) => mock.logged.push(`error: ${message}`),
    setFailed: mock.setFailed,
    setSecret: noop,
    isDebug: () => false,
    exportVariable: noop,
    addPath: noop,
    getState: () => '',
    saveState: noop,
    setCommandEcho: noop,
    startGroup: noop,
    endGroup: noop,
    group: async (_name: string, fn: () => Promise<unknown>) => fn(),
    getIDToken: async () => '',
    toPlatformPath: (p: string) => p,
    toPosixPath: (p: string) => p,
    toWin32Path: (p: string) => p,
    platform: {},
    markdownSummary: summary,
    summary,
  }));
  return mock;
}
