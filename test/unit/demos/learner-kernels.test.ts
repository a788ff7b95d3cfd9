// The choose-yours-or-solution rule shared by MatmulLab and TrainOnYourKernels
// (src/demos/learner-kernels.ts): labels, the decision, timeouts, checks with
// the real graders on Node WebGPU, the TypeScript loader, reading saved code,
// and the loop guard inside a custom op (a runaway loop must end).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine/index';
import {
  chooseCode,
  chooseTsFunction,
  chooseWgslKernel,
  guardForCustomOp,
  loadTsExercise,
  loadTsExport,
  loadWgslExercise,
  oneLine,
  originLabel,
  readSavedCode,
  withTimeout,
} from '../../../src/demos/learner-kernels';
import { MemoryStorage, ProgressStore } from '../../../src/progress/storage';
import { requireNodeGpu } from '../../support/node-gpu';

describe('labels and the decision rule', () => {
  it('labels each origin as the brief words it', () => {
    expect(originLabel({ kind: 'yours' })).toBe('yours (passed check)');
    expect(originLabel({ kind: 'solution', why: 'unsolved' })).toBe("course solution (you haven't solved it yet)");
    expect(originLabel({ kind: 'solution', why: 'failed', reason: 'case n = 1 fails' })).toBe(
      'course solution (your saved code failed the check: case n = 1 fails)',
    );
  });

  it('squeezes reasons to one short line', () => {
    expect(oneLine('line one\n  line two\t end')).toBe('line one line two end');
    const long = oneLine('x'.repeat(500), 50);
    expect(long).toHaveLength(50);
    expect(long.endsWith('…')).toBe(true);
    expect(oneLine('   ')).toBe('no reason given');
  });

  it('uses the solution without checking when nothing (or only blanks) was saved', async () => {
    let checks = 0;
    const check = async () => {
      checks++;
      return { passed: true, reason: '' };
    };
    for (const saved of [undefined, '', '  \n ']) {
      const chosen = await chooseCode('relu-backward', saved, 'SOLUTION', check);
      expect(chosen).toEqual({ exerciseId: 'relu-backward', code: 'SOLUTION', origin: { kind: 'solution', why: 'unsolved' } });
    }
    expect(checks).toBe(0);
  });

  it('uses saved code only when its check passes', async () => {
    const passed = await chooseCode('relu-backward', 'MINE', 'SOLUTION', async () => ({ passed: true, reason: 'All pass.' }));
    expect(passed).toMatchObject({ code: 'MINE', origin: { kind: 'yours' } });
    const failed = await chooseCode('relu-backward', 'MINE', 'SOLUTION', async () => ({ passed: false, reason: '2 of 6 cases fail.\nFirst: n = 1' }));
    expect(failed).toMatchObject({ code: 'SOLUTION', origin: { kind: 'solution', why: 'failed', reason: '2 of 6 cases fail. First: n = 1' } });
  });

  it('treats a check that throws or hangs as failed', async () => {
    const thrown = await chooseCode('sgd-momentum', 'MINE', 'SOLUTION', async () => {
      throw new Error('device lost');
    });
    expect(thrown.origin).toEqual({ kind: 'solution', why: 'failed', reason: 'device lost' });
    const hung = await chooseCode('sgd-momentum', 'MINE', 'SOLUTION', () => new Promise(() => {}), 30);
    expect(hung.code).toBe('SOLUTION');
    expect(hung.origin).toMatchObject({ kind: 'solution', why: 'failed' });
    expect(originLabel(hung.origin)).toContain('did not finish within');
  });

  it('withTimeout passes results and errors through', async () => {
    await expect(withTimeout(Promise.resolve(3), 1000, 'x')).resolves.toBe(3);
    await expect(withTimeout(Promise.reject(new Error('boom')), 1000, 'x')).rejects.toThrow('boom');
  });
});

describe('reading saved code', () => {
  it('returns the code per exercise from the progress store, undefined where none', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore({ storage });
    store.load();
    store.saveCode('relu-backward', 'my kernel');
    store.markExerciseCompleted('sgd-momentum'); // completed without code: nothing to run
    expect(readSavedCode(['relu-backward', 'sgd-momentum', 'linear-backward'], storage)).toEqual({
      'relu-backward': 'my kernel',
      'sgd-momentum': undefined,
      'linear-backward': undefined,
    });
  });

  it('survives unreadable progress', () => {
    const storage = new MemoryStorage();
    storage.setItem('gpu-course:progress', '{not json');
    expect(readSavedCode(['matmul-naive'], storage)).toEqual({ 'matmul-naive': undefined });
  });
});

