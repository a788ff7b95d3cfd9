/**
 * Geometry and colour of the decision-boundary picture: the grid of points the
 * model classifies, the mapping between data coordinates and canvas pixels,
 * and the RGBA image of the two class regions. Pure (no DOM), so it is
 * unit-tested in Node; the page script only blits the result.
 */

export interface GridSpec {
  /** Cells per side: the model classifies size × size points. */
  size: number;
  /** The square shown is [-extent, extent] on both axes (the spirals lie in the unit disc). */
  extent: number;
}

export const DEFAULT_GRID: GridSpec = { size: 64, extent: 1.15 };

export type Rgb = readonly [number, number, number];

/**
 * The centre of every cell, row-major from the top-left: row 0 is the top
 * (largest y), as on a canvas. Returns [size*size*2] x, y pairs.
 */
export function gridPoints({ size, extent }: GridSpec): Float32Array {
  if (!Number.isInteger(size) || size < 1) throw new Error(`gridPoints: size must be a whole number >= 1, got ${size}`);
  const out = new Float32Array(size * size * 2);
  const cell = (2 * extent) / size;
  for (let row = 0; row < size; row++) {
    const y = extent - (row + 0.5) * cell;
    for (let col = 0; col < size; col++) {
      const x = -extent + (col + 0.5) * cell;
      const i = row * size + col;
      out[2 * i] = x;
      out[2 * i + 1] = y;
    }
  }
  return out;
}

/** Data coordinates to canvas pixels on a square canvas of side `pixels` (y grows downwards on a canvas). */
export function toCanvas(x: number, y: number, extent: number, pixels: number): { px: number; py: number } {
  return { px: ((x + extent) / (2 * extent)) * pixels, py: ((extent - y) / (2 * extent)) * pixels };
}

/** Region opacity: faint where the model is unsure (p near 0.5), stronger where it is sure, never opaque, so the points stay readable. */
export const REGION_ALPHA = { min: 0.08, max: 0.34 } as const;

/**
 * RGBA pixels (one per grid cell) colouring each cell by the predicted class:
 * class 0 (p < 0.5) in colour0, class 1 in colour1, with opacity growing with
 * the model's confidence |2p - 1|.
 */
export function regionPixels(probabilities: ArrayLike<number>, size: number, colour0: Rgb, colour1: Rgb): Uint8ClampedArray {
  if (probabilities.length !== size * size) {
    throw new Error(`regionPixels: expected ${size * size} probabilities for a ${size}×${size} grid, got ${probabilities.length}`);
  }
  const pixels = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const p = probabilities[i]!;
    const safe = Number.isFinite(p) ? p : 0.5;
    const colour = safe >= 0.5 ? colour1 : colour0;
    const confidence = Math.abs(2 * safe - 1);
    pixels[4 * i] = colour[0];
    pixels[4 * i + 1] = colour[1];
    pixels[4 * i + 2] = colour[2];
    pixels[4 * i + 3] = Math.round(255 * (REGION_ALPHA.min + (REGION_ALPHA.max - REGION_ALPHA.min) * confidence));
  }
  return pixels;
}

/**
 * Parse the colour a canvas context normalises `fillStyle` to ("#rrggbb", or
 * "rgb(r, g, b)" / "rgba(r, g, b, a)"), which is how the page turns the theme's
 * CSS variables into numbers for the image.
 */
export function parseCanvasColour(value: string): Rgb | null {
  const hex = /^#([0-9a-f]{6})$/i.exec(value.trim());
  if (hex) {
    const n = parseInt(hex[1]!, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const rgb = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(value.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])].map((c) => Math.round(Math.min(255, Math.max(0, c)))) as unknown as Rgb;
  return null;
}

/** Share of grid cells given class 1: a one-number summary of the picture, for its text alternative. */
export function classOneShare(probabilities: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < probabilities.length; i++) if (probabilities[i]! >= 0.5) count++;
  return probabilities.length === 0 ? 0 : count / probabilities.length;
}
