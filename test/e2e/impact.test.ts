/**
 * The public picture in Chromium against a real local Worker: the impact page passes axe in
 * both languages, reads at 320 px and in forced colours; the counter element renders on a
 * hostile page under a strict CSP, links to the pledge, and never shows a count below 5.
 */
import { testPort } from '../support/ports.ts';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startLocalWorker, type LocalWorker } from '../support/local-worker.ts';
import { serveTestPages } from '../support/static-pages.ts';

const PAGE_PORT = testPort(5177);
const WORKER_PORT = testPort(8794);
const SHOTS = new URL('../../screenshots/impact/', import.meta.url); // git-ignored, for a person to look at
const HOSTILE_CSS = '* { box-sizing: content-box; font: 30px serif !important; color: red !important } a { display: none } b, span { visibility: hidden }';

/** Confirmed pledges, as confirmation leaves them (row and aggregate). */
async function seed(worker: LocalWorker, rows: [region: string | null, partner: string, n: number][]) {
  let i = 0;
  const sql: string[] = [];
  for (const [region, partner, n] of rows) {
    for (let k = 0; k < n; k++, i++) {
      sql.push(
        `INSERT INTO pledges (id, partner_id, email, name, role, region, status, confirmed_at) VALUES ('seed-${i}', '${partner}', 'seed-${i}@example.org', 'Seed', '${['radiologist', 'trainee', 'nurse'][i % 3]}', ${region ? `'${region}'` : 'NULL'}, 'confirmed', '2026-0${1 + (i % 3)}-1${i % 10}T10:00:00Z');`,
      );
    }
  }
  sql.push(`UPDATE pledge_counts SET confirmed = (SELECT count(*) FROM pledges p WHERE p.partner_id = pledge_counts.partner_id AND p.status = 'confirmed');`);
  await worker.query(sql.join('\n'));
}

/** A page's content under its header: a screenful, as a news page has. */
const PAGE_BELOW = '</header><main><h1>News</h1><p style="min-height: 600px">The page goes on.</p></main>';

