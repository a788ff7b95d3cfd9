/**
 * Neural-network ops: softmax, logSoftmax, crossEntropy, layerNorm, mseLoss,
 * embedding, dropout, oneHot.
 *
 * softmax, logSoftmax and crossEntropy have their own, short, backward
 * formulas (cheaper than differentiating through their pieces); both
 * subtract the row maximum before exp so large logits cannot overflow.
 * layerNorm, mseLoss and dropout are composed from other ops and get their
 * gradients from those.
 */
import { applyOp, composite, type OpDefinition } from '../autograd';
import type { Engine } from '../engine';
import { EngineError, formatShape } from '../errors';
import { uniformArray } from '../random';
import type { Tensor } from '../tensor';
import { requireFloat } from './elementwise';
import { normalizeAxis } from './reduce';

interface AxisParams {
  readonly axis: number;
}

/** One backend pass over x viewed as [outer, size, inner] around `axis` (the backend subtracts each row's max). */
function fusedSoftmax(engine: Engine, x: Tensor, axis: number, log: boolean): Tensor {
  const dense = engine.dense(x);
  const shape = dense.shape;
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const out = engine.empty([...shape], 'float32');
  engine.backend.softmax(dense.storage, outer, shape[axis]!, inner, out.storage, log);
  return out;
}

const softmaxDefinition: OpDefinition<AxisParams> = {
  name: 'softmax',
  forward: ({ engine, inputs: [x], params: { axis } }) => fusedSoftmax(engine, x!, axis, false),
  // dx = s * (g - sum(g * s))
  backward: ({ engine, output, params: { axis } }, grad) => [
    engine.mul(output, engine.sub(grad, engine.sum(engine.mul(grad, output), axis, true))),
  ],
};

const logSoftmaxDefinition: OpDefinition<AxisParams> = {
  name: 'logSoftmax',
  forward: ({ engine, inputs: [x], params: { axis } }) => fusedSoftmax(engine, x!, axis, true),
  // dx = g - softmax * sum(g)
  backward: ({ engine, output, params: { axis } }, grad) => [
    engine.sub(grad, engine.mul(engine.exp(output), engine.sum(grad, axis, true))),
  ],
};

export function softmax(engine: Engine, x: Tensor, axis = -1): Tensor {
  engine.assertLive('softmax', x);
  requireFloat('softmax', x);
  return applyOp(engine, softmaxDefinition, [x], { axis: normalizeAxis('softmax', x.rank, axis) });
}

export function logSoftmax(engine: Engine, x: Tensor, axis = -1): Tensor {
  engine.assertLive('logSoftmax', x);
  requireFloat('logSoftmax', x);
  return applyOp(engine, logSoftmaxDefinition, [x], { axis: normalizeAxis('logSoftmax', x.rank, axis) });
}

/** float32 [...labels.shape, classes]: 1 at each label, 0 elsewhere. */
export function oneHot(engine: Engine, labels: Tensor, classes: number): Tensor {
  engine.assertLive('oneHot', labels);
  if (labels.dtype !== 'int32') {
    throw new EngineError('oneHot', `labels must be int32, got float32 ${formatShape(labels.shape)} (convert with .toInt())`);
  }
  return composite(engine, () =>
    engine.toFloat(engine.equal(engine.expandDims(labels, -1), engine.arange(0, classes, 1, 'int32'))),
  );
}

/** Throw if an index tensor holds a value outside 0..limit-1 (when its values are known without a GPU readback). */
function checkIndexRange(engine: Engine, op: string, indices: Tensor, limit: number, what: string, range: string): void {
  const values = engine.hostIndices(indices);
  if (!values) return; // computed on the GPU: out-of-range rows read as 0 there
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value < 0 || value >= limit) {
      throw new EngineError(op, `${what} ${value} at position ${i} is out of range for ${range} (use 0..${limit - 1})`);
    }
  }
}

const crossEntropyDefinition: OpDefinition = {
  name: 'crossEntropy',
  forward: (ctx) => {
    const { engine, inputs: [logits, labels] } = ctx;
    const [count, classes] = logits!.shape as [number, number];
    const logProbs = engine.logSoftmax(logits!, 1);
    const targets = engine.oneHot(labels!, classes);
    ctx.save(engine.exp(logProbs), targets);
    return engine.div(engine.neg(engine.sum(engine.mul(logProbs, targets))), count);
  },
  // d(mean over rows of -log softmax[label]) / dlogits = (softmax - onehot) / N
  backward: ({ engine, inputs: [logits], saved: [probs, targets] }, grad) => [
    engine.mul(engine.sub(probs!, targets!), engine.div(grad, logits!.shape[0]!)),
    null,
  ],
};

