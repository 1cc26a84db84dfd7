import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

/** The page's own `<html lang>`. */
const htmlLang = (text: string) => /<html\b[^>]*\blang="([^"]+)"/.exec(text)?.[1];

describe('Content-Language on every page', () => {
  // Hosted pages, link pages (a bad link's answer), the library, the poster, the dashboard's sign-in, error pages.
  const pages: [path: string, init?: RequestInit][] = [
    ['/pledge'],
    ['/pledge?partner=acr'],
    ['/impact'],
    ['/about'],
    ['/organizations'],
    ['/join'],
    ['/resources'],
    ['/poster'],
    ['/poster?partner=acr'],
    ['/confirm?t=nonsense'],
    ['/actions?t=nonsense'],
    ['/preferences?t=nonsense'],
    ['/admin'],
    ['/no-such-page', { headers: { Accept: 'text/html' } }],
    ['/pledge', { method: 'POST', headers: { 'Content-Type': 'text/plain', Accept: 'text/html' }, body: 'x' }],
  ];
  for (const lang of ['en', 'es'] as const) {
    for (const [path, init] of pages) {
      it(`${init?.method ?? 'GET'} ${path} in ${lang}`, async () => {
        const url = `https://pledge.test${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        const res = await SELF.fetch(url, { ...init, headers: { 'Accept-Language': lang, ...(init?.headers as Record<string, string>) } });
        expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
        const text = await res.text();
        expect(htmlLang(text), path).toBe(lang);
        expect(res.headers.get('Content-Language'), path).toBe(htmlLang(text));
      });
    }
  }

  it('answers HEAD with the same header and no body', async () => {
    const res = await SELF.fetch('https://pledge.test/resources?lang=es', { method: 'HEAD' });
    expect(res.headers.get('Content-Language')).toBe('es');
    expect(await res.text()).toBe('');
  });

  it('sends none with JSON', async () => {
    const res = await SELF.fetch('https://pledge.test/api/stats');
    expect(res.headers.get('Content-Language')).toBeNull();
  });
});
