import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { listActions, loadAction, repoRoot } from '../../packages/cli/src/action-metadata.js';
import { main } from '../../packages/cli/src/cli.js';
import { CLI_OPTIONS } from '../../packages/cli/src/command-line.js';
import { Capture } from './capture.js';
import { makeFakeRepo } from './fake-repo.js';

/** Runs the CLI in-process and returns its exit code and what it wrote. */
async function cli(
  argv: string[],
  opts: { root?: string; env?: NodeJS.ProcessEnv; tty?: boolean; cwd?: string } = {},
) {
  const stdout = new Capture();
  const stderr = new Capture(opts.tty ?? false);
  const code = await main(argv, {
    stdout,
    stderr,
    env: opts.env ?? { PATH: process.env.PATH },
    cwd: opts.cwd ?? process.cwd(),
    root: opts.root,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('ml-actions help', () => {
  test('--help lists every action with its description', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const name of listActions()) {
      expect(stdout).toContain(name);
      expect(stdout).toContain(loadAction(name).description.slice(0, 40));
    }
  });

  test('no arguments prints the help on stderr and exits 2', async () => {
    const { code, stderr } = await cli([]);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: ml-actions <action>');
  });

  test.each(listActions())(
    '%s --help lists every input of action.yml with its default',
    async (name) => {
      const action = loadAction(name);
      const { code, stdout } = await cli([name, '--help']);
      expect(code).toBe(0);
      const flat = stdout.replace(/\s+/g, ' ');
      for (const input of action.inputs) {
        expect(stdout).toContain(`--${input.name} <value>`);
        // Descriptions wrap, so compare with whitespace collapsed.
        if (input.default) expect(flat).toContain(`default: ${input.default}`);
      }
      for (const output of action.outputs) expect(stdout).toContain(output.name);
      for (const input of action.inputs.filter((i) => i.required)) {
        expect(stdout).toMatch(new RegExp(`Usage: .*--${input.name} <value>`));
      }
    },
  );

  test('no action declares an input that a CLI option would shadow', () => {
    const reserved = new Set(CLI_OPTIONS.map((o) => o.name));
    for (const name of listActions()) {
      for (const input of loadAction(name).inputs) expect(reserved.has(input.name)).toBe(false);
    }
  });
});

describe('ml-actions command-line mistakes exit 2 with one clear line', () => {
  const root = makeFakeRepo();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('an unknown action lists the actions', async () => {
    const { code, stderr } = await cli(['echo-modle'], { root });
    expect(code).toBe(2);
    expect(stderr).toBe(
      "ml-actions: unknown action 'echo-modle'. Actions: echo-model, pr-number (run with --help for what each does).\n",
    );
  });

  test('an unknown flag suggests the closest input', async () => {
    const { code, stderr } = await cli(['echo-model', '--model-pth', 'm'], { root });
    expect(code).toBe(2);
    expect(stderr).toContain('unknown option --model-pth. Did you mean --model-path?');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a missing required input names it with its description', async () => {
    const { code, stderr } = await cli(['echo-model', '--mode', 'ok'], { root });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'ml-actions: echo-model: missing required input --model-path (Path to the model).\n',
    );
  });

  test('a flag without its value is an error, not a silent empty input', async () => {
    const { code, stderr } = await cli(['echo-model', '--model-path'], { root });
    expect(code).toBe(2);
    expect(stderr).toContain('--model-path needs a value');
  });

  test('a default the CLI cannot evaluate asks for the input, and the flag overrides it', async () => {
    const { code, stderr } = await cli(['pr-number'], { root });
    expect(code).toBe(2);
    expect(stderr).toBe(
      "ml-actions: the default of input 'number' is ${{ github.event.pull_request.number }}, which the CLI cannot evaluate; pass --number <value>.\n",
    );
    expect((await cli(['pr-number', '--number', '7'], { root })).code).toBe(0);
  });

  test('a positional argument is refused', async () => {
    const { code, stderr } = await cli(['echo-model', 'model.json'], { root });
    expect(code).toBe(2);
    expect(stderr).toContain("unexpected argument 'model.json'");
  });

  test('a missing bundle says how to build it', async () => {
    const bare = makeFakeRepo();
    rmSync(join(bare, 'dist'), { recursive: true });
    const { code, stderr } = await cli(['echo-model', '--model-path', 'm'], { root: bare });
    expect(code).toBe(2);
    expect(stderr).toContain("run 'npm run bundle -- echo-model'");
    rmSync(bare, { recursive: true, force: true });
  });
});

