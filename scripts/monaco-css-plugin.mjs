// Vite plugin: Monaco's CSS becomes JavaScript that injects a <style> element
// when the module that imports it runs.
//
// Why: Monaco's ES modules import ~100 CSS files. Left to Vite, they become
// CSS files that Astro links from every page of the lesson route, including
// text-only lessons that never load the editor (about 175 KB of CSS for
// nothing). As JavaScript, the CSS arrives only with the lazily loaded editor.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const PREFIX = '\0monaco-css:';
// The id must not end in .css, or Vite's own CSS pipeline claims it.
const SUFFIX = '.style.js';

export default function monacoCssPlugin() {
  return {
    name: 'course-monaco-css',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.endsWith('.css')) return undefined;
      const from = importer.startsWith(PREFIX) ? importer.slice(PREFIX.length, -SUFFIX.length) : importer;
      if (!/[\\/]monaco-editor[\\/]/.test(from)) return undefined;
      return PREFIX + resolve(dirname(from.split('?')[0]), source) + SUFFIX;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      let css = readFileSync(file, 'utf8');
      // Assets the CSS points at (the codicon font) are imported as URLs so Vite emits them.
      const imports = [];
      css = css.replace(/url\((['"]?)(\.{1,2}\/[^'")]+)\1\)/g, (_match, _quote, path) => {
        const name = `__asset${imports.length}`;
        imports.push(`import ${name} from ${JSON.stringify(resolve(dirname(file), path) + '?url')};`);
        return `url("\${${name}}")`;
      });
      return [
        ...imports,
        `const css = \`${css.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{(?!__asset)/g, '\\${')}\`;`,
        `if (typeof document !== 'undefined') {`,
        `  const style = document.createElement('style');`,
        `  style.dataset.monaco = ${JSON.stringify(file.slice(file.lastIndexOf('monaco-editor')))};`,
        `  style.textContent = css;`,
        `  document.head.append(style);`,
        `}`,
        `export default css;`,
      ].join('\n');
    },
  };
}
