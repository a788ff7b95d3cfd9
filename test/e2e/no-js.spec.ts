// Text-only lessons ship no JavaScript and no editor CSS, and every lesson
// reads fine with JavaScript switched off.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { builtLessonPaths } from './built-pages';

async function lessonPaths(page: import('@playwright/test').Page): Promise<string[]> {
  await page.goto('/');
  return page.locator('.lesson-card h3 a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
}

// Which lessons are text-only is read from the built HTML (no island, nothing marked
// interactive), so only those pages need a visit with the network watched.
function textOnlyLessonPaths(): string[] {
  return builtLessonPaths().filter((path) => !/<astro-island|data-interactive/.test(readFileSync(`dist${path}index.html`, 'utf8')));
}

test('a text-only lesson loads zero JavaScript files and no editor CSS', async ({ page }) => {
  const paths = textOnlyLessonPaths();
  expect(paths.length, 'no text-only lesson found').toBeGreaterThan(0);
  for (const path of paths) {
    const scripts: string[] = [];
    const stylesheets: string[] = [];
    const onRequest = (request: import('@playwright/test').Request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
      if (request.resourceType() === 'stylesheet') stylesheets.push(request.url());
    };
    page.on('request', onRequest);
    await page.goto(path, { waitUntil: 'networkidle' });
    page.off('request', onRequest);
    // The page as served agrees with the file: no islands, nothing interactive.
    expect(await page.locator('astro-island, [data-interactive]').count(), path).toBe(0);
    const inlineScripts = await page.locator('script:not([type="application/ld+json"])').count();
    expect(scripts, `${path} requested scripts`).toEqual([]);
    expect(inlineScripts, `${path} has inline scripts`).toBe(0);
    expect(stylesheets.filter((s) => /monaco|editor/i.test(s)), `${path} loads editor CSS`).toEqual([]);
    const cssText = await page.evaluate(() =>
      [...document.styleSheets].map((s) => [...s.cssRules].map((r) => r.cssText).join('\n')).join('\n'),
    );
    expect(cssText.includes('.monaco-editor'), `${path} contains Monaco's CSS`).toBe(false);
  }
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });
  test('every lesson shows its title, prose, math and navigation', async ({ page }) => {
    for (const path of await lessonPaths(page)) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect((await page.locator('.prose').innerText()).length).toBeGreaterThan(200);
      await expect(page.getByRole('navigation', { name: 'Course outline' })).toBeVisible();
    }
  });
});
