import { fitGitHubBody, GITHUB_BODY_LIMIT } from './github-body.js';

describe('fitGitHubBody', () => {
  it('leaves short bodies alone', () => {
    expect(fitGitHubBody('short', 'see the summary')).toBe('short');
  });

  it('cuts long bodies at a line boundary under the limit and says where the rest is', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`);
    const body = `<!-- marker -->\n${rows.join('\n')}`;
    const fitted = fitGitHubBody(body, 'see the job summary.');
    expect(fitted.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(fitted.startsWith('<!-- marker -->\n')).toBe(true);
    expect(fitted).toMatch(/\| row \d+ \| x{20} \|\n\n> \*\*Truncated:\*\*/);
    expect(fitted.endsWith('see the job summary.\n')).toBe(true);
  });
});
