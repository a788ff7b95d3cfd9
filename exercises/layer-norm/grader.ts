// Grader for "layer-norm": rows normalised to mean 0 and (biased) variance 1,
// then scaled by gamma and shifted by beta per column. Widths from 1 to 1,021
// (fewer columns than invocations, exact multiples of 64, primes); a constant
// row (variance 0: eps keeps it finite); nearly constant rows, where eps
// inside or outside the square root makes a threefold difference; and rows
// with a large mean, where the one-pass variance E[x²] − mean² cancels away.
import { defineWgslGrader } from '../../src/grader/define';

const UNIT_ROUNDOFF = 2 ** -24;
const EPS = 1e-5;
const GAMMA_MAX = 1.5;

export default defineWgslGrader({
  cases: [
    { name: '1 row, 1 column', params: { rows: 1, cols: 1, offset: 0, spread: 1 } },
    { name: '3 rows, 5 columns (fewer columns than invocations)', params: { rows: 3, cols: 5, offset: 0, spread: 1 } },
    { name: '4 rows, 64 columns', params: { rows: 4, cols: 64, offset: 0, spread: 1 } },
    { name: '5 rows, 100 columns, row 2 constant', params: { rows: 5, cols: 100, offset: 0, spread: 1, constantRow: 2 } },
    { name: '6 rows, 37 columns, nearly constant rows (spread 0.002)', params: { rows: 6, cols: 37, offset: 0, spread: 0.002 } },
    { name: '2 rows, 768 columns (GPT-2 small width)', params: { rows: 2, cols: 768, offset: 0, spread: 1 } },
    { name: '3 rows, 1,000 columns, values 300 ± 1', params: { rows: 3, cols: 1000, offset: 300, spread: 1 } },
    { name: 'random: 97 rows, 1,021 columns', params: { rows: 97, cols: 1021, offset: 0, spread: 2 }, hidden: true },
  ],
  // x = offset + spread · U(−1, 1); gamma in ±[0.5, 1.5] so a gamma taken from
  // the wrong index is clearly different; beta in [−1, 1].
  inputs: ({ rows, cols, offset, spread, constantRow }, rng) => {
    const x = rng.float32Array(rows! * cols!, -1, 1).map((u) => offset! + spread! * u);
    if (constantRow !== undefined) x.fill(3, constantRow * cols!, (constantRow + 1) * cols!);
    const gamma = rng.float32Array(cols!, 0.5, GAMMA_MAX).map((g) => (rng.float() < 0.5 ? -g : g));
    const beta = rng.float32Array(cols!, -1, 1);
    return { x, gamma, beta, dims: Uint32Array.of(rows!, cols!) };
  },
  // Float64 two-pass statistics from the f32 inputs; the spare rows keep their initial contents.
  reference: ({ x, gamma, beta, out }, { rows, cols }) => {
    const expected = Float32Array.from(out!);
    for (let r = 0; r < rows!; r++) {
      let sum = 0;
      for (let c = 0; c < cols!; c++) sum += x![r * cols! + c]!;
      const mean = sum / cols!;
      let squares = 0;
      for (let c = 0; c < cols!; c++) squares += (x![r * cols! + c]! - mean) ** 2;
      const scale = 1 / Math.sqrt(squares / cols! + EPS);
      for (let c = 0; c < cols!; c++) {
        expected[r * cols! + c] = (x![r * cols! + c]! - mean) * scale * gamma![c]! + beta![c]!;
      }
    }
    return { out: expected };
  },
  shape: (_name, { rows, cols }) => [rows! + Math.ceil(64 / cols!), cols!],
  // Error budget, with u = 2^-24 and k = ceil(cols / 64) + 6 additions in a
  // chain (the strided loop, then the six rounds of the tree):
  // - the f32 mean is off by at most δ = (k + 1)·u·(|offset| + spread), which
  //   shifts every normalised value by δ / σ, σ = sqrt(variance + eps)
  //   (variance of U(−1, 1)·spread is spread²/3);
  // - the variance, inverseSqrt and the final multiply-adds add a relative
  //   error of about (k + 8)·u to normalised values of size up to √3;
  // both multiplied by |gamma| <= 1.5, and doubled for safety. For values
  // 300 ± 1 this allows 2e-3; the one-pass variance misses by 0.1 and more
  // there, the unbiased variance by 1/(2·cols) relative (10% at 5 columns),
  // eps outside the root by a factor ~3 on the nearly constant rows.
  tolerance: ({ cols, offset, spread }) => {
    const chain = Math.ceil(cols! / 64) + 6;
    const sigma = Math.sqrt(spread! ** 2 / 3 + EPS);
    const fromMean = ((chain + 1) * UNIT_ROUNDOFF * (Math.abs(offset!) + spread!)) / sigma;
    const fromScale = Math.sqrt(3) * (chain + 8) * UNIT_ROUNDOFF;
    return { atol: 2 * GAMMA_MAX * (fromMean + fromScale) + 2 * UNIT_ROUNDOFF, rtol: 0 };
  },
});
