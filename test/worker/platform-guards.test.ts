import { SELF } from 'cloudflare:test';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { sameSecret } from '../../worker/platform/admin-auth.ts';
import { fetchWithEnv, pledge, postPledge } from './helpers.ts';

describe('CORS headers', () => {
  it('name exactly the methods, headers and preflight lifetime the API allows', async () => {
    const res = await SELF.fetch('https://pledge.test/api/stats', {
      method: 'OPTIONS',
      headers: { Origin: 'https://www.rsna.org', 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://www.rsna.org');
    expect(res.headers.get('Access-Control-Allow-Methods')).toBe('GET, HEAD, OPTIONS');
    expect(res.headers.get('Access-Control-Allow-Headers')).toBe('Content-Type');
    expect(res.headers.get('Access-Control-Max-Age')).toBe('86400');
    expect(res.headers.get('Vary')).toContain('Origin');
    // Each route's own methods, as its 405 lists them in Allow: pledges are only sent.
    const pledges = await SELF.fetch('https://pledge.test/api/pledges', { method: 'OPTIONS', headers: { Origin: 'https://www.rsna.org', 'Access-Control-Request-Method': 'POST' } });
    expect(pledges.headers.get('Access-Control-Allow-Methods')).toBe('POST, OPTIONS');
    const wrong = await SELF.fetch('https://pledge.test/api/pledges', { method: 'GET', headers: { Accept: 'application/json' } });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('Allow')).toBe('POST, OPTIONS');
  });

  it('answer an unregistered or missing origin\'s preflight with a bare 204 that varies on Origin', async () => {
    for (const headers of [{ Origin: 'https://evil.example' }, {} as Record<string, string>]) {
      const res = await SELF.fetch('https://pledge.test/api/pledges', { method: 'OPTIONS', headers: { ...headers, 'Access-Control-Request-Method': 'POST' } });
      expect(res.status).toBe(204);
      expect(res.headers.get('Vary')).toContain('Origin');
      for (const h of ['Access-Control-Allow-Origin', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers', 'Access-Control-Max-Age']) {
        expect(res.headers.get(h), h).toBeNull();
      }
    }
  });

  it('vary on Origin for every API answer, registered origin or not, so caches keep them apart', async () => {
    for (const origin of ['https://www.rsna.org', 'https://evil.example']) {
      const res = await SELF.fetch('https://pledge.test/api/stats', { headers: { Origin: origin } });
      expect(res.headers.get('Vary'), origin).toContain('Origin');
    }
    const noOrigin = await postPledge(pledge(), { headers: { Origin: '' } });
    expect(noOrigin.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('the admin API\'s bearer token', () => {
  const stats = (authorization?: string, overrides: Partial<Env> = {}) =>
    fetchWithEnv(new Request('https://pledge.test/api/admin/stats', { headers: authorization ? { Authorization: authorization } : {} }), overrides);

  it('is required exactly: the Bearer scheme (its name in any case, as HTTP says), the whole token', async () => {
    expect((await stats('Bearer test-admin-token')).status).toBe(200);
    expect((await stats('Bearer   test-admin-token  ')).status).toBe(200); // spaces around it are forgiven
    expect((await stats('bearer test-admin-token')).status).toBe(200);
    for (const bad of ['Basic test-admin-token', 'bearer test-admin-toke', 'test-admin-token', 'Bearer ', 'Bearer test-admin', 'Bearertest-admin-token']) {
      const res = await stats(bad);
      expect(res.status, bad).toBe(401);
      expect(res.headers.get('WWW-Authenticate')).toBe('Bearer realm="rhec-pledge admin"');
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Send the admin token as Authorization: Bearer <token>.' } });
    }
  });

  it('answers 503, not an open door, when no admin token is configured', async () => {
    for (const authorization of [undefined, 'Bearer ', 'Bearer anything']) {
      const res = await stats(authorization, { ADMIN_TOKEN: '' });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'not_configured' } });
    }
  });

  it('keeps admin answers out of caches', async () => {
    expect((await stats('Bearer test-admin-token')).headers.get('Cache-Control')).toBe('no-store');
  });

  it('is compared as a whole secret', async () => {
    expect(await sameSecret('abc', 'abc')).toBe(true);
    expect(await sameSecret('abc', 'abd')).toBe(false);
    expect(await sameSecret('abc', 'abcd')).toBe(false);
    expect(await sameSecret('', 'abc')).toBe(false);
  });
});

describe('Cloudflare Access in front of the dashboard', () => {
  const TEAM = 'guard.cloudflareaccess.com';
  const AUD = 'guard-aud';

  async function keys() {
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

  async function page(jwt: string | undefined, publicJwk: object, overrides: Partial<Env>) {
    const realFetch = globalThis.fetch;
    const asked: string[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.includes('cloudflareaccess.com')) return realFetch(input, init);
      asked.push(url);
      return Response.json({ keys: [publicJwk] });
    }) as typeof fetch;
    try {
      const res = await fetchWithEnv(new Request('https://pledge.test/admin', { headers: jwt ? { 'Cf-Access-Jwt-Assertion': jwt } : {} }), overrides);
      return { text: await res.text(), asked };
    } finally {
      globalThis.fetch = realFetch;
    }
  }

  it('checks the issuer, and needs both the team and the audience configured', async () => {
    const { publicJwk, privateJwk } = await keys();
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: `https://${TEAM}`, aud: AUD, iat: now, exp: now + 300 };
    const good = await sign(claims, privateJwk, 'RS256');
    const both = { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD };
    const ok = await page(good, publicJwk, both);
    expect(ok.text).toContain('Campaign dashboard');
    expect(ok.asked).toEqual([`https://${TEAM}/cdn-cgi/access/certs`]);

    const otherIssuer = await sign({ ...claims, iss: 'https://other.cloudflareaccess.com' }, privateJwk, 'RS256');
    expect((await page(otherIssuer, publicJwk, both)).text).toContain('Sign in to the dashboard');
    // Without an audience to check, no token is trusted, whatever its audience.
    expect((await page(good, publicJwk, { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: '' })).text).toContain('Sign in to the dashboard');
    expect((await page(good, publicJwk, { ACCESS_TEAM_DOMAIN: '', ACCESS_AUD: AUD })).text).toContain('Sign in to the dashboard');
    const none = await page(undefined, publicJwk, both);
    expect(none.text).toContain('Sign in to the dashboard');
    expect(none.asked).toEqual([]);
  });

  it('accepts only RS256', async () => {
    const { publicJwk } = await keys();
    const now = Math.floor(Date.now() / 1000);
    const hs = await sign({ iss: `https://${TEAM}`, aud: AUD, iat: now, exp: now + 300 }, 'shared-secret', 'HS256');
    expect((await page(hs, publicJwk, { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD })).text).toContain('Sign in to the dashboard');
  });
});

describe('the session cookie on plain http (local development)', () => {
  it('is not marked Secure, so a browser keeps it on http://localhost', async () => {
    const res = await SELF.fetch('http://localhost:8787/admin/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost:8787' },
      body: 'token=test-admin-token',
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/^rhec_admin=/);
    expect(cookie).not.toMatch(/Secure/);
  });
});
