// Unit tests run in Node. WebGPU tests use the npm `webgpu` package (Dawn);
// `npm run test:unit` starts vitest through scripts/with-gpu-env.mjs so Dawn
// finds SwiftShader on machines without a GPU.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/exercises/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
