/**
 * The widget's strings, one language at a time: English ships in the drop-in script; any other
 * language is fetched once from the pledge service (`/rhec-pledge.<lang>.json`, served by the
 * Worker from the same `src/i18n` files) when an element first needs it, so pages in one
 * language never carry the other. A missing key falls back to English.
 */
import { LANGS, type Lang } from '../pledge-fields.ts';
import { en, type Strings } from './en.ts';

const loaded: Partial<Record<Lang, Strings>> = { en };
const pending: Partial<Record<Lang, Promise<Strings>>> = {};

/** The best supported language for a BCP 47 tag such as `es-MX`; English otherwise. */
export function pickLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_,;]/)[0];
  return LANGS.find((l) => l === base) ?? 'en';
}

/** The strings of `lang` if they are here already. */
export function stringsFor(lang: Lang): Strings | undefined {
  return loaded[lang];
}

/** Fetches the strings of `lang` from the pledge service at `api` (once per page); English if that fails. */
export function loadStrings(api: string, lang: Lang): Promise<Strings> {
  return (pending[lang] ??= fetch(new URL(`/rhec-pledge.${lang}.json`, api), { credentials: 'omit' })
    .then((res) => (res.ok ? res.json() : {}))
    .catch(() => ({}))
    .then((json: Partial<Strings>) => (loaded[lang] = { ...en, ...json })));
}
