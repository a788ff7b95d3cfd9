/**
 * Public types of the WGSL simulator: its input, its result, the errors it
 * reports, the memory-access trace and the budgets a kernel can be held to.
 * The UI and the graders depend on these shapes; keep them stable.
 */

export type TypedArray = Float32Array | Int32Array | Uint32Array;
export type Vec3 = [number, number, number];

export interface SimBinding {
  group: number;
  binding: number;
  /** Buffer contents; reinterpreted bit for bit as the variable's type, like GPUQueue.writeBuffer. */
  data: TypedArray;
}

export interface SimLimits {
  /** Iterations one execution of one loop may run before it is reported as a likely infinite loop. Default 1,000,000. */
  maxLoopIterations?: number;
  /** Work units (statements, loop iterations, calls) for the whole dispatch. Default 20,000,000. */
  maxSteps?: number;
  /** Access events kept in the trace; the rest are counted but dropped (traceTruncated). Default 100,000. */
  maxTraceEvents?: number;
  /** Invocations in the whole dispatch. Default 262,144 (e.g. 1,024 workgroups of 256). */
  maxInvocations?: number;
}

export type Budget =
  | { kind: 'globalReadsPerInvocation'; max: number }
  | { kind: 'globalWritesPerInvocation'; max: number }
  /** Reads of storage memory by the whole dispatch. */
  | { kind: 'globalReadsTotal'; max: number }
  | { kind: 'globalWritesTotal'; max: number }
  /** How often one workgroup may read each element of a storage variable (tiling exercises: 1). */
  | { kind: 'globalReadsPerElementPerWorkgroup'; variable: string; max: number };

export interface SimulationInput {
  /** The WGSL module. */
  code: string;
  /** Entry point; default: the only @compute function. */
  entryPoint?: string;
  /** Storage and uniform buffers. Inputs are copied; final contents are in the result. */
  bindings: SimBinding[];
  /** Dispatch grid (number of workgroups in x, y, z). */
  workgroups: Vec3 | [number, number, number];
  /** Values for `override` declarations, by name (as GPUProgrammableStage.constants). */
  overrides?: Record<string, number>;
  limits?: SimLimits;
  budgets?: Budget[];
  /**
   * Copy every workgroup's workgroup memory when all its invocations reach a
   * barrier and when it finishes (result.workgroupSnapshots), for views that
   * step through barrier phases. Off by default: grading does not pay for it.
   */
  snapshotWorkgroupMemory?: boolean;
}

export type SimErrorKind =
  | 'parse'
  | 'validation'
  | 'unsupported'
  | 'out-of-bounds'
  | 'race'
  | 'non-uniform-barrier'
  | 'loop-limit'
  | 'step-limit'
  | 'runtime';

/** Ids of one invocation. */
export interface InvocationIds {
  /** Position in `counts` (x fastest, then y, z; workgroups in dispatch order). */
  invocation: number;
  globalId: Vec3;
  workgroupId: Vec3;
  localId: Vec3;
  localIndex: number;
}

export interface SimErrorBase {
  kind: SimErrorKind;
  /** A full sentence for the learner: what happened, where, and how to fix it. */
  message: string;
  /** 1-based source position (0 when unknown). */
  line: number;
  column: number;
}

export interface ParseError extends SimErrorBase {
  kind: 'parse' | 'validation' | 'unsupported' | 'runtime' | 'step-limit';
  /** For 'unsupported': the WGSL feature the simulator lacks. */
  feature?: string;
}

export interface OutOfBoundsError extends SimErrorBase {
  kind: 'out-of-bounds';
  access: 'read' | 'write';
  invocationIds: InvocationIds;
  /** The indexed expression as written, e.g. `data` or `tile[row]`. */
  variable: string;
  index: number;
  length: number;
  /** How many out-of-bounds accesses this code location made in total. */
  occurrences: number;
}

export interface RaceParty {
  invocationIds: InvocationIds;
  access: 'read' | 'write';
  line: number;
  column: number;
}

export interface RaceError extends SimErrorBase {
  kind: 'race';
  /** 'workgroup': two invocations of one workgroup between the same barriers; 'dispatch': two workgroups (nothing orders them). */
  scope: 'workgroup' | 'dispatch';
  space: 'workgroup' | 'storage';
  variable: string;
  /** Element index in the variable (see AccessEvent.index) and 32-bit word offset. */
  index: number;
  word: number;
  first: RaceParty;
  second: RaceParty;
  /** How many conflicting access pairs with the same two source locations were seen. */
  occurrences: number;
}

