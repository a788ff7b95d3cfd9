/**
 * The engine's error type.
 *
 * Learners read these messages in the browser while their code is being
 * graded, so every message names the operation, the shapes or values involved
 * and, where there is one, the fix: `matmul: inner dimensions differ: [2,3] @
 * [4,5] (3 vs 4)`.
 */

export class EngineError extends Error {
  override readonly name = 'EngineError';
  /** The operation that failed, e.g. 'matmul'. */
  readonly op: string;

  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.op = op;
  }
}

/** `[2,3]`: how shapes appear in every message. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
