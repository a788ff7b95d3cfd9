/// <reference lib="webworker" />
/**
 * One WorkerSpeedup worker: sums its chunk of the job (workload.ts) and posts
 * back the partial sum and how long the summing took inside the worker.
 */
import { sumRange } from './workload';

declare const self: DedicatedWorkerGlobalScope;

export interface ChunkRequest {
  readonly start: number;
  readonly end: number;
}

export interface ChunkReply {
  readonly sum: number;
  /** Time spent summing, inside the worker (excludes start-up and messaging). */
  readonly computeMs: number;
}

self.onmessage = (event: MessageEvent<ChunkRequest>) => {
  const { start, end } = event.data;
  const t0 = performance.now();
  const sum = sumRange(start, end);
  const reply: ChunkReply = { sum, computeMs: performance.now() - t0 };
  self.postMessage(reply);
};
