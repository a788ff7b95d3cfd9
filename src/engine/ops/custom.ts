/**
 * Custom ops: a learner or a lesson supplies a WGSL kernel and a TypeScript
 * reference for it, and gets back a function usable like any built-in op
 * (with autograd when a backward is given).
 *
 * On WebGPU the kernel is dispatched with `backend.runWgsl`; on the CPU the
 * `cpu` function runs on the host copies of the inputs. Grading compares the
 * two, which is the point of the exercise.
 */
import { sizeOf } from '../backend';
import { applyOp, type OpDefinition } from '../autograd';
import type { Engine } from '../engine';
import { EngineError, formatShape } from '../errors';
import type { Tensor } from '../tensor';

export interface CustomOpSpec {
  /** Used in error messages and GPU labels. */
  readonly name: string;
  readonly wgsl?: {
    readonly code: string;
    readonly entryPoint?: string;
    workgroups(inputShapes: number[][]): [number, number, number];
    /** Raw u32 words for a uniform buffer bound after the output. */
    uniforms?(inputShapes: number[][]): Uint32Array;
  };
  /** The reference: compute the output on the host from the row-major inputs. */
  cpu(inputs: Float32Array[], shapes: number[][]): { data: Float32Array; shape: number[] };
  outputShape(inputShapes: number[][]): number[];
  /** dL/dinput for each input, built from engine ops; omit for a non-differentiable op. */
  backward?(grad: Tensor, inputs: Tensor[], output: Tensor): Tensor[];
}

export type CustomOp = (...inputs: Tensor[]) => Tensor;

export function registerOp(engine: Engine, spec: CustomOpSpec): CustomOp {
  const { name } = spec;
  const definition: OpDefinition = {
    name,
    forward: ({ inputs }) => {
      const shapes = inputs.map((t) => [...t.shape]);
      const outShape = spec.outputShape(shapes);
      const dense = inputs.map((t) => engine.dense(t));
      if (engine.backend.runWgsl && spec.wgsl) {
        const out = engine.empty(outShape, 'float32');
        const uniforms = spec.wgsl.uniforms?.(shapes);
        engine.backend.runWgsl({
          label: name,
          code: spec.wgsl.code,
          ...(spec.wgsl.entryPoint !== undefined ? { entryPoint: spec.wgsl.entryPoint } : {}),
          inputs: dense.map((t) => t.storage),
          outputs: [out.storage],
          ...(uniforms !== undefined ? { uniforms } : {}),
          workgroups: spec.wgsl.workgroups(shapes),
        });
        return out;
      }
      const host = dense.map((t) => engine.readHostSync(name, t));
      if (!host.every((data): data is Float32Array => data instanceof Float32Array)) {
        throw new EngineError(name, 'internal: expected float32 host copies of the inputs');
      }
      const result = spec.cpu(host, shapes);
      if (formatShape(result.shape) !== formatShape(outShape) || result.data.length !== sizeOf(outShape)) {
        throw new EngineError(
          name,
          `cpu() returned shape ${formatShape(result.shape)} with ${result.data.length} values but outputShape() says ${formatShape(outShape)}; make them agree`,
        );
      }
      return engine.fromHost(Float32Array.from(result.data), outShape);
    },
    ...(spec.backward
      ? {
          backward: ({ inputs, output }, grad) => {
            const grads = spec.backward!(grad, [...inputs], output);
            if (grads.length !== inputs.length) {
              throw new EngineError(name, `backward returned ${grads.length} gradients for ${inputs.length} inputs (return one per input)`);
            }
            return grads;
          },
        }
      : {}),
  };

  return (...inputs: Tensor[]) => {
    inputs.forEach((t) => {
      engine.assertLive(name, t);
      if (t.dtype !== 'float32') {
        throw new EngineError(name, `custom ops take float32 inputs, got int32 ${formatShape(t.shape)} (convert with .toFloat())`);
      }
    });
    if (engine.backend.name === 'webgpu' && !spec.wgsl) {
      throw new EngineError(name, 'on the webgpu backend a custom op needs a `wgsl` kernel (the `cpu` function runs only on the CPU backend)');
    }
    return applyOp(engine, definition, inputs, undefined);
  };
}
