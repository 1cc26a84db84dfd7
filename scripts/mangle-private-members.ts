import { transform } from 'esbuild';
import type { Plugin } from 'vite';

/**
 * Shortens the element's private members in the drop-in script: every property named with a
 * leading underscore and a letter (`_errors`, `_renderForm`: Lit's convention for private and
 * protected members) gets a short name, the same one everywhere in the bundle (esbuild's
 * `mangleProps`). Public properties, attributes and events keep their names; Lit's own
 * cross-version markers (`_$litType$`, …) do not match. Measured: about 0.4 KB gzip.
 */
export function manglePrivateMembers(): Plugin {
  return {
    name: 'rhec-mangle-private-members',
    apply: 'build',
    async renderChunk(code) {
      const out = await transform(code, { mangleProps: /^_[A-Za-z]/, minify: true, target: 'es2021', charset: 'utf8' });
      return { code: out.code, map: null };
    },
  };
}
