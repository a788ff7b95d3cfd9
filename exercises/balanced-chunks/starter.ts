/**
 * Splits the items 0 … n − 1 into `workers` contiguous chunks [start, end),
 * in order, the first n % workers of them one item longer than the rest.
 */
export function balancedChunks(n: number, workers: number): [number, number][] {
  const chunks: [number, number][] = [];
  const size = Math.floor(n / workers); // items every worker gets at least
  let start = 0;
  for (let i = 0; i < workers; i++) {
    // TODO: this loses the n % workers leftover items: give one extra item
    // to each of the first n % workers chunks.
    const end = start + size;
    chunks.push([start, end]);
    start = end;
  }
  return chunks;
}
