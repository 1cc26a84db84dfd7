/**
 * End to end: Chromium opens each demo partner page (served on its own origin), the page
 * loads the drop-in script cross-origin from a real local Worker, a pledge is typed and
 * sent, and the row is read back from the Worker's local D1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchChromium, pledgeOnPage } from '../support/browser.ts';
import { startDemoServer } from '../support/demo-server.ts';
import { startLocalWorker, TEST_ADMIN_TOKEN, type LocalWorker } from '../support/local-worker.ts';

const DEMO_PORT = 5174;
const WORKER_PORT = 8789;

describe('demo partner pages', () => {
  let worker: LocalWorker;
  let demo: Awaited<ReturnType<typeof startDemoServer>>;
  let browser: Browser;

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [`http://localhost:${DEMO_PORT}`] });
    demo = await startDemoServer({ port: DEMO_PORT, api: worker.url });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await demo?.server.close();
    await worker?.stop();
  });

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
    await page.setJavaScriptEnabled(false);
    await page.goto(`${worker.url}/pledge?partner=sir&lang=en`);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.equal(await page.title(), 'Error: Commit to act');
    assert.equal(await page.$eval('#error-summary h2', (h) => h.textContent), 'There is a problem');
    // The summary's links are plain fragment links to the fields, in the page itself.
    await page.click('#error-summary a[href="#name"]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'name');

    const email = `noscript.e2e.${Date.now()}@example.org`;
    await page.type('#name', 'Chien-Shiung Wu');
    await page.type('#email', email);
    await page.click('#role-physicist');
    await page.click('#commitment');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Thank you for pledging');
    const rows = await worker.rowsEventually<{ partner_id: string }>(`SELECT partner_id FROM pledges WHERE email = '${email}'`);
    assert.deepEqual(rows, [{ partner_id: 'sir' }]);
    await page.close();
  });
});
