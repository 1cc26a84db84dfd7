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
  /** Lit's renderer alone (lit-html: `render` of one template), gzip -9: the floor under the widget's weight. */
  litAloneGzip: number;
  /** The module fetched on the form's first focus (dist/rhec-pledge-after.js), gzip -9. */
  afterGzip: number;
}

const gz = (b: Uint8Array) => gzipSync(b, { level: 9 }).length;
const br = (b: Uint8Array) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function partOf(path: string): string {
  if (/node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\//.test(path)) return 'Lit';
  if (path.includes('src/i18n/')) return 'strings (English; other languages are fetched)';
  if (path.includes('src/base-element') || path.endsWith('src/css.ts')) return 'element base (properties, updates, styles)';
  if (path.includes('src/content/')) return 'content (facts, societies)';
  if (path.endsWith('.styles.ts')) return 'styles';
  if (path.includes('src/pledge-fields') || path.includes('src/pledge-schema')) return 'validation vocabulary';
  return 'component (element, API client, loaders)';
}

/** The build's own bundling and minifying, for esbuild's measurements below. */
const AS_BUILT = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2021',
  conditions: ['production'],
  write: false,
  // As the build names the lazy modules' paths (scripts/lazy-modules.ts), so their unbuilt branches drop out.
  define: { __RHEC_KIOSK_PATH__: '"/v/0000000000000000/rhec-pledge-kiosk.js"', __RHEC_AFTER_PATH__: '"/v/0000000000000000/rhec-pledge-after.js"' },
} satisfies BuildOptions;

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
  // Lit's own floor: its renderer rendering one template, bundled and minified the same way.
  const lit = await build({
    ...AS_BUILT,
    stdin: {
      contents: `import { html, nothing, render } from 'lit/html.js';
        render(html\`<p>\${document.title}</p>\${nothing}\`, document.body);`,
      resolveDir: ROOT,
      loader: 'ts',
    },
  });
  const litAloneGzip = gz(lit.outputFiles[0]!.contents);
  const afterGzip = gz(readFileSync(`${ROOT}dist/rhec-pledge-after.js`));
  return { raw: file.length, gzip: gz(file), brotli: br(file), parts, litAloneGzip, afterGzip };
}
