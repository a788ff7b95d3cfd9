// Wrong: off-by-one, `i <= r` instead of `i < r` gives chunk r an extra item too, so it overlaps the next chunk (or runs past n).
export function balancedChunks(n: number, workers: number): [number, number][] {
  const q = Math.floor(n / workers);
  const r = n % workers;
  const chunks: [number, number][] = [];
  for (let i = 0; i < workers; i++) {
    const start = i * q + Math.min(i, r);
    chunks.push([start, start + q + (i <= r ? 1 : 0)]);
  }
  return chunks;
}
