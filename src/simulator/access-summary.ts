/**
 * Condenses one traced simulation (simulate() with the trace and workgroup
 * snapshots on) into what the exercise page draws under the results: per
 * buffer, which invocations read and wrote each element and its final value;
 * per invocation, its ids, access counts and the elements it touched; per
 * barrier phase, the accesses made in it and workgroup memory at its end.
 * Racing elements and out-of-bounds accesses are marked, because a failing
 * case is exactly when a learner needs the picture.
 *
 * Pure and plain data (numbers, strings, arrays, plain objects): the result
 * crosses postMessage from the grading worker to the page. Everything is
 * capped, and every cap that bites is said in `notes`.
 */
import type { AccessEvent, SimulationResult, TypedArray, VariableInfo, Vec3, WorkgroupSnapshot } from './types.ts';

export interface AccessSummaryOptions {
  /** Names the simulated case for the learner, e.g. "n = 16". */
  readonly caseName: string;
  /** Per storage buffer: the value the grader filled it with, shown as "·" (never written) when still there. */
  readonly markerValues?: Readonly<Record<string, number>>;
  /** Elements drawn per buffer. Default 512. */
  readonly maxCellsPerBuffer?: number;
  /** Invocations listed. Default 1,024. */
  readonly maxInvocations?: number;
  /** Workgroups whose copy of workgroup memory is drawn. Default 4. */
  readonly maxWorkgroupCopies?: number;
  /** Invocations listed per element and per access kind. Default 8. */
  readonly maxInvocationsPerCell?: number;
  /** Element indices listed per invocation, buffer and access kind. Default 64. */
  readonly maxIndicesPerInvocation?: number;
  /** Accesses listed per barrier phase. Default 1,024. */
  readonly maxAccessesPerPhase?: number;
}

export interface CellSummary {
  /** Invocations that read / wrote this element (at most maxInvocationsPerCell each, in order of first access). */
  readonly readers: number[];
  readonly writers: number[];
  /** How many distinct invocations read / wrote it (may exceed the lists). */
  readonly readCount: number;
  readonly writeCount: number;
  /** True when two invocations access it without a barrier between them and one of them writes (a data race). */
  readonly race: boolean;
}

export interface OutOfBoundsSummary {
  readonly invocation: number;
  readonly access: 'read' | 'write';
  readonly index: number;
  readonly length: number;
  /** Accesses out of bounds at the same code location (only the first invocation is known). */
  readonly occurrences: number;
  readonly line: number;
}

export interface BufferSummary {
  /** Unique id: the variable name, plus "@wg<k>" for workgroup k's copy of workgroup memory. */
  readonly key: string;
  readonly name: string;
  /** 'storage' is global memory (a bound buffer); 'workgroup' is one workgroup's shared memory. */
  readonly space: 'storage' | 'workgroup';
  /** For workgroup memory: whose copy this is. */
  readonly workgroup?: number;
  readonly workgroupId?: Vec3;
  readonly type: string;
  readonly access: 'read' | 'read_write';
  /** Elements in the variable, and how many of them (the first ones) are drawn. */
  readonly length: number;
  readonly shown: number;
  /** Final value of each drawn element, as text ("·" for a grader marker never overwritten). */
  readonly values: string[];
  readonly cells: CellSummary[];
  readonly outOfBounds: OutOfBoundsSummary[];
}

export interface InvocationTouches {
  /** Index into AccessSummary.buffers. */
  readonly buffer: number;
  /** Element indices read and written, ascending, without repeats. */
  readonly reads: number[];
  readonly writes: number[];
  /** True when either list hit maxIndicesPerInvocation. */
  readonly capped: boolean;
}

export interface InvocationSummary {
  readonly invocation: number;
  readonly globalId: Vec3;
  readonly workgroupId: Vec3;
  readonly localId: Vec3;
  readonly localIndex: number;
  /** Accesses to global (storage) memory and to workgroup memory; every access counts, repeats included. */
  readonly globalReads: number;
  readonly globalWrites: number;
  readonly workgroupReads: number;
  readonly workgroupWrites: number;
  readonly touches: InvocationTouches[];
  /** Part of a data race (see CellSummary.race). */
  readonly race: boolean;
  readonly outOfBounds: { readonly buffer: string; readonly access: 'read' | 'write'; readonly index: number; readonly length: number }[];
}

