/**
 * The interactive exercise: Monaco editor in place of the static starter,
 * Run / Hint / Solution / Reset, results with editor markers, autosave and
 * completion. Loaded on demand by <course-exercise> (exercise-element.ts).
 */
import type * as Monaco from 'monaco-editor';
import { RunnerClient, newSeed } from '../runner/client';
import type { Diagnostic, RunReport } from '../runner/protocol';
import { loadMonaco } from './monaco';
import { progressStore } from './progress';
import { PROGRESS_EVENT } from './progress-marks';
import { renderReport } from './results-view';
import { configureTypeScript } from './typescript-setup';

const AUTOSAVE_DELAY_MS = 400;
let runner: RunnerClient | undefined;

interface ExerciseDom {
  root: HTMLElement;
  id: string;
  kind: 'wgsl' | 'ts';
  language: 'wgsl' | 'typescript';
  timeLimitMs: number;
  hints: string[];
  starter: string;
  solution: string;
  host: HTMLElement;
  results: HTMLElement;
  announce: HTMLElement;
  hintsList: HTMLOListElement;
  compare: HTMLElement;
  button(action: 'run' | 'hint' | 'solution' | 'reset'): HTMLButtonElement;
}

function readDom(root: HTMLElement): ExerciseDom {
  const q = <T extends Element>(selector: string): T => {
    const found = root.querySelector<T>(selector);
    if (!found) throw new Error(`exercise ${root.dataset.exerciseId}: missing ${selector}`);
    return found;
  };
  const text = (name: string) => q<HTMLTemplateElement>(`template[data-${name}]`).content.textContent ?? '';
  return {
    root,
    id: root.dataset.exerciseId!,
    kind: root.dataset.kind === 'ts' ? 'ts' : 'wgsl',
    language: root.dataset.language === 'typescript' ? 'typescript' : 'wgsl',
    timeLimitMs: Number(root.dataset.timeLimit ?? 5000),
    hints: JSON.parse(root.dataset.hints ?? '[]') as string[],
    starter: text('starter'),
    solution: text('solution'),
    host: q('[data-editor-host]'),
    results: q('[data-results]'),
    announce: q('[data-announce]'),
    hintsList: q('[data-hints-list]'),
    compare: q('[data-compare]'),
    button: (action) => q(`button[data-action="${action}"]`),
  };
}

/** Shows "Completed" on an exercise the learner has already solved (called before the editor loads). */
export function markCompletedBadge(root: HTMLElement): void {
  const id = root.dataset.exerciseId;
  if (id && progressStore().get().exercises[id]?.completed) root.querySelector('[data-done-badge]')?.removeAttribute('hidden');
}

function toMarkers(monaco: typeof Monaco, model: Monaco.editor.ITextModel, diagnostics: readonly Diagnostic[]): Monaco.editor.IMarkerData[] {
  return diagnostics.map((d) => {
    const line = Math.min(Math.max(1, d.line), model.getLineCount());
    const column = Math.max(1, d.column);
    const endColumn = d.endColumn && d.endColumn > column ? d.endColumn : model.getLineMaxColumn(line);
    return {
      severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : d.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info,
      message: d.message,
      startLineNumber: line,
      startColumn: column,
      endLineNumber: d.endLine ?? line,
      endColumn,
    };
  });
}

function editorTheme(): string {
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'vs-dark' : 'vs';
}

export interface MountOptions {
  /** Run the saved or starter code at once, while the editor is still loading (Run was pressed early). */
  readonly runNow?: boolean;
}

