// Astro configuration: a fully static site (no server), MDX lessons with
// KaTeX math and Shiki highlighting (WGSL included), light and dark code themes.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import engineTypesPlugin from './scripts/engine-types-plugin.mjs';
import rehypeFocusableMath from './scripts/rehype-focusable-math.mjs';
import monacoCssPlugin from './scripts/monaco-css-plugin.mjs';

// Static hosts that serve the site from a sub-path (e.g. GitHub Pages project
// sites) set BASE_PATH=/repo-name/ at build time; links go through
// import.meta.env.BASE_URL so they follow.
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  output: 'static',
  base,
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  server: { port: 4321, host: 'localhost' },
  preview: { port: 4321, host: 'localhost' },
  markdown: {
    processor: unified({
      remarkPlugins: [remarkMath],
      // KaTeX renders to HTML + MathML at build time: no client JavaScript, and
      // screen readers get the MathML.
      rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml', strict: 'error' }], rehypeFocusableMath],
    }),
    shikiConfig: {
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      // Colours come from CSS variables so the OS theme picks the palette.
      defaultColor: false,
      langs: ['wgsl', 'typescript', 'javascript', 'python', 'bash'],
      wrap: false,
    },
  },
  integrations: [mdx()],
  devToolbar: { enabled: false },
  vite: {
    plugins: [monacoCssPlugin(), engineTypesPlugin()],
    build: { assetsInlineLimit: 0 },
    worker: { format: 'es' },
  },
});
