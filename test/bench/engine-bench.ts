/**
 * Benchmark page for scripts/bench-engine.mjs (served by Vite on localhost,
 * driven by Playwright's Chromium with WebGPU).
 *
 * Measures, with every timing ending in a readback so the GPU work is really
 * done: square float32 matmul on our WebGPU backend, TensorFlow.js's WebGPU
 * backend, jax-js on WebGPU and a plain-JS loop; then softmax over 4096x1024
 * and one MLP training step on the engine's CPU and WebGPU backends.
 * Each figure is the median of several runs after a warm-up run (which also
 * pays for shader compilation). The three WebGPU matmuls run interleaved,
 * round by round, and so do the CPU and WebGPU front-end figures, so that
 * changes in the machine's load hit every contender alike.
 */
import { contiguousView } from '../../src/engine/backend';
import { createWebGpuBackend } from '../../src/engine/backends/webgpu/index';

export interface BenchResult {
  matmul: { size: number; library: string; ms: number | null; gflops: number | null; note?: string }[];
  frontEnd: { name: string; backend: string; ms: number | null; note?: string }[];
  environment: Record<string, string>;
}

const params = new URLSearchParams(location.search);
const SIZES = (params.get('sizes') ?? '256,512,1024,2048').split(',').map(Number);
const RUNS = Number(params.get('runs') ?? 3);
/** Skip the plain-JS matmul where it is predicted to take longer than this. */
const CPU_BUDGET_MS = 20_000;

const logElement = document.getElementById('log')!;
function log(line: string): void {
  console.log(line);
  logElement.textContent += `${line}\n`;
}

async function median(runs: number, once: () => Promise<void>): Promise<number> {
  await once(); // warm-up: compiles pipelines, fills pools
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return middle(times);
}

function middle(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** One contender in an interleaved comparison: `once` does (and waits for) one timed unit of work. */
interface Contender {
  name: string;
  once: () => Promise<void>;
}

/**
 * Time several contenders in rounds, each round running every contender once
 * (the starting one rotates), and return each one's median. Interleaving
 * matters on a shared machine: when other processes' load changes during the
 * benchmark, running one library after another would charge the change to
 * whichever ran later; in rounds it falls on all of them alike.
 */
async function interleavedMedians(runs: number, contenders: Contender[]): Promise<Map<string, number>> {
  for (const c of contenders) await c.once(); // warm-up: compiles pipelines, fills pools
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const c = contenders[(round + i) % contenders.length]!;
      const start = performance.now();
      await c.once();
      times.get(c.name)!.push(performance.now() - start);
    }
  }
  return new Map([...times].map(([name, t]) => [name, middle(t)]));
}

function randomData(n: number, seed: number): Float32Array<ArrayBuffer> {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

const gflops = (size: number, ms: number) => (2 * size ** 3) / (ms * 1e6);

/** A library set up for one size: `once` multiplies and reads back; `dispose` frees its tensors. */
interface MatmulSetup {
  once: () => Promise<void>;
  dispose: () => void;
}

type Library = { name: string; prepare: (size: number) => MatmulSetup; close: () => void };

async function ours(): Promise<Library> {
  const backend = await createWebGpuBackend({ label: 'bench' });
  return {
    name: 'ours',
    prepare: (size) => {
      const a = backend.upload(randomData(size * size, 1));
      const b = backend.upload(randomData(size * size, 2));
      const out = backend.alloc(size * size, 'float32');
      return {
        once: async () => {
          backend.matmul(contiguousView(a, [1, size, size]), contiguousView(b, [1, size, size]), out);
          await backend.read(out);
        },
        dispose: () => {
          for (const s of [a, b, out]) backend.free(s);
        },
      };
    },
    close: () => backend.destroy(),
  };
}

async function tfjs(): Promise<Library> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-webgpu');
  await tf.setBackend('webgpu');
  await tf.ready();
  return {
    name: 'tfjs-webgpu',
    prepare: (size) => {
      const a = tf.tensor2d(randomData(size * size, 1), [size, size]);
      const b = tf.tensor2d(randomData(size * size, 2), [size, size]);
      return {
        once: async () => {
          const c = tf.matMul(a, b);
          await c.data();
          c.dispose();
        },
        dispose: () => {
          a.dispose();
          b.dispose();
        },
      };
    },
    close: () => tf.engine().reset(),
  };
}

