import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clearPartnerCaches } from '../../worker/partners/queries.ts';
import { pledge, postPledge } from './helpers.ts';

describe('CORS', () => {
  it('gives a registered partner origin CORS headers on API answers', async () => {
    const res = await postPledge(pledge(), { headers: { Origin: 'https://www.sirweb.org' } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://www.sirweb.org');
    expect(res.headers.get('Vary')).toContain('Origin');
  });

  it('gives any other origin no CORS headers at all', async () => {
    const res = await postPledge(pledge(), { headers: { Origin: 'https://evil.example' } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const stats = await SELF.fetch('https://pledge.test/api/stats', { headers: { Origin: 'https://www.rsna.org.evil.example' } });
    expect(stats.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('answers a preflight from a registered origin with the allowed method and headers', async () => {
    const res = await SELF.fetch('https://pledge.test/api/pledges', {
      method: 'OPTIONS',
      headers: { Origin: 'https://www.acr.org', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://www.acr.org');
    expect(res.headers.get('Access-Control-Allow-Methods')).toContain('POST');
    expect(res.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('content-type');
  });

  it('answers a preflight from an unregistered origin without CORS headers', async () => {
    const res = await SELF.fetch('https://pledge.test/api/pledges', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(res.headers.get('Access-Control-Allow-Methods')).toBeNull();
  });

  it('follows the partners table: a newly registered origin is allowed', async () => {
    await env.DB.prepare("INSERT INTO partner_origins (partner_id, origin) VALUES ('aur', 'https://new.aur.example')").run();
    clearPartnerCaches(); // as the dashboard and `npm run partners` do; other isolates see it within 30 s
    const res = await postPledge(pledge({ partner: 'aur' }), { headers: { Origin: 'https://new.aur.example' } });
    expect(res.status).toBe(202);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://new.aur.example');
  });
});
