import { build } from 'esbuild';
import type { Plugin } from 'vite';

/**
 * Builds kiosk mode (src/kiosk/kiosk.ts) into its own ES module, dist/rhec-pledge-kiosk.js,
 * beside the drop-in script. The element imports it from the pledge host only when `kiosk`
 * is set, so pages without a kiosk never download it. It shares no code at run time with the
 * drop-in script (it takes Lit's types only), so it can be a separate file.
 */
export function kioskModule(): Plugin {
  return {
    name: 'rhec-kiosk-module',
    apply: 'build',
    async generateBundle() {
      const result = await build({
        entryPoints: ['src/kiosk/kiosk.ts'],
        bundle: true,
        format: 'esm',
        minify: true,
        target: 'es2021',
        write: false,
        legalComments: 'none',
      });
      const code = result.outputFiles[0]?.text;
      if (!code) this.error('rhec-pledge-kiosk.js was not built');
      this.emitFile({ type: 'asset', fileName: 'rhec-pledge-kiosk.js', source: code });
    },
  };
}
