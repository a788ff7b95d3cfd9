#!/usr/bin/env node
/**
 * Engine benchmark: our WebGPU matmul vs TensorFlow.js (WebGPU) vs jax-js
 * (WebGPU) vs plain JS, then softmax and an MLP training step through the
 * engine's front end on both backends. See test/bench/engine-bench.ts for
 * what is timed and how.
 *
 * Runs in headless Chromium with WebGPU (SwiftShader when there is no GPU).
 * WebGPU needs a secure origin, so the page is bundled with Vite and served
 * from http://localhost by a small static server here.
 *
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), BENCH_SIZES
 * (default 256,512,1024,2048), BENCH_RUNS (default 3), BENCH_ONLY (comma list
 * of ours,tfjs,jax,plain,frontend).
 *
 * The machine's load average is printed before and after: on a shared machine
 * it says how much the figures can be trusted (the page interleaves the
 * libraries it compares, so load changes hit them alike, but absolute
 * figures still fall with load).
 */
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium } from '@playwright/test';

const repo = resolve(fileURLToPath(import.meta.url), '../..');
const benchDir = join(repo, 'test/bench');
const outDir = mkdtempSync(join(tmpdir(), 'engine-bench-'));

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };

function serve(root) {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname));
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

function table(result) {
  const sizes = [...new Set(result.matmul.map((r) => r.size))];
  const libraries = [...new Set(result.matmul.map((r) => r.library))];
  const cell = (size, library) => result.matmul.find((r) => r.size === size && r.library === library);
  const lines = [];
  lines.push(`matmul, float32, square (GFLOP/s; ms in parentheses)`);
  lines.push(['size', ...libraries, 'ours/tfjs', 'ours/jax-js'].map((s) => s.padStart(20)).join(''));
  for (const size of sizes) {
    const row = libraries.map((library) => {
      const r = cell(size, library);
      if (!r) return '-';
      if (r.gflops === null) return r.note ?? 'n/a';
      return `${r.gflops.toFixed(2)} (${r.ms.toFixed(0)} ms)`;
    });
    const ours = cell(size, 'ours')?.gflops;
    const ratio = (peer) => {
      const theirs = cell(size, peer)?.gflops;
      return ours && theirs ? `${(ours / theirs).toFixed(2)}x` : '-';
    };
    lines.push([String(size), ...row, ratio('tfjs-webgpu'), ratio('jax-js')].map((s) => s.padStart(20)).join(''));
  }
  lines.push('');
  lines.push('front end (median ms per call, readback included)');
  for (const r of result.frontEnd) {
    lines.push(`  ${r.name.padEnd(34)} ${r.backend.padEnd(7)} ${r.ms === null ? r.note : `${r.ms.toFixed(1)} ms`}`);
  }
  return lines.join('\n');
}

let server;
let browser;
try {
  console.log('bundling the benchmark page with Vite...');
  await build({
    configFile: false,
    root: benchDir,
    base: './',
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'esnext',
      chunkSizeWarningLimit: 10_000,
      rollupOptions: { input: join(benchDir, 'engine-bench.html') },
    },
  });
  server = await serve(outDir);
  const { port } = server.address();
  const query = new URLSearchParams();
  if (process.env.BENCH_SIZES) query.set('sizes', process.env.BENCH_SIZES);
  if (process.env.BENCH_RUNS) query.set('runs', process.env.BENCH_RUNS);
  if (process.env.BENCH_ONLY) query.set('only', process.env.BENCH_ONLY);
  const url = `http://localhost:${port}/engine-bench.html?${query}`;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--enable-unsafe-webgpu',
      '--use-webgpu-adapter=swiftshader',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`  [page] ${message.text()}`));
  page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));
  const loadText = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  const loadBefore = loadText();
  console.log(`running ${url} (load average ${loadBefore})`);
  await page.goto(url);
  const result = await page.evaluate(() => window.benchResult);
  console.log('');
  console.log(`adapter: ${result.environment.adapter}; ${result.environment.hardwareConcurrency} logical cores`);
  console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${loadText()} after`);
  console.log(table(result));
} finally {
  await browser?.close();
  server?.close();
  rmSync(outDir, { recursive: true, force: true });
}
