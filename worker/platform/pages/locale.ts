/**
 * Numbers, dates and links in a page's language, shared by every Worker-rendered page: one
 * formatter per language and kind, made once per isolate.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Lang } from '../../../src/pledge-fields.ts';
import { langFor } from '../accept-language.ts';

/**
 * The Intl locale each language is written in: the pledgers are in the United States, and US
 * (and Mexican) Spanish groups thousands with a comma, 12,345, not Spain's 12.345.
 */
export const locale = (lang: Lang): string => (lang === 'es' ? 'es-US' : 'en-US');

const numbers = new Map<Lang, Intl.NumberFormat>();
/**
 * A figure as a reader of `lang` writes it (1,234, 12,345 in both): grouped from four digits in
 * Spanish too (Intl's Spanish leaves 1234 ungrouped), as the widget and the counter write it, so
 * one count reads the same on every page.
 */
export function formatNumber(n: number, lang: Lang): string {
  let f = numbers.get(lang);
  if (!f) numbers.set(lang, (f = new Intl.NumberFormat(locale(lang), { useGrouping: 'always' })));
  return f.format(n);
}

/**
 * The day of a `YYYY-MM-DD…` date or timestamp for a table (Mar 5, 2026 / 5 mar 2026), short for a
 * chart (Mar 5 / 5 mar), or in a sentence as a reader writes it (`'long'`: March 5, 2026 / 5 de
 * marzo de 2026). Anything else is given back as it came.
 */
export function formatDay(iso: string, lang: Lang, style: 'medium' | 'short' | 'long' = 'medium'): string {
  const day = iso.slice(0, 10);
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  const options: Intl.DateTimeFormatOptions =
    style === 'short' ? { month: 'short', day: 'numeric', timeZone: 'UTC' } : { dateStyle: style, timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale(lang), options).format(d);
}

/** A `YYYY-MM` month (Mar 2026 / mar 2026). */
export function formatMonth(month: string, lang: Lang): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? month : new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/**
 * A path of ours in the page's language, always said (`?lang=en` too): a reader who chose
 * English against a Spanish browser stays in English on the next page.
 */
export function inLang(path: string, lang: Lang): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}

/**
 * The hidden field a dashboard form carries its page's language in. Not `lang`: the forms of
 * updates and resources already use `lang`/`langs` for the language of what they make.
 */
export const UI_LANG_FIELD = 'ui_lang';

/** The hidden field itself, for every form on a dashboard page. */
export const uiLangField = (lang: Lang) => html`<input type="hidden" name="${UI_LANG_FIELD}" value="${lang}" />`;

/** The language a posted dashboard form asks for: its hidden field, else Accept-Language. */
export function formLang(c: Context, form: Record<string, unknown>): Lang {
  const value = form[UI_LANG_FIELD];
  return langFor(Array.isArray(value) ? value[0] : value, c.req.header('Accept-Language'));
}
