// Grader for "greedy-decode": the model handed to the learner is a toy, a
// seeded table of small integer logits whose row is picked by a hash of the
// whole sequence it receives, so passing only the last token, or a sequence
// missing the tokens generated so far, changes its answer. Every call is
// recorded: the grader checks the prompt was left alone, what each call
// received, how many calls were made, and the tokens returned. The stop token
// for a case is chosen from the reference's own output (first occurrence at
// the wanted position), so each case is known to stop where it says.
import { defineTsGrader } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

type GreedyDecode = (step: (tokens: number[]) => number[], prompt: number[], maxNewTokens: number, stopToken: number) => unknown;

type StopAt = 'none' | 'first' | 'middle' | 'last';

interface Spec {
  readonly vocabulary: number;
  readonly promptLength: number;
  readonly maxNewTokens: number;
  readonly stopAt: StopAt;
  /** Range of the integer logits; a small range makes ties at the maximum common. */
  readonly low: number;
  readonly high: number;
  /** The prompt holds every token id, so whatever the stop token is, it occurs in the prompt. */
  readonly promptHasEveryToken?: boolean;
}

/** Rows in the logit table: prime, so the hash spreads sequences over all of them. */
const TABLE_ROWS = 97;
/** Calls beyond this many past maxNewTokens mean a runaway loop: stop it with an error instead of hanging. */
const RUNAWAY_MARGIN = 10;

interface ToyModel {
  readonly vocabulary: number;
  logits(tokens: readonly number[]): number[];
}

function makeModel(rng: Rng, spec: Spec): ToyModel {
  const table = Array.from({ length: TABLE_ROWS }, () => Array.from(rng.int32Array(spec.vocabulary, spec.low, spec.high)));
  return {
    vocabulary: spec.vocabulary,
    logits(tokens) {
      // Order-sensitive hash of the entire sequence (and its length).
      let h = tokens.length % TABLE_ROWS;
      for (const token of tokens) h = (h * 31 + token + 1) % TABLE_ROWS;
      return table[h]!.slice();
    },
  };
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** The reference loop; stopToken -1 never stops. */
function referenceDecode(model: ToyModel, prompt: readonly number[], maxNewTokens: number, stopToken: number): number[] {
  const sequence = prompt.slice();
  const generated: number[] = [];
  for (let i = 0; i < maxNewTokens; i++) {
    const next = argmax(model.logits(sequence));
    sequence.push(next);
    generated.push(next);
    if (next === stopToken) break;
  }
  return generated;
}

interface Scenario {
  readonly model: ToyModel;
  readonly prompt: number[];
  readonly maxNewTokens: number;
  readonly stopToken: number;
  readonly expected: number[];
}

/** Positions where the unstopped output shows a token for the first time: a stop token chosen there ends generation exactly there. */
function firstOccurrences(tokens: readonly number[]): number[] {
  const seen = new Set<number>();
  const positions: number[] = [];
  tokens.forEach((token, i) => {
    if (!seen.has(token)) positions.push(i);
    seen.add(token);
  });
  return positions;
}

function buildScenario(rng: Rng, spec: Spec): Scenario {
  for (let attempt = 0; attempt < 100; attempt++) {
    const model = makeModel(rng, spec);
    const prompt = spec.promptHasEveryToken
      ? [...Array.from({ length: spec.vocabulary }, (_, t) => t), ...Array.from(rng.int32Array(spec.promptLength, 0, spec.vocabulary - 1))]
      : Array.from(rng.int32Array(spec.promptLength, 0, spec.vocabulary - 1));
    const unstopped = referenceDecode(model, prompt, spec.maxNewTokens, -1);
    let stopToken: number | undefined;
    if (spec.stopAt === 'none') {
      const unused = Array.from({ length: spec.vocabulary }, (_, t) => t).filter((t) => !unstopped.includes(t));
      if (unused.length > 0) stopToken = unused[rng.int(0, unused.length - 1)];
    } else {
      const firsts = firstOccurrences(unstopped);
      const n = spec.maxNewTokens;
      const wanted = spec.stopAt === 'first' ? 0 : spec.stopAt === 'last' ? n - 1 : Math.floor(n / 2);
      const position =
        spec.stopAt === 'middle'
          ? firsts.filter((p) => p > 0 && p < n - 1).sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted))[0]
          : firsts.find((p) => p === wanted);
      if (position !== undefined) stopToken = unstopped[position];
    }
    if (stopToken !== undefined) {
      return { model, prompt, maxNewTokens: spec.maxNewTokens, stopToken, expected: referenceDecode(model, prompt, spec.maxNewTokens, stopToken) };
    }
  }
  throw new Error(`greedy-decode grader: found no model with a stop position "${spec.stopAt}" for ${JSON.stringify(spec)}; change the case`);
}

