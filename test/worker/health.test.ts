import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fetchWithEnv } from './helpers.ts';

/** A D1 binding that counts the statements it is asked to prepare, and can be made to fail. */
function countingDb(fail = false) {
  let prepared = 0;
  const db = {
    prepare: () => {
      prepared++;
      return { first: () => (fail ? Promise.reject(new Error('D1 down')) : Promise.resolve({ 1: 1 })) };
    },
  } as unknown as D1Database;
  return { db, prepared: () => prepared };
}

/** A queue binding that counts the messages sent to it. */
function countingQueue() {
  let sent = 0;
  const queue = { send: async () => void sent++ } as unknown as Queue;
  return { queue, sent: () => sent };
}

const get = (path: string, overrides: Partial<Env>, headers: Record<string, string> = {}) =>
  fetchWithEnv(new Request(`https://pledge.test${path}`, { headers }), overrides);

describe('GET /api/health (public)', () => {
  it('reports D1 reachable, and writes nothing to any queue', async () => {
    const pledges = countingQueue();
    const emails = countingQueue();
    const res = await get('/api/health', { PLEDGE_QUEUE: pledges.queue, EMAIL_QUEUE: emails.queue });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', d1: 'ok' });
    expect(pledges.sent() + emails.sent()).toBe(0);
  });

  it('asks D1 at most once per 30 seconds however often it is called', async () => {
    const d1 = countingDb();
    for (let i = 0; i < 50; i++) expect((await get('/api/health', { DB: d1.db })).status).toBe(200);
    expect(d1.prepared()).toBe(1);
  });

  it('answers 503 on a deploy without its secrets (TOKEN_SECRET, IP_SALT), naming neither', async () => {
    const deployed = { DEV_MODE: 'false', PUBLIC_ORIGIN: 'https://pledge.example.org' } as Partial<Env>;
    expect(await (await get('/api/health', deployed)).json()).toEqual({ status: 'ok', d1: 'ok' });
    for (const missing of ['TOKEN_SECRET', 'IP_SALT'] as const) {
      const res = await get('/api/health', { ...deployed, DB: countingDb().db, [missing]: '' });
      expect(res.status, missing).toBe(503);
      expect(await res.json()).toEqual({ status: 'degraded', d1: 'ok', secrets: 'missing' });
    }
    // Local development has stand-ins for both: healthy without them.
    const local = await fetchWithEnv(new Request('http://localhost:8787/api/health'), { DEV_MODE: 'true', DB: countingDb().db, TOKEN_SECRET: '', IP_SALT: '' });
    expect(await local.json()).toEqual({ status: 'ok', d1: 'ok' });
  });

  it('answers 503 naming D1 when it fails', async () => {
    const res = await get('/api/health', { DB: countingDb(true).db });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'degraded', d1: 'failing' });
  });
});

describe('GET /api/health/deep (maintainers)', () => {
  it('refuses without the admin token, probing nothing', async () => {
    const pledges = countingQueue();
    const res = await get('/api/health/deep', { PLEDGE_QUEUE: pledges.queue });
    expect(res.status).toBe(401);
    expect(pledges.sent()).toBe(0);
  });

  it('probes D1 and both queues with the admin token', async () => {
    const res = await SELF.fetch('https://pledge.test/api/health/deep', { headers: { Authorization: 'Bearer test-admin-token' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ok', d1: 'ok', queues: 'ok', emailsHeld: 0 });
  });

  it('is degraded while emails wait for a setting of ours (a key or sender the provider refuses), and says how many', async () => {
    const id = `confirm:held-${crypto.randomUUID()}`;
    await env.DB.prepare(`INSERT INTO email_outbox (id, kind, status, attempts, last_error) VALUES (?, 'confirm', 'queued', 3, 'http_401')`).bind(id).run();
    try {
      const res = await SELF.fetch('https://pledge.test/api/health/deep', { headers: { Authorization: 'Bearer test-admin-token' } });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'degraded', d1: 'ok', queues: 'ok', emailsHeld: 1 });
    } finally {
      await env.DB.prepare('DELETE FROM email_outbox WHERE id = ?').bind(id).run();
    }
  });

  it('answers 503 naming the part that fails', async () => {
    const refusing = { send: () => Promise.reject(new Error('queue down')) } as unknown as Queue;
    const res = await get('/api/health/deep', { EMAIL_QUEUE: refusing }, { Authorization: 'Bearer test-admin-token' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'degraded', d1: 'ok', queues: 'failing', emailsHeld: 0 });
  });
});

describe('GET /api/ping', () => {
  it('answers a constant', async () => {
    const res = await SELF.fetch('https://pledge.test/api/ping');
    expect(await res.json()).toEqual({ ok: true });
  });
});
