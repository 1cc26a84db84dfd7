import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { makeToken } from '../../worker/platform/tokens.ts';
import { fetchWithEnv } from './helpers.ts';

/**
 * `npm start` runs without TOKEN_SECRET: on localhost (DEV_MODE) the links in updates are signed
 * with the development key, so the unsubscribe and preferences pages must accept them there, and
 * only there (a public host without the secret fails closed).
 */
const DEV = { TOKEN_SECRET: '', DEV_MODE: 'true' } as Partial<Env>;

async function pledger(): Promise<string> {
  const id = crypto.randomUUID();
  await env.DB.prepare(
    `INSERT INTO pledges (id, partner_id, email, name, role, lang, status, updates, flagged, confirmed_at)
     VALUES (?, 'rsna', ?, 'Reader', 'radiologist', 'es', 'confirmed', 1, 0, '2026-01-01T00:00:00.000Z')`,
  ).bind(id, `dev.${id}@example.org`).run();
  return id;
}

describe('update links in local development (no TOKEN_SECRET)', () => {
  it('open the unsubscribe and preferences pages on localhost, and unsubscribe in one click', async () => {
    const id = await pledger();
    const u = await makeToken({ ...env, ...DEV }, id, 'unsubscribe');
    const p = await makeToken({ ...env, ...DEV }, id, 'preferences');
    const unsub = await fetchWithEnv(new Request(`http://localhost:8787/unsubscribe?t=${u}`), DEV);
    expect(unsub.status).toBe(200);
    expect(await unsub.text()).toContain('<form');
    const prefs = await fetchWithEnv(new Request(`http://localhost:8787/preferences?lang=es&t=${p}`), DEV);
    expect(prefs.status).toBe(200);
    expect(await prefs.text()).toContain('lang="es"');
    const oneClick = await fetchWithEnv(
      new Request(`http://localhost:8787/unsubscribe?t=${u}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      }),
      DEV,
    );
    expect(oneClick.status).toBe(200);
    expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(id).first('updates')).toBe(0);
  });

  it('refuse the development key on a public host (503, never accepted)', async () => {
    const id = await pledger();
    const u = await makeToken({ ...env, ...DEV }, id, 'unsubscribe');
    const res = await fetchWithEnv(new Request(`https://pledge.example.org/unsubscribe?t=${u}`), DEV);
    expect(res.status).toBe(503);
  });
});
