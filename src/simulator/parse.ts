/**
 * WGSL parsing for the simulator: wgsl_reflect's parser with four repairs.
 *
 * Why a subclass and not the stock parser:
 * - Expression nodes come out of the stock parser without source spans (only a
 *   line), so error messages could not point at a column or quote the code.
 *   Every expression-level rule is wrapped to record the token span.
 * - `array<T, N>` keeps only a number: when N is an `override` (or anything the
 *   parser cannot fold) it silently becomes 1. The count expression is kept
 *   instead, so the compiler evaluates it with the real override values.
 * - `(a[i]).x` lost the inner postfix (`[i]`): the postfix chain is appended.
 * - Attribute arguments may only be single tokens (`@workgroup_size(WG)`);
 *   expressions (`@workgroup_size(WG * 2)`) are parsed and kept.
 * - Parse errors carry only a line; the failing token's column is added.
 *
 * The parser's scanner also throws a bare string for characters it cannot
 * tokenize; that becomes a ParseFailure like any other parse error.
 */
import {
  ArrayType,
  Attribute,
  Expression,
  Node as AstNode,
  TokenTypes,
  WgslParser,
} from 'wgsl_reflect/wgsl_reflect.module.js';
import type { Statement, Token, Type } from 'wgsl_reflect/wgsl_reflect.module.js';

/** Maps character offsets to 1-based line and column numbers. */
export class SourceText {
  readonly text: string;
  private readonly lineStarts: number[];

  constructor(text: string) {
    this.text = text;
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of a character offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] ?? 0) + 1 };
  }

  /** The source text of a node with a span, collapsed to one line; '' without a span. */
  snippet(node: AstNode, maxLength = 60): string {
    if (node.start < 0 || node.end <= node.start) return '';
    const raw = this.text.slice(node.start, node.end).replace(/\s+/g, ' ').trim();
    return raw.length > maxLength ? `${raw.slice(0, maxLength - 1)}…` : raw;
  }
}

export class ParseFailure extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = 'ParseFailure';
    this.line = line;
    this.column = column;
  }
}

export interface ParsedModule {
  source: SourceText;
  statements: Statement[];
  /** For each parsed `array<T, N>` type: the N expression (null for runtime-sized arrays). */
  arrayCounts: WeakMap<ArrayType, Expression | null>;
  /** For each attribute with arguments: the argument expressions. */
  attributeArgs: WeakMap<Attribute, Expression[]>;
}

class SpannedParser extends WgslParser {
  readonly arrayCounts = new WeakMap<ArrayType, Expression | null>();
  readonly attributeArgs = new WeakMap<Attribute, Expression[]>();
  private source: SourceText | null = null;

  parseSource(source: SourceText): Statement[] {
    this.source = source;
    return this.parse(source.text);
  }

  override _error(token: Token, message: string | null): Error {
    const where = token && this.source ? this.source.position(token.start) : { line: token?.line ?? 0, column: 0 };
    const near = token && token.lexeme ? ` near '${token.lexeme}'` : ' at the end of the code';
    return new ParseFailure(`${message ?? 'Syntax error'}${near}`, where.line, where.column);
  }

  private spanned<T extends AstNode | null>(startToken: number, node: T): T {
    if (node instanceof AstNode) this._setSpan(node, startToken);
    return node;
  }

