/**
 * WorkerSpeedup, the interactive part (loaded by element.ts when the demo
 * nears the viewport). On Start it calibrates the job to the chosen size,
 * then for each worker count starts that many Web Workers, gives each an
 * equal chunk, waits for all partial sums and adds them up, timing the whole
 * thing (median of 3). The plot shows measured speedup, Amdahl's law fitted
 * to it (amdahl.ts) and the ideal S = N; the table holds the same numbers.
 *
 * Start-up and combining are deliberately inside the timing: they are the
 * serial part that Amdahl's law is about.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { amdahlCeiling, amdahlSpeedup, fitParallelFraction, median, speedupRows, workerCounts, type SpeedupRow } from './amdahl';
import { elementsForTarget, splitRange } from './workload';
import { axisStyle, readChartColors, watchColorScheme } from '../shared/chart-theme';
import type { ChunkReply } from './speedup.worker';

const TRIALS = 3;
const CALIBRATION_ELEMENTS = 2_000_000;

class Stopped extends Error {
  constructor() {
    super('stopped by the learner');
  }
}

interface Measurement {
  readonly workers: number;
  /** Median wall time: start workers, sum, combine. */
  readonly ms: number;
  /** Median of each trial's slowest worker's time spent summing. */
  readonly computeMs: number;
  readonly sum: number;
}

function spawnWorker(index: number): Worker {
  return new Worker(new URL('./speedup.worker.ts', import.meta.url), { type: 'module', name: `speedup worker ${index + 1}` });
}

/** Runs and times one split-sum-combine with n fresh workers. */
class Runner {
  private active: Worker[] = [];
  private cancel: ((error: Error) => void) | null = null;
  stopped = false;

  stop(): void {
    this.stopped = true;
    for (const worker of this.active) worker.terminate();
    this.active = [];
    this.cancel?.(new Stopped());
  }

  /** Ask the workers for their chunks; resolves with every reply, rejects on Stop or a worker error. */
  private collect(workers: Worker[], ranges: { start: number; end: number }[]): Promise<ChunkReply[]> {
    return new Promise<ChunkReply[]>((resolve, reject) => {
      if (this.stopped) return reject(new Stopped());
      this.cancel = reject;
      const replies: (ChunkReply | undefined)[] = new Array(workers.length);
      let pending = workers.length;
      workers.forEach((worker, k) => {
        worker.onmessage = (event: MessageEvent<ChunkReply>) => {
          replies[k] = event.data;
          if (--pending === 0) resolve(replies as ChunkReply[]);
        };
        worker.onerror = (event) => reject(new Error(`worker ${k + 1} of ${workers.length} failed: ${event.message || 'could not start'}`));
        worker.postMessage(ranges[k]);
      });
    });
  }

  async timeOnce(workerCount: number, total: number): Promise<{ ms: number; computeMs: number; sum: number }> {
    const t0 = performance.now();
    const workers = Array.from({ length: workerCount }, (_, k) => spawnWorker(k));
    this.active = workers;
    try {
      const replies = await this.collect(workers, splitRange(total, workerCount));
      let sum = 0;
      for (const reply of replies) sum += reply.sum;
      const ms = performance.now() - t0;
      return { ms, computeMs: Math.max(...replies.map((r) => r.computeMs)), sum };
    } finally {
      for (const worker of workers) worker.terminate();
      this.active = [];
      this.cancel = null;
    }
  }

  /** Elements one worker sums in about targetMs: a warm-up run, then a timed one, in one worker. */
  async calibrate(targetMs: number): Promise<number> {
    const worker = spawnWorker(0);
    this.active = [worker];
    try {
      await this.collect([worker], [{ start: 0, end: CALIBRATION_ELEMENTS }]);
      const [timed] = await this.collect([worker], [{ start: 0, end: CALIBRATION_ELEMENTS }]);
      return elementsForTarget(CALIBRATION_ELEMENTS, Math.max(timed!.computeMs, 0.1), targetMs);
    } finally {
      worker.terminate();
      this.active = [];
      this.cancel = null;
    }
  }
}

