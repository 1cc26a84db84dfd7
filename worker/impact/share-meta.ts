/**
 * Open Graph and Twitter card tags for the hosted pages, so a link shared on LinkedIn, X,
 * Facebook or in a chat shows a proper card: title, description and a 1200×630 image in the
 * page's language (rendered at build time by scripts/build-cards.ts, served from /share/).
 */
import { html } from 'hono/html';
import type { Lang } from '../../src/pledge-fields.ts';
import { IMPACT_STRINGS } from './strings.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** The card image's path for a language. */
export const cardPath = (lang: Lang) => `/share/rhec-pledge-${lang}.png`;

/**
 * Open Graph's locale of each language: US English and US Spanish, as the pages write them
 * (locale.ts). The other one is the page's `og:locale:alternate`: each page is offered in both (`?lang=`).
 */
const OG_LOCALE: Record<Lang, string> = { en: 'en_US', es: 'es_US' };

/** `publicOrigin`: where the Worker is reached (PUBLIC_ORIGIN); share links must be absolute. */
export function shareTags(publicOrigin: string, lang: Lang, page: { path: string; title: string; description: string }) {
  const origin = publicOrigin.replace(/\/$/, '');
  const s = IMPACT_STRINGS[lang];
  const image = `${origin}${cardPath(lang)}`;
  return html`<meta name="description" content="${page.description}" />
    <meta property="og:type" content="website" />
    <meta property="og:site_name" content="Radiology Health Equity Coalition" />
    <meta property="og:title" content="${page.title}" />
    <meta property="og:description" content="${page.description}" />
    <meta property="og:url" content="${origin}${page.path}" />
    <meta property="og:locale" content="${OG_LOCALE[lang]}" />
    <meta property="og:locale:alternate" content="${OG_LOCALE[lang === 'es' ? 'en' : 'es']}" />
    <meta property="og:image" content="${image}" />
    <meta property="og:image:type" content="image/png" />
    <meta property="og:image:width" content="${CARD_WIDTH}" />
    <meta property="og:image:height" content="${CARD_HEIGHT}" />
    <meta property="og:image:alt" content="${s.cardAlt}" />
    <meta name="twitter:card" content="summary_large_image" />
    <meta name="twitter:title" content="${page.title}" />
    <meta name="twitter:description" content="${page.description}" />
    <meta name="twitter:image" content="${image}" />
    <meta name="twitter:image:alt" content="${s.cardAlt}" />`;
}
