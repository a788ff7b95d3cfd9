/**
 * Reverse-mode automatic differentiation.
 *
 * Every differentiable op is an `OpDefinition`: a `forward` that computes the
 * output and, right beside it, a `backward` that turns dL/doutput into
 * dL/dinput for each input (micrograd/tinygrad style). `applyOp` runs a
 * definition and, when any input requires grad, links the output to its
 * inputs (a `GraphNode`); `backward` walks those links from the loss in
 * reverse topological order.
 *
 * Lifetimes, which matter because tensors hold GPU memory:
 * - temporaries made inside `forward` are disposed when it returns, except
 *   those passed to `ctx.save`, which the output owns (disposed with it);
 * - everything made during `backward` is disposed when it ends, except the
 *   leaves' `.grad`, which are kept (they outlive any `tidy`) and accumulate
 *   across backward calls until an optimizer's `zeroGrad` disposes them.
 *
 * Broadcasting: a backward may return a gradient in the broadcast output
 * shape; `sumToShape` sums it back to the input's shape, so op definitions
 * never deal with broadcasting themselves.
 */
import type { Engine } from './engine';
import { EngineError, formatShape } from './errors';
import type { Tensor } from './tensor';

/** What forward sees and what backward gets back. */
export interface OpContext<P> {
  readonly engine: Engine;
  readonly inputs: readonly Tensor[];
  readonly params: P;
  /** Set after forward returns. */
  output: Tensor;
  /** Whether each input needs a gradient: backward may skip work for the others. */
  readonly needsInputGrad: readonly boolean[];
  /** Keep temporaries made in forward for backward (the output owns them). */
  save(...tensors: Tensor[]): void;
  readonly saved: Tensor[];
}

export interface OpDefinition<P = undefined> {
  readonly name: string;
  /** Compute the output. Runs with gradient recording off; inputs are live. */
  forward(ctx: OpContext<P>): Tensor;
  /**
   * dL/dinput for each input, given dL/doutput, built from engine ops (which
   * are not recorded). null for inputs without a gradient (int32 indices,
   * conditions). Omit for ops that are not differentiable (comparisons).
   */
  backward?(ctx: OpContext<P>, grad: Tensor): readonly (Tensor | null)[];
}

/** The record autograd keeps on an op's output. */
export interface GraphNode {
  readonly definition: OpDefinition<unknown>;
  readonly ctx: OpContext<unknown>;
}

/** Run an op, recording it for backward when an input requires grad and recording is on. */
export function applyOp<P>(engine: Engine, definition: OpDefinition<P>, inputs: readonly Tensor[], params: P): Tensor {
  for (const input of inputs) engine.assertLive(definition.name, input);
  const record = definition.backward !== undefined && engine.isGradEnabled && inputs.some((t) => t.requiresGrad);
  const saved: Tensor[] = [];
  const ctx: OpContext<P> = {
    engine,
    inputs,
    params,
    output: undefined as unknown as Tensor,
    needsInputGrad: inputs.map((t) => record && t.requiresGrad),
    save: (...tensors) => saved.push(...tensors),
    saved,
  };
  const scope = engine.openScope();
  let output: Tensor;
  try {
    output = engine.noGrad(() => definition.forward(ctx));
  } catch (error) {
    engine.closeScope(scope, []);
    throw error;
  }
  ctx.output = output;
  engine.closeScope(scope, [output], record ? { owner: output, owned: saved } : undefined);
  if (record) {
    output.requiresGrad = true;
    output.node = { definition: definition as OpDefinition<unknown>, ctx: ctx as OpContext<unknown> };
  }
  return output;
}

/**
 * Run `fn`, an op built from other ops. Its intermediates belong to the result
 * when autograd recorded it (backward walks through them), and are disposed
 * straight away otherwise, so a composed op never leaks outside `tidy`.
 */
export function composite(engine: Engine, fn: () => Tensor): Tensor {
  const scope = engine.openScope();
  let result: Tensor;
  try {
    result = fn();
  } catch (error) {
    engine.closeScope(scope, []);
    throw error;
  }
  const madeHere = scope.tensors.has(result);
  const intermediates = [...scope.tensors].filter((t) => t !== result);
  engine.closeScope(scope, [result], madeHere && result.node ? { owner: result, owned: intermediates } : undefined);
  return result;
}

