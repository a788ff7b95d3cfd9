// Loop guard on real WebGPU (Dawn + SwiftShader in Node): endless loops end and
// are reported by loop; correct kernels give bit-identical output with and
// without the guard; compiler messages map back to the learner's source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../src/grader/random';
import {
  instrumentLoops,
  mapCompilationMessage,
  readLoopGuardStatus,
  type LoopGuardOptions,
  type LoopGuardResult,
} from '../../../src/runner/loop-guard';
import { requireNodeGpu } from '../../support/node-gpu';
import { randomProgram } from './random-wgsl';

let device: GPUDevice;

beforeAll(async () => {
  const gpu = await requireNodeGpu();
  const adapter = await gpu.requestAdapter();
  device = await adapter!.requestDevice({ label: 'loop guard tests' });
});

afterAll(() => device?.destroy());

async function compile(code: string, label: string): Promise<{ module: GPUShaderModule; messages: GPUCompilationMessage[] }> {
  const module = device.createShaderModule({ label, code });
  const info = await module.getCompilationInfo();
  return { module, messages: [...info.messages] };
}

function errorsOf(messages: readonly GPUCompilationMessage[]): string[] {
  return messages.filter((m) => m.type === 'error').map((m) => `${m.lineNum}:${m.linePos} ${m.message}`);
}

interface RunOptions {
  /** Initial contents of each `@group(0)` storage buffer, by binding; all are read back. */
  buffers: Record<number, Uint32Array<ArrayBuffer>>;
  workgroups: number | [number, number];
  /** Bind a zeroed status buffer for an instrumented kernel. */
  guard?: LoopGuardResult;
}

