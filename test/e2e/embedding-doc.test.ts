/**
 * EMBEDDING.md names what a webmaster may rely on: the elements' attributes, events, CSS parts
 * and custom properties. Each must be the element's own (custom-elements.json, built from the
 * JSDoc by `npm run build`), and every `part` the widget's templates expose must be documented
 * there, so a part cannot be added (or dropped) without the guide saying so.
 *
 * custom-elements.json is built, not kept (.gitignore): made here from the sources as `npm run build`
 * makes it, so the test reads the elements as they are now, in a fresh clone or after a JSDoc edit.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, run } from '../../scripts/lib/run.ts';

interface Declaration {
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}

await run('npm', ['run', '-s', 'manifest']);
const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as { modules: { declarations?: Declaration[] }[] };
const element = (tag: string) => {
  const found = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
  assert.ok(found, `${tag} is in custom-elements.json`);
  return found;
};
const guide = readFileSync(join(ROOT, 'EMBEDDING.md'), 'utf8');
const names = (list: { name: string }[] | undefined) => (list ?? []).map((x) => x.name).sort();
/** The list of backticked names (`a`, `b` (a note) and `c`) that follows `lead` in the guide. */
function namedAfter(lead: string): string[] {
  const at = guide.indexOf(lead);
  assert.ok(at >= 0, `EMBEDDING.md has "${lead}"`);
  const list = /^\s*((?:`[a-z-]+`(?:\s*\([^)]*\))?(?:,\s*|\s+and\s+)?)+)/.exec(guide.slice(at + lead.length))?.[1] ?? '';
  return [...list.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!);
}
/** Every file under src/ (the widget's templates live in the element, after/ and kiosk/). */
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));

describe('EMBEDDING.md against the elements', () => {
  const widget = element('rhec-pledge');
  const counter = element('rhec-pledge-count');

  it('documents every part the widget exposes, and no other', () => {
    const inTemplates = new Set<string>();
    for (const file of sources(join(ROOT, 'src'))) {
      if (file.endsWith('rhec-pledge-count.ts')) continue; // the counter's parts are checked below
      for (const m of readFileSync(file, 'utf8').matchAll(/\bpart="([a-z-]+)"/g)) inTemplates.add(m[1]!);
    }
    assert.deepEqual(names(widget.cssParts), [...inTemplates].sort(), 'every part="…" in the templates is a @csspart of rhec-pledge.ts');
    assert.deepEqual(namedAfter('Parts for deeper changes:').sort(), names(widget.cssParts));
  });

  it("documents the counter's parts", () => {
    assert.deepEqual(namedAfter('colours\' `-dark` twins, and `--rhec-focus`) and the parts').sort(), names(counter.cssParts));
  });

  it("lists every attribute in the widget's table and in the counter's", () => {
    const rows = (after: string) => {
      const at = guide.indexOf(after);
      const table = guide.slice(guide.indexOf('| attribute |', at), guide.indexOf('\n\n', guide.indexOf('| attribute |', at)));
      return [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!).sort();
    };
    assert.deepEqual(rows('## Attributes'), names(widget.attributes));
    assert.deepEqual(rows('## The counter'), names(counter.attributes));
  });

  it("lists every event in the analytics table", () => {
    const at = guide.indexOf('| event | detail |');
    const table = guide.slice(at, guide.indexOf('\n\n', at));
    assert.deepEqual([...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!).sort(), names(widget.events));
  });

  // WordPress's classic editor: its Visual tab (TinyMCE) drops tags it does not know, so the guide's
  // filter must name every element the package defines, or that one vanishes from the post.
  it("keeps every element in the classic editor's Visual tab (the guide's tiny_mce_before_init filter)", () => {
    const at = guide.indexOf("add_filter('tiny_mce_before_init'");
    assert.ok(at >= 0, 'EMBEDDING.md gives the classic editor a tiny_mce_before_init filter');
    const php = guide.slice(at, guide.indexOf('```', at));
    const listed = (key: string) => /\. ',([^']+)'/.exec(php.slice(php.indexOf(`$init['${key}'] =`)))?.[1]?.split(',') ?? [];
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => (d.tagName ? [d.tagName] : [])).sort();
    assert.deepEqual(listed('custom_elements').map((t) => t.replace(/^~/, '')).sort(), tags);
    assert.deepEqual(listed('extended_valid_elements').sort(), tags.map((t) => `${t}[*]`).sort());
  });

  // The same editor's wpautop turns a blank line into `</p><p>`, inside a <script> too: a script a
  // webmaster copies from the guide into a post must have none.
  it('has no blank line inside any <script> a webmaster copies', () => {
    for (const [, block] of guide.matchAll(/```html\n([\s\S]*?)```/g)) {
      for (const [script] of block!.matchAll(/<script[\s\S]*?<\/script>/g)) assert.doesNotMatch(script, /\n[ \t]*\n/, `a blank line in:\n${script}`);
    }
  });

  it('names every custom property the widget reads', () => {
    const documented = new Set(guide.match(/--rhec-[a-z-]+/g));
    const twins = guide.includes('each with a `-dark`\ntwin') || guide.includes('each with a `-dark` twin');
    for (const p of names(widget.cssProperties)) {
      const base = p.endsWith('-dark') ? p.slice(0, -'-dark'.length) : p;
      assert.ok(documented.has(p) || (twins && documented.has(base)), `${p} is in EMBEDDING.md`);
    }
  });
});
