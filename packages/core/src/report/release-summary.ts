import type { SuiteInvocation } from '../runner/suite-invocation.js';
import { escapeMarkdown } from './escape.js';

/**
 * What the job summary of a deploy shows: plain data, filled from the release result, or
 * from what is known when the deploy stopped before a release (then only `environment`,
 * `status: failed` and `failure` may be known).
 */
export interface ReleaseSummaryData {
  status: 'deployed' | 'unchanged' | 'rolled-back' | 'failed';
  environment: string;
  model?: string;
  version?: string;
  digest?: string;
  /** What the environment named before (null: nothing). */
  previousVersion?: string | null;
  registryUri?: string;
  deploymentId?: number;
  /** Why the release failed or was rolled back. */
  failure?: string;
  /** The version the environment names when the release ends. */
  liveVersion?: string;
}

const STATUS_LINE: Record<ReleaseSummaryData['status'], string> = {
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
 * workflow step and command that undo it, written the way this run of the suite was used
 * (`invocation`: runner/suite-invocation.ts) so that both run as printed.
 */
export function renderReleaseSummary(
  result: ReleaseSummaryData,
  invocation: Pick<SuiteInvocation, 'cli' | 'uses'>,
  deploymentUrl?: string,
): string {
  const md = escapeMarkdown;
  const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  const known = result.version !== undefined;
  const rows = [
    ['Status', STATUS_LINE[result.status]],
    ...(result.model !== undefined ? [['Model', md(result.model)]] : []),
    ['Environment', md(result.environment)],
    ...(known
      ? [
          ['Version', code(result.version!)],
          ['Previous version', result.previousVersion ? code(result.previousVersion) : '(none)'],
        ]
      : []),
    ...(result.digest !== undefined ? [['Digest', code(result.digest)]] : []),
    ...(result.registryUri !== undefined ? [['Registry', code(result.registryUri)]] : []),
  ];
  if (result.deploymentId !== undefined) {
    rows.push([
      'GitHub deployment',
      deploymentUrl ? `[#${result.deploymentId}](${deploymentUrl})` : `#${result.deploymentId}`,
    ]);
  }
  const lines = [
    `## Model deploy: ${result.model !== undefined ? `${md(result.model)} ` : ''}→ ${md(result.environment)}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ];
  if (result.failure) lines.push(`**What happened:** ${md(result.failure)}`, '');

  const live = result.liveVersion;
  const undoTo = known && live === result.version ? result.previousVersion : undefined;
  if (undoTo && result.registryUri !== undefined && result.model !== undefined) {
    const step = [
      `- uses: ${invocation.uses('deploy')}`,
      '  with:',
      '    operation: rollback',
      `    registry: ${JSON.stringify(result.registryUri)}`,
      `    environment: ${JSON.stringify(result.environment)}`,
      `    model: ${JSON.stringify(result.model)}`,
      `    to-version: ${JSON.stringify(undoTo)}`,
    ].join('\n');
    const command = `${invocation.cli} deploy --operation rollback --registry ${shellQuote(result.registryUri)} --environment ${shellQuote(result.environment)} --model ${shellQuote(result.model)} --to-version ${shellQuote(undoTo)}`;
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
