/**
 * Static barrier-uniformity check: a simplified version of WGSL's uniformity
 * analysis. A barrier (or a call to a function containing one) must be in
 * uniform control flow: every invocation of the workgroup must reach it. The
 * dynamic check in the scheduler only sees divergence that actually happened
 * in this run; this check also catches `if (local_id.x < 64u) { barrier }`
 * with 64 invocations, which WGSL compilers reject.
 *
 * Simplifications (all err on the side of accepting, except the flow-insensitive
 * variable rule): values are non-uniform if they derive from
 * local/global invocation ids, from read_write storage or workgroup memory
 * (except through workgroupUniformLoad), or from atomics. A function
 * variable is non-uniform if any assignment to it anywhere in the function is
 * non-uniform or happens in non-uniform control flow. Control flow becomes
 * non-uniform inside if/switch/loops with non-uniform conditions, after a
 * return taken in non-uniform control flow, and (for the rest of the loop) after a
 * break or continue taken in non-uniform control flow.
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
  For,
  Function as FunctionDecl,
  If,
  Increment,
  Let,
  Loop,
  Override,
  Return,
  Switch,
  TypecastExpr,
  UnaryOperator,
  Var,
  VariableExpr,
  While,
  ArrayIndex,
  LiteralExpr,
} from 'wgsl_reflect/wgsl_reflect.module.js';
import type { Expression, Node as AstNode, Statement } from 'wgsl_reflect/wgsl_reflect.module.js';
import type { CompiledKernel } from './compiler.ts';
import type { ParsedModule } from './parse.ts';
import type { BarrierError, SimError } from './types.ts';

const NON_UNIFORM_BUILTINS = new Set(['local_invocation_id', 'local_invocation_index', 'global_invocation_id']);
const BARRIERS = new Set(['workgroupBarrier', 'storageBarrier', 'workgroupUniformLoad']);

/** Why control flow is non-uniform, for the message. */
interface Reason {
  line: number;
  text: string;
}

type Decl =
  | { kind: 'uniform' }
  | { kind: 'non-uniform'; why: string }
  | { kind: 'let'; tainted: boolean }
  | { kind: 'var'; key: object };

interface Flow {
  /** A return / break / continue taken under non-uniform control flow. */
  ret: Reason | null;
  brk: Reason | null;
  cont: Reason | null;
}

const NO_FLOW: Flow = { ret: null, brk: null, cont: null };

class Scope {
  private readonly names = new Map<string, Decl>();
  readonly parent: Scope | null;
  constructor(parent: Scope | null) {
    this.parent = parent;
  }
  get(name: string): Decl | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const d = s.names.get(name);
      if (d) return d;
    }
    return undefined;
  }
  set(name: string, decl: Decl): void {
    this.names.set(name, decl);
  }
}

export function checkUniformity(module: ParsedModule, kernel: CompiledKernel, _entryPoint?: string): SimError[] {
  const decls = new Map<string, AstNode>();
  for (const s of module.statements) {
    const name = (s as { name?: unknown }).name;
    if (typeof name === 'string') decls.set(name, s);
  }
  const entry = decls.get(kernel.entryName);
  if (!(entry instanceof FunctionDecl)) return [];
  const analysis = new UniformityAnalysis(module, decls, kernel.barrierFunctions);
  analysis.analyzeEntry(entry);
  return analysis.errors;
}

class UniformityAnalysis {
  readonly errors: BarrierError[] = [];
  private readonly reported = new Set<AstNode>();
  private readonly module: ParsedModule;
  private readonly decls: Map<string, AstNode>;
  private readonly barrierFunctions: Set<string>;
  private readonly summaries = new Map<string, boolean>();
  private readonly active = new Set<string>();
  private taintedVars = new Set<object>();
  private reporting = false;
  private changed = false;

  constructor(module: ParsedModule, decls: Map<string, AstNode>, barrierFunctions: Set<string>) {
    this.module = module;
    this.decls = decls;
    this.barrierFunctions = barrierFunctions;
  }

