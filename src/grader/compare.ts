/**
 * Compares a learner's output with the CPU reference, element by element, and
 * explains the result in one line a learner can act on.
 *
 * Rule (numpy's `allclose`, asymmetric on purpose: the reference sets the
 * scale): an element passes when
 *
 *     |got − expected| <= atol + rtol · |expected|
 *
 * with equality passing. Special values: NaN matches only NaN (reported
 * specially when one side is NaN), an infinity matches only the same infinity,
 * and −0 equals 0. A length or shape mismatch gives a failing report with a
 * clear message; `compareArrays` never throws on data (only on invalid options,
 * which are grader bugs).
 *
 * `compareImages` applies the same rule per pixel but lets a stated fraction of
 * an image's pixels fail, for outputs where rounding legitimately flips a few
 * pixels (see WgslGrader.imageCompare in define.ts).
 */

/** Options for {@link compareArrays}. */
export interface CompareOptions {
  /** Logical shape of the arrays, row-major; its product must equal `expected.length`. */
  shape: readonly number[];
  /** Absolute tolerance, >= 0. */
  atol: number;
  /** Relative tolerance (a fraction of |expected|), >= 0. */
  rtol: number;
  /** How many mismatches to list in `firstMismatches` (default 5). */
  maxListed?: number;
}

/** Why one element failed. */
export type MismatchKind =
  | 'value' // both finite, too far apart
  | 'got-nan' // a number was expected, NaN came back
  | 'expected-nan' // the reference is NaN, a number came back
  | 'infinity'; // one side is infinite and the other is not the same infinity

/** One compared element. */
export interface ElementComparison {
  /** Row-major position in the flat array. */
  flatIndex: number;
  /** Multi-dimensional index by the shape, e.g. [2, 5]. */
  index: number[];
  expected: number;
  got: number;
  /** |got − expected|; Infinity when one side is NaN or infinite and they do not match, 0 when they match. */
  absError: number;
  /** absError / |expected| (Infinity when expected is 0 and absError > 0; 0 when absError is 0). */
  relError: number;
  /** atol + rtol·|expected| for this element. */
  tolerance: number;
  pass: boolean;
  /** Set when `pass` is false. */
  kind?: MismatchKind;
}

/** The outcome of {@link compareArrays}. */
export interface ComparisonReport {
  pass: boolean;
  /** 'compared' when every element was compared; otherwise why no element was compared. */
  status: 'compared' | 'length-mismatch' | 'shape-mismatch';
  shape: number[];
  /** Number of elements expected (`expected.length`). */
  expectedLength: number;
  /** Number of elements received (`got.length`). */
  gotLength: number;
  /** Number of elements that failed. */
  mismatchCount: number;
  /** Failures where a NaN or an infinity was involved (a subset of `mismatchCount`). */
  nonFiniteMismatchCount: number;
  /** Largest |got − expected| over all elements; Infinity if any NaN/infinity mismatch. */
  maxAbsError: number;
  /** Largest relative error over all elements (same conventions as {@link ElementComparison.relError}). */
  maxRelError: number;
  /**
   * The element to show the learner: the failing element that exceeds its
   * tolerance by the largest factor (NaN and infinity failures first), or on a
   * pass the element with the largest |diff|. Null when nothing was compared.
   */
  worst: ElementComparison | null;
  /** The first few failing elements in memory order. */
  firstMismatches: ElementComparison[];
  /** One line for a person, e.g. "element [2, 5]: expected 3.5, got 0 (|diff| 3.5 > tolerance 1e-5 + 1e-5·3.5)". */
  message: string;
  atol: number;
  rtol: number;
}

/** Row-major unravel of a flat index; an empty shape (a scalar) gives []. */
export function unravelIndex(flatIndex: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  let rest = flatIndex;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const extent = shape[axis]!;
    index[axis] = extent > 0 ? rest % extent : 0;
    rest = extent > 0 ? Math.floor(rest / extent) : 0;
  }
  return index;
}

/** Number of elements of a shape (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, extent) => product * extent, 1);
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Short, readable number: up to 7 significant digits, exponent form below 1e-4
 * ("1e-5", as tolerances are written), "NaN", "Infinity", and "-0" kept visible.
 */
export function formatNumber(value: number, significantDigits = 7): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  const rounded = Number(value.toPrecision(significantDigits));
  return rounded !== 0 && Math.abs(rounded) < 1e-4 ? rounded.toExponential() : String(rounded);
}

