/**
 * Runs a compute dispatch on the CPU: parses and compiles the kernel, then
 * executes workgroup after workgroup (legal: nothing synchronizes workgroups
 * except atomics, which stay exact when workgroups run one after another).
 *
 * Within a workgroup, each invocation runs until it reaches a barrier (a
 * generator yield); when all have arrived, the next phase starts. A barrier
 * that some invocations reach while others have returned or wait at a
 * different barrier is reported as non-uniform (on a GPU: a hang or garbage).
 *
 * Every failure becomes a SimError: syntax/validation problems, limits
 * (loop-limit, step-limit), and even internal faults of the simulator, so the
 * caller never has to catch.
 */
import { evaluateBudgets, type ElementReadWorst } from './budgets.ts';
import { CompileError } from './compile-common.ts';
import { Halt, KernelCompiler, type BarrierRequest, type CompiledKernel, type RunState } from './compiler.ts';
import { Invocation, Memory, Observer } from './memory.ts';
import { parseWgsl, ParseFailure, type ParsedModule } from './parse.ts';
import type {
  InvocationCounts,
  InvocationIds,
  SimError,
  SimulationInput,
  SimulationResult,
  TypedArray,
  VariableInfo,
  Vec3,
  WorkgroupSnapshot,
} from './types.ts';
import { checkUniformity } from './uniformity.ts';
import { typeName, type WType } from './wgsl-types.ts';

const DEFAULTS = {
  maxLoopIterations: 1_000_000,
  maxSteps: 20_000_000,
  maxTraceEvents: 100_000,
  maxInvocations: 1 << 18,
};

/** Words of workgroup memory kept in snapshots in all (4 MiB); views only ask for small cases. */
const MAX_SNAPSHOT_WORDS = 1 << 20;

/** Collects workgroup-memory snapshots at the end of each barrier phase, up to MAX_SNAPSHOT_WORDS. */
class SnapshotRecorder {
  readonly snapshots: WorkgroupSnapshot[] = [];
  truncated = false;
  private words = 0;

  private readonly memories: readonly Memory[];

  // No parameter properties: Node runs these sources with type stripping only (npm run bench:simulator).
  constructor(memories: readonly Memory[]) {
    this.memories = memories;
  }

  take(workgroup: number, workgroupId: Vec3, phase: number, endsAt?: WorkgroupSnapshot['endsAt']): void {
    const size = this.memories.reduce((sum, m) => sum + m.words, 0);
    if (this.words + size > MAX_SNAPSHOT_WORDS) {
      this.truncated = true;
      return;
    }
    this.words += size;
    const memory: Record<string, TypedArray> = {};
    for (const m of this.memories) {
      const scalar = m.wgslType ? leafScalar(m.wgslType) : null;
      memory[m.name] = scalar === 'f32' ? m.f32.slice() : scalar === 'i32' ? m.i32.slice() : m.u32.slice();
    }
    this.snapshots.push({ workgroup, workgroupId: [...workgroupId], phase, ...(endsAt ? { endsAt } : {}), memory });
  }
}

/** The one scalar kind all words of a type hold, or null when a struct mixes kinds. */
function leafScalar(t: WType): VariableInfo['scalar'] {
  switch (t.kind) {
    case 'scalar':
    case 'vec':
      return t.scalar === 'abstract-float' ? 'f32' : t.scalar === 'abstract-int' ? 'i32' : t.scalar;
    case 'mat':
      return 'f32';
    case 'atomic':
      return t.scalar;
    case 'array':
      return leafScalar(t.elem);
    case 'struct': {
      const kinds = new Set(t.members.map((m) => leafScalar(m.type)));
      return kinds.size === 1 ? ([...kinds][0] ?? null) : null;
    }
    default:
      return null;
  }
}

function describeVariable(memory: Memory, type: WType, access: VariableInfo['access']): VariableInfo {
  const elementWords = memory.indexStride > 0 ? memory.indexStride : 1;
  return {
    name: memory.name,
    space: memory.space as VariableInfo['space'],
    access,
    type: typeName(type),
    elements: Math.floor(memory.words / elementWords),
    elementWords,
    scalar: leafScalar(type),
    words: memory.words,
    flatScalars: isFlatScalarArray(type),
  };
}

function isFlatScalarArray(type: WType): boolean {
  if (type.kind !== 'array') return false;
  let leaf: WType = type;
  while (leaf.kind === 'array') leaf = leaf.elem;
  return leaf.kind === 'scalar' || leaf.kind === 'atomic';
}

