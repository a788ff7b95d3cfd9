#!/usr/bin/env node
// Lighthouse audit of the built site: serves dist/ with `astro preview`,
// audits the home page and one lesson per argument (default: every lesson
// linked from home) in headless Chromium, and prints the four category scores.
// Usage: npm run audit  (after npm run build)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const PORT = 4331;
const ORIGIN = `http://localhost:${PORT}`;
const TARGET = 0.95;

if (!existsSync('dist/index.html')) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}

const chromePath =
  process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// Own process group, so stopping it also stops anything it started.
const server = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'preview', '--port', String(PORT), '--host', 'localhost', '--ignore-lock'], {
  stdio: 'ignore',
  detached: true,
});
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopServer);

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${ORIGIN}/`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`astro preview did not answer on ${ORIGIN}`);
}

async function pagesToAudit() {
  const fromArgs = process.argv.slice(2);
  if (fromArgs.length) return fromArgs;
  const html = await (await fetch(`${ORIGIN}/`)).text();
  const lessons = [...new Set([...html.matchAll(/href="(\/lessons\/[^"]+)"/g)].map((m) => m[1]))];
  return ['/', ...lessons];
}

await waitForServer();
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
let worst = 1;
try {
  const rows = [];
  for (const path of await pagesToAudit()) {
    const result = await lighthouse(`${ORIGIN}${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: categories,
    });
    const scores = Object.fromEntries(categories.map((c) => [c, result.lhr.categories[c].score]));
    for (const s of Object.values(scores)) worst = Math.min(worst, s);
    // The metrics behind the performance score: on a loaded machine TBT is what moves.
    const metric = (id) => Math.round(result.lhr.audits[id]?.numericValue ?? NaN);
    rows.push({ page: path, ...scores, 'FCP ms': metric('first-contentful-paint'), 'LCP ms': metric('largest-contentful-paint'), 'TBT ms': metric('total-blocking-time'), CLS: Number((result.lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)) });
    const failing = Object.values(result.lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary');
    if (failing.length) console.log(`${path}: audits below 1: ${failing.map((a) => a.id).join(', ')}`);
  }
  console.log('\nLighthouse scores (0..1), target >= ' + TARGET);
  console.table(rows);
  console.log(worst >= TARGET ? `All pages meet the target (lowest ${worst}).` : `Lowest score ${worst} is below the target ${TARGET}.`);
} finally {
  chrome.kill();
  stopServer();
}
process.exit(worst >= TARGET ? 0 : 1);
