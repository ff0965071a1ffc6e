import { renderReleaseSummary, type ReleaseSummaryData } from './release-summary.js';

const result: ReleaseSummaryData = {
  status: 'deployed',
  model: 'iris',
  environment: 'production',
  version: '2.0.0',
  digest: `sha256:${'a'.repeat(64)}`,
  previousVersion: '1.0.0',
  registryUri: 's3://models/team',
  deploymentId: 42,
  liveVersion: '2.0.0',
};

// What suiteInvocation() gives for `uses: acme/ml-actions/actions/deploy@v1` on a runner.
const invocation = {
  cli: 'npx --yes github:acme/ml-actions#v1',
  uses: (action: string) => `acme/ml-actions/actions/${action}@v1`,
};

describe('release summary', () => {
  it('shows what moved where and the exact step and command that undo it', () => {
    const md = renderReleaseSummary(result, invocation);
    expect(md).toContain('| Version | `2.0.0` |');
    expect(md).toContain('| Previous version | `1.0.0` |');
    expect(md).toContain('| GitHub deployment | #42 |');
    expect(md).toContain('- uses: acme/ml-actions/actions/deploy@v1\n  with:\n');
    expect(md).toContain(
      '    operation: rollback\n    registry: "s3://models/team"\n    environment: "production"\n    model: "iris"\n    to-version: "1.0.0"',
    );
    expect(md).toContain(
      "npx --yes github:acme/ml-actions#v1 deploy --operation rollback --registry 's3://models/team' --environment 'production' --model 'iris' --to-version '1.0.0'",
    );
  });

  it('offers no undo when the alias did not end on the new version, and says what happened', () => {
    const md = renderReleaseSummary(
      {
        ...result,
        status: 'rolled-back',
        failure: 'health check failed: HTTP 503; rolled production back to 1.0.0',
        liveVersion: '1.0.0',
      },
      invocation,
    );
    expect(md).toContain('↩️ Rolled back');
    expect(md).toContain(
      '**What happened:** health check failed: HTTP 503; rolled production back to 1\\.0\\.0',
    );
    expect(md).not.toContain('operation: rollback');
  });

  it('says what happened when the deploy stopped before a release', () => {
    const md = renderReleaseSummary(
      {
        status: 'failed',
        environment: 'staging',
        registryUri: 's3://models/team',
        failure: 'S3 did not answer GetObject within 30 s',
      },
      invocation,
    );
    expect(md.split('\n')[0]).toBe('## Model deploy: → staging');
    expect(md).toContain('| Status | ❌ Failed |');
    expect(md).not.toContain('| Version |');
    expect(md).toContain('**What happened:** S3 did not answer GetObject within 30 s');
  });

  it('keeps a registry URI with backticks inside its code blocks', () => {
    const md = renderReleaseSummary({ ...result, registryUri: 'file:///x/```/y' }, invocation);
    expect(md).toContain('````yaml\n');
    expect(md).toContain('````sh\n');
  });

  it('escapes names so they cannot inject markup, and quotes them for the shell', () => {
    const md = renderReleaseSummary({ ...result, model: "a<b>'c", environment: 'x|y' }, invocation);
    expect(md).toContain('a&lt;b&gt;');
    expect(md.split('\n')[0]).not.toContain('<b>');
    expect(md).toContain('x\\|y');
    expect(md).toContain("--model 'a<b>'\\''c'");
  });
});
