import { defineConfig } from 'vite';
import { readFileSync } from 'node:fs';
import { minifyCssLiterals } from './scripts/minify-css-literals.ts';
import { minifyHtmlLiterals } from './scripts/minify-html-literals.ts';
import { compileLitTemplates } from './scripts/compile-lit-templates.ts';
import { manglePrivateMembers } from './scripts/mangle-private-members.ts';
import { terserChunks } from './scripts/terser-pass.ts';
import { trimLitRuntime } from './scripts/trim-lit-runtime.ts';
import { versionedCopy } from './scripts/versioned-copy.ts';
import { afterModule, bundlerIgnoredImports, kioskModule } from './scripts/lazy-modules.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The drop-in scripts: the pledge widget, and the counter (`vite build --mode counter`, its own bundle). */
const SCRIPTS = {
  widget: { entry: 'src/define.ts', name: 'rhec-pledge', global: 'RhecPledge' },
  counter: { entry: 'src/define-count.ts', name: 'rhec-pledge-count', global: 'RhecPledgeCount' },
} as const;

/**
 * `vite build`: the drop-in script, one classic IIFE file (dist/rhec-pledge.js) that also
 * runs as `type="module"`; `vite build --mode counter` then adds dist/rhec-pledge-count.js, built
 * alone so it never pulls in Lit or the widget. `vite` (serve): the demo partner pages on :5173.
 */
export default defineConfig(({ command, mode }) => {
  const script = mode === 'counter' ? SCRIPTS.counter : SCRIPTS.widget;
  return command === 'build'
    ? {
        publicDir: false,
        // The widget's build also emits the modules it loads only when needed: kiosk mode's
        // (dist/rhec-pledge-kiosk.js) and what follows the first interaction (dist/rhec-pledge-after.js).
        plugins: [
          trimLitRuntime(),
          minifyCssLiterals(),
          minifyHtmlLiterals(),
          // LIT_COMPILE=0 builds without (the benchmarks' A/B of the compiled templates).
          ...(process.env.LIT_COMPILE === '0' ? [] : compileLitTemplates()),
          manglePrivateMembers(),
          // Before the plugins below read or mark the finished code (generateBundle runs in this order).
          terserChunks(),
          ...(script === SCRIPTS.widget ? [bundlerIgnoredImports()] : []),
          versionedCopy(version, script.name),
          ...(script === SCRIPTS.widget ? [kioskModule(), afterModule()] : []),
        ],
        build: {
          target: 'es2021',
          outDir: 'dist',
          // The widget's build starts dist/ afresh; the counter's adds to it.
          emptyOutDir: script === SCRIPTS.widget,
          reportCompressedSize: false,
          lib: {
            entry: script.entry,
            formats: ['iife'],
            name: script.global,
            fileName: () => `${script.name}.js`,
          },
        },
      }
    : {
        root: 'demo',
        server: { port: 5173, strictPort: true, host: 'localhost' },
        preview: { port: 5173, strictPort: true, host: 'localhost' },
      };
});