/**
 * Formats two numbers with just enough digits to tell them apart, so a learner
 * never reads "expected 0.1, got 0.1" about two different values.
 */
export function formatDistinct(a: number, b: number): [string, string] {
  for (let digits = 7; digits <= 17; digits++) {
    const left = formatNumber(a, digits);
    const right = formatNumber(b, digits);
    if (left !== right || Object.is(a, b) || a === b) return [left, right];
  }
  return [formatNumber(a, 17), formatNumber(b, 17)];
}

function validateOptions(operation: string, atol: number, rtol: number, shape: readonly number[]): void {
  if (!(atol >= 0) || !Number.isFinite(atol) || !(rtol >= 0) || !Number.isFinite(rtol)) {
    throw new RangeError(
      `${operation}: tolerances must be finite and >= 0, got atol=${atol}, rtol=${rtol}; fix the grader's tolerance`,
    );
  }
  if (!shape.every((extent) => Number.isSafeInteger(extent) && extent >= 0)) {
    throw new RangeError(
      `${operation}: shape ${formatShape(shape)} must list non-negative integers; fix the grader's shape`,
    );
  }
}

/** Compares one element by the module's rule. */
export function compareElement(
  expected: number,
  got: number,
  atol: number,
  rtol: number,
  flatIndex = 0,
  shape: readonly number[] = [],
): ElementComparison {
  const tolerance = atol + rtol * Math.abs(expected);
  const base = { flatIndex, index: unravelIndex(flatIndex, shape), expected, got, tolerance };
  const expectedNaN = Number.isNaN(expected);
  const gotNaN = Number.isNaN(got);
  if (expectedNaN || gotNaN) {
    if (expectedNaN && gotNaN) return { ...base, absError: 0, relError: 0, pass: true };
    return { ...base, absError: Infinity, relError: Infinity, pass: false, kind: gotNaN ? 'got-nan' : 'expected-nan' };
  }
  if (!Number.isFinite(expected) || !Number.isFinite(got)) {
    if (expected === got) return { ...base, absError: 0, relError: 0, pass: true };
    return { ...base, absError: Infinity, relError: Infinity, pass: false, kind: 'infinity' };
  }
  const absError = Math.abs(got - expected);
  const relError = absError === 0 ? 0 : absError / Math.abs(expected);
  const pass = absError <= tolerance;
  return pass
    ? { ...base, absError, relError, pass }
    : { ...base, absError, relError, pass, kind: 'value' };
}

/** How badly an element fails: its error as a multiple of its tolerance (Infinity for non-finite failures). */
function severity(element: ElementComparison): number {
  if (element.kind && element.kind !== 'value') return Infinity;
  return element.tolerance > 0 ? element.absError / element.tolerance : Number.MAX_VALUE;
}

/** "element [2, 5]" for arrays, "the value" for a scalar. */
function describePosition(element: ElementComparison, shape: readonly number[]): string {
  return shape.length === 0 ? 'the value' : `element ${formatShape(element.index)}`;
}

/** The one-line explanation of a single failing element. */
export function explainMismatch(element: ElementComparison, shape: readonly number[], atol: number, rtol: number): string {
  const [expectedText, gotText] = formatDistinct(element.expected, element.got);
  const head = `${describePosition(element, shape)}: expected ${expectedText}, got ${gotText}`;
  switch (element.kind) {
    case 'got-nan':
      return `${head} (NaN where a number belongs: look for 0/0, inf − inf, or sqrt/log of a negative number)`;
    case 'expected-nan':
      return `${head} (the reference is NaN here, so NaN is the right answer; a number means the invalid operation was skipped)`;
    case 'infinity':
      return `${head} (an infinity only matches the same infinity: look for overflow or a division by zero)`;
    default: {
      const toleranceText = `${formatNumber(atol)} + ${formatNumber(rtol)}·${formatNumber(Math.abs(element.expected))}`;
      return `${head} (|diff| ${formatNumber(element.absError)} > tolerance ${toleranceText})`;
    }
  }
}

/**
 * Compares `got` with `expected` (both flat, row-major, of `shape`) and returns
 * a report. Never throws on data; throws a RangeError only for invalid options.
 */
