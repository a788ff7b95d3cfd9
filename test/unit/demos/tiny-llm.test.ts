// The tiny LLM demo's logic: the character tokenizer, seeded batching,
// sampling with temperature and top-k, the transformer (causal masking,
// parameter count, learning), the trainer (memory stays flat, generation),
// the run rhythm, and WebGPU agreeing with the CPU. Models here are tiny so
// the suite takes seconds on the CPU backend.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine';
import { BatchSampler, evenlySpacedBatch, splitTokens } from '../../../src/demos/tiny-llm/batching';
import { causalMaskValues, parameterCount, TinyTransformer, type ModelConfig } from '../../../src/demos/tiny-llm/model';
import { argmax, sampleNext, samplingDistribution, topKIndices } from '../../../src/demos/tiny-llm/sampling';
import {
  adaptChunkSize,
  ALICE_VOCAB_SIZE,
  isTableStep,
  MAX_CHUNK,
  nextChunkSteps,
  parseSampling,
  secondsLeft,
  tableInterval,
  TRAINER_SETTINGS,
} from '../../../src/demos/tiny-llm/settings';
import { CharTokenizer } from '../../../src/demos/tiny-llm/tokenizer';
import { TinyLlmTrainer, type TrainerSettings } from '../../../src/demos/tiny-llm/trainer';
import { requireNodeGpu } from '../../support/node-gpu';

const ALICE = readFileSync(new URL('../../../src/demos/tiny-llm/data/alice.txt', import.meta.url), 'utf8');
/** A small text with a lot of structure to learn: a few words, repeated in varying order. */
const TINY_TEXT = Array.from({ length: 60 }, (_, i) => ['the cat sat. ', 'a dog ran. ', 'the hat. '][(i * 7) % 3]).join('');
const TINY_SETTINGS: TrainerSettings = {
  model: { context: 8, width: 16, heads: 2, layers: 1, mlpRatio: 2 },
  batch: 8,
  learningRate: 1e-2,
  warmupSteps: 5,
  seed: 3,
  validationFraction: 0.1,
  validationBatch: 4,
};

let cpu: Engine;
beforeAll(async () => {
  cpu = await createEngine({ backend: 'cpu' });
});
afterAll(() => cpu.dispose());

describe('tokenizer', () => {
  it('has one token per distinct character, sorted, and round-trips text', () => {
    const tokenizer = CharTokenizer.fromText('banana bread');
    expect(tokenizer.chars).toEqual([' ', 'a', 'b', 'd', 'e', 'n', 'r']);
    const ids = tokenizer.encodeStrict('bread banana');
    expect(Array.from(ids)).toEqual([2, 6, 4, 1, 3, 0, 2, 1, 5, 1, 5, 1]);
    expect(tokenizer.decode(ids)).toBe('bread banana');
  });

  it('drops and reports characters outside the vocabulary, and refuses them in strict mode', () => {
    const tokenizer = CharTokenizer.fromText('abc');
    const { ids, unknown } = tokenizer.encode('a€b€z');
    expect(tokenizer.decode(ids)).toBe('ab');
    expect(unknown).toEqual(['€', 'z']);
    expect(() => tokenizer.encodeStrict('abz')).toThrow(/"z"/);
    expect(() => tokenizer.decode([3])).toThrow(/outside the vocabulary \(0\.\.2\)/);
  });

  it('the shipped text has the vocabulary size the page states', () => {
    expect(CharTokenizer.fromText(ALICE).vocabSize).toBe(ALICE_VOCAB_SIZE);
    expect(ALICE.length).toBeGreaterThan(50_000);
    expect(ALICE.length).toBeLessThan(200_000);
  });
});

describe('batching', () => {
  const tokens = Int32Array.from({ length: 100 }, (_, i) => i);

  it('targets are the inputs shifted by one token, in windows inside the text', () => {
    const sampler = new BatchSampler(tokens, 6, 10, 1);
    for (let round = 0; round < 20; round++) {
      const { inputs, targets, batch, context } = sampler.next();
      expect([batch, context, inputs.length, targets.length]).toEqual([6, 10, 60, 60]);
      for (let b = 0; b < batch; b++) {
        const start = inputs[b * context]!;
        expect(start).toBeGreaterThanOrEqual(0);
        expect(start + context).toBeLessThanOrEqual(99); // the last target is token start + context
        for (let t = 0; t < context; t++) {
          expect(inputs[b * context + t]).toBe(start + t);
          expect(targets[b * context + t]).toBe(start + t + 1);
        }
      }
    }
  });

  it('the same seed gives the same batches, another seed other batches', () => {
    const a = new BatchSampler(tokens, 4, 8, 42);
    const b = new BatchSampler(tokens, 4, 8, 42);
    const c = new BatchSampler(tokens, 4, 8, 43);
    const first = a.next();
    expect(b.next().inputs).toEqual(first.inputs);
    expect(c.next().inputs).not.toEqual(first.inputs);
  });

  it('splits off the tail for validation and spaces validation windows evenly from start to end', () => {
    const { train, validation } = splitTokens(tokens, 0.1);
    expect([train.length, validation.length, validation[0]]).toEqual([90, 10, 90]);
    const fixed = evenlySpacedBatch(tokens, 3, 10);
    expect([fixed.inputs[0], fixed.inputs[10], fixed.inputs[20]]).toEqual([0, 45, 89]);
    expect(fixed.targets[29]).toBe(99);
  });

  it('names the problem when the text is too short for a window', () => {
    expect(() => new BatchSampler(tokens.subarray(0, 8), 2, 8, 1)).toThrow(/needs context \+ 1 = 9 tokens but the text has 8/);
    expect(() => splitTokens(tokens, 1)).toThrow(/validationFraction/);
  });
});

