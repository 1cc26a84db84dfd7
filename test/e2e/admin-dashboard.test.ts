/**
 * The maintainers' dashboard in Chromium against a real local Worker: refuses without the
 * admin token, draws its charts from real local data, manages a partner end to end (a newly
 * added origin gets CORS at once), and passes axe.
 */
import { testPort } from '../support/ports.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { startLocalWorker, TEST_ADMIN_TOKEN, type LocalWorker } from '../support/local-worker.ts';

const WORKER_PORT = testPort(8793);
const NEW_ORIGIN = 'http://localhost:5181';

/** The focused element: its text, its class, and whether it is drawn inside the viewport (a skip link is, once focused). */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const r = el.getBoundingClientRect();
    return { text: el.textContent, className: el.className, seen: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth };
  });
}

describe('the admin dashboard', () => {
  let worker: LocalWorker;
  let browser: Browser;
  let page: Page;

  before(async () => {
    worker = await startLocalWorker({ port: WORKER_PORT, origins: [] });
    browser = await launchChromium();
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  /** Opens `path` signed in: signs in first when this browser has no session yet, so each test runs alone too. */
  async function signedIn(path: string) {
    await page.goto(`${worker.url}${path}`);
    if (!(await page.$('form[action="/admin/sign-in"] #token'))) return;
    await page.type('#token', TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.equal(await page.$('#token'), null, 'signed in');
    await page.goto(`${worker.url}${path}`);
  }

  it('shows only a sign-in form without the admin token, and refuses a wrong one', async () => {
    const res = await page.goto(`${worker.url}/admin`);
    assert.match(res!.headers()['content-security-policy'] ?? '', /default-src 'none'/);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Sign in to the dashboard');
    assert.equal(await page.$('.charts'), null);
    assert.deepEqual(await axeViolations(page), []);
    await page.type('#token', 'not-the-token');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.equal(await page.$eval('#error-summary a', (a) => a.textContent), 'Enter the admin token exactly as it was set');
    assert.equal(await page.$('.charts'), null);
    const csv = await fetch(`${worker.url}/admin/pledges.csv`, { redirect: 'manual' });
    assert.equal(csv.status, 303, 'the CSV needs a session too');
  });

  it('draws its charts from real local data once signed in', async () => {
    for (const role of ['nurse', 'nurse', 'physicist']) {
      const res = await fetch(`${worker.url}/api/pledges`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ partner: 'acr', name: 'Dash Board', email: `dash.${crypto.randomUUID()}@example.org`, role, commitment: true }),
      });
      assert.equal(res.status, 202);
    }
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE partner_id = 'acr' AND role = 'physicist'`);
    await page.goto(`${worker.url}/admin`);
    await page.type('#token', TEST_ADMIN_TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Campaign dashboard');
    const row = (chart: string, label: string) =>
      page.$$eval(`#${chart}-title ~ .table-scroll table tbody tr`, (rows, l) => {
        const r = rows.find((tr) => tr.querySelector('th')?.textContent === l);
        return r ? [...r.querySelectorAll('td')].map((td) => Number(td.textContent)) : null;
      }, label);
    assert.deepEqual(await row('by-partner', 'American College of Radiology'), [0, 3]);
    assert.deepEqual(await row('by-role', 'Radiology nurse'), [0, 2]);
    assert.equal(await page.$$eval('.chart svg rect.b', (r) => r.filter((x) => Number(x.getAttribute('width')) > 0).length) > 0, true);
    assert.deepEqual(await axeViolations(page), []);
    // At 320 px, in English and Spanish and in forced colours: each chart drawn with its labels above
    // its bars, whole and at 12 px or more (scaled to a phone's width, the wide drawing's were 5 px,
    // and at 600 px it ran off the side); only a table wider than the phone scrolls, in a region of
    // its own that takes keyboard focus, and every column is named.
    await page.setViewport({ width: 320, height: 800 });
    for (const lang of ['en', 'es']) {
      await page.goto(`${worker.url}/admin?lang=${lang}`);
      for (const forced of ['none', 'active']) {
        await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
        assert.deepEqual(await axeViolations(page), [], `${lang}, forced colours ${forced}`);
      }
      await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320, 'nothing wider than the window');
      assert.deepEqual(await page.$$eval('.chart .table-scroll', (f) => f.map((x) => [x.getAttribute('tabindex'), x.getAttribute('role'), x.getAttribute('aria-labelledby')])), [
        ['0', 'region', 'by-partner-title'],
        ['0', 'region', 'by-role-title'],
        ['0', 'region', 'by-day-title'],
      ]);
      assert.deepEqual(await page.$$eval('.chart thead th', (th) => th.filter((x) => !x.textContent!.trim()).length), 0);
      const charts = await page.$$eval('.chart', (all) =>
        all.map((f) => {
          const svg = f.querySelector<SVGSVGElement>('svg.chart-narrow')!;
          const box = svg.getBoundingClientRect();
          const scale = box.width / svg.viewBox.baseVal.width;
          const texts = [...svg.querySelectorAll('text')].map((t) => { const b = t.getBBox(); return { x: b.x, width: b.width, text: t.textContent }; });
          return {
            shown: getComputedStyle(svg).display !== 'none' && getComputedStyle(f.querySelector('svg:not(.chart-narrow)')!).display === 'none',
            label: scale * parseFloat(getComputedStyle(svg).fontSize),
            cut: texts.filter((t) => t.x < -1 || t.x + t.width > svg.viewBox.baseVal.width).map((t) => t.text),
            scrolls: f.scrollWidth > f.clientWidth,
          };
        }),
      );
      for (const c of charts) assert.ok(c.shown && c.label >= 12 && !c.cut.length && !c.scrolls, `${lang}: ${JSON.stringify(c)}`);
    }
    await page.setViewport({ width: 1280, height: 800 });
    // Every chart label whole, in the longer Spanish labels too ("Líder o administrador/a de la práctica").
    for (const path of ['/admin?lang=es', '/admin?lang=en', '/admin/organizations?lang=es']) {
      await page.goto(`${worker.url}${path}`);
      const cut = await page.$$eval('.chart svg text[text-anchor="end"]', (texts) =>
        (texts as SVGTextElement[]).filter((t) => t.getBBox().x < 0).map((t) => t.textContent),
      );
      assert.ok((await page.$$('.chart svg text[text-anchor="end"]')).length > 0, `${path} has charts`);
      assert.deepEqual(cut, [], `no label cut off at the left on ${path}`);
    }
    await page.goto(`${worker.url}/admin`);
  });

  it('adds an origin for a society, which gets CORS at once', async () => {
    await signedIn('/admin');
    const before = await fetch(`${worker.url}/api/stats`, { headers: { Origin: NEW_ORIGIN } });
    assert.equal(before.headers.get('Access-Control-Allow-Origin'), null);
    await page.type('#origin-aur', NEW_ORIGIN);
    await Promise.all([page.waitForNavigation(), page.click('form:has(#origin-aur) button[type="submit"]')]);
    assert.match(await page.$eval('[role="status"]', (s) => s.textContent!), /Saved: the origin https?:\/\/[^ ]+ was added to aur\./);
    assert.ok((await page.$$eval('.origins code', (c) => c.map((x) => x.textContent))).includes(NEW_ORIGIN));
    const after = await fetch(`${worker.url}/api/stats`, { headers: { Origin: NEW_ORIGIN } });
    assert.equal(after.headers.get('Access-Control-Allow-Origin'), NEW_ORIGIN);
    // Removing it asks first, on a page of its own; "Keep it as it is" goes back with nothing changed.
    await Promise.all([page.waitForNavigation(), page.click(`form:has(input[name="origin"][value="${NEW_ORIGIN}"]) button[type="submit"]`)]);
    assert.equal(await page.$eval('h1', (h) => h.textContent), `Remove ${NEW_ORIGIN} from aur?`);
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1', { timeout: 5_000 }); // autofocus: applied at the page's first rendering, which may come after load
    assert.deepEqual(await axeViolations(page), [], 'the check page');
    await Promise.all([page.waitForNavigation(), page.click('a.button--secondary')]);
    assert.ok((await page.$$eval('.origins code', (c) => c.map((x) => x.textContent))).includes(NEW_ORIGIN), 'kept');
    const kept = await fetch(`${worker.url}/api/stats`, { headers: { Origin: NEW_ORIGIN } });
    assert.equal(kept.headers.get('Access-Control-Allow-Origin'), NEW_ORIGIN);
  });

  it('refuses a society name that would reorder how it is shown, beside its field, by keyboard, keeping what was typed', async () => {
    await signedIn('/admin?lang=es');
    const flipped = 'Society of Nuclear Medicine \u202E)IMMNS(';
    await page.focus('#new-id');
    await page.keyboard.type('snmmi');
    await page.keyboard.press('Tab');
    await page.keyboard.type(flipped);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const said = 'El nombre visible de la sociedad no debe contener caracteres que inviertan la dirección del texto.';
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary', { timeout: 5_000 }); // autofocus, at first rendering
    assert.deepEqual(await page.$$eval('#error-summary a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent])), [['#new-name', said]]);
    assert.equal(await page.$eval('#new-name', (i) => (i as HTMLInputElement).value), flipped);
    assert.equal(await page.$eval('#new-name', (i) => i.getAttribute('aria-invalid')), 'true');
    assert.equal(await page.$eval('#new-name-error', (p) => p.textContent), `Error: ${said}`);
    assert.equal(await page.$eval('#new-id', (i) => (i as HTMLInputElement).value), 'snmmi', 'the id, valid, is kept too');
    assert.equal((await worker.query(`SELECT 1 FROM partners WHERE id = 'snmmi'`)).length, 0, 'nothing stored');
    assert.deepEqual(await axeViolations(page), []);
  });

  it('refuses changes from another origin, even with a session cookie', async () => {
    await signedIn('/admin');
    const cookie = (await page.cookies()).find((c) => c.name === 'rhec_admin');
    assert.ok(cookie?.httpOnly && cookie.sameSite === 'Strict', 'HttpOnly, SameSite=Strict session cookie');
    const res = await fetch(`${worker.url}/admin/partners`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `rhec_admin=${cookie!.value}`, Origin: 'https://evil.example' },
      body: 'action=disable&id=acr&confirm=yes',
    });
    assert.equal(res.status, 403);
    const [acr] = await worker.query<{ active: number }>(`SELECT active FROM partners WHERE id = 'acr'`);
    assert.equal(acr?.active, 1);
  });

  it('shows pledges per society and source, and opens a society\'s poster from its form', async () => {
    const res = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'sir', name: 'Source Seen', email: `src.${crypto.randomUUID()}@example.org`, role: 'other', commitment: true, source: 'newsletter-may' }),
    });
    assert.equal(res.status, 202);
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE source = 'newsletter-may'`);
    await signedIn('/admin');
    const rows = await page.$$eval('#sources tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
    assert.ok(rows.some((r) => r.join('|') === 'Society of Interventional Radiology (sir)|newsletter-may|0|1|0|0'), JSON.stringify(rows));
    assert.deepEqual(await axeViolations(page), []);
    await page.click('#poster-partner-sir');
    await page.type('#poster-source', 'booth-2026');
    await page.select('#poster-lang', 'es');
    await Promise.all([page.waitForNavigation(), page.click('#posters button[type="submit"]:not([formaction])')]);
    assert.equal(new URL(page.url()).search, '?partner=sir&source=booth-2026&lang=es');
    assert.match(await page.$eval('h1', (h) => h.textContent!), /Póster del compromiso para la Society of Interventional Radiology/);
    // A code the poster cannot use is sent as typed: the poster page says why, in its language, and offers the nearest usable one.
    await page.goto(`${worker.url}/admin#posters`);
    await page.click('#poster-partner-sir');
    await page.type('#poster-source', 'Hall B Booth');
    await Promise.all([page.waitForNavigation(), page.click('#posters button[type="submit"]:not([formaction])')]);
    const fix = await page.$('a[href*="source=hall-b-booth"]');
    assert.match(await page.$eval('header', (m) => m.textContent!.replace(/\s+/g, ' ')), /“Hall B Booth” cannot be used/);
    assert.ok(fix);
    await Promise.all([page.waitForNavigation(), fix.click()]);
    assert.equal(new URL(page.url()).searchParams.get('source'), 'hall-b-booth');
  });

  it('every dashboard speaks Spanish from its language switch, passing axe and fitting 320 px', async () => {
    await signedIn('/admin');
    // The skip link is the first Tab stop, seen when it has focus; the switch is the next, reached by keyboard.
    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(page), { text: 'Skip to the figures', className: 'skip-link', seen: true });
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Español');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(new URL(page.url()).search, '?lang=es');
    assert.equal(await page.$eval('html', (h) => h.lang), 'es');
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Panel de la campaña');
    // A resource with no next step: its empty cell stays in its column, for a screen reader too.
    const stepless = await fetch(`${worker.url}/api/admin/resources`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      body: JSON.stringify({ title: 'Stepless guide', url: 'https://www.acr.org/stepless', summary: 'No step.', kind: 'article', roles: ['nurse'], lang: 'en' }),
    });
    assert.equal(stepless.status, 201, await stepless.clone().text());
    // A pledge from a booth, so the table of pledges by source is drawn too.
    const booth = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'acr', name: 'Booth Visitor', email: `booth.${crypto.randomUUID()}@example.org`, role: 'leader', commitment: true, source: 'booth-2026' }),
    });
    assert.equal(booth.status, 202);
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE source = 'booth-2026'`);
    // An update in the history, whose figures (recipients, sent, failed…) are a table too.
    const update = await fetch(`${worker.url}/api/admin/updates`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
      body: JSON.stringify({ subject: { en: 'News from the coalition', es: 'Noticias de la coalición' }, body: { en: 'Hello.', es: 'Hola.' } }),
    });
    assert.equal(update.status, 201, await update.clone().text());
    const headings: Record<string, string> = {};
    for (const path of ['/admin', '/admin/updates', '/admin/resources', '/admin/organizations']) {
      await page.goto(`${worker.url}${path}?lang=es`);
      assert.equal(await page.$eval('html', (h) => h.lang), 'es', path);
      headings[path] = await page.$eval('h1', (h) => h.textContent!.trim());
      // A page's skip link, where it has one, comes before its language switch in Tab order.
      const skip = { '/admin': 'Saltar a las cifras', '/admin/resources': 'Saltar a la biblioteca de recursos' }[path];
      if (skip) {
        await page.keyboard.press('Tab');
        assert.deepEqual(await focused(page), { text: skip, className: 'skip-link', seen: true }, path);
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'English', path);
      }
      for (const width of [1280, 320]) {
        await page.setViewport({ width, height: 800 });
        assert.deepEqual(await axeViolations(page), [], `${path} at ${width} px`);
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${path} fits ${width} px`);
        // Every table fits without scrolling sideways, in Spanish's longer column names too: on a phone,
        // those whose rows hold forms or links (partners, the resource library) a card per row, and the
        // tables of figures (each chart's, pledges by source, actions by kind) each row's name, then each
        // figure beside its column's name; all of them still tables to a screen reader.
        const sideways = await page.$$eval('.table-scroll', (regions) =>
          regions.filter((r) => r.scrollWidth > r.clientWidth).map((r) => r.getAttribute('aria-labelledby')));
        assert.deepEqual(sideways, [], `${path}: every table fits ${width} px`);
        // On a wide screen every table is drawn as a table (a page's own rule for a class the cards share once made one a grid).
        if (width === 1280) {
          const notTables = await page.$$eval('.table-scroll table', (tables) =>
            tables.filter((t) => getComputedStyle(t).display !== 'table').map((t) => t.getAttribute('aria-labelledby') ?? t.querySelector('caption')?.id));
          assert.deepEqual(notTables, [], `${path}: drawn as tables at 1280 px`);
        }
        for (const table of await page.$$('.table-scroll table')) {
          const tree = await page.accessibility.snapshot({ root: table, interestingOnly: false });
          assert.equal(tree?.role, 'table', `${path} at ${width} px: a table to a screen reader`);
        }
        const cells = await page.$$eval('table.reflow tbody tr', (rows) =>
          rows.map((tr) => [...tr.children].filter((c) => getComputedStyle(c).display !== 'none').length));
        const columns = await page.$$eval('table.reflow', (tables) => tables.map((t) => t.querySelectorAll('thead th').length));
        assert.ok(cells.every((n) => columns.includes(n)), `${path} at ${width} px: every row keeps a cell per column (${cells.join(',')} of ${columns.join(',')})`);
        // A list's choice is read whole: a closed <select> cannot wrap, so its chosen words must fit
        // beside its arrow (the poster's "American Board of Radiology (abr)" was cut at 320 px).
        const cut = await page.$$eval('select', (selects) =>
          selects.flatMap((select) => {
            const chosen = select.options[select.selectedIndex];
            if (!chosen) return [];
            const probe = document.createElement('span');
            probe.style.cssText = `position: absolute; white-space: pre; font: ${getComputedStyle(select).font}`;
            probe.textContent = chosen.text;
            document.body.append(probe);
            const room = select.clientWidth - parseFloat(getComputedStyle(select).paddingLeft) - parseFloat(getComputedStyle(select).paddingRight) - 24; // the arrow
            const cutOff = probe.getBoundingClientRect().width > room;
            probe.remove();
            return cutOff ? [`#${select.id}: “${chosen.text}”`] : [];
          }));
        assert.deepEqual(cut, [], `${path} at ${width} px: every select's choice shown whole`);
      }
      if (path === '/admin' || path === '/admin/resources') assert.ok((await page.$$('table.reflow tbody tr')).length > 0, `${path} has a table of actions`);
      if (path === '/admin') assert.equal((await page.$$('.chart table, #sources table')).length, 4, 'three charts and the sources have their tables');
      if (path === '/admin/updates') assert.equal((await page.$$('#history-title ~ .table-scroll table tbody tr')).length > 0, true, 'the history has its update');
      // Nothing left in English in the page's own words (society names and ids are data).
      const text = await page.$eval('main', (m) => m.innerText);
      assert.doesNotMatch(text, /\b(Sign out|Partner societies|Confirmed|Pending|Save|Add|Remove|Organizations|Resources|Updates)\b/, path);
    }
    assert.equal(new Set(Object.values(headings)).size, 4, JSON.stringify(headings));
    await page.setViewport({ width: 1280, height: 800 });
  });

  it('wraps a flagged pledge\'s long name and address instead of scrolling its table sideways at 1,280 px, and shows cards at 320 px', async () => {
    // A bot's pledge (the honeypot filled), with an address longer than a real one may be: the service takes it, flagged.
    const email = `${'very.long.mailbox.name.'.repeat(2)}${crypto.randomUUID()}@radiology-department.university-hospital.example.org`;
    const res = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'acr', name: 'Maximiliana Bartholomew-Fitzgerald de la Cruz', email, role: 'nurse', commitment: true, website: 'x' }),
    });
    assert.equal(res.status, 202);
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE flagged = 1 AND email = '${email}'`);
    await page.setViewport({ width: 1280, height: 800 });
    await signedIn('/admin');
    assert.ok(await page.$eval('#flagged', (s) => s.textContent!.includes('@radiology-department')));
    // The section links take the keyboard (and a screen reader) to their section, not only the view.
    for (const id of ['flagged', 'posters']) {
      await page.focus(`nav a[href="#${id}"]`);
      await page.keyboard.press('Enter');
      await page.waitForFunction((want) => document.activeElement?.id === want, { timeout: 5_000 }, id);
    }
    const region = await page.$eval('#flagged .table-scroll', (r) => ({ scroll: r.scrollWidth, client: r.clientWidth }));
    assert.ok(region.scroll <= region.client, `the flagged table fits its column (${region.scroll} > ${region.client} px)`);
    // On a phone, the tables whose cells hold forms become a card per row, each value under its
    // column's name (the name for the eye; to a screen reader the column header names it).
    // (And on a tablet, or a desktop window zoomed in, where the table's columns did not fit either.)
    for (const width of [800, 320]) {
      await page.setViewport({ width, height: 800 });
      for (const section of ['#flagged', '#partners']) {
        const fit = await page.$eval(`${section} .table-scroll`, (r) => ({ scroll: r.scrollWidth, client: r.clientWidth }));
        assert.ok(fit.scroll <= fit.client, `${section}'s table fits ${width} px (${fit.scroll} > ${fit.client} px)`);
        const controls = await page.$$eval(`${section} tbody :is(button, input:not([type="hidden"]))`, (all) =>
          all.filter((c) => { const r = c.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth; }).length);
        assert.equal(controls, 0, `every form control in ${section} is on screen at ${width} px`);
      }
    }
    const card = await page.$$eval('#flagged tbody tr:first-child > *', (cells) =>
      cells.map((c) => ({ top: c.getBoundingClientRect().top, label: getComputedStyle(c, '::before').content, header: c.tagName === 'TH' }))
        .sort((a, b) => a.top - b.top));
    assert.ok(card[0]!.header, 'the card starts with the pledger\'s name');
    assert.equal(card[1]!.label, '"Received" / ""');
    assert.equal(await page.$eval('#flagged table', (t) => t.getAttribute('role')), 'table');
    assert.deepEqual(await axeViolations(page), [], 'the dashboard at 320 px with a flagged pledge');
    await page.setViewport({ width: 1280, height: 800 });
  });

  it("downloads a person's data copy by keyboard (a flagged pledge's too), and at 320 px in Spanish and forced colours says beside the field when nothing is kept", async () => {
    const email = `copia.${crypto.randomUUID()}@example.org`;
    const res = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'rsna', name: 'Ana Ruiz', email, role: 'nurse', commitment: true, website: 'x' }),
    });
    assert.equal(res.status, 202);
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE flagged = 1 AND email = '${email}'`);
    await page.setViewport({ width: 320, height: 800 });
    await signedIn('/admin?lang=es');
    await page.focus('#erase-email');
    await page.keyboard.type(email.toUpperCase());
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, 'Buscar su compromiso');
    await page.keyboard.press('Tab');
    const button = await focused(page);
    assert.equal(button.text, 'Descargar una copia de sus datos');
    assert.ok(button.seen, 'the download button is on screen at 320 px');
    const [copy] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/admin/data-request')), page.keyboard.press('Enter')]);
    assert.equal(copy.status(), 200);
    assert.match(copy.headers()['content-disposition'] ?? '', /^attachment; filename="rhec-data-copy-/);

    await page.goto(`${worker.url}/admin?lang=es`);
    await page.focus('#erase-email');
    await page.keyboard.type(`nadie.${crypto.randomUUID()}@example.org`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary', { timeout: 5_000 });
    assert.match(await page.$eval('#error-summary a[href="#erase-email"]', (a) => a.textContent!), /^No se guarda nada sobre esa dirección/);
    assert.match(await page.$eval('#erase-email-error', (p) => p.textContent!), /No se guarda nada/);
    for (const forced of ['none', 'active']) {
      await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
      assert.deepEqual(await axeViolations(page), [], `forced colours ${forced}`);
    }
    await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320, 'nothing wider than the window');
    await page.setViewport({ width: 1280, height: 800 });
  });

  it("finds a held pledge by address and sends its confirmation from there by keyboard, at 320 px in Spanish and forced colours", async () => {
    const email = `retenido.${crypto.randomUUID()}@example.org`;
    const res = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'rsna', name: 'Luz Prieto', email, role: 'nurse', commitment: true, website: 'x' }),
    });
    assert.equal(res.status, 202);
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE flagged = 1 AND email = '${email}'`);
    await page.setViewport({ width: 320, height: 800 });
    await page.goto(`${worker.url}/admin?lang=es`);
    if (await page.$('#token')) {
      // Run on its own (a name pattern), nothing earlier signed in.
      await page.type('#token', TEST_ADMIN_TOKEN);
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    }
    await page.focus('#erase-email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    // Focus on the answer: its heading, then what it found, said plainly, and the button that releases it.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1', { timeout: 5_000 });
    assert.match(await page.$eval('main', (m) => m.innerText), /Retenido para revisión \(campo contra bots rellenado\)/);
    await page.keyboard.press('Tab');
    const release = await focused(page);
    assert.equal(release.text, `Enviar la confirmación a ${email}`);
    assert.ok(release.seen, 'the release button is on screen at 320 px');
    for (const forced of ['none', 'active']) {
      await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
      assert.deepEqual(await axeViolations(page), [], `forced colours ${forced}`);
    }
    await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320, 'nothing wider than the window');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForFunction(() => document.activeElement?.classList.contains('thanks'), { timeout: 5_000 });
    assert.match((await focused(page)).text!, /Se liberó 1 compromiso/);
    // The answer is a page of its own address (Post/Redirect/Get): counts only, and a reload posts nothing and says it again.
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/admin?done=released&released=1&lang=es');
    const posted: string[] = [];
    const onRequest = (r: { method(): string; url(): string }) => void (r.method() === 'POST' && posted.push(r.url()));
    page.on('request', onRequest);
    await page.reload();
    await page.waitForFunction(() => document.activeElement?.classList.contains('thanks'), { timeout: 5_000 });
    page.off('request', onRequest);
    assert.deepEqual(posted, [], 'a reload posts nothing');
    assert.match((await focused(page)).text!, /Se liberó 1 compromiso/);
    await worker.rowsEventually(`SELECT 1 FROM email_outbox o JOIN pledges p ON o.pledge_id = p.id WHERE p.email = '${email}' AND o.kind = 'confirm'`);
    await page.setViewport({ width: 1280, height: 800 });
  });

  it("says a held pledge's address is suppressed, linking to where it is lifted before the release button; an erase answers by a redirect whose banner takes focus and a reload posts nothing again; 320 px, Spanish, forced colours", async () => {
    const email = `excluida.${crypto.randomUUID()}@example.org`;
    const res = await fetch(`${worker.url}/api/pledges`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partner: 'rsna', name: 'Eva Soto', email, role: 'nurse', commitment: true, website: 'x' }),
    });
    assert.equal(res.status, 202);
    await worker.rowsEventually(`SELECT 1 FROM pledges WHERE flagged = 1 AND email = '${email}'`);
    await page.setViewport({ width: 320, height: 800 });
    await page.goto(`${worker.url}/admin?lang=es`);
    if (await page.$('#token')) {
      await page.type('#token', TEST_ADMIN_TOKEN);
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    }
    // Suppressed as the Updates page's form does it (confirmed), with this browser's session, from the dashboard's own origin.
    const cookie = (await page.cookies()).map((k) => `${k.name}=${k.value}`).join('; ');
    const suppressed = await fetch(`${worker.url}/admin/updates/suppressions/lookup`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: worker.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, action: 'suppress', confirm: 'yes' }),
    });
    assert.equal(suppressed.status, 200);
    await page.focus('#erase-email');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1', { timeout: 5_000 });
    assert.match(await page.$eval('main', (m) => m.innerText), /Ningún correo llega a esta dirección: está en la lista de exclusión desde el/);
    // The way to lift it comes first, then the release it is about.
    await page.keyboard.press('Tab');
    const lift = await focused(page);
    assert.equal(lift.text, 'Novedades para quienes se comprometieron');
    assert.ok(lift.seen, 'the link is on screen at 320 px');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, `Enviar la confirmación a ${email}`);
    for (const forced of ['none', 'active']) {
      await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
      assert.deepEqual(await axeViolations(page), [], `the lookup, forced colours ${forced}`);
    }
    await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320, 'nothing wider than the window');

    // Withdrawn and erased: the answer is a page of its own address (no address of the person in it), focus on its banner.
    await page.click('form[action="/admin/erase-request"] button');
    await page.waitForFunction(() => document.activeElement?.classList.contains('thanks'), { timeout: 5_000 });
    assert.match((await focused(page)).text!, /Se retiró el compromiso y se borraron sus datos/);
    // Held for review, its address suppressed: the banner says what stays (the suppression entry among it), nothing of the person in the URL.
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/admin?done=erased&held=1&suppressed=1&lang=es');
    assert.match((await focused(page)).text!, /La dirección sigue en la lista de exclusión/);
    const posted: string[] = [];
    page.on('request', (r) => void (r.method() === 'POST' && posted.push(r.url())));
    await page.reload();
    await page.waitForFunction(() => document.activeElement?.classList.contains('thanks'), { timeout: 5_000 });
    assert.deepEqual(posted, [], 'a reload posts nothing');
    for (const forced of ['none', 'active']) {
      await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
      assert.deepEqual(await axeViolations(page), [], `the answer, forced colours ${forced}`);
    }
    await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320, 'nothing wider than the window');
    await page.setViewport({ width: 1280, height: 800 });
  });

  it('shows the emails given up on and sends them again by keyboard, at 320 px in Spanish and forced colours', async () => {
    const pledge = crypto.randomUUID();
    await worker.query(`INSERT INTO pledges (id, partner_id, email, name, role, lang) VALUES ('${pledge}', 'acr', 'outage.${pledge}@example.org', 'Ana', 'nurse', 'es')`);
    await worker.query(`INSERT INTO email_outbox (id, pledge_id, kind, status, attempts, last_error) VALUES ('confirm:${pledge}', '${pledge}', 'confirm', 'failed', 12, 'gave_up')`);
    await page.setViewport({ width: 320, height: 800 });
    await signedIn('/admin?lang=es#given-up');
    assert.match(await page.$eval('#given-up', (s) => s.textContent!), /No se pudo enviar 1 correo tras 12 intentos/);
    for (const forced of ['none', 'active']) {
      await page.emulateMediaFeatures([{ name: 'forced-colors', value: forced }]);
      assert.deepEqual(await axeViolations(page), [], `forced colours ${forced}`);
    }
    await page.emulateMediaFeatures([{ name: 'forced-colors', value: 'none' }]);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320, 'nothing wider than the window');
    await page.focus('#given-up form button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(await page.$eval('body', (b) => b.textContent!), /Se vuelve a enviar 1 correo en 5 minutos como mucho\./);
    assert.match(await page.$eval('#given-up', (s) => s.textContent!), /Ningún correo se ha dado por perdido/);
    assert.deepEqual(await worker.query(`SELECT status, attempts FROM email_outbox WHERE id = 'confirm:${pledge}'`), [{ status: 'queued', attempts: 1 }]);
    await page.setViewport({ width: 1280, height: 800 });
  });
});
