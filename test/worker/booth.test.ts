/** The booth's routes in workerd: the kiosk module and the posters (their QR codes are decoded in test/e2e/poster.test.ts). */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { SOCIETIES } from '../../src/content/coalition.ts';

describe('GET /rhec-pledge-kiosk.js', () => {
  it('serves the kiosk module as JavaScript any page may import', async () => {
    const res = await SELF.fetch('https://pledge.test/rhec-pledge-kiosk.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(await res.text()).toMatch(/export\s*\{[^}]*createKiosk/);
  });

  it('is pinned: the drop-in script imports the content-addressed copy it was built with, served immutable', async () => {
    const widget = await (await SELF.fetch('https://pledge.test/rhec-pledge.js')).text();
    const paths = [...new Set(widget.match(/\/v\/[0-9a-f]{16}\/rhec-pledge-kiosk\.js/g))];
    expect(paths).toHaveLength(1);
    const pinned = await SELF.fetch(`https://pledge.test${paths[0]}`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(pinned.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(pinned.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const body = await pinned.arrayBuffer();
    const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', body))].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(paths[0]).toBe(`/v/${hash.slice(0, 16)}/rhec-pledge-kiosk.js`);
    const current = await (await SELF.fetch('https://pledge.test/rhec-pledge-kiosk.js')).arrayBuffer();
    expect(new Uint8Array(body)).toEqual(new Uint8Array(current));
    expect((await SELF.fetch('https://pledge.test/v/0000000000000000/rhec-pledge-kiosk.js')).status).toBe(404);
  });
});

describe('GET /poster and /poster.svg', () => {
  it('serve the poster page under a strict CSP, and the SVG as image/svg+xml', async () => {
    const page = await SELF.fetch('https://pledge.test/poster?partner=rsna&source=booth-2026&lang=en');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toMatch(/^default-src 'none'; style-src 'nonce-/);
    const html = await page.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<p class="through">Pledging through Radiological Society of North America</p>'); // an English page needs no mark
    // Titled as every hosted page is: the page's own title · the coalition's name.
    expect(html).toContain('<title>Pledge poster for Radiological Society of North America · Radiology Health Equity Coalition</title>');
    expect(html).toContain(`${env.PUBLIC_ORIGIN}/pledge?partner=rsna&amp;source=booth-2026&amp;lang=en`);
    expect(html).toContain('href="/poster.svg?partner=rsna&amp;source=booth-2026&amp;lang=en" download="rhec-poster-rsna-booth-2026-en.svg"');
    // The QR code keeps its own dark-on-light colours in forced colours (inverted, many phones cannot read it).
    expect(html).toContain('.qr { forced-color-adjust: none; }');
    expect(html).not.toMatch(/\.qr path \{ fill: CanvasText/);

    const svg = await SELF.fetch('https://pledge.test/poster.svg?partner=rsna&source=booth-2026&lang=es');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('Content-Type')).toBe('image/svg+xml; charset=utf-8');
    expect(svg.headers.get('Content-Security-Policy')).toBe("default-src 'none'");
    expect(svg.headers.get('Content-Disposition')).toBe('inline; filename="rhec-poster-rsna-booth-2026-es.svg"');
    // Cached publicly, and the language may come from Accept-Language: caches keep the languages apart.
    expect(svg.headers.get('Vary')).toContain('Accept-Language');
    const text = await svg.text();
    expect(text).toMatch(/^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="186mm" height="250mm"/);
    expect(text).toContain('Me comprometo a promover');
    expect(text).toMatch(/Compromiso a través de la Radiological Society of North America|Compromiso a través de la(?:<[^>]+>|\s)+Radiological/);
  });

  it('drop a bad source, and let nothing from the address into the markup', async () => {
    const res = await SELF.fetch('https://pledge.test/poster.svg?partner=sir&source=%3C%2Ftext%3E%3Cscript%3E&lang=en');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('<script');
    expect(text).toContain('pledge?partner=sir&#38;lang=en');
    // The printable page says why the poster has no source, escaped, in the language asked.
    for (const [lang, said] of [['en', 'cannot be used, so this poster has none'], ['es', 'no se puede usar, así que este póster no tiene ninguno']]) {
      const page = await (await SELF.fetch(`https://pledge.test/poster?partner=sir&source=%3Cb%3EBooth%202026&lang=${lang}`)).text();
      expect(page, lang).toContain(said);
      // The problem is what the page opens on: focused without script, and announced.
      expect(page, lang).toMatch(new RegExp(`<div class="problem" role="alert" tabindex="-1" autofocus><p>[^<]*${said}`));
      expect(page, lang).toContain('&lt;b&gt;Booth 2026');
      expect(page, lang).not.toContain('<b>Booth');
    }
    // With none, the page asks for one in a field of its own (sent back to /poster with its society and language).
    const none = await (await SELF.fetch('https://pledge.test/poster?partner=sir&lang=es')).text();
    expect(none).toContain('Aún sin código de procedencia: indique uno abajo');
    expect(none).not.toContain('autofocus');
    expect(none).toMatch(/<form method="get" action="\/poster" class="source-form">\s*<input type="hidden" name="partner" value="sir" \/><input type="hidden" name="lang" value="es" \/>/);
    expect(none).toContain('<input type="text" id="source" name="source" value=""');
    expect(none).toContain('>Usar este código</button>');
    // A usable one fills the field; an unusable one offers its nearest usable form there too.
    expect(await (await SELF.fetch('https://pledge.test/poster?partner=sir&source=booth-2026&lang=en')).text()).toContain('name="source" value="booth-2026"');
    expect(await (await SELF.fetch('https://pledge.test/poster?partner=sir&source=Hall%20B&lang=en')).text()).toContain('name="source" value="hall-b"');
  });

  it('offer the nearest usable code for a bad one, and say how long a too-long one is', async () => {
    const page = await (await SELF.fetch('https://pledge.test/poster?partner=sir&source=Hall%20B%20Booth&lang=en')).text();
    expect(page).toContain('<a href="/poster?partner=sir&amp;source=hall-b-booth&amp;lang=en">Make it with “hall-b-booth” instead</a>');
    const es = await (await SELF.fetch('https://pledge.test/poster?partner=sir&source=Sal%C3%B3n%20Norte&lang=es')).text();
    expect(es).toContain('Crearlo con «salon-norte»');
    const long = await (await SELF.fetch(`https://pledge.test/poster?partner=sir&source=${'a'.repeat(65)}&lang=en`)).text();
    expect(long).toContain(`“${'a'.repeat(64)}…” cannot be used`);
    expect(long).toContain('(this one has 65 characters)');
    expect(long).toContain(`source=${'a'.repeat(64)}&amp;lang=en">Make it with`);
    // Nothing usable in it: no suggestion.
    expect(await (await SELF.fetch('https://pledge.test/poster?partner=sir&source=%E2%80%94&lang=en')).text()).not.toContain('Make it with');
  });

  it('fit the "Or visit" address on the sheet, in two lines when the code is long', async () => {
    const fits = (svg: string) => {
      // Each line of the visit text, and its font size: roughly 0.58 em a character (as the poster sizes lines).
      const text = svg.match(/<text [^>]*font-size="([\d.]+)"[^>]*>(?:(?!<\/text>).)*(Or visit|O visite)(?:(?!<\/text>).)*<\/text>/s)!;
      const size = Number(text[1]);
      const lines = [...text[0].matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]!.replaceAll('&#38;', '&'));
      return { size, lines, widest: Math.max(...lines.map((l) => l.length * 0.58 * size)) };
    };
    const short = fits(await (await SELF.fetch('https://pledge.test/poster.svg?partner=rsna&source=booth&lang=en')).text());
    expect(short.lines).toHaveLength(1);
    expect(short.size).toBe(3.8);
    const long = fits(await (await SELF.fetch(`https://pledge.test/poster.svg?partner=rsna&source=${'a'.repeat(64)}&lang=es`)).text());
    expect(long.lines).toHaveLength(2);
    expect(long.lines[1]).toMatch(/^\?partner=rsna&source=a{64}&lang=es$/);
    expect(long.size).toBeGreaterThanOrEqual(2.8);
    expect(long.widest).toBeLessThanOrEqual(186 - 20);
  });

  it('offer the poster page in the other language, keeping the society and the source (on screen, not on the printed sheet)', async () => {
    const page = await (await SELF.fetch('https://pledge.test/poster?partner=rsna&source=booth-2026&lang=en')).text();
    const header = page.slice(page.indexOf('<header class="screen">'), page.indexOf('</header>'));
    expect(header).toContain('<a href="/poster?partner=rsna&amp;source=booth-2026&amp;lang=es" hreflang="es" lang="es" aria-label="Español: ver esta página en español">Español</a>');
    const es = await (await SELF.fetch('https://pledge.test/poster?partner=rsna&source=booth-2026&lang=es')).text();
    expect(es).toContain('href="/poster?partner=rsna&amp;source=booth-2026&amp;lang=en" hreflang="en"');
    // The members' own (English) names, marked so on the Spanish poster.
    expect(es).toMatch(/<ul lang="en">\s*<li><abbr title="American College of Radiology">ACR<\/abbr>/);
    // And the poster's own society, inside the Spanish sentences that name it.
    // With the article Spanish gives it (la Sociedad), outside the English mark.
    expect(es).toContain('<p class="through">Compromiso a través de la <span lang="en">Radiological Society of North America</span></p>');
    expect(es).toContain('<h1>Póster del compromiso para la <span lang="en">Radiological Society of North America</span></h1>');
    // "de" + "el" is "del" in Spanish, never "de el" (the American College of Radiology).
    const acr = await (await SELF.fetch('https://pledge.test/poster?partner=acr&lang=es')).text();
    expect(acr).toContain('<p class="through">Compromiso a través del <span lang="en">American College of Radiology</span></p>');
    expect(acr).toContain('<h1>Póster del compromiso para el <span lang="en">American College of Radiology</span></h1>');
    const acrSvg = await (await SELF.fetch('https://pledge.test/poster.svg?partner=acr&lang=es')).text();
    expect(acrSvg).toMatch(/Compromiso a través del(?:<[^>]+>|\s)+American/);
    expect(acrSvg).not.toMatch(/través de el\b/);
  });

  it('mark, on the Spanish SVG, each English name lang="en" as the page does (WCAG 3.1.2, language of parts)', async () => {
    const names = ['Radiology Health Equity Coalition', ...SOCIETIES.flatMap((m) => [m.name, m.short])];
    for (const partner of ['acr', 'rsna']) {
      const svg = await (await SELF.fetch(`https://pledge.test/poster.svg?partner=${partner}&lang=es`)).text();
      expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
      // Each line of text naming a member or the coalition: the name inside an element marked English.
      const unmarked = [...svg.matchAll(/<text\b([^>]*)>([\s\S]*?)<\/text>/g)]
        .filter(([, attrs]) => !/\blang="en"/.test(attrs!))
        .map(([, , inner]) => inner!.replace(/<tspan lang="en">[^<]*<\/tspan>/g, '').replace(/<[^>]+>/g, ' '))
        .filter((words) => names.some((n) => new RegExp(`\\b${n}\\b`).test(words)));
      expect(unmarked, partner).toEqual([]);
    }
    const acr = await (await SELF.fetch('https://pledge.test/poster.svg?partner=acr&lang=es')).text();
    expect(acr).toContain('Compromiso a través del <tspan lang="en">American College of Radiology</tspan>');
    // In English, nothing to mark in its own sentence.
    const en = await (await SELF.fetch('https://pledge.test/poster.svg?partner=acr&lang=en')).text();
    expect(en).toContain('>Pledging through American College of Radiology</tspan>');
  });

  it('read lang in any case, as partner is', async () => {
    const page = await (await SELF.fetch('https://pledge.test/poster?partner=RSNA&lang=EN', { headers: { 'Accept-Language': 'es-MX,es' } })).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('pledge?partner=rsna&amp;lang=en');
  });

  it('read an empty partner, source or lang (an address edited by hand) as one left out: the same status and page', async () => {
    const same = (t: string) => t.replace(/nonce-[A-Za-z0-9-]+|nonce="[^"]+"/g, 'nonce');
    for (const accept of ['en', 'es']) {
      for (const [absent, empty] of [
        ['/poster', '/poster?partner='],
        ['/poster', '/poster?partner=&source=&lang='],
        ['/poster?lang=es', '/poster?lang=es&partner=%20&source='],
        ['/poster?partner=rsna', '/poster?partner=rsna&source=&lang='],
        ['/poster?partner=rsna&lang=es', '/poster?partner=rsna&lang=es&source='],
        ['/poster.svg', '/poster.svg?partner=&source=&lang='],
        ['/poster.svg?partner=rsna', '/poster.svg?partner=rsna&source=&lang='],
      ]) {
        const [a, b] = await Promise.all([absent, empty].map((path) => SELF.fetch(`https://pledge.test${path}`, { headers: { 'Accept-Language': accept } })));
        expect(b.status, `${empty} (${accept})`).toBe(a.status);
        expect(b.headers.get('Content-Type')).toBe(a.headers.get('Content-Type'));
        expect(same(await b.text()), `${empty} (${accept})`).toBe(same(await a.text()));
      }
    }
  });

  it('answer a clear page: 400 without a society, 404 for an unknown or disabled one, in the language asked', async () => {
    const missing = await SELF.fetch('https://pledge.test/poster?lang=es');
    expect(missing.status).toBe(400);
    const chooser = await missing.text();
    expect(chooser).toContain('Elija la sociedad miembro de este póster');
    // Not a dead end: a form that makes the poster, every active society to choose, and the page in English.
    expect(chooser).toMatch(/<form method="get" action="\/poster">/);
    expect(chooser).toContain('<input type="hidden" name="lang" value="es" />');
    // Nothing chosen yet is no error: aria-invalid="false" written out, or Chromium reads the empty
    // required choice as invalid on arrival (a screen reader said "invalid entry" before anything was sent).
    expect(chooser).toContain('<fieldset aria-describedby="problem">');
    expect(chooser).toContain('<input type="radio" id="partner-abr" name="partner" value="abr" required aria-invalid="false" />');
    const active = (await env.DB.prepare('SELECT id FROM partners WHERE active = 1').all<{ id: string }>()).results.map((r) => r.id);
    expect(active.length).toBeGreaterThan(1);
    for (const id of active) expect(chooser).toContain(`<input type="radio" id="partner-${id}" name="partner" value="${id}"`);
    expect(chooser).toContain('<label for="source">Código de procedencia (opcional)</label>');
    expect(chooser).toMatch(/<a href="\/poster\?lang=en" hreflang="en"/);
    // A source given with an unknown society is kept in the form; a bad one is not.
    const kept = await (await SELF.fetch('https://pledge.test/poster?partner=nope&source=hall-b&lang=en')).text();
    expect(kept).toContain('value="hall-b"');
    expect(kept).toContain('Choose the society below');
    // The society asked for could not be used: the choice that names one is the answer to correct.
    expect(kept).toContain('<input type="radio" id="partner-abr" name="partner" value="abr" required aria-invalid="true" />');
    expect(await (await SELF.fetch('https://pledge.test/poster?source=Hall%20B&lang=en')).text()).toContain('name="source" value="hall-b"');
    expect(await (await SELF.fetch('https://pledge.test/poster?source=%3C%3E&lang=en')).text()).toContain('name="source" value=""');
    const unknown = await SELF.fetch('https://pledge.test/poster.svg?partner=%3Cb%3Exx&lang=en');
    expect(unknown.status).toBe(404);
    const page = await unknown.text();
    expect(page).toContain('is not an active coalition member');
    expect(page).not.toContain('<b>');
    await env.DB.prepare("UPDATE partners SET active = 0 WHERE id = 'aur'").run();
    expect((await SELF.fetch('https://pledge.test/poster?partner=aur')).status).toBe(404);
    await env.DB.prepare("UPDATE partners SET active = 1 WHERE id = 'aur'").run();
    for (const lang of ['constructor', '__proto__', 'xx']) {
      expect((await SELF.fetch(`https://pledge.test/poster?partner=rsna&lang=${lang}`)).status).toBe(200);
    }
  });
});
