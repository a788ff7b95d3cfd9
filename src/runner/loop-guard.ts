/**
 * Loop guard: instruments a learner's WGSL so runaway loops end.
 *
 * SwiftShader (the software GPU in CI and on many machines) has no watchdog: a
 * `while (true) {}` in a kernel never finishes and takes the tab with it. Before
 * compiling learner code the runner passes it through `instrumentLoops`, which
 * gives every `for`, `while` and `loop` statement an iteration counter. Past
 * `maxIterations` the guard records the loop in a status buffer and leaves it.
 *
 * What is inserted (all on the learner's own lines, so line numbers never change;
 * `lineMap` maps columns back):
 *
 *   fn f(...) { var _lg_c0: u32 = 0u;            ← one counter per loop of f, at the top of f
 *     for (...) { _lg_c0 += 1u; if (_lg_c0 > Nu) { _lg_trip(0u, _lg_c0); break; }  ← top of the body
 *       ...
 *     } _lg_c0 = select(0u, _lg_c0, _lg_c0 > Nu);  ← after the loop, only if it sits inside another loop
 *
 * and, appended after the learner's last line, the status buffer and `_lg_trip`.
 * Each `@compute` entry point also gets `_ = &_lg_status;` so the buffer is in
 * every pipeline's auto layout, and the caller can always bind it.
 *
 * Why this shape (each point was checked against Dawn's WGSL compiler):
 * - The increment is the first statement of the body, so `continue` cannot skip it.
 * - Counters are function-scope `var`s written only by their own loop. Their
 *   value is uniform exactly when the loop is, so the guard's `break` never
 *   breaks the uniformity analysis of a loop with `workgroupBarrier()` in it. (A
 *   module-scope `var<private>` counter would: the analysis treats reads of
 *   private variables as non-uniform.)
 * - `break`, not `return`: a `return` inside a non-uniform loop makes every later
 *   barrier in the function non-uniform, which would reject correct kernels.
 * - Exception: a loop that cannot end normally (a `loop` or condition-less `for`
 *   without a `break` of its own) is guarded with `return` (`return T();` in a
 *   function returning T), because adding a `break` would let control reach the
 *   end of the function ("missing return"). Code after such a loop is
 *   unreachable anyway, so the `return` cannot upset uniformity there.
 * - The counter is reset after the loop unless the guard tripped, so a tripped
 *   inner loop stays tripped for the rest of the function call and its outer
 *   loop cannot re-run it N times (N² iterations) before tripping itself.
 *
 * Bound: per loop and per function call. A function with a runaway loop that is
 * called from inside another loop can still run up to N × (outer iterations).
 * Cost measured on SwiftShader (2 CPU cores): about 1.3·10⁸ guarded iterations
 * per second, so with the default N = 100,000 a kernel of 4,096 invocations that
 * all spin forever is stopped after about 3 s. Scale N with the dispatch size.
 *
 * Status buffer (`@group(errorBinding.group) @binding(errorBinding.binding)`,
 * `array<atomic<u32>>`, `statusWords` words, zero-initialised by the caller):
 * word 0 counts all trips, word 1 + i counts trips of loop i (one per
 * invocation and function call). `readLoopGuardStatus` decodes it.
 *
 * Scope: compute shaders (a read_write storage buffer is not allowed in vertex
 * shaders). The lexer follows the WGSL spec: nested block comments, line-ending
 * comments, Unicode identifiers, all numeric literal forms. Names the guard adds
 * start with `_lg_` (or `_lg1_`, ... if the learner already uses that prefix).
 */

export type LoopKind = 'for' | 'while' | 'loop';

/** A loop the guard instruments. Line and column are 1-based, in UTF-16 code units, in the learner's source. */
export interface GuardedLoop {
  /** Index in the status buffer: trips of this loop are counted in word 1 + index. */
  index: number;
  kind: LoopKind;
  line: number;
  column: number;
  /** The function the loop is in. */
  functionName: string;
}

