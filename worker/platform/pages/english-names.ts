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

/** `text` (escaped) in `lang`, with each English name in it marked `lang="en"`; in English, `text` as it is. */
export function withEnglishNames(text: string, lang: Lang, more: readonly string[] = []): Html {
  if (lang === 'en') return html`${text}`;
  // Longest first, so a name inside a longer one is not marked on its own.
  const names = [...new Set([...NAMES, ...more].filter((n) => n.trim()))].sort((a, b) => b.length - a.length);
  const parts: Html[] = [];
  let at = 0;
  for (const m of text.matchAll(new RegExp(names.map(escapeRegExp).join('|'), 'g'))) {
    parts.push(html`${text.slice(at, m.index)}<span lang="en">${m[0]}</span>`);
    at = m.index + m[0].length;
  }
  return html`${parts}${text.slice(at)}`;
}

/** `'en'` for a text that is one English name in another language's page (an `<option>`'s or a table header's `lang`, where a `<span>` cannot go). */
export function englishNameLang(text: string, lang: Lang): 'en' | undefined {
  return lang !== 'en' && NAMES.includes(text) ? 'en' : undefined;
}
