/** Registers <mandelbrot-pipelines-demo>; its app (WebGPU pipelines, canvases) loads near the viewport. */
import { defineLazyDemo } from '../worker-speedup/lazy-element';

defineLazyDemo('mandelbrot-pipelines-demo', () => import('./app').then((m) => m.mountMandelbrotPipelines));