async function jaxJs(): Promise<Library> {
  const jax = await import('@jax-js/jax');
  const devices = await jax.init('webgpu');
  if (!devices.includes('webgpu')) throw new Error(`jax-js found no WebGPU device (devices: ${devices.join(', ')})`);
  jax.defaultDevice('webgpu');
  const np = jax.numpy;
  return {
    name: 'jax-js',
    prepare: (size) => {
      const a = np.array(randomData(size * size, 1), { shape: [size, size] });
      const b = np.array(randomData(size * size, 2), { shape: [size, size] });
      return {
        once: async () => {
          // jax-js consumes its arguments; .ref keeps a and b alive for the next run.
          const c = np.matmul(a.ref, b.ref);
          await c.data(); // data() realises and consumes c
        },
        dispose: () => {
          a.dispose();
          b.dispose();
        },
      };
    },
    close: () => undefined,
  };
}

/** Our matmul, TensorFlow.js and jax-js, interleaved per size (see interleavedMedians). */
async function benchWebGpuMatmul(result: BenchResult, selected: (name: string) => boolean): Promise<void> {
  const libraries: Library[] = [];
  for (const [key, open] of [['ours', ours], ['tfjs', tfjs], ['jax', jaxJs]] as const) {
    if (!selected(key)) continue;
    try {
      libraries.push(await open());
    } catch (error) {
      log(`${key}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  for (const size of SIZES) {
    const setups = libraries.map((library) => ({ library, setup: library.prepare(size) }));
    try {
      const medians = await interleavedMedians(
        RUNS,
        setups.map(({ library, setup }) => ({ name: library.name, once: setup.once })),
      );
      for (const [library, ms] of medians) {
        result.matmul.push({ size, library, ms, gflops: gflops(size, ms) });
        log(`matmul ${size}: ${library} ${ms.toFixed(1)} ms, ${gflops(size, ms).toFixed(2)} GFLOP/s`);
      }
    } catch (error) {
      log(`matmul ${size}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      for (const { setup } of setups) setup.dispose();
    }
  }
  for (const library of libraries) library.close();
}

function plainMatmul(a: Float32Array, b: Float32Array, n: number): Float32Array {
  const c = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      const bRow = k * n;
      const cRow = i * n;
      for (let j = 0; j < n; j++) c[cRow + j]! += aik * b[bRow + j]!;
    }
  return c;
}

async function benchPlainJs(result: BenchResult): Promise<void> {
  let msPerFlop = 0;
  for (const size of SIZES) {
    const predicted = msPerFlop * 2 * size ** 3 * (RUNS + 1);
    if (msPerFlop > 0 && predicted > CPU_BUDGET_MS) {
      result.matmul.push({ size, library: 'plain JS', ms: null, gflops: null, note: `skipped: predicted ${(predicted / 1000).toFixed(0)} s` });
      log(`matmul ${size}: plain JS skipped (predicted ${(predicted / 1000).toFixed(0)} s > ${CPU_BUDGET_MS / 1000} s)`);
      continue;
    }
    const a = randomData(size * size, 1);
    const b = randomData(size * size, 2);
    const ms = await median(RUNS, async () => {
      plainMatmul(a, b, size);
    });
    msPerFlop = ms / (2 * size ** 3);
    result.matmul.push({ size, library: 'plain JS', ms, gflops: gflops(size, ms) });
    log(`matmul ${size}: plain JS ${ms.toFixed(1)} ms, ${gflops(size, ms).toFixed(2)} GFLOP/s`);
  }
}

