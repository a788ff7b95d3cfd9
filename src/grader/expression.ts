/**
 * Size expressions of an exercise manifest: binding lengths and dispatch sizes
 * written as small arithmetic over a test case's parameters, e.g. `"m * k"` or
 * `"ceil(n / 64)"`. Declarative strings keep the manifest readable (the UI can
 * show "dispatch: ceil(n / 64) workgroups") and checkable when it is loaded,
 * while the grader evaluates them per case.
 *
 * Grammar (no `eval`, nothing but this):
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/' | '%') unary)*
 *   unary   := '-' unary | primary
 *   primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
 * Functions: ceil(x), floor(x), min(a, b, ...), max(a, b, ...). `/` is real
 * division, so `n / 2` with odd n is not whole: write floor() or ceil().
 */
import type { KernelInterface } from '../exercises/schema';

type Node =
  | { type: 'number'; value: number }
  | { type: 'name'; name: string; position: number }
  | { type: 'unary'; operand: Node }
  | { type: 'binary'; operator: '+' | '-' | '*' | '/' | '%'; left: Node; right: Node }
  | { type: 'call'; name: FunctionName; args: Node[] };

type FunctionName = 'ceil' | 'floor' | 'min' | 'max';
const FUNCTIONS: Record<FunctionName, { arity: 'one' | 'many'; apply: (args: number[]) => number }> = {
  ceil: { arity: 'one', apply: ([x]) => Math.ceil(x!) },
  floor: { arity: 'one', apply: ([x]) => Math.floor(x!) },
  min: { arity: 'many', apply: (args) => Math.min(...args) },
  max: { arity: 'many', apply: (args) => Math.max(...args) },
};

function applyOperator(operator: '+' | '-' | '*' | '/' | '%', left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    case '%':
      return left % right;
  }
}

/** A parse error, with the 0-based character position it points at. */
export class ExpressionError extends Error {
  readonly source: string;
  readonly position: number;

  constructor(message: string, source: string, position: number) {
    super(`size expression "${source}": ${message} at character ${position + 1}`);
    this.name = 'ExpressionError';
    this.source = source;
    this.position = position;
  }
}

/** A parsed expression: the parameter names it uses and a way to evaluate it. */
export interface SizeExpression {
  readonly source: string;
  /** Parameter names the expression reads, in order of first use. */
  readonly names: readonly string[];
  evaluate(params: Readonly<Record<string, number>>): number;
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/%(),]))/y;

