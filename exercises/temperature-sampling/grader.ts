// Grader for "temperature-sampling": each case is a list of (logits, T, u)
// triples, and the learner's index must equal the reference's for all of them.
// Hand-made triples put u exactly on a boundary between two tokens (to catch
// >= instead of >), at 0 and near 1, use logits near ±1000 and tiny T (to catch
// a softmax without the max subtraction), T = 0 (greedy, ties to the lowest
// index) and -Infinity logits; seeded random triples keep u at least 1e-9 away
// from every boundary, so correct solutions that round differently (dividing
// each weight by the total, or comparing running weights with u · total) agree.
import { defineTsGrader } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

type Sampler = (logits: number[], temperature: number, u: number) => unknown;

interface Trial {
  readonly logits: readonly number[];
  readonly temperature: number;
  readonly u: number;
}

/** Random u stay this far from every cumulative sum: far above double rounding (~1e-13 at V = 50,257), far below any real probability gap. */
const BOUNDARY_MARGIN = 1e-9;
const GPT2_VOCABULARY = 50257;

function greedyIndex(logits: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/** softmax(logits / T) for T > 0, computed stably. */
function probabilities(logits: readonly number[], temperature: number): number[] {
  let m = -Infinity;
  for (const logit of logits) m = Math.max(m, logit / temperature);
  const weights = logits.map((logit) => Math.exp(logit / temperature - m));
  let total = 0;
  for (const w of weights) total += w;
  return weights.map((w) => w / total);
}

function cumulativeSums(p: readonly number[]): number[] {
  const sums: number[] = [];
  let running = 0;
  for (const pi of p) sums.push((running += pi));
  return sums;
}

function referenceIndex({ logits, temperature, u }: Trial): number {
  if (temperature === 0) return greedyIndex(logits);
  const p = probabilities(logits, temperature);
  const sums = cumulativeSums(p);
  for (let i = 0; i < sums.length; i++) if (sums[i]! > u) return i;
  for (let i = p.length - 1; i > 0; i--) if (p[i]! > 0) return i;
  return 0;
}

/** A uniform u in [0, 1) at least BOUNDARY_MARGIN from every cumulative sum of softmax(logits / T). */
function safeU(rng: Rng, logits: readonly number[], temperature: number): number {
  if (temperature === 0) return rng.float();
  const sums = cumulativeSums(probabilities(logits, temperature));
  for (;;) {
    const u = rng.float();
    if (u < 1 - BOUNDARY_MARGIN && sums.every((s) => Math.abs(s - u) >= BOUNDARY_MARGIN)) return u;
  }
}

function randomTrial(rng: Rng, vocabulary: number, options: { offset: number; temperature: number; blocked: number }): Trial {
  const integerLogits = options.temperature === 0; // integer logits make ties, where greedy must keep the lowest index
  const logits = Array.from({ length: vocabulary }, () => {
    const z = rng.normal(0, 2);
    return (integerLogits ? Math.round(z) : z) + options.offset;
  });
  for (let i = 0; i < vocabulary; i++) if (rng.float() < options.blocked) logits[i] = -Infinity;
  if (logits.every((logit) => logit === -Infinity)) logits[rng.int(0, vocabulary - 1)] = options.offset;
  return { logits, temperature: options.temperature, u: safeU(rng, logits, options.temperature) };
}

const NEG = -Infinity;

const FIXED: Record<string, Trial[]> = {
  'T = 1, three tokens': [0.1, 0.5, 0.7, 0.95].map((u) => ({ logits: [2, 1, 0], temperature: 1, u })),
  'T = 0.5 (sharper) and T = 2 (flatter)': [
    { logits: [2, 1, 0], temperature: 0.5, u: 0.6 },
    { logits: [2, 1, 0], temperature: 0.5, u: 0.9 },
    { logits: [2, 1, 0], temperature: 0.5, u: 0.99 },
    { logits: [2, 1, 0], temperature: 2, u: 0.45 },
    { logits: [2, 1, 0], temperature: 2, u: 0.6 },
    { logits: [2, 1, 0], temperature: 2, u: 0.85 },
    { logits: [0.3, -1.2, 2.2, 0.9, -0.4], temperature: 1.7, u: 0.5 },
  ],
  'u exactly on a boundary (equal logits)': [
    ...[0, 0.25, 0.5, 0.75].map((u) => ({ logits: [0, 0, 0, 0], temperature: 1, u })),
    ...[0.25, 0.5].map((u) => ({ logits: [7, 7, 7, 7], temperature: 0.3, u })),
  ],
  'u = 0 and tokens ruled out with -Infinity': [
    { logits: [NEG, 1, 2], temperature: 1, u: 0 },
    { logits: [NEG, 3, NEG, 3, NEG], temperature: 1, u: 0 },
    { logits: [NEG, 3, NEG, 3, NEG], temperature: 1, u: 0.49 },
    { logits: [NEG, 3, NEG, 3, NEG], temperature: 1, u: 0.5 },
    { logits: [-1000, 0, 0], temperature: 1, u: 0 },
  ],
  'u near 1': [
    { logits: [0, 1, 2, 3], temperature: 1, u: 0.9999999 },
    { logits: [1, 2, NEG], temperature: 1, u: 0.9999999 },
    { logits: [5, 5, NEG, NEG], temperature: 2, u: 0.999999999 },
  ],
  'large logits (1000 + noise and −1000 + noise)': [
    { logits: [1000, 1001.5, 999, 1001], temperature: 1, u: 0.2 },
    { logits: [1000, 1001.5, 999, 1001], temperature: 1, u: 0.7 },
    { logits: [1000, 1001.5, 999, 1001], temperature: 1, u: 0.66 },
    { logits: [-1000, -1001, -999.5], temperature: 1, u: 0.3 },
    { logits: [-1000, -1001, -999.5], temperature: 1, u: 0.4 },
    { logits: [-1000, -1001, -999.5], temperature: 1, u: 0.75 },
    { logits: [800, 801, 799.5], temperature: 0.8, u: 0.5 },
  ],
  'T = 0 is greedy (lowest index on ties)': [
    { logits: [0.5, 2.5, -1, 2.5, 0], temperature: 0, u: 0 },
    { logits: [0.5, 2.5, -1, 2.5, 0], temperature: 0, u: 0.99 },
    { logits: [-3, -1, -2], temperature: 0, u: 0.5 },
    { logits: [0, 0, 0], temperature: 0, u: 0.7 },
    { logits: [NEG, -5, NEG, 4], temperature: 0, u: 0.1 },
  ],
  'tiny temperatures (T = 0.001 and 0.01)': [
    { logits: [1, 3, 2.999, 0], temperature: 0.001, u: 0.5 },
    { logits: [1, 3, 2.999, 0], temperature: 0.001, u: 0.8 },
    { logits: [2.5, 1.2, 2.48], temperature: 0.01, u: 0.6 },
    { logits: [2.5, 1.2, 2.48], temperature: 0.01, u: 0.95 },
  ],
  'one token': [
    { logits: [4.2], temperature: 1, u: 0 },
    { logits: [4.2], temperature: 1, u: 0.999999 },
    { logits: [-5], temperature: 0, u: 0.5 },
    { logits: [1000], temperature: 0.01, u: 0.5 },
  ],
};

function randomTrials(kind: string, rng: Rng): Trial[] {
  switch (kind) {
    case 'small':
      return Array.from({ length: 40 }, () =>
        randomTrial(rng, rng.int(2, 20), { offset: 0, temperature: rng.uniform(0.2, 3), blocked: 0 }),
      );
    case 'mixed':
      return Array.from({ length: 150 }, () => {
        const pick = rng.float();
        const temperature = pick < 0.1 ? 0 : pick < 0.3 ? rng.uniform(0.001, 0.01) : rng.uniform(0.3, 3);
        const offset = [0, 0, 1000, -1000][rng.int(0, 3)]!;
        return randomTrial(rng, rng.int(1, 600), { offset, temperature, blocked: rng.float() < 0.3 ? 0.5 : 0 });
      });
    case 'gpt2':
      return Array.from({ length: 2 }, () =>
        randomTrial(rng, GPT2_VOCABULARY, { offset: 0, temperature: rng.uniform(0.7, 1.3), blocked: 0 }),
      );
    default:
      throw new Error(`temperature-sampling grader: unknown random case kind "${kind}"`);
  }
}

function show(values: readonly number[], digits: number): string {
  const shown = values.slice(0, 8).map((v) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : String(v)));
  return `[${shown.join(', ')}${values.length > 8 ? `, … (${values.length} in all)` : ''}]`;
}

