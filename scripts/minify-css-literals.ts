import { transform } from 'esbuild';
import type { Plugin } from 'vite';

/**
 * Minifies the CSS inside the css`…` literals of `*.styles.ts` files at build time (esbuild's
 * CSS minifier), so the drop-in script carries no CSS whitespace or comments. The literals must
 * hold plain CSS: an interpolation (`${…}`) fails the build. Each literal becomes a plain string
 * of the same text (src/css.ts's tag returns its text as written), and the tag's import goes.
 */
/** `import { css } from './css.ts'`, in either quotes, with its line end. */
const IMPORT_CSS = /import\s*\{\s*css\s*\}\s*from\s*['"](?:\.\.?\/)+css\.ts['"];?\n?/;

/**
 * The minified source of a `*.styles.ts` file (each css`…` literal a plain string of minified
 * CSS, the tag's import gone), or null when it has no css`…` literal. Throws on an interpolation.
 */
export async function minifyStylesSource(code: string, id: string): Promise<string | null> {
  const parts: string[] = [];
  let last = 0;
  for (const match of code.matchAll(/css`([^`]*)`/g)) {
    const body = match[1] ?? '';
    if (body.includes('${')) throw new Error(`${id}: interpolations in css\`\` are not supported by the minifier`);
    const { code: min } = await transform(body, { loader: 'css', minify: true, target: 'chrome100' });
    // esbuild keeps custom properties' values as written (`--_text: var(--rhec-text, #1b1f24)`):
    // the space after their colon and after each comma goes too (a comma in a quoted string would
    // lose its space, so such CSS fails the build instead).
    if ((min.match(/"[^"]*"|'[^']*'/g) ?? []).some((string) => string.includes(','))) throw new Error(`${id}: a comma in a CSS string; the minifier would change it`);
    // So does what esbuild leaves in conditions and calc(): the space in `@container (` and after a
    // feature's colon (`(max-width: 419px)`), only in at-rules' preludes; and around `*` and `/`
    // (only + and - need theirs), only inside calc() (a selector's ` * ` keeps its spaces).
    const tight = min
      .trim()
      .replace(/(--[\w-]+):\s+/g, '$1:')
      .replace(/,\s+/g, ',')
      .replace(/@(container|supports|media) ?([^{;]*)\{/g, (_, rule: string, prelude: string) => `@${rule}${prelude.replace(/\(([\w-]+): /g, '($1:')}{`)
      .replace(/calc\([^;{}]*\)/g, (calc) => calc.replace(/ ([*/]) /g, '$1'));
    parts.push(code.slice(last, match.index), '`', tight.replaceAll('\\', '\\\\'), '`');
    last = match.index + match[0].length;
  }
  if (!parts.length) return null; // no css`` literal in this file
  parts.push(code.slice(last));
  const out = parts.join('');
  if (!IMPORT_CSS.test(out)) throw new Error(`${id}: import { css } from './css.ts' for the minifier to replace`);
  return out.replace(IMPORT_CSS, '');
}

export function minifyCssLiterals(): Plugin {
  return {
    name: 'rhec-minify-css-literals',
    apply: 'build',
    async transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      const out = await minifyStylesSource(code, id);
      return out === null ? null : { code: out, map: null };
    },
  };
}
