/**
 * WebGPU in Node for unit tests, through the npm `webgpu` package (Dawn).
 *
 * Tests that need WebGPU call `requireNodeGpu()`. When no adapter can be had it
 * throws with the reason, so the test fails loudly instead of skipping: a
 * skipped GPU test would let a broken backend land unnoticed.
 */
import { create, globals } from 'webgpu';

let cached: Promise<GPU> | undefined;

export function requireNodeGpu(): Promise<GPU> {
  cached ??= (async () => {
    // Dawn's globals (GPUBufferUsage, GPUMapMode, ...) are what browser code expects to find.
    Object.assign(globalThis, globals);
    const gpu = create([]) as GPU;
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      throw new Error(
        'No WebGPU adapter in Node. Run the tests through `npm run test:unit` (it sets VK_ICD_FILENAMES ' +
          'and LD_LIBRARY_PATH for SwiftShader from Debian\'s chromium package), and install chromium ' +
          '(apt-get install chromium) on a machine without a GPU.',
      );
    }
    return gpu;
  })();
  return cached;
}