  analyzeEntry(entry: FunctionDecl): void {
    const params = entry.args.map((arg): Decl => {
      const builtin = arg.attributes?.find((a) => a.name === 'builtin')?.value;
      if (typeof builtin === 'string') return NON_UNIFORM_BUILTINS.has(builtin) ? { kind: 'non-uniform', why: builtin } : { kind: 'uniform' };
      // An input struct: non-uniform if any member is (member-level precision is not needed here).
      const struct = arg.type as { members?: { attributes: { name: string; value: unknown }[] | null }[] };
      const anyNonUniform = struct.members?.some((m) => m.attributes?.some((a) => a.name === 'builtin' && typeof a.value === 'string' && NON_UNIFORM_BUILTINS.has(a.value)));
      return anyNonUniform ? { kind: 'non-uniform', why: 'invocation ids' } : { kind: 'uniform' };
    });
    this.analyzeFunction(entry, params);
  }

  /** Analyzes a function for given parameter uniformity; returns whether its result is non-uniform. */
  private analyzeFunction(fn: FunctionDecl, params: Decl[]): boolean {
    const key = `${fn.name}|${params.map((p) => (p.kind === 'non-uniform' || (p.kind === 'let' && p.tainted) ? 1 : 0)).join('')}`;
    const known = this.summaries.get(key);
    if (known !== undefined) return known;
    if (this.active.has(fn.name)) return true;
    this.active.add(fn.name);
    const savedVars = this.taintedVars;
    const savedReporting = this.reporting;
    this.taintedVars = new Set();
    let returnTainted = false;
    // Variable taint is flow-insensitive: iterate until it stops growing, then report.
    for (let round = 0; round < 10; round++) {
      this.changed = false;
      this.reporting = false;
      returnTainted = this.runFunction(fn, params);
      if (!this.changed) break;
    }
    this.reporting = true;
    returnTainted = this.runFunction(fn, params);
    this.taintedVars = savedVars;
    this.reporting = savedReporting;
    this.active.delete(fn.name);
    this.summaries.set(key, returnTainted);
    return returnTainted;
  }

  private returnTainted = false;

  private runFunction(fn: FunctionDecl, params: Decl[]): boolean {
    const scope = new Scope(null);
    fn.args.forEach((arg, i) => scope.set(arg.name, params[i] ?? { kind: 'uniform' }));
    this.returnTainted = false;
    this.block(fn.body, scope, null);
    return this.returnTainted;
  }

  private reason(node: AstNode, what: string): Reason {
    const text = this.module.source.snippet(node, 50);
    return { line: node.line, text: text ? `${what} \`${text}\`` : what };
  }

  private block(stmts: readonly (Statement | Statement[])[], parent: Scope, cf: Reason | null): Flow {
    const scope = new Scope(parent);
    let current = cf;
    const flow: Flow = { ret: null, brk: null, cont: null };
    for (const s of stmts) {
      if (s instanceof Continuing) continue;
      const f = Array.isArray(s) ? this.block(s, scope, current) : this.statement(s, scope, current);
      flow.ret ??= f.ret;
      flow.brk ??= f.brk;
      flow.cont ??= f.cont;
      current ??= f.ret ?? f.brk ?? f.cont;
    }
    return flow;
  }

