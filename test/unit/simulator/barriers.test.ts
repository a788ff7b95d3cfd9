/**
 * Barriers reached through user functions and workgroupUniformLoad, and
 * barriers reached by some invocations but not others.
 */
import { describe, expect, it } from 'vitest';
import { errorsOf, run } from './helpers';

describe('barriers inside functions and expressions', () => {
  it('runs workgroupUniformLoad as a barrier and uses its value as a uniform loop bound', () => {
    const code = `
      var<workgroup> count: u32;
      var<workgroup> slots: array<u32, 8>;
      @group(0) @binding(0) var<storage, read_write> out: array<u32>;
      @compute @workgroup_size(8) fn main(@builtin(local_invocation_index) i: u32) {
        if (i == 0u) { count = 5u; }
        let n = workgroupUniformLoad(&count);
        for (var k = 0u; k < n; k++) {
          if (i == k) { slots[k] = k * 10u; }
          workgroupBarrier();
        }
        out[i] = slots[(i + 1u) % 8u] + n;
      }`;
    const result = run({ code, bindings: [{ group: 0, binding: 0, data: new Uint32Array(8) }] });
    expect(result.errors).toEqual([]);
    expect(Array.from(result.buffers.get('out') as Uint32Array)).toEqual([15, 25, 35, 45, 5, 5, 5, 5]);
  });

  it('suspends inside user functions that contain barriers, including ones returning values', () => {
    const code = `
      var<workgroup> tile: array<f32, 16>;
      @group(0) @binding(0) var<storage, read_write> out: array<f32>;
      fn share(i: u32, v: f32) -> f32 {
        tile[i] = v;
        workgroupBarrier();
        let left = tile[(i + 15u) % 16u];
        workgroupBarrier();
        return left;
      }
      fn sync() { workgroupBarrier(); }
      @compute @workgroup_size(16) fn main(@builtin(local_invocation_index) i: u32) {
        let a = share(i, f32(i));
        let b = share(i, a * 2.0) + 1.0;
        sync();
        out[i] = b;
      }`;
    const result = run({ code, bindings: [{ group: 0, binding: 0, data: new Float32Array(16) }] });
    expect(result.errors).toEqual([]);
    // a = i-1 (mod 16); b = 2 * a(i-1) + 1 = 2 * (i-2 mod 16) + 1
    expect(Array.from(result.buffers.get('out') as Float32Array)).toEqual(Array.from({ length: 16 }, (_, i) => 2 * ((i + 14) % 16) + 1));
    expect(result.trace.filter((e) => e.invocation === 0).map((e) => e.phase)).toEqual([0, 1, 2, 3, 5]);
  });

  it('reports a call to a barrier function from non-uniform control flow', () => {
    const code = `
      fn sync() { workgroupBarrier(); }
      @compute @workgroup_size(4) fn main(@builtin(local_invocation_index) i: u32) {
        if (i % 2u == 0u) { sync(); }
      }`;
    const result = run({ code });
    const errors = errorsOf(result, 'non-uniform-barrier');
    expect(errors.length).toBe(2);
    expect(errors[0]?.message).toMatch(/sync\(\) \(it contains a barrier\)/);
  });

  it('reports invocations waiting at different barriers', () => {
    const code = `
      @compute @workgroup_size(4) fn main(@builtin(local_invocation_index) i: u32) {
        if (i < 2u) { workgroupBarrier(); } else { workgroupBarrier(); }
      }`;
    const result = run({ code });
    const dynamic = errorsOf(result, 'non-uniform-barrier').find((e) => 'workgroupId' in e && e.workgroupId);
    expect(dynamic?.message).toMatch(/different barrier \(line 3\)/);
  });
});
