import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clearPartnerCaches } from '../../worker/partners/queries.ts';
import { pledge, postPledge, queueDrained, rowsFor } from './helpers.ts';

describe('CORS', () => {
  it('gives a registered partner origin CORS headers on API answers', async () => {
    const res = await postPledge(pledge({ partner: 'sir' }), { headers: { Origin: 'https://www.sirweb.org' } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://www.sirweb.org');
    expect(res.headers.get('Vary')).toContain('Origin');
    // A busy answer's Retry-After is readable by the widget's script on that page.
    expect(res.headers.get('Access-Control-Expose-Headers')).toBe('Retry-After');
    const elsewhere = await postPledge(pledge(), { headers: { Origin: 'https://evil.example' } });
    expect(elsewhere.headers.get('Access-Control-Expose-Headers')).toBeNull();
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

  it("keeps a disabled society's site: its widget reads the counts (which leave that society out) and its pledges are refused", async () => {
    await env.DB.prepare("UPDATE partners SET active = 0 WHERE id = 'sir'").run();
    clearPartnerCaches();
    try {
      const headers = { Origin: 'https://www.sirweb.org' };
      const stats = await SELF.fetch('https://pledge.test/api/stats', { headers });
      expect(stats.headers.get('Access-Control-Allow-Origin')).toBe('https://www.sirweb.org');
      expect(Object.keys(((await stats.json()) as { partners: Record<string, unknown> }).partners)).not.toContain('sir');
      for (const partner of ['sir', 'rsna']) {
        const email = `disabled.${crypto.randomUUID()}@example.org`;
        const res = await postPledge(pledge({ partner, email }), { headers });
        expect(res.status).toBe(422);
        expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://www.sirweb.org');
        expect(Object.keys(((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields)).toEqual(['partner']);
        await queueDrained();
        expect(await rowsFor(email)).toHaveLength(0);
      }
      // Nor may it send an organization's request, naming no society (its only society is off).
      const contact = `disabled.${crypto.randomUUID().slice(0, 8)}@sirweb-member.example.org`;
      const asked = await SELF.fetch('https://pledge.test/api/organizations', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          name: 'Disabled Site Radiology', type: 'practice', website: 'https://sirweb-member.example.org', commitment: true,
          contact: { name: 'Grace Hopper', email: contact },
        }),
      });
      expect(asked.status).toBe(422);
      expect(await asked.json()).toMatchObject({ error: { fields: { partner: [expect.stringContaining('This site is not registered with the coalition')] } } });
      expect(await env.DB.prepare('SELECT id FROM organizations WHERE contact_email = ?').bind(contact).first()).toBeNull();
      // And its site may no longer frame the hosted pledge page for it.
      const page = await SELF.fetch('https://pledge.test/pledge?partner=sir');
      expect(page.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    } finally {
      await env.DB.prepare("UPDATE partners SET active = 1 WHERE id = 'sir'").run();
      clearPartnerCaches();
    }
  });

  describe('a page pledges only for the partners registered to its origin', () => {
    it('refuses a partner the origin is not registered for, with a clear message, and stores nothing', async () => {
      const email = `crossed.${crypto.randomUUID()}@example.org`;
      const res = await postPledge(pledge({ partner: 'sir', email }), { headers: { Origin: 'https://www.rsna.org' } });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
      expect(body.error.fields.partner).toEqual(['This site is not registered for this society. Contact the site owner']);
      await queueDrained();
      expect(await rowsFor(email)).toHaveLength(0);
    });

    it("takes the origin's own partners, and server-to-server calls without an Origin", async () => {
      expect((await postPledge(pledge({ partner: 'sir' }), { headers: { Origin: 'https://www.sirweb.org' } })).status).toBe(202);
      const res = await SELF.fetch('https://pledge.test/api/pledges', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(pledge({ partner: 'sir' })),
      });
      expect(res.status).toBe(202);
    });

    it('says so before any pledge is sent: GET /api/pledges/allowed answers as POST would, in the page\'s language, to its own site only', async () => {
      const allowed = (query: string, headers: Record<string, string> = {}) =>
        SELF.fetch(`https://pledge.test/api/pledges/allowed?${query}`, { headers });
      const crossed = await allowed('partner=sir', { Origin: 'https://www.rsna.org' });
      expect(crossed.status).toBe(200);
      expect(await crossed.json()).toEqual({ partner: 'sir', allowed: false, message: 'This site is not registered for this society. Contact the site owner' });
      expect(crossed.headers.get('Access-Control-Allow-Origin')).toBe('https://www.rsna.org');
      expect(crossed.headers.get('Vary')).toMatch(/Origin/);
      expect(crossed.headers.get('Cache-Control')).toMatch(/^private/);
      expect(await (await allowed('partner=sir&lang=es', { Origin: 'https://www.rsna.org' })).json()).toMatchObject({
        allowed: false,
        message: 'Este sitio no está registrado para esta sociedad. Comuníquese con el responsable del sitio web',
      });
      expect(await (await allowed('partner=SIR', { Origin: 'https://www.sirweb.org' })).json()).toEqual({ partner: 'sir', allowed: true });
      // No Origin (a server), or a page of this service's own: any active society.
      expect(await (await allowed('partner=sir')).json()).toEqual({ partner: 'sir', allowed: true });
      expect(await (await allowed('partner=sir', { Origin: 'https://pledge.test' })).json()).toEqual({ partner: 'sir', allowed: true });
      // A society that is not one (or none given): not set up, as POST says.
      for (const query of ['partner=nosuch', '']) {
        expect(await (await allowed(query, { Origin: 'https://www.rsna.org' })).json(), query).toMatchObject({ allowed: false, message: expect.stringMatching(/not set up for a coalition member/) });
      }
      // An unregistered site gets the answer, but no CORS headers: its page cannot read it.
      expect((await allowed('partner=rsna', { Origin: 'https://evil.example' })).headers.get('Access-Control-Allow-Origin')).toBeNull();
      const post = await SELF.fetch('https://pledge.test/api/pledges/allowed?partner=rsna', { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('Allow')).toBe('GET, HEAD, OPTIONS');
    });

    it("takes any society's pledge from a page of this service's own (its origin, or PUBLIC_ORIGIN), as its own forms do", async () => {
      for (const origin of ['https://pledge.test', new URL(env.PUBLIC_ORIGIN).origin]) {
        for (const partner of ['rsna', 'sir']) {
          const res = await postPledge(pledge({ partner }), { headers: { Origin: origin } });
          expect(res.status, `${origin} ${partner}`).toBe(202);
        }
      }
      // A look-alike of it is another site.
      expect((await postPledge(pledge({ partner: 'sir' }), { headers: { Origin: 'https://pledge.test.example' } })).status).toBe(422);
    });
  });
});
