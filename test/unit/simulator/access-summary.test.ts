/**
 * The access summary behind the exercise page's "What your threads touched"
 * view: cells per buffer with readers/writers and final values, races and
 * out-of-bounds accesses marked, per-phase accesses and workgroup-memory
 * snapshots for a tree reduction, caps that say what they cut, and the
 * snapshot option of simulate() itself.
 */
import { describe, expect, it } from 'vitest';
import { formatValue, summarizeAccesses } from '../../../src/simulator/access-summary';
import { simulate } from '../../../src/simulator/index';
import type { SimulationInput } from '../../../src/simulator/index';

const traced = (input: Omit<SimulationInput, 'snapshotWorkgroupMemory'>) => simulate({ ...input, snapshotWorkgroupMemory: true });

const SQUARE = `
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> output: array<f32>;
@compute @workgroup_size(4) fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i < arrayLength(&input)) { output[i] = input[i] * input[i]; }
}`;

const REDUCTION = `
@group(0) @binding(0) var<storage, read> input: array<f32>;
@group(0) @binding(1) var<storage, read_write> partials: array<f32>;
var<workgroup> tile: array<f32, 8>;
@compute @workgroup_size(8) fn main(@builtin(global_invocation_id) gid: vec3u,
                                    @builtin(local_invocation_index) lid: u32,
                                    @builtin(workgroup_id) wid: vec3u) {
  tile[lid] = input[gid.x];
  workgroupBarrier();
  for (var stride = 4u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { tile[lid] = tile[lid] + tile[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) { partials[wid.x] = tile[0]; }
}`;

