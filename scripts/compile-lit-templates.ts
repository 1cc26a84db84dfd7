import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** What the build uses of TypeScript 5's API (the project's own TypeScript, 7, has no JavaScript API). */
interface TypeScript5 {
  transpileModule(input: string, options: { fileName: string; compilerOptions: object; transformers: { before: unknown[] } }): { outputText: string };
  ScriptTarget: { ES2022: number };
  ModuleKind: { ESNext: number };
}

/**
 * Lit's templates compiled at build time (`@lit-labs/compiler`): each html`…` literal of the
 * widget's sources becomes the prepared template that Lit would otherwise build in the browser
 * on its first use (the HTML with its markers, and where each part goes), so the first render
 * skips that work: scanning each literal, and walking each new template's DOM for its parts.
 * (Issue 15: with every template compiled, the first render went from 8.6 to 6.5 ms, and the
 * script's own work at 4× CPU from 49 to 32 ms, in one `bench:widget` A/B.)
 *
 * Runs after the literals' whitespace is collapsed (`minifyHtmlLiterals`), on the stripped
 * JavaScript. The compiler is a TypeScript transformer written for TypeScript 5's API, which it
 * brings with it; it compiles the `html` imported from 'lit' or 'lit-html', so the sources'
 * `lit/html.js` (the same module: it re-exports lit-html) is named 'lit-html' for it.
 *
 * Its part descriptors (`{ type: 1, index: 3, name: "id", strings: ["", ""], ctor: AttributePart }`,
 * 116 of them) are then written as calls to small helpers (`compactParts`), and lit-html's two
 * part classes are taken without its SSR module (the first plugin), imported by name, which keeps
 * the compiled script within a few hundred bytes of the uncompiled one.
 */
export function compileLitTemplates(): Plugin[] {
  const compilerRequire = createRequire(createRequire(import.meta.url).resolve('@lit-labs/compiler'));
  const ts = compilerRequire('typescript') as TypeScript5;
  const PRIVATE = 'lit-html/private-ssr-support.js';
  const SHIM = '\0rhec-lit-parts';
  const parts: Plugin = {
    name: 'rhec-lit-part-classes',
    apply: 'build',
    enforce: 'pre',
    /**
     * Compiled templates take two of lit-html's part classes from its private SSR module, an
     * object of 16 members (SSR helpers and an error message among them) that no bundler can
     * trim. The build reads which of lit-html's own exports those two are from that very
     * module (so it follows lit-html's version) and exports just them, by name: `compactParts`
     * imports them so, and the script carries no object of them nor their names (21 B of gzip
     * against an object of the two read off this module's `_$LH`, 2026-12-06).
     */
    resolveId(source) {
      return source === PRIVATE ? SHIM : null;
    },
    async load(id) {
      if (id !== SHIM) return null;
      // The same file the bundle would take (the build's resolve conditions: lit-html's production build).
      const resolved = await this.resolve(PRIVATE, undefined, { skipSelf: true });
      if (!resolved) throw new Error(`compile-lit-templates: cannot resolve ${PRIVATE}`);
      const text = readFileSync(resolved.id, 'utf8');
      const member = (name: string) => {
        const m = new RegExp(`\\b${name}:\\w+\\.(\\w+)`).exec(text);
        if (!m) throw new Error(`compile-lit-templates: ${name} not found in ${resolved.id}`);
        return m[1];
      };
      return `import { _$LH as p } from 'lit-html';\nexport const AttributePart = p.${member('AttributePart')}, EventPart = p.${member('EventPart')};\n`;
    },
  };
  const compile: Plugin = {
    name: 'rhec-compile-lit-templates',
    apply: 'build',
    enforce: 'post',
    async transform(code, id) {
      if (!/\/src\/[^?]*\.ts$/.test(id) || !code.includes('html`')) return null;
      // Imported here, not at the top: vite.config.ts loads this file for the dev server too.
      const { compileLitTemplates: litTemplateTransformer } = await import('@lit-labs/compiler');
      const { outputText } = ts.transpileModule(code.replace(/from\s*(['"])lit\/html\.js\1/g, "from 'lit-html'"), {
        fileName: id,
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, useDefineForClassFields: true },
        transformers: { before: [litTemplateTransformer() as never] },
      });
      return { code: compactParts(outputText), map: null };
    },
  };
  return [parts, compile];
}

/**
 * The compiler's part descriptors as calls to three helpers: `__litChild(index)`,
 * `__litAttr(index, name, strings?)` (an AttributePart) and `__litEvent(index, name)`.
 */
export function compactParts(js: string): string {
  const classes = /^const \{ ([^}]*) \} = (litHtmlPrivate_\d+)\._\$LH;$/m.exec(js);
  if (!classes) return js;
  const local = new Map(classes[1]!.split(', ').map((pair) => pair.split(': ') as [string, string]));
  const attr = local.get('AttributePart');
  const event = local.get('EventPart');
  const out = js.replace(
    /\{ type: (1|2), index: (\d+)(?:, name: ("[^"]*"), strings: (\[[^\]]*\]), ctor: (\w+))? \}/g,
    (whole, type: string, index: string, name?: string, strings?: string, ctor?: string) => {
      if (type === '2') return `__litChild(${index})`;
      if (!ctor) return whole; // not a part descriptor (then the check below fails the build)
      const plain = strings === '["", ""]';
      if (ctor === event && plain) return `__litEvent(${index}, ${name})`;
      if (ctor === attr) return `__litAttr(${index}, ${name}${plain ? '' : `, ${strings}`})`;
      return whole;
    },
  );
  if (/\{ type: \d, index: /.test(out)) throw new Error('compile-lit-templates: a part descriptor of a kind not compacted');
  // The classes imported by name from the shim (the first plugin) rather than read off the object
  // it would otherwise export: the script then carries neither that object nor the classes' names.
  const namespace = new RegExp(`^import \\* as ${classes[2]} from ("[^"]*");$`, 'm');
  if (!namespace.test(out)) throw new Error("compile-lit-templates: the compiler's import of lit-html's private module not found");
  const helpers =
    'const __litChild = (index) => ({ type: 2, index });\n' +
    `const __litAttr = (index, name, strings = ["", ""], ctor = ${attr}) => ({ type: 1, index, name, strings, ctor });\n` +
    (event ? `const __litEvent = (index, name) => __litAttr(index, name, undefined, ${event});\n` : '');
  return out
    .replace(namespace, (_, from: string) => `import { ${[...local].map(([name, as]) => `${name} as ${as}`).join(', ')} } from ${from};`)
    .replace(`${classes[0]}\n`, helpers);
}
