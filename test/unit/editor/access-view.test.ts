/**
 * The pure parts of the memory-access view and the results header: grid
 * layout, R/W markers, the sentences that stand in for colour (a selected
 * invocation's accesses, a cell, a barrier phase), and the "Simulated on CPU"
 * badge derived from a run report. Summaries come from real simulations.
 */
import { describe, expect, it } from 'vitest';
import {
  accessMarker,
  bufferHeading,
  cellDescription,
  columnsFor,
  gridRows,
  indexRanges,
  invocationCells,
  invocationSentence,
  phaseAccessLines,
  phaseMarkers,
  phaseTitle,
  startsOpen,
  summaryTitle,
  workgroupOf,
} from '../../../src/editor/access-view';
import { simulationBadge } from '../../../src/editor/results-view';
import type { RunReport } from '../../../src/runner/protocol';
import { summarizeAccesses } from '../../../src/simulator/access-summary';
import { simulate } from '../../../src/simulator/index';

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

function reduction() {
  const result = simulate({
    code: REDUCTION,
    workgroups: [2, 1, 1],
    bindings: [
      { group: 0, binding: 0, data: Float32Array.from({ length: 16 }, (_, i) => i + 1) },
      { group: 0, binding: 1, data: new Float32Array(2) },
    ],
    snapshotWorkgroupMemory: true,
  });
  return summarizeAccesses(result, { caseName: 'n = 16' });
}

describe('grid layout and markers', () => {
  it('wraps cells into rows of 16 with a short last row', () => {
    expect(gridRows(40)).toEqual([
      { start: 0, end: 16 },
      { start: 16, end: 32 },
      { start: 32, end: 40 },
    ]);
    expect(gridRows(0)).toEqual([]);
    expect(gridRows(5, 2)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 5 },
    ]);
  });

  it('uses 16 columns for short values, 10 for up to 6 characters, else 8', () => {
    expect(columnsFor(['0', '15', '-1.5', '·'])).toBe(16);
    expect(columnsFor(['0', '-98.27'])).toBe(10);
    expect(columnsFor(['0', '-0.06248'])).toBe(8);
    expect(columnsFor([])).toBe(16);
  });

  it('marks read, written and both', () => {
    expect([accessMarker(0, 0), accessMarker(2, 0), accessMarker(0, 1), accessMarker(1, 1)]).toEqual(['', 'R', 'W', 'RW']);
  });

  it('writes index lists as ranges', () => {
    expect(indexRanges('a', [0, 1, 2, 3, 7])).toBe('a[0..3], a[7]');
    expect(indexRanges('a', [4, 5])).toBe('a[4], a[5]');
    expect(indexRanges('a', [9])).toBe('a[9]');
    expect(indexRanges('a', [])).toBe('');
  });
});

describe('text equivalents', () => {
  const summary = reduction();

  it('says what the selected invocation read and wrote, and which cells to highlight', () => {
    const inv3 = summary.invocations[3]!;
    expect(invocationSentence(summary, inv3)).toBe(
      'Invocation 3 (global id (3, 0, 0), workgroup (0, 0, 0), local id (3, 0, 0)) reads input[3], tile[3], tile[7] (workgroup memory); writes tile[3] (workgroup memory).',
    );
    const cells = invocationCells(inv3);
    const tile0 = summary.buffers.findIndex((b) => b.key === 'tile@wg0');
    expect([...cells.keys()]).toEqual([0, tile0]);
    expect([...(cells.get(tile0) ?? [])]).toEqual([
      [3, 'RW'],
      [7, 'R'],
    ]);
    // Invocation 8 is local 0 of workgroup 1: its tile cells are in the second copy.
    const tile1 = summary.buffers.findIndex((b) => b.key === 'tile@wg1');
    expect(invocationCells(summary.invocations[8]!).has(tile1)).toBe(true);
    expect(invocationSentence(summary, summary.invocations[8]!)).toMatch(/writes partials\[1\], tile\[0\] \(workgroup memory\)\.$/);
  });

  it('describes a cell with its value, readers and writers', () => {
    const partials = summary.buffers[1]!;
    expect(cellDescription(partials, 1, partials.cells[1]!)).toBe('partials[1] = 100; read by nobody; written by invocation 8');
    const tile0 = summary.buffers.find((b) => b.key === 'tile@wg0')!;
    expect(cellDescription(tile0, 1, tile0.cells[1]!)).toMatch(/^tile\[1\] = 20; read by invocations 1, 0; written by invocation 1$/);
  });

  it('names global and workgroup memory in headings', () => {
    expect(bufferHeading(summary.buffers[0]!)).toBe('input: global memory (storage buffer, array<f32>, read-only, 16 elements)');
    expect(bufferHeading(summary.buffers[3]!)).toBe('tile: workgroup memory of workgroup (1, 0, 0) (array<f32, 8>, 8 elements)');
    expect(summaryTitle(summary)).toBe('case n = 16: 16 invocations in 2 workgroups of 8, simulated on the CPU');
  });

  it('titles each phase by its barriers and lists its accesses per invocation', () => {
    expect(phaseTitle(summary, summary.phases[0]!)).toBe('Phase 1 of 5, from the start to the 1st barrier (workgroupBarrier() at line 9): 32 accesses.');
    expect(phaseTitle(summary, summary.phases[4]!)).toBe('Phase 5 of 5, from the 4th barrier to the end of the kernel: 4 accesses.');
    expect(phaseAccessLines(summary, summary.phases[1]!).slice(0, 2)).toEqual(['invocation 0 reads tile[0], tile[4]; writes tile[0]', 'invocation 1 reads tile[1], tile[5]; writes tile[1]']);
    const tile0 = summary.buffers.findIndex((b) => b.key === 'tile@wg0');
    expect(phaseMarkers(summary.phases[1]!, tile0, 8)).toEqual(['RW', 'RW', 'RW', 'RW', 'R', 'R', 'R', 'R']);
    expect(phaseMarkers(summary.phases[4]!, tile0, 8)).toEqual(['R', '', '', '', '', '', '', '']);
    // Filtered to one workgroup: workgroup 1 holds invocations 8..15.
    expect(workgroupOf(summary, 8)).toBe(1);
    expect(phaseAccessLines(summary, summary.phases[4]!, 1)).toEqual(['invocation 8 reads tile[0]; writes partials[1]']);
  });

  it('starts open for a small picture or a failing one', () => {
    expect(startsOpen(summary)).toBe(true);
    const big = { ...summary, buffers: summary.buffers.map((b) => ({ ...b, shown: 100 })) };
    expect(startsOpen(big)).toBe(false);
    expect(startsOpen({ ...big, ok: false })).toBe(true);
  });
});

describe('Simulated on CPU badge', () => {
  const base: RunReport = {
    exerciseId: 'square-each',
    seed: 1,
    status: 'passed',
    summary: 'All 5 cases pass.',
    diagnostics: [],
    cases: [],
    console: [],
    timings: { compileMs: 0, totalMs: 1 },
  };

  it('appears when the worker graded on the simulator, with its reason', () => {
    const badge = simulationBadge({ ...base, simulatedOnCpu: { reason: 'This browser does not offer WebGPU.' } });
    expect(badge).toEqual({ label: 'Simulated on CPU', explanation: 'This browser does not offer WebGPU.' });
  });

  it('is absent for a WebGPU run', () => {
    expect(simulationBadge({ ...base, device: 'swiftshader' })).toBeNull();
  });
});
