import { transform } from 'esbuild';
import type { Plugin } from 'vite';

/**
 * Minifies the CSS inside the css`…` literals of `*.styles.ts` files at build time (esbuild's
 * CSS minifier), so the drop-in script carries no CSS whitespace or comments. The literals must
 * hold plain CSS: an interpolation (`${…}`) fails the build. Each literal becomes a plain string
 * of the same text (src/css.ts's tag returns its text as written), and the tag's import goes.
 */
/** `import { css } from './css.ts'`, in either quotes, with its line end. */
const IMPORT_CSS = /import\s*\{\s*css\s*\}\s*from\s*['"]\.\/css\.ts['"];?\n?/;

export function minifyCssLiterals(): Plugin {
  return {
    name: 'rhec-minify-css-literals',
    apply: 'build',
    async transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      const parts: string[] = [];
      let last = 0;
      for (const match of code.matchAll(/css`([^`]*)`/g)) {
        const body = match[1] ?? '';
        if (body.includes('${')) this.error(`${id}: interpolations in css\`\` are not supported by the minifier`);
        const { code: min } = await transform(body, { loader: 'css', minify: true, target: 'chrome100' });
        parts.push(code.slice(last, match.index), '`', min.trim().replaceAll('\\', '\\\\'), '`');
        last = match.index + match[0].length;
      }
      if (!parts.length) return null; // no css`` literal in this file
      parts.push(code.slice(last));
      const out = parts.join('');
      if (!IMPORT_CSS.test(out)) this.error(`${id}: import { css } from './css.ts' for the minifier to replace`);
      return { code: out.replace(IMPORT_CSS, ''), map: null };
    },
  };
}