describe('sampling', () => {
  const logitsArb = fc.array(fc.float({ min: -20, max: 20, noNaN: true }), { minLength: 1, maxLength: 40 });

  it('temperature 0 is greedy: always the argmax', () => {
    fc.assert(
      fc.property(logitsArb, fc.double({ min: 0, max: 0.999999, noNaN: true }), (logits, u) => {
        expect(sampleNext(logits, { temperature: 0, topK: 0 }, u)).toBe(argmax(logits));
      }),
    );
  });

  it('as the temperature goes to 0, sampling becomes the argmax', () => {
    const logits = [0.3, 2.5, 2.4, -1, 1.9];
    for (const u of [0, 0.25, 0.5, 0.75, 0.999]) expect(sampleNext(logits, { temperature: 1e-3, topK: 0 }, u)).toBe(1);
    // ...while at temperature 1 the runner-up is drawn for some draws.
    const drawn = new Set([0, 0.25, 0.5, 0.75, 0.999].map((u) => sampleNext(logits, { temperature: 1, topK: 0 }, u)));
    expect(drawn.size).toBeGreaterThan(1);
  });

  it('top-k never returns an index outside the k largest logits', () => {
    fc.assert(
      fc.property(logitsArb, fc.integer({ min: 1, max: 45 }), fc.double({ min: 0.05, max: 3, noNaN: true }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (logits, k, temperature, u) => {
        const allowed = new Set(topKIndices(logits, k));
        expect(allowed.size).toBe(Math.min(k, logits.length));
        const threshold = Math.min(...[...allowed].map((i) => logits[i]!));
        for (let i = 0; i < logits.length; i++) if (!allowed.has(i)) expect(logits[i]!).toBeLessThanOrEqual(threshold);
        expect(allowed.has(sampleNext(logits, { temperature, topK: k }, u))).toBe(true);
      }),
    );
  });

  it('the distribution is the softmax of logits / T over the top k', () => {
    const logits = [1, 3, 2, 0];
    const p = samplingDistribution(logits, { temperature: 2, topK: 2 });
    const z = Math.exp(3 / 2) + Math.exp(2 / 2);
    expect(p[1]).toBeCloseTo(Math.exp(3 / 2) / z, 12);
    expect(p[2]).toBeCloseTo(Math.exp(2 / 2) / z, 12);
    expect([p[0], p[3]]).toEqual([0, 0]);
    const all = samplingDistribution(logits, { temperature: 1, topK: 0 });
    expect(all.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(() => samplingDistribution(logits, { temperature: -1, topK: 0 })).toThrow(/temperature/);
  });
});

describe('the transformer', () => {
  const config: ModelConfig = { vocabSize: 11, context: 6, width: 8, heads: 2, layers: 2, mlpRatio: 2 };

  it('counts its parameters', () => {
    const model = new TinyTransformer(cpu, config, 1);
    expect(model.parameters.reduce((n, p) => n + p.size, 0)).toBe(parameterCount(config));
    model.dispose();
  });

  it('the mask is 0 on and below the diagonal and large negative above', () => {
    const mask = causalMaskValues(3);
    expect(Array.from(mask.map((v) => (v === 0 ? 0 : 1)))).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0]);
    expect(Math.min(...mask)).toBeLessThan(-1e8);
  });

  it('causal: changing a later token leaves the logits of every earlier position unchanged', async () => {
    const model = new TinyTransformer(cpu, config, 7);
    const V = config.vocabSize;
    const base = [3, 1, 4, 1, 5, 9];
    const logitsOf = async (tokens: number[]) => {
      const logits = cpu.tidy(() => cpu.noGrad(() => model.forward(cpu.tensor(Int32Array.from(tokens), [1, tokens.length]))));
      const values = Float32Array.from(await logits.data());
      logits.dispose();
      return values;
    };
    const original = await logitsOf(base);
    for (let changed = 1; changed < base.length; changed++) {
      const edited = [...base];
      edited[changed] = (edited[changed]! + 5) % V;
      const after = await logitsOf(edited);
      // positions before `changed` see the same prefix: identical logits
      expect(after.subarray(0, changed * V)).toEqual(original.subarray(0, changed * V));
      // the changed position itself sees a different token: its logits move
      const row = (values: Float32Array) => Array.from(values.subarray(changed * V, (changed + 1) * V));
      expect(row(after)).not.toEqual(row(original));
    }
    // A shorter input gives the same logits as the same prefix inside a longer one.
    const prefix = await logitsOf(base.slice(0, 3));
    for (let i = 0; i < prefix.length; i++) expect(prefix[i]).toBeCloseTo(original[i]!, 5);
    model.dispose();
  });

  it('rejects inputs longer than its context, naming the fix', () => {
    const model = new TinyTransformer(cpu, config, 1);
    const tokens = cpu.tensor(new Int32Array(7), [1, 7]);
    expect(() => model.forward(tokens)).toThrow(/length 7 must be 1\.\.6 .*last 6 tokens/);
    tokens.dispose();
    model.dispose();
    expect(() => new TinyTransformer(cpu, { ...config, width: 9 }, 1)).toThrow(/width 9 does not divide into 2 heads/);
  });
});

