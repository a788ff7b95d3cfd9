/**
 * The tiny LLM demo, the interactive part (loaded by element.ts when the demo
 * nears the viewport). It starts the training worker on the first Train or
 * Generate press, shows the worker's progress (step, loss, characters per
 * second, backend), draws the loss curve with uPlot next to the uniform-guess
 * baseline ln(V), keeps the same numbers in a table, and streams generated
 * text character by character.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { axisStyle, readChartColors, watchColorScheme } from '../shared/chart-theme';
import type { FromWorker, ModelInfo, ToWorker } from './protocol';
import { parseSampling, secondsLeft } from './settings';

const PLOT_HEIGHT = 280;

const format = {
  loss: (value: number) => value.toFixed(3),
  int: (value: number) => Math.round(value).toLocaleString('en'),
  seconds: (ms: number) => (ms >= 10_000 ? (ms / 1000).toFixed(0) : (ms / 1000).toFixed(1)),
};

export function mountTinyLlm(root: HTMLElement): void {
  const $ = <T extends Element>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`TinyLlm: missing ${selector} in the server-rendered markup`);
    return found;
  };
  const trainButton = $<HTMLButtonElement>('[data-action="train"]');
  const stopButton = $<HTMLButtonElement>('[data-action="stop"]');
  const resetButton = $<HTMLButtonElement>('[data-action="reset"]');
  const generateButton = $<HTMLButtonElement>('[data-action="generate"]');
  const stepsSelect = $<HTMLSelectElement>('[data-steps]');
  const promptInput = $<HTMLInputElement>('[data-prompt]');
  const temperatureInput = $<HTMLInputElement>('[data-temperature]');
  const temperatureValue = $<HTMLOutputElement>('[data-temperature-value]');
  const topKInput = $<HTMLInputElement>('[data-top-k]');
  const lengthSelect = $<HTMLSelectElement>('[data-length]');
  const progress = $<HTMLElement>('[data-progress]');
  const backendNote = $<HTMLElement>('[data-backend]');
  const announce = $<HTMLElement>('[data-announce]');
  const results = $<HTMLElement>('[data-results]');
  const plotHost = $<HTMLElement>('[data-plot]');
  const tableBody = $<HTMLTableSectionElement>('[data-table] tbody');
  const baselineNote = $<HTMLElement>('[data-baseline]');
  const sampleBox = $<HTMLElement>('[data-sample]');
  const samplePrompt = $<HTMLElement>('[data-sample-prompt]');
  const sampleText = $<HTMLElement>('[data-sample-text]');
  const sampleNote = $<HTMLElement>('[data-sample-note]');

  let worker: Worker | null = null;
  let info: ModelInfo | null = null;
  let training = false;
  let generatingId: number | null = null;
  let nextGenerateId = 1;
  /** Between Reset and the worker's confirmation, late messages about the old model are ignored. */
  let awaitingReset = false;
  let plot: uPlot | null = null;
  let plotQueued = false;
  // Chart data: one entry per training step of this model.
  let steps: number[] = [];
  let trainLosses: number[] = [];
  let validationLosses: (number | null)[] = [];

  const showTemperature = () => {
    const t = Number(temperatureInput.value);
    temperatureValue.value = t === 0 ? '0 (greedy)' : t.toFixed(1);
    temperatureInput.setAttribute('aria-valuetext', temperatureValue.value);
  };

  function setBusy(): void {
    trainButton.disabled = training;
    stepsSelect.disabled = training;
    stopButton.disabled = !training && generatingId === null;
    generateButton.disabled = generatingId !== null;
    resetButton.disabled = false;
    root.dataset.state = training ? 'training' : generatingId !== null ? 'generating' : 'idle';
  }

  function ensureWorker(): Worker {
    if (worker) return worker;
    worker = new Worker(new URL('./tiny-llm.worker.ts', import.meta.url), { type: 'module', name: 'tiny LLM trainer' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => onMessage(event.data);
    worker.onerror = (event) => {
      const message = `The training worker failed: ${event.message || 'it could not start'}. Reload the page to try again.`;
      progress.textContent = message;
      announce.textContent = message;
      training = false;
      generatingId = null;
      setBusy();
    };
    return worker;
  }

  function send(message: ToWorker): void {
    ensureWorker().postMessage(message);
  }

  function describeBackend(model: ModelInfo): string {
    const size = `${format.int(model.parameters)} weights, ${model.vocabSize} characters in the vocabulary, ${format.int(model.trainCharacters)} characters of training text`;
    if (model.backend === 'cpu') {
      return `No WebGPU here (${model.fallbackReason ?? 'unknown reason'}), so the model trains on the engine's CPU backend: the same maths, much slower. Try 30 or 100 steps. Model: ${size}.`;
    }
    const adapter = model.adapterDescription ? ` (adapter: ${model.adapterDescription})` : '';
    if (model.softwareGpu) {
      return `Training with WebGPU on a software GPU${adapter}: it emulates a GPU on your CPU, so it is slow, like the CPU backend. Model: ${size}.`;
    }
    return `Training on your GPU with WebGPU${adapter}. Model: ${size}.`;
  }

  function chartData(): uPlot.AlignedData {
    const baseline = info ? steps.map(() => info!.uniformLoss) : [];
    return [steps, trainLosses, validationLosses, baseline];
  }

  function buildPlot(): void {
    plot?.destroy();
    const colors = readChartColors(root);
    const axis = axisStyle(colors);
    plot = new uPlot(
      {
        width: Math.max(280, plotHost.clientWidth),
        height: PLOT_HEIGHT,
        title: 'Loss (cross-entropy, nats per character)',
        scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.max(0, Math.floor(Math.min(min, 1))), Math.ceil(Math.max(max, (info?.uniformLoss ?? 4) + 0.2))] } },
        axes: [
          { ...axis, label: 'training step' },
          { ...axis, label: 'loss' },
        ],
        legend: { show: true, live: false },
        series: [
          { label: 'step' },
          { label: 'training loss (each step)', stroke: colors.accent, width: 1.5, points: { show: false } },
          { label: 'validation loss (held-out text)', stroke: colors.accent2, width: 2, spanGaps: true, points: { show: true, size: 6, fill: colors.accent2 } },
          { label: 'uniform guess ln(V)', stroke: colors.muted, width: 1.5, dash: [5, 5], points: { show: false } },
        ],
      },
      chartData(),
      plotHost,
    );
  }

  /** Redraw at most once per frame however many progress messages arrive. */
  function queuePlot(): void {
    if (plotQueued) return;
    plotQueued = true;
    requestAnimationFrame(() => {
      plotQueued = false;
      results.hidden = false;
      if (!plot) buildPlot();
      else plot.setData(chartData());
    });
  }

  function addRow(row: Extract<FromWorker, { type: 'row' }>): void {
    const cells = [
      format.int(row.step),
      format.loss(row.trainLoss),
      row.validationLoss === null ? '—' : format.loss(row.validationLoss),
      format.seconds(row.trainingMs),
      format.int(row.tokensPerSecond),
    ];
    const tr = document.createElement('tr');
    cells.forEach((text, i) => {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) cell.scope = 'row';
      cell.textContent = text;
      tr.append(cell);
    });
    tableBody.append(tr);
    if (row.validationLoss !== null) {
      const index = steps.lastIndexOf(row.step);
      if (index >= 0) validationLosses[index] = row.validationLoss;
    }
    queuePlot();
  }

  function clearResults(): void {
    steps = [];
    trainLosses = [];
    validationLosses = [];
    tableBody.replaceChildren();
    plot?.destroy();
    plot = null;
    results.hidden = true;
    sampleBox.hidden = true;
  }

  function onMessage(message: FromWorker): void {
    if (awaitingReset && (message.type === 'progress' || message.type === 'row' || message.type === 'trained')) return;
    switch (message.type) {
      case 'ready': {
        info = message.info;
        backendNote.textContent = describeBackend(info);
        backendNote.hidden = false;
        root.dataset.backend = info.backend;
        baselineNote.textContent =
          `Uniform-guess baseline: a model that gives all ${info.vocabSize} characters the same probability has loss ln(${info.vocabSize}) = ${info.uniformLoss.toFixed(3)}. ` +
          'Below that line, the model has learned something about the text.';
        break;
      }
      case 'progress': {
        const first = message.step - message.losses.length + 1;
        message.losses.forEach((loss, i) => {
          steps.push(first + i);
          trainLosses.push(loss);
          validationLosses.push(null);
        });
        const last = message.losses[message.losses.length - 1]!;
        const left = secondsLeft(message.runStep, message.runSteps, message.runMs);
        progress.textContent =
          `Step ${format.int(message.runStep)} of ${format.int(message.runSteps)} in this run (${format.int(message.step)} in all) · ` +
          `loss ${format.loss(last)} · ${format.int(message.tokensPerSecond)} characters/s` +
          (left !== null && message.runStep < message.runSteps ? ` · about ${format.int(left)} s left` : '');
        queuePlot();
        break;
      }
      case 'row':
        addRow(message);
        break;
      case 'trained': {
        training = false;
        setBusy();
        const last = trainLosses[trainLosses.length - 1];
        const summary =
          `${message.stopped ? 'Stopped' : 'Finished'} after ${format.int(message.step)} steps in all` +
          (last === undefined ? '.' : `; last training loss ${format.loss(last)} (uniform guess: ${info ? info.uniformLoss.toFixed(3) : '?'}).`) +
          ' Press Generate to see what it writes, or Train to continue.';
        progress.textContent = summary;
        announce.textContent = summary;
        break;
      }
      case 'character':
        if (message.id === generatingId) sampleText.textContent += message.character;
        break;
      case 'generated': {
        if (message.id !== generatingId) break;
        generatingId = null;
        setBusy();
        sampleText.textContent = message.text;
        const unknown = message.unknown.length ? ` Left out of the prompt (not in the text's alphabet): ${message.unknown.map((c) => JSON.stringify(c)).join(', ')}.` : '';
        sampleNote.textContent =
          `${message.stopped ? 'Stopped: ' : ''}${format.int(message.text.length)} characters after ${format.int(message.step)} training steps, ` +
          `in ${format.seconds(message.ms)} s.${message.step === 0 ? ' The weights are still random, so this is gibberish: train first.' : ''}${unknown}`;
        announce.textContent = `Generated ${message.text.length} characters after ${message.step} training steps: ${message.text}`;
        if (!training) progress.textContent = 'Generated. Train more and generate again to compare.';
        break;
      }
      case 'reset-done':
        awaitingReset = false;
        progress.textContent = 'Reset: the next Train or Generate starts from new random weights.';
        announce.textContent = progress.textContent;
        break;
      case 'error': {
        const text = `Error while ${message.operation}: ${message.message}`;
        progress.textContent = text;
        announce.textContent = text;
        training = false;
        generatingId = null;
        setBusy();
        break;
      }
    }
  }

  trainButton.addEventListener('click', () => {
    if (training) return;
    training = true;
    setBusy();
    const count = Number(stepsSelect.value);
    progress.textContent = info ? `Training ${format.int(count)} more steps…` : 'Starting: loading the text and setting up the engine…';
    announce.textContent = `Training started: ${count} steps.`;
    send({ type: 'train', steps: count });
  });

  stopButton.addEventListener('click', () => {
    send({ type: 'stop' });
    progress.textContent = 'Stopping after the current chunk of steps…';
  });

  resetButton.addEventListener('click', () => {
    training = false;
    generatingId = null;
    clearResults();
    setBusy();
    if (worker) {
      awaitingReset = true;
      send({ type: 'reset' });
    }
    else progress.textContent = 'Nothing to reset yet: the weights are made when you first press Train or Generate.';
  });

  generateButton.addEventListener('click', () => {
    if (generatingId !== null) return;
    const { temperature, topK } = parseSampling(temperatureInput.value, topKInput.value);
    const id = nextGenerateId++;
    generatingId = id;
    setBusy();
    samplePrompt.textContent = promptInput.value;
    sampleText.textContent = '';
    sampleNote.textContent = training ? 'Generating between chunks of training…' : 'Generating…';
    sampleBox.hidden = false;
    if (!training) progress.textContent = info ? 'Generating, one character per forward pass…' : 'Starting: loading the text and setting up the engine…';
    send({
      type: 'generate',
      id,
      prompt: promptInput.value,
      length: Number(lengthSelect.value),
      temperature,
      topK,
      // A new seed per press: the same settings give a different sample each time (except at temperature 0).
      seed: id * 7919,
    });
  });

  temperatureInput.addEventListener('input', showTemperature);
  showTemperature();
  watchColorScheme(() => {
    if (plot) buildPlot();
  });
  new ResizeObserver(() => {
    if (plot && Math.abs(plot.width - plotHost.clientWidth) > 4) plot.setSize({ width: Math.max(280, plotHost.clientWidth), height: PLOT_HEIGHT });
  }).observe(plotHost);
  setBusy();
  root.dataset.ready = 'true';
}
