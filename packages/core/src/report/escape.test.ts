import {
  codeSpan,
  escapeHtml,
  escapeHtmlComment,
  escapeMarkdown,
  escapeMermaid,
} from './escape.js';

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

describe('codeSpan', () => {
  it('shows text literally: no backslashes or entities inside the span', () => {
    expect(codeSpan('g_metrics.json')).toBe('`g_metrics.json`');
    expect(codeSpan('<img src=x>')).toBe('`<img src=x>`');
    expect(codeSpan('a & b @here')).toBe('`a & b @here`');
  });

  it('uses a fence longer than any backtick run inside, padded where a backtick touches it', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('x ``` y')).toBe('````x ``` y````');
    expect(codeSpan('`tick`')).toBe('`` `tick` ``');
    expect(codeSpan(' both ')).toBe('`  both  `');
  });

  it('keeps a span on one line', () => {
    expect(codeSpan('a\nb\r\nc')).toBe('`a b c`');
  });
});
