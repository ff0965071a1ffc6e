import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { GATE_INPUT_DEFAULTS } from './inputs.js';

describe('gate inputs', () => {
  it('defaults in code equal the defaults in action.yml', async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const action = parse(await fs.readFile(path.join(here, '..', 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
    };
    for (const [name, value] of Object.entries(GATE_INPUT_DEFAULTS)) {
      expect([name, action.inputs[name]?.default]).toEqual([name, String(value)]);
    }
    const withDefaults = Object.keys(action.inputs).filter(
      (name) => action.inputs[name].default !== undefined && name !== 'github-token',
    );
    expect(withDefaults.sort()).toEqual(Object.keys(GATE_INPUT_DEFAULTS).sort());
  });
});
