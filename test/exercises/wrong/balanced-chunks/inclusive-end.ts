// Wrong: treats end as inclusive, [start, start + size − 1], so each chunk is one short of the next one's start and an item is skipped between chunks.
export function balancedChunks(n: number, workers: number): [number, number][] {
  const q = Math.floor(n / workers);
  const r = n % workers;
  const chunks: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < workers; i++) {
    const size = q + (i < r ? 1 : 0);
    chunks.push([start, start + size - 1]);
    start += size;
  }
  return chunks;
}
