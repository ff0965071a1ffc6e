import { inputEnvName, parseFileCommands } from './run-action.js';

describe('runner harness', () => {
  it('mangles input names like the runner: upper case, spaces to underscores, hyphens kept', () => {
    expect(inputEnvName('comment-key')).toBe('INPUT_COMMENT-KEY');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
  });

  it('parses GITHUB_OUTPUT files with plain and heredoc entries', () => {
    const text = 'passed=true\nreport<<ghadelimiter_1\nline 1\nline=2\nghadelimiter_1\nempty=\n';
    expect(parseFileCommands(text)).toEqual({
      passed: 'true',
      report: 'line 1\nline=2',
      empty: '',
    });
  });

  it('refuses an unterminated heredoc', () => {
    expect(() => parseFileCommands('x<<EOF\nvalue\n')).toThrow(/has no closing delimiter/);
  });
});
