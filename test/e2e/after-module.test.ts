/**
 * What follows the form's first interaction (sending, the error summary, the thank-you panel,
 * Turnstile) is a module of its own (src/after/after.ts), fetched from the pledge host only when
 * a visitor starts on the form: the built drop-in script and module, in Chromium, against the
 * local Worker. Its loss must never lose a pledge.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { axeViolations } from '../support/axe.ts';
import { inWidget, launchChromium } from '../support/browser.ts';
import { startLocalWorker, type LocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';
import { serveTestPages } from '../support/static-pages.ts';

const PAGE_PORT = testPort(5197);
const WORKER_PORT = testPort(8817);
const PINNED = /^\/v\/[0-9a-f]{16}\/rhec-pledge-after\.js$/;

async function counted(page: Page) {
  await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.querySelector('.count__total'), { timeout: 15_000 });
}

/** What a page's request for the module gets: the Worker's answer, a 404, no connection, or this module text. */
type ModuleAnswer = 'served' | 'missing' | 'unreachable' | { body: string };

/** Answers the page's requests for the after module by `answer(path)`; the paths asked for, in order. */
async function interceptModule(page: Page, answer: (path: string) => ModuleAnswer): Promise<string[]> {
  await page.setRequestInterception(true);
  const asked: string[] = [];
  page.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    if (!path.endsWith('/rhec-pledge-after.js')) return void req.continue();
    asked.push(path);
    const a = answer(path);
    if (a === 'served') void req.continue();
    else if (a === 'missing') void req.respond({ status: 404, body: 'not found' });
    else if (a === 'unreachable') void req.abort('internetdisconnected');
    else void req.respond({ status: 200, contentType: 'text/javascript', headers: { 'Access-Control-Allow-Origin': '*' }, body: a.body });
  });
  return asked;
}

async function submit(page: Page, panel: '#thanks' | '#problem') {
  await page.locator('rhec-pledge >>> button[type="submit"]').click();
  await page.locator(`rhec-pledge >>> ${panel}`).setTimeout(10_000).wait();
}

/** Values set and the form sent by script, with no focus (as an autofill extension or a test tool might). */
function sendByScript(page: Page, email: string) {
  return inWidget(
    page,
    `(root.querySelector('#name').value = 'Marie Curie', root.querySelector('#email').value = '${email}',
      root.querySelector('#role-physicist').checked = true, root.querySelector('#commitment').checked = true,
      root.querySelector('form').requestSubmit(), true)`,
  );
}

async function fill(page: Page, email: string) {
  await page.locator('rhec-pledge >>> #name').fill('Rosalyn Yalow');
  await page.locator('rhec-pledge >>> #email').fill(email);
  await page.locator('rhec-pledge >>> #role-physicist').click();
  await page.locator('rhec-pledge >>> #commitment').click();
}

