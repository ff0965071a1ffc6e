import { escapeHtml, escapeHtmlComment, escapeMarkdown, escapeMermaid } from './escape.js';

describe('escapeHtml', () => {
  it('neutralises tags, attributes and entities', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;',
    );
  });
});

describe('escapeMarkdown', () => {
  it('cannot open links, emphasis, code or break a table cell', () => {
    const out = escapeMarkdown('[click](http://evil) **x** `y` a|b');
    expect(out).toBe('\\[click\\]\\(http://evil\\) \\*\\*x\\*\\* \\`y\\` a\\|b');
  });

  it('turns HTML into entities and newlines into spaces', () => {
    expect(escapeMarkdown('<script>\nx</script>')).toBe('&lt;script&gt; x&lt;/script&gt;');
  });

  it("keeps entities whole (an apostrophe stays '&#39;')", () => {
    expect(escapeMarkdown("it's #1")).toBe('it&#39;s \\#1');
  });

  it('breaks @-mentions', () => {
    expect(escapeMarkdown('@octocat')).toBe('@\u200boctocat');
  });
});

describe('escapeMermaid', () => {
  it('removes quotes and brackets and truncates', () => {
    expect(escapeMermaid('a"b]c', 10)).toBe('a b c');
    expect(escapeMermaid('x'.repeat(50), 10)).toHaveLength(10);
  });
});

describe('escapeHtmlComment', () => {
  it('cannot close the comment early', () => {
    expect(escapeHtmlComment('a-->b')).toBe('a-b');
  });
});
