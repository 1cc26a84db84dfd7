import { SELF } from 'cloudflare:test';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { fetchWithEnv } from './helpers.ts';

const TEAM = 'coalition.cloudflareaccess.com';
const AUD = 'aud-tag-for-the-dashboard';

async function accessKeys() {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const publicJwk = { ...((await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey), kid: 'k1', alg: 'RS256', use: 'sig' };
  const privateJwk = { ...((await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey), kid: 'k1', alg: 'RS256' };
  return { publicJwk, privateJwk };
}

/** Calls /admin with an Access JWT; Access's key server (beyond this machine) is answered at the fetch boundary. */
async function adminWithAccess(jwt: string, publicJwk: object) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) =>
    String(input instanceof Request ? input.url : input) === `https://${TEAM}/cdn-cgi/access/certs`
      ? Response.json({ keys: [publicJwk] })
      : realFetch(input, init)) as typeof fetch;
  try {
    const res = await fetchWithEnv(
      new Request('https://pledge.test/admin', { headers: { 'Cf-Access-Jwt-Assertion': jwt } }),
      { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD },
    );
    return res.text();
  } finally {
    globalThis.fetch = realFetch;
  }
}

describe('the admin dashboard', () => {
  it('shows a sign-in form to anyone without a session', async () => {
    const page = await (await SELF.fetch('https://pledge.test/admin')).text();
    expect(page).toContain('Sign in to the dashboard');
    expect(page).not.toContain('Campaign dashboard');
  });

  it('ignores a forged session cookie', async () => {
    const forged = `v1.${Math.floor(Date.now() / 1000) + 3600}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
    const page = await (await SELF.fetch('https://pledge.test/admin', { headers: { Cookie: `rhec_admin=${forged}` } })).text();
    expect(page).toContain('Sign in to the dashboard');
  });

  it('lets in a maintainer whose Cloudflare Access token verifies, and no one else', async () => {
    const { publicJwk, privateJwk } = await accessKeys();
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: `https://${TEAM}`, aud: AUD, email: 'maintainer@example.org', iat: now, exp: now + 300 };
    const good = await sign(claims, privateJwk, 'RS256');
    expect(await adminWithAccess(good, publicJwk)).toContain('Campaign dashboard');
    const otherApp = await sign({ ...claims, aud: 'another-application' }, privateJwk, 'RS256');
    expect(await adminWithAccess(otherApp, publicJwk)).toContain('Sign in to the dashboard');
    const expired = await sign({ ...claims, exp: now - 60 }, privateJwk, 'RS256');
    expect(await adminWithAccess(expired, publicJwk)).toContain('Sign in to the dashboard');
    const otherKey = await sign(claims, (await accessKeys()).privateJwk, 'RS256');
    expect(await adminWithAccess(otherKey, publicJwk)).toContain('Sign in to the dashboard');
  });
});
