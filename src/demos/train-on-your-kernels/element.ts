/** Registers <train-on-your-kernels-demo>; its app (uPlot, the worker with the engine) loads near the viewport. */
import { defineLazyDemo } from '../shared/lazy-element';

defineLazyDemo('train-on-your-kernels-demo', () => import('./app').then((m) => m.mountTrainOnYourKernels));
