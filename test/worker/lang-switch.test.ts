/**
 * Every hosted page a person reaches by link offers itself in the other language: the same URL
 * (its partner, filters or signed token kept) with `lang` swapped, named in its own language.
 * A form re-shown after a POST with its errors offers no switch: following it would lose what was typed;
 * the page after confirming or withdrawing offers its link's own page, which now shows the outcome,
 * and so does a signed link's POST that fails (the link broken, expired or its pledge withdrawn).
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { makeToken } from '../../worker/platform/tokens.ts';

const html = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`https://pledge.test${path}`, { headers: { Accept: 'text/html', ...headers } });
const switchOf = (page: string) => page.match(/<p class="lang-switch">(.*?)<\/p>/s)?.[1];
const TO_EN = 'hreflang="en" lang="en" aria-label="English: view this page in English">English</a>';
const TO_ES = 'hreflang="es" lang="es" aria-label="Español: ver esta página en español">Español</a>';

/** A confirmed pledge in `lang`, for the signed links' pages; its id. */
async function confirmedPledge(lang: 'en' | 'es', updates: boolean): Promise<string> {
  const id = crypto.randomUUID();
  await env.DB.prepare(
    `INSERT INTO pledges (id, partner_id, email, name, role, lang, updates, status, confirmed_at) VALUES (?, 'rsna', ?, 'Ana', 'nurse', ?, ?, 'confirmed', ?)`,
  )
    .bind(id, `ana.${id}@example.org`, lang, updates ? 1 : 0, new Date().toISOString())
    .run();
  return id;
}

/** An organization's request in Spanish, unconfirmed, through RSNA; its id. */
async function organization(name: string, domain: string): Promise<string> {
  const id = crypto.randomUUID();
  await env.DB.prepare(
    `INSERT INTO organizations (id, partner_id, name, type, website, domain, contact_name, contact_email, lang) VALUES (?, 'rsna', ?, 'practice', ?, ?, 'Ana', ?, 'es')`,
  )
    .bind(id, name, `https://${domain}`, domain, `ana.${id}@${domain}`)
    .run();
  return id;
}

