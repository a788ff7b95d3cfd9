// Grader for "top-k": one (logits, k) pair per case, compared element by
// element with the reference exactly (tolerance 0: the kept values are copies,
// not computations, and -Infinity only matches -Infinity). Ties at the
// threshold, k = 1, k = V, k > V, negative and -Infinity logits expose the
// usual slips: keeping k + 1, keeping every tie, writing 0 instead of
// -Infinity, and sorting the caller's array in place.
import { defineTsGrader } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

type TopK = (logits: number[], k: number) => unknown;

interface Pair {
  readonly logits: readonly number[];
  readonly k: number;
}

const NEG = -Infinity;
const GPT2_VOCABULARY = 50257;

/** The reference: rank indices by (logit descending, index ascending) and keep the first k. */
function referenceTopK({ logits, k }: Pair): number[] {
  const order = logits.map((_, i) => i);
  order.sort((a, b) => {
    const la = logits[a]!;
    const lb = logits[b]!;
    if (la !== lb) return la > lb ? -1 : 1;
    return a - b;
  });
  const kept = new Set(order.slice(0, k));
  return logits.map((logit, i) => (kept.has(i) ? logit : NEG));
}

const FIXED: Record<string, Pair> = {
  'k = 2 of 5': { logits: [1.5, 3, -0.5, 2, 0.5], k: 2 },
  'k = 1 (greedy)': { logits: [0.2, -1, 4.5, 3.9, 4.4], k: 1 },
  'k = V keeps everything': { logits: [0.7, -2, 3, 1, -0.1, 2], k: 6 },
  'k > V keeps everything': { logits: [3, 1, 2], k: 7 },
  'V = 1': { logits: [-2.5], k: 1 },
  'ties at the threshold keep the lower indices': { logits: [2, 5, 2, 2, 1, 5], k: 3 },
  'ties spanning the threshold (k = 4 of six equal values and others)': { logits: [1, 0, 1, 3, 1, 1, 1, 1, -2], k: 4 },
  'all logits equal': { logits: [0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25], k: 3 },
  'all logits negative': { logits: [-3, -1, -4, -1.5, -2, -6], k: 2 },
  'some logits already -Infinity': { logits: [NEG, 2, NEG, 1, 0, NEG, -1], k: 3 },
  'fewer finite logits than k': { logits: [NEG, 2, NEG, NEG, 1], k: 3 },
};

function randomPair(kind: number, rng: Rng): Pair {
  switch (kind) {
    case 0: {
      // Integers in [-5, 5]: about 10 copies of each value, so ties straddle almost any threshold.
      const logits = Array.from(rng.int32Array(100, -5, 5));
      return { logits, k: rng.int(1, 100) };
    }
    case 1: {
      const vocabulary = rng.int(1, 500);
      const logits = Array.from(rng.int32Array(vocabulary, -20, 20), (v) => v / 4);
      return { logits, k: rng.int(1, vocabulary + 2) };
    }
    case 2: {
      // Rounded to 0.1, 50,257 normal logits repeat each value hundreds of times: ties at the threshold are near certain.
      const logits = Array.from({ length: GPT2_VOCABULARY }, () => Math.round(rng.normal(0, 2) * 10) / 10);
      return { logits, k: 40 };
    }
    default:
      throw new Error(`top-k grader: unknown random case kind ${kind}`);
  }
}

function show(values: readonly number[]): string {
  return `[${values.slice(0, 10).join(', ')}${values.length > 10 ? `, … (${values.length} in all)` : ''}]`;
}

export default defineTsGrader({
  cases: [
    ...Object.keys(FIXED).map((name, group) => ({ name, params: { group } })),
    { name: 'random integer logits, V = 100', params: { random: 0 } },
    { name: 'random V up to 500, k up to V + 2', params: { random: 1 }, hidden: true },
    { name: `V = 50,257 (GPT-2's vocabulary), k = 40`, params: { random: 2 }, hidden: true },
  ],
  async run({ learner, params, rng }) {
    const pair = params.random === undefined ? FIXED[Object.keys(FIXED)[params.group!]!]! : randomPair(params.random, rng);
    const input = pair.logits.slice();
    const got = await (learner as unknown as TopK)(input, pair.k);
    const call = `topKFilter(${show(pair.logits)}, ${pair.k})`;
    if (!Array.isArray(got) && !(ArrayBuffer.isView(got) && !(got instanceof DataView))) {
      return { passed: false, explanation: `${call} must return an array of numbers; it returned ${got === null ? 'null' : typeof got}` };
    }
    const changed = input.findIndex((value, i) => !Object.is(value, pair.logits[i]));
    if (changed >= 0 || input.length !== pair.logits.length) {
      return {
        passed: false,
        explanation: `${call} changed its logits argument (now ${show(input)}); work on a copy (logits.slice()) and leave the caller's array in token order`,
      };
    }
    if (got === input) {
      return { passed: false, explanation: `${call} returned its own logits array; return a new array (e.g. start from logits.slice())` };
    }
    const expected = referenceTopK(pair);
    return { got: got as ArrayLike<number>, expected, shape: [expected.length], tolerance: { atol: 0, rtol: 0 } };
  },
});
