/**
 * After the pledge, in Chromium against a real local Worker (with the example resources
 * `npm run db:local` loads): the confirmed page shows the role's next steps and "Tell us what
 * you did"; the action page logs an action on POST only; the Cron's yearly recommitment email
 * arrives and its page renews the pledge. Every page passes axe.
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

const WORKER_PORT = testPort(8794);
const SHOTS = new URL('../../screenshots/after-the-pledge/', import.meta.url); // git-ignored, for a person to look at
mkdirSync(SHOTS, { recursive: true });

async function submit(page: Page, selector = 'button[type="submit"]') {
  await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
}

describe('after the pledge', () => {
  let worker: LocalWorker;
  let browser: Browser;

  /** A technologist's pledge from a new address (accepted, not yet confirmed): its address. */
  async function newPledge(): Promise<string> {
    const address = `after.e2e.${crypto.randomUUID()}@example.org`;
    const res = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'rsna', name: 'Grace Hopper', email: address, role: 'technologist', commitment: true, updates: true }),
    });
    assert.equal(res.status, 202);
    return address;
  }

  /** A new address's pledge, made and confirmed from its email as its pledger does: each test its own, so each runs alone too. */
  async function confirmedPledge(): Promise<string> {
    const address = await newPledge();
    const page = await browser.newPage();
    await page.goto((await emailTo(address, /\/confirm\?/)).match(/http:\/\/localhost:\d+\/confirm\?\S+/)![0]);
    await submit(page);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Your pledge is confirmed');
    await page.close();
    return address;
  }

  /** Its confirmation a year and two days ago: the next Cron run sends the yearly recommitment. */
  const aYearAgo = (address: string) =>
    worker.query(`UPDATE pledges SET confirmed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-367 days') WHERE email = '${address}'`);

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [] });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('shows a technologist three next steps once confirmed, and logs the action they report', async () => {
    const address = await newPledge();
    const confirmEmail = await emailTo(address, /\/confirm\?/);
    assert.match(confirmEmail, /Your next steps\n1\. \[Example\] Review who misses screening in your practice: https:\/\/example\.org\//, 'the email lists the steps');
    const confirmUrl = confirmEmail.match(/http:\/\/localhost:\d+\/confirm\?\S+/)![0];

    const page = await browser.newPage();
    await page.goto(confirmUrl);
    await submit(page);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Your pledge is confirmed');
    const steps = await page.$$eval('.next-steps .steps li > a', (as) => as.map((a) => a.textContent));
    assert.deepEqual(steps, [
      '[Example] Review who misses screening in your practice',
      '[Example] Offer interpreter services at every imaging visit',
      '[Example] Audit your dose protocols for patients of every body size',
    ]);
    // The pledger's own ways to change their mind, on the page too (not only in the email).
    assert.deepEqual(await page.$$eval('.manage li > a', (as) => as.map((a) => a.textContent)), ['Email preferences', 'Withdraw my pledge']);
    assert.deepEqual(await axeViolations(page), [], 'the confirmed page with its steps passes axe');

    await Promise.all([page.waitForNavigation(), page.locator('a ::-p-text(Tell us what you did)').click()]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Tell us what you did');
    assert.deepEqual(await axeViolations(page), [], 'the action page passes axe');
    assert.deepEqual(await worker.query('SELECT id FROM pledge_actions'), [], 'opening the page logged nothing');

    await submit(page); // nothing chosen: a GOV.UK error, focusable from the summary
    assert.equal(await page.$eval('#error-summary a', (a) => a.textContent), 'Choose what you did');
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary', { timeout: 2_000 });
    assert.deepEqual(await axeViolations(page), [], 'the action page with errors passes axe');

    // By keyboard: the summary's link takes focus to the first choice; arrows move between radios.
    await page.focus('#error-summary a');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.type('#note', 'Reviewed our interpreter booking with the front desk');
    await submit(page);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Thank you: your action is counted');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(await worker.query('SELECT kind FROM pledge_actions'), [{ kind: 'language' }]);
    // One action is counted, and, as every public count from 1 to 4, published as null ("fewer than 5").
    const stats = (await (await fetch(`${worker.url}/api/stats`)).json()) as { actions: number | null };
    assert.equal(stats.actions, null);
  });

  it('reads the Spanish action page to a screen reader as it looks, and draws a missing note as an error', async () => {
    const address = await newPledge();
    const page = await browser.newPage();
    await page.setViewport({ width: 320, height: 640 });
    await page.goto((await emailTo(address, /\/confirm\?/)).match(/http:\/\/localhost:\d+\/confirm\?\S+/)![0]);
    await submit(page);
    await submit(page, 'a.button--secondary'); // Tell us what you did
    await submit(page, '.lang-switch a'); // Español
    assert.equal(await page.title(), 'Cuéntenos qué hizo · Radiology Health Equity Coalition');
    // What a screen reader is given: the choices as one group named by its question, the note's hint as its description.
    const cdp = await page.createCDPSession();
    type AXNode = { role?: { value: string }; name?: { value: string }; description?: { value: string }; properties?: { name: string; value: { value: unknown } }[] };
    const tree = async () => ((await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] }).nodes;
    const named = (nodes: AXNode[], role: string) => nodes.filter((n) => n.role?.value === role).map((n) => [n.name?.value ?? '', n.description?.value ?? '']);
    let nodes = await tree();
    assert.deepEqual(named(nodes, 'heading'), [['Cuéntenos qué hizo', '']]);
    assert.deepEqual(named(nodes, 'group').find(([name]) => name === '¿Qué hizo?'), ['¿Qué hizo?', '']);
    assert.equal(named(nodes, 'radio').length, 5);
    assert.deepEqual(named(nodes, 'textbox')[0]![1], 'Si eligió «Otra cosa», cuente en pocas palabras qué hizo. No incluya nada que identifique a un paciente.');

    // "Something else" with no note: the summary takes focus, the note carries its error.
    await page.click('#kind-other');
    await submit(page);
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary', { timeout: 2_000 });
    assert.equal(await page.title(), 'Error: Cuéntenos qué hizo · Radiology Health Equity Coalition');
    nodes = await tree();
    const note = nodes.find((n) => n.role?.value === 'textbox')!;
    assert.match(note.description?.value ?? '', /Error: Cuente en pocas palabras qué hizo, ya que eligió «Otra cosa»$/);
    assert.ok(note.properties?.some((p) => p.name === 'invalid' && p.value.value === 'true'), 'the note is marked invalid');
    assert.equal(await page.$eval('#kind-other', (r) => (r as HTMLInputElement).checked), true, 'the choice is kept');
    assert.deepEqual(await axeViolations(page), []);
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 320, 'fits 320 px');
    // Drawn as every field in error is: its border in the error colour (its message's), not the usual grey.
    const [border, error] = await page.$eval('#note', (t) => [getComputedStyle(t).borderTopColor, getComputedStyle(t.parentElement!.querySelector('.error-message')!).color]);
    assert.equal(border, error, 'the note in error has the error colour');
    // The summary's link takes focus to the note, by keyboard.
    await page.focus('#error-summary a');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'note');
    await page.close();
  });

  it('sends the yearly recommitment from the Cron, once, and renews the pledge from its page', async () => {
    const address = await confirmedPledge();
    await aYearAgo(address);
    for (let i = 0; i < 2; i++) assert.equal((await fetch(`${worker.url}/cdn-cgi/handler/scheduled`)).status, 200);
    const email = await emailTo(address, /\/recommit\?/);
    assert.match(email, /A year ago you pledged/);
    const rows = await worker.query(`SELECT o.id FROM email_outbox o JOIN pledges p ON p.id = o.pledge_id WHERE p.email = '${address}' AND o.kind = 'recommit'`);
    assert.equal(rows.length, 1, 'two Cron runs, one recommitment');

    const page = await browser.newPage();
    await page.goto(email.match(/http:\/\/localhost:\d+\/recommit\?\S+/)![0]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Renew your pledge');
    assert.deepEqual(await axeViolations(page), [], 'the recommit page passes axe');
    // On a phone the commitment's bar lines up with the text above it, as the widget's does: the
    // blockquote's own 40 px indents squeezed the commitment into two thirds of a 320 px screen.
    await page.setViewport({ width: 320, height: 640 });
    const edges = await page.$eval('blockquote.commitment', (q) => ({
      quote: [q.getBoundingClientRect().left, q.getBoundingClientRect().right],
      text: [q.previousElementSibling!.getBoundingClientRect().left, q.previousElementSibling!.getBoundingClientRect().right],
    }));
    assert.deepEqual(edges.quote, edges.text, 'the commitment spans the width the paragraph above it does');
    await page.screenshot({ path: new URL('recommit-320.png', SHOTS).pathname as `${string}.png`, fullPage: true });
    assert.deepEqual(await worker.query(`SELECT recommitted_at FROM pledges WHERE email = '${address}'`), [{ recommitted_at: null }]);
    await submit(page);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Thank you for renewing your pledge');
    assert.deepEqual(await axeViolations(page), []);
    const [row] = await worker.query<{ recommitted_at: string | null }>(`SELECT recommitted_at FROM pledges WHERE email = '${address}'`);
    assert.ok(row?.recommitted_at, 'renewed');
  });

  it("stops the yearly reminder from the email's own link, by keyboard, and shows the choice on the preferences page", async () => {
    const address = await confirmedPledge();
    await aYearAgo(address);
    assert.equal((await fetch(`${worker.url}/cdn-cgi/handler/scheduled`)).status, 200);
    const email = await emailTo(address, /\/reminders\?/);
    assert.match(email, /Stop this yearly reminder/);
    const page = await browser.newPage();
    await page.setViewport({ width: 320, height: 640 });
    await page.goto(email.match(/http:\/\/localhost:\d+\/reminders\?[^\s>]+/)![0]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Stop the yearly reminder');
    assert.deepEqual(await axeViolations(page), [], 'the reminders page passes axe');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 320, 'fits 320 px');
    await page.screenshot({ path: new URL('reminders-320.png', SHOTS).pathname as `${string}.png`, fullPage: true });
    // By keyboard: Tab to the button (past the language switch), Enter.
    let focused = '';
    for (let i = 0; i < 5 && focused !== 'BUTTON'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.tagName ?? '');
    }
    assert.equal(focused, 'BUTTON');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'The yearly reminder is off');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(await worker.query(`SELECT reminders, status FROM pledges WHERE email = '${address}'`), [{ reminders: 0, status: 'confirmed' }]);
    // Its way back on: the preferences page, where the choice shows as made.
    await submit(page, 'a[href*="/preferences?"]');
    assert.equal(await page.$eval('#reminders-no', (r) => (r as HTMLInputElement).checked), true);
    assert.deepEqual(await axeViolations(page), [], 'the preferences page passes axe');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 320, 'preferences fit 320 px');
    await page.screenshot({ path: new URL('preferences-320.png', SHOTS).pathname as `${string}.png`, fullPage: true });
  });

  it("sets the withdrawal page's line about fewer emails apart from its button, at 320 px, in both languages", async () => {
    const address = await confirmedPledge();
    const withdrawUrl = (await emailTo(address, /\/withdraw\?/)).match(/http:\/\/localhost:\d+\/withdraw\?\S+/)![0];
    const page = await browser.newPage();
    await page.setViewport({ width: 320, height: 640 });
    for (const lang of ['en', 'es']) {
      await page.goto(withdrawUrl.replace(/lang=en/, `lang=${lang}`));
      assert.equal(await page.$eval('html', (h) => h.lang), lang);
      // The paragraph right after the button's form: it sat flush against the button (0 px), read as the button's caption.
      const gap = await page.$eval('form[action="/withdraw"]', (form) => form.nextElementSibling!.getBoundingClientRect().top - form.querySelector('button')!.getBoundingClientRect().bottom);
      assert.ok(gap >= 12, `${lang}: ${gap} px between the button and the line after it`);
      assert.deepEqual(await axeViolations(page), [], `${lang}: the withdrawal page passes axe`);
      await page.screenshot({ path: new URL(`withdraw-${lang}-320.png`, SHOTS).pathname as `${string}.png`, fullPage: true });
    }
    await page.close();
  });
});