export async function mountExercise(root: HTMLElement, options: MountOptions = {}): Promise<void> {
  const dom = readDom(root);
  const store = progressStore();
  runner ??= new RunnerClient();
  void runner.warm(dom.kind).then(() => (root.dataset.runner = 'ready'));
  const runButton = dom.button('run');
  let running = false;
  /** Shows that a run is under way and starts it in the worker. */
  const begin = (code: string): Promise<RunReport> => {
    running = true;
    runButton.disabled = true;
    runButton.setAttribute('aria-busy', 'true');
    dom.results.hidden = false;
    dom.results.replaceChildren(Object.assign(document.createElement('p'), { className: 'results__running', textContent: 'Running…' }));
    dom.announce.textContent = 'Running.';
    return runner!.run({ exerciseId: dom.id, code, seed: newSeed(), timeLimitMs: dom.timeLimitMs });
  };
  /** Shows a finished run: results, announcement, completion (markers are added by the editor). */
  const show = (report: RunReport) => {
    renderReport(dom.results, report);
    dom.announce.textContent = report.summary;
    if (report.status === 'passed') {
      store.markExerciseCompleted(dom.id);
      root.querySelector('[data-done-badge]')?.removeAttribute('hidden');
      document.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: { exerciseId: dom.id } }));
    } else if (report.status !== 'cancelled') {
      dom.button('solution').hidden = false;
    }
    runButton.disabled = false;
    runButton.removeAttribute('aria-busy');
    running = false;
  };
  // A Run pressed before the editor existed starts now, beside the editor's download, and
  // its results show as soon as they arrive.
  const early = options.runNow ? begin(store.get().exercises[dom.id]?.code ?? dom.starter) : undefined;
  // Parsing Monaco (about a megabyte) would hold up the main thread that shows the results.
  if (early) show(await early);

  const monaco = await loadMonaco();
  if (dom.language === 'typescript') await configureTypeScript(monaco);

  const saved = store.get().exercises[dom.id]?.code;
  const model = monaco.editor.createModel(
    saved ?? dom.starter,
    dom.language,
    monaco.Uri.parse(`file:///exercises/${dom.id}.${dom.kind === 'wgsl' ? 'wgsl' : 'ts'}`),
  );
  const container = document.createElement('div');
  container.className = 'exercise__editor';
  dom.host.replaceChildren(container);
  const editor = monaco.editor.create(container, {
    model,
    theme: editorTheme(),
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    tabSize: 2,
    lineNumbers: 'on',
    ariaLabel: `${root.querySelector('.exercise__title')?.textContent?.trim() ?? 'Exercise'}: code editor. Press Control+M to toggle whether Tab moves focus.`,
    accessibilitySupport: 'auto',
    scrollbar: { alwaysConsumeMouseWheel: false },
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => monaco.editor.setTheme(editorTheme()));
  // Grow with the code, within limits, so short kernels need no inner scrolling.
  const fitHeight = () => {
    const height = Math.min(Math.max(editor.getContentHeight(), 160), 560);
    container.style.height = `${height}px`;
  };
  editor.onDidContentSizeChange(fitHeight);
  fitHeight();

  // --- autosave: shortly after typing stops, and when the page is hidden
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let saveWarningShown = false;
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    const code = model.getValue();
    if (code === dom.starter && !store.get().exercises[dom.id]?.code) return;
    const result = store.saveCode(dom.id, code);
    if (!result.ok && !saveWarningShown) {
      saveWarningShown = true;
      dom.announce.textContent = `Your code could not be saved in this browser (${result.error}). Keep a copy before leaving the page.`;
      dom.results.hidden = false;
      dom.results.prepend(Object.assign(document.createElement('p'), { className: 'results__summary results__summary--fail', textContent: dom.announce.textContent }));
    }
  };
  model.onDidChangeContent(() => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, AUTOSAVE_DELAY_MS);
    monaco.editor.setModelMarkers(model, 'grader', []);
  });
  addEventListener('pagehide', save);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') save();
  });

  // --- run
  const complete = (report: RunReport) => {
    show(report);
    monaco.editor.setModelMarkers(model, 'grader', toMarkers(monaco, model, report.diagnostics));
  };
  const run = async () => {
    if (running) return;
    save();
    complete(await begin(model.getValue()));
  };
  // The early run's results were shown as soon as they came; its markers need the editor.
  if (early) void early.then((report) => monaco.editor.setModelMarkers(model, 'grader', toMarkers(monaco, model, report.diagnostics)));
  runButton.addEventListener('click', () => void run());
  // An action, not addCommand: Monaco's addCommand keybindings are shared by every editor on the
  // page, so Ctrl+Enter in one exercise would run whichever editor registered last.
  editor.addAction({
    id: `course.run.${dom.id}`,
    label: 'Run and grade',
    keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
    run: () => void run(),
  });
  // Ctrl/Cmd+Enter anywhere in the exercise, not only inside the editor.
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !editor.hasTextFocus()) {
      event.preventDefault();
      void run();
    }
  });

  // --- hints, one more per click
  const hintButton = dom.button('hint');
  let shownHints = 0;
  const updateHintButton = () => {
    hintButton.textContent = shownHints >= dom.hints.length ? 'No more hints' : `Hint (${shownHints + 1} of ${dom.hints.length})`;
    hintButton.disabled = shownHints >= dom.hints.length;
  };
  updateHintButton();
  hintButton.addEventListener('click', () => {
    if (shownHints >= dom.hints.length) return;
    const item = document.createElement('li');
    item.textContent = dom.hints[shownHints]!;
    dom.hintsList.append(item);
    dom.hintsList.hidden = false;
    shownHints++;
    dom.announce.textContent = `Hint ${shownHints}: ${item.textContent}`;
    updateHintButton();
  });

  // --- solution: side by side with the learner's code, which stays untouched
  const solutionButton = dom.button('solution');
  let diff: Monaco.editor.IStandaloneDiffEditor | undefined;
  solutionButton.addEventListener('click', () => {
    if (diff) {
      diff.getModel()?.original.dispose();
      diff.getModel()?.modified.dispose();
      diff.dispose();
      diff = undefined;
      dom.compare.hidden = true;
      dom.compare.replaceChildren();
      solutionButton.textContent = 'Compare with solution';
      solutionButton.setAttribute('aria-expanded', 'false');
      return;
    }
    const heading = document.createElement('p');
    heading.className = 'exercise__compare-title';
    heading.textContent = 'Your code (left, unchanged) and the solution (right). Close the comparison to keep working.';
    const box = document.createElement('div');
    box.className = 'exercise__diff';
    dom.compare.replaceChildren(heading, box);
    dom.compare.hidden = false;
    diff = monaco.editor.createDiffEditor(box, {
      readOnly: true,
      originalEditable: false,
      renderSideBySide: true,
      automaticLayout: true,
      theme: editorTheme(),
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      ariaLabel: 'Your code compared with the solution',
    });
    diff.setModel({
      original: monaco.editor.createModel(model.getValue(), dom.language),
      modified: monaco.editor.createModel(dom.solution, dom.language),
    });
    solutionButton.textContent = 'Close comparison';
    solutionButton.setAttribute('aria-expanded', 'true');
  });

  // --- reset, after asking
  dom.button('reset').addEventListener('click', () => {
    if (model.getValue() === dom.starter) return;
    if (!confirm('Replace your code with the starter code? Your current code will be lost.')) return;
    model.setValue(dom.starter);
    store.resetCode(dom.id);
    monaco.editor.setModelMarkers(model, 'grader', []);
    editor.focus();
  });

  // A handle for tests and for debugging from the console: the editor and its current markers.
  (root as ExerciseHost).courseEditor = {
    getValue: () => model.getValue(),
    setValue: (code: string) => model.setValue(code),
    markers: () =>
      monaco.editor.getModelMarkers({ resource: model.uri }).map((m) => ({ line: m.startLineNumber, column: m.startColumn, message: m.message })),
    loseDevice: () => runner?.loseDevice(),
  };
  root.dataset.ready = 'true';
}

/** What mountExercise attaches to the <course-exercise> element. */
export interface ExerciseHost extends HTMLElement {
  courseEditor?: {
    getValue(): string;
    setValue(code: string): void;
    markers(): { line: number; column: number; message: string }[];
    loseDevice(): void;
  };
}
