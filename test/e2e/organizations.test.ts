/**
 * Organizations in Chromium against a real local Worker: the `/join` form with no JavaScript
 * (errors, then a complete request), the confirmation email's link, approval on the admin
 * page, and the organization on the public list — axe clean at every step, readable at 320 px.
 */
import { testPort } from '../support/ports.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { emailTo } from '../support/mail.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startLocalWorker, TEST_ADMIN_TOKEN, type LocalWorker } from '../support/local-worker.ts';

const WORKER_PORT = testPort(8797);

/** True when nothing on the page is wider than the viewport (no sideways scrolling). */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('organizations join the coalition', () => {
  let worker: LocalWorker;
  let browser: Browser;
  let page: Page;
  const tag = Date.now().toString(36);
  const name = `<i>Bayview</i> & "O'Neil" Radiology ${tag}`; // characters that must stay text, markup included
  const contact = `chair.${tag}@radiology.bayview-${tag}.co.uk`;

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [] });
    browser = await launchChromium();
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('/join shows its errors in a GOV.UK summary, in Spanish too, axe clean and readable at 320 px', async () => {
    const res = await page.goto(`${worker.url}/join?lang=es&partner=rsna`);
    assert.match(res!.headers()['content-security-policy'] ?? '', /default-src 'none'/);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Únase a la coalición como organización');
    assert.deepEqual(await axeViolations(page), []);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    const errors = await page.$$eval('#error-summary a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    assert.deepEqual(errors.map(([href]) => href), ['#name', '#type-practice', '#website', '#contact-name', '#contact-email', '#commitment']);
    assert.equal(errors[4]![1], 'Escriba el correo electrónico de la persona de contacto');
    // As the GOV.UK pattern asks: the page comes back with focus on its summary, so it is read out.
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary', { timeout: 2_000 });
    assert.equal(await page.$eval('#contact-email', (i) => i.getAttribute('aria-invalid')), 'true');
    // Every field in error drawn alike (the text fields too, not only the address and website ones), unlike a field without one.
    const border = (id: string) => page.$eval(`#${id}`, (i) => getComputedStyle(i).borderTopColor);
    const inError = await Promise.all(['name', 'website', 'contact-name', 'contact-email'].map(border));
    assert.deepEqual(inError, Array(4).fill(inError[1]), `the fields in error: ${inError.join(', ')}`);
    assert.notEqual(await border('contact-title'), inError[1]);
    assert.deepEqual(await axeViolations(page), []);
    await page.setViewport({ width: 320, height: 800 });
    assert.ok(await fitsWidth(page), '/join fits 320 px');
    // On a small phone, a summary link brings its field's label, hint and message into view with the field.
    await page.setViewport({ width: 320, height: 568 });
    for (const id of ['contact-email', 'website', 'name']) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.click(`#error-summary a[href="#${id}"]`);
      assert.equal(await page.evaluate(() => document.activeElement?.id), id);
      const seen = await page.$eval(`#${id}`, (input) => {
        const label = document.querySelector(`label[for="${input.id}"]`)!.getBoundingClientRect();
        return { label: label.top, input: input.getBoundingClientRect().bottom, height: window.innerHeight };
      });
      assert.ok(seen.label >= 0 && seen.input <= seen.height, `#${id}: label at ${seen.label} px, field's bottom at ${seen.input} of ${seen.height} px`);
    }
    await page.setViewport({ width: 1000, height: 800 });
  });

  it('takes a complete request by keyboard, then the email link confirms it only when the button is pressed', async () => {
    await page.goto(`${worker.url}/join?partner=rsna`);
    await page.type('#name', name);
    await page.focus('#type-department');
    await page.keyboard.press('Space');
    await page.type('#website', `https://www.bayview-${tag}.co.uk`);
    await page.select('#region', 'GB');
    await page.click('#size-10-49');
    await page.type('#contact-name', 'Rosalind Franklin');
    await page.type('#contact-email', contact);
    await page.focus('#commitment');
    await page.keyboard.press('Space');
    await page.click('#listPublicly');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.equal(new URL(page.url()).pathname, '/join/thanks');
    assert.deepEqual(await axeViolations(page), []);

    const text = await emailTo(contact, /\/join\/confirm\?/);
    assert.ok(text.startsWith('Hello,\n') && !text.includes(name), 'the email, sent before anyone confirmed, echoes no name typed');
    const confirmUrl = text.match(/http:\/\/localhost:\d+\/join\/confirm\?\S+/)?.[0];
    assert.ok(confirmUrl);
    await page.goto(confirmUrl);
    const [row] = await worker.query<{ status: string; domain_verified: number; partner_id: string }>(
      `SELECT status, domain_verified, partner_id FROM organizations WHERE contact_email = '${contact}'`,
    );
    assert.deepEqual(row, { status: 'unconfirmed', domain_verified: 1, partner_id: 'rsna' });
    assert.deepEqual(await axeViolations(page), []);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Thank you');
    const [confirmed] = await worker.query<{ status: string }>(`SELECT status FROM organizations WHERE contact_email = '${contact}'`);
    assert.equal(confirmed!.status, 'pending');
  });

  it('a maintainer approves it on /admin/organizations, with its verification state in view', async () => {
    await page.goto(`${worker.url}/admin`);
    await page.type('#token', TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/admin/organizations?lang=en"]')]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Organizations');
    const card = `#group-pending ~ .requests li`;
    assert.equal(await page.$eval(`${card} h3`, (h) => h.textContent), name);
    assert.match(await page.$eval(card, (li) => li.textContent!), /Verified/);
    assert.deepEqual(await axeViolations(page), []);
    await Promise.all([page.waitForNavigation(), page.click(`${card} form[action$="/approve"] button`)]);
    assert.equal(await page.$eval('[role="status"]', (s) => s.textContent!.trim()), `Approved ${name}.`);
    const byType = await page.$$eval('#by-type-title ~ .table-scroll table tbody tr', (rows) =>
      rows.map((r) => [r.querySelector('th')!.textContent, r.querySelector('td')!.textContent]));
    assert.deepEqual(byType.find(([label]) => label === 'Academic department'), ['Academic department', '1']);
    assert.deepEqual(await axeViolations(page), []);
    await page.setViewport({ width: 320, height: 800 });
    assert.ok(await fitsWidth(page), 'the admin page fits 320 px');
    await page.setViewport({ width: 1000, height: 800 });
    const approved = await emailTo(contact, /The coalition has approved/);
    assert.match(approved, /\/join\/withdraw\?lang=en&t=/);
  });

  it('lists it publicly, filterable, without the contact, counted on /pledge; axe clean and readable at 320 px', async () => {
    await page.goto(`${worker.url}/organizations`);
    assert.equal(await page.$eval('.count-line', (p) => p.textContent), '1 organization has joined');
    assert.deepEqual(await page.$$eval('.org__name', (ps) => ps.map((p) => p.textContent)), [name]);
    const body = await page.$eval('body', (b) => b.textContent!);
    assert.ok(!body.includes('Rosalind') && !body.includes(contact), 'no contact details');
    assert.equal(await page.$('.org__name i'), null, 'markup in a name stays text');
    assert.deepEqual(await axeViolations(page), []);
    await page.select('#filter-type', 'department');
    await Promise.all([page.waitForNavigation(), page.click('.filters button')]);
    assert.equal(new URL(page.url()).searchParams.get('type'), 'department');
    assert.deepEqual(await page.$$eval('.org__name', (ps) => ps.map((p) => p.textContent)), [name]);
    assert.deepEqual(await axeViolations(page), []);
    await page.goto(`${worker.url}/organizations?lang=es&type=society`);
    assert.equal(await page.$eval('.count-line', (p) => p.textContent), 'Se ha unido 1 organización');
    assert.deepEqual(await page.$$eval('.org__name', (ps) => ps.length), 0);
    await page.setViewport({ width: 320, height: 800 });
    assert.ok(await fitsWidth(page), '/organizations fits 320 px');
    await page.setViewport({ width: 1000, height: 800 });
    await page.goto(`${worker.url}/pledge?partner=rsna`);
    const links = await page.$$eval('.org-links a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.deepEqual(links, [['1 organization has joined', '/organizations?lang=en'], ['Join the coalition as an organization', '/join?lang=en&partner=rsna']]);
    // Named by what it does, as in the widget; the question stays as the line's lead-in.
    assert.match(await page.$eval('.org-links', (ul) => ul.textContent ?? ''), /Pledging for your organization\? Join the coalition as an organization/);
    assert.deepEqual(await axeViolations(page), []);
    const api = await (await fetch(`${worker.url}/api/organizations`)).json();
    assert.deepEqual(api, { total: 1, organizations: [{ name, type: 'department', website: `https://www.bayview-${tag}.co.uk/`, region: 'GB', joined: new Date().toISOString().slice(0, 10) }] });
  });

  it('asks before removing an organization, on a page that passes axe, and goes back on "Keep it" by keyboard', async () => {
    await page.goto(`${worker.url}/admin/organizations?lang=en`);
    await Promise.all([page.waitForNavigation(), page.click('form[action$="/remove"] button')]);
    assert.match(await page.$eval('h1', (h) => h.textContent!), new RegExp(`^Remove ${name}`));
    assert.deepEqual(await axeViolations(page), [], 'the check page passes axe (its two choices are button-sized targets)');
    await page.setViewport({ width: 320, height: 800 });
    assert.ok(await fitsWidth(page), 'the check page fits 320 px');
    await page.setViewport({ width: 1000, height: 800 });
    await page.focus('.actions a');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).pathname, '/admin/organizations');
    const [kept] = await worker.query<{ status: string }>(`SELECT status FROM organizations WHERE contact_email = '${contact}'`);
    assert.equal(kept!.status, 'approved');
  });

  it('asks before approving a request nobody confirmed, from another domain: focus on its heading, axe clean in both languages, 320 px and forced colours, by keyboard', async () => {
    const id = `check-${tag}`;
    const other = `Unconfirmed Imaging ${tag}`;
    await worker.query(
      `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, domain_verified, list_publicly, status, lang, created_at)
       VALUES ('${id}', '${other}', 'imaging-center', 'https://www.unconfirmed-${tag}.org/', 'unconfirmed-${tag}.org', 'Pat Doe', 'pat.${tag}@mail-${tag}.com', 0, 1, 'unconfirmed', 'en', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    );
    for (const [lang, heading, back] of [['es', `¿Aprobar ${other}?`, 'Dejarla como está'], ['en', `Approve ${other}?`, 'Leave it as it is']] as const) {
      await page.goto(`${worker.url}/admin/organizations?lang=${lang}`);
      await page.focus(`#org-${id} form[action$="/approve"] button`);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(await page.$eval('h1', (h) => h.textContent), heading);
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1', { timeout: 5_000 }); // focus on the heading, as the other check pages (autofocus: at the first rendering, which may come after load)
      assert.equal(await page.$$eval('main li strong', (s) => s.length), 2, 'not confirmed, and not verified');
      for (const width of [1000, 320]) {
        await page.setViewport({ width, height: 800 });
        for (const forced of ['none', 'active'] as const) {
          await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
          assert.deepEqual(await axeViolations(page), [], `${lang}, ${width} px, forced colours ${forced}`);
        }
        await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
        assert.ok(await fitsWidth(page), `the check page fits ${width} px`);
      }
      await page.setViewport({ width: 1000, height: 800 });
      assert.match(await page.$eval('.actions a', (a) => a.textContent!), new RegExp(`^${back}`));
      await page.focus('.actions a');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(new URL(page.url()).hash, `#org-${id}`);
      const [still] = await worker.query<{ status: string }>(`SELECT status FROM organizations WHERE id = '${id}'`);
      assert.equal(still!.status, 'unconfirmed');
    }
    await page.focus(`#org-${id} form[action$="/approve"] button`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.focus('.actions button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.$eval('[role="status"]', (s) => s.textContent!.trim()), `Approved ${other}.`);
    const [approved] = await worker.query<{ status: string }>(`SELECT status FROM organizations WHERE id = '${id}'`);
    assert.equal(approved!.status, 'approved');
  });

  it('a request whose contact is suppressed: its card and the Decline check say no email goes, axe clean in both languages, 320 px and forced colours, by keyboard; the notice after says none went', async () => {
    const id = `suppressed-${tag}`;
    const other = `Harbor Imaging ${tag}`;
    const email = `lee.${tag}@harbor-${tag}.org`;
    await worker.query(
      `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, domain_verified, list_publicly, status, lang, created_at, confirmed_at)
       VALUES ('${id}', '${other}', 'imaging-center', 'https://www.harbor-${tag}.org/', 'harbor-${tag}.org', 'Lee Doe', '${email}', 1, 1, 'pending', 'en', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    );
    // Suppressed as the Updates page's form does it (confirmed), with this browser's session.
    const cookie = (await page.cookies()).map((k) => `${k.name}=${k.value}`).join('; ');
    const suppressed = await fetch(`${worker.url}/admin/updates/suppressions/lookup`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: worker.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, action: 'suppress', confirm: 'yes' }),
    });
    assert.equal(suppressed.status, 200);
    // The words of worker/organizations/admin-strings.ts (orgNoEmail, declineCheckHeading, declineCheckBodyNoEmail, declineConfirmUnconfirmed).
    const words = {
      es: { card: 'Ningún correo llegará a su contacto sobre una decisión sobre ella', heading: `¿Rechazar ${other}?`, body: 'Su contacto no recibe ningún correo sobre ello: su dirección está en la lista de exclusión', button: 'Rechazar' },
      en: { card: 'No email will reach its contact about a decision on it', heading: `Decline ${other}?`, body: 'Its contact gets no email about it: their address is on the suppression list', button: 'Decline' },
    };
    for (const lang of ['es', 'en'] as const) {
      const t = words[lang];
      await page.goto(`${worker.url}/admin/organizations?lang=${lang}`);
      assert.ok((await page.$eval(`#org-${id}`, (card) => card.textContent!)).includes(t.card), 'the card says no email goes');
      await page.focus(`#org-${id} form[action$="/decline"] button`);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(await page.$eval('h1', (h) => h.textContent), t.heading);
      assert.ok((await page.$eval('h1 + p', (p) => p.textContent!)).startsWith(t.body), 'the check says no email goes');
      assert.equal(await page.$eval('.actions button', (b) => b.textContent), `${t.button} ${other}`);
      for (const width of [1000, 320]) {
        await page.setViewport({ width, height: 800 });
        for (const forced of ['none', 'active'] as const) {
          await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
          assert.deepEqual(await axeViolations(page), [], `${lang}, ${width} px, forced colours ${forced}`);
        }
        await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
        assert.ok(await fitsWidth(page), `the check page fits ${width} px`);
      }
      await page.setViewport({ width: 1000, height: 800 });
      await page.focus('.actions a');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(new URL(page.url()).hash, `#org-${id}`);
    }
    await page.focus(`#org-${id} form[action$="/decline"] button`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.focus('.actions button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.$eval('[role="status"]', (s) => s.textContent!.trim()), `Declined ${other}. No email goes to its contact: their address is on the suppression list (a hard bounce or a complaint).`);
    assert.deepEqual(await axeViolations(page), []);
  });

  it('the approved contact stops the organization being listed by name from the "already a member" email\'s link and asks for a new name: tables of now and after, axe clean in both languages, 320 px and forced colours, by keyboard; the new name waits for the maintainer\'s card', async () => {
    // The same contact sends the form again: not listed any more, another size, a title, and a new name.
    const again = await fetch(`${worker.url}/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        name: `Bayview Health ${tag}`, type: 'department', website: `https://www.bayview-${tag}.co.uk`, region: 'GB', size: '50-199',
        'contact.name': 'Rosalind Franklin', 'contact.email': contact, 'contact.title': 'Clinical Director', commitment: 'yes', lang: 'en',
      }).toString(),
      redirect: 'manual',
    });
    assert.equal(again.status, 303);
    const changeUrl = (await emailTo(contact, /\/join\/change\?/)).match(/http:\/\/localhost:\d+\/join\/change\?\S+/)![0];
    for (const [lang, heading] of [['es', 'Cambiar los datos de su organización'], ['en', 'Change your organization’s details']] as const) {
      await page.goto(changeUrl.replace(/lang=\w+/, `lang=${lang}`));
      assert.equal(await page.$eval('h1', (h) => h.textContent), heading);
      assert.equal(await page.$$eval('table tbody th[scope="rowgroup"]', (rows) => rows.length), 4, 'the size, the title, the listing; the name, for review');
      assert.equal(await page.$$eval('table', (tables) => tables.length), 2, 'what the contact applies, and what waits for review');
      for (const width of [1000, 320]) {
        await page.setViewport({ width, height: 800 });
        for (const forced of ['none', 'active'] as const) {
          await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
          assert.deepEqual(await axeViolations(page), [], `${lang}, ${width} px, forced colours ${forced}`);
        }
        await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
        assert.ok(await fitsWidth(page), `the change page fits ${width} px`);
      }
      await page.setViewport({ width: 1000, height: 800 });
    }
    const [before] = await worker.query<{ list_publicly: number }>(`SELECT list_publicly FROM organizations WHERE contact_email = '${contact}'`);
    assert.equal(before!.list_publicly, 1, 'opening the link changes nothing');
    await page.focus('form[method="post"] button[type="submit"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Your changes are waiting for review');
    assert.deepEqual(await axeViolations(page), []);
    const [row] = await worker.query<{ id: string; status: string; list_publicly: number; size: string; contact_title: string; name: string }>(
      `SELECT id, status, list_publicly, size, contact_title, name FROM organizations WHERE contact_email = '${contact}'`,
    );
    assert.deepEqual({ ...row, id: undefined }, { id: undefined, status: 'approved', list_publicly: 0, size: '50-199', contact_title: 'Clinical Director', name });
    await page.goto(`${worker.url}/organizations?lang=en`);
    assert.ok(!(await page.content()).includes(`Bayview`), 'no longer on the public list, under either name');

    // The maintainer's card: the name now and as asked, axe clean in both languages, 320 px and forced colours; approved by keyboard.
    const card = `#org-${row!.id} .change`;
    for (const lang of ['es', 'en'] as const) {
      await page.goto(`${worker.url}/admin/organizations?lang=${lang}`);
      assert.deepEqual(
        await page.$$eval(`${card} tbody`, (groups) => groups.map((g) => [...g.querySelectorAll('th, td')].map((c) => c.textContent))),
        [[lang === 'es' ? 'Nombre' : 'Name', `${lang === 'es' ? 'Ahora' : 'Now'}: ${name}`, `${lang === 'es' ? 'Lo que se pide' : 'Asked'}: Bayview Health ${tag}`]],
      );
      for (const width of [1000, 320]) {
        await page.setViewport({ width, height: 800 });
        for (const forced of ['none', 'active'] as const) {
          await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
          assert.deepEqual(await axeViolations(page), [], `card ${lang}, ${width} px, forced colours ${forced}`);
        }
        await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
        assert.ok(await fitsWidth(page), `the dashboard with the card fits ${width} px`);
      }
      await page.setViewport({ width: 1000, height: 800 });
    }
    // Declining the change asks first, on a page of its own, focused on its heading; going back leaves the change waiting.
    for (const [lang, heading, back, acts] of [['es', `¿Rechazar el cambio de ${name}?`, 'Dejar el cambio pendiente', 'La organización en sí:'], ['en', `Decline the change to ${name}?`, 'Leave the change waiting', 'The organization itself:']] as const) {
      await page.goto(`${worker.url}/admin/organizations?lang=${lang}`);
      // The change's buttons and the organization's own are two groups, each named.
      assert.equal(await page.$eval(`#org-${row!.id} [role="group"][aria-labelledby^="acts-"]`, (g) => document.getElementById(g.getAttribute('aria-labelledby')!)!.textContent), acts);
      assert.equal(await page.$eval(`${card} [role="group"]`, (g) => document.getElementById(g.getAttribute('aria-labelledby')!)!.textContent), lang === 'es' ? 'Cambio pedido por su contacto' : 'Change asked by its contact');
      await page.focus(`${card} form[action$="/decline-change"] button`);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(await page.$eval('h1', (h) => h.textContent), heading);
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1', { timeout: 5_000 });
      // What is declined, as the card showed it: each asked detail, now and as asked.
      assert.deepEqual(
        await page.$$eval('.change tbody', (groups) => groups.map((g) => [...g.querySelectorAll('th, td')].map((c) => c.textContent))),
        [[lang === 'es' ? 'Nombre' : 'Name', `${lang === 'es' ? 'Ahora' : 'Now'}: ${name}`, `${lang === 'es' ? 'Lo que se pide' : 'Asked'}: Bayview Health ${tag}`]],
      );
      for (const width of [1000, 320]) {
        await page.setViewport({ width, height: 800 });
        for (const forced of ['none', 'active'] as const) {
          await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
          assert.deepEqual(await axeViolations(page), [], `decline-change check ${lang}, ${width} px, forced colours ${forced}`);
        }
        await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
        assert.ok(await fitsWidth(page), `the decline-change check page fits ${width} px`);
      }
      await page.setViewport({ width: 1000, height: 800 });
      assert.match(await page.$eval('.actions a', (a) => a.textContent!), new RegExp(`^${back}`));
      await page.focus('.actions a');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(new URL(page.url()).hash, `#org-${row!.id}`);
      const [waiting] = await worker.query<{ waiting: number }>(`SELECT change_asked IS NOT NULL AS waiting FROM organizations WHERE id = '${row!.id}'`);
      assert.equal(waiting!.waiting, 1, 'going back declines nothing');
    }
    await page.focus(`${card} form[action$="/approve-change"] button`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.$eval('[role="status"]', (s) => s.textContent!.trim()), `Approved the change to Bayview Health ${tag}: nothing the public sees changes, since the public list does not show this request by name (it is not listed, or an earlier approved request for its domain counts it). Its contact is emailed.`); // (not listed by name: unlisted above)
    const [renamed] = await worker.query<{ status: string; name: string }>(`SELECT status, name FROM organizations WHERE contact_email = '${contact}'`);
    assert.deepEqual({ ...renamed }, { status: 'approved', name: `Bayview Health ${tag}` });
    assert.match(await emailTo(contact, /The coalition has approved the changes/), /\/join\/withdraw\?lang=en&t=/);
  });

  it('every organizations page, the email links\' pages in each state, /impact and the hosted pledge\'s thank-you: axe clean at 320 px, in English and Spanish, forced colours on and off, nothing wider than the screen', async () => {
    const problems: string[] = [];
    const sweep = async (label: string) => {
      for (const width of [320, 1000]) {
        await page.setViewport({ width, height: 800 });
        for (const forced of ['none', 'active'] as const) {
          await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
          const found = await axeViolations(page);
          if (found.length) problems.push(`${label}, ${width} px, forced colours ${forced}: ${found.join(', ')}`);
        }
        await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
        if (!(await fitsWidth(page))) problems.push(`${label} is wider than ${width} px`);
      }
      await page.setViewport({ width: 1000, height: 800 });
    };
    const inLang = (url: string, lang: string) => url.replace(/lang=\w+/, `lang=${lang}`);
    // A request waiting for its contact (the confirmation link), and the approved one's withdrawal link.
    const waiting = `waiting.${tag}@radiology.harbor-${tag}.org`;
    const asked = await fetch(`${worker.url}/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: `Harbor Radiology ${tag}`, type: 'practice', website: `https://harbor-${tag}.org`, 'contact.name': 'Ada Lovelace', 'contact.email': waiting, commitment: 'yes', lang: 'en' }).toString(),
      redirect: 'manual',
    });
    assert.equal(asked.status, 303);
    const confirmUrl = (await emailTo(waiting, /\/join\/confirm\?/)).match(/http:\/\/localhost:\d+\/join\/confirm\?\S+/)![0];
    const withdrawUrl = (await emailTo(contact, /The coalition has approved/)).match(/http:\/\/localhost:\d+\/join\/withdraw\?\S+/)![0];
    for (const lang of ['en', 'es']) {
      for (const path of [`/join?lang=${lang}&partner=rsna`, `/join/thanks?lang=${lang}`, `/organizations?lang=${lang}`, `/organizations?lang=${lang}&type=society`, `/impact?lang=${lang}`, `/join/withdraw?lang=${lang}&t=nonsense`, `/pledge/thanks?lang=${lang}&partner=rsna&role=nurse`]) {
        await page.goto(`${worker.url}${path}`);
        await sweep(path);
      }
      // The form sent with every field empty (the browser's own checks off): the error summary and each field's error.
      await page.goto(`${worker.url}/join?lang=${lang}`);
      await page.$eval('form[method="post"]', (f) => f.setAttribute('novalidate', ''));
      await Promise.all([page.waitForNavigation(), page.click('form[method="post"] button[type="submit"]')]);
      await sweep(`/join with errors (${lang})`);
      await page.goto(inLang(confirmUrl, lang));
      await sweep(`the confirmation link's page (${lang})`);
      await page.goto(inLang(withdrawUrl, lang));
      await sweep(`the approved organization's withdrawal page (${lang})`);
    }
    await page.goto(inLang(confirmUrl, 'es'));
    await Promise.all([page.waitForNavigation(), page.click('form[method="post"] button[type="submit"]')]);
    await sweep('the confirmation link, pressed (es)');
    await page.goto(inLang(withdrawUrl, 'es'));
    await Promise.all([page.waitForNavigation(), page.click('form[method="post"] button[type="submit"]')]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Su organización ha dejado la coalición');
    await sweep('the withdrawal link, pressed (es)');
    for (const lang of ['en', 'es']) {
      await page.goto(inLang(withdrawUrl, lang));
      assert.equal(await page.$eval('h1', (h) => h.textContent), lang === 'en' ? 'Your organization has left the coalition' : 'Su organización ha dejado la coalición', 'opened again, it says the organization has left');
      await sweep(`the withdrawal link, opened again (${lang})`);
    }
    // The "already a member" email's change link, after the organization left: its membership has ended, and a way to join again, by keyboard.
    const changeUrl = (await emailTo(contact, /\/join\/change\?/)).match(/http:\/\/localhost:\d+\/join\/change\?\S+/)![0];
    for (const [lang, heading] of [['es', 'La adhesión de su organización ha terminado'], ['en', 'Your organization’s membership has ended']] as const) {
      await page.goto(inLang(changeUrl, lang));
      assert.equal(await page.$eval('h1', (h) => h.textContent), heading);
      await sweep(`the change link after the organization left (${lang})`);
    }
    await page.focus('main a[href^="/join?"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).pathname, '/join', 'the way to join again, by keyboard');
    // Approved before its contact confirmed, then sent again with a new title: the change page says its press confirms the address.
    const unproven = `unproven.${tag}@radiology.quay-${tag}.org`;
    const quay = { name: `Quay Imaging ${tag}`, type: 'imaging-center', website: `https://quay-${tag}.org`, 'contact.name': 'Mary Somerville', 'contact.email': unproven, commitment: 'yes', lang: 'en' };
    const post = (fields: Record<string, string>) =>
      fetch(`${worker.url}/join`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
    assert.equal((await post(quay)).status, 303);
    const [quayRow] = await worker.query<{ id: string }>(`SELECT id FROM organizations WHERE contact_email = '${unproven}'`);
    const approved = await fetch(`${worker.url}/api/admin/organizations/${quayRow!.id}/approve`, { method: 'POST', headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    assert.equal(approved.status, 200);
    assert.equal((await post({ ...quay, 'contact.title': 'Lead technologist' })).status, 303);
    const quayChange = (await emailTo(unproven, /\/join\/change\?/)).match(/http:\/\/localhost:\d+\/join\/change\?\S+/)![0];
    for (const [lang, says] of [['es', 'usted es Mary Somerville'], ['en', 'you are Mary Somerville']] as const) {
      await page.goto(inLang(quayChange, lang));
      assert.ok((await page.$eval('main', (m) => m.textContent!)).includes(says), `the press confirms the address (${lang})`);
      await sweep(`the change link of a contact not yet confirmed (${lang})`);
    }
    await page.focus('form[method="post"] button[type="submit"]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const [proven] = await worker.query<{ confirmed: number; title: string }>(`SELECT confirmed_at IS NOT NULL AS confirmed, contact_title AS title FROM organizations WHERE id = '${quayRow!.id}'`);
    assert.deepEqual({ ...proven }, { confirmed: 1, title: 'Lead technologist' });
    assert.deepEqual(problems, []);
  });
});
