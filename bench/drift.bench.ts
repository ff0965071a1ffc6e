/**
 * drift-monitor: drift on 1,000,000 reference + 1,000,000 current rows × 20 numeric + 5
 * categorical columns (BENCH_ROWS to change), from CSV files, against pandas + scipy doing the same
 * tests (bench/baselines/drift_baseline.py) in the same run. Prints both times, the ratio, our peak
 * memory (RSS) and whether both sides agree on every column.
 * Target: at least 3x faster than the baseline, peak memory under 1 GB.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { schemaTypes } from '@ml-actions/core/data/table-types.js';
import { readDatasetSummary } from '@ml-actions/core/drift/read-dataset-summary.js';
import { seededRandom } from '@ml-actions/core/stats/random.js';
import { computeDrift } from '@ml-actions/core/stats/compute-drift.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const NUMERIC = 20;
const CATEGORICAL = 5;
const out = path.resolve('bench', 'out', 'drift-data');

/** Writes a CSV of `rows` rows; `shift` moves some columns so that part of them drift. */
function writeCsv(file: string, rows: number, seed: number, shift: number): void {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const categories = [3, 5, 12, 40, 2].map((k, c) =>
    Array.from({ length: k }, (_, i) => `c${c}_v${i}`),
  );
  const header = [
    ...Array.from({ length: NUMERIC }, (_, i) => `num_${i + 1}`),
    ...Array.from({ length: CATEGORICAL }, (_, i) => `cat_${i + 1}`),
  ];
  const fd = openSync(file, 'w');
  writeSync(fd, header.join(',') + '\n');
  let chunk = '';
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let i = 0; i < NUMERIC; i++) {
      const drift = i % 4 === 0 ? shift : 0;
      let v: number;
      if (i % 5 === 0) v = Math.exp(normal() * 0.5 + drift);
      else if (i % 5 === 1) v = Math.floor(random() * 1000 * (1 + drift));
      else if (i % 5 === 2) v = random() * 10 + drift * 3;
      else v = 100 + 15 * normal() + drift * 10;
      cells.push(i % 7 === 3 && random() < 0.01 ? '' : String(Math.round(v * 1e4) / 1e4));
    }
    for (let c = 0; c < CATEGORICAL; c++) {
      const list = categories[c];
      const u = random() ** (c === 2 ? 1 + shift : 1);
      cells.push(list[Math.floor(u * list.length)]);
    }
    chunk += cells.join(',') + '\n';
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

function ensureData(): { reference: string; current: string } {
  mkdirSync(out, { recursive: true });
  const reference = path.join(out, `reference-${ROWS}.csv`);
  const current = path.join(out, `current-${ROWS}.csv`);
  const marker = path.join(out, `done-${ROWS}`);
  if (!existsSync(marker)) {
    console.log(
      `generating ${ROWS.toLocaleString()} + ${ROWS.toLocaleString()} rows × ${NUMERIC + CATEGORICAL} columns in ${out} ...`,
    );
    writeCsv(reference, ROWS, 1, 0);
    writeCsv(current, ROWS, 2, 0.3);
    writeFileSync(marker, '');
  }
  return { reference, current };
}

async function ours(reference: string, current: string) {
  const start = performance.now();
  const ref = await readDatasetSummary(reference);
  const cur = await readDatasetSummary(current, { types: schemaTypes(ref.schema) });
  const read = performance.now() - start;
  const result = computeDrift(ref.summary, cur.summary);
  return { seconds: (performance.now() - start) / 1000, readSeconds: read / 1000, result };
}

async function main() {
  const { reference, current } = ensureData();
  const mb = (bytes: number) => (bytes / (1 << 20)).toFixed(0);
  const size = readFileSync(reference).length + readFileSync(current).length;
  console.log(`data: ${mb(size)} MB of CSV`);

  const mine = await ours(reference, current);
  const peakRss = process.resourceUsage().maxRSS * 1024;

  const py = spawnSync(
    '/usr/bin/python3',
    [path.resolve('bench', 'baselines', 'drift_baseline.py'), reference, current],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  if (py.status !== 0) throw new Error(`baseline failed: ${py.stderr}`);
  const baseline = JSON.parse(py.stdout) as {
    seconds: number;
    read_seconds: number;
    columns: Record<string, { method: string; statistic: number; drifted: boolean }>;
  };

  let agree = 0;
  const mismatches: string[] = [];
  for (const c of mine.result.columns) {
    const b = baseline.columns[c.name];
    const close =
      Math.abs(c.statistic - b.statistic) <= 1e-9 * Math.max(1e-12, Math.abs(b.statistic));
    if (b.method === c.method && close && b.drifted === c.drifted) agree++;
    else
      mismatches.push(
        `${c.name}: ours ${c.method} ${c.statistic}, baseline ${b.method} ${b.statistic}`,
      );
  }

  console.log(
    `drift on ${ROWS.toLocaleString()} + ${ROWS.toLocaleString()} rows × ${NUMERIC + CATEGORICAL} columns (auto: wasserstein / jensenshannon)`,
  );
  console.log(
    `  ml-actions computeDrift   ${mine.seconds.toFixed(2)} s  (reading ${mine.readSeconds.toFixed(2)} s)`,
  );
  console.log(
    `  pandas + scipy            ${baseline.seconds.toFixed(2)} s  (reading ${baseline.read_seconds.toFixed(2)} s)`,
  );
  console.log(
    `  speed-up                  ${(baseline.seconds / mine.seconds).toFixed(2)}x  (target >= 3x)`,
  );
  console.log(`  peak RSS (ours)           ${mb(peakRss)} MB  (target < 1024 MB)`);
  console.log(
    `  drifted columns           ${mine.result.number_of_drifted_columns} of ${mine.result.number_of_columns}`,
  );
  console.log(
    `  agreement with baseline   ${agree} of ${mine.result.columns.length} columns (same method, statistic within 1e-9, same verdict)`,
  );
  for (const m of mismatches) console.log(`    mismatch ${m}`);
  if (mismatches.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