/** Compiles (failing on errors), dispatches `main` and reads every buffer back. */
async function run(
  code: string,
  label: string,
  options: RunOptions,
): Promise<{ buffers: Record<number, Uint32Array>; status?: Uint32Array; messages: GPUCompilationMessage[] }> {
  const { module, messages } = await compile(code, label);
  expect(errorsOf(messages), `compile errors in ${label}:\n${code}`).toEqual([]);
  device.pushErrorScope('validation');
  const pipeline = device.createComputePipeline({ label, layout: 'auto', compute: { module, entryPoint: 'main' } });
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const slots = Object.entries(options.buffers).map(([binding, data]) => {
    const buffer = device.createBuffer({ label: `${label} binding ${binding}`, size: Math.max(4, data.byteLength), usage });
    device.queue.writeBuffer(buffer, 0, data);
    return { binding: Number(binding), buffer, size: Math.max(4, data.byteLength) };
  });
  if (options.guard) {
    const size = options.guard.statusWords * 4;
    const buffer = device.createBuffer({ label: `${label} loop guard status`, size, usage });
    slots.push({ binding: options.guard.errorBinding.binding, buffer, size });
  }
  const bindGroup = device.createBindGroup({
    label,
    layout: pipeline.getBindGroupLayout(0),
    entries: slots.map(({ binding, buffer }) => ({ binding, resource: { buffer } })),
  });
  const encoder = device.createCommandEncoder({ label });
  const pass = encoder.beginComputePass({ label });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  const [x, y] = typeof options.workgroups === 'number' ? [options.workgroups, 1] : options.workgroups;
  pass.dispatchWorkgroups(x, y);
  pass.end();
  const readbacks = slots.map(({ binding, buffer, size }) => {
    const readback = device.createBuffer({ label: `${label} readback ${binding}`, size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    encoder.copyBufferToBuffer(buffer, 0, readback, 0, size);
    return { binding, readback };
  });
  device.queue.submit([encoder.finish()]);
  const error = await device.popErrorScope();
  expect(error?.message ?? null, `validation error in ${label}`).toBeNull();
  const out: Record<number, Uint32Array> = {};
  for (const { binding, readback } of readbacks) {
    await readback.mapAsync(GPUMapMode.READ);
    out[binding] = new Uint32Array(readback.getMappedRange().slice(0));
    readback.destroy();
  }
  slots.forEach(({ buffer }) => buffer.destroy());
  const status = options.guard ? out[options.guard.errorBinding.binding] : undefined;
  if (options.guard) delete out[options.guard.errorBinding.binding];
  return { buffers: out, messages, ...(status ? { status } : {}) };
}

/** Runs a kernel instrumented, returning its outputs and decoded guard status. */
async function runGuarded(source: string, label: string, options: Omit<RunOptions, 'guard'> & LoopGuardOptions) {
  const guard = instrumentLoops(source, options);
  const result = await run(guard.code, label, { ...options, guard });
  return { ...result, guard, report: readLoopGuardStatus(result.status!, guard) };
}

const OUT = '@group(0) @binding(0) var<storage, read_write> out: array<u32>;';

describe('endless loops end and are reported', () => {
  it('stops `while (true)` in every invocation, and the kernel goes on after the loop', async () => {
    const source = `${OUT}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  var x = id.x;
  while (true) { x = x * 3u + 1u; }
  out[id.x] = 1u;
}`;
    const { buffers, report } = await runGuarded(source, 'while true', { buffers: { 0: new Uint32Array(128) }, workgroups: 2, maxIterations: 5000 });
    expect(report.totalTrips).toBe(128);
    expect(report.trippedLoops.map((loop) => [loop.index, loop.kind, loop.line, loop.trips])).toEqual([[0, 'while', 4, 128]]);
    expect([...buffers[0]!]).toEqual(new Array(128).fill(1));
  });

  it('flags only the loop that ran away, in the invocations where it did', async () => {
    const source = `${OUT}
@group(0) @binding(1) var<storage, read_write> input: array<u32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  var sum = 0u;
  for (var i = 0u; i < 8u; i++) { sum += i; }
  var k = input[id.x];
  while (k != 0u) { k = k - 2u; } // odd k wraps past 0 and (nearly) never stops
  var j = 0u;
  loop { j++; continuing { break if j >= 4u; } }
  out[id.x] = sum + j;
}`;
    const input = Uint32Array.from({ length: 64 }, (_, i) => i % 7);
    const odd = [...input].filter((k) => k % 2 === 1).length;
    const { buffers, report } = await runGuarded(source, 'odd inputs spin', { buffers: { 0: new Uint32Array(64), 1: input }, workgroups: 1, maxIterations: 5000 });
    expect(report.trippedLoops.map((loop) => [loop.index, loop.kind, loop.line, loop.trips])).toEqual([[1, 'while', 7, odd]]);
    expect(report.totalTrips).toBe(odd);
    expect([...buffers[0]!]).toEqual(new Array(64).fill(28 + 4));
  });

  it('cannot be dodged by `continue` skipping the loop variable’s update', async () => {
    const source = `${OUT}
@compute @workgroup_size(32) fn main(@builtin(global_invocation_id) id: vec3u) {
  for (var i = 0u; i < 10u;) {
    if (i < 5u) { continue; }
    i++;
  }
  var n = 0u;
  loop {
    if (n < 3u) { continue; }
    n++;
    continuing { break if n > 100u; }
  }
  out[id.x] = 2u;
}`;
    const { buffers, report } = await runGuarded(source, 'continue', { buffers: { 0: new Uint32Array(32) }, workgroups: 1, maxIterations: 3000 });
    expect(report.trippedLoops.map((loop) => [loop.kind, loop.trips])).toEqual([['for', 32], ['loop', 32]]);
    expect([...buffers[0]!]).toEqual(new Array(32).fill(2));
  });

  it('stops nested endless loops in about 2N iterations, not N²', async () => {
    // With N = 20,000 and 256 invocations, N² iterations would take hours on SwiftShader.
    const source = `${OUT}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  var a = 0u;
  while (true) {
    while (true) { a += 1u; }
  }
  out[id.x] = a;
}`;
    const started = performance.now();
    const { buffers, report } = await runGuarded(source, 'nested', { buffers: { 0: new Uint32Array(256) }, workgroups: 4, maxIterations: 20_000 });
    const seconds = (performance.now() - started) / 1000;
    expect(report.trippedLoops.map((loop) => [loop.index, loop.trips])).toEqual([[0, 256], [1, 256]]);
    // The inner loop runs N iterations once; afterwards each outer iteration re-enters it and leaves at once.
    expect([...buffers[0]!]).toEqual(new Array(256).fill(20_000));
    expect(seconds).toBeLessThan(20);
  });

  it('returns the zero value from a function whose loop has no exit but return', async () => {
    const source = `${OUT}
fn spin(x: u32) -> u32 {
  var y = x;
  loop {
    y = y ^ 1u;
    if (y == 0xFFFFFFFFu) { return y; }
  }
}
@compute @workgroup_size(16) fn main(@builtin(global_invocation_id) id: vec3u) {
  out[id.x] = spin(id.x) + 7u;
}`;
    const { buffers, report } = await runGuarded(source, 'spin', { buffers: { 0: new Uint32Array(16) }, workgroups: 1, maxIterations: 1000 });
    expect(report.trippedLoops).toMatchObject([{ kind: 'loop', functionName: 'spin', line: 4, trips: 16 }]);
    expect([...buffers[0]!]).toEqual(new Array(16).fill(7));
    expect(report.message).toMatch(/^Stopped the `loop` loop at line 4, column 3 \(in spin, stopped 16 times\) after 1,000 iterations/);
  });
});

/** Runs a correct kernel with and without the guard; outputs must match bit for bit and no loop may trip. */
async function expectUnchanged(
  source: string,
  label: string,
  buffers: RunOptions['buffers'],
  workgroups: RunOptions['workgroups'],
  guardOptions: LoopGuardOptions = {},
): Promise<Record<number, Uint32Array>> {
  const plain = await run(source, `${label} (plain)`, { buffers, workgroups });
  const guarded = await runGuarded(source, `${label} (guarded)`, { buffers, workgroups, ...guardOptions });
  expect(guarded.report.tripped, guarded.report.message ?? '').toBe(false);
  // The guard adds no warnings (e.g. "code is unreachable"), and the learner's own stay where they were.
  const describe = (m: { message: string; type: string; line: number; column: number }) => `${m.type} ${m.line}:${m.column} ${m.message}`;
  expect(guarded.messages.map((m) => describe(mapCompilationMessage(guarded.guard, m)))).toEqual(
    // Dawn's messages are native objects with getters: copy the fields, a spread would lose them.
    plain.messages.map((m) => describe({ message: m.message, type: m.type, line: m.lineNum, column: m.linePos })),
  );
  for (const binding of Object.keys(plain.buffers)) {
    expect([...guarded.buffers[Number(binding)]!], `binding ${binding}`).toEqual([...plain.buffers[Number(binding)]!]);
  }
  return plain.buffers;
}

describe('correct kernels are unchanged', () => {
  it('a tiled matrix product with barriers inside its loop (uniformity analysis still passes)', async () => {
    const n = 16;
    const source = `
@group(0) @binding(0) var<storage, read_write> c: array<f32>;
@group(0) @binding(1) var<storage, read_write> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> b: array<f32>;
const N = ${n}u;
const T = 4u;
var<workgroup> tileA: array<f32, 16>;
var<workgroup> tileB: array<f32, 16>;
@compute @workgroup_size(4, 4) fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  var acc = 0.0;
  for (var t = 0u; t < N / T; t++) {
    tileA[lid.y * T + lid.x] = a[gid.y * N + t * T + lid.x];
    tileB[lid.y * T + lid.x] = b[(t * T + lid.y) * N + gid.x];
    workgroupBarrier();
    var k = 0u;
    while (k < T) {
      acc += tileA[lid.y * T + k] * tileB[k * T + lid.x];
      k++;
    }
    workgroupBarrier();
  }
  c[gid.y * N + gid.x] = acc;
}`;
    const rng = createRng('matmul');
    const a = rng.float32Array(n * n, -1, 1);
    const b = rng.float32Array(n * n, -1, 1);
    const outputs = await expectUnchanged(source, 'tiled matmul', {
      0: new Uint32Array(n * n),
      1: new Uint32Array(a.buffer),
      2: new Uint32Array(b.buffer),
    }, [n / 4, n / 4]);
    const c = new Float32Array(outputs[0]!.buffer);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += a[row * n + k]! * b[k * n + col]!;
        expect(c[row * n + col]).toBeCloseTo(sum, 4);
      }
    }
  });

  it('a workgroup reduction, a non-uniform loop before a barrier, and loops in a continuing block', async () => {
    const source = `${OUT}
var<workgroup> partial: array<u32, 64>;
fn firstOdd(x: u32) -> u32 {
  var k = x;
  loop {
    if (k % 2u == 1u) { return k; }
    k++;
  }
}
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u, @builtin(local_invocation_index) li: u32) {
  var own = 0u;
  for (var i = 0u; i < li; i++) { own += i; }        // trip count differs per invocation
  workgroupBarrier();
  partial[li] = own + firstOdd(li);
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride >>= 1u) {
    if (li < stride) { partial[li] += partial[li + stride]; }
    workgroupBarrier();
  }
  var m = 0u;
  var steps = 0u;
  loop {
    if (m > 5u) { break; }
    continuing {
      for (var j = 0u; j < 3u; j++) { steps++; }
      m++;
    }
  }
  out[id.x] = partial[0] + steps * 1000u;
}`;
    const outputs = await expectUnchanged(source, 'reduction', { 0: new Uint32Array(128) }, 2);
    let expected = 0;
    for (let li = 0; li < 64; li++) expected += (li * (li - 1)) / 2 + (li % 2 === 1 ? li : li + 1);
    expect(outputs[0]![0]).toBe(expected + 18 * 1000);
  });

  it('nested loops whose inner loop runs more than N times in total but fewer than N per entry', async () => {
    const source = `${OUT}
@compute @workgroup_size(8) fn main(@builtin(global_invocation_id) id: vec3u) {
  var count = 0u;
  for (var i = 0u; i < 40u; i++) {
    var j = 0u;
    while (j < 40u + id.x) { j++; count++; }
  }
  out[id.x] = count;
}`;
    const outputs = await expectUnchanged(source, 'nested under the bound', { 0: new Uint32Array(8) }, 1, { maxIterations: 50 });
    expect([...outputs[0]!]).toEqual(Array.from({ length: 8 }, (_, x) => 40 * (40 + x)));
  });

  it('a loop left only by return, followed by unreachable code with a barrier', async () => {
    // A `break` guard would make the barrier reachable from non-uniform control flow: a compile error.
    const source = `${OUT}
@compute @workgroup_size(64) fn main(@builtin(local_invocation_index) li: u32) {
  var k = 0u;
  loop {
    k++;
    if (k > li % 3u) { out[li] = k; return; }
  }
  workgroupBarrier();
  out[li] = 999u;
}`;
    const plain = await compile(source, 'unreachable after loop');
    expect(plain.messages.map((m) => `${m.type} ${m.lineNum}: ${m.message}`)).toEqual(['warning 8: code is unreachable']);
    const outputs = await expectUnchanged(source, 'unreachable after loop', { 0: new Uint32Array(64) }, 1);
    expect([...outputs[0]!]).toEqual(Array.from({ length: 64 }, (_, li) => (li % 3) + 1));
  });

  it('random programs of nested for/while/loop with break, continue, switch and helper calls', async () => {
    // Twelve seeded programs in one module: SwiftShader takes ~0.7 s per pipeline, so one module keeps this fast.
    const seeds = Array.from({ length: 12 }, (_, k) => 1000 + k);
    const programs = seeds.map((seed) => randomProgram(createRng(seed), `p${seed}_`));
    const lanes = 64;
    const source = `${OUT}
${programs.join('\n')}
@compute @workgroup_size(32) fn main(@builtin(global_invocation_id) id: vec3u) {
${seeds.map((seed, k) => `  out[${k * lanes}u + id.x] = p${seed}_main(id.x);`).join('\n')}
}`;
    const outputs = await expectUnchanged(source, 'random programs', { 0: new Uint32Array(seeds.length * lanes) }, lanes / 32);
    seeds.forEach((seed, k) => {
      // Each program must have done something: not every lane may still hold its starting value.
      const lane = outputs[0]!.subarray(k * lanes, (k + 1) * lanes);
      expect(lane.some((value, i) => value !== Math.imul(i, 0x9e3779b1) >>> 0), `program ${seed}:\n${programs[k]}`).toBe(true);
    });
  });
});