function emptyResult(errors: SimError[], workgroupSize: Vec3 = [1, 1, 1]): SimulationResult {
  return {
    ok: false,
    buffers: new Map(),
    errors,
    counts: [],
    trace: [],
    traceTruncated: false,
    budgetReports: [],
    workgroupSize,
    steps: 0,
    variables: [],
  };
}

function inputError(message: string): SimulationResult {
  return emptyResult([{ kind: 'validation', message, line: 0, column: 0 }]);
}

function validateInput(input: SimulationInput): string | null {
  if (!input || typeof input.code !== 'string') return 'simulate() needs { code: string, bindings, workgroups }.';
  const wg = input.workgroups;
  if (!Array.isArray(wg) || wg.length !== 3 || !wg.every((n) => Number.isInteger(n) && n >= 0 && n <= 65535)) {
    return `workgroups must be three integers from 0 to 65535 (WebGPU's limit per dimension), got ${JSON.stringify(wg)}.`;
  }
  if (!Array.isArray(input.bindings)) return 'bindings must be an array of { group, binding, data }.';
  for (const b of input.bindings) {
    if (!b || !(b.data instanceof Float32Array || b.data instanceof Int32Array || b.data instanceof Uint32Array)) {
      return `Binding @group(${b?.group}) @binding(${b?.binding}) needs data as a Float32Array, Int32Array or Uint32Array.`;
    }
  }
  return null;
}

/** Copies a memory's bytes into a new typed array of the input's class and length. */
function exportBuffer(memory: Memory, like: TypedArray): TypedArray {
  const out = new (like.constructor as { new (length: number): TypedArray })(like.length);
  new Uint8Array(out.buffer).set(new Uint8Array(memory.buffer, 0, Math.min(out.byteLength, memory.buffer.byteLength)));
  return out;
}

