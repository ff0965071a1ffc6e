#!/usr/bin/env node
// Summarises a `node --cpu-prof` profile: self time per function (top N) and per source file,
// so where the time goes can be written down (docs/drift-monitor.md) without a profiler UI.
// Usage: node bench/cpu-profile-summary.mjs <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';

const [file, top = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fns = new Map();
const files = new Map();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const where = url.split('/').slice(-2).join('/');
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  files.set(where || '(native)', (files.get(where || '(native)') ?? 0) + us);
}
const show = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, us]) =>
      console.log(
        `${(us / 1e6).toFixed(2).padStart(7)} s ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
      ),
    );
console.log(`total ${(total / 1e6).toFixed(2)} s sampled`);
console.log('\nby function (self time):');
show(fns, Number(top));
console.log('\nby file:');
show(files, 15);
