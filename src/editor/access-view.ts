/**
 * "What your threads touched": the memory picture under a WGSL exercise's
 * results, drawn from the AccessSummary the grading worker sends (see
 * src/simulator/access-summary.ts). One grid per buffer (global memory solid,
 * workgroup memory dashed, one copy per workgroup), cells marked R / W / RW
 * and ! for a race so colour is never the only cue; an invocation picker that
 * highlights that invocation's cells and says its accesses in words; a table
 * of access counts; and a step mode that walks the barrier phases showing
 * each phase's accesses and workgroup memory after it.
 *
 * The text helpers at the top are pure (unit-tested in Node); the DOM part
 * below uses only them and plain elements, styled in src/styles/global.css.
 */
import type { AccessSummary, BufferSummary, CellSummary, InvocationSummary, PhaseSummary } from '../simulator/access-summary';

/** Cells per grid row: 16 short values, fewer longer ones, so a row fits the text column. */
export const GRID_COLUMNS = 16;
/** Rows of the counts table shown before "Show all". */
export const COUNT_ROWS = 16;
/** Access lines listed per phase before "and N more". */
const PHASE_LINES = 24;
/** Above this many drawn cells in all, the view starts collapsed. */
const OPEN_MAX_CELLS = 160;

export type AccessMarker = '' | 'R' | 'W' | 'RW';

/** Cells per row for these values: 16 up to 4 characters each, 10 up to 6, else 8. */
export function columnsFor(values: readonly string[]): number {
  const longest = values.reduce((max, v) => Math.max(max, v.length), 0);
  return longest <= 4 ? GRID_COLUMNS : longest <= 6 ? 10 : 8;
}

/** Rows of a wrapped grid: [start, end) element ranges of `columns` cells. */
export function gridRows(shown: number, columns = GRID_COLUMNS): { start: number; end: number }[] {
  const rows: { start: number; end: number }[] = [];
  for (let start = 0; start < shown; start += columns) rows.push({ start, end: Math.min(shown, start + columns) });
  return rows;
}

export function accessMarker(reads: number, writes: number): AccessMarker {
  return reads > 0 && writes > 0 ? 'RW' : writes > 0 ? 'W' : reads > 0 ? 'R' : '';
}

export function vec(v: readonly number[]): string {
  return `(${v.join(', ')})`;
}

