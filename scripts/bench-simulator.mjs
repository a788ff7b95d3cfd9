#!/usr/bin/env node
// Benchmarks the WGSL simulator (src/simulator) on the kernels the course
// cares about: workgroup-memory tree reductions (the target: 1,024
// invocations in <= 100 ms, parse + compile + run included) and a tiled
// matrix multiply. Prints median and best wall time over several runs after a
// warm-up, with and without the access trace.
//
// Run with Node >= 23.6 (it imports the TypeScript sources directly):
//   node_modules/.bin/node scripts/bench-simulator.mjs
import { simulate } from '../src/simulator/index.ts';

const REDUCTION = (wg, perThread) => `
const WG = ${wg}u;
const PER = ${perThread}u;
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;
var<workgroup> tile: array<f32, WG>;
@compute @workgroup_size(WG) fn main(@builtin(global_invocation_id) gid: vec3u,
                                      @builtin(local_invocation_index) lid: u32,
                                      @builtin(workgroup_id) wid: vec3u) {
  var acc = 0.0;
  for (var k = 0u; k < PER; k++) { acc += input[gid.x * PER + k]; }
  tile[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { tile[lid] += tile[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { output[wid.x] = tile[0]; }
}`;

const MATMUL = `
const T = 16u;
struct Dims { n: u32, }
@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
var<workgroup> ta: array<array<f32, T>, T>;
var<workgroup> tb: array<array<f32, T>, T>;
@compute @workgroup_size(T, T) fn main(@builtin(global_invocation_id) g: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let n = dims.n;
  var acc = 0.0;
  for (var t = 0u; t < n / T; t++) {
    ta[l.y][l.x] = a[g.y * n + t * T + l.x];
    tb[l.y][l.x] = b[(t * T + l.y) * n + g.x];
    workgroupBarrier();
    for (var k = 0u; k < T; k++) { acc += ta[l.y][k] * tb[k][l.x]; }
    workgroupBarrier();
  }
  c[g.y * n + g.x] = acc;
}`;

function cases() {
  const n = 64;
  return [
    {
      name: 'reduction, 4 workgroups x 256 invocations (1,024 invocations)',
      input: () => ({
        code: REDUCTION(256, 1),
        workgroups: [4, 1, 1],
        bindings: [
          { group: 0, binding: 0, data: Float32Array.from({ length: 1024 }, (_, i) => i % 7) },
          { group: 0, binding: 1, data: new Float32Array(4) },
        ],
      }),
    },
    {
      name: 'reduction, 1 workgroup x 256 invocations, 4 elements each',
      input: () => ({
        code: REDUCTION(256, 4),
        workgroups: [1, 1, 1],
        bindings: [
          { group: 0, binding: 0, data: Float32Array.from({ length: 1024 }, (_, i) => i % 7) },
          { group: 0, binding: 1, data: new Float32Array(1) },
        ],
      }),
    },
    {
      name: `tiled matmul ${n}x${n}, 16x16 tiles (4,096 invocations)`,
      input: () => ({
        code: MATMUL,
        workgroups: [n / 16, n / 16, 1],
        bindings: [
          { group: 0, binding: 0, data: new Uint32Array([n, 0, 0, 0]) },
          { group: 0, binding: 1, data: Float32Array.from({ length: n * n }, (_, i) => i % 5) },
          { group: 0, binding: 2, data: Float32Array.from({ length: n * n }, (_, i) => i % 3) },
          { group: 0, binding: 3, data: new Float32Array(n * n) },
        ],
      }),
    },
  ];
}

function measure(makeInput, runs, limits) {
  simulate({ ...makeInput(), limits }); // warm-up: JIT
  simulate({ ...makeInput(), limits });
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const input = { ...makeInput(), limits };
    const t0 = performance.now();
    last = simulate(input);
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return { median: times[Math.floor(times.length / 2)], best: times[0], result: last };
}

const runs = Number(process.argv[2] ?? 9);
console.log(`WGSL simulator benchmark (${runs} runs after warm-up; Node ${process.version})`);
for (const c of cases()) {
  const traced = measure(c.input, runs, undefined);
  const untraced = measure(c.input, runs, { maxTraceEvents: 0 });
  const r = traced.result;
  const status = r.ok ? 'ok' : `errors: ${r.errors.map((e) => e.kind).join(', ')}`;
  console.log(
    `${c.name}\n  with trace:    median ${traced.median.toFixed(1)} ms, best ${traced.best.toFixed(1)} ms` +
      `  (${r.trace.length} events, ${r.steps} steps, ${status})\n` +
      `  without trace: median ${untraced.median.toFixed(1)} ms, best ${untraced.best.toFixed(1)} ms`,
  );
}
