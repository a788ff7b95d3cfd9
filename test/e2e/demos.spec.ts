// The lessons' interactive demos run in the page, stay responsive, report in
// text, and read fine without JavaScript.
import { readFileSync } from 'node:fs';
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

test.describe('worker speedup (lesson 3)', () => {
  test('splits a job across Web Workers, plots the measured speedup and reports it', async ({ page }) => {
    await page.goto('/lessons/parallel-processing/');
    const demo = page.locator('worker-speedup-demo');
    await demo.scrollIntoViewIfNeeded();
    await demo.locator('select[data-job-size]').selectOption('100');
    await demo.locator('[data-action="start"]').click();
    await expect(demo.locator('[data-announce]')).toHaveText(/^Done\./, { timeout: 120_000 });
    await expect(demo).toHaveAttribute('data-state', 'idle');
    expect(await demo.locator('[data-table] tbody tr').count()).toBeGreaterThanOrEqual(2);
    await expect(demo.locator('[data-plot] canvas').first()).toBeVisible();
  });
});

test.describe('matmul race (lesson 4)', () => {
  test('races JS against the engine on WebGPU; both sides compute the same product', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/lessons/cpu-vs-gpu/');
    const demo = page.locator('matmul-race-demo');
    await demo.scrollIntoViewIfNeeded();
    await demo.locator('[data-action="start"]').click();
    await expect(demo).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await expect(demo).toHaveAttribute('data-state', 'idle', { timeout: 240_000 });
    const rows = demo.locator('[data-table] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(4);
    for (const row of await rows.all()) await expect(row.locator('td').last()).toHaveText('yes');
    await expect(demo.locator('[data-score="gpu"]')).toHaveText(/GFLOP\/s/);
    // On this course's CI the GPU is SwiftShader, and the demo must say the GPU is software.
    if (process.env.WEBGPU_ADAPTER !== 'hardware') await expect(demo.locator('[data-gpu-note]')).toContainText(/swiftshader/i);
  });
});

test.describe('demos without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('show their measured reference tables', async ({ page }) => {
    for (const [path, tag] of [
      ['/lessons/parallel-processing/', 'worker-speedup-demo'],
      ['/lessons/cpu-vs-gpu/', 'matmul-race-demo'],
    ] as const) {
      await page.goto(path);
      await expect(page.locator(`${tag} details[data-reference] table`)).toBeVisible();
    }
  });
});

test.describe('tiny LLM (lesson 11)', () => {
  test('trains a character-level transformer on WebGPU for 30 steps, the loss falls, and it generates text', async ({ page }) => {
    test.setTimeout(360_000);
    await page.goto('/lessons/llms-next-token-prediction/');
    const demo = page.locator('tiny-llm-demo');
    await demo.scrollIntoViewIfNeeded();
    await expect(demo).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    await demo.locator('[data-steps]').selectOption('30');
    await demo.locator('[data-action="train"]').click();
    await expect(demo).toHaveAttribute('data-state', 'training', { timeout: 30_000 });
    await expect(demo).toHaveAttribute('data-state', 'idle', { timeout: 240_000 });
    const rows = demo.locator('[data-table] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(15);
    const stepOf = async (row: number) => Number(await rows.nth(row).locator('th').textContent());
    const lossOf = async (row: number) => Number(await rows.nth(row).locator('td').first().textContent());
    expect(await stepOf(-1)).toBe(30);
    expect(await lossOf(-1)).toBeLessThan(await lossOf(0));
    await expect(demo.locator('[data-plot] canvas').first()).toBeVisible();
    await expect(demo.locator('[data-backend]')).toContainText(/WebGPU/);
    await demo.locator('[data-action="generate"]').click();
    await expect(demo.locator('[data-sample-note]')).toContainText('characters after 30 training steps', { timeout: 90_000 });
    expect((await demo.locator('[data-sample-text]').innerText()).length).toBeGreaterThanOrEqual(20);
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });
    test('shows the measured reference table', async ({ page }) => {
      await page.goto('/lessons/llms-next-token-prediction/');
      const demo = page.locator('tiny-llm-demo');
      expect(await demo.locator('[data-reference] table tbody tr').count()).toBeGreaterThan(0);
    });
  });
});

