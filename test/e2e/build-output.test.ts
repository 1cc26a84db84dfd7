/**
 * What the build does to the widget's sources (issue 15): Lit's templates compiled, their part
 * lists written compactly, and the CSS literals minified tighter than esbuild leaves them. The
 * rendered results are checked by every other end-to-end test, which run the built script.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ROOT } from '../../scripts/lib/run.ts';
import { compactParts } from '../../scripts/compile-lit-templates.ts';
import { minifyStylesSource } from '../../scripts/minify-css-literals.ts';
import { trimLitRuntime } from '../../scripts/trim-lit-runtime.ts';
import { transform as transform_ } from 'esbuild';

/** The shape of @lit-labs/compiler's output for one template with a child, an attribute, an interpolated attribute and an event. */
const COMPILED = `import * as litHtmlPrivate_1 from "lit-html/private-ssr-support.js";
const { AttributePart: A_1, EventPart: E_1 } = litHtmlPrivate_1._$LH;
const lit_template_1 = { h: b_1 \`<p><?></p>\`, parts: [{ type: 2, index: 1 }, { type: 1, index: 0, name: "id", strings: ["", ""], ctor: A_1 }, { type: 1, index: 0, name: "class", strings: ["a ", ""], ctor: A_1 }, { type: 1, index: 0, name: "click", strings: ["", ""], ctor: E_1 }] };
`;

