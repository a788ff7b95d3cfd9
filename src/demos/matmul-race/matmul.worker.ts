/// <reference lib="webworker" />
/**
 * The MatmulRace's JavaScript side, in a worker so that a multi-second
 * multiplication never freezes the page. Builds seeded inputs (the same
 * values the engine's randn makes for the same seeds, so both sides multiply
 * the same matrices), warms up, times `trials` runs and posts the times and
 * the product's diagonal for the page to compare with the GPU's.
 */
import { normalArray } from '../../engine/random';
import { diagonal, matmulIkj } from './matmul';

declare const self: DedicatedWorkerGlobalScope;

export type JsRaceRequest =
  | { readonly kind: 'warmup' }
  | { readonly kind: 'measure'; readonly size: number; readonly trials: number; readonly seedA: number; readonly seedB: number };

export type JsRaceReply =
  | { readonly kind: 'warmed' }
  | { readonly kind: 'trial'; readonly size: number; readonly trial: number; readonly ms: number }
  | { readonly kind: 'measured'; readonly size: number; readonly times: number[]; readonly diagonal: Float64Array }
  | { readonly kind: 'error'; readonly message: string };

const post = (reply: JsRaceReply): void => self.postMessage(reply);

self.onmessage = (event: MessageEvent<JsRaceRequest>) => {
  const request = event.data;
  try {
    if (request.kind === 'warmup') {
      // Gets the inner loop compiled by the JIT before anything is timed.
      const n = 128;
      const a = normalArray(n * n, 1);
      const b = normalArray(n * n, 2);
      const out = new Float32Array(n * n);
      for (let r = 0; r < 3; r++) matmulIkj(a, b, n, out);
      post({ kind: 'warmed' });
      return;
    }
    const { size: n, trials, seedA, seedB } = request;
    const a = normalArray(n * n, seedA);
    const b = normalArray(n * n, seedB);
    const out = new Float32Array(n * n);
    const times: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      const t0 = performance.now();
      matmulIkj(a, b, n, out);
      const ms = performance.now() - t0;
      times.push(ms);
      post({ kind: 'trial', size: n, trial, ms });
    }
    post({ kind: 'measured', size: n, times, diagonal: diagonal(out, n) });
  } catch (error) {
    post({ kind: 'error', message: (error as Error).message });
  }
};
