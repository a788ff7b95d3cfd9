// Grader for "balanced-chunks": a structural check (length, coverage in order,
// sizes) with a message naming the first thing wrong. Cases cover an even
// split, remainders, n = 0, n < workers (empty chunks), one worker, and large
// primes, plus hidden random splits.
import { defineTsGrader } from '../../src/grader/define';

type BalancedChunks = (n: number, workers: number) => unknown;

/** The first problem with `chunks` as a split of 0 … n − 1 among `workers`, or null if there is none. */
function findProblem(chunks: unknown, n: number, workers: number): string | null {
  if (!Array.isArray(chunks)) return `balancedChunks must return an array of [start, end] pairs; it returned ${typeof chunks}`;
  if (chunks.length !== workers) return `expected one chunk per worker, ${workers} chunks, but got ${chunks.length}`;
  const q = Math.floor(n / workers);
  const r = n % workers;
  const rule =
    r === 0
      ? `with n = ${n} and ${workers} workers every chunk holds ${q} items`
      : `with n = ${n} and ${workers} workers the first ${r} chunks hold ${q + 1} items and the rest ${q}`;
  let previousEnd = 0;
  for (let i = 0; i < chunks.length; i++) {
    const chunk: unknown = chunks[i];
    if (!Array.isArray(chunk) || chunk.length !== 2 || !chunk.every((v) => typeof v === 'number' && Number.isInteger(v))) {
      return `chunk ${i} must be a pair of whole numbers [start, end], got ${JSON.stringify(chunk)}`;
    }
    const [start, end] = chunk as [number, number];
    const shown = `chunk ${i} is [${start}, ${end})`;
    if (start < previousEnd) {
      return i === 0
        ? `${shown}: the first chunk must start at 0`
        : `${shown}, but chunk ${i - 1} ends at ${previousEnd}: items ${start} to ${previousEnd - 1} are in both (an overlap)`;
    }
    if (start > previousEnd) {
      return i === 0
        ? `${shown}: the first chunk must start at 0, or items 0 to ${start - 1} are in no chunk`
        : `${shown}, but chunk ${i - 1} ends at ${previousEnd}: items ${previousEnd} to ${start - 1} are in no chunk (a gap)`;
    }
    if (end < start) return `${shown}: its end is before its start`;
    if (end > n) return `${shown}, past the last item ${n - 1}: the chunks must stop at n = ${n}`;
    const size = end - start;
    const wanted = q + (i < r ? 1 : 0);
    if (size !== wanted) return `${shown}, ${size} items, but ${rule}`;
    previousEnd = end;
  }
  // Reached only if every size is right, and then the sizes add up to n.
  if (previousEnd !== n) return `the last chunk ends at ${previousEnd}, but it must end at n = ${n}`;
  return null;
}

export default defineTsGrader({
  cases: [
    { name: 'n = 10, 4 workers', params: { n: 10, workers: 4 } },
    { name: 'n = 12, 4 workers (even split)', params: { n: 12, workers: 4 } },
    { name: 'n = 1000, 64 workers', params: { n: 1000, workers: 64 } },
    { name: 'n = 3, 5 workers (two chunks empty)', params: { n: 3, workers: 5 } },
    { name: 'n = 0, 4 workers', params: { n: 0, workers: 4 } },
    { name: 'n = 17, 1 worker', params: { n: 17, workers: 1 } },
    { name: 'n = 1, 1 worker', params: { n: 1, workers: 1 } },
    { name: 'n = 1,000,003, 97 workers (both prime)', params: { n: 1000003, workers: 97 } },
    { name: 'random n up to 10 million, up to 1,000 workers', params: { random: 1 }, hidden: true },
    { name: 'random n smaller than the number of workers', params: { random: 2 }, hidden: true },
  ],
  async run({ learner, params, rng }) {
    let n: number, workers: number;
    if (params.random === 1) {
      workers = rng.int(2, 1000);
      n = rng.int(workers, 10_000_000);
    } else if (params.random === 2) {
      workers = rng.int(3, 300);
      n = rng.int(1, workers - 1);
    } else {
      [n, workers] = [params.n!, params.workers!];
    }
    const chunks = await (learner as unknown as BalancedChunks)(n, workers);
    const problem = findProblem(chunks, n, workers);
    return problem === null
      ? { passed: true, explanation: `${workers} chunks covering 0 … ${n} exactly, sizes differing by at most 1` }
      : { passed: false, explanation: problem };
  },
});
