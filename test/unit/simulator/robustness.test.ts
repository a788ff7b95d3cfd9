/**
 * simulate() must never throw or hang, whatever the code: mutated kernels
 * (deleted, inserted and duplicated fragments) must come back as a result with
 * well-formed errors, and never as an internal simulator fault.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/simulator/index';

const SEEDS = [
  `const WG = 64u;
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;
var<workgroup> tile: array<f32, WG>;
struct P { a: vec3f, b: u32 }
fn helper(p: ptr<function, f32>, x: f32) -> f32 { *p += x; return *p * 2.0; }
fn sync() { workgroupBarrier(); }
@compute @workgroup_size(WG) fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  var acc = 0.0;
  let q = P(vec3f(1.0, 2.0, 3.0), 4u);
  tile[lid] = input[gid.x] + q.a.y;
  sync();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { tile[lid] += tile[lid + s]; }
    workgroupBarrier();
  }
  switch (lid % 3u) { case 0u: { acc = helper(&acc, 1.0); } default: { acc -= 1.0; } }
  loop { acc += 1.0; if (acc > 10.0) { break; } continuing { acc *= 1.5; } }
  if (lid == 0u) { output[wid.x] = tile[0] + acc + f32(q.b) + select(0.0, 1.0, all(vec2<bool>(true, lid == 0u))); }
}`,
  `@group(0) @binding(0) var<storage, read_write> h: array<atomic<u32>, 8>;
@group(0) @binding(1) var<storage, read_write> m: array<mat2x2<f32>>;
var<workgroup> n: u32;
@compute @workgroup_size(8, 2) fn main(@builtin(local_invocation_id) l: vec3u) {
  let i = l.x + l.y * 8u;
  atomicAdd(&h[i % 8u], u32(i32(-3) + 3));
  if (i == 0u) { n = 3u; }
  let count = workgroupUniformLoad(&n);
  let mm = mat2x2<f32>(vec2f(1.0, 2.0), vec2f(3.0, 4.0));
  if (i < arrayLength(&m)) { m[i] = mm * transpose(mm); m[i][1].x = bitcast<f32>(0x3f800000u); }
  var k = 0i; while (k < i32(count)) { k = k + 1; if (k == 2) { continue; } }
  let z = ~(1u << 3u) & 0xffu | 2u ^ 1u;
}`,
];

const FRAGMENTS = ['{', '}', '(', ')', ';', '[', ']', 'let x = 1;', 'workgroupBarrier();', 'return;', 'var', 'array<f32, 4>', '&', '*', '0u', '-1', '1e40', 'break;', 'continue;', 'f32(', 'vec4f(', '.xyz', 'loop {', 'for (;;) {', 'fn f() {}', '@compute', 'tile', 'lid', '"', '\n', '/*', 'x.y.z', 'input[99999]', 'while (true) {}', 'i32(', 'atomicLoad(&h[0])', '<', '>>'];

// SIM_FUZZ_RUNS / SIM_FUZZ_SEED let a longer fuzzing session run locally.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

const KINDS = new Set(['parse', 'validation', 'unsupported', 'out-of-bounds', 'race', 'non-uniform-barrier', 'loop-limit', 'step-limit', 'runtime']);

const mutation = fc.record({
  seed: fc.integer({ min: 0, max: SEEDS.length - 1 }),
  edits: fc.array(
    fc.record({ op: fc.integer({ min: 0, max: 2 }), at: fc.double({ min: 0, max: 1, noNaN: true }), len: fc.integer({ min: 0, max: 30 }), fragment: fc.constantFrom(...FRAGMENTS), from: fc.double({ min: 0, max: 1, noNaN: true }) }),
    { minLength: 1, maxLength: 3 },
  ),
});

function mutate(m: { seed: number; edits: { op: number; at: number; len: number; fragment: string; from: number }[] }): string {
  let code = SEEDS[m.seed] as string;
  for (const e of m.edits) {
    const at = Math.floor(e.at * code.length);
    if (e.op === 0) code = code.slice(0, at) + code.slice(at + e.len);
    else if (e.op === 1) code = code.slice(0, at) + e.fragment + code.slice(at);
    else {
      const from = Math.floor(e.from * code.length);
      code = code.slice(0, at) + code.slice(from, from + e.len) + code.slice(at);
    }
  }
  return code;
}

describe('robustness', () => {
  it('the seed kernels run cleanly', () => {
    for (const code of SEEDS) {
      const result = simulate({ code, workgroups: [2, 1, 1], bindings: [{ group: 0, binding: 0, data: new Float32Array(128) }, { group: 0, binding: 1, data: new Float32Array(64) }] });
      expect(result.errors.filter((e) => e.kind !== 'race')).toEqual([]);
    }
  });

  it('never throws, hangs or faults internally on mutated kernels', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const code = mutate(m);
        const t0 = performance.now();
        const result = simulate({
          code,
          workgroups: [2, 1, 1],
          limits: { maxLoopIterations: 1000, maxSteps: 100_000 },
          bindings: [{ group: 0, binding: 0, data: new Float32Array(128) }, { group: 0, binding: 1, data: new Float32Array(64) }],
        });
        expect(performance.now() - t0).toBeLessThan(3000);
        for (const e of result.errors) {
          expect(KINDS.has(e.kind)).toBe(true);
          expect(e.message.length).toBeGreaterThan(10);
          expect(e.line).toBeGreaterThanOrEqual(0);
          expect(e.message, code).not.toMatch(/bug in the simulator/);
        }
        expect(result.ok).toBe(result.errors.length === 0);
      }),
      { numRuns: Number(env.SIM_FUZZ_RUNS ?? 150), seed: Number(env.SIM_FUZZ_SEED ?? 20240601) },
    );
  });

  it('reports bad inputs instead of throwing', () => {
    const code = '@compute @workgroup_size(1) fn main() {}';
    expect(simulate({ code, bindings: [], workgroups: [1, 2] as unknown as [number, number, number] }).errors[0]?.kind).toBe('validation');
    expect(simulate({ code, bindings: [{ group: 0, binding: 0, data: [1, 2] as unknown as Float32Array }], workgroups: [1, 1, 1] }).errors[0]?.kind).toBe('validation');
    expect(simulate({ code: 42 as unknown as string, bindings: [], workgroups: [1, 1, 1] }).ok).toBe(false);
    expect(simulate({ code, bindings: [], workgroups: [65535, 65535, 1] }).errors[0]?.kind).toBe('unsupported');
  });
});
