/**
 * What the simulator observes: a correct workgroup reduction (results, counts,
 * trace, speed), atomics, and the known-bad kernels it must catch: missing
 * barriers (races), off-by-one indices, divergent barriers, infinite loops,
 * runaway work, and exceeded memory budgets.
 */
import { describe, expect, it } from 'vitest';
import type { BarrierError, LoopLimitError, OutOfBoundsError, RaceError } from '../../../src/simulator/index';
import { errorsOf, run } from './helpers';

const REDUCTION = `
const WG = 256u;
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;
var<workgroup> tile: array<f32, WG>;
@compute @workgroup_size(WG) fn main(@builtin(global_invocation_id) gid: vec3u,
                                      @builtin(local_invocation_index) lid: u32,
                                      @builtin(workgroup_id) wid: vec3u) {
  tile[lid] = input[gid.x];
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      tile[lid] += tile[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    output[wid.x] = tile[0];
  }
}`;

function reductionInput() {
  const input = Float32Array.from({ length: 1024 }, (_, i) => (i % 13) - 6);
  const expected = [0, 1, 2, 3].map((w) => input.slice(w * 256, w * 256 + 256).reduce((a, b) => a + b, 0));
  return { input, expected };
}

describe('workgroup-memory reduction', () => {
  it('computes correct sums with no errors, and records the barrier phases', () => {
    const { input, expected } = reductionInput();
    const result = run({ code: REDUCTION, workgroups: [4, 1, 1], bindings: [{ group: 0, binding: 0, data: input }, { group: 0, binding: 1, data: new Float32Array(4) }] });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(Array.from(result.buffers.get('output') as Float32Array)).toEqual(expected);
    expect(result.counts).toHaveLength(1024);
    expect(result.counts[0]).toMatchObject({ storageReads: 1, storageWrites: 1, workgroupWrites: 9, workgroupReads: 17 });
    expect(result.counts[255]).toMatchObject({ storageReads: 1, storageWrites: 0, workgroupWrites: 1, workgroupReads: 0 });
    const lastPhaseWrite = result.trace.find((e) => e.variable === 'output');
    expect(lastPhaseWrite).toMatchObject({ space: 'storage', access: 'write', phase: 9, invocation: 0, index: 0 });
    const secondStep = result.trace.filter((e) => e.variable === 'tile' && e.access === 'read' && e.phase === 2 && e.invocation === 3);
    expect(secondStep.map((e) => e.index)).toEqual([3, 67]);
  });

  it(`runs 1,024 invocations in under 100 ms`, () => {
    const { input } = reductionInput();
    const bindings = () => [{ group: 0, binding: 0, data: input }, { group: 0, binding: 1, data: new Float32Array(4) }];
    run({ code: REDUCTION, workgroups: [4, 1, 1], bindings: bindings() }); // warm-up (JIT)
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      run({ code: REDUCTION, workgroups: [4, 1, 1], bindings: bindings() });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    expect(times[2]).toBeLessThan(100);
  });
});