  private statement(s: Statement, scope: Scope, cf: Reason | null): Flow {
    if (s instanceof Var) {
      const key = s;
      scope.set(s.name, { kind: 'var', key });
      if (s.value && (this.expr(s.value, scope, cf) || cf)) this.taint(key);
      return NO_FLOW;
    }
    if (s instanceof Let) {
      scope.set(s.name, { kind: 'let', tainted: s.value ? this.expr(s.value, scope, cf) : false });
      return NO_FLOW;
    }
    if (s instanceof Const) {
      scope.set(s.name, { kind: 'uniform' });
      return NO_FLOW;
    }
    if (s instanceof Assign || s instanceof Increment) {
      const value = s instanceof Assign ? this.expr(s.value, scope, cf) : false;
      const index = this.expr(s.variable, scope, cf, true);
      const root = rootName(s.variable);
      const decl = root ? scope.get(root) : undefined;
      if (decl?.kind === 'var' && (value || index || cf)) this.taint(decl.key);
      return NO_FLOW;
    }
    if (s instanceof Call) {
      this.call(s.name, s.args, s, scope, cf);
      return NO_FLOW;
    }
    if (s instanceof Return) {
      if (s.value && this.expr(s.value, scope, cf)) this.returnTainted = true;
      if (cf) this.returnTainted = true;
      return cf ? { ret: cf, brk: null, cont: null } : NO_FLOW;
    }
    if (s instanceof Break) {
      if (s.condition) {
        const c = this.expr(s.condition, scope, cf);
        const why = cf ?? (c ? this.reason(s, 'the break-if condition') : null);
        return why ? { ret: null, brk: why, cont: null } : NO_FLOW;
      }
      return cf ? { ret: null, brk: cf, cont: null } : NO_FLOW;
    }
    if (s instanceof Continue) return cf ? { ret: null, brk: null, cont: cf } : NO_FLOW;
    if (s instanceof If) return this.ifChain(s.condition, s.body, s.elseif ?? [], s.else, scope, cf, s);
    if (s instanceof Switch) {
      const c = this.expr(s.condition, scope, cf);
      const inner = cf ?? (c ? this.reason(s.condition, 'the switch selector') : null);
      const flow: Flow = { ret: null, brk: null, cont: null };
      for (const k of s.cases) {
        if (k instanceof Case) for (const sel of k.selectors) this.expr(sel as Expression, scope, cf);
        if (k instanceof Case || k instanceof Default) {
          const f = this.block(k.body, scope, inner);
          flow.ret ??= f.ret;
          flow.cont ??= f.cont;
        }
      }
      return flow;
    }
    if (s instanceof For) {
      const loopScope = new Scope(scope);
      if (s.init) this.statement(s.init, loopScope, cf);
      return this.loop(s.condition, s.body, null, s.increment, loopScope, cf);
    }
    if (s instanceof While) return this.loop(s.condition, s.body, null, null, scope, cf);
    if (s instanceof Loop) return this.loop(null, s.body, s.continuing, null, scope, cf);
    return NO_FLOW;
  }

  private ifChain(
    condition: Expression,
    body: readonly Statement[],
    elseifs: readonly { condition: Expression; body: Statement[] }[],
    elseBody: readonly Statement[] | null,
    scope: Scope,
    cf: Reason | null,
    node: AstNode,
  ): Flow {
    const c = this.expr(condition, scope, cf);
    const inner = cf ?? (c ? this.reason(condition, 'the if condition') : null);
    const a = this.block(body, scope, inner);
    const [first, ...rest] = elseifs;
    const b = first ? this.ifChain(first.condition, first.body, rest, elseBody, scope, inner, node) : elseBody ? this.block(elseBody, scope, inner) : NO_FLOW;
    return { ret: a.ret ?? b.ret, brk: a.brk ?? b.brk, cont: a.cont ?? b.cont };
  }

  private loop(
    condition: Expression | null,
    body: readonly Statement[],
    continuing: Continuing | null,
    increment: Statement | null,
    scope: Scope,
    cf: Reason | null,
  ): Flow {
    const c = condition ? this.expr(condition, scope, cf) : false;
    let inner = cf ?? (c && condition ? this.reason(condition, 'the loop condition') : null);
    const wasReporting = this.reporting;
    // A first pass finds non-uniform exits, which make every iteration after them non-uniform.
    this.reporting = false;
    const probe = this.loopBody(body, continuing, increment, scope, inner);
    this.reporting = wasReporting;
    inner ??= probe.brk ?? probe.cont ?? probe.ret;
    const flow = this.loopBody(body, continuing, increment, scope, inner);
    return { ret: flow.ret, brk: null, cont: null };
  }

  private loopBody(body: readonly Statement[], continuing: Continuing | null, increment: Statement | null, scope: Scope, cf: Reason | null): Flow {
    const bodyScope = new Scope(scope);
    const f = this.block(body, bodyScope, cf);
    const after = cf ?? f.cont;
    const g = continuing ? this.block(continuing.body, bodyScope, after) : NO_FLOW;
    if (increment) this.statement(increment, scope, after);
    return { ret: f.ret ?? g.ret, brk: f.brk ?? g.brk, cont: f.cont };
  }

