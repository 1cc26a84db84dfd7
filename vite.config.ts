import { defineConfig } from 'vite';
import { readFileSync } from 'node:fs';
import { minifyCssLiterals } from './scripts/minify-css-literals.ts';
import { versionedCopy } from './scripts/versioned-copy.ts';
import { kioskModule } from './scripts/kiosk-module.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * `vite build`: the drop-in script, one classic IIFE file (dist/rhec-pledge.js) that also
 * runs as `type="module"`. `vite` (serve): the demo partner pages on :5173.
 */
export default defineConfig(({ command }) =>
  command === 'build'
    ? {
        publicDir: false,
        plugins: [minifyCssLiterals(), versionedCopy(version), kioskModule()],
        build: {
          target: 'es2021',
          outDir: 'dist',
          emptyOutDir: true,
          reportCompressedSize: false,
          lib: {
            entry: 'src/define.ts',
            formats: ['iife'],
            name: 'RhecPledge',
            fileName: () => 'rhec-pledge.js',
          },
        },
      }
    : {
        root: 'demo',
        server: { port: 5173, strictPort: true, host: 'localhost' },
        preview: { port: 5173, strictPort: true, host: 'localhost' },
      },
);
