/**
 * The public hosted pages in a dark system theme, in Chromium against a real local Worker: each
 * declares `color-scheme: light dark`, turns dark (its ground and its card, not only a light page
 * that axe passes trivially) and passes axe, in English and Spanish, with and without errors. The
 * same pages stay light in a light theme and print dark on white from a dark one; the QR poster (for printing)
 * and the admin's dashboard stay light. Screenshots in dark at 320 and 1280 px for a person to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { emailTo } from '../support/mail.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startLocalWorker, type LocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';

const WORKER_PORT = testPort(8841);
const SHOTS = new URL('../../screenshots/dark/', import.meta.url); // git-ignored, for a person to look at
mkdirSync(SHOTS, { recursive: true });

/** WCAG relative luminance of a computed `rgb(…)` colour. */
function luminance(colour: string): number {
  const [r, g, b] = colour.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** What the page declares and how it is drawn: its meta, its root's scheme, its ground's, card's and text's colours. */
async function look(page: Page) {
  return page.evaluate(() => ({
    meta: document.querySelector('meta[name="color-scheme"]')?.getAttribute('content') ?? null,
    scheme: getComputedStyle(document.documentElement).colorScheme,
    ground: getComputedStyle(document.body).backgroundColor,
    card: getComputedStyle(document.querySelector('.card') ?? document.body).backgroundColor,
    text: getComputedStyle(document.querySelector('.card') ?? document.body).color,
    // Each field a person types in or picks from, with its colours: drawn as the card is, not the browser's own.
    fields: [...document.querySelectorAll<HTMLElement>("input:not([type='hidden'], [type='radio'], [type='checkbox']), select, textarea")]
      .filter((f) => !f.closest('.hp')) // the honeypot, off screen and hidden from people
      .map((f) => `${f.localName}#${f.id}: ${getComputedStyle(f).backgroundColor} / ${getComputedStyle(f).color}`),
  }));
}

/** Which media the page is drawn for: a dark theme, paper. */
function media(page: Page) {
  return page.evaluate(() => ({ dark: matchMedia('(prefers-color-scheme: dark)').matches, print: matchMedia('print').matches }));
}

/** A GET in `lang`, whatever the address said. */
function inLang(url: string, lang: 'en' | 'es'): string {
  const u = new URL(url);
  u.searchParams.set('lang', lang);
  return u.href;
}

async function submit(page: Page, selector = 'button[type="submit"]') {
  await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
}

describe('the hosted pages in a dark system theme', () => {
  let worker: LocalWorker;
  let browser: Browser;
  let dark: Page;
  const address = `dark.e2e.${Date.now()}@example.org`;
  let confirmUrl = '';

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [] });
    browser = await launchChromium();
    dark = await browser.newPage();
    await dark.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    const res = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'rsna', name: 'Ada Lovelace', email: address, role: 'technologist', commitment: true, updates: true }),
    });
    assert.equal(res.status, 202);
    confirmUrl = (await emailTo(address, /\/confirm\?/)).match(/http:\/\/localhost:\d+\/confirm\?\S+/)![0];
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  /** The page now in `dark` declares both schemes, is drawn dark and passes axe. */
  async function assertDark(what: string) {
    const l = await look(dark);
    assert.equal(l.meta, 'light dark', `${what}: <meta name="color-scheme">`);
    assert.equal(l.scheme, 'light dark', `${what}: color-scheme`);
    assert.ok(luminance(l.ground) < 0.05, `${what}: a dark ground, not ${l.ground}`);
    assert.ok(luminance(l.card) < 0.05, `${what}: a dark card, not ${l.card}`);
    assert.ok(luminance(l.text) > 0.7, `${what}: light text, not ${l.text}`);
    for (const field of l.fields) assert.equal(field.replace(/^[^:]*: /, ''), `${l.card} / ${l.text}`, `${what}: ${field}, as the card`);
    assert.deepEqual(await axeViolations(dark), [], what);
  }

  async function shoot(name: string) {
    for (const width of [320, 1280]) {
      await dark.setViewport({ width, height: 900 });
      await dark.screenshot({ path: new URL(`${name}-${width}.png`, SHOTS).pathname as `${string}.png`, fullPage: true });
    }
    await dark.setViewport({ width: 800, height: 600 });
  }

  it('every public page with no token turns dark and passes axe, in both languages', async () => {
    for (const lang of ['en', 'es'] as const) {
      for (const path of ['/pledge', '/pledge?partner=rsna', '/impact', '/join', '/organizations', '/resources', '/about', '/no-such-page', '/unsubscribe?token=x', '/reminders?token=x', '/recommit?token=x', '/withdraw?token=x']) {
        await dark.goto(inLang(`${worker.url}${path}`, lang));
        await assertDark(`${path} (${lang})`);
      }
      // With errors: the summary, the fields in error, their messages.
      await dark.goto(`${worker.url}/pledge?lang=${lang}`);
      await submit(dark);
      assert.ok(await dark.$('#error-summary'), 'the pledge form shows its errors');
      await assertDark(`/pledge with errors (${lang})`);
      await dark.goto(`${worker.url}/join?lang=${lang}`);
      await submit(dark, 'form button[type="submit"]');
      await assertDark(`/join with errors (${lang})`);
    }
    await dark.goto(`${worker.url}/pledge?lang=en`);
    await shoot('pledge');
    await dark.goto(`${worker.url}/impact?lang=es`);
    await shoot('impact');
  });

  it("the pages a pledger's links open turn dark and pass axe, in both languages", async () => {
    for (const lang of ['es', 'en'] as const) {
      await dark.goto(inLang(confirmUrl, lang));
      await assertDark(`/confirm (${lang})`);
    }
    await shoot('confirm');
    await submit(dark);
    assert.equal(await dark.$eval('h1', (h) => h.textContent), 'Your pledge is confirmed');
    await assertDark('/confirm, confirmed (en)');
    await shoot('confirmed');
    const links = await dark.evaluate(() => ({
      actions: document.querySelector<HTMLAnchorElement>('a[href*="/actions?"]')!.href,
      preferences: document.querySelector<HTMLAnchorElement>('a[href*="/preferences?"]')!.href,
      withdraw: document.querySelector<HTMLAnchorElement>('a[href*="/withdraw?"]')!.href,
    }));
    for (const lang of ['en', 'es'] as const) {
      for (const [name, url] of Object.entries(links)) {
        await dark.goto(inLang(url, lang));
        await assertDark(`/${name} (${lang})`);
      }
      await dark.goto(inLang(links.actions, lang));
      await submit(dark);
      assert.ok(await dark.$('#error-summary'), 'the action form shows its error');
      await assertDark(`/actions with errors (${lang})`);
    }
    await dark.goto(inLang(links.actions, 'en'));
    await shoot('actions');
    await dark.goto(inLang(links.preferences, 'en'));
    await shoot('preferences');
  });

  it('stays light in a light theme, and prints dark text on white from a dark one', async () => {
    const light = await browser.newPage();
    await light.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await light.goto(`${worker.url}/impact?lang=en`);
    const l = await look(light);
    assert.ok(luminance(l.ground) > 0.8 && luminance(l.card) > 0.9 && luminance(l.text) < 0.05, JSON.stringify(l));
    await light.close();

    // Print and the dark theme at once: Puppeteer's emulateMediaType and emulateMediaFeatures each
    // reset the other (one CDP call, Emulation.setEmulatedMedia), so both are set in one call here.
    const cdp = await dark.createCDPSession();
    await cdp.send('Emulation.setEmulatedMedia', { media: 'print', features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
    for (const path of ['/impact?lang=en', '/pledge?lang=es']) {
      await dark.goto(`${worker.url}${path}`);
      assert.deepEqual(await media(dark), { dark: true, print: true }, path);
      const p = await look(dark);
      assert.ok(luminance(p.text) < 0.05, `${path} prints dark text: ${JSON.stringify(p)}`);
      assert.ok(luminance(p.ground) > 0.9 && luminance(p.card) > 0.9, `${path} prints on white: ${JSON.stringify(p)}`);
    }
    await cdp.detach(); // its emulation with it: the page is back on the screen, and dark again below
    await dark.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  });

  it('the QR poster, for printing, and the dashboard stay light', async () => {
    await dark.goto(`${worker.url}/poster?partner=rsna&source=booth-2026&lang=en`);
    assert.deepEqual(await media(dark), { dark: true, print: false }, 'seen in a dark theme');
    const poster = await dark.evaluate(() => ({
      ground: getComputedStyle(document.documentElement).backgroundColor,
      scheme: getComputedStyle(document.documentElement).colorScheme,
    }));
    assert.ok(luminance(poster.ground) > 0.8, `the poster's ground: ${JSON.stringify(poster)}`);
    assert.notEqual(poster.scheme, 'light dark');
    await dark.goto(`${worker.url}/admin?lang=es`);
    const admin = await look(dark);
    assert.equal(admin.meta, 'light');
    assert.ok(luminance(admin.ground) > 0.8 && luminance(admin.card) > 0.9, `the dashboard's sign-in: ${JSON.stringify(admin)}`);
    assert.deepEqual(await axeViolations(dark), []);
  });
});
