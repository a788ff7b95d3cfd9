// Loop guard, on the CPU: lexer, where guards go, which exit they use, the
// status binding, and the position mapping. loop-guard.gpu.test.ts runs the
// instrumented code on WebGPU.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_ITERATIONS,
  instrumentLoops,
  mapCompilationMessage,
  readLoopGuardStatus,
  toOriginalOffset,
  toOriginalPosition,
  tokenizeWgsl,
} from '../../../src/runner/loop-guard';

const texts = (source: string): string[] => tokenizeWgsl(source).tokens.map((token) => token.text);

/** The statement a tripped guard of loop `index` leaves by ("break;", "return;", "return T();"). */
const exitOf = (source: string, index = 0): string => {
  const { code, prefix } = instrumentLoops(source);
  const pattern = new RegExp(` ${prefix}c${index} \\+= 1u; if \\(${prefix}c${index} > \\d+u\\) \\{ ${prefix}trip\\(${index}u, ${prefix}c${index}\\); (.*?) \\}`);
  const match = pattern.exec(code);
  expect(match, `guard of loop ${index} in:\n${code}`).not.toBeNull();
  return match![1]!;
};

describe('tokenizeWgsl', () => {
  it('drops line comments and nested block comments', () => {
    const source = 'a /* x /* y */ still comment */ b // c /* d\ne /* // */ f';
    expect(texts(source)).toEqual(['a', 'b', 'e', 'f']);
  });

  it('flags an unterminated block comment and stops there', () => {
    const result = tokenizeWgsl('a /* /* */ b');
    expect(result.unterminatedComment).toBe(true);
    expect(result.tokens.map((token) => token.text)).toEqual(['a']);
  });

  it('ends line comments at every WGSL line break', () => {
    for (const lineBreak of ['\n', '\r\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029']) {
      expect(texts(`a // comment${lineBreak}b`)).toEqual(['a', 'b']);
    }
  });

  it('reads every numeric literal form as one token', () => {
    const literals = ['0', '12u', '7i', '0x1Fu', '1.5', '.5', '1.', '1e5', '2.5e-3f', '1h', '0x1p-3f', '0x.8p2', '0xA.Bp+1h', '0f'];
    for (const literal of literals) {
      const { tokens } = tokenizeWgsl(`x = ${literal};`);
      expect(tokens.map((token) => token.text), literal).toEqual(['x', '=', literal, ';']);
      expect(tokens[2]!.kind).toBe('number');
    }
  });

  it('reads Unicode identifiers and keeps keywords inside longer names whole', () => {
    expect(texts('let Δx = for_each + loopy + whileCount + _;')).toEqual([
      'let', 'Δx', '=', 'for_each', '+', 'loopy', '+', 'whileCount', '+', '_', ';',
    ]);
  });

  it('takes the longest operator', () => {
    expect(texts('a <<= b >> c -> d && e++')).toEqual(['a', '<<=', 'b', '>>', 'c', '->', 'd', '&&', 'e', '++']);
  });

  it('gives each token its source range', () => {
    const source = '  fn /* c */ main';
    const [fnToken, mainToken] = tokenizeWgsl(source).tokens;
    expect(source.slice(fnToken!.start, fnToken!.end)).toBe('fn');
    expect(source.slice(mainToken!.start, mainToken!.end)).toBe('main');
  });
});

const KERNEL = `@group(0) @binding(0) var<storage, read> a: array<f32>;
@binding(1) @group(0) var<storage, read_write> out: array<f32>;
// for (;;) { } in a comment is not a loop
/* nor is this: while (true) { /* nested */ loop { } } */
fn helper(x: u32) -> vec2<f32> {
  loop { if (x > 3u) { return vec2f(1.0); } }
}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  var acc = 0.0;
  for (var i = 0u; i < 10u; i++) {
    if (i == 3u) { continue; }
    var j = 0u;
    while j < i { j++; switch j { case 1u: { break; } default: {} } }
    loop { j++; continuing { break if j > 20u; } }
  }
  out[id.x] = acc;
}`;

