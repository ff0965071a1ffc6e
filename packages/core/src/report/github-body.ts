/** GitHub rejects issue and comment bodies above this many characters (422). */
export const GITHUB_BODY_LIMIT = 65536;

/**
 * Fits a body under GitHub's limit: cuts at a line boundary (so no table row or tag is
 * half-written) and says where the whole report is. The leading marker line survives.
 */
export function fitGitHubBody(
  body: string,
  whereIsTheRest: string,
  limit = GITHUB_BODY_LIMIT,
): string {
  if (body.length <= limit) return body;
  const note = `\n\n> **Truncated:** this report is longer than GitHub allows in a comment; ${whereIsTheRest}\n`;
  const room = limit - note.length;
  const cut = body.lastIndexOf('\n', room);
  return body.slice(0, cut > 0 ? cut : room) + note;
}