  private taint(key: object): void {
    if (!this.taintedVars.has(key)) {
      this.taintedVars.add(key);
      this.changed = true;
    }
  }

  /** Whether the value of `e` may differ between invocations. Also checks calls inside it. */
  private expr(e: Expression | null | undefined, scope: Scope, cf: Reason | null, asReference = false): boolean {
    if (!e) return false;
    let tainted = this.exprBase(e, scope, cf, asReference);
    for (let p: Expression | null = e.postfix; p; p = p.postfix) {
      if (p instanceof ArrayIndex && this.expr(p.index, scope, cf)) tainted = true;
    }
    return tainted;
  }

  private exprBase(e: Expression, scope: Scope, cf: Reason | null, asReference: boolean): boolean {
    if (e instanceof LiteralExpr) return false;
    if (e instanceof VariableExpr || e instanceof ConstExpr) {
      if (asReference) return false;
      const d = scope.get(e.name);
      if (d) {
        if (d.kind === 'non-uniform') return true;
        if (d.kind === 'let') return d.tainted;
        if (d.kind === 'var') return this.taintedVars.has(d.key);
        return false;
      }
      const decl = this.decls.get(e.name);
      if (decl instanceof Var) {
        const space = decl.storage || 'private';
        if (space === 'workgroup') return true;
        if (space === 'storage') return decl.access === 'read_write';
        return false;
      }
      return decl instanceof Const || decl instanceof Override ? false : false;
    }
    if (e instanceof BinaryOperator) return this.expr(e.left, scope, cf) || this.expr(e.right, scope, cf);
    if (e instanceof UnaryOperator) return this.expr(e.right, scope, cf, e.operator === '&' ? asReference : false);
    if (e instanceof CallExpr) return this.call(e.name, e.args ?? [], e, scope, cf);
    if (e instanceof CreateExpr || e instanceof TypecastExpr) return (e.args ?? []).map((a) => this.expr(a, scope, cf)).some(Boolean);
    if (e instanceof BitcastExpr) return this.expr(e.value, scope, cf);
    return false;
  }

  private call(name: string, args: readonly Expression[], node: AstNode, scope: Scope, cf: Reason | null): boolean {
    const argTaints = args.map((a) => this.expr(a, scope, cf));
    if (BARRIERS.has(name)) {
      if (cf) this.report(node, `${name}()`, cf);
      return false;
    }
    if (name.startsWith('atomic')) return name !== 'atomicStore';
    if (name === 'arrayLength') return false;
    const decl = this.decls.get(name);
    if (decl instanceof FunctionDecl) {
      if (cf && this.barrierFunctions.has(name)) this.report(node, `${name}() (it contains a barrier)`, cf);
      const params = argTaints.map((t): Decl => ({ kind: 'let', tainted: t }));
      return this.analyzeFunction(decl, params) || argTaints.some(Boolean);
    }
    return argTaints.some(Boolean);
  }

  private report(node: AstNode, what: string, cf: Reason): void {
    if (!this.reporting || this.reported.has(node)) return;
    this.reported.add(node);
    const where = node.start >= 0 ? this.module.source.position(node.start) : { line: node.line, column: 0 };
    this.errors.push({
      kind: 'non-uniform-barrier',
      message:
        `${what} at line ${where.line} is in non-uniform control flow: ${cf.text} at line ${cf.line} can differ between invocations of a workgroup, ` +
        'so some of them might not reach the barrier (WGSL compilers reject this; on a GPU it could hang). ' +
        'Move the barrier out of the branch or loop so every invocation reaches it, e.g. compute a flag, pass the barrier, then use the flag.',
      line: where.line,
      column: where.column,
    });
  }
}

function rootName(e: Expression): string | null {
  if (e instanceof VariableExpr || e instanceof ConstExpr) return e.name;
  return null;
}
