/** The dashboard's sessions, Cloudflare Access and partner changes, as an attacker would try them. */
import { env, SELF } from 'cloudflare:test';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { clearAccessKeys } from '../../worker/platform/admin-session.ts';
import { fetchWithEnv, wellInsideAMinute } from './helpers.ts';

const ORIGIN = 'https://pledge.test';

function form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

async function signIn(): Promise<string> {
  const res = await form('/admin/sign-in', { token: 'test-admin-token' });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('Set-Cookie')!.split(';')[0]!;
  expect(cookie).toMatch(/^rhec_admin=v2\./);
  return cookie;
}

const dashboard = async (cookie: string) => (await SELF.fetch(`${ORIGIN}/admin`, { headers: { Cookie: cookie } })).text();

describe('signing out', () => {
  it('ends the session on the server: a copy of the cookie taken before no longer opens the dashboard', async () => {
    const cookie = await signIn();
    expect(await dashboard(cookie)).toContain('Campaign dashboard');
    const out = await form('/admin/sign-out', {}, { Cookie: cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('Set-Cookie')).toMatch(/rhec_admin=;/);
    expect(await dashboard(cookie)).toContain('Sign in to the dashboard');
    expect((await SELF.fetch(`${ORIGIN}/admin/pledges.csv`, { headers: { Cookie: cookie }, redirect: 'manual' })).status).toBe(303);
  });

  it('refuses a sign-out asked for by another site (or none), leaving the session alone', async () => {
    const cookie = await signIn();
    for (const origin of ['https://evil.example', 'null']) {
      const res = await form('/admin/sign-out', {}, { Cookie: cookie, Origin: origin });
      expect(res.status).toBe(403);
    }
    expect(await dashboard(cookie)).toContain('Campaign dashboard');
    // Other sessions are not touched by one signing out.
    const other = await signIn();
    await form('/admin/sign-out', {}, { Cookie: cookie });
    expect(await dashboard(other)).toContain('Campaign dashboard');
  });

  it('keeps only a hash of each session id, and an expired session opens nothing', async () => {
    const cookie = await signIn();
    const id = cookie.split('.')[1]!;
    const { results } = await env.DB.prepare('SELECT id FROM admin_sessions').all<{ id: string }>();
    expect(results.length).toBeGreaterThan(0);
    expect(results.some((r) => r.id === id)).toBe(false);
    await env.DB.prepare(`UPDATE admin_sessions SET expires_at = '2000-01-01T00:00:00.000Z'`).run();
    expect(await dashboard(cookie)).toContain('Sign in to the dashboard');
  });

  /** A session made as startSession makes one, `startedMinutesAgo` with `leftMinutes` to go (no start time: one from before it was kept). */
  async function sessionCookie(startedMinutesAgo: number | null, leftMinutes: number) {
    const b64 = (bytes: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    const id = b64(crypto.getRandomValues(new Uint8Array(32)));
    const expiry = Math.floor(Date.now() / 1000) + leftMinutes * 60;
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('admin-session:test-admin-token'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const payload = `v2.${id}.${expiry}`;
    const cookie = `rhec_admin=${payload}.${b64(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(payload)))}`;
    const stored = b64(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id)));
    const started = startedMinutesAgo === null ? null : new Date(Date.now() - startedMinutesAgo * 60_000).toISOString();
    await env.DB.prepare('INSERT INTO admin_sessions (id, expires_at, started_at) VALUES (?, ?, ?)').bind(stored, new Date(expiry * 1000).toISOString(), started).run();
    return { id, expiry, cookie, stored };
  }

  it('is kept alive while in use, but never past 12 hours from its sign-in', async () => {
    // Signed in 11 hours ago, 20 min left: renewed only up to the 12 hours (an hour on), not two.
    const late = await sessionCookie(11 * 60, 20);
    const capped = await SELF.fetch(`${ORIGIN}/admin`, { headers: { Cookie: late.cookie } });
    expect(await capped.text()).toContain('Campaign dashboard');
    const cappedExpiry = Number((capped.headers.get('Set-Cookie') ?? '').split(';')[0]!.split('.')[2]);
    expect(Math.abs(cappedExpiry - (Math.floor(Date.now() / 1000) + 60 * 60))).toBeLessThan(10);
    // Signed in 11 h 55 min ago with 20 min on its cookie: nothing later to give, so not rewritten.
    const last = await sessionCookie(11 * 60 + 55, 20);
    expect((await SELF.fetch(`${ORIGIN}/admin`, { headers: { Cookie: last.cookie } })).headers.get('Set-Cookie')).toBeNull();
    // One kept from before sessions had a start: not renewed at all.
    const old = await sessionCookie(null, 20);
    expect((await SELF.fetch(`${ORIGIN}/admin`, { headers: { Cookie: old.cookie } })).headers.get('Set-Cookie')).toBeNull();
  });

  it('is kept alive while in use: past half its two hours, the next page moves its end two hours on (row and cookie)', async () => {
    // A session signed in 100 minutes ago (20 left).
    const { id, expiry, cookie, stored } = await sessionCookie(100, 20);

    const res = await SELF.fetch(`${ORIGIN}/admin`, { headers: { Cookie: cookie } });
    expect(await res.text()).toContain('Campaign dashboard');
    const renewed = res.headers.get('Set-Cookie') ?? '';
    const newExpiry = Number(renewed.split(';')[0]!.split('.')[2]);
    expect(newExpiry).toBeGreaterThan(expiry + 90 * 60);
    expect(renewed).toContain(`rhec_admin=v2.${id}.`); // the same session, not a new one
    const row = await env.DB.prepare('SELECT expires_at FROM admin_sessions WHERE id = ?').bind(stored).first<string>('expires_at');
    expect(Date.parse(row!)).toBe(newExpiry * 1000);
    // A fresh session (most of its time left) is not rewritten on every page.
    expect((await SELF.fetch(`${ORIGIN}/admin`, { headers: { Cookie: await signIn() } })).headers.get('Set-Cookie')).toBeNull();
  });
});

const TEAM = 'coalition.cloudflareaccess.com';
const AUD = 'aud-tag-for-the-dashboard';

describe('Cloudflare Access', () => {
  async function keyPair() {
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    return {
      publicJwk: { ...((await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey), kid: 'k1', alg: 'RS256', use: 'sig' },
      privateJwk: { ...((await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey), kid: 'k1', alg: 'RS256' },
    };
  }

  /** Access's key server is beyond this machine: it is answered at the fetch boundary, and its calls counted. */
  async function withKeyServer<T>(publicJwk: object, fn: () => Promise<T>) {
    const realFetch = globalThis.fetch;
    let fetches = 0;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input instanceof Request ? input.url : input) === `https://${TEAM}/cdn-cgi/access/certs`) {
        fetches++;
        return Response.json({ keys: [publicJwk] });
      }
      return realFetch(input, init);
    }) as typeof fetch;
    try {
      return { result: await fn(), fetches: () => fetches };
    } finally {
      globalThis.fetch = realFetch;
    }
  }

  const withAccess = async (jwt: string) =>
    (await fetchWithEnv(new Request(`${ORIGIN}/admin`, { headers: { 'Cf-Access-Jwt-Assertion': jwt } }), { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD })).text();

  it('fetches the team keys once, not on every request', async () => {
    clearAccessKeys();
    const { publicJwk, privateJwk } = await keyPair();
    const now = Math.floor(Date.now() / 1000);
    const jwt = await sign({ iss: `https://${TEAM}`, aud: AUD, iat: now, exp: now + 300 }, privateJwk, 'RS256');
    const { result, fetches } = await withKeyServer(publicJwk, async () => {
      const pages = [];
      for (let i = 0; i < 10; i++) pages.push(await withAccess(jwt));
      return pages;
    });
    expect(result.every((p) => p.includes('Campaign dashboard'))).toBe(true);
    expect(fetches()).toBe(1);
  });

  it('refuses a token without an expiry, however well signed', async () => {
    clearAccessKeys();
    const { publicJwk, privateJwk } = await keyPair();
    const now = Math.floor(Date.now() / 1000);
    const forever = await sign({ iss: `https://${TEAM}`, aud: AUD, iat: now }, privateJwk, 'RS256');
    const expiring = await sign({ iss: `https://${TEAM}`, aud: AUD, iat: now, exp: now + 300 }, privateJwk, 'RS256');
    const { result } = await withKeyServer(publicJwk, async () => [await withAccess(forever), await withAccess(expiring)]);
    expect(result[0]).toContain('Sign in to the dashboard');
    expect(result[1]).toContain('Campaign dashboard');
  });
});