describe('ml-actions runs the bundle the way a runner does', () => {
  const root = makeFakeRepo();
  const work = mkdtempSync(join(tmpdir(), 'ml-actions-cli-work-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  async function runJson(argv: string[], env: NodeJS.ProcessEnv = {}) {
    const r = await cli(['echo-model', ...argv, '--json'], {
      root,
      cwd: work,
      env: { PATH: process.env.PATH, ...env },
    });
    return { ...r, result: JSON.parse(r.stdout) };
  }

  test('inputs become INPUT_* variables (hyphens kept), with defaults from action.yml', async () => {
    const { code, result } = await runJson([
      '--model-path',
      'models/m1',
      '--labels',
      'a',
      '--labels',
      'b',
    ]);
    expect(code).toBe(0);
    expect(result.exitCode).toBe(0);
    const seen = JSON.parse(result.outputs.seen);
    expect(seen['INPUT_MODEL-PATH']).toBe('models/m1');
    expect(seen.INPUT_MODE).toBe('ok');
    expect(seen.INPUT_LABELS).toBe('a\nb');
    expect(seen.GITHUB_WORKSPACE).toBe(work);
    expect(seen.INPUT_WHERE).toBe(`${seen.RUNNER_TEMP}/x`);
    expect(seen['INPUT_GITHUB-TOKEN']).toBe('');
    expect(result.outputs.notes).toBe('line one\nline two');
    expect(result.env).toEqual({ MODEL_SEEN: 'yes' });
  });

  test('INPUT_* variables already set are used, and flags win over them', async () => {
    const { result } = await runJson(['--mode', 'ok'], {
      'INPUT_MODEL-PATH': 'from-env',
      INPUT_MODE: 'fail',
    });
    const seen = JSON.parse(result.outputs.seen);
    expect(seen['INPUT_MODEL-PATH']).toBe('from-env');
    expect(seen.INPUT_MODE).toBe('ok');
  });

  test('the github.token default comes from GITHUB_TOKEN and is masked in the log', async () => {
    const { result, stderr } = await runJson(['--model-path', 'm'], {
      GITHUB_TOKEN: 'ghs_abcdef123',
    });
    expect(JSON.parse(result.outputs.seen)['INPUT_GITHUB-TOKEN']).toBe('ghs_abcdef123');
    expect(stderr).toContain('token is ***');
    expect(stderr).not.toContain('ghs_abcdef123');
    expect(stderr).not.toContain('no GitHub token');
  });

  test('without a token the run says GitHub calls are skipped', async () => {
    const { stderr } = await runJson(['--model-path', 'm']);
    expect(stderr).toContain('note: no GitHub token (set GITHUB_TOKEN or pass --github-token)');
  });

  test("the exit code is the action's and its error annotation is shown", async () => {
    const failed = await runJson(['--model-path', 'm', '--mode', 'fail']);
    expect(failed.code).toBe(1);
    expect(failed.result.annotations).toContainEqual({
      level: 'error',
      message: "Input 'mode': told to fail.",
    });
    expect(failed.stderr).toContain("Error: Input 'mode': told to fail.");
    expect(failed.stderr).toContain('echo-model failed (exit code 1)');
    const crashed = await runJson(['--model-path', 'm', '--mode', 'crash']);
    expect(crashed.code).toBe(3);
  });

  test('workflow commands are shown readably; masks and debug lines are honoured', async () => {
    const quiet = await runJson(['--model-path', 'm']);
    expect(quiet.stderr).toContain('▸ Loading the model\n  reading m\n');
    expect(quiet.stderr).toContain('Warning: odd\n  shape (model.json:3)');
    expect(quiet.stderr).toContain('the secret is ***');
    expect(quiet.stderr).not.toContain('a debug line');
    // Control characters echoed from data cannot reach the terminal.
    expect(quiet.stderr).toContain('metric [2Jname\n');
    expect(quiet.stderr).not.toContain('\x1b');
    expect(quiet.stderr).not.toContain('::');
    const verbose = await runJson(['--model-path', 'm', '--verbose']);
    expect(verbose.stderr).toContain('debug: a debug line');
    expect(JSON.parse(verbose.result.outputs.seen).RUNNER_DEBUG).toBe('1');
  });

  test('the summary goes to --summary-file and is shown in the terminal with the outputs table', async () => {
    const file = join(work, 'reports', 'echo.md');
    const { code, stdout } = await cli(
      ['echo-model', '--model-path', 'm', '--summary-file', file],
      { root, cwd: work },
    );
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('## Echo report');
    expect(stdout).toMatch(/^output\s+value\n/);
    expect(stdout).toMatch(/\nnotes\s+line one ↵ line two\n/);
    expect(stdout).toMatch(/\nnever-set\s+-\n/);
    expect(stdout).toMatch(/\nempty\s+''\n/);
    expect(stdout).toContain(`── job summary (${file}) ──\n## Echo report`);
    expect(stdout).not.toContain('<!-- marker -->');
    expect(stdout).toContain('| 1 | *** |');
    // Markdown escaping is for renderers; the terminal shows the plain text.
    expect(readFileSync(file, 'utf8')).toContain('| latency\\_ms | 4 &gt; 3 |');
    expect(stdout).toContain('| latency_ms | 4 > 3 |');
  });

  test('a relative --summary-file is resolved against the working directory and starts empty', async () => {
    await cli(['echo-model', '--model-path', 'm', '--summary-file', 'again.md'], {
      root,
      cwd: work,
    });
    await cli(['echo-model', '--model-path', 'm', '--summary-file', 'again.md'], {
      root,
      cwd: work,
    });
    const text = readFileSync(join(work, 'again.md'), 'utf8');
    expect(text.match(/## Echo report/g)).toHaveLength(1);
  });
});

describe('ml-actions removes its temporary directory unless asked to keep it', () => {
  // In-process, so the directory is found through --json's runnerDir (the packed-package
  // test checks, with a real TMPDIR, that a run leaves nothing behind).
  const root = makeFakeRepo();
  const saved = process.env.RUNNER_TEMP;
  beforeAll(() => delete process.env.RUNNER_TEMP);
  afterAll(() => {
    if (saved !== undefined) process.env.RUNNER_TEMP = saved;
    rmSync(root, { recursive: true, force: true });
  });
  const run = (flags: string[], env: NodeJS.ProcessEnv = {}) =>
    cli(['echo-model', '--model-path', 'm', ...flags], {
      root,
      env: { PATH: process.env.PATH, ...env },
    });

  test('a run removes it; the summary is shown without a path to a removed file', async () => {
    const json = await run(['--json']);
    const result = JSON.parse(json.stdout);
    expect(result.kept).toBe(false);
    expect(basename(result.runnerDir)).toMatch(/^ml-actions-local-/);
    expect(existsSync(result.runnerDir)).toBe(false);
    const { code, stdout, stderr } = await run([]);
    expect(code).toBe(0);
    expect(stdout).toContain('── job summary ──\n## Echo report');
    // The echo action's `seen` output names RUNNER_TEMP, which is gone.
    expect(stderr).toContain("outputs that name files in the run's temporary directory are gone");
  });

  test('--keep keeps the runner files and RUNNER_TEMP, and says where', async () => {
    const json = await run(['--keep', '--json']);
    const result = JSON.parse(json.stdout);
    expect(result.kept).toBe(true);
    expect(readFileSync(join(result.runnerDir, 'summary.md'), 'utf8')).toContain('## Echo report');
    rmSync(result.runnerDir, { recursive: true });
    const { stdout, stderr } = await run(['--keep']);
    const kept = /kept the runner's files and RUNNER_TEMP in (\S+)\./.exec(stderr)?.[1] ?? '';
    expect(stdout).toContain(`── job summary (${join(kept, 'summary.md')}) ──`);
    expect(existsSync(join(kept, 'summary.md'))).toBe(true);
    rmSync(kept, { recursive: true });
  });

  test("step debug logging keeps it too (like an action's scratch files)", async () => {
    const json = await run(['--json'], { ACTIONS_STEP_DEBUG: 'true' });
    const dir = JSON.parse(json.stdout).runnerDir;
    expect(existsSync(join(dir, 'summary.md'))).toBe(true);
    rmSync(dir, { recursive: true });
  });
});

describe('ml-actions shows progress while the action works', () => {
  const root = makeFakeRepo();
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('on a terminal: a spinner with a bar from the N/M lines the action logs', async () => {
    const { code, stderr } = await cli(['echo-model', '--model-path', 'm', '--mode', 'progress'], {
      root,
      tty: true,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/\[█{6}░{18}\] 25\/100 \(25%\)/);
    expect(stderr).toMatch(/\[█{24}\] 100\/100 \(100%\)/);
    expect(stderr).toContain('\r\x1b[2K');
  });

  test('in CI logs: plain periodic "still running" lines while the action is silent', async () => {
    const { stderr } = await cli(['echo-model', '--model-path', 'm', '--mode', 'silent'], {
      root,
      env: { PATH: process.env.PATH, CI: 'true', ML_ACTIONS_PROGRESS_INTERVAL: '0.25' },
      tty: true,
    });
    expect(stderr).toMatch(/… echo-model still running \(\d+s\)\n/);
    expect(stderr).not.toContain('\x1b[');
  });
});

describe('the ml-actions bin', () => {
  test('is linked by npm for `npx ml-actions` at the repository root and runs without a build', () => {
    const r = spawnSync(join(repoRoot, 'node_modules', '.bin', 'ml-actions'), ['gate', '--help'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: ml-actions gate');
  });
});