describe('the build', () => {
  it('writes the compiled part lists as calls to helpers that make the same descriptors', () => {
    const out = compactParts(COMPILED);
    assert.match(out, /parts: \[__litChild\(1\), __litAttr\(0, "id"\), __litAttr\(0, "class", \["a ", ""\]\), __litEvent\(0, "click"\)\]/);
    // The two classes imported by name (from the build's shim of that module), not read off lit-html's private object.
    assert.match(out, /^import \{ AttributePart as A_1, EventPart as E_1 \} from "lit-html\/private-ssr-support\.js";$/m);
    assert.doesNotMatch(out, /_\$LH|litHtmlPrivate/);
    // The helpers, run, give back exactly the compiler's descriptors.
    const A_1 = class AttributePart {};
    const E_1 = class EventPart {};
    const b_1 = (s: TemplateStringsArray) => s;
    const body = out.replace(/^import .*$/m, '').replace(/^const \{ AttributePart.*$/m, '') + '\nreturn lit_template_1.parts;';
    const parts = new Function('A_1', 'E_1', 'b_1', body)(A_1, E_1, b_1) as unknown[];
    assert.deepEqual(parts, [
      { type: 2, index: 1 },
      { type: 1, index: 0, name: 'id', strings: ['', ''], ctor: A_1 },
      { type: 1, index: 0, name: 'class', strings: ['a ', ''], ctor: A_1 },
      { type: 1, index: 0, name: 'click', strings: ['', ''], ctor: E_1 },
    ]);
  });

  it('refuses a part kind it does not compact, rather than leave it half done', () => {
    const withProperty = COMPILED.replace('{ type: 2, index: 1 }', '{ type: 3, index: 1, name: "value", strings: ["", ""], ctor: P_1 }');
    assert.throws(() => compactParts(withProperty), /not compacted/);
  });

  it('leaves a file without compiled templates alone', () => {
    assert.equal(compactParts('export const x = 1;\n'), 'export const x = 1;\n');
  });

  it('minifies CSS literals, custom properties and var() fallbacks included', async () => {
    const source = `import { css } from './css.ts';\nexport const s = css\`
      :host { --_text: var(--rhec-text, #1b1f24); }
      .card { font-family: var(--rhec-font, system-ui, "Segoe UI", sans-serif); color: var(--_text); }
    \`;\n`;
    const out = await minifyStylesSource(source, 'x.styles.ts');
    assert.equal(
      out,
      'export const s = `:host{--_text:var(--rhec-text,#1b1f24)}.card{font-family:var(--rhec-font,system-ui,"Segoe UI",sans-serif);color:var(--_text)}`;\n',
    );
  });

  it('drops the spaces esbuild leaves in container and feature queries and around * and / in calc()', async () => {
    const source = `import { css } from './css.ts';\nexport const s = css\`
      .a { padding: calc(var(--s) * 1.5); border-radius: calc(var(--r) / 2); margin: calc(var(--s) + 2px); }
      @container (max-width: 419px) { .a { color: red; } }
      @supports (color: light-dark(#fff, #000)) { .a { color: blue; } }
      .b * .c { margin: 0; }
      .d::before { content: "(note: x)"; }
    \`;\n`;
    const out = await minifyStylesSource(source, 'x.styles.ts');
    assert.equal(
      out,
      'export const s = `.a{padding:calc(var(--s)*1.5);border-radius:calc(var(--r)/2);margin:calc(var(--s) + 2px)}@container(max-width:419px){.a{color:red}}@supports(color:light-dark(#fff,#000)){.a{color:#00f}}.b * .c{margin:0}.d:before{content:"(note: x)"}`;\n',
    );
  });

  it('refuses CSS with a comma in a quoted string, which the minifier would change', async () => {
    const source = `import { css } from './css.ts';\nexport const s = css\`.a::before { content: "one, two"; }\`;\n`;
    await assert.rejects(minifyStylesSource(source, 'x.styles.ts'), /a comma in a CSS string/);
  });

  it('ships the first render\'s templates compiled, and the later ones as Lit templates', () => {
    const js = readFileSync(`${ROOT}dist/rhec-pledge.js`, 'utf8');
    // A compiled template's HTML is the browser's parse of it: the form's bare `novalidate` reads `novalidate=""`.
    assert.match(js, /h:[\w$]+`<form part="form" novalidate="">/);
    assert.match(js, /h:[\w$]+`<div class="frame"><div class="card" part="card" dir="ltr">/);
    // Drawn only once the counts arrive: left to Lit, as written.
    assert.match(js, /[\w$]+`<p class="count__total">/);
    assert.doesNotMatch(js, /h:[\w$]+`<p class="count__total">/);
    assert.doesNotMatch(js, /private-ssr-support|getAttributePartCommittedValue/, "lit-html's SSR helpers stay out of the script");
    // The part classes come by name from the build's shim: no object of them, and none of their names, rides in the script.
    assert.doesNotMatch(js, /AttributePart|EventPart/);
  });

  it("takes Lit's polyfill hook and version registry out of the renderer, and refuses a Lit without them", async () => {
    for (const file of ['rhec-pledge.js', 'rhec-pledge-after.js', 'rhec-pledge-kiosk.js']) {
      assert.doesNotMatch(readFileSync(`${ROOT}dist/${file}`, 'utf8'), /litHtmlPolyfillSupport|litHtmlVersions/, file);
    }
    // Only that statement goes, and what is left still parses (every other end-to-end test draws the widget with it).
    const plugin = trimLitRuntime();
    const transform = plugin.transform as (code: string, id: string) => { code: string } | null;
    const lit = readFileSync(`${ROOT}node_modules/lit-html/lit-html.js`, 'utf8');
    const trimmed = transform.call({}, lit, `${ROOT}node_modules/lit-html/lit-html.js`)!.code;
    const [statement] = lit.match(/,[\w$]+=[\w$]+\.litHtmlPolyfillSupport;[^;]*\.push\("[\d.]+"\)(?=;)/)!;
    assert.equal(trimmed, lit.replace(statement, ''));
    await transform_(trimmed, { loader: 'js', format: 'esm' });
    assert.throws(() => transform.call({}, 'export const x = 1;', '/x/node_modules/lit-html/lit-html.js'), /were not found/);
    assert.equal(transform.call({}, lit, '/x/node_modules/lit-html/directive.js'), null);
  });
});
