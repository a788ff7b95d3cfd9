/** Registers <matmul-race-demo>; its app (uPlot, engine, worker) loads near the viewport. */
import { defineLazyDemo } from '../shared/lazy-element';

defineLazyDemo('matmul-race-demo', () => import('./app').then((m) => m.mountMatmulRace));
