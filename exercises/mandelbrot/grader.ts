// Grader for "mandelbrot": escape counts of z ← z² + c per pixel, compared as
// an image. Views are asymmetric about both axes (a flipped or swapped axis
// changes most pixels), images are wide, tall and not multiples of the 8 × 8
// workgroup (a missing guard writes into the spare rows after the image), and
// two 1 × 1 cases pin the count itself: c = 1 reaches |z|² = 4 exactly after
// 2 updates and escapes after 3, so testing >= instead of > or counting from
// 1 shows at once.
import { defineWgslGrader, type GradingCase } from '../../src/grader/define';
import type { Rng } from '../../src/grader/random';

/** One view of the plane: pixel (x, y) is c = (x0 + x·scale) + (y0 + y·scale)i. */
interface View {
  readonly x0: number;
  readonly y0: number;
  readonly scale: number;
  readonly maxIter: number;
}

const rowsOf = (w: number, h: number): number => Math.ceil(h / 8) * 8 + Math.ceil(8 / w);

function viewCase(name: string, w: number, h: number, view: View): GradingCase {
  return { name, params: { w, h, ...view } };
}

/** A random view that crosses the set's boundary, where the picture (and a wrong kernel) is most interesting. */
function randomView(w: number, rng: Rng): View {
  const span = rng.uniform(0.6, 3);
  const centreX = rng.uniform(-1.6, 0.2);
  const centreY = rng.uniform(-0.9, 0.9);
  return {
    x0: centreX - span / 2,
    y0: centreY - (span / 2) * 0.75,
    scale: span / w,
    maxIter: rng.int(40, 100),
  };
}

/**
 * The escape count computed in f32, one rounding per operation, in the order
 * of the solution. A GPU may fuse a multiply and an add into one rounding, so
 * pixels whose orbit passes close to |z|² = 4 can get another count: that is
 * what the image comparison's allowance is for.
 */
export function escapeCount(cx: number, cy: number, maxIter: number): number {
  const f = Math.fround;
  let zx = 0;
  let zy = 0;
  let n = 0;
  while (n < maxIter) {
    const xx = f(zx * zx);
    const yy = f(zy * zy);
    if (f(xx + yy) > 4) break;
    const nextX = f(f(xx - yy) + cx);
    zy = f(f(f(2 * zx) * zy) + cy);
    zx = nextX;
    n++;
  }
  return n;
}

export default defineWgslGrader({
  cases: [
    viewCase('1 × 1, c = −1 (inside the set)', 1, 1, { x0: -1, y0: 0, scale: 1, maxIter: 20 }),
    viewCase('1 × 1, c = 1 (|z|² = 4 after 2 steps, escapes after 3)', 1, 1, { x0: 1, y0: 0, scale: 1, maxIter: 20 }),
    viewCase('8 × 8, maxIter = 1', 8, 8, { x0: -2, y0: -1.5, scale: 0.45, maxIter: 1 }),
    viewCase('whole set, 61 × 47', 61, 47, { x0: -2.2, y0: -1.05, scale: 0.05, maxIter: 32 }),
    viewCase('wide strip 67 × 9 above the real axis', 67, 9, { x0: -2, y0: 0.3, scale: 0.04, maxIter: 40 }),
    viewCase('tall strip 11 × 53 through the neck', 11, 53, { x0: -0.9, y0: -0.4, scale: 0.025, maxIter: 50 }),
    // No view in the params: inputs() draws one from the case's seeded rng.
    { name: 'random view 96 × 72', params: { w: 96, h: 72 }, hidden: true },
  ],
  inputs: (params, rng) => {
    const { w, h } = params;
    const view: View = params.scale === undefined ? randomView(w!, rng) : (params as unknown as View);
    const words = new Uint32Array(6);
    const floats = new Float32Array(words.buffer);
    words[0] = w!;
    words[1] = h!;
    floats[2] = view.x0;
    floats[3] = view.y0;
    floats[4] = view.scale;
    words[5] = view.maxIter;
    return { view: words };
  },
  // Reads the view back from the uniform words, so it sees the same f32 values as the kernel.
  reference: ({ out, view }) => {
    const words = view as Uint32Array;
    const floats = new Float32Array(words.buffer, words.byteOffset, 6);
    const [w, h] = [words[0]!, words[1]!];
    const [x0, y0, scale] = [floats[2]!, floats[3]!, floats[4]!];
    const expected = Uint32Array.from(out!);
    for (let y = 0; y < h; y++) {
      const cy = Math.fround(y0 + Math.fround(y * scale));
      for (let x = 0; x < w; x++) {
        expected[y * w + x] = escapeCount(Math.fround(x0 + Math.fround(x * scale)), cy, words[5]!);
      }
    }
    return { out: expected };
  },
  shape: (_name, { w, h }) => [rowsOf(w!, h!), w!],
  tolerance: { atol: 0, rtol: 0 },
  imageCompare: {
    output: 'out',
    width: ({ w }) => w!,
    height: ({ h }) => h!,
    // Counts are compared exactly, and up to 1% of the pixels may differ.
    // Measured: SwiftShader and the CPU simulator round every operation, as
    // the reference does, and match it on every case. A GPU that fuses every
    // multiply-add, emulated on the CPU, differs on 2 of the 2,867 pixels
    // (0.07%) of "whole set" and on at most 0.23% of the pixels over 2,000
    // random 96 × 72 views (an exact f64 computation: at most 0.20%). 1% is
    // four times that, while every wrong kernel in test/exercises/wrong/
    // mandelbrot/ changes 4.8% (a missing guard, which also fails on the
    // spare rows) to 98% of the pixels.
    maxMismatchFraction: 0.01,
    pixelTolerance: { atol: 0, rtol: 0 },
  },
});