export function simulate(input: SimulationInput): SimulationResult {
  const invalid = validateInput(input);
  if (invalid) return inputError(invalid);
  const limits = { ...DEFAULTS, ...(input.limits ?? {}) };

  let module: ParsedModule;
  try {
    module = parseWgsl(input.code);
  } catch (error) {
    const e = error instanceof ParseFailure ? error : new ParseFailure(String(error), 0, 0);
    return emptyResult([{ kind: 'parse', message: `Syntax error at line ${e.line}: ${e.message}.`, line: e.line, column: e.column }]);
  }

  const observer = new Observer(limits.maxTraceEvents);
  const run: RunState = { steps: 0, maxSteps: limits.maxSteps, maxLoopIterations: limits.maxLoopIterations };
  const [nx, ny, nz] = input.workgroups as Vec3;
  let wgSize: Vec3 = [1, 1, 1];
  let perWorkgroup = 1;
  const idsOf = (invocation: number): InvocationIds => {
    const wgLinear = Math.floor(invocation / perWorkgroup);
    const localIndex = invocation - wgLinear * perWorkgroup;
    const workgroupId: Vec3 = [wgLinear % nx, Math.floor(wgLinear / nx) % ny, Math.floor(wgLinear / (nx * ny))];
    const localId: Vec3 = [localIndex % wgSize[0], Math.floor(localIndex / wgSize[0]) % wgSize[1], Math.floor(localIndex / (wgSize[0] * wgSize[1]))];
    return {
      invocation,
      globalId: [workgroupId[0] * wgSize[0] + localId[0], workgroupId[1] * wgSize[1] + localId[1], workgroupId[2] * wgSize[2] + localId[2]],
      workgroupId,
      localId,
      localIndex,
    };
  };
  observer.idsOf = idsOf;

  let kernel: CompiledKernel;
  try {
    kernel = new KernelCompiler({
      module,
      overrides: input.overrides ?? {},
      bindings: input.bindings,
      observer,
      run,
      idsOf,
      ...(input.entryPoint ? { entryPoint: input.entryPoint } : {}),
    }).compile();
  } catch (error) {
    if (error instanceof CompileError) {
      const err: SimError = { kind: error.kind, message: error.message, line: error.line, column: error.column };
      if (error.feature) (err as { feature?: string }).feature = error.feature;
      return emptyResult([err]);
    }
    return emptyResult([internalError('compiling the kernel', error)]);
  }

  wgSize = kernel.workgroupSize;
  perWorkgroup = wgSize[0] * wgSize[1] * wgSize[2];
  const workgroupCount = nx * ny * nz;
  const errors = observer.errors;
  if (workgroupCount * perWorkgroup > limits.maxInvocations) {
    return emptyResult(
      [
        {
          kind: 'unsupported',
          message: `The dispatch has ${workgroupCount * perWorkgroup} invocations; the simulator runs at most ${limits.maxInvocations}. Simulate a smaller problem size.`,
          line: 0,
          column: 0,
          feature: 'large dispatch',
        },
      ],
      wgSize,
    );
  }

  try {
    for (const e of checkUniformity(module, kernel, input.entryPoint)) errors.push(e);
  } catch (error) {
    errors.push(internalError('checking barrier uniformity', error));
  }

  const elementWorst = new Map<string, ElementReadWorst>();
  for (const budget of input.budgets ?? []) {
    if (budget.kind !== 'globalReadsPerElementPerWorkgroup') continue;
    const storage = kernel.storage.find((s) => s.name === budget.variable);
    if (storage && !storage.memory.elementReads) {
      const elements = storage.memory.indexStride > 0 ? Math.ceil(storage.memory.words / storage.memory.indexStride) : storage.memory.words;
      storage.memory.elementReads = new Uint32Array(elements);
      elementWorst.set(storage.name, { value: 0, workgroupId: [0, 0, 0], element: 0 });
    }
  }

  const recorder = input.snapshotWorkgroupMemory ? new SnapshotRecorder(kernel.workgroupMemories) : null;
  observer.multipleWorkgroups = workgroupCount > 1;
  const counts: InvocationCounts[] = [];
  const invocations = Array.from({ length: perWorkgroup }, () => new Invocation(new Memory('(locals)', 'function', kernel.localWords, true), kernel.letSlots, newCounts(0)));
  const numWorkgroups: Vec3 = [nx, ny, nz];
  try {
    let wgLinear = 0;
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++, wgLinear++) {
          runWorkgroup(kernel, observer, invocations, wgLinear, [x, y, z], wgSize, numWorkgroups, counts, recorder);
          for (const [name, worst] of elementWorst) {
            const memory = kernel.storage.find((s) => s.name === name)?.memory;
            const reads = memory?.elementReads;
            if (!reads) continue;
            for (let i = 0; i < reads.length; i++) {
              const v = reads[i] ?? 0;
              if (v > worst.value) {
                worst.value = v;
                worst.workgroupId = [x, y, z];
                worst.element = i;
              }
            }
            reads.fill(0);
          }
        }
      }
    }
  } catch (error) {
    if (error instanceof Halt) errors.push(error.error);
    else errors.push(internalError('running the kernel', error));
  }
  observer.finish();

  const buffers = new Map<string, TypedArray>();
  for (const s of kernel.storage) buffers.set(s.name, exportBuffer(s.memory, s.input));
  const budgetReports = evaluateBudgets(input.budgets ?? [], counts, elementWorst, kernel.storage.map((s) => s.name));
  return {
    ok: errors.length === 0 && budgetReports.every((b) => b.ok),
    buffers,
    errors,
    counts,
    trace: observer.trace,
    traceTruncated: observer.traceTruncated,
    budgetReports,
    workgroupSize: wgSize,
    steps: run.steps,
    variables: [
      ...kernel.storage.map((s) => describeVariable(s.memory, s.type, s.access === 'read_write' ? 'read_write' : 'read')),
      ...kernel.workgroupMemories.map((m) => describeVariable(m, m.wgslType ?? { kind: 'void' }, 'read_write')),
    ],
    ...(recorder ? { workgroupSnapshots: recorder.snapshots, snapshotsTruncated: recorder.truncated } : {}),
  };
}

function newCounts(invocation: number): InvocationCounts {
  return {
    invocation,
    globalId: [0, 0, 0],
    workgroupId: [0, 0, 0],
    localId: [0, 0, 0],
    localIndex: 0,
    storageReads: 0,
    storageWrites: 0,
    uniformReads: 0,
    workgroupReads: 0,
    workgroupWrites: 0,
  };
}

function internalError(during: string, error: unknown): SimError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    kind: 'runtime',
    message: `The simulator failed while ${during} (${detail}). This is a bug in the simulator, not necessarily in your kernel; run it on WebGPU to compare.`,
    line: 0,
    column: 0,
  };
}

