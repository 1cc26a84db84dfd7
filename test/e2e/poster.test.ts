/**
 * Printable posters (issue 16): the page and the SVG in Chromium; their QR codes decoded by
 * jsQR (a kept decoder) from what Chromium draws; one printed sheet on A4 and on US Letter;
 * and the QR code's address followed to a pledge stored with its source.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startLocalWorker, type LocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';

const WORKER_PORT = testPort(8811);
const SHOTS = new URL('../../screenshots/poster/', import.meta.url); // git-ignored, for a person to look at
const JSQR_SOURCE = readFileSync(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');

/**
 * Draws an SVG (the markup, or the URL of an SVG file) on a canvas in the page, as Chromium
 * renders it, and decodes the QR code in the pixels with jsQR. Returns the text, or null.
 */
async function decodeQr(page: Page, svg: { markup?: string; url?: string }, width = 600): Promise<string | null> {
  await page.evaluate(JSQR_SOURCE); // run through the DevTools protocol, so the page's CSP does not apply
  return page.evaluate(
    async ({ markup, url, width }) => {
      const src = url ?? URL.createObjectURL(new Blob([markup!], { type: 'image/svg+xml' }));
      const img = new Image();
      img.src = src;
      await img.decode();
      const height = Math.round((img.naturalHeight / img.naturalWidth) * width);
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(img, 0, 0, width, height);
      const data = ctx.getImageData(0, 0, width, height);
      const jsQR = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).jsQR;
      return jsQR(data.data, width, height)?.data ?? null;
    },
    { markup: svg.markup, url: svg.url, width },
  );
}

