// Wrong: floor-only splitting, every chunk Math.floor(n / workers) items, so the n % workers leftover items are lost.
export function balancedChunks(n: number, workers: number): [number, number][] {
  const size = Math.floor(n / workers);
  return Array.from({ length: workers }, (_, i): [number, number] => [i * size, (i + 1) * size]);
}
