import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Runs the expression `fn` in the page, with `el` the first `<rhec-pledge>` and `root` its shadow root. */
export function inWidget<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(`(() => { const el = document.querySelector('rhec-pledge'); const root = el.shadowRoot; return ${fn}; })()`) as Promise<T>;
}

/** Fills the widget's form on a page the way a person does: typing, clicking, pressing the button. */
export async function pledgeOnPage(page: Page, pledge: { name: string; email: string; role: string }) {
  await page.locator('rhec-pledge >>> #name').fill(pledge.name);
  await page.locator('rhec-pledge >>> #email').fill(pledge.email);
  await page.locator(`rhec-pledge >>> #role-${pledge.role}`).click();
  await page.locator('rhec-pledge >>> #commitment').click();
  await page.locator('rhec-pledge >>> button[type="submit"]').click();
  await page.locator('rhec-pledge >>> #thanks').setTimeout(15_000).wait();
}