/** Parses a size expression; throws {@link ExpressionError} on bad syntax or an unknown function. */
export function parseSizeExpression(source: string): SizeExpression {
  type Token = { kind: 'number' | 'name' | 'symbol'; text: string; position: number };
  const tokens: Token[] = [];
  let cursor = 0;
  while (cursor < source.length) {
    if (/^\s*$/.test(source.slice(cursor))) break;
    TOKEN.lastIndex = cursor;
    const match = TOKEN.exec(source);
    if (!match) {
      const position = cursor + (source.slice(cursor).length - source.slice(cursor).trimStart().length);
      throw new ExpressionError(`unexpected character "${source[position]}"`, source, position);
    }
    const text = match[1] ?? match[2] ?? match[3]!;
    const kind = match[1] !== undefined ? 'number' : match[2] !== undefined ? 'name' : 'symbol';
    tokens.push({ kind, text, position: TOKEN.lastIndex - text.length });
    cursor = TOKEN.lastIndex;
  }

  let next = 0;
  const peek = (): Token | undefined => tokens[next];
  const fail = (message: string): never => {
    throw new ExpressionError(message, source, peek()?.position ?? source.length);
  };
  const expectSymbol = (symbol: string): void => {
    if (peek()?.text !== symbol) fail(`expected "${symbol}"`);
    next++;
  };

  const parseExpr = (): Node => {
    let node = parseTerm();
    while (peek()?.text === '+' || peek()?.text === '-') {
      const operator = tokens[next++]!.text as '+' | '-';
      node = { type: 'binary', operator, left: node, right: parseTerm() };
    }
    return node;
  };
  const parseTerm = (): Node => {
    let node = parseUnary();
    while (peek()?.text === '*' || peek()?.text === '/' || peek()?.text === '%') {
      const operator = tokens[next++]!.text as '*' | '/' | '%';
      node = { type: 'binary', operator, left: node, right: parseUnary() };
    }
    return node;
  };
  const parseUnary = (): Node => {
    if (peek()?.text === '-') {
      next++;
      return { type: 'unary', operand: parseUnary() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Node => {
    const token = peek();
    if (!token) return fail('expression ends too early');
    if (token.kind === 'number') {
      next++;
      return { type: 'number', value: Number(token.text) };
    }
    if (token.text === '(') {
      next++;
      const inner = parseExpr();
      expectSymbol(')');
      return inner;
    }
    if (token.kind !== 'name') return fail(`unexpected "${token.text}"`);
    next++;
    if (peek()?.text !== '(') return { type: 'name', name: token.text, position: token.position };
    if (!Object.hasOwn(FUNCTIONS, token.text)) {
      throw new ExpressionError(
        `unknown function "${token.text}" (known: ${Object.keys(FUNCTIONS).join(', ')})`,
        source,
        token.position,
      );
    }
    const name = token.text as FunctionName;
    next++;
    const args = [parseExpr()];
    while (peek()?.text === ',') {
      next++;
      args.push(parseExpr());
    }
    expectSymbol(')');
    if (FUNCTIONS[name].arity === 'one' && args.length !== 1) {
      throw new ExpressionError(`${name}() takes one argument, got ${args.length}`, source, token.position);
    }
    return { type: 'call', name, args };
  };

  const root = parseExpr();
  if (next < tokens.length) fail(`unexpected "${peek()!.text}"`);

  const names: string[] = [];
  const collect = (node: Node): void => {
    if (node.type === 'name' && !names.includes(node.name)) names.push(node.name);
    if (node.type === 'unary') collect(node.operand);
    if (node.type === 'binary') {
      collect(node.left);
      collect(node.right);
    }
    if (node.type === 'call') node.args.forEach(collect);
  };
  collect(root);

  const evaluateNode = (node: Node, params: Readonly<Record<string, number>>): number => {
    switch (node.type) {
      case 'number':
        return node.value;
      case 'name': {
        const value = Object.hasOwn(params, node.name) ? params[node.name] : undefined;
        if (typeof value !== 'number') {
          throw new Error(
            `size expression "${source}": parameter "${node.name}" is missing from the case ` +
              `(it has ${Object.keys(params).join(', ') || 'no parameters'}); give the case a "${node.name}"`,
          );
        }
        return value;
      }
      case 'unary':
        return -evaluateNode(node.operand, params);
      case 'binary':
        return applyOperator(node.operator, evaluateNode(node.left, params), evaluateNode(node.right, params));
      case 'call':
        return FUNCTIONS[node.name].apply(node.args.map((arg) => evaluateNode(arg, params)));
    }
  };

  return { source, names, evaluate: (params) => evaluateNode(root, params) };
}

/** Evaluates an expression that must give a whole number >= `min`; the error names the case. */
export function evaluateCount(
  what: string,
  expression: string,
  params: Readonly<Record<string, number>>,
  min = 0,
): number {
  const value = parseSizeExpression(expression).evaluate(params);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(
      `${what} "${expression}" gives ${value} for case ${JSON.stringify(params)}; it must be a whole number >= ${min}` +
        (Number.isFinite(value) && !Number.isInteger(value) ? ' (wrap divisions in floor() or ceil())' : ''),
    );
  }
  return value;
}

/** A binding's element count and byte size for one case. */
export interface ResolvedBinding {
  binding: number;
  name: string;
  access: KernelInterface['bindings'][number]['access'];
  type: KernelInterface['bindings'][number]['type'];
  /** Number of scalar elements. */
  length: number;
  /** Bytes to allocate: 4 per element, rounded up to 16 for uniform buffers (WGSL struct size rule) and at least 4. */
  byteSize: number;
}

/** A kernel interface evaluated for one case: buffer sizes and the workgroup grid. */
export interface ResolvedKernel {
  bindings: ResolvedBinding[];
  dispatch: [number, number, number];
}

/** WebGPU's default maxComputeWorkgroupsPerDimension. */
export const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/** Evaluates a kernel interface's lengths and dispatch for the parameters of one case. */
export function resolveKernel(kernel: KernelInterface, params: Readonly<Record<string, number>>): ResolvedKernel {
  const bindings = kernel.bindings.map((binding): ResolvedBinding => {
    const length = evaluateCount(`binding ${binding.binding} ("${binding.name}") length`, binding.length, params);
    const raw = Math.max(4, length * 4);
    const byteSize = binding.access === 'uniform' ? Math.ceil(raw / 16) * 16 : raw;
    return { binding: binding.binding, name: binding.name, access: binding.access, type: binding.type, length, byteSize };
  });
  const dispatch = kernel.dispatch.map((expression, axis) => {
    const count = evaluateCount(`dispatch ${'xyz'[axis]}`, expression, params);
    if (count > MAX_WORKGROUPS_PER_DIMENSION) {
      throw new Error(
        `dispatch ${'xyz'[axis]} "${expression}" gives ${count} workgroups for case ${JSON.stringify(params)}, ` +
          `more than WebGPU's default limit of ${MAX_WORKGROUPS_PER_DIMENSION}; use a smaller case or a 2-D grid`,
      );
    }
    return count;
  }) as [number, number, number];
  return { bindings, dispatch };
}