/** Mean over rows of -log(softmax(logits)[label]); logits float32 [N, C], labels int32 [N]. */
export function crossEntropy(engine: Engine, logits: Tensor, labels: Tensor): Tensor {
  engine.assertLive('crossEntropy', logits);
  engine.assertLive('crossEntropy', labels);
  if (logits.rank !== 2 || labels.rank !== 1 || labels.shape[0] !== logits.shape[0] || logits.dtype !== 'float32' || labels.dtype !== 'int32') {
    throw new EngineError(
      'crossEntropy',
      `expects float32 logits [N, C] and int32 labels [N], got ${logits.dtype} logits ${formatShape(logits.shape)} and ${labels.dtype} labels ${formatShape(labels.shape)}`,
    );
  }
  const classes = logits.shape[1]!;
  checkIndexRange(engine, 'crossEntropy', labels, classes, 'label', `logits with ${classes} classes`);
  return applyOp(engine, crossEntropyDefinition, [logits, labels], undefined);
}

/** Normalise over the last axis to mean 0, variance 1 (population variance), then scale by gamma and shift by beta ([D] each). */
export function layerNorm(engine: Engine, x: Tensor, gamma?: Tensor, beta?: Tensor, eps = 1e-5): Tensor {
  engine.assertLive('layerNorm', x);
  requireFloat('layerNorm', x);
  if (x.rank === 0) throw new EngineError('layerNorm', 'needs a tensor of rank >= 1, got a scalar');
  const features = x.shape[x.rank - 1]!;
  for (const [name, param] of [['gamma', gamma], ['beta', beta]] as const) {
    if (!param) continue;
    engine.assertLive('layerNorm', param);
    if (param.rank !== 1 || param.shape[0] !== features) {
      throw new EngineError('layerNorm', `${name} ${formatShape(param.shape)} must have shape [${features}] (the last axis of x ${formatShape(x.shape)})`);
    }
  }
  return composite(engine, () => {
    const centered = engine.sub(x, engine.mean(x, -1, true));
    const variance = engine.mean(engine.square(centered), -1, true);
    let y = engine.mul(centered, engine.rsqrt(engine.add(variance, eps)));
    if (gamma) y = engine.mul(y, gamma);
    if (beta) y = engine.add(y, beta);
    return y;
  });
}

/** Mean of (pred - target)^2; the shapes must match exactly (a silent broadcast here is a classic bug). */
export function mseLoss(engine: Engine, pred: Tensor, target: Tensor): Tensor {
  engine.assertLive('mseLoss', pred);
  engine.assertLive('mseLoss', target);
  if (formatShape(pred.shape) !== formatShape(target.shape)) {
    throw new EngineError('mseLoss', `pred ${formatShape(pred.shape)} and target ${formatShape(target.shape)} differ in shape (reshape one so they match)`);
  }
  return composite(engine, () => engine.mean(engine.square(engine.sub(pred, target))));
}

const embeddingDefinition: OpDefinition = {
  name: 'embedding',
  forward: ({ engine, inputs: [table, indices] }) => {
    const [rows, cols] = table!.shape as [number, number];
    const out = engine.empty([...indices!.shape, cols], 'float32');
    engine.backend.gatherRows(engine.dense(table!).storage, rows, cols, engine.dense(indices!).storage, out.storage);
    return out;
  },
  // Each looked-up row receives the gradients of every position that used it.
  backward: ({ engine, inputs: [table, indices] }, grad) => {
    const [rows, cols] = table!.shape as [number, number];
    const out = engine.empty([rows, cols], 'float32');
    engine.backend.scatterAddRows(engine.dense(grad).storage, engine.dense(indices!).storage, rows, cols, out.storage);
    return [out, null];
  },
};

/** Rows of `table` [V, D] picked by int32 `indices` (any shape): result [...indices.shape, D]. */
export function embedding(engine: Engine, table: Tensor, indices: Tensor): Tensor {
  engine.assertLive('embedding', table);
  engine.assertLive('embedding', indices);
  if (table.rank !== 2 || table.dtype !== 'float32' || indices.dtype !== 'int32') {
    throw new EngineError(
      'embedding',
      `expects a float32 table [V, D] and int32 indices, got ${table.dtype} table ${formatShape(table.shape)} and ${indices.dtype} indices ${formatShape(indices.shape)}`,
    );
  }
  const rows = table.shape[0]!;
  checkIndexRange(engine, 'embedding', indices, rows, 'index', `a table with ${rows} rows`);
  return applyOp(engine, embeddingDefinition, [table, indices], undefined);
}

export interface DropoutOptions {
  /** Seed of the host-generated mask; by default the engine's next seed. */
  seed?: number;
  /** Dropout is active only when training (default true); otherwise x passes through. */
  training?: boolean;
}

/** Zero each element with probability p and scale the rest by 1/(1-p) (inverted dropout). */
export function dropout(engine: Engine, x: Tensor, p: number, options: DropoutOptions = {}): Tensor {
  engine.assertLive('dropout', x);
  requireFloat('dropout', x);
  if (!(p >= 0 && p < 1)) throw new EngineError('dropout', `probability ${p} must be in [0, 1)`);
  if (options.training === false || p === 0) return engine.reshape(x, x.shape);
  const uniforms = uniformArray(x.size, options.seed ?? engine.nextSeed());
  const mask = new Float32Array(x.size);
  const scale = 1 / (1 - p);
  for (let i = 0; i < mask.length; i++) mask[i] = uniforms[i]! >= p ? scale : 0;
  return composite(engine, () => engine.mul(x, engine.fromHost(mask, x.shape)));
}