describe('partner changes on the dashboard', () => {
  it('answer 404 with a clear message for a partner that does not exist, changing nothing', async () => {
    const cookie = await signIn();
    const changes: Record<string, string>[] = [
      { action: 'add-origin', id: 'nosuch', origin: 'https://nosuch.example' },
      { action: 'disable', id: 'nosuch' },
    ];
    for (const fields of changes) {
      const res = await form('/admin/partners', fields, { Cookie: cookie });
      expect(res.status).toBe(404);
      const said = await res.text();
      expect(said).toContain('There is no partner &quot;nosuch&quot;.');
      // Adding its origins is what needs the society first; disabling one that is not there just says so.
      expect(said.includes('Add the society first, then its origins.'), fields.action).toBe(fields.action === 'add-origin');
    }
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM partner_origins WHERE partner_id = 'nosuch'`).first('n')).toBe(0);
    const added = await form('/admin/partners', { action: 'add-origin', id: 'abr', origin: 'https://staging.theabr.org' }, { Cookie: cookie });
    expect(added.status).toBe(200);
  });
});

describe('signing in', () => {
  it('takes 20 attempts a minute from one network, then refuses even the right token (429, Retry-After) without saying whether it was right; another network is not held up', async () => {
    const ip = '198.51.100.77';
    const attempt = (token: string, from = ip, lang?: string) =>
      form('/admin/sign-in', { token, ...(lang ? { ui_lang: lang } : {}) }, { 'CF-Connecting-IP': from });
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => void warned.push(String(line));
    try {
      await wellInsideAMinute();
      for (let i = 0; i < 19; i++) expect((await attempt(`guess-${i}`)).status).toBe(401);
      expect((await attempt('test-admin-token')).status).toBe(303); // the 20th: still taken
      const refused = await attempt('test-admin-token', ip, 'es');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('Retry-After')).toBe('60');
      expect(refused.headers.get('Set-Cookie')).toBeNull();
      expect(await refused.text()).toContain('Demasiados intentos de inicio de sesión desde esta red en el último minuto.');
      expect((await attempt('test-admin-token', '198.51.100.78')).status).toBe(303);
    } finally {
      console.warn = warn;
    }
    // Each refusal is logged by its kind only: never the token typed, nor the address.
    expect(warned.filter((l) => l.includes('admin_sign_in_refused'))).toHaveLength(20);
    expect(warned.join('\n')).not.toMatch(/guess-|test-admin-token|198\.51\.100/);
    expect(warned.some((l) => l.includes('"reason":"rate_limited"'))).toBe(true);
  });

  it("does not count attempts posted from another site or with no token: a page a maintainer visits cannot use up their network's attempts", async () => {
    const ip = '198.51.100.79';
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      for (let i = 0; i < 25; i++) {
        // From another site: refused first, as every POST /admin/… from another site is (README: 403), never counted.
        expect((await form('/admin/sign-in', { token: `guess-${i}` }, { 'CF-Connecting-IP': ip, Origin: 'https://evil.example' })).status).toBe(403);
        expect((await form('/admin/sign-in', { token: '' }, { 'CF-Connecting-IP': ip })).status).toBe(401);
      }
    } finally {
      console.warn = warn;
    }
    expect((await form('/admin/sign-in', { token: 'test-admin-token' }, { 'CF-Connecting-IP': ip })).status).toBe(303);
  });
});

describe('the admin API', () => {
  it('holds a network back for a minute once it sent 20 wrong tokens in one, before comparing any token; right tokens from elsewhere pass', async () => {
    const call = (token: string, ip: string) =>
      SELF.fetch(`${ORIGIN}/api/admin/stats`, { headers: { Authorization: `Bearer ${token}`, 'CF-Connecting-IP': ip } });
    const ip = '203.0.113.61';
    // A maintainer's script is not held up by its own successes.
    for (let i = 0; i < 25; i++) expect((await call('test-admin-token', ip)).status).toBe(200);
    await wellInsideAMinute();
    for (let i = 0; i < 20; i++) expect((await call(`guess-${i}`, ip)).status).toBe(401);
    // The 21st wrong token in the minute is itself refused as one too many (as the dashboard's sign-in does).
    const over = await call('guess-20', ip);
    expect(over.status).toBe(429);
    expect(over.headers.get('Retry-After')).toBe('60');
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => void warned.push(String(line));
    let held: Response;
    try {
      held = await call('test-admin-token', ip);
      await call('guess-again', ip);
    } finally {
      console.warn = warn;
    }
    // Each held-back request leaves its trace, by kind only (guessing that goes on is seen).
    expect(warned.filter((l) => l.includes('"reason":"locked_out"'))).toHaveLength(2);
    expect(warned.join('\n')).not.toMatch(/guess-|test-admin-token|203\.0\.113/);
    expect(held.status).toBe(429);
    expect(held.headers.get('Retry-After')).toBe('60');
    expect(await held.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await call('test-admin-token', '203.0.113.62')).status).toBe(200);
  });
});
