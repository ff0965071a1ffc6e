#!/usr/bin/env node
// What a user could run instead with DuckDB (node-api): one scan of each file computing, per
// numeric column, count, missing, min, max, mean, std and approximate quantiles (the stuff of
// histograms and distances), and per categorical column its counts. Not the same tests as
// drift-monitor (DuckDB has no two-sample tests): a floor for "read the data once and summarise".
// Usage: node drift_duckdb.mjs reference current  -> one JSON line {seconds, max_rss_kb, rows}
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const [reference, current] = process.argv.slice(2);
const start = performance.now();
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const scan = (file) =>
  file.endsWith('.parquet') ? `read_parquet('${file}')` : `read_csv('${file}', header = true)`;
const quantiles = '[0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]';
const rows = {};
for (const [side, file] of Object.entries({ reference, current })) {
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${scan(file)}`);
  const columns = described
    .getRows()
    .map(([name, type]) => ({ name: String(name), type: String(type) }));
  const parts = ['count(*)'];
  for (const { name, type } of columns) {
    const c = `"${name}"`;
    parts.push(`count(${c})`);
    if (type === 'VARCHAR') parts.push(`histogram(${c})`);
    else
      parts.push(
        `min(${c})`,
        `max(${c})`,
        `avg(${c})`,
        `stddev_pop(${c})`,
        `approx_quantile(${c}, ${quantiles})`,
      );
  }
  const result = await connection.runAndReadAll(`SELECT ${parts.join(', ')} FROM ${scan(file)}`);
  rows[side] = Number(result.getRows()[0][0]);
}
connection.closeSync();
console.log(
  JSON.stringify({
    seconds: (performance.now() - start) / 1000,
    max_rss_kb: process.resourceUsage().maxRSS,
    rows,
  }),
);
