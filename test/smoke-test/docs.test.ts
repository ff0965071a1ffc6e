import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../harness/run-action.js';

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const action = parse(
  readFileSync(path.join(REPO_ROOT, 'actions/smoke-test/action.yml'), 'utf8'),
) as ActionYml;
const docs = readFileSync(path.join(REPO_ROOT, 'docs/smoke-test.md'), 'utf8');
const cell = (text: string) => text.replace(/\|/g, '\\|');

describe('docs/smoke-test.md', () => {
  it('lists every input exactly as action.yml declares it', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      const fallback = input.default ? `\`${input.default}\`` : '';
      const row = `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${fallback} | ${cell(input.description)} |`;
      expect(docs).toContain(row);
    }
    expect(docs.match(/^\| `[a-z-]+` \| (yes|no) \|/gm)).toHaveLength(
      Object.keys(action.inputs).length,
    );
  });

  it('lists every output exactly as action.yml declares it', () => {
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(docs).toContain(`| \`${name}\` | ${cell(output.description)} |`);
    }
  });
});
