import { Hono, type Context } from 'hono';
import { STRINGS } from '../../src/i18n/index.ts';
import { LANGS, type Lang } from '../../src/pledge-fields.ts';

/** Partners' pages pick up a new release within minutes; stale copies keep working meanwhile. */
const SCRIPT_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

/** The drop-in script, from the built assets (vite build → dist/). */
export const script = new Hono<{ Bindings: Env }>();

/** A pinned copy never changes: its path is its content's hash. */
const PINNED_CACHE_CONTROL = 'public, max-age=31536000, immutable';

async function publicAsset(c: Context<{ Bindings: Env }>, path: string, type: string, cacheControl: string) {
  const asset = await c.env.ASSETS.fetch(new URL(path, c.req.url));
  if (!asset.ok) return c.notFound();
  const res = new Response(asset.body, asset);
  res.headers.set('Content-Type', type);
  res.headers.set('Cache-Control', cacheControl);
  // `<script type="module">` (and SRI) fetch in CORS mode; the script is public, so any page may load it.
  res.headers.set('Access-Control-Allow-Origin', '*');
  res.headers.set('X-Content-Type-Options', 'nosniff');
  return res;
}

// The widget (`rhec-pledge`) and the counter (`rhec-pledge-count`, built on its own), served alike.
for (const name of ['rhec-pledge', 'rhec-pledge-count']) {
  script.get(`/${name}.js`, (c) => publicAsset(c, `/${name}.js`, 'text/javascript; charset=utf-8', SCRIPT_CACHE_CONTROL));

  /** The current version: `{ version, hash, path, integrity }`, for sites that pin with SRI. */
  script.get(`/${name}.json`, (c) => publicAsset(c, `/${name}.json`, 'application/json', SCRIPT_CACHE_CONTROL));

  script.get(`/v/:hash{[0-9a-f]{16}}/${name}.js`, (c) =>
    publicAsset(c, `/v/${c.req.param('hash')}/${name}.js`, 'text/javascript; charset=utf-8', PINNED_CACHE_CONTROL),
  );
}

/**
 * The hosted pages' icon, so a tab or a bookmark of one is told apart: a tick on the coalition's
 * blue. Also the answer to the `/favicon.ico` every browser asks for (a 404 in each page's console before).
 */
const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f4e8c"/>' +
  '<path d="M9 16.5l5 5 9-11" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg>';
for (const path of ['/favicon.svg', '/favicon.ico']) {
  script.get(path, (c) => c.body(ICON, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' }));
}

/** Every released file still served under /v/ (written by the deploy, scripts/lib/releases.ts). */
script.get('/v/index.json', (c) => publicAsset(c, '/v/index.json', 'application/json', SCRIPT_CACHE_CONTROL));

/**
 * The modules the element imports only when they are needed: kiosk mode (`<rhec-pledge kiosk>`)
 * and what follows the form's first interaction (sending, the error summary, the thank-you
 * panel, Turnstile). Each drop-in script imports the content-addressed copy it was built with
 * (immutable, so a pinned script keeps its own across releases); the unversioned path is the
 * current one.
 */
for (const file of ['rhec-pledge-kiosk.js', 'rhec-pledge-after.js']) {
  script.get(`/${file}`, (c) => publicAsset(c, `/${file}`, 'text/javascript; charset=utf-8', SCRIPT_CACHE_CONTROL));
  script.get(`/v/:hash{[0-9a-f]{16}}/${file}`, (c) =>
    publicAsset(c, `/v/${c.req.param('hash')}/${file}`, 'text/javascript; charset=utf-8', PINNED_CACHE_CONTROL),
  );
}

/**
 * The widget's strings in a language other than English, which the drop-in script does not
 * carry (`src/i18n/load.ts` fetches them when an element needs them). Public, like the script.
 */
script.get('/:file{rhec-pledge\\.[a-z]{2}\\.json}', (c) => {
  const lang = c.req.param('file').slice('rhec-pledge.'.length, -'.json'.length);
  if (!LANGS.some((l) => l === lang)) return c.notFound();
  c.header('Cache-Control', SCRIPT_CACHE_CONTROL);
  c.header('Access-Control-Allow-Origin', '*');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.json(STRINGS[lang as Lang]);
});
