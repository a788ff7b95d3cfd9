/**
 * Grades a learner's WGSL kernel on a real GPUDevice: instrument loops,
 * compile (errors mapped to the learner's line:column), then for each case
 * upload seeded inputs, dispatch, read back and compare with the CPU
 * reference. Runs in the grading worker in the browser and in Node (Dawn) for
 * `npm run check:exercises`, so it touches nothing but WebGPU.
 */
import type { WgslExerciseManifest } from '../exercises/schema';
import type { CaseReport, Diagnostic, RunReport } from '../runner/protocol';
import { instrumentLoops, mapCompilationMessage, readLoopGuardStatus, type LoopGuardResult } from '../runner/loop-guard';
import { compareArrays, formatResultGrid } from './compare';
import { POISON, type HostArray, type Tolerance, type WgslGrader } from './define';
import { resolveKernel, type ResolvedBinding } from './expression';
import { createRng, deriveSeed } from './random';

/** The loop guard's status buffer sits in its own bind group so it never collides with the learner's bindings. */
const GUARD_SLOT = { group: 1, binding: 0 } as const;
/** Grids are shown for outputs up to this many elements. */
const GRID_MAX_ELEMENTS = 256;

export interface WgslGradeInput {
  readonly device: GPUDevice;
  readonly manifest: WgslExerciseManifest;
  readonly grader: WgslGrader;
  readonly code: string;
  readonly seed: number;
}

function emptyTyped(type: ResolvedBinding['type'], length: number): HostArray {
  if (type === 'f32') return new Float32Array(length).fill(POISON.f32);
  if (type === 'i32') return new Int32Array(length).fill(POISON.i32);
  return new Uint32Array(length).fill(POISON.u32);
}

function checkInput(binding: ResolvedBinding, data: HostArray | undefined, exerciseId: string): HostArray {
  if (!data) {
    if (binding.access === 'read_write') return emptyTyped(binding.type, binding.length);
    throw new Error(`${exerciseId}: grader.inputs() returned no data for binding "${binding.name}"`);
  }
  const expectedType = { f32: Float32Array, i32: Int32Array, u32: Uint32Array }[binding.type];
  // A uniform struct may mix scalar types; its words are checked by count only.
  if (binding.access !== 'uniform' && !(data instanceof expectedType)) {
    throw new Error(`${exerciseId}: grader.inputs().${binding.name} must be a ${expectedType.name} (binding type ${binding.type})`);
  }
  if (data.length !== binding.length) {
    throw new Error(`${exerciseId}: grader.inputs().${binding.name} has ${data.length} elements, the manifest says ${binding.length}`);
  }
  return data;
}

function bufferUsage(access: ResolvedBinding['access']): number {
  return access === 'uniform'
    ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
    : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
}

function report(base: Omit<RunReport, 'console'>): RunReport {
  return { ...base, console: [] };
}

/** Compiles the learner's code; returns the pipeline or the diagnostics that stop it. */
async function compile(
  device: GPUDevice,
  manifest: WgslExerciseManifest,
  code: string,
): Promise<{ pipeline: GPUComputePipeline; guard: LoopGuardResult } | { diagnostics: Diagnostic[] }> {
  const guard = instrumentLoops(code, {
    errorBinding: GUARD_SLOT,
    ...(manifest.budgets?.maxLoopIterations ? { maxIterations: manifest.budgets.maxLoopIterations } : {}),
  });
  const label = `exercise ${manifest.id}`;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label, code: guard.code });
  const info = await module.getCompilationInfo();
  await device.popErrorScope();
  const diagnostics: Diagnostic[] = info.messages.map((message) => {
    const mapped = mapCompilationMessage(guard, message);
    const endColumn = mapped.length > 0 ? mapped.column + mapped.length : undefined;
    return {
      severity: message.type === 'error' ? 'error' : message.type === 'warning' ? 'warning' : 'info',
      message: mapped.message,
      line: mapped.line,
      column: mapped.column,
      ...(endColumn !== undefined && !mapped.message.includes('\n') ? { endLine: mapped.line, endColumn } : {}),
    };
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const learnerLayout = device.createBindGroupLayout({
    label: `${label}: learner bindings`,
    entries: manifest.kernel.bindings.map((b) => ({
      binding: b.binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: b.access === 'uniform' ? 'uniform' : b.access === 'read' ? 'read-only-storage' : 'storage' },
    })),
  });
  const guardLayout = device.createBindGroupLayout({
    label: `${label}: loop guard`,
    entries: [{ binding: GUARD_SLOT.binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }],
  });
  try {
    const pipeline = await device.createComputePipelineAsync({
      label,
      layout: device.createPipelineLayout({ label, bindGroupLayouts: [learnerLayout, guardLayout] }),
      compute: { module, entryPoint: manifest.kernel.entryPoint },
    });
    return { pipeline, guard };
  } catch (error) {
    // Pipeline errors have no line: the shader compiled but does not match the exercise's interface.
    const expected = manifest.kernel.bindings
      .map((b) => `@group(0) @binding(${b.binding}) var<${b.access === 'uniform' ? 'uniform' : `storage, ${b.access}`}> ${b.name}`)
      .join('; ');
    return {
      diagnostics: [
        {
          severity: 'error',
          message:
            `The kernel compiled but does not fit the exercise: ${(error as Error).message.split('\n')[0]} ` +
            `Expected entry point "${manifest.kernel.entryPoint}" and bindings: ${expected}.`,
          line: 1,
          column: 1,
        },
      ],
    };
  }
}

