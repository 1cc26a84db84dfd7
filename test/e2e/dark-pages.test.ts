/**
 * The public hosted pages in a dark system theme, in Chromium against a real local Worker: each
 * declares `color-scheme: light dark`, turns dark (its ground and its card, not only a light page
 * that axe passes trivially) and passes axe, in English and Spanish, with and without errors. The
 * same pages stay light in a light theme and print dark on white from a dark one; the QR poster (for printing)
 * stays light. The admin's pages (sign-in, dashboard, updates, resources, organizations, their checks) turn
 * dark too, signed in and with data; an email's preview among them stays light, framed. Screenshots in dark at 320 and 1280 px for a person to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { emailTo } from '../support/mail.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startLocalWorker, TEST_ADMIN_TOKEN, type LocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';

const WORKER_PORT = testPort(8841);
const SHOTS = new URL('../../screenshots/dark/', import.meta.url); // git-ignored, for a person to look at
mkdirSync(SHOTS, { recursive: true });

/** WCAG relative luminance of a computed `rgb(…)` colour. */
function luminance(colour: string): number {
  const [r, g, b] = colour.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two computed colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
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

  it('the QR poster, for printing, stays light', async () => {
    await dark.goto(`${worker.url}/poster?partner=rsna&source=booth-2026&lang=en`);
    assert.deepEqual(await media(dark), { dark: true, print: false }, 'seen in a dark theme');
    const poster = await dark.evaluate(() => ({
      ground: getComputedStyle(document.documentElement).backgroundColor,
      scheme: getComputedStyle(document.documentElement).colorScheme,
    }));
    assert.ok(luminance(poster.ground) > 0.8, `the poster's ground: ${JSON.stringify(poster)}`);
    assert.notEqual(poster.scheme, 'light dark');
  });

  it('every admin page, signed in and with data (badges, tables, charts, a draft and its preview), turns dark and passes axe, in both languages', async () => {
    const tag = Date.now();
    // A flagged pledge (the honeypot filled), and two organizations' requests: one confirmed by its
    // contact at its own domain ("verified"), one not, from another domain ("not verified").
    const bot = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'acr', name: 'Night Shift', email: `night.${tag}@example.org`, role: 'nurse', commitment: true, website: 'x' }),
    });
    assert.equal(bot.status, 202);
    // A pledge waiting for its confirmation: the charts' pending bars.
    const waiting = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'acr', name: 'Late Shift', email: `late.${tag}@example.org`, role: 'nurse', commitment: true }),
    });
    assert.equal(waiting.status, 202);
    for (const [name, contact] of [[`Dusk Radiology ${tag}`, `dusk.${tag}@dusk-${tag}.org`], [`Dawn Imaging ${tag}`, `dawn.${tag}@example.org`]] as const) {
      const asked = await fetch(`${worker.url}/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name, type: 'practice', website: `https://${name.split(' ')[0]!.toLowerCase()}-${tag}.org`, 'contact.name': 'Ada Lovelace', 'contact.email': contact, commitment: 'yes', lang: 'en' }).toString(),
        redirect: 'manual',
      });
      assert.equal(asked.status, 303);
    }
    await dark.goto((await emailTo(`dusk.${tag}@dusk-${tag}.org`, /\/join\/confirm\?/)).match(/http:\/\/localhost:\d+\/join\/confirm\?\S+/)![0]);
    await submit(dark);
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE flagged = 1 AND email = 'night.${tag}@example.org'`);
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE email = 'late.${tag}@example.org'`);

    // Signing in: the form, and the form with its error.
    for (const lang of ['en', 'es'] as const) {
      await dark.goto(`${worker.url}/admin?lang=${lang}`);
      await assertDark(`/admin, sign-in (${lang})`);
      await dark.type('#token', 'not-the-token');
      await submit(dark);
      assert.ok(await dark.$('#error-summary'), 'the sign-in shows its error');
      await assertDark(`/admin, sign-in with errors (${lang})`);
    }
    await dark.type('#token', TEST_ADMIN_TOKEN);
    await submit(dark);

    // An update's draft, so the updates list has a row and its page a preview.
    await dark.goto(`${worker.url}/admin/updates?lang=en`);
    await submit(dark, 'form[action="/admin/updates"] button[type="submit"]');
    assert.ok(await dark.$('#error-summary, .error-summary'), 'an empty update shows its errors');
    await assertDark('/admin/updates with errors (en)');
    await dark.type('#subject_en', `Night news ${tag}`);
    await dark.type('#body_en', '# What we did\n\nWe **met**.');
    await dark.type('#subject_es', `Noticias ${tag}`);
    await dark.type('#body_es', '# Lo que hicimos\n\nNos **reunimos**.');
    await submit(dark, 'form[action="/admin/updates"] button[type="submit"]');
    const draft = new URL(dark.url()).pathname;
    assert.match(draft, /^\/admin\/updates\/[^/]+$/);

    for (const lang of ['en', 'es'] as const) {
      for (const path of ['/admin', '/admin/updates', draft, `${draft}/edit`, '/admin/resources', '/admin/organizations']) {
        await dark.goto(`${worker.url}${path}?lang=${lang}`);
        await assertDark(`${path} (${lang})`);
      }
      // A check before a change: erasing the flagged pledge, disabling a society, removing a request, discarding the draft.
      for (const [path, button] of [
        ['/admin', '#flagged form:has(input[value="erase"]) button'],
        ['/admin', '#partners form:has(input[value="disable"]) button'],
        ['/admin/organizations', 'form[action$="/remove"] button'],
        [draft, 'form[action$="/cancel"] button'],
      ]) {
        await dark.goto(`${worker.url}${path}?lang=${lang}`);
        await submit(dark, button);
        assert.ok(await dark.$('form input[name="confirm"]'), `${button}: a check page`);
        await assertDark(`the check from ${path}, ${button} (${lang})`);
      }
    }
    // What has to be seen: the dashboard's figures, charts and flagged table, the request's badges, the draft's preview.
    await dark.goto(`${worker.url}/admin?lang=en`);
    assert.ok(await dark.$('.totals li') && await dark.$('#flagged tbody tr'), 'the dashboard with data');
    assert.ok(await dark.$$eval('.chart svg rect.b', (r) => r.some((x) => Number(x.getAttribute('width')) > 0)), 'a pending bar');
    // A graphic's part is seen against what it sits on (WCAG 1.4.11: 3:1): the pending bar's outline and its legend's square.
    const pending = await dark.$eval('.chart', (chart) => ({
      bar: getComputedStyle(chart.querySelector('rect.b')!).stroke,
      legend: getComputedStyle(document.querySelector('.legend .p')!).borderTopColor,
      legendBorder: getComputedStyle(document.querySelector('.legend .p')!).borderTopStyle,
      card: getComputedStyle(chart.closest('.card')!).backgroundColor,
    }));
    assert.ok(pending.bar.startsWith('rgb') && pending.legendBorder === 'solid' && contrast(pending.bar, pending.card) >= 3 && contrast(pending.legend, pending.card) >= 3, `the pending bar seen on the card: ${JSON.stringify(pending)}`);
    await shoot('admin');
    await dark.goto(`${worker.url}/admin/organizations?lang=es`);
    assert.ok(await dark.$('.request .badge--ok') && await dark.$('.request .badge--warn'), 'requests with their badges');
    await shoot('admin-organizations');
    await dark.goto(`${worker.url}${draft}?lang=en`);
    const frame = await dark.$eval('iframe.preview', (f) => ({
      scheme: getComputedStyle(f).colorScheme,
      background: getComputedStyle(f).backgroundColor,
      border: getComputedStyle(f).borderTopColor,
      card: getComputedStyle(f.closest('.card')!).backgroundColor,
    }));
    assert.equal(frame.scheme, 'light', `an email's preview stays light, as emails are: ${JSON.stringify(frame)}`);
    assert.ok(luminance(frame.background) > 0.9, `on white: ${JSON.stringify(frame)}`);
    assert.ok(contrast(frame.border, frame.card) >= 3 && contrast(frame.border, frame.background) >= 2, `framed, the frame seen against the card and the email: ${JSON.stringify(frame)}`);
    await shoot('admin-update');

    // A draft whose session ended while it was written: the sign-in that says so, then the draft kept.
    await dark.goto(`${worker.url}${draft}/edit?lang=es`);
    await dark.deleteCookie(...(await dark.cookies()));
    await submit(dark, `form[action="${draft}/edit"] button[type="submit"]`);
    assert.ok(await dark.$('input[name="then"]'), 'the sign-in carries the draft');
    await assertDark('/admin, sign-in after the session ended (es)');
    await dark.type('#token', TEST_ADMIN_TOKEN);
    await submit(dark);
    await assertDark('the kept draft (es)');

    // On paper: dark text on white, from a dark theme.
    const cdp = await dark.createCDPSession();
    await cdp.send('Emulation.setEmulatedMedia', { media: 'print', features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
    await dark.goto(`${worker.url}/admin?lang=en`);
    assert.deepEqual(await media(dark), { dark: true, print: true });
    const p = await look(dark);
    assert.ok(luminance(p.text) < 0.05 && luminance(p.ground) > 0.9 && luminance(p.card) > 0.9, `the dashboard prints dark on white: ${JSON.stringify(p)}`);
    await cdp.detach();
    await dark.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  });
});
