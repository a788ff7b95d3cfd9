/**
 * TrainOnYourKernels, the interactive part (loaded by element.ts when the
 * demo nears the viewport). On Start it reads the learner's saved code for
 * the three exercises from their progress, hands it to the worker
 * (train.worker.ts), and draws what comes back: which code runs for each
 * kernel, both loss curves (uPlot, log scale), a table of evaluations, the
 * progress line, and an announcement at the end.
 *
 * A watchdog ends a worker that stops answering: while it is checking an
 * exercise's saved code, that code is skipped (course solution, with the
 * reason) and the run restarts; during training the run ends with a message.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { originLabel, readSavedCode, type CodeOrigin } from '../learner-kernels';
import { axisStyle, readChartColors, watchColorScheme } from '../shared/chart-theme';
import { compareLosses, formatLoss, formatPercent, summarise } from './compare';
import type { TrainPhase, TrainReply, TrainRequest } from './protocol';
import { EXERCISE_ROLES, LEARNER_EXERCISES, STEP_BUDGET, type LearnerExercise } from './settings';
import type { Evaluation } from './trainer';

/** A worker silent for this long is taken to be stuck in learner code (first chunks on a software GPU take ~15 s). */
const WATCHDOG_MS = 45_000;

interface EvaluationRow {
  readonly step: number;
  readonly yours: Evaluation | null;
  readonly builtin: Evaluation;
}

