/** `GET /about`: the coalition's own page, whole (page.ts), in `?lang=` or the browser's language. */
import { Hono } from 'hono';
import { langFor } from '../platform/accept-language.ts';
import { otherLangHref } from '../platform/pages/lang-switch.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { shareTags } from '../impact/share-meta.ts';
import { aboutPage } from './page.ts';
import { ABOUT_STRINGS } from './strings.ts';

export const about = new Hono<{ Bindings: Env }>();

about.get('/about', (c) => {
  const lang = langFor(c.req.query('lang'), c.req.header('Accept-Language'));
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  c.header('Content-Language', lang);
  const a = ABOUT_STRINGS[lang];
  const head = shareTags(c.env.PUBLIC_ORIGIN, lang, { path: `/about?lang=${lang}`, title: a.title, description: a.shareDescription });
  return c.html(aboutPage(lang, nonce, head, otherLangHref(c.req.url, lang), c.env.PUBLIC_ORIGIN));
});
