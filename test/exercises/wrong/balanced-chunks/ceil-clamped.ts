// Wrong: ceil splitting clamped to n covers every item once, but the sizes can differ by more than one (10 items, 4 workers: 3, 3, 3, 1).
export function balancedChunks(n: number, workers: number): [number, number][] {
  const size = Math.ceil(n / workers);
  return Array.from({ length: workers }, (_, i): [number, number] => [Math.min(i * size, n), Math.min((i + 1) * size, n)]);
}