export function compareArrays(
  expected: ArrayLike<number>,
  got: ArrayLike<number>,
  options: CompareOptions,
): ComparisonReport {
  const { atol, rtol } = options;
  const shape = [...options.shape];
  validateOptions('compareArrays', atol, rtol, shape);
  const maxListed = options.maxListed ?? 5;
  const emptyReport = {
    shape,
    expectedLength: expected.length,
    gotLength: got.length,
    atol,
    rtol,
    worst: null,
    firstMismatches: [],
    maxAbsError: Infinity,
    maxRelError: Infinity,
    nonFiniteMismatchCount: 0,
  };
  const size = shapeSize(shape);
  if (size !== expected.length) {
    return {
      ...emptyReport,
      pass: false,
      status: 'shape-mismatch',
      mismatchCount: expected.length,
      message:
        `shape ${formatShape(shape)} has ${size} elements but the reference has ${expected.length}; ` +
        'the grader declares the wrong shape',
    };
  }
  if (got.length !== expected.length) {
    const hint =
      got.length > expected.length
        ? 'too many: check the output binding size and what you write past the end'
        : 'too few: check the output binding size and the dispatch size';
    return {
      ...emptyReport,
      pass: false,
      status: 'length-mismatch',
      mismatchCount: expected.length,
      message: `got ${got.length} elements, expected ${expected.length} (shape ${formatShape(shape)}); ${hint}`,
    };
  }

  let mismatchCount = 0;
  let nonFiniteMismatchCount = 0;
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: ElementComparison | null = null;
  let worstSeverity = -1;
  let largestDiff: ElementComparison | null = null;
  const firstMismatches: ElementComparison[] = [];
  for (let i = 0; i < expected.length; i++) {
    const element = compareElement(expected[i]!, got[i]!, atol, rtol, i, shape);
    maxAbsError = Math.max(maxAbsError, element.absError);
    maxRelError = Math.max(maxRelError, element.relError);
    if (element.pass) {
      if (mismatchCount === 0 && (largestDiff === null || element.absError > largestDiff.absError)) {
        largestDiff = element;
      }
      continue;
    }
    mismatchCount++;
    if (element.kind !== 'value') nonFiniteMismatchCount++;
    if (firstMismatches.length < maxListed) firstMismatches.push(element);
    const elementSeverity = severity(element);
    if (elementSeverity > worstSeverity) {
      worst = element;
      worstSeverity = elementSeverity;
    }
  }

  if (mismatchCount === 0) {
    worst = largestDiff;
    const where = worst && shape.length > 0 ? ` at ${formatShape(worst.index)}` : '';
    const noun = expected.length === 1 ? 'element' : 'elements';
    return {
      ...emptyReport,
      pass: true,
      status: 'compared',
      mismatchCount,
      nonFiniteMismatchCount,
      maxAbsError,
      maxRelError,
      worst,
      firstMismatches,
      message: `all ${expected.length} ${noun} within tolerance (max |diff| ${formatNumber(maxAbsError)}${where})`,
    };
  }
  const others = mismatchCount > 1 ? ` — ${mismatchCount} of ${expected.length} elements differ` : '';
  return {
    ...emptyReport,
    pass: false,
    status: 'compared',
    mismatchCount,
    nonFiniteMismatchCount,
    maxAbsError,
    maxRelError,
    worst,
    firstMismatches,
    message: explainMismatch(worst!, shape, atol, rtol) + others,
  };
}

/** One cell of a {@link ResultGrid}. */
export interface GridCell {
  /** Index into the full tensor. */
  index: number[];
  expected: number;
  got: number | undefined;
  /** Display strings, with enough digits to tell different values apart. */
  expectedText: string;
  gotText: string;
  pass: boolean;
}

/** Expected and got side by side for a small view of a tensor, as data for the UI to render. */
export interface ResultGrid {
  /** Rows and columns of the full 2-D view (1 row for a vector or scalar). */
  rows: number;
  cols: number;
  /** The leading indices that select the 2-D slice shown when the tensor has more than two axes. */
  sliceIndex: number[];
  /** cells[r][c] for r < shownRows, c < shownCols. */
  cells: GridCell[][];
  shownRows: number;
  shownCols: number;
  /** True when rows or columns were cut to fit the limit. */
  truncated: boolean;
  /**
   * Set when the grid is a window that does not start at row 0 / column 0
   * (see {@link GridOptions.firstRow}): cells[r][c] shows row firstRow + r,
   * column firstCol + c of the 2-D view.
   */
  firstRow?: number;
  firstCol?: number;
}

