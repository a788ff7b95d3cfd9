/**
 * Simulator language coverage: vectors, matrices, arrays, structs and their
 * memory layout, uniform buffers, every control-flow form, functions and
 * pointers, overrides, built-in ids, and parse/validation/unsupported errors.
 */
import { describe, expect, it } from 'vitest';
import { compute, run } from './helpers';

describe('vectors and matrices', () => {
  it('does component-wise arithmetic, swizzles and component writes', () => {
    const out = compute(
      `var v = vec4f(1.0, 2.0, 3.0, 4.0);
       let w = v.zyx * 2.0;                    // (6, 4, 2)
       v.x = 10.0;
       v[3] += 1.0;
       let s = vec3<f32>(w.xy, 1.0) + vec3(1.0);
       out[0] = w.x; out[1] = w.y; out[2] = w.z;
       out[3] = v.x; out[4] = v.w; out[5] = s.z; out[6] = dot(vec2f(1.0, 2.0), vec2f(3.0, 4.0));
       out[7] = length(vec2f(3.0, 4.0)); out[8] = normalize(vec3f(0.0, 0.0, 5.0)).z;
       out[9] = cross(vec3f(1.0, 0.0, 0.0), vec3f(0.0, 1.0, 0.0)).z;
       let m = select(vec2f(1.0, 2.0), vec2f(3.0, 4.0), vec2<bool>(true, false));
       out[10] = m.x; out[11] = m.y;
       let cmp = vec3f(1.0, 5.0, 3.0) > vec3f(2.0);
       out[12] = select(0.0, 1.0, any(cmp)); out[13] = select(0.0, 1.0, all(cmp));
       let iv = vec2i(7, -7) / vec2i(2);
       out[14] = f32(iv.x); out[15] = f32(iv.y);`,
      new Float32Array(16),
    );
    expect(out).toEqual([6, 4, 2, 10, 5, 2, 11, 5, 1, 1, 3, 2, 1, 0, 3, -3]);
  });

  it('multiplies matrices and vectors (column-major)', () => {
    const out = compute(
      `let m = mat2x2<f32>(1.0, 2.0, 3.0, 4.0);   // columns (1,2) and (3,4)
       let v = m * vec2f(1.0, 1.0);               // (4, 6)
       let u = vec2f(1.0, 1.0) * m;               // (3, 7)
       let t = transpose(m);
       let p = m * m;                             // columns (7,10) and (15,22)
       out[0] = v.x; out[1] = v.y; out[2] = u.x; out[3] = u.y;
       out[4] = t[0].y; out[5] = p[1][0]; out[6] = determinant(m); out[7] = (m * 2.0)[1][1];`,
      new Float32Array(8),
    );
    expect(out).toEqual([4, 6, 3, 7, 3, 15, -2, 8]);
  });
});

describe('arrays, structs and memory layout', () => {
  it('lays out structs like WGSL (vec3 aligned to 16 bytes) in storage buffers', () => {
    const code = `
      struct Particle { pos: vec3f, mass: f32, vel: vec2f, id: u32, }
      @group(0) @binding(0) var<storage, read_write> ps: array<Particle>;
      @compute @workgroup_size(2) fn main(@builtin(local_invocation_index) i: u32) {
        let p = ps[i];
        ps[i].pos = p.pos + vec3f(p.vel, 0.0);
        ps[i].id = u32(p.mass) + 100u;
      }`;
    // Particle: pos at 0..2, mass at 3, vel at 4..5, id at 6, padded to 8 words.
    const data = new Float32Array(16);
    data.set([1, 2, 3, 5, 10, 20, 0, 0], 0);
    data.set([4, 5, 6, 7, 1, 1, 0, 0], 8);
    const result = run({ code, bindings: [{ group: 0, binding: 0, data }] });
    expect(result.errors).toEqual([]);
    const out = result.buffers.get('ps') as Float32Array;
    expect(Array.from(out.slice(0, 6))).toEqual([11, 22, 3, 5, 10, 20]);
    expect(new Uint32Array(out.buffer)[6]).toBe(105);
    expect(Array.from(out.slice(8, 11))).toEqual([5, 6, 6]);
    expect(new Uint32Array(out.buffer)[14]).toBe(107);
  });

  it('reads arrayLength of runtime-sized arrays, also inside a struct', () => {
    const code = `
      struct Buf { count: u32, items: array<u32>, }
      @group(0) @binding(0) var<storage, read_write> b: Buf;
      @group(0) @binding(1) var<storage, read_write> flat: array<u32>;
      @compute @workgroup_size(1) fn main() { b.count = arrayLength(&b.items); flat[0] = arrayLength(&flat); }`;
    const result = run({ code, bindings: [{ group: 0, binding: 0, data: new Uint32Array(6) }, { group: 0, binding: 1, data: new Uint32Array(9) }] });
    expect(result.errors).toEqual([]);
    expect((result.buffers.get('b') as Uint32Array)[0]).toBe(5);
    expect((result.buffers.get('flat') as Uint32Array)[0]).toBe(9);
  });

  it('supports local arrays, array constructors, nested arrays and struct values', () => {
    const out = compute(
      `var a = array<f32, 4>(1.0, 2.0, 3.0, 4.0);
       var grid: array<array<f32, 3>, 2>;
       for (var i = 0u; i < 2u; i++) { for (var j = 0u; j < 3u; j++) { grid[i][j] = f32(i * 10u + j); } }
       let s = Pair(2.0, vec2f(3.0, 4.0));
       var t = s;
       t.b.y = 9.0;
       let k = array(5, 6, 7);
       out[0] = a[2]; out[1] = grid[1][2]; out[2] = s.b.y; out[3] = t.b.y; out[4] = f32(k[1]); out[5] = Pair().a;`,
      new Float32Array(6),
      'struct Pair { a: f32, b: vec2f }',
    );
    expect(out).toEqual([3, 12, 4, 9, 6, 0]);
  });

  it('reads uniform buffers', () => {
    const code = `
      struct Params { n: u32, scale: f32, }
      @group(0) @binding(0) var<uniform> params: Params;
      @group(0) @binding(1) var<storage, read_write> out: array<f32>;
      @compute @workgroup_size(4) fn main(@builtin(global_invocation_id) id: vec3u) {
        if (id.x < params.n) { out[id.x] = f32(id.x) * params.scale; }
      }`;
    const params = new Uint32Array([3, 0]);
    new Float32Array(params.buffer)[1] = 1.5;
    const result = run({ code, bindings: [{ group: 0, binding: 0, data: params }, { group: 0, binding: 1, data: new Float32Array(4) }] });
    expect(result.errors).toEqual([]);
    expect(Array.from(result.buffers.get('out') as Float32Array)).toEqual([0, 1.5, 3, 0]);
    expect(result.counts[0]?.uniformReads).toBe(2);
  });
});