const format = {
  ms: (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)),
  x: (v: number) => v.toFixed(2),
  pct: (v: number) => `${Math.round(v * 100)}%`,
};

export function mountWorkerSpeedup(root: HTMLElement): void {
  const $ = <T extends Element>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`WorkerSpeedup: missing ${selector} in the server-rendered markup`);
    return found;
  };
  const startButton = $<HTMLButtonElement>('[data-action="start"]');
  const stopButton = $<HTMLButtonElement>('[data-action="stop"]');
  const sizeSelect = $<HTMLSelectElement>('[data-job-size]');
  const oversubscribeBox = $<HTMLInputElement>('[data-oversubscribe]');
  const progress = $<HTMLElement>('[data-progress]');
  const announce = $<HTMLElement>('[data-announce]');
  const results = $<HTMLElement>('[data-results]');
  const plotHost = $<HTMLElement>('[data-plot]');
  const tableBody = $<HTMLTableSectionElement>('[data-table] tbody');
  const fitText = $<HTMLElement>('[data-fit]');
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  $<HTMLElement>('[data-cores]').textContent = String(cores);

  let runner: Runner | null = null;
  let measurements: Measurement[] = [];
  let counts: number[] = [];
  let plot: uPlot | null = null;

  const maxCores = Math.min(16, cores);

  function chartData(): uPlot.AlignedData {
    const maxN = Math.max(2, ...counts);
    const xs = Array.from({ length: maxN }, (_, k) => k + 1);
    const rows = measurements.length && measurements[0]!.workers === 1 ? speedupRows(measurements) : [];
    const p = fitParallelFraction(rows, maxCores);
    const measuredAt = new Map(rows.map((r) => [r.workers, r.speedup]));
    return [
      xs,
      xs.map((n) => n),
      xs.map((n) => (p === null ? null : amdahlSpeedup(p, n))),
      xs.map((n) => measuredAt.get(n) ?? null),
    ];
  }

  function buildPlot(): void {
    plot?.destroy();
    const colors = readChartColors(root);
    const axis = axisStyle(colors);
    const width = Math.max(280, plotHost.clientWidth);
    plot = new uPlot(
      {
        width,
        height: 300,
        title: 'Speedup vs number of workers',
        scales: { x: { time: false, distr: 3, log: 2 }, y: { range: (_u, _min, max) => [0, Math.max(2, Math.ceil(max))] } },
        axes: [
          { ...axis, label: 'workers N (log scale)', values: (_u, splits) => splits.map((v) => String(v)) },
          { ...axis, label: 'speedup S' },
        ],
        legend: { show: true, live: false },
        series: [
          { label: 'workers' },
          { label: 'ideal S = N', stroke: colors.muted, width: 1.5, dash: [4, 6], points: { show: false } },
          { label: 'Amdahl fit', stroke: colors.accent2, width: 2, points: { show: false } },
          { label: 'measured', stroke: colors.accent, width: 2.5, spanGaps: true, points: { show: true, size: 9, fill: colors.accent } },
        ],
      },
      chartData(),
      plotHost,
    );
  }

  function render(): void {
    results.hidden = false;
    if (!plot) buildPlot();
    else plot.setData(chartData());
    const rows: SpeedupRow[] = measurements.length ? speedupRows(measurements) : [];
    const p = fitParallelFraction(rows, maxCores);
    tableBody.replaceChildren(
      ...rows.map((row, k) => {
        const m = measurements[k]!;
        const tr = document.createElement('tr');
        const cells = [
          row.workers > maxCores ? `${row.workers} (more than cores)` : String(row.workers),
          format.ms(row.ms),
          format.ms(Math.max(0, m.ms - m.computeMs)),
          format.x(row.speedup),
          format.pct(row.efficiency),
          p === null ? '—' : format.x(amdahlSpeedup(p, row.workers)),
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
    if (p === null) {
      fitText.textContent = 'The Amdahl fit appears once a second worker count has been measured.';
    } else {
      const ceiling = amdahlCeiling(p);
      const fromPoints = rows.filter((r) => r.workers > 1 && r.workers <= maxCores).map((r) => r.workers);
      fitText.textContent =
        `Fitted parallel fraction p = ${p.toFixed(3)} (least squares on 1 − 1/S = p·(1 − 1/N) over N = ${fromPoints.join(', ')}` +
        `${fromPoints.length === 1 ? ', so exactly the p that reproduces that point' : ''}; counts above your ${cores} cores are left out). ` +
        `Amdahl's ceiling for this p: ${Number.isFinite(ceiling) ? ceiling.toFixed(1) : 'none'}.`;
    }
  }

  function setRunning(running: boolean): void {
    startButton.disabled = running;
    stopButton.disabled = !running;
    sizeSelect.disabled = running;
    oversubscribeBox.disabled = running;
    root.dataset.state = running ? 'running' : 'idle';
  }

  async function start(): Promise<void> {
    if (runner) return;
    const current = new Runner();
    runner = current;
    setRunning(true);
    measurements = [];
    counts = workerCounts(navigator.hardwareConcurrency, 16, oversubscribeBox.checked);
    const targetMs = Number(sizeSelect.value);
    announce.textContent = `Started: measuring ${counts.join(', ')} workers.`;
    try {
      progress.textContent = 'Warming up and sizing the job…';
      const total = await current.calibrate(targetMs);
      for (const n of counts) {
        const trials: { ms: number; computeMs: number; sum: number }[] = [];
        for (let t = 0; t < TRIALS; t++) {
          progress.textContent = `Measuring ${n} worker${n === 1 ? '' : 's'}, run ${t + 1} of ${TRIALS} (job: ${total.toLocaleString('en')} terms)…`;
          trials.push(await current.timeOnce(n, total));
        }
        const ms = median(trials.map((r) => r.ms));
        const sum = trials[0]!.sum;
        const reference = measurements[0]?.sum ?? sum;
        // Splitting changes the order of additions, so sums agree to rounding, not bit for bit.
        if (Math.abs(sum - reference) > 1e-6 * Math.max(1, Math.abs(reference)) + 1e-3 * Math.sqrt(total)) {
          throw new Error(`the ${n}-worker sum ${sum} differs from the 1-worker sum ${reference}: a chunk was lost or counted twice`);
        }
        measurements.push({ workers: n, ms, computeMs: median(trials.map((r) => r.computeMs)), sum });
        render();
      }
      const rows = speedupRows(measurements);
      const best = rows.reduce((a, b) => (b.speedup > a.speedup ? b : a));
      const p = fitParallelFraction(rows, maxCores);
      const summary =
        `Done. Fastest: ${best.workers} worker${best.workers === 1 ? '' : 's'}, speedup ${format.x(best.speedup)}, efficiency ${format.pct(best.efficiency)}.` +
        (p === null ? '' : ` Fitted p = ${p.toFixed(3)}.`);
      progress.textContent = summary;
      announce.textContent = summary;
    } catch (error) {
      const message = error instanceof Stopped ? 'Stopped. The table keeps the worker counts measured so far.' : `The measurement failed: ${(error as Error).message}`;
      progress.textContent = message;
      announce.textContent = message;
    } finally {
      runner = null;
      setRunning(false);
    }
  }

  startButton.addEventListener('click', () => void start());
  stopButton.addEventListener('click', () => runner?.stop());
  watchColorScheme(() => {
    if (plot) buildPlot();
  });
  new ResizeObserver(() => {
    if (plot && Math.abs(plot.width - plotHost.clientWidth) > 4) plot.setSize({ width: Math.max(280, plotHost.clientWidth), height: 300 });
  }).observe(plotHost);
  setRunning(false);
  root.dataset.ready = 'true';
}