describe('training', () => {
  it('the loss falls well below the uniform guess ln(V) within a few dozen steps, and memory stays flat', async () => {
    const trainer = new TinyLlmTrainer(cpu, TINY_TEXT, TINY_SETTINGS);
    const uniform = trainer.uniformLoss;
    expect(uniform).toBeCloseTo(Math.log(CharTokenizer.fromText(TINY_TEXT).vocabSize), 12);
    const first = await trainer.train(5);
    // Small initial weights: the untrained model is close to the uniform guess.
    expect(Math.abs(first[0]! - uniform)).toBeLessThan(0.1);
    const tensorsAfterFirstChunk = cpu.memory().tensors;
    const rest = await trainer.train(35);
    expect(cpu.memory().tensors).toBe(tensorsAfterFirstChunk);
    const lastFive = Array.from(rest.subarray(-5));
    const mean = lastFive.reduce((a, b) => a + b, 0) / lastFive.length;
    expect(mean).toBeLessThan(0.6 * uniform);
    expect(trainer.steps).toBe(40);
    const validation = await trainer.validationLoss();
    expect(validation).not.toBeNull();
    expect(validation!).toBeLessThan(uniform);
    trainer.dispose();
  });

  it('warms the learning rate up linearly, then holds it', () => {
    const trainer = new TinyLlmTrainer(cpu, TINY_TEXT, TINY_SETTINGS);
    [0.002, 0.004, 0.01, 0.01, 0.01].forEach((lr, i) => expect(trainer.learningRateAt([0, 1, 4, 5, 100][i]!)).toBeCloseTo(lr, 12));
    trainer.dispose();
    const noWarmup = new TinyLlmTrainer(cpu, TINY_TEXT, { ...TINY_SETTINGS, warmupSteps: 0 });
    expect(noWarmup.learningRateAt(0)).toBe(0.01);
    noWarmup.dispose();
  });

  it('is reproducible: the same seed gives the same losses', async () => {
    const run = async () => {
      const trainer = new TinyLlmTrainer(cpu, TINY_TEXT, TINY_SETTINGS);
      const losses = Array.from(await trainer.train(3));
      trainer.dispose();
      return losses;
    };
    expect(await run()).toEqual(await run());
  });

  it('generates from any number of steps (even 0), only vocabulary characters, greedy output repeatable', async () => {
    const trainer = new TinyLlmTrainer(cpu, TINY_TEXT, TINY_SETTINGS);
    const streamed: string[] = [];
    const untrained = await trainer.generate({
      prompt: 'the €',
      length: 12,
      sampling: { temperature: 1, topK: 0 },
      seed: 5,
      onCharacter: (c) => void streamed.push(c),
    });
    expect(untrained.text).toHaveLength(12);
    expect(streamed.join('')).toBe(untrained.text);
    expect(untrained.unknown).toEqual(['€']);
    for (const c of untrained.text) expect(trainer.tokenizer.chars).toContain(c);

    await trainer.train(20);
    const greedy = { prompt: 'the c', length: 10, sampling: { temperature: 0, topK: 0 }, seed: 1 };
    const a = await trainer.generate(greedy);
    const b = await trainer.generate({ ...greedy, seed: 99 });
    expect(a.text).toBe(b.text);
    // Greedy generation is argmax of nextLogits at every step.
    let context = 'the c';
    let expected = '';
    for (let i = 0; i < 10; i++) {
      const next = trainer.tokenizer.chars[argmax(await trainer.nextLogits(trainer.tokenizer.encodeStrict(context)))]!;
      expected += next;
      context += next;
    }
    expect(a.text).toBe(expected);
    // Returning false from onCharacter stops early.
    const short = await trainer.generate({ ...greedy, onCharacter: () => false });
    expect(short.text).toHaveLength(1);
    trainer.dispose();
  });

  it('the demo settings fit the shipped text', () => {
    const tokenizer = CharTokenizer.fromText(ALICE);
    const { train, validation } = splitTokens(tokenizer.encodeStrict(ALICE), TRAINER_SETTINGS.validationFraction);
    expect(train.length).toBeGreaterThan(100 * TRAINER_SETTINGS.batch * TRAINER_SETTINGS.model.context);
    expect(validation.length).toBeGreaterThan(TRAINER_SETTINGS.model.context + 1);
    expect(TRAINER_SETTINGS.model.width % TRAINER_SETTINGS.model.heads).toBe(0);
  });
});

