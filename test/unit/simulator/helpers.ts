/**
 * Shared helpers for the simulator tests: run a kernel that writes results to
 * one storage buffer and read them back.
 */
import { expect } from 'vitest';
import { simulate } from '../../../src/simulator/index';
import type { SimulationInput, SimulationResult, TypedArray } from '../../../src/simulator/index';

export function run(input: Partial<SimulationInput> & { code: string }): SimulationResult {
  return simulate({ bindings: [], workgroups: [1, 1, 1], ...input });
}

/** Runs a single-invocation kernel writing to `out` (binding 0) and returns out's values. */
export function compute(body: string, out: TypedArray, prelude = ''): number[] {
  const type = out instanceof Float32Array ? 'f32' : out instanceof Int32Array ? 'i32' : 'u32';
  const code = `${prelude}
@group(0) @binding(0) var<storage, read_write> out: array<${type}>;
@compute @workgroup_size(1) fn main() {
${body}
}`;
  const result = run({ code, bindings: [{ group: 0, binding: 0, data: out }] });
  expect(result.errors, JSON.stringify(result.errors, null, 1)).toEqual([]);
  return Array.from(result.buffers.get('out') as TypedArray);
}

export function errorsOf(result: SimulationResult, kind: string) {
  return result.errors.filter((e) => e.kind === kind);
}