/** Options for {@link formatResultGrid}. */
export interface GridOptions {
  shape: readonly number[];
  atol: number;
  rtol: number;
  /** Largest number of rows/columns shown (default 16, at most 16). */
  maxRows?: number;
  maxCols?: number;
  /** For tensors with more than two axes: the leading indices of the slice to show (default all zeros). */
  sliceIndex?: readonly number[];
  /**
   * First row and column of the window shown (default 0, 0), e.g. to centre
   * the grid on the worst pixel of a large image. Clamped so that the window
   * stays inside the view.
   */
  firstRow?: number;
  firstCol?: number;
}

const GRID_LIMIT = 16;

/**
 * Builds a side-by-side grid (at most 16×16) of expected and got values for
 * the last two axes of the tensor. A shorter `got` leaves `got: undefined` in
 * the missing cells instead of failing.
 */
export function formatResultGrid(
  expected: ArrayLike<number>,
  got: ArrayLike<number>,
  options: GridOptions,
): ResultGrid {
  const shape = [...options.shape];
  validateOptions('formatResultGrid', options.atol, options.rtol, shape);
  const rows = shape.length >= 2 ? shape[shape.length - 2]! : 1;
  const cols = shape.length >= 1 ? shape[shape.length - 1]! : 1;
  const leadingAxes = Math.max(0, shape.length - 2);
  const sliceIndex = Array.from({ length: leadingAxes }, (_, axis) => options.sliceIndex?.[axis] ?? 0);
  sliceIndex.forEach((value, axis) => {
    if (!Number.isSafeInteger(value) || value < 0 || value >= shape[axis]!) {
      throw new RangeError(
        `formatResultGrid: sliceIndex ${formatShape(sliceIndex)} is outside shape ${formatShape(shape)} at axis ${axis}`,
      );
    }
  });
  let sliceOffset = 0;
  for (let axis = 0; axis < leadingAxes; axis++) sliceOffset = sliceOffset * shape[axis]! + sliceIndex[axis]!;
  sliceOffset *= rows * cols;

  const shownRows = Math.min(rows, options.maxRows ?? GRID_LIMIT, GRID_LIMIT);
  const shownCols = Math.min(cols, options.maxCols ?? GRID_LIMIT, GRID_LIMIT);
  const firstRow = clampWindowStart(options.firstRow, rows, shownRows);
  const firstCol = clampWindowStart(options.firstCol, cols, shownCols);
  const cells: GridCell[][] = [];
  for (let r = 0; r < shownRows; r++) {
    const row: GridCell[] = [];
    for (let c = 0; c < shownCols; c++) {
      const flat = sliceOffset + (firstRow + r) * cols + firstCol + c;
      if (flat >= expected.length) break;
      const expectedValue = expected[flat]!;
      const gotValue = flat < got.length ? got[flat] : undefined;
      const element =
        gotValue === undefined ? undefined : compareElement(expectedValue, gotValue, options.atol, options.rtol);
      const [expectedText, gotText] =
        gotValue === undefined ? [formatNumber(expectedValue), '—'] : formatDistinct(expectedValue, gotValue);
      row.push({
        index: unravelIndex(flat, shape),
        expected: expectedValue,
        got: gotValue,
        expectedText,
        gotText,
        pass: element?.pass ?? false,
      });
    }
    cells.push(row);
  }
  return {
    rows,
    cols,
    sliceIndex,
    cells,
    shownRows,
    shownCols,
    truncated: shownRows < rows || shownCols < cols,
    ...(firstRow > 0 || firstCol > 0 ? { firstRow, firstCol } : {}),
  };
}

/** Start of a window of `shown` items inside `extent`: the requested start, moved back so the window fits. */
function clampWindowStart(requested: number | undefined, extent: number, shown: number): number {
  if (requested === undefined) return 0;
  return Math.max(0, Math.min(Math.floor(requested), extent - shown));
}

/** Options for {@link compareImages}. */
export interface ImageCompareOptions {
  /** Pixels per row and rows of the image, which fills the first width·height elements, row-major. */
  width: number;
  height: number;
  /** Per-pixel tolerance, by the module's rule. */
  atol: number;
  rtol: number;
  /** Largest fraction of the width·height pixels that may fail the per-pixel tolerance, in [0, 1]. */
  maxMismatchFraction: number;
}

