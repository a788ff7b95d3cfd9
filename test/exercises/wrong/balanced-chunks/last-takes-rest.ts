// Wrong: every chunk gets the floor share and the last one takes all the leftovers, up to workers − 1 items more than the others.
export function balancedChunks(n: number, workers: number): [number, number][] {
  const size = Math.floor(n / workers);
  return Array.from({ length: workers }, (_, i): [number, number] => [i * size, i === workers - 1 ? n : (i + 1) * size]);
}
