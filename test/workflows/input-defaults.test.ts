import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { listActions, loadAction } from '../../packages/cli/src/action-metadata.js';
import { REPO_ROOT } from '../harness/run-action.js';
import { checkInputDefaults, findInputReads, type Fallback } from './input-defaults.js';

/**
 * One input convention (CONVENTIONS.md): each action reads its inputs in src/inputs.ts, and
 * every default written there equals the `default:` of its action.yml.
 */
const actions = listActions();
const inputsFile = (name: string) => join(REPO_ROOT, 'actions', name, 'src', 'inputs.ts');
const withInputs = actions.filter((name) => existsSync(inputsFile(name)));
// One checked program for all of them (the slow part).
findInputReads(withInputs.map(inputsFile));

/**
 * A fallback of an input that has a literal default in action.yml (what the check compares),
 * written in the action's own src/inputs.ts.
 */
function comparedFallback(name: string): Fallback | undefined {
  const defaults = new Map(loadAction(name).inputs.map((i) => [i.name, i.default]));
  return checkInputDefaults(name).fallbacks.find((f) => {
    const d = defaults.get(f.input);
    return f.file === inputsFile(name) && d !== undefined && d !== '' && !d.includes('${{');
  });
}

test('every action reads its inputs in src/inputs.ts', () => {
  expect(actions.filter((name) => !withInputs.includes(name))).toEqual([]);
});

test.each(withInputs)(
  '%s: each fallback in src/inputs.ts equals the default in action.yml',
  (name) => {
    expect(checkInputDefaults(name).problems).toEqual([]);
  },
);

test('the check finds fallbacks to compare (it is not vacuous)', () => {
  expect(withInputs.some((name) => comparedFallback(name) !== undefined)).toBe(true);
});

describe('inputs read by a shared core module (the endpoint inputs of smoke-test and deploy)', () => {
  const ENDPOINT_SETTINGS = join(REPO_ROOT, 'packages/core/src/serving/endpoint-settings.ts');

  test.each(['smoke-test', 'deploy'])(
    '%s: the fallbacks of serving/endpoint-settings.ts are compared with its action.yml',
    (name) => {
      const shared = checkInputDefaults(name).fallbacks.filter((f) => f.file === ENDPOINT_SETTINGS);
      expect(Object.fromEntries(shared.map((f) => [f.input, f.value]))).toEqual({
        protocol: 'open-inference',
        'request-timeout': 30,
        retries: 3,
      });
      const declared = new Map(loadAction(name).inputs.map((i) => [i.name, i.default]));
      for (const f of shared) expect(declared.get(f.input)).toBe(String(f.value));
    },
  );

  test("a copy of deploy's action.yml whose retries default differs is caught in the shared module", () => {
    const dir = mkdtempSync(join(tmpdir(), 'input-defaults-'));
    try {
      const doc = parseDocument(
        readFileSync(join(REPO_ROOT, 'actions', 'deploy', 'action.yml'), 'utf8'),
      );
      doc.setIn(['inputs', 'retries', 'default'], '5');
      mkdirSync(join(dir, 'actions', 'deploy'), { recursive: true });
      writeFileSync(join(dir, 'actions', 'deploy', 'action.yml'), doc.toString());
      expect(checkInputDefaults('deploy', { actionRoot: dir }).problems).toEqual([
        expect.stringMatching(
          /^packages\/core\/src\/serving\/endpoint-settings\.ts:\d+ falls back to 3 for input 'retries', but deploy\/action\.yml says default: '5'$/,
        ),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a mismatch is caught', () => {
  const name = withInputs.find((n) => comparedFallback(n) !== undefined);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'input-defaults-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A different value of the same type, as TypeScript source. */
  function otherLiteral(value: Fallback['value']): { text: string; value: Fallback['value'] } {
    if (typeof value === 'number') return { text: String(value + 7), value: value + 7 };
    if (typeof value === 'boolean') return { text: String(!value), value: !value };
    return { text: JSON.stringify(`${value}-changed`), value: `${value}-changed` };
  }

  test('a copy of src/inputs.ts whose fallback differs from action.yml', () => {
    const fallback = comparedFallback(name!)!;
    const text = readFileSync(inputsFile(name!), 'utf8');
    const other = otherLiteral(fallback.value);
    const copy = join(dir, 'inputs.ts');
    writeFileSync(copy, text.slice(0, fallback.start) + other.text + text.slice(fallback.end));
    const { problems } = checkInputDefaults(name!, { inputsFile: copy });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      `falls back to ${JSON.stringify(other.value)} for input '${fallback.input}'`,
    );
    expect(problems[0]).toContain(`${name}/action.yml says default: `);
  });

  test('a copy of action.yml whose default differs from src/inputs.ts', () => {
    const fallback = comparedFallback(name!)!;
    const actionYml = join(REPO_ROOT, 'actions', name!, 'action.yml');
    const doc = parseDocument(readFileSync(actionYml, 'utf8'));
    doc.setIn(['inputs', fallback.input, 'default'], String(otherLiteral(fallback.value).value));
    mkdirSync(join(dir, 'actions', name!), { recursive: true });
    writeFileSync(join(dir, 'actions', name!, 'action.yml'), doc.toString());
    const { problems } = checkInputDefaults(name!, { actionRoot: dir });
    expect(problems).toEqual([
      expect.stringContaining(
        `falls back to ${JSON.stringify(fallback.value)} for input '${fallback.input}'`,
      ),
    ]);
  });

  test('an input name that action.yml does not declare', () => {
    const text = readFileSync(inputsFile(name!), 'utf8');
    const copy = join(dir, 'inputs.ts');
    writeFileSync(copy, `${text}\nexport const typo = getOptionalInput('no-such-input');\n`);
    expect(checkInputDefaults(name!, { inputsFile: copy }).problems).toEqual([
      expect.stringContaining("reads input 'no-such-input', which"),
    ]);
  });
});
