/**
 * A maintainer finding one organization among many on `/admin/organizations`, by keyboard, in
 * Chromium against a real local Worker: the search form, focus on what it found, axe clean in
 * English and Spanish at 320 px and 1000 px with forced colours on and off, and a button's answer
 * back at the same search.
 */
import { testPort } from '../support/ports.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startLocalWorker, TEST_ADMIN_TOKEN, type LocalWorker } from '../support/local-worker.ts';

const WORKER_PORT = testPort(8861);

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('finding an organization on /admin/organizations', () => {
  let worker: LocalWorker;
  let browser: Browser;
  let page: Page;
  const tag = Date.now().toString(36);

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [] });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 800 });
    // Sixty requests, one of them the one the maintainer is looking for.
    const values = Array.from({ length: 60 }, (_, i) => {
      const name = i === 37 ? `Clínica Zafiro ${tag}` : i === 36 ? `Bayside Imaging ${tag}` : `Radiology Group ${i} ${tag}`;
      const domain = `org-${i}-${tag}.org`;
      return `('o-${i}-${tag}', '${name}', 'practice', 'https://www.${domain}/', '${domain}', 'Pat Doe', 'pat@${domain}', 1, 1, '${i % 3 ? 'approved' : 'pending'}', 'en', '2026-03-0${1 + (i % 9)}T10:00:00.000Z', '2026-03-0${1 + (i % 9)}T11:00:00.000Z')`;
    });
    await worker.query(
      `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, domain_verified, list_publicly, status, lang, created_at, confirmed_at) VALUES ${values.join(', ')}`,
    );
    await page.goto(`${worker.url}/admin`);
    await page.type('#token', TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('by keyboard: the words typed, Enter, and focus on what was found; axe clean in both languages, 320 px and forced colours', async () => {
    for (const [lang, said, label] of [['es', '1 solicitud coincide.', 'Nombre de la organización o dominio de su sitio web'], ['en', '1 request matches.', 'Organization name or website domain']] as const) {
      await page.goto(`${worker.url}/admin/organizations?lang=${lang}`);
      assert.equal(await page.$eval('label[for="find-q"]', (l) => l.textContent), label);
      await page.focus('#find-q');
      await page.keyboard.type('clinica zafiro');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await page.waitForFunction(() => document.activeElement?.id === 'found', { timeout: 5_000 });
      assert.match(await page.$eval('#found', (f) => f.textContent!.trim()), new RegExp(`^${said}`));
      assert.deepEqual(await page.$$eval('.request h3', (h) => h.map((x) => x.textContent)), [`Clínica Zafiro ${tag}`]);
      assert.equal(await page.$eval('#find-q', (i) => (i as HTMLInputElement).value), 'clinica zafiro');
      // Tab from what was found: first, what it found as a CSV (that search's), then the way back to every request.
      await page.keyboard.press('Tab');
      assert.deepEqual(await page.evaluate(() => [document.activeElement!.textContent, document.activeElement!.getAttribute('href')]), [
        lang === 'es' ? 'Descargar esta (CSV)' : 'Download this one (CSV)',
        '/admin/organizations.csv?q=clinica+zafiro',
      ]);
      // (Fetched as the browser's session, outside the page: its CSP lets the page itself fetch nothing.)
      const cookie = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const csv = await (await fetch(`${worker.url}/admin/organizations.csv?q=clinica+zafiro`, { headers: { Cookie: cookie } })).text();
      assert.deepEqual(csv.trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[1]), [`Clínica Zafiro ${tag}`]);
      for (const width of [320, 1000]) {
        await page.setViewport({ width, height: 800 });
        for (const forced of ['none', 'active'] as const) {
          await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
          assert.deepEqual(await axeViolations(page), [], `${lang}, ${width} px, forced colours ${forced}`);
        }
        await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
        assert.ok(await fitsWidth(page), `the found list fits ${width} px (${lang})`);
      }
      await page.setViewport({ width: 1000, height: 800 });
    }
  });

  it('a status alone, and a search that finds nothing, say so; the way back shows every request', async () => {
    await page.goto(`${worker.url}/admin/organizations?lang=en`);
    await page.select('#find-status', 'pending');
    await page.focus('#find-status');
    await page.keyboard.press('Tab'); // from the status to the Find button
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.$eval('#found p', (f) => f.firstChild!.textContent!.trim()), '20 requests match.');
    await page.focus('#find-q');
    await page.keyboard.type(`nothing like it ${tag}`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForFunction(() => document.activeElement?.id === 'found', { timeout: 5_000 });
    assert.equal(await page.$$eval('.request', (r) => r.length), 0);
    assert.deepEqual(await axeViolations(page), []);
    await page.focus('#found a');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.$$eval('.request', (r) => r.length), 60);
  });

  it('approving a found request comes back to the same search, focus on what was done', async () => {
    await page.goto(`${worker.url}/admin/organizations?lang=en&q=bayside`);
    await page.focus(`#org-o-36-${tag} form[action$="/approve"] button`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), 'bayside');
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status' && document.activeElement.id !== 'found', { timeout: 5_000 });
    assert.equal(await page.$eval('[role="status"]', (s) => s.textContent!.trim()), `Approved Bayside Imaging ${tag}.`);
    assert.deepEqual(await page.$$eval('.request h3', (h) => h.map((x) => x.textContent)), [`Bayside Imaging ${tag}`]);
    assert.deepEqual(await axeViolations(page), []);
  });
});
