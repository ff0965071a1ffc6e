import type { SmokeTestResult } from '../smoke/run-smoke-test.js';
import { codeSpan, escapeMarkdown } from './escape.js';
import { formatMeasurement, formatNumber } from './format-number.js';

const STATUS_ICON: Record<string, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warn: '⚠️ warn',
  skip: '⏭️ skip',
};

/** Job summary: verdict, checks table, metrics table and (for classification) the confusion matrix. */
export function renderSmokeSummary(result: SmokeTestResult): string {
  const name = escapeMarkdown(String(result.model.name ?? 'model'));
  const version = result.model.version ? ` ${escapeMarkdown(String(result.model.version))}` : '';
  const lines = [
    `## Smoke test ${result.passed ? 'passed ✅' : 'failed ❌'}: ${name}${version}`,
    '',
    `${result.rows} rows on backend \`${result.backend}\`${result.task ? `, ${result.task}` : ''}${result.endpoint ? ` (endpoint ${codeSpan(result.endpoint)})` : ''}.`,
    '',
    '| check | status | detail |',
    '|---|---|---|',
    // check names are our own identifiers; details carry user text (columns, paths) and are escaped
    ...result.checks.map(
      (c) =>
        `| ${c.name} | ${STATUS_ICON[c.status] ?? c.status} | ${escapeMarkdown(c.detail ?? '')} |`,
    ),
  ];
  const metricNames = Object.keys(result.metrics);
  if (metricNames.length > 0) {
    lines.push('', '| metric | value |', '|---|---:|');
    for (const key of metricNames)
      lines.push(`| \`${key}\` | ${formatMeasurement(result.metrics[key])} |`);
  }
  if (result.servingSkew && result.servingSkew.length > 0) {
    const values = (v: number[]) => v.map(formatNumber).join(', ');
    lines.push(
      '',
      'Rows where the server and the local model differ most:',
      '',
      '| row | id | largest difference | local model | server |',
      '|---:|---|---:|---|---|',
      ...result.servingSkew.map(
        (r) =>
          `| ${r.row} | ${r.id === undefined ? '' : escapeMarkdown(String(r.id))} | ${formatNumber(r.maxDiff)} | ${values(r.local)} | ${values(r.served)} |`,
      ),
    );
  }
  if (result.confusionMatrix && result.classNames) {
    const names = result.classNames.map(escapeMarkdown);
    lines.push(
      '',
      '<details><summary>Confusion matrix (rows: true class, columns: predicted)</summary>',
      '',
      `| true \\ predicted | ${names.join(' | ')} |`,
      `|---|${names.map(() => '---:').join('|')}|`,
      ...result.confusionMatrix.map((row, i) => `| **${names[i]}** | ${row.join(' | ')} |`),
      '',
      '</details>',
    );
  }
  return lines.join('\n') + '\n';
}