  override _short_circuit_or_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._short_circuit_or_expression());
  }
  override _short_circuit_and_expr(): Expression {
    const start = this._current;
    return this.spanned(start, super._short_circuit_and_expr());
  }
  override _inclusive_or_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._inclusive_or_expression());
  }
  override _exclusive_or_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._exclusive_or_expression());
  }
  override _and_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._and_expression());
  }
  override _equality_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._equality_expression());
  }
  override _relational_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._relational_expression());
  }
  override _shift_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._shift_expression());
  }
  override _additive_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._additive_expression());
  }
  override _multiplicative_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._multiplicative_expression());
  }
  override _unary_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._unary_expression());
  }
  override _primary_expression(): Expression {
    const start = this._current;
    return this.spanned(start, super._primary_expression());
  }
  override _postfix_expression(): Expression | null {
    const start = this._current;
    return this.spanned(start, super._postfix_expression());
  }

  override _singular_expression(): Expression {
    const start = this._current;
    const primary = this._primary_expression();
    const postfix = this._postfix_expression();
    if (postfix) {
      // A parenthesized primary may already carry a postfix chain: append, do not replace.
      let tail: Expression = primary;
      while (tail.postfix) tail = tail.postfix;
      tail.postfix = postfix;
    }
    if (postfix) {
      // Widen the span over the postfix so snippets show the whole access, e.g. `tile[lid + s]` or `(*p).x`.
      const startToken = this._tokens[start];
      const lastToken = this._tokens[this._current - 1];
      if (startToken && lastToken) {
        primary.start = startToken.start;
        primary.end = lastToken.end;
      }
    }
    return primary;
  }

  /**
   * Attributes with expression arguments, e.g. `@workgroup_size(TILE * 2, 4)`;
   * the stock parser accepts only single tokens there. `value` keeps the
   * stock shape (token text, or an array of texts); the expressions are kept
   * in `attributeArgs` for the compiler to evaluate.
   */
  override _attribute(): Attribute[] | null {
    const attributes: Attribute[] = [];
    while (this._match(TokenTypes.tokens.attr)) {
      const name = this._consume(TokenTypes.attribute_name, 'Expected an attribute name');
      const attribute = this._updateNode(new Attribute(name.toString(), null));
      if (this._match(TokenTypes.tokens.paren_left)) {
        const args: Expression[] = [];
        const texts: string[] = [];
        while (!this._check(TokenTypes.tokens.paren_right)) {
          const first = this._current;
          const arg = this._short_circuit_or_expression();
          const firstToken = this._tokens[first];
          const lastToken = this._tokens[this._current - 1];
          args.push(arg);
          texts.push(firstToken && lastToken && this.source ? this.source.text.slice(firstToken.start, lastToken.end) : String(firstToken?.lexeme ?? ''));
          if (!this._match(TokenTypes.tokens.comma)) break;
        }
        this._consume(TokenTypes.tokens.paren_right, "Expected ')' after the attribute arguments");
        attribute.value = texts.length === 1 ? (texts[0] ?? '') : texts;
        this.attributeArgs.set(attribute, args);
      }
      attributes.push(attribute);
    }
    return attributes.length === 0 ? null : attributes;
  }

  override _type_decl(): Type | null {
    if (!this._check(TokenTypes.keywords.array)) return super._type_decl();
    const arrayToken = this._advance();
    let format: Type | null = null;
    let countExpr: Expression | null = null;
    if (this._match(TokenTypes.tokens.less_than)) {
      format = this._type_decl();
      const alias = format ? this._context.aliases.get(format.name) : undefined;
      if (alias) format = alias.type;
      if (this._match(TokenTypes.tokens.comma)) countExpr = this._shift_expression();
      this._consume(TokenTypes.tokens.greater_than, "Expected '>' to close the array type");
    }
    const node = this._updateNode(new ArrayType(arrayToken.toString(), null, format, countExpr ? 1 : 0));
    this.arrayCounts.set(node, countExpr);
    return node;
  }
}

/** Parses WGSL source; throws ParseFailure with a line and column on syntax errors. */
export function parseWgsl(code: string): ParsedModule {
  const source = new SourceText(code);
  const parser = new SpannedParser();
  let statements: Statement[];
  try {
    statements = parser.parseSource(source);
  } catch (error) {
    if (error instanceof ParseFailure) throw error;
    if (typeof error === 'string') {
      const line = Number(/line (\d+)/.exec(error)?.[1] ?? 0);
      throw new ParseFailure(`${error}: a character that is not valid WGSL`, line, 1);
    }
    const message = error instanceof Error ? error.message : String(error);
    const line = Number(/Line: (\d+)/.exec(message)?.[1] ?? 0);
    throw new ParseFailure(message.replace(/\. Line: \d+$/, ''), line, 1);
  }
  return { source, statements, arrayCounts: parser.arrayCounts, attributeArgs: parser.attributeArgs };
}