export interface PhaseAccess {
  readonly invocation: number;
  /** Index into AccessSummary.buffers. */
  readonly buffer: number;
  readonly index: number;
  readonly access: 'read' | 'write';
}

export interface PhaseSummary {
  /** Barriers passed before this phase (phase 0 runs from the start to the first barrier). */
  readonly phase: number;
  /** The barrier that ends it; absent for the last phase (it ends when the invocations return). */
  readonly endsAt?: WorkgroupSnapshot['endsAt'];
  /** Every access of the phase, and the first maxAccessesPerPhase of them in execution order. */
  readonly accessCount: number;
  readonly accesses: PhaseAccess[];
  /** Workgroup memory at the end of the phase: values per drawn workgroup-memory buffer. */
  readonly memory: { readonly buffer: number; readonly values: string[] }[];
}

export interface AccessSummary {
  readonly caseName: string;
  /** True when the simulation found nothing wrong. */
  readonly ok: boolean;
  readonly workgroupSize: Vec3;
  /** Dispatch grid (workgroups in x, y, z). */
  readonly workgroupCount: Vec3;
  readonly invocationTotal: number;
  readonly invocations: InvocationSummary[];
  readonly buffers: BufferSummary[];
  readonly phases: PhaseSummary[];
  /** The simulator's messages about the kernel (races, out-of-bounds, barriers), at most five. */
  readonly problems: { readonly kind: string; readonly message: string }[];
  /** What was left out (caps, a truncated trace), one sentence each. */
  readonly notes: string[];
}

const DEFAULTS = {
  maxCellsPerBuffer: 512,
  maxInvocations: 1024,
  maxWorkgroupCopies: 4,
  maxInvocationsPerCell: 8,
  maxIndicesPerInvocation: 64,
  maxAccessesPerPhase: 1024,
};

/** Short text for one value: integers as they are, other floats to 4 significant digits. */
export function formatValue(value: number, scalar: VariableInfo['scalar']): string {
  if (scalar === 'bool') return value === 0 ? 'false' : 'true';
  if (scalar !== 'f32' || Number.isInteger(value) || !Number.isFinite(value)) {
    return Math.abs(value) >= 1e7 && Number.isFinite(value) ? value.toExponential(3).replace(/\.?0+e/, 'e') : String(value);
  }
  const short = Number(value.toPrecision(4));
  return Math.abs(short) >= 1e7 || (short !== 0 && Math.abs(short) < 1e-4) ? short.toExponential(3).replace(/\.?0+e/, 'e') : String(short);
}

/** Cells of a drawn variable: one per word for (nested) arrays of scalars, else one per trace index. */
function cellsOf(info: VariableInfo): { count: number; wordsPerCell: number; byWord: boolean } {
  return info.flatScalars ? { count: info.words, wordsPerCell: 1, byWord: true } : { count: info.elements, wordsPerCell: info.elementWords, byWord: false };
}

function elementText(data: TypedArray | undefined, cell: number, info: VariableInfo, marker: number | undefined): string {
  if (!data) return '';
  const { wordsPerCell } = cellsOf(info);
  const first = cell * wordsPerCell;
  const words: number[] = [];
  for (let w = 0; w < wordsPerCell && first + w < data.length; w++) words.push(data[first + w] ?? 0);
  if (words.length === 0) return '';
  if (marker !== undefined && words.every((v) => Object.is(v, marker))) return '·';
  const texts = words.map((v) => formatValue(v, info.scalar));
  return texts.length === 1 ? (texts[0] ?? '') : `(${texts.join(', ')})`;
}

