/**
 * Kiosk mode (issue 16) in Chromium, with the built drop-in script served by a real local
 * Worker: pledges made offline or while the service is unreachable wait in IndexedDB, survive
 * a reload, and are stored exactly once when the connection returns; and a reset for the next
 * person leaves nothing of the last one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { axeViolations } from '../support/axe.ts';
import { inWidget, launchChromium } from '../support/browser.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.ts';
import { startLocalWorker, type LocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';
import { serveTestPages } from '../support/static-pages.ts';
import { SAFARI_15_0 } from '../support/older-safari.ts';

const PAGE_PORT = testPort(5192);
const WORKER_PORT = testPort(8812);

function kioskPage(worker: string, attrs = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Booth</title></head>
  <body><main><h1>RSNA booth</h1>
  <script src="${worker}/rhec-pledge.js" async></script>
  <rhec-pledge partner="rsna" kiosk source="booth-2026" ${attrs}></rhec-pledge></main></body></html>`;
}

async function kioskReady(page: Page) {
  await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status'), { timeout: 15_000 });
}

const statusText = (page: Page) => inWidget<string>(page, "root.querySelector('.kiosk-status strong')?.textContent ?? ''");

async function pledge(page: Page, p: { name: string; email: string; organization?: string }) {
  await page.locator('rhec-pledge >>> #name').fill(p.name);
  await page.locator('rhec-pledge >>> #email').fill(p.email);
  if (p.organization) await page.locator('rhec-pledge >>> #organization').fill(p.organization);
  await page.locator('rhec-pledge >>> #role-radiologist').click();
  await page.locator('rhec-pledge >>> #commitment').click();
  await page.locator('rhec-pledge >>> #updates').click();
  await page.locator('rhec-pledge >>> button[type="submit"]').click();
  await page.locator('rhec-pledge >>> #thanks').setTimeout(10_000).wait();
  // A shared tablet shows the next person no one's address (the widget elsewhere says where the email went).
  assert.equal(await inWidget(page, "root.querySelector('.sent-to')"), null);
}

/** Brings the kiosk's 90 s idle wait down to 1 s on this page (the 20 s warning keeps its length). */
function idleSoon(page: Page) {
  return page.evaluateOnNewDocument(() => {
    const original = window.setTimeout;
    window.setTimeout = ((fn: TimerHandler, ms?: number, ...args: unknown[]) =>
      original(fn, ms === 90_000 ? 1_000 : ms, ...args)) as typeof window.setTimeout;
  });
}

/** How many pledges wait in the tablet's IndexedDB. */
function waitingOnDevice(page: Page) {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('rhec-pledge-kiosk');
        open.onsuccess = () => {
          const count = open.result.transaction('pledges').objectStore('pledges').count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );
}

async function nextPerson(page: Page) {
  await page.locator('rhec-pledge >>> .kiosk-next button').click();
  await page.locator('rhec-pledge >>> form #name').wait();
}

