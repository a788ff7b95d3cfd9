// Every lesson, as a learner meets it: the page loads without console errors,
// and each embedded exercise's editor loads and its reference solution passes
// in the page (real grading worker, real WebGPU on SwiftShader).
import { readdirSync, readFileSync } from 'node:fs';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { expect, test, type Page } from '@playwright/test';

interface LessonInfo {
  slug: string;
  exercises: string[];
}

function lessons(): LessonInfo[] {
  return readdirSync('content/lessons')
    .filter((f) => f.endsWith('.mdx'))
    .sort()
    .map((file) => {
      const { frontmatter } = parseFrontmatter(readFileSync(`content/lessons/${file}`, 'utf8'));
      const data = frontmatter as { exercises?: string[]; draft?: boolean };
      return { slug: file.replace(/^\d+-/, '').replace(/\.mdx$/, ''), exercises: data.exercises ?? [], draft: !!data.draft };
    })
    .filter((l) => !(l as { draft: boolean }).draft);
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

for (const lesson of lessons()) {
  // One page per lesson, as a learner would work through it: the editor and worker load once.
  test(`lesson ${lesson.slug}: no console errors; every exercise's editor loads and its solution passes in the page`, async ({ page }) => {
    test.setTimeout(60_000 + lesson.exercises.length * 90_000);
    const errors = collectErrors(page);
    await page.goto(`/lessons/${lesson.slug}/`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    for (const id of lesson.exercises) {
      const exercise = page.locator(`#exercise-${id}`);
      await exercise.scrollIntoViewIfNeeded();
      await expect(exercise).toHaveAttribute('data-ready', 'true', { timeout: 90_000 });
      await expect(exercise.locator('.monaco-editor')).toBeVisible();
      const kind = await exercise.getAttribute('data-kind');
      const solution = readFileSync(`exercises/${id}/solution.${kind === 'wgsl' ? 'wgsl' : 'ts'}`, 'utf8');
      await exercise.evaluate((el, code) => (el as HTMLElement & { courseEditor: { setValue(c: string): void } }).courseEditor.setValue(code), solution);
      await exercise.locator('button[data-action="run"]').click();
      await expect(exercise.locator('[data-results] .results__summary'), id).toHaveText(/All \d+ cases pass/, { timeout: 90_000 });
      await expect(exercise.locator('[data-done-badge]')).toBeVisible();
    }
    expect(errors).toEqual([]);
  });
}
