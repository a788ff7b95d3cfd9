// Grader for "max-pool": 2×2 max pooling with stride 2 on h×w images.
// Odd widths catch a wrong row stride (2·ow instead of w); output sizes that
// are not multiples of 8 catch missing bounds guards, whose writes land
// either in the next row or in the padding after the image.
import { defineWgslGrader } from '../../src/grader/define';

export default defineWgslGrader({
  cases: [
    { name: '2×2 image (one output pixel)', params: { w: 2, h: 2 } },
    { name: '3×3 image (the last row and column are dropped)', params: { w: 3, h: 3 } },
    { name: '16×16 image (exactly one workgroup of output)', params: { w: 16, h: 16 } },
    { name: '37 wide × 23 high', params: { w: 37, h: 23 } },
    { name: 'random 301 wide × 257 high', params: { w: 301, h: 257 }, hidden: true },
  ],
  inputs: ({ w, h }, rng) => ({
    input: rng.float32Array(w! * h!, -10, 10),
    dims: Uint32Array.of(w!, h!),
  }),
  // Pixels of the output are the window maxima; the padding after them keeps
  // its initial (poison) contents, since no invocation may write there.
  reference: ({ input, output, dims }) => {
    const [w, h] = [dims![0]!, dims![1]!];
    const image = input as Float32Array;
    const ow = Math.floor(w / 2);
    const oh = Math.floor(h / 2);
    const expected = Float32Array.from(output!);
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        const top = 2 * y * w + 2 * x;
        const bottom = top + w;
        expected[y * ow + x] = Math.max(image[top]!, image[top + 1]!, image[bottom]!, image[bottom + 1]!);
      }
    }
    return { output: expected };
  },
  // A maximum picks one of its inputs: no rounding, so the comparison is exact.
  tolerance: { atol: 0, rtol: 0 },
});
