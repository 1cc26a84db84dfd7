/**
 * When a request fails on our side, a person in a browser gets a page in their language with
 * the ways on, and an API caller gets the JSON error with its message in the request's language.
 * The failure is real: D1 loses the table the page reads, for the length of the test.
 */
import { env, SELF } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

describe('a failure on our side', () => {
  beforeEach(async () => {
    await env.DB.exec('ALTER TABLE organizations RENAME TO organizations_away');
  });
  afterEach(async () => {
    await env.DB.exec('ALTER TABLE organizations_away RENAME TO organizations');
  });

  it("shows a person's browser a page in their language, not JSON", async () => {
    const res = await SELF.fetch('https://pledge.test/organizations', { headers: { Accept: 'text/html,*/*', 'Accept-Language': 'es-MX,es;q=0.9' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
    const page = await res.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<h1>Algo ha fallado</h1>');
    expect(page).toContain('Vuelva a intentarlo dentro de un momento.');
    expect(page).toContain('href="/pledge?lang=es"');
    const en = await (await SELF.fetch('https://pledge.test/organizations', { headers: { Accept: 'text/html' } })).text();
    expect(en).toContain('<h1>Something went wrong</h1>');
  });

  it('answers an API caller in JSON, in the language it asks for', async () => {
    const es = await SELF.fetch('https://pledge.test/api/organizations', { headers: { Accept: 'text/html', 'Accept-Language': 'es' } });
    expect(es.status).toBe(500);
    expect(await es.json()).toEqual({ error: { code: 'internal', message: 'Algo ha fallado por nuestra parte. Vuelva a intentarlo dentro de un momento.' } });
    const en = await SELF.fetch('https://pledge.test/api/organizations');
    expect(await en.json()).toEqual({ error: { code: 'internal', message: 'Something went wrong on our side. Try again in a moment.' } });
  });
});
