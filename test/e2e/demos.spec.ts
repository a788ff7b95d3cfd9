// The lessons' interactive demos run in the page, stay responsive, report in
// text, and read fine without JavaScript.
import { expect, test } from '@playwright/test';

test.describe('training playground (lesson 2)', () => {
  test('trains on the CPU backend, plots the loss, fills the table and stops on request', async ({ page }) => {
    await page.goto('/lessons/how-networks-learn/');
    const demo = page.locator('training-playground');
    await demo.scrollIntoViewIfNeeded();
    await expect(demo).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await demo.locator('select[name="backend"]').selectOption('cpu');
    await demo.locator('[data-action="train"]').click();
    await expect(demo.locator('[data-table] tbody tr')).toHaveCount(3, { timeout: 120_000 });
    await expect(demo.locator('[data-plot] canvas').first()).toBeVisible();
    // Seeded data and weights: the first row is the untrained network.
    await expect(demo.locator('[data-table] tbody tr').first()).toContainText('58.0%');
    await expect(demo.locator('[data-backend]')).toContainText(/CPU/);
    await demo.locator('[data-action="stop"]').click();
    await expect(demo).toHaveAttribute('data-state', 'stopped', { timeout: 30_000 });
    await expect(demo.locator('[data-announce]')).toContainText('Stopped at step');
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });
    test('shows the measured reference table and hides the controls', async ({ page }) => {
      await page.goto('/lessons/how-networks-learn/');
      const demo = page.locator('training-playground');
      expect(await demo.locator('[data-reference] table tbody tr').count()).toBeGreaterThan(0);
      await expect(demo.locator('[data-controls]')).toBeHidden();
    });
  });
});