describe('control flow', () => {
  it('runs if / else if / else and switch with several selectors and default', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> out: array<i32>;
      @compute @workgroup_size(6) fn main(@builtin(local_invocation_index) i: u32) {
        var r = 0;
        if (i == 0u) { r = 100; } else if (i < 3u) { r = 200; } else { r = 300; }
        switch (i) {
          case 0u, 1u: { r += 1; }
          case 2u: { r += 2; break; }
          case 4u, default: { r += 9; }
        }
        out[i] = r;
      }`;
    const result = run({ code, bindings: [{ group: 0, binding: 0, data: new Int32Array(6) }] });
    expect(result.errors).toEqual([]);
    expect(Array.from(result.buffers.get('out') as Int32Array)).toEqual([101, 201, 202, 309, 309, 309]);
  });

  it('runs for, while, loop/continuing/break if, break, continue and return', () => {
    const out = compute(
      `var sum = 0;
       for (var i = 0; i < 10; i++) { if (i == 3) { continue; } if (i == 6) { break; } sum += i; }   // 0+1+2+4+5 = 12
       out[0] = sum;
       var n = 0; var w = 1;
       while (w < 100) { w *= 3; n++; }          // 1,3,9,27,81,243: 5 steps
       out[1] = n;
       var k = 0; var acc = 0;
       loop {
         if (k == 2) { continue; }
         acc += k;
         continuing { k++; break if k >= 5; }
       }                                          // 0+1+3+4 = 8
       out[2] = acc;
       out[3] = firstAbove(vec4i(1, 5, 9, 12), 6);
       out[4] = i32(fib(10u));`,
      new Int32Array(5),
      `fn firstAbove(v: vec4i, t: i32) -> i32 { for (var i = 0; i < 4; i++) { if (v[i] > t) { return i; } } return -1; }
       fn fib(n: u32) -> u32 { var a = 0u; var b = 1u; for (var i = 0u; i < n; i++) { let t = a + b; a = b; b = t; } return a; }`,
    );
    expect(out).toEqual([12, 5, 8, 2, 55]);
  });

  it('passes pointers to functions and uses private variables, consts and overrides', () => {
    const code = `
      override SCALE: f32 = 2.0;
      const OFFSET = 10;
      var<private> calls: i32;
      @group(0) @binding(0) var<storage, read_write> out: array<f32>;
      fn bump(p: ptr<function, f32>, by: f32) { *p = *p + by; calls++; }
      fn scaleAll(a: ptr<function, array<f32, 3>>) { for (var i = 0; i < 3; i++) { (*a)[i] *= SCALE; } calls += 1; }
      @compute @workgroup_size(1) fn main() {
        var x = 1.0;
        bump(&x, 2.5);
        bump(&x, 0.5);
        var arr = array<f32, 3>(1.0, 2.0, 3.0);
        scaleAll(&arr);
        let p = &arr;
        out[0] = x; out[1] = arr[2]; out[2] = (*p)[0] + f32(OFFSET); out[3] = f32(calls);
      }`;
    const run1 = run({ code, bindings: [{ group: 0, binding: 0, data: new Float32Array(4) }] });
    expect(run1.errors).toEqual([]);
    expect(Array.from(run1.buffers.get('out') as Float32Array)).toEqual([4, 6, 12, 3]);
    const run2 = run({ code, overrides: { SCALE: 3 }, bindings: [{ group: 0, binding: 0, data: new Float32Array(4) }] });
    expect(Array.from(run2.buffers.get('out') as Float32Array)).toEqual([4, 9, 13, 3]);
  });

  it('sizes workgroup arrays and @workgroup_size from overrides', () => {
    const code = `
      override WG: u32 = 32;
      var<workgroup> tile: array<u32, WG>;
      @group(0) @binding(0) var<storage, read_write> out: array<u32>;
      @compute @workgroup_size(WG) fn main(@builtin(local_invocation_index) i: u32, @builtin(num_workgroups) n: vec3u) {
        tile[i] = i;
        workgroupBarrier();
        if (i == 0u) { out[0] = tile[WG - 1u] + n.x * 1000u; }
      }`;
    const result = run({ code, overrides: { WG: 64 }, workgroups: [1, 1, 1], bindings: [{ group: 0, binding: 0, data: new Uint32Array(1) }] });
    expect(result.errors).toEqual([]);
    expect(result.workgroupSize).toEqual([64, 1, 1]);
    expect((result.buffers.get('out') as Uint32Array)[0]).toBe(1063);
  });

  it('evaluates expressions in @workgroup_size and @align/@size', () => {
    const code = `
      const TILE = 4u;
      struct S { a: f32, @align(16) b: f32, @size(12) c: u32, d: u32, }
      @group(0) @binding(0) var<storage, read_write> s: S;
      @compute @workgroup_size(TILE * 2u, TILE / 2u) fn main(@builtin(local_invocation_index) i: u32) {
        if (i == 15u) { s.a = 1.0; s.b = 2.0; s.c = 3u; s.d = i; }
      }`;
    const result = run({ code, bindings: [{ group: 0, binding: 0, data: new Uint32Array(12) }] }); // size 36 rounded up to the 16-byte alignment
    expect(result.errors).toEqual([]);
    expect(result.workgroupSize).toEqual([8, 2, 1]);
    const words = result.buffers.get('s') as Uint32Array;
    expect(words[4]).toBe(0x40000000); // b at byte 16
    expect(words[5]).toBe(3); // c at byte 20, 12 bytes wide
    expect(words[8]).toBe(15); // d at byte 32
  });

  it('gives every invocation its built-in ids in 3D', () => {
    const code = `
      @group(0) @binding(0) var<storage, read_write> out: array<vec4u>;
      @compute @workgroup_size(2, 2, 1) fn main(@builtin(global_invocation_id) g: vec3u, @builtin(local_invocation_index) li: u32, @builtin(workgroup_id) w: vec3u) {
        let flat = g.x + g.y * 4u;
        out[flat] = vec4u(g.x, g.y, li, w.x + 10u * w.y);
      }`;
    const result = run({ code, workgroups: [2, 2, 1], bindings: [{ group: 0, binding: 0, data: new Uint32Array(64) }] });
    expect(result.errors).toEqual([]);
    const out = result.buffers.get('out') as Uint32Array;
    expect(Array.from(out.slice(5 * 4, 5 * 4 + 4))).toEqual([1, 1, 3, 0]); // g = (1,1)
    expect(Array.from(out.slice(14 * 4, 14 * 4 + 4))).toEqual([2, 3, 2, 11]); // g = (2,3): workgroup (1,1), local (0,1)
    expect(result.counts).toHaveLength(16);
    expect(result.counts[15]).toMatchObject({ globalId: [3, 3, 0], workgroupId: [1, 1, 0], localId: [1, 1, 0], localIndex: 3 });
  });
});

describe('parse and unsupported errors', () => {
  it('reports syntax errors with line and column', () => {
    const result = run({ code: `@compute @workgroup_size(1)\nfn main() {\n  let x = ;\n}` });
    expect(result.ok).toBe(false);
    expect(result.errors[0]?.kind).toBe('parse');
    expect(result.errors[0]?.line).toBe(3);
    const missing = run({ code: `@compute @workgroup_size(1)\nfn main() {\n  let x = 1\n  let y = 2;\n}` });
    expect(missing.errors[0]).toMatchObject({ kind: 'parse', line: 4 });
    expect(missing.errors[0]?.message).toMatch(/';'/);
  });

  it('names unsupported features', () => {
    const result = run({ code: `@group(0) @binding(0) var t: texture_2d<f32>;\n@compute @workgroup_size(1) fn main() { let d = textureDimensions(t); }` });
    expect(result.errors[0]?.kind).toBe('unsupported');
    expect(result.errors[0]).toHaveProperty('feature');
  });

  it('reports unknown names and missing bindings as validation errors', () => {
    const unknown = run({ code: `@compute @workgroup_size(1) fn main() {\n  let a = b + 1;\n}` });
    expect(unknown.errors[0]).toMatchObject({ kind: 'validation', line: 2 });
    const unbound = run({ code: `@group(0) @binding(3) var<storage, read_write> data: array<f32>;\n@compute @workgroup_size(1) fn main() { data[0] = 1.0; }` });
    expect(unbound.errors[0]?.message).toMatch(/@group\(0\) @binding\(3\)/);
  });
});