describe('checks with the exercises’ own graders (Node WebGPU)', () => {
  let device: GPUDevice;
  let engine: Engine;

  beforeAll(async () => {
    const gpu = await requireNodeGpu();
    const adapter = await gpu.requestAdapter();
    device = await adapter!.requestDevice({ label: 'learner-kernels test' });
    engine = await createEngine({ backend: 'webgpu', gpu });
  });
  afterAll(() => {
    device?.destroy();
    engine?.dispose();
  });

  it('accepts a correct kernel as yours', async () => {
    const { solution } = await loadWgslExercise('relu-backward');
    const chosen = await chooseWgslKernel(device, 'relu-backward', `// my own copy\n${solution}`);
    expect(chosen.origin).toEqual({ kind: 'yours' });
    expect(chosen.code.startsWith('// my own copy')).toBe(true);
  });

  it('rejects the starter (wrong answers), with the grader’s reason', async () => {
    const starter = (await import('../../../exercises/relu-backward/starter.wgsl?raw')).default;
    const { solution } = await loadWgslExercise('relu-backward');
    const chosen = await chooseWgslKernel(device, 'relu-backward', starter);
    expect(chosen.code).toBe(solution);
    expect(chosen.origin).toMatchObject({ kind: 'solution', why: 'failed' });
    expect(originLabel(chosen.origin)).toMatch(/failed the check: \d+ of \d+ cases fail/);
  });

  it('rejects code that does not compile, naming the line', async () => {
    const chosen = await chooseWgslKernel(device, 'sgd-momentum', '@compute @workgroup_size(64) fn main() { let x = ; }');
    expect(chosen.origin).toMatchObject({ kind: 'solution', why: 'failed' });
    expect(originLabel(chosen.origin)).toContain('does not compile: line 1');
  });

  it('rejects an endless loop without hanging (the loop guard stops it)', async () => {
    const { solution } = await loadWgslExercise('relu-backward');
    const endless = solution.replace('dx[i] = select(', 'loop { if (params.n == 0u) { break; } }\n  dx[i] = select(');
    expect(endless).not.toBe(solution);
    const chosen = await chooseWgslKernel(device, 'relu-backward', endless);
    expect(chosen.origin).toMatchObject({ kind: 'solution', why: 'failed' });
    expect(originLabel(chosen.origin)).toMatch(/loop/i);
  });

  it('rejects an untiled kernel for matmul-tiled (the memory budget counts, as on the exercise page)', async () => {
    const naive = await loadWgslExercise('matmul-naive');
    const chosen = await chooseWgslKernel(device, 'matmul-tiled', naive.solution);
    expect(chosen.origin).toMatchObject({ kind: 'solution', why: 'failed' });
    expect(chosen.code).toBe((await loadWgslExercise('matmul-tiled')).solution);
  });

  it('checks and loads linearBackward', async () => {
    const { solution } = await loadTsExercise('linear-backward');
    const mine = await chooseTsFunction(engine, 'linear-backward', solution);
    expect(mine.origin).toEqual({ kind: 'yours' });
    const x = engine.tensor([[1, 2]]);
    const w = engine.tensor([[1, 0, 2], [0, 1, 3]]);
    const dy = engine.tensor([[1, 1, 1]]);
    const { dx, dw, db } = mine.fn(engine, x, w, dy);
    expect(Array.from(await dx.data())).toEqual([3, 4]);
    expect(Array.from(await dw.data())).toEqual([1, 1, 1, 2, 2, 2]);
    expect(Array.from(await db.data())).toEqual([1, 1, 1]);

    const wrong = solution.replace('dy.sum(0)', 'dy.sum(1)');
    expect(wrong).not.toBe(solution);
    const rejected = await chooseTsFunction(engine, 'linear-backward', wrong);
    expect(rejected.origin).toMatchObject({ kind: 'solution', why: 'failed' });
    expect(rejected.code).toBe(solution);

    const broken = await chooseTsFunction(engine, 'linear-backward', 'export function linearBackward( {');
    expect(originLabel(broken.origin)).toContain('does not parse');
  });

  it('loadTsExport names what is missing', () => {
    expect(() => loadTsExport('export const x = 1;', 'linearBackward')).toThrow('no function named linearBackward');
    expect(() => loadTsExport("import fs from 'fs'; export function f() { return fs; }", 'f')).toThrow('only the engine');
  });

  it('guards custom-op kernels: a runaway loop ends instead of hanging the GPU', async () => {
    const { solution } = await loadWgslExercise('relu-backward');
    // Loops "forever" (2^31 iterations) before writing the right answer.
    const runaway = solution.replace('dx[i] = select(', 'var spin = 0u;\n  while (spin < 0x7fffffffu) { spin += 1u; }\n  dx[i] = select(');
    const guarded = guardForCustomOp(runaway, 1000);
    expect(guarded).toContain('var<workgroup> _lg_status');
    const op = engine.registerOp({
      name: 'guarded runaway',
      wgsl: { code: guarded, workgroups: ([s]) => [Math.ceil(s![0]! / 64), 1, 1], uniforms: ([s]) => Uint32Array.of(s![0]!) },
      cpu: ([x]) => ({ data: x!, shape: [x!.length] }),
      outputShape: ([s]) => s!,
    });
    const x = engine.tensor([1, -2, 3, 0]);
    const dy = engine.tensor([5, 6, 7, 8]);
    const started = performance.now();
    expect(Array.from(await op(x, dy).data())).toEqual([5, 0, 7, 0]);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
