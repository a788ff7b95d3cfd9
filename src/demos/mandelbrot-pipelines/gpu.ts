/**
 * Runs the MandelbrotPipelines demo's two GPU versions on a GPUDevice and
 * times them: a render pass (full-screen triangle, fragment shader) into an
 * rgba8unorm colour texture plus an r32uint texture holding the counts, and
 * a compute pass into a storage buffer. Each timing is submit →
 * onSubmittedWorkDone of one pass, so it covers the GPU work and its launch,
 * not the readback. Both images are read back and the page paints them on
 * 2-D canvases: rendering straight into a WebGPU canvas would be the usual
 * way, but in headless Chromium with SwiftShader, getCurrentTexture() leaves
 * every later promise of the device rejected ("A valid external Instance
 * reference no longer exists"), which would break the demo's second run and
 * its browser test. Touches only WebGPU, so it runs in Node (Dawn) too.
 */
import { COMPUTE_SHADER, RENDER_SHADER } from './shaders';
import { paddedBytesPerRow, uniformWords, unpadRows, type MandelbrotView } from './view';

export interface MandelbrotGpu {
  readonly device: GPUDevice;
  readonly renderPipeline: GPURenderPipeline;
  readonly computePipeline: GPUComputePipeline;
}

/** The colour target's format: 4 bytes per pixel in ImageData's order. */
const COLOUR_FORMAT: GPUTextureFormat = 'rgba8unorm';

/** One timed version: per-run times in ms (after a warm-up run) and the counts of the last run. */
export interface TimedImage {
  readonly timesMs: number[];
  readonly counts: Uint32Array;
}

/** The render version also returns the fragment shader's colours, RGBA bytes row by row. */
export interface RenderedImage extends TimedImage {
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
}

export async function createMandelbrotGpu(device: GPUDevice): Promise<MandelbrotGpu> {
  device.pushErrorScope('validation');
  const renderModule = device.createShaderModule({ label: 'mandelbrot demo: render shader', code: RENDER_SHADER });
  const computeModule = device.createShaderModule({ label: 'mandelbrot demo: compute shader', code: COMPUTE_SHADER });
  const renderPipeline = await device.createRenderPipelineAsync({
    label: 'mandelbrot demo: render pipeline',
    layout: 'auto',
    vertex: { module: renderModule, entryPoint: 'vs' },
    fragment: { module: renderModule, entryPoint: 'fs', targets: [{ format: COLOUR_FORMAT }, { format: 'r32uint' }] },
    primitive: { topology: 'triangle-list' },
  });
  const computePipeline = await device.createComputePipelineAsync({
    label: 'mandelbrot demo: compute pipeline',
    layout: 'auto',
    compute: { module: computeModule, entryPoint: 'main' },
  });
  const error = await device.popErrorScope();
  if (error) throw new Error(`Mandelbrot demo: creating the pipelines failed: ${error.message}`);
  return { device, renderPipeline, computePipeline };
}