/** The number of pages in a PDF. */
function pdfPages(pdf: Uint8Array): number {
  return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

describe('printable posters', () => {
  let worker: LocalWorker;
  let browser: Browser;

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [] });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('the page: its QR code opens the pledge page with the society, source and language; axe finds nothing', async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true); // lets the test draw the QR code from a blob: URL; the page still sends its CSP
    const res = await page.goto(`${worker.url}/poster?partner=rsna&source=booth-2026&lang=en`);
    assert.equal(res?.status(), 200);
    assert.match(res?.headers()['content-security-policy'] ?? '', /default-src 'none'/);
    const markup = await page.$eval('svg.qr', (svg) => new XMLSerializer().serializeToString(svg));
    assert.equal(await decodeQr(page, { markup }), `${worker.url}/pledge?partner=rsna&source=booth-2026&lang=en`);
    const text = await page.$eval('main', (m) => (m as HTMLElement).innerText);
    assert.match(text, /I commit to advancing health equity in my practice/);
    assert.match(text, /Radiology Health Equity Coalition/);
    assert.match(text, /Radiological Society of North America/);
    for (const society of ['ACR', 'ARRS', 'AUR', 'RSNA', 'SCARD', 'SIR', 'ABR']) assert.match(text, new RegExp(`\\b${society}\\b`));
    assert.deepEqual(await axeViolations(page), []);
    // Everything a screen reader reaches by landmark: the printing help is the page's header.
    assert.deepEqual(await page.$$eval('body > *', (els) => els.map((e) => e.tagName.toLowerCase())), ['header', 'main']);
  });

  it('the page in Spanish, without a source; a bad source is dropped from the QR code', async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true); // lets the test draw the QR code from a blob: URL; the page still sends its CSP
    await page.goto(`${worker.url}/poster?partner=sir&source=Not%20OK!&lang=es`);
    assert.equal(await page.$eval('html', (h) => h.lang), 'es');
    assert.match(await page.$eval('main', (m) => (m as HTMLElement).innerText), /Me comprometo a promover la equidad en salud/);
    const markup = await page.$eval('svg.qr', (svg) => new XMLSerializer().serializeToString(svg));
    assert.equal(await decodeQr(page, { markup }), `${worker.url}/pledge?partner=sir&lang=es`);
    assert.deepEqual(await axeViolations(page), []);
  });

  it('prints on exactly one sheet of A4 and one of US Letter, in both languages', async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true); // lets the test draw the QR code from a blob: URL; the page still sends its CSP
    for (const lang of ['en', 'es']) {
      await page.goto(`${worker.url}/poster?partner=scard&source=grand-rounds&lang=${lang}`);
      for (const format of ['A4', 'Letter'] as const) {
        const pdf = await page.pdf({ format, preferCSSPageSize: false });
        assert.equal(pdfPages(pdf), 1, `${lang} on ${format}`);
      }
    }
  });

  it('reads at 320 px wide without scrolling sideways', async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true); // lets the test draw the QR code from a blob: URL; the page still sends its CSP
    await page.setViewport({ width: 320, height: 800 });
    await page.goto(`${worker.url}/poster?partner=rsna&source=booth-2026&lang=es`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    // Every word of the sheet at a size a person reads on a phone (drawn to scale, they were 5 to 6 px), none cut off.
    const texts = await page.$$eval('.sheet :is(p, h2, h3, li)', (all) =>
      all.map((e) => ({ text: e.textContent!.trim().slice(0, 40), size: parseFloat(getComputedStyle(e).fontSize), bottom: e.getBoundingClientRect().bottom })),
    );
    const sheetBottom = await page.$eval('.sheet', (e) => e.getBoundingClientRect().bottom);
    assert.ok(texts.length >= 10, `${texts.length} texts on the sheet`);
    for (const t of texts) {
      assert.ok(t.size >= 14, `"${t.text}" is ${t.size}px`);
      assert.ok(t.bottom <= sheetBottom + 0.5, `"${t.text}" is cut off by the sheet's edge`);
    }
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: new URL('poster-320-es.png', SHOTS).pathname as `${string}.png`, fullPage: true });
  });

  it('the SVG for designers: image/svg+xml, and its QR code decodes to the same address', async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true); // lets the test draw the QR code from a blob: URL; the page still sends its CSP
    await page.goto(`${worker.url}/poster?partner=rsna&lang=en`); // any same-origin page, to draw from
    const url = `${worker.url}/poster.svg?partner=rsna&source=booth-2026&lang=en`;
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    assert.equal(await decodeQr(page, { url }, 900), `${worker.url}/pledge?partner=rsna&source=booth-2026&lang=en`);
  });

  it('a wrong society gets a clear page, not a poster (404 unknown, 400 missing)', async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true); // lets the test draw the QR code from a blob: URL; the page still sends its CSP
    const unknown = await page.goto(`${worker.url}/poster?partner=nosuch&lang=en`);
    assert.equal(unknown?.status(), 404);
    assert.match(await page.$eval('main', (m) => (m as HTMLElement).innerText), /“nosuch” is not an active coalition member/);
    assert.deepEqual(await axeViolations(page), []);
    const missing = await page.goto(`${worker.url}/poster.svg?lang=es`);
    assert.equal(missing?.status(), 400);
    assert.match(await page.$eval('main', (m) => (m as HTMLElement).innerText), /Elija la sociedad miembro de este póster/);
    assert.deepEqual(await axeViolations(page), []);
  });

  it('without a society, the page makes the poster from a choice, by keyboard alone', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 320, height: 800 });
    await page.goto(`${worker.url}/poster?lang=es`);
    assert.deepEqual(await axeViolations(page), []);
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim());
    await page.keyboard.press('Tab'); // the language switch
    // Each society a radio button with its name whole: a closed <select> cut "American Board of Radiology" off at 320 px.
    const cut = await page.$$eval('input[name="partner"]', (inputs) =>
      inputs.filter((i) => (i as HTMLInputElement).type !== 'radio' || document.querySelector(`label[for="${i.id}"]`)!.getBoundingClientRect().right > innerWidth).length);
    assert.equal(cut, 0, 'every society a radio button, named whole');
    assert.equal(await page.$$eval('input[name="partner"]', (inputs) => inputs.length), 7);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'partner-abr');
    await page.keyboard.press('ArrowUp'); // from the first society round to the last: Society of Interventional Radiology
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'source');
    await page.keyboard.type('hall-b');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).search, '?lang=es&partner=sir&source=hall-b');
    assert.match(await page.$eval('h1', (h) => h.textContent ?? ''), /Society of Interventional Radiology/);
    // One h1, the page's own; the sheet's heading sits under it (the page is about the poster).
    assert.deepEqual(await page.$$eval('h1, h2, h3', (all) => all.map((h) => h.tagName)), ['H1', 'H2', 'H3']);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'no sideways scrolling at 320 px');
  });

  it('scanning it leads to a pledge stored with the society and the source', async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true); // lets the test draw the QR code from a blob: URL; the page still sends its CSP
    await page.goto(`${worker.url}/poster?partner=sir&source=poster-lobby&lang=en`);
    const markup = await page.$eval('svg.qr', (svg) => new XMLSerializer().serializeToString(svg));
    const scanned = await decodeQr(page, { markup });
    assert.ok(scanned);
    await page.goto(scanned);
    const email = `scanned.${Date.now()}@example.org`;
    await page.type('#name', 'Rosalind Scan');
    await page.type('#email', email);
    await page.click('#role-physicist');
    await page.click('#commitment');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.deepEqual(await worker.rowsEventually(`SELECT partner_id, source FROM pledges WHERE email = '${email}'`), [
      { partner_id: 'sir', source: 'poster-lobby' },
    ]);
  });
});