function runWorkgroup(
  kernel: CompiledKernel,
  observer: Observer,
  invocations: Invocation[],
  wgLinear: number,
  workgroupId: Vec3,
  wgSize: Vec3,
  numWorkgroups: Vec3,
  counts: InvocationCounts[],
  recorder: SnapshotRecorder | null,
): void {
  observer.beginWorkgroup(wgLinear);
  for (const m of kernel.workgroupMemories) m.clear();
  const perWorkgroup = invocations.length;
  for (let i = 0; i < perWorkgroup; i++) {
    const inv = invocations[i] as Invocation;
    const lx = i % wgSize[0];
    const ly = Math.floor(i / wgSize[0]) % wgSize[1];
    const lz = Math.floor(i / (wgSize[0] * wgSize[1]));
    inv.index = wgLinear * perWorkgroup + i;
    inv.localIndex = i;
    inv.workgroupIndex = wgLinear;
    inv.localId = [lx, ly, lz];
    inv.workgroupId = workgroupId;
    inv.globalId = [workgroupId[0] * wgSize[0] + lx, workgroupId[1] * wgSize[1] + ly, workgroupId[2] * wgSize[2] + lz];
    const c = newCounts(inv.index);
    c.globalId = inv.globalId;
    c.workgroupId = workgroupId;
    c.localId = inv.localId;
    c.localIndex = i;
    inv.counts = c;
    counts.push(c);
    inv.local.clear();
    for (const init of kernel.privateInits) init(inv);
    for (const p of kernel.entryParams) inv.lets[p.slot] = p.make(inv, numWorkgroups);
  }

  if (!kernel.async) {
    const body = kernel.body.sync;
    if (!body) throw new Error('unreachable: synchronous kernel without a body');
    for (const inv of invocations) body(inv);
    recorder?.take(wgLinear, workgroupId, observer.phase);
    return;
  }

  const gen = kernel.body.gen;
  if (!gen) throw new Error('unreachable: kernel without a generator body');
  let active = invocations.map((inv) => gen(inv));
  let activeInvocations = invocations.slice();
  const finished: Invocation[] = [];
  let reportedDivergence = false;
  for (;;) {
    const waiting: Invocation[] = [];
    const waitingIterators: typeof active = [];
    const requests: BarrierRequest[] = [];
    for (let i = 0; i < active.length; i++) {
      const step = (active[i] as (typeof active)[number]).next();
      const inv = activeInvocations[i] as Invocation;
      if (step.done) finished.push(inv);
      else {
        waiting.push(inv);
        waitingIterators.push(active[i] as (typeof active)[number]);
        requests.push(step.value);
      }
    }
    if (waiting.length === 0) {
      recorder?.take(wgLinear, workgroupId, observer.phase);
      return;
    }
    const firstRequest = requests[0] as BarrierRequest;
    const firstInv = waiting[0] as Invocation;
    const elsewhereAt = requests.findIndex((r) => r.site.id !== firstRequest.site.id);
    if (!reportedDivergence && (finished.length > 0 || elsewhereAt >= 0)) {
      reportedDivergence = true;
      const missing = finished[0] ?? waiting[elsewhereAt];
      const atSameBarrier = requests.filter((r) => r.site.id === firstRequest.site.id).length;
      const whereMissing = finished.length > 0 ? 'has already returned' : `waits at a different barrier (line ${requests[elsewhereAt]?.site.line})`;
      observer.report(`barrier|${firstRequest.site.id}`, () => ({
        kind: 'non-uniform-barrier',
        message:
          `${firstRequest.name}() at line ${firstRequest.site.line} was reached by ${atSameBarrier} of ${invocations.length} invocations of workgroup (${workgroupId.join(', ')}): ` +
          `local id (${firstInv.localId.join(', ')}) waits there, but local id (${missing?.localId.join(', ') ?? '?'}) ${whereMissing}. ` +
          'Every invocation of a workgroup must reach the same barriers: on a GPU this hangs or gives wrong results. ' +
          'Do not return early before a barrier, and keep barriers out of if/loops whose condition differs between invocations (compute a flag instead and use it after the barrier).',
        line: firstRequest.site.line,
        column: firstRequest.site.column,
        workgroupId,
        waiting: observer.idsOf(firstInv.index),
        ...(missing ? { missing: observer.idsOf(missing.index) } : {}),
      }));
    }
    recorder?.take(wgLinear, workgroupId, observer.phase, { barrier: firstRequest.name, line: firstRequest.site.line });
    observer.barrier(
      requests.some((r) => r.workgroupMemory),
      requests.some((r) => r.storageMemory),
    );
    active = waitingIterators;
    activeInvocations = waiting;
  }
}
