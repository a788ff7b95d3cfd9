/**
 * Lays out the thread-grid diagram of a WGSL exercise: every invocation of a
 * small dispatch as a cell, grouped by workgroup, marked busy when it has an
 * item of data and idle when it lies past the data (where the bounds guard
 * must stop it). Pure geometry and words; ThreadGrid.astro draws it as SVG.
 */
import { evaluateCount, resolveKernel } from '../grader/expression';
import type { KernelInterface, ThreadGridSpec } from './schema';

export interface GridCell {
  readonly x: number;
  readonly y: number;
  /** Global invocation id (x, y). */
  readonly gx: number;
  readonly gy: number;
  /** Workgroup index in dispatch order, for alternating colours. */
  readonly workgroup: number;
  /** True when this invocation has an item of data. */
  readonly busy: boolean;
  /** Element index it handles (row-major for 2-D data), when busy. */
  readonly element?: number;
}

export interface ThreadGridLayout {
  readonly cellSize: number;
  readonly width: number;
  readonly height: number;
  readonly cells: readonly GridCell[];
  /** Workgroup outlines in the same coordinates. */
  readonly workgroups: readonly { x: number; y: number; w: number; h: number; label: string }[];
  /** A full text equivalent of the picture. */
  readonly description: string;
  readonly title: string;
}

const MAX_INVOCATIONS = 1024;

export function layoutThreadGrid(kernel: KernelInterface, spec: ThreadGridSpec, exerciseId: string): ThreadGridLayout {
  const { dispatch } = resolveKernel(kernel, spec.params);
  const [wx, wy, wz] = kernel.workgroupSize;
  const [dx, dy, dz] = dispatch;
  if (wz !== 1 || dz !== 1) throw new Error(`${exerciseId}: threadGrid draws 1-D and 2-D dispatches only`);
  const total = wx * wy * dx * dy;
  if (total > MAX_INVOCATIONS) {
    throw new Error(`${exerciseId}: threadGrid case has ${total} invocations; pick a case with at most ${MAX_INVOCATIONS}`);
  }
  const count = (expr: string, what: string) => evaluateCount(`${exerciseId} threadGrid ${what}`, expr, spec.params);
  const twoD = 'width' in spec.data;
  const dataW = twoD ? count((spec.data as { width: string }).width, 'width') : count((spec.data as { length: string }).length, 'length');
  const dataH = twoD ? count((spec.data as { height: string }).height, 'height') : 1;
  const noun = spec.noun;
  const plural = `${noun}s`;

  // 1-D dispatches wrap each workgroup into rows of up to 16 cells; 2-D ones keep their shape.
  const rowLength = twoD ? wx : Math.min(wx, 16);
  const rowsPerGroup = twoD ? wy : Math.ceil(wx / rowLength);
  const cellSize = 18;
  const gap = 6;
  const cells: GridCell[] = [];
  const workgroups: ThreadGridLayout['workgroups'][number][] = [];
  const groupW = rowLength * cellSize;
  const groupH = rowsPerGroup * cellSize;
  // 1-D: workgroups side by side, at most 4 per band; 2-D: the dispatch grid itself.
  const groupsPerBand = twoD ? dx : Math.min(dx, 4);
  for (let gyIndex = 0; gyIndex < dy; gyIndex++) {
    for (let gxIndex = 0; gxIndex < dx; gxIndex++) {
      const workgroup = gyIndex * dx + gxIndex;
      const band = twoD ? gyIndex : Math.floor(gxIndex / groupsPerBand);
      const col = twoD ? gxIndex : gxIndex % groupsPerBand;
      const ox = col * (groupW + gap);
      const oy = band * (groupH + gap + 16) + 16;
      workgroups.push({ x: ox, y: oy, w: groupW, h: groupH, label: twoD ? `workgroup (${gxIndex}, ${gyIndex})` : `workgroup ${gxIndex}` });
      for (let ly = 0; ly < wy; ly++) {
        for (let lx = 0; lx < wx; lx++) {
          const gx = gxIndex * wx + lx;
          const gy = gyIndex * wy + ly;
          const cx = twoD ? lx : lx % rowLength;
          const cy = twoD ? ly : Math.floor(lx / rowLength);
          const busy = gx < dataW && gy < dataH;
          cells.push({
            x: ox + cx * cellSize,
            y: oy + cy * cellSize,
            gx,
            gy,
            workgroup,
            busy,
            ...(busy ? { element: gy * dataW + gx } : {}),
          });
        }
      }
    }
  }
  const bands = twoD ? dy : Math.ceil(dx / groupsPerBand);
  const width = groupsPerBand * groupW + (groupsPerBand - 1) * gap;
  const height = bands * (groupH + gap + 16);
  const busyCount = cells.filter((c) => c.busy).length;
  const idle = total - busyCount;
  const caseText = Object.entries(spec.params)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  const title = `Thread grid for ${caseText}`;
  const description = twoD
    ? `The dispatch is ${dx} × ${dy} workgroups of ${wx} × ${wy} invocations: a grid of ${dx * wx} × ${dy * wy} = ${total} invocations over ${dataW} × ${dataH} = ${dataW * dataH} ${plural}. ` +
      `Invocation (x, y) handles the ${noun} in column x, row y (index y · ${dataW} + x). ` +
      (idle > 0
        ? `${idle} invocations lie outside the data (x ≥ ${dataW} or y ≥ ${dataH}) and must do nothing.`
        : 'Every invocation has an item of data.')
    : `The dispatch is ${dx} workgroup${dx === 1 ? '' : 's'} of ${wx} invocations: ${total} invocations for ${dataW} ${dataW === 1 ? noun : plural}. ` +
      `Invocation i (its global_invocation_id.x) handles ${noun} i. ` +
      (idle > 0
        ? `Invocations ${dataW} to ${total - 1} have no ${noun} and must do nothing.`
        : 'Every invocation has an item of data.');
  return { cellSize, width, height, cells, workgroups, description, title };
}
