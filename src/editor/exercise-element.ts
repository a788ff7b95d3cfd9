/**
 * <course-exercise>: the small, always-loaded part of an exercise. It reveals
 * the controls, and loads the editor and runner (exercise-app, with Monaco)
 * only when the exercise comes within a screen or so of the viewport, or at
 * once when the learner presses Run or focuses the code.
 */

type AppModule = typeof import('./exercise-app');

let appModule: Promise<AppModule> | undefined;
const loadApp = (): Promise<AppModule> => (appModule ??= import('./exercise-app'));

class CourseExercise extends HTMLElement {
  private mounted: Promise<void> | undefined;
  private observer: IntersectionObserver | undefined;

  connectedCallback(): void {
    this.querySelector<HTMLElement>('[data-nojs]')?.setAttribute('hidden', '');
    this.querySelector<HTMLElement>('[data-controls]')?.removeAttribute('hidden');
    // A click before the editor exists should still do what it says.
    this.addEventListener('click', this.onEarlyClick, { capture: true });
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void this.mount();
      },
      { rootMargin: '600px 0px' },
    );
    this.observer.observe(this);
    void loadApp().then((app) => app.markCompletedBadge(this));
    void import('./progress-marks').then((m) => m.watchProgress());
  }

  disconnectedCallback(): void {
    this.observer?.disconnect();
  }

  /** Loads the editor (once) and mounts it; with runNow, grading starts while the editor loads. */
  mount(options: { runNow?: boolean } = {}): Promise<void> {
    this.observer?.disconnect();
    this.mounted ??= loadApp().then((app) => app.mountExercise(this, options));
    return this.mounted;
  }

  private onEarlyClick = (event: Event): void => {
    const button = (event.target as Element | null)?.closest('button[data-action]');
    if (!button || this.dataset.ready === 'true') return;
    event.stopPropagation();
    event.preventDefault();
    if ((button as HTMLElement).dataset.action === 'run' && !this.mounted) {
      void this.mount({ runNow: true });
      return;
    }
    void this.mount().then(() => (button as HTMLButtonElement).click());
  };
}

if (!customElements.get('course-exercise')) customElements.define('course-exercise', CourseExercise);