function viewBuffer(device: GPUDevice, view: MandelbrotView): GPUBuffer {
  const buffer = device.createBuffer({ label: 'mandelbrot demo: view', size: 32, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, uniformWords(view));
  return buffer;
}

async function timeSubmit(device: GPUDevice, commands: GPUCommandBuffer): Promise<number> {
  const started = performance.now();
  device.queue.submit([commands]);
  await device.queue.onSubmittedWorkDone();
  return performance.now() - started;
}

async function readBuffer(device: GPUDevice, source: GPUBuffer, size: number): Promise<Uint32Array> {
  const readback = device.createBuffer({ label: 'mandelbrot demo: readback', size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: 'mandelbrot demo: readback' });
  encoder.copyBufferToBuffer(source, 0, readback, 0, size);
  device.queue.submit([encoder.finish()]);
  await readback.mapAsync(GPUMapMode.READ);
  const words = new Uint32Array(readback.getMappedRange().slice(0));
  readback.unmap();
  readback.destroy();
  return words;
}

/** Copies a 4-byte-per-pixel texture to the CPU, without the row padding. */
async function readTexture(device: GPUDevice, texture: GPUTexture, width: number, height: number): Promise<Uint32Array<ArrayBuffer>> {
  const bytesPerRow = paddedBytesPerRow(width);
  const staging = device.createBuffer({ label: `mandelbrot demo: ${texture.label} staging`, size: bytesPerRow * height, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: `mandelbrot demo: copy ${texture.label}` });
  encoder.copyTextureToBuffer({ texture }, { buffer: staging, bytesPerRow }, [width, height]);
  device.queue.submit([encoder.finish()]);
  const padded = await readBuffer(device, staging, bytesPerRow * height);
  staging.destroy();
  return unpadRows(padded, width, height);
}

/** The render-pipeline version. `shouldStop` is checked between runs. */
export async function renderWithPipeline(
  gpu: MandelbrotGpu,
  view: MandelbrotView,
  runs: number,
  shouldStop: () => boolean = () => false,
): Promise<RenderedImage | null> {
  const { device } = gpu;
  const uniforms = viewBuffer(device, view);
  const colourTexture = device.createTexture({
    label: 'mandelbrot demo: colour target',
    size: [view.width, view.height],
    format: COLOUR_FORMAT,
    usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
  });
  const countTexture = device.createTexture({
    label: 'mandelbrot demo: counts target',
    size: [view.width, view.height],
    format: 'r32uint',
    usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
  });
  const bindGroup = device.createBindGroup({
    label: 'mandelbrot demo: render bindings',
    layout: gpu.renderPipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: uniforms } }],
  });
  const timesMs: number[] = [];
  try {
    // Run 0 is a warm-up (first use of the pipeline and the targets); its time is not kept.
    for (let run = 0; run <= runs; run++) {
      if (shouldStop()) return null;
      const encoder = device.createCommandEncoder({ label: 'mandelbrot demo: render pass' });
      const pass = encoder.beginRenderPass({
        label: 'mandelbrot demo: render pass',
        colorAttachments: [
          { view: colourTexture.createView({ label: 'mandelbrot demo: colour view' }), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 1] },
          { view: countTexture.createView({ label: 'mandelbrot demo: counts view' }), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 0] },
        ],
      });
      pass.setPipeline(gpu.renderPipeline);
      pass.setBindGroup(0, bindGroup);
      pass.draw(3);
      pass.end();
      const ms = await timeSubmit(device, encoder.finish());
      if (run > 0) timesMs.push(ms);
    }
    const counts = await readTexture(device, countTexture, view.width, view.height);
    const colours = await readTexture(device, colourTexture, view.width, view.height);
    return { timesMs, counts, rgba: new Uint8ClampedArray(colours.buffer) };
  } finally {
    colourTexture.destroy();
    countTexture.destroy();
    uniforms.destroy();
  }
}

/** The compute version: ceil(width / 8) × ceil(height / 8) workgroups writing counts to a storage buffer. */
export async function computeWithKernel(
  gpu: MandelbrotGpu,
  view: MandelbrotView,
  runs: number,
  shouldStop: () => boolean = () => false,
): Promise<TimedImage | null> {
  const { device } = gpu;
  const uniforms = viewBuffer(device, view);
  const size = view.width * view.height * 4;
  const counts = device.createBuffer({ label: 'mandelbrot demo: counts buffer', size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const bindGroup = device.createBindGroup({
    label: 'mandelbrot demo: compute bindings',
    layout: gpu.computePipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: uniforms } },
      { binding: 1, resource: { buffer: counts } },
    ],
  });
  const timesMs: number[] = [];
  try {
    for (let run = 0; run <= runs; run++) {
      if (shouldStop()) return null;
      const encoder = device.createCommandEncoder({ label: 'mandelbrot demo: compute pass' });
      const pass = encoder.beginComputePass({ label: 'mandelbrot demo: compute pass' });
      pass.setPipeline(gpu.computePipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(Math.ceil(view.width / 8), Math.ceil(view.height / 8));
      pass.end();
      const ms = await timeSubmit(device, encoder.finish());
      if (run > 0) timesMs.push(ms);
    }
    return { timesMs, counts: await readBuffer(device, counts, size) };
  } finally {
    counts.destroy();
    uniforms.destroy();
  }
}
