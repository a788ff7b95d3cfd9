/**
 * <training-playground>: the small, always-loaded part of the training demo.
 * It reveals the controls, and loads the interactive part (app.ts, with the
 * engine and uPlot) only when the demo comes within a screen or so of the
 * viewport, or at once if the learner presses a button first. Nothing trains
 * until the learner presses Train.
 */

type AppModule = typeof import('./app');

let appModule: Promise<AppModule> | undefined;
const loadApp = (): Promise<AppModule> => (appModule ??= import('./app'));

class TrainingPlayground extends HTMLElement {
  private mounted: Promise<void> | undefined;
  private observer: IntersectionObserver | undefined;

  connectedCallback(): void {
    this.querySelector<HTMLElement>('[data-nojs]')?.setAttribute('hidden', '');
    this.querySelector<HTMLElement>('[data-controls]')?.removeAttribute('hidden');
    this.querySelector<HTMLElement>('[data-live]')?.removeAttribute('hidden');
    // The measured reference stays available, folded, once the live demo can run.
    this.querySelector<HTMLDetailsElement>('[data-reference]')?.removeAttribute('open');
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
    this.mounted ??= loadApp().then((app) => app.mountTrainingPlayground(this));
    return this.mounted;
  }

  /** A click before the app has loaded should still do what it says. */
  private onEarlyClick = (event: Event): void => {
    const button = (event.target as Element | null)?.closest('button[data-action]');
    if (!button || this.dataset.ready === 'true') return;
    event.stopPropagation();
    event.preventDefault();
    void this.mount().then(() => (button as HTMLButtonElement).click());
  };
}

if (!customElements.get('training-playground')) customElements.define('training-playground', TrainingPlayground);

// A module, not a script: its names must not collide with other elements' globals.
export {};
