/** Registers <mandelbrot-pipelines-demo>; its app (WebGPU pipelines, canvases) loads near the viewport. */
import { defineLazyDemo } from '../shared/lazy-element';

defineLazyDemo('mandelbrot-pipelines-demo', () => import('./app').then((m) => m.mountMandelbrotPipelines));
