/**
 * WGSL compute simulator: runs a compute kernel on the CPU with WGSL's
 * semantics (f32 rounding, integer wrap-around, barriers, atomics) and reports
 * what a GPU would hide: out-of-bounds accesses, data races, barriers not
 * reached by every invocation, runaway loops, and memory-traffic budgets.
 *
 * Entry point: `simulate(input)`; it never throws and never hangs (limits
 * stop runaway kernels). See ./types.ts for the input and result shapes.
 */
export { simulate } from './simulate.ts';
export type {
  AccessEvent,
  BarrierError,
  Budget,
  BudgetReport,
  InvocationCounts,
  InvocationIds,
  LoopLimitError,
  OutOfBoundsError,
  ParseError,
  RaceError,
  RaceParty,
  SimBinding,
  SimError,
  SimErrorKind,
  SimLimits,
  SimulationInput,
  SimulationResult,
  TypedArray,
  VariableInfo,
  Vec3,
  WorkgroupSnapshot,
} from './types.ts';
