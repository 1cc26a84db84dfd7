/**
 * Screenshots of the demo partner pages in each state (empty, errors, thanks) at phone and
 * desktop widths, for a person to look at. Needs `npm start` running. Writes screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { launchChromium, pledgeOnPage } from '../test/support/browser.ts';

const DEMO = process.env.DEMO_URL ?? 'http://localhost:5173';
const OUT = 'screenshots';
mkdirSync(OUT, { recursive: true });

const browser = await launchChromium();
for (const partner of ['rsna', 'sir']) {
  for (const width of [375, 1280]) {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900 });
    await page.goto(`${DEMO}/${partner}/`);
    await page.locator('rhec-pledge >>> .count__total').wait();
    await page.screenshot({ path: `${OUT}/${partner}-${width}-empty.png`, fullPage: true });
    await page.locator('rhec-pledge >>> #email').fill('not-an-email');
    await page.locator('rhec-pledge >>> button[type="submit"]').click();
    await page.locator('rhec-pledge >>> #error-summary').wait();
    await page.screenshot({ path: `${OUT}/${partner}-${width}-errors.png`, fullPage: true });
    await page.reload();
    await pledgeOnPage(page, { name: 'Screenshot Person', email: `shot.${partner}.${width}.${Date.now()}@example.org`, role: 'radiologist' });
    await page.screenshot({ path: `${OUT}/${partner}-${width}-thanks.png`, fullPage: true });
    await page.close();
  }
}
await browser.close();
console.log(`Screenshots in ${OUT}/`);
