/**
 * The tensor engine's public entry point: everything lessons, exercises and
 * graders import.
 *
 *   const engine = await createEngine();            // WebGPU if available, else CPU
 *   const w = engine.randn([2, 16], { seed: 1 });
 *   w.requiresGrad = true;
 *   const loss = engine.tidy(() => { ... loss.backward(); return loss; });
 */
export { createEngine, Engine, type EngineOptions, type MemoryInfo, type RandOptions, type RandnOptions } from './engine';
export { Tensor, type Axes, type NestedArray, type TensorLike } from './tensor';
export { EngineError } from './errors';
export { SGD, Adam, type SGDOptions, type AdamOptions } from './optim';
export { Random } from './random';
export { spirals, type PointDataset, type SpiralOptions } from './datasets';
export type { DropoutOptions } from './ops/nn';
export type { CustomOp, CustomOpSpec } from './ops/custom';
export type { OpDefinition, OpContext } from './autograd';
export type { Backend, DType } from './backend';
export { createCpuBackend } from './backends/cpu';
