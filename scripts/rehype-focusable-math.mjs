// rehype plugin: display formulas (KaTeX) scroll sideways when they are wider
// than the column, as they often are on phones. A scrollable region must be
// reachable by keyboard (WCAG 2.1.1), so each display formula becomes a tab
// stop; its MathML gives screen readers the formula itself.
import { visit } from 'unist-util-visit';

export default function rehypeFocusableMath() {
  return (tree) => {
    visit(tree, 'element', (node) => {
      const classes = node.properties?.className;
      if (Array.isArray(classes) && classes.includes('katex-display')) {
        node.properties.tabIndex = 0;
      }
    });
  };
}
