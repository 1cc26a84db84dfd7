import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fetchWithEnv } from './helpers.ts';

describe('GET /api/health', () => {
  it('reports D1 and the queues reachable', async () => {
    const res = await SELF.fetch('https://pledge.test/api/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ok', d1: 'ok', queues: 'ok' });
  });

  it('answers 503 naming the part that fails', async () => {
    const brokenDb = { prepare: () => ({ first: () => Promise.reject(new Error('D1 down')) }) } as unknown as D1Database;
    const res = await fetchWithEnv(new Request('https://pledge.test/api/health'), { DB: brokenDb });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'degraded', d1: 'failing', queues: 'ok' });
  });
});

describe('GET /api/ping', () => {
  it('answers a constant', async () => {
    const res = await SELF.fetch('https://pledge.test/api/ping');
    expect(await res.json()).toEqual({ ok: true });
  });
});
