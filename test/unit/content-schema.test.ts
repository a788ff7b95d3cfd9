// Lesson front matter: the schema accepts good lessons, rejects bad ones with
// the field named, and a real `astro build` on a bad lesson fails naming the
// file and the field.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lessonSchema, parseLessonFileName } from '../../src/course/schema';

const good = {
  title: 'Many hands',
  summary: 'Why splitting work helps, and where it stops helping.',
  part: 1,
  minutes: 20,
  objectives: ['Compute an Amdahl speedup'],
};

describe('lesson schema', () => {
  it('accepts a complete lesson and defaults exercises and draft', () => {
    const parsed = lessonSchema.parse(good);
    expect(parsed.exercises).toEqual([]);
    expect(parsed.draft).toBe(false);
  });

  it.each([
    ['minutes', { ...good, minutes: 'twenty' }],
    ['objectives', { ...good, objectives: [] }],
    ['summary', { ...good, summary: 'short' }],
    ['exercises', { ...good, exercises: ['Not_Kebab'] }],
    ['part', { ...good, part: 0 }],
    ['titel', { ...good, titel: 'typo' }],
  ])('names the bad field %s', (field, data) => {
    const result = lessonSchema.safeParse(data);
    expect(result.success).toBe(false);
    const text = JSON.stringify(result.error!.issues);
    expect(text).toContain(field);
  });

  it('reads order and slug from the file name and rejects names without a prefix', () => {
    expect(parseLessonFileName('03-parallel-processing.mdx')).toEqual({ order: 3, slug: 'parallel-processing' });
    expect(() => parseLessonFileName('parallel.mdx')).toThrow(/NN-kebab-slug\.mdx/);
  });
});

describe('astro build with invalid front matter', () => {
  it('fails and names the file and the field', async () => {
    const root = resolve(__dirname, '../..');
    const dir = mkdtempSync(join(tmpdir(), 'course-bad-frontmatter-'));
    try {
      for (const item of ['src', 'scripts', 'shaders', 'astro.config.mjs', 'tsconfig.json', 'public']) cpSync(join(root, item), join(dir, item), { recursive: true });
      mkdirSync(join(dir, 'content/lessons'), { recursive: true });
      cpSync(join(root, 'content/parts.json'), join(dir, 'content/parts.json'));
      cpSync(join(root, 'package.json'), join(dir, 'package.json'));
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
      writeFileSync(
        join(dir, 'content/lessons/07-broken-lesson.mdx'),
        `---\ntitle: Broken\nsummary: A lesson whose minutes field is not a number.\npart: 1\nminutes: soon\nobjectives:\n  - Break the build\n---\n\nText.\n`,
      );
      const run = promisify(execFile)(join(root, 'node_modules/.bin/astro'), ['build'], { cwd: dir, env: { ...process.env, FORCE_COLOR: '0' } });
      const error = await run.then(
        () => undefined,
        (e: { stdout: string; stderr: string }) => e,
      );
      expect(error, 'astro build succeeded on an invalid lesson').toBeDefined();
      const output = `${error!.stdout}\n${error!.stderr}`;
      expect(output).toContain('07-broken-lesson.mdx');
      expect(output).toMatch(/minutes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
