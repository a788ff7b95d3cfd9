// WebGPU works in the test browser on a course page: an adapter exists and a
// compute shader returns the right values. Never skipped: without WebGPU the
// kernel exercises cannot be graded, so CI must go red.
import { expect, test } from '@playwright/test';

test('a course page gets a WebGPU adapter and runs a compute shader', async ({ page }) => {
  await page.goto('/');
  const result = await page.evaluate(async () => {
    if (!('gpu' in navigator)) return { error: 'navigator.gpu is missing (is the page on a secure origin, is WebGPU enabled?)' };
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { error: 'navigator.gpu.requestAdapter() returned null' };
    const device = await adapter.requestDevice({ label: 'smoke test device' });
    const module = device.createShaderModule({
      label: 'smoke: square plus index',
      code: /* wgsl */ `
        @group(0) @binding(0) var<storage, read_write> data: array<f32>;
        @compute @workgroup_size(64)
        fn main(@builtin(global_invocation_id) id: vec3u) {
          if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * data[id.x] + f32(id.x); }
        }`,
    });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error').map((m) => `${m.lineNum}:${m.linePos} ${m.message}`);
    if (errors.length) return { error: `shader did not compile: ${errors.join('; ')}` };
    const n = 1000; // not a multiple of the workgroup size: the guard matters
    const input = Float32Array.from({ length: n }, (_, i) => (i % 7) - 3);
    const storage = device.createBuffer({
      label: 'smoke: data',
      size: input.byteLength,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(storage, 0, input);
    const readback = device.createBuffer({ label: 'smoke: readback', size: input.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const pipeline = device.createComputePipeline({ label: 'smoke', layout: 'auto', compute: { module, entryPoint: 'main' } });
    const bindGroup = device.createBindGroup({ label: 'smoke', layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: storage } }] });
    const encoder = device.createCommandEncoder({ label: 'smoke' });
    const pass = encoder.beginComputePass({ label: 'smoke' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(n / 64));
    pass.end();
    encoder.copyBufferToBuffer(storage, 0, readback, 0, input.byteLength);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const out = Array.from(new Float32Array(readback.getMappedRange().slice(0)));
    device.destroy();
    return { out, expected: Array.from(input, (x, i) => x * x + i), adapter: adapter.info.architecture || adapter.info.vendor };
  });
  expect(result.error, result.error).toBeUndefined();
  expect(result.out).toEqual(result.expected);
});
