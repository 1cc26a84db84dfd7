import { env, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { hashIp } from '../../worker/pledges/abuse.ts';
import { fetchWithEnv, pledge, pledgeRequest, postPledge, storedRows } from './helpers.ts';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

const outboxFor = async (email: string) =>
  (await env.DB.prepare('SELECT o.id FROM email_outbox o JOIN pledges p ON p.id = o.pledge_id WHERE p.email = ?').bind(email).all()).results;

function postForm(fields: Record<string, string>) {
  return SELF.fetch('https://pledge.test/pledge', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('the honeypot', () => {
  it('on the hosted page: a filled-in website field is answered as usual, stored flagged, and sent no email', async () => {
    const email = `bot.${crypto.randomUUID()}@example.org`;
    const res = await postForm({ partner: 'sir', lang: 'en', name: 'Robo Tron', email, role: 'nurse', commitment: 'yes', website: 'https://spam.example' });
    expect(res.status).toBe(303); // the same answer a person gets
    expect(res.headers.get('Location')).toMatch(/^\/pledge\/thanks\?lang=en/);
    expect(await storedRows(email)).toMatchObject([{ flagged: 1, flag_reason: 'honeypot' }]);
    expect(await outboxFor(email)).toEqual([]);

    const person = `person.${crypto.randomUUID()}@example.org`;
    await postForm({ partner: 'sir', lang: 'en', name: 'Ida Person', email: person, role: 'nurse', commitment: 'yes', website: '' });
    expect(await storedRows(person)).toMatchObject([{ flagged: 0, flag_reason: null }]);
    expect(await outboxFor(person)).toHaveLength(1);
  });

  it('on the API: a filled-in website flags the pledge; blank or whitespace does not', async () => {
    const bot = pledge({ website: 'x' });
    const blank = pledge({ website: '   ' });
    expect((await postPledge(bot)).status).toBe(202);
    expect((await postPledge(blank)).status).toBe(202);
    expect(await storedRows(bot.email as string)).toMatchObject([{ flagged: 1, flag_reason: 'honeypot' }]);
    expect(await storedRows(blank.email as string)).toMatchObject([{ flagged: 0 }]);
  });

  it('on the API: a number, true, a list or an object in website flags the pledge as text does; null, false and an empty list do not', async () => {
    const filled = [1, true, ['x'], { url: 'x' }].map((website) => pledge({ website }));
    const empty = [null, false, [], ['  ']].map((website) => pledge({ website }));
    for (const p of [...filled, ...empty]) expect((await postPledge(p)).status).toBe(202);
    for (const p of filled) expect(await storedRows(p.email as string)).toMatchObject([{ flagged: 1, flag_reason: 'honeypot' }]);
    for (const p of empty) expect(await storedRows(p.email as string)).toMatchObject([{ flagged: 0 }]);
  });
});

describe('Turnstile on the API, when TURNSTILE_SECRET is set', () => {
  /** Cloudflare's siteverify (beyond this machine), answered at the fetch boundary. */
  function siteverify(answer: (form: FormData) => Response | Promise<Response>) {
    const seen: FormData[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url !== 'https://challenges.cloudflare.com/turnstile/v0/siteverify') return realFetch(input, init);
      expect(init?.method).toBe('POST');
      const form = init?.body as FormData;
      seen.push(form);
      return answer(form);
    }) as typeof fetch;
    return seen;
  }

  const send = (body: Record<string, unknown>, ip?: string) => {
    const req = pledgeRequest(body);
    if (ip) req.headers.set('CF-Connecting-IP', ip);
    return fetchWithEnv(req, { TURNSTILE_SECRET: 'ts-secret' });
  };

  it('passes a pledge whose token verifies, sending the secret, the token and the IP', async () => {
    const seen = siteverify(() => Response.json({ success: true }));
    const p = pledge({ turnstileToken: 'good-token' });
    expect((await send(p, '203.0.113.9')).status).toBe(202);
    expect(await storedRows(p.email as string)).toMatchObject([{ flagged: 0, flag_reason: null }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.get('secret')).toBe('ts-secret');
    expect(seen[0]!.get('response')).toBe('good-token');
    expect(seen[0]!.get('remoteip')).toBe('203.0.113.9');
  });

  it('flags, but keeps and answers 202, a pledge whose token fails, is missing, or cannot be checked', async () => {
    const seen = siteverify((form) =>
      form.get('response') === 'unreachable' ? Promise.reject(new TypeError('network')) : Response.json({ success: form.get('response') === 'good' ? true : 'yes' }),
    );
    const bad = pledge({ turnstileToken: 'bad' });
    const missing = pledge();
    const empty = pledge({ turnstileToken: '' });
    const notString = pledge({ turnstileToken: 42 });
    const unreachable = pledge({ turnstileToken: 'unreachable' });
    for (const p of [bad, missing, empty, notString, unreachable]) expect((await send(p)).status).toBe(202);
    for (const p of [bad, missing, empty, notString, unreachable]) {
      expect(await storedRows(p.email as string), String(p.turnstileToken)).toMatchObject([{ flagged: 1, flag_reason: 'turnstile' }]);
    }
    // Only the two real tokens were sent to be checked; a missing one is refused without a call.
    expect(seen.map((f) => f.get('response'))).toEqual(['bad', 'unreachable']);
    expect(seen[0]!.has('remoteip')).toBe(false);
  });

  it('never calls Turnstile when no secret is set', async () => {
    const seen = siteverify(() => Response.json({ success: false }));
    const p = pledge({ turnstileToken: 'anything' });
    expect((await postPledge(p)).status).toBe(202);
    expect(await storedRows(p.email as string)).toMatchObject([{ flagged: 0 }]);
    expect(seen).toHaveLength(0);
  });

  it('does not call Turnstile for a honeypot pledge (already flagged)', async () => {
    const seen = siteverify(() => Response.json({ success: true }));
    const p = pledge({ website: 'bot', turnstileToken: 'good' });
    await send(p);
    expect(await storedRows(p.email as string)).toMatchObject([{ flag_reason: 'honeypot' }]);
    expect(seen).toHaveLength(0);
  });
});

describe('the per-IP hash', () => {
  it('is a salted SHA-256 of the IP, in hex, never the IP itself', async () => {
    const a = await hashIp(env, '203.0.113.7');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(await hashIp(env, '203.0.113.7'));
    expect(a).not.toBe(await hashIp(env, '203.0.113.8'));
    expect(a).not.toBe(await hashIp({ ...env, IP_SALT: 'another-salt' }, '203.0.113.7'));
    const expected = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('test-salt:203.0.113.7')));
    expect(a).toBe([...expected].map((b) => b.toString(16).padStart(2, '0')).join(''));
    expect(await hashIp(env, undefined)).toBeNull();
    expect(await hashIp(env, '')).toBeNull();
  });

  it('is what a stored pledge keeps', async () => {
    const p = pledge();
    await postPledge(p, { headers: { 'CF-Connecting-IP': '198.51.100.23' } });
    expect(await storedRows(p.email as string)).toMatchObject([{ ip_hash: await hashIp(env, '198.51.100.23') }]);
  });
});

describe('the rate limit', () => {
  it('is applied by the ingest consumer: a pledge over the limit is stored flagged, with no email', async () => {
    const p = pledge();
    const ip = '192.0.2.200';
    // 20 a minute per IP, as README says: the 21st pledge from one address is flagged.
    const emails = Array.from({ length: 21 }, (_, i) => `limit.${i}.${crypto.randomUUID()}@example.org`);
    for (const email of emails) await postPledge({ ...p, email }, { headers: { 'CF-Connecting-IP': ip } });
    const rows = (await Promise.all(emails.map((e) => storedRows(e)))).map((r) => r[0]!);
    expect(rows.filter((r) => r.flag_reason === 'rate_limit')).toHaveLength(1);
    expect(rows.at(-1)).toMatchObject({ flagged: 1, flag_reason: 'rate_limit' });
    expect(await outboxFor(emails.at(-1)!)).toEqual([]);
  });
});