/** A pixel that failed its tolerance. */
export interface PixelMismatch {
  x: number;
  y: number;
  flatIndex: number;
  expected: number;
  got: number;
  absError: number;
  /** atol + rtol·|expected| for this pixel. */
  tolerance: number;
  kind: MismatchKind;
}

/** The outcome of {@link compareImages}. */
export interface ImageComparisonReport {
  pass: boolean;
  /** 'compared' when every element was compared; otherwise why nothing was compared. */
  status: 'compared' | 'length-mismatch' | 'shape-mismatch';
  width: number;
  height: number;
  /** width · height. */
  pixelCount: number;
  /** Pixels of the image outside their tolerance. */
  mismatchCount: number;
  /** floor(maxMismatchFraction · pixelCount): the most mismatching pixels that still pass. */
  allowedMismatches: number;
  /** mismatchCount / pixelCount (0 for an empty image). */
  mismatchFraction: number;
  maxMismatchFraction: number;
  /** The first failing pixel in memory order (row by row), and the one that misses its tolerance by the most. */
  firstMismatch: PixelMismatch | null;
  worst: PixelMismatch | null;
  /** Largest |got − expected| over the image's pixels (Infinity if a NaN/infinity mismatched). */
  maxAbsError: number;
  /**
   * Elements after the image (padding that catches writes past the data) that
   * fail their tolerance. They get no allowance: any one fails the comparison.
   */
  paddingMismatchCount: number;
  firstPaddingMismatch: ElementComparison | null;
  /** One line for a person: how many pixels differ (count and %), the allowance, the first and worst pixel. */
  message: string;
}

