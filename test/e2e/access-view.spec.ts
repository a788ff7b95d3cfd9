// The memory-access view under a WGSL exercise's results ("What your threads
// touched"): present after a run, the invocation picker highlights exactly
// that invocation's cells and says them in words, step mode walks the barrier
// phases, axe finds nothing serious in the open view (light and dark). And
// without WebGPU, a kernel is graded on the CPU simulator under a visible
// "Simulated on CPU" badge.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../support/chromium';

const LESSON = '/lessons/workgroups-shared-memory/';

async function openExercise(page: Page, path: string, id: string): Promise<Locator> {
  await page.goto(path);
  const exercise = page.locator(`#exercise-${id}`);
  await exercise.scrollIntoViewIfNeeded();
  await expect(exercise).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  return exercise;
}

async function runSolution(exercise: Locator, id: string): Promise<string> {
  const code = readFileSync(`exercises/${id}/solution.wgsl`, 'utf8');
  await exercise.evaluate((el, text) => (el as HTMLElement & { courseEditor: { setValue(c: string): void } }).courseEditor.setValue(text), code);
  await exercise.locator('button[data-action="run"]').click();
  const summary = exercise.locator('[data-results] .results__summary');
  await expect(summary).toBeVisible({ timeout: 90_000 });
  return (await summary.textContent()) ?? '';
}

async function seriousViolations(page: Page, selector: string, rules?: string[]): Promise<string[]> {
  const builder = new AxeBuilder({ page }).include(selector);
  const results = await (rules ? builder.withRules(rules) : builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('after a run, the view shows who touched what; picking invocation 3 highlights its cells; step mode walks the phases', async ({ page }) => {
  // Two axe passes over a few thousand nodes take minutes on a busy 2-core machine.
  test.setTimeout(300_000);
  const exercise = await openExercise(page, LESSON, 'block-max');
  expect(await runSolution(exercise, 'block-max')).toMatch(/All \d+ cases pass/);

  const view = exercise.locator('details.access-view');
  await expect(view).toBeVisible();
  await expect(view.locator('summary')).toContainText('What your threads touched');
  // The drawn case: n = 200 in 4 workgroups of 64 (input, maxima and four copies of tile).
  await expect(view.locator('summary')).toContainText('n = 200');
  if (!(await view.evaluate((d) => (d as HTMLDetailsElement).open))) await view.locator('summary').click();
  await expect(view.locator('.access-buffer--storage')).toHaveCount(2);
  await expect(view.locator('.access-view__buffers .access-buffer--workgroup')).toHaveCount(4);
  await expect(view.locator('td[data-cell="0:199"]')).toHaveAttribute('title', /^input\[199\] = .*read by invocation 199/);

  // Invocation 3 reads input[0] (the padding value) and input[3], writes tile[3], and in the tree reads
  // tile[3 + 32], tile[3 + 16], tile[3 + 8], tile[3 + 4] (strides below 4 are for lower ids).
  await view.getByLabel('Invocation', { exact: true }).selectOption('3');
  const selected = await view.locator('.access-view__buffers td.is-selected').evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.cell));
  expect(selected.sort()).toEqual(['0:0', '0:3', '2:11', '2:19', '2:3', '2:35', '2:7'].sort());
  await expect(view.locator('.access-view__selection')).toHaveText(
    'Invocation 3 (global id (3, 0, 0), workgroup (0, 0, 0), local id (3, 0, 0)) reads input[0], input[3], tile[3], tile[7], tile[11], tile[19], tile[35] (workgroup memory); writes tile[3] (workgroup memory).',
  );
  await expect(view.locator('[aria-live="polite"]')).toContainText('Invocation 3');
  await expect(view.locator('.access-counts tr.is-selected th')).toHaveText('3');

  // Step mode: 8 phases (loads, six rounds, the final write).
  const steps = view.locator('.access-steps');
  await expect(steps.locator('.access-steps__position')).toHaveText('Phase 1 of 8');
  await expect(steps.getByRole('button', { name: 'Previous phase' })).toBeDisabled();
  await steps.getByRole('button', { name: 'Next phase' }).click();
  await expect(steps.locator('.access-steps__position')).toHaveText('Phase 2 of 8');
  await expect(steps.locator('.access-steps__title')).toContainText('from the 1st barrier to the 2nd barrier (workgroupBarrier()');
  await expect(steps.locator('.access-steps__accesses li').first()).toHaveText(/^invocation 0 reads tile\[0\], tile\[32\]; writes tile\[0\]$/);
  await expect(view.locator('[aria-live="polite"]')).toContainText('Phase 2 of 8');
  // Workgroup memory after the phase: cells 0..31 were read and written, 32..63 only read.
  const tileAfter = steps.locator('.access-steps__memory .access-buffer').first();
  await expect(tileAfter.locator('.access-buffer__title')).toContainText('tile of workgroup (0, 0, 0) after phase 2');
  await expect(steps.getByRole('table', { name: /tile of workgroup \(0, 0, 0\) after phase 2/ })).toBeVisible();
  await expect(tileAfter.locator('td[data-cell="2:5"] .access-cell__marker')).toHaveText('RW');
  await expect(tileAfter.locator('td[data-cell="2:40"] .access-cell__marker')).toHaveText('R');
  // Keyboard: the Next button works from the keyboard too.
  await steps.getByRole('button', { name: 'Next phase' }).focus();
  await page.keyboard.press('Enter');
  await expect(steps.locator('.access-steps__position')).toHaveText('Phase 3 of 8');

  // axe is slow on a busy machine: every rule in light, then only the colour rules again in dark.
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await seriousViolations(page, '#exercise-block-max details.access-view')).toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await seriousViolations(page, '#exercise-block-max details.access-view', ['color-contrast', 'link-in-text-block'])).toEqual([]);
});

test('without WebGPU, a kernel is graded on the CPU simulator under a visible "Simulated on CPU" badge', async ({ playwright, baseURL }) => {
  test.setTimeout(180_000);
  // The same Chromium without the flags that give it a (software) WebGPU adapter, and with its GPU off.
  const browser = await playwright.chromium.launch({
    executablePath: chromiumExecutable(),
    args: [...chromiumArgs().filter((a) => !/webgpu/i.test(a)), '--disable-gpu'],
  });
  try {
    const page = await (await browser.newContext({ baseURL })).newPage();
    await page.goto('/');
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
      return gpu ? (await gpu.requestAdapter()) !== null : false;
    });
    expect(adapter, 'this browser must have no WebGPU adapter for the test to mean anything').toBe(false);

    const exercise = await openExercise(page, '/lessons/first-kernels/', 'first-map');
    const summary = await runSolution(exercise, 'first-map');
    expect(summary).toMatch(/^Simulated on the CPU: All \d+ cases pass/);
    const badge = exercise.locator('.results__simulated');
    await expect(badge).toBeVisible();
    await expect(badge.locator('.results__badge')).toHaveText('Simulated on CPU');
    await expect(badge).toContainText(/CPU simulator of WGSL/);
    await expect(exercise.locator('.results__timing').first()).toContainText('CPU simulator');
    await expect(exercise.locator('details.access-view')).toBeVisible();
  } finally {
    await browser.close();
  }
});