const SPECS: Record<string, Spec> = {
  'stops at the stop token (included)': { vocabulary: 16, promptLength: 3, maxNewTokens: 20, stopAt: 'middle', low: -6, high: 6 },
  'no stop token: exactly maxNewTokens tokens': { vocabulary: 16, promptLength: 4, maxNewTokens: 12, stopAt: 'none', low: -6, high: 6 },
  'maxNewTokens = 0': { vocabulary: 8, promptLength: 2, maxNewTokens: 0, stopAt: 'none', low: -6, high: 6 },
  'maxNewTokens = 1': { vocabulary: 8, promptLength: 2, maxNewTokens: 1, stopAt: 'none', low: -6, high: 6 },
  'the stop token is the first token generated': { vocabulary: 10, promptLength: 3, maxNewTokens: 9, stopAt: 'first', low: -6, high: 6 },
  'the stop token is the last allowed token': { vocabulary: 24, promptLength: 3, maxNewTokens: 7, stopAt: 'last', low: -6, high: 6 },
  'a stop token in the prompt does not stop generation': { vocabulary: 12, promptLength: 5, maxNewTokens: 15, stopAt: 'middle', low: -6, high: 6, promptHasEveryToken: true },
  'all logits negative': { vocabulary: 20, promptLength: 1, maxNewTokens: 10, stopAt: 'none', low: -9, high: -1 },
  'many ties (logits 0, 1 or 2)': { vocabulary: 16, promptLength: 3, maxNewTokens: 15, stopAt: 'none', low: 0, high: 2 },
  'random model: V = 1,000, up to 150 tokens': { vocabulary: 1000, promptLength: 40, maxNewTokens: 150, stopAt: 'middle', low: -50, high: 50 },
  'random model: V = 300, 100 tokens, no stop': { vocabulary: 300, promptLength: 17, maxNewTokens: 100, stopAt: 'none', low: -3, high: 3 },
};
const HIDDEN = new Set(['random model: V = 1,000, up to 150 tokens', 'random model: V = 300, 100 tokens, no stop']);

function show(tokens: readonly number[]): string {
  const shown = tokens.length > 16 ? [...tokens.slice(0, 6), '…', ...tokens.slice(-6)] : tokens;
  return `[${shown.join(', ')}] (${tokens.length} token${tokens.length === 1 ? '' : 's'})`;
}

