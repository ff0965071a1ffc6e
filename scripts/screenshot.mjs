#!/usr/bin/env node
// Screenshots of the demo's pages with Debian's headless Chromium, for docs/demo.md:
//
//   npm run demo && node scripts/screenshot.mjs [--out-dir demo-output] [--images docs/images]
//
// Renders demo-output/index.html and the summer-2015 drift report full-page to PNG
// (docs/images/demo-index.png, docs/images/drift-report.png). Needs `chromium`
// (`sudo apt-get install -y chromium`). Talks to Chromium over the DevTools protocol on a pipe
// (--remote-debugging-pipe), so no port is opened and no extra package is needed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout, clearTimeout } from 'node:timers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const outDir = resolve(option('--out-dir', join(root, 'demo-output')));
const imagesDir = resolve(option('--images', join(root, 'docs', 'images')));
const WIDTH = Number(option('--width', '1280'));
// Also writes the pages in slices of this height (to look at them at full size), when given.
const sliceDir = option('--slices-dir', undefined);
const SLICE = 1400;

const pages = [
  { file: join(outDir, 'index.html'), png: 'demo-index.png' },
  { file: join(outDir, 'drift', 'summer-2015', 'report.html'), png: 'drift-report.png' },
];

function findChromium() {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return undefined;
}

const chromium = process.env.CHROMIUM ?? findChromium();
if (!chromium) {
  console.error(
    'screenshot: chromium not found; install it with `sudo apt-get install -y chromium`.',
  );
  process.exit(1);
}
for (const page of pages) {
  if (!existsSync(page.file)) {
    console.error(`screenshot: ${page.file} does not exist; run \`npm run demo\` first.`);
    process.exit(1);
  }
}

const profile = mkdtempSync(join(tmpdir(), 'ml-actions-chromium-'));
const browser = spawn(
  chromium,
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--no-first-run',
    '--no-default-browser-check',
    '--hide-scrollbars',
    '--remote-debugging-pipe',
    `--user-data-dir=${profile}`,
    'about:blank',
  ],
  { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
);
let stderr = '';
browser.stderr.on('data', (d) => (stderr += d));

// DevTools protocol over fds 3 (to Chromium) and 4 (from it): JSON messages ended by NUL.
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
let nextId = 1;
const waiting = new Map();
const listeners = [];
let buffer = '';
fromBrowser.on('data', (chunk) => {
  buffer += chunk.toString('utf8');
  let end;
  while ((end = buffer.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (message.id && waiting.has(message.id)) {
      const { resolve: ok, reject } = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) reject(new Error(`${message.error.message} (${message.error.code})`));
      else ok(message.result);
    } else {
      for (const listener of listeners) listener(message);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  toBrowser.write(
    JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0',
  );
  return new Promise((ok, reject) => waiting.set(id, { resolve: ok, reject }));
}
function once(method, sessionId, timeoutMs = 30_000) {
  return new Promise((ok, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}`)), timeoutMs);
    listeners.push(function listener(message) {
      if (message.method === method && message.sessionId === sessionId) {
        clearTimeout(timer);
        listeners.splice(listeners.indexOf(listener), 1);
        ok(message.params);
      }
    });
  });
}

async function capture(url) {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  await send('Page.enable', {}, sessionId);
  await send(
    'Emulation.setDeviceMetricsOverride',
    { width: WIDTH, height: 800, deviceScaleFactor: 1, mobile: false },
    sessionId,
  );
  const loaded = once('Page.loadEventFired', sessionId);
  await send('Page.navigate', { url }, sessionId);
  await loaded;
  const { result } = await send(
    'Runtime.evaluate',
    { expression: 'Math.ceil(document.documentElement.scrollHeight)', returnByValue: true },
    sessionId,
  );
  const height = Math.min(Number(result.value) || 800, 16_000);
  await send(
    'Emulation.setDeviceMetricsOverride',
    { width: WIDTH, height, deviceScaleFactor: 1, mobile: false },
    sessionId,
  );
  const { data } = await send(
    'Page.captureScreenshot',
    {
      format: 'png',
      captureBeyondViewport: true,
      clip: { x: 0, y: 0, width: WIDTH, height, scale: 1 },
    },
    sessionId,
  );
  const slices = [];
  if (sliceDir) {
    for (let y = 0; y < height; y += SLICE) {
      const clip = { x: 0, y, width: WIDTH, height: Math.min(SLICE, height - y), scale: 1 };
      const part = await send(
        'Page.captureScreenshot',
        { format: 'png', captureBeyondViewport: true, clip },
        sessionId,
      );
      slices.push(Buffer.from(part.data, 'base64'));
    }
  }
  await send('Target.closeTarget', { targetId });
  return { png: Buffer.from(data, 'base64'), height, slices };
}

let failed = false;
try {
  mkdirSync(imagesDir, { recursive: true });
  for (const page of pages) {
    const { png, height, slices } = await capture(pathToFileURL(page.file).href);
    const target = join(imagesDir, page.png);
    writeFileSync(target, png);
    if (sliceDir) {
      mkdirSync(sliceDir, { recursive: true });
      slices.forEach((slice, i) =>
        writeFileSync(join(sliceDir, page.png.replace(/\.png$/, `-${i + 1}.png`)), slice),
      );
    }
    console.log(`screenshot: ${target} (${WIDTH}×${height})`);
  }
  await send('Browser.close').catch(() => undefined);
} catch (error) {
  failed = true;
  console.error(`screenshot: ${error.message}\n${stderr.slice(-2000)}`);
} finally {
  if (browser.exitCode === null) {
    const exited = new Promise((ok) => browser.once('exit', ok));
    browser.kill();
    await exited;
  }
  rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
process.exit(failed ? 1 : 0);