/** Sum a broadcast gradient back to `shape` (the input's shape before broadcasting). */
export function sumToShape(engine: Engine, grad: Tensor, shape: readonly number[]): Tensor {
  if (formatShape(grad.shape) === formatShape(shape)) return grad;
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let axis = 0; axis < grad.rank; axis++) {
    const target = axis < lead ? undefined : shape[axis - lead]!;
    if (target === undefined || (target === 1 && grad.shape[axis] !== 1)) axes.push(axis);
    else if (target !== grad.shape[axis]) {
      throw new EngineError('backward', `internal: gradient ${formatShape(grad.shape)} cannot be summed to input shape ${formatShape(shape)}`);
    }
  }
  return engine.reshape(engine.sum(grad, axes, true), shape);
}

/** Tensors reachable from `root` through graph nodes, inputs before the ops that use them. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative depth-first search: long graphs (an RNN unrolled for 1000 steps) would overflow the call stack.
  const stack: { tensor: Tensor; expanded: boolean }[] = [{ tensor: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      order.push(top.tensor);
      continue;
    }
    if (visited.has(top.tensor)) continue;
    visited.add(top.tensor);
    stack.push({ tensor: top.tensor, expanded: true });
    for (const input of top.tensor.node?.ctx.inputs ?? []) {
      if (input.requiresGrad && !visited.has(input)) stack.push({ tensor: input, expanded: false });
    }
  }
  return order;
}

function assertSavedLive(node: GraphNode, owner: Tensor): void {
  const needed = [...node.ctx.inputs, node.ctx.output, ...node.ctx.saved];
  for (const t of needed) {
    if (t.isDisposed) {
      throw new EngineError(
        'backward',
        `${node.definition.name} (output ${formatShape(owner.shape)}) needs tensor ${formatShape(t.shape)} from the forward pass, ` +
          'but it was disposed; call backward() inside the same tidy() as the forward pass and do not dispose intermediates before it',
      );
    }
  }
}

/** Backpropagate dL/droot (`seed`, or 1 for a scalar root) to every leaf that requires grad. */
export function backward(engine: Engine, root: Tensor, seed?: Tensor): void {
  engine.assertLive('backward', root);
  if (!root.requiresGrad) {
    throw new EngineError(
      'backward',
      `tensor ${formatShape(root.shape)} does not require grad: set requiresGrad = true on the parameters before the forward pass (and do not compute it inside noGrad)`,
    );
  }
  if (seed === undefined && root.size !== 1) {
    throw new EngineError(
      'backward',
      `tensor ${formatShape(root.shape)} is not a scalar; reduce it to a loss first (e.g. .sum() or .mean()) or pass a seed gradient of shape ${formatShape(root.shape)}`,
    );
  }
  if (seed !== undefined) {
    engine.assertLive('backward', seed);
    if (formatShape(seed.shape) !== formatShape(root.shape)) {
      throw new EngineError('backward', `seed gradient ${formatShape(seed.shape)} must have the shape of the tensor ${formatShape(root.shape)}`);
    }
  }

  const order = topologicalOrder(root);
  engine.tidy(() =>
    engine.noGrad(() => {
      const grads = new Map<Tensor, Tensor>();
      const leafGrads: [Tensor, Tensor][] = [];
      grads.set(root, seed ?? engine.onesLike(root));
      for (let i = order.length - 1; i >= 0; i--) {
        const tensor = order[i]!;
        const grad = grads.get(tensor);
        if (!grad) continue;
        const node = tensor.node;
        if (!node) {
          leafGrads.push([tensor, grad]);
          continue;
        }
        assertSavedLive(node, tensor);
        const inputGrads = node.definition.backward!(node.ctx, grad);
        node.ctx.inputs.forEach((input, k) => {
          const inputGrad = inputGrads[k];
          if (!input.requiresGrad || !inputGrad) return;
          const reduced = sumToShape(engine, inputGrad, input.shape);
          const previous = grads.get(input);
          grads.set(input, previous ? engine.add(previous, reduced) : reduced);
        });
      }
      // Only now, when the whole pass has succeeded, touch .grad: a failed backward leaves them as they were.
      for (const [leaf, grad] of leafGrads) {
        // A fresh view keeps .grad independent of tensors the caller may dispose (the seed).
        const contribution = engine.viewOf(grad, grad.view);
        const previous = leaf.grad;
        leaf.grad = engine.keep(previous ? engine.add(previous, contribution) : contribution);
        previous?.dispose();
      }
    }),
  );
}
