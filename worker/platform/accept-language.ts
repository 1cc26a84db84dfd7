/**
 * Language negotiation for Worker-rendered pages, emails and API messages: an explicit choice
 * (a `lang` field or query) wins; otherwise the browser's Accept-Language list, by its q-values
 * (RFC 9110 §12.5.4), so `fr, es;q=0.9` gives Spanish. English when nothing matches.
 */
import { LANGS, type Lang } from '../../src/pledge-fields.ts';

/** The language a tag (`es`, `ES`, `es-MX`, `en_GB`) names, when it is one we speak. */
export function supported(tag: string): Lang | undefined {
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return LANGS.find((l) => l === base);
}

/** The supported language the Accept-Language header prefers most (q > 0), or undefined. */
export function negotiateLang(header: string | null | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header
    .slice(0, 512) // a real header is short; never spend effort on a huge one
    .split(',')
    .map((item, order) => {
      const [tag = '', ...params] = item.split(';');
      const q = params.map((p) => p.trim().match(/^q\s*=\s*([01](?:\.\d{0,3})?)$/i)).find(Boolean);
      return { lang: supported(tag), q: q ? Number(q[1]) : 1, order };
    })
    .filter((r) => r.lang && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked[0]?.lang;
}

/** The language to answer in: the explicit one when supported, else the Accept-Language choice, else English. */
export function langFor(explicit: unknown, acceptLanguage: string | null | undefined): Lang {
  return (typeof explicit === 'string' ? supported(explicit) : undefined) ?? negotiateLang(acceptLanguage) ?? 'en';
}

/** The first of a request's explicit choices (a link's `?lang=`, a form's `lang`) that names a language we speak. */
export function askedLang(...choices: unknown[]): Lang | undefined {
  for (const choice of choices) {
    const lang = typeof choice === 'string' ? supported(choice) : undefined;
    if (lang) return lang;
  }
  return undefined;
}

/**
 * The language a signed link's page answers in (/confirm, /withdraw, /actions, /recommit,
 * /reminders, /unsubscribe, /preferences): the one the link or its form asks for, when we speak it;
 * else the pledge's own, which its emails are written in; else (no pledge known yet, or none left)
 * the browser's; else English.
 */
export function linkLang(asked: Lang | undefined, pledge: { lang: string | null } | null | undefined, acceptLanguage: string | null | undefined): Lang {
  return asked ?? supported(pledge?.lang ?? '') ?? negotiateLang(acceptLanguage) ?? 'en';
}
