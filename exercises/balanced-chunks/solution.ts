/**
 * Splits the items 0 … n − 1 into `workers` contiguous chunks [start, end),
 * in order, the first n % workers of them one item longer than the rest.
 */
export function balancedChunks(n: number, workers: number): [number, number][] {
  const base = Math.floor(n / workers);
  const leftover = n % workers;
  const chunks: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < workers; i++) {
    // workers · base + leftover = n, so handing the leftover out one item at a
    // time makes the sizes add up to exactly n while no two differ by more
    // than one: the slowest worker has only one item more than the fastest.
    const size = base + (i < leftover ? 1 : 0);
    // Each chunk starts where the previous one ended, so there can be neither
    // a gap nor an overlap, and the last chunk ends at n.
    chunks.push([start, start + size]);
    start += size;
  }
  return chunks;
}
