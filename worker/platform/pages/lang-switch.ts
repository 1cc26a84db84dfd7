/**
 * The link to the same page in the other language, shown at the top of Worker-rendered pages
 * (`page(…, switchHref)`). The page's own URL with `lang` swapped, so a signed link's token, a
 * partner or a filter stay as they were.
 */
import { html } from 'hono/html';
import type { Lang } from '../../../src/pledge-fields.ts';
import type { Html } from './layout.ts';

const OTHER: Record<Lang, Lang> = { en: 'es', es: 'en' };
/** Named in its own language; its accessible name says what following it does, and begins with the visible word. */
const LABEL: Record<Lang, { text: string; name: string }> = {
  en: { text: 'English', name: 'English: view this page in English' },
  es: { text: 'Español', name: 'Español: ver esta página en español' },
};

/** The path and query of `requestUrl` with `lang` set to the language other than `lang`. */
export function otherLangHref(requestUrl: string, lang: Lang): string {
  const url = new URL(requestUrl);
  url.searchParams.set('lang', OTHER[lang]);
  // One leading slash: `//evil.example/x` (a 404's path is the visitor's to choose) must not
  // become a link to another site.
  return `/${url.pathname.replace(/^\/+/, '')}${url.search}`;
}

/**
 * After a signed link's POST (confirm, withdraw, unsubscribe): that link's own page in the other
 * language, which now shows the outcome and changes nothing. A POST's own URL carries no token.
 */
export function linkOutcomeSwitchHref(requestUrl: string, path: string, token: string, lang: Lang): string {
  return otherLangHref(`${new URL(requestUrl).origin}${path}?t=${encodeURIComponent(token)}`, lang);
}

/**
 * A dashboard page that answers a POST (what a change did, or the question asked before one): the
 * GET page its form was on (`path`, at `fragment`), in the other language. Following it posts
 * nothing again and changes nothing; what was said once (the notice, the question) is not carried,
 * the state is: the page shows it as it now stands, and a question is asked again, in that
 * language, by its button there. A page re-showing typed words with their errors offers none.
 */
export function formPageSwitchHref(path: string, lang: Lang, fragment = ''): string {
  return `${otherLangHref(`https://dashboard.invalid${path}`, lang)}${fragment}`;
}

export function langSwitch(lang: Lang, href: string): Html {
  const other = OTHER[lang];
  return html`<p class="lang-switch"><a href="${href}" hreflang="${other}" lang="${other}" aria-label="${LABEL[other].name}">${LABEL[other].text}</a></p>`;
}
