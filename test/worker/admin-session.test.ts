import { env, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchWithEnv } from './helpers.ts';

const SITE = 'https://pledge.test';
const TOKEN = 'test-admin-token';

function form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return SELF.fetch(`${SITE}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** Signs in as the dashboard's own form does; returns the session cookie (`name=value`). */
async function signIn(): Promise<string> {
  const res = await form('/admin/sign-in', { token: TOKEN }, { Origin: SITE });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('Set-Cookie') ?? '';
  expect(cookie).toMatch(/^rhec_admin=/);
  return cookie.split(';')[0]!;
}

async function dashboard(cookie: string) {
  return (await SELF.fetch(`${SITE}/admin`, { headers: { Cookie: cookie } })).text();
}

afterEach(() => {
  vi.useRealTimers();
});

describe('signing in to the dashboard', () => {
  it('starts a session only from the dashboard\'s own origin', async () => {
    for (const headers of [{ Origin: 'https://evil.example' }, { Origin: 'http://pledge.test' }, {}] as Record<string, string>[]) {
      const res = await form('/admin/sign-in', { token: TOKEN }, headers);
      // Refused first, as every POST /admin/… from another site or without its origin (README: 403).
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('Set-Cookie'), JSON.stringify(headers)).toBeNull();
      // The right token: the message names the real cause, the origin, not the token.
      expect(await res.text()).toContain('Sign in from this dashboard’s own page');
    }
    const cookie = await signIn();
    expect(await dashboard(cookie)).toContain('Campaign dashboard');
  });

  it('refuses a wrong or missing token, and says so when no token is configured', async () => {
    for (const fields of [{ token: 'test-admin-tokeN' }, { token: '' }, {} as Record<string, string>]) {
      const res = await form('/admin/sign-in', fields, { Origin: SITE });
      expect(res.status).toBe(401);
      expect(res.headers.get('Set-Cookie')).toBeNull();
    }
    const unconfigured = await fetchWithEnv(
      new Request(`${SITE}/admin/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE },
        body: 'token=',
      }),
      { ADMIN_TOKEN: '' },
    );
    expect(unconfigured.status).toBe(401);
    expect(await unconfigured.text()).toContain('Admin access is not configured');
    // From another site too: the status says what the page says (not configured), not 403.
    const elsewhere = await fetchWithEnv(
      new Request(`${SITE}/admin/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
        body: 'token=x',
      }),
      { ADMIN_TOKEN: '' },
    );
    expect(elsewhere.status).toBe(401);
    expect(await elsewhere.text()).toContain('Admin access is not configured');
  });

  it('sets a cookie only the dashboard\'s pages get, that scripts cannot read, for two hours', async () => {
    const res = await form('/admin/sign-in', { token: TOKEN }, { Origin: SITE });
    const cookie = res.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/); // https
    expect(cookie).toMatch(/Path=\/admin/);
    expect(cookie).toMatch(/Max-Age=7200/);
    expect(res.headers.get('Location')).toBe('/admin?lang=en');
  });
});

describe('a dashboard session', () => {
  it('ends when it expires, two hours after signing in', async () => {
    const cookie = await signIn();
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start + 2 * 60 * 60 * 1000 - 60_000);
    expect(await dashboard(cookie)).toContain('Campaign dashboard');
    vi.setSystemTime(start + 2 * 60 * 60 * 1000 + 60_000);
    const page = await dashboard(cookie);
    expect(page).toContain('Sign in to the dashboard');
    expect(page).not.toContain('Campaign dashboard');
    expect((await SELF.fetch(`${SITE}/admin/pledges.csv`, { headers: { Cookie: cookie }, redirect: 'manual' })).status).toBe(303);
  });

  it('is refused when the cookie is altered, truncated or signed for another admin token', async () => {
    const cookie = await signIn();
    const value = cookie.slice('rhec_admin='.length);
    const last = value.at(-1) === 'A' ? 'B' : 'A';
    for (const bad of [value.slice(0, -1) + last, value.slice(0, -1), `${value}A`, value.split('.').slice(0, -1).join('.'), '', 'v1..x', `x${value}`]) {
      expect(await dashboard(`rhec_admin=${bad}`), bad).toContain('Sign in to the dashboard');
    }
    const rotated = await fetchWithEnv(new Request(`${SITE}/admin`, { headers: { Cookie: cookie } }), { ADMIN_TOKEN: 'a-new-admin-token' });
    expect(await rotated.text()).toContain('Sign in to the dashboard');
    const unconfigured = await fetchWithEnv(new Request(`${SITE}/admin`, { headers: { Cookie: cookie } }), { ADMIN_TOKEN: '' });
    expect(await unconfigured.text()).toContain('Sign in to the dashboard');
  });

  it('exports the CSV to a signed-in maintainer, and sends anyone else to sign in', async () => {
    const cookie = await signIn();
    const csv = await SELF.fetch(`${SITE}/admin/pledges.csv`, { headers: { Cookie: cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const anon = await SELF.fetch(`${SITE}/admin/pledges.csv`, { redirect: 'manual' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('Location')).toBe('/admin?lang=en');
  });
});

describe('signing out', () => {
  it('clears the session cookie on the dashboard\'s path and returns to the sign-in page', async () => {
    const cookie = await signIn();
    const res = await form('/admin/sign-out', {}, { Cookie: cookie, Origin: SITE });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin?signed-out&lang=en');
    const cleared = res.headers.get('Set-Cookie') ?? '';
    expect(cleared).toMatch(/^rhec_admin=;/);
    expect(cleared).toMatch(/Max-Age=0/);
    expect(cleared).toMatch(/Path=\/admin/);
  });
});

describe('partner changes from the dashboard', () => {
  const addOrigin = (cookie: string, headers: Record<string, string>, origin = 'https://cross.site.example') =>
    form('/admin/partners', { action: 'add-origin', id: 'arrs', origin }, { Cookie: cookie, ...headers });
  const origins = async () =>
    (await env.DB.prepare("SELECT origin FROM partner_origins WHERE partner_id = 'arrs'").all<{ origin: string }>()).results.map((r) => r.origin);

  it('are refused from any other origin, even with a valid session', async () => {
    const cookie = await signIn();
    for (const headers of [{ Origin: 'https://evil.example' }, { Origin: 'https://pledge.test.evil.example' }, {}] as Record<string, string>[]) {
      const res = await addOrigin(cookie, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await origins()).not.toContain('https://cross.site.example');

    const ok = await addOrigin(cookie, { Origin: SITE });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Saved: the origin https://cross.site.example was added to arrs.');
    expect(await origins()).toContain('https://cross.site.example');
  });

  it('are refused without a session, even from the dashboard\'s origin', async () => {
    const res = await addOrigin('rhec_admin=', { Origin: SITE }, 'https://no.session.example');
    expect(res.status).toBe(403);
    expect(await origins()).not.toContain('https://no.session.example');
  });
});
