/**
 * Messages between MatmulLab's page script (app.ts) and its worker
 * (lab.worker.ts), which checks the learner's kernels and times them.
 */
import type { CodeOrigin } from '../learner-kernels';
import type { KernelResult, LabSize } from './measure';

export type LabRequest = {
  readonly kind: 'run';
  readonly size: LabSize;
  /** The learner's saved code (from localStorage, which workers cannot read). */
  readonly saved: { readonly naive?: string; readonly tiled?: string };
};

export type LabReply =
  | { readonly kind: 'status'; readonly text: string }
  | { readonly kind: 'no-webgpu'; readonly reason: string }
  | { readonly kind: 'adapter'; readonly name: string; readonly software: boolean }
  | { readonly kind: 'origins'; readonly naive: CodeOrigin; readonly tiled: CodeOrigin }
  | { readonly kind: 'result'; readonly result: KernelResult }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly message: string };
