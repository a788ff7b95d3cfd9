/**
 * MatmulRace, the interactive part (loaded by element.ts when the demo nears
 * the viewport). On Start: find out whether WebGPU is usable and what the
 * adapter is, then for each size (schedule.ts) time the plain-JS matmul in a
 * worker (matmul.worker.ts) and the engine's WebGPU matmul on the same
 * seeded matrices, one side after the other so they never compete for the
 * machine. Median of 3 runs per side, after a warm-up. Plots GFLOP/s on log
 * axes with uPlot, fills the table, and checks the two products agree.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { createEngine, type Engine } from '../../engine/index';
import { median } from '../worker-speedup/amdahl';
import { axisStyle, readChartColors, watchColorScheme } from '../shared/chart-theme';
import { summarizeAdapter, type AdapterInfoLike } from './adapter';
import { diagonal, diagonalMismatch } from './matmul';
import { gflopsPerSecond, nextSize, BASE_SIZES, EXTRA_SIZE, type SizeResult } from './schedule';
import type { JsRaceReply, JsRaceRequest } from './matmul.worker';

const TRIALS = 3;
const SEED_A = 11;
const SEED_B = 12;

class Stopped extends Error {
  constructor() {
    super('stopped by the learner');
  }
}

interface GpuSide {
  readonly engine: Engine | null;
  /** Why WebGPU is out of the race, when it is. */
  readonly reason: string;
  readonly adapterName: string;
  readonly software: boolean;
}

async function openGpu(): Promise<GpuSide> {
  const gpu = (navigator as { gpu?: GPU }).gpu;
  if (!gpu) {
    return {
      engine: null,
      adapterName: '',
      software: false,
      reason:
        'This browser offers no WebGPU (navigator.gpu is missing; it also needs https:// or localhost), so only the JavaScript side runs. ' +
        'Recent Chrome, Edge and Safari have WebGPU; Firefox has it on some systems.',
    };
  }
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) {
    return {
      engine: null,
      adapterName: '',
      software: false,
      reason: 'This browser has WebGPU but returned no adapter (the GPU may be blocklisted or WebGPU switched off), so only the JavaScript side runs.',
    };
  }
  const info = (adapter as { info?: AdapterInfoLike }).info;
  const { name, software } = summarizeAdapter(info, (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true);
  try {
    const engine = await createEngine({ backend: 'webgpu' });
    return { engine, reason: '', adapterName: name, software };
  } catch (error) {
    return { engine: null, adapterName: name, software, reason: `WebGPU could not start (${(error as Error).message}), so only the JavaScript side runs.` };
  }
}

/** The JS side's worker, wrapped in promises; Stop terminates it. */
class JsSide {
  private worker = new Worker(new URL('./matmul.worker.ts', import.meta.url), { type: 'module', name: 'matmul race (JavaScript side)' });
  private cancel: ((error: Error) => void) | null = null;

  request(message: JsRaceRequest, onTrial: (trial: number) => void): Promise<JsRaceReply> {
    return new Promise<JsRaceReply>((resolve, reject) => {
      this.cancel = reject;
      this.worker.onmessage = (event: MessageEvent<JsRaceReply>) => {
        const reply = event.data;
        if (reply.kind === 'trial') onTrial(reply.trial + 1);
        else if (reply.kind === 'error') reject(new Error(`JavaScript matmul: ${reply.message}`));
        else resolve(reply);
      };
      this.worker.onerror = (event) => reject(new Error(`JavaScript matmul worker failed: ${event.message || 'could not start'}`));
      this.worker.postMessage(message);
    });
  }

  stop(): void {
    this.worker.terminate();
    this.cancel?.(new Stopped());
  }
}

interface Row extends SizeResult {
  readonly agree: boolean | null;
}

const fmt = {
  ms: (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)),
  gflops: (g: number) => (g >= 100 ? g.toFixed(0) : g >= 10 ? g.toFixed(1) : g.toPrecision(3)),
  ratio: (r: number) => (r >= 10 ? r.toFixed(0) : r.toPrecision(2)),
};

