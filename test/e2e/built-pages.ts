// The pages of the built site (dist/), listed when the tests are collected so
// each page can get its own test (and its own timeout).
import { existsSync, readdirSync } from 'node:fs';

export function builtLessonPaths(): string[] {
  if (!existsSync('dist/lessons')) throw new Error('dist/ is missing: run `npm run build` before the end-to-end tests');
  return readdirSync('dist/lessons', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`dist/lessons/${d.name}/index.html`))
    .map((d) => `/lessons/${d.name}/`)
    .sort();
}
