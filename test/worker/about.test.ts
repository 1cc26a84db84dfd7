/**
 * `/about`: the coalition's own page, whole, in English and Spanish (worker/about/), and the
 * hosted pages' way to it. Its words are checked against the coalition's text in
 * test/e2e/coalition-words.test.ts; here, that the page shows them, marked and linked.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ABOUT_STRINGS } from '../../worker/about/strings.ts';
import { SOCIETIES } from '../../src/content/coalition.ts';
import { en } from '../../src/i18n/en.ts';
import { es } from '../../src/i18n/es.ts';

/** The page's text as a reader gets it: tags dropped, entities read, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('/about', () => {
  it('shows the whole of the coalition’s page in English: story, commitment, who convenes it, facts, quote and how to join', async () => {
    const res = await SELF.fetch('https://pledge.test/about?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Language')).toBe('en');
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const page = await res.text();
    const shown = text(page);
    const a = ABOUT_STRINGS.en;
    for (const words of [a.tagline, ...a.story, en.commitmentText, a.afterSigning, a.conveningHeading, ...a.convening, ...en.facts, a.factsAfter, a.quote, a.joinHeading]) {
      expect(shown, words).toContain(words);
    }
    for (const society of SOCIETIES) expect(shown).toContain(society.name);
    expect(page).toMatch(/<h1 class="heading">About the coalition<\/h1>/);
    expect(page).toContain('<a class="button" href="/pledge?lang=en&amp;source=about">Sign the pledge</a>');
    expect(page).toContain('href="/join?lang=en"');
    expect(page).toContain('href="/organizations?lang=en"');
    expect(page).toMatch(/<link rel="canonical" href="https?:\/\/[^"/]+\/about\?lang=en" \/>/);
    expect(page).toContain('<meta property="og:description"');
    // The same page in Spanish, offered at the top.
    expect(page).toMatch(/href="[^"]*\/about\?lang=es"[^>]*>Español</);
  });

  it('speaks Spanish from ?lang=es or the browser’s language, each English name marked as English', async () => {
    for (const init of [{ url: 'https://pledge.test/about?lang=es' }, { url: 'https://pledge.test/about', headers: { 'Accept-Language': 'es-MX,es;q=0.9' } }]) {
      const res = await SELF.fetch(init.url, { headers: init.headers ?? {} });
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Language')).toBe('es');
      const page = await res.text();
      expect(page).toContain('<html lang="es">');
      const shown = text(page);
      const a = ABOUT_STRINGS.es;
      for (const words of [a.tagline, ...a.story, es.commitmentText, a.afterSigning, ...a.convening, ...es.facts, a.factsAfter, a.quote, a.quoteNote]) {
        expect(shown, words).toContain(words);
      }
      for (const society of SOCIETIES) expect(page).toContain(`<span lang="en">${society.name}</span>`);
      expect(page).toContain('<span lang="en">ACR Bulletin</span>');
      expect(page).toContain('href="/pledge?lang=es&amp;source=about"');
      expect(shown).not.toContain('Who is convening');
    }
  });

  it('is linked from the pledge page, the impact page and the list of organizations, in their language', async () => {
    for (const lang of ['en', 'es'] as const) {
      for (const path of [`/pledge?partner=rsna&lang=${lang}`, `/impact?lang=${lang}`, `/organizations?lang=${lang}`]) {
        const page = await (await SELF.fetch(`https://pledge.test${path}`)).text();
        expect(page, path).toContain(`<a href="/about?lang=${lang}">${ABOUT_STRINGS[lang].moreLink}</a>`);
      }
    }
  });

  it('answers HEAD, and a method it does not take with 405 and Allow', async () => {
    expect((await SELF.fetch('https://pledge.test/about', { method: 'HEAD' })).status).toBe(200);
    const res = await SELF.fetch('https://pledge.test/about', { method: 'POST', headers: { Accept: 'application/json' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, HEAD');
  });
});
