/**
 * After a WGSL run, picks one small case and simulates it on the CPU with the
 * access trace and workgroup-memory snapshots on, for the "What your threads
 * touched" view under the results. Runs in the grading worker; the summary it
 * returns is plain data for the RunReport.
 *
 * Which case: the manifest's threadGrid case (drawn in the lesson already, so
 * the learner knows it), else the largest visible case whose buffers hold at
 * most MAX_ELEMENTS elements in all (the largest, because the first case is
 * often n = 1, which shows nothing about how invocations share the work).
 */
import type { WgslGrader } from '../grader/define';
import { POISON } from '../grader/define';
import { resolveKernel } from '../grader/expression';
import { simulateCase } from '../grader/sim-check';
import { prepareCase } from '../grader/wgsl-cases';
import type { WgslExerciseManifest } from '../exercises/schema';
import { summarizeAccesses, type AccessSummary } from '../simulator/access-summary';

/** Elements in all bound buffers of the case drawn (a few hundred keeps the grids readable). */
export const MAX_ELEMENTS = 512;
/** Invocations of the case drawn (its counts table and trace stay small). */
const MAX_INVOCATIONS = 4096;

export interface ChosenCase {
  readonly name: string;
  readonly params: Readonly<Record<string, number>>;
}

export type AccessOutcome = { readonly summary: AccessSummary; readonly note?: undefined } | { readonly summary?: undefined; readonly note: string };

function sizeOf(manifest: WgslExerciseManifest, params: Readonly<Record<string, number>>): { elements: number; invocations: number } {
  const resolved = resolveKernel(manifest.kernel, params);
  const [wx, wy, wz] = manifest.kernel.workgroupSize;
  const [dx, dy, dz] = resolved.dispatch;
  return { elements: resolved.bindings.reduce((sum, b) => sum + b.length, 0), invocations: wx * wy * wz * dx * dy * dz };
}

/** The case to draw, or why there is none. */
export function chooseAccessCase(manifest: WgslExerciseManifest, grader: WgslGrader): ChosenCase | { none: string } {
  const fits = (params: Readonly<Record<string, number>>) => {
    const size = sizeOf(manifest, params);
    return size.elements <= MAX_ELEMENTS && size.invocations <= MAX_INVOCATIONS;
  };
  const grid = manifest.threadGrid;
  if (grid && fits(grid.params)) {
    const text = Object.entries(grid.params)
      .map(([k, v]) => `${k} = ${v}`)
      .join(', ');
    return { name: text, params: grid.params };
  }
  let best: ChosenCase | undefined;
  let bestElements = -1;
  for (const c of grader.cases) {
    if (c.hidden || !fits(c.params)) continue;
    const { elements } = sizeOf(manifest, c.params);
    if (elements > bestElements) {
      best = { name: c.name, params: c.params };
      bestElements = elements;
    }
  }
  return best ?? { none: `No memory picture: every visible case of this exercise has more than ${MAX_ELEMENTS} elements in its buffers, too many to draw.` };
}

/** Simulates the chosen case with a trace and condenses it; never throws (a failure becomes the note). */
export function accessSummaryFor(manifest: WgslExerciseManifest, grader: WgslGrader, code: string, seed: number): AccessOutcome {
  try {
    const chosen = chooseAccessCase(manifest, grader);
    if ('none' in chosen) return { note: chosen.none };
    const prepared = prepareCase(manifest, grader, { name: chosen.name, params: chosen.params }, seed);
    const result = simulateCase(manifest, code, prepared, { trace: true, snapshots: true });
    const blocking = result.errors.find((e) => e.kind === 'parse' || e.kind === 'validation' || e.kind === 'unsupported');
    if (blocking) {
      return {
        note:
          blocking.kind === 'unsupported'
            ? `No memory picture: the CPU simulator cannot run this kernel (${blocking.message})`
            : 'No memory picture: the kernel does not compile on the CPU simulator.',
      };
    }
    const markerValues: Record<string, number> = {};
    for (const b of prepared.resolved.bindings) {
      // Outputs the grader does not fill start as the poison marker; show "never written" instead of the number.
      if (b.access === 'read_write') markerValues[b.name] = (b.type === 'f32' ? Math.fround(POISON.f32) : POISON[b.type]);
    }
    return { summary: summarizeAccesses(result, { caseName: chosen.name, markerValues }) };
  } catch (error) {
    return { note: `No memory picture: it could not be built (${error instanceof Error ? error.message : String(error)}).` };
  }
}
