/** Registers <matmul-lab-demo>; its app (and, on Start, its worker) loads near the viewport. */
import { defineLazyDemo } from '../shared/lazy-element';

defineLazyDemo('matmul-lab-demo', () => import('./app').then((m) => m.mountMatmulLab));
