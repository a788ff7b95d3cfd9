/**
 * The training playground's interactive part, loaded by element.ts when the
 * demo nears the viewport. It wires the controls to a SpiralTrainer and keeps
 * the page responsive by training in short chunks (a few steps, one readback,
 * then a yield to the browser so it can paint and handle input), sized so a
 * chunk takes about CHUNK_TARGET_MS on this machine. Live output: the loss
 * curve (uPlot), the decision boundary (canvas), progress text, a table of the
 * numbers, and an aria-live region that speaks only at milestones.
 */
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import { createEngine, spirals, type Engine, type PointDataset } from '../../engine';
import { DEFAULT_GRID, parseCanvasColour, regionPixels, toCanvas, type Rgb } from './boundary';
import {
  adaptChunkSize,
  hasDiverged,
  isEvaluationStep,
  isMilestone,
  isTableStep,
  nextChunkSteps,
} from './schedule';
import { ACTIVATION_LABELS, DATASET, needsNewNetwork, parseSettings, STEP_BUDGET, type PlaygroundSettings } from './settings';
import { SpiralTrainer, type Evaluation } from './trainer';

type BackendChoice = 'auto' | 'cpu';

interface TableRow {
  step: number;
  loss: number;
  accuracy: number;
}

const numberFormat = new Intl.NumberFormat('en');
const formatLoss = (loss: number): string => {
  if (!Number.isFinite(loss)) return String(loss);
  if (loss < 0.001) return loss.toExponential(1);
  return loss >= 10 ? loss.toFixed(1) : loss.toFixed(3);
};
const formatPercent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/** Let the browser paint and handle input before the next chunk: after the next frame, then a macrotask. */
function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function injectUPlotCss(): void {
  if (document.querySelector('style[data-uplot-css]')) return;
  const style = document.createElement('style');
  style.dataset.uplotCss = '';
  style.textContent = uPlotCss;
  document.head.append(style);
}

function required<T extends Element>(root: Element, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`training playground: the markup lacks ${selector} (TrainingPlayground.astro and app.ts disagree)`);
  return element;
}

class Playground {
  private readonly root: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly trainButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly resetButton: HTMLButtonElement;
  private readonly structureSelects: HTMLSelectElement[];
  private readonly backendSelect: HTMLSelectElement;
  private readonly learningRateSelect: HTMLSelectElement;
  private readonly backendText: HTMLElement;
  private readonly progressText: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly plotHost: HTMLElement;
  private readonly plotEmpty: HTMLElement;
  private readonly tableBody: HTMLTableSectionElement;
  private readonly data: PointDataset = spirals(DATASET);

  private engine: Engine | null = null;
  private engineChoice: BackendChoice | null = null;
  private trainer: SpiralTrainer | null = null;
  private running: Promise<void> | null = null;
  private stopRequested = false;
  private chunkSize = 4;
  private trainMs = 0;
  private trainedSteps = 0;
  private lossSteps: number[] = [];
  private lossValues: (number | null)[] = [];
  private rows: TableRow[] = [];
  private lastEvaluation: (Evaluation & { step: number }) | null = null;
  private plot: uPlot | null = null;
  private note = '';
  /** The weights stopped being finite numbers: only Reset helps. */
  private diverged = false;

  constructor(root: HTMLElement) {
    this.root = root;
    this.form = required(root, '[data-controls]');
    this.trainButton = required(root, '[data-action="train"]');
    this.stopButton = required(root, '[data-action="stop"]');
    this.resetButton = required(root, '[data-action="reset"]');
    this.structureSelects = [required(root, 'select[name="hidden"]'), required(root, 'select[name="activation"]')];
    this.learningRateSelect = required(root, 'select[name="learningRate"]');
    this.backendSelect = required(root, 'select[name="backend"]');
    this.backendText = required(root, '[data-backend]');
    this.progressText = required(root, '[data-progress]');
    this.announcer = required(root, '[data-announce]');
    this.canvas = required(root, '[data-boundary]');
    this.plotHost = required(root, '[data-plot]');
    this.plotEmpty = required(root, '[data-plot-empty]');
    this.tableBody = required(root, '[data-table] tbody');

    this.form.addEventListener('submit', (event) => event.preventDefault());
    this.trainButton.addEventListener('click', () => void this.train());
    this.stopButton.addEventListener('click', () => this.stop());
    this.resetButton.addEventListener('click', () => void this.reset('Reset: a new network from the same starting weights. Press Train.'));
    for (const select of this.structureSelects) {
      select.addEventListener('change', () => void this.onStructureChange());
    }
    this.learningRateSelect.addEventListener('change', () => this.onLearningRateChange());
    this.backendSelect.addEventListener('change', () => void this.onBackendChange());

    const redraw = (): void => {
      this.drawBoundary();
      this.rebuildPlot();
    };
    new ResizeObserver(() => redraw()).observe(this.canvas.parentElement ?? this.canvas);
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redraw);