/** Root variable of an indexed expression as the simulator writes it, e.g. `tile[row]` -> `tile`. */
function rootName(text: string): string {
  return text.replace(/^value\s+/, '').split(/[.[\s]/)[0] ?? text;
}

class CellBuilder {
  readers: number[] = [];
  writers: number[] = [];
  private readSet = new Set<number>();
  private writeSet = new Set<number>();
  race = false;

  add(invocation: number, write: boolean, cap: number): void {
    const set = write ? this.writeSet : this.readSet;
    if (set.has(invocation)) return;
    set.add(invocation);
    const list = write ? this.writers : this.readers;
    if (list.length < cap) list.push(invocation);
  }

  build(): CellSummary {
    return { readers: this.readers, writers: this.writers, readCount: this.readSet.size, writeCount: this.writeSet.size, race: this.race };
  }
}

/** Per-element access sets of one barrier phase (or, for cross-workgroup checks, of the whole dispatch). */
class ConflictTracker {
  private readonly writers = new Map<string, Set<number>>();
  private readonly accessors = new Map<string, Set<number>>();

  add(key: string, who: number, write: boolean): void {
    let a = this.accessors.get(key);
    if (!a) this.accessors.set(key, (a = new Set()));
    a.add(who);
    if (write) {
      let w = this.writers.get(key);
      if (!w) this.writers.set(key, (w = new Set()));
      w.add(who);
    }
  }

  /** Keys where someone wrote and more than one party accessed, with those parties. */
  *conflicts(): Generator<[string, Set<number>]> {
    for (const [key, writers] of this.writers) {
      const accessors = this.accessors.get(key);
      if (writers.size > 0 && accessors && accessors.size > 1) yield [key, accessors];
    }
  }
}

/**
 * Builds the summary of a simulation run with a trace (and, for step mode,
 * snapshotWorkgroupMemory). Works on failing runs too: races and
 * out-of-bounds accesses are marked rather than hidden.
 */
export function summarizeAccesses(result: SimulationResult, options: AccessSummaryOptions): AccessSummary {
  const o = { ...DEFAULTS, ...options };
  const notes: string[] = [];
  const perWorkgroup = result.workgroupSize[0] * result.workgroupSize[1] * result.workgroupSize[2];
  const workgroupOf = (invocation: number) => Math.floor(invocation / perWorkgroup);
  const workgroupCount: Vec3 = [1, 1, 1];
  for (const c of result.counts) {
    for (let d = 0; d < 3; d++) workgroupCount[d] = Math.max(workgroupCount[d] ?? 1, (c.workgroupId[d] ?? 0) + 1);
  }
  const totalWorkgroups = Math.ceil(result.counts.length / Math.max(1, perWorkgroup));
  const snapshots = result.workgroupSnapshots ?? [];

  // --- buffers: every storage buffer, then each drawn workgroup's copy of each workgroup variable
  const buffers: BufferSummary[] = [];
  const cellBuilders: CellBuilder[][] = [];
  const bufferIndex = new Map<string, number>();
  const infoOf: VariableInfo[] = [];
  const addBuffer = (info: VariableInfo, values: string[], workgroup?: number) => {
    const length = cellsOf(info).count;
    const shown = Math.min(length, o.maxCellsPerBuffer);
    const key = workgroup === undefined ? info.name : `${info.name}@wg${workgroup}`;
    const workgroupId = workgroup === undefined ? undefined : result.counts[workgroup * perWorkgroup]?.workgroupId;
    bufferIndex.set(key, buffers.length);
    infoOf.push(info);
    buffers.push({
      key,
      name: info.name,
      space: info.space === 'workgroup' ? 'workgroup' : 'storage',
      ...(workgroup !== undefined ? { workgroup, workgroupId: workgroupId ? [...workgroupId] : [0, 0, 0] } : {}),
      type: info.type,
      access: info.access,
      length,
      shown,
      values,
      cells: [],
      outOfBounds: [],
    });
    cellBuilders.push(Array.from({ length: shown }, () => new CellBuilder()));
    if (shown < length) notes.push(`Only the first ${shown} of ${length} elements of ${info.name} are drawn.`);
  };
  for (const info of result.variables) {
    if (info.space !== 'storage') continue;
    const data = result.buffers.get(info.name);
    const shown = Math.min(cellsOf(info).count, o.maxCellsPerBuffer);
    addBuffer(info, Array.from({ length: shown }, (_, i) => elementText(data, i, info, o.markerValues?.[info.name])));
  }
  const workgroupVariables = result.variables.filter((v) => v.space === 'workgroup');
  const copies = Math.min(totalWorkgroups, o.maxWorkgroupCopies);
  if (workgroupVariables.length > 0 && copies < totalWorkgroups) {
    notes.push(`Workgroup memory is drawn for the first ${copies} of ${totalWorkgroups} workgroups.`);
  }
  const lastSnapshot = new Map<number, WorkgroupSnapshot>();
  for (const s of snapshots) lastSnapshot.set(s.workgroup, s);
  for (let wg = 0; wg < copies; wg++) {
    for (const info of workgroupVariables) {
      const shown = Math.min(cellsOf(info).count, o.maxCellsPerBuffer);
      const data = lastSnapshot.get(wg)?.memory[info.name];
      addBuffer(info, Array.from({ length: shown }, (_, i) => elementText(data, i, info, undefined)), wg);
    }
  }
  const keyOf = (e: Pick<AccessEvent, 'space' | 'variable' | 'invocation'>) =>
    e.space === 'workgroup' ? `${e.variable}@wg${workgroupOf(e.invocation)}` : e.variable;
  const byWord = new Set(result.variables.filter((v) => v.flatScalars).map((v) => v.name));
  const cellIndex = (variable: string, index: number, word: number) => (byWord.has(variable) ? word : index);

  // --- invocations
  const invocationCount = Math.min(result.counts.length, o.maxInvocations);
  if (invocationCount < result.counts.length) notes.push(`Only the first ${invocationCount} of ${result.counts.length} invocations are listed.`);
  const touches = Array.from({ length: invocationCount }, () => new Map<number, { reads: Set<number>; writes: Set<number> }>());
  const racingInvocations = new Set<number>();

  // --- the trace: cells, per-invocation touches, phases, conflicts
  let phaseCount = 1;
  for (const e of result.trace) phaseCount = Math.max(phaseCount, e.phase + 1);
  for (const s of snapshots) phaseCount = Math.max(phaseCount, s.phase + 1);
  const phaseAccesses: PhaseAccess[][] = Array.from({ length: phaseCount }, () => []);
  const phaseTotals = new Array<number>(phaseCount).fill(0);
  const withinPhase = new ConflictTracker();
  const acrossWorkgroups = new ConflictTracker();
  const markRace = (key: string, index: number) => {
    const b = bufferIndex.get(key);
    const cell = b === undefined ? undefined : cellBuilders[b]?.[index];
    if (cell) cell.race = true;
  };
  for (const e of result.trace) {
    if (e.space === 'uniform') continue;
    const key = keyOf(e);
    const write = e.access === 'write';
    const index = cellIndex(e.variable, e.index, e.word);
    // Conflicts are per word (a WGSL memory location), whatever the cell drawn.
    if (!e.atomic) {
      withinPhase.add(`${key}|${index}|${e.word}|${e.phase}|${workgroupOf(e.invocation)}`, e.invocation, write);
      if (e.space === 'storage') acrossWorkgroups.add(`${key}|${index}|${e.word}`, workgroupOf(e.invocation), write);
    }
    const b = bufferIndex.get(key);
    if (b === undefined) continue; // a workgroup copy that is not drawn
    cellBuilders[b]?.[index]?.add(e.invocation, write, o.maxInvocationsPerCell);
    const mine = touches[e.invocation];
    if (mine) {
      let t = mine.get(b);
      if (!t) mine.set(b, (t = { reads: new Set(), writes: new Set() }));
      (write ? t.writes : t.reads).add(index);
    }
    phaseTotals[e.phase] = (phaseTotals[e.phase] ?? 0) + 1;
    const list = phaseAccesses[e.phase];
    if (list && list.length < o.maxAccessesPerPhase) list.push({ invocation: e.invocation, buffer: b, index, access: e.access });
  }
  for (const [key, parties] of withinPhase.conflicts()) {
    const [buffer = '', index = '0'] = key.split('|');
    markRace(buffer, Number(index));
    for (const p of parties) racingInvocations.add(p);
  }
  for (const [key] of acrossWorkgroups.conflicts()) {
    const [buffer = '', index = '0'] = key.split('|');
    markRace(buffer, Number(index));
  }
  if (result.traceTruncated) notes.push(`The simulator recorded only the first ${result.trace.length} accesses; later ones are missing from the picture.`);
  if (result.snapshotsTruncated) notes.push('Workgroup memory snapshots stopped at their size limit; later phases show no memory contents.');
  const truncatedPhases = phaseTotals.filter((total, p) => total > (phaseAccesses[p]?.length ?? 0)).length;
  if (truncatedPhases > 0) notes.push(`Step mode lists at most ${o.maxAccessesPerPhase} accesses per phase; ${truncatedPhases} phase${truncatedPhases === 1 ? ' has' : 's have'} more.`);

  // --- the simulator's own findings: races (exact, even beyond the drawn phase data) and out-of-bounds accesses
  const outOfBoundsByInvocation = new Map<number, InvocationSummary['outOfBounds']>();
  for (const error of result.errors) {
    if (error.kind === 'race') {
      const key = error.space === 'workgroup' ? `${error.variable}@wg${workgroupOf(error.first.invocationIds.invocation)}` : error.variable;
      markRace(key, cellIndex(error.variable, error.index, error.word));
      racingInvocations.add(error.first.invocationIds.invocation);
      racingInvocations.add(error.second.invocationIds.invocation);
    } else if (error.kind === 'out-of-bounds') {
      const name = rootName(error.variable);
      const invocation = error.invocationIds.invocation;
      const b = bufferIndex.get(name) ?? bufferIndex.get(`${name}@wg${workgroupOf(invocation)}`);
      const entry = { invocation, access: error.access, index: error.index, length: error.length, occurrences: error.occurrences, line: error.line };
      if (b !== undefined) buffers[b]?.outOfBounds.push(entry);
      const list = outOfBoundsByInvocation.get(invocation) ?? [];
      list.push({ buffer: name, access: error.access, index: error.index, length: error.length });
      outOfBoundsByInvocation.set(invocation, list);
    }
  }

  const finalBuffers: BufferSummary[] = buffers.map((b, i) => ({ ...b, cells: (cellBuilders[i] ?? []).map((c) => c.build()) }));
  const invocations: InvocationSummary[] = [];
  for (let i = 0; i < invocationCount; i++) {
    const c = result.counts[i];
    if (!c) break;
    const mine = touches[i] ?? new Map();
    const list: InvocationTouches[] = [...mine.entries()]
      .sort(([a], [b]) => a - b)
      .map(([buffer, t]) => {
        const reads = [...t.reads].sort((x, y) => x - y);
        const writes = [...t.writes].sort((x, y) => x - y);
        const capped = reads.length > o.maxIndicesPerInvocation || writes.length > o.maxIndicesPerInvocation;
        return { buffer, reads: reads.slice(0, o.maxIndicesPerInvocation), writes: writes.slice(0, o.maxIndicesPerInvocation), capped };
      });
    invocations.push({
      invocation: c.invocation,
      globalId: [...c.globalId],
      workgroupId: [...c.workgroupId],
      localId: [...c.localId],
      localIndex: c.localIndex,
      globalReads: c.storageReads,
      globalWrites: c.storageWrites,
      workgroupReads: c.workgroupReads,
      workgroupWrites: c.workgroupWrites,
      touches: list,
      race: racingInvocations.has(c.invocation),
      outOfBounds: outOfBoundsByInvocation.get(c.invocation) ?? [],
    });
  }

  // --- phases: accesses and workgroup memory at the end of each
  const snapshotAt = new Map<string, WorkgroupSnapshot>();
  for (const s of snapshots) snapshotAt.set(`${s.workgroup}|${s.phase}`, s);
  const phases: PhaseSummary[] = [];
  for (let p = 0; p < phaseCount; p++) {
    const memory: PhaseSummary['memory'] = [];
    let endsAt: WorkgroupSnapshot['endsAt'];
    finalBuffers.forEach((b, index) => {
      if (b.space !== 'workgroup' || b.workgroup === undefined) return;
      const snapshot = snapshotAt.get(`${b.workgroup}|${p}`);
      if (!snapshot) return;
      endsAt ??= snapshot.endsAt;
      const info = infoOf[index];
      if (!info) return;
      memory.push({ buffer: index, values: Array.from({ length: b.shown }, (_, i) => elementText(snapshot.memory[b.name], i, info, undefined)) });
    });
    endsAt ??= snapshotAt.get(`0|${p}`)?.endsAt;
    phases.push({ phase: p, ...(endsAt ? { endsAt } : {}), accessCount: phaseTotals[p] ?? 0, accesses: phaseAccesses[p] ?? [], memory });
  }

  const problems = result.errors.slice(0, 5).map((e) => ({ kind: e.kind, message: e.message }));
  if (result.errors.length > 5) notes.push(`${result.errors.length - 5} more problems are listed in the results above.`);
  return {
    caseName: options.caseName,
    ok: result.ok,
    workgroupSize: [...result.workgroupSize],
    workgroupCount,
    invocationTotal: result.counts.length,
    invocations,
    buffers: finalBuffers,
    phases,
    problems,
    notes,
  };
}
