/**
 * The page's single progress store (localStorage), shared by every exercise
 * on the page, plus the notice shown once when stored progress had to be
 * migrated or reset.
 */
import { ProgressStore } from '../progress/storage';

let store: ProgressStore | undefined;

export function progressStore(): ProgressStore {
  if (!store) {
    store = new ProgressStore();
    const { notice } = store.load();
    if (notice) showNotice(notice);
  }
  return store;
}

function showNotice(text: string): void {
  const box = document.createElement('div');
  box.className = 'progress-notice';
  box.setAttribute('role', 'alert');
  box.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'button';
  close.textContent = 'Dismiss';
  close.addEventListener('click', () => box.remove());
  box.append(' ', close);
  (document.querySelector('main') ?? document.body).prepend(box);
}