describe('run rhythm', () => {
  it('table rows: a round interval giving at most about 20 rows', () => {
    expect([30, 100, 300, 1000, 3000].map(tableInterval)).toEqual([2, 5, 20, 50, 200]);
    expect(tableInterval(1)).toBe(1);
    for (const budget of [1, 7, 30, 99, 1000, 3000]) {
      const interval = tableInterval(budget);
      let rows = 0;
      for (let s = 1; s <= budget; s++) if (isTableStep(s, budget, interval, s)) rows++;
      expect(rows).toBeLessThanOrEqual(22);
      expect(isTableStep(budget, budget, interval, budget)).toBe(true);
    }
    // The very first step of a model gets a row; the first step of a later run does not.
    expect(isTableStep(1, 100, 5, 1)).toBe(true);
    expect(isTableStep(1, 100, 5, 301)).toBe(false);
  });

  it('chunks start with a single step, never cross a table row or the budget, and reach each', () => {
    for (const preferred of [1, 4, 17, 50]) {
      const budget = 130;
      const interval = tableInterval(budget);
      let done = 0;
      const rowSteps: number[] = [];
      while (done < budget) {
        const steps = nextChunkSteps(done, budget, preferred, interval);
        if (done === 0) expect(steps).toBe(1);
        expect(steps).toBeGreaterThanOrEqual(1);
        done += steps;
        if (isTableStep(done, budget, interval, done)) rowSteps.push(done);
      }
      expect(done).toBe(budget);
      expect(rowSteps).toEqual([1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130]);
      expect(nextChunkSteps(budget, budget, preferred, interval)).toBe(0);
    }
  });

  it('chunk sizes move towards the target time, at most doubling or halving, within bounds', () => {
    expect(adaptChunkSize(4, 4, 40, 300)).toBe(8); // 10 ms a step: wants 30, capped at double
    expect(adaptChunkSize(8, 8, 8000, 300)).toBe(4); // 1 s a step: wants 0.3, capped at half
    expect(adaptChunkSize(1, 1, 5000, 300)).toBe(1);
    expect(adaptChunkSize(40, 40, 40, 300)).toBe(MAX_CHUNK);
    expect(secondsLeft(10, 30, 5000)).toBeCloseTo(10, 12);
    expect(secondsLeft(0, 30, 0)).toBeNull();
  });

  it('parses the sampling controls, clamping to their ranges', () => {
    expect(parseSampling('0', '0')).toEqual({ temperature: 0, topK: 0 });
    expect(parseSampling('5', '500')).toEqual({ temperature: 2, topK: 100 });
    expect(parseSampling('-1', '3.6')).toEqual({ temperature: 0, topK: 4 });
    expect(parseSampling('x', '')).toEqual({ temperature: 0.8, topK: 0 });
  });
});

describe('on WebGPU', () => {
  it('trains to the same losses as the CPU backend', async () => {
    const gpu = await createEngine({ backend: 'webgpu', gpu: await requireNodeGpu() });
    try {
      const onGpu = new TinyLlmTrainer(gpu, TINY_TEXT, TINY_SETTINGS);
      const onCpu = new TinyLlmTrainer(cpu, TINY_TEXT, TINY_SETTINGS);
      const gpuLosses = Array.from(await onGpu.train(3));
      const cpuLosses = Array.from(await onCpu.train(3));
      gpuLosses.forEach((loss, i) => expect(loss).toBeCloseTo(cpuLosses[i]!, 4));
      const logitsGpu = await onGpu.nextLogits([1, 2, 3]);
      const logitsCpu = await onCpu.nextLogits([1, 2, 3]);
      logitsGpu.forEach((value, i) => expect(value).toBeCloseTo(logitsCpu[i]!, 4));
      onGpu.dispose();
      onCpu.dispose();
    } finally {
      gpu.dispose();
    }
  });
});
