/**
 * MatmulLab, the interactive part (loaded by element.ts when the demo nears
 * the viewport). On Start it reads the learner's saved matmul-naive and
 * matmul-tiled code, sends it with the chosen size to the worker
 * (lab.worker.ts), and fills the table, the bar list and the headline as
 * results arrive. Stop, or a worker silent for too long, ends the worker;
 * the next Start opens a fresh one.
 */
import { originLabel, readSavedCode } from '../learner-kernels';
import { format, gflopsPerSecond, headline, KERNEL_NAMES, parseSize, speedupOverNaive, type KernelResult } from './measure';
import type { LabReply, LabRequest } from './protocol';

/** Checks plus timing at N = 512 on a software GPU take well under this between two messages. */
const WATCHDOG_MS = 90_000;
const KERNEL_ORDER = { naive: 0, tiled: 1, engine: 2 } as const;

export function mountMatmulLab(root: HTMLElement): void {
  if (root.dataset.ready === 'true') return;
  const $ = <T extends Element>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`MatmulLab: missing ${selector} in the server-rendered markup`);
    return found;
  };
  const startButton = $<HTMLButtonElement>('[data-action="start"]');
  const stopButton = $<HTMLButtonElement>('[data-action="stop"]');
  const sizeSelect = $<HTMLSelectElement>('select[name="size"]');
  const progress = $<HTMLElement>('[data-progress]');
  const announce = $<HTMLElement>('[data-announce]');
  const results = $<HTMLElement>('[data-results]');
  const gpuNote = $<HTMLElement>('[data-gpu-note]');
  const headlineText = $<HTMLElement>('[data-headline]');
  const origins = $<HTMLElement>('[data-origins]');
  const bars = $<HTMLUListElement>('[data-bars]');
  const tableBody = $<HTMLTableSectionElement>('[data-table] tbody');

  // Kept between runs (it caches checked and compiled kernels); ended by Stop, the watchdog or a failure.
  let worker: Worker | null = null;
  let running = false;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let rows: KernelResult[] = [];
  let currentSize = parseSize(sizeSelect.value);

  function render(): void {
    results.hidden = false;
    const sorted = [...rows].sort((a, b) => a.size - b.size || KERNEL_ORDER[a.kernel] - KERNEL_ORDER[b.kernel]);
    tableBody.replaceChildren(
      ...sorted.map((row) => {
        const tr = document.createElement('tr');
        const ratio = speedupOverNaive(rows, row);
        const cells = [
          String(row.size),
          KERNEL_NAMES[row.kernel],
          row.code,
          format.ms(row.ms),
          format.gflops(gflopsPerSecond(row.size, row.ms)),
          ratio === null ? '—' : format.ratio(ratio),
          row.kernel === 'engine' ? 'the reference' : `${row.correct ? 'yes' : 'NO'}, max error ${format.error(row.maxError)}${row.guardTripped ? ' (a loop was stopped by the guard)' : ''}`,
        ];
        cells.forEach((text, i) => {
          const cell = document.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) (cell as HTMLTableCellElement).scope = 'row';
          cell.textContent = text;
          if (i === 6 && row.kernel !== 'engine' && !row.correct) cell.dataset.wrong = 'true';
          if (i === 1 || i === 2) cell.classList.add('matmul-lab__text-cell');
          tr.append(cell);
        });
        tr.dataset.kernel = row.kernel;
        return tr;
      }),
    );

    const latest = sorted.filter((r) => r.size === currentSize);
    const fastest = Math.max(...latest.map((r) => gflopsPerSecond(r.size, r.ms)), 1e-9);
    bars.replaceChildren(
      ...latest.map((row) => {
        const item = document.createElement('li');
        const gflops = gflopsPerSecond(row.size, row.ms);
        const label = document.createElement('span');
        label.className = 'matmul-lab__bar-label';
        label.textContent = `${KERNEL_NAMES[row.kernel]}${row.kernel === 'engine' ? '' : row.yours ? ', yours' : ', course solution'}: ${format.gflops(gflops)} GFLOP/s${row.kernel !== 'engine' && !row.correct ? ' (WRONG RESULT)' : ''}`;
        const bar = document.createElement('span');
        bar.className = `matmul-lab__bar matmul-lab__bar--${row.kernel}`;
        bar.setAttribute('aria-hidden', 'true');
        bar.style.width = `${Math.max(0.5, (100 * gflops) / fastest).toFixed(1)}%`;
        item.append(label, bar);
        return item;
      }),
    );
    headlineText.textContent = headline(rows, currentSize) ?? '';
  }

  function armWatchdog(): void {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => finish(`The measurement stopped answering for ${WATCHDOG_MS / 1000} s and was ended. Press Start to try again.`), WATCHDOG_MS);
  }

  function finish(message: string, keepWorker = false): void {
    clearTimeout(watchdog);
    running = false;
    if (!keepWorker) {
      worker?.terminate();
      worker = null;
    }
    progress.textContent = message;
    announce.textContent = message;
    startButton.disabled = false;
    stopButton.disabled = true;
    sizeSelect.disabled = false;
    root.dataset.state = 'idle';
  }

  function onReply(reply: LabReply): void {
    armWatchdog();
    switch (reply.kind) {
      case 'status':
        progress.textContent = reply.text;
        break;
      case 'no-webgpu':
        gpuNote.textContent = `${reply.reason} This demo runs your WGSL kernels, so it needs WebGPU; the table measured while writing the course is above.`;
        gpuNote.hidden = false;
        root.dataset.backend = 'none';
        root.querySelector<HTMLDetailsElement>('details[data-reference]')?.setAttribute('open', '');
        finish('This demo needs WebGPU, which this browser does not offer.');
        break;
      case 'adapter':
        gpuNote.textContent =
          `WebGPU adapter: ${reply.name}. The numbers are your machine's.` +
          (reply.software ? ' This adapter is a software implementation running on your CPU, so its speeds say little about a real GPU.' : '');
        gpuNote.hidden = false;
        root.dataset.backend = 'webgpu';
        break;
      case 'origins':
        origins.textContent = `Naive kernel: ${originLabel(reply.naive)}. Tiled kernel: ${originLabel(reply.tiled)}.`;
        origins.hidden = false;
        break;
      case 'result':
        rows = [...rows.filter((r) => !(r.size === reply.result.size && r.kernel === reply.result.kernel)), reply.result];
        render();
        break;
      case 'done': {
        const wrong = rows.filter((r) => r.size === currentSize && r.kernel !== 'engine' && !r.correct);
        const text = headline(rows, currentSize) ?? `Done at N = ${currentSize}.`;
        finish(wrong.length ? `${text} Warning: the ${wrong.map((r) => r.kernel).join(' and ')} kernel gave a wrong product, so its speed does not count.` : text, true);
        break;
      }
      case 'error':
        finish(`The measurement failed: ${reply.message}`);
        break;
    }
  }

  function start(): void {
    if (running) return;
    running = true;
    currentSize = parseSize(sizeSelect.value);
    startButton.disabled = true;
    stopButton.disabled = false;
    sizeSelect.disabled = true;
    root.dataset.state = 'running';
    announce.textContent = `Measuring at N = ${currentSize}.`;
    progress.textContent = 'Starting WebGPU…';
    const saved = readSavedCode(['matmul-naive', 'matmul-tiled'] as const);
    if (!worker) {
      worker = new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'MatmulLab' });
      worker.onmessage = (event: MessageEvent<LabReply>) => onReply(event.data);
      worker.onerror = (event) => finish(`The measurement worker failed: ${event.message || 'it could not start'}.`);
    }
    const request: LabRequest = {
      kind: 'run',
      size: currentSize,
      saved: { ...(saved['matmul-naive'] !== undefined ? { naive: saved['matmul-naive'] } : {}), ...(saved['matmul-tiled'] !== undefined ? { tiled: saved['matmul-tiled'] } : {}) },
    };
    worker.postMessage(request);
    armWatchdog();
  }

  startButton.addEventListener('click', start);
  stopButton.addEventListener('click', () => {
    if (running) finish('Stopped. The table keeps the kernels measured so far.');
  });
  stopButton.disabled = true;
  root.dataset.ready = 'true';
}
