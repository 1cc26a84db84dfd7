import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import type { Plugin } from 'vite';

/** Where the drop-in script imports kiosk mode from, named at build time (see `kioskModule`). */
const KIOSK_PATH_CONSTANT = '__RHEC_KIOSK_PATH__';

/**
 * Builds kiosk mode (src/kiosk/kiosk.ts) into its own ES module beside the drop-in script: a
 * content-addressed copy, dist/v/<hash>/rhec-pledge-kiosk.js (served immutable), and the same
 * file at dist/rhec-pledge-kiosk.js. The element imports it from the pledge host only when
 * `kiosk` is set, so pages without a kiosk never download it. Kiosk mode is built first, and
 * its pinned path is written into the drop-in script (`__RHEC_KIOSK_PATH__`): each drop-in
 * script, a pinned one included, loads the kiosk module it was built and tested with for as
 * long as its release is deployed (then the current one). It shares no code at run time with
 * the drop-in script (it takes Lit's types only), so it can be a separate file.
 */
export function kioskModule(): Plugin {
  let code = '';
  let path = '';
  return {
    name: 'rhec-kiosk-module',
    apply: 'build',
    async config() {
      const result = await build({
        entryPoints: ['src/kiosk/kiosk.ts'],
        bundle: true,
        format: 'esm',
        minify: true,
        target: 'es2021',
        write: false,
        legalComments: 'none',
      });
      code = result.outputFiles[0]?.text ?? '';
      if (!code) throw new Error('rhec-pledge-kiosk.js was not built');
      path = `v/${createHash('sha256').update(code).digest('hex').slice(0, 16)}/rhec-pledge-kiosk.js`;
      return { define: { [KIOSK_PATH_CONSTANT]: JSON.stringify(`/${path}`) } };
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: path, source: code });
      this.emitFile({ type: 'asset', fileName: 'rhec-pledge-kiosk.js', source: code });
    },
  };
}