describe('compiler messages map back to the learner’s source', () => {
  const cases: Array<[string, string]> = [
    ['LF', 'fn f() -> f32 {\n  var s = 0.0;\n  for (var i = 0u; i < 4u; i++) { s += i; }\n  return s;\n}\n'],
    ['CRLF and a non-ASCII comment', 'fn f() -> f32 {\r\n  var s = 0.0; // Σ\r\n  loop { /* é */ s += 1u; if (s > 3.0) { break; } }\r\n  return s;\r\n}\r\n'],
  ];
  for (const [name, source] of cases) {
    it(`puts a type error in a guarded loop where the plain compile puts it (${name})`, async () => {
      const plain = (await compile(source, `${name} plain`)).messages.filter((m) => m.type === 'error');
      const guard = instrumentLoops(source);
      const guarded = (await compile(guard.code, `${name} guarded`)).messages.filter((m) => m.type === 'error');
      expect(plain.length).toBeGreaterThan(0);
      const mapped = guarded.map((m) => mapCompilationMessage(guard, m));
      expect(mapped.map((m) => [m.line, m.column, m.offset, m.length, m.message, m.inInstrumentation])).toEqual(
        plain.map((m) => [m.lineNum, m.linePos, m.offset, m.length, m.message, false]),
      );
    });
  }
});
