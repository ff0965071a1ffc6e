import { escapeMarkdown } from '../report/escape.js';
import type { ReleaseResult } from './release.js';

const STATUS_LINE: Record<ReleaseResult['status'], string> = {
  deployed: '✅ Deployed',
  unchanged: '⏸️ Unchanged (already live)',
  'rolled-back': '↩️ Rolled back',
  failed: '❌ Failed',
};

/** A code fence longer than any run of backticks in the text, so the text cannot close it. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** Quotes a value for a shell command line. */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The job summary of a release: what moved where, from which version, and the exact
 * workflow step and command that undo it.
 */
export function renderReleaseSummary(result: ReleaseResult, deploymentUrl?: string): string {
  const md = escapeMarkdown;
  const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  const rows = [
    ['Status', STATUS_LINE[result.status]],
    ['Model', md(result.model)],
    ['Environment', md(result.environment)],
    ['Version', code(result.version)],
    ['Previous version', result.previousVersion ? code(result.previousVersion) : '(none)'],
    ['Digest', code(result.digest)],
    ['Registry', code(result.registryUri)],
  ];
  if (result.deploymentId !== undefined) {
    rows.push([
      'GitHub deployment',
      deploymentUrl ? `[#${result.deploymentId}](${deploymentUrl})` : `#${result.deploymentId}`,
    ]);
  }
  const lines = [
    `## Model deploy: ${md(result.model)} → ${md(result.environment)}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ];
  if (result.failure) lines.push(`**What happened:** ${md(result.failure)}`, '');

  const live = result.alias?.version;
  const undoTo = live === result.version ? result.previousVersion : undefined;
  if (undoTo) {
    const step = [
      '- uses: OWNER/ml-actions/actions/deploy@v1',
      '  with:',
      '    operation: rollback',
      `    registry: ${JSON.stringify(result.registryUri)}`,
      `    environment: ${JSON.stringify(result.environment)}`,
      `    model: ${JSON.stringify(result.model)}`,
      `    to-version: ${JSON.stringify(undoTo)}`,
    ].join('\n');
    const command = `npx ml-actions deploy --operation rollback --registry ${shellQuote(result.registryUri)} --environment ${shellQuote(result.environment)} --model ${shellQuote(result.model)} --to-version ${shellQuote(undoTo)}`;
    lines.push(
      `### Roll back to ${md(undoTo)}`,
      '',
      'In a workflow step:',
      '',
      `${fenceFor(step)}yaml`,
      step,
      fenceFor(step),
      '',
      'Or from a shell:',
      '',
      `${fenceFor(command)}sh`,
      command,
      fenceFor(command),
      '',
    );
  }
  return lines.join('\n');
}