describe('atomics', () => {
  it('builds a histogram with atomicAdd in storage and counts in workgroup memory', () => {
    const code = `
      @group(0) @binding(0) var<storage, read> values: array<u32>;
      @group(0) @binding(1) var<storage, read_write> histogram: array<atomic<u32>, 4>;
      @group(0) @binding(2) var<storage, read_write> perGroup: array<u32>;
      var<workgroup> local: atomic<u32>;
      @compute @workgroup_size(8) fn main(@builtin(global_invocation_id) g: vec3u, @builtin(local_invocation_index) li: u32, @builtin(workgroup_id) w: vec3u) {
        let v = values[g.x];
        atomicAdd(&histogram[v % 4u], 1u);
        let before = atomicAdd(&local, v);
        workgroupBarrier();
        if (li == 0u) { perGroup[w.x] = atomicLoad(&local); }
      }`;
    const values = Uint32Array.from({ length: 16 }, (_, i) => i * 3);
    const result = run({ code, workgroups: [2, 1, 1], bindings: [{ group: 0, binding: 0, data: values }, { group: 0, binding: 1, data: new Uint32Array(4) }, { group: 0, binding: 2, data: new Uint32Array(2) }] });
    expect(result.errors).toEqual([]);
    const hist = [0, 0, 0, 0];
    for (const v of values) hist[v % 4]!++;
    expect(Array.from(result.buffers.get('histogram') as Uint32Array)).toEqual(hist);
    const sum = (from: number) => Array.from(values.slice(from, from + 8)).reduce((a, b) => a + b, 0);
    expect(Array.from(result.buffers.get('perGroup') as Uint32Array)).toEqual([sum(0), sum(8)]);
    expect(result.trace.some((e) => e.atomic && e.variable === 'histogram' && e.access === 'write')).toBe(true);
  });

  it('supports min, max, exchange, compare-exchange, store, sub and signed values', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> a: array<atomic<i32>, 6>;
      @compute @workgroup_size(4) fn main(@builtin(local_invocation_index) i: u32) {
        let v = i32(i) - 2;                      // -2, -1, 0, 1
        atomicMax(&a[0], v);
        atomicMin(&a[1], v);
        atomicSub(&a[2], 3);
        if (i == 0u) { atomicStore(&a[3], 42); }
        let r = atomicCompareExchangeWeak(&a[4], 0, 7);   // only the first invocation exchanges
        if (r.exchanged) { atomicAdd(&a[5], i32(i) + 100); }
      }`;
    const result = run({ code, bindings: [{ group: 0, binding: 0, data: new Int32Array(6) }] });
    expect(result.errors).toEqual([]);
    expect(Array.from(result.buffers.get('a') as Int32Array)).toEqual([1, -2, -12, 42, 7, 100]);
  });

  it('does not report races between atomic accesses', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> counter: atomic<u32>;
      @compute @workgroup_size(64) fn main() { atomicAdd(&counter, 1u); }`;
    const result = run({ code, workgroups: [3, 1, 1], bindings: [{ group: 0, binding: 0, data: new Uint32Array(1) }] });
    expect(result.errors).toEqual([]);
    expect((result.buffers.get('counter') as Uint32Array)[0]).toBe(192);
  });
});

