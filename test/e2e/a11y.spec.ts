// Accessibility audit with axe-core: no serious or critical violations on the
// home page, every lesson and the 404 page, in light and dark colour schemes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { builtLessonPaths } from './built-pages';

const paths = ['/', ...builtLessonPaths(), '/404.html'];

for (const path of paths) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`axe: ${path} (${colorScheme})`, async ({ page }) => {
      // Long lessons with typeset math have many nodes; axe's contrast checks take a while on a busy 2-core machine.
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const summary = serious.map(
        (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
      );
      expect(summary).toEqual([]);
    });
  }
}
