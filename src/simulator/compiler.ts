/**
 * Compiles a parsed WGSL module, once, into JS closures that run one
 * invocation of a compute entry point.
 *
 * - Expressions are typed at compile time (WGSL's rules: abstract numerics,
 *   vector/matrix shapes, address spaces) and become `(inv) => value` closures;
 *   constant subexpressions fold.
 * - Memory references become (memory, word offset) closures with bounds checks:
 *   an out-of-bounds index is reported (with the invocation and the index) and
 *   the access is dropped (writes) or reads 0, instead of WebGPU's silent clamp.
 * - Statements return a control signal (normal/break/continue/return). Code
 *   that can reach a barrier compiles to generator functions instead, which
 *   yield a BarrierRequest so the scheduler can interleave the invocations of
 *   a workgroup phase by phase; everything else stays a plain closure.
 * - Calls that reach a barrier (user functions containing barriers, and
 *   workgroupUniformLoad) are evaluated before the rest of their statement,
 *   into temporary slots. That is exact unless such a call sits under `&&`,
 *   `||` or select() next to side effects, which WGSL's uniformity rules make
 *   practically impossible anyway.
 * - Variables get static slots: no recursion exists in WGSL, so each function's
 *   `let`s and `var`s have fixed places in the invocation's slot array and
 *   local memory.
 */
import {
  Assign,
  BinaryOperator,
  BitcastExpr,
  Break,
  Call,
  CallExpr,
  Case,
  Const,
  ConstExpr,
  Continue,
  Continuing,
  CreateExpr,
  Default,
  DefaultSelector,
  Discard,
  Enable,
  For,
  Function as FunctionDecl,
  If,
  Increment,
  Let,
  LiteralExpr,
  Loop,
  Override,
  PointerType as AstPointerType,
  Return,
  SamplerType,
  StaticAssert,
  StringExpr,
  Struct,
  Switch,
  TemplateType,
  TypecastExpr,
  UnaryOperator,
  Var,
  VariableExpr,
  While,
  Alias,
  ArrayIndex,
  ArrayType as AstArrayType,
  Requires,
  Diagnostic,
  Node as AstNodeClass,
} from 'wgsl_reflect/wgsl_reflect.module.js';
import type { Expression, Node as AstNode, Statement, Type as AstType } from 'wgsl_reflect/wgsl_reflect.module.js';
import { compileBitcast, compileBuiltin, isUnsupportedBuiltin, type BuiltinContext } from './builtins.ts';
import {
  CompileError,
  commonScalar,
  constant,
  convertConstant,
  isConst,
  tryConvert,
  type CExpr,
  type CRef,
  type CompileErrorKind,
  type Eval,
} from './compile-common.ts';
import { Invocation, Memory, Observer, type Site } from './memory.ts';
import { compareOp, complement, convertScalar, fitsInteger, negate, scalarBinaryOp } from './numeric.ts';
import type { ParsedModule } from './parse.ts';
import type { InvocationIds, SimError, TypedArray, Vec3 } from './types.ts';
import { makeReader, makeWriter, PointerValue, zeroValue, type Value } from './values.ts';
import {
  ABSTRACT_FLOAT,
  ABSTRACT_INT,
  BOOL,
  F32,
  I32,
  U32,
  VOID,
  alignOf,
  arrayType,
  columnStride,
  concretize,
  containsAtomic,
  isConstructible,
  isIntegerScalar,
  leafOffsets,
  matType,
  ptrType,
  roundUp,
  runtimeArrayOf,
  scalarOf,
  scalarType,
  sizeOf,
  strideOf,
  structType,
  typeName,
  typesEqual,
  vecType,
  withScalar,
  type AccessMode,
  type AddressSpace,
  type ScalarKind,
  type StructType,
  type WType,
} from './wgsl-types.ts';

export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;

export interface BarrierRequest {
  site: Site;
  name: 'workgroupBarrier' | 'storageBarrier' | 'workgroupUniformLoad';
  workgroupMemory: boolean;
  storageMemory: boolean;
}

type SyncStmt = (inv: Invocation) => number;
type Gen<T> = Generator<BarrierRequest, T, undefined>;
type GenStmt = (inv: Invocation) => Gen<number>;
interface CStmt {
  sync?: SyncStmt;
  gen?: GenStmt;
  /** Set on a bare barrier statement: the scheduler request to yield (lets sequences yield it inline). */
  barrier?: BarrierRequest;
  /** Set on an async sequence: its flattened statements (lets loops run them without a nested generator). */
  parts?: CStmt[];
}

/** Thrown to stop the whole simulation (limits); carries the error to report. */
export class Halt extends Error {
  readonly error: SimError;
  constructor(error: SimError) {
    super(error.message);
    this.name = 'Halt';
    this.error = error;
  }
}

export interface RunState {
  steps: number;
  maxSteps: number;
  maxLoopIterations: number;
}

type Binding =
  | { kind: 'value'; name: string; type: WType; value: Value }
  | { kind: 'let'; name: string; type: WType; slot: number }
  | { kind: 'var'; name: string; type: WType; space: AddressSpace; access: AccessMode; mem: Memory | null; offset: number };

class Scope {
  private readonly names = new Map<string, Binding>();
  readonly parent: Scope | null;
  constructor(parent: Scope | null) {
    this.parent = parent;
  }
  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const b = s.names.get(name);
      if (b) return b;
    }
    return undefined;
  }
  declare(binding: Binding): void {
    this.names.set(binding.name, binding);
  }
}

interface CompiledFunction {
  decl: FunctionDecl;
  async: boolean;
  params: { name: string; type: WType; slot: number }[];
  returnType: WType;
  body: CStmt | null;
}

type Operand = { ref: CRef; expr?: undefined } | { expr: CExpr; ref?: undefined };

export interface StorageVariable {
  name: string;
  group: number;
  binding: number;
  space: 'storage' | 'uniform';
  access: AccessMode;
  type: WType;
  memory: Memory;
  input: TypedArray;
}

export interface EntryParam {
  slot: number;
  /** Builds the parameter's value from the invocation's built-in ids. */
  make: (inv: Invocation, numWorkgroups: Vec3) => Value;
}

export interface CompiledKernel {
  entryName: string;
  workgroupSize: Vec3;
  async: boolean;
  body: CStmt;
  entryParams: EntryParam[];
  privateInits: ((inv: Invocation) => void)[];
  localWords: number;
  letSlots: number;
  storage: StorageVariable[];
  workgroupMemories: Memory[];
  /** Names of functions that (transitively) reach a barrier. */
  barrierFunctions: Set<string>;
}

export interface CompileInput {
  module: ParsedModule;
  entryPoint?: string;
  overrides: Record<string, number>;
  bindings: { group: number; binding: number; data: TypedArray }[];
  observer: Observer;
  run: RunState;
  idsOf: (invocation: number) => InvocationIds;
}

const BARRIER_BUILTINS = new Set(['workgroupBarrier', 'storageBarrier', 'workgroupUniformLoad']);
const OTHER_WGSL_BUILTINS = new Set([
  'position',
  'vertex_index',
  'instance_index',
  'front_facing',
  'frag_depth',
  'sample_index',
  'sample_mask',
  'clip_distances',
  'subgroup_invocation_id',
  'subgroup_size',
  'subgroup_id',
  'num_subgroups',
  'primitive_index',
]);
const MAX_WORKGROUP_STORAGE_BYTES = 16384;
const MAX_LOCAL_WORDS_PER_INVOCATION = 1 << 16;

const SWIZZLE_INDEX: Record<string, number> = { x: 0, y: 1, z: 2, w: 3, r: 0, g: 1, b: 2, a: 3 };

export class KernelCompiler {
  private readonly module: ParsedModule;
  private readonly input: CompileInput;
  private readonly observer: Observer;
  private readonly run: RunState;
  private readonly moduleDecls = new Map<string, AstNode>();
  private readonly moduleBindings = new Map<string, Binding>();
  private readonly inProgress = new Set<string>();
  private readonly structs = new Map<Struct, StructType>();
  private readonly functions = new Map<string, CompiledFunction>();
  private readonly storage: StorageVariable[] = [];
  private readonly workgroupMemories: Memory[] = [];
  private readonly privateInits: ((inv: Invocation) => void)[] = [];
  private readonly hoisted = new Map<AstNode, { slot: number; type: WType }>();
  private barrierFunctions = new Set<string>();
  private localWords = 0;
  private letSlots = 0;
  private currentFunction: CompiledFunction | null = null;
  /** The statement being compiled: fallback position for nodes without a span. */
  private currentStatement: AstNode | null = null;

  constructor(input: CompileInput) {
    this.input = input;
    this.module = input.module;
    this.observer = input.observer;
    this.run = input.run;
  }

  // ---------------------------------------------------------------- errors & positions

  private where(node: AstNode | null | undefined): { line: number; column: number } {
    if (node && node.start >= 0) return this.module.source.position(node.start);
    const stmt = this.currentStatement;
    if (node && stmt && stmt.start >= 0 && stmt.line === node.line) return this.module.source.position(stmt.start);
    if (node && node.line > 0) return { line: node.line, column: 0 };
    if (stmt && stmt.start >= 0) return this.module.source.position(stmt.start);
    return { line: 0, column: 0 };
  }

  private fail(node: AstNode | null | undefined, kind: CompileErrorKind, message: string, feature?: string): never {
    const { line, column } = this.where(node);
    throw new CompileError(kind, message, line, column, feature);
  }

  private text(node: AstNode): string {
    return this.module.source.snippet(node) || (node instanceof VariableExpr || node instanceof ConstExpr ? node.name : '');
  }

  private site(node: AstNode): Site {
    const { line, column } = this.where(node);
    return this.observer.site(line, column, this.text(node) || this.text(this.currentStatement ?? node));
  }

  private newSlot(): number {
    return this.letSlots++;
  }

  private allocLocal(type: WType, node: AstNode): number {
    const offset = roundUp(this.localWords, alignOf(type));
    this.localWords = offset + sizeOf(type);
    if (this.localWords > MAX_LOCAL_WORDS_PER_INVOCATION) {
      this.fail(node, 'unsupported', `Function and private variables need ${this.localWords * 4} bytes per invocation; the simulator allows ${MAX_LOCAL_WORDS_PER_INVOCATION * 4}. Use smaller arrays.`, 'large private arrays');
    }
    return offset;
  }

  // ---------------------------------------------------------------- module

  compile(): CompiledKernel {
    const computeEntries: FunctionDecl[] = [];
    for (const decl of this.module.statements) {
      this.currentStatement = decl;
      if (decl instanceof Enable) {
        this.fail(decl, 'unsupported', `\`enable ${decl.name};\`: the simulator supports core WGSL only.`, `enable ${decl.name}`);
      }
      if (decl instanceof Requires || decl instanceof Diagnostic || decl instanceof StaticAssert) continue;
      const name = (decl as { name?: unknown }).name;
      if (typeof name !== 'string') continue;
      if (decl instanceof Let) this.fail(decl, 'validation', `\`let ${name}\` is not allowed at module scope; use \`const\`.`);
      if (this.moduleDecls.has(name)) this.fail(decl, 'validation', `\`${name}\` is declared twice at module scope.`);
      this.moduleDecls.set(name, decl);
      if (decl instanceof FunctionDecl && decl.attributes?.some((a) => a.name === 'compute')) computeEntries.push(decl);
    }
    for (const decl of this.module.statements) {
      if (decl instanceof StaticAssert) {
        this.currentStatement = decl;
        const cond = this.compileExpr(decl.expression, new Scope(null));
        if (cond.cv === undefined) this.fail(decl, 'validation', 'const_assert needs a constant expression.');
        if (cond.cv !== true) this.fail(decl, 'validation', 'const_assert failed: the asserted expression is false.');
      }
    }

    let entry: FunctionDecl | undefined;
    if (this.input.entryPoint) {
      entry = computeEntries.find((f) => f.name === this.input.entryPoint);
      if (!entry) {
        const names = computeEntries.map((f) => f.name).join(', ') || 'none';
        this.fail(null, 'validation', `No @compute function named '${this.input.entryPoint}' (compute entry points in this code: ${names}).`);
      }
    } else {
      if (computeEntries.length === 0) this.fail(null, 'validation', 'The code has no @compute function. Add one, e.g. `@compute @workgroup_size(64) fn main(...)`.');
      if (computeEntries.length > 1) {
        this.fail(computeEntries[1], 'validation', `The code has several @compute functions (${computeEntries.map((f) => f.name).join(', ')}); say which one to run with entryPoint.`);
      }
      entry = computeEntries[0];
    }
    if (!entry) throw new Error('unreachable: entry point');
    this.currentStatement = entry;

    this.barrierFunctions = this.findBarrierFunctions(entry);
    const workgroupSize = this.workgroupSize(entry);
    const compiled = this.compileFunction(entry.name, entry);
    if (!compiled.body) throw new Error('unreachable: entry body');
    if (compiled.returnType.kind !== 'void') this.fail(entry, 'validation', 'A @compute entry point cannot return a value.');
    const entryParams = this.entryParams(entry, compiled);
    return {
      entryName: entry.name,
      workgroupSize,
      async: compiled.async,
      body: compiled.body,
      entryParams,
      privateInits: this.privateInits,
      localWords: Math.max(1, this.localWords),
      letSlots: this.letSlots,
      storage: this.storage,
      workgroupMemories: this.workgroupMemories,
      barrierFunctions: this.barrierFunctions,
    };
  }