/** Index lists as ranges: [0, 1, 2, 3, 7] -> "a[0..3], a[7]". */
export function indexRanges(name: string, indices: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < indices.length) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === (indices[j] ?? 0) + 1) j++;
    const from = indices[i];
    const to = indices[j];
    parts.push(j - i >= 2 ? `${name}[${from}..${to}]` : j > i ? `${name}[${from}], ${name}[${to}]` : `${name}[${from}]`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** How a buffer is named in sentences: workgroup copies say whose they are. */
export function bufferLabel(buffer: BufferSummary): string {
  return buffer.space === 'workgroup' && buffer.workgroupId ? `${buffer.name} of workgroup ${vec(buffer.workgroupId)}` : buffer.name;
}

export function bufferHeading(buffer: BufferSummary): string {
  const size = `${buffer.length} element${buffer.length === 1 ? '' : 's'}${buffer.shown < buffer.length ? `, first ${buffer.shown} drawn` : ''}`;
  return buffer.space === 'workgroup'
    ? `${buffer.name}: workgroup memory of workgroup ${vec(buffer.workgroupId ?? [0, 0, 0])} (${buffer.type}, ${size})`
    : `${buffer.name}: global memory (storage buffer, ${buffer.type}, ${buffer.access === 'read' ? 'read-only' : 'read-write'}, ${size})`;
}

function who(list: readonly number[], count: number): string {
  if (count === 0) return 'nobody';
  const names = list.join(', ');
  return `${count === 1 ? 'invocation' : 'invocations'} ${names}${count > list.length ? ` and ${count - list.length} more` : ''}`;
}

/** The text equivalent of one cell (its title and what a screen reader can find). */
export function cellDescription(buffer: BufferSummary, index: number, cell: CellSummary): string {
  const value = buffer.values[index] ?? '';
  const shownValue = value === '·' ? 'never written (still the grader’s marker value)' : value;
  return (
    `${buffer.name}[${index}] = ${shownValue}; read by ${who(cell.readers, cell.readCount)}; written by ${who(cell.writers, cell.writeCount)}` +
    (cell.race ? '; data race: accessed by two invocations with no barrier between them, at least one writing' : '')
  );
}

export function invocationLabel(inv: InvocationSummary): string {
  return `${inv.invocation}: global ${vec(inv.globalId)}, workgroup ${vec(inv.workgroupId)}, local ${vec(inv.localId)}${inv.race ? ', in a race' : ''}${inv.outOfBounds.length > 0 ? ', out of bounds' : ''}`;
}

/** "reads input[3], input[4]; writes output[3]", or "touches no memory". */
export function invocationAccessText(summary: AccessSummary, inv: InvocationSummary): string {
  const reads: string[] = [];
  const writes: string[] = [];
  for (const t of inv.touches) {
    const buffer = summary.buffers[t.buffer];
    if (!buffer) continue;
    const suffix = `${t.capped ? ' …' : ''}${buffer.space === 'workgroup' ? ' (workgroup memory)' : ''}`;
    if (t.reads.length > 0) reads.push(indexRanges(buffer.name, t.reads) + suffix);
    if (t.writes.length > 0) writes.push(indexRanges(buffer.name, t.writes) + suffix);
  }
  const parts: string[] = [];
  if (reads.length > 0) parts.push(`reads ${reads.join(', ')}`);
  if (writes.length > 0) parts.push(`writes ${writes.join(', ')}`);
  for (const o of inv.outOfBounds) parts.push(`${o.access === 'read' ? 'reads' : 'writes'} ${o.buffer}[${o.index}] OUT OF BOUNDS (it has ${o.length} elements)`);
  if (inv.race) parts.push('takes part in a data race');
  return parts.length > 0 ? parts.join('; ') : 'touches no global or workgroup memory';
}

export function invocationSentence(summary: AccessSummary, inv: InvocationSummary): string {
  return `Invocation ${inv.invocation} (global id ${vec(inv.globalId)}, workgroup ${vec(inv.workgroupId)}, local id ${vec(inv.localId)}) ${invocationAccessText(summary, inv)}.`;
}

const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

/** "Phase 2 of 8: from barrier 1 to barrier 2 (workgroupBarrier() at line 23); 96 accesses." */
export function phaseTitle(summary: AccessSummary, phase: PhaseSummary): string {
  const n = summary.phases.length;
  const from = phase.phase === 0 ? 'from the start' : `from the ${ordinal(phase.phase)} barrier`;
  const to = phase.endsAt ? `to the ${ordinal(phase.phase + 1)} barrier (${phase.endsAt.barrier}() at line ${phase.endsAt.line})` : 'to the end of the kernel';
  return `Phase ${phase.phase + 1} of ${n}, ${from} ${to}: ${phase.accessCount} access${phase.accessCount === 1 ? '' : 'es'}.`;
}

/** The workgroup (in dispatch order) an invocation belongs to. */
export function workgroupOf(summary: AccessSummary, invocation: number): number {
  const [wx, wy, wz] = summary.workgroupSize;
  return Math.floor(invocation / Math.max(1, wx * wy * wz));
}

/** One line per invocation (of one workgroup, if given): what it read and wrote in this phase. */
export function phaseAccessLines(summary: AccessSummary, phase: PhaseSummary, workgroup?: number): string[] {
  const byInvocation = new Map<number, Map<number, { reads: number[]; writes: number[] }>>();
  for (const a of phase.accesses) {
    if (workgroup !== undefined && workgroupOf(summary, a.invocation) !== workgroup) continue;
    let mine = byInvocation.get(a.invocation);
    if (!mine) byInvocation.set(a.invocation, (mine = new Map()));
    let t = mine.get(a.buffer);
    if (!t) mine.set(a.buffer, (t = { reads: [], writes: [] }));
    const list = a.access === 'read' ? t.reads : t.writes;
    if (!list.includes(a.index)) list.push(a.index);
  }
  const lines: string[] = [];
  for (const [invocation, buffers] of [...byInvocation].sort(([a], [b]) => a - b)) {
    const reads: string[] = [];
    const writes: string[] = [];
    for (const [b, t] of [...buffers].sort(([x], [y]) => x - y)) {
      const buffer = summary.buffers[b];
      if (!buffer) continue;
      // An invocation only sees its own workgroup's copy, so the bare name is unambiguous.
      if (t.reads.length > 0) reads.push(indexRanges(buffer.name, t.reads.sort((x, y) => x - y)));
      if (t.writes.length > 0) writes.push(indexRanges(buffer.name, t.writes.sort((x, y) => x - y)));
    }
    const parts = [reads.length > 0 ? `reads ${reads.join(', ')}` : '', writes.length > 0 ? `writes ${writes.join(', ')}` : ''].filter(Boolean);
    lines.push(`invocation ${invocation} ${parts.join('; ')}`);
  }
  return lines;
}

/** Per cell of a buffer, what this phase did to it: R, W or RW. */
export function phaseMarkers(phase: PhaseSummary, buffer: number, shown: number): AccessMarker[] {
  const reads = new Uint8Array(shown);
  const writes = new Uint8Array(shown);
  for (const a of phase.accesses) {
    if (a.buffer !== buffer || a.index >= shown) continue;
    if (a.access === 'read') reads[a.index] = 1;
    else writes[a.index] = 1;
  }
  return Array.from({ length: shown }, (_, i) => accessMarker(reads[i] ?? 0, writes[i] ?? 0));
}

/** Cells of each buffer the invocation touched, by buffer index: element -> R/W/RW. */
export function invocationCells(inv: InvocationSummary): Map<number, Map<number, AccessMarker>> {
  const cells = new Map<number, Map<number, AccessMarker>>();
  for (const t of inv.touches) {
    const marks = new Map<number, AccessMarker>();
    for (const i of t.reads) marks.set(i, 'R');
    for (const i of t.writes) marks.set(i, marks.get(i) === 'R' ? 'RW' : 'W');
    cells.set(t.buffer, marks);
  }
  return cells;
}

export function summaryTitle(summary: AccessSummary): string {
  const [wx, wy, wz] = summary.workgroupSize;
  const [dx, dy, dz] = summary.workgroupCount;
  const groups = dx * dy * dz;
  return `case ${summary.caseName}: ${summary.invocationTotal} invocations in ${groups} workgroup${groups === 1 ? '' : 's'} of ${wx * wy * wz}, simulated on the CPU`;
}

/** Starts open when the picture is small or shows a problem the learner should see. */
export function startsOpen(summary: AccessSummary): boolean {
  const cells = summary.buffers.reduce((sum, b) => sum + b.shown, 0);
  return cells <= OPEN_MAX_CELLS || !summary.ok;
}

// ------------------------------------------------------------------ DOM

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

interface GridOptions {
  /** Id of the element that names the grid (a title above its scroll box). */
  readonly labelledBy: string;
  readonly values: readonly string[];
  readonly markers: readonly AccessMarker[];
  readonly race?: readonly boolean[];
  readonly titles?: readonly string[];
  readonly bufferIndex: number;
}

function renderGrid(options: GridOptions): HTMLTableElement {
  const table = el('table', 'access-grid');
  table.setAttribute('aria-labelledby', options.labelledBy);
  const head = el('tr');
  head.append(el('th', 'access-grid__corner', 'index'));
  const perRow = columnsFor(options.values);
  const columns = Math.min(perRow, options.values.length);
  for (let c = 0; c < columns; c++) {
    const th = el('th', undefined, `+${c}`);
    th.scope = 'col';
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  const body = el('tbody');
  for (const row of gridRows(options.values.length, perRow)) {
    const tr = el('tr');
    const th = el('th', undefined, String(row.start));
    th.scope = 'row';
    tr.append(th);
    for (let i = row.start; i < row.end; i++) {
      const marker = options.markers[i] ?? '';
      const race = options.race?.[i] ?? false;
      const td = el('td', `access-cell${marker ? ` access-cell--${marker.toLowerCase()}` : ''}${race ? ' access-cell--race' : ''}`);
      td.dataset.cell = `${options.bufferIndex}:${i}`;
      if (options.titles?.[i]) td.title = options.titles[i]!;
      td.append(el('span', 'access-cell__value', options.values[i] ?? ''), el('span', 'access-cell__marker', `${marker}${race ? '!' : ''}`));
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(thead, body);
  return table;
}

/** A horizontally scrolling box; focusable so keyboard users can scroll it (a wide grid on a phone). */
function scrollBox(className: string, label: string): HTMLDivElement {
  const box = el('div', className);
  box.tabIndex = 0;
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', label);
  return box;
}

function renderLegend(): HTMLElement {
  const legend = el('ul', 'access-legend');
  legend.setAttribute('aria-label', 'Legend');
  const item = (cls: string, mark: string, text: string) => {
    const li = el('li');
    li.append(el('span', `access-legend__swatch ${cls}`, mark), document.createTextNode(` ${text}`));
    legend.append(li);
  };
  item('access-cell--r', 'R', 'read');
  item('access-cell--w', 'W', 'written');
  item('access-cell--rw', 'RW', 'read and written');
  item('access-cell--race', '!', 'data race');
  item('access-legend__selected', '▣', 'touched by the selected invocation');
  item('', '·', 'never written');
  return legend;
}

/**
 * Renders the view for a summary into `container` (appended). `idPrefix`
 * keeps ids unique when a page has several exercises.
 */
export function renderAccessView(container: HTMLElement, summary: AccessSummary, idPrefix: string): HTMLDetailsElement {
  const details = el('details', 'access-view');
  details.open = startsOpen(summary);
  const summaryLine = el('summary', undefined, 'What your threads touched');
  summaryLine.append(el('span', 'access-view__case', ` — ${summaryTitle(summary)}`));
  details.append(summaryLine);
  const live = el('p', 'visually-hidden');
  live.setAttribute('aria-live', 'polite');
  live.setAttribute('aria-atomic', 'true');

  details.append(
    el(
      'p',
      'access-view__intro',
      'One grid per buffer, one cell per element with its final value. Global memory (storage buffers, seen by every invocation) has solid borders; workgroup memory (one copy per workgroup, shared by its invocations) has dashed borders. Hover a cell for who touched it.',
    ),
    renderLegend(),
  );
  if (!summary.ok) {
    const kinds = new Set(summary.problems.map((p) => p.kind));
    const what = [kinds.has('race') ? 'cells marked ! are in a data race' : '', kinds.has('out-of-bounds') ? 'an out-of-bounds access is listed under its buffer' : '']
      .filter(Boolean)
      .join('; ');
    details.append(el('p', 'access-view__problem', `The simulator found a problem in this case${what ? `: ${what}` : ''} (details in the results above).`));
  }
  for (const note of summary.notes) details.append(el('p', 'access-view__note', note));

  // --- invocation picker
  const pickerId = `${idPrefix}-invocation`;
  const picker = el('div', 'access-view__picker');
  const label = el('label', undefined, 'Invocation');
  label.htmlFor = pickerId;
  const select = el('select');
  select.id = pickerId;
  for (const inv of summary.invocations) {
    const option = el('option', undefined, invocationLabel(inv));
    option.value = String(inv.invocation);
    select.append(option);
  }
  const selection = el('p', 'access-view__selection');
  selection.id = `${idPrefix}-selection`;
  select.setAttribute('aria-describedby', selection.id);
  picker.append(label, select);
  details.append(picker, selection);

  // --- buffers
  const grids = el('div', 'access-view__buffers');
  summary.buffers.forEach((buffer, b) => {
    const section = el('div', `access-buffer access-buffer--${buffer.space}`);
    const title = el('p', 'access-buffer__title', bufferHeading(buffer));
    title.id = `${idPrefix}-buffer-${b}`;
    const scroll = scrollBox('access-buffer__scroll', `${bufferHeading(buffer)}, grid`);
    section.append(title);
    scroll.append(
      renderGrid({
        labelledBy: title.id,
        values: buffer.values,
        markers: buffer.cells.map((c) => accessMarker(c.readCount, c.writeCount)),
        race: buffer.cells.map((c) => c.race),
        titles: buffer.cells.map((c, i) => cellDescription(buffer, i, c)),
        bufferIndex: b,
      }),
    );
    section.append(scroll);
    for (const o of buffer.outOfBounds) {
      section.append(
        el(
          'p',
          'access-buffer__oob',
          `✗ Out of bounds: invocation ${o.invocation} ${o.access === 'read' ? 'read' : 'wrote'} ${buffer.name}[${o.index}] at line ${o.line}, but ${buffer.name} has ${o.length} elements (valid 0..${o.length - 1})` +
            (o.occurrences > 1 ? `; ${o.occurrences} such accesses from that line.` : '.'),
        ),
      );
    }
    grids.append(section);
  });
  details.append(grids);

  // --- counts
  details.append(el('h4', 'access-view__heading', 'Accesses per invocation'));
  const countsWrap = scrollBox('access-view__counts', 'Access counts table');
  const counts = el('table', 'access-counts');
  counts.append(el('caption', undefined, 'Reads and writes per invocation (every access counts, repeats included)'));
  const headRow = el('tr');
  for (const h of ['invocation', 'global id', 'workgroup', 'local id', 'global reads', 'global writes', 'workgroup reads', 'workgroup writes']) {
    const th = el('th', undefined, h);
    th.scope = 'col';
    headRow.append(th);
  }
  const countsHead = el('thead');
  countsHead.append(headRow);
  const countsBody = el('tbody');
  counts.append(countsHead, countsBody);
  countsWrap.append(counts);
  details.append(countsWrap);
  const countRow = (inv: InvocationSummary): HTMLTableRowElement => {
    const tr = el('tr');
    tr.dataset.invocation = String(inv.invocation);
    const th = el('th', undefined, String(inv.invocation));
    th.scope = 'row';
    tr.append(th);
    for (const v of [vec(inv.globalId), vec(inv.workgroupId), vec(inv.localId), inv.globalReads, inv.globalWrites, inv.workgroupReads, inv.workgroupWrites]) {
      tr.append(el('td', undefined, String(v)));
    }
    return tr;
  };
  // Rows are built on demand: a thousand hidden rows would only slow the page (and its checkers) down.
  let showingAll = summary.invocations.length <= COUNT_ROWS;
  const fillCounts = (selected: number) => {
    const shown = showingAll ? summary.invocations : summary.invocations.slice(0, COUNT_ROWS);
    const extra = !showingAll && selected >= COUNT_ROWS ? summary.invocations[selected] : undefined;
    countsBody.replaceChildren(...shown.map(countRow), ...(extra ? [countRow(extra)] : []));
    for (const tr of countsBody.rows) tr.classList.toggle('is-selected', tr.dataset.invocation === String(selected));
  };
  if (!showingAll) {
    const more = el('button', 'button access-view__more', `Show all ${summary.invocations.length} invocations`);
    more.type = 'button';
    more.setAttribute('aria-expanded', 'false');
    more.addEventListener('click', () => {
      showingAll = !showingAll;
      more.textContent = showingAll ? `Show the first ${COUNT_ROWS} invocations` : `Show all ${summary.invocations.length} invocations`;
      more.setAttribute('aria-expanded', String(showingAll));
      fillCounts(Number(select.value));
    });
    details.append(more);
  }

  // --- step mode
  const steps = el('section', 'access-steps');
  const stepsHeadingId = `${idPrefix}-steps`;
  const stepsHeading = el('h4', 'access-view__heading', 'Step through barrier phases');
  stepsHeading.id = stepsHeadingId;
  steps.setAttribute('aria-labelledby', stepsHeadingId);
  steps.append(
    stepsHeading,
    el(
      'p',
      'access-steps__intro',
      summary.phases.length > 1
        ? 'A barrier splits the kernel into phases: every invocation of a workgroup finishes a phase before any starts the next. Step through them to see what each phase read and wrote and what workgroup memory held after it.'
        : 'This kernel has no barriers, so all its accesses happen in one phase.',
    ),
  );
  const controls = el('div', 'access-steps__controls');
  controls.setAttribute('role', 'group');
  controls.setAttribute('aria-label', 'Barrier phase');
  const prev = el('button', 'button', 'Previous phase');
  prev.type = 'button';
  const position = el('span', 'access-steps__position');
  const next = el('button', 'button', 'Next phase');
  next.type = 'button';
  controls.append(prev, position, next);
  const phaseText = el('p', 'access-steps__title');
  const phaseWho = el('p', 'access-steps__who');
  const phaseList = el('ul', 'access-steps__accesses');
  phaseList.tabIndex = 0;
  phaseList.setAttribute('aria-label', 'Accesses in this phase');
  const phaseMemory = el('div', 'access-steps__memory');
  steps.append(controls, phaseText, phaseWho, phaseList, phaseMemory);
  details.append(steps, live);

  // --- behaviour
  let selectedCells: HTMLElement[] = [];
  let selectedWorkgroup = 0;
  let phaseIndex = 0;
  const selectInvocation = (index: number, announce: boolean) => {
    const inv = summary.invocations[index];
    if (!inv) return;
    for (const cell of selectedCells) {
      cell.classList.remove('is-selected');
      delete cell.dataset.selected;
    }
    selectedCells = [];
    for (const [buffer, marks] of invocationCells(inv)) {
      for (const [element, mark] of marks) {
        const cell = grids.querySelector<HTMLElement>(`td[data-cell="${buffer}:${element}"]`);
        if (!cell) continue;
        cell.classList.add('is-selected');
        cell.dataset.selected = mark;
        selectedCells.push(cell);
      }
    }
    fillCounts(index);
    selection.textContent = invocationSentence(summary, inv);
    selectedWorkgroup = workgroupOf(summary, inv.invocation);
    showPhase(phaseIndex, false);
    if (announce) live.textContent = selection.textContent;
  };
  select.addEventListener('change', () => selectInvocation(Number(select.value), true));

  /** Shows phase `index` for the selected invocation's workgroup (or the first drawn one). */
  function showPhase(index: number, announce: boolean): void {
    const phase = summary.phases[index];
    if (!phase) return;
    phaseIndex = index;
    position.textContent = `Phase ${index + 1} of ${summary.phases.length}`;
    prev.disabled = index === 0;
    next.disabled = index >= summary.phases.length - 1;
    phaseText.textContent = phaseTitle(summary, phase);
    const copies = phase.memory.filter((m) => summary.buffers[m.buffer]?.workgroup === selectedWorkgroup);
    const drawnWorkgroup = copies.length > 0 || phase.memory.length === 0 ? selectedWorkgroup : summary.buffers[phase.memory[0]!.buffer]?.workgroup ?? 0;
    const memory = copies.length > 0 ? copies : phase.memory.filter((m) => summary.buffers[m.buffer]?.workgroup === drawnWorkgroup);
    const workgroupId = summary.invocations.find((i) => workgroupOf(summary, i.invocation) === drawnWorkgroup)?.workgroupId ?? [0, 0, 0];
    const lines = phaseAccessLines(summary, phase, drawnWorkgroup);
    const [dx, dy, dz] = summary.workgroupCount;
    phaseWho.textContent =
      dx * dy * dz === 1
        ? 'Accesses in this phase:'
        : drawnWorkgroup === selectedWorkgroup
          ? `Accesses by workgroup ${vec(workgroupId)}, the selected invocation’s (pick an invocation of another workgroup to see that one):`
          : `Accesses by workgroup ${vec(workgroupId)} (the selected invocation’s workgroup is not drawn):`;
    phaseList.replaceChildren(...lines.slice(0, PHASE_LINES).map((line) => el('li', undefined, line)));
    const hidden = lines.length - Math.min(lines.length, PHASE_LINES);
    const listedAll = phase.accesses.length === phase.accessCount;
    if (hidden > 0 || !listedAll) {
      phaseList.append(el('li', 'access-steps__more', `… ${hidden > 0 ? `and ${hidden} more invocations` : ''}${!listedAll ? `${hidden > 0 ? '; ' : ''}only the first ${phase.accesses.length} of ${phase.accessCount} accesses are listed` : ''}.`));
    }
    if (lines.length === 0) phaseList.append(el('li', undefined, 'no accesses in this phase'));
    if (memory.length === 0) {
      phaseMemory.replaceChildren(
        el('p', 'access-steps__none', summary.buffers.some((b) => b.space === 'workgroup') ? 'No workgroup memory snapshot for this phase.' : 'This kernel uses no workgroup memory.'),
      );
    } else {
      phaseMemory.replaceChildren(
        ...memory.map((m) => {
          const buffer = summary.buffers[m.buffer]!;
          const box = el('div', 'access-buffer access-buffer--workgroup');
          const title = el('p', 'access-buffer__title', `${bufferLabel(buffer)} after phase ${index + 1} (R / W: accessed in this phase)`);
          title.id = `${idPrefix}-phase-buffer-${m.buffer}`;
          const scroll = scrollBox('access-buffer__scroll', `${bufferLabel(buffer)} after phase ${index + 1}, grid`);
          box.append(title, scroll);
          scroll.append(
            renderGrid({
              labelledBy: title.id,
              values: m.values,
              markers: phaseMarkers(phase, m.buffer, m.values.length),
              bufferIndex: m.buffer,
            }),
          );
          return box;
        }),
      );
    }
    if (announce) live.textContent = phaseText.textContent;
  }
  prev.addEventListener('click', () => showPhase(phaseIndex - 1, true));
  next.addEventListener('click', () => showPhase(phaseIndex + 1, true));

  // Start on the invocation that shows the problem, if there is one.
  const first = Math.max(0, summary.invocations.findIndex((i) => i.outOfBounds.length > 0 || i.race));
  select.value = String(summary.invocations[first]?.invocation ?? 0);
  selectInvocation(first, false);
  container.append(details);
  return details;
}
