/**
 * The small, always-loaded part of a demo (same pattern as
 * editor/exercise-element.ts): a custom element that reveals the controls,
 * hides the no-JavaScript note, and imports the demo's real code (charts,
 * workers) only when the demo comes within a screen or so of the viewport,
 * or at once if the learner presses a button first. Nothing runs until a
 * button is pressed.
 */

export type MountDemo = (root: HTMLElement) => void;

export function defineLazyDemo(tagName: string, load: () => Promise<MountDemo>): void {
  if (customElements.get(tagName)) return;

  class LazyDemo extends HTMLElement {
    private mounted: Promise<void> | undefined;
    private observer: IntersectionObserver | undefined;

    connectedCallback(): void {
      for (const note of this.querySelectorAll<HTMLElement>('[data-nojs]')) note.hidden = true;
      for (const block of this.querySelectorAll<HTMLElement>('[data-controls]')) block.hidden = false;
      // With JavaScript the reference measurements fold away under their summary.
      this.querySelector<HTMLDetailsElement>('details[data-reference]')?.removeAttribute('open');
      this.addEventListener('click', this.onEarlyClick, { capture: true });
      this.observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) void this.mount();
        },
        { rootMargin: '600px 0px' },
      );
      this.observer.observe(this);
    }

    disconnectedCallback(): void {
      this.observer?.disconnect();
    }

    mount(): Promise<void> {
      this.observer?.disconnect();
      this.mounted ??= load().then(
        (mountDemo) => mountDemo(this),
        (error: unknown) => {
          const progress = this.querySelector<HTMLElement>('[data-progress]');
          if (progress) progress.textContent = `This demo's code failed to load: ${(error as Error).message}. Reload the page to try again.`;
        },
      );
      return this.mounted;
    }

    private onEarlyClick = (event: Event): void => {
      const button = (event.target as Element | null)?.closest('button[data-action]');
      if (!button || this.dataset.ready === 'true') return;
      event.stopPropagation();
      event.preventDefault();
      void this.mount().then(() => {
        if (this.dataset.ready === 'true') (button as HTMLButtonElement).click();
      });
    };
  }

  customElements.define(tagName, LazyDemo);
}