    this.updateControls();
    this.updateProgress();
    this.drawBoundary();
    this.root.dataset.ready = 'true';
  }

  /** Read from the selects themselves: FormData would skip them while they are disabled during training. */
  private get settings(): PlaygroundSettings {
    const [hidden, activation] = this.structureSelects as [HTMLSelectElement, HTMLSelectElement];
    return parseSettings({ hidden: hidden.value, activation: activation.value, learningRate: this.learningRateSelect.value });
  }

  // ------------------------------------------------------------ actions

  private async train(): Promise<void> {
    if (this.running) return;
    if (this.diverged || (this.trainer && this.trainer.steps >= STEP_BUDGET)) return;
    this.stopRequested = false;
    this.running = this.runTraining().finally(() => {
      this.running = null;
      this.updateControls();
    });
    this.updateControls();
    await this.running;
  }

  private stop(): void {
    if (!this.running) return;
    this.stopRequested = true;
    this.progressText.textContent = `${this.progressSummary()} Stopping after this chunk…`;
  }

  private async reset(note: string): Promise<void> {
    if (this.running) {
      this.stopRequested = true;
      await this.running;
    }
    this.trainer?.dispose();
    this.trainer = null;
    this.lossSteps = [];
    this.lossValues = [];
    this.rows = [];
    this.lastEvaluation = null;
    this.trainMs = 0;
    this.trainedSteps = 0;
    this.diverged = false;
    this.note = note;
    this.renderTable();
    this.rebuildPlot();
    this.drawBoundary();
    this.updateProgress();
    this.updateControls();
  }

  private async onStructureChange(): Promise<void> {
    // Selects are disabled while training, so this runs only when stopped.
    const note = `New network: ${this.describeSettings(this.settings)}. Press Train.`;
    if (this.trainer && needsNewNetwork(this.trainer.settings, this.settings)) {
      await this.reset(note);
    } else if (!this.trainer) {
      this.note = note;
      this.updateProgress();
    }
  }

  private onLearningRateChange(): void {
    const { learningRate } = this.settings;
    if (!this.trainer) return;
    this.trainer.setLearningRate(learningRate);
    this.note = `Learning rate set to ${learningRate}; it applies from the next step.`;
    if (!this.running) this.updateProgress();
  }

  private async onBackendChange(): Promise<void> {
    await this.reset('Backend changed: a new network. Press Train.');
    this.engine?.dispose();
    this.engine = null;
    this.engineChoice = null;
    this.backendText.textContent = 'The engine starts when you press Train.';
  }

  // ------------------------------------------------------------ training

  private async runTraining(): Promise<void> {
    this.note = '';
    try {
      const engine = await this.ensureEngine();
      if (!this.trainer) {
        this.trainer = new SpiralTrainer(engine, this.settings, DEFAULT_GRID);
        this.chunkSize = 4;
        await this.evaluateAndShow();
      }
      const trainer = this.trainer;
      this.progressText.textContent = this.progressSummary();
      while (!this.stopRequested && trainer.steps < STEP_BUDGET) {
        const before = trainer.steps;
        const count = nextChunkSteps(before, STEP_BUDGET, this.chunkSize);
        const started = performance.now();
        const losses = await trainer.train(count);
        const elapsed = performance.now() - started;
        this.trainMs += elapsed;
        this.trainedSteps += count;
        this.chunkSize = adaptChunkSize(this.chunkSize, count, elapsed);
        // Loss measured by step k is the loss after k - 1 updates: plot it there.
        losses.forEach((loss, i) => {
          this.lossSteps.push(before + i);
          this.lossValues.push(Number.isFinite(loss) ? Math.max(loss, 1e-6) : null);
        });
        if (hasDiverged(losses)) {
          this.diverged = true;
          this.note = `The loss became ${losses.find((l) => !Number.isFinite(l))}: the weights blew up. Choose a smaller learning rate and press Reset.`;
          this.announce(`Training stopped at step ${trainer.steps}: the loss is no longer a finite number. Try a smaller learning rate.`);
          break;
        }
        if (isEvaluationStep(trainer.steps, STEP_BUDGET)) await this.evaluateAndShow();
        this.updatePlot();
        this.progressText.textContent = this.progressSummary();
        if (trainer.steps < STEP_BUDGET && isMilestone(trainer.steps, STEP_BUDGET)) this.announce(this.milestoneText('Step'));
        await yieldToBrowser();
      }
      // Stopped between evaluation points: evaluate now, so the picture, the
      // table and the announcement describe the weights the learner stopped at.
      if (this.lastEvaluation?.step !== trainer.steps && !this.diverged) {
        await this.evaluateAndShow({ forceRow: true });
      }
      if (trainer.steps >= STEP_BUDGET) {
        this.note = `Done: the ${numberFormat.format(STEP_BUDGET)}-step budget is used up. Reset to train again, or change a setting.`;
        this.announce(this.milestoneText('Finished at step'));
      } else if (this.stopRequested) {
        this.announce(this.milestoneText('Stopped at step'));
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.note = `Training failed: ${message}`;
      this.announce(`Training failed: ${message}`);
    } finally {
      this.updatePlot();
      this.updateProgress();
    }
  }

  /** Creates the engine on first use (never on page load: a GPU device is not free). */
  private async ensureEngine(): Promise<Engine> {
    const choice: BackendChoice = this.backendSelect.value === 'cpu' ? 'cpu' : 'auto';
    if (this.engine && this.engineChoice === choice) return this.engine;
    this.engine?.dispose();
    this.engine = null;
    this.backendText.textContent = 'Starting the engine…';
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    let engine: Engine;
    let text: string;
    if (choice === 'cpu') {
      engine = await createEngine({ backend: 'cpu' });
      text = 'Running on the engine’s CPU backend (you chose it): the same arithmetic in plain JavaScript.';
    } else if (!gpu) {
      engine = await createEngine({ backend: 'cpu' });
      text = 'This browser has no WebGPU (navigator.gpu is missing), so training runs on the engine’s CPU backend: the same arithmetic in plain JavaScript.';
    } else {
      try {
        engine = await createEngine({
          backend: 'auto',
          onDeviceLost: (info) => {
            this.stopRequested = true;
            this.engine = null;
            this.engineChoice = null;
            this.trainer = null;
            this.backendText.textContent = `The GPU device was lost (${info}). Press Reset, then Train, to start again.`;
          },
        });
        text =
          engine.backendName === 'webgpu'
            ? 'Running on the engine’s WebGPU backend: every step’s matrix products and activations are GPU kernels.'
            : 'WebGPU is present but offered no GPU adapter, so training runs on the engine’s CPU backend.';
      } catch (error) {
        engine = await createEngine({ backend: 'cpu' });
        text = `WebGPU could not start (${error instanceof Error ? error.message : String(error)}), so training runs on the engine’s CPU backend.`;
      }
    }
    this.engine = engine;
    this.engineChoice = choice;
    this.root.dataset.backend = engine.backendName;
    this.backendText.textContent = text;
    return engine;
  }

  private async evaluateAndShow({ forceRow = false } = {}): Promise<void> {
    const trainer = this.trainer;
    if (!trainer) return;
    const evaluation = await trainer.evaluate();
    this.lastEvaluation = { ...evaluation, step: trainer.steps };
    if ((forceRow || isTableStep(trainer.steps, STEP_BUDGET)) && this.rows.at(-1)?.step !== trainer.steps) {
      this.rows.push({ step: trainer.steps, loss: evaluation.loss, accuracy: evaluation.accuracy });
      this.renderTable();
    }
    this.drawBoundary();
  }

  // ------------------------------------------------------------ output

  private announce(text: string): void {
    this.announcer.textContent = text;
  }

  private milestoneText(prefix: string): string {
    const evaluation = this.lastEvaluation;
    const steps = this.trainer?.steps ?? 0;
    if (!evaluation) return `${prefix} ${numberFormat.format(steps)}.`;
    return `${prefix} ${numberFormat.format(steps)}: loss ${formatLoss(evaluation.loss)}, training accuracy ${formatPercent(evaluation.accuracy)}.`;
  }

  private describeSettings(settings: PlaygroundSettings): string {
    return `2 → ${settings.hidden} ${ACTIVATION_LABELS[settings.activation]} → 2, learning rate ${settings.learningRate}`;
  }

  private progressSummary(): string {
    const trainer = this.trainer;
    if (!trainer) return `Not trained yet. Press Train to run up to ${numberFormat.format(STEP_BUDGET)} steps.`;
    const parts = [`Step ${numberFormat.format(trainer.steps)} of ${numberFormat.format(STEP_BUDGET)}.`];
    const evaluation = this.lastEvaluation;
    const lastLoss = this.lossValues.at(-1);
    if (evaluation && evaluation.step === trainer.steps) {
      parts.push(`Loss ${formatLoss(evaluation.loss)}, training accuracy ${formatPercent(evaluation.accuracy)}.`);
    } else {
      if (lastLoss !== undefined) parts.push(`Loss ${lastLoss === null ? 'not a number' : formatLoss(lastLoss)}.`);
      if (evaluation) parts.push(`Training accuracy ${formatPercent(evaluation.accuracy)} (at step ${numberFormat.format(evaluation.step)}).`);
    }
    if (this.trainedSteps > 0) {
      parts.push(`${(this.trainMs / this.trainedSteps).toFixed(1)} ms per step on your device (${trainer.engine.backendName === 'webgpu' ? 'WebGPU' : 'CPU'}).`);
    }
    return parts.join(' ');
  }

  private updateProgress(): void {
    this.progressText.textContent = [this.progressSummary(), this.note].filter(Boolean).join(' ');
  }

  private updateControls(): void {
    const running = this.running !== null;
    const done = this.diverged || (this.trainer?.steps ?? 0) >= STEP_BUDGET;
    this.trainButton.disabled = running || done;
    this.trainButton.textContent = this.trainer && this.trainer.steps > 0 && !done ? 'Continue' : 'Train';
    this.stopButton.disabled = !running;
    for (const select of this.structureSelects) select.disabled = running;
    this.backendSelect.disabled = running;
    this.root.dataset.state = running ? 'running' : done ? 'done' : this.trainer ? 'stopped' : 'idle';
  }

  private renderTable(): void {
    const fragment = document.createDocumentFragment();
    for (const row of this.rows) {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = numberFormat.format(row.step);
      const loss = document.createElement('td');
      loss.textContent = formatLoss(row.loss);
      const accuracy = document.createElement('td');
      accuracy.textContent = formatPercent(row.accuracy);
      tr.append(th, loss, accuracy);
      fragment.append(tr);
    }
    if (this.rows.length === 0) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = 3;
      td.textContent = 'No steps yet.';
      tr.append(td);
      fragment.append(tr);
    }
    this.tableBody.replaceChildren(fragment);
  }

  // ------------------------------------------------------------ colours

  /** A theme colour as RGB: the CSS variable, normalised by a canvas context (which also accepts named and rgb() colours). */
  private themeColour(name: string, fallback: Rgb): Rgb {
    const value = getComputedStyle(this.root).getPropertyValue(name).trim();
    const probe = document.createElement('canvas').getContext('2d');
    if (!probe || !value) return fallback;
    probe.fillStyle = '#000000';
    probe.fillStyle = value;
    return parseCanvasColour(String(probe.fillStyle)) ?? fallback;
  }

  private cssColour(name: string, fallback: string): string {
    return getComputedStyle(this.root).getPropertyValue(name).trim() || fallback;
  }

  // ------------------------------------------------------------ boundary

  private drawBoundary(): void {
    const canvas = this.canvas;
    const cssSize = Math.max(1, Math.round(canvas.getBoundingClientRect().width));
    const pixels = Math.round(cssSize * (window.devicePixelRatio || 1));
    if (canvas.width !== pixels || canvas.height !== pixels) {
      canvas.width = pixels;
      canvas.height = pixels;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const class0 = this.themeColour('--accent', [37, 99, 235]);
    const class1 = this.themeColour('--accent-2', [217, 72, 15]);
    const { size, extent } = DEFAULT_GRID;
    ctx.clearRect(0, 0, pixels, pixels);
    ctx.fillStyle = this.cssColour('--bg', '#ffffff');
    ctx.fillRect(0, 0, pixels, pixels);

    const evaluation = this.lastEvaluation;
    if (evaluation) {
      const image = new ImageData(regionPixels(evaluation.gridProbabilities, size, class0, class1) as Uint8ClampedArray<ArrayBuffer>, size, size);
      const cells = document.createElement('canvas');
      cells.width = size;
      cells.height = size;
      cells.getContext('2d')?.putImageData(image, 0, 0);
      // Smoothing blends neighbouring cells, so the 64×64 grid reads as regions, not blocks.
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(cells, 0, 0, pixels, pixels);
    }

    // Axes through the origin, faint, for orientation.
    const scale = pixels / cssSize;
    ctx.strokeStyle = this.cssColour('--border', '#d9dde3');
    ctx.lineWidth = scale;
    ctx.beginPath();
    ctx.moveTo(pixels / 2, 0);
    ctx.lineTo(pixels / 2, pixels);
    ctx.moveTo(0, pixels / 2);
    ctx.lineTo(pixels, pixels / 2);
    ctx.stroke();

    // Data points on top: class 0 as circles, class 1 as squares, so the
    // classes differ in shape as well as colour. A background-coloured rim
    // keeps them visible over either region.
    const radius = Math.max(2.5, cssSize / 110) * scale;
    const rim = this.cssColour('--bg', '#ffffff');
    const { points, labels, count } = this.data;
    for (let i = 0; i < count; i++) {
      const { px, py } = toCanvas(points[2 * i]!, points[2 * i + 1]!, extent, pixels);
      const colour = labels[i] === 0 ? class0 : class1;
      ctx.fillStyle = `rgb(${colour[0]}, ${colour[1]}, ${colour[2]})`;
      ctx.strokeStyle = rim;
      ctx.lineWidth = scale;
      ctx.beginPath();
      if (labels[i] === 0) ctx.arc(px, py, radius, 0, 2 * Math.PI);
      else ctx.rect(px - radius * 0.9, py - radius * 0.9, radius * 1.8, radius * 1.8);
      ctx.fill();
      ctx.stroke();
    }

    canvas.setAttribute(
      'aria-label',
      evaluation
        ? `Decision boundary after ${numberFormat.format(evaluation.step)} steps: the network classifies ${formatPercent(evaluation.accuracy)} of the ${count} training points correctly. Region colours show the class it predicts at each place; the numbers are in the table below.`
        : `The ${count} training points: two interleaved spiral arms, class 0 as blue circles and class 1 as orange squares. No network yet.`,
    );
  }

  // ------------------------------------------------------------ loss plot

  private rebuildPlot(): void {
    this.plot?.destroy();
    this.plot = null;
    this.updatePlot();
  }

  private updatePlot(): void {
    const hasData = this.lossSteps.length > 0;
    this.plotEmpty.hidden = hasData;
    if (!hasData) {
      this.plot?.destroy();
      this.plot = null;
      return;
    }
    const data: uPlot.AlignedData = [this.lossSteps, this.lossValues];
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    injectUPlotCss();
    const fg = this.cssColour('--fg-muted', '#4f5663');
    const grid = this.cssColour('--border', '#d9dde3');
    const accent = this.cssColour('--accent', '#2563eb');
    const width = Math.max(240, Math.floor(this.plotHost.getBoundingClientRect().width));
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    this.plot = new uPlot(
      {
        width,
        height: 240,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [0, STEP_BUDGET] },
          y: { distr: 3, log: 10 },
        },
        axes: [
          { ...axis, label: 'steps taken', size: 40 },
          { ...axis, label: 'loss (log scale)', size: 56 },
        ],
        series: [{ label: 'steps taken' }, { label: 'loss', stroke: accent, width: 2, spanGaps: false, points: { show: false } }],
      },
      data,
      this.plotHost,
    );
  }
}

/** Mount the playground on its server-rendered markup (once). */
export function mountTrainingPlayground(root: HTMLElement): void {
  if (root.dataset.ready === 'true') return;
  new Playground(root);
}
