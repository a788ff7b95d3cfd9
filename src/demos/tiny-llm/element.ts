/** Registers <tiny-llm-demo>; its app (uPlot, the training worker) loads near the viewport, and nothing runs until a button is pressed. */
import { defineLazyDemo } from '../shared/lazy-element';

defineLazyDemo('tiny-llm-demo', () => import('./app').then((m) => m.mountTinyLlm));
