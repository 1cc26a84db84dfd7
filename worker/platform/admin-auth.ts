import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './errors.ts';

const encoder = new TextEncoder();

/** Compares two secrets in constant time (hashing first, so lengths never leak either). */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** Maintainer routes: `Authorization: Bearer <ADMIN_TOKEN>`. */
export const requireAdmin: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  if (!c.env.ADMIN_TOKEN) {
    return errorResponse(c, 503, 'not_configured', 'Admin access is not configured: set the ADMIN_TOKEN secret.');
  }
  const header = c.req.header('Authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!token || !(await sameSecret(token, c.env.ADMIN_TOKEN))) {
    c.header('WWW-Authenticate', 'Bearer realm="rhec-pledge admin"');
    return errorResponse(c, 401, 'unauthorized', 'Send the admin token as Authorization: Bearer <token>.');
  }
  c.header('Cache-Control', 'no-store');
  return next();
};
