// Accessibility audit with axe-core: no serious or critical violations on the
// home page, every lesson and the 404 page, in light and dark colour schemes.
// Each page loads once: every rule runs in light; in dark only the colour
// rules run again (nothing else depends on the scheme), which halves the time
// axe takes on long lessons full of typeset math.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { builtLessonPaths } from './built-pages';

const paths = ['/', ...builtLessonPaths(), '/404.html'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

async function seriousViolations(page: Page, rules?: string[]): Promise<string[]> {
  // Legacy mode runs axe.run in the page itself instead of runPartial in every frame plus
  // finishRun in a second page: our pages have no iframes, and on a lesson with thousands of
  // math nodes it is three times faster. Only violations carry node details, for the same reason.
  const builder = new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] });
  const results = await (rules ? builder.withRules(rules) : builder.withTags(TAGS)).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

for (const path of paths) {
  test(`axe: ${path} (light, then dark)`, async ({ page }) => {
    // Long lessons with typeset math have many nodes; axe takes a while on a busy 2-core machine.
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(path);
    // Prose far from the viewport is skipped by the browser (content-visibility: auto) until a
    // reader scrolls to it; axe's contrast check would hit-test text laid out inside a box of
    // estimated height. Audit the page as a reader sees each part of it: drawn.
    await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
    expect(await seriousViolations(page), 'light').toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page, COLOUR_RULES), 'dark').toEqual([]);
  });
}