/** Text inserted into the learner's source, in the learner's coordinates. */
export interface Insertion {
  /** Offset in the original source where the text goes. */
  offset: number;
  /** 1-based line and column of that offset. */
  line: number;
  column: number;
  length: number;
  /** The loop whose guard this is, if it is one. */
  loopIndex?: number;
}

/**
 * Maps positions in the instrumented code back to the learner's source. Plain
 * data (it crosses worker boundaries); use {@link toOriginalPosition} and
 * {@link toOriginalOffset}. Line numbers are unchanged for every original line;
 * lines after `originalLineCount` hold the appended status buffer and helper.
 */
export interface LineMap {
  originalLength: number;
  originalLineCount: number;
  /** Sorted by offset; none contains a line break. */
  insertions: Insertion[];
}

export interface BindingSlot {
  group: number;
  binding: number;
}

export interface LoopGuardOptions {
  /** Iterations of one loop (per function call) before it is stopped. Default {@link DEFAULT_MAX_ITERATIONS}. */
  maxIterations?: number;
  /**
   * Where to put the status buffer. Default: `@group(0)`, one past the highest
   * literal `@binding` the learner declares in group 0. Throws if the learner
   * already uses the slot.
   */
  errorBinding?: BindingSlot;
}

export interface LoopGuardResult {
  /** The instrumented WGSL to compile. */
  code: string;
  /** Where the caller must bind the status buffer (for every `@compute` entry point). */
  errorBinding: BindingSlot;
  /** Size of the status buffer in u32 words: 1 + loops.length. Allocate `statusWords * 4` bytes, zeroed. */
  statusWords: number;
  maxIterations: number;
  loops: GuardedLoop[];
  lineMap: LineMap;
  /** Prefix of every name the guard added (normally "_lg_"). */
  prefix: string;
}

export const DEFAULT_MAX_ITERATIONS = 100_000;

// ---------------------------------------------------------------------------
// Lexer

export type TokenKind = 'word' | 'number' | 'symbol';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Offsets into the source: [start, end). */
  start: number;
  end: number;
}

export interface LexResult {
  tokens: Token[];
  /** True when a block comment is still open at the end of the source. */
  unterminatedComment: boolean;
}