export interface BarrierError extends SimErrorBase {
  kind: 'non-uniform-barrier';
  /** Workgroup in which invocations diverged at a barrier (absent for the static check). */
  workgroupId?: Vec3;
  /** Example invocations that waited at a barrier and that did not. */
  waiting?: InvocationIds;
  missing?: InvocationIds;
}

export interface LoopLimitError extends SimErrorBase {
  kind: 'loop-limit';
  invocationIds: InvocationIds;
  iterations: number;
}

export type SimError = ParseError | OutOfBoundsError | RaceError | BarrierError | LoopLimitError;

export interface AccessEvent {
  /** Index into `counts` / invocation order. */
  invocation: number;
  space: 'storage' | 'uniform' | 'workgroup';
  variable: string;
  /** Element of the variable's array (for array variables, `data[i]` -> i; otherwise the word offset). */
  index: number;
  /** 32-bit word offset within the variable (the unit of a WGSL memory location). */
  word: number;
  access: 'read' | 'write';
  atomic: boolean;
  /** Number of barriers this invocation's workgroup had passed when the access happened. */
  phase: number;
  line: number;
  column: number;
}

export interface InvocationCounts extends InvocationIds {
  storageReads: number;
  storageWrites: number;
  uniformReads: number;
  workgroupReads: number;
  workgroupWrites: number;
}

export interface BudgetReport {
  budget: Budget;
  ok: boolean;
  /** The worst offender: an invocation (per-invocation budgets), a workgroup, or the dispatch. */
  worst: { invocation?: InvocationIds; workgroupId?: Vec3; element?: number; value: number };
  message: string;
}

/** A storage, uniform or workgroup variable of the entry point, as the trace indexes it. */
export interface VariableInfo {
  name: string;
  space: 'storage' | 'uniform' | 'workgroup';
  access: 'read' | 'read_write';
  /** The WGSL type as written in messages, e.g. `array<f32>` or `array<f32, 64>`. */
  type: string;
  /** Number of distinct AccessEvent.index values: array elements, or words for a non-array variable. */
  elements: number;
  /** 32-bit words per element (1 for a non-array variable, whose trace index is the word offset). */
  elementWords: number;
  /** The scalar every word holds (atomics: their integer type); null when a struct mixes scalar types. */
  scalar: 'f32' | 'i32' | 'u32' | 'bool' | null;
  /** Size in 32-bit words. */
  words: number;
  /**
   * True for arrays (possibly nested) of scalars or atomics, e.g.
   * array<array<f32, 16>, 16>: every word is one value and AccessEvent.word
   * addresses it, so views can draw one cell per word.
   */
  flatScalars: boolean;
}

/** Workgroup memory of one workgroup at the end of one barrier phase (SimulationInput.snapshotWorkgroupMemory). */
export interface WorkgroupSnapshot {
  /** Workgroup index in dispatch order. */
  workgroup: number;
  workgroupId: Vec3;
  /** The phase that just ended: the number of barriers passed before it (AccessEvent.phase). */
  phase: number;
  /** The barrier that ends the phase; absent when the workgroup finished (its final contents). */
  endsAt?: { barrier: 'workgroupBarrier' | 'storageBarrier' | 'workgroupUniformLoad'; line: number };
  /** Contents by variable name: Float32Array for f32 data, Int32Array for i32, else Uint32Array (raw words). */
  memory: Record<string, TypedArray>;
}

export interface SimulationResult {
  /** True when nothing went wrong: no errors and every budget met. */
  ok: boolean;
  /** Final contents of every bound buffer, by variable name (same typed-array class as the input). */
  buffers: Map<string, TypedArray>;
  errors: SimError[];
  /** One entry per invocation that ran. */
  counts: InvocationCounts[];
  trace: AccessEvent[];
  traceTruncated: boolean;
  budgetReports: BudgetReport[];
  /** Workgroup size of the entry point, for display. */
  workgroupSize: Vec3;
  /** Work units spent (see SimLimits.maxSteps). */
  steps: number;
  /** Storage, uniform and workgroup variables the kernel declares (empty when it did not compile). */
  variables: VariableInfo[];
  /** Only with SimulationInput.snapshotWorkgroupMemory: in order of workgroup, then phase. */
  workgroupSnapshots?: WorkgroupSnapshot[];
  /** True when snapshots stopped because they reached their size cap (MAX_SNAPSHOT_WORDS in simulate.ts). */
  snapshotsTruncated?: boolean;
}