test.describe('Mandelbrot with two pipelines (lesson 12)', () => {
  test('draws the set with a fragment shader and a compute shader, times both and counts differing pixels', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/lessons/the-gaming-connection/');
    const demo = page.locator('mandelbrot-pipelines-demo');
    await demo.scrollIntoViewIfNeeded();
    await demo.locator('[data-action="draw"]').click();
    await expect(demo.locator('[data-summary]')).toHaveText(/differ in \d[\d,]* of 196,608 pixels/, { timeout: 120_000 });
    await expect(demo.locator('[data-table] tbody tr')).toHaveCount(3);
    // Both canvases hold a picture: more than one distinct colour.
    for (const canvas of await demo.locator('canvas').all()) {
      const colours = await canvas.evaluate((el) => {
        const c = el as HTMLCanvasElement;
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < data.length && seen.size < 10; i += 4 * 97) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        return seen.size;
      });
      expect(colours).toBeGreaterThan(3);
    }
  });
});

test.describe("demos that run the learner's own kernels (lessons 7 and 9)", () => {
  test("MatmulLab times the learner's saved naive kernel beside the course's tiled kernel and the engine", async ({ page }) => {
    test.setTimeout(240_000);
    const naive = readFileSync('exercises/matmul-naive/solution.wgsl', 'utf8');
    await page.addInitScript((code) => {
      localStorage.setItem(
        'gpu-course:progress',
        JSON.stringify({ version: 1, lessons: {}, exercises: { 'matmul-naive': { completed: true, code } } }),
      );
    }, naive);
    await page.goto('/lessons/matmul-on-the-gpu/');
    const demo = page.locator('matmul-lab-demo');
    await demo.scrollIntoViewIfNeeded();
    await demo.locator('select[name="size"]').selectOption('128');
    await demo.locator('[data-action="start"]').click();
    await expect(demo).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await expect(demo).toHaveAttribute('data-state', 'idle', { timeout: 200_000 });
    await expect(demo.locator('[data-table] tbody tr')).toHaveCount(3);
    await expect(demo.locator('tr[data-kernel="naive"]')).toContainText('yours (passed check)');
    await expect(demo.locator('tr[data-kernel="tiled"]')).toContainText('course solution (not solved yet)');
    await expect(demo.locator('[data-headline]')).toContainText(/speedup|as fast as|as long as/);
  });

  test("TrainOnYourKernels trains on the learner's kernels and on the engine's built-ins to the end, and the two agree", async ({ page }) => {
    test.setTimeout(420_000);
    const reluBackward = readFileSync('exercises/relu-backward/solution.wgsl', 'utf8');
    await page.addInitScript((code) => {
      localStorage.setItem(
        'gpu-course:progress',
        JSON.stringify({ version: 1, lessons: {}, exercises: { 'relu-backward': { completed: true, code } } }),
      );
    }, reluBackward);
    await page.goto('/lessons/training-on-your-kernels/');
    const demo = page.locator('train-on-your-kernels-demo');
    await demo.scrollIntoViewIfNeeded();
    await demo.locator('[data-action="start"]').click();
    const rows = demo.locator('[data-table] tbody tr');
    await expect(rows.nth(2)).toBeAttached({ timeout: 180_000 });
    await expect(demo.locator('[data-kernels] li')).toHaveCount(3);
    await expect(demo.locator('[data-kernels]')).toContainText('yours (passed check)');
    await expect(demo.locator('[data-plot] canvas').first()).toBeVisible();
    const lossAt = async (row: number) => Number(await rows.nth(row).locator('td').first().textContent());
    expect(await lossAt(2)).toBeLessThan(await lossAt(0));
    // Runs to the end of its 150 steps; the two networks must agree (the proof that the plugged-in kernels are right).
    await expect(demo).toHaveAttribute('data-state', 'idle', { timeout: 200_000 });
    await expect(demo.locator('[data-announce]')).toContainText(/^Finished after 150 steps\..*The two agree/);
  });
});