describe('the dashboard\u2019s resources section', () => {
  let worker: LocalWorker;
  let browser: Browser;

  before(async () => {
    worker = await startLocalWorker({ port: testPort(8795), origins: [] });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('lists the example resources, adds one from the form and passes axe, with and without errors', async () => {
    const page = await browser.newPage();
    await page.goto(`${worker.url}/admin`);
    await page.type('#token', TEST_ADMIN_TOKEN);
    await submit(page);
    await Promise.all([page.waitForNavigation(), page.locator('a ::-p-text(Resources and outcomes)').click()]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Resources and outcomes');
    assert.ok((await page.$$('tbody tr')).length >= 12, 'the example resources are listed');
    assert.deepEqual(await axeViolations(page), []);

    await page.type('#r-title', 'A new toolkit');
    await submit(page, 'form.resource-form button[type="submit"]');
    assert.match(await page.$eval('#error-summary', (e) => e.textContent ?? ''), /Enter the address/);
    assert.deepEqual(await axeViolations(page), [], 'with errors');
    await page.type('#r-url', 'https://www.acr.org/new-toolkit');
    await page.type('#r-summary', 'New.');
    await page.click('#r-roles-physicist');
    await submit(page, 'form.resource-form button[type="submit"]');
    assert.match(await page.$eval('[role="status"]', (e) => e.textContent ?? ''), /Saved: A new toolkit/);
    const api = (await (await fetch(`${worker.url}/api/resources?role=physicist`)).json()) as { resources: { title: string }[] };
    assert.ok(api.resources.some((r) => r.title === 'A new toolkit'));
  });
});
