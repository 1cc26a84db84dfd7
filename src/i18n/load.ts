/**
 * The widget's strings, one language at a time: English ships in the drop-in script; any other
 * language is fetched once from the pledge service (`/rhec-pledge.<lang>.json`, served by the
 * Worker from the same `src/i18n` files) when an element first needs it, so pages in one
 * language never carry the other. A missing key falls back to English.
 *
 * If the fetch fails (a dropped connection at a booth, an `api` that serves no strings) or has not
 * answered within `TIMEOUT_MS` (a network that hangs), English stands in meanwhile (`fallbackFor`),
 * and the language is asked for again after `RETRY_MS`.
 */
import { LANGS, type Lang } from '../pledge-fields.ts';
import { en, type FirstStrings as Strings } from './en.ts';

/** How long a failed language waits before it is asked for again. */
export const RETRY_MS = 10_000;
/**
 * How long the strings' first request may take before English stands in: the card shows nothing
 * until then. A retry is not timed (English is on the card meanwhile), so a network slower than
 * this still brings the language. (Safari before 16 has no `AbortSignal.timeout`: there no
 * request is timed.)
 */
export const TIMEOUT_MS = 5_000;

const loaded: Partial<Record<Lang, Strings>> = { en };
const pending: Partial<Record<Lang, Promise<Strings>>> = {};
const failed: Partial<Record<Lang, boolean>> = {};

/** The best supported language for a BCP 47 tag such as `es-MX`; English otherwise. */
export function pickLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_,;]/)[0];
  return LANGS.includes(base as Lang) ? (base as Lang) : 'en';
}

/** The strings of `lang` if they are here already. */
export function stringsFor(lang: Lang): Strings | undefined {
  return loaded[lang];
}

/** English, standing in for `lang` while its strings could not be fetched; else undefined. */
export function fallbackFor(lang: Lang): Strings | undefined {
  return failed[lang] ? en : undefined;
}

/**
 * Fetches the strings of `lang` from the pledge service at `api`: one request at a time per
 * page, and the same promise for every caller until it settles (and, after a failure, until
 * `RETRY_MS` has passed). Resolves to the strings, or to English when they could not be had.
 */
export function loadStrings(api: string, lang: Lang): Promise<Strings> {
  return (pending[lang] ??= fetch(new URL(`/rhec-pledge.${lang}.json`, api), { credentials: 'omit', signal: failed[lang] ? null : AbortSignal.timeout?.(TIMEOUT_MS) })
    .then((res) => (res.ok ? (res.json() as Promise<Partial<Strings>>) : Promise.reject(new Error(String(res.status)))))
    .then((json) => {
      failed[lang] = false;
      return (loaded[lang] = { ...en, ...json });
    })
    .catch(() => {
      failed[lang] = true;
      setTimeout(() => delete pending[lang], RETRY_MS);
      return en;
    }));
}
