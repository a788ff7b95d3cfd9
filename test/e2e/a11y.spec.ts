// Accessibility audit with axe-core: no serious or critical violations on the
// home page and on every lesson, in light and dark colour schemes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

async function auditedPaths(page: import('@playwright/test').Page): Promise<string[]> {
  await page.goto('/');
  const lessons = await page.locator('.lesson-card h3 a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  return ['/', ...lessons, '/404.html'];
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    for (const path of await auditedPaths(page)) {
      await page.goto(path);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      expect(summary, `${path} (${colorScheme})`).toEqual([]);
    }
  });
}
