// The course site's pages: home outline, lesson navigation, 404, and a phone-sized layout.
import { expect, test } from '@playwright/test';

async function lessonLinks(page: import('@playwright/test').Page): Promise<string[]> {
  await page.goto('/');
  return page.locator('.lesson-card h3 a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
}

test('home lists every lesson by part with its summary and time', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/GPUs for Neural Networks/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const parts = page.locator('.home-part');
  await expect(parts.first()).toBeVisible();
  const cards = page.locator('.lesson-card');
  expect(await cards.count()).toBeGreaterThan(0);
  for (const card of await cards.all()) {
    await expect(card.locator('h3 a')).toHaveText(/^\d+\. .{3,}/);
    await expect(card.locator('.lesson-card__meta')).toHaveText(/\d+ (min|h)/);
  }
});

test('lesson URLs carry no ordering prefix; every lesson page has outline, contents and pager; math is typeset and WGSL highlighted at build time', async ({ page }) => {
  const links = await lessonLinks(page);
  expect(links.length).toBeGreaterThan(0);
  let sawMath = false;
  let sawWgsl = false;
  for (const [i, path] of links.entries()) {
    expect(path).toMatch(/^\/lessons\/[a-z][a-z0-9-]*\/$/);
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('navigation', { name: 'Course outline' })).toBeVisible();
    await expect(page.locator(`nav[aria-label="Course outline"] a[aria-current="page"]`)).toHaveAttribute('href', path);
    await expect(page.locator('.lesson__meta')).toContainText(/Lesson \d+ · \d+/);
    if (i > 0) await expect(page.locator('a[rel="prev"]')).toHaveAttribute('href', links[i - 1]!);
    if (i < links.length - 1) await expect(page.locator('a[rel="next"]')).toHaveAttribute('href', links[i + 1]!);
    if ((await page.locator('.katex').count()) > 0) {
      sawMath = true;
      // KaTeX ran at build time, and its MathML is kept for screen readers.
      expect(await page.locator('.katex math').count(), path).toBeGreaterThan(0);
    }
    // WGSL code blocks are highlighted by Shiki at build time: tokens carry their own colours.
    const wgslBlock = page.locator('pre.astro-code[data-language="wgsl"]').first();
    if ((await wgslBlock.count()) > 0) {
      sawWgsl = true;
      expect(await wgslBlock.locator('span[style*="--shiki-dark"]').count(), path).toBeGreaterThan(3);
    }
  }
  expect(sawMath, 'no lesson contains typeset math').toBe(true);
  expect(sawWgsl, 'no lesson contains a highlighted WGSL block').toBe(true);
});

test('the on-page contents link to headings that exist', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const [first] = await lessonLinks(page);
  await page.goto(first!);
  const tocLinks = page.locator('.page-toc a');
  expect(await tocLinks.count()).toBeGreaterThan(1);
  for (const link of await tocLinks.all()) {
    const id = (await link.getAttribute('href'))!.slice(1);
    await expect(page.locator(`[id="${id}"]`)).toHaveCount(1);
  }
});

test('an unknown address shows the 404 page', async ({ page }) => {
  const response = await page.goto('/lessons/no-such-lesson/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('on a 360 px phone nothing overflows sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const links = await lessonLinks(page);
  for (const path of ['/', ...links]) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} is ${overflow}px wider than the screen`).toBeLessThanOrEqual(0);
  }
});
