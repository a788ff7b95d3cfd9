/**
 * Colours for the demos' uPlot charts. uPlot draws on a canvas, which cannot
 * use CSS variables, so the site's palette (global.css) is read once per
 * chart and the chart is rebuilt when the OS switches light/dark.
 */

export interface ChartColors {
  readonly fg: string;
  readonly muted: string;
  readonly accent: string;
  readonly accent2: string;
  readonly border: string;
}

export function readChartColors(element: Element): ChartColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    fg: read('--fg', '#1b1e24'),
    muted: read('--fg-muted', '#4f5663'),
    accent: read('--accent', '#2563eb'),
    accent2: read('--accent-2', '#d9480f'),
    border: read('--border', '#d9dde3'),
  };
}

/** Calls onChange when the OS colour scheme flips; returns the unsubscribe function. */
export function watchColorScheme(onChange: () => void): () => void {
  const query = matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Axis styling shared by the demos' charts. */
export function axisStyle(colors: ChartColors): { stroke: string; grid: { stroke: string; width: number }; ticks: { stroke: string; width: number } } {
  return { stroke: colors.fg, grid: { stroke: colors.border, width: 1 }, ticks: { stroke: colors.border, width: 1 } };
}
