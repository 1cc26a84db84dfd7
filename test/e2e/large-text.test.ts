/**
 * The hosted pages on a 320 px phone whose reader set the browser's text size to 200 % (32 px),
 * in forced colours, in Chromium against a real local Worker: no page scrolls sideways and no
 * word runs out of its card (a long word, "¿Aproximadamente", "Compromisos", "Massachusetts", at
 * 32 px is wider than the card there, so it wraps rather than being cut off). At an ordinary text
 * size the same words are never broken. Screenshots at 320 px for a person to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { emailTo } from '../support/mail.ts';
import { startLocalWorker, type LocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';

const WORKER_PORT = testPort(8851);
const SHOTS = new URL('../../screenshots/large-text/', import.meta.url); // git-ignored, for a person to look at
mkdirSync(SHOTS, { recursive: true });

/** How wide the page is, and each element drawn past the viewport's right edge (the honeypot, off screen on purpose, aside). */
function fit(page: Page) {
  return page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    past: [...document.querySelectorAll<HTMLElement>('.card *')]
      .filter((e) => !e.closest('.hp') && e.getBoundingClientRect().right > innerWidth + 0.5)
      .map((e) => `${e.localName}: ${(e.textContent ?? '').trim().slice(0, 40)}`)
      .slice(0, 5),
  }));
}

describe('the hosted pages at 320 px with 200 % text', () => {
  let worker: LocalWorker;
  let browser: Browser;
  let links: string[] = [];

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [] });
    browser = await launchChromium();
    const address = `large.e2e.${Date.now()}@example.org`;
    const res = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'rsna', name: 'Ada Lovelace', email: address, role: 'technologist', commitment: true, updates: true }),
    });
    assert.equal(res.status, 202);
    // The confirmation email's links: confirm, preferences, withdraw.
    links = [...(await emailTo(address, /\/confirm\?/)).matchAll(/http:\/\/localhost:\d+\/(?:confirm|preferences|withdraw)\?\S+/g)].map((m) => m[0]);
    assert.equal(links.length, 3);
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('no page scrolls sideways and no word runs out of its card, in English and Spanish, in forced colours', async () => {
    const page = await browser.newPage();
    await (await page.createCDPSession()).send('Page.setFontSizes', { fontSizes: { standard: 32 } });
    await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }, { name: 'prefers-reduced-motion', value: 'reduce' }]);
    await page.setViewport({ width: 320, height: 800 });
    const problems: string[] = [];
    for (const lang of ['en', 'es'] as const) {
      const paths = ['/pledge?partner=rsna', '/impact', '/join', '/organizations', '/resources', '/about', '/unsubscribe?token=x', '/no-such-page', '/poster?partner=rsna'];
      for (const href of [...paths.map((p) => `${worker.url}${p}`), ...links]) {
        const url = new URL(href);
        url.searchParams.set('lang', lang);
        await page.goto(url.href);
        const f = await fit(page);
        if (f.page > 320 || f.past.length) problems.push(`${url.pathname} (${lang}) is ${f.page}px wide: ${f.past.join(' | ')}`);
      }
    }
    // The pages with the longest words, for a person to look at.
    for (const [name, path] of [['impact-es', '/impact?lang=es'], ['join-es', '/join?lang=es']]) {
      await page.goto(`${worker.url}${path}`);
      await page.screenshot({ path: new URL(`${name}-320.png`, SHOTS).pathname as `${string}.png`, fullPage: true });
    }
    assert.deepEqual(problems, []);
    // /impact's tables, drawn one row under another there, are still tables to a screen reader: a row's name, then its figure.
    await page.goto(`${worker.url}/impact?lang=es`);
    const roles: string[] = [];
    (function walk(node: { role: string; name?: string; children?: unknown[] } | null) {
      if (node && ['rowheader', 'cell'].includes(node.role) && roles.length < 2) roles.push(`${node.role}: ${node.name}`);
      for (const child of node?.children ?? []) walk(child as typeof node);
    })(await page.accessibility.snapshot({ interestingOnly: false }));
    assert.deepEqual(roles, ['rowheader: American Board of Radiology', 'cell: no se muestra']);
    const stacked = await page.$$eval('.bars tbody tr', (trs) => trs.every((tr) => tr.querySelector('td')!.getBoundingClientRect().top >= tr.querySelector('th')!.getBoundingClientRect().bottom - 0.5));
    assert.ok(stacked, "each row's figure sits under its name, not in a column too narrow for its words");
    assert.deepEqual(await axeViolations(page), [], '/join (es) at 320 px with 200 % text');
    await page.close();
  });

  it('on the hosted pledge page with no society in its link, every society is named whole at 320 px, in English and Spanish', async () => {
    // A closed <select> cannot wrap: its chosen society ("American College of Radiology") was cut off under its arrow.
    const page = await browser.newPage();
    await page.setViewport({ width: 320, height: 800 });
    for (const lang of ['en', 'es']) {
      await page.goto(`${worker.url}/pledge?lang=${lang}`);
      const societies = await page.$$eval('input[name="partner"]', (inputs) =>
        inputs.map((input) => {
          const label = document.querySelector<HTMLElement>(`label[for="${input.id}"]`)!;
          return { type: (input as HTMLInputElement).type, whole: label.scrollWidth <= label.clientWidth && label.getBoundingClientRect().right <= innerWidth };
        }));
      assert.equal(societies.length, 7, `${lang}: the seven societies to choose from`);
      assert.deepEqual(societies.filter((x) => x.type !== 'radio' || !x.whole), [], `${lang}: each society a radio button, its name whole`);
    }
    await page.close();
  });

  it("a hosted page's title starts at its card's top: no browser margin above an h1 (the widget's styles have no h1 rule)", async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 320, height: 800 });
    for (const path of ['/pledge?lang=es', '/pledge?partner=rsna', '/impact', '/about', '/resources', '/join', '/no-such-page']) {
      await page.goto(`${worker.url}${path}`);
      const margins = await page.$$eval('h1', (hs) => hs.map((h) => getComputedStyle(h).marginTop));
      assert.ok(margins.length, `${path}: has an h1`);
      assert.deepEqual(margins, margins.map(() => '0px'), `${path}: no margin above its h1`);
    }
    await page.close();
  });

  it('at an ordinary text size a word is never broken inside (the wrapping is for text too large for its card)', async () => {
    const page = await browser.newPage();
    for (const [width, standard] of [[320, 16], [640, 32]] as const) {
      await (await page.createCDPSession()).send('Page.setFontSizes', { fontSizes: { standard } });
      await page.setViewport({ width, height: 800 });
      for (const path of ['/impact?lang=es', '/join?lang=es']) {
        await page.goto(`${worker.url}${path}`);
        const wrap = await page.$$eval('th, legend', (els) => [...new Set(els.map((e) => getComputedStyle(e).overflowWrap))]);
        assert.ok(!wrap.includes('anywhere'), `${path} at ${width} px with ${standard} px text: ${wrap}`);
      }
    }
    await page.close();
  });
});
