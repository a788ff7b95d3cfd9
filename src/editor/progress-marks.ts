/**
 * Marks completed exercises and lessons in the outline (home cards and the
 * lesson sidebar) from the progress saved in this browser. Elements opt in
 * with `data-lesson-exercises='["id", ...]'`; an element with
 * `data-progress-text` inside gets a short count.
 */
import { progressStore } from './progress';

export const PROGRESS_EVENT = 'course:progress';

export function applyProgressMarks(root: ParentNode = document): void {
  const progress = progressStore().get();
  for (const el of root.querySelectorAll<HTMLElement>('[data-lesson-exercises]')) {
    const ids = JSON.parse(el.dataset.lessonExercises ?? '[]') as string[];
    if (ids.length === 0) continue;
    const done = ids.filter((id) => progress.exercises[id]?.completed).length;
    el.dataset.completed = done === ids.length ? 'true' : 'false';
    const text = el.querySelector<HTMLElement>('[data-progress-text]');
    if (text) {
      text.textContent = done === ids.length ? `all ${ids.length} exercises done` : `${done} of ${ids.length} exercises done`;
      text.hidden = false;
    }
  }
}

/** Re-applies the marks whenever an exercise on this page reports new progress. */
export function watchProgress(): void {
  applyProgressMarks();
  document.addEventListener(PROGRESS_EVENT, () => applyProgressMarks());
}