function toleranceFor(grader: WgslGrader, params: Readonly<Record<string, number>>): Tolerance {
  return typeof grader.tolerance === 'function' ? grader.tolerance(params) : grader.tolerance;
}

function paramsText(params: Readonly<Record<string, number>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
}

export async function gradeWgsl({ device, manifest, grader, code, seed }: WgslGradeInput): Promise<RunReport> {
  const started = performance.now();
  const compiled = await compile(device, manifest, code);
  const compileMs = performance.now() - started;
  if ('diagnostics' in compiled) {
    const first = compiled.diagnostics.find((d) => d.severity === 'error')!;
    return report({
      exerciseId: manifest.id,
      seed,
      status: 'compile-error',
      summary: `Your kernel does not compile: line ${first.line}, column ${first.column}: ${first.message}`,
      diagnostics: compiled.diagnostics,
      cases: [],
      timings: { compileMs, totalMs: performance.now() - started },
    });
  }
  const { pipeline, guard } = compiled;
  const cases: CaseReport[] = [];

  for (const testCase of grader.cases) {
    const caseStarted = performance.now();
    const caseSeed = deriveSeed(seed, testCase.name);
    const rng = createRng(caseSeed);
    const resolved = resolveKernel(manifest.kernel, testCase.params);
    const provided = grader.inputs(testCase.params, rng);
    const initial: Record<string, HostArray> = {};
    for (const binding of resolved.bindings) initial[binding.name] = checkInput(binding, provided[binding.name], manifest.id);
    const expected = grader.reference(initial, testCase.params);

    const buffers = resolved.bindings.map((binding) => {
      const buffer = device.createBuffer({
        label: `${manifest.id}: ${binding.name}`,
        size: binding.byteSize,
        usage: bufferUsage(binding.access),
      });
      const data = initial[binding.name]!;
      const bytes = new Uint8Array(binding.byteSize);
      bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      device.queue.writeBuffer(buffer, 0, bytes);
      return { binding, buffer };
    });
    const statusBuffer = device.createBuffer({
      label: `${manifest.id}: loop guard status`,
      size: guard.statusWords * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(statusBuffer, 0, new Uint32Array(guard.statusWords));

    const checked = buffers.filter(({ binding }) => expected[binding.name] !== undefined);
    const readbackSize = checked.reduce((sum, { binding }) => sum + binding.byteSize, 0) + guard.statusWords * 4;
    const readback = device.createBuffer({ label: `${manifest.id}: readback`, size: readbackSize, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });

    const encoder = device.createCommandEncoder({ label: `${manifest.id}: ${testCase.name}` });
    const pass = encoder.beginComputePass({ label: `${manifest.id}: ${testCase.name}` });
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        label: `${manifest.id}: learner bindings`,
        layout: pipeline.getBindGroupLayout(0),
        entries: buffers.map(({ binding, buffer }) => ({ binding: binding.binding, resource: { buffer } })),
      }),
    );
    pass.setBindGroup(
      1,
      device.createBindGroup({
        label: `${manifest.id}: loop guard`,
        layout: pipeline.getBindGroupLayout(1),
        entries: [{ binding: GUARD_SLOT.binding, resource: { buffer: statusBuffer } }],
      }),
    );
    pass.dispatchWorkgroups(...resolved.dispatch);
    pass.end();
    let offset = 0;
    const offsets = new Map<string, number>();
    for (const { binding, buffer } of checked) {
      encoder.copyBufferToBuffer(buffer, 0, readback, offset, binding.byteSize);
      offsets.set(binding.name, offset);
      offset += binding.byteSize;
    }
    encoder.copyBufferToBuffer(statusBuffer, 0, readback, offset, guard.statusWords * 4);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const bytes = readback.getMappedRange().slice(0);
    readback.unmap();
    for (const { buffer } of buffers) buffer.destroy();
    statusBuffer.destroy();
    readback.destroy();

    const status = readLoopGuardStatus(new Uint32Array(bytes, offset, guard.statusWords), guard);
    if (status.tripped) {
      cases.push({
        name: testCase.name,
        hidden: !!testCase.hidden,
        passed: false,
        explanation: status.message!,
        seed: caseSeed,
        timeMs: performance.now() - caseStarted,
      });
      return report({
        exerciseId: manifest.id,
        seed,
        status: 'runtime-error',
        summary: status.message!,
        diagnostics: status.trippedLoops.map((loop) => ({
          severity: 'error',
          message: `This ${loop.kind} loop ran more than ${guard.maxIterations.toLocaleString('en-US')} iterations and was stopped.`,
          line: loop.line,
          column: loop.column,
        })),
        cases,
        timings: { compileMs, totalMs: performance.now() - started },
      });
    }

    const tolerance = toleranceFor(grader, testCase.params);
    let caseReport: CaseReport | undefined;
    for (const { binding } of checked) {
      const ArrayType = { f32: Float32Array, i32: Int32Array, u32: Uint32Array }[binding.type];
      const got = new ArrayType(bytes, offsets.get(binding.name)!, binding.length);
      const want = expected[binding.name]!;
      const shape = grader.shape?.(binding.name, testCase.params) ?? [binding.length];
      const comparison = compareArrays(want, got, { shape, atol: tolerance.atol, rtol: tolerance.rtol });
      const poison = ArrayType.of(POISON[binding.type])[0];
      const worst = comparison.worst;
      // The poison value marks elements nobody should touch or everybody must write: say which.
      const note = comparison.pass || !worst
        ? ''
        : worst.expected === poison
          ? ' — that element lies past the end of the data and must stay untouched: is an invocation missing its bounds guard?'
          : worst.got === poison
            ? ' — that element was never written'
            : '';
      const explanation = comparison.pass
        ? `${binding.name} matches (max |error| ${comparison.maxAbsError.toExponential(2)})`
        : `${binding.name}: ${comparison.message}${note}`;
      const report: CaseReport = {
        name: testCase.name,
        hidden: !!testCase.hidden,
        passed: comparison.pass,
        explanation,
        tolerance,
        maxAbsError: comparison.maxAbsError,
        maxRelError: comparison.maxRelError,
        mismatches: comparison.mismatchCount,
        ...(comparison.worst ? { worst: { index: comparison.worst.index, expected: comparison.worst.expected, got: comparison.worst.got } } : {}),
        ...(binding.length <= GRID_MAX_ELEMENTS && !comparison.pass
          ? { grid: formatResultGrid(want, got, { shape, atol: tolerance.atol, rtol: tolerance.rtol }) }
          : {}),
        seed: caseSeed,
        timeMs: 0,
      };
      // A case is as good as its worst output.
      if (!caseReport || (caseReport.passed && !report.passed)) caseReport = report;
    }
    if (!caseReport) throw new Error(`${manifest.id}: grader.reference() returned no output to check for case "${testCase.name}"`);
    cases.push({ ...caseReport, timeMs: performance.now() - caseStarted });
  }

  const failed = cases.filter((c) => !c.passed);
  const passedAll = failed.length === 0;
  const firstFail = failed[0];
  return report({
    exerciseId: manifest.id,
    seed,
    status: passedAll ? 'passed' : 'failed',
    summary: passedAll
      ? `All ${cases.length} cases pass.`
      : `${failed.length} of ${cases.length} cases fail. First: ${firstFail!.name}${firstFail!.hidden ? ' (hidden)' : `: ${firstFail!.explanation}`}`,
    diagnostics: [],
    cases: cases.map((c) => (c.hidden && !c.passed ? hide(c) : c)),
    timings: { compileMs, totalMs: performance.now() - started },
  });
}

/** Hidden cases keep only their verdict and seed, so their data cannot be special-cased. */
function hide(c: CaseReport): CaseReport {
  return {
    name: c.name,
    hidden: true,
    passed: c.passed,
    explanation: 'A hidden case failed. Its inputs are not shown; check your kernel on other sizes.',
    ...(c.seed !== undefined ? { seed: c.seed } : {}),
    timeMs: c.timeMs,
  };
}

export { paramsText };
