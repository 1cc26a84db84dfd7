/**
 * `/poster` and `/poster.svg`: a society's printable poster with a QR code that opens the
 * hosted pledge page, attributed to that society and tagged with a source code.
 * Parameters: `partner` (required, an active society), `source` (optional; a bad one is
 * dropped, as everywhere), `lang` (`en` or `es`; else from Accept-Language). Each given empty
 * (`?partner=`) is read as left out: the same status and page.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { negotiateLang } from '../platform/accept-language.ts';
import { cleanSource, LANGS, type Lang } from '../../src/pledge-fields.ts';
import { otherLangHref } from '../platform/pages/lang-switch.ts';
import { page } from '../platform/pages/layout.ts';
import { invalidAttr } from '../platform/pages/error-summary.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { posterFileName, posterPage, posterSvg, sourceInput, type Poster } from './poster-page.ts';
import { POSTER_STRINGS } from './strings.ts';

type C = Context<{ Bindings: Env }>;

export const posters = new Hono<{ Bindings: Env }>();

/** Designers' copies may be cached briefly; a disabled society's poster stops within minutes. */
const SVG_CACHE_CONTROL = 'public, max-age=300';

/** The poster's parameters, or the page explaining what is wrong (400 no partner, 404 unknown partner). */
async function readPoster(c: C): Promise<Poster | { status: 400 | 404; lang: Lang; message: string }> {
  const query = c.req.query('lang');
  const lang = LANGS.find((l) => l === query?.trim().toLowerCase()) ?? negotiateLang(c.req.header('Accept-Language')) ?? 'en';
  const strings = POSTER_STRINGS[lang];
  const id = (c.req.query('partner') ?? '').trim().toLowerCase();
  if (!id) return { status: 400, lang, message: strings.missingPartner };
  const partner = /^[a-z0-9][a-z0-9-]{0,31}$/.test(id)
    ? await c.env.DB.prepare('SELECT id, name FROM partners WHERE id = ? AND active = 1').bind(id).first<{ id: string; name: string }>()
    : null;
  if (!partner) return { status: 404, lang, message: strings.unknownPartner(id.slice(0, 32)) };

  const given = (c.req.query('source') ?? '').trim();
  const source = cleanSource(given);
  const params = new URLSearchParams({ partner: partner.id, ...(source ? { source } : {}), lang });
  const origin = c.env.PUBLIC_ORIGIN.replace(/\/$/, '');
  // A bad one is dropped, as from a pledge; the person printing is told, not left to think they gave none.
  const badSource = given && !source ? { given: given.length > 64 ? `${given.slice(0, 64)}…` : given, length: given.length, fix: fixedSource(given) } : undefined;
  return { lang, partner, source, badSource, url: `${origin}/pledge?${params}`, svgHref: `/poster.svg?${params}` };
}

/**
 * The page in the other language: its own address, less any parameter left empty (`?partner=`,
 * `source=`, `lang=`, as when someone edits the address), which means what leaving it out does.
 */
function switchHref(c: C, lang: Lang): string {
  const url = new URL(c.req.url);
  url.search = new URLSearchParams([...url.searchParams].filter(([, value]) => value.trim())).toString();
  return otherLangHref(url.href, lang);
}

/** The usable code nearest a bad one ("Hall B Booth" → hall-b-booth), or none. */
function fixedSource(given: string): string | undefined {
  const slug = given
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 64)
    .replace(/^-+|-+$/g, '');
  return cleanSource(slug);
}

/**
 * Why no poster can be made, in the poster's language, and a form to make one: the active
 * societies to choose from and the source code (kept when one was given), sent back to `/poster`
 * by GET, so whoever prints for the booth is never left to edit an address by hand.
 */
async function problemPage(c: C, problem: { status: 400 | 404; lang: Lang; message: string }) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const s = POSTER_STRINGS[problem.lang];
  const societies = (await c.env.DB.prepare('SELECT id, name FROM partners WHERE active = 1 ORDER BY name').all<{ id: string; name: string }>()).results;
  const given = (c.req.query('source') ?? '').trim();
  // A usable code is kept; an unusable one is offered as its nearest usable form ("Hall B" → hall-b), as the poster page does.
  const source = cleanSource(given) ?? (given ? fixedSource(given) : undefined) ?? '';
  // No society named: a page to choose one; a society that cannot be used: why, and the same choice.
  // The societies are radio buttons (a closed <select> cut their names off at 320 px); they read
  // invalid only then (aria-invalid written out: Chromium reads an empty required choice as invalid
  // on arrival, and a screen reader said "invalid entry" before anything was chosen).
  const title = problem.status === 400 ? s.chooserTitle : s.badPartnerTitle;
  const body = html`<h1>${title}</h1>
    <p id="problem">${problem.message}</p>
    <form method="get" action="/poster">
      <input type="hidden" name="lang" value="${problem.lang}" />
      <div class="field"><fieldset aria-describedby="problem">
        <legend>${s.chooserSociety}</legend>
        <div class="choices">
          ${societies.map(
            (p) => html`<div class="choice"><input type="radio" id="partner-${p.id}" name="partner" value="${p.id}" required${invalidAttr(problem.status === 404)} />
              <label for="partner-${p.id}">${p.name}</label></div>`,
          )}
        </div>
      </fieldset></div>
      <div class="field">
        <label for="source">${s.chooserSource}</label>
        <p class="hint" id="source-hint">${s.chooserSourceHint}</p>
        ${sourceInput(source)}
      </div>
      <button type="submit" class="button">${s.chooserSubmit}</button>
    </form>`;
  return c.html(page(problem.lang, title, nonce, body, '', '', switchHref(c, problem.lang)), problem.status);
}

posters.get('/poster', async (c) => {
  const poster = await readPoster(c);
  if ('status' in poster) return problemPage(c, poster);
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  c.header('Vary', 'Accept-Language');
  return c.html(posterPage(poster, nonce, switchHref(c, poster.lang)));
});

posters.get('/poster.svg', async (c) => {
  const poster = await readPoster(c);
  if ('status' in poster) return problemPage(c, poster);
  return c.body(posterSvg(poster), 200, {
    'Content-Type': 'image/svg+xml; charset=utf-8',
    // Saved, not opened, by the page's "Download" link (its `download` attribute); shown inline when opened directly.
    'Content-Disposition': `inline; filename="${posterFileName(poster)}"`,
    // Opened on its own, the SVG may run nothing and load nothing.
    'Content-Security-Policy': "default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': SVG_CACHE_CONTROL,
    // Without ?lang= the language follows the browser's: a shared cache must keep them apart.
    Vary: 'Accept-Language',
  });
});
