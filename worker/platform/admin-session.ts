/**
 * The admin dashboard's session: a short-lived cookie `v2.<session id>.<expiry>.<signature>`,
 * HMAC-signed with a key derived from ADMIN_TOKEN (so rotating the token signs everyone out),
 * and valid only while its row is in `admin_sessions` (only the id's SHA-256 is kept there),
 * so signing out ends the session on the server: a copy of the cookie is worth nothing after.
 * HttpOnly, SameSite=Strict, Secure on https, scoped to /admin.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { decode, verifyWithJwks } from 'hono/jwt';

type C = Context<{ Bindings: Env }>;

const COOKIE = 'rhec_admin';
const LIFETIME_SECONDS = 2 * 60 * 60;
/** However much it is used, a session ends this long after its sign-in. */
const MAX_SESSION_SECONDS = 12 * 60 * 60;
/** Requests whose session was renewed already (a dashboard change asks twice: once to act, once to draw). */
const renewed = new WeakSet<Request>();
const encoder = new TextEncoder();

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

async function signature(env: Env, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(`admin-session:${env.ADMIN_TOKEN}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return base64url(await crypto.subtle.sign('HMAC', key, encoder.encode(payload)));
}

/** What D1 keeps of a session id: its SHA-256, so a copy of the table opens no session. */
async function storedId(id: string): Promise<string> {
  return base64url(await crypto.subtle.digest('SHA-256', encoder.encode(id)));
}

export async function startSession(c: C, now = Date.now()): Promise<void> {
  const id = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const expiry = Math.floor(now / 1000) + LIFETIME_SECONDS;
  const at = new Date(now).toISOString();
  await c.env.DB.batch([
    // Sessions past their expiry are of no use to anyone: tidy them away as new ones start.
    c.env.DB.prepare('DELETE FROM admin_sessions WHERE expires_at < ?').bind(at),
    c.env.DB.prepare('INSERT INTO admin_sessions (id, expires_at, started_at) VALUES (?, ?, ?)').bind(await storedId(id), new Date(expiry * 1000).toISOString(), at),
  ]);
  await setSessionCookie(c, id, expiry);
}

/**
 * A session in use is kept alive: once half its time has gone, the next page a maintainer opens
 * or form they send moves its end LIFETIME_SECONDS on (row and cookie), so only two idle hours
 * end it, not two hours of work; but never past MAX_SESSION_SECONDS after its sign-in, so a
 * copied cookie cannot be kept alive for ever. Done once per request.
 */
async function renewSession(c: C, id: string, startedAt: string | null, expiresAt: number, now: number): Promise<void> {
  if (!startedAt || renewed.has(c.req.raw)) return;
  const cap = Math.floor(Date.parse(startedAt) / 1000) + MAX_SESSION_SECONDS;
  const expiry = Math.min(Math.floor(now / 1000) + LIFETIME_SECONDS, cap);
  if (!(expiry * 1000 > expiresAt)) return; // only ever later, never sooner
  renewed.add(c.req.raw);
  await c.env.DB.prepare('UPDATE admin_sessions SET expires_at = ? WHERE id = ?').bind(new Date(expiry * 1000).toISOString(), await storedId(id)).run();
  await setSessionCookie(c, id, expiry);
}

async function setSessionCookie(c: C, id: string, expiry: number): Promise<void> {
  const payload = `v2.${id}.${expiry}`;
  setCookie(c, COOKIE, `${payload}.${await signature(c.env, payload)}`, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/admin',
    maxAge: LIFETIME_SECONDS,
  });
}

/** The session id in a validly signed, unexpired cookie, or null. */
async function sessionId(c: C, now: number): Promise<string | null> {
  return (await sessionCookie(c, now))?.id ?? null;
}

/** The id and expiry (ms) of a validly signed, unexpired cookie, or null. */
async function sessionCookie(c: C, now: number): Promise<{ id: string; expiresAt: number } | null> {
  if (!c.env.ADMIN_TOKEN) return null;
  const [version, id, expiry, sig, ...rest] = (getCookie(c, COOKIE) ?? '').split('.');
  if (version !== 'v2' || !id || !expiry || !sig || rest.length || !/^\d+$/.test(expiry)) return null;
  if (Number(expiry) * 1000 < now) return null;
  const a = encoder.encode(await signature(c.env, `v2.${id}.${expiry}`));
  const b = encoder.encode(sig);
  return a.byteLength === b.byteLength && crypto.subtle.timingSafeEqual(a, b) ? { id, expiresAt: Number(expiry) * 1000 } : null;
}

/** Signing out: the session's row goes (so every copy of the cookie stops working), then the cookie. */
export async function endSession(c: C, now = Date.now()): Promise<void> {
  const id = await sessionId(c, now);
  if (id) await c.env.DB.prepare('DELETE FROM admin_sessions WHERE id = ?').bind(await storedId(id)).run();
  deleteCookie(c, COOKIE, { path: '/admin' });
}

export async function hasSession(c: C, now = Date.now()): Promise<boolean> {
  const cookie = await sessionCookie(c, now);
  if (!cookie) return false;
  const row = await c.env.DB.prepare('SELECT started_at FROM admin_sessions WHERE id = ? AND expires_at > ?')
    .bind(await storedId(cookie.id), new Date(now).toISOString())
    .first<{ started_at: string | null }>();
  if (row === null) return false;
  if (cookie.expiresAt - now < (LIFETIME_SECONDS * 1000) / 2) await renewSession(c, cookie.id, row.started_at, cookie.expiresAt, now);
  return true;
}

/** How long an isolate trusts the Access team's published keys before fetching them again. */
const ACCESS_KEYS_TTL_MS = 10 * 60_000;
/** An unknown key id may mean Access rotated its keys: fetch again, but at most this often. */
const ACCESS_KEYS_REFRESH_MS = 60_000;

let accessKeys: { team: string; keys: JsonWebKey[]; fetchedAt: number } | null = null;

async function teamKeys(team: string, now: number, forceFresh: boolean): Promise<JsonWebKey[]> {
  const usable = accessKeys?.team === team ? accessKeys : null;
  const age = usable ? now - usable.fetchedAt : Infinity;
  if (usable && age < ACCESS_KEYS_TTL_MS && !(forceFresh && age >= ACCESS_KEYS_REFRESH_MS)) return usable.keys;
  const res = await fetch(`https://${team}/cdn-cgi/access/certs`);
  if (!res.ok) throw new Error('access_keys_unavailable');
  const { keys } = (await res.json()) as { keys?: unknown };
  if (!Array.isArray(keys)) throw new Error('access_keys_invalid');
  accessKeys = { team, keys: keys as JsonWebKey[], fetchedAt: now };
  return accessKeys.keys;
}

/** Forget the cached Access keys (tests). */
export function clearAccessKeys(): void {
  accessKeys = null;
}

/**
 * Behind Cloudflare Access (ACCESS_TEAM_DOMAIN and ACCESS_AUD set), a maintainer Access has
 * already let in counts as signed in: its `Cf-Access-Jwt-Assertion` is verified against the
 * team's published keys (cached per isolate; fetched again only when they age out or an
 * unknown key id appears), issuer and this application's audience tag, and must carry `exp`.
 */
export async function hasAccessIdentity(c: C, now = Date.now()): Promise<boolean> {
  const team = c.env.ACCESS_TEAM_DOMAIN;
  const token = c.req.header('Cf-Access-Jwt-Assertion');
  if (!team || !c.env.ACCESS_AUD || !token) return false;
  try {
    const { header, payload } = decode(token);
    // A token that never expires is refused, whoever signed it.
    if (typeof payload.exp !== 'number') return false;
    const kid = (header as { kid?: unknown }).kid;
    let keys = await teamKeys(team, now, false);
    if (!keys.some((k) => (k as { kid?: unknown }).kid === kid)) keys = await teamKeys(team, now, true);
    await verifyWithJwks(token, {
      keys: keys as never,
      allowedAlgorithms: ['RS256'],
      verification: { iss: `https://${team}`, aud: c.env.ACCESS_AUD, exp: true },
    });
    return true;
  } catch {
    return false;
  }
}

/** Signed in: by the dashboard's own session, or by Cloudflare Access. */
export async function isMaintainer(c: C): Promise<boolean> {
  return (await hasSession(c)) || (await hasAccessIdentity(c));
}