export function mountMatmulRace(root: HTMLElement): void {
  const $ = <T extends Element>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`MatmulRace: missing ${selector} in the server-rendered markup`);
    return found;
  };
  const startButton = $<HTMLButtonElement>('[data-action="start"]');
  const stopButton = $<HTMLButtonElement>('[data-action="stop"]');
  const progress = $<HTMLElement>('[data-progress]');
  const announce = $<HTMLElement>('[data-announce]');
  const results = $<HTMLElement>('[data-results]');
  const gpuNote = $<HTMLElement>('[data-gpu-note]');
  const jsScore = $<HTMLElement>('[data-score="js"]');
  const gpuScore = $<HTMLElement>('[data-score="gpu"]');
  const jsScoreAt = $<HTMLElement>('[data-score-at="js"]');
  const gpuScoreAt = $<HTMLElement>('[data-score-at="gpu"]');
  const plotHost = $<HTMLElement>('[data-plot]');
  const tableBody = $<HTMLTableSectionElement>('[data-table] tbody');

  let rows: Row[] = [];
  let plot: uPlot | null = null;
  let stopRequested = false;
  let jsSide: JsSide | null = null;
  let running = false;

  const sizesForAxis = (): number[] => {
    const sizes = [...BASE_SIZES];
    if (rows.some((r) => r.size === EXTRA_SIZE)) sizes.push(EXTRA_SIZE);
    return sizes;
  };

  function chartData(): uPlot.AlignedData {
    const xs = sizesForAxis();
    const bySize = new Map(rows.map((r) => [r.size, r]));
    return [
      xs,
      xs.map((n) => {
        const r = bySize.get(n);
        return r ? gflopsPerSecond(n, r.jsMs) : null;
      }),
      xs.map((n) => {
        const r = bySize.get(n);
        return r && r.gpuMs !== null ? gflopsPerSecond(n, r.gpuMs) : null;
      }),
    ];
  }

  function buildPlot(): void {
    plot?.destroy();
    const colors = readChartColors(root);
    const axis = axisStyle(colors);
    plot = new uPlot(
      {
        width: Math.max(280, plotHost.clientWidth),
        height: 320,
        title: 'Matrix multiplication speed, GFLOP/s (higher is faster)',
        scales: { x: { time: false, distr: 3, log: 2 }, y: { distr: 3, log: 10 } },
        axes: [
          { ...axis, label: 'matrix size N (N × N, log scale)', values: (_u, splits) => splits.map((v) => String(v)) },
          { ...axis, label: 'GFLOP/s (log scale)', size: 60 },
        ],
        legend: { show: true, live: false },
        series: [
          { label: 'N' },
          { label: 'JavaScript (CPU, 1 core)', stroke: colors.accent2, width: 2.5, spanGaps: true, points: { show: true, size: 9, fill: colors.accent2 } },
          { label: 'WebGPU', stroke: colors.accent, width: 2.5, spanGaps: true, points: { show: true, size: 9, fill: colors.accent } },
        ],
      },
      chartData(),
      plotHost,
    );
  }

  function best(side: 'js' | 'gpu'): { size: number; gflops: number } | null {
    let top: { size: number; gflops: number } | null = null;
    for (const r of rows) {
      const ms = side === 'js' ? r.jsMs : r.gpuMs;
      if (ms === null) continue;
      const g = gflopsPerSecond(r.size, ms);
      if (!top || g > top.gflops) top = { size: r.size, gflops: g };
    }
    return top;
  }

  function render(gpuRaces: boolean): void {
    results.hidden = false;
    if (!plot) buildPlot();
    else plot.setData(chartData());
    const js = best('js');
    const gpu = best('gpu');
    jsScore.textContent = js ? `${fmt.gflops(js.gflops)} GFLOP/s` : '—';
    jsScoreAt.textContent = js ? `best, at N = ${js.size}` : '';
    gpuScore.textContent = gpuRaces ? (gpu ? `${fmt.gflops(gpu.gflops)} GFLOP/s` : '—') : 'not available';
    gpuScoreAt.textContent = gpu ? `best, at N = ${gpu.size}` : '';
    tableBody.replaceChildren(
      ...rows.map((r) => {
        const tr = document.createElement('tr');
        const jsG = gflopsPerSecond(r.size, r.jsMs);
        const gpuG = r.gpuMs === null ? null : gflopsPerSecond(r.size, r.gpuMs);
        const cells = [
          String(r.size),
          fmt.ms(r.jsMs),
          fmt.gflops(jsG),
          r.gpuMs === null ? '—' : fmt.ms(r.gpuMs),
          gpuG === null ? '—' : fmt.gflops(gpuG),
          gpuG === null ? '—' : `${fmt.ratio(gpuG / jsG)}×`,
          r.agree === null ? '—' : r.agree ? 'yes' : 'NO',
        ];
        for (const [i, text] of cells.entries()) {
          const cell = document.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) cell.scope = 'row';
          cell.textContent = text;
          tr.append(cell);
        }
        return tr;
      }),
    );
  }

  async function timeGpu(engine: Engine, n: number, onTrial: (trial: number) => void): Promise<{ ms: number; diagonal: Float64Array }> {
    const a = engine.randn([n, n], { seed: SEED_A });
    const b = engine.randn([n, n], { seed: SEED_B });
    try {
      // Warm-up: compiles the kernel for this shape and fills the buffer pool.
      const warm = engine.matmul(a, b);
      await warm.data();
      warm.dispose();
      const times: number[] = [];
      let last: Float32Array | Int32Array = new Float32Array(0);
      for (let trial = 0; trial < TRIALS; trial++) {
        if (stopRequested) throw new Stopped();
        onTrial(trial + 1);
        const t0 = performance.now();
        const c = engine.matmul(a, b);
        // data() waits for the GPU to finish and copies C back: the time a program would wait for its answer.
        last = await c.data();
        times.push(performance.now() - t0);
        c.dispose();
      }
      return { ms: median(times), diagonal: diagonal(last, n) };
    } finally {
      a.dispose();
      b.dispose();
    }
  }

  async function start(): Promise<void> {
    if (running) return;
    running = true;
    stopRequested = false;
    rows = [];
    startButton.disabled = true;
    stopButton.disabled = false;
    root.dataset.state = 'running';
    announce.textContent = 'Race started.';
    let engine: Engine | null = null;
    let gpuRaces = false;
    try {
      progress.textContent = 'Looking for WebGPU…';
      const gpu = await openGpu();
      engine = gpu.engine;
      gpuRaces = engine !== null;
      gpuNote.textContent = engine
        ? `WebGPU adapter: ${gpu.adapterName}.` +
          (gpu.software
            ? ' This is a software implementation that runs on your CPU, not a graphics chip, so the "GPU" numbers below say nothing about real GPUs.'
            : '')
        : gpu.reason;
      gpuNote.hidden = false;
      if (stopRequested) throw new Stopped();
      jsSide = new JsSide();
      progress.textContent = 'Warming up the JavaScript side…';
      await jsSide.request({ kind: 'warmup' }, () => {});
      for (let n = nextSize(rows); n !== null; n = nextSize(rows)) {
        if (stopRequested) throw new Stopped();
        const size = n;
        const js = await jsSide.request({ kind: 'measure', size, trials: TRIALS, seedA: SEED_A, seedB: SEED_B }, (trial) => {
          progress.textContent = `N = ${size}: JavaScript, run ${trial} of ${TRIALS}…`;
        });
        if (js.kind !== 'measured') throw new Error(`JavaScript matmul: unexpected reply ${js.kind} at N = ${size}`);
        let gpuMs: number | null = null;
        let agree: boolean | null = null;
        if (engine) {
          if (stopRequested) throw new Stopped();
          progress.textContent = `N = ${size}: WebGPU, warm-up…`;
          const gpuResult = await timeGpu(engine, size, (trial) => {
            progress.textContent = `N = ${size}: WebGPU, run ${trial} of ${TRIALS}…`;
          });
          gpuMs = gpuResult.ms;
          agree = diagonalMismatch(gpuResult.diagonal, js.diagonal, size) < 1;
        }
        rows.push({ size, jsMs: median(js.times), gpuMs, agree });
        render(gpuRaces);
      }
      const jsBest = best('js');
      const gpuBest = best('gpu');
      const summary =
        `Done. Your JavaScript peaked at ${jsBest ? fmt.gflops(jsBest.gflops) : '—'} GFLOP/s` +
        (gpuBest ? `, WebGPU at ${fmt.gflops(gpuBest.gflops)} GFLOP/s.` : '; WebGPU was not available.') +
        (rows.some((r) => r.agree === false) ? ' Warning: the two sides gave different products at some size.' : '');
      progress.textContent = summary;
      announce.textContent = summary;
    } catch (error) {
      const message =
        error instanceof Stopped ? 'Stopped. The table keeps the sizes finished so far.' : `The race failed: ${(error as Error).message}`;
      progress.textContent = message;
      announce.textContent = message;
    } finally {
      jsSide?.stop();
      jsSide = null;
      engine?.dispose();
      running = false;
      startButton.disabled = false;
      stopButton.disabled = true;
      root.dataset.state = 'idle';
    }
  }

  startButton.addEventListener('click', () => void start());
  stopButton.addEventListener('click', () => {
    stopRequested = true;
    jsSide?.stop();
    progress.textContent = 'Stopping after the current GPU run…';
  });
  watchColorScheme(() => {
    if (plot) buildPlot();
  });
  new ResizeObserver(() => {
    if (plot && Math.abs(plot.width - plotHost.clientWidth) > 4) plot.setSize({ width: Math.max(280, plotHost.clientWidth), height: 320 });
  }).observe(plotHost);
  stopButton.disabled = true;
  root.dataset.ready = 'true';
}
