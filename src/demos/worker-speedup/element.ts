/** Registers <worker-speedup-demo>; its app (uPlot, workers) loads near the viewport. */
import { defineLazyDemo } from '../shared/lazy-element';

defineLazyDemo('worker-speedup-demo', () => import('./app').then((m) => m.mountWorkerSpeedup));
