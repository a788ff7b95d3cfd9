/**
 * Renders a RunReport into the results panel as plain DOM: headline, per-case
 * verdicts with tolerance, errors and the worst element, a grid of expected vs
 * got for small outputs, captured console output and timings. Also the text
 * for the live region, so screen readers hear the headline once. A kernel
 * graded without WebGPU gets a "Simulated on CPU" badge; WGSL runs end with
 * the memory picture of one small case (access-view.ts).
 */
import type { CaseReport, ConsoleLine, RunReport } from '../runner/protocol';
import { renderAccessView } from './access-view';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function formatError(value: number | undefined): string {
  if (value === undefined) return '—';
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  return value.toExponential(2);
}

function renderGrid(c: CaseReport): HTMLElement | null {
  const grid = c.grid;
  if (!grid || grid.cells.length === 0) return null;
  const wrap = el('div', 'result-grid');
  const table = el('table');
  const shownRows = grid.cells.length;
  const shownCols = grid.cells[0]?.length ?? 0;
  const firstRow = grid.firstRow ?? 0;
  const firstCol = grid.firstCol ?? 0;
  // A window away from the top-left corner (image cases centre it on the worst pixel) says where it is.
  const window =
    firstRow > 0 || firstCol > 0
      ? ` (rows ${firstRow}–${firstRow + shownRows - 1}, columns ${firstCol}–${firstCol + shownCols - 1} of ${grid.rows} × ${grid.cols})`
      : grid.truncated
        ? ` (first ${shownRows} × ${shownCols} of ${grid.rows} × ${grid.cols})`
        : '';
  const caption = el('caption', undefined, `Expected / got${window}; mismatches marked ✗`);
  table.append(caption);
  const body = el('tbody');
  for (const row of grid.cells) {
    const tr = el('tr');
    for (const cell of row) {
      const td = el('td', cell.pass ? 'ok' : 'bad');
      td.title = `[${cell.index.join(', ')}]`;
      td.append(el('span', 'result-grid__expected', cell.expectedText), el('span', 'result-grid__got', `${cell.pass ? '' : '✗ '}${cell.gotText}`));
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  wrap.append(table);
  return wrap;
}

function renderCase(c: CaseReport): HTMLElement {
  const item = el('li', `case ${c.passed ? 'case--pass' : 'case--fail'}`);
  const head = el('p', 'case__head');
  head.append(el('strong', undefined, `${c.passed ? '✓ Pass' : '✗ Fail'}: `), document.createTextNode(c.name + (c.hidden ? ' (hidden)' : '')));
  item.append(head);
  if (!c.passed || !c.hidden) item.append(el('p', 'case__explanation', c.explanation));
  const details: string[] = [];
  if (c.tolerance) details.push(`tolerance |got − expected| ≤ ${c.tolerance.atol} + ${c.tolerance.rtol}·|expected|`);
  if (c.maxAbsError !== undefined) details.push(`max abs error ${formatError(c.maxAbsError)}, max rel error ${formatError(c.maxRelError)}`);
  if (c.worst && !c.passed) details.push(`worst element [${c.worst.index.join(', ')}]: expected ${c.worst.expected}, got ${c.worst.got}`);
  if (c.mismatches) details.push(`${c.mismatches} mismatching element${c.mismatches === 1 ? '' : 's'}`);
  if (c.seed !== undefined) details.push(`seed ${c.seed}`);
  details.push(formatMs(c.timeMs));
  item.append(el('p', 'case__details', details.join(' · ')));
  const grid = renderGrid(c);
  if (grid) item.append(grid);
  return item;
}

export function renderConsole(container: HTMLElement, lines: readonly ConsoleLine[]): void {
  if (lines.length === 0) return;
  const block = el('details', 'results__console');
  block.open = true;
  block.append(el('summary', undefined, `Console output (${lines.length} line${lines.length === 1 ? '' : 's'})`));
  const pre = el('pre');
  pre.textContent = lines.map((l) => (l.level === 'log' ? l.text : `[${l.level}] ${l.text}`)).join('\n');
  block.append(pre);
  container.append(block);
}

/** The badge for a run graded on the CPU simulator, or null when the kernel ran on WebGPU (or is not a kernel). */
export function simulationBadge(report: RunReport): { label: string; explanation: string } | null {
  if (!report.simulatedOnCpu) return null;
  return { label: 'Simulated on CPU', explanation: report.simulatedOnCpu.reason };
}

/** Replaces the panel's contents with the report. */
export function renderReport(panel: HTMLElement, report: RunReport): void {
  panel.replaceChildren();
  panel.dataset.status = report.status;
  const badge = simulationBadge(report);
  if (badge) {
    const line = el('p', 'results__simulated');
    line.append(el('span', 'results__badge', badge.label), document.createTextNode(` ${badge.explanation}`));
    panel.append(line);
  }
  const headline = el('p', `results__summary results__summary--${report.status === 'passed' ? 'pass' : 'fail'}`, report.summary);
  panel.append(headline);
  if (report.diagnostics.length > 0) {
    const list = el('ul', 'results__diagnostics');
    for (const d of report.diagnostics) list.append(el('li', undefined, `Line ${d.line}, column ${d.column}: ${d.message}`));
    panel.append(list);
  }
  if (report.cases.length > 0) {
    const cases = el('ol', 'results__cases');
    for (const c of report.cases) cases.append(renderCase(c));
    panel.append(cases);
  }
  renderConsole(panel, report.console);
  const timing = [`seed ${report.seed}`, `compile ${formatMs(report.timings.compileMs)}`, `total ${formatMs(report.timings.totalMs)}`];
  if (report.device) timing.push(`ran on ${report.device}`);
  panel.append(el('p', 'results__timing', timing.join(' · ')));
  if (report.accessSummary) renderAccessView(panel, report.accessSummary, `access-${report.exerciseId}`);
  else if (report.accessSummaryNote) panel.append(el('p', 'results__access-note', report.accessSummaryNote));
}
