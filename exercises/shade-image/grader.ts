// Grader for "shade-image": a 3 × 3 box blur with clamp-to-edge sampling,
// compared as an image. A 1 × 1 image (all nine samples are the one pixel),
// a single column, wide and tall images with sides that are not multiples of
// the 8 × 8 workgroup, and random pixel values, so that every edge rule other
// than clamping (wrapping round, zero padding, averaging fewer samples, a
// clamp against the wrong side) changes the border pixels, and a missing
// guard writes into the spare rows after the image.
import { defineWgslGrader } from '../../src/grader/define';

const rowsOf = (w: number, h: number): number => Math.ceil(h / 8) * 8 + Math.ceil(8 / w);
const clampTo = (value: number, last: number): number => Math.min(Math.max(value, 0), last);

export default defineWgslGrader({
  cases: [
    { name: '1 × 1', params: { w: 1, h: 1 } },
    { name: '1 × 17 (one column)', params: { w: 1, h: 17 } },
    { name: '8 × 8 (one workgroup)', params: { w: 8, h: 8 } },
    { name: 'wide 37 × 5', params: { w: 37, h: 5 } },
    { name: 'tall 6 × 29', params: { w: 6, h: 29 } },
    { name: 'random 160 × 117', params: { w: 160, h: 117 }, hidden: true },
  ],
  // Brightness values in [0, 1), as a greyscale texture holds them.
  inputs: ({ w, h }, rng) => ({ src: rng.float32Array(w! * h!, 0, 1), dims: Uint32Array.of(w!, h!) }),
  // The spare rows keep their initial (poison) contents: only a missing guard changes them.
  reference: ({ src, out }, { w, h }) => {
    const expected = Float32Array.from(out!);
    for (let y = 0; y < h!; y++) {
      for (let x = 0; x < w!; x++) {
        let sum = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) sum += src![clampTo(y + dy, h! - 1) * w! + clampTo(x + dx, w! - 1)]!;
        }
        expected[y * w! + x] = sum / 9;
      }
    }
    return { out: expected };
  },
  shape: (_name, { w, h }) => [rowsOf(w!, h!), w!],
  tolerance: { atol: 1e-5, rtol: 0 },
  imageCompare: {
    output: 'out',
    width: ({ w }) => w!,
    height: ({ h }) => h!,
    // Every pixel is nine additions of values below 1 and a division: in f32,
    // in any order, that is within a few units in the last place of a result
    // below 1 (about 1e-7 each), so 1e-5 separates rounding from a wrong
    // sample, which changes a pixel by about 1/9 of a pixel difference.
    // Unlike the Mandelbrot set, no pixel is sensitive to rounding, so none
    // may differ.
    maxMismatchFraction: 0,
    pixelTolerance: { atol: 1e-5, rtol: 0 },
  },
});
