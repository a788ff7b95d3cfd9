/**
 * MandelbrotPipelines, the interactive part (loaded by element.ts when the
 * demo nears the viewport). On Draw: the chosen view is drawn by a render
 * pipeline whose fragment shader paints a texture, shown on the left canvas,
 * and by a compute kernel whose storage buffer is read back and painted on
 * the right canvas (gpu.ts); each is timed over a few runs after a warm-up. The page then
 * computes the same counts in JavaScript, in small chunks so it stays
 * responsive, as the reference both GPU images are compared with. Without
 * WebGPU only the JavaScript version runs, and the demo says so.
 */
import { summarizeAdapter, type AdapterInfoLike } from '../matmul-race/adapter';
import { computeWithKernel, createMandelbrotGpu, renderWithPipeline, type MandelbrotGpu, type RenderedImage, type TimedImage } from './gpu';
import {
  compareCounts,
  countsToRgba,
  describeDifference,
  formatMs,
  IMAGE_HEIGHT,
  IMAGE_WIDTH,
  median,
  REGIONS,
  renderRowsOnCpu,
  viewOf,
  type MandelbrotView,
} from './view';

const GPU_RUNS = 3;
/** Rows the JavaScript version computes between yields to the page. */
const CPU_ROWS_PER_CHUNK = 8;

class Stopped extends Error {
  constructor() {
    super('stopped by the learner');
  }
}

interface GpuState {
  readonly gpu: MandelbrotGpu | null;
  readonly adapterName: string;
  readonly software: boolean;
  /** Why the GPU versions cannot run, when they cannot. */
  readonly reason: string;
}

