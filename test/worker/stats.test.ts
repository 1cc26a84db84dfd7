import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { pledge, postPledge, storedRows } from './helpers.ts';

describe('GET /api/stats', () => {
  it('counts confirmed pledges per partner and in total, cacheably', async () => {
    await env.DB.prepare("UPDATE pledge_counts SET confirmed = CASE partner_id WHEN 'rsna' THEN 3 WHEN 'sir' THEN 2 ELSE 0 END").run();
    const res = await SELF.fetch('https://pledge.test/api/stats');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-cache'); // STATS_CACHE_SECONDS is 0 in these tests
    const body = (await res.json()) as { total: number; partners: Record<string, number> };
    expect(body.total).toBe(5);
    expect(body.partners).toMatchObject({ rsna: 3, sir: 2, acr: 0 });
    expect(Object.keys(body.partners).sort()).toEqual(['abr', 'acr', 'arrs', 'aur', 'rsna', 'scard', 'sir']);
  });

  it('lists only active partners; a disabled society\'s confirmed pledges still count in the total', async () => {
    await env.DB.prepare("UPDATE pledge_counts SET confirmed = CASE partner_id WHEN 'rsna' THEN 3 WHEN 'sir' THEN 2 ELSE 0 END").run();
    await env.DB.prepare("UPDATE partners SET active = 0 WHERE id = 'sir'").run();
    try {
      const body = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { total: number; partners: Record<string, number> };
      expect(Object.keys(body.partners).sort()).toEqual(['abr', 'acr', 'arrs', 'aur', 'rsna', 'scard']);
      expect(body.total).toBe(5);
    } finally {
      await env.DB.prepare("UPDATE partners SET active = 1 WHERE id = 'sir'").run();
    }
  });

  it('does not count a pledge until it is confirmed', async () => {
    const before = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { total: number };
    const p = pledge();
    await postPledge(p);
    await storedRows(p.email as string);
    const after = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { total: number };
    expect(after.total).toBe(before.total);
    const pending = await env.DB.prepare("SELECT pending FROM pledge_counts WHERE partner_id = 'rsna'").first('pending');
    expect(pending).toBe(1);
  });
});
