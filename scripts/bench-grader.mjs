#!/usr/bin/env node
// Times Run → results in headless Chromium for a WGSL and a TS exercise:
// cold (first Run on a fresh page: editor, worker, GPU device and pipeline
// included) and warm (later runs, median of several). Needs a build (npm run build).
// Usage: npm run bench:grader
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const PORT = 4333;
const ORIGIN = `http://localhost:${PORT}`;
const LESSON = '/lessons/parallel-processing/';
const EXERCISES = [
  { id: 'square-each', kind: 'WGSL' },
  { id: 'amdahl-speedup', kind: 'TS' },
];
const WARM_RUNS = Number(process.env.BENCH_RUNS ?? 7);

if (!existsSync('dist/index.html')) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
const server = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'preview', '--port', String(PORT), '--host', 'localhost', '--ignore-lock'], { stdio: 'ignore', detached: true });
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
};
process.on('exit', stopServer);
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(ORIGIN)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 200));
}

const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const args = ['--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
if (process.platform === 'linux') args.push('--use-webgpu-adapter=swiftshader');
if (process.getuid?.() === 0) args.push('--no-sandbox');
const browser = await chromium.launch({ executablePath, args });

/** Clicks Run and resolves with the milliseconds until a new results headline appears (page clock). */
function timeRun(page, id) {
  return page.evaluate(async (exerciseId) => {
    const root = document.querySelector(`#exercise-${exerciseId}`);
    root.querySelector('[data-results]')?.replaceChildren();
    const started = performance.now();
    const done = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const summary = root.querySelector('[data-results] .results__summary');
        if (summary) {
          observer.disconnect();
          resolve(summary.textContent);
        }
      });
      observer.observe(root, { subtree: true, childList: true });
    });
    root.querySelector('button[data-action="run"]').click();
    const summary = await done;
    return { ms: performance.now() - started, summary };
  }, id);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
try {
  for (const { id, kind } of EXERCISES) {
    const page = await browser.newPage();
    await page.goto(ORIGIN + LESSON);
    // Cold: Run pressed before the editor has loaded; the editor, worker, device and pipeline all start now.
    await page.locator(`#exercise-${id}`).evaluate((el) => el.scrollIntoView());
    const cold = await timeRun(page, id);
    const warm = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push((await timeRun(page, id)).ms);
    rows.push({ exercise: `${id} (${kind})`, 'cold ms': Math.round(cold.ms), 'warm median ms': Math.round(median(warm)), 'warm min ms': Math.round(Math.min(...warm)), result: cold.summary.slice(0, 40) });
    await page.close();
  }
} finally {
  await browser.close();
  stopServer();
}
console.log(`Run → results in headless Chromium (WebGPU on ${process.platform === 'linux' ? 'SwiftShader' : 'the default adapter'}); targets: warm <= 150 ms, cold <= 1500 ms`);
console.table(rows);
