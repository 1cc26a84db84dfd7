/**
 * The layout-shift budget: a page that reserves the widget's height as EMBEDDING.md says
 * (its ```css reservation block, read from the guide itself) does not move while the script
 * loads, renders and fetches the counts: cumulative layout shift ≤ 0.01, at several widths, in
 * both layouts, with text below the widget inside the viewport. A budget, like the bundle size.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchChromium } from '../support/browser.ts';
import { startLocalWorker, type LocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';
import { serveTestPages } from '../support/static-pages.ts';

const PAGE_PORT = testPort(5177);
const WORKER_PORT = testPort(8793);
const CLS_BUDGET = 0.01;

/**
 * Counts as a live coalition has them, so every line of the count shows with figures of a real
 * length: 12,345 confirmed pledges (total and RSNA's: the society's line), 11,745 of them active
 * this year (1,200 confirmed more than a year ago, 600 of those renewed since) and 12,345 actions
 * reported. An empty database shows the total alone, with one digit, and could not see the count
 * outgrow its reservation when these lines arrive ("12.345 acciones comunicadas" wraps at 240 px).
 */
const SEED_COUNTS = `
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 12344)
INSERT INTO pledges (id, partner_id, email, name, role, status, confirmed_at, recommitted_at)
SELECT 'seed-' || i, 'rsna', 'seed-' || i || '@example.org', 'Seed', 'radiologist', 'confirmed',
  CASE WHEN i < 1200 THEN '2020-06-01T10:00:00Z' ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day') END,
  CASE WHEN i < 600 THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 days') END
FROM n;
UPDATE pledge_counts SET confirmed = (SELECT count(*) FROM pledges p WHERE p.partner_id = pledge_counts.partner_id AND p.status = 'confirmed');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 12344)
INSERT INTO pledge_actions (id, kind) SELECT 'act-' || i, 'outreach' FROM n;`;

/** The reservation CSS exactly as the guide gives it. */
const guide = readFileSync(new URL('../../EMBEDDING.md', import.meta.url), 'utf8');
const RESERVATION = [...guide.matchAll(/```css\n([\s\S]*?)```/g)].map((m) => m[1]!).find((css) => css.includes(':not([ready])'));

/** A desktop page with the compact widget in a 346 px sidebar beside the content: narrow in a wide window. */
function sidebarPage(worker: string, lang = 'en', column = 346) {
  return hostPage(worker, { layout: 'compact', lang, reserve: true })
    .replace('</style>', ` .page { display: grid; grid-template-columns: 1fr ${column}px; gap: 32px; } </style>`)
    .replace('<rhec-pledge', '<div class="page"><main><h1>Society news</h1><p>Content of the page.</p></main><aside><rhec-pledge')
    .replace('</body>', '</aside></div></body>');
}

function hostPage(worker: string, opts: { layout: string; lang: string; reserve: boolean }) {
  return `<!doctype html><html lang="${opts.lang}"><head><meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1"><title>Reserved</title>
  <style>body { margin: 0; padding: 0 16px; font: 16px/1.5 Georgia, serif; }${opts.reserve ? RESERVATION : ''}</style></head>
  <body>
  <!-- The script is added once a frame has been painted, as on a real page where it arrives late: a
       widget that rendered before the first paint would move nothing anyone saw, so neither the
       reservation nor its absence would show. -->
  <script>requestAnimationFrame(() => requestAnimationFrame(() => document.head.append(Object.assign(document.createElement('script'), { src: '${worker}/rhec-pledge.js' }))));</script>
  <rhec-pledge partner="rsna" layout="${opts.layout}"></rhec-pledge>
  <p id="below">${'Text below the widget, which must not move when it arrives. '.repeat(6)}</p></body></html>`;
}

