import type { Plugin } from 'vite';

/**
 * Takes out of Lit's renderer (lit-html's production build) the one statement the widget never
 * needs: the hook for the ShadyDOM polyfills of browsers without shadow DOM (none the widget
 * supports) and the push of Lit's version onto `globalThis.litHtmlVersions`, a registry only Lit's
 * development build reads to warn of two copies on one page (about 30 B of gzip in the drop-in
 * script, issue 15). Fails the build when the statement is no longer found (a new Lit), so the
 * trim is never silently lost, nor anything else taken.
 */
// The last declarator of a `const` list and the statement after it (`…,B=t.litHtmlPolyfillSupport;B?.(S,k),
// (t.litHtmlVersions??=[]).push("3.3.3");`): both go, the `;` that ends them stays.
const STATEMENT = /,([\w$]+)=([\w$]+)\.litHtmlPolyfillSupport;\1\?\.\([\w$]+,[\w$]+\),\(\2\.litHtmlVersions\?\?=\[\]\)\.push\("[\d.]+"\)(?=;)/;

export function trimLitRuntime(): Plugin {
  return {
    name: 'rhec-trim-lit-runtime',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]lit-html[\\/]lit-html\.js$/.test(id.split('?')[0]!)) return null;
      if (!STATEMENT.test(code)) throw new Error(`${id}: Lit's polyfill hook and version push were not found; update scripts/trim-lit-runtime.ts for this Lit`);
      return { code: code.replace(STATEMENT, ''), map: null };
    },
  };
}
