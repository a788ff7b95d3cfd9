/**
 * The grading worker's memory picture (src/runner/access-case.ts) on the
 * course's real exercises: which case it draws, that every WGSL solution gets
 * a clean picture quickly, and that known wrong kernels show their race or
 * out-of-bounds access in it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exerciseIds, loadGrader, loadManifest } from '../../../src/exercises/registry';
import type { WgslExerciseManifest } from '../../../src/exercises/schema';
import type { WgslGrader } from '../../../src/grader/define';
import { accessSummaryFor, chooseAccessCase, MAX_ELEMENTS } from '../../../src/runner/access-case';

async function load(id: string): Promise<{ manifest: WgslExerciseManifest; grader: WgslGrader }> {
  const manifest = await loadManifest(id);
  if (manifest.kind !== 'wgsl') throw new Error(`${id} is not a WGSL exercise`);
  return { manifest, grader: (await loadGrader(id, 'wgsl')) as WgslGrader };
}

const read = (path: string) => readFileSync(path, 'utf8');

describe('chooseAccessCase', () => {
  it('draws the thread-grid case when the manifest has one', async () => {
    const { manifest, grader } = await load('square-each');
    expect(chooseAccessCase(manifest, grader)).toEqual({ name: 'n = 70', params: { n: 70 } });
  });

  it('otherwise draws the largest visible case within the element cap', async () => {
    const { manifest, grader } = await load('block-sum');
    // Cases n = 1, 64, 100, 1,031 and a hidden 65,536: buffers of n + ceil(n / 64) elements.
    expect(chooseAccessCase(manifest, grader)).toEqual({ name: 'n = 100 (a short second block)', params: { n: 100 } });
  });

  it('says why when no case is small enough', async () => {
    const { manifest, grader } = await load('block-sum');
    const big: WgslGrader = { ...grader, cases: grader.cases.map((c) => ({ ...c, params: { n: MAX_ELEMENTS + 1 } })) };
    const chosen = chooseAccessCase(manifest, big);
    expect(chosen).toEqual({ none: expect.stringMatching(/more than 512 elements/) });
  });
});

describe('accessSummaryFor', () => {
  it('gives every WGSL solution a clean picture: no problems, no race marks', async () => {
    const ids = [];
    for (const id of exerciseIds()) {
      const manifest = await loadManifest(id);
      if (manifest.kind === 'wgsl') ids.push(id);
    }
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      const { manifest, grader } = await load(id);
      const outcome = accessSummaryFor(manifest, grader, read(`exercises/${id}/solution.wgsl`), 1234);
      expect(outcome.note, id).toBeUndefined();
      const summary = outcome.summary!;
      expect(summary.ok, `${id}: ${JSON.stringify(summary.problems)}`).toBe(true);
      expect(summary.buffers.every((b) => b.cells.every((c) => !c.race)), id).toBe(true);
      expect(summary.buffers.length, id).toBeGreaterThan(0);
    }
  });

  it('shows block-sum\'s reduction phase by phase for both workgroups', async () => {
    const { manifest, grader } = await load('block-sum');
    const summary = accessSummaryFor(manifest, grader, read('exercises/block-sum/solution.wgsl'), 7).summary!;
    expect(summary.caseName).toBe('n = 100 (a short second block)');
    expect(summary.buffers.map((b) => b.key)).toEqual(['input', 'partials', 'tile@wg0', 'tile@wg1']);
    // Load, six rounds (strides 32..1), then the write of the partial sum.
    expect(summary.phases).toHaveLength(8);
    const inv3 = summary.invocations[3]!;
    expect(inv3.touches.map((t) => [summary.buffers[t.buffer]?.key, t.reads, t.writes])).toEqual([
      ['input', [3], []],
      ['tile@wg0', [3, 7, 11, 19, 35], [3]],
    ]);
  });

  it('marks the race of a reduction missing its barrier', async () => {
    const { manifest, grader } = await load('block-sum');
    const summary = accessSummaryFor(manifest, grader, read('test/exercises/wrong/block-sum/missing-barrier.wgsl'), 7).summary!;
    expect(summary.ok).toBe(false);
    expect(summary.problems.some((p) => p.kind === 'race')).toBe(true);
    const tile = summary.buffers.find((b) => b.key === 'tile@wg0')!;
    const racing = tile.cells.filter((c) => c.race);
    expect(racing.length).toBeGreaterThan(0);
    expect(racing.every((c) => c.readCount + c.writeCount >= 2)).toBe(true);
  });

  it('marks the out-of-bounds access of a kernel without its bounds guard', async () => {
    // square-each draws n = 70 with workgroups of 64: invocations 70..127 lie past the data.
    const { manifest, grader } = await load('square-each');
    const unguarded = read('exercises/square-each/solution.wgsl').replace(/if \(i < arrayLength\(&input\)\) \{([^}]*)\}/, '$1');
    expect(unguarded).not.toMatch(/arrayLength/);
    const summary = accessSummaryFor(manifest, grader, unguarded, 7).summary!;
    expect(summary.problems.some((p) => p.kind === 'out-of-bounds')).toBe(true);
    const marked = summary.buffers.flatMap((b) => b.outOfBounds);
    expect(marked[0]).toMatchObject({ invocation: 70, index: 70, length: 70 });
    expect(summary.invocations[70]?.outOfBounds[0]).toMatchObject({ index: 70, length: 70 });
    expect(summary.invocations[69]?.outOfBounds).toEqual([]);
  });

  it('explains a kernel the simulator cannot compile', async () => {
    const { manifest, grader } = await load('square-each');
    expect(accessSummaryFor(manifest, grader, 'fn main( {', 7)).toEqual({ note: expect.stringMatching(/does not compile/) });
  });
});