async function openGpu(): Promise<GpuState> {
  const none = { gpu: null, adapterName: '', software: false };
  const navigatorGpu = (navigator as { gpu?: GPU }).gpu;
  if (!navigatorGpu) {
    return {
      ...none,
      reason:
        'This browser offers no WebGPU (navigator.gpu is missing; it also needs https:// or localhost), so only the JavaScript version runs, on the right.',
    };
  }
  const adapter = await navigatorGpu.requestAdapter().catch(() => null);
  if (!adapter) {
    return { ...none, reason: 'This browser has WebGPU but returned no adapter (the GPU may be blocklisted or WebGPU switched off), so only the JavaScript version runs.' };
  }
  const { name, software } = summarizeAdapter((adapter as { info?: AdapterInfoLike }).info, (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true);
  try {
    const device = await adapter.requestDevice({ label: 'mandelbrot pipelines demo' });
    return { gpu: await createMandelbrotGpu(device), adapterName: name, software, reason: '' };
  } catch (error) {
    return { ...none, adapterName: name, software, reason: `WebGPU could not start (${(error as Error).message}), so only the JavaScript version runs.` };
  }
}

function paint(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray<ArrayBuffer>, view: MandelbrotView): void {
  const context = canvas.getContext('2d');
  if (!context) throw new Error('MandelbrotPipelines: the canvas gave no 2-D context');
  context.putImageData(new ImageData(rgba, view.width, view.height), 0, 0);
}

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function mountMandelbrotPipelines(root: HTMLElement): void {
  const $ = <T extends Element>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`MandelbrotPipelines: missing ${selector} in the server-rendered markup`);
    return found;
  };
  const drawButton = $<HTMLButtonElement>('[data-action="draw"]');
  const stopButton = $<HTMLButtonElement>('[data-action="stop"]');
  const regionSelect = $<HTMLSelectElement>('[data-region]');
  const iterationSelect = $<HTMLSelectElement>('[data-iterations]');
  const progress = $<HTMLElement>('[data-progress]');
  const announce = $<HTMLElement>('[data-announce]');
  const results = $<HTMLElement>('[data-results]');
  const gpuNote = $<HTMLElement>('[data-gpu-note]');
  const summary = $<HTMLElement>('[data-summary]');
  const renderCanvas = $<HTMLCanvasElement>('[data-canvas="render"]');
  const computeCanvas = $<HTMLCanvasElement>('[data-canvas="compute"]');
  const renderCaption = $<HTMLElement>('[data-caption="render"]');
  const computeCaption = $<HTMLElement>('[data-caption="compute"]');
  const tableBody = $<HTMLTableSectionElement>('[data-table] tbody');

  for (const canvas of [renderCanvas, computeCanvas]) {
    canvas.width = IMAGE_WIDTH;
    canvas.height = IMAGE_HEIGHT;
  }
  let gpuState: Promise<GpuState> | null = null;
  let stopRequested = false;
  let running = false;

  const setRunning = (on: boolean): void => {
    running = on;
    drawButton.disabled = on;
    stopButton.disabled = !on;
    regionSelect.disabled = on;
    iterationSelect.disabled = on;
  };
  const checkStop = (): void => {
    if (stopRequested) throw new Stopped();
  };

  function addRow(cells: readonly string[]): void {
    const row = document.createElement('tr');
    cells.forEach((text, i) => {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) cell.scope = 'row';
      cell.textContent = text;
      row.append(cell);
    });
    tableBody.append(row);
  }

  async function cpuCounts(view: MandelbrotView): Promise<{ counts: Uint32Array; ms: number }> {
    const counts = new Uint32Array(view.width * view.height);
    let ms = 0;
    for (let row = 0; row < view.height; row += CPU_ROWS_PER_CHUNK) {
      checkStop();
      const started = performance.now();
      renderRowsOnCpu(view, counts, row, Math.min(view.height, row + CPU_ROWS_PER_CHUNK));
      ms += performance.now() - started;
      progress.textContent = `JavaScript on the CPU: row ${Math.min(view.height, row + CPU_ROWS_PER_CHUNK)} of ${view.height}…`;
      await nextTask();
    }
    return { counts, ms };
  }

  async function draw(): Promise<void> {
    const region = REGIONS.find((r) => r.id === regionSelect.value) ?? REGIONS[0]!;
    const maxIter = Number(iterationSelect.value);
    const view = viewOf(region, IMAGE_WIDTH, IMAGE_HEIGHT, maxIter);
    const label = `${region.label}, iteration limit ${maxIter}`;
    stopRequested = false;
    setRunning(true);
    results.hidden = false;
    tableBody.replaceChildren();
    summary.textContent = '';
    try {
      progress.textContent = 'Starting WebGPU…';
      gpuState ??= openGpu();
      const state = await gpuState;
      checkStop();
      gpuNote.hidden = false;
      gpuNote.textContent = state.gpu
        ? `WebGPU adapter: ${state.adapterName}.${state.software ? ' It is a software implementation running on your CPU, so its timings say nothing about a real graphics chip.' : ''} Timings are your own machine's: each is the median of ${GPU_RUNS} runs after a warm-up, from submitting the pass until the GPU reports it done.`
        : state.reason;

      let rendered: RenderedImage | null = null;
      let computed: TimedImage | null = null;
      if (state.gpu) {
        progress.textContent = `Render pipeline: drawing ${label}…`;
        rendered = await renderWithPipeline(state.gpu, view, GPU_RUNS, () => stopRequested);
        checkStop();
        paint(renderCanvas, rendered!.rgba, view);
        renderCaption.textContent = `Render pipeline (fragment shader): ${formatMs(median(rendered!.timesMs))} ms`;
        progress.textContent = `Compute shader: computing ${label}…`;
        computed = await computeWithKernel(state.gpu, view, GPU_RUNS, () => stopRequested);
        checkStop();
        paint(computeCanvas, countsToRgba(computed!.counts, view.maxIter), view);
        computeCaption.textContent = `Compute shader, buffer copied to the canvas: ${formatMs(median(computed!.timesMs))} ms`;
      } else {
        renderCaption.textContent = 'Render pipeline: not available without WebGPU';
      }

      const cpu = await cpuCounts(view);
      if (!computed) {
        paint(computeCanvas, countsToRgba(cpu.counts, view.maxIter), view);
        computeCaption.textContent = `JavaScript on the CPU (no WebGPU here): ${formatMs(cpu.ms)} ms`;
      }

      const versusCpu = (counts: Uint32Array): string => describeDifference(compareCounts(counts, cpu.counts, view.width));
      if (rendered && computed) {
        addRow(['Render pipeline (fragment shader)', formatMs(median(rendered.timesMs)), rendered.timesMs.map(formatMs).join(', '), versusCpu(rendered.counts)]);
        addRow(['Compute shader (storage buffer)', formatMs(median(computed.timesMs)), computed.timesMs.map(formatMs).join(', '), versusCpu(computed.counts)]);
      }
      addRow(['JavaScript, one CPU thread', formatMs(cpu.ms), '1 run', 'is the reference']);

      const text =
        rendered && computed
          ? `${label}: render pipeline ${formatMs(median(rendered.timesMs))} ms, compute shader ${formatMs(median(computed.timesMs))} ms, ` +
            `JavaScript ${formatMs(cpu.ms)} ms. The two GPU images differ in ${describeDifference(compareCounts(rendered.counts, computed.counts, view.width))}.`
          : `${label}: JavaScript ${formatMs(cpu.ms)} ms on one CPU thread. Without WebGPU there are no GPU images to compare.`;
      summary.textContent = text;
      announce.textContent = text;
      progress.textContent = 'Done. Choose another view or limit and draw again.';
    } catch (error) {
      if (error instanceof Stopped) {
        progress.textContent = 'Stopped. Press Draw to start again.';
        announce.textContent = 'Stopped.';
      } else {
        progress.textContent = `The demo failed: ${(error as Error).message}`;
        announce.textContent = progress.textContent;
      }
    } finally {
      setRunning(false);
    }
  }

  drawButton.addEventListener('click', () => {
    if (!running) void draw();
  });
  stopButton.addEventListener('click', () => {
    stopRequested = true;
    progress.textContent = 'Stopping after the current step…';
  });
  root.dataset.ready = 'true';
}
