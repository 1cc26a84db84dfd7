/**
 * A corrected pledge after a lost answer: the first POST reaches the Worker but its answer never
 * reaches the page (a dropped connection), the person fixes the email they mistyped and sends
 * again. The corrected pledge must be stored and emailed, not taken for a retry of the first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { emailTo } from '../support/mail.ts';
import { startDemoStack, type DemoStack } from '../support/demo-stack.ts';
import type { LocalWorker } from '../support/local-worker.ts';
import { testPort } from '../support/ports.ts';

const DEMO_PORT = testPort(5183);
const WORKER_PORT = testPort(8799);

describe('a pledge corrected after its answer was lost', () => {
  let stack: DemoStack;
  let worker: LocalWorker;
  let browser: Browser;

  before(async () => {
    stack = await startDemoStack({ demo: DEMO_PORT, worker: WORKER_PORT });
    ({ worker, browser } = stack);
  });

  after(() => stack?.stop());

  it('is stored and emailed; a plain retry of the first stays one pledge', async () => {
    const page = await browser.newPage();
    // The page's network: POSTs reach the Worker for real; while `__loseAnswers` is on, their
    // answer is then dropped, as a connection that breaks after the request went out.
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __loseAnswers: boolean; __pledgeIds: string[] };
      w.__loseAnswers = false;
      w.__pledgeIds = [];
      const realFetch = window.fetch.bind(window);
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        if (!url.endsWith('/api/pledges') || init?.method !== 'POST') return realFetch(input, init);
        w.__pledgeIds.push(JSON.parse(String(init.body)).id);
        const res = await realFetch(input, init);
        if (w.__loseAnswers) throw new TypeError('Failed to fetch');
        return res;
      };
    });
    await page.goto(`${stack.demo.url}/rsna/`);
    const stamp = Date.now();
    const typo = `corrected.${stamp}@exmaple.org`;
    const corrected = `corrected.${stamp}@example.org`;

    await page.evaluate(() => ((window as unknown as { __loseAnswers: boolean }).__loseAnswers = true));
    await page.locator('rhec-pledge >>> #name').fill('Chien-Shiung Wu');
    await page.locator('rhec-pledge >>> #email').fill(typo);
    await page.locator('rhec-pledge >>> #role-physicist').click();
    await page.locator('rhec-pledge >>> #commitment').click();
    await page.locator('rhec-pledge >>> button[type="submit"]').click();
    await page.locator('rhec-pledge >>> #problem').wait();
    // "Try again" with nothing changed: the same attempt, so still one pledge.
    await page.locator('rhec-pledge >>> #problem button').click();
    await page.waitForFunction(() => (window as unknown as { __pledgeIds: string[] }).__pledgeIds.length === 2);
    await page.locator('rhec-pledge >>> #problem').wait();
    assert.equal((await worker.rowsEventually(`SELECT id FROM pledges WHERE email = '${typo}'`)).length, 1, 'the first POST did reach the Worker');

    // The person spots the typo, fixes it, and sends again; this time the answer arrives.
    await page.evaluate(() => ((window as unknown as { __loseAnswers: boolean }).__loseAnswers = false));
    await page.locator('rhec-pledge >>> #email').fill(corrected);
    await page.locator('rhec-pledge >>> button[type="submit"]').click();
    await page.locator('rhec-pledge >>> #thanks').setTimeout(15_000).wait();

    const rows = await worker.rowsEventually<{ id: string; email: string; name: string }>(`SELECT id, email, name FROM pledges WHERE email = '${corrected}'`);
    assert.deepEqual(rows.map((r) => [r.email, r.name]), [[corrected, 'Chien-Shiung Wu']], 'the corrected pledge is stored');
    const text = await emailTo(corrected);
    assert.match(text, /http:\/\/localhost:\d+\/confirm\?\S+/, 'the corrected address got its confirmation email');

    const ids = await page.evaluate(() => (window as unknown as { __pledgeIds: string[] }).__pledgeIds);
    assert.equal(ids.length, 3);
    assert.equal(ids[1], ids[0], 'an unchanged retry keeps its idempotency key');
    assert.notEqual(ids[2], ids[0], 'a changed pledge gets a new one');

    // (Stored ids are the keys scoped to the address, worker/pledges/abuse.ts: compared by row, not with the keys.)
    const typoRows = await worker.query<{ id: string }>(`SELECT id FROM pledges WHERE email = '${typo}'`);
    assert.equal(typoRows.length, 1, 'the retry of the first made no second pledge');
    assert.notEqual(rows[0]!.id, typoRows[0]!.id, 'the corrected pledge is a pledge of its own');
  });
});
