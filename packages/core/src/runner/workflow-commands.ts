/**
 * The runner executes any stdout line that starts with `::` (after leading blanks) as a
 * workflow command, and the legacy `##[` form anywhere in a line. Text we did not write
 * (file and column names, HTTP bodies, API answers) must never be able to do that.
 * A zero-width joiner breaks the marker while leaving the text readable.
 */
const ZWJ = '\u2060';

export function neutraliseWorkflowCommands(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part) => part.replace(/^(\s*):(?=:)/, `$1:${ZWJ}`).replaceAll('##[', `#${ZWJ}#[`))
    .join('');
}