/** WGSL line breaks (spec §3.1); CR LF counts as one. */
const LINE_BREAK = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/g;
const BLANK = /[ \t\n\v\f\r\u0085\u200e\u200f\u2028\u2029]/;
const IDENTIFIER = /[_\p{XID_Start}]\p{XID_Continue}*/uy;
const HEX_NUMBER = /0[xX](?:[0-9a-fA-F]*\.[0-9a-fA-F]*|[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+[fh]?|[iu])?/y;
const DECIMAL_NUMBER = /(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?[iufh]?/y;
const SYMBOLS = [
  '<<=', '>>=',
  '&&', '||', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=',
];

function matchAt(pattern: RegExp, source: string, at: number): string | null {
  pattern.lastIndex = at;
  const match = pattern.exec(source);
  return match ? match[0] : null;
}

/** Splits WGSL into tokens, dropping blank space and comments (nested block comments included). */
export function tokenizeWgsl(source: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (BLANK.test(char)) {
      i++;
      continue;
    }
    if (source.startsWith('//', i)) {
      LINE_BREAK.lastIndex = i;
      const lineEnd = LINE_BREAK.exec(source);
      i = lineEnd ? lineEnd.index : source.length;
      continue;
    }
    if (source.startsWith('/*', i)) {
      let depth = 1;
      i += 2;
      while (i < source.length && depth > 0) {
        if (source.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (source.startsWith('*/', i)) {
          depth--;
          i += 2;
        } else {
          i++;
        }
      }
      if (depth > 0) return { tokens, unterminatedComment: true };
      continue;
    }
    const startsNumber = /[0-9]/.test(char) || (char === '.' && /[0-9]/.test(source[i + 1] ?? ''));
    const text = startsNumber
      ? (matchAt(HEX_NUMBER, source, i) ?? matchAt(DECIMAL_NUMBER, source, i)!)
      : matchAt(IDENTIFIER, source, i);
    if (text) {
      tokens.push({ kind: startsNumber ? 'number' : 'word', text, start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => source.startsWith(candidate, i)) ?? char;
    tokens.push({ kind: 'symbol', text: symbol, start: i, end: i + symbol.length });
    i += symbol.length;
  }
  return { tokens, unterminatedComment: false };
}

/** Offsets where each line starts, by WGSL's line breaks. */
function lineStarts(source: string): number[] {
  const starts = [0];
  LINE_BREAK.lastIndex = 0;
  for (let match = LINE_BREAK.exec(source); match; match = LINE_BREAK.exec(source)) {
    starts.push(match.index + match[0].length);
  }
  return starts;
}

function positionOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

// ---------------------------------------------------------------------------
// Structure: functions, loops, bindings

interface LoopSite {
  kind: LoopKind;
  keyword: number; // token indices
  bodyOpen: number;
  bodyClose: number;
}

interface FunctionSite {
  name: string;
  isCompute: boolean;
  /** The return type as WGSL text, or null for a function without one. */
  returnType: string | null;
  bodyOpen: number;
  bodyClose: number;
}

/** For each bracket token, the index of its partner (or -1 when unbalanced). */
function matchBrackets(tokens: readonly Token[]): Int32Array {
  const partner = new Int32Array(tokens.length).fill(-1);
  const stack: number[] = [];
  const opener: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  tokens.forEach((token, i) => {
    if (token.kind !== 'symbol') return;
    if (token.text === '(' || token.text === '[' || token.text === '{') {
      stack.push(i);
    } else if (opener[token.text]) {
      // An unmatched closer is a syntax error the compiler will report; skip it.
      const top = stack[stack.length - 1];
      if (top !== undefined && tokens[top]!.text === opener[token.text]) {
        stack.pop();
        partner[top] = i;
        partner[i] = top;
      }
    }
  });
  return partner;
}

function isSymbol(token: Token | undefined, text: string): boolean {
  return token?.kind === 'symbol' && token.text === text;
}

function isWord(token: Token | undefined, ...texts: string[]): boolean {
  return token?.kind === 'word' && texts.includes(token.text);
}

class Structure {
  readonly functions: FunctionSite[] = [];
  readonly loops: Array<LoopSite & { fn: FunctionSite }> = [];
  /** Token ranges (open, close) of `continuing { ... }` blocks. */
  readonly continuingBlocks: Array<[number, number]> = [];
  /** Literal `@group(g) @binding(b)` pairs of module-scope variables. */
  readonly bindings: BindingSlot[] = [];
  private readonly tokens: readonly Token[];
  private readonly partner: Int32Array;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
    this.partner = matchBrackets(tokens);
    this.scanModule();
  }

  /** Closing partner of an opener, or the end of the token list when unbalanced. */
  private close(open: number): number {
    const close = this.partner[open]!;
    return close >= 0 ? close : this.tokens.length;
  }

  /** First `{` at or after `from` and before `limit`; -1 if none. */
  private nextBrace(from: number, limit: number): number {
    for (let i = from; i < limit; i++) if (isSymbol(this.tokens[i], '{')) return i;
    return -1;
  }

  /** Skips an attribute starting at `@`; returns the index after it and its name and literal argument. */
  private readAttribute(at: number): { next: number; name: string; value: number | null } {
    const name = this.tokens[at + 1]?.text ?? '';
    if (!isSymbol(this.tokens[at + 2], '(')) return { next: at + 2, name, value: null };
    const close = this.close(at + 2);
    const argument = close === at + 4 ? this.tokens[at + 3] : undefined;
    const literal = argument?.kind === 'number' ? /^(?:0[xX][0-9a-fA-F]+|[0-9]+)[iu]?$/.exec(argument.text) : null;
    const value = literal ? Number.parseInt(argument!.text.replace(/[iu]$/, '')) : null;
    return { next: close + 1, name, value };
  }

  private scanModule(): void {
    const tokens = this.tokens;
    let attributes: Array<{ name: string; value: number | null }> = [];
    let i = 0;
    while (i < tokens.length) {
      const token = tokens[i]!;
      if (isSymbol(token, '@')) {
        const attribute = this.readAttribute(i);
        attributes.push(attribute);
        i = attribute.next;
      } else if (isSymbol(token, '{')) {
        i = this.close(i) + 1;
        attributes = [];
      } else if (isSymbol(token, ';')) {
        attributes = [];
        i++;
      } else if (isWord(token, 'fn')) {
        i = this.scanFunction(i, attributes.some((attribute) => attribute.name === 'compute'));
        attributes = [];
      } else {
        if (isWord(token, 'var')) {
          const group = attributes.find((attribute) => attribute.name === 'group')?.value;
          const binding = attributes.find((attribute) => attribute.name === 'binding')?.value;
          if (typeof group === 'number' && typeof binding === 'number') this.bindings.push({ group, binding });
        }
        i++;
      }
    }
  }

  /** Reads `fn name(...) -> T { ... }` starting at `fn`; returns the index after the body. */
  private scanFunction(at: number, isCompute: boolean): number {
    const tokens = this.tokens;
    const name = tokens[at + 1]?.text ?? '?';
    const paramsOpen = isSymbol(tokens[at + 2], '(') ? at + 2 : -1;
    const afterParams = paramsOpen >= 0 ? this.close(paramsOpen) + 1 : at + 2;
    const bodyOpen = this.nextBrace(afterParams, tokens.length);
    if (bodyOpen < 0) return tokens.length;
    let returnType: string | null = null;
    if (isSymbol(tokens[afterParams], '->')) {
      const typeTokens: string[] = [];
      let i = afterParams + 1;
      while (i < bodyOpen) {
        if (isSymbol(tokens[i], '@')) {
          i = this.readAttribute(i).next;
        } else {
          typeTokens.push(tokens[i]!.text);
          i++;
        }
      }
      returnType = typeTokens.join('');
    }
    const fn: FunctionSite = { name, isCompute, returnType, bodyOpen, bodyClose: this.close(bodyOpen) };
    this.functions.push(fn);
    for (let i = bodyOpen + 1; i < fn.bodyClose; i++) {
      const token = tokens[i]!;
      if (isWord(token, 'for', 'while', 'loop')) {
        const loopOpen = this.nextBrace(i + 1, fn.bodyClose);
        if (loopOpen >= 0) {
          this.loops.push({ kind: token.text as LoopKind, keyword: i, bodyOpen: loopOpen, bodyClose: this.close(loopOpen), fn });
        }
      } else if (isWord(token, 'continuing')) {
        const open = this.nextBrace(i + 1, fn.bodyClose);
        if (open >= 0) this.continuingBlocks.push([open, this.close(open)]);
      }
    }
    return fn.bodyClose + 1;
  }

  /**
   * Whether control can leave the loop normally (WGSL behaviour "Next"): a
   * `while`, a `for` with a condition, or any loop with a `break` (or `break if`)
   * of its own, i.e. not inside a nested loop or switch.
   */
  canEndNormally(loop: LoopSite): boolean {
    const tokens = this.tokens;
    if (loop.kind === 'while') return true;
    if (loop.kind === 'for' && isSymbol(tokens[loop.keyword + 1], '(')) {
      const headerClose = this.close(loop.keyword + 1);
      const semicolons: number[] = [];
      let depth = 0;
      for (let i = loop.keyword + 2; i < headerClose; i++) {
        const text = tokens[i]!.text;
        if (text === '(' || text === '[') depth++;
        else if (text === ')' || text === ']') depth--;
        else if (text === ';' && depth === 0) semicolons.push(i);
      }
      const [first, second] = semicolons;
      if (first !== undefined && second !== undefined && second > first + 1) return true;
    }
    for (let i = loop.bodyOpen + 1; i < loop.bodyClose; i++) {
      const token = tokens[i]!;
      if (isWord(token, 'for', 'while', 'loop', 'switch')) {
        const open = this.nextBrace(i + 1, loop.bodyClose);
        if (open < 0) break;
        i = this.close(open);
      } else if (isWord(token, 'break')) {
        return true;
      }
    }
    return false;
  }

  isInsideAnotherLoop(loop: LoopSite): boolean {
    return this.loops.some((other) => other.bodyOpen < loop.keyword && loop.keyword < other.bodyClose);
  }

  isInContinuing(loop: LoopSite): boolean {
    return this.continuingBlocks.some(([open, close]) => open < loop.keyword && loop.keyword < close);
  }
}

// ---------------------------------------------------------------------------
// Instrumentation

function choosePrefix(tokens: readonly Token[]): string {
  for (let n = 0; ; n++) {
    const prefix = n === 0 ? '_lg_' : `_lg${n}_`;
    if (!tokens.some((token) => token.kind === 'word' && token.text.startsWith(prefix))) return prefix;
  }
}

function chooseErrorBinding(used: readonly BindingSlot[], requested: BindingSlot | undefined): BindingSlot {
  if (requested) {
    const valid = [requested.group, requested.binding].every((n) => Number.isSafeInteger(n) && n >= 0);
    if (!valid) {
      throw new RangeError(
        `instrumentLoops: errorBinding {group: ${requested.group}, binding: ${requested.binding}} must be non-negative integers`,
      );
    }
    if (used.some((slot) => slot.group === requested.group && slot.binding === requested.binding)) {
      throw new Error(
        `instrumentLoops: the kernel already declares @group(${requested.group}) @binding(${requested.binding}); ` +
          'pass a free slot as errorBinding, or omit it to use the next free binding of group 0',
      );
    }
    return { group: requested.group, binding: requested.binding };
  }
  const groupZero = used.filter((slot) => slot.group === 0).map((slot) => slot.binding);
  return { group: 0, binding: groupZero.length > 0 ? Math.max(...groupZero) + 1 : 0 };
}

/**
 * Instruments every loop of a WGSL module with an iteration guard (see the
 * module comment). Works on any text: on code that does not parse it still
 * returns a result, and the compiler reports the learner's error.
 */
export function instrumentLoops(source: string, options: LoopGuardOptions = {}): LoopGuardResult {
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1 || maxIterations > 2 ** 31) {
    throw new RangeError(`instrumentLoops: maxIterations must be an integer in [1, 2^31], got ${maxIterations}`);
  }
  const { tokens } = tokenizeWgsl(source);
  const structure = new Structure(tokens);
  const prefix = choosePrefix(tokens);
  const errorBinding = chooseErrorBinding(structure.bindings, options.errorBinding);
  const starts = lineStarts(source);
  const limit = `${maxIterations}u`;
  const statusName = `${prefix}status`;
  const tripName = `${prefix}trip`;

  const pending: Array<{ offset: number; text: string; loopIndex?: number }> = [];
  const insert = (offset: number, text: string, loopIndex?: number): void => {
    pending.push({ offset, text, ...(loopIndex === undefined ? {} : { loopIndex }) });
  };

  const loops: GuardedLoop[] = structure.loops.map((loop, index) => {
    const counter = `${prefix}c${index}`;
    const endsNormally = structure.canEndNormally(loop);
    const exit =
      endsNormally || structure.isInContinuing(loop)
        ? 'break;'
        : loop.fn.returnType
          ? `return ${loop.fn.returnType}();`
          : 'return;';
    insert(
      tokens[loop.bodyOpen]!.end,
      ` ${counter} += 1u; if (${counter} > ${limit}) { ${tripName}(${index}u, ${counter}); ${exit} }`,
      index,
    );
    if (exit === 'break;' && structure.isInsideAnotherLoop(loop) && loop.bodyClose < tokens.length) {
      insert(tokens[loop.bodyClose]!.end, ` ${counter} = select(0u, ${counter}, ${counter} > ${limit});`, index);
    }
    const { line, column } = positionOf(starts, tokens[loop.keyword]!.start);
    return { index, kind: loop.kind, line, column, functionName: loop.fn.name };
  });

  for (const fn of structure.functions) {
    const declarations = structure.loops
      .map((loop, index) => (loop.fn === fn ? ` var ${prefix}c${index}: u32 = 0u;` : ''))
      .join('');
    const reference = fn.isCompute ? ` _ = &${statusName};` : '';
    if (declarations || reference) insert(tokens[fn.bodyOpen]!.end, reference + declarations);
  }

  // Every insertion follows a different brace token, so offsets are distinct.
  pending.sort((a, b) => a.offset - b.offset);
  let code = '';
  let copied = 0;
  const insertions: Insertion[] = [];
  for (const { offset, text, loopIndex } of pending) {
    code += source.slice(copied, offset) + text;
    copied = offset;
    insertions.push({ offset, ...positionOf(starts, offset), length: text.length, ...(loopIndex === undefined ? {} : { loopIndex }) });
  }
  code += source.slice(copied);
  code +=
    `\n@group(${errorBinding.group}) @binding(${errorBinding.binding}) var<storage, read_write> ${statusName}: array<atomic<u32>>;` +
    `\nfn ${tripName}(loop_index: u32, count: u32) {` +
    `\n  if (count == ${maxIterations + 1}u) {` +
    `\n    atomicAdd(&${statusName}[0], 1u);` +
    `\n    atomicAdd(&${statusName}[loop_index + 1u], 1u);` +
    `\n  }` +
    `\n}\n`;

  return {
    code,
    errorBinding,
    statusWords: 1 + loops.length,
    maxIterations,
    loops,
    lineMap: { originalLength: source.length, originalLineCount: starts.length, insertions },
    prefix,
  };
}

// ---------------------------------------------------------------------------
// Mapping back and decoding

/**
 * Maps a 1-based line and column of the instrumented code to the learner's
 * source. Returns null for positions inside inserted text or in the appended
 * lines.
 */
export function toOriginalPosition(
  lineMap: LineMap,
  line: number,
  column: number,
): { line: number; column: number } | null {
  if (line < 1 || line > lineMap.originalLineCount) return null;
  let shift = 0;
  for (const insertion of lineMap.insertions) {
    if (insertion.line !== line) continue;
    const startInCode = insertion.column + shift;
    if (column < startInCode) break;
    if (column < startInCode + insertion.length) return null;
    shift += insertion.length;
  }
  return { line, column: column - shift };
}

/** Where an offset of the instrumented code comes from. */
type CodeOrigin =
  | { from: 'learner'; offset: number }
  | { from: 'insertion'; insertion: Insertion }
  | { from: 'appended' };

function locateOffset(lineMap: LineMap, offset: number): CodeOrigin {
  let shift = 0;
  for (const insertion of lineMap.insertions) {
    const startInCode = insertion.offset + shift;
    if (offset < startInCode) break;
    if (offset < startInCode + insertion.length) return { from: 'insertion', insertion };
    shift += insertion.length;
  }
  const original = offset - shift;
  return original <= lineMap.originalLength ? { from: 'learner', offset: original } : { from: 'appended' };
}

/** Maps a 0-based offset in the instrumented code to the learner's source; null inside inserted text. */
export function toOriginalOffset(lineMap: LineMap, offset: number): number | null {
  const origin = locateOffset(lineMap, offset);
  return origin.from === 'learner' ? origin.offset : null;
}

/** The fields of a GPUCompilationMessage this module needs. */
export interface CompilationMessageLike {
  message: string;
  type: string;
  lineNum: number;
  linePos: number;
  offset: number;
  length: number;
}

/** A compiler message placed in the learner's source. */
export interface MappedMessage {
  message: string;
  type: string;
  /** 1-based; for messages about inserted code, the position of the loop (or the start of the source); 0 when the compiler gave no position. */
  line: number;
  column: number;
  /** 0-based offset and length in the learner's source (length 0 when the span was inserted code). */
  offset: number;
  length: number;
  /** True when the compiler pointed at code the guard inserted, not at the learner's. */
  inInstrumentation: boolean;
}

/**
 * Places a compiler message in the learner's source. A message about inserted
 * code (rare: e.g. the learner declared a binding in the guard's slot) is
 * pinned to the loop it guards, or to line 1, and flagged.
 */
export function mapCompilationMessage(result: LoopGuardResult, message: CompilationMessageLike): MappedMessage {
  const { lineMap } = result;
  const { message: text, type } = message;
  // Messages without a place (e.g. a missing entry point) come with line 0: pass them through.
  if (message.lineNum === 0) return { message: text, type, line: 0, column: 0, offset: 0, length: 0, inInstrumentation: false };
  const start = locateOffset(lineMap, message.offset);
  const position = toOriginalPosition(lineMap, message.lineNum, message.linePos);
  if (start.from === 'learner' && position) {
    // The end of a span may fall just inside an insertion that follows it; clamp to the learner's text.
    const end = toOriginalOffset(lineMap, message.offset + message.length) ?? start.offset;
    return { message: text, type, ...position, offset: start.offset, length: Math.max(0, end - start.offset), inInstrumentation: false };
  }
  if (start.from === 'insertion') {
    const loop = start.insertion.loopIndex === undefined ? undefined : result.loops[start.insertion.loopIndex];
    const { line, column } = loop ?? start.insertion;
    return { message: text, type, line, column, offset: start.insertion.offset, length: 0, inInstrumentation: true };
  }
  return { message: text, type, line: 1, column: 1, offset: 0, length: 0, inInstrumentation: true };
}

/** A decoded status buffer. */
export interface LoopGuardStatus {
  tripped: boolean;
  /** Trips over all loops (invocations × calls that hit a limit). */
  totalTrips: number;
  /** Loops that hit the limit, with how many times. */
  trippedLoops: Array<GuardedLoop & { trips: number }>;
  /** A sentence for the learner, or null when no loop tripped. */
  message: string | null;
}

/** Decodes the status buffer read back after a dispatch. */
export function readLoopGuardStatus(words: ArrayLike<number>, result: LoopGuardResult): LoopGuardStatus {
  if (words.length < result.statusWords) {
    throw new RangeError(
      `readLoopGuardStatus: got ${words.length} status words, need ${result.statusWords} (1 + ${result.loops.length} loops); ` +
        'read back the whole status buffer',
    );
  }
  const totalTrips = words[0]!;
  const trippedLoops = result.loops
    .map((loop) => ({ ...loop, trips: words[loop.index + 1]! }))
    .filter((loop) => loop.trips > 0);
  if (totalTrips === 0) return { tripped: false, totalTrips, trippedLoops, message: null };
  const limit = result.maxIterations.toLocaleString('en-US');
  const described = trippedLoops.map((loop) => {
    const times = loop.trips === 1 ? 'once' : `${loop.trips.toLocaleString('en-US')} times`;
    return `the \`${loop.kind}\` loop at line ${loop.line}, column ${loop.column} (in ${loop.functionName}, stopped ${times})`;
  });
  return {
    tripped: true,
    totalTrips,
    trippedLoops,
    message:
      `Stopped ${described.join(' and ')} after ${limit} iterations: it looks endless. ` +
      'Check that its condition becomes false and that the loop variable changes on every path, including `continue`.',
  };
}
