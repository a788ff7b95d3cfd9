// Wrong: ceil splitting, every chunk Math.ceil(n / workers) items, so the last chunks run past n.
export function balancedChunks(n: number, workers: number): [number, number][] {
  const size = Math.ceil(n / workers);
  return Array.from({ length: workers }, (_, i): [number, number] => [i * size, (i + 1) * size]);
}
