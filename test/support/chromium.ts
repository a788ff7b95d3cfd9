/**
 * Which Chromium the browser tests and scripts drive, and with which flags.
 *
 * Order: $CHROMIUM_PATH, then Debian's /usr/bin/chromium, then Playwright's
 * own download. The flags give WebGPU on machines without a GPU (SwiftShader)
 * and keep Chromium off the network (CI has none).
 */
import { existsSync } from 'node:fs';

export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

export function chromiumArgs(): string[] {
  const args = [
    '--enable-unsafe-webgpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  // Linux machines without a GPU (CI, this course's dev boxes): use SwiftShader, Chromium's CPU Vulkan.
  if (process.platform === 'linux' && process.env.WEBGPU_ADAPTER !== 'hardware') {
    args.push('--use-webgpu-adapter=swiftshader');
  }
  // Chromium refuses to start its sandbox as root (CI runs as root).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}
