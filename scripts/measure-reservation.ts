/**
 * Measures the rendered height of `<rhec-pledge>` across viewport widths, in both layouts (and
 * the full one with `hide-facts`) and both languages, on a plain page (the widget in the content column, 16 px page margins), and
 * prints the reservation CSS that EMBEDDING.md gives webmasters. Run after `npm run build`:
 * `node scripts/measure-reservation.ts` (starts its own local Worker on test ports).
 */
import { launchChromium } from '../test/support/browser.ts';
import { startLocalWorker } from '../test/support/local-worker.ts';
import { testPort } from '../test/support/ports.ts';
import { serveTestPages } from '../test/support/static-pages.ts';

const PAGE_PORT = testPort(5179);
const WORKER_PORT = testPort(8795);
const WIDTHS = [...Array.from({ length: 21 }, (_, i) => 320 + i * 20), 800, 1024, 1280, 1440];

const worker = await startLocalWorker({ port: WORKER_PORT, origins: [`http://localhost:${PAGE_PORT}`] });
const pages = await serveTestPages(PAGE_PORT, {
  '/': {
    html: `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
      <style>body { margin: 0; padding: 0 16px; }</style></head><body>
      <script src="${worker.url}/rhec-pledge.js" async></script><rhec-pledge partner="rsna"></rhec-pledge></body></html>`,
  },
});
const browser = await launchChromium();
const heights: Record<string, number[]> = {};
try {
  // `full` with hide-facts too: the same layout without the coalition's facts and story.
  for (const layout of ['full', 'compact', 'hide-facts']) {
    for (const lang of ['en', 'es']) {
      const row: number[] = (heights[`${layout} ${lang}`] = []);
      const page = await browser.newPage();
      for (const width of WIDTHS) {
        await page.setViewport({ width, height: 900 });
        await page.goto(pages.url);
        await page.evaluate(
          (layout, lang) => {
            const el = document.querySelector('rhec-pledge')!;
            el.setAttribute('layout', layout === 'compact' ? 'compact' : 'full');
            el.toggleAttribute('hide-facts', layout === 'hide-facts');
            el.setAttribute('lang', lang);
          },
          layout,
          lang,
        );
        await page.waitForFunction(() => document.querySelector('rhec-pledge[ready]')?.shadowRoot?.querySelector('.count__total'));
        row.push(Math.ceil(await page.evaluate(() => document.querySelector('rhec-pledge')!.getBoundingClientRect().height)));
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  await pages.close();
  await worker.stop();
}

console.log(`width   ${WIDTHS.map((w) => String(w).padStart(5)).join('')}`);
for (const [key, row] of Object.entries(heights)) console.log(`${key.padEnd(10)}${row.map((h) => String(h).padStart(5)).join('')}`);
console.log(JSON.stringify({ widths: WIDTHS, heights }));
