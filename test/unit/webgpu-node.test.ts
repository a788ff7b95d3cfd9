import { describe, expect, it } from 'vitest';
import { requireNodeGpu } from '../support/node-gpu';

describe('WebGPU in Node', () => {
  it('finds an adapter and runs a compute shader', async () => {
    const gpu = await requireNodeGpu();
    const adapter = await gpu.requestAdapter();
    const device = await adapter!.requestDevice({ label: 'node smoke device' });
    const module = device.createShaderModule({
      label: 'double',
      code: `@group(0) @binding(0) var<storage, read_write> data: array<f32>;
        @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
          if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * 2.0 + 1.0; }
        }`,
    });
    const input = Float32Array.from({ length: 100 }, (_, i) => i);
    const buffer = device.createBuffer({ label: 'data', size: input.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, input);
    const pipeline = device.createComputePipeline({ label: 'double', layout: 'auto', compute: { module, entryPoint: 'main' } });
    const bindGroup = device.createBindGroup({ label: 'double', layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer } }] });
    const readback = device.createBuffer({ label: 'readback', size: input.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = device.createCommandEncoder({ label: 'double' });
    const pass = encoder.beginComputePass({ label: 'double' });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(2);
    pass.end();
    encoder.copyBufferToBuffer(buffer, 0, readback, 0, input.byteLength);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(readback.getMappedRange().slice(0));
    expect(Array.from(out)).toEqual(Array.from(input, (x) => x * 2 + 1));
    device.destroy();
  });
});
