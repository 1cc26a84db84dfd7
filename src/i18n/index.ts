import type { Lang } from '../pledge-fields.ts';
import { en, enAfter, type Strings } from './en.ts';
import { es } from './es.ts';

export type { Strings };

/** The widget's strings in every language it speaks; a new language is one file plus one line here. */
export const STRINGS: Record<Lang, Strings> = { en: { ...en, ...enAfter }, es };

/** The best supported language for a BCP 47 tag such as `es-MX` or an Accept-Language list; English otherwise. */
export function pickLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_,;]/)[0] ?? '';
  return Object.hasOwn(STRINGS, base) ? (base as Lang) : 'en';
}
