import type { Context, MiddlewareHandler } from 'hono';
import { hashIp } from '../pledges/abuse.ts';
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

/**
 * Networks that sent too many wrong tokens lately (past the limiter's 20 a minute, counted on
 * wrong tokens only, so a maintainer's scripts are never held up), refused until the time given
 * here before any token is compared: guessing goes no faster than that. Kept per isolate, and
 * bounded.
 */
const lockedOut = new Map<string, number>();
const LOCKOUT_MS = 60_000;

async function networkOf(c: Context<{ Bindings: Env }>): Promise<string | null> {
  try {
    return await hashIp(c.env, c.req.header('CF-Connecting-IP'), c.req.url);
  } catch {
    return null; // IP_SALT missing: the token check still stands
  }
}

/** Maintainer routes: `Authorization: Bearer <ADMIN_TOKEN>`. */
export const requireAdmin: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  if (!c.env.ADMIN_TOKEN) {
    return errorResponse(c, 503, 'not_configured', 'Admin access is not configured: set the ADMIN_TOKEN secret.');
  }
  const network = await networkOf(c);
  const now = Date.now();
  const until = network ? lockedOut.get(network) : undefined;
  if (network && until !== undefined && until <= now) lockedOut.delete(network);
  const tooMany = () => {
    // Said each time, so a guessing that goes on leaves its trace (the kind only, never the address).
    console.warn(JSON.stringify({ event: 'admin_token_refused', reason: 'locked_out' }));
    c.header('Retry-After', String(LOCKOUT_MS / 1000));
    return errorResponse(c, 429, 'rate_limited', 'Too many wrong admin tokens from this network in the last minute. Wait a minute.');
  };
  if (network && until !== undefined && until > now) return tooMany();
  const header = c.req.header('Authorization') ?? '';
  // The scheme's name is case-insensitive (RFC 9110): `bearer` is `Bearer`.
  const token = /^bearer /i.test(header) ? header.slice(7).trim() : '';
  if (!token || !(await sameSecret(token, c.env.ADMIN_TOKEN))) {
    // Only a token sent and wrong counts (a request with none guesses nothing).
    if (network && token) {
      const within = await c.env.PLEDGE_RATE_LIMITER.limit({ key: `admin-api:${network}` }).then((r) => r.success, () => true);
      if (!within) {
        if (lockedOut.size >= 1000) for (const [n, t] of lockedOut) if (t <= now) lockedOut.delete(n);
        if (lockedOut.size < 10_000) lockedOut.set(network, now + LOCKOUT_MS);
        return tooMany(); // the 21st wrong token in a minute is already one too many
      }
    }
    // The kind of refusal only: never the token sent, nor the address.
    console.warn(JSON.stringify({ event: 'admin_token_refused', reason: token ? 'token' : 'missing' }));
    c.header('WWW-Authenticate', 'Bearer realm="rhec-pledge admin"');
    return errorResponse(c, 401, 'unauthorized', 'Send the admin token as Authorization: Bearer <token>.');
  }
  c.header('Cache-Control', 'no-store');
  return next();
};
