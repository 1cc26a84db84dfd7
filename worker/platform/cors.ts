import type { Handler, MiddlewareHandler } from 'hono';
import { isAllowedOrigin } from '../partners/queries.ts';

const ALLOW_HEADERS = 'Content-Type';
const PREFLIGHT_MAX_AGE = '86400';

type HonoEnv = { Bindings: Env };

/**
 * The site a form was posted from, when it is another one (a page that submits this service's
 * form from its visitors' browsers): undefined for this service's own pages (also when a partner
 * frames them) and for a client that sends no Origin, which is not a browser posting across sites.
 * That site may post only for the societies registered to it (`/pledge`, `/join`).
 */
export function crossSiteOrigin(c: { req: { url: string; header(name: string): string | undefined }; env: Env }): string | undefined {
  const from = c.req.header('Origin');
  return from && ![new URL(c.req.url).origin, new URL(c.env.PUBLIC_ORIGIN).origin].includes(from) ? from : undefined;
}

async function allowedOrigin(db: D1Database, origin: string | undefined): Promise<string | null> {
  return origin && (await isAllowedOrigin(db, origin)) ? origin : null;
}

/**
 * CORS for the API: an exact-origin allowlist read from the `partner_origins` table.
 * Registered origins get CORS headers; every other origin gets none, so the browser
 * withholds the response from that page.
 */
export const partnerCors: MiddlewareHandler<HonoEnv> = async (c, next) => {
  const origin = await allowedOrigin(c.env.DB, c.req.header('Origin'));
  await next();
  c.res.headers.append('Vary', 'Origin');
  if (origin) {
    c.res.headers.set('Access-Control-Allow-Origin', origin);
    // The widget waits as long as a 503 or 429 asks; a cross-origin script may only read that header when it is exposed.
    c.res.headers.set('Access-Control-Expose-Headers', 'Retry-After');
  }
};

/**
 * Preflights: for registered origins, the methods the route answers (`methods`, as its 405's
 * `Allow` lists them) and the headers; a bare 204 for others.
 */
export const partnerPreflight = (methods: readonly string[]): Handler<HonoEnv> => async (c) => {
  const origin = await allowedOrigin(c.env.DB, c.req.header('Origin'));
  const headers = new Headers({ Vary: 'Origin' });
  if (origin) {
    headers.set('Access-Control-Allow-Origin', origin);
    headers.set('Access-Control-Allow-Methods', [...methods, 'OPTIONS'].join(', '));
    headers.set('Access-Control-Allow-Headers', ALLOW_HEADERS);
    headers.set('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
  }
  return new Response(null, { status: 204, headers });
};