describe('summarizeAccesses', () => {
  it('records who read and wrote each element, the final values and per-invocation touches', () => {
    const input = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const output = new Float32Array(8).fill(-7);
    const result = simulate({ code: SQUARE, workgroups: [2, 1, 1], bindings: [{ group: 0, binding: 0, data: input }, { group: 0, binding: 1, data: output }] });
    const summary = summarizeAccesses(result, { caseName: 'n = 6', markerValues: { output: -7 } });
    expect(summary.ok).toBe(true);
    expect(summary.workgroupCount).toEqual([2, 1, 1]);
    expect(summary.invocationTotal).toBe(8);
    const [inBuf, outBuf] = summary.buffers;
    expect(inBuf?.name).toBe('input');
    expect(inBuf?.space).toBe('storage');
    expect(inBuf?.length).toBe(6);
    expect(inBuf?.cells[3]).toEqual({ readers: [3], writers: [], readCount: 1, writeCount: 0, race: false });
    expect(outBuf?.values).toEqual(['1', '4', '9', '16', '25', '36', '·', '·']);
    expect(outBuf?.cells[5]?.writers).toEqual([5]);
    expect(outBuf?.cells[6]?.writeCount).toBe(0);
    const three = summary.invocations[3];
    expect(three?.globalId).toEqual([3, 0, 0]);
    expect(three?.workgroupId).toEqual([0, 0, 0]);
    expect(three?.localId).toEqual([3, 0, 0]);
    // input[i] is read twice (input[i] * input[i]): two reads counted, one element touched.
    expect(three?.globalReads).toBe(2);
    expect(three?.globalWrites).toBe(1);
    expect(three?.touches).toEqual([
      { buffer: 0, reads: [3], writes: [], capped: false },
      { buffer: 1, reads: [], writes: [3], capped: false },
    ]);
    // Invocations past the data touch nothing.
    expect(summary.invocations[7]?.touches).toEqual([]);
    expect(summary.phases).toHaveLength(1);
    expect(summary.notes).toEqual([]);
  });

  it('shows a race as two invocations writing one cell, and marks both invocations', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> out: array<u32>;
      @compute @workgroup_size(4) fn main(@builtin(local_invocation_index) i: u32) {
        out[i / 2u] = i;
      }`;
    const result = simulate({ code, workgroups: [1, 1, 1], bindings: [{ group: 0, binding: 0, data: new Uint32Array(4) }] });
    expect(result.errors.some((e) => e.kind === 'race')).toBe(true);
    const summary = summarizeAccesses(result, { caseName: 'race' });
    expect(summary.ok).toBe(false);
    const out = summary.buffers[0];
    expect(out?.cells[0]).toMatchObject({ writers: [0, 1], writeCount: 2, race: true });
    expect(out?.cells[1]).toMatchObject({ writers: [2, 3], writeCount: 2, race: true });
    expect(out?.cells[2]).toMatchObject({ writeCount: 0, race: false });
    expect(summary.invocations.map((i) => i.race)).toEqual([true, true, true, true]);
    expect(summary.problems[0]?.kind).toBe('race');
  });

  it('does not call an invocation reading what another wrote before a barrier a race', () => {
    const code = `
      var<workgroup> tile: array<u32, 4>;
      @group(0) @binding(0) var<storage, read_write> out: array<u32>;
      @compute @workgroup_size(4) fn main(@builtin(local_invocation_index) i: u32) {
        tile[i] = i * 10u;
        workgroupBarrier();
        out[i] = tile[(i + 1u) % 4u];
      }`;
    const result = traced({ code, workgroups: [1, 1, 1], bindings: [{ group: 0, binding: 0, data: new Uint32Array(4) }] });
    const summary = summarizeAccesses(result, { caseName: 'shift' });
    expect(summary.ok).toBe(true);
    const tile = summary.buffers.find((b) => b.key === 'tile@wg0');
    expect(tile?.cells.every((c) => !c.race)).toBe(true);
    expect(tile?.cells[0]).toMatchObject({ writers: [0], readers: [3] });
  });

  it('draws a 2-D workgroup tile one cell per value, without calling neighbours in a row a race', () => {
    const code = `
      var<workgroup> tile: array<array<f32, 4>, 2>;
      @group(0) @binding(0) var<storage, read_write> out: array<f32>;
      @compute @workgroup_size(4, 2) fn main(@builtin(local_invocation_id) l: vec3u) {
        tile[l.y][l.x] = f32(l.y * 4u + l.x);
        workgroupBarrier();
        out[l.y * 4u + l.x] = tile[1u - l.y][l.x];
      }`;
    const result = traced({ code, workgroups: [1, 1, 1], bindings: [{ group: 0, binding: 0, data: new Float32Array(8) }] });
    expect(result.errors).toEqual([]);
    const summary = summarizeAccesses(result, { caseName: '2-D' });
    const tile = summary.buffers.find((b) => b.key === 'tile@wg0')!;
    expect(tile.length).toBe(8);
    expect(tile.values).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(tile.cells.map((c) => c.race)).toEqual(new Array(8).fill(false));
    // Invocation (1, 1) (index 5) writes tile[1][1] (word 5) and reads tile[0][1] (word 1).
    expect(summary.invocations[5]?.touches.find((t) => t.buffer === summary.buffers.indexOf(tile))).toMatchObject({ reads: [1], writes: [5] });
    expect(summary.buffers.find((b) => b.name === 'out')?.values).toEqual(['4', '5', '6', '7', '0', '1', '2', '3']);
  });

  it('marks an out-of-bounds read on the buffer and on the invocation that made it', () => {
    const code = `
      @group(0) @binding(0) var<storage, read> input: array<f32>;
      @group(0) @binding(1) var<storage, read_write> output: array<f32>;
      @compute @workgroup_size(8) fn main(@builtin(global_invocation_id) id: vec3u) {
        output[id.x % 4u] = input[id.x];
      }`;
    const result = simulate({
      code,
      workgroups: [1, 1, 1],
      bindings: [{ group: 0, binding: 0, data: new Float32Array(6) }, { group: 0, binding: 1, data: new Float32Array(4) }],
    });
    const summary = summarizeAccesses(result, { caseName: 'oob' });
    const input = summary.buffers.find((b) => b.name === 'input');
    expect(input?.outOfBounds).toHaveLength(1);
    expect(input?.outOfBounds[0]).toMatchObject({ invocation: 6, access: 'read', index: 6, length: 6, occurrences: 2 });
    expect(summary.invocations[6]?.outOfBounds).toEqual([{ buffer: 'input', access: 'read', index: 6, length: 6 }]);
    expect(summary.invocations[5]?.outOfBounds).toEqual([]);
    expect(summary.problems.map((p) => p.kind)).toContain('out-of-bounds');
  });

  it('splits a tree reduction into barrier phases with workgroup memory after each', () => {
    const input = Float32Array.from({ length: 16 }, (_, i) => i + 1);
    const result = traced({
      code: REDUCTION,
      workgroups: [2, 1, 1],
      bindings: [{ group: 0, binding: 0, data: input }, { group: 0, binding: 1, data: new Float32Array(2) }],
    });
    expect(result.errors).toEqual([]);
    const summary = summarizeAccesses(result, { caseName: 'n = 16' });
    expect(summary.buffers.map((b) => b.key)).toEqual(['input', 'partials', 'tile@wg0', 'tile@wg1']);
    const tile0 = summary.buffers.findIndex((b) => b.key === 'tile@wg0');
    const tile1 = summary.buffers.findIndex((b) => b.key === 'tile@wg1');
    expect(summary.buffers[tile1]?.workgroupId).toEqual([1, 0, 0]);
    // Loads, then strides 4, 2, 1, then the write of the partial sum: 5 phases.
    expect(summary.phases).toHaveLength(5);
    expect(summary.phases.map((p) => p.endsAt?.barrier ?? 'end')).toEqual(['workgroupBarrier', 'workgroupBarrier', 'workgroupBarrier', 'workgroupBarrier', 'end']);
    const memoryAfter = (phase: number, buffer: number) => summary.phases[phase]?.memory.find((m) => m.buffer === buffer)?.values;
    expect(memoryAfter(0, tile0)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(memoryAfter(1, tile0)).toEqual(['6', '8', '10', '12', '5', '6', '7', '8']);
    expect(memoryAfter(2, tile0)).toEqual(['16', '20', '10', '12', '5', '6', '7', '8']);
    expect(memoryAfter(3, tile0)?.[0]).toBe('36');
    expect(memoryAfter(3, tile1)?.[0]).toBe('100');
    // Phase 1 (stride 4): invocations 0..3 of each workgroup read two tile cells and write one.
    const phase1 = summary.phases[1]!;
    const writes = phase1.accesses.filter((a) => a.access === 'write' && a.buffer === tile0).map((a) => a.invocation);
    expect(writes.sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    expect(phase1.accessCount).toBe(2 * 4 * 3);
    // Phase 4: only invocation 0 of each workgroup reads tile[0] and writes its partial sum.
    expect(summary.phases[4]?.accesses.map((a) => [a.invocation, summary.buffers[a.buffer]?.key, a.index, a.access])).toEqual([
      [0, 'tile@wg0', 0, 'read'],
      [0, 'partials', 0, 'write'],
      [8, 'tile@wg1', 0, 'read'],
      [8, 'partials', 1, 'write'],
    ]);
    expect(summary.buffers.find((b) => b.name === 'partials')?.values).toEqual(['36', '100']);
    // Final workgroup memory: the last snapshot.
    expect(summary.buffers[tile1]?.values.slice(0, 2)).toEqual(['100', '52']);
    expect(summary.invocations[9]).toMatchObject({ workgroupId: [1, 0, 0], localId: [1, 0, 0], globalReads: 1, workgroupWrites: 3 });
    expect(summary.buffers.every((b) => b.cells.every((c) => !c.race))).toBe(true);
  });

  it('marks racing cells of workgroup memory in a reduction missing its barrier', () => {
    const broken = REDUCTION.replace(/if \(lid < stride\) \{ tile\[lid\] = tile\[lid\] \+ tile\[lid \+ stride\]; \}\n\s*workgroupBarrier\(\);/, 'if (lid < stride) { tile[lid] = tile[lid] + tile[lid + stride]; }');
    expect(broken).not.toBe(REDUCTION);
    const result = traced({
      code: broken,
      workgroups: [1, 1, 1],
      bindings: [{ group: 0, binding: 0, data: new Float32Array(8).fill(1) }, { group: 0, binding: 1, data: new Float32Array(1) }],
    });
    const summary = summarizeAccesses(result, { caseName: 'no barrier' });
    const tile = summary.buffers.find((b) => b.key === 'tile@wg0')!;
    // Stride 2 writes tile[0..1] and stride 1 reads tile[1] in the same phase: invocation 1 writes, invocation 0 reads.
    expect(tile.cells[1]?.race).toBe(true);
    expect(tile.cells[1]?.writers).toContain(1);
    expect(tile.cells[1]?.readers).toContain(0);
    expect(summary.phases).toHaveLength(2);
  });

  it('caps cells, invocations and workgroup copies and says so', () => {
    const input = Float32Array.from({ length: 40 }, (_, i) => i);
    const result = traced({
      code: REDUCTION,
      workgroups: [5, 1, 1],
      bindings: [{ group: 0, binding: 0, data: input }, { group: 0, binding: 1, data: new Float32Array(5) }],
    });
    const summary = summarizeAccesses(result, { caseName: 'big', maxCellsPerBuffer: 32, maxInvocations: 10, maxWorkgroupCopies: 2, maxInvocationsPerCell: 1 });
    const input0 = summary.buffers[0]!;
    expect(input0.length).toBe(40);
    expect(input0.shown).toBe(32);
    expect(input0.cells).toHaveLength(32);
    expect(summary.invocations).toHaveLength(10);
    expect(summary.invocationTotal).toBe(40);
    expect(summary.buffers.filter((b) => b.space === 'workgroup')).toHaveLength(2);
    expect(summary.notes.join(' ')).toMatch(/first 32 of 40 elements of input/);
    expect(summary.notes.join(' ')).toMatch(/first 10 of 40 invocations/);
    expect(summary.notes.join(' ')).toMatch(/first 2 of 5 workgroups/);
    // tile[1] of workgroup 0 is read by invocation 1 (its own slot) and 0 (stride 1): the list is capped, the count is not.
    const tile = summary.buffers.find((b) => b.key === 'tile@wg0')!;
    expect(tile.cells[1]?.readers).toEqual([1]);
    expect(tile.cells[1]?.readCount).toBe(2);
  });

  it('survives structured cloning (it crosses postMessage)', () => {
    const result = traced({
      code: REDUCTION,
      workgroups: [1, 1, 1],
      bindings: [{ group: 0, binding: 0, data: new Float32Array(8).fill(2) }, { group: 0, binding: 1, data: new Float32Array(1) }],
    });
    const summary = summarizeAccesses(result, { caseName: 'clone' });
    expect(structuredClone(summary)).toEqual(summary);
  });
});

describe('simulate() workgroup snapshots', () => {
  it('are off by default', () => {
    const result = simulate({ code: REDUCTION, workgroups: [1, 1, 1], bindings: [{ group: 0, binding: 0, data: new Float32Array(8) }, { group: 0, binding: 1, data: new Float32Array(1) }] });
    expect(result.workgroupSnapshots).toBeUndefined();
    expect(result.variables.map((v) => [v.name, v.space, v.elements, v.scalar])).toEqual([
      ['input', 'storage', 8, 'f32'],
      ['partials', 'storage', 1, 'f32'],
      ['tile', 'workgroup', 8, 'f32'],
    ]);
  });

  it('use the variable\'s scalar type and describe vector elements', () => {
    const code = `
      var<workgroup> ids: array<vec2<i32>, 2>;
      @group(0) @binding(0) var<storage, read_write> out: array<vec2<i32>>;
      @compute @workgroup_size(2) fn main(@builtin(local_invocation_index) i: u32) {
        ids[i] = vec2<i32>(i32(i), -i32(i));
        workgroupBarrier();
        out[i] = ids[1u - i];
      }`;
    const result = traced({ code, workgroups: [1, 1, 1], bindings: [{ group: 0, binding: 0, data: new Int32Array(4) }] });
    expect(result.errors).toEqual([]);
    expect(result.workgroupSnapshots?.[0]?.memory.ids).toBeInstanceOf(Int32Array);
    expect(Array.from(result.workgroupSnapshots?.[0]?.memory.ids ?? [])).toEqual([0, 0, 1, -1]);
    expect(result.workgroupSnapshots?.[0]?.endsAt).toEqual({ barrier: 'workgroupBarrier', line: 6 });
    const summary = summarizeAccesses(result, { caseName: 'vec' });
    expect(summary.buffers.find((b) => b.name === 'out')?.values).toEqual(['(1, -1)', '(0, 0)']);
    expect(summary.buffers.find((b) => b.name === 'out')?.length).toBe(2);
  });
});

describe('formatValue', () => {
  it('keeps integers, shortens floats, uses exponents for extremes', () => {
    expect(formatValue(3, 'f32')).toBe('3');
    expect(formatValue(Math.fround(0.1), 'f32')).toBe('0.1');
    expect(formatValue(Math.fround(1 / 3), 'f32')).toBe('0.3333');
    expect(formatValue(-1.2345678e30, 'f32')).toBe('-1.235e+30');
    expect(formatValue(1e-6, 'f32')).toBe('1e-6');
    expect(formatValue(Number.NaN, 'f32')).toBe('NaN');
    expect(formatValue(4294967295, 'u32')).toBe('4.295e+9');
    expect(formatValue(123, 'u32')).toBe('123');
    expect(formatValue(1, 'bool')).toBe('true');
  });
});
