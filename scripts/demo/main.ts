import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runDemo } from './pipeline.js';

const [root, outArg] = process.argv.slice(2);
const outDir = path.resolve(outArg ?? path.join(root, 'demo-output'));
const run = await runDemo({ root, outDir, log: (l) => console.log(l) });
await fs.writeFile(path.join(outDir, 'run.json'), JSON.stringify(run, null, 2));
console.log(run.ok, run.seconds);
