/**
 * The drift benchmark's data, shaped like real data: 20 numeric columns of normal values written
 * at full precision (`%.6f`, so nearly every value is distinct and sorts cost what they cost on
 * real data) and 5 categorical columns of 6 levels with uneven shares; the current side drifts in
 * some columns. With `missing`, that share of the cells of every column is empty. Files go to a
 * temporary folder (never the repository) and are reused while their marker file exists.
 *
 * Run on its own: node --import ./bench/ts-register.mjs bench/drift-data.ts [rows] [missing]
 */
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seededRandom } from '@ml-actions/core/stats/random.js';

export const NUMERIC = 20;
export const CATEGORICAL = 5;
const LEVELS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
/** Cumulative shares of the six levels (uneven, like real categories). */
const SHARES = [0.35, 0.6, 0.78, 0.9, 0.97, 1];

export interface DriftData {
  reference: string;
  current: string;
  dir: string;
}

/** Writes one side; `drift` shifts every fourth numeric column and the third categorical one. */
function writeSide(file: string, rows: number, seed: number, drift: number, missing: number) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const header = [
    ...Array.from({ length: NUMERIC }, (_, i) => `num_${i + 1}`),
    ...Array.from({ length: CATEGORICAL }, (_, i) => `cat_${i + 1}`),
  ];
  const fd = openSync(file, 'w');
  writeSync(fd, header.join(',') + '\n');
  let chunk = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let i = 0; i < NUMERIC; i++) {
      const shift = i % 4 === 0 ? drift : 0;
      const value = 10 * i + (1 + (i % 5)) * (normal() + shift);
      line += (missing > 0 && random() < missing ? '' : value.toFixed(6)) + ',';
    }
    for (let c = 0; c < CATEGORICAL; c++) {
      const u = c === 2 ? random() ** (1 + drift) : random();
      let level = 0;
      while (u > SHARES[level]) level++;
      line += missing > 0 && random() < missing ? '' : LEVELS[level];
      line += c === CATEGORICAL - 1 ? '\n' : ',';
    }
    chunk += line;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

/** The reference and current CSV files of `rows` rows each (generated once, then reused). */
export function ensureDriftData(rows: number, missing = 0): DriftData {
  const dir = path.join(
    os.tmpdir(),
    'ml-actions-bench',
    `drift-${rows}${missing > 0 ? `-missing${missing}` : ''}`,
  );
  mkdirSync(dir, { recursive: true });
  const reference = path.join(dir, 'reference.csv');
  const current = path.join(dir, 'current.csv');
  const marker = path.join(dir, 'done');
  if (!existsSync(marker)) {
    console.log(
      `generating ${rows.toLocaleString()} + ${rows.toLocaleString()} rows × ${NUMERIC + CATEGORICAL} columns in ${dir} ...`,
    );
    writeSide(reference, rows, 1, 0, missing);
    writeSide(current, rows, 2, 0.1, missing);
    writeFileSync(marker, '');
  }
  return { reference, current, dir };
}

if (process.argv[1]?.endsWith('drift-data.ts')) {
  const data = ensureDriftData(Number(process.argv[2] ?? 1_000_000), Number(process.argv[3] ?? 0));
  console.log(JSON.stringify(data));
}
