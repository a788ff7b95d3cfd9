// Every error class produces the documented message: it names the op, the
// shapes or values, and the fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, type Engine, type Tensor } from '../../../src/engine';
import { backends } from './support';

/** Run fn, expect an EngineError for `op` whose message contains `text`. */
function expectEngineError(fn: () => unknown, op: string, text: string | RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${op} to throw`).toBeInstanceOf(EngineError);
  const error = caught as EngineError;
  expect(error.op).toBe(op);
  if (typeof text === 'string') expect(error.message).toContain(text);
  else expect(error.message).toMatch(text);
}

describe.each(backends)('errors ($name)', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
  });
  afterAll(() => engine?.dispose());

  it('matmul with mismatched inner dimensions', () => {
    engine.tidy(() => {
      expectEngineError(() => engine.zeros([2, 3]).matmul(engine.zeros([4, 5])), 'matmul', 'matmul: inner dimensions differ: [2,3] @ [4,5] (3 vs 4)');
      expectEngineError(() => engine.zeros([3]).matmul(engine.zeros([4])), 'matmul', '[3] @ [4] (3 vs 4)');
      expectEngineError(() => engine.zeros([]).matmul(engine.zeros([4])), 'matmul', 'use mul');
    });
  });

  it('shapes that cannot broadcast', () => {
    engine.tidy(() => {
      expectEngineError(() => engine.zeros([2, 3]).add(engine.zeros([4])), 'add', 'add: shapes [2,3] and [4] cannot broadcast (axis -1: 3 vs 4)');
      expectEngineError(() => engine.zeros([2, 3]).broadcastTo([4, 3]), 'broadcastTo', /cannot broadcast/);
      expectEngineError(() => engine.mseLoss(engine.zeros([3, 1]), engine.zeros([3])), 'mseLoss', 'pred [3,1] and target [3] differ in shape');
    });
  });

  it('axes out of range', () => {
    engine.tidy(() => {
      expectEngineError(() => engine.zeros([2, 3]).sum(2), 'sum', 'sum: axis 2 is out of range for a tensor of rank 2 (use -2..1)');
      expectEngineError(() => engine.zeros([2, 3]).max(-3), 'max', 'axis -3 is out of range for a tensor of rank 2 (use -2..1)');
      expectEngineError(() => engine.zeros([2, 3]).softmax(5), 'softmax', 'axis 5 is out of range');
      expectEngineError(() => engine.zeros([2, 3]).sum([1, -1]), 'sum', 'name the same axis twice');
      expectEngineError(() => engine.zeros([2, 3]).permute([0, 0]), 'permute', 'is not a permutation');
      expectEngineError(() => engine.zeros([2, 3]).squeeze(1), 'squeeze', 'axis 1 of [2,3] has length 3, not 1');
    });
  });

  it('bad shapes for reshape, slice, concat and tensor()', () => {
    engine.tidy(() => {
      expectEngineError(() => engine.zeros([2, 3]).reshape([4, 2]), 'reshape', 'cannot reshape [2,3] (6 elements) into [4,2] (8 elements)');
      expectEngineError(() => engine.zeros([2, 3]).reshape([-1, -1]), 'reshape', 'more than one -1');
      expectEngineError(() => engine.zeros([4, 5]).slice([3], [2]), 'slice', 'does not fit axis 0 of length 4');
      expectEngineError(() => engine.concat([engine.zeros([2, 3]), engine.zeros([3, 4])], 1), 'concat', 'tensor 1 has shape [3,4] but tensor 0 has [2,3]');
      expectEngineError(() => engine.tensor([[1, 2], [3]]), 'tensor', 'ragged nested array at index [1]: expected length 2, got length 1');
      expectEngineError(() => engine.tensor([1, 2, 3], [2, 2]), 'tensor', '3 values cannot fill shape [2,2]');
      expectEngineError(() => engine.zeros([2, -1]), 'full', 'invalid dimension -1');
    });
  });

  it('dtype mismatches', () => {
    engine.tidy(() => {
      const f = engine.zeros([2]);
      const i = engine.zeros([2], 'int32');
      expectEngineError(() => f.add(i), 'add', 'add: dtype mismatch: float32 [2] and int32 [2] (convert one with .toFloat() or .toInt())');
      expectEngineError(() => i.exp(), 'exp', 'expects a float32 tensor, got int32 [2] (convert it with .toFloat())');
      expectEngineError(() => i.add(0.5), 'add', 'scalar 0.5 is not a whole number');
      expectEngineError(() => engine.crossEntropy(engine.zeros([2, 3]), engine.zeros([2])), 'crossEntropy', 'int32 labels [N], got float32 logits [2,3] and float32 labels [2]');
    });
  });

  it('use after dispose', async () => {
    const t = engine.zeros([3, 4]);
    t.dispose();
    await expect(t.data()).rejects.toThrow('data: tensor [3,4] was disposed');
    expectEngineError(() => t.add(1), 'add', 'add: tensor [3,4] was disposed');
    expectEngineError(() => t.matmul(engine.tidy(() => engine.zeros([4, 1]))), 'matmul', 'was disposed');
    // Disposed by the tidy that created it: the same message.
    let escaped: Tensor | undefined;
    engine.tidy(() => {
      escaped = engine.ones([3, 4]);
    });
    await expect(escaped!.data()).rejects.toThrow('data: tensor [3,4] was disposed');
  });

  it('out-of-range gather indices and labels', () => {
    engine.tidy(() => {
      const table = engine.zeros([5, 2]);
      expectEngineError(
        () => engine.embedding(table, engine.tensor(Int32Array.from([0, 1, 4, 7]))),
        'embedding',
        'embedding: index 7 at position 3 is out of range for a table with 5 rows (use 0..4)',
      );
      expectEngineError(
        () => engine.embedding(table, engine.tensor(Int32Array.from([-1]))),
        'embedding',
        'index -1 at position 0 is out of range',
      );
      expectEngineError(
        () => engine.crossEntropy(engine.zeros([2, 3]), engine.tensor(Int32Array.from([1, 3]))),
        'crossEntropy',
        'label 3 at position 1 is out of range for logits with 3 classes (use 0..2)',
      );
    });
  });

  it('backward misuse', () => {
    const x = engine.tensor([1, 2]);
    x.requiresGrad = true;
    engine.tidy(() => {
      expectEngineError(() => x.mul(2).backward(), 'backward', 'tensor [2] is not a scalar; reduce it to a loss first');
      expectEngineError(() => engine.ones([2]).sum().backward(), 'backward', 'does not require grad');
    });
    const y = x.mul(x);
    const loss = y.sum();
    y.dispose();
    expectEngineError(() => loss.backward(), 'backward', /sum \(output \[\]\) needs tensor \[2\] from the forward pass, but it was disposed; call backward\(\) inside the same tidy\(\)/);
    expect(x.grad, 'a failed backward leaves .grad untouched').toBeNull();
    loss.dispose();
    x.dispose();
  });

  it('messages are EngineErrors with the op name', () => {
    const error = new EngineError('matmul', 'x');
    expect(error.name).toBe('EngineError');
    expect(error.message).toBe('matmul: x');
  });
});
