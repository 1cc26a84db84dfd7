import { readFileSync } from 'node:fs';
/**
 * End to end: Chromium opens each demo partner page (served on its own origin), the page
 * loads the drop-in script cross-origin from a real local Worker, a pledge is typed and
 * sent, and the row is read back from the Worker's local D1.
 */
import { testPort } from '../support/ports.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { pledgeOnPage } from '../support/browser.ts';
import { startDemoStack, type DemoStack } from '../support/demo-stack.ts';
import { TEST_ADMIN_TOKEN, type LocalWorker } from '../support/local-worker.ts';
import { serveTestPages } from '../support/static-pages.ts';
import { axeViolations } from '../support/axe.ts';

const DEMO_PORT = testPort(5174);
const WORKER_PORT = testPort(8789);
const BLANK_PORT = testPort(5179);

describe('demo partner pages', () => {
  let stack: DemoStack;
  let worker: LocalWorker;
  let demo: DemoStack['demo'];
  let browser: Browser;

  before(async () => {
    stack = await startDemoStack({ demo: DEMO_PORT, worker: WORKER_PORT, moreOrigins: [`http://localhost:${BLANK_PORT}`] });
    ({ worker, demo, browser } = stack);
  });

  after(() => stack?.stop());

  for (const partner of ['rsna', 'sir']) {
    it(`stores a pledge made on the ${partner} page, attributed to ${partner}`, async () => {
      const page = await browser.newPage();
      const email = `e2e.${partner}.${Date.now()}@example.org`;
      await page.goto(`${demo.url}/${partner}/`);
      const scriptSrc = await page.$eval('script[src$="rhec-pledge.js"]', (s) => (s as HTMLScriptElement).src);
      assert.equal(new URL(scriptSrc).origin, worker.url, 'the page loads the script from the Worker, cross-origin');

      await pledgeOnPage(page, { name: 'Rosalyn Yalow', email, role: 'physicist' });

      const rows = await worker.rowsEventually<{ partner_id: string; name: string; role: string; status: string }>(`SELECT partner_id, name, role, status FROM pledges WHERE email = '${email}'`,
      );
      assert.deepEqual(rows, [{ partner_id: partner, name: 'Rosalyn Yalow', role: 'physicist', status: 'pending' }]);
      await page.close();
    });
  }

  it('gives a page on an unregistered origin no access to the API', async () => {
    const res = await fetch(`${worker.url}/api/stats`, { headers: { Origin: 'http://localhost:6000' } });
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), null);
    const allowed = await fetch(`${worker.url}/api/stats`, { headers: { Origin: demo.url } });
    assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), demo.url);
  });

  it('exports the pledges made on the pages as CSV (admin, on the real runtime)', async () => {
    const refused = await fetch(`${worker.url}/api/admin/pledges.csv`);
    assert.equal(refused.status, 401);
    const res = await fetch(`${worker.url}/api/admin/pledges.csv`, { headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    assert.equal(res.status, 200);
    const csv = await res.text();
    assert.match(csv, /^\uFEFF?id,partner_id,name,email/);
    assert.match(csv, /,rsna,Rosalyn Yalow,e2e\.rsna\./);
    assert.match(csv, /,sir,Rosalyn Yalow,e2e\.sir\./);
  });

  it('offers a hosted pledge page that works without JavaScript, GOV.UK-style', async () => {
    const page = await browser.newPage();
    // A link that names no society that takes pledges: the visitor chooses one.
    await page.goto(`${worker.url}/pledge?lang=es`);
    assert.equal(await page.$eval('fieldset:has(input[name="partner"]) legend', (l) => l.textContent), 'Sociedad miembro');
    assert.deepEqual(await axeViolations(page), [], 'the page with a society to choose passes axe');
    // A mangled link: a page in the reader's language with the ways on, not raw JSON.
    const lost = await page.goto(`${worker.url}/pledge/oops?lang=es`);
    assert.equal(lost?.status(), 404);
    assert.equal(await page.title(), 'Página no encontrada · Radiology Health Equity Coalition');
    assert.deepEqual(await axeViolations(page), [], 'the not-found page passes axe');
    await page.goto(`${worker.url}/pledge?partner=sir&lang=en`);
    assert.deepEqual(await axeViolations(page), [], 'the empty page passes axe');
    await page.setJavaScriptEnabled(false);
    await page.reload();
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.equal(await page.title(), 'Error: Commit to act · Radiology Health Equity Coalition');
    assert.equal(await page.$eval('#error-summary h2', (h) => h.textContent), 'There is a problem');
    // No script needed for the GOV.UK pattern's focus: the page comes back with focus on its summary.
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary', { timeout: 2_000 });
    // The summary's links are plain fragment links to the fields, in the page itself.
    await page.click('#error-summary a[href="#name"]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'name');

    const email = `noscript.e2e.${Date.now()}@example.org`;
    await page.type('#name', 'Chien-Shiung Wu');
    await page.type('#email', email);
    await page.click('#role-physicist');
    await page.click('#commitment');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Check your email to confirm your pledge');
    assert.match(await page.$eval('.card', (c) => c.textContent!), /Back to Society of Interventional Radiology/);
    await page.setJavaScriptEnabled(true);
    await page.reload();
    assert.deepEqual(await axeViolations(page), [], 'the thanks page passes axe');
    const rows = await worker.rowsEventually<{ partner_id: string }>(`SELECT partner_id FROM pledges WHERE email = '${email}'`);
    assert.deepEqual(rows, [{ partner_id: 'sir' }]);
    await page.close();
  });

  it('reflows the hosted pledge page at twice the text size: no sideways scroll at 640 px with 32 px text (WCAG 1.4.4, 1.4.10)', async () => {
    const page = await browser.newPage();
    // As a visitor who set the browser's text size to 32 px (Chromium's "Font size"): 640 px is then 320 px at 16 px.
    await (await page.createCDPSession()).send('Page.setFontSizes', { fontSizes: { standard: 32 } });
    await page.setViewport({ width: 640, height: 900 });
    for (const lang of ['en', 'es']) {
      await page.goto(`${worker.url}/pledge?partner=rsna&lang=${lang}`);
      const fit = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        past: [...document.querySelectorAll('.fact, .choice')].filter((e) => e.getBoundingClientRect().right > innerWidth).length,
      }));
      assert.deepEqual(fit, { page: 640, past: 0 }, `/pledge?lang=${lang} fits 640 px at 32 px text`);
    }
    await page.close();
  });

  it('refuses what a snippet cannot carry in the playground, says why beside the field, and gives only the CSS and steps the options need', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 320, height: 900 });
    await page.goto(`${demo.url}/playground/`);
    const code = () => page.$eval('#code', (t) => (t as HTMLTextAreaElement).value);
    const css = () => page.$eval('#css', (t) => (t as HTMLTextAreaElement).value);
    // A source code with a quote and a tag: refused, with its reason, and never written into the snippet.
    await page.type('#source', 'may"><img src=x onerror=alert(1)>');
    assert.equal(await page.$eval('#source', (i) => i.getAttribute('aria-invalid')), 'true');
    assert.match(await page.$eval('#source-error', (e) => e.textContent ?? ''), /letters, digits and hyphens/);
    assert.doesNotMatch(await code(), /source=|onerror/);
    await page.$eval('#source', (i) => ((i as HTMLInputElement).value = ''));
    await page.type('#source', 'Newsletter-May');
    assert.equal(await page.$eval('#source', (i) => i.getAttribute('aria-invalid')), 'false');
    assert.match(await code(), /source="newsletter-may"/);
    // A goal that is not a whole number of pledges: refused, and no goal written.
    await page.type('#goal', '12.5');
    assert.match(await page.$eval('#goal-error', (e) => e.textContent ?? ''), /whole number/);
    assert.doesNotMatch(await code(), /goal=/);
    // The defaults need no CSS of their own; the reservation lines follow the options.
    assert.doesNotMatch(await css(), /--rhec-accent|hide-facts/);
    await page.click('#hide-facts');
    await page.select('#lang', 'en');
    assert.match(await css(), /rhec-pledge\[hide-facts\]/);
    assert.doesNotMatch(await css(), /:lang\(es\)/);
    // Spanish: the noscript link speaks Spanish too.
    await page.select('#lang', 'es');
    assert.match(await code(), /<noscript><a href="[^"]+\/pledge\?partner=rsna&amp;lang=es&amp;source=newsletter-may" lang="es">Comprométase/);
    // The next steps: CSP lines, the pinned release with its integrity, the counter.
    await page.waitForFunction(() => document.getElementById('pinned')!.textContent!.includes('integrity='));
    const release = (await (await fetch(`${worker.url}/rhec-pledge.json`)).json()) as { path: string; integrity: string };
    const pinned = await page.$eval('#pinned', (e) => e.textContent ?? '');
    assert.ok(pinned.includes(`<script src="${worker.url}${release.path}" integrity="${release.integrity}" crossorigin="anonymous" async></script>`), pinned);
    assert.match(await page.$eval('#csp', (e) => e.textContent ?? ''), new RegExp(`script-src ${worker.url.replace(/[.:/]/g, '\\$&')};\nconnect-src`));
    assert.match(await page.$eval('#counter', (e) => e.textContent ?? ''), /<rhec-pledge-count partner="rsna" lang="es"><\/rhec-pledge-count>/);
    // The counter's reservation, as EMBEDDING.md gives it (with a society: four lines).
    const counterCss = await page.$eval('#counter-css', (e) => e.textContent ?? '');
    const guide = readFileSync(new URL('../../EMBEDDING.md', import.meta.url), 'utf8');
    for (const line of counterCss.split('\n')) assert.ok(guide.includes(line), `EMBEDDING.md gives ${line}`);
    assert.equal(counterCss.split('\n').length, 3);
    // With its errors shown, at 320 px: axe passes and nothing scrolls sideways.
    await page.type('#radius', '99');
    assert.deepEqual(await axeViolations(page), []);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0);
    await page.close();
  });

  it('gives a webmaster a playground snippet that works pasted into a blank page', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/playground/`);
    await page.select('#partner', 'sir');
    await page.select('#lang', 'es');
    await page.click('#hide-facts');
    await page.select('#heading-level', '3');
    const snippet = await page.$eval('#code', (t) => (t as HTMLTextAreaElement).value);
    assert.match(snippet, /<rhec-pledge partner="sir" heading-level="3" lang="es" hide-facts><\/rhec-pledge>/);
    // Nothing a strict CSP would block: the CSS is handed over for the site's stylesheet.
    assert.doesNotMatch(snippet, /<style/);
    assert.match(await page.$eval('#css', (t) => (t as HTMLTextAreaElement).value), /rhec-pledge:not\(\[ready\]\)/);
    await page.select('#layout', 'compact');
    assert.match(await page.$eval('#code', (t) => (t as HTMLTextAreaElement).value), /layout="compact"/);
    await page.select('#layout', 'full');
    // The live preview follows the options.
    assert.equal(await page.$eval('#preview', (el) => el.getAttribute('lang')), 'es');

    const blank = await serveTestPages(BLANK_PORT, {
      '/': { html: `<!doctype html><html><head><meta charset="utf-8"><title>Blank</title></head><body>${snippet}</body></html>` },
    });
    try {
      const pasted = await browser.newPage();
      await pasted.goto(blank.url);
      await pasted.locator('rhec-pledge >>> .count__partner').wait();
      const shown = await pasted.$eval('rhec-pledge', (el) => ({
        heading: el.shadowRoot!.querySelector('.heading')!.textContent,
        partner: el.shadowRoot!.querySelector('.count__partner')!.textContent!.trim(),
        facts: el.shadowRoot!.querySelectorAll('.fact').length,
      }));
      assert.deepEqual(shown, { heading: 'Comprométase a actuar', partner: 'Menos de 5 a través de SIR', facts: 0 });
    } finally {
      await blank.close();
    }
  });
  it('shows the counter on both society pages, themed to each, passing axe', async () => {
    await worker.query(
      `WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 12)
       INSERT INTO pledges (id, partner_id, email, name, role, status, confirmed_at) SELECT 'count-' || value, CASE WHEN value % 2 THEN 'rsna' ELSE 'sir' END, 'count-' || value || '@example.org', 'C', 'nurse', 'confirmed', '2026-03-01T00:00:00Z' FROM n;
       UPDATE pledge_counts SET confirmed = (SELECT count(*) FROM pledges p WHERE p.partner_id = pledge_counts.partner_id AND p.status = 'confirmed');`,
    );
    for (const partner of ['rsna', 'sir']) {
      const page = await browser.newPage();
      await page.goto(`${demo.url}/${partner}/`);
      await page.locator('rhec-pledge-count >>> b').wait();
      const text = await page.$eval('rhec-pledge-count', (el) => el.shadowRoot!.textContent!);
      assert.match(text, /^\d+ radiology professionals have committed to act — add your name(\d+ active this year)?\d+ through (RSNA|SIR)$/);
      assert.deepEqual(await axeViolations(page), [], `the ${partner} page with its counter passes axe`);
      await page.close();
    }
  });

  it('lands the counter\'s "add your name" with the form in view, not under the sticky header (scroll-padding-top)', async () => {
    for (const partner of ['rsna', 'sir']) {
      for (const width of [320, 1280]) {
        const page = await browser.newPage();
        await page.setViewport({ width, height: 700 });
        await page.goto(`${demo.url}/${partner}/`);
        await page.locator('rhec-pledge >>> .heading').wait();
        await page.locator('rhec-pledge-count >>> a').click();
        await page.waitForFunction(() => location.hash !== '' && scrollY > 0);
        const seen = await page.evaluate(() => {
          const target = document.querySelector(location.hash)!;
          const header = document.querySelector('header')!;
          const sticky = getComputedStyle(header).position === 'sticky';
          const heading = document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('.heading')!;
          return { sticky, below: sticky ? header.getBoundingClientRect().bottom : 0, target: target.getBoundingClientRect().top, heading: heading.getBoundingClientRect().top };
        });
        const where = `${partner} at ${width} px: ${JSON.stringify(seen)}`;
        assert.ok(seen.target >= seen.below - 1, `the link's target starts below the header (${where})`);
        assert.ok(seen.heading >= seen.below && seen.heading < 700, `the widget's heading is in view (${where})`);
        await page.close();
      }
    }
  });
});
