#!/usr/bin/env node
// Runs a command with the environment that Dawn (the npm `webgpu` package)
// needs to find a software Vulkan driver on a machine without a GPU.
//
// Why a launcher and not `process.env` inside the tests: the dynamic loader
// reads LD_LIBRARY_PATH only when a process starts, so it has to be set before
// the test runner's process exists. On machines with a real GPU (or no Debian
// Chromium) nothing is changed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const SWIFTSHADER_DIR = '/usr/lib/chromium';
const icd = `${SWIFTSHADER_DIR}/vk_swiftshader_icd.json`;
const env = { ...process.env };
if (existsSync(icd) && !env.VK_ICD_FILENAMES) {
  env.VK_ICD_FILENAMES = icd;
  // Chromium ships its own libvulkan.so.1 beside SwiftShader; Debian does not
  // install one system-wide unless libvulkan1 is present.
  env.LD_LIBRARY_PATH = [SWIFTSHADER_DIR, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
}
env.XDG_RUNTIME_DIR ??= '/tmp';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-gpu-env.mjs <command> [args...]');
  process.exit(2);
}
const child = spawn(command, args, { env, stdio: 'inherit', shell: process.platform === 'win32' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
