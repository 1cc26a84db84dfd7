import MagicString from 'magic-string';
import type { Plugin } from 'vite';

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/**
 * Collapses the indentation inside Lit's html`…` literals (and `uncompiled`…`, its alias for the
 * templates left uncompiled, see src/rhec-pledge.ts) of the widget's sources at build time,
 * so the drop-in script does not carry the templates' source formatting. Only whitespace that
 * holds a line break changes: between two tags it goes (`>\n  <` → `><`, as HTML ignores it
 * there), elsewhere it becomes one space (as HTML renders it). Spaces within a line are kept.
 * Works on the parsed module (after TypeScript is stripped), so strings and code are untouched.
 */
export function minifyHtmlLiterals(): Plugin {
  return {
    name: 'rhec-minify-html-literals',
    apply: 'build',
    enforce: 'post',
    transform(code, id) {
      if (!/\/src\/[^?]*\.ts$/.test(id)) return null;
      const out = minifyHtmlSource(code, (c) => this.parse(c));
      return out ? { code: out.toString(), map: out.generateMap({ hires: true }) } : null;
    },
  };
}

/**
 * The same for one module's JavaScript (TypeScript stripped), parsed by `parse`: the lazily loaded
 * modules' build (scripts/lazy-modules.ts) uses it too, so their templates lose their indentation
 * as the drop-in script's do. Null when the module has no template to change.
 */
export function minifyHtmlSource(code: string, parse: (code: string) => unknown): MagicString | null {
  if (!/\b(html|uncompiled)`/.test(code)) return null;
  const ast = parse(code) as Node;
  const out = new MagicString(code);
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as Node;
    if (n.type === 'TaggedTemplateExpression' && (n.tag as Node).type === 'Identifier' && /^(html|uncompiled)$/.test((n.tag as { name: string }).name)) {
      for (const q of (n.quasi as { quasis: Node[] }).quasis) {
        const raw = code.slice(q.start, q.end);
        const min = raw.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*/g, ' ');
        if (min !== raw) out.overwrite(q.start, q.end, min);
      }
    }
    for (const key of Object.keys(n)) if (key !== 'type') visit(n[key]);
  };
  visit(ast);
  return out.hasChanged() ? out : null;
}