/** Percentages with two significant digits, so 0.033% does not read as "0.00%". */
export function formatPercent(fraction: number): string {
  return `${fraction === 0 ? 0 : Number((fraction * 100).toPrecision(2))}%`;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

function describePixel(pixel: PixelMismatch): string {
  const [expectedText, gotText] = formatDistinct(pixel.expected, pixel.got);
  return `(x ${pixel.x}, y ${pixel.y}): yours ${gotText}, expected ${expectedText}`;
}

/**
 * Compares two images that may legitimately differ in a few pixels (e.g. a
 * fractal whose boundary pixels depend on f32 rounding and on whether the GPU
 * fuses a multiply-add): it passes when at most `maxMismatchFraction` of the
 * width·height pixels fail the per-pixel tolerance and every element after
 * the image matches. Never throws on data; throws a RangeError for invalid
 * options (grader bugs).
 */
export function compareImages(
  expected: ArrayLike<number>,
  got: ArrayLike<number>,
  options: ImageCompareOptions,
): ImageComparisonReport {
  const { width, height, atol, rtol, maxMismatchFraction } = options;
  validateOptions('compareImages', atol, rtol, [width, height]);
  if (!(maxMismatchFraction >= 0 && maxMismatchFraction <= 1)) {
    throw new RangeError(
      `compareImages: maxMismatchFraction must be in [0, 1], got ${maxMismatchFraction}; fix the grader's imageCompare`,
    );
  }
  const pixelCount = width * height;
  // The tiny epsilon keeps e.g. 0.005 · 1000 = 4.999... from allowing 4 instead of 5 pixels.
  const allowedMismatches = Math.floor(maxMismatchFraction * pixelCount + 1e-9);
  const base = {
    width,
    height,
    pixelCount,
    allowedMismatches,
    maxMismatchFraction,
    firstMismatch: null,
    worst: null,
    firstPaddingMismatch: null,
  };
  if (expected.length < pixelCount) {
    return {
      ...base,
      pass: false,
      status: 'shape-mismatch',
      mismatchCount: pixelCount,
      mismatchFraction: 1,
      maxAbsError: Infinity,
      paddingMismatchCount: 0,
      message:
        `a ${width} × ${height} image has ${formatCount(pixelCount)} pixels but the reference has only ` +
        `${formatCount(expected.length)} elements; the grader declares the wrong image size`,
    };
  }
  if (got.length !== expected.length) {
    const hint = got.length > expected.length ? 'too many' : 'too few';
    return {
      ...base,
      pass: false,
      status: 'length-mismatch',
      mismatchCount: pixelCount,
      mismatchFraction: 1,
      maxAbsError: Infinity,
      paddingMismatchCount: 0,
      message: `got ${formatCount(got.length)} elements, expected ${formatCount(expected.length)} (${hint}): check the output binding's size`,
    };
  }

  let mismatchCount = 0;
  let maxAbsError = 0;
  let firstMismatch: PixelMismatch | null = null;
  let worst: PixelMismatch | null = null;
  let worstSeverity = -1;
  for (let i = 0; i < pixelCount; i++) {
    const element = compareElement(expected[i]!, got[i]!, atol, rtol);
    maxAbsError = Math.max(maxAbsError, element.absError);
    if (element.pass) continue;
    mismatchCount++;
    const pixel: PixelMismatch = {
      x: i % width,
      y: Math.floor(i / width),
      flatIndex: i,
      expected: element.expected,
      got: element.got,
      absError: element.absError,
      tolerance: element.tolerance,
      kind: element.kind!,
    };
    firstMismatch ??= pixel;
    // With a zero tolerance every failure is equally "infinitely" bad: the larger |diff| is the worse one.
    const pixelSeverity = severity(element);
    if (pixelSeverity > worstSeverity || (pixelSeverity === worstSeverity && pixel.absError > worst!.absError)) {
      worst = pixel;
      worstSeverity = pixelSeverity;
    }
  }
  let paddingMismatchCount = 0;
  let firstPaddingMismatch: ElementComparison | null = null;
  for (let i = pixelCount; i < expected.length; i++) {
    const element = compareElement(expected[i]!, got[i]!, atol, rtol, i, [expected.length]);
    if (element.pass) continue;
    paddingMismatchCount++;
    firstPaddingMismatch ??= element;
  }

  const mismatchFraction = pixelCount > 0 ? mismatchCount / pixelCount : 0;
  const pixelsPass = mismatchCount <= allowedMismatches;
  const allowance =
    allowedMismatches === 0 && maxMismatchFraction === 0
      ? 'no pixel may differ'
      : `up to ${formatPercent(maxMismatchFraction)} may differ (${formatCount(allowedMismatches)} pixel${allowedMismatches === 1 ? '' : 's'} here)`;
  const counted = `${formatCount(mismatchCount)} of ${formatCount(pixelCount)} pixel${pixelCount === 1 ? '' : 's'} (${formatPercent(mismatchFraction)}) differ${mismatchCount === 1 ? 's' : ''}`;
  let message: string;
  if (mismatchCount === 0) {
    message = `${pixelCount === 1 ? 'the pixel' : `all ${formatCount(pixelCount)} pixels`} of the ${width} × ${height} image match${pixelCount === 1 ? 'es' : ''} (max |diff| ${formatNumber(maxAbsError)})`;
  } else {
    const worstText =
      worst!.kind === 'value'
        ? `${describePixel(worst!)} (|diff| ${formatNumber(worst!.absError)} > tolerance ${formatNumber(atol)} + ${formatNumber(rtol)}·${formatNumber(Math.abs(worst!.expected))})`
        : `${describePixel(worst!)} (${worst!.kind === 'got-nan' ? 'NaN where a number belongs' : worst!.kind === 'expected-nan' ? 'the reference is NaN here' : 'an infinity only matches the same infinity'})`;
    const where =
      firstMismatch === worst ? `first and worst at ${worstText}` : `first at ${describePixel(firstMismatch!)}; worst at ${worstText}`;
    message = pixelsPass
      ? `${counted}, within the allowance: ${allowance}; ${where}`
      : `${counted}; ${allowance}; ${where}`;
  }
  if (paddingMismatchCount > 0) {
    const element = firstPaddingMismatch!;
    const [expectedText, gotText] = formatDistinct(element.expected, element.got);
    message +=
      `${mismatchCount === 0 ? ', but' : '; also'} ${formatCount(paddingMismatchCount)} element${paddingMismatchCount === 1 ? '' : 's'} ` +
      `past the image changed, first element ${formatCount(element.flatIndex)}: yours ${gotText}, expected ${expectedText}`;
  }
  return {
    ...base,
    pass: pixelsPass && paddingMismatchCount === 0,
    status: 'compared',
    mismatchCount,
    mismatchFraction,
    firstMismatch,
    worst,
    maxAbsError,
    paddingMismatchCount,
    firstPaddingMismatch,
    message,
  };
}
