import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatNumber, formatSignificant } from '@ml-actions/core/report/format-number.js';
import { renderIndex } from './index-page.js';
import { DEMO_MARKER, runDemo, type DemoRun } from './pipeline.js';

/**
 * The demo's entry (bundled and started by scripts/demo.mjs with the repository root and the
 * output directory): runs the pipeline, writes index.html and demo.json, says where to look.
 */
const [root, outDir] = process.argv.slice(2);
if (!root || !outDir) {
  console.error('usage: node <bundle>/index.js <repository root> <output directory>');
  process.exit(2);
}

console.log(`ml-actions demo → ${outDir}\n`);
const run = await runDemo({ root, outDir, log: (line) => console.log(`  ${line}`) }).catch(
  (error: Error) => {
    console.error(`demo: ${error.message}`);
    process.exit(1);
  },
);
const index = path.join(outDir, 'index.html');
await fs.writeFile(path.join(outDir, DEMO_MARKER), `${JSON.stringify(run, null, 2)}\n`);
await fs.writeFile(index, renderIndex(run));
console.log(`\n${headline(run)}\n`);
console.log(`Open ${index}`);
const shown = (p: string | undefined) => (p ? path.join(outDir, p) : '(not written)');
const where: [string, string][] = [
  ['gate report', shown(run.gate?.reportFile)],
  ['smoke-test metrics', shown(run.smoke.at(-1)?.metricsFile)],
  ...run.drift.map((w): [string, string] => [
    `drift ${w.id.replace('drift-', '')}`,
    shown(w.reportHtml),
  ]),
  ['registry', path.join(outDir, 'registry')],
];
for (const [what, file] of where) console.log(`  ${what.padEnd(20)} ${file}`);
if (!run.ok) {
  console.log(
    '\nSome steps failed or did not run; index.html lists them under "What did not work".',
  );
  process.exitCode = 1;
}

function headline(run: DemoRun): string {
  const [baseline, candidate] = run.smoke;
  const accuracy = (m: DemoRun['smoke'][number] | undefined) => {
    const v = m?.metrics?.metrics.accuracy;
    return typeof v === 'number' ? formatNumber(v) : '–';
  };
  const production = run.registry?.models[0]?.aliases.find((a) => a.environment === 'production');
  const lines = [
    `Done in ${formatSignificant(run.seconds, 3)} s. Candidate ${candidate?.version ?? '?'} accuracy on 2014: ${accuracy(candidate)} (production ${baseline?.version ?? '?'}: ${accuracy(baseline)}).`,
    `Gate: ${run.gate ? (run.gate.report.passed ? 'passed' : 'FAILED') : 'did not run'}. Production now: ${production ? `${production.alias.version} (previous ${production.alias.previous ?? 'none'})` : 'nothing deployed'}.`,
    `Drift share: ${run.drift.map((w) => `${w.report ? formatNumber(w.report.drift_share) : '–'} (${w.title})`).join(', ')}.`,
  ];
  return lines.join('\n');
}