async function benchFrontEnd(result: BenchResult): Promise<void> {
  // import.meta.glob instead of import(): a missing file yields no entry
  // rather than failing the whole bundle, so the matmul figures still come out.
  const loaders = import.meta.glob<typeof import('../../src/engine/index')>('../../src/engine/index.ts');
  const load = loaders['../../src/engine/index.ts'];
  let engineModule: typeof import('../../src/engine/index');
  try {
    if (!load) throw new Error('src/engine/index.ts does not exist');
    engineModule = await load();
  } catch (error) {
    const note = `front end not available yet (${error instanceof Error ? error.message : String(error)})`;
    log(note);
    result.frontEnd.push({ name: 'softmax 4096x1024 / MLP step', backend: '-', ms: null, note });
    return;
  }
  const { createEngine, Adam } = engineModule;
  type Engine = Awaited<ReturnType<typeof createEngine>>;
  const engines: { backend: string; engine: Engine }[] = [];
  for (const backend of ['cpu', 'webgpu'] as const) {
    try {
      engines.push({ backend, engine: await createEngine({ backend }) });
    } catch (error) {
      const note = `failed: ${error instanceof Error ? error.message : String(error)}`;
      result.frontEnd.push({ name: 'front end', backend, ms: null, note });
      log(`front end (${backend}) ${note}`);
    }
  }

  const measure = async (name: string, prepare: (engine: Engine) => { once: () => Promise<void>; dispose: () => void }) => {
    const prepared = engines.map(({ backend, engine }) => ({ backend, ...prepare(engine) }));
    try {
      const medians = await interleavedMedians(
        RUNS,
        prepared.map(({ backend, once }) => ({ name: backend, once })),
      );
      for (const [backend, ms] of medians) {
        result.frontEnd.push({ name, backend, ms });
        log(`${name} (${backend}): ${ms.toFixed(1)} ms`);
      }
    } catch (error) {
      const note = `failed: ${error instanceof Error ? error.message : String(error)}`;
      result.frontEnd.push({ name, backend: '-', ms: null, note });
      log(`${name} ${note}`);
    } finally {
      for (const p of prepared) p.dispose();
    }
  };

  await measure('softmax 4096x1024', (engine) => {
    const x = engine.randn([4096, 1024], { seed: 1 });
    return {
      once: async () => {
        const y = engine.softmax(x, -1);
        await y.data();
        y.dispose();
      },
      dispose: () => x.dispose(),
    };
  });

  // One step of a 256-512-512-10 MLP on a batch of 512: forward, cross-entropy, backward, Adam.
  await measure('MLP step 512x(256-512-512-10)', (engine) => {
    const [batch, sizes] = [512, [256, 512, 512, 10]];
    const inputs = engine.randn([batch, sizes[0]!], { seed: 2 });
    const labels = engine.tensor(Int32Array.from({ length: batch }, (_, i) => (i * 7) % 10), [batch], 'int32');
    const params = sizes.slice(1).flatMap((fanOut, layer) => {
      const w = engine.randn([sizes[layer]!, fanOut], { seed: 10 + layer, std: Math.sqrt(2 / sizes[layer]!) });
      const b = engine.zeros([fanOut]);
      w.requiresGrad = true;
      b.requiresGrad = true;
      return [w, b];
    });
    const optimizer = new Adam(params, { lr: 1e-3 });
    return {
      once: async () => {
        const loss = engine.tidy(() => {
          optimizer.zeroGrad();
          let h = inputs;
          for (let layer = 0; layer < 3; layer++) {
            h = h.matmul(params[2 * layer]!).add(params[2 * layer + 1]!);
            if (layer < 2) h = h.relu();
          }
          const value = engine.crossEntropy(h, labels);
          value.backward();
          optimizer.step();
          return value;
        });
        await loss.data();
        loss.dispose();
      },
      dispose: () => {
        for (const t of [inputs, labels, ...params]) t.dispose();
      },
    };
  });

  for (const { engine } of engines) engine.dispose();
}

async function main(): Promise<BenchResult> {
  const result: BenchResult = { matmul: [], frontEnd: [], environment: {} };
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter in this browser');
  result.environment = {
    adapter: `${adapter.info.vendor} ${adapter.info.architecture}`.trim(),
    userAgent: navigator.userAgent,
    hardwareConcurrency: String(navigator.hardwareConcurrency),
  };
  log(`adapter: ${result.environment.adapter}; sizes ${SIZES.join(', ')}; median of ${RUNS} runs after a warm-up`);
  const only = params.get('only');
  const selected = (name: string) => !only || only.split(',').includes(name);
  const steps: [string, (r: BenchResult) => Promise<void>][] = [
    ['webgpu matmul', (r) => benchWebGpuMatmul(r, selected)],
    ['plain', benchPlainJs],
    ['frontend', benchFrontEnd],
  ];
  for (const [name, step] of steps) {
    if (name !== 'webgpu matmul' && !selected(name)) continue;
    try {
      await step(result);
    } catch (error) {
      log(`${name}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  return result;
}

declare global {
  interface Window {
    benchResult?: Promise<BenchResult>;
  }
}
window.benchResult = main();
