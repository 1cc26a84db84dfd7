/**
 * The dashboard's Updates section in Chromium against a real local Worker: compose in English and
 * Spanish Markdown for one society's pledgers, see the audience and the preview exactly as sent,
 * send one test to one address only, send, watch the figures reach everyone, read the history,
 * and edit, then discard, a second draft; axe on every state.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { localEmails } from '../../scripts/lib/local-mail.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startLocalWorker, TEST_ADMIN_TOKEN, type LocalWorker } from '../support/local-worker.ts';
import { emailTo } from '../support/mail.ts';
import { testPort } from '../support/ports.ts';

const WORKER_PORT = testPort(8831);
const RUN = crypto.randomUUID().slice(0, 8);
const SUBJECT = `Coalition news ${RUN}`;
const READERS = [0, 1, 2].map((i) => `reader${i}.${RUN}@example.org`);
const OTHER = `other.${RUN}@example.org`;
const TESTER = `tester.${RUN}@example.org`;

describe('the dashboard: updates to pledgers', () => {
  let worker: LocalWorker;
  let browser: Browser;
  let page: Page;

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [] });
    const rows = READERS.map((email, i) => `('upd-${RUN}-${i}', 'scard', '${email}', 'Reader', 'radiologist', '${i === 2 ? 'es' : 'en'}', 'confirmed', 1, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
    // Same society, but did not ask to be kept informed: must never get the update.
    rows.push(`('upd-${RUN}-x', 'scard', '${OTHER}', 'Reader', 'radiologist', 'en', 'confirmed', 0, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);
    await worker.query(`INSERT INTO pledges (id, partner_id, email, name, role, lang, status, updates, flagged, confirmed_at) VALUES ${rows.join(', ')}`);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${worker.url}/admin`);
    await page.type('#token', TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('composes, previews, tests, sends and shows progress and history, passing axe throughout', async () => {
    await page.goto(`${worker.url}/admin/updates`);
    assert.deepEqual(await axeViolations(page), [], 'compose page');

    // An empty form gets specific errors, keyboard-reachable from the summary.
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/updates"] button[type="submit"]')]);
    assert.ok((await page.$$eval('#error-summary a, .error-summary a', (a) => a.length)) >= 1, 'an error summary for an empty update');
    assert.deepEqual(await axeViolations(page), [], 'compose page with errors');

    await page.type('#subject_en', SUBJECT);
    await page.type('#body_en', '# What we did\n\nWe **met** in Chicago.\n\n- one\n- two\n\n<script>alert(1)</script> [bad](javascript:alert(1))');
    await page.type('#subject_es', `Noticias ${RUN}`);
    await page.type('#body_es', '# Lo que hicimos\n\nNos **reunimos** en Chicago.');
    await page.click('input[name="partners"][value="scard"]');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/updates"] button[type="submit"]')]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), SUBJECT);
    assert.equal(await page.$eval('#fig-recipients', (s) => s.textContent), '3', 'the three SCARD readers who asked, not the one who did not');
    const texts = await page.$$eval('pre.text-preview', (p) => p.map((x) => x.textContent ?? ''));
    assert.equal(texts.length, 2, 'an English and a Spanish text preview');
    assert.match(texts[0]!, /We met in Chicago/);
    assert.match(texts[1]!, /Nos reunimos en Chicago/);
    const frame = await page.$eval('iframe.preview', (f) => (f as HTMLIFrameElement).src);
    const htmlPreview = await (await page.goto(frame))!.text();
    assert.match(htmlPreview, /<h1[^>]*>|<h2[^>]*>/, 'real headings in the HTML');
    assert.doesNotMatch(htmlPreview, /<script>alert|href="javascript:/i, 'no live script or javascript: link');
    await page.goBack();
    assert.deepEqual(await axeViolations(page), [], 'draft with preview');
    // A link followed in the preview (by keyboard: focus it, Enter) opens in a tab of its own, and the preview stays.
    await page.reload({ waitUntil: 'load' }); // (the page Back restored has no frames for puppeteer)
    const previewFrame = page.frames().find((f) => f.url().endsWith('/preview/en.html')) ?? (await page.waitForFrame((f) => f.url().endsWith('/preview/en.html')));
    await previewFrame.waitForSelector('a[href]');
    const opened = browser.waitForTarget((t) => t.opener() === page.target(), { timeout: 10_000 });
    await previewFrame.focus('a[href]');
    await page.keyboard.press('Enter');
    const tab = await (await opened).page();
    await tab?.close();
    assert.match(await previewFrame.$eval('body', (b) => b.textContent ?? ''), /We met in Chicago/, 'the preview is still there');

    // A test goes to the one address given, and to no pledger.
    await page.type('#test_to', TESTER);
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/test"] button[type="submit"]')]);
    const test = await emailTo(TESTER, new RegExp(RUN));
    assert.match(test, /We met in Chicago/);
    assert.equal(localEmails().filter((e) => READERS.some((r) => e.text.includes(r))).length, 0, 'no pledger got the test');
    // "Send test" double-clicked (two POSTs, no script on the page to stop the second): one test.
    const DOUBLE = `double.${RUN}@example.org`;
    await page.$eval('#test_to', (i) => ((i as HTMLInputElement).value = ''));
    await page.type('#test_to', DOUBLE);
    // As a person double-clicks: the second click a moment after the first, while its answer is on its way.
    await Promise.all([
      page.waitForNavigation(),
      page.$eval('form[action$="/test"] button[type="submit"]', (b) => {
        (b as HTMLButtonElement).click();
        setTimeout(() => (b as HTMLButtonElement).click(), 20);
      }),
    ]);
    await emailTo(DOUBLE, new RegExp(RUN));
    await new Promise((r) => setTimeout(r, 2000)); // time for a second one to land, were it sent
    assert.equal(localEmails().filter((e) => e.text.includes(DOUBLE)).length, 1, 'one test for a double click');
    assert.match(await page.$eval('.thanks', (b) => b.textContent ?? ''), /Test sent|it was not sent again/);
    assert.deepEqual(await axeViolations(page), [], 'the page after a double-clicked test');

    // Send, by keyboard: focus the send button and press Enter. It asks first ("Send this update to
    // 3 people?", focused), and only its own button sends.
    await page.focus('form[action$="/send"] button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Send this update to 3 people?');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1', { timeout: 5_000 }); // autofocus: applied at the page's first rendering, which may come after load
    assert.deepEqual(await axeViolations(page), [], 'the send check page');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Yes, send it now');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    // Without a reload, the banner that said sending had started says it has finished, and the count beside the bar is whole.
    await page.waitForFunction(() => /^Sending finished: Sent\. 3 sent, 0 failed\.$/.test(document.querySelector('.thanks[role=status] p')?.textContent ?? ''), { timeout: 60_000 });
    assert.equal(await page.$eval('#fig-handled', (s) => s.textContent), '3 of 3');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const sent = await page.$eval('#fig-sent', (s) => Number(s.textContent));
      if (sent === 3) break;
      assert.ok(Date.now() < deadline, `only ${sent} of 3 sent after a minute`);
      await new Promise((r) => setTimeout(r, 1000));
      await page.reload();
    }
    assert.equal(await page.$eval('#fig-status', (s) => s.textContent), 'Sent');
    assert.equal(await page.$eval('#fig-failed', (s) => s.textContent), '0');
    assert.equal(await page.$eval('#fig-progress', (p) => (p as HTMLProgressElement).value), 3);
    assert.deepEqual(await axeViolations(page), [], 'progress page');
    for (const reader of READERS.slice(0, 2)) assert.match(await emailTo(reader, new RegExp(SUBJECT)), /We met in Chicago/);
    // As `npm run mailbox` shows it: the raw headers, one-click unsubscribe included, then the text.
    const raw = await emailTo(READERS[0]!, new RegExp(SUBJECT));
    assert.match(raw, /^List-Unsubscribe: <http:\/\/localhost:\d+\/unsubscribe\?lang=en&t=[^>]+>$/m);
    assert.match(raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    assert.match(raw, new RegExp(`^Subject: ${SUBJECT}$`, 'm'), 'the subject as it reads, not as encoded for sending');
    assert.match(raw, /You are receiving this because you asked to be kept informed when you pledged on SCARD's site\./);
    assert.match(await emailTo(READERS[2]!, new RegExp(`Noticias ${RUN}`)), /Nos reunimos en Chicago/, 'the Spanish reader gets Spanish');
    assert.equal(localEmails().filter((e) => e.text.includes(OTHER)).length, 0, 'the pledger who did not opt in got nothing');

    await page.goto(`${worker.url}/admin/updates`);
    const history = await page.$eval('#history-title', (h) => h.closest('section')!.textContent ?? '');
    assert.match(history, new RegExp(SUBJECT));
    assert.deepEqual(await axeViolations(page), [], 'history');
    // On a phone the history table scrolls inside its own region; the page itself never scrolls sideways.
    const viewport = page.viewport();
    await page.setViewport({ width: 320, height: 800 });
    for (const lang of ['en', 'es']) {
      await page.goto(`${worker.url}/admin/updates?lang=${lang}`);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, `no sideways scroll at 320 px (${lang})`);
    }
    // On a tablet the audience's choices keep within their own column (long labels once ran into the next one's checkboxes).
    await page.setViewport({ width: 950, height: 800 });
    await page.goto(`${worker.url}/admin/updates?lang=es`);
    const spilling = await page.$$eval('.filters .choice label', (labels) =>
      labels.filter((l) => l.getBoundingClientRect().right > l.closest('.choices')!.getBoundingClientRect().right + 0.5).map((l) => l.textContent),
    );
    assert.deepEqual(spilling, [], 'audience labels inside their column at 950 px');
    if (viewport) await page.setViewport(viewport);
  });

  it("keeps the keyboard's place when sending finishes while Cancel sending has focus", async () => {
    const created = await fetch(`${worker.url}/api/admin/updates`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: { en: `Finishing ${RUN}` }, body: { en: 'Almost done.' } }),
    });
    assert.equal(created.status, 201);
    const { id } = (await created.json()) as { id: string };
    // Mid-send, as the page sees it, then finished while the page is open (its poll, every 2 s, reads it).
    await worker.query(`UPDATE updates SET status = 'sending', started_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = '${id}'`);
    await page.goto(`${worker.url}/admin/updates/${id}`);
    await page.focus('#cancel-form button');
    await worker.query(`UPDATE updates SET status = 'sent', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = '${id}'`);
    await page.waitForFunction(() => !document.getElementById('cancel-form'), { timeout: 15_000 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'figures-title', 'focus moved to the figures, not lost to the page');
    assert.deepEqual(await axeViolations(page), [], 'finished update');
  });

  it('a second draft can be edited by keyboard, then discarded, and then cannot be sent', async () => {
    await page.goto(`${worker.url}/admin/updates`);
    await page.type('#subject_en', `Discrad me ${RUN}`);
    await page.type('#body_en', 'Never sent.');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/updates"] button[type="submit"]')]);
    const draft = page.url().split('?')[0]!;

    // The typo is fixed in the same form, filled in: follow "Edit draft", correct, save.
    await page.focus('a[href$="/edit?lang=en"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.$eval('#subject_en', (i) => (i as HTMLInputElement).value), `Discrad me ${RUN}`);
    assert.equal(await page.$eval('#body_en', (t) => (t as HTMLTextAreaElement).value), 'Never sent.');
    assert.deepEqual(await axeViolations(page), [], 'edit page');
    await page.$eval('#subject_en', (i) => ((i as HTMLInputElement).value = ''));
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/edit"] button[type="submit"]')]);
    assert.match(await page.$eval('.error-summary a', (a) => a.textContent ?? ''), /Enter the English subject/);
    assert.deepEqual(await axeViolations(page), [], 'edit page with errors');
    await page.type('#subject_en', `Discard me ${RUN}`);
    await page.focus('form[action$="/edit"] button[type="submit"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(page.url(), `${draft}?saved&lang=en`, 'back to the draft');
    assert.equal(await page.$eval('h1', (h) => h.textContent), `Discard me ${RUN}`);
    assert.match(await page.$eval('[role="status"]', (n) => n.textContent ?? ''), /Draft saved\./, 'saving is announced');
    assert.deepEqual(await axeViolations(page), [], 'draft saved');

    await Promise.all([page.waitForNavigation(), page.click('#cancel-form button')]);
    // Asked first, on a page of its own, by keyboard: the question has focus, the button discards.
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Discard this draft?');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1', { timeout: 5_000 }); // autofocus: applied at the page's first rendering, which may come after load
    assert.deepEqual(await axeViolations(page), [], 'discard check');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Yes, discard it');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).pathname, '/admin/updates', 'back to the list');
    assert.match(await page.$eval('.thanks[role="status"]', (n) => n.textContent ?? ''), new RegExp(`The draft “Discard me ${RUN}” was discarded`));
    assert.deepEqual(await axeViolations(page), [], 'the list after a discard');
    await page.goto(draft);
    assert.equal(await page.$eval('#fig-status', (s) => s.textContent), 'Discarded');
    assert.equal(await page.$('form[action$="/send"]'), null, 'no send button on a cancelled update');
    assert.deepEqual(await axeViolations(page), [], 'cancelled update');
    const id = draft.split('/').pop();
    const send = await fetch(`${worker.url}/api/admin/updates/${id}/send`, { method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    assert.equal(send.status, 409, 'the API refuses to send a cancelled update');
    assert.equal(localEmails().filter((e) => e.text.includes(`Discard me ${RUN}`)).length, 0);
  });

  it('says so on a draft with no one in its audience, or Spanish readers and no Spanish version, in Spanish at 320 px, passing axe', async () => {
    const api = (body: unknown) =>
      fetch(`${worker.url}/api/admin/updates`, { method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(
        async (r) => (await r.json()) as { id: string; recipients: number },
      );
    // No one: the society's readers who did not ask to be kept informed only (a role none of them has).
    const empty = await api({ subject: { en: `Nobody ${RUN}` }, body: { en: 'Hello' }, audience: { partners: ['scard'], roles: ['physicist'] } });
    assert.equal(empty.recipients, 0);
    const spanishOnly = await api({ subject: { en: `Spanish readers ${RUN}` }, body: { en: 'Hello' }, audience: { partners: ['scard'], langs: ['es'] } });
    assert.equal(spanishOnly.recipients, 1);
    await page.setViewport({ width: 320, height: 900 });
    try {
      await page.goto(`${worker.url}/admin/updates/${empty.id}?lang=es`);
      assert.ok(await page.evaluate(() => document.body.textContent!.includes('No hay nadie en esta audiencia')));
      assert.equal(await page.$(`form[action="/admin/updates/${empty.id}/send"]`), null, 'no Send for no one');
      assert.deepEqual(await axeViolations(page), [], 'an empty audience');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 320 px');
      await page.goto(`${worker.url}/admin/updates/${spanishOnly.id}?lang=es`);
      assert.match(await page.$eval('#no-spanish', (e) => e.textContent!), /no tiene versión en español/);
      assert.deepEqual(await axeViolations(page), [], 'Spanish readers, no Spanish version');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 320 px');
      // A mixed audience, no Spanish version: the send's check page, reached by keyboard, says how many will get English.
      const mixed = await api({ subject: { en: `Everyone ${RUN}` }, body: { en: 'Hello' }, audience: { partners: ['scard'] } });
      await page.goto(`${worker.url}/admin/updates/${mixed.id}?lang=es`);
      await page.focus('form[action$="/send"] button');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(await page.$eval('#spanish-in-english', (e) => e.textContent!.trim()), '1 persona de esta audiencia lee en español: esta novedad no tiene versión en español, así que la recibirá en inglés.');
      for (const forced of ['none', 'active']) {
        await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
        assert.deepEqual(await axeViolations(page), [], `the send check, Spanish readers in English, forced colours ${forced}`);
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 320 px');
      }
      await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
    } finally {
      await page.setViewport({ width: 1280, height: 900 });
    }
  });

  it('asks before suppressing an address, by keyboard alone, in Spanish at 320 px and in forced colours, passing axe', async () => {
    const address = `suppress.${RUN}@example.org`;
    await page.setViewport({ width: 320, height: 900 });
    try {
      await page.goto(`${worker.url}/admin/updates?lang=es`);
      await page.focus('#suppress-email');
      await page.keyboard.type(address);
      // Enter in the field is Buscar (the first button): the answer, with the address kept in its field to act on.
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.ok(await page.evaluate(() => document.body.textContent!.includes('Esa dirección no está excluida')));
      assert.equal(await page.$eval('#suppress-email', (i) => (i as HTMLInputElement).value), address, 'not retyped');
      await page.focus('#suppress-email');
      // Buscar, Solo dar de baja de las novedades, Excluir: the third button, reached by Tab.
      for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLButtonElement).value), 'suppress');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      // The question, focused: a screen reader starts there.
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1', { timeout: 5_000 }); // autofocus: applied at the page's first rendering, which may come after load
      assert.equal(await page.$eval('h1', (h) => h.textContent), `¿Excluir ${address}?`);
      for (const forced of ['none', 'active']) {
        await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
        assert.deepEqual(await axeViolations(page), [], `the suppress check, forced colours ${forced}`);
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 320 px');
      }
      await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
      // Its switch leads to the list in English, suppressing nothing.
      assert.equal(await page.$eval('.lang-switch a', (a) => a.getAttribute('href')), '/admin/updates?lang=en#suppressions');
      // Tab from the question: the button that suppresses, then the way back.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Excluir esta dirección');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.ok(await page.evaluate(() => document.body.textContent!.includes('Esa dirección queda excluida')));
      assert.deepEqual(await axeViolations(page), [], 'the list after suppressing');
      assert.equal(await page.$eval('.lang-switch a', (a) => a.getAttribute('href')), '/admin/updates?lang=en#suppressions');
      // The list and its log of changes, and an update's own log, fit 320 px without scrolling sideways:
      // each suppressed address a card whose Lift button is in view (it was scrolled off the side).
      const draft = await fetch(`${worker.url}/api/admin/updates`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        body: JSON.stringify({ subject: { en: `Logged ${RUN}` }, body: { en: 'Hello.' } }),
      });
      assert.equal(draft.status, 201);
      const { id } = (await draft.json()) as { id: string };
      for (const path of ['/admin/updates?lang=es', '/admin/updates?lang=en', `/admin/updates/${id}?lang=es`]) {
        await page.goto(`${worker.url}${path}`);
        const sideways = await page.$$eval('.table-scroll', (regions) =>
          regions.filter((r) => r.scrollWidth > r.clientWidth).map((r) => r.getAttribute('aria-labelledby')));
        assert.deepEqual(sideways, [], `${path}: every table fits 320 px`);
        for (const table of await page.$$('.table-scroll table')) {
          assert.equal((await page.accessibility.snapshot({ root: table, interestingOnly: false }))?.role, 'table', `${path}: a table to a screen reader`);
        }
      }
      await page.goto(`${worker.url}/admin/updates?lang=es`);
      assert.equal(await page.$$eval('#suppressions form[action="/admin/updates/suppressions/lift"] button', (b) =>
        b.filter((x) => { const r = x.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; }).length > 0), true, 'a Lift button in view at 320 px');
    } finally {
      await page.setViewport({ width: 1280, height: 900 });
    }
  });
});