  /** Functions that reach a barrier, directly or through calls; rejects recursion. */
  private findBarrierFunctions(entry: FunctionDecl): Set<string> {
    const calls = new Map<string, Set<string>>();
    const direct = new Set<string>();
    const visit = (fn: FunctionDecl): void => {
      if (calls.has(fn.name)) return;
      const callees = new Set<string>();
      calls.set(fn.name, callees);
      walk(fn.body, (node) => {
        const name = node instanceof CallExpr || node instanceof Call ? node.name : null;
        if (!name) return;
        if (BARRIER_BUILTINS.has(name)) direct.add(fn.name);
        const decl = this.moduleDecls.get(name);
        if (decl instanceof FunctionDecl) {
          callees.add(name);
          visit(decl);
        }
      });
    };
    visit(entry);
    // Recursion is a WGSL error; it would also break the static slot allocation.
    const state = new Map<string, 'active' | 'done'>();
    const dfs = (name: string, path: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'active') {
        this.fail(this.moduleDecls.get(name), 'validation', `Recursion is not allowed in WGSL: ${[...path, name].join(' -> ')}.`);
      }
      state.set(name, 'active');
      for (const callee of calls.get(name) ?? []) dfs(callee, [...path, name]);
      state.set(name, 'done');
    };
    dfs(entry.name, []);
    const result = new Set(direct);
    let changed = true;
    while (changed) {
      changed = false;
      for (const [fn, callees] of calls) {
        if (result.has(fn)) continue;
        for (const c of callees) {
          if (result.has(c)) {
            result.add(fn);
            changed = true;
            break;
          }
        }
      }
    }
    return result;
  }

  private workgroupSize(entry: FunctionDecl): Vec3 {
    const attr = entry.attributes?.find((a) => a.name === 'workgroup_size');
    if (!attr || attr.value === null) this.fail(entry, 'validation', `The @compute function '${entry.name}' needs @workgroup_size(x[, y[, z]]).`);
    const parts = Array.isArray(attr.value) ? attr.value : [attr.value];
    if (parts.length < 1 || parts.length > 3) this.fail(attr, 'validation', '@workgroup_size takes 1 to 3 values.');
    const size: Vec3 = [1, 1, 1];
    const exprs = this.module.attributeArgs.get(attr);
    parts.forEach((text, i) => {
      const expr = exprs?.[i];
      const value = expr ? this.constantInteger(expr, `@workgroup_size argument '${text}'`) : this.attributeValue(text, attr);
      if (!Number.isInteger(value) || value < 1) this.fail(attr, 'validation', `@workgroup_size values must be positive integers; '${text}' is ${value}.`);
      size[i] = value;
    });
    const [x, y, z] = size;
    if (x > 256 || y > 256 || z > 64 || x * y * z > 256) {
      this.fail(attr, 'validation', `@workgroup_size(${size.join(', ')}) exceeds WebGPU's default limits (x, y <= 256, z <= 64, x*y*z <= 256 invocations).`);
    }
    return size;
  }

  private constantInteger(expr: Expression, what: string): number {
    const value = this.compileExpr(expr, new Scope(null));
    if (typeof value.cv !== 'number') this.fail(expr, 'validation', `${what} must be a constant integer (literals, const and override values).`);
    return value.cv;
  }

  /** An attribute argument: an integer literal or the name of a const/override. */
  private attributeValue(text: string, attr: AstNode): number {
    const literal = /^(0[xX][0-9a-fA-F]+|[0-9]+)[iu]?$/.exec(text.trim());
    if (literal) return Number.parseInt(literal[1] ?? '', literal[1]?.startsWith('0x') || literal[1]?.startsWith('0X') ? 16 : 10);
    const binding = this.resolveModule(text.trim(), attr);
    if (!binding || binding.kind !== 'value') this.fail(attr, 'validation', `'${text}' in an attribute must be an integer literal or a const/override name.`);
    return Number(binding.value);
  }

  private entryParams(entry: FunctionDecl, compiled: CompiledFunction): EntryParam[] {
    const builtinValue = (name: string, node: AstNode): ((inv: Invocation, nwg: Vec3) => Value) => {
      switch (name) {
        case 'global_invocation_id':
          return (inv) => inv.globalId;
        case 'local_invocation_id':
          return (inv) => inv.localId;
        case 'workgroup_id':
          return (inv) => inv.workgroupId;
        case 'local_invocation_index':
          return (inv) => inv.localIndex;
        case 'num_workgroups':
          return (_inv, nwg) => nwg;
        default: {
          const supported = 'global_invocation_id, local_invocation_id, local_invocation_index, workgroup_id, num_workgroups';
          if (OTHER_WGSL_BUILTINS.has(name)) {
            return this.fail(node, 'unsupported', `@builtin(${name}) is not available to compute kernels in the simulator (it supports ${supported}).`, `@builtin(${name})`);
          }
          return this.fail(node, 'validation', `@builtin(${name}) is not a WGSL built-in value; compute shaders can use ${supported}.`);
        }
      }
    };
    const expectType = (name: string, type: WType, node: AstNode): void => {
      const wanted = name === 'local_invocation_index' ? U32 : vecType(3, 'u32');
      if (!typesEqual(type, wanted)) this.fail(node, 'validation', `@builtin(${name}) must have type ${typeName(wanted)}, not ${typeName(type)}.`);
    };
    return entry.args.map((arg, i) => {
      const param = compiled.params[i];
      if (!param) throw new Error('unreachable: param');
      const builtin = arg.attributes?.find((a) => a.name === 'builtin');
      if (builtin && typeof builtin.value === 'string') {
        expectType(builtin.value, param.type, arg);
        return { slot: param.slot, make: builtinValue(builtin.value, arg) };
      }
      if (param.type.kind === 'struct' && arg.type instanceof Struct) {
        const members = arg.type.members.map((m) => {
          const b = m.attributes?.find((a) => a.name === 'builtin');
          if (!b || typeof b.value !== 'string') this.fail(m, 'validation', `Entry point input struct member '${m.name}' needs a @builtin(...) attribute.`);
          const memberType = (param.type as StructType).members.find((x) => x.name === m.name)?.type ?? U32;
          expectType(b.value, memberType, m);
          return builtinValue(b.value, m);
        });
        return { slot: param.slot, make: (inv: Invocation, nwg: Vec3) => members.map((f) => f(inv, nwg)) };
      }
      return this.fail(arg, 'validation', `Entry point parameter '${arg.name}' needs a @builtin(...) attribute, e.g. @builtin(global_invocation_id).`);
    });
  }

  private resolveModule(name: string, node: AstNode): Binding | undefined {
    const existing = this.moduleBindings.get(name);
    if (existing) return existing;
    const decl = this.moduleDecls.get(name);
    if (!decl) return undefined;
    if (decl instanceof FunctionDecl || decl instanceof Struct || decl instanceof Alias) return undefined;
    if (this.inProgress.has(name)) this.fail(node, 'validation', `'${name}' is defined in terms of itself.`);
    this.inProgress.add(name);
    const savedStatement = this.currentStatement;
    const savedFunction = this.currentFunction;
    this.currentStatement = decl;
    this.currentFunction = null;
    try {
      const binding = this.compileModuleDecl(name, decl);
      this.moduleBindings.set(name, binding);
      return binding;
    } finally {
      this.inProgress.delete(name);
      this.currentStatement = savedStatement;
      this.currentFunction = savedFunction;
    }
  }

  private compileModuleDecl(name: string, decl: AstNode): Binding {
    const scope = new Scope(null);
    if (decl instanceof Const) {
      const value = this.compileExpr(decl.value, scope);
      if (value.cv === undefined) this.fail(decl, 'validation', `const ${name} needs a constant initializer (literals, other consts, and operators on them).`);
      const typed = decl.type ? this.convertTo(value, this.resolveType(decl.type), decl, `const ${name}`) : value;
      return { kind: 'value', name, type: typed.type, value: typed.cv as Value };
    }
    if (decl instanceof Override) {
      const declared = decl.type ? this.resolveType(decl.type) : null;
      const provided = this.input.overrides[name];
      let expr: CExpr;
      if (provided !== undefined) {
        const type = declared ?? F32;
        const s = scalarOf(type);
        if (type.kind !== 'scalar' || s === null) this.fail(decl, 'validation', `override ${name} must be a scalar.`);
        expr = constant(type, convertScalar(provided, 'abstract-float', s));
      } else if (decl.value) {
        expr = this.compileExpr(decl.value, scope);
        if (expr.cv === undefined) this.fail(decl, 'validation', `override ${name} needs a constant initializer.`);
        expr = declared ? this.convertTo(expr, declared, decl, `override ${name}`) : this.concretizeExpr(expr, decl);
      } else {
        return this.fail(decl, 'validation', `override ${name} has no default value; pass one in \`overrides: { ${name}: ... }\`.`);
      }
      return { kind: 'value', name, type: expr.type, value: expr.cv as Value };
    }
    if (decl instanceof Var) return this.compileModuleVar(name, decl);
    return this.fail(decl, 'validation', `'${name}' cannot be used as a value.`);
  }

  private compileModuleVar(name: string, decl: Var): Binding {
    if (!decl.type) this.fail(decl, 'validation', `var ${name} needs a type.`);
    const type = this.resolveType(decl.type);
    const space = (decl.storage || 'private') as string;
    if (decl.type instanceof SamplerType) this.fail(decl, 'unsupported', 'Textures and samplers are not supported by the simulator.', 'textures');
    switch (space) {
      case 'storage':
      case 'uniform': {
        const access: AccessMode = space === 'uniform' ? 'read' : ((decl.access || 'read') as AccessMode);
        const group = Number(decl.attributes?.find((a) => a.name === 'group')?.value);
        const bindingNo = Number(decl.attributes?.find((a) => a.name === 'binding')?.value);
        if (!Number.isInteger(group) || !Number.isInteger(bindingNo)) {
          this.fail(decl, 'validation', `var<${space}> ${name} needs @group(n) @binding(m) attributes.`);
        }
        if (space === 'uniform') this.checkUniformLayout(type, decl, name);
        if (access === 'write') this.fail(decl, 'validation', `var<storage, write> is not valid WGSL; use read or read_write.`);
        const bound = this.input.bindings.find((b) => b.group === group && b.binding === bindingNo);
        if (!bound) {
          this.fail(decl, 'validation', `No buffer is bound to @group(${group}) @binding(${bindingNo}) for \`${name}\`. Add { group: ${group}, binding: ${bindingNo}, data } to bindings.`);
        }
        const runtime = runtimeArrayOf(type);
        const fixedWords = runtime ? runtime.offset : sizeOf(type);
        const dataWords = Math.ceil(bound.data.byteLength / 4);
        if (dataWords < fixedWords || (runtime && dataWords < fixedWords + strideOf(runtime.array.elem))) {
          const need = (fixedWords + (runtime ? strideOf(runtime.array.elem) : 0)) * 4;
          this.fail(decl, 'validation', `The buffer bound to \`${name}\` has ${bound.data.byteLength} bytes, but its type ${typeName(type)} needs at least ${need}.`);
        }
        const words = runtime ? dataWords : fixedWords;
        const memory = new Memory(name, space, words, access === 'read_write', new Uint8Array(bound.data.buffer, bound.data.byteOffset, bound.data.byteLength).slice().buffer);
        if (runtime) memory.runtimeCount = Math.floor((words - runtime.offset) / strideOf(runtime.array.elem));
        if (type.kind === 'array') memory.indexStride = strideOf(type.elem);
        this.storage.push({ name, group, binding: bindingNo, space, access, type, memory, input: bound.data });
        return { kind: 'var', name, type, space, access, mem: memory, offset: 0 };
      }
      case 'workgroup': {
        if (runtimeArrayOf(type)) this.fail(decl, 'validation', `var<workgroup> ${name} needs a fixed size (array<T, N>).`);
        const words = sizeOf(type);
        const total = this.workgroupMemories.reduce((sum, m) => sum + m.words, 0) + words;
        if (total * 4 > MAX_WORKGROUP_STORAGE_BYTES) {
          this.fail(decl, 'validation', `Workgroup variables use ${total * 4} bytes; WebGPU's default limit is ${MAX_WORKGROUP_STORAGE_BYTES} bytes per workgroup.`);
        }
        const memory = new Memory(name, 'workgroup', words, true);
        if (type.kind === 'array') memory.indexStride = strideOf(type.elem);
        memory.wgslType = type;
        this.workgroupMemories.push(memory);
        if (decl.value) this.fail(decl, 'validation', `var<workgroup> ${name} cannot have an initializer (workgroup memory starts at zero).`);
        return { kind: 'var', name, type, space: 'workgroup', access: 'read_write', mem: memory, offset: 0 };
      }
      case 'private': {
        if (!isConstructible(type)) this.fail(decl, 'validation', `var<private> ${name} must have a fixed-size type.`);
        const offset = this.allocLocal(type, decl);
        const write = makeWriter(type);
        let init: Value = zeroValue(type);
        if (decl.value) {
          const value = this.convertTo(this.compileExpr(decl.value, new Scope(null)), type, decl, `var<private> ${name}`);
          if (value.cv === undefined) this.fail(decl, 'validation', `The initializer of var<private> ${name} must be constant.`);
          init = value.cv;
        }
        const initial = init;
        this.privateInits.push((inv) => write(inv.local, offset, initial));
        return { kind: 'var', name, type, space: 'private', access: 'read_write', mem: null, offset };
      }
      case 'function':
        return this.fail(decl, 'validation', `var<function> is only allowed inside functions.`);
      default:
        return this.fail(decl, 'unsupported', `Address space '${space}' is not supported by the simulator.`, `address space ${space}`);
    }
  }

  private checkUniformLayout(type: WType, node: AstNode, name: string): void {
    const visit = (t: WType): void => {
      if (t.kind === 'array') {
        if ((strideOf(t.elem) * 4) % 16 !== 0) {
          this.fail(node, 'validation', `In var<uniform> ${name}, ${typeName(t)} has a ${strideOf(t.elem) * 4}-byte element stride; uniform arrays need a multiple of 16 (use vec4 elements, or a storage buffer).`);
        }
        visit(t.elem);
      } else if (t.kind === 'struct') t.members.forEach((m) => visit(m.type));
      else if (t.kind === 'atomic') this.fail(node, 'validation', `var<uniform> ${name} cannot contain atomics.`);
    };
    visit(type);
  }

  // ---------------------------------------------------------------- types

  private resolveType(t: AstType): WType {
    if (t instanceof AstArrayType) {
      if (!t.format) this.fail(t, 'validation', 'array needs an element type here: array<T, N>.');
      const elem = this.resolveType(t.format);
      const countExpr = this.module.arrayCounts.has(t) ? this.module.arrayCounts.get(t) ?? null : null;
      if (!countExpr) return arrayType(elem, null);
      const count = this.compileExpr(countExpr, new Scope(null));
      if (count.cv === undefined || typeof count.cv !== 'number' || !Number.isInteger(count.cv) || count.cv < 1) {
        this.fail(countExpr, 'validation', `An array size must be a positive constant integer (a literal, const or override); \`${this.text(countExpr)}\` is not.`);
      }
      return arrayType(elem, count.cv);
    }
    if (t instanceof Struct) return this.resolveStruct(t);
    if (t instanceof AstPointerType) {
      if (!t.type) this.fail(t, 'validation', 'ptr needs a store type.');
      const space = t.storage as AddressSpace;
      const access = (t.access || (space === 'storage' || space === 'uniform' ? 'read' : 'read_write')) as AccessMode;
      return ptrType(space, this.resolveType(t.type), access);
    }
    if (t instanceof SamplerType) this.fail(t, 'unsupported', `${t.name}: textures and samplers are not supported by the simulator.`, 'textures');
    if (t instanceof TemplateType) {
      const format = t.format ? this.resolveType(t.format) : null;
      const vec = /^vec([234])$/.exec(t.name);
      const fs = format ? scalarOf(format) : null;
      if (vec) {
        if (!format || format.kind !== 'scalar' || fs === null) this.fail(t, 'validation', `${t.name} needs a scalar component type, e.g. ${t.name}<f32>.`);
        return vecType(Number(vec[1]) as 2 | 3 | 4, fs);
      }
      const mat = /^mat([234])x([234])$/.exec(t.name);
      if (mat) {
        if (fs !== 'f32') this.fail(t, 'validation', `${t.name} needs f32 components (mat${mat[1]}x${mat[2]}<f32>).`);
        return matType(Number(mat[1]) as 2 | 3 | 4, Number(mat[2]) as 2 | 3 | 4);
      }
      if (t.name === 'atomic') {
        if (fs !== 'i32' && fs !== 'u32') this.fail(t, 'validation', 'atomic<T> needs T = i32 or u32.');
        return { kind: 'atomic', scalar: fs };
      }
      return this.fail(t, 'unsupported', `The type ${t.name} is not supported by the simulator.`, t.name);
    }
    return this.namedType(t.name, t);
  }

  private namedType(name: string, node: AstNode): WType {
    switch (name) {
      case 'f32':
        return F32;
      case 'i32':
        return I32;
      case 'u32':
        return U32;
      case 'bool':
        return BOOL;
      case 'f16':
        return this.fail(node, 'unsupported', 'f16 is not supported by the simulator; use f32.', 'f16');
    }
    const short = /^vec([234])([fiuh])$/.exec(name);
    if (short) {
      if (short[2] === 'h') this.fail(node, 'unsupported', 'f16 vectors are not supported by the simulator; use f32.', 'f16');
      const s = ({ f: 'f32', i: 'i32', u: 'u32' } as const)[short[2] as 'f' | 'i' | 'u'];
      return vecType(Number(short[1]) as 2 | 3 | 4, s);
    }
    const mat = /^mat([234])x([234])([fh])$/.exec(name);
    if (mat) {
      if (mat[3] === 'h') this.fail(node, 'unsupported', 'f16 matrices are not supported by the simulator.', 'f16');
      return matType(Number(mat[1]) as 2 | 3 | 4, Number(mat[2]) as 2 | 3 | 4);
    }
    const decl = this.moduleDecls.get(name);
    if (decl instanceof Struct) return this.resolveStruct(decl);
    if (decl instanceof Alias) return this.resolveType(decl.type);
    return this.fail(node, 'validation', `Unknown type '${name}'.`);
  }

  private resolveStruct(s: Struct): StructType {
    const cached = this.structs.get(s);
    if (cached) return cached;
    const members = s.members.map((m) => {
      if (!m.type) this.fail(m, 'validation', `Struct member ${s.name}.${m.name} needs a type.`);
      const align = m.attributes?.find((a) => a.name === 'align')?.value;
      const size = m.attributes?.find((a) => a.name === 'size')?.value;
      const entry: { name: string; type: WType; alignBytes?: number; sizeBytes?: number } = { name: m.name, type: this.resolveType(m.type) };
      const alignAttr = m.attributes?.find((a) => a.name === 'align');
      const sizeAttr = m.attributes?.find((a) => a.name === 'size');
      const alignExpr = alignAttr ? this.module.attributeArgs.get(alignAttr)?.[0] : undefined;
      const sizeExpr = sizeAttr ? this.module.attributeArgs.get(sizeAttr)?.[0] : undefined;
      if (typeof align === 'string') entry.alignBytes = alignExpr ? this.constantInteger(alignExpr, '@align') : this.attributeValue(align, m);
      if (typeof size === 'string') entry.sizeBytes = sizeExpr ? this.constantInteger(sizeExpr, '@size') : this.attributeValue(size, m);
      return entry;
    });
    const type = structType(s.name, members);
    this.structs.set(s, type);
    return type;
  }

  // ---------------------------------------------------------------- conversions

  private convertTo(e: CExpr, to: WType, node: AstNode, what: string): CExpr {
    if (typesEqual(e.type, to)) return e;
    const converted = tryConvert(e, to);
    if (typeof converted === 'string') this.fail(node, 'validation', `${what}: ${converted}.`);
    if (converted) return converted;
    return this.fail(node, 'validation', `${what} expects ${typeName(to)}, but the value is ${typeName(e.type)}${this.conversionHint(e.type, to)}.`);
  }

  private conversionHint(from: WType, to: WType): string {
    const fs = scalarOf(from);
    const ts = scalarOf(to);
    if (fs && ts && fs !== ts && ts !== 'bool' && fs !== 'bool') return `; convert explicitly, e.g. ${typeName(to)}(…)`;
    return '';
  }

  private concretizeExpr(e: CExpr, node: AstNode): CExpr {
    const target = concretize(e.type);
    if (target === e.type) return e;
    return this.convertTo(e, target, node, 'value');
  }

  // ---------------------------------------------------------------- functions

  private compileFunction(name: string, decl: FunctionDecl): CompiledFunction {
    const existing = this.functions.get(name);
    if (existing) return existing;
    const scope = new Scope(null);
    const params = decl.args.map((arg) => {
      const type = this.resolveType(arg.type);
      const slot = this.newSlot();
      scope.declare({ kind: 'let', name: arg.name, type, slot });
      return { name: arg.name, type, slot };
    });
    const returnType = decl.returnType ? this.resolveType(decl.returnType) : VOID;
    const fn: CompiledFunction = { decl, async: this.barrierFunctions.has(name), params, returnType, body: null };
    this.functions.set(name, fn);
    const savedFunction = this.currentFunction;
    const savedStatement = this.currentStatement;
    this.currentFunction = fn;
    try {
      fn.body = this.compileBlock(decl.body, scope);
    } finally {
      this.currentFunction = savedFunction;
      this.currentStatement = savedStatement;
    }
    if (fn.async && !fn.body.gen) fn.body = toGen(fn.body);
    return fn;
  }

  // ---------------------------------------------------------------- statements

  private compileBlock(stmts: readonly (Statement | Statement[])[], parent: Scope, loopBody = false): CStmt {
    const scope = new Scope(parent);
    const parts: CStmt[] = [];
    for (const s of stmts) {
      if (Array.isArray(s)) parts.push(this.compileBlock(s, scope));
      else if (s instanceof Continuing) {
        // The parser keeps `continuing` in the loop body too; the loop compiles it separately.
        if (!loopBody) this.fail(s, 'validation', 'A `continuing` block is only allowed as the last part of a `loop { ... }`.');
      } else {
        const c = this.compileStatement(s, scope);
        if (c) parts.push(c);
      }
    }
    return this.sequence(parts);
  }

  private sequence(parts: CStmt[]): CStmt {
    const run = this.run;
    const stepLimit = (): never => this.stepLimit();
    if (parts.every((p) => p.sync)) {
      const fns = parts.map((p) => p.sync as SyncStmt);
      const n = fns.length;
      if (n === 0) return { sync: () => NORMAL };
      if (n === 1) {
        const only = fns[0] as SyncStmt;
        return {
          sync: (inv) => {
            if (++run.steps > run.maxSteps) stepLimit();
            return only(inv);
          },
        };
      }
      return {
        sync: (inv) => {
          if ((run.steps += n) > run.maxSteps) stepLimit();
          for (let i = 0; i < n; i++) {
            const signal = (fns[i] as SyncStmt)(inv);
            if (signal !== NORMAL) return signal;
          }
          return NORMAL;
        },
      };
    }
    // Blocks only scope names at compile time, so nested async blocks flatten into one list.
    const flat: CStmt[] = [];
    for (const p of parts) {
      if (p.parts) flat.push(...p.parts);
      else flat.push(p);
    }
    const n = flat.length;
    return {
      parts: flat,
      gen: function* (inv) {
        if ((run.steps += n) > run.maxSteps) stepLimit();
        for (let i = 0; i < n; i++) {
          const part = flat[i] as CStmt;
          let signal: number;
          if (part.sync) signal = part.sync(inv);
          else if (part.barrier) {
            yield part.barrier;
            signal = NORMAL;
          } else signal = yield* (part.gen as GenStmt)(inv);
          if (signal !== NORMAL) return signal;
        }
        return NORMAL;
      },
    };
  }

  private stepLimit(): never {
    throw new Halt({
      kind: 'step-limit',
      message: `The dispatch ran more than ${this.run.maxSteps.toLocaleString('en-US')} steps and was stopped. Check for loops that run far longer than intended, or raise limits.maxSteps.`,
      line: 0,
      column: 0,
    });
  }

  private compileStatement(s: Statement, scope: Scope): CStmt | null {
    const saved = this.currentStatement;
    this.currentStatement = s;
    try {
      return this.compileStatementInner(s, scope);
    } finally {
      this.currentStatement = saved;
    }
  }

  private compileStatementInner(s: Statement, scope: Scope): CStmt | null {
    if (s instanceof Var) return this.withHoists([s.value], scope, () => this.varStatement(s, scope));
    if (s instanceof Let) return this.withHoists([s.value], scope, () => this.letStatement(s, scope));
    if (s instanceof Const) {
      const value = this.compileExpr(s.value, scope);
      if (value.cv === undefined) this.fail(s, 'validation', `const ${s.name} needs a constant initializer; use let for runtime values.`);
      const typed = s.type ? this.convertTo(value, this.resolveType(s.type), s, `const ${s.name}`) : value;
      scope.declare({ kind: 'value', name: s.name, type: typed.type, value: typed.cv as Value });
      return null;
    }
    if (s instanceof Assign) return this.withHoists([s.variable, s.value], scope, () => this.assignStatement(s, scope));
    if (s instanceof Increment) return this.withHoists([s.variable], scope, () => this.incrementStatement(s, scope));
    if (s instanceof Call) return this.callStatement(s, scope);
    if (s instanceof If) return this.ifStatement(s.condition, s.body, s.elseif ?? [], s.else, scope, s);
    if (s instanceof Switch) return this.switchStatement(s, scope);
    if (s instanceof For) return this.forStatement(s, scope);
    if (s instanceof While) return this.loopStatement(s, scope, null, s.condition, s.body, null, null);
    if (s instanceof Loop) return this.loopStatement(s, scope, null, null, s.body, s.continuing, null);
    if (s instanceof Break) {
      if (s.condition) {
        const cond = this.condition(s.condition, scope, 'break if');
        return { sync: (inv) => (cond.ev(inv) ? BREAK : NORMAL) };
      }
      return { sync: () => BREAK };
    }
    if (s instanceof Continue) return { sync: () => CONTINUE };
    if (s instanceof Return) return this.withHoists([s.value], scope, () => this.returnStatement(s, scope));
    if (s instanceof Discard) this.fail(s, 'validation', '`discard` is only allowed in fragment shaders.');
    if (s instanceof StaticAssert) {
      const cond = this.compileExpr(s.expression, scope);
      if (cond.cv !== true) this.fail(s, 'validation', 'const_assert failed (or is not a constant expression).');
      return null;
    }
    return this.fail(s, 'unsupported', `This kind of statement (${s.constructor.name}) is not supported by the simulator.`, 'statement');
  }

  private varStatement(s: Var, scope: Scope): SyncStmt {
    const space = s.storage || 'function';
    if (space !== 'function') this.fail(s, 'validation', `var<${space}> is only allowed at module scope; inside a function use plain \`var\`.`);
    let type: WType;
    let init: CExpr | null = null;
    if (s.value) init = this.compileExpr(s.value, scope);
    if (s.type) {
      type = this.resolveType(s.type);
      if (init) init = this.convertTo(init, type, s, `var ${s.name}`);
    } else if (init) {
      init = this.concretizeExpr(init, s);
      type = init.type;
    } else {
      return this.fail(s, 'validation', `var ${s.name} needs a type or an initializer.`);
    }
    if (!isConstructible(type)) this.fail(s, 'validation', `var ${s.name}: ${typeName(type)} cannot be a function variable.`);
    const offset = this.allocLocal(type, s);
    scope.declare({ kind: 'var', name: s.name, type, space: 'function', access: 'read_write', mem: null, offset });
    const write = makeWriter(type);
    if (init) {
      const ev = init.ev;
      if (type.kind === 'scalar' && (type.scalar === 'f32' || type.scalar === 'i32' || type.scalar === 'u32')) {
        const view = type.scalar;
        return (inv) => {
          inv.local[view][offset] = ev(inv) as number;
          return NORMAL;
        };
      }
      return (inv) => {
        write(inv.local, offset, ev(inv));
        return NORMAL;
      };
    }
    const zero = zeroValue(type);
    return (inv) => {
      write(inv.local, offset, zero);
      return NORMAL;
    };
  }

  private letStatement(s: Let, scope: Scope): SyncStmt {
    if (!s.value) this.fail(s, 'validation', `let ${s.name} needs an initializer.`);
    let value = this.compileExpr(s.value, scope);
    value = s.type ? this.convertTo(value, this.resolveType(s.type), s, `let ${s.name}`) : this.concretizeExpr(value, s);
    if (value.type.kind === 'void') this.fail(s, 'validation', `let ${s.name}: the function called does not return a value.`);
    const slot = this.newSlot();
    scope.declare({ kind: 'let', name: s.name, type: value.type, slot });
    const ev = value.ev;
    return (inv) => {
      inv.lets[slot] = ev(inv);
      return NORMAL;
    };
  }

  private returnStatement(s: Return, scope: Scope): SyncStmt {
    const fn = this.currentFunction;
    const returnType = fn?.returnType ?? VOID;
    const hasValue = !(s.value instanceof CreateExpr && s.value.type === null && s.value.args === null);
    if (!hasValue) {
      if (returnType.kind !== 'void') this.fail(s, 'validation', `This function must return a ${typeName(returnType)}.`);
      return () => RETURN;
    }
    if (returnType.kind === 'void') this.fail(s, 'validation', 'This function has no return type, so `return` cannot have a value.');
    const value = this.convertTo(this.compileExpr(s.value, scope), returnType, s, 'return');
    const ev = value.ev;
    return (inv) => {
      inv.retval = ev(inv);
      return RETURN;
    };
  }

  private assignStatement(s: Assign, scope: Scope): SyncStmt {
    if (s.variable instanceof VariableExpr && s.variable.name === '_' && !s.variable.postfix) {
      if (s.operator !== '=') this.fail(s, 'validation', 'Only `_ = e` is allowed with the phony `_`.');
      const ev = this.compileExpr(s.value, scope).ev;
      return (inv) => {
        ev(inv);
        return NORMAL;
      };
    }
    const target = this.compileOperand(s.variable, scope, 'write');
    if (!target.ref) return this.fail(s.variable, 'validation', `Cannot assign to \`${this.text(s.variable)}\`: it is not a variable (let bindings and values are immutable).`);
    const ref = target.ref;
    this.checkWritable(ref, s.variable);
    const site = this.site(s.variable);
    if (s.operator === '=') {
      const value = this.convertTo(this.compileExpr(s.value, scope), ref.type, s, `Assignment to ${ref.text}`);
      return this.storeStatement(ref, value.ev, site);
    }
    const op = s.operator.slice(0, -1);
    return this.compoundAssign(ref, op, this.compileExpr(s.value, scope), site, s);
  }

  private incrementStatement(s: Increment, scope: Scope): SyncStmt {
    const target = this.compileOperand(s.variable, scope, 'write');
    if (!target.ref) return this.fail(s, 'validation', `Cannot apply ${s.operator} to \`${this.text(s.variable)}\`: it is not a variable.`);
    this.checkWritable(target.ref, s.variable);
    const s0 = scalarOf(target.ref.type);
    if (target.ref.type.kind !== 'scalar' || (s0 !== 'i32' && s0 !== 'u32')) {
      this.fail(s, 'validation', `${s.operator} needs an i32 or u32 variable, not ${typeName(target.ref.type)}.`);
    }
    return this.compoundAssign(target.ref, s.operator === '++' ? '+' : '-', constant(ABSTRACT_INT, 1), this.site(s.variable), s);
  }

  private checkWritable(ref: CRef, node: AstNode): void {
    if (ref.access === 'read') {
      const hint = ref.space === 'uniform' ? 'uniform buffers are read-only' : 'declare it var<storage, read_write>';
      this.fail(node, 'validation', `Cannot write to \`${ref.text}\`: it is read-only (${hint}).`);
    }
    if (containsAtomic(ref.type)) this.fail(node, 'validation', `\`${ref.text}\` is atomic: write it with atomicStore() or atomicAdd(), not \`=\`.`);
  }

  private storeStatement(ref: CRef, value: Eval, site: Site): SyncStmt {
    const storeAt = this.storeAt(ref, site);
    const off = ref.off;
    const mem = ref.mem;
    if (ref.staticMem === null && ref.space === 'function' && ref.type.kind === 'scalar' && ref.type.scalar !== 'bool' && ref.constOffset !== undefined) {
      const view = ref.type.scalar as 'f32' | 'i32' | 'u32';
      const k = ref.constOffset;
      return (inv) => {
        inv.local[view][k] = value(inv) as number;
        return NORMAL;
      };
    }
    return (inv) => {
      const o = off(inv);
      const v = value(inv);
      if (o >= 0) storeAt(inv, mem(inv), o, v);
      return NORMAL;
    };
  }

  private compoundAssign(ref: CRef, op: string, rhs: CExpr, site: Site, node: AstNode): SyncStmt {
    const slot = this.newSlot();
    const current: CExpr = { type: ref.type, ev: (inv) => inv.lets[slot] as Value };
    const combined = this.convertTo(this.binary(op, current, rhs, node), ref.type, node, `${ref.text} ${op}=`);
    const loadAt = this.loadAt(ref, site);
    const storeAt = this.storeAt(ref, site);
    const off = ref.off;
    const mem = ref.mem;
    const ev = combined.ev;
    return (inv) => {
      const o = off(inv);
      if (o < 0) {
        rhs.ev(inv);
        return NORMAL;
      }
      const m = mem(inv);
      inv.lets[slot] = loadAt(inv, m, o);
      storeAt(inv, m, o, ev(inv));
      return NORMAL;
    };
  }

  private callStatement(s: Call, scope: Scope): CStmt {
    if (s.name === 'workgroupBarrier' || s.name === 'storageBarrier') {
      if (s.args.length !== 0) this.fail(s, 'validation', `${s.name}() takes no arguments.`);
      const request: BarrierRequest = {
        site: this.site(s),
        name: s.name,
        workgroupMemory: s.name === 'workgroupBarrier',
        storageMemory: s.name === 'storageBarrier',
      };
      return {
        barrier: request,
        gen: function* () {
          yield request;
          return NORMAL;
        },
      };
    }
    const asExpr = new CallExpr(s.name, s.args);
    asExpr.line = s.line;
    asExpr.start = s.start;
    asExpr.end = s.end;
    const stmt = this.withHoists([asExpr], scope, () => {
      const ev = this.compileExpr(asExpr, scope, true).ev;
      return (inv) => {
        ev(inv);
        return NORMAL;
      };
    });
    return stmt;
  }

  private condition(node: Expression, scope: Scope, what: string): CExpr {
    const cond = this.compileExpr(node, scope);
    if (cond.type.kind !== 'scalar' || cond.type.scalar !== 'bool') {
      this.fail(node, 'validation', `The ${what} condition must be a bool, but \`${this.text(node)}\` is ${typeName(cond.type)}${isIntegerScalar(scalarOf(cond.type) ?? 'bool') ? ' (compare it, e.g. `x != 0u`)' : ''}.`);
    }
    return cond;
  }

  private ifStatement(
    conditionNode: Expression,
    body: readonly Statement[],
    elseifs: readonly { condition: Expression; body: Statement[] }[],
    elseBody: readonly Statement[] | null,
    scope: Scope,
    node: AstNode,
  ): CStmt {
    const [first, ...rest] = elseifs;
    const hoisted = this.hoistedCondition(conditionNode, scope, 'if');
    const thenPart = this.compileBlock(body, scope);
    const elsePart: CStmt | null = first
      ? this.ifStatement(first.condition, first.body, rest, elseBody, scope, node)
      : elseBody
        ? this.compileBlock(elseBody, scope)
        : null;
    const cond = hoisted.cond.ev;
    if (!hoisted.pre && thenPart.sync && (!elsePart || elsePart.sync)) {
      const t = thenPart.sync;
      const e = elsePart?.sync ?? null;
      if (e) return { sync: (inv) => (cond(inv) ? t(inv) : e(inv)) };
      return { sync: (inv) => (cond(inv) ? t(inv) : NORMAL) };
    }
    const pre = hoisted.pre;
    const thenGen = toGen(thenPart).gen as GenStmt;
    const elseGen = elsePart ? (toGen(elsePart).gen as GenStmt) : null;
    return {
      gen: function* (inv) {
        if (pre) yield* pre(inv);
        if (cond(inv)) return yield* thenGen(inv);
        return elseGen ? yield* elseGen(inv) : NORMAL;
      },
    };
  }

  private switchStatement(s: Switch, scope: Scope): CStmt {
    const hoisted = this.hoistedCondition(s.condition, scope, 'switch', false);
    const selectorExprs: { expr: CExpr; node: Expression; caseIndex: number }[] = [];
    let defaultIndex = -1;
    const bodies: CStmt[] = [];
    s.cases.forEach((c, caseIndex) => {
      if (c instanceof Default) defaultIndex = caseIndex;
      else if (c instanceof Case) {
        for (const sel of c.selectors) {
          if (sel instanceof DefaultSelector) defaultIndex = caseIndex;
          else selectorExprs.push({ expr: this.compileExpr(sel, scope), node: sel, caseIndex });
        }
      }
      bodies.push(this.compileBlock(c.body, scope));
    });
    if (defaultIndex < 0) this.fail(s, 'validation', 'A switch needs a `default` case.');
    const common = commonScalar([hoisted.cond, ...selectorExprs.map((x) => x.expr)]);
    if (common !== 'i32' && common !== 'u32' && common !== 'abstract-int') {
      this.fail(s, 'validation', `switch needs an i32 or u32 selector and case values of the same type; got ${typeName(hoisted.cond.type)}.`);
    }
    const target = common === 'abstract-int' ? I32 : scalarType(common);
    const selector = this.convertTo(hoisted.cond, target, s.condition, 'switch selector').ev;
    const table = new Map<number, number>();
    for (const sel of selectorExprs) {
      const v = this.convertTo(sel.expr, target, sel.node, 'case value');
      if (v.cv === undefined) this.fail(sel.node, 'validation', 'case values must be constant.');
      if (table.has(v.cv as number)) this.fail(sel.node, 'validation', `The case value ${String(v.cv)} appears twice.`);
      table.set(v.cv as number, sel.caseIndex);
    }
    const fallback = defaultIndex;
    const consume = (signal: number): number => (signal === BREAK ? NORMAL : signal);
    if (!hoisted.pre && bodies.every((b) => b.sync)) {
      const fns = bodies.map((b) => b.sync as SyncStmt);
      return { sync: (inv) => consume((fns[table.get(selector(inv) as number) ?? fallback] as SyncStmt)(inv)) };
    }
    const pre = hoisted.pre;
    const gens = bodies.map((b) => toGen(b).gen as GenStmt);
    return {
      gen: function* (inv) {
        if (pre) yield* pre(inv);
        const body = gens[table.get(selector(inv) as number) ?? fallback] as GenStmt;
        return consume(yield* body(inv));
      },
    };
  }

  private forStatement(s: For, parent: Scope): CStmt {
    const scope = new Scope(parent);
    const init = s.init ? this.compileStatement(s.init, scope) : null;
    return this.loopStatement(s, scope, init, s.condition, s.body, null, s.increment);
  }

  private loopStatement(
    node: AstNode,
    scope: Scope,
    init: CStmt | null,
    conditionNode: Expression | null,
    bodyNodes: readonly Statement[],
    continuingNode: Continuing | null,
    incrementNode: Statement | null,
  ): CStmt {
    const site = this.site(node);
    const cond = conditionNode ? this.hoistedCondition(conditionNode, scope, 'loop') : null;
    const bodyScope = new Scope(scope);
    const body = this.compileBlock(bodyNodes, bodyScope, continuingNode !== null);
    // The continuing block sees the loop body's declarations.
    const continuing = continuingNode ? this.compileBlock(continuingNode.body, bodyScope) : null;
    const increment = incrementNode ? this.compileStatement(incrementNode, scope) : null;
    const run = this.run;
    const tooMany = (inv: Invocation, iterations: number): never => this.loopLimit(inv, site, iterations);
    const allSync = !cond?.pre && (!init || init.sync) && body.sync && (!continuing || continuing.sync) && (!increment || increment.sync);
    if (allSync) {
      const initFn = init?.sync ?? null;
      const condFn = cond?.cond.ev ?? null;
      const bodyFn = body.sync as SyncStmt;
      const contFn = continuing?.sync ?? null;
      const incFn = increment?.sync ?? null;
      return {
        sync: (inv) => {
          if (initFn) initFn(inv);
          let iterations = 0;
          for (;;) {
            if (condFn && !condFn(inv)) break;
            if (++iterations > run.maxLoopIterations) tooMany(inv, iterations);
            run.steps++;
            const signal = bodyFn(inv);
            if (signal === BREAK) break;
            if (signal === RETURN) return RETURN;
            if (contFn) {
              const c = contFn(inv);
              if (c === BREAK) break;
              if (c === RETURN) return RETURN;
            }
            if (incFn) incFn(inv);
          }
          return NORMAL;
        },
      };
    }
    const initGen = init ? (toGen(init).gen as GenStmt) : null;
    const pre = cond?.pre ?? null;
    const condFn = cond?.cond.ev ?? null;
    const bodyGen = toGen(body).gen as GenStmt;
    const bodyParts = body.parts ?? null;
    const stepLimit = (): never => this.stepLimit();
    const contGen = continuing ? (toGen(continuing).gen as GenStmt) : null;
    const incGen = increment ? (toGen(increment).gen as GenStmt) : null;
    return {
      gen: function* (inv) {
        if (initGen) yield* initGen(inv);
        let iterations = 0;
        for (;;) {
          if (pre) yield* pre(inv);
          if (condFn && !condFn(inv)) break;
          if (++iterations > run.maxLoopIterations) tooMany(inv, iterations);
          run.steps++;
          let signal: number = NORMAL;
          if (bodyParts) {
            // The body's statements run inline: no generator object per iteration.
            if ((run.steps += bodyParts.length) > run.maxSteps) stepLimit();
            for (let i = 0; i < bodyParts.length; i++) {
              const part = bodyParts[i] as CStmt;
              if (part.sync) signal = part.sync(inv);
              else if (part.barrier) {
                yield part.barrier;
                signal = NORMAL;
              } else signal = yield* (part.gen as GenStmt)(inv);
              if (signal !== NORMAL) break;
            }
          } else signal = yield* bodyGen(inv);
          if (signal === BREAK) break;
          if (signal === RETURN) return RETURN;
          if (contGen) {
            const c = yield* contGen(inv);
            if (c === BREAK) break;
            if (c === RETURN) return RETURN;
          }
          if (incGen) yield* incGen(inv);
        }
        return NORMAL;
      },
    };
  }

  private loopLimit(inv: Invocation, site: Site, iterations: number): never {
    const ids = this.input.idsOf(inv.index);
    throw new Halt({
      kind: 'loop-limit',
      message:
        `The loop at line ${site.line} ran more than ${this.run.maxLoopIterations.toLocaleString('en-US')} iterations in invocation ` +
        `global id (${ids.globalId.join(', ')}) and was stopped: it probably never ends. Check that its condition becomes false ` +
        '(or that it reaches `break`), e.g. that the loop variable is updated.',
      line: site.line,
      column: site.column,
      invocationIds: ids,
      iterations: iterations - 1,
    });
  }

  // ---------------------------------------------------------------- barrier-reaching calls

  /** Compiles `exprs` after evaluating any barrier-reaching calls inside them into slots. */
  private withHoists(exprs: readonly (Expression | null | undefined)[], scope: Scope, build: () => SyncStmt): CStmt {
    const pre = this.hoist(exprs, scope);
    const sync = build();
    if (!pre) return { sync };
    return {
      gen: function* (inv) {
        yield* pre(inv);
        return sync(inv);
      },
    };
  }

  private hoistedCondition(node: Expression, scope: Scope, what: string, mustBeBool = true): { pre: ((inv: Invocation) => Gen<void>) | null; cond: CExpr } {
    const pre = this.hoist([node], scope);
    const cond = mustBeBool ? this.condition(node, scope, what) : this.compileExpr(node, scope);
    return { pre, cond };
  }

  private hoist(exprs: readonly (Expression | null | undefined)[], scope: Scope): ((inv: Invocation) => Gen<void>) | null {
    const calls: CallExpr[] = [];
    for (const e of exprs) {
      if (!e) continue;
      walk([e], (node) => {
        if (node instanceof CallExpr && (node.name === 'workgroupUniformLoad' || this.barrierFunctions.has(node.name)) && !this.hoisted.has(node)) {
          calls.push(node);
        }
      }, true);
    }
    if (calls.length === 0) return null;
    const steps: { slot: number; run: (inv: Invocation) => Gen<Value> }[] = [];
    for (const call of calls) {
      const compiled = this.asyncCall(call, scope);
      const slot = this.newSlot();
      this.hoisted.set(call, { slot, type: compiled.type });
      steps.push({ slot, run: compiled.run });
    }
    return function* (inv) {
      for (const step of steps) inv.lets[step.slot] = yield* step.run(inv);
    };
  }

  private asyncCall(call: CallExpr, scope: Scope): { type: WType; run: (inv: Invocation) => Gen<Value> } {
    const args = call.args ?? [];
    if (call.name === 'workgroupUniformLoad') {
      if (args.length !== 1) this.fail(call, 'validation', 'workgroupUniformLoad(p) takes one pointer argument.');
      const ref = this.pointerRef(args[0] as Expression, scope, 'read');
      if (ref.space !== 'workgroup') this.fail(call, 'validation', `workgroupUniformLoad() needs a pointer to workgroup memory, not ${ref.space}.`);
      if (containsAtomic(ref.type)) this.fail(call, 'validation', 'workgroupUniformLoad() cannot load atomics; use atomicLoad().');
      const load = this.loadRef(ref, call);
      const request: BarrierRequest = { site: this.site(call), name: 'workgroupUniformLoad', workgroupMemory: true, storageMemory: false };
      return {
        type: ref.type,
        run: function* (inv) {
          yield request;
          return load(inv);
        },
      };
    }
    const decl = this.moduleDecls.get(call.name);
    if (!(decl instanceof FunctionDecl)) throw new Error(`unreachable: async call to ${call.name}`);
    const fn = this.compileFunction(call.name, decl);
    const bind = this.bindArguments(fn, args, scope, call);
    const body = fn.body?.gen;
    if (!body) throw new Error(`unreachable: ${call.name} has no generator body`);
    const zero = fn.returnType.kind === 'void' ? 0 : zeroValue(fn.returnType);
    return {
      type: fn.returnType,
      run: function* (inv) {
        bind(inv);
        inv.retval = zero;
        yield* body(inv);
        return inv.retval as Value;
      },
    };
  }

  private bindArguments(fn: CompiledFunction, args: readonly Expression[], scope: Scope, node: AstNode): (inv: Invocation) => void {
    if (args.length !== fn.params.length) {
      this.fail(node, 'validation', `${fn.decl.name}() takes ${fn.params.length} argument${fn.params.length === 1 ? '' : 's'}, got ${args.length}.`);
    }
    const evs = fn.params.map((p, i) => {
      const arg = this.compileExpr(args[i] as Expression, scope);
      if (p.type.kind === 'ptr' && arg.type.kind === 'ptr' && p.type.space !== arg.type.space) {
        this.fail(args[i], 'validation', `Argument ${i + 1} of ${fn.decl.name}() must point to ${p.type.space} memory, not ${arg.type.space}.`);
      }
      if (p.type.kind === 'ptr' && arg.type.kind === 'ptr' && typesEqual(p.type.elem, arg.type.elem)) return arg.ev;
      return this.convertTo(arg, p.type, args[i] as Expression, `Argument ${i + 1} of ${fn.decl.name}()`).ev;
    });
    const slots = fn.params.map((p) => p.slot);
    const run = this.run;
    const stepLimit = (): never => this.stepLimit();
    const n = evs.length;
    return (inv) => {
      if (++run.steps > run.maxSteps) stepLimit();
      if (n === 1) {
        inv.lets[slots[0] as number] = (evs[0] as Eval)(inv);
        return;
      }
      const values = new Array<Value>(n);
      for (let i = 0; i < n; i++) values[i] = (evs[i] as Eval)(inv);
      for (let i = 0; i < n; i++) inv.lets[slots[i] as number] = values[i];
    };
  }

  // ---------------------------------------------------------------- expressions

  compileExpr(node: Expression, scope: Scope, allowVoid = false): CExpr {
    const operand = this.compileOperand(node, scope, 'read');
    const expr = operand.ref ? { type: operand.ref.type, ev: this.loadRef(operand.ref, node) } : operand.expr;
    if (expr.type.kind === 'void' && !allowVoid) this.fail(node, 'validation', `\`${this.text(node)}\` does not produce a value.`);
    return expr;
  }

  private compileOperand(node: Expression, scope: Scope, access: 'read' | 'write'): Operand {
    let current = this.compileBase(node, scope, access);
    for (let p = node.postfix; p; p = p.postfix) current = this.applyPostfix(current, p, node, scope, access);
    return current;
  }

  private compileBase(node: Expression, scope: Scope, access: 'read' | 'write'): Operand {
    if (node instanceof LiteralExpr) return { expr: this.literal(node) };
    if (node instanceof VariableExpr || node instanceof ConstExpr) return this.identifier(node.name, node, scope);
    if (node instanceof BinaryOperator) {
      const left = this.compileExpr(node.left, scope);
      if (node.operator === '&&' || node.operator === '||') return { expr: this.logical(node.operator, left, this.compileExpr(node.right, scope), node) };
      return { expr: this.binary(node.operator, left, this.compileExpr(node.right, scope), node) };
    }
    if (node instanceof UnaryOperator) {
      if (node.operator === '*') {
        const pointer = this.compileExpr(node.right, scope);
        if (pointer.type.kind !== 'ptr') this.fail(node, 'validation', `\`*\` needs a pointer, but \`${this.text(node.right)}\` is ${typeName(pointer.type)}.`);
        return { ref: this.derefPointer(pointer, node) };
      }
      if (node.operator === '&') {
        const target = this.compileOperand(node.right, scope, access);
        if (!target.ref) this.fail(node, 'validation', `\`&\` needs a variable (or part of one), but \`${this.text(node.right)}\` is a value.`);
        return { expr: this.addressOf(target.ref) };
      }
      return { expr: this.unary(node.operator, this.compileExpr(node.right, scope), node) };
    }
    if (node instanceof CallExpr) {
      const hoisted = this.hoisted.get(node);
      if (hoisted) {
        const slot = hoisted.slot;
        return { expr: { type: hoisted.type, ev: (inv) => inv.lets[slot] as Value } };
      }
      return { expr: this.call(node.name, node.args ?? [], node, scope) };
    }
    if (node instanceof CreateExpr || node instanceof TypecastExpr) {
      if (!node.type) this.fail(node, 'parse', 'Expected an expression here.');
      return { expr: this.construct(node.type, node.args ?? [], node, scope) };
    }
    if (node instanceof BitcastExpr) {
      if (!node.type) this.fail(node, 'validation', 'bitcast needs a target type: bitcast<u32>(x).');
      const target = this.resolveType(node.type);
      const arg = this.compileExpr(node.value, scope);
      return { expr: compileBitcast(target, arg, (message) => this.fail(node, 'validation', message)) };
    }
    return this.fail(node, 'unsupported', `This kind of expression (${node.constructor.name}) is not supported by the simulator.`, 'expression');
  }

  private identifier(name: string, node: Expression, scope: Scope): Operand {
    const binding = scope.lookup(name) ?? this.resolveModule(name, node);
    if (!binding) {
      if (this.moduleDecls.get(name) instanceof FunctionDecl) this.fail(node, 'validation', `\`${name}\` is a function; call it with ${name}(...).`);
      return this.fail(node, 'validation', `Unknown name '${name}'. Declare it (let, var, const) before using it.`);
    }
    if (binding.kind === 'value') return { expr: constant(binding.type, binding.value) };
    if (binding.kind === 'let') {
      const slot = binding.slot;
      return { expr: { type: binding.type, ev: (inv) => inv.lets[slot] as Value } };
    }
    const { type, space, access, offset } = binding;
    const mem = binding.mem;
    const text = name;
    if (mem) {
      return { ref: { type, space, access, staticMem: mem, mem: () => mem, off: () => offset, constOffset: offset, text } };
    }
    return { ref: { type, space, access, staticMem: null, mem: (inv) => inv.local, off: () => offset, constOffset: offset, text } };
  }

  private derefPointer(pointer: CExpr, node: AstNode): CRef {
    const type = pointer.type;
    if (type.kind !== 'ptr') return this.fail(node, 'validation', 'Expected a pointer.');
    const ev = pointer.ev;
    return {
      type: type.elem,
      space: type.space,
      access: type.access,
      staticMem: null,
      mem: (inv) => (ev(inv) as PointerValue).mem,
      off: (inv) => (ev(inv) as PointerValue).off,
      text: this.text(node) || 'pointer',
    };
  }

  private addressOf(ref: CRef): CExpr {
    const off = ref.off;
    const mem = ref.mem;
    return {
      type: ptrType(ref.space, ref.type, ref.access),
      ev: (inv) => new PointerValue(mem(inv), off(inv)),
    };
  }

  /** A pointer argument of a built-in (`&x` or a pointer value) as a reference. */
  private pointerRef(node: Expression, scope: Scope, access: 'read' | 'write'): CRef {
    if (node instanceof UnaryOperator && node.operator === '&' && !node.postfix) {
      const target = this.compileOperand(node.right, scope, access);
      if (!target.ref) this.fail(node, 'validation', `\`&\` needs a variable, but \`${this.text(node.right)}\` is a value.`);
      return target.ref;
    }
    const pointer = this.compileExpr(node, scope);
    if (pointer.type.kind !== 'ptr') this.fail(node, 'validation', `Expected a pointer (e.g. &${this.text(node) || 'x'}), but got ${typeName(pointer.type)}.`);
    return this.derefPointer(pointer, node);
  }

  private applyPostfix(current: Operand, postfix: Expression, whole: Expression, scope: Scope, access: 'read' | 'write'): Operand {
    // Pointer composite access: p.x / p[i] on a pointer value act on the pointee.
    if (current.expr && current.expr.type.kind === 'ptr') current = { ref: this.derefPointer(current.expr, whole) };
    if (postfix instanceof ArrayIndex) {
      const index = this.compileExpr(postfix.index, scope);
      if (current.ref) return { ref: this.indexRef(current.ref, index, postfix, access) };
      return { expr: this.indexValue(current.expr, index, postfix) };
    }
    if (postfix instanceof StringExpr) {
      const member = postfix.value;
      if (current.ref) {
        const ref = current.ref;
        if (ref.type.kind === 'struct') return { ref: this.memberRef(ref, member, postfix) };
        if (ref.type.kind === 'vec') {
          if (member.length === 1) return { ref: this.componentRef(ref, member, postfix) };
          const loaded: CExpr = { type: ref.type, ev: this.loadRef(ref, postfix) };
          return { expr: this.swizzle(loaded, member, postfix) };
        }
        return this.fail(postfix, 'validation', `\`${ref.text}\` is ${typeName(ref.type)}; it has no member '${member}'.`);
      }
      const value = current.expr;
      if (value.type.kind === 'struct') {
        const t = value.type;
        const index = t.members.findIndex((m) => m.name === member);
        if (index < 0) this.fail(postfix, 'validation', `${t.name} has no member '${member}' (members: ${t.members.map((m) => m.name).join(', ')}).`);
        const ev = value.ev;
        const memberType = t.members[index]?.type ?? VOID;
        if (value.cv !== undefined) return { expr: constant(memberType, (value.cv as Value[])[index] as Value) };
        return { expr: { type: memberType, ev: (inv) => (ev(inv) as Value[])[index] as Value } };
      }
      if (value.type.kind === 'vec') return { expr: this.swizzle(value, member, postfix) };
      return this.fail(postfix, 'validation', `A ${typeName(value.type)} has no member '${member}'.`);
    }
    return this.fail(postfix, 'unsupported', 'Unsupported postfix expression.', 'postfix');
  }

  private swizzleIndices(name: string, n: number, node: AstNode): number[] {
    const rgba = /^[rgba]+$/.test(name);
    const xyzw = /^[xyzw]+$/.test(name);
    if ((!rgba && !xyzw) || name.length > 4) this.fail(node, 'validation', `'.${name}' is not a valid swizzle (use x, y, z, w or r, g, b, a; up to 4 letters).`);
    const indices = [...name].map((c) => SWIZZLE_INDEX[c] ?? 0);
    for (const i of indices) if (i >= n) this.fail(node, 'validation', `'.${name}' reads component ${i} of a ${n}-component vector.`);
    return indices;
  }

  private swizzle(value: CExpr, name: string, node: AstNode): CExpr {
    const t = value.type;
    if (t.kind !== 'vec') return this.fail(node, 'validation', 'Swizzles need a vector.');
    const indices = this.swizzleIndices(name, t.n, node);
    const ev = value.ev;
    if (indices.length === 1) {
      const i = indices[0] as number;
      const type = scalarType(t.scalar);
      if (value.cv !== undefined) return constant(type, (value.cv as Value[])[i] as Value);
      return { type, ev: (inv) => (ev(inv) as Value[])[i] as Value };
    }
    const type = vecType(indices.length as 2 | 3 | 4, t.scalar);
    const pick = (v: Value[]): Value[] => indices.map((i) => v[i] as Value);
    if (value.cv !== undefined) return constant(type, pick(value.cv as Value[]));
    return { type, ev: (inv) => pick(ev(inv) as Value[]) };
  }

  private memberRef(ref: CRef, member: string, node: AstNode): CRef {
    const t = ref.type as StructType;
    const m = t.members.find((x) => x.name === member);
    if (!m) return this.fail(node, 'validation', `${t.name} has no member '${member}' (members: ${t.members.map((x) => x.name).join(', ')}).`);
    const base = ref.off;
    const delta = m.offset;
    const next: CRef = { ...ref, type: m.type, off: (inv) => { const b = base(inv); return b < 0 ? -1 : b + delta; }, text: `${ref.text}.${member}` };
    if (ref.constOffset !== undefined) next.constOffset = ref.constOffset + delta;
    else delete next.constOffset;
    return next;
  }

  private componentRef(ref: CRef, member: string, node: AstNode): CRef {
    const t = ref.type;
    if (t.kind !== 'vec') return this.fail(node, 'validation', 'Components need a vector.');
    const [i] = this.swizzleIndices(member, t.n, node);
    const delta = i ?? 0;
    const base = ref.off;
    const next: CRef = { ...ref, type: scalarType(t.scalar), off: (inv) => { const b = base(inv); return b < 0 ? -1 : b + delta; }, text: `${ref.text}.${member}` };
    if (ref.constOffset !== undefined) next.constOffset = ref.constOffset + delta;
    else delete next.constOffset;
    return next;
  }

  private indexType(index: CExpr, node: AstNode): CExpr {
    const s = scalarOf(index.type);
    if (index.type.kind !== 'scalar' || (s !== 'i32' && s !== 'u32' && s !== 'abstract-int')) {
      this.fail(node, 'validation', `An index must be i32 or u32, but \`${this.text((node as ArrayIndex).index ?? node)}\` is ${typeName(index.type)}${s === 'f32' ? ' (convert with u32(...))' : ''}.`);
    }
    if (s === 'abstract-int') {
      const v = index.cv as number;
      return constant(v < 0 ? I32 : U32, v);
    }
    return index;
  }

  private indexRef(ref: CRef, rawIndex: CExpr, node: ArrayIndex, access: 'read' | 'write'): CRef {
    const index = this.indexType(rawIndex, node);
    const t = ref.type;
    let elem: WType;
    let stride: number;
    let count: number | null;
    if (t.kind === 'array') {
      elem = t.elem;
      stride = strideOf(t.elem);
      count = t.count;
    } else if (t.kind === 'vec') {
      elem = scalarType(t.scalar);
      stride = 1;
      count = t.n;
    } else if (t.kind === 'mat') {
      elem = vecType(t.rows, t.scalar);
      stride = columnStride(t);
      count = t.cols;
    } else {
      return this.fail(node, 'validation', `\`${ref.text}\` is ${typeName(t)}; only arrays, vectors and matrices can be indexed.`);
    }
    const text = ref.text;
    const fullText = `${text}[${this.text(node.index) || '…'}]`;
    if (index.cv !== undefined) {
      const i = index.cv as number;
      if (i < 0 || (count !== null && i >= count)) {
        this.fail(node, 'validation', `Index ${i} is out of bounds for \`${text}\` (${typeName(t)}, valid indices 0..${(count ?? 1) - 1}).`);
      }
      if (count !== null) {
        const base = ref.off;
        const delta = i * stride;
        const next: CRef = { ...ref, type: elem, off: (inv) => { const b = base(inv); return b < 0 ? -1 : b + delta; }, text: fullText };
        if (ref.constOffset !== undefined) next.constOffset = ref.constOffset + delta;
        else delete next.constOffset;
        return next;
      }
    }
    const ev = index.ev;
    const base = ref.off;
    const mem = ref.mem;
    const report = this.outOfBoundsReporter(text, node, access, count === null);
    const next: CRef = {
      ...ref,
      type: elem,
      text: fullText,
      off:
        count !== null
          ? (inv) => {
              const b = base(inv);
              const i = ev(inv) as number;
              if (b < 0) return -1;
              if (i < 0 || i >= count) {
                report(inv, i, count);
                return -1;
              }
              return b + i * stride;
            }
          : (inv) => {
              const b = base(inv);
              const i = ev(inv) as number;
              if (b < 0) return -1;
              const length = mem(inv).runtimeCount;
              if (i < 0 || i >= length) {
                report(inv, i, length);
                return -1;
              }
              return b + i * stride;
            },
    };
    delete next.constOffset;
    return next;
  }

  private outOfBoundsReporter(text: string, node: AstNode, access: 'read' | 'write', runtimeSized = false): (inv: Invocation, index: number, length: number) => void {
    const site = this.site(node);
    const observer = this.observer;
    const idsOf = this.input.idsOf;
    return (inv, index, length) => {
      observer.report(`oob|${site.id}|${access}`, () => {
        const ids = idsOf(inv.index);
        const consequence = access === 'write' ? 'The write was dropped' : 'The read returned 0';
        return {
          kind: 'out-of-bounds',
          access,
          invocationIds: ids,
          variable: text,
          index,
          length,
          occurrences: 1,
          line: site.line,
          column: site.column,
          message:
            `Out-of-bounds ${access}: invocation global id (${ids.globalId.join(', ')}) (workgroup (${ids.workgroupId.join(', ')}), local id (${ids.localId.join(', ')})) ` +
            `used index ${index} on \`${text}\`, which has ${length} element${length === 1 ? '' : 's'} (valid: 0..${length - 1}), at line ${site.line}. ` +
            `${consequence}; on a GPU, WebGPU would silently clamp the index or return 0, hiding the bug. ` +
            (runtimeSized
              ? `Guard the access (e.g. \`if (i < arrayLength(&${text.split(/[.[]/)[0]})) { ... }\`) or fix the index computation (an off-by-one?).`
              : `Keep the index below ${length} (e.g. \`if (i < ${length}u) { ... }\`) or fix the index computation (an off-by-one?).`),
        };
      });
    };
  }

  private indexValue(value: CExpr, rawIndex: CExpr, node: ArrayIndex): CExpr {
    const index = this.indexType(rawIndex, node);
    const t = value.type;
    let elem: WType;
    let count: number;
    if (t.kind === 'array' && t.count !== null) {
      elem = t.elem;
      count = t.count;
    } else if (t.kind === 'vec') {
      elem = scalarType(t.scalar);
      count = t.n;
    } else if (t.kind === 'mat') {
      elem = vecType(t.rows, t.scalar);
      count = t.cols;
    } else {
      return this.fail(node, 'validation', `A ${typeName(t)} value cannot be indexed.`);
    }
    if (index.cv !== undefined) {
      const i = index.cv as number;
      if (i < 0 || i >= count) this.fail(node, 'validation', `Index ${i} is out of bounds for a ${typeName(t)} (valid indices 0..${count - 1}).`);
      if (value.cv !== undefined) return constant(elem, (value.cv as Value[])[i] as Value);
      const ev = value.ev;
      return { type: elem, ev: (inv) => (ev(inv) as Value[])[i] as Value };
    }
    const report = this.outOfBoundsReporter(this.text(node) ? `value ${this.text(node)}` : 'value', node, 'read');
    const zero = zeroValue(elem);
    const ev = value.ev;
    const iev = index.ev;
    return {
      type: elem,
      ev: (inv) => {
        const v = ev(inv) as Value[];
        const i = iev(inv) as number;
        if (i < 0 || i >= count) {
          report(inv, i, count);
          return zero;
        }
        return v[i] as Value;
      },
    };
  }

  /** Load of a reference: memory read with access recording, 0 when out of bounds. */
  private loadRef(ref: CRef, node: AstNode): Eval {
    if (containsAtomic(ref.type)) this.fail(node, 'validation', `\`${ref.text}\` is atomic: read it with atomicLoad(&${ref.text}).`);
    if (!isConstructible(ref.type)) this.fail(node, 'validation', `\`${ref.text}\` (${typeName(ref.type)}) cannot be loaded as a whole; index it.`);
    const type = ref.type;
    if (ref.staticMem === null && ref.space !== 'storage' && ref.space !== 'workgroup' && ref.space !== 'uniform' && ref.constOffset !== undefined && type.kind === 'scalar') {
      const k = ref.constOffset;
      if (type.scalar === 'f32') return (inv) => inv.local.f32[k] as number;
      if (type.scalar === 'u32') return (inv) => inv.local.u32[k] as number;
      if (type.scalar === 'i32') return (inv) => inv.local.i32[k] as number;
    }
    const loadAt = this.loadAt(ref, this.site(node));
    const off = ref.off;
    const mem = ref.mem;
    const zero = zeroValue(type);
    return (inv) => {
      const o = off(inv);
      if (o < 0) return zero;
      return loadAt(inv, mem(inv), o);
    };
  }

  private loadAt(ref: CRef, site: Site): (inv: Invocation, m: Memory, o: number) => Value {
    const read = makeReader(ref.type);
    const leafs = leafOffsets(ref.type);
    const composite = leafs.length > 1 ? leafs : null;
    const observer = this.observer;
    const maybeShared = ref.space === 'storage' || ref.space === 'workgroup' || ref.space === 'uniform';
    if (!maybeShared) return (_inv, m, o) => read(m, o);
    return (inv, m, o) => {
      if (m.shared) observer.access(inv, m, o, composite, false, false, site);
      return read(m, o);
    };
  }

  private storeAt(ref: CRef, site: Site): (inv: Invocation, m: Memory, o: number, v: Value) => void {
    const write = makeWriter(ref.type);
    const leafs = leafOffsets(ref.type);
    const composite = leafs.length > 1 ? leafs : null;
    const observer = this.observer;
    const maybeShared = ref.space === 'storage' || ref.space === 'workgroup';
    if (!maybeShared) return (_inv, m, o, v) => write(m, o, v);
    return (inv, m, o, v) => {
      if (m.shared) observer.access(inv, m, o, composite, true, false, site);
      write(m, o, v);
    };
  }

  // ---------------------------------------------------------------- literals & operators

  private literal(node: LiteralExpr): CExpr {
    const lexeme = node.start >= 0 ? this.module.source.text.slice(node.start, node.end).trim() : '';
    if (lexeme === 'true' || lexeme === 'false') return constant(BOOL, lexeme === 'true');
    const int = /^(-?)(0[xX][0-9a-fA-F]+|[0-9]+)([iu]?)$/.exec(lexeme);
    if (int) {
      const digits = int[2] ?? '0';
      const magnitude = Number(BigInt(digits.startsWith('0x') || digits.startsWith('0X') ? digits : digits.replace(/^0+(?=\d)/, '')));
      const value = int[1] === '-' ? -magnitude : magnitude;
      const suffix = int[3];
      if (suffix === 'i' || suffix === 'u') {
        const kind = suffix === 'i' ? 'i32' : 'u32';
        const converted = convertConstant(value, ABSTRACT_INT, scalarType(kind));
        if (typeof converted === 'string') this.fail(node, 'validation', `The literal ${lexeme}: ${converted}.`);
        return constant(scalarType(kind), converted);
      }
      return constant(ABSTRACT_INT, value);
    }
    const float = /^(-?)((?:[0-9]*\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+|[0-9]+(?=[fh]))([fh]?)$/.exec(lexeme);
    if (float) {
      if (float[3] === 'h') this.fail(node, 'unsupported', 'f16 literals are not supported by the simulator.', 'f16');
      const value = Number(`${float[1]}${float[2]}`);
      if (float[3] === 'f') {
        if (!Number.isFinite(Math.fround(value))) this.fail(node, 'validation', `The literal ${lexeme} is too large for f32.`);
        return constant(F32, Math.fround(value));
      }
      return constant(ABSTRACT_FLOAT, value);
    }
    const hexFloat = /^(-?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?([fh]?)$/.exec(lexeme);
    if (hexFloat && (lexeme.includes('.') || /[pP]/.test(lexeme))) {
      const whole = Number.parseInt(hexFloat[2] || '0', 16);
      const frac = [...(hexFloat[3] ?? '')].reduce((acc, d, i) => acc + Number.parseInt(d, 16) / 16 ** (i + 1), 0);
      const value = (hexFloat[1] === '-' ? -1 : 1) * (whole + frac) * 2 ** Number(hexFloat[4] ?? 0);
      if (hexFloat[5] === 'h') this.fail(node, 'unsupported', 'f16 literals are not supported by the simulator.', 'f16');
      return hexFloat[5] === 'f' ? constant(F32, Math.fround(value)) : constant(ABSTRACT_FLOAT, value);
    }
    // No span: fall back to the parser's typed value.
    const typeName0 = node.type?.name;
    const raw = node.value as unknown as { data?: ArrayLike<number> };
    const value = raw.data?.[0] ?? 0;
    switch (typeName0) {
      case 'bool':
        return constant(BOOL, value !== 0);
      case 'i32':
        return constant(I32, value | 0);
      case 'u32':
        return constant(U32, value >>> 0);
      case 'f32':
        return constant(ABSTRACT_FLOAT, value);
      default:
        return constant(ABSTRACT_INT, value);
    }
  }

  private logical(op: '&&' | '||', left: CExpr, right: CExpr, node: AstNode): CExpr {
    if (!typesEqual(left.type, BOOL) || !typesEqual(right.type, BOOL)) {
      this.fail(node, 'validation', `\`${op}\` needs bool operands, got ${typeName(left.type)} and ${typeName(right.type)}.`);
    }
    if (left.cv !== undefined && right.cv !== undefined) return constant(BOOL, op === '&&' ? Boolean(left.cv) && Boolean(right.cv) : Boolean(left.cv) || Boolean(right.cv));
    const l = left.ev;
    const r = right.ev;
    return op === '&&' ? { type: BOOL, ev: (inv) => (l(inv) ? r(inv) : false) } : { type: BOOL, ev: (inv) => (l(inv) ? true : r(inv)) };
  }

  private unary(op: string, operand: CExpr, node: AstNode): CExpr {
    const t = operand.type;
    const s = scalarOf(t);
    if ((t.kind !== 'scalar' && t.kind !== 'vec' && t.kind !== 'mat') || s === null) {
      return this.fail(node, 'validation', `\`${op}\` cannot be applied to ${typeName(t)}.`);
    }
    let f: ((x: number) => number) | ((x: boolean) => boolean) | undefined;
    if (op === '!') {
      if (s !== 'bool') this.fail(node, 'validation', `\`!\` needs a bool, got ${typeName(t)}. For integers use \`~\` (bitwise not) or compare with 0.`);
      f = (x: boolean) => !x;
    } else if (op === '-') {
      f = negate(s);
      if (!f) this.fail(node, 'validation', `Unary \`-\` is not defined for ${typeName(t)}${s === 'u32' ? ' (u32 is unsigned; subtract from 0u to wrap, or use i32)' : ''}.`);
    } else if (op === '~') {
      f = complement(s);
      if (!f) this.fail(node, 'validation', `\`~\` needs an integer, got ${typeName(t)}.`);
    } else {
      return this.fail(node, 'validation', `Unknown unary operator \`${op}\`.`);
    }
    const g = f as (x: Value) => Value;
    const apply =
      t.kind === 'scalar'
        ? g
        : t.kind === 'vec'
          ? (v: Value) => (v as Value[]).map(g)
          : (v: Value) => (v as Value[][]).map((col) => col.map(g));
    if (operand.cv !== undefined) return constant(t, apply(operand.cv));
    const ev = operand.ev;
    return { type: t, ev: (inv) => apply(ev(inv)) };
  }

  /** Binary operators other than && and ||. */
  binary(op: string, left: CExpr, right: CExpr, node: AstNode): CExpr {
    const lt = left.type;
    const rt = right.type;
    if (op === '*' && (lt.kind === 'mat' || rt.kind === 'mat')) return this.matrixMultiply(left, right, node);
    if ((op === '+' || op === '-') && lt.kind === 'mat' && rt.kind === 'mat') {
      if (lt.cols !== rt.cols || lt.rows !== rt.rows) this.fail(node, 'validation', `\`${op}\` needs matrices of the same size, got ${typeName(lt)} and ${typeName(rt)}.`);
      const f = scalarBinaryOp(op, 'f32') as (a: number, b: number) => number;
      return this.fold(lt, [left, right], (a, b) => (a as number[][]).map((col, c) => col.map((x, r) => f(x, (b as number[][])[c]?.[r] ?? 0))));
    }
    const ls = scalarOf(lt);
    const rs = scalarOf(rt);
    const shapeOk = (t: WType) => t.kind === 'scalar' || t.kind === 'vec';
    if (ls === null || rs === null || !shapeOk(lt) || !shapeOk(rt)) {
      return this.fail(node, 'validation', `\`${op}\` cannot be applied to ${typeName(lt)} and ${typeName(rt)}.`);
    }
    const n = lt.kind === 'vec' ? lt.n : rt.kind === 'vec' ? rt.n : 0;
    if (lt.kind === 'vec' && rt.kind === 'vec' && lt.n !== rt.n) this.fail(node, 'validation', `\`${op}\` needs vectors of the same size, got ${typeName(lt)} and ${typeName(rt)}.`);

    if (op === '<<' || op === '>>') {
      if (!isIntegerScalar(ls)) this.fail(node, 'validation', `\`${op}\` needs an integer left operand, got ${typeName(lt)}.`);
      if ((lt.kind === 'vec') !== (rt.kind === 'vec')) this.fail(node, 'validation', `\`${op}\`: the shift amount must have the same shape as the value.`);
      const amountType = rt.kind === 'vec' ? vecType(rt.n, 'u32') : U32;
      let amount = right;
      if (rs === 'abstract-int') {
        const converted = tryConvert(right, amountType);
        if (typeof converted === 'string' || !converted) this.fail(node, 'validation', `The shift amount must be a u32 from 0 to 31.`);
        amount = converted;
      } else if (rs !== 'u32') {
        this.fail(node, 'validation', `The shift amount must be u32, not ${typeName(rt)} (use u32(...)).`);
      }
      let value = left;
      if (ls === 'abstract-int' && !isConst(amount)) value = this.convertTo(left, withScalar(lt, 'i32'), node, `\`${op}\``);
      const kind = scalarOf(value.type) as ScalarKind;
      if (isConst(amount) && kind !== 'abstract-int' && [amount.cv as Value].flat().some((v) => (v as number) >= 32)) {
        this.fail(node, 'validation', `Shifting a ${kind} by ${String(amount.cv)} bits: a constant shift amount must be less than 32.`);
      }
      const f = scalarBinaryOp(op, kind) as (a: number, b: number) => number;
      return this.fold(value.type, [value, amount], this.componentwise(f, n, value.type.kind === 'vec', true));
    }

    let common = commonScalar([left, right]);
    if (common === null) {
      return this.fail(node, 'validation', `\`${op}\` needs operands of the same type, got ${typeName(lt)} and ${typeName(rt)}${this.conversionHint(rt, lt)}.`);
    }
    // Shapes: vector op scalar broadcasts for arithmetic only.
    const comparison = compareOp(op);
    const arithmetic = op === '+' || op === '-' || op === '*' || op === '/' || op === '%';
    if (!arithmetic && lt.kind !== rt.kind) this.fail(node, 'validation', `\`${op}\` needs operands of the same shape, got ${typeName(lt)} and ${typeName(rt)}.`);
    if (common === 'abstract-int' && (op === '/' || op === '%') && right.cv === 0) this.fail(node, 'validation', `Division by zero in a constant expression.`);
    const shaped = (): WType => (n ? vecType(n as 2 | 3 | 4, common as ScalarKind) : scalarType(common as ScalarKind));
    const l = this.convertTo(left, lt.kind === 'vec' ? shaped() : scalarType(common), node, `Left side of \`${op}\``);
    const r = this.convertTo(right, rt.kind === 'vec' ? shaped() : scalarType(common), node, `Right side of \`${op}\``);
    if (comparison) {
      if (common === 'bool' && op !== '==' && op !== '!=') this.fail(node, 'validation', `\`${op}\` cannot compare bools.`);
      const f = comparison as unknown as (a: number, b: number) => number;
      return this.fold(n ? vecType(n as 2 | 3 | 4, 'bool') : BOOL, [l, r], this.componentwise(f, n, lt.kind === 'vec', rt.kind === 'vec'));
    }
    if (common === 'bool') {
      if (op !== '&' && op !== '|') this.fail(node, 'validation', `\`${op}\` cannot be applied to bool (use && or ||).`);
      const f = (op === '&' ? (a: boolean, b: boolean) => a && b : (a: boolean, b: boolean) => a || b) as unknown as (a: number, b: number) => number;
      return this.fold(shaped(), [l, r], this.componentwise(f, n, lt.kind === 'vec', rt.kind === 'vec'));
    }
    if (!arithmetic && !isIntegerScalar(common)) this.fail(node, 'validation', `\`${op}\` needs integer operands, got ${typeName(lt)}.`);
    const f = scalarBinaryOp(op, common);
    if (!f) return this.fail(node, 'validation', `\`${op}\` cannot be applied to ${typeName(lt)} and ${typeName(rt)}.`);
    if (isConst(l) && isConst(r) && (common === 'i32' || common === 'u32') && (op === '/' || op === '%') && r.cv === 0) {
      this.fail(node, 'validation', 'Integer division by zero in a constant expression.');
    }
    if (isConst(l) && isConst(r) && (common === 'i32' || common === 'u32') && (op === '+' || op === '-' || op === '*')) {
      // WGSL rejects constant expressions whose concrete integer result does not fit.
      const exact = this.componentwise(scalarBinaryOp(op, 'abstract-int') as (a: number, b: number) => number, n, lt.kind === 'vec', rt.kind === 'vec')(l.cv as Value, r.cv as Value);
      const bad = [exact].flat().find((v) => !fitsInteger(v as number, common as 'i32' | 'u32'));
      if (bad !== undefined) this.fail(node, 'validation', `The constant expression \`${this.text(node)}\` overflows ${common} (exact value ${String(bad)}); WGSL rejects this. Use a runtime value if you want wrap-around.`);
    }
    return this.fold(n ? vecType(n as 2 | 3 | 4, common) : scalarType(common), [l, r], this.componentwise(f, n, lt.kind === 'vec', rt.kind === 'vec'));
  }

  private componentwise(f: (a: number, b: number) => number, n: number, leftVec: boolean, rightVec: boolean): (a: Value, b: Value) => Value {
    if (!n) return f as unknown as (a: Value, b: Value) => Value;
    if (leftVec && rightVec) {
      if (n === 2) return (a, b) => [f((a as number[])[0] as number, (b as number[])[0] as number), f((a as number[])[1] as number, (b as number[])[1] as number)];
      if (n === 4) {
        return (a, b) => {
          const x = a as number[];
          const y = b as number[];
          return [f(x[0] as number, y[0] as number), f(x[1] as number, y[1] as number), f(x[2] as number, y[2] as number), f(x[3] as number, y[3] as number)];
        };
      }
      return (a, b) => (a as number[]).map((x, i) => f(x, (b as number[])[i] as number));
    }
    if (leftVec) return (a, b) => (a as number[]).map((x) => f(x, b as number));
    return (a, b) => (b as number[]).map((y) => f(a as number, y));
  }

  private fold(type: WType, args: CExpr[], f: (a: Value, b: Value) => Value): CExpr {
    const [a, b] = args as [CExpr, CExpr];
    if (a.cv !== undefined && b.cv !== undefined) return constant(type, f(a.cv, b.cv));
    const l = a.ev;
    const r = b.ev;
    return { type, ev: (inv) => f(l(inv), r(inv)) };
  }

  private matrixMultiply(left: CExpr, right: CExpr, node: AstNode): CExpr {
    const toF32 = (e: CExpr): CExpr => {
      const s = scalarOf(e.type);
      if (s === 'f32') return e;
      if (s === 'abstract-float' || s === 'abstract-int') return this.convertTo(e, withScalar(e.type, 'f32'), node, 'Matrix operand');
      return this.fail(node, 'validation', `Matrix products need f32 operands, got ${typeName(e.type)}.`);
    };
    const l = toF32(left);
    const r = toF32(right);
    const lt = l.type;
    const rt = r.type;
    const mul = (a: number, b: number) => Math.fround(a * b);
    const add = (a: number, b: number) => Math.fround(a + b);
    if (lt.kind === 'mat' && rt.kind === 'mat') {
      if (lt.cols !== rt.rows) this.fail(node, 'validation', `Cannot multiply ${typeName(lt)} by ${typeName(rt)}: the left matrix needs as many columns as the right has rows.`);
      return this.fold(matType(rt.cols, lt.rows), [l, r], (a, b) =>
        (b as number[][]).map((bcol) =>
          Array.from({ length: lt.rows }, (_, row) => bcol.reduce((sum, bk, k) => add(sum, mul((a as number[][])[k]?.[row] ?? 0, bk)), 0)),
        ),
      );
    }
    if (lt.kind === 'mat' && rt.kind === 'vec') {
      if (lt.cols !== rt.n) this.fail(node, 'validation', `Cannot multiply ${typeName(lt)} by ${typeName(rt)}: the vector needs ${lt.cols} components.`);
      return this.fold(vecType(lt.rows, 'f32'), [l, r], (a, b) =>
        Array.from({ length: lt.rows }, (_, row) => (b as number[]).reduce((sum, bk, k) => add(sum, mul((a as number[][])[k]?.[row] ?? 0, bk)), 0)),
      );
    }
    if (lt.kind === 'vec' && rt.kind === 'mat') {
      if (rt.rows !== lt.n) this.fail(node, 'validation', `Cannot multiply ${typeName(lt)} by ${typeName(rt)}: the vector needs ${rt.rows} components.`);
      return this.fold(vecType(rt.cols, 'f32'), [l, r], (a, b) =>
        (b as number[][]).map((col) => col.reduce((sum, x, k) => add(sum, mul((a as number[])[k] ?? 0, x)), 0)),
      );
    }
    const matrix = lt.kind === 'mat' ? l : r;
    const scalar = lt.kind === 'mat' ? r : l;
    if (scalar.type.kind !== 'scalar') this.fail(node, 'validation', `Cannot multiply ${typeName(lt)} by ${typeName(rt)}.`);
    return this.fold(matrix.type, [matrix, scalar], (m, s) => (m as number[][]).map((col) => col.map((x) => mul(x, s as number))));
  }

  // ---------------------------------------------------------------- calls & constructors

  private call(name: string, args: readonly Expression[], node: CallExpr, scope: Scope): CExpr {
    const decl = this.moduleDecls.get(name);
    if (decl instanceof FunctionDecl) {
      if (decl.attributes?.some((a) => a.name === 'compute' || a.name === 'vertex' || a.name === 'fragment')) {
        this.fail(node, 'validation', `${name}() is an entry point and cannot be called.`);
      }
      const fn = this.compileFunction(name, decl);
      if (fn.async) throw new Error(`unreachable: call to barrier function ${name} was not hoisted`);
      const bind = this.bindArguments(fn, args, scope, node);
      const body = fn.body?.sync;
      if (!body) throw new Error(`unreachable: ${name} has no body`);
      const zero = fn.returnType.kind === 'void' ? 0 : zeroValue(fn.returnType);
      return {
        type: fn.returnType,
        ev: (inv) => {
          bind(inv);
          inv.retval = zero;
          body(inv);
          return inv.retval as Value;
        },
      };
    }
    if (decl instanceof Struct || decl instanceof Alias) {
      const type = decl instanceof Struct ? this.resolveStruct(decl) : this.resolveType(decl.type);
      return this.constructValue(type, args, node, scope);
    }
    if (BARRIER_BUILTINS.has(name)) {
      this.fail(node, 'validation', `${name}() must be called as a statement of its own${name === 'workgroupUniformLoad' ? ' or as a whole initializer' : ''}.`);
    }
    const ctx: BuiltinContext = {
      fail: (kind, message, feature) => this.fail(node, kind, message, feature),
      compileArg: (i) => this.compileExpr(args[i] as Expression, scope),
      pointerArg: (i, access) => this.pointerRef(args[i] as Expression, scope, access),
      argCount: args.length,
      site: this.site(node),
      observer: this.observer,
    };
    const builtin = compileBuiltin(name, ctx);
    if (builtin) return builtin;
    if (isUnsupportedBuiltin(name)) this.fail(node, 'unsupported', `${name}() is not supported by the simulator.`, name);
    return this.fail(node, 'validation', `Unknown function '${name}'.`);
  }

  private construct(astType: AstType, args: readonly Expression[], node: AstNode, scope: Scope): CExpr {
    // Constructors whose component type is inferred: vec3(...), mat2x2(...), array(...).
    if (astType instanceof TemplateType && !astType.format) {
      const compiled = args.map((a) => this.compileExpr(a, scope));
      const vec = /^vec([234])$/.exec(astType.name);
      const mat = /^mat([234])x([234])$/.exec(astType.name);
      const componentScalars = compiled.map((c) => c);
      const scalar = compiled.length ? commonScalar(componentScalars) : 'abstract-int';
      if (scalar === null) this.fail(node, 'validation', `${astType.name}(...) arguments have different types: ${compiled.map((c) => typeName(c.type)).join(', ')}.`);
      if (vec) return this.constructValue(vecType(Number(vec[1]) as 2 | 3 | 4, compiled.length ? scalar : 'abstract-int'), args, node, scope, compiled);
      if (mat) {
        const s = scalar === 'abstract-int' || scalar === 'abstract-float' ? (compiled.every(isConst) ? 'abstract-float' : 'f32') : scalar;
        if (s !== 'f32' && s !== 'abstract-float') this.fail(node, 'validation', `${astType.name}(...) needs float components.`);
        return this.constructValue(matType(Number(mat[1]) as 2 | 3 | 4, Number(mat[2]) as 2 | 3 | 4, s), args, node, scope, compiled);
      }
    }
    if (astType instanceof AstArrayType && !astType.format) {
      const compiled = args.map((a) => this.compileExpr(a, scope));
      if (compiled.length === 0) this.fail(node, 'validation', 'array() needs elements (or write array<T, N>() for zeros).');
      let elemType = compiled[0]!.type;
      const scalar = scalarOf(elemType) !== null ? commonScalar(compiled) : null;
      if (scalar !== null) elemType = withScalar(elemType, scalar);
      return this.constructValue(arrayType(elemType, compiled.length), args, node, scope, compiled);
    }
    return this.constructValue(this.resolveType(astType), args, node, scope);
  }

  private constructValue(type: WType, args: readonly Expression[], node: AstNode, scope: Scope, precompiled?: CExpr[]): CExpr {
    const compiled = precompiled ?? args.map((a) => this.compileExpr(a, scope));
    const name = typeName(type);
    if (!isConstructible(type)) this.fail(node, 'validation', `${name} cannot be constructed.`);
    if (compiled.length === 0) return constant(type, zeroValue(type));
    const build = (type: WType, parts: CExpr[], combine: (values: Value[]) => Value): CExpr => {
      if (parts.every(isConst)) return constant(type, combine(parts.map((p) => p.cv as Value)));
      const evs = parts.map((p) => p.ev);
      const n = evs.length;
      return {
        type,
        ev: (inv) => {
          const values = new Array<Value>(n);
          for (let i = 0; i < n; i++) values[i] = (evs[i] as Eval)(inv);
          return combine(values);
        },
      };
    };
    switch (type.kind) {
      case 'scalar': {
        if (compiled.length !== 1) this.fail(node, 'validation', `${name}(...) takes one value.`);
        const arg = compiled[0]!;
        const from = scalarOf(arg.type);
        if (arg.type.kind !== 'scalar' || from === null) return this.fail(node, 'validation', `${name}(...) cannot convert a ${typeName(arg.type)}.`);
        if (arg.cv !== undefined && (from === 'abstract-int' || from === 'abstract-float')) {
          const converted = from === 'abstract-int' ? convertConstant(arg.cv, arg.type, type) : convertScalar(arg.cv as number, from, type.scalar);
          if (typeof converted === 'string') this.fail(node, 'validation', `${name}(${String(arg.cv)}): ${converted}.`);
          return constant(type, converted);
        }
        const to = type.scalar;
        if (from === to) return arg;
        return build(type, [arg], ([v]) => convertScalar(v as number | boolean, from, to));
      }
      case 'vec': {
        const n = type.n;
        const to = type.scalar;
        if (compiled.length === 1 && compiled[0]!.type.kind === 'vec') {
          const arg = compiled[0]!;
          const at = arg.type as { n: number; scalar: ScalarKind };
          if (at.n !== n) this.fail(node, 'validation', `${name}(...) cannot convert a ${typeName(arg.type)} (different size).`);
          const from = at.scalar;
          if (from === to) return arg;
          if (arg.cv !== undefined && (from === 'abstract-int' || from === 'abstract-float')) {
            const converted = convertConstant(arg.cv, arg.type, type);
            if (typeof converted === 'string') this.fail(node, 'validation', `${name}(...): ${converted}.`);
            return constant(type, converted);
          }
          return build(type, [arg], ([v]) => (v as Value[]).map((x) => convertScalar(x as number | boolean, from, to)));
        }
        const parts: { expr: CExpr; size: number }[] = compiled.map((c) => {
          if (c.type.kind === 'scalar') return { expr: this.convertTo(c, scalarType(to), node, `${name}(...) component`), size: 1 };
          if (c.type.kind === 'vec') return { expr: this.convertTo(c, vecType(c.type.n, to), node, `${name}(...) component`), size: c.type.n };
          return this.fail(node, 'validation', `${name}(...) cannot take a ${typeName(c.type)}.`);
        });
        const total = parts.reduce((sum, p) => sum + p.size, 0);
        if (parts.length === 1 && total === 1) return build(type, [parts[0]!.expr], ([v]) => new Array<Value>(n).fill(v as Value));
        if (total !== n) this.fail(node, 'validation', `${name}(...) needs ${n} components in total, got ${total}.`);
        return build(type, parts.map((p) => p.expr), (values) => values.flatMap((v) => (Array.isArray(v) ? v : [v])));
      }
      case 'mat': {
        const { cols, rows } = type;
        const column = vecType(rows, type.scalar);
        if (compiled.length === 1 && compiled[0]!.type.kind === 'mat') return this.convertTo(compiled[0]!, type, node, name);
        if (compiled.length === cols) {
          const parts = compiled.map((c) => this.convertTo(c, column, node, `${name}(...) column`));
          return build(type, parts, (values) => values);
        }
        if (compiled.length === cols * rows) {
          const parts = compiled.map((c) => this.convertTo(c, scalarType(type.scalar), node, `${name}(...) element`));
          return build(type, parts, (values) => Array.from({ length: cols }, (_, c) => values.slice(c * rows, c * rows + rows)));
        }
        return this.fail(node, 'validation', `${name}(...) takes ${cols} column vectors or ${cols * rows} scalars, got ${compiled.length} values.`);
      }
      case 'array': {
        if (compiled.length !== type.count) this.fail(node, 'validation', `${name}(...) needs ${type.count} elements, got ${compiled.length}.`);
        const parts = compiled.map((c, i) => this.convertTo(c, type.elem, node, `Element ${i} of ${name}(...)`));
        return build(type, parts, (values) => values);
      }
      case 'struct': {
        if (compiled.length !== type.members.length) {
          this.fail(node, 'validation', `${type.name}(...) needs ${type.members.length} values (${type.members.map((m) => m.name).join(', ')}), got ${compiled.length}.`);
        }
        const parts = compiled.map((c, i) => this.convertTo(c, type.members[i]!.type, node, `${type.name}.${type.members[i]!.name}`));
        return build(type, parts, (values) => values);
      }
      default:
        return this.fail(node, 'validation', `${name} cannot be constructed.`);
    }
  }
}

function toGen(stmt: CStmt): CStmt {
  if (stmt.gen) return stmt;
  const sync = stmt.sync as SyncStmt;
  return {
    // eslint-disable-next-line require-yield
    gen: function* (inv) {
      return sync(inv);
    },
  };
}

const CHILD_KEYS = ['variable', 'left', 'right', 'index', 'value', 'expression', 'args', 'init', 'condition', 'increment', 'selectors', 'body', 'elseif', 'else', 'cases', 'continuing', 'postfix'];
const BLOCK_KEYS = new Set(['body', 'else', 'elseif', 'cases', 'continuing', 'init', 'increment']);

/**
 * Visits every AST node under `roots` in evaluation order, children before
 * parents (so nested calls come before the calls that contain them). With
 * `expressionsOnly`, nested statements (blocks, loop parts) are skipped.
 */
export function walk(roots: readonly unknown[], visit: (node: AstNode) => void, expressionsOnly = false): void {
  const seen = new Set<unknown>();
  const visitItem = (item: unknown): void => {
    if (item === null || item === undefined || typeof item !== 'object' || seen.has(item)) return;
    seen.add(item);
    if (Array.isArray(item)) {
      for (const x of item) visitItem(x);
      return;
    }
    if (!(item instanceof AstNodeClass)) return;
    const node = item as AstNode & Record<string, unknown>;
    for (const key of CHILD_KEYS) {
      if (expressionsOnly && BLOCK_KEYS.has(key)) continue;
      if (key === 'value' && node instanceof LiteralExpr) continue;
      const child = node[key];
      if (child !== null && typeof child === 'object') visitItem(child);
    }
    visit(node);
  };
  for (const r of roots) visitItem(r);
}