export function mountTrainOnYourKernels(root: HTMLElement): void {
  if (root.dataset.ready === 'true') return;
  const $ = <T extends Element>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`TrainOnYourKernels: missing ${selector} in the server-rendered markup`);
    return found;
  };
  const startButton = $<HTMLButtonElement>('[data-action="start"]');
  const stopButton = $<HTMLButtonElement>('[data-action="stop"]');
  const progress = $<HTMLElement>('[data-progress]');
  const announce = $<HTMLElement>('[data-announce]');
  const results = $<HTMLElement>('[data-results]');
  const backendNote = $<HTMLElement>('[data-backend-note]');
  const kernelList = $<HTMLUListElement>('[data-kernels]');
  const plotHost = $<HTMLElement>('[data-plot]');
  const tableBody = $<HTMLTableSectionElement>('[data-table] tbody');

  let worker: Worker | null = null;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let phase: { phase: TrainPhase; exercise?: LearnerExercise } = { phase: 'starting' };
  let steps: number[] = [];
  let yourLosses: number[] | null = [];
  let builtinLosses: number[] = [];
  let evaluations: EvaluationRow[] = [];
  let origins: Partial<Record<LearnerExercise, CodeOrigin>> = {};
  let msPerStep = 0;
  let plot: uPlot | null = null;

  const positive = (loss: number): number | null => (Number.isFinite(loss) ? Math.max(loss, 1e-6) : null);

  function chartData(): uPlot.AlignedData {
    return yourLosses ? [steps, builtinLosses.map(positive), yourLosses.map(positive)] : [steps, builtinLosses.map(positive)];
  }

  function buildPlot(): void {
    plot?.destroy();
    plot = null;
    if (steps.length === 0) return;
    const colors = readChartColors(root);
    const axis = axisStyle(colors);
    const series: uPlot.Series[] = [
      { label: 'step' },
      { label: 'built-in ops', stroke: colors.accent2, width: 4, points: { show: false } },
    ];
    // Drawn thinner on top of the built-in curve: where the kernels are right, the two lines coincide.
    if (yourLosses) series.push({ label: 'plugged-in kernels', stroke: colors.accent, width: 2, dash: [6, 4], points: { show: false } });
    plot = new uPlot(
      {
        width: Math.max(280, plotHost.clientWidth),
        height: 280,
        title: 'Training loss (cross-entropy, log scale)',
        scales: { x: { time: false, range: [0, STEP_BUDGET] }, y: { distr: 3, log: 10 } },
        axes: [
          { ...axis, label: 'steps taken' },
          { ...axis, label: 'loss', size: 60 },
        ],
        legend: { show: true, live: false },
        cursor: { show: false },
        series,
      },
      chartData(),
      plotHost,
    );
  }

  function renderKernels(): void {
    kernelList.replaceChildren(
      ...LEARNER_EXERCISES.map((exercise) => {
        const item = document.createElement('li');
        const role = document.createElement('strong');
        role.textContent = `${EXERCISE_ROLES[exercise]}: `;
        const origin = origins[exercise];
        const label = document.createElement('span');
        label.dataset.origin = origin ? (origin.kind === 'yours' ? 'yours' : origin.why) : 'pending';
        label.textContent = origin ? originLabel(origin) : 'not checked yet';
        item.append(role, label);
        return item;
      }),
    );
  }

  function renderTable(): void {
    tableBody.replaceChildren(
      ...evaluations.map((row) => {
        const tr = document.createElement('tr');
        const cells = [
          String(row.step),
          row.yours ? formatLoss(row.yours.loss) : '—',
          formatLoss(row.builtin.loss),
          row.yours ? formatPercent(row.yours.accuracy) : '—',
          formatPercent(row.builtin.accuracy),
          row.yours ? (compareLosses(row.yours.loss, row.builtin.loss).agree ? 'yes' : 'NO') : '—',
        ];
        cells.forEach((text, i) => {
          const cell = document.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) (cell as HTMLTableCellElement).scope = 'row';
          cell.textContent = text;
          tr.append(cell);
        });
        return tr;
      }),
    );
  }

  function progressText(): string {
    const step = steps.length;
    const last = (losses: readonly number[] | null): string => (losses && losses.length ? formatLoss(losses[losses.length - 1]!) : '—');
    const parts = [`Step ${step} of ${STEP_BUDGET}.`, `Loss: built-in ${last(builtinLosses)}`];
    if (yourLosses) parts.push(`plugged-in ${last(yourLosses)}.`);
    if (msPerStep > 0) parts.push(`About ${msPerStep.toFixed(0)} ms per step of ${yourLosses ? 'both networks' : 'the network'} on your machine.`);
    return parts.join(' ');
  }

  function armWatchdog(): void {
    clearTimeout(watchdog);
    watchdog = setTimeout(onWorkerStuck, WATCHDOG_MS);
  }

  function finish(message: string): void {
    clearTimeout(watchdog);
    worker?.terminate();
    worker = null;
    progress.textContent = message;
    announce.textContent = message;
    startButton.disabled = false;
    stopButton.disabled = true;
    root.dataset.state = 'idle';
  }

  function onWorkerStuck(): void {
    const exercise = phase.phase === 'checking' ? phase.exercise : undefined;
    if (exercise) {
      // Learner code that never returns: run again without it.
      worker?.terminate();
      worker = null;
      const reason = `it did not finish within ${WATCHDOG_MS / 1000} s (an endless loop?)`;
      progress.textContent = `Your ${exercise} code did not finish; restarting with the course solution for it…`;
      launch({ ...pendingSkip, [exercise]: reason });
      return;
    }
    finish(
      `The training worker stopped answering for ${WATCHDOG_MS / 1000} s, so it was ended. A plugged-in kernel may never finish on these shapes; check each exercise again.`,
    );
  }

  let pendingSkip: Partial<Record<LearnerExercise, string>> = {};
  let savedCode: Partial<Record<LearnerExercise, string>> = {};

  function onReply(reply: TrainReply): void {
    armWatchdog();
    switch (reply.kind) {
      case 'phase':
        phase = { phase: reply.phase, ...(reply.exercise ? { exercise: reply.exercise } : {}) };
        progress.textContent = reply.text;
        break;
      case 'backend':
        backendNote.textContent = reply.note;
        backendNote.hidden = false;
        root.dataset.backend = reply.backend;
        if (reply.backend === 'cpu') {
          yourLosses = null;
          kernelList.replaceChildren(
            ...LEARNER_EXERCISES.map((exercise) => {
              const item = document.createElement('li');
              item.textContent = `${EXERCISE_ROLES[exercise]}: not run (needs WebGPU); the engine's built-in op is used.`;
              return item;
            }),
          );
        }
        break;
      case 'kernels':
        origins = Object.fromEntries(reply.kernels.map((k) => [k.exercise, k.origin]));
        renderKernels();
        break;
      case 'chunk': {
        const first = steps.length;
        reply.builtin.forEach((loss, i) => {
          steps.push(first + i + 1);
          builtinLosses.push(loss);
        });
        if (yourLosses && reply.yours) yourLosses.push(...reply.yours);
        msPerStep = reply.msPerStep;
        if (!plot) buildPlot();
        else plot.setData(chartData());
        progress.textContent = progressText();
        break;
      }
      case 'evaluation':
        evaluations = [...evaluations.filter((row) => row.step !== reply.step), { step: reply.step, yours: reply.yours, builtin: reply.builtin }];
        renderTable();
        break;
      case 'done': {
        const last = evaluations[evaluations.length - 1];
        const yoursCount = Object.values(origins).filter((o) => o?.kind === 'yours').length;
        finish(
          last
            ? summarise({ step: last.step, builtin: last.builtin, yours: last.yours, yoursCount, stopped: reply.stopped })
            : 'Stopped before the first step.',
        );
        break;
      }
      case 'error':
        finish(`Training failed: ${reply.message}`);
        break;
    }
  }

  function launch(skip: Partial<Record<LearnerExercise, string>>): void {
    pendingSkip = skip;
    phase = { phase: 'starting' };
    worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'TrainOnYourKernels' });
    worker.onmessage = (event: MessageEvent<TrainReply>) => onReply(event.data);
    worker.onerror = (event) => finish(`The training worker failed: ${event.message || 'it could not start'}.`);
    const request: TrainRequest = { kind: 'start', saved: savedCode, skip };
    worker.postMessage(request);
    armWatchdog();
  }

  function start(): void {
    if (worker) return;
    steps = [];
    yourLosses = [];
    builtinLosses = [];
    evaluations = [];
    origins = {};
    msPerStep = 0;
    plot?.destroy();
    plot = null;
    renderKernels();
    renderTable();
    results.hidden = false;
    startButton.disabled = true;
    stopButton.disabled = false;
    root.dataset.state = 'running';
    announce.textContent = 'Training started.';
    savedCode = readSavedCode(LEARNER_EXERCISES);
    launch({});
  }

  startButton.addEventListener('click', start);
  stopButton.addEventListener('click', () => {
    if (!worker) return;
    if (phase.phase !== 'training') {
      // Checks may be inside learner code that does not return: end the worker outright.
      finish('Stopped before training began.');
      return;
    }
    const request: TrainRequest = { kind: 'stop' };
    worker.postMessage(request);
    progress.textContent = `${progressText()} Stopping after this chunk…`;
  });
  watchColorScheme(() => buildPlot());
  new ResizeObserver(() => {
    if (plot && Math.abs(plot.width - plotHost.clientWidth) > 4) plot.setSize({ width: Math.max(280, plotHost.clientWidth), height: 280 });
  }).observe(plotHost);
  stopButton.disabled = true;
  root.dataset.ready = 'true';
}
