import { transform } from 'esbuild';
import type { Plugin } from 'vite';

/**
 * Minifies the CSS inside Lit's css`…` literals of `*.styles.ts` files at build time
 * (esbuild's CSS minifier), so the drop-in script carries no CSS whitespace or comments.
 * The literals must hold plain CSS: an interpolation (`${…}`) fails the build.
 */
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
        parts.push(code.slice(last, match.index), 'css`', min.trim().replaceAll('\\', '\\\\'), '`');
        last = match.index + match[0].length;
      }
      parts.push(code.slice(last));
      return { code: parts.join(''), map: null };
    },
  };
}
