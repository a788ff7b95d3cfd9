/**
 * The pure half of the MandelbrotPipelines demo: which region of the complex
 * plane an image shows, how that view is packed into the shaders' uniform
 * struct, the escape count on the CPU (the fallback, and the reference the
 * GPU images are checked against), the colour palette shared with the
 * fragment shader, and the comparisons and timings the demo reports. No DOM,
 * no WebGPU: unit-tested in Node.
 */
// The escape count in f32 is the exercise grader's own reference, so the demo's
// CPU image and a learner's graded kernel agree by construction.
import { escapeCount } from '../../../exercises/mandelbrot/grader';

export { escapeCount };

/** Pixel (x, y) stands for c = (x0 + x·scale) + (y0 + y·scale)i, as in the lesson's exercise. */
export interface MandelbrotView {
  readonly width: number;
  readonly height: number;
  readonly x0: number;
  readonly y0: number;
  readonly scale: number;
  readonly maxIter: number;
}

/** A named region for the demo's menu: its centre and how wide a slice of the real axis it spans. */
export interface Region {
  readonly id: string;
  readonly label: string;
  readonly centreX: number;
  readonly centreY: number;
  readonly spanX: number;
}

export const REGIONS: readonly Region[] = [
  { id: 'whole', label: 'The whole set', centreX: -0.65, centreY: 0, spanX: 3.2 },
  { id: 'seahorse', label: 'Seahorse valley (zoomed 50×)', centreX: -0.7453, centreY: 0.1127, spanX: 0.064 },
];

export const ITERATION_LIMITS = [100, 250, 1000] as const;

/** The demo's image size: a multiple of 64 wide, so GPU readback rows need no padding on most sizes. */
export const IMAGE_WIDTH = 512;
export const IMAGE_HEIGHT = 384;

/** The view of `region` on a width × height image, with square pixels. */
export function viewOf(region: Region, width: number, height: number, maxIter: number): MandelbrotView {
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new RangeError(`viewOf(${region.id}): width and height must be positive integers, got ${width} × ${height}`);
  }
  if (!(Number.isInteger(maxIter) && maxIter >= 1)) {
    throw new RangeError(`viewOf(${region.id}): maxIter must be a whole number >= 1, got ${maxIter}`);
  }
  const scale = region.spanX / width;
  return {
    width,
    height,
    x0: region.centreX - (width / 2) * scale,
    y0: region.centreY - (height / 2) * scale,
    scale,
    maxIter,
  };
}

/** Words of the shaders' `struct View { width: u32, height: u32, x0: f32, y0: f32, scale: f32, maxIter: u32 }`, padded to 32 bytes. */
export function uniformWords(view: MandelbrotView): Uint32Array<ArrayBuffer> {
  const words = new Uint32Array(8);
  const floats = new Float32Array(words.buffer);
  words[0] = view.width;
  words[1] = view.height;
  floats[2] = view.x0;
  floats[3] = view.y0;
  floats[4] = view.scale;
  words[5] = view.maxIter;
  return words;
}

/** c for pixel (x, y), rounded to f32 as the shaders compute it from the f32 uniforms. */
export function pointOf(view: MandelbrotView, x: number, y: number): [number, number] {
  const f = Math.fround;
  return [f(f(view.x0) + f(x * f(view.scale))), f(f(view.y0) + f(y * f(view.scale)))];
}

/** Escape counts for rows [rowStart, rowEnd) of the view, written into `counts` (row-major, width per row). */
export function renderRowsOnCpu(view: MandelbrotView, counts: Uint32Array, rowStart: number, rowEnd: number): void {
  for (let y = rowStart; y < rowEnd; y++) {
    for (let x = 0; x < view.width; x++) {
      const [cx, cy] = pointOf(view, x, y);
      counts[y * view.width + x] = escapeCount(cx, cy, view.maxIter);
    }
  }
}

/**
 * The palette, shared with the fragment shader (shaders.ts): points in the set
 * are black; the others run from dark blue through orange to pale yellow as
 * t = n / maxIter grows (smooth polynomials of t, so no lookup table).
 */
export function paletteRgb(count: number, maxIter: number): [number, number, number] {
  if (count >= maxIter) return [0, 0, 0];
  const t = Math.sqrt(count / maxIter);
  const u = 1 - t;
  return [9 * u * t * t * t + t * 0.1, 15 * u * u * t * t, 8.5 * u * u * u * t + 0.08 * t].map((v) =>
    Math.round(255 * Math.min(1, Math.max(0, v))),
  ) as [number, number, number];
}

/** RGBA bytes for a 2-D canvas's ImageData, one pixel per count. */
export function countsToRgba(counts: ArrayLike<number>, maxIter: number): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(counts.length * 4);
  for (let i = 0; i < counts.length; i++) {
    const [r, g, b] = paletteRgb(counts[i]!, maxIter);
    rgba[4 * i] = r;
    rgba[4 * i + 1] = g;
    rgba[4 * i + 2] = b;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

/** How two count images differ: the number of differing pixels, their share, and the first one. */
export interface CountDifference {
  readonly differing: number;
  readonly total: number;
  readonly fraction: number;
  readonly first: { readonly x: number; readonly y: number; readonly a: number; readonly b: number } | null;
}

export function compareCounts(a: ArrayLike<number>, b: ArrayLike<number>, width: number): CountDifference {
  if (a.length !== b.length) {
    throw new RangeError(`compareCounts: the images have ${a.length} and ${b.length} pixels; compare images of one view`);
  }
  let differing = 0;
  let first: CountDifference['first'] = null;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    differing++;
    first ??= { x: i % width, y: Math.floor(i / width), a: a[i]!, b: b[i]! };
  }
  return { differing, total: a.length, fraction: a.length ? differing / a.length : 0, first };
}

/**
 * GPU readback rows are padded to a multiple of 256 bytes
 * (copyTextureToBuffer's bytesPerRow rule); this drops the padding.
 */
export function paddedBytesPerRow(width: number, bytesPerPixel = 4): number {
  return Math.ceil((width * bytesPerPixel) / 256) * 256;
}

export function unpadRows(padded: Uint32Array, width: number, height: number): Uint32Array<ArrayBuffer> {
  const rowWords = paddedBytesPerRow(width) / 4;
  if (padded.length < rowWords * (height - 1) + width) {
    throw new RangeError(`unpadRows: ${padded.length} words cannot hold ${height} rows of ${width} pixels at ${rowWords} words per row`);
  }
  const out = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) out.set(padded.subarray(y * rowWords, y * rowWords + width), y * width);
  return out;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values: time at least one run');
  const sorted = [...values].sort((p, q) => p - q);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "3 of 196,608 pixels (0.0015%)", for the summary and the table. */
export function describeDifference(d: CountDifference): string {
  const share = d.differing === 0 ? '0%' : `${Number((d.fraction * 100).toPrecision(2))}%`;
  return `${d.differing.toLocaleString('en-US')} of ${d.total.toLocaleString('en-US')} pixels (${share})`;
}

export function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}