describe('instrumentLoops: where guards go', () => {
  const result = instrumentLoops(KERNEL, { maxIterations: 50 });

  it('finds every loop in source order, with the learner’s line and column, and none in comments', () => {
    expect(result.loops).toEqual([
      { index: 0, kind: 'loop', line: 6, column: 3, functionName: 'helper' },
      { index: 1, kind: 'for', line: 11, column: 3, functionName: 'main' },
      { index: 2, kind: 'while', line: 14, column: 5, functionName: 'main' },
      { index: 3, kind: 'loop', line: 15, column: 5, functionName: 'main' },
    ]);
    expect(result.statusWords).toBe(5);
  });

  it('keeps every learner line on its line number, and only adds text within lines', () => {
    const originalLines = KERNEL.split('\n');
    const codeLines = result.code.split('\n');
    expect(codeLines.length).toBeGreaterThan(originalLines.length);
    originalLines.forEach((line, i) => {
      // Removing the inserted text gives back the learner's line exactly.
      let stripped = codeLines[i]!;
      for (const insertion of [...result.lineMap.insertions].filter((x) => x.line === i + 1).reverse()) {
        const shift = result.lineMap.insertions
          .filter((x) => x.line === i + 1 && x.offset < insertion.offset)
          .reduce((sum, x) => sum + x.length, 0);
        const at = insertion.column - 1 + shift;
        stripped = stripped.slice(0, at) + stripped.slice(at + insertion.length);
      }
      expect(stripped).toBe(line);
    });
  });

  it('puts the increment first in each body, so `continue` cannot skip it', () => {
    const forBody = result.code.split('\n')[10]!;
    expect(forBody).toMatch(/^ {2}for \(var i = 0u; i < 10u; i\+\+\) \{ _lg_c1 \+= 1u; if \(_lg_c1 > 50u\) \{ _lg_trip\(1u, _lg_c1\); break; \}/);
  });

  it('declares one counter per loop at the top of its own function', () => {
    const lines = result.code.split('\n');
    expect(lines[4]).toBe('fn helper(x: u32) -> vec2<f32> { var _lg_c0: u32 = 0u;');
    expect(lines[8]).toBe(
      'fn main(@builtin(global_invocation_id) id: vec3u) { _ = &_lg_status; var _lg_c1: u32 = 0u; var _lg_c2: u32 = 0u; var _lg_c3: u32 = 0u;',
    );
  });

  it('resets a loop’s counter after it only when the loop sits inside another loop', () => {
    expect(result.code).toContain('} _lg_c2 = select(0u, _lg_c2, _lg_c2 > 50u);');
    expect(result.code).toContain('} _lg_c3 = select(0u, _lg_c3, _lg_c3 > 50u);');
    expect(result.code).not.toContain('_lg_c1 = select');
  });

  it('appends the status buffer and the trip helper after the learner’s last line', () => {
    const tail = result.code.split('\n').slice(KERNEL.split('\n').length).join('\n');
    expect(tail).toContain('@group(0) @binding(2) var<storage, read_write> _lg_status: array<atomic<u32>>;');
    expect(tail).toContain('if (count == 51u) {');
    expect(result.errorBinding).toEqual({ group: 0, binding: 2 });
  });
});

describe('instrumentLoops: how a tripped loop is left', () => {
  it('breaks out of loops that can end by themselves', () => {
    expect(exitOf('fn f() { while (true) { } }')).toBe('break;');
    expect(exitOf('fn f() { for (var i = 0; i < 4; i++) { } }')).toBe('break;');
    expect(exitOf('fn f() -> i32 { loop { break; } return 1; }')).toBe('break;');
    expect(exitOf('fn f() -> i32 { for (;;) { if (true) { break; } } return 1; }')).toBe('break;');
    expect(exitOf('fn f() { var i = 0; loop { continuing { i++; break if i > 3; } } }')).toBe('break;');
  });

  it('returns from loops that cannot end normally, since a break would let control fall off the function', () => {
    expect(exitOf('fn f(x: u32) -> vec2<f32> { loop { if (x > 3u) { return vec2f(1.0); } } }')).toBe('return vec2<f32>();');
    expect(exitOf('fn f(x: u32) -> array<f32, 4> { for (;;) { return array<f32, 4>(); } }')).toBe('return array<f32,4>();');
    expect(exitOf('fn f() { loop { } }')).toBe('return;');
    expect(exitOf('fn f(x: u32) -> @location(0) vec4f { loop { } }')).toBe('return vec4f();');
  });

  it('ignores breaks that belong to a nested loop or a switch', () => {
    const nestedLoop = 'fn f() -> u32 { loop { loop { break; } } }';
    expect(exitOf(nestedLoop, 0)).toBe('return u32();');
    expect(exitOf(nestedLoop, 1)).toBe('break;');
    expect(exitOf('fn f(x: u32) -> u32 { loop { switch x { default { break; } } } }')).toBe('return u32();');
    expect(exitOf('fn f(x: u32) -> u32 { for (;;) { for (var i = 0u; i < x; i++) { break; } } }', 0)).toBe('return u32();');
  });

  it('uses break inside a continuing block, where return is not allowed', () => {
    expect(exitOf('fn f() -> u32 { var i = 0u; loop { continuing { loop { } i++; break if i > 3u; } } return i; }', 1)).toBe(
      'break;',
    );
  });
});

describe('instrumentLoops: bindings, names and options', () => {
  it('puts the status buffer after the highest literal binding of group 0, whatever the attribute order', () => {
    const source = `@binding(4) @group(0) var<storage> a: array<f32>;
      @group(1) @binding(9) var<storage> b: array<f32>;
      @group(0) @binding(0x2u) var<uniform> c: vec4f;`;
    expect(instrumentLoops(source).errorBinding).toEqual({ group: 0, binding: 5 });
    expect(instrumentLoops('@compute @workgroup_size(1) fn main() {}').errorBinding).toEqual({ group: 0, binding: 0 });
  });

  it('accepts a free slot from the caller and refuses one the kernel uses', () => {
    const source = '@group(0) @binding(0) var<storage, read_write> a: array<f32>;';
    expect(instrumentLoops(source, { errorBinding: { group: 1, binding: 0 } }).code).toContain(
      '@group(1) @binding(0) var<storage, read_write> _lg_status',
    );
    expect(() => instrumentLoops(source, { errorBinding: { group: 0, binding: 0 } })).toThrow(
      /already declares @group\(0\) @binding\(0\)/,
    );
  });

  it('references the status buffer in every compute entry point and in nothing else', () => {
    const source = `fn helper() {}
      @compute @workgroup_size(1) fn first() {}
      @workgroup_size(8) @compute fn second() {}`;
    const { code } = instrumentLoops(source);
    expect(code.match(/_ = &_lg_status;/g)).toHaveLength(2);
    expect(code).toContain('fn helper() {}');
  });

  it('picks another prefix when the learner already uses _lg_', () => {
    const result = instrumentLoops('fn f() { var _lg_c0 = 1; while (true) { } }');
    expect(result.prefix).toBe('_lg1_');
    expect(result.code).toContain('var _lg1_c0: u32 = 0u;');
    expect(result.code).toContain('var _lg_c0 = 1;');
  });

  it('uses the default bound and rejects a bad one', () => {
    expect(instrumentLoops('fn f() { loop { } }').code).toContain(`> ${DEFAULT_MAX_ITERATIONS}u`);
    expect(() => instrumentLoops('', { maxIterations: 0 })).toThrow(/maxIterations/);
    expect(() => instrumentLoops('', { maxIterations: 1.5 })).toThrow(/maxIterations/);
  });

  it('still returns a result for code that does not parse', () => {
    const result = instrumentLoops('fn f() { while (x { for (;;) { ');
    expect(result.code.startsWith('fn f() {')).toBe(true);
    expect(result.loops.map((loop) => loop.kind)).toEqual(['while', 'for']);
  });
});

describe('position mapping', () => {
  it('maps every learner offset and line:column through the instrumented code and back', () => {
    const result = instrumentLoops(KERNEL);
    const { insertions } = result.lineMap;
    const lines = KERNEL.split('\n');
    let offset = 0;
    lines.forEach((line, lineIndex) => {
      for (let column = 1; column <= line.length + 1; column++, offset++) {
        const before = insertions.filter((x) => x.offset <= offset);
        const codeOffset = offset + before.reduce((sum, x) => sum + x.length, 0);
        if (offset < KERNEL.length) expect(result.code[codeOffset]).toBe(KERNEL[offset]);
        expect(toOriginalOffset(result.lineMap, codeOffset)).toBe(offset);
        const codeColumn = column + before.filter((x) => x.line === lineIndex + 1).reduce((sum, x) => sum + x.length, 0);
        expect(toOriginalPosition(result.lineMap, lineIndex + 1, codeColumn)).toEqual({ line: lineIndex + 1, column });
      }
    });
  });

  it('returns null inside inserted text and in the appended lines', () => {
    const result = instrumentLoops('fn f() {\n  loop { }\n}');
    const guard = result.lineMap.insertions.find((x) => x.loopIndex === 0)!;
    expect(toOriginalPosition(result.lineMap, 2, guard.column + 3)).toBeNull();
    expect(toOriginalPosition(result.lineMap, 5, 1)).toBeNull();
    expect(toOriginalOffset(result.lineMap, result.code.length - 2)).toBeNull();
  });

  it('places compiler messages about learner code and about inserted code', () => {
    const source = 'fn f() {\n  loop { let x: f32 = 1u; }\n}';
    const result = instrumentLoops(source);
    const codeOffset = result.code.indexOf('f32 = 1u') + 'f32 = '.length;
    const lineStart = result.code.lastIndexOf('\n', codeOffset) + 1;
    const learner = mapCompilationMessage(result, {
      message: 'type mismatch',
      type: 'error',
      lineNum: 2,
      linePos: codeOffset - lineStart + 1,
      offset: codeOffset,
      length: 2,
    });
    expect(learner).toMatchObject({ line: 2, column: source.split('\n')[1]!.indexOf('1u') + 1, length: 2, inInstrumentation: false });
    expect(source.slice(learner.offset, learner.offset + learner.length)).toBe('1u');

    const guardOffset = result.code.indexOf('_lg_trip(0u');
    const inserted = mapCompilationMessage(result, { message: 'm', type: 'info', lineNum: 2, linePos: 30, offset: guardOffset, length: 8 });
    expect(inserted).toMatchObject({ line: 2, column: 3, length: 0, inInstrumentation: true });

    const appended = mapCompilationMessage(result, { message: 'm', type: 'error', lineNum: 5, linePos: 1, offset: result.code.length - 3, length: 1 });
    expect(appended).toMatchObject({ line: 1, column: 1, inInstrumentation: true });
    const unplaced = mapCompilationMessage(result, { message: 'no entry point', type: 'error', lineNum: 0, linePos: 0, offset: 0, length: 0 });
    expect(unplaced).toMatchObject({ line: 0, column: 0, inInstrumentation: false });
  });

  it('round-trips offsets for generated sources with loops on shared and separate lines', () => {
    const loopText = fc.constantFrom('for (var i = 0; i < 3; i++) {', 'while (x < 3) {', 'loop {', 'if (x > 1) {');
    const piece = fc.oneof(loopText, fc.constantFrom('}', ' x++; ', '\n', '\r\n', ' /* { */ ', ' // }\n', 'é'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const source = `fn f() {${pieces.join('')}\n}`;
        const result = instrumentLoops(source);
        for (let offset = 0; offset <= source.length; offset++) {
          const before = result.lineMap.insertions.filter((x) => x.offset <= offset);
          const codeOffset = offset + before.reduce((sum, x) => sum + x.length, 0);
          expect(toOriginalOffset(result.lineMap, codeOffset)).toBe(offset);
          if (offset < source.length) expect(result.code[codeOffset]).toBe(source[offset]);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('readLoopGuardStatus', () => {
  const result = instrumentLoops('fn f() { for (var i = 0; i < 3; i++) { while (true) { } } }', { maxIterations: 1000 });

  it('reports nothing when no loop tripped', () => {
    expect(readLoopGuardStatus(new Uint32Array(3), result)).toEqual({ tripped: false, totalTrips: 0, trippedLoops: [], message: null });
  });

  it('names the loop that tripped, with its position and count', () => {
    const status = readLoopGuardStatus(Uint32Array.from([64, 0, 64]), result);
    expect(status.tripped).toBe(true);
    expect(status.trippedLoops.map((loop) => [loop.kind, loop.trips])).toEqual([['while', 64]]);
    expect(status.message).toContain('the `while` loop at line 1, column 40 (in f, stopped 64 times) after 1,000 iterations');
  });

  it('refuses a short read-back', () => {
    expect(() => readLoopGuardStatus(new Uint32Array(1), result)).toThrow(/need 3/);
  });
});
