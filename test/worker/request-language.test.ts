/**
 * Every answer a client can get from the JSON API and the update links comes in the asker's
 * language: `?lang=`, else Accept-Language with its q-values, else English.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { pledge, postPledge, storedRows } from './helpers.ts';

const es = { 'Accept-Language': 'es-MX,es;q=0.9' };
const message = async (res: Response) => ((await res.json()) as { error: { message: string; fields?: Record<string, string[]> } }).error;

describe('the JSON API in Spanish', () => {
  it('answers an unknown path 404 in Spanish', async () => {
    const res = await SELF.fetch('https://pledge.test/api/nothing-here', { headers: es });
    expect(res.status).toBe(404);
    expect((await message(res)).message).toBe('No hay nada en GET /api/nothing-here.');
  });

  it('answers a wrong method on the stats, the regions and the resources 405 in Spanish, keeping their Allow', async () => {
    for (const path of ['/api/stats', '/api/regions', '/api/resources']) {
      const res = await SELF.fetch(`https://pledge.test${path}`, { method: 'DELETE', headers: es });
      expect(res.status, path).toBe(405);
      expect(res.headers.get('Allow'), path).toContain('GET');
      expect((await message(res)).message, path).toBe('Envíe la petición con GET.');
    }
  });

  it('answers a bad resources query 422 in the language asked for', async () => {
    const res = await SELF.fetch('https://pledge.test/api/resources?role=wizard', { headers: es });
    expect(res.status).toBe(422);
    const error = await message(res);
    expect(error.message).toBe('Revise los parámetros de la consulta.');
    expect(error.fields?.role?.[0]).toMatch(/^role debe ser uno de: radiologist, /);
    const en = await message(await SELF.fetch('https://pledge.test/api/resources?role=wizard'));
    expect(en.fields?.role?.[0]).toMatch(/^role is one of: radiologist, /);
  });
});

describe('a pledge sent without a lang of its own', () => {
  it('is stored in the language it was answered in, so its emails are in Spanish', async () => {
    const p = pledge();
    delete p.lang;
    expect((await postPledge(p, { headers: es })).status).toBe(202);
    const [row] = await storedRows(p.email as string);
    expect(row?.lang).toBe('es');
    // An explicit lang still wins.
    const q = pledge({ lang: 'en' });
    expect((await postPledge(q, { headers: es })).status).toBe(202);
    expect((await storedRows(q.email as string))[0]?.lang).toBe('en');
  });
});

describe('the unsubscribe form\'s answer', () => {
  it('is in the language its page was read in (the form\'s ?lang=), even when the browser asks for English', async () => {
    const res = await SELF.fetch('https://pledge.test/unsubscribe?lang=es', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'en' },
      body: new URLSearchParams({ t: 'v1.nope' }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('lang="es"');
  });
});

describe('the update links\' problem pages', () => {
  it('follow Accept-Language past a first language we do not speak (fr, then es)', async () => {
    for (const path of ['/unsubscribe?t=v1.nope', '/preferences?t=v1.nope']) {
      const res = await SELF.fetch(`https://pledge.test${path}`, { headers: { 'Accept-Language': 'fr-FR, fr;q=0.9, es;q=0.8, en;q=0.5' } });
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toContain('lang="es"');
    }
  });
});
