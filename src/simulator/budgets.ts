/**
 * Memory-traffic budgets: limits an exercise sets on how often a kernel may
 * touch global (storage) memory, checked against the simulator's counts.
 * Uniform-buffer reads are not counted as global traffic (they are served from
 * a small constant cache on real GPUs, and loop bounds like `params.n` would
 * otherwise dominate the numbers).
 */
import type { Budget, BudgetReport, InvocationCounts, InvocationIds, Vec3 } from './types.ts';

export interface ElementReadWorst {
  value: number;
  workgroupId: Vec3;
  element: number;
}

function idsOnly(c: InvocationCounts): InvocationIds {
  return { invocation: c.invocation, globalId: c.globalId, workgroupId: c.workgroupId, localId: c.localId, localIndex: c.localIndex };
}

export function evaluateBudgets(
  budgets: readonly Budget[],
  counts: readonly InvocationCounts[],
  elementWorst: ReadonlyMap<string, ElementReadWorst>,
  storageNames: readonly string[],
): BudgetReport[] {
  return budgets.map((budget): BudgetReport => {
    switch (budget.kind) {
      case 'globalReadsPerInvocation':
      case 'globalWritesPerInvocation': {
        const reads = budget.kind === 'globalReadsPerInvocation';
        let worst: InvocationCounts | undefined;
        for (const c of counts) {
          const v = reads ? c.storageReads : c.storageWrites;
          if (!worst || v > (reads ? worst.storageReads : worst.storageWrites)) worst = c;
        }
        const value = worst ? (reads ? worst.storageReads : worst.storageWrites) : 0;
        const ok = value <= budget.max;
        const what = reads ? 'reads from' : 'writes to';
        const where = worst ? `invocation global id (${worst.globalId.join(', ')})` : 'no invocation';
        return {
          budget,
          ok,
          worst: worst ? { invocation: idsOnly(worst), value } : { value },
          message: ok
            ? `Every invocation makes at most ${value} ${what} storage memory (budget ${budget.max}).`
            : `Budget exceeded: ${where} makes ${value} ${what} storage memory, but the budget is ${budget.max} per invocation. ` +
              (reads
                ? 'Give each invocation only its share of the reads (e.g. a strided loop, or one element of a tile per step), and re-use a value you have read from a local variable or var<workgroup> memory instead of reading it again.'
                : 'Accumulate in a local variable and write the result once.'),
        };
      }
      case 'globalReadsTotal':
      case 'globalWritesTotal': {
        const reads = budget.kind === 'globalReadsTotal';
        const value = counts.reduce((sum, c) => sum + (reads ? c.storageReads : c.storageWrites), 0);
        const ok = value <= budget.max;
        return {
          budget,
          ok,
          worst: { value },
          message: ok
            ? `The dispatch makes ${value} storage ${reads ? 'reads' : 'writes'} in total (budget ${budget.max}).`
            : `Budget exceeded: the dispatch makes ${value} storage ${reads ? 'reads' : 'writes'} in total, but the budget is ${budget.max}.`,
        };
      }
      case 'globalReadsPerElementPerWorkgroup': {
        if (!storageNames.includes(budget.variable)) {
          return {
            budget,
            ok: false,
            worst: { value: 0 },
            message: `The budget names the storage variable '${budget.variable}', but the kernel has none by that name (it has: ${storageNames.join(', ') || 'none'}).`,
          };
        }
        const worst = elementWorst.get(budget.variable) ?? { value: 0, workgroupId: [0, 0, 0] as Vec3, element: 0 };
        const ok = worst.value <= budget.max;
        return {
          budget,
          ok,
          worst: { workgroupId: worst.workgroupId, element: worst.element, value: worst.value },
          message: ok
            ? `No workgroup reads an element of ${budget.variable} more than ${worst.value} time${worst.value === 1 ? '' : 's'} (budget ${budget.max}).`
            : `Budget exceeded: workgroup (${worst.workgroupId.join(', ')}) reads ${budget.variable}[${worst.element}] ${worst.value} times, ` +
              `but the budget is ${budget.max}. Keep what you have read instead of reading it again: in a local variable (e.g. a running value), or loaded once into var<workgroup> memory and read from there after a workgroupBarrier().`,
        };
      }
    }
  });
}
