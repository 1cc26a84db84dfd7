import { transform } from 'esbuild';
import type { Plugin } from 'vite';

/**
 * Minifies the CSS inside Lit's css`…` literals of `*.styles.ts` files at build time
 * (esbuild's CSS minifier), so the drop-in script carries no CSS whitespace or comments.
 * The literals must hold plain CSS: an interpolation (`${…}`) fails the build. Plain CSS needs
 * none of the tag's checks on interpolated values, so each literal becomes a call to Lit's
 * `unsafeCSS` (the same CSSResult) and the tag's code and messages leave the bundle.
 */
/** `import { css } from 'lit'` (or Lit's css-tag module), in either quotes. */
const IMPORT_CSS = /import\s*\{\s*css\s*\}\s*from\s*(['"](?:lit|@lit\/reactive-element\/css-tag\.js)['"])/;

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
        parts.push(code.slice(last, match.index), 'unsafeCSS(`', min.trim().replaceAll('\\', '\\\\'), '`)');
        last = match.index + match[0].length;
      }
      if (!parts.length) return null; // no css`` literal in this file
      parts.push(code.slice(last));
      const out = parts.join('');
      if (!IMPORT_CSS.test(out)) this.error(`${id}: import { css } from 'lit' (or Lit's css-tag module) for the minifier to replace`);
      return { code: out.replace(IMPORT_CSS, 'import { unsafeCSS } from $1'), map: null };
    },
  };
}
