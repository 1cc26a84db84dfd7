/**
 * The confirmation email end to end: pledge on a demo page in Chromium, read the email the
 * local Worker sent, open its link (which changes nothing by itself), press Confirm, and see
 * the coalition count rise on the partner's page.
 */
import { testPort } from '../support/ports.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { emailTo, htmlOfEmailTo } from '../support/mail.ts';
import { pledgeOnPage } from '../support/browser.ts';
import { startDemoStack, type DemoStack } from '../support/demo-stack.ts';
import type { LocalWorker } from '../support/local-worker.ts';
import { axeViolations } from '../support/axe.ts';

const DEMO_PORT = testPort(5176);
const WORKER_PORT = testPort(8792);

async function countOn(page: Page): Promise<number> {
  await page.locator('rhec-pledge >>> .count__total').wait();
  const text = await page.$eval('rhec-pledge', (el) => el.shadowRoot!.querySelector('.count__total')!.textContent!);
  return Number(text.replace(/[^\d]/g, ''));
}

describe('the confirmation email', () => {
  let stack: DemoStack;
  let worker: LocalWorker;
  let demo: DemoStack['demo'];
  let browser: Browser;

  before(async () => {
    stack = await startDemoStack({ demo: DEMO_PORT, worker: WORKER_PORT });
    ({ worker, demo, browser } = stack);
  });

  after(() => stack?.stop());

  it('arrives, and its link confirms the pledge only when the button is pressed; the count rises', async () => {
    // Five confirmed pledges already, so the widget shows the count (never a figure from 1 to 4).
    await worker.query(
      Array.from({ length: 5 }, (_, i) => `INSERT INTO pledges (id, partner_id, email, name, role, status, confirmed_at) VALUES ('seed-${i}', 'rsna', 'seed-${i}@example.org', 'Seed', 'nurse', 'confirmed', '2026-01-01T10:00:00Z');`)
        .concat(`UPDATE pledge_counts SET confirmed = (SELECT count(*) FROM pledges p WHERE p.partner_id = pledge_counts.partner_id AND p.status = 'confirmed');`)
        .join('\n'),
    );
    const page = await browser.newPage();
    await page.goto(`${demo.url}/rsna/`);
    const before = await countOn(page);
    assert.ok(before >= 5, `the count shows ${before}`);
    const address = `confirm.e2e.${Date.now()}@example.org`;
    await pledgeOnPage(page, { name: 'Lise Meitner', email: address, role: 'physicist' });

    const text = await emailTo(address);
    assert.match(text, /^Hello,\n/);
    assert.ok(!text.includes('Lise Meitner'), 'the email never echoes the name typed');
    const confirmUrl = text.match(/http:\/\/localhost:\d+\/confirm\?\S+/)?.[0];
    assert.ok(confirmUrl, 'the email has a confirm link');
    assert.equal(new URL(confirmUrl).origin, worker.url);

    const link = await browser.newPage();
    await link.goto(confirmUrl);
    assert.equal(await link.$eval('h1', (h) => h.textContent), 'Confirm your pledge');
    assert.deepEqual(await axeViolations(link), [], 'the confirm page passes axe');
    const pending = await worker.query<{ status: string }>(`SELECT status FROM pledges WHERE email = '${address}'`);
    assert.deepEqual(pending, [{ status: 'pending' }], 'opening the link changed nothing');

    await Promise.all([link.waitForNavigation(), link.locator('button[type="submit"]').click()]);
    assert.equal(await link.$eval('h1', (h) => h.textContent), 'Your pledge is confirmed');
    assert.deepEqual(await axeViolations(link), [], 'the confirmed page passes axe');
    const confirmed = await worker.query<{ status: string }>(`SELECT status FROM pledges WHERE email = '${address}'`);
    assert.deepEqual(confirmed, [{ status: 'confirmed' }]);

    await page.reload();
    assert.equal(await countOn(page), before + 1);
  });

  it('reads at 320 px in both languages, the longest society and labels included, with no sideways scroll', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/sir/`);
    const address = `confirm.narrow.${Date.now()}@example.org`;
    await pledgeOnPage(page, { name: 'Gertrude Elion', email: address, role: 'radiologist' });
    const text = await emailTo(address);
    const confirmUrl = new URL(text.match(/http:\/\/localhost:\d+\/confirm\?\S+/)![0]);
    // The page's details at their longest: a region and "Updates by email" ("Novedades por correo").
    await worker.query(`UPDATE pledges SET region = 'US-CA', updates = 1 WHERE email = '${address}'`);
    const link = await browser.newPage();
    await link.setViewport({ width: 320, height: 800 });
    for (const [lang, society] of [['en', 'Society of Interventional Radiology'], ['es', 'Society of Interventional Radiology']] as const) {
      confirmUrl.searchParams.set('lang', lang);
      await link.goto(confirmUrl.href);
      assert.match(await link.$eval('.confirming', (d) => d.textContent ?? ''), new RegExp(society));
      assert.equal(await link.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, `no sideways scroll at 320 px (${lang})`);
      const overflow = await link.$$eval('.confirming dd', (dds) => dds.filter((dd) => dd.getBoundingClientRect().right > innerWidth).map((dd) => dd.textContent));
      assert.deepEqual(overflow, [], `every detail inside the screen (${lang})`);
    }
    assert.deepEqual(await axeViolations(link), [], 'the Spanish confirm page passes axe at 320 px');
  });

  it('keeps its button a framed box in forced colours (Windows high contrast), where the fill is dropped', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/rsna/`);
    const address = `confirm.contrast.${Date.now()}@example.org`;
    await pledgeOnPage(page, { name: 'Chien-Shiung Wu', email: address, role: 'physicist' });
    await emailTo(address);
    const mail = await browser.newPage();
    await mail.emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }]);
    await mail.setContent(await htmlOfEmailTo(address));
    const look = await mail.$eval('main a[style*="inline-block"]', (a) => {
      const s = getComputedStyle(a);
      return { text: a.textContent, width: s.borderTopWidth, style: s.borderTopStyle, border: s.borderTopColor, page: getComputedStyle(a.closest('main')!).backgroundColor };
    });
    assert.equal(look.text, 'Confirm my pledge');
    assert.deepEqual([look.width, look.style], ['2px', 'solid'], JSON.stringify(look));
    assert.notEqual(look.border, look.page, 'the frame shows against the page');
  });
});