describe('layout shift on a page that follows EMBEDDING.md', () => {
  let worker: LocalWorker;
  let pages: Awaited<ReturnType<typeof serveTestPages>>;
  let browser: Browser;

  before(async () => {
    assert.ok(RESERVATION, 'EMBEDDING.md has a ```css block with the :not([ready]) reservation');
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [`http://localhost:${PAGE_PORT}`] });
    await worker.query(SEED_COUNTS);
    const stats = await (await fetch(`${worker.url}/api/stats`)).json();
    assert.deepEqual([stats.total, stats.active, stats.actions], [12345, 11745, 12345], 'the seeded counts are published, every line of the count shows');
    const routes: Record<string, { html: string }> = {};
    for (const layout of ['full', 'compact']) {
      for (const lang of ['en', 'es']) {
        routes[`/${layout}-${lang}`] = { html: hostPage(worker.url, { layout, lang, reserve: true }) };
        routes[`/${layout}-${lang}-unreserved`] = { html: hostPage(worker.url, { layout, lang, reserve: false }) };
      }
    }
    routes['/compact-sidebar'] = { html: sidebarPage(worker.url) };
    // A narrow WordPress sidebar (240 px) and a 320 px phone's column (288 px), with and without a goal's bar and longer total.
    for (const column of [240, 288]) {
      for (const lang of ['en', 'es']) {
        routes[`/compact-${column}-${lang}`] = { html: sidebarPage(worker.url, lang, column) };
        routes[`/compact-${column}-goal-${lang}`] = { html: sidebarPage(worker.url, lang, column).replace('layout="compact"', 'layout="compact" goal="10000"') };
      }
    }
    // A goal's bar and longer total in the full layout, facts and all (a five-digit goal, as a live coalition sets).
    for (const lang of ['en', 'es']) {
      routes[`/full-goal-${lang}`] = { html: hostPage(worker.url, { layout: 'full', lang, reserve: true }).replace('layout="full"', 'layout="full" goal="20000"') };
    }
    // A goal's bar and longer total, with the facts hidden so the form is in view on a phone.
    for (const lang of ['en', 'es']) {
      routes[`/hide-facts-${lang}`] = { html: hostPage(worker.url, { layout: 'full', lang, reserve: true }).replace('layout="full"', 'layout="full" hide-facts') };
      routes[`/hide-facts-${lang}-unreserved`] = { html: hostPage(worker.url, { layout: 'full', lang, reserve: false }).replace('layout="full"', 'layout="full" hide-facts') };
      // What Vue writes for :hide-facts="false": the facts show, and the full layout's space is reserved.
      routes[`/hide-facts-false-${lang}`] = { html: hostPage(worker.url, { layout: 'full', lang, reserve: true }).replace('layout="full"', 'layout="full" hide-facts="false"') };
    }
    for (const lang of ['en', 'es']) {
      // On a site that sets border-box on every element, as Bootstrap and Tailwind's reset do.
      routes[`/goal-${lang}`] = {
        html: hostPage(worker.url, { layout: 'full', lang, reserve: true })
          .replace('layout="full"', 'layout="full" goal="20000" hide-facts')
          .replace('</style>', '*, *::before, *::after { box-sizing: border-box; }</style>'),
      };
    }
    pages = await serveTestPages(PAGE_PORT, routes);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await pages?.close();
    await worker?.stop();
  });

  /** Loads a page fresh and sums its layout shifts until the widget is ready, counted and settled. */
  async function cls(path: string, width: number, height: number) {
    const page = await browser.newPage();
    await page.setCacheEnabled(false);
    await page.setViewport({ width, height });
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { cls: number };
      w.cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
          if (!e.hadRecentInput) w.cls += e.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${pages.url}${path}`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge[ready]')?.shadowRoot?.querySelector('.count__total'));
    await new Promise((r) => setTimeout(r, 500));
    const result = await page.evaluate(() => ({
      cls: (window as unknown as { cls: number }).cls,
      belowTop: document.getElementById('below')!.getBoundingClientRect().top,
      widgetHeight: document.querySelector('rhec-pledge')!.getBoundingClientRect().height,
      // The count with its figures, and the height it reserved before they came (its min-height).
      count: ((c) => ({ height: c.getBoundingClientRect().height, reserved: parseFloat(getComputedStyle(c).minHeight) }))(
        document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('.count')!,
      ),
    }));
    await page.close();
    return result;
  }

  // Full layout: tall enough a viewport that the text below it is in view; compact: an ordinary one.
  const cases = [
    ...[320, 375, 768, 1280].map((width) => ({ layout: 'full', width, height: 2800 })),
    ...[320, 375, 768, 1280].map((width) => ({ layout: 'compact', width, height: 800 })),
    // The full layout without the facts (hide-facts): its own lines in the reservation.
    ...[320, 375, 768, 1280].map((width) => ({ layout: 'hide-facts', width, height: 2000 })),
    // The full layout with a goal: its bar and the total's longer line (two lines from a 560 px card: in English to 600 px, in Spanish at every width up to the card's own).
    ...[320, 375, 600, 768, 1024, 1280].map((width) => ({ layout: 'full-goal', width, height: 2800 })),
  ];
  for (const { layout, width, height } of cases) {
    for (const lang of ['en', 'es']) {
      it(`stays within ${CLS_BUDGET} in the ${layout} layout at ${width} px (${lang})`, async () => {
        const { cls: shift, belowTop, count } = await cls(`/${layout}-${lang}`, width, height);
        assert.ok(belowTop < height, `the text below the widget is in the viewport (top ${belowTop} of ${height})`);
        assert.ok(shift <= CLS_BUDGET, `cumulative layout shift ${shift.toFixed(4)} > ${CLS_BUDGET}`);
        // The compact card keeps 400 px whatever its count holds; the others grow with the count.
        if (layout !== 'compact') assert.ok(count.height <= count.reserved, `the count's figures (${count.height} px) fit the ${count.reserved} px it reserved`);
      });
    }
  }


  for (const width of [375, 1280]) {
    it(`stays within ${CLS_BUDGET} with hide-facts="false" (Vue's false), whose facts show, at ${width} px`, async () => {
      const { cls: shift } = await cls('/hide-facts-false-en', width, 2700);
      assert.ok(shift <= CLS_BUDGET, `cumulative layout shift ${shift.toFixed(4)} > ${CLS_BUDGET}`);
    });
  }

  for (const width of [320, 375, 768]) {
    for (const lang of ['en', 'es']) {
      it(`moves no field when the counts arrive with a goal set, at ${width} px (${lang})`, async () => {
        const { cls: shift, count } = await cls(`/goal-${lang}`, width, 640);
        assert.ok(shift <= CLS_BUDGET, `cumulative layout shift ${shift.toFixed(4)} > ${CLS_BUDGET}`);
        assert.ok(count.height <= count.reserved, `the count's figures (${count.height} px) fit the ${count.reserved} px it reserved`);
      });
    }
  }

  // Once the card has its own width (44em) its height no longer depends on the column: there the
  // guide's figures are exact, and the text below the widget does not move at all.
  for (const path of ['full-en', 'full-es', 'hide-facts-en', 'hide-facts-es', 'goal-en', 'goal-es', 'full-goal-en', 'full-goal-es']) {
    it(`moves nothing at all at 1,280 px, where the reservation is exact (${path})`, async () => {
      const { cls: shift, belowTop } = await cls(`/${path}`, 1280, 2700);
      assert.ok(belowTop < 2700, `the text below the widget is in the viewport (top ${belowTop})`);
      assert.equal(shift, 0, `cumulative layout shift ${shift.toFixed(4)}`);
    });
  }

  it('moves nothing at all in the compact layout in a 346 px sidebar on a 1,280 px screen (its reservation is exact)', async () => {
    // A sidebar's text is a small part of the screen, so even a 70 px jump would stay under the
    // budget: here the measure is that nothing moves.
    const { cls: shift, belowTop } = await cls('/compact-sidebar', 1280, 800);
    assert.ok(belowTop < 800, `the text below the widget is in the viewport (top ${belowTop})`);
    assert.equal(shift, 0, `cumulative layout shift ${shift.toFixed(4)}`);
  });

  for (const path of ['240-en', '240-es', '240-goal-en', '240-goal-es', '288-es', '288-goal-es'].map((p) => `compact-${p}`)) {
    it(`stays 400 px tall and moves nothing in a narrow column, as the guide says of the compact layout at every width (${path})`, async () => {
      const { cls: shift, belowTop, widgetHeight } = await cls(`/${path}`, 1280, 800);
      assert.ok(belowTop < 800, `the text below the widget is in the viewport (top ${belowTop})`);
      assert.ok(widgetHeight <= 400, `the compact widget is ${widgetHeight} px tall`);
      assert.equal(shift, 0, `cumulative layout shift ${shift.toFixed(4)}`);
    });
  }

  it("opens, in a narrow column, into a form in the card's own text size: only the closed card is made smaller", async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${pages.url}/compact-240-goal-es`);
    await page.waitForFunction(() => document.querySelector('rhec-pledge[ready]')?.shadowRoot?.querySelector('.count__total'));
    const size = (selector: string) => page.evaluate((sel) => getComputedStyle(document.querySelector('rhec-pledge')!.shadowRoot!.querySelector(sel)!).fontSize, selector);
    assert.equal(await size('.count'), '14px', 'closed, its words are smaller');
    await page.evaluate(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector<HTMLElement>('[aria-expanded]')!.click());
    await page.waitForFunction(() => document.querySelector('rhec-pledge')!.shadowRoot!.querySelector('#name'));
    assert.equal(await size('#name'), '16px');
    assert.equal(await size('.hint'), '16px');
    assert.equal(await size('.count'), '16px');
    await page.close();
  });

  it("gives the playground's snippet the guide's own reservation", () => {
    const playground = readFileSync(new URL('../../demo/playground/index.html', import.meta.url), 'utf8');
    for (const line of RESERVATION!.trim().split('\n')) assert.ok(playground.includes(line), `playground lacks: ${line}`);
  });

  it('would see the shift without the reservation (the measure can fail)', async () => {
    const { cls: shift } = await cls('/compact-en-unreserved', 375, 800);
    assert.ok(shift > CLS_BUDGET, `an unreserved page shifts: ${shift.toFixed(4)}`);
    const hidden = await cls('/hide-facts-es-unreserved', 1280, 2000);
    assert.ok(hidden.cls > CLS_BUDGET, `an unreserved page with hide-facts shifts: ${hidden.cls.toFixed(4)}`);
  });
});
