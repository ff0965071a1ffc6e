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
