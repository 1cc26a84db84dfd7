/**
 * The admin's pages in Spanish mark each English society name `lang="en"` (WCAG 3.1.2, language of
 * parts), as the public pages do: a Spanish screen reader then says "American College of Radiology"
 * in English instead of reading it with Spanish sounds. Checked in Chromium against a real local
 * Worker, signed in, with a flagged pledge from a source (the flagged and sources tables' society columns) and every list,
 * table, checkbox and option that names a society: /admin (partners, posters, flagged), /admin/updates,
 * /admin/resources.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { SOCIETIES } from '../../src/content/coalition.ts';
import { launchChromium } from '../support/browser.ts';
import { startLocalWorker, TEST_ADMIN_TOKEN, type LocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';

const WORKER_PORT = testPort(8871);

/** Each text (or option) on the page naming a society whose nearest `lang` is not `en`. */
function unmarked(page: Page): Promise<string[]> {
  return page.evaluate((names) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      if (el.closest('script, style') || !names.some((name) => n!.textContent!.includes(name))) continue;
      if (el.closest('[lang]')?.getAttribute('lang') !== 'en') out.push(`${el.localName}: ${n.textContent!.trim()}`);
    }
    return out;
  }, SOCIETIES.map((s) => s.name));
}

describe("the admin's pages in Spanish", () => {
  let worker: LocalWorker;
  let browser: Browser;
  let page: Page;

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [] });
    browser = await launchChromium();
    page = await browser.newPage();
    const email = `names.${Date.now()}@example.org`;
    const bot = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'acr', name: 'Night Shift', email, role: 'nurse', commitment: true, website: 'x', source: 'lobby' }),
    });
    assert.equal(bot.status, 202);
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE flagged = 1 AND email = '${email}'`);
    await page.goto(`${worker.url}/admin?lang=es`);
    await page.type('#token', TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForNavigation(), page.locator('button[type="submit"]').click()]);
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('mark every society name lang="en"', async () => {
    for (const path of ['/admin', '/admin/updates', '/admin/resources']) {
      await page.goto(`${worker.url}${path}?lang=es`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'es', path);
      const names = await page.evaluate((names) => names.filter((n) => document.body.textContent!.includes(n)).length, SOCIETIES.map((s) => s.name));
      assert.ok(names > 0, `${path} names the societies`);
      assert.deepEqual(await unmarked(page), [], path);
    }
    // The flagged pledge's society, in its table.
    await page.goto(`${worker.url}/admin?lang=es`);
    assert.equal(await page.$eval('#flagged', (s) => s.querySelector('td[lang="en"], td [lang="en"]')?.textContent), 'American College of Radiology');
    // And in the sources' table (shown once a pledge carries a `source`).
    assert.equal(await page.$eval('#sources-caption', (c) => c.closest('table')!.querySelector('tbody th [lang="en"]')?.textContent), 'American College of Radiology');
  });
});
