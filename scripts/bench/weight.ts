/** Widget weight: the built drop-in script (raw, gzip, brotli) and its parts, from an esbuild metafile of the same entry. */
import { build, type BuildOptions } from 'esbuild';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from '../lib/run.ts';

export interface Weight {
  raw: number;
  gzip: number;
  brotli: number;
  /** Minified bytes per part (from the metafile) and its share of the whole. */
  parts: { part: string; minified: number; share: number }[];
  /** Lit alone (a one-line element with html and css), gzip -9: the floor under the widget's weight. */
  litAloneGzip: number;
}

const gz = (b: Uint8Array) => gzipSync(b, { level: 9 }).length;
const br = (b: Uint8Array) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function partOf(path: string): string {
  if (/node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//.test(path)) return 'Lit';
  if (path.includes('src/i18n/')) return 'strings (en + es)';
  if (path.includes('src/content/')) return 'content (facts, societies)';
  if (path.endsWith('.styles.ts')) return 'styles';
  if (path.includes('src/pledge-fields') || path.includes('src/pledge-schema')) return 'validation vocabulary';
  return 'component (element, events, API client, Turnstile loader)';
}

/** The build's own bundling and minifying, for esbuild's measurements below. */
const AS_BUILT = { bundle: true, minify: true, format: 'iife', target: 'es2021', conditions: ['production'], write: false } satisfies BuildOptions;

export async function measureWeight(): Promise<Weight> {
  const file = readFileSync(`${ROOT}dist/rhec-pledge.js`);
  // Same entry and minifier family as the build, for a per-input breakdown (vite's output has no metafile).
  const result = await build({
    ...AS_BUILT,
    entryPoints: [`${ROOT}src/define.ts`],
    metafile: true,
    tsconfig: `${ROOT}tsconfig.json`,
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const sizes = new Map<string, number>();
  for (const [path, info] of Object.entries(output.inputs)) {
    sizes.set(partOf(path), (sizes.get(partOf(path)) ?? 0) + info.bytesInOutput);
  }
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  const parts = [...sizes.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([part, minified]) => ({ part, minified, share: minified / total }));
  // Lit's own floor: a one-line element using what the widget uses of it, bundled and minified the same way.
  const lit = await build({
    ...AS_BUILT,
    stdin: {
      contents: `import { LitElement, html, css, nothing } from 'lit';
        class A extends LitElement { static styles = css\`:host{display:block}\`; static properties = { a: {} };
          render() { return html\`<p>\${this.a}</p>\${nothing}\`; } }
        customElements.define('x-a', A);`,
      resolveDir: ROOT,
      loader: 'ts',
    },
  });
  const litAloneGzip = gz(lit.outputFiles[0]!.contents);
  return { raw: file.length, gzip: gz(file), brotli: br(file), parts, litAloneGzip };
}