describe('the module loaded after the first interaction', () => {
  let worker: LocalWorker;
  let pages: Awaited<ReturnType<typeof serveTestPages>>;
  let browser: Browser;

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [`http://localhost:${PAGE_PORT}`] });
    const pinned = ((await (await fetch(`${worker.url}/rhec-pledge.json`)).json()) as { path: string }).path;
    const page = (body: string, script = '/rhec-pledge.js') =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head>
        <body><main><h1>Partner</h1><script src="${worker.url}${script}" async></script>${body}</main></body></html>`;
    pages = await serveTestPages(PAGE_PORT, {
      '/plain': { html: page('<rhec-pledge partner="rsna"></rhec-pledge>') },
      '/upper': { html: page('<rhec-pledge partner=" RSNA"></rhec-pledge>') },
      '/two': { html: page('<rhec-pledge partner="rsna"></rhec-pledge><rhec-pledge partner="sir" lang="es"></rhec-pledge>') },
      '/turnstile': { html: page('<rhec-pledge partner="rsna" turnstile-site-key="0x4AAA-test"></rhec-pledge>') },
      '/pinned': { html: page('<rhec-pledge partner="rsna"></rhec-pledge>', pinned) },
      // As WordPress's wp_enqueue_script writes it: with `?ver=` (its version) after the address.
      '/pinned-ver': { html: page('<rhec-pledge partner="rsna"></rhec-pledge>', `${pinned}?ver=6.7.1`) },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await pages?.close();
    await worker?.stop();
  });

  async function storedCount(email: string, wanted: number): Promise<number> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [row] = await worker.query<{ n: number }>(`SELECT count(*) AS n FROM pledges WHERE email = '${email}'`);
      if ((row?.n ?? 0) >= wanted || Date.now() > deadline) return row?.n ?? 0;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('lists the pinned script and the modules it imports at /v/index.json, each of them served', async () => {
    const res = await fetch(`${worker.url}/v/index.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const { files } = (await res.json()) as { files: string[] };
    const pinned = ((await (await fetch(`${worker.url}/rhec-pledge.json`)).json()) as { path: string }).path;
    assert.ok(files.includes(pinned), `${pinned} is not listed`);
    const imported = (await (await fetch(`${worker.url}${pinned}`)).text()).match(/\/v\/[0-9a-f]{16}\/rhec-pledge-[a-z]+\.js/g) ?? [];
    assert.ok(imported.length >= 2, 'the pinned script imports its modules by their pinned paths');
    for (const path of imported) assert.ok(files.includes(path), `${path} is not listed`);
    for (const path of files) assert.equal((await fetch(`${worker.url}${path}`)).status, 200, path);
  });

  it('is not fetched by a visitor who only reads, and is fetched once, its pinned copy, on the form\'s first focus', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (req) => {
      if (req.url().endsWith('.js')) scripts.push(new URL(req.url()).pathname);
    });
    await page.goto(`${pages.url}/plain`);
    await counted(page);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(scripts, ['/rhec-pledge.js']);
    await page.locator('rhec-pledge >>> #name').click();
    await page.locator('rhec-pledge >>> #email').click();
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('rhec-pledge-after')));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(scripts.length, 2);
    assert.match(scripts[1]!, PINNED);
    await context.close();
  });

  it('on a site registered for no society, gives the form\'s place to the coalition\'s page as the form is first used, or when a pledge is sent', async () => {
    // A page on an origin the Worker never registered: its counts and its pledges are refused by the browser (CORS).
    const unregistered = await serveTestPages(testPort(5198), {
      '/plain': {
        html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head>
          <body><main><h1>Partner</h1><script src="${worker.url}/rhec-pledge.js" async></script><rhec-pledge partner="rsna" source="flyer"></rhec-pledge></main></body></html>`,
      },
    });
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      const warnings: string[] = [];
      page.on('console', (m) => void (m.type() === 'warn' && warnings.push(m.text())));
      await page.goto(`${unregistered.url}/plain`);
      await page.waitForFunction(() => document.querySelector('rhec-pledge')?.hasAttribute('ready'));
      await page.locator('rhec-pledge >>> #name').click();
      await page.locator('rhec-pledge >>> .problem a').setTimeout(10_000).wait();
      assert.equal(await inWidget(page, "root.querySelector('form')"), null, 'the form gave way');
      assert.match(await inWidget<string>(page, "root.querySelector('.problem').textContent"), /not set up correctly on this site/);
      assert.equal(await inWidget(page, "root.querySelector('.problem a').getAttribute('href')"), `${worker.url}/pledge?partner=rsna&lang=en&source=flyer`);
      await page.waitForFunction(() => document.querySelector('rhec-pledge')?.shadowRoot?.activeElement?.matches('.problem a'));
      assert.ok(warnings.some((w) => w.includes('is not registered for any partner')), warnings.join('\n'));
      assert.deepEqual(await axeViolations(page), []);

      // Sent before that answer could come (values set and sent by script at once): the same, not "check your connection".
      const sent = await context.newPage();
      await sent.goto(`${unregistered.url}/plain`);
      await sent.waitForFunction(() => document.querySelector('rhec-pledge')?.hasAttribute('ready'));
      await sendByScript(sent, `unregistered.${Date.now()}@example.org`);
      await sent.locator('rhec-pledge >>> .problem a').setTimeout(10_000).wait();
      assert.equal(await inWidget(sent, "root.querySelector('#problem')"), null, 'no "check your connection"');
    } finally {
      await context.close();
      await unregistered.close();
    }
  });

  it('is fetched at the send when the form was never focused, and the pledge is taken', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const email = `after.unfocused.${Date.now()}@example.org`;
    await page.goto(`${pages.url}/plain`);
    await counted(page);
    // Values set and the form sent by script, no focus: as an autofill extension or a test tool might.
    await sendByScript(page, email);
    await page.locator('rhec-pledge >>> #thanks').setTimeout(10_000).wait();
    assert.equal(await storedCount(email, 1), 1);
    await context.close();
  });

  it('fires its events (the module\'s and the script\'s) with the society as the service writes it, from the built script', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${pages.url}/upper`);
    await counted(page);
    await page.evaluate(() => {
      const w = window as unknown as { __events: unknown[] };
      w.__events = [];
      for (const type of ['rhec-pledge-submit', 'rhec-pledge-error', 'rhec-pledge-success']) {
        document.addEventListener(type, (e) => w.__events.push([type, (e as CustomEvent).detail]));
      }
    });
    await page.locator('rhec-pledge >>> button[type="submit"]').click();
    await page.locator('rhec-pledge >>> .error-summary').setTimeout(10_000).wait();
    await fill(page, `after.events.${Date.now()}@example.org`);
    await submit(page, '#thanks');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events), [
      ['rhec-pledge-submit', { partner: 'rsna', lang: 'en', corrected: false }],
      ['rhec-pledge-error', { partner: 'rsna', kind: 'validation', fields: ['name', 'email', 'role', 'commitment'] }],
      ['rhec-pledge-submit', { partner: 'rsna', lang: 'en', corrected: false }],
      ['rhec-pledge-success', { partner: 'rsna', lang: 'en', role: 'physicist', corrected: false }],
    ]);
    await context.close();
  });

  it('falls back to the current module when its pinned copy is gone (a script cached from before a deploy)', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const modules = await interceptModule(page, (path) => (PINNED.test(path) ? 'missing' : 'served'));
    const email = `after.fallback.${Date.now()}@example.org`;
    await page.goto(`${pages.url}/plain`);
    await counted(page);
    await fill(page, email);
    await submit(page, '#thanks');
    assert.equal(modules.length, 2);
    assert.match(modules[0]!, PINNED);
    assert.equal(modules[1], '/rhec-pledge-after.js');
    // The thank-you panel is the module's, with its styles: the share links are there and laid out.
    assert.equal(await inWidget(page, "root.querySelectorAll('.share li').length"), 4);
    assert.equal(await inWidget(page, "getComputedStyle(root.querySelector('.share')).display"), 'flex');
    assert.equal(await storedCount(email, 1), 1);
    await context.close();
  });

  it('draws its links for an element of an earlier release (hostedUrl, no hosted())', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await interceptModule(page, () => 'served');
    await page.goto(`${pages.url}/plain`);
    await counted(page);
    // The element as a drop-in script from before hosted() made it: hostedUrl only, without the source.
    await page.evaluate(() => {
      const proto = Object.getPrototypeOf(document.querySelector('rhec-pledge')) as Record<string, unknown> & { apiOrigin: string };
      delete proto.hosted;
      Object.defineProperty(proto, 'hostedUrl', {
        configurable: true,
        get(this: { apiOrigin: string; partner: string; language: string }) {
          return `${this.apiOrigin}/pledge?partner=${this.partner}&lang=${this.language}`;
        },
      });
    });
    await fill(page, `after.older.${Date.now()}@example.org`);
    await submit(page, '#thanks');
    const copy = await inWidget<string>(page, "decodeURIComponent(root.querySelector('.share a').href)");
    assert.match(copy, new RegExp(`url=${worker.url.replace(/[.:/]/g, '\\$&')}/pledge\\?partner=rsna&lang=en&source=share`));
    await context.close();
  });

  it('when it cannot be fetched, says the pledge was not sent, keeps what was typed, and sends it once with Try again', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    let reachable = false;
    await interceptModule(page, () => (reachable ? 'served' : 'unreachable'));
    const email = `after.unreachable.${Date.now()}@example.org`;
    await page.goto(`${pages.url}/plain`);
    await counted(page);
    await page.evaluate(() => {
      const w = window as unknown as { __events: unknown[] };
      w.__events = [];
      for (const type of ['rhec-pledge-submit', 'rhec-pledge-error']) {
        document.addEventListener(type, (e) => w.__events.push([type, (e as CustomEvent).detail]));
      }
    });
    await fill(page, email);
    await submit(page, '#problem');
    assert.match(await inWidget<string>(page, "root.querySelector('#problem').textContent"), /could not be sent/);
    assert.equal(await inWidget(page, 'root.activeElement?.id'), 'problem');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events), [
      ['rhec-pledge-submit', { partner: 'rsna', lang: 'en', corrected: false }],
      ['rhec-pledge-error', { partner: 'rsna', kind: 'network', fields: [] }],
    ]);
    assert.equal(await inWidget(page, "root.querySelector('#email').value"), email);
    assert.equal(await inWidget(page, "root.querySelector('button[type=submit]').textContent.trim()"), 'Sign the pledge');
    assert.deepEqual(await axeViolations(page), []);
    assert.equal(await storedCount(email, 0), 0);

    reachable = true;
    await page.locator('rhec-pledge >>> #problem button').click();
    await page.locator('rhec-pledge >>> #thanks').setTimeout(10_000).wait();
    assert.equal(await storedCount(email, 1), 1);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await storedCount(email, 2), 1, 'one pledge, not two');
    await context.close();
  });

  it('is fetched once for every widget on the page', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const modules: string[] = [];
    page.on('request', (req) => {
      if (new URL(req.url()).pathname.endsWith('/rhec-pledge-after.js')) modules.push(req.url());
    });
    await page.goto(`${pages.url}/two`);
    await page.waitForFunction(() => [...document.querySelectorAll('rhec-pledge')].every((el) => el.shadowRoot?.querySelector('.count__total')), { timeout: 15_000 });
    await page.locator('rhec-pledge[partner="rsna"] >>> #name').click();
    await page.locator('rhec-pledge[partner="sir"] >>> #name').click();
    await page.locator('rhec-pledge[partner="sir"] >>> #email').click();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(modules.length, 1, modules.join(', '));
    // Both widgets use it: the second, in Spanish, shows the module's summary in Spanish.
    await page.locator('rhec-pledge[partner="sir"] >>> button[type="submit"]').click();
    await page.locator('rhec-pledge[partner="sir"] >>> #error-summary').wait();
    const title = await page.evaluate(() => document.querySelector('rhec-pledge[partner="sir"]')!.shadowRoot!.querySelector('.error-summary__title')!.textContent);
    assert.equal(title, 'Hay un problema');
    await context.close();
  });

  it('a module that fails while sending leaves the form usable and says the pledge was not sent', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    // A module of another shape (a cached script meeting a newer release): its send throws.
    await interceptModule(page, () => ({
      body:
        'export function attach() {} export function turnstile() {} export function summary() { return ""; } export function thanks() { return ""; }' +
        ' export async function send() { throw new TypeError("el.phase is gone"); }',
    }));
    await page.goto(`${pages.url}/plain`);
    await counted(page);
    await fill(page, `after.throws.${Date.now()}@example.org`);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await submit(page, '#problem');
    assert.equal(await inWidget(page, "root.querySelector('form').getAttribute('aria-busy')"), 'false');
    assert.equal(await inWidget(page, "root.querySelector('button[type=submit]').textContent.trim()"), 'Sign the pledge');
    assert.deepEqual(errors, [], 'nothing else of that module is used');
    await context.close();
  });

  it('renders Turnstile at the send when the module could not be fetched on the first focus', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(() => {
      // Turnstile's own client is beyond this machine: stand in for it at its API boundary.
      const w = window as unknown as { __renders: number; turnstile: unknown };
      w.__renders = 0;
      w.turnstile = {
        render: (_el: unknown, options: { callback(token: string): void }) => {
          w.__renders++;
          options.callback('token-from-turnstile');
          return 'widget-1';
        },
        reset: () => {},
      };
    });
    let reachable = false;
    await interceptModule(page, () => (reachable ? 'served' : 'unreachable'));
    const email = `after.turnstile.${Date.now()}@example.org`;
    await page.goto(`${pages.url}/turnstile`);
    await counted(page);
    await fill(page, email);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await page.evaluate(() => (window as unknown as { __renders: number }).__renders), 0);
    reachable = true;
    // Sent with no new focus (as Enter in a field does), so only the send fetches the module.
    await inWidget(page, "root.querySelector('form').requestSubmit()");
    await page.locator('rhec-pledge >>> #thanks').setTimeout(10_000).wait();
    assert.equal(await page.evaluate(() => (window as unknown as { __renders: number }).__renders), 1);
    assert.equal(await storedCount(email, 1), 1);
    await context.close();
  });

  for (const [path, how] of [['/pinned', ''], ['/pinned-ver', ', with a query after its address (?ver=, as WordPress enqueues it)']]) {
    it(`a pinned script takes only the module released with it, never the current one${how}`, async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const modules = await interceptModule(page, (path) => (PINNED.test(path) ? 'missing' : 'served'));
      await page.goto(`${pages.url}${path}`);
      await counted(page);
      await fill(page, `after.pinned.${Date.now()}@example.org`);
      await submit(page, '#problem');
      assert.ok(modules.length >= 1 && modules.every((path) => PINNED.test(path)), modules.join(', '));
      await context.close();
    });
  }
});