function describeTrial(trial: Trial): string {
  return `logits ${show(trial.logits, 6)}, T = ${trial.temperature}, u = ${trial.u}`;
}

const RANDOM_KINDS = ['small', 'mixed', 'gpt2'];

export default defineTsGrader({
  cases: [
    ...Object.keys(FIXED).map((name, group) => ({ name, params: { group } })),
    { name: '40 random triples, V up to 20', params: { random: 0 } },
    { name: '150 random triples: V up to 600, logits near 0 and ±1000, T from 0 to 3', params: { random: 1 }, hidden: true },
    { name: `V = 50,257 (GPT-2's vocabulary)`, params: { random: 2 }, hidden: true },
  ],
  async run({ learner, params, rng }) {
    const trials =
      params.random === undefined ? FIXED[Object.keys(FIXED)[params.group!]!]! : randomTrials(RANDOM_KINDS[params.random]!, rng);
    const sample = learner as unknown as Sampler;
    for (const trial of trials) {
      const logits = trial.logits.slice();
      const got = await sample(logits, trial.temperature, trial.u);
      const changed = logits.findIndex((value, i) => !Object.is(value, trial.logits[i]));
      if (changed >= 0) {
        return {
          passed: false,
          explanation: `${describeTrial(trial)}: sampleWithTemperature changed its logits argument (element ${changed} was ${trial.logits[changed]}, is now ${logits[changed]}); scale into a new array instead`,
        };
      }
      const vocabulary = trial.logits.length;
      if (typeof got !== 'number' || !Number.isInteger(got) || got < 0 || got >= vocabulary) {
        return {
          passed: false,
          explanation: `${describeTrial(trial)}: expected a token index, a whole number from 0 to ${vocabulary - 1}, got ${String(got)}`,
        };
      }
      const expected = referenceIndex(trial);
      if (got !== expected) {
        const detail =
          trial.temperature === 0
            ? 'T = 0 means greedy: the index of the largest logit, the lowest one on ties'
            : `probabilities ${show(probabilities(trial.logits, trial.temperature), 4)}, cumulative ${show(cumulativeSums(probabilities(trial.logits, trial.temperature)), 6)}`;
        return { passed: false, explanation: `${describeTrial(trial)}: expected token ${expected}, got ${got} (${detail})` };
      }
    }
    return { passed: true, explanation: `all ${trials.length} (logits, T, u) triples pick the expected token` };
  },
});
