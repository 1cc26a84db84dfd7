import type { MiddlewareHandler } from 'hono';
import { isAllowedOrigin } from './db/partners.ts';

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Content-Type';
const PREFLIGHT_MAX_AGE = '86400';

/**
 * CORS for the API: an exact-origin allowlist read from the `partner_origins` table.
 * Registered origins get CORS headers; every other origin gets none (the browser then
 * refuses the response), and a preflight from it gets a bare 204.
 */
export const partnerCors: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const origin = c.req.header('Origin');
  const allowed = origin ? await isAllowedOrigin(c.env.DB, origin) : false;

  if (c.req.method === 'OPTIONS') {
    const headers = new Headers({ Vary: 'Origin' });
    if (allowed && origin) {
      headers.set('Access-Control-Allow-Origin', origin);
      headers.set('Access-Control-Allow-Methods', ALLOW_METHODS);
      headers.set('Access-Control-Allow-Headers', ALLOW_HEADERS);
      headers.set('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
    }
    return new Response(null, { status: 204, headers });
  }

  await next();
  c.res.headers.append('Vary', 'Origin');
  if (allowed && origin) c.res.headers.set('Access-Control-Allow-Origin', origin);
};
