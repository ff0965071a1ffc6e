/**
 * Escaping of untrusted text (metric and column names, titles, file paths) before it goes
 * into markdown, HTML or mermaid, so data can neither break the layout nor inject markup.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Markdown inline text (table cells included): HTML is neutralised with entities, markdown
 * punctuation is backslash-escaped, `|` cannot split a cell and newlines cannot end a row.
 * GitHub renders the entities as the original characters.
 */
export function escapeMarkdown(text: string): string {
  // Punctuation first: escaping after the entities would break them (`&#39;` → `&\#39;`).
  return escapeHtml(text.replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`))
    .replace(/@/g, '@\u200b') // no accidental @-mentions of users or teams
    .replace(/\r?\n|\r/g, ' ');
}

/** Text inside a mermaid label (quoted string): quotes and markup removed, kept short. */
export function escapeMermaid(text: string, maxLength = 40): string {
  const clean = text.replace(/["`<>{}[\]\\;#&|\r\n]/g, ' ').trim();
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}

/** Content of an HTML comment marker: `--` and `>` could end the comment early. */
export function escapeHtmlComment(text: string): string {
  return text.replace(/-{2,}/g, '-').replace(/[<>]/g, '');
}

/**
 * Markdown inline code showing `text` literally: no backslashes or entities inside (a code
 * span shows them as typed), a backtick fence longer than any backtick run in the text, a
 * space of padding where the text starts or ends with a backtick or a space (CommonMark
 * strips one), line breaks as spaces. Not for table cells, where `|` would still split the
 * cell: use escapeMarkdown there.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(flat) && flat.trim() !== '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