describe('known-bad kernels', () => {
  it('catches a missing barrier as a race, naming both invocations, the variable and the lines', () => {
    const broken = REDUCTION.replace(/\n    workgroupBarrier\(\);\n  \}/, '\n  }');
    expect(broken).not.toBe(REDUCTION);
    const { input } = reductionInput();
    const result = run({ code: broken, workgroups: [1, 1, 1], bindings: [{ group: 0, binding: 0, data: input }, { group: 0, binding: 1, data: new Float32Array(1) }] });
    expect(result.ok).toBe(false);
    const races = errorsOf(result, 'race') as RaceError[];
    expect(races.length).toBeGreaterThan(0);
    const race = races[0] as RaceError;
    expect(race).toMatchObject({ scope: 'workgroup', space: 'workgroup', variable: 'tile' });
    expect(race.first.invocationIds.localIndex).not.toBe(race.second.invocationIds.localIndex);
    expect([race.first.access, race.second.access]).toContain('write');
    expect(race.first.line).toBe(13);
    expect(race.message).toMatch(/`tile\[lid \+ s\]`/);
    expect(race.message).toMatch(/workgroupBarrier/);
  });

  it('catches a race on storage memory between invocations of a workgroup and across workgroups', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> total: array<f32>;
      @compute @workgroup_size(4) fn main(@builtin(global_invocation_id) g: vec3u) {
        total[0] = total[0] + f32(g.x);
      }`;
    const one = run({ code, bindings: [{ group: 0, binding: 0, data: new Float32Array(1) }] });
    const race = errorsOf(one, 'race')[0] as RaceError;
    expect(race).toMatchObject({ scope: 'workgroup', space: 'storage', variable: 'total', index: 0 });
    const perGroup = `
      @group(0) @binding(0) var<storage, read_write> total: array<f32>;
      @compute @workgroup_size(4) fn main(@builtin(local_invocation_index) i: u32, @builtin(workgroup_id) w: vec3u) {
        if (i == 0u) { total[0] = total[0] + f32(w.x); }
      }`;
    const many = run({ code: perGroup, workgroups: [3, 1, 1], bindings: [{ group: 0, binding: 0, data: new Float32Array(1) }] });
    const across = errorsOf(many, 'race') as RaceError[];
    expect(across).toHaveLength(2);
    expect(across.every((r) => r.scope === 'dispatch')).toBe(true);
    expect(across[0]?.first.invocationIds.workgroupId).toEqual([0, 0, 0]);
    expect(across[0]?.second.invocationIds.workgroupId).toEqual([1, 0, 0]);
  });

  it('explains that workgroupBarrier does not order storage memory', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> data: array<f32>;
      @compute @workgroup_size(2) fn main(@builtin(local_invocation_index) i: u32) {
        data[i] = f32(i);
        workgroupBarrier();
        let other = data[1u - i];
        storageBarrier();
        data[i] = other;
      }`;
    const result = run({ code, bindings: [{ group: 0, binding: 0, data: new Float32Array(2) }] });
    const races = errorsOf(result, 'race') as RaceError[];
    expect(races).toHaveLength(1);
    expect(races[0]?.message).toMatch(/storageBarrier/);
    const fixed = run({ code: code.replace('workgroupBarrier', 'storageBarrier'), bindings: [{ group: 0, binding: 0, data: new Float32Array(2) }] });
    expect(fixed.errors).toEqual([]);
    expect(Array.from(fixed.buffers.get('data') as Float32Array)).toEqual([1, 0]);
  });

  it('catches an off-by-one out-of-bounds write with the invocation and the index, and drops it', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> data: array<f32>;
      @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
        if (id.x <= arrayLength(&data)) {
          data[id.x] = 1.0;
        }
      }`;
    const result = run({ code, workgroups: [2, 1, 1], bindings: [{ group: 0, binding: 0, data: new Float32Array(100) }] });
    expect(result.ok).toBe(false);
    const oob = errorsOf(result, 'out-of-bounds') as OutOfBoundsError[];
    expect(oob).toHaveLength(1);
    expect(oob[0]).toMatchObject({ access: 'write', variable: 'data', index: 100, length: 100, line: 5, occurrences: 1 });
    expect(oob[0]?.invocationIds).toMatchObject({ globalId: [100, 0, 0], workgroupId: [1, 0, 0], localId: [36, 0, 0] });
    expect(Array.from(result.buffers.get('data') as Float32Array).every((v) => v === 1)).toBe(true);
  });

  it('reads 0 out of bounds and counts every occurrence at one location', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> data: array<f32>;
      var<workgroup> tile: array<f32, 4>;
      @compute @workgroup_size(8) fn main(@builtin(local_invocation_index) i: u32) {
        data[i] = tile[i] + 5.0;
      }`;
    const result = run({ code, bindings: [{ group: 0, binding: 0, data: new Float32Array(8).fill(9) }] });
    const oob = errorsOf(result, 'out-of-bounds') as OutOfBoundsError[];
    expect(oob).toHaveLength(1);
    expect(oob[0]).toMatchObject({ access: 'read', variable: 'tile', index: 4, length: 4, occurrences: 4 });
    expect(Array.from(result.buffers.get('data') as Float32Array)).toEqual([5, 5, 5, 5, 5, 5, 5, 5]);
  });

  it('catches a barrier in a divergent branch, statically and when invocations really diverge', () => {
    const staticOnly = `
      var<workgroup> tile: array<f32, 64>;
      @compute @workgroup_size(64) fn main(@builtin(local_invocation_index) i: u32) {
        if (i < 64u) {
          workgroupBarrier();
        }
      }`;
    const a = run({ code: staticOnly });
    const aErrors = errorsOf(a, 'non-uniform-barrier') as BarrierError[];
    expect(aErrors).toHaveLength(1);
    expect(aErrors[0]).toMatchObject({ line: 5 });
    expect(aErrors[0]?.message).toMatch(/line 4/);

    const diverging = `
      var<workgroup> tile: array<f32, 64>;
      @compute @workgroup_size(64) fn main(@builtin(local_invocation_index) i: u32) {
        if (i >= 32u) { return; }
        tile[i] = 1.0;
        workgroupBarrier();
      }`;
    const b = run({ code: diverging });
    const bErrors = errorsOf(b, 'non-uniform-barrier') as BarrierError[];
    expect(bErrors.length).toBe(2); // the static check and the runtime check
    const dynamic = bErrors.find((e) => e.workgroupId);
    expect(dynamic?.message).toMatch(/32 of 64/);
    expect(dynamic?.missing?.localIndex).toBe(32);
  });

  it('accepts barriers in loops with uniform bounds', () => {
    const code = `
      struct Params { n: u32 }
      @group(0) @binding(0) var<uniform> params: Params;
      var<workgroup> tile: array<u32, 16>;
      @compute @workgroup_size(16) fn main(@builtin(local_invocation_index) i: u32) {
        let steps = params.n;
        for (var k = 0u; k < steps; k++) {
          tile[i] = tile[(i + 1u) % 16u] + k;
          workgroupBarrier();
        }
      }`;
    const result = run({ code, bindings: [{ group: 0, binding: 0, data: new Uint32Array([3, 0, 0, 0]) }] });
    expect(errorsOf(result, 'non-uniform-barrier')).toEqual([]);
    // Reading a neighbour's slot while it writes its own, without a barrier in between, is a race.
    expect(errorsOf(result, 'race').length).toBeGreaterThan(0);
  });

  it('stops an infinite loop with loop-limit instead of hanging', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> data: array<u32>;
      @compute @workgroup_size(1) fn main() {
        var i = 0u;
        while (i < 10u) {
          data[0] = i;
        }
      }`;
    const t0 = performance.now();
    const result = run({ code, limits: { maxLoopIterations: 10_000 }, bindings: [{ group: 0, binding: 0, data: new Uint32Array(1) }] });
    expect(performance.now() - t0).toBeLessThan(2000);
    const err = errorsOf(result, 'loop-limit')[0] as LoopLimitError;
    expect(err).toMatchObject({ line: 5, iterations: 10_000 });
    expect(err.invocationIds.globalId).toEqual([0, 0, 0]);
    expect(result.ok).toBe(false);
  });

  it('stops runaway work with step-limit', () => {
    const code = `
      @compute @workgroup_size(64) fn main() {
        var x = 0u;
        for (var i = 0u; i < 100000u; i++) { x += i; }
      }`;
    const result = run({ code, workgroups: [100, 1, 1], limits: { maxSteps: 200_000 } });
    expect(errorsOf(result, 'step-limit')).toHaveLength(1);
  });
});

describe('budgets', () => {
  const naive = `
    @group(0) @binding(0) var<storage, read> a: array<f32>;
    @group(0) @binding(1) var<storage, read_write> out: array<f32>;
    @compute @workgroup_size(8) fn main(@builtin(global_invocation_id) g: vec3u) {
      var sum = 0.0;
      for (var k = 0u; k < 8u; k++) { sum += a[k] * a[g.x]; }
      out[g.x] = sum;
    }`;
  const bindings = () => [{ group: 0, binding: 0, data: Float32Array.from({ length: 8 }, (_, i) => i) }, { group: 0, binding: 1, data: new Float32Array(8) }];

  it('reports exceeded per-invocation and per-element budgets with the worst offender', () => {
    const result = run({
      code: naive,
      bindings: bindings(),
      budgets: [
        { kind: 'globalReadsPerInvocation', max: 9 },
        { kind: 'globalWritesPerInvocation', max: 1 },
        { kind: 'globalReadsPerElementPerWorkgroup', variable: 'a', max: 1 },
      ],
    });
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(false);
    const [reads, writes, perElement] = result.budgetReports;
    expect(reads).toMatchObject({ ok: false, worst: { value: 16 } });
    expect(reads?.worst.invocation?.globalId).toEqual([0, 0, 0]);
    expect(writes).toMatchObject({ ok: true, worst: { value: 1 } });
    expect(perElement).toMatchObject({ ok: false, worst: { value: 16, workgroupId: [0, 0, 0], element: 0 } });
    expect(perElement?.message).toMatch(/var<workgroup>/);
  });

  it('passes when the kernel stays within budget', () => {
    const result = run({ code: naive, bindings: bindings(), budgets: [{ kind: 'globalReadsPerInvocation', max: 16 }, { kind: 'globalReadsTotal', max: 128 }] });
    expect(result.ok).toBe(true);
    expect(result.budgetReports.every((b) => b.ok)).toBe(true);
  });
});

describe('trace', () => {
  it('caps the trace and says so', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> data: array<f32>;
      @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) { data[g.x] = data[g.x] + 1.0; }`;
    const result = run({ code, workgroups: [4, 1, 1], limits: { maxTraceEvents: 100 }, bindings: [{ group: 0, binding: 0, data: new Float32Array(256) }] });
    expect(result.ok).toBe(true);
    expect(result.trace).toHaveLength(100);
    expect(result.traceTruncated).toBe(true);
    expect(result.counts.reduce((s, c) => s + c.storageReads + c.storageWrites, 0)).toBe(512);
    expect(result.trace[0]).toMatchObject({ invocation: 0, variable: 'data', index: 0, access: 'read', line: 3, phase: 0 });
    expect(result.trace[1]).toMatchObject({ invocation: 0, variable: 'data', index: 0, access: 'write' });
  });
});
