/**
 * The admin dashboard's session: a short-lived cookie holding its own expiry, HMAC-signed
 * with a key derived from ADMIN_TOKEN (so rotating the token signs everyone out).
 * HttpOnly, SameSite=Strict, Secure on https, scoped to /admin.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { verifyWithJwks } from 'hono/jwt';

const COOKIE = 'rhec_admin';
const LIFETIME_SECONDS = 2 * 60 * 60;
const encoder = new TextEncoder();

async function signature(env: Env, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(`admin-session:${env.ADMIN_TOKEN}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(payload));
  return btoa(String.fromCharCode(...new Uint8Array(mac))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export async function startSession(c: Context<{ Bindings: Env }>): Promise<void> {
  const payload = `v1.${Math.floor(Date.now() / 1000) + LIFETIME_SECONDS}`;
  setCookie(c, COOKIE, `${payload}.${await signature(c.env, payload)}`, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/admin',
    maxAge: LIFETIME_SECONDS,
  });
}

export function endSession(c: Context<{ Bindings: Env }>): void {
  deleteCookie(c, COOKIE, { path: '/admin' });
}

export async function hasSession(c: Context<{ Bindings: Env }>): Promise<boolean> {
  if (!c.env.ADMIN_TOKEN) return false;
  const value = getCookie(c, COOKIE) ?? '';
  const [version, expiry, sig] = value.split('.');
  if (version !== 'v1' || !expiry || !sig || !/^\d+$/.test(expiry)) return false;
  if (Number(expiry) * 1000 < Date.now()) return false;
  const a = encoder.encode(await signature(c.env, `v1.${expiry}`));
  const b = encoder.encode(sig);
  return a.byteLength === b.byteLength && crypto.subtle.timingSafeEqual(a, b);
}

/**
 * Behind Cloudflare Access (ACCESS_TEAM_DOMAIN and ACCESS_AUD set), a maintainer Access has
 * already let in counts as signed in: its `Cf-Access-Jwt-Assertion` is verified against the
 * team's published keys, issuer and this application's audience tag.
 */
export async function hasAccessIdentity(c: Context<{ Bindings: Env }>): Promise<boolean> {
  const team = c.env.ACCESS_TEAM_DOMAIN;
  const token = c.req.header('Cf-Access-Jwt-Assertion');
  if (!team || !c.env.ACCESS_AUD || !token) return false;
  try {
    await verifyWithJwks(token, {
      jwks_uri: `https://${team}/cdn-cgi/access/certs`,
      allowedAlgorithms: ['RS256'],
      verification: { iss: `https://${team}`, aud: c.env.ACCESS_AUD },
    });
    return true;
  } catch {
    return false;
  }
}

/** Signed in: by the dashboard's own session, or by Cloudflare Access. */
export async function isMaintainer(c: Context<{ Bindings: Env }>): Promise<boolean> {
  return (await hasSession(c)) || (await hasAccessIdentity(c));
}