/** EMBEDDING.md's reservation for the counter, as a webmaster copies it. */
function reservation(): string {
  // Every line of its block that names the counter not yet ready (the base height and the narrower pages' ones).
  const lines = readFileSync(new URL('../../EMBEDDING.md', import.meta.url), 'utf8').split('\n').filter((l) => /^(@media [^{]*\{ )?rhec-pledge-count:not\(\[ready\]\) \{/.test(l));
  assert.ok(lines.length >= 3, 'EMBEDDING.md gives the counter\'s reservation, for wide and narrow pages');
  return lines.join('\n');
}

function counterPage(worker: string, attrs: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Counter test</title>${head}</head>
  <body><header><script src="${worker}/rhec-pledge-count.js" async></script>
  <rhec-pledge-count ${attrs}></rhec-pledge-count></header></body></html>`;
}

async function watch(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${(err as Error).message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.location().url?.endsWith('/favicon.ico')) problems.push(`console: ${msg.text()}`);
  });
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return problems;
}

describe('the impact page and the counter', () => {
  let worker: LocalWorker;
  let pages: Awaited<ReturnType<typeof serveTestPages>>;
  let browser: Browser;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [`http://localhost:${PAGE_PORT}`] });
    await seed(worker, [['US-CA', 'rsna', 30], ['US-NY', 'sir', 12], ['US-WY', 'sir', 3], ['US-PR', 'acr', 2], ['MX', 'acr', 6], [null, 'aur', 4]]);
    // Five pledges confirmed more than a year ago: they count, but are not "active this year" (52 of 57). (With 1 to 4
    // of them, `active` is withheld: the lapsed count would be the difference, see worker/impact/suppress.ts.)
    await worker.query(`UPDATE pledges SET confirmed_at = '2024-06-01T10:00:00Z' WHERE id IN ('seed-0', 'seed-1', 'seed-2', 'seed-3', 'seed-4')`);
    // Seven pledgers each reported an action: the counter and /impact say so (from 5).
    await worker.query(`INSERT INTO pledge_actions (id, pledge_id, kind) SELECT 'act-' || id, id, 'outreach' FROM pledges WHERE id IN ('seed-3', 'seed-4', 'seed-5', 'seed-6', 'seed-7', 'seed-8', 'seed-9')`);
    const csp = `default-src 'none'; script-src ${worker.url}; connect-src ${worker.url}`;
    pages = await serveTestPages(PAGE_PORT, {
      '/hostile-es': {
        html: counterPage(worker.url, 'partner="rsna" lang="es"', `<style>${HOSTILE_CSS}</style>`),
        headers: { 'Content-Security-Policy': `${csp}; style-src 'unsafe-inline'` },
      },
      '/strict': { html: counterPage(worker.url, 'partner="sir" href="https://www.sirweb.org/pledge"'), headers: { 'Content-Security-Policy': csp } },
      '/small': { html: counterPage(worker.url, 'partner="aur"'), headers: { 'Content-Security-Policy': csp } },
      // A light page (white, whatever the visitor's system) with the counter left to follow the system.
      '/auto-on-light': { html: counterPage(worker.url, 'partner="sir" theme="auto"').replace('<body>', '<body style="background:#fff;color:#111">') },
      // A theme's text colours the page's own rules cannot take back (WordPress themes' `* { all: revert }`).
      '/dark-reset': { html: counterPage(worker.url, 'partner="sir" theme="dark"', '<style>* { all: revert } body { background: #111 }</style>') },
      '/auto-reset': { html: counterPage(worker.url, 'partner="sir" theme="auto"', '<style>* { all: revert }</style>').replace('<body>', '<body style="background:#fff">') },
      // As React 19 and Vue set them: properties, one of them before the script defined the element.
      '/properties': {
        html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Counter test</title></head><body>
        <rhec-pledge-count id="c"></rhec-pledge-count><script>document.getElementById('c').partner = 'sir';</script>
        <script src="${worker.url}/rhec-pledge-count.js" async></script></body></html>`,
      },
      // The counter above the page's content, with and without EMBEDDING.md's reservation.
      '/reserved': { html: counterPage(worker.url, 'partner="sir"', `<style>${reservation()}</style>`).replace('</header>', PAGE_BELOW) },
      '/unreserved': { html: counterPage(worker.url, 'partner="sir"').replace('</header>', PAGE_BELOW) },
      // In Spanish, whose sentence is the longer, with a five-digit total (the seeded counts are smaller: see `shift`).
      '/reserved-es': { html: counterPage(worker.url, 'partner="rsna" lang="es"', `<style>body { margin: 16px } ${reservation()}</style>`).replace('</header>', PAGE_BELOW) },
      // A framework that cleared lang (lang=""), inside a Spanish section: the section's language, as the widget reads it.
      '/lang-cleared': { html: counterPage(worker.url, 'partner="sir" lang=""').replace('<header>', '<header lang="es">') },
      // A society's page in a right-to-left language (Arabic, Hebrew), with the counter in English.
      '/rtl': { html: counterPage(worker.url, 'partner="rsna"').replace('<html lang="en">', '<html lang="ar" dir="rtl">').replace('<header>', '<header><p lang="ar">مرحبا</p>') },
      // A bundled counter left without `api` on a site whose own API has a /api/stats of its own.
      '/own-stats': { html: counterPage(worker.url, `partner="rsna" api="http://localhost:${PAGE_PORT}"`) },
      '/api/stats': { html: '{"visitors":1234,"pages":{"home":12}}', headers: { 'Content-Type': 'application/json' } },
      '/twice': { html: counterPage(worker.url, 'partner="acr"', `<script type="module" src="${worker.url}/rhec-pledge-count.js"></script>`) },
      // Safari before 15.4, which has no Object.hasOwn (the widget serves it too): a property set before the script, and a misspelt society.
      '/no-hasown': {
        html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Counter test</title><script>delete Object.hasOwn</script></head><body>
        <rhec-pledge-count id="c"></rhec-pledge-count><script>document.getElementById('c').partner = 'sir';</script>
        <rhec-pledge-count partner="rnsa"></rhec-pledge-count>
        <script src="${worker.url}/rhec-pledge-count.js" async></script></body></html>`,
      },
      // A misspelt society, twice on one page: one warning, naming the ids there are.
      '/misspelt': { html: counterPage(worker.url, 'partner="rnsa"').replace('</header>', '<rhec-pledge-count partner="rnsa"></rhec-pledge-count></header>') },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await pages?.close();
    await worker?.stop();
  });

  for (const lang of ['en', 'es']) {
    it(`/impact?lang=${lang} passes axe and has no script`, async () => {
      const page = await browser.newPage();
      const problems = await watch(page);
      await page.goto(`${worker.url}/impact?lang=${lang}`);
      assert.equal(await page.$$eval('script', (s) => s.length), 0);
      assert.deepEqual(await axeViolations(page), []);
      // The figures' tables, opened, pass too.
      await page.$$eval('details', (d) => d.forEach((x) => ((x as HTMLDetailsElement).open = true)));
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems, []);
    });
  }

  it('reads at 320 px: nothing wider than the screen, the map scaled to fit', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 320, height: 800 });
    await page.goto(`${worker.url}/impact?lang=es`);
    await page.$$eval('details', (d) => d.forEach((x) => ((x as HTMLDetailsElement).open = true)));
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      map: document.querySelector('.map > svg')!.getBoundingClientRect().width,
      font: parseFloat(getComputedStyle(document.querySelector('p')!).fontSize),
    }));
    assert.ok(widths.page <= 320, `page is ${widths.page}px wide at 320`);
    assert.ok(widths.map > 200 && widths.map <= 300, `map is ${widths.map}px wide`);
    assert.ok(widths.font >= 14);
    // Every table within its column (the Spanish roles' "no se muestra" and bars pushed one 12 px past it).
    const tables = await page.$$eval('table', (all) =>
      all.map((t) => ({ caption: t.querySelector('caption, th')?.textContent?.trim(), over: t.getBoundingClientRect().right - t.parentElement!.getBoundingClientRect().right })),
    );
    for (const t of tables) assert.ok(t.over <= 0.5, `the table of "${t.caption}" runs ${t.over.toFixed(1)} px past its column`);
    // Each territory's and country's figure on one line ("ninguno aún" broke after "ninguno" beside "Islas Marianas del Norte").
    const broken = await page.$$eval('.figures dd', (dds) =>
      dds.filter((dd) => {
        const text = document.createRange();
        text.selectNodeContents(dd);
        return new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size > 1;
      }).map((dd) => `${dd.previousElementSibling?.textContent}: ${dd.textContent}`),
    );
    assert.ok((await page.$$('.figures dd')).length > 0, 'the page lists territories');
    assert.deepEqual(broken, [], 'every figure on one line');
    // The over-time chart's labels at a readable size (as SVG text scaled with the drawing they were 6 px).
    const labels = await page.$$eval('.chart-box p', (ps) => ps.map((p) => ({ text: p.textContent!.trim(), size: parseFloat(getComputedStyle(p).fontSize) })));
    assert.ok(labels.length >= 2, 'the chart has its figure and its day below it');
    for (const l of labels) assert.ok(l.text && l.size >= 12, `chart label "${l.text}" is ${l.size}px`);
    await page.screenshot({ path: new URL('impact-320.png', SHOTS).pathname as `${string}.png`, fullPage: true });
    await page.setViewport({ width: 1280, height: 900 });
    await (await page.$('.map'))!.screenshot({ path: new URL('impact-map-1280.png', SHOTS).pathname as `${string}.png` });
  });

  // The coalition's own page, whole (worker/about/), which the pledge and impact pages link to.
  it('/about passes axe in both languages, reads at 320 px, and keeps its quote and facts in forced colours', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    for (const lang of ['en', 'es']) {
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(`${worker.url}/about?lang=${lang}`);
      assert.equal(await page.$$eval('script', (s) => s.length), 0);
      assert.deepEqual(await axeViolations(page), [], lang);
      await page.setViewport({ width: 320, height: 800 });
      const fit = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        headings: [...document.querySelectorAll('h1, h2')].map((h) => h.tagName),
        font: parseFloat(getComputedStyle(document.querySelector('.about p:not(.coalition)')!).fontSize),
      }));
      assert.ok(fit.page <= 320, `/about?lang=${lang} is ${fit.page}px wide at 320`);
      assert.deepEqual(fit.headings, ['H1', 'H2', 'H2', 'H2', 'H2']);
      assert.ok(fit.font >= 14);
      await page.screenshot({ path: new URL(`about-${lang}-320.png`, SHOTS).pathname as `${string}.png`, fullPage: true });
    }
    await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'active' }]);
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${worker.url}/about?lang=en`);
    // The quote's rule stays a visible border when colours are forced.
    const quote = await page.$eval('blockquote', (b) => getComputedStyle(b).borderInlineStartStyle);
    assert.equal(quote, 'solid');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: new URL('about-forced-colors.png', SHOTS).pathname as `${string}.png`, fullPage: true });
    assert.deepEqual(problems, []);
  });

  it('reads in forced colours, light and dark: the map keeps its bands on its own light ground, like a picture', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage();
      await page.emulateMediaFeatures([
        { name: 'forced-colors', value: 'active' },
        { name: 'prefers-color-scheme', value: scheme },
      ]);
      await page.goto(`${worker.url}/impact?lang=en`);
      const look = await page.evaluate(() => {
        const fill = (code: string) => getComputedStyle(document.querySelector(`[data-region="${code}"]`)!).fill;
        return {
          forced: matchMedia('(forced-colors: active)').matches,
          // (A state with none is drawn as one with fewer than 5: Ohio as Wyoming.)
          none: fill('US-OH'),
          fewer: fill('US-WY'),
          some: fill('US-NY'),
          more: fill('US-CA'),
          stroke: getComputedStyle(document.querySelector('[data-region="US-CA"]')!).stroke,
          ground: getComputedStyle(document.querySelector('.map > svg')!).backgroundColor,
        };
      });
      assert.equal(look.forced, true);
      assert.equal(new Set([look.fewer, look.some, look.more]).size, 3, `bands stay apart: ${JSON.stringify(look)}`);
      assert.equal(look.none, look.fewer);
      // On a dark high-contrast theme the darkest band would vanish into a black page: the map
      // brings its own white ground and dark outlines, whatever colours the person chose.
      assert.equal(look.ground, 'rgb(255, 255, 255)', scheme);
      assert.equal(look.stroke, 'rgb(27, 31, 36)', scheme);
      // axe reads the author's colours, not the forced ones, so on the dark theme it would report the
      // page's own dark text on the forced black as low contrast (the screenshot shows white text).
      if (scheme === 'light') assert.deepEqual(await axeViolations(page), []);
      await page.screenshot({ path: new URL(`impact-forced-colors-${scheme}.png`, SHOTS).pathname as `${string}.png`, fullPage: true });
      await page.close();
    }
  });

  it('the counter renders on a hostile page under a strict CSP, in Spanish, with the society’s count', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    await page.goto(`${pages.url}/hostile-es`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('b'));
    const seen = await page.evaluate(() => {
      const root = document.querySelector('rhec-pledge-count')!.shadowRoot!;
      const a = root.querySelector('a')!;
      return {
        text: root.querySelector('p')!.textContent,
        href: a.href,
        linkVisible: a.getBoundingClientRect().height > 0 && getComputedStyle(a).display !== 'none',
        figureVisible: getComputedStyle(root.querySelector('b')!).visibility,
        color: getComputedStyle(root.querySelector('p')!).color,
        font: getComputedStyle(root.querySelector('p')!).fontSize,
      };
    });
    assert.equal(seen.text, '57 profesionales de la radiología se han comprometido a actuar: sume su nombre52 activos este año7 acciones comunicadas30 a través de la RSNA');
    assert.equal(seen.href, `${worker.url}/pledge?partner=rsna&lang=es&source=counter`);
    assert.equal(seen.linkVisible, true);
    assert.equal(seen.figureVisible, 'visible');
    assert.notEqual(seen.color, 'rgb(255, 0, 0)');
    assert.equal(seen.font, '16px');
    assert.deepEqual(problems, []);
  });

  it('the counter takes a visitor\'s text spacing, and its focus ring shows on a light page', async () => {
    const page = await browser.newPage();
    await page.goto(`${pages.url}/twice`); // (a page without a CSP, so the test can add a style)
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('b'));
    // What a text-spacing bookmarklet does (WCAG 1.4.12's test): the page's own elements, the counter's host among them.
    await page.addStyleTag({ content: '* { letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }' });
    await page.keyboard.press('Tab');
    const seen = await page.evaluate(() => {
      const root = document.querySelector('rhec-pledge-count')!.shadowRoot!;
      const p = getComputedStyle(root.querySelector('p')!);
      const a = root.activeElement === root.querySelector('a') ? getComputedStyle(root.querySelector('a')!) : null;
      return { letter: p.letterSpacing, word: p.wordSpacing, size: p.fontSize, ring: a && [a.outlineStyle, a.boxShadow] };
    });
    assert.equal(seen.letter, '1.92px'); // 0.12em of the page's 16px, inherited through the host
    assert.equal(seen.word, '2.56px');
    assert.ok(seen.ring, 'the link has focus');
    assert.equal(seen.ring![0], 'solid');
    assert.match(seen.ring![1], /^rgb\(27, 31, 36\) 0px 0px 0px 6px$/);
  });

  for (const [path, ground] of [['/auto-on-light', null], ['/auto-reset', null], ['/dark-reset', 'rgb(17, 17, 17)']] as const)
  it(`the counter stays readable when the system is dark: ${path}`, async () => {
    const page = await browser.newPage();
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await page.goto(`${pages.url}${path}`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('b'));
    const colours = await page.evaluate((ground) => {
      const p = getComputedStyle(document.querySelector('rhec-pledge-count')!.shadowRoot!.querySelector('p')!);
      return { text: p.color, background: ground ?? p.backgroundColor };
    }, ground);
    // The light text of the dark scheme, on a ground of its own (not the page's white through a transparent one).
    const rgb = (c: string) => c.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);
    const luminance = (c: string) => {
      const [r, g, b] = rgb(c).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    assert.notEqual(colours.background, 'rgba(0, 0, 0, 0)', 'a ground of its own'); // (theme="dark": on the page's dark ground)
    const [hi, lo] = [luminance(colours.text), luminance(colours.background)].sort((a, b) => b - a);
    assert.ok((hi! + 0.05) / (lo! + 0.05) >= 4.5, `contrast of ${JSON.stringify(colours)}`);
    await page.close();
  });

  it('the counter links where the site says, and never shows a count below 5', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    await page.goto(`${pages.url}/strict`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('b'));
    const strict = await page.evaluate(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.textContent);
    assert.equal(strict, '57 radiology professionals have committed to act — add your name52 active this year7 actions reported15 through SIR');
    assert.equal(await page.evaluate(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.querySelector('a')!.href), 'https://www.sirweb.org/pledge');
    // AUR has 4 confirmed pledges: its line is left out rather than showing 4.
    await page.goto(`${pages.url}/small`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('b'));
    const small = await page.evaluate(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.textContent);
    assert.equal(small, '57 radiology professionals have committed to act — add your name52 active this year7 actions reported');
    assert.deepEqual(problems, []);
  });

  it('the counter takes partner, api and href as properties (as React and Vue set them), also set before it was defined', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    await page.goto(`${pages.url}/properties`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('[part=partner]'));
    const read = () => page.evaluate(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.querySelector('[part=partner]')?.textContent ?? null);
    assert.equal(await read(), '15 through SIR');
    assert.equal(await page.evaluate(() => document.querySelector('rhec-pledge-count')!.getAttribute('partner')), 'sir');
    // A re-render sets them again: no TypeError, and the change shows.
    const link = await page.evaluate((api) => {
      const el = document.querySelector('rhec-pledge-count') as HTMLElement & { partner: string; api: string; href: string };
      el.partner = 'RSNA';
      el.api = api;
      el.href = 'https://www.rsna.org/pledge';
      return { partner: el.partner, link: el.shadowRoot!.querySelector('a')!.href };
    }, worker.url);
    assert.deepEqual(link, { partner: 'RSNA', link: 'https://www.rsna.org/pledge' });
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.querySelector('[part=partner]')?.textContent === '30 through RSNA');
    // null takes the attribute away (React and Vue pass it for "none"): back to the hosted page.
    const hosted = await page.evaluate(() => {
      const el = document.querySelector('rhec-pledge-count') as HTMLElement & { href: string | null };
      el.href = null;
      return { attribute: el.hasAttribute('href'), link: el.shadowRoot!.querySelector('a')!.href };
    });
    assert.deepEqual(hosted, { attribute: false, link: `${worker.url}/pledge?partner=rsna&lang=en&source=counter` });
    // An api that is no service's address (about:blank, data:) falls back to the script's origin, without an error.
    const odd = await page.evaluate(() => {
      const el = document.querySelector('rhec-pledge-count') as HTMLElement & { api: string };
      el.api = 'about:blank';
      const blank = el.shadowRoot!.querySelector('a')!.href;
      el.api = 'data:,x';
      return [blank, el.shadowRoot!.querySelector('a')!.href];
    });
    assert.deepEqual(odd, [`${worker.url}/pledge?partner=rsna&lang=en&source=counter`, `${worker.url}/pledge?partner=rsna&lang=en&source=counter`]);
    assert.deepEqual(problems, []);
  });

  it('the counter keeps the keyboard on "add your name" when the counts arrive and when the page switches its language', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    // The counts held back (a slow connection) until the visitor has tabbed to the link; then the real answer.
    await page.setRequestInterception(true);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    page.on('request', (request) => {
      if (request.url().endsWith('/api/stats')) void held.then(() => request.continue());
      else void request.continue();
    });
    await page.goto(`${pages.url}/strict`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('a'));
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => {
      const el = document.querySelector('rhec-pledge-count')!;
      const a = el.shadowRoot!.activeElement;
      return document.activeElement === el && a?.tagName === 'A' ? a.textContent : null;
    });
    assert.equal(await focused(), 'add your name');
    release();
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.querySelector('b')?.textContent === '57');
    assert.equal(await focused(), 'add your name', 'the counts arrived: the keyboard is still on the link');
    // A site's language toggle switches it in place: the link is said in Spanish, and still holds the keyboard.
    await page.evaluate(() => (document.documentElement.lang = 'es'));
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.querySelector('p')!.lang === 'es');
    assert.equal(await focused(), 'sume su nombre');
    assert.match(await page.evaluate(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.textContent!), /^57 profesionales de la radiología se han comprometido a actuar: sume su nombre/);
    assert.deepEqual(problems, []);
  });

  it('the counter asks again after a failed read, and says once in the console why it shows no figure', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    const warnings: string[] = [];
    page.on('console', (msg) => msg.type() === 'warn' && warnings.push(msg.text()));
    await page.setRequestInterception(true);
    let refuse = true;
    let asked = 0;
    page.on('request', (request) => {
      if (!request.url().endsWith('/api/stats')) return void request.continue();
      asked += 1;
      if (refuse) void request.respond({ status: 503, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' }, body: '{}' });
      else void request.continue();
    });
    await page.goto(`${pages.url}/strict`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('a'));
    for (let i = 0; i < 50 && !warnings.length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await page.evaluate(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.querySelector('b')), null, 'no figure without counts');
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /could not be read from .*\/api\/stats \(it answered 503\)/);
    // The service is back: a counter connected later (a single-page app's next view) asks again.
    refuse = false;
    await page.evaluate(() => document.body.append(document.createElement('rhec-pledge-count')));
    await page.waitForFunction(() => document.querySelectorAll('rhec-pledge-count')[1]?.shadowRoot?.querySelector('b')?.textContent === '57');
    assert.equal(asked, 2);
    assert.equal(warnings.length, 1, 'one warning only');
    assert.equal(await page.evaluate(() => document.querySelector('rhec-pledge-count')!.hasAttribute('ready')), true, 'ready: no counts are coming');
    // (The refused read shows as a failed request in the console: not a problem of the page.)
    assert.deepEqual(problems.filter((p) => !/503/.test(p)), []);
  });

  it('the counter says in the console whether the service refused this page or could not be reached', async () => {
    // A page on an origin registered for no society, with one counter asking this service (which
    // refuses it) and one asking a port where nothing listens.
    const closed = `http://localhost:${testPort(8833)}`;
    const unregistered = await serveTestPages(testPort(5196), {
      '/two': { html: counterPage(worker.url, 'partner="sir"').replace('</header>', `<rhec-pledge-count api="${closed}"></rhec-pledge-count></header>`) },
    });
    const page = await browser.newPage();
    try {
      const warnings: string[] = [];
      page.on('console', (msg) => msg.type() === 'warn' && warnings.push(msg.text()));
      await page.goto(`${unregistered.url}/two`);
      for (let i = 0; i < 50 && warnings.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(warnings.length, 2, warnings.join('\n'));
      assert.ok(warnings.some((w) => w.includes(`${worker.url}/api/stats (it answered, but not to this page's origin (${unregistered.url}): is it registered for a partner?)`)), warnings.join('\n'));
      assert.ok(warnings.some((w) => w.includes(`${closed}/api/stats (it could not be reached`)), warnings.join('\n'));
      assert.ok(!warnings.some((w) => /it answered (\d|with)/.test(w)), warnings.join('\n')); // neither is an error status
    } finally {
      await page.close();
      await unregistered.close();
    }
  });

  it('the counter warns once, in the console, of a partner id that is not a coalition partner (as the widget does)', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    const warnings: string[] = [];
    page.on('console', (msg) => msg.type() === 'warn' && warnings.push(msg.text()));
    await page.goto(`${pages.url}/misspelt`);
    await page.waitForFunction(() => [...document.querySelectorAll('rhec-pledge-count')].every((c) => c.hasAttribute('ready')));
    for (let i = 0; i < 10 && !warnings.length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /^<rhec-pledge-count>: partner="rnsa" is not an active partner id, so no society count is shown\. Use one of: .*\brsna\b/);
    assert.equal(await page.evaluate(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.querySelector('[part=partner]')), null);
    assert.deepEqual(problems, []);
    // A known id says nothing.
    const quiet = await browser.newPage();
    const more: string[] = [];
    quiet.on('console', (msg) => msg.type() === 'warn' && more.push(msg.text()));
    await quiet.goto(`${pages.url}/twice`);
    await quiet.waitForFunction(() => document.querySelector('rhec-pledge-count')?.hasAttribute('ready'));
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(more, []);
    await quiet.close();
    await page.close();
  });

  it('the counter works in a browser without Object.hasOwn (Safari before 15.4)', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    await page.goto(`${pages.url}/no-hasown`);
    await page.waitForFunction(() => [...document.querySelectorAll('rhec-pledge-count')].every((c) => c.hasAttribute('ready')), { timeout: 10_000 });
    assert.equal(await page.evaluate(() => 'hasOwn' in Object), false);
    // The property set before the script was taken: the society's line is there.
    assert.match((await page.evaluate(() => document.querySelector('#c')!.shadowRoot!.querySelector('[part=partner]')?.textContent)) ?? '', /SIR/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("the counter shows no figure, and says why, when its api answers JSON of its own (a site's own /api/stats), rather than fail", async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    const warnings: string[] = [];
    page.on('console', (msg) => void (msg.type() === 'warn' && warnings.push(msg.text())));
    await page.goto(`${pages.url}/own-stats`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.hasAttribute('ready'));
    // Rendered again after the answer: the sentence without a figure, and no society line.
    assert.match(await page.evaluate(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.textContent ?? ''), /^Radiology professionals are committing to act/);
    assert.deepEqual(problems, []);
    assert.deepEqual(warnings, [`<rhec-pledge-count>: no figure is shown: the counts could not be read from http://localhost:${PAGE_PORT}/api/stats (it answered with something else).`]);
    await page.close();
  });

  it('the counter says it is ready once its counts answered, and with EMBEDDING.md\'s reservation moves nothing below it', async () => {
    const shift = async (path: string, down = false, width = 1024, total?: number) => {
      const page = await browser.newPage();
      await page.setViewport({ width, height: 800 });
      await page.evaluateOnNewDocument(() => {
        (window as unknown as { cls: number }).cls = 0;
        new PerformanceObserver((l) => l.getEntries().forEach((e) => ((window as unknown as { cls: number }).cls += (e as unknown as { value: number }).value))).observe({ type: 'layout-shift', buffered: true });
      });
      // The counts take half a second, as on a real network: the page has painted before they come.
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (!request.url().endsWith('/api/stats')) return void request.continue();
        // (Down: it answers 503, and the counter shows its one sentence without figures.)
        // (A five-digit total, for the widest sentence: the real answer with its figures raised.)
        const raised = async () => {
          const counts = (await (await fetch(request.url())).json()) as Record<string, unknown>;
          await request.respond({ status: 200, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify({ ...counts, total: total, active: total }) });
        };
        setTimeout(() => void (down ? request.respond({ status: 503, headers: { 'Access-Control-Allow-Origin': '*' }, body: '' }) : total ? raised() : request.continue()), 500);
      });
      await page.goto(`${pages.url}${path}`);
      await page.waitForFunction(down ? () => document.querySelector('rhec-pledge-count[ready]') : () => document.querySelector('rhec-pledge-count[ready]')?.shadowRoot?.querySelector('[part=partner]'));
      await new Promise((r) => setTimeout(r, 300));
      const cls = await page.evaluate(() => (window as unknown as { cls: number }).cls);
      await page.close();
      return cls;
    };
    assert.ok((await shift('/unreserved')) > 0.01, 'without a reservation the page below moves (the test can see it)');
    assert.ok((await shift('/reserved')) < 0.001, 'with the reservation it does not');
    // The service down (or counts below 5): one line where four were reserved. It keeps the
    // reserved height rather than pull the page up.
    assert.ok((await shift('/reserved', true)) < 0.001, 'down, it keeps the reserved space');
    // On phones and tablets, where its sentence wraps to two or three lines.
    for (const width of [320, 375, 414, 420, 768, 775]) assert.ok((await shift('/reserved-es', false, width, 12_345)) < 0.001, `at ${width} px, in Spanish`);
  });

  it('the counter reads an empty lang as none, and speaks the language around it, as the widget does', async () => {
    const page = await browser.newPage();
    await page.goto(`${pages.url}/lang-cleared`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('b'));
    assert.match(await page.evaluate(() => document.querySelector('rhec-pledge-count')!.shadowRoot!.textContent ?? ''), /profesionales de la radiología se han comprometido/);
    await page.close();
  });

  it('the counter reads in order on a right-to-left page: its figure before its words, not after them', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    await page.goto(`${pages.url}/rtl`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('[part=partner]'));
    const read = await page.evaluate(() => {
      const root = document.querySelector('rhec-pledge-count')!.shadowRoot!;
      const left = (el: Element) => el.getBoundingClientRect().left;
      // The partner line is a figure after words ("30 through RSNA" reads "through RSNA 30" when drawn right to left).
      const line = root.querySelector('[part=partner]')!;
      const range = document.createRange();
      range.setStart(line.firstChild!, 0);
      range.setEnd(line.firstChild!, 2);
      const figure = range.getBoundingClientRect().left;
      range.setStart(line.firstChild!, 3);
      range.setEnd(line.firstChild!, line.firstChild!.textContent!.length);
      return { total: left(root.querySelector('b')!) < left(root.querySelector('a')!), partner: figure < range.getBoundingClientRect().left, line: line.textContent };
    });
    assert.equal(read.line, '30 through RSNA');
    assert.deepEqual({ total: read.total, partner: read.partner }, { total: true, partner: true }, 'the figures stand before their words');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the counter switches language with the page when a site changes <html lang> in place', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    await page.goto(`${pages.url}/unreserved`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('b'));
    const read = () =>
      page.evaluate(() => {
        const root = document.querySelector('rhec-pledge-count')!.shadowRoot!;
        return { text: root.textContent ?? '', lang: root.querySelector('p')!.lang, href: root.querySelector('a')!.href };
      });
    assert.match((await read()).text, /radiology professionals have committed to act/);
    await page.evaluate(() => (document.documentElement.lang = 'es'));
    await page.waitForFunction(() => /se han comprometido/.test(document.querySelector('rhec-pledge-count')!.shadowRoot!.textContent ?? ''));
    const es = await read();
    assert.equal(es.lang, 'es');
    assert.match(es.href, /[?&]lang=es(&|$)/);
    await page.evaluate(() => (document.documentElement.lang = 'en'));
    await page.waitForFunction(() => /have committed to act/.test(document.querySelector('rhec-pledge-count')!.shadowRoot!.textContent ?? ''));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the counter script loaded twice does no harm', async () => {
    const page = await browser.newPage();
    const problems = await watch(page);
    await page.goto(`${pages.url}/twice`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge-count')?.shadowRoot?.querySelector('b'));
    assert.equal(await page.$$eval('rhec-pledge-count', (els) => els.length), 1);
    assert.deepEqual(problems, []);
  });
});
