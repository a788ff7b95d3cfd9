/**
 * The WorkerSpeedup demo's job: an embarrassingly parallel sum with a fixed
 * cost per element, and how to cut its index range into even chunks.
 *
 * Each element i contributes sqrt(i) * sin(i). Every term costs about the
 * same (one square root, one sine, one multiply-add), so equal-length chunks
 * are equal work and the demo measures splitting and combining, not load
 * imbalance. Shared by the worker (which sums one chunk) and the page (which
 * checks the combined sum against the one-worker sum).
 */

/** One term of the sum. */
export function workloadTerm(i: number): number {
  return Math.sqrt(i) * Math.sin(i);
}

/** Sum of workloadTerm(i) for start <= i < end, in index order. */
export function sumRange(start: number, end: number): number {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
    throw new RangeError(`sumRange(${start}, ${end}): need integers with 0 <= start <= end`);
  }
  let sum = 0;
  for (let i = start; i < end; i++) sum += Math.sqrt(i) * Math.sin(i);
  return sum;
}

export interface IndexRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Split [0, total) into `parts` contiguous ranges whose lengths differ by at
 * most one (the first total % parts ranges get the extra element).
 */
export function splitRange(total: number, parts: number): IndexRange[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`splitRange: total must be an integer >= 0, got ${total}`);
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`splitRange: parts must be an integer >= 1, got ${parts}`);
  const base = Math.floor(total / parts);
  const extra = total % parts;
  const ranges: IndexRange[] = [];
  let start = 0;
  for (let k = 0; k < parts; k++) {
    const end = start + base + (k < extra ? 1 : 0);
    ranges.push({ start, end });
    start = end;
  }
  return ranges;
}

/**
 * Number of elements that one worker sums in about targetMs, given a
 * calibration run of `elements` elements that took `elapsedMs`. Rounded to a
 * multiple of 10,000 and at least 100,000 so that every chunk has real work.
 */
export function elementsForTarget(elements: number, elapsedMs: number, targetMs: number): number {
  if (!(elements > 0) || !(elapsedMs > 0) || !(targetMs > 0)) {
    throw new RangeError(`elementsForTarget(${elements}, ${elapsedMs}, ${targetMs}): all three must be positive`);
  }
  const scaled = (elements / elapsedMs) * targetMs;
  return Math.max(100_000, Math.round(scaled / 10_000) * 10_000);
}
