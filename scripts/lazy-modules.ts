import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { build, transform, type Plugin as EsbuildPlugin } from 'esbuild';
import { parseAst, type Plugin } from 'vite';
import { minifyStylesSource } from './minify-css-literals.ts';
import { minifyHtmlSource } from './minify-html-literals.ts';
import { terserPass } from './terser-pass.ts';

/** The `*.styles.ts` files minified as the drop-in script's are (scripts/minify-css-literals.ts). */
const minifiedStyles: EsbuildPlugin = {
  name: 'rhec-minified-styles',
  setup(b) {
    b.onLoad({ filter: /\.styles\.ts$/ }, async ({ path }) => {
      const code = await readFile(path, 'utf8');
      return { contents: (await minifyStylesSource(code, path)) ?? code, loader: 'ts' };
    });
  },
};

/**
 * The modules' Lit templates without their source indentation, as the drop-in script's
 * (scripts/minify-html-literals.ts): the after module's had carried every line's (5,110 → 5,089 B of gzip).
 */
const minifiedTemplates: EsbuildPlugin = {
  name: 'rhec-minified-templates',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!/\b(html|uncompiled)`/.test(source)) return undefined;
      const { code } = await transform(source, { loader: 'ts', sourcefile: path });
      return { contents: minifyHtmlSource(code, parseAst)?.toString() ?? code, loader: 'js' };
    });
  },
};

/**
 * Builds a module the drop-in script imports only when it is needed into its own ES module
 * beside the script: a content-addressed copy, dist/v/<hash>/<file> (served immutable), and the
 * same file at dist/<file>. The module is built first, and its pinned path is written into the
 * drop-in script (`constant`): each drop-in script, a pinned one included, loads the module it
 * was built and tested with for as long as its release is deployed (then the current one).
 * Neither module shares code with the drop-in script at run time (Lit's template tag is handed
 * to the after module), and both use the element's members by their full names, so a script
 * whose pinned module is gone can use the current one.
 */
export function lazyModule(entry: string, file: string, constant: string): Plugin {
  let code = '';
  let path = '';
  return {
    name: `rhec-lazy-module:${file}`,
    apply: 'build',
    async config() {
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        format: 'esm',
        minify: true,
        target: 'es2021',
        write: false,
        legalComments: 'none',
        charset: 'utf8',
        plugins: [minifiedStyles, minifiedTemplates],
      });
      code = result.outputFiles[0]?.text ?? '';
      if (!code) throw new Error(`${file} was not built`);
      code = await terserPass(code, true);
      path = `v/${createHash('sha256').update(code).digest('hex').slice(0, 16)}/${file}`;
      return { define: { [constant]: JSON.stringify(`/${path}`) } };
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: path, source: code });
      this.emitFile({ type: 'asset', fileName: file, source: code });
    },
  };
}

/** Kiosk mode's module, dist/rhec-pledge-kiosk.js (`<rhec-pledge kiosk>`). */
export const kioskModule = () => lazyModule('src/kiosk/kiosk.ts', 'rhec-pledge-kiosk.js', '__RHEC_KIOSK_PATH__');

/** The after-the-first-interaction module, dist/rhec-pledge-after.js (sending, the error summary, the thank-you panel, Turnstile). */
export const afterModule = () => lazyModule('src/after/after.ts', 'rhec-pledge-after.js', '__RHEC_AFTER_PATH__');

/**
 * Marks the drop-in script's dynamic imports (the lazy modules' loaders) for bundlers, once
 * minifying has removed every comment: a site that bundles the package with webpack or Vite
 * must leave `import(url)` to the browser, not try to resolve it at build time.
 */
export function bundlerIgnoredImports(): Plugin {
  return {
    name: 'rhec-bundler-ignored-imports',
    apply: 'build',
    // After minifying (renderChunk), before the content-addressed copy is made (versionedCopy, listed after this).
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = chunk.code.replace(/\bimport\(/g, 'import(/* webpackIgnore: true */ /* @vite-ignore */ ');
      }
    },
  };
}
