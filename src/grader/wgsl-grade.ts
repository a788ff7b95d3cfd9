/**
 * Grades a learner's WGSL kernel on a real GPUDevice: instrument loops,
 * compile (errors mapped to the learner's line:column), then for each case
 * upload seeded inputs, dispatch, read back and compare with the CPU
 * reference; finally a memory check on the CPU simulator catches races and
 * out-of-bounds accesses that the GPU hid. Runs in the grading worker in the
 * browser and in Node (Dawn) for `npm run check:exercises`, so it touches
 * nothing but WebGPU.
 */
import type { WgslExerciseManifest } from '../exercises/schema';
import type { CaseReport, Diagnostic, RunReport } from '../runner/protocol';
import { instrumentLoops, mapCompilationMessage, readLoopGuardStatus, type LoopGuardResult } from '../runner/loop-guard';
import type { HostArray, WgslGrader } from './define';
import type { ResolvedBinding } from './expression';
import { judgeOutputs, memoryCheck } from './sim-check';
import { prepareCase, summarise, typedOutput } from './wgsl-cases';

/** The loop guard's status buffer sits in its own bind group so it never collides with the learner's bindings. */
const GUARD_SLOT = { group: 1, binding: 0 } as const;

export interface WgslGradeInput {
  readonly device: GPUDevice;
  readonly manifest: WgslExerciseManifest;
  readonly grader: WgslGrader;
  readonly code: string;
  readonly seed: number;
  /** Run the CPU simulator's memory check after the GPU cases (default true). */
  readonly memoryCheck?: boolean;
}

function bufferUsage(access: ResolvedBinding['access']): number {
  return access === 'uniform'
    ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
    : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
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

export async function gradeWgsl(input: WgslGradeInput): Promise<RunReport> {
  const { device, manifest, grader, code, seed } = input;
  const started = performance.now();
  const compiled = await compile(device, manifest, code);
  const compileMs = performance.now() - started;
  if ('diagnostics' in compiled) {
    const first = compiled.diagnostics.find((d) => d.severity === 'error')!;
    return {
      exerciseId: manifest.id,
      seed,
      status: 'compile-error',
      summary: `Your kernel does not compile: line ${first.line}, column ${first.column}: ${first.message}`,
      diagnostics: compiled.diagnostics,
      cases: [],
      console: [],
      timings: { compileMs, totalMs: performance.now() - started },
    };
  }
  const { pipeline, guard } = compiled;
  const cases: CaseReport[] = [];

  for (const testCase of grader.cases) {
    const caseStarted = performance.now();
    const prepared = prepareCase(manifest, grader, testCase, seed);
    const buffers = prepared.resolved.bindings.map((binding) => {
      const buffer = device.createBuffer({ label: `${manifest.id}: ${binding.name}`, size: binding.byteSize, usage: bufferUsage(binding.access) });
      const data = prepared.initial[binding.name]!;
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

    const checked = buffers.filter(({ binding }) => prepared.checked.includes(binding));
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
    pass.dispatchWorkgroups(...prepared.resolved.dispatch);
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
      cases.push({ name: testCase.name, hidden: !!testCase.hidden, passed: false, explanation: status.message!, seed: prepared.seed, timeMs: performance.now() - caseStarted });
      return {
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
        console: [],
        timings: { compileMs, totalMs: performance.now() - started },
      };
    }
    const outputs: Record<string, HostArray> = {};
    for (const { binding } of checked) outputs[binding.name] = typedOutput(binding, bytes, offsets.get(binding.name)!);
    cases.push(judgeOutputs(grader, prepared, outputs, performance.now() - caseStarted));
  }

  let diagnostics: Diagnostic[] = [];
  if (input.memoryCheck !== false) {
    const check = memoryCheck(manifest, grader, code, seed);
    cases.push(...check.cases);
    diagnostics = check.diagnostics;
  }
  const report = summarise({ exerciseId: manifest.id, seed, timings: { compileMs, totalMs: performance.now() - started } }, cases);
  return { ...report, diagnostics };
}