describe('<rhec-pledge kiosk>', () => {
  let worker: LocalWorker;
  let pages: Awaited<ReturnType<typeof serveTestPages>>;
  let browser: Browser;

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [`http://localhost:${PAGE_PORT}`] });
    pages = await serveTestPages(PAGE_PORT, {
      '/booth': { html: kioskPage(worker.url) },
      '/booth-es': { html: kioskPage(worker.url, 'lang="es"') },
      // A society's page whose header stays on top as it scrolls (as the demo sites' do).
      '/booth-header': {
        html: kioskPage(worker.url).replace(
          '<body>',
          '<body><header style="position: sticky; top: 0; z-index: 10; height: 80px; background: #123">Society</header>',
        ),
      },
      '/plain': { html: kioskPage(worker.url).replace(' kiosk ', ' ') },
      // An iPad that stayed on iPadOS 15 (Safari 15.0), a browser the widget serves.
      '/booth-safari-15': { html: kioskPage(worker.url).replace('</head>', `${SAFARI_15_0}</head>`) },
      // A booth page on a site registered for RSNA and SIR, set up for ARRS by mistake.
      '/booth-arrs': { html: kioskPage(worker.url).replace('partner="rsna"', 'partner="arrs"') },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await pages?.close();
    await worker?.stop();
  });

  it('keeps pledges made offline through a reload, and stores each exactly once when the connection returns', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const sent: string[] = []; // every pledge body that reached the Worker
    let apiReachable = true;
    let offline = false;
    await page.setRequestInterception(true);
    const route = (req: HTTPRequest) => {
      if (!req.url().endsWith('/api/pledges') || req.method() !== 'POST') return void req.continue();
      if (!apiReachable) return void req.abort('connectionrefused');
      if (!offline) sent.push(req.postData() ?? '');
      return void req.continue();
    };
    page.on('request', route);
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);

    const stamp = Date.now();
    const people = [
      { name: 'Offline One', email: `kiosk.one.${stamp}@example.org` },
      { name: 'Offline Two', email: `kiosk.two.${stamp}@example.org` },
    ];
    offline = true;
    await page.setOfflineMode(true);
    await pledge(page, people[0]!);
    await page.waitForFunction(() => /1 pledge waiting to send/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''));
    // No email has gone: the thank-you's heading, which takes the focus, says the pledge is saved here, not "Check your email".
    assert.equal(await inWidget(page, "root.activeElement?.id + ': ' + root.querySelector('#thanks').textContent"), 'thanks: Thank you: your pledge is saved on this tablet');
    await nextPerson(page);
    await pledge(page, people[1]!);
    await page.waitForFunction(() => /2 pledges waiting to send/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''));
    assert.deepEqual(await axeViolations(page), [], 'the thanks with the countdown and the waiting indicator');

    // Back on the network, but the pledge service unreachable (no "offline" from the browser): reload.
    apiReachable = false;
    offline = false;
    await page.setOfflineMode(false);
    await page.reload();
    await kioskReady(page);
    await page.waitForFunction(() => /2 pledges waiting to send/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''), { timeout: 15_000 });
    await page.evaluate(() => document.querySelector('rhec-pledge')!.setAttribute('lang', 'es'));
    await page.waitForFunction(() => /2 compromisos pendientes de envío/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''));
    await page.evaluate(() => document.querySelector('rhec-pledge')!.setAttribute('lang', 'en'));
    assert.deepEqual(await worker.query(`SELECT email FROM pledges WHERE email LIKE 'kiosk.%.${stamp}@example.org'`), []);
    assert.equal(sent.length, 0);

    // The service comes back: the kiosk sends on its own, without an `online` event.
    apiReachable = true;
    const rows = await worker.rowsEventually<{ email: string; n: number }>(
      `SELECT email, count(*) AS n FROM pledges WHERE email LIKE 'kiosk.%.${stamp}@example.org' GROUP BY email HAVING count(*) > 0 AND (SELECT count(*) FROM pledges WHERE email LIKE 'kiosk.%.${stamp}@example.org') = 2`,
      20_000,
    );
    assert.deepEqual(rows.map((r) => [r.email, r.n]).sort(), people.map((p) => [p.email, 1]).sort());
    await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent === '', { timeout: 15_000 });
    assert.equal(await statusText(page), '');
    const stored = await worker.query<Record<string, unknown>>(
      `SELECT name, role, updates, source, partner_id FROM pledges WHERE email LIKE 'kiosk.%.${stamp}@example.org' ORDER BY name`,
    );
    assert.deepEqual(stored, [
      { name: 'Offline One', role: 'radiologist', updates: 1, source: 'booth-2026', partner_id: 'rsna' },
      { name: 'Offline Two', role: 'radiologist', updates: 1, source: 'booth-2026', partner_id: 'rsna' },
    ]);
    const queued = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('rhec-pledge-kiosk');
          open.onsuccess = () => {
            const count = open.result.transaction('pledges').objectStore('pledges').count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    );
    assert.equal(queued, 0, 'nothing is left on the device once sent');

    // A pledge the service already has, sent again with its key (a reload mid-send), is not stored twice.
    assert.equal(sent.length, 2);
    for (const body of sent) {
      const res = await fetch(`${worker.url}/api/pledges`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      assert.equal(res.status, 202);
    }
    await new Promise((r) => setTimeout(r, 2_000));
    const after = await worker.query<{ n: number }>(`SELECT count(*) AS n FROM pledges WHERE email LIKE 'kiosk.%.${stamp}@example.org'`);
    assert.deepEqual(after, [{ n: 2 }]);
    await context.close();
  });

  it('keeps pledges made offline through a browser that crashes and is started again, and sends each once', async () => {
    // The tablet's own browser profile (as a kiosk keeps), so IndexedDB outlives the browser process.
    const profile = mkdtempSync(join(tmpdir(), 'rhec-kiosk-profile-'));
    const launch = () => puppeteer.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, userDataDir: profile });
    let tablet = await launch();
    try {
      let page = await tablet.newPage();
      await page.goto(`${pages.url}/booth`);
      await kioskReady(page);
      await page.setOfflineMode(true);
      const stamp = Date.now();
      const people = [
        { name: 'Restart One', email: `kiosk.restart1.${stamp}@example.org` },
        { name: 'Restart Two', email: `kiosk.restart2.${stamp}@example.org` },
      ];
      await pledge(page, people[0]!);
      await nextPerson(page);
      await pledge(page, people[1]!);
      await page.waitForFunction(() => /2 pledges waiting to send/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''));
      // The browser dies with the second thank-you on screen (no clean shutdown), and is started again online.
      tablet.process()!.kill('SIGKILL');
      await new Promise((resolve) => tablet.once('disconnected', resolve));
      tablet = await launch();
      page = await tablet.newPage();
      await page.goto(`${pages.url}/booth`);
      await kioskReady(page);
      const rows = await worker.rowsEventually<{ email: string; n: number }>(
        `SELECT email, count(*) AS n FROM pledges WHERE email LIKE 'kiosk.restart_.${stamp}@example.org' GROUP BY email HAVING (SELECT count(*) FROM pledges WHERE email LIKE 'kiosk.restart_.${stamp}@example.org') = 2`,
        30_000,
      );
      assert.deepEqual(rows.map((r) => [r.email, r.n]).sort(), people.map((p) => [p.email, 1]).sort());
      await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent === '', { timeout: 15_000 });
      assert.equal(await waitingOnDevice(page), 0, 'nothing is left on the device once sent');
    } finally {
      await tablet.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it("keeps the pledges the service refuses for this society from this site, tells the staff, and sends them once the site is registered", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${pages.url}/booth-arrs`);
    await kioskReady(page);
    const email = `kiosk.refused.${Date.now()}@example.org`;
    await pledge(page, { name: 'Refused Once', email });
    const status = () => inWidget<string>(page, "root.querySelector('.kiosk-status').textContent");
    await page.waitForFunction(
      () => /does not accept this society’s pledges from this website/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''),
      { timeout: 15_000 },
    );
    assert.match(await status(), /^1 pledge waiting to send.*ask the coalition to register this website for it \(or, if it is, to enable the society\)/);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(await worker.query(`SELECT 1 FROM pledges WHERE email = '${email}'`), []);

    // The coalition registers the site: within the Worker's 30 s partner cache and the kiosk's 10 s retries, it is stored, once.
    await worker.query(`INSERT INTO partner_origins (partner_id, origin) VALUES ('arrs', 'http://localhost:${PAGE_PORT}')`);
    const rows = await worker.rowsEventually<Record<string, unknown>>(`SELECT partner_id, source FROM pledges WHERE email = '${email}'`, 60_000);
    assert.deepEqual(rows, [{ partner_id: 'arrs', source: 'booth-2026' }]);
    await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent === '', { timeout: 15_000 });
    await context.close();
  });

  it('tells the staff when the service refuses a waiting pledge (its rules changed since), deletes it, and never says every pledge was sent', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    let down = true;
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (!req.url().endsWith('/api/pledges') || req.method() !== 'POST') return void req.continue();
      if (down) return void req.abort('connectionrefused');
      // A Worker deployed during the congress refuses what this tablet's kiosk module still takes.
      return void req.respond({
        status: 422,
        contentType: 'application/json',
        headers: { 'Access-Control-Allow-Origin': '*' },
        body: JSON.stringify({ error: { code: 'validation', message: 'Check the form', fields: { name: ['Enter your full name'] } } }),
      });
    });
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    const email = `kiosk.refused-later.${Date.now()}@example.org`;
    await pledge(page, { name: 'Refused Later', email, organization: 'Later Imaging' });
    await page.waitForFunction(() => /1 pledge waiting to send/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''), { timeout: 15_000 });
    await nextPerson(page);
    down = false; // the next try (within 10 s) gets the 422
    const status = () => inWidget<string>(page, "root.querySelector('.kiosk-status').textContent");
    await page.waitForFunction(() => /refused/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''), { timeout: 20_000 });
    // A count for the staff, who can tell the coalition; nothing of the person's.
    assert.equal(await status(), '1 pledge was refused by the pledge service and deleted from this device. Please tell the coalition.');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.notEqual(await inWidget<string>(page, "root.querySelector('.kiosk-top > p[role=status]').textContent"), 'All waiting pledges have been sent.');
    assert.equal(await waitingOnDevice(page), 0, 'its details are not kept');
    assert.deepEqual(await axeViolations(page), []);
    await page.evaluate(() => document.querySelector('rhec-pledge')!.setAttribute('lang', 'es'));
    await page.waitForFunction(() => /rechaz/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''), { timeout: 15_000 });
    assert.equal(await status(), '1 compromiso fue rechazado por el servicio de compromisos y se borró de este dispositivo. Avise a la coalición.');
    assert.deepEqual(await worker.query(`SELECT 1 FROM pledges WHERE email = '${email}'`), []);
    // On a phone-sized window and in forced colours (a screenshot for a person to look at, git-ignored).
    await page.setViewport({ width: 320, height: 640 });
    await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }]);
    assert.deepEqual(await axeViolations(page), [], 'in forced colours');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
    const shots = new URL('../../screenshots/kiosk/', import.meta.url);
    mkdirSync(shots, { recursive: true });
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: new URL('refused-320-es-forced.png', shots).pathname as `${string}.png` });
    await context.close();
  });

  it("sends waiting pledges in the order they were made, when the tablet's clock was fast and is put right meanwhile", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    // The tablet's clock, which the test sets (the network's time puts a wrong clock right when the Wi-Fi returns).
    await page.evaluateOnNewDocument(() => {
      const now = Date.now;
      Date.now = () => now() + ((window as unknown as { clockShift?: number }).clockShift ?? 0);
    });
    const order: string[] = [];
    let down = true;
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (!req.url().endsWith('/api/pledges') || req.method() !== 'POST') return void req.continue();
      if (down) return void req.abort('connectionrefused');
      order.push(JSON.parse(req.postData() ?? '{}').name);
      return void req.continue();
    });
    await page.goto(`${pages.url}/booth-es`);
    await kioskReady(page);
    const stamp = Date.now();
    const names = ['Reloj Primero', 'Reloj Segundo', 'Reloj Tercero'];
    for (const [i, name] of names.entries()) {
      // An hour fast for the first pledge, then right.
      await page.evaluate((shift) => ((window as unknown as { clockShift: number }).clockShift = shift), i === 0 ? 3_600_000 : 0);
      await pledge(page, { name, email: `kiosk.clock${i}.${stamp}@example.org` });
      await page.waitForFunction(
        (n) => new RegExp(`^${n} compromisos? pendientes? de envío`).test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''),
        { timeout: 15_000 },
        i + 1,
      );
      await nextPerson(page);
    }
    down = false;
    const rows = await worker.rowsEventually<Record<string, unknown>>(
      `SELECT name, source, lang, partner_id FROM pledges WHERE email LIKE 'kiosk.clock_.${stamp}@example.org' AND (SELECT count(*) FROM pledges WHERE email LIKE 'kiosk.clock_.${stamp}@example.org') = 3 ORDER BY received_at`,
      40_000,
    );
    assert.deepEqual([...new Set(order)], names, 'sent oldest first');
    assert.deepEqual(rows, names.map((name) => ({ name, source: 'booth-2026', lang: 'es', partner_id: 'rsna' })), 'stored once each, in order');
    await context.close();
  });

  it('tells the truth when the pledge service answers but cannot take the pledge (503), then sends it once', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    let refusing = true;
    let answered = 0;
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (!req.url().endsWith('/api/pledges') || req.method() !== 'POST' || !refusing) return void req.continue();
      answered++;
      // The Wi-Fi is fine; the service answers, busy (a D1 outage, a deploy).
      return void req.respond({ status: 503, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' }, body: '{"error":{"code":"unavailable"}}' });
    });
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    const email = `kiosk.busy.${Date.now()}@example.org`;
    await pledge(page, { name: 'Busy Service', email });
    await page.waitForFunction(() => /1 pledge waiting to send/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''));
    assert.ok(answered >= 1);
    // Not "cannot reach" nor "when the connection returns": the connection never went.
    const words = await inWidget<string>(page, "root.querySelector('.kiosk-status').textContent + ' | ' + (root.querySelector('.kiosk-later')?.textContent ?? '')");
    assert.match(words, /sent automatically once the connection or the pledge service is back\./, words);
    await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-later')?.textContent, { timeout: 5_000 });
    assert.equal(
      await inWidget<string>(page, "root.querySelector('.kiosk-later').textContent"),
      'Your pledge is saved on this tablet, which cannot send it to the pledge service just now. Your confirmation email goes out once it gets there.',
    );
    await page.evaluate(() => document.querySelector('rhec-pledge')!.setAttribute('lang', 'es'));
    await page.waitForFunction(() => /en cuanto vuelvan la conexión o el servicio de compromisos/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''));
    await page.evaluate(() => document.querySelector('rhec-pledge')!.setAttribute('lang', 'en'));
    // The service takes pledges again: sent on its own, stored once.
    refusing = false;
    assert.deepEqual(await worker.rowsEventually(`SELECT count(*) AS n FROM pledges WHERE email = '${email}' HAVING count(*) > 0`, 20_000), [{ n: 1 }]);
    await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent === '', { timeout: 15_000 });
    await context.close();
  });

  it('gets kiosk mode back when its module failed to load once (the Wi-Fi dropped just then)', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const asked: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (!req.url().includes('rhec-pledge-kiosk.js')) return void req.continue();
      asked.push(req.url());
      // The first try fails (its pinned copy and the current one): the network is down for it.
      return void (asked.length <= 2 ? req.abort('internetdisconnected') : req.continue());
    });
    await page.goto(`${pages.url}/booth`);
    await page.locator('rhec-pledge >>> form #name').wait();
    assert.equal(await inWidget(page, "root.querySelector('.kiosk-status')"), null, 'not a kiosk yet');
    await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status'), { timeout: 20_000 });
    assert.ok(asked.length >= 3, JSON.stringify(asked));
    assert.match(asked.at(-1)!, /rhec-pledge-kiosk\.js\?retry=1$/);
    // Kiosk mode works: a pledge is kept and sent, and Next person is offered.
    const email = `kiosk.retry.${Date.now()}@example.org`;
    await pledge(page, { name: 'Second Try', email });
    assert.match(await inWidget<string>(page, "root.querySelector('.kiosk-next').textContent"), /Next person/);
    assert.deepEqual(await worker.rowsEventually(`SELECT 1 AS ok FROM pledges WHERE email = '${email}'`), [{ ok: 1 }]);
    await context.close();
  });

  it('clears a form half-filled before its module arrived (the Wi-Fi down when the page opened), once left idle', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await idleSoon(page);
    let failed = 0;
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (!req.url().includes('rhec-pledge-kiosk.js')) return void req.continue();
      // The first try fails (its pinned copy and the current one); the next, 10 s later, loads.
      return void (++failed <= 2 ? req.abort('internetdisconnected') : req.continue());
    });
    await page.goto(`${pages.url}/booth`);
    await page.locator('rhec-pledge >>> form #name').wait();
    // Someone starts, then walks away, before kiosk mode is there.
    await page.locator('rhec-pledge >>> #name').fill('Early Bird');
    await page.locator('rhec-pledge >>> #email').fill('early.bird@example.org');
    assert.equal(await inWidget(page, "root.querySelector('.kiosk-status')"), null, 'typed before kiosk mode loaded');
    await kioskReady(page);
    // No one touches the tablet again: warned, then cleared, as any form left half-filled.
    await page.waitForFunction(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('.kiosk-idle:not([hidden])'), { timeout: 10_000 });
    await page.waitForFunction(() => (document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('#name') as HTMLInputElement).value === '', { timeout: 25_000 });
    assert.equal(await inWidget(page, "root.querySelector('#email').value"), '');
    await context.close();
  });

  it('works on an iPad that stayed on iPadOS 15 (Safari 15.0: no Array.prototype.at, no constructable stylesheets)', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push((err as Error).message));
    await page.goto(`${pages.url}/booth-safari-15`);
    assert.equal(await page.evaluate(() => 'at' in Array.prototype || 'adoptedStyleSheets' in ShadowRoot.prototype), false);
    await kioskReady(page);
    // Kiosk mode works: a pledge is kept and sent, and Next person is offered.
    const email = `kiosk.safari15.${Date.now()}@example.org`;
    await pledge(page, { name: 'Old Tablet', email });
    assert.match(await inWidget<string>(page, "root.querySelector('.kiosk-next').textContent"), /Next person/);
    // Its own styles apply too (a <style> in the shadow root, as the widget's own there).
    assert.equal(await inWidget<string>(page, "getComputedStyle(root.querySelector('.kiosk-next')).display"), 'flex');
    // Pressed while the thank-you is surely there: waiting first for the pledge to be stored (slow on
    // a loaded machine) let the 10 s countdown clear the screen, and Next person was never found.
    await nextPerson(page);
    assert.deepEqual(await worker.rowsEventually(`SELECT 1 AS ok FROM pledges WHERE email = '${email}'`), [{ ok: 1 }]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('sends at once when the browser says it is back online', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    // Hold back the kiosk's 10 s retry, so only the `online` event can send the pledge in time.
    await page.evaluateOnNewDocument(() => {
      const original = window.setInterval;
      const held: number[] = ((window as unknown as { held: number[] }).held = []);
      window.setInterval = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => {
        if (ms !== undefined && ms >= 5_000) held.push(ms);
        return original(fn, ms !== undefined && ms >= 5_000 ? 600_000 : ms, ...args);
      }) as typeof window.setInterval;
    });
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    const email = `kiosk.online.${Date.now()}@example.org`;
    await page.setOfflineMode(true);
    await pledge(page, { name: 'Back Online', email });
    await page.waitForFunction(() => /1 pledge waiting/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''));
    // The thank-you does not send them off to their inbox yet: the email waits with the pledge.
    const later = () => page.evaluate(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-later')?.textContent ?? '');
    // (Said once the thank-you is drawn, which may come just after the waiting notice.)
    await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-later')?.textContent, { timeout: 5_000 });
    assert.match(await later(), /^Your pledge is saved on this tablet, which cannot send it to the pledge service just now\. Your confirmation email goes out once it gets there\.$/);
    // Announced when it appears: the send fails after the heading took the focus.
    assert.equal(await page.evaluate(() => document.querySelector('rhec-pledge')!.shadowRoot!.getElementById('kiosk-later')!.getAttribute('role')), 'status');
    // Nothing says the email was "just sent": that paragraph is hidden, and the heading that takes
    // the focus is described by the tablet's words instead.
    const thanks = () =>
      page.evaluate(() => {
        const root = document.querySelector('rhec-pledge')!.shadowRoot!;
        const body = root.getElementById('thanks-body')!;
        return { bodyShown: body.checkVisibility(), describedBy: root.getElementById('thanks')!.getAttribute('aria-describedby') };
      });
    assert.deepEqual(await thanks(), { bodyShown: false, describedBy: 'kiosk-later kiosk-countdown' });
    // …in the thank-you's own panel, under its heading, not below the box it leaves empty.
    assert.equal(await inWidget(page, "root.querySelector('.thanks #thanks + #kiosk-later + #thanks-body') !== null"), true);
    // "Stay on this screen", so the thank-you is still there when the pledge has gone.
    await page.evaluate(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector<HTMLButtonElement>('.kiosk-next .button--secondary')!.click());
    // The kiosk's 10 s retry is the one held back (10 minutes): nothing but `online` sends before then.
    assert.deepEqual(await page.evaluate(() => (window as unknown as { held: number[] }).held), [10_000]);
    await page.setOfflineMode(false); // fires `online`
    // Sent: the thank-you's own words come back (the email is on its way now), and it is stored, once.
    await page.waitForFunction(() => document.querySelector('rhec-pledge')!.shadowRoot!.getElementById('thanks-body')!.checkVisibility(), { timeout: 60_000 });
    const rows = await worker.rowsEventually(`SELECT 1 AS ok FROM pledges WHERE email = '${email}'`, 60_000);
    assert.equal(rows.length, 1);
    assert.deepEqual(await thanks(), { bodyShown: true, describedBy: 'thanks-body kiosk-countdown' });
    assert.equal(await later(), '');
    await context.close();
  });

  it('leaves no trace of the last person after the reset, and offers no share links nor links off the page', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const ids: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().endsWith('/api/pledges') && req.method() === 'POST') ids.push(JSON.parse(req.postData() ?? '{}').id);
      void req.continue();
    });
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    const autocomplete = await inWidget<string[]>(page, "[...root.querySelectorAll('input[part=input]')].map((i) => i.id + ':' + i.getAttribute('autocomplete'))");
    assert.ok(autocomplete.length >= 3, JSON.stringify(autocomplete));
    for (const field of autocomplete) assert.match(field, /:off$/);
    // Nothing takes the booth's tablet off the page (the organizations' /join link would, and the
    // pledges waiting to be sent with it).
    assert.equal(await inWidget(page, "root.querySelector('.orgs, a[href*=\"/join\"], a[href*=\"/organizations\"]')"), null, 'no organizations line');
    // Every state of the thank-you's countdown, as drawn (a loaded machine's page may be read late, not the countdown).
    await page.evaluate(() => {
      const root = document.querySelector('rhec-pledge')!.shadowRoot!;
      const seen: string[] = ((window as unknown as { countdown: string[] }).countdown = []);
      new MutationObserver(() => {
        const text = root.getElementById('kiosk-countdown')?.textContent;
        if (text && text !== seen[seen.length - 1]) seen.push(text);
      }).observe(root, { subtree: true, childList: true, characterData: true });
    });
    const person = { name: 'Marie Traceless', email: `kiosk.trace.${Date.now()}@example.org`, organization: 'Curie Imaging Partners' };
    await pledge(page, person);
    assert.equal(await inWidget(page, "root.querySelector('.share, a[href*=\"linkedin\"], a[href^=\"mailto:\"]')"), null, 'no share links');
    assert.match(await inWidget<string>(page, "root.querySelector('.kiosk-next').textContent"), /clears for the next person in \d+ seconds?\..*Next person/);
    assert.deepEqual(await axeViolations(page), []);

    // No one touches it: the form is empty again once the countdown has said each second from 10 down to 1.
    await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('form'), { timeout: 60_000 });
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { countdown: string[] }).countdown),
      [10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((s) => `The form clears for the next person in ${s} second${s === 1 ? '' : 's'}.`),
    );
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE email = '${person.email}'`, 60_000);

    const trace = await page.evaluate((p) => {
      const el = document.querySelector('rhec-pledge') as unknown as HTMLElement & Record<string, unknown>;
      const root = el.shadowRoot!;
      const needles = [p.name, p.email, p.organization, 'Traceless'];
      const found: string[] = [];
      const html = root.innerHTML + el.outerHTML;
      for (const n of needles) if (html.includes(n)) found.push(`DOM: ${n}`);
      for (const input of root.querySelectorAll('input')) {
        if ((input.type === 'text' || input.type === 'email') && input.value) found.push(`value of #${input.id}`);
        if ((input.type === 'radio' || input.type === 'checkbox') && input.checked) found.push(`#${input.id} checked`);
      }
      // Everything the element (and what it holds) keeps, a few levels deep.
      const seen = new Set<unknown>();
      const walk = (value: unknown, path: string, depth: number) => {
        if (typeof value === 'string') {
          for (const n of needles) if (value.includes(n)) found.push(`state: ${path}`);
          return;
        }
        if (!value || typeof value !== 'object' || seen.has(value) || depth > 4 || value instanceof Node) return;
        seen.add(value);
        for (const key of Object.getOwnPropertyNames(value)) {
          let v: unknown;
          try { v = (value as Record<string, unknown>)[key]; } catch { continue; }
          walk(v, `${path}.${key}`, depth + 1);
        }
      };
      walk(el, 'el', 0);
      return found;
    }, person);
    assert.deepEqual(trace, []);
    assert.equal(await inWidget(page, "root.activeElement?.id"), 'name', 'focus is ready for the next person');
    assert.equal(await inWidget(page, 'root.querySelector("#error-summary")'), null);

    // The next person's pledge carries a new idempotency key.
    const next = { name: 'Next Person', email: `kiosk.next.${Date.now()}@example.org` };
    await pledge(page, next);
    await nextPerson(page); // the button resets at once
    assert.equal(await inWidget(page, "root.querySelector('#name').value"), '');
    // The thank-you comes once the pledge is kept on the tablet; it is sent just after: counted once stored.
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE email = '${next.email}'`, 60_000);
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
    await context.close();
  });

  it("writes each pledge it keeps with strict durability, so a power cut just after the thank-you cannot lose it", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    // Every write into the kiosk's store, with the durability of the transaction it went through
    // (Chromium's default, "relaxed", may report a write done before it reaches the disk).
    await page.evaluateOnNewDocument(() => {
      const writes: string[] = ((window as unknown as { writes: string[] }).writes = []);
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        writes.push(`${this.name} ${this.transaction.mode} ${this.transaction.durability}`);
        return put.apply(this, args);
      };
    });
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    await page.setOfflineMode(true);
    await pledge(page, { name: 'Power Cut', email: `kiosk.power.${Date.now()}@example.org` });
    await page.waitForFunction(() => /1 pledge waiting/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''));
    assert.equal(await waitingOnDevice(page), 1);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { writes: string[] }).writes), ['pledges readwrite strict']);
    await context.close();
  });

  it('says nothing in the console about a broken set-up when the kiosk is simply offline', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    // What the page's own code says (not the browser's network errors), and how many reads of the
    // counts have ended: the widget's warning about one follows in the same task as its failure.
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { said: string[]; statsDone: number };
      w.said = [];
      w.statsDone = 0;
      for (const level of ['warn', 'error'] as const) {
        const original = console[level];
        console[level] = (...args: unknown[]) => (w.said.push(args.join(' ')), original.apply(console, args));
      }
      const fetch = window.fetch;
      window.fetch = (...args: Parameters<typeof fetch>) => {
        const done = fetch(...args);
        if (String(args[0]).includes('/api/stats')) void done.then(() => {}, () => {}).then(() => setTimeout(() => w.statsDone++));
        return done;
      };
    });
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    await page.waitForFunction(() => (window as unknown as { statsDone: number }).statsDone === 1);
    await page.setOfflineMode(true);
    await pledge(page, { name: 'Quiet Console', email: `kiosk.quiet.${Date.now()}@example.org` });
    await page.waitForFunction(() => /1 pledge waiting/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.kiosk-status')?.textContent ?? ''));
    // The counts asked for again after the pledge, and not had (offline).
    await page.waitForFunction(() => (window as unknown as { statsDone: number }).statsDone === 2);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { said: string[] }).said), []);
    await context.close();
  });

  it('checks a pledge made offline with the shared schema, and says what to correct', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    await page.setOfflineMode(true);
    await page.locator('rhec-pledge >>> #email').fill('not-an-email');
    await page.locator('rhec-pledge >>> button[type="submit"]').click();
    await page.locator('rhec-pledge >>> #error-summary').wait();
    const links = await inWidget<string[]>(page, "[...root.querySelectorAll('#error-summary a')].map((a) => a.textContent.trim())");
    assert.deepEqual(links, [
      'Enter your full name',
      'Enter an email address in the correct format, like name@example.org',
      'Select your role',
      'Select the commitment to sign the pledge',
    ]);
    assert.equal(await statusText(page), '', 'nothing was kept');
    await context.close();
  });

  it('speaks one language on screen when the page switches it offline: the form and its messages stay in the one it has words for', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    await page.setOfflineMode(true);
    // The booth's own English/Spanish toggle, while the Spanish words cannot be fetched.
    await page.evaluate(() => document.querySelector('rhec-pledge')!.setAttribute('lang', 'es'));
    await page.locator('rhec-pledge >>> button[type="submit"]').click();
    await page.locator('rhec-pledge >>> #error-summary').wait();
    assert.equal(await inWidget(page, "root.querySelector('.card').lang"), 'en');
    const links = await inWidget<string[]>(page, "[...root.querySelectorAll('#error-summary a')].map((a) => a.textContent.trim())");
    assert.equal(links[0], 'Enter your full name');
    assert.match(await inWidget<string>(page, "root.querySelector('#name-error').textContent"), /Enter your full name/);
    // Back online, the Spanish words arrive and the form speaks Spanish, its messages too.
    await page.setOfflineMode(false);
    await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.card')?.getAttribute('lang') === 'es', { timeout: 20_000 });
    await page.locator('rhec-pledge >>> button[type="submit"]').click();
    await page.waitForFunction(() => /Escriba su nombre completo/.test(document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('#error-summary')?.textContent ?? ''));
    await context.close();
  });

  it('checks the two region selects as the service does: a US state and a country both chosen is "not both", never thanked and then dropped', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    await page.waitForFunction(() => (document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('#country') as HTMLSelectElement).options.length > 1, { timeout: 10_000 });
    const email = `both.${Date.now()}@example.org`;
    await page.locator('rhec-pledge >>> #name').fill('Both Regions');
    await page.locator('rhec-pledge >>> #email').fill(email);
    await page.locator('rhec-pledge >>> #role-nurse').click();
    await (await page.$('rhec-pledge >>> #region'))!.select('US-TX');
    await (await page.$('rhec-pledge >>> #country'))!.select('MX');
    await page.locator('rhec-pledge >>> #commitment').click();
    await page.locator('rhec-pledge >>> button[type="submit"]').click();
    await page.locator('rhec-pledge >>> #error-summary').wait();
    const links = await inWidget<string[]>(page, "[...root.querySelectorAll('#error-summary a')].map((a) => a.textContent.trim())");
    assert.deepEqual(links, ['Select a US state or territory, or a country outside the United States, not both']);
    assert.equal(await inWidget(page, "root.querySelector('#thanks')"), null, 'no thank-you');
    assert.equal(await statusText(page), '', 'nothing was kept');
    // Corrected (the country taken back), it is taken, stored once with the state.
    await (await page.$('rhec-pledge >>> #country'))!.select('');
    await page.locator('rhec-pledge >>> button[type="submit"]').click();
    await page.locator('rhec-pledge >>> #thanks').setTimeout(10_000).wait();
    const rows = await worker.rowsEventually<{ region: string }>(`SELECT region FROM pledges WHERE email = '${email}'`);
    assert.deepEqual(rows.map((r) => r.region), ['US-TX']);
    await context.close();
  });

  it('lets someone who needs longer keep the thank-you on screen: the countdown stops until Next person', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${pages.url}/booth-es`);
    await kioskReady(page);
    await pledge(page, { name: 'Slow Reader', email: `kiosk.stay.${Date.now()}@example.org` });
    const next = () => inWidget<string>(page, "root.querySelector('.kiosk-next').textContent");
    assert.match(await next(), /se vaciará para la siguiente persona en (10|9) s.*Siguiente persona.*Permanecer en esta pantalla/);
    await page.locator('rhec-pledge >>> .kiosk-next button.button--secondary').click();
    assert.equal(await inWidget(page, 'root.activeElement?.textContent'), 'Siguiente persona', 'focus moves to the button that remains');
    assert.match(await next(), /Esta pantalla se queda hasta que alguien presione «Siguiente persona»\./);
    assert.equal(await inWidget(page, "root.querySelector('.kiosk-next button.button--secondary').hidden"), true);
    // …and gone from the screen and from the Tab order (the widget's .button display must not win over [hidden]).
    assert.equal(await inWidget(page, "getComputedStyle(root.querySelector('.kiosk-next button.button--secondary')).display"), 'none');
    await new Promise((r) => setTimeout(r, 12_000)); // past the 10 s the countdown had
    assert.ok(await inWidget(page, "root.querySelector('#thanks')"), 'the thank-you is still there');
    assert.deepEqual(await axeViolations(page), []);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('form'), { timeout: 5_000 });
    await context.close();
  });

  it('reads the countdown with the thank-you, and a key pressed there stops it (a screen reader\'s user still listening)', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${pages.url}/booth-es`);
    await kioskReady(page);
    await pledge(page, { name: 'Listening Still', email: `kiosk.listen.${Date.now()}@example.org` });
    assert.equal(await inWidget(page, 'root.activeElement?.id'), 'thanks');
    const described = await inWidget<string>(
      page,
      "root.querySelector('#thanks').getAttribute('aria-describedby').split(' ').map((id) => root.getElementById(id)?.textContent ?? '!' + id).join(' | ')",
    );
    assert.match(described, /^Gracias por comprometerse\..*\| El formulario se vaciará para la siguiente persona en (10|9) segundos\./s);
    await page.keyboard.press('ArrowDown');
    assert.equal(await inWidget(page, 'root.activeElement?.id'), 'thanks', 'focus stays where it was');
    assert.match(await inWidget<string>(page, "root.querySelector('#kiosk-countdown').textContent"), /Esta pantalla se queda hasta que alguien presione «Siguiente persona»\./);
    await new Promise((r) => setTimeout(r, 11_000)); // past the 10 s the countdown had
    assert.ok(await inWidget(page, "root.querySelector('#thanks')"), 'the thank-you is still there');
    await context.close();
  });

  it('Enter on "Stay on this screen" stays (it must not reach Next person and clear the screen)', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    await pledge(page, { name: 'Enter Stays', email: `kiosk.enter.${Date.now()}@example.org` });
    // Focus put there directly, as a screen reader's cursor does (no Tab keydown first).
    await inWidget(page, "root.querySelector('.kiosk-next button.button--secondary').focus()");
    await page.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(await inWidget(page, "root.querySelector('#thanks')"), 'the thank-you is still there');
    assert.equal(await inWidget(page, 'root.activeElement?.textContent'), 'Next person');
    assert.match(await inWidget<string>(page, "root.querySelector('#kiosk-countdown').textContent"), /This screen stays until someone presses “Next person”\./);
    await context.close();
  });

  it('warns, then clears a form someone left half-filled, unless they say they are still there', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await idleSoon(page);
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    await page.locator('rhec-pledge >>> #name').fill('Walked Away');
    await page.locator('rhec-pledge >>> #email').fill('walked.away@example.org');
    const warning = () => inWidget<string>(page, "root.querySelector('.kiosk-idle:not([hidden])')?.textContent ?? ''");
    await page.waitForFunction(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('.kiosk-idle:not([hidden])'), { timeout: 5_000 });
    assert.match(await warning(), /Still there\? To protect your details, this form clears in \d+ seconds?\..*Keep my answers/);
    assert.equal(await inWidget(page, "root.querySelector('.kiosk-idle').getAttribute('role')"), 'alert');
    assert.deepEqual(await axeViolations(page), []);
    await page.locator('rhec-pledge >>> .kiosk-idle button').click();
    assert.equal(await warning(), '', 'the warning goes');
    assert.equal(await inWidget(page, "root.querySelector('#name').value"), 'Walked Away', 'the answers stay');
    // A tap or click leaves focus where it went: a field focused now would open a tablet's keyboard.
    assert.notEqual(await inWidget(page, 'root.activeElement?.tagName'), 'INPUT', 'a click does not move focus into the form');
    // By keyboard: Keep my answers, pressed with Enter, takes focus back to the field it was in.
    await page.locator('rhec-pledge >>> #email').click();
    await page.waitForFunction(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('.kiosk-idle:not([hidden])'), { timeout: 5_000 });
    await (await page.$('rhec-pledge >>> .kiosk-idle button'))!.focus();
    await page.keyboard.press('Enter');
    assert.equal(await warning(), '', 'the warning goes');
    assert.equal(await inWidget(page, 'root.activeElement?.id'), 'email', 'focus back in the form, not lost');
    // Left again: after the warning's 20 s, the form is empty.
    await page.waitForFunction(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('.kiosk-idle:not([hidden])'), { timeout: 5_000 });
    await page.waitForFunction(() => (document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('#name') as HTMLInputElement).value === '', { timeout: 25_000 });
    assert.equal(await inWidget(page, "root.querySelector('#email').value"), '');
    assert.equal(await warning(), '');
    await context.close();
  });

  it("shows the idle warning below a site's sticky header, not under it, when the page is scrolled", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 768, height: 600 });
    await idleSoon(page);
    await page.goto(`${pages.url}/booth-header`);
    await kioskReady(page);
    await page.locator('rhec-pledge >>> #name').fill('Scrolled Down');
    await page.evaluate(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('button[type=submit]')!.scrollIntoView({ block: 'end' }));
    await page.waitForFunction(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('.kiosk-idle:not([hidden])'), { timeout: 5_000 });
    assert.ok((await page.evaluate(() => scrollY)) > 300, 'the page is scrolled past the top of the form');
    const top = await page.evaluate(() => {
      const warning = document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('.kiosk-idle')!.getBoundingClientRect();
      return { top: warning.top, bottom: warning.bottom, hit: document.elementFromPoint(40, warning.top + 10)?.tagName };
    });
    assert.ok(top.top >= 80, `the warning starts below the 80 px header (at ${top.top} px)`);
    assert.ok(top.bottom <= 600, 'and ends inside the window');
    assert.equal(top.hit, 'RHEC-PLEDGE', 'nothing of the page covers it');
    await context.close();
  });

  for (const lang of ['en', 'es'] as const) {
    it(`fits the idle warning and its button in a window 320 px wide and 256 px tall (400 % zoom), in ${lang}`, async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: 320, height: 256 });
      await idleSoon(page);
      await page.goto(`${pages.url}/${lang === 'es' ? 'booth-es' : 'booth'}`);
      await kioskReady(page);
      await page.locator('rhec-pledge >>> #email').fill('small.screen@example.org');
      await page.waitForFunction(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('.kiosk-idle:not([hidden])'), { timeout: 5_000 });
      await (await page.$('rhec-pledge >>> .kiosk-idle button'))!.focus();
      const seen = await page.evaluate(() => {
        const root = document.querySelector('rhec-pledge')!.shadowRoot!;
        const button = root.querySelector('.kiosk-idle button')!;
        const b = button.getBoundingClientRect();
        const text = root.querySelector('.kiosk-idle p')!.getBoundingClientRect();
        return { page: document.documentElement.scrollWidth, top: text.top, bottom: b.bottom, left: b.left, right: b.right, clipped: button.scrollWidth > button.clientWidth };
      });
      assert.equal(seen.page, 320, 'nothing wider than the window');
      assert.ok(seen.top >= 0 && seen.bottom <= 256, `the warning's words and Keep my answers are in the window (${seen.top}–${seen.bottom} px of 256)`);
      assert.ok(seen.left >= 0 && seen.right <= 320 && !seen.clipped, 'the button is whole');
      assert.deepEqual(await axeViolations(page), []);
      await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }]);
      assert.deepEqual(await axeViolations(page), [], 'in forced colours');
      await page.keyboard.press('Enter');
      assert.equal(await inWidget(page, "root.querySelector('.kiosk-idle:not([hidden])')"), null, 'Keep my answers works');
      await context.close();
    });
  }

  it('counts a region chosen and nothing else as someone\'s answers: warned about, then cleared', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await idleSoon(page);
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    await page.waitForFunction(() => (document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('#region') as HTMLSelectElement).options.length > 1, { timeout: 10_000 });
    // Chosen by keyboard, as a person does (a script's select() fires events that stay inside the widget).
    await (await page.$('rhec-pledge >>> #region'))!.focus();
    await page.keyboard.press('ArrowDown');
    assert.notEqual(await inWidget(page, "root.querySelector('#region').value"), '', 'a state is chosen');
    await page.waitForFunction(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('.kiosk-idle:not([hidden])'), { timeout: 5_000 });
    await page.waitForFunction(() => (document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('#region') as HTMLSelectElement).value === '', { timeout: 25_000 });
    await context.close();
  });

  it('clears the messages of someone who pressed Sign the pledge with nothing filled in and walked away', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await idleSoon(page);
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    await page.locator('rhec-pledge >>> button[type="submit"]').click();
    await page.locator('rhec-pledge >>> #error-summary').wait();
    // No one touches the tablet: the next person is not met by someone else's "There is a problem".
    await page.waitForFunction(() => !document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('#error-summary, .error-message, [aria-invalid=true]'), { timeout: 15_000 });
    assert.equal(await inWidget(page, "root.querySelector('.kiosk-idle:not([hidden])')"), null, 'nothing of anyone to warn about');
    assert.equal(await inWidget(page, 'root.activeElement?.id'), 'name');
    await context.close();
  });

  it('is not downloaded by pages without kiosk mode', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (req) => {
      if (req.url().endsWith('.js')) scripts.push(new URL(req.url()).pathname);
    });
    await page.goto(`${pages.url}/plain`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.count__total'), { timeout: 15_000 });
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(scripts, ['/rhec-pledge.js']);
    assert.equal(await inWidget(page, "root.querySelector('#name').getAttribute('autocomplete')"), 'name');
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    // The kiosk module pinned to this script's build (scripts/lazy-modules.ts), and the module
    // that sends pledges, which a kiosk loads at once (so it can take pledges offline later).
    assert.equal(scripts.length, 4);
    assert.deepEqual(scripts.slice(0, 2), ['/rhec-pledge.js', '/rhec-pledge.js']);
    assert.deepEqual(
      scripts.slice(2).map((path) => path.replace(/^\/v\/[0-9a-f]{16}\//, '/v/HASH/')).sort(),
      ['/v/HASH/rhec-pledge-after.js', '/v/HASH/rhec-pledge-kiosk.js'],
    );
    await context.close();
  });

  it('falls back to the current kiosk module when its pinned copy is gone (a script cached from before a deploy)', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setRequestInterception(true);
    const kiosks: string[] = [];
    page.on('request', (req) => {
      const path = new URL(req.url()).pathname;
      if (path.endsWith('/rhec-pledge-kiosk.js')) kiosks.push(path);
      if (/^\/v\/[0-9a-f]{16}\/rhec-pledge-kiosk\.js$/.test(path)) void req.respond({ status: 404, body: 'not found' });
      else void req.continue();
    });
    await page.goto(`${pages.url}/booth`);
    await kioskReady(page);
    assert.equal(kiosks.length, 2);
    assert.match(kiosks[0]!, /^\/v\//);
    assert.equal(kiosks[1], '/rhec-pledge-kiosk.js');
    await context.close();
  });
});
