/**
 * English proper names inside another language's sentences (WCAG 3.1.2, language of parts):
 * "… se comprometió con la <span lang="en">Radiology Health Equity Coalition</span>." A Spanish
 * page's or email's screen reader then says the name in English instead of spelling it out in
 * Spanish. The names are the coalition's and its member societies' (and any a caller adds, a
 * partner's say); an organization's own name is left as it is written, in whatever language that is.
 */
import { html } from 'hono/html';
import { SOCIETIES } from '../../../src/content/coalition.ts';
import { STRINGS } from '../../../src/i18n/index.ts';
import type { Lang } from '../../../src/pledge-fields.ts';
import type { Html } from './layout.ts';

const NAMES: readonly string[] = [STRINGS.en.coalitionName, ...SOCIETIES.map((s) => s.name)];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` cut at each English name in it (`name: true`), the longest names first, so a name inside a longer one is not cut on its own. */
function atNames(text: string, more: readonly string[]): { text: string; name: boolean }[] {
  const names = [...new Set([...NAMES, ...more].filter((n) => n.trim()))].sort((a, b) => b.length - a.length);
  const parts: { text: string; name: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(new RegExp(names.map(escapeRegExp).join('|'), 'g'))) {
    parts.push({ text: text.slice(at, m.index), name: false }, { text: m[0], name: true });
    at = m.index + m[0].length;
  }
  return [...parts, { text: text.slice(at), name: false }];
}

/** `text` (escaped) in `lang`, with each English name in it marked `lang="en"`; in English, `text` as it is. */
export function withEnglishNames(text: string, lang: Lang, more: readonly string[] = []): Html {
  if (lang === 'en') return html`${text}`;
  return html`${atNames(text, more).map((p) => (p.name ? html`<span lang="en">${p.text}</span>` : html`${p.text}`))}`;
}

/** The same as a string of HTML, each piece escaped by `escape`: for a renderer that writes strings (an update's Markdown). */
export function englishNamesHtml(text: string, lang: Lang, escape: (s: string) => string): string {
  if (lang === 'en') return escape(text);
  return atNames(text, []).map((p) => (p.name ? `<span lang="en">${escape(p.text)}</span>` : escape(p.text))).join('');
}

/** `'en'` for a text that is one English name in another language's page (an `<option>`'s or a table header's `lang`, where a `<span>` cannot go). */
export function englishNameLang(text: string, lang: Lang): 'en' | undefined {
  return lang !== 'en' && NAMES.includes(text) ? 'en' : undefined;
}
