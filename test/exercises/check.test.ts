/**
 * `npm run check:exercises`, in the spirit of rustlings' `dev check`: every
 * exercise folder is well formed, every solution passes every case on real
 * WebGPU (Dawn in Node), every starter compiles and fails at least one case,
 * and every exercise is embedded by exactly one lesson.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/index';
import { exerciseIds, loadGrader, loadManifest } from '../../src/exercises/registry';
import type { TsGrader, WgslGrader } from '../../src/grader/define';
import { gradeTs } from '../../src/grader/ts-grade';
import { gradeWgslOnSimulator } from '../../src/grader/sim-check';
import { gradeWgsl } from '../../src/grader/wgsl-grade';
import type { RunReport } from '../../src/runner/protocol';
import { requireNodeGpu } from '../support/node-gpu';

const EXERCISES_DIR = 'exercises';
const LESSONS_DIR = 'content/lessons';
const folders = readdirSync(EXERCISES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const ALLOWED_FILES: Record<'wgsl' | 'ts', string[]> = {
  wgsl: ['exercise.ts', 'grader.ts', 'prompt.md', 'solution.wgsl', 'starter.wgsl'],
  ts: ['exercise.ts', 'grader.ts', 'prompt.md', 'solution.ts', 'starter.ts'],
};

/** Which lessons embed which exercises: front matter `exercises` and `<Exercise id="...">` tags must agree. */
function lessonUsage(): Map<string, string[]> {
  const usage = new Map<string, string[]>();
  for (const file of readdirSync(LESSONS_DIR).filter((f) => f.endsWith('.mdx'))) {
    const source = readFileSync(join(LESSONS_DIR, file), 'utf8');
    const { frontmatter, content } = parseFrontmatter(source);
    const listed = ((frontmatter as { exercises?: string[] }).exercises ?? []).slice();
    const embedded = [...content.matchAll(/<Exercise\s+id="([^"]+)"/g)].map((m) => m[1]!);
    expect(embedded, `${file}: the <Exercise> tags must match the front matter's exercises list, in order`).toEqual(listed);
    for (const id of listed) usage.set(id, [...(usage.get(id) ?? []), file]);
  }
  return usage;
}

let device: GPUDevice;
let engine: Engine;
const SEED = 20261125;

beforeAll(async () => {
  const gpu = await requireNodeGpu();
  const adapter = await gpu.requestAdapter();
  device = await adapter!.requestDevice({ label: 'check:exercises' });
  engine = await createEngine({ backend: 'webgpu', gpu });
});

/** Plausible wrong answers per exercise (test/exercises/wrong/<id>/): each must fail grading. */
const WRONG_DIR = 'test/exercises/wrong';
function wrongAnswers(id: string): string[] {
  try {
    return readdirSync(join(WRONG_DIR, id)).sort();
  } catch {
    return [];
  }
}

async function grade(id: string, file: string, dir = join(EXERCISES_DIR, id)): Promise<RunReport> {
  const manifest = await loadManifest(id);
  const code = readFileSync(join(dir, file), 'utf8');
  if (manifest.kind === 'wgsl') {
    const grader = (await loadGrader(id, 'wgsl')) as WgslGrader;
    return gradeWgsl({ device, manifest, grader, code, seed: SEED });
  }
  const grader = (await loadGrader(id, 'ts')) as TsGrader;
  return gradeTs({ engine, manifest, grader, code, seed: SEED });
}

function describeReport(report: RunReport): string {
  return [report.summary, ...report.cases.filter((c) => !c.passed).map((c) => `  ${c.name}: ${c.explanation}`)].join('\n');
}

describe('exercise folders', () => {
  it('has at least one exercise, and every folder has a manifest', () => {
    expect(folders.length).toBeGreaterThan(0);
    expect(exerciseIds()).toEqual(folders);
  });

  it('every exercise is used by exactly one lesson, and every id a lesson names exists', () => {
    const usage = lessonUsage();
    for (const id of folders) expect(usage.get(id) ?? [], `exercise ${id} must be embedded by exactly one lesson`).toHaveLength(1);
    for (const [id, files] of usage) expect(folders, `${files.join(', ')} names exercise "${id}", which does not exist`).toContain(id);
  });
});

describe.each(folders)('exercise %s', (id) => {
  it('has a valid manifest whose id equals the folder, and no stray files', async () => {
    const manifest = await loadManifest(id);
    expect(manifest.id).toBe(id);
    const files = readdirSync(join(EXERCISES_DIR, id)).sort();
    expect(files).toEqual(ALLOWED_FILES[manifest.kind]);
    const ext = manifest.kind === 'wgsl' ? 'wgsl' : 'ts';
    expect(readFileSync(join(EXERCISES_DIR, id, `starter.${ext}`), 'utf8')).toContain('TODO');
    expect(readFileSync(join(EXERCISES_DIR, id, `solution.${ext}`), 'utf8')).not.toContain('TODO');
  });

  it('solution passes every case on real WebGPU', async () => {
    const report = await grade(id, (await loadManifest(id)).kind === 'wgsl' ? 'solution.wgsl' : 'solution.ts');
    expect(report.status, describeReport(report)).toBe('passed');
    expect(report.cases.length).toBeGreaterThan(0);
    expect(report.cases.every((c) => c.passed)).toBe(true);
  });

  it('solution passes every case on the CPU simulator too (no races, no out-of-bounds accesses)', async () => {
    const manifest = await loadManifest(id);
    if (manifest.kind !== 'wgsl') return;
    const grader = (await loadGrader(id, 'wgsl')) as WgslGrader;
    const report = gradeWgslOnSimulator({ manifest, grader, code: readFileSync(join(EXERCISES_DIR, id, 'solution.wgsl'), 'utf8'), seed: SEED });
    expect(report.status, describeReport(report)).toBe('passed');
  });

  it('rejects every known wrong answer in test/exercises/wrong/', async () => {
    const wrong = wrongAnswers(id);
    expect(wrong.length, `add at least one plausible wrong answer under ${WRONG_DIR}/${id}/`).toBeGreaterThan(0);
    for (const file of wrong) {
      const report = await grade(id, file, join(WRONG_DIR, id));
      expect(report.status, `${file} must fail: ${describeReport(report)}`).not.toBe('passed');
    }
  });

  it('starter compiles and fails at least one case', async () => {
    const report = await grade(id, (await loadManifest(id)).kind === 'wgsl' ? 'starter.wgsl' : 'starter.ts');
    expect(report.diagnostics.filter((d) => d.severity === 'error'), describeReport(report)).toEqual([]);
    expect(report.status, describeReport(report)).toBe('failed');
  });
});