function sameTokens(a: readonly unknown[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

export default defineTsGrader({
  cases: Object.keys(SPECS).map((name, index) => ({ name, params: { index }, ...(HIDDEN.has(name) ? { hidden: true } : {}) })),
  async run({ learner, params, rng }) {
    const spec = SPECS[Object.keys(SPECS)[params.index!]!]!;
    const { model, prompt, maxNewTokens, stopToken, expected } = buildScenario(rng, spec);
    const calls: number[][] = [];
    const callLimit = maxNewTokens + RUNAWAY_MARGIN;
    const step = (tokens: number[]): number[] => {
      if (!Array.isArray(tokens)) {
        throw new Error(`step(tokens): tokens must be an array of token ids (the whole sequence so far), got ${typeof tokens}`);
      }
      // A copy: the learner may keep appending to the array it passed.
      const received = tokens.slice();
      const bad = received.findIndex((t) => !Number.isInteger(t) || t < 0 || t >= model.vocabulary);
      if (bad >= 0) {
        throw new Error(`step(tokens): tokens[${bad}] is ${String(received[bad])}; token ids are whole numbers from 0 to ${model.vocabulary - 1}`);
      }
      calls.push(received);
      if (calls.length > callLimit) {
        throw new Error(`step was called ${calls.length} times with maxNewTokens = ${maxNewTokens}; the loop must stop after at most maxNewTokens tokens`);
      }
      return model.logits(received);
    };

    const promptArgument = prompt.slice();
    const got = await (learner as unknown as GreedyDecode)(step, promptArgument, maxNewTokens, stopToken);
    const setup = `prompt ${show(prompt)}, maxNewTokens ${maxNewTokens}, stopToken ${stopToken}`;

    if (!sameTokens(promptArgument, prompt)) {
      return {
        passed: false,
        explanation: `${setup}: the prompt array was changed to ${show(promptArgument)}; copy it (prompt.slice()) and append to the copy`,
      };
    }
    if (!Array.isArray(got)) {
      return { passed: false, explanation: `${setup}: greedyDecode must return an array of token ids; it returned ${got === null ? 'null' : typeof got}` };
    }
    // Judge each call against the learner's own output, so that a wrong token
    // choice is reported as such below rather than as a wrong call.
    for (let i = 0; i < Math.min(calls.length, got.length + 1); i++) {
      const wanted = [...prompt, ...(got.slice(0, i) as number[])];
      if (!sameTokens(calls[i]!, wanted)) {
        return {
          passed: false,
          explanation: `${setup}: call ${i + 1} to step received ${show(calls[i]!)}, but it must receive the whole sequence so far, the prompt followed by the ${i} token${i === 1 ? '' : 's'} generated before it: ${show(wanted)}`,
        };
      }
    }
    const result = got as number[];
    if (calls.length !== result.length) {
      if (expected[expected.length - 1] === stopToken && sameTokens(result, expected.slice(0, -1))) {
        return {
          passed: false,
          explanation: `${setup}: expected ${show(expected)}, got ${show(result)}: the stop token ${stopToken} was generated but left out; it is included as the last token`,
        };
      }
      return {
        passed: false,
        explanation: `${setup}: ${result.length} token${result.length === 1 ? '' : 's'} came back from ${calls.length} call${calls.length === 1 ? '' : 's'} to step; each generated token takes exactly one call (none after the last token)`,
      };
    }
    if (!sameTokens(result, expected)) {
      const includesPrompt = result.length === prompt.length + expected.length && sameTokens(result.slice(0, prompt.length), prompt);
      if (includesPrompt) {
        return { passed: false, explanation: `${setup}: return only the generated tokens, without the prompt: expected ${show(expected)}, got ${show(result)}` };
      }
      let p = 0;
      while (p < result.length && p < expected.length && result[p] === expected[p]) p++;
      const why =
        p < result.length && p < expected.length
          ? `token ${p + 1} should be ${expected[p]}, the argmax of step's logits (the lowest index on ties), not ${String(result[p])}`
          : result.length > expected.length
            ? expected[expected.length - 1] === stopToken
              ? `generation must end right after the stop token ${stopToken} (token ${expected.length}), which is included`
              : `generation must end after maxNewTokens = ${maxNewTokens} token${maxNewTokens === 1 ? '' : 's'}`
            : `generation ended early, after ${result.length} token${result.length === 1 ? '' : 's'}: stop only after generating the stop token ${stopToken} (and include it) or after maxNewTokens = ${maxNewTokens} token${maxNewTokens === 1 ? '' : 's'}`;
      return { passed: false, explanation: `${setup}: expected ${show(expected)}, got ${show(result)}: ${why}` };
    }
    return { passed: true, explanation: `generated ${show(expected)} with ${calls.length} call${calls.length === 1 ? '' : 's'} to step` };
  },
});