describe('the language switch on hosted pages', () => {
  const cases: [path: string, es: string, en: string][] = [
    ['/pledge?partner=rsna&source=qr', '/pledge?partner=rsna&amp;source=qr&amp;lang=es', '/pledge?partner=rsna&amp;source=qr&amp;lang=en'],
    ['/pledge/thanks?partner=sir', '/pledge/thanks?partner=sir&amp;lang=es', '/pledge/thanks?partner=sir&amp;lang=en'],
    ['/join?partner=acr', '/join?partner=acr&amp;lang=es', '/join?partner=acr&amp;lang=en'],
    ['/join/thanks', '/join/thanks?lang=es', '/join/thanks?lang=en'],
    ['/organizations?type=practice', '/organizations?type=practice&amp;lang=es', '/organizations?type=practice&amp;lang=en'],
    ['/impact', '/impact?lang=es', '/impact?lang=en'],
    ['/resources?role=nurse', '/resources?role=nurse&amp;lang=es', '/resources?role=nurse&amp;lang=en'],
    ['/no-such-page', '/no-such-page?lang=es', '/no-such-page?lang=en'],
  ];
  for (const [path, toEs, toEn] of cases) {
    it(`${path}: in English it links to Spanish, and back`, async () => {
      const en = await (await html(path)).text();
      expect(en).toContain('<html lang="en">');
      expect(switchOf(en)).toBe(`<a href="${toEs}" ${TO_ES}`);
      // Chosen by the browser's language, the switch still leads to the other one.
      const es = await (await html(path, { 'Accept-Language': 'es-MX,es;q=0.9' })).text();
      expect(es).toContain('<html lang="es">');
      expect(switchOf(es)).toBe(`<a href="${toEn}" ${TO_EN}`);
      // An explicit ?lang= is replaced, not repeated.
      const sep = path.includes('?') ? '&' : '?';
      const explicit = await (await html(`${path}${sep}lang=es`)).text();
      expect(switchOf(explicit)).toBe(`<a href="${toEn}" ${TO_EN}`);
    });
  }

  it('never links to another site, whatever path a 404 was asked for', async () => {
    for (const path of ['//evil.example/x', '/\\evil.example/x', '///evil.example']) {
      const res = await html(path);
      expect(res.status).toBe(404);
      const href = switchOf(await res.text())?.match(/href="([^"]*)"/)?.[1] ?? '';
      expect(href).toMatch(/^\/evil\.example/);
      expect(new URL(href.replaceAll('&amp;', '&'), 'https://pledge.test').origin).toBe('https://pledge.test');
    }
  });

  it("the email's confirm link keeps its token in the other language", async () => {
    const t = await makeToken(env, crypto.randomUUID(), 'confirm');
    const page = await (await html(`/confirm?lang=es&t=${t}`)).text();
    expect(page).toContain('<html lang="es">');
    expect(switchOf(page)).toBe(`<a href="/confirm?lang=en&amp;t=${t}" ${TO_EN}`);
  });

  it('the page after confirming or withdrawing offers the outcome in the other language, which changes nothing', async () => {
    const id = crypto.randomUUID();
    await env.DB.prepare(`INSERT INTO pledges (id, partner_id, email, name, role, lang, status) VALUES (?, 'rsna', ?, 'Ana', 'nurse', 'es', 'pending')`)
      .bind(id, `switch-${id}@example.org`)
      .run();
    const post = (path: string, t: string) =>
      SELF.fetch(`https://pledge.test${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ t, lang: 'es' }).toString() });
    const confirm = await makeToken(env, id, 'confirm');
    const confirmed = await (await post('/confirm', confirm)).text();
    expect(confirmed).toContain('<h1>Su compromiso está confirmado</h1>');
    const toEnglish = `/confirm?t=${confirm}&lang=en`;
    expect(switchOf(confirmed)).toBe(`<a href="${toEnglish.replace('&', '&amp;')}" ${TO_EN}`);
    const english = await (await html(toEnglish)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('already confirmed');
    // Just confirmed and switched: the page says the pledge counts, not that "nothing has changed"
    // (which reads as if the press had done nothing); the same words hold for a link opened again.
    expect(english).toContain('<p>Your pledge is already confirmed and counts toward the coalition total. Opening this link again changes nothing.</p>');
    const spanish = await (await html(`/confirm?t=${confirm}&lang=es`)).text();
    expect(spanish).toContain('<p>Su compromiso ya está confirmado y cuenta en el total de la coalición. Abrir este enlace de nuevo no cambia nada.</p>');
    const withdraw = await makeToken(env, id, 'withdraw');
    const withdrawn = await (await post('/withdraw', withdraw)).text();
    const back = `/withdraw?t=${withdraw}&lang=en`;
    expect(switchOf(withdrawn)).toBe(`<a href="${back.replace('&', '&amp;')}" ${TO_EN}`);
    const page = await (await html(back)).text();
    expect(page).toContain('<html lang="en">');
    expect(page).not.toContain('<form');
    expect(await env.DB.prepare('SELECT status FROM pledges WHERE id = ?').bind(id).first('status')).toBe('withdrawn');
    // Nothing behind the link any more (erased unconfirmed): the switch still shows "withdrawn", not a button.
    const erased = await makeToken(env, crypto.randomUUID(), 'withdraw');
    const gone = await (await post('/withdraw', erased)).text();
    const goneSwitch = switchOf(gone)?.match(/href="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(goneSwitch).toBe(`/withdraw?t=${erased}&lang=en`);
    const goneEnglish = await (await html(goneSwitch!)).text();
    expect(goneEnglish).not.toContain('<form');
    expect(goneEnglish).toContain('<html lang="en">');
    // It says nothing was kept: no "anonymous record", which a withdrawn pledge leaves and this one never had.
    expect(goneEnglish).toContain('<h1>Nothing is left to withdraw</h1>');
    expect(goneEnglish).toContain('nothing of it is kept, and it was never counted');
    expect(goneEnglish).not.toContain('anonymous record');
    expect(gone).toContain('no se guarda nada de él y nunca se contó');
    expect(gone).not.toContain('registro anónimo');
    expect(withdrawn).toContain('registro anónimo');
  });

  it("the page after unsubscribing by hand offers the other language, which shows it done and changes nothing", async () => {
    const id = await confirmedPledge('es', true);
    const t = await makeToken(env, id, 'unsubscribe');
    const done = await (
      await SELF.fetch('https://pledge.test/unsubscribe?lang=es', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `t=${t}` })
    ).text();
    const back = `/unsubscribe?t=${t}&lang=en`;
    expect(switchOf(done)).toBe(`<a href="${back.replace('&', '&amp;')}" ${TO_EN}`);
    const english = await (await html(back)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).not.toContain('<form');
  });

  it("an organization's confirm and withdraw links keep their token in the other language, as a pledge's do", async () => {
    const id = await organization('Clínica Norte', 'norte.example');
    for (const [path, action] of [['/join/confirm', 'org-confirm'], ['/join/withdraw', 'org-withdraw']] as const) {
      const t = await makeToken(env, id, action);
      const page = await (await html(`${path}?lang=es&t=${t}`)).text();
      expect(page, path).toContain('Clínica Norte');
      expect(switchOf(page), path).toBe(`<a href="${path}?lang=en&amp;t=${t}" ${TO_EN}`);
    }
    // A link whose request is gone says so with the switch too.
    const gone = await makeToken(env, crypto.randomUUID(), 'org-confirm');
    expect(switchOf(await (await html(`/join/confirm?lang=en&t=${gone}`)).text())).toBe(`<a href="/join/confirm?lang=es&amp;t=${gone}" ${TO_ES}`);
  });

  it("the page after an organization's contact confirms or withdraws offers the outcome in the other language, which changes nothing", async () => {
    const id = await organization('Clínica Sur', 'sur.example');
    const post = (path: string, t: string) =>
      SELF.fetch(`https://pledge.test${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ t, lang: 'es' }).toString() });
    const confirm = await makeToken(env, id, 'org-confirm');
    const confirmed = await (await post('/join/confirm', confirm)).text();
    const toEnglish = `/join/confirm?t=${confirm}&lang=en`;
    expect(switchOf(confirmed)).toBe(`<a href="${toEnglish.replace('&', '&amp;')}" ${TO_EN}`);
    const english = await (await html(toEnglish)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).not.toContain('<form'); // where the request stands, not a button that would only say so
    await env.DB.prepare(`UPDATE organizations SET status = 'approved' WHERE id = ?`).bind(id).run();
    const approved = await (await html(toEnglish)).text();
    expect(approved).not.toContain('<form');
    expect(await env.DB.prepare('SELECT status FROM organizations WHERE id = ?').bind(id).first('status')).toBe('approved');
    const withdraw = await makeToken(env, id, 'org-withdraw');
    const withdrawn = await (await post('/join/withdraw', withdraw)).text();
    const back = `/join/withdraw?t=${withdraw}&lang=en`;
    expect(switchOf(withdrawn)).toBe(`<a href="${back.replace('&', '&amp;')}" ${TO_EN}`);
    expect(await (await html(back)).text()).not.toContain('<form');
  });

  it('the page after renewing a pledge, or turning its yearly reminder off, offers the outcome in the other language, which does nothing again', async () => {
    const id = await confirmedPledge('es', true);
    const post = (path: string, t: string) =>
      SELF.fetch(`https://pledge.test${path}`, { method: 'POST', headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ t, lang: 'es' }).toString() });
    const state = () => env.DB.prepare('SELECT recommitted_at, reminders FROM pledges WHERE id = ?').bind(id).first<{ recommitted_at: string; reminders: number }>();
    const recommit = await makeToken(env, id, 'recommit');
    const renewed = await (await post('/recommit', recommit)).text();
    expect(renewed).toContain('<h1>Gracias por renovar su compromiso</h1>');
    const reminders = await makeToken(env, id, 'reminders');
    const off = await (await post('/reminders', reminders)).text();
    expect(off).toContain('<h1>El recordatorio anual está desactivado</h1>');
    const after = await state();
    expect(after!.reminders).toBe(0);
    for (const [path, t, done, said] of [
      ['/recommit', recommit, renewed, '<h1>Your pledge is renewed</h1>'],
      ['/reminders', reminders, off, '<h1>The yearly reminder is off</h1>'],
    ] as const) {
      // The link's own page (its token, nothing personal), which now says it is done: no button to press again.
      const toEnglish = `${path}?t=${t}&lang=en`;
      expect(switchOf(done), path).toBe(`<a href="${toEnglish.replace('&', '&amp;')}" ${TO_EN}`);
      const english = await (await html(toEnglish)).text();
      expect(english, path).toContain('<html lang="en">');
      expect(english, path).toContain(said);
      expect(english, path).not.toContain('<form');
      expect(switchOf(english), path).toBe(`<a href="${path}?t=${t}&amp;lang=es" ${TO_ES}`);
    }
    expect(await state()).toEqual(after); // following either switch renewed nothing again and changed nothing
  });

  it("the signed links to report an action and to recommit keep their token in the other language", async () => {
    const id = await confirmedPledge('en', false);
    for (const [path, action] of [['/actions', 'act'], ['/recommit', 'recommit']] as const) {
      const t = await makeToken(env, id, action);
      const page = await (await html(`${path}?t=${t}&lang=en`)).text();
      expect(switchOf(page)).toBe(`<a href="${path}?t=${t}&amp;lang=es" ${TO_ES}`);
    }
  });

  it('the page after reporting an action offers the other language, which shows that report, not an empty form, and stores nothing more', async () => {
    const id = await confirmedPledge('en', false);
    const t = await makeToken(env, id, 'act');
    const reports = () => env.DB.prepare('SELECT count(*) AS n FROM pledge_actions WHERE pledge_id = ?').bind(id).first<number>('n');
    const submission = crypto.randomUUID().replaceAll('-', '');
    const report = (lang: 'en' | 'es', kind: string) =>
      SELF.fetch('https://pledge.test/actions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
        body: new URLSearchParams({ t, submission, kind, note: 'Mentored a resident', lang }),
      });
    const thanks = await (await report('en', 'mentoring')).text();
    expect(thanks).toContain('Thank you: your action is counted');
    const toSpanish = switchOf(thanks)?.match(/href="([^"]*)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(toSpanish).toMatch(new RegExp(`^/actions\\?t=${t.replace(/[.]/g, '\\.')}&`));
    expect(await reports()).toBe(1);
    const es = await (await html(toSpanish!)).text();
    expect(es).toContain('<html lang="es">');
    expect(es).toContain('Gracias: hemos registrado su acción');
    expect(es).toContain('<strong>Fui mentor o mentora de alguien</strong>');
    expect(es).not.toContain('<form method="post" action="/actions"');
    expect(await reports()).toBe(1); // following the switch (or a scanner opening it) reports nothing
    // And back: the same report, in English.
    const back = switchOf(es)?.match(/href="([^"]*)"/)?.[1]?.replaceAll('&amp;', '&');
    const en = await (await html(back!)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<strong>Mentored someone</strong>');
    // A second report of the same kind today says so in both languages.
    const second = crypto.randomUUID().replaceAll('-', '');
    const again = await (
      await SELF.fetch('https://pledge.test/actions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
        body: new URLSearchParams({ t, submission: second, kind: 'mentoring', lang: 'en' }),
      })
    ).text();
    expect(again).toContain('You had already reported this kind of action today');
    const againEs = await (await html(switchOf(again)!.match(/href="([^"]*)"/)![1]!.replaceAll('&amp;', '&'))).text();
    expect(againEs).toContain('Hoy ya nos había contado este tipo de acción');
    // Another pledge's link cannot show this pledge's report: its page is the empty form.
    const other = await makeToken(env, await confirmedPledge('en', false), 'act');
    const report1 = new URL(toSpanish!, 'https://pledge.test').searchParams;
    const [param] = [...report1.keys()].filter((k) => k !== 't' && k !== 'lang');
    const foreign = await (await html(`/actions?t=${other}&${param}=${report1.get(param!)}&lang=es`)).text();
    expect(foreign).toContain('<form method="post" action="/actions"');
    expect(foreign).not.toContain('Fui mentor o mentora de alguien</strong>');
  });

  it("an update's unsubscribe and preferences links open in the language they ask for, with a switch; the preferences keep the emails' language", async () => {
    const id = await confirmedPledge('es', true);
    for (const [path, action] of [['/unsubscribe', 'unsubscribe'], ['/preferences', 'preferences']] as const) {
      const t = await makeToken(env, id, action);
      // A link asking for English (a Spanish pledger who changed it, or opened it in a shared mailbox).
      const en = await (await html(`${path}?lang=en&t=${t}`)).text();
      expect(en, path).toContain('<html lang="en">');
      expect(switchOf(en), path).toBe(`<a href="${path}?lang=es&amp;t=${t}" ${TO_ES}`);
      // No lang in the link: the pledge's own language.
      const own = await (await html(`${path}?t=${t}`)).text();
      expect(own, path).toContain('<html lang="es">');
      expect(switchOf(own), path).toBe(`<a href="${path}?t=${t}&amp;lang=en" ${TO_EN}`);
      // Shown in English, the preferences still say the emails come in Spanish.
      if (path === '/preferences') expect(en).toMatch(/<input type="radio" id="lang-es" name="lang" value="es" checked \/>/);
      // Pressing the English page's button answers in English too.
      if (path === '/unsubscribe') {
        const action = en.match(/<form method="post" action="([^"]*)"/)?.[1];
        expect(action).toBe('/unsubscribe?lang=en');
        const done = await SELF.fetch(`https://pledge.test${action}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
          body: new URLSearchParams({ t }),
        });
        const page = await done.text();
        expect(page).toContain('<html lang="en">');
        expect(page).toContain('/preferences?lang=en&amp;t=');
      }
    }
  });

  it('the page after saving one\'s preferences offers the other language, which shows what was saved', async () => {
    const id = await confirmedPledge('es', true);
    const t = await makeToken(env, id, 'preferences');
    const saved = await SELF.fetch('https://pledge.test/preferences?lang=es', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t, updates: 'no', lang: 'en' }).toString(),
    });
    expect(saved.status).toBe(200);
    const page = await saved.text();
    expect(page).toContain('<html lang="es">');
    const back = `/preferences?t=${t}&lang=en`;
    expect(switchOf(page)).toBe(`<a href="${back.replace('&', '&amp;')}" ${TO_EN}`);
    const english = await (await html(back)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toMatch(/<input type="radio" id="lang-en" name="lang" value="en" checked \/>/);
    expect(english).toMatch(/value="no" checked/);
    // A form re-shown with an error (a value no radio has) offers none.
    const refused = await SELF.fetch('https://pledge.test/preferences?lang=es', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t, updates: 'maybe' }).toString(),
    });
    expect(refused.status).toBe(422);
    expect(switchOf(await refused.text())).toBeUndefined();
  });

  it("a Spanish page marks the coalition's English name and the societies' initials as English", async () => {
    const page = await (await html('/pledge?partner=rsna&lang=es')).text();
    expect(page).toContain('<p class="coalition" lang="en">Radiology Health Equity Coalition</p>');
    expect(page).toContain('<p class="members" lang="en"><abbr title="American College of Radiology">ACR</abbr>');
  });

  it("a signed link's POST that fails (a broken, expired or withdrawn link) offers its link's page in the other language, token kept, nothing personal", async () => {
    const post = (path: string, body: Record<string, string>) =>
      // As each page's form posts: some say the page's language in the action's ?lang=, others in the body.
      SELF.fetch(`https://pledge.test${path}?lang=es`, { method: 'POST', headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
    const long = Date.now() - 800 * 86_400_000; // older than any link's lifetime
    const withdrawn = await confirmedPledge('es', true);
    await env.DB.prepare(`UPDATE pledges SET status = 'withdrawn' WHERE id = ?`).bind(withdrawn).run();
    const cases: [path: string, token: string, status: number][] = [
      ['/confirm', 'not-a-token', 400],
      ['/withdraw', await makeToken(env, crypto.randomUUID(), 'withdraw', long), 410],
      ['/join/confirm', 'not-a-token', 400],
      ['/join/withdraw', await makeToken(env, crypto.randomUUID(), 'org-withdraw', long), 410],
      ['/join/change', 'not-a-token', 400],
      ['/join/change', await makeToken(env, crypto.randomUUID(), 'org-change', long), 410],
      ['/unsubscribe', 'not-a-token', 400],
      ['/unsubscribe', await makeToken(env, withdrawn, 'unsubscribe'), 410],
      ['/preferences', await makeToken(env, crypto.randomUUID(), 'preferences', long), 410],
      ['/preferences', await makeToken(env, withdrawn, 'preferences'), 410],
      ['/actions', 'not-a-token', 400],
      ['/recommit', await makeToken(env, withdrawn, 'recommit'), 410],
      ['/reminders', await makeToken(env, crypto.randomUUID(), 'reminders', long), 410],
    ];
    for (const [path, t, status] of cases) {
      const res = await post(path, { t, lang: 'es' });
      expect(res.status, path).toBe(status);
      const page = await res.text();
      expect(page, path).toContain('<html lang="es">');
      const href = `${path}?t=${encodeURIComponent(t)}&amp;lang=en`;
      expect(switchOf(page), path).toBe(`<a href="${href}" ${TO_EN}`);
      expect(switchOf(page), path).not.toContain('@');
      // Followed, it says the same in English, and changes nothing.
      const en = await (await html(href.replace('&amp;', '&'))).text();
      expect(en, path).toContain('<html lang="en">');
      expect(switchOf(en), path).toBe(`<a href="${path}?t=${encodeURIComponent(t)}&amp;lang=es" ${TO_ES}`);
    }
  });

  it("a signed link's POST with its token only in the URL (no form) answers in the URL's ?lang=, as each page after the pledge does", async () => {
    const pledge = await confirmedPledge('en', true);
    const cases: [path: string, token: string][] = [
      ['/confirm', await makeToken(env, pledge, 'confirm')],
      ['/withdraw', await makeToken(env, pledge, 'withdraw')],
      ['/actions', await makeToken(env, pledge, 'act')],
      ['/recommit', await makeToken(env, pledge, 'recommit')],
    ];
    for (const [path, t] of cases) {
      // A pledge whose emails are in English, a browser that asks for English: only the link's ?lang= says Spanish.
      const res = await SELF.fetch(`https://pledge.test${path}?t=${encodeURIComponent(t)}&lang=es`, {
        method: 'POST',
        headers: { Accept: 'text/html', 'Accept-Language': 'en', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      expect(res.status, path).toBeLessThan(500);
      expect(await res.text(), path).toContain('<html lang="es">');
    }
    // Nothing was withdrawn by a POST whose form carried no token.
    expect((await env.DB.prepare(`SELECT status FROM pledges WHERE id = ?`).bind(pledge).first<{ status: string }>())!.status).toBe('confirmed');
  });

  it("a signed link's form that names no language answers in the URL's ?lang= over the pledge's own, and acts", async () => {
    const pledge = await confirmedPledge('en', true);
    const form = async (path: string, t: string) =>
      SELF.fetch(`https://pledge.test${path}?lang=es`, {
        method: 'POST',
        headers: { Accept: 'text/html', 'Accept-Language': 'en', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t }).toString(),
      });
    const confirmed = await form('/confirm', await makeToken(env, pledge, 'confirm'));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('<html lang="es">');
    const withdrawn = await form('/withdraw', await makeToken(env, pledge, 'withdraw'));
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.text()).toContain('<html lang="es">');
    expect((await env.DB.prepare(`SELECT status FROM pledges WHERE id = ?`).bind(pledge).first<{ status: string }>())?.status ?? 'erased').not.toBe('confirmed');
  });

  it('a form re-shown with its errors offers no switch (it would lose what was typed)', async () => {
    const res = await SELF.fetch('https://pledge.test/pledge', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'partner=rsna&lang=es&name=&email=nope',
    });
    expect(res.status).toBe(422);
    expect(switchOf(await res.text())).toBeUndefined();
  });
});
