import { env, SELF } from 'cloudflare:test';
import { keptDraftPage } from '../../worker/admin/page.ts';
import { describe, expect, it } from 'vitest';
import { updatePage } from '../../worker/updates/admin-page.ts';
import type { UpdateRow } from '../../worker/updates/queries.ts';
import { UPDATES_ADMIN_STRINGS } from '../../worker/updates/admin-strings.ts';
import { withoutCellRoles } from './helpers.ts';

/**
 * The dashboard's Updates pages (/admin/updates) in English and Spanish: a GET speaks `?lang=`
 * or Accept-Language, a form's answer speaks its page's hidden `ui_lang`, redirects keep it.
 */
const ORIGIN = 'https://pledge.test';
const TOKEN = 'test-admin-token';

async function session(): Promise<string> {
  const res = await SELF.fetch(`${ORIGIN}/admin/sign-in`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${TOKEN}` });
  return res.headers.get('Set-Cookie')!.split(';')[0]!;
}

const get = (cookie: string, path: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`${ORIGIN}${path}`, { redirect: 'manual', headers: { Cookie: cookie, ...headers } });

const form = (cookie: string, path: string, body: string) =>
  SELF.fetch(`${ORIGIN}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body });

/** A partner of its own, so audiences never overlap with other tests. */
async function newPartner(): Promise<string> {
  const id = `t${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
  await env.DB.prepare('INSERT INTO partners (id, name) VALUES (?, ?)').bind(id, `Test society ${id}`).run();
  return id;
}

async function seed(n: number, partner: string): Promise<void> {
  await env.DB.batch(
    Array.from({ length: n }, () =>
      env.DB.prepare(
        `INSERT INTO pledges (id, partner_id, email, name, role, lang, status, updates, flagged, confirmed_at)
         VALUES (?, ?, ?, 'Reader', 'radiologist', 'en', 'confirmed', 1, 0, '2026-01-01T00:00:00.000Z')`,
      ).bind(crypto.randomUUID(), partner, `p.${crypto.randomUUID()}@example.org`),
    ),
  );
}

/** A draft made through the English form, and its page's path. */
async function draft(cookie: string, partner: string, subject = 'Hello'): Promise<string> {
  const created = await form(cookie, '/admin/updates', `subject_en=${encodeURIComponent(subject)}&body_en=Body&partners=${partner}`);
  expect(created.status).toBe(303);
  return created.headers.get('Location')!;
}

describe("a draft's audience in words", () => {
  it('agrees with the figure: one person, two people', () => {
    expect(UPDATES_ADMIN_STRINGS.en.wouldGetIt(1)).toBe('person would get it now');
    expect(UPDATES_ADMIN_STRINGS.en.wouldGetIt(2)).toBe('people would get it now');
    expect(UPDATES_ADMIN_STRINGS.es.wouldGetIt(1)).toBe('persona la recibiría ahora');
  });
});

describe('composing an update on the dashboard', () => {
  it('keeps what was typed when the session ended: it goes through the sign-in, and is saved only when asked', async () => {
    const partner = await newPartner();
    const body = 'Line one.\r\n\r\nA **second** paragraph, with "quotes" & <angles>.';
    const typed = new URLSearchParams([['ui_lang', 'en'], ['draft_id', crypto.randomUUID()], ['subject_en', 'Kept through a sign-in'], ['body_en', body], ['partners', partner], ['roles', 'radiologist'], ['roles', 'nurse']]);
    // No session (it ended): the sign-in page, in the form's language, says the draft is not saved yet and carries it.
    const ended = await SELF.fetch(`${ORIGIN}/admin/updates`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' }, body: typed });
    expect(ended.status).toBe(403);
    const signIn = await ended.text();
    expect(signIn).toContain('your draft is not saved yet');
    const carried = new URLSearchParams([...signIn.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'").replaceAll('&amp;', '&')]));
    expect(carried.get('then')).toBe('/admin/updates');
    expect(carried.get('keep.body_en')).toBe(body);
    expect(carried.getAll('keep.roles')).toEqual(['radiologist', 'nurse']);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM updates WHERE subject_en = ?').bind('Kept through a sign-in').first('n')).toBe(0);

    // A wrong token keeps it for the next try.
    carried.set('token', 'wrong');
    const wrong = await SELF.fetch(`${ORIGIN}/admin/sign-in`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: carried });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('name="keep.subject_en" value="Kept through a sign-in"');

    // Signed in: the draft is offered, not saved, until its button is pressed.
    carried.set('token', TOKEN);
    const signedIn = await SELF.fetch(`${ORIGIN}/admin/sign-in`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: carried });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const offer = await signedIn.text();
    expect(offer).toContain('<h1 tabindex="-1" autofocus>Your draft is not saved yet</h1>');
    expect(offer).toContain('Its subject in English: <strong lang="en">Kept through a sign-in</strong>');
    expect(offer).not.toContain('name="token"');
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM updates WHERE subject_en = ?').bind('Kept through a sign-in').first('n')).toBe(0);
    const again = new URLSearchParams([...offer.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'").replaceAll('&amp;', '&')]));
    expect(offer).toContain('action="/admin/updates"');
    const saved = await form(cookie, '/admin/updates', again.toString());
    expect(saved.status).toBe(303);
    const row = await env.DB.prepare('SELECT body_en, audience FROM updates WHERE subject_en = ?').bind('Kept through a sign-in').first<{ body_en: string; audience: string }>();
    expect(row?.body_en.replaceAll('\r\n', '\n')).toBe(body.replaceAll('\r\n', '\n'));
    expect(JSON.parse(row!.audience)).toMatchObject({ partners: [partner], roles: ['radiologist', 'nurse'] });
  });

  it('names each kept subject with its language, in the page\'s', async () => {
    const page = String(await keptDraftPage('es', 'n', { what: 'update', then: '/admin/updates', fields: [['subject_en', 'News'], ['subject_es', 'Noticias']] }));
    expect(page).toContain('Su asunto en inglés: <strong lang="en">News</strong>');
    expect(page).toContain('Su asunto en español: <strong lang="es">Noticias</strong>');
    // The question has focus, as on the check pages, and leaving (which loses the draft) is a full-size button apart from saving.
    expect(page).toMatch(/<h1 tabindex="-1" autofocus>/);
    expect(page).toMatch(/<\/form>\s*<a class="button button--secondary" href="\/admin\?lang=es">/);
  });

  it('in Spanish, for a draft being edited; a send is never carried', async () => {
    const cookie = await session();
    const partner = await newPartner();
    const path = new URL(await draft(cookie, partner), ORIGIN).pathname;
    const ended = await SELF.fetch(`${ORIGIN}${path}/edit`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ui_lang: 'es', revision: '1', subject_en: 'Corrected', body_en: 'Body', partners: partner }) });
    const page = await ended.text();
    expect(page).toContain('su borrador aún no se ha guardado');
    expect(page).toContain(`name="then" value="${path}/edit"`);
    const sent = await SELF.fetch(`${ORIGIN}${path}/send`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ui_lang: 'es', subject_en: 'x' }) });
    const sendPage = await sent.text();
    expect(sendPage).toContain('no se ha cambiado nada');
    expect(sendPage).not.toContain('name="then"');
    // A sign-in that names some other path as `then` carries nothing.
    const elsewhere = await SELF.fetch(`${ORIGIN}/admin/sign-in`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: TOKEN, then: 'https://evil.example/x', 'keep.subject_en': 'x' }) });
    expect(elsewhere.status).toBe(303);
  });

  it('makes one draft of one form sent twice (a double click), and a new draft of the same form with other words', async () => {
    const cookie = await session();
    const partner = await newPartner();
    const page = await (await get(cookie, '/admin/updates')).text();
    const key = page.match(/name="draft_id" value="([0-9a-f-]{36})"/)?.[1];
    expect(key).toBeTruthy();
    // Each load of the page gives its form an id of its own.
    expect((await (await get(cookie, '/admin/updates')).text())).not.toContain(key!);
    const body = (subject: string) => `draft_id=${key}&subject_en=${encodeURIComponent(subject)}&body_en=Body&partners=${partner}`;
    const [first, second] = await Promise.all([form(cookie, '/admin/updates', body('Twice')), form(cookie, '/admin/updates', body('Twice'))]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get('Location')).toBe(first.headers.get('Location'));
    const made = await env.DB.prepare(`SELECT id FROM updates WHERE subject_en = 'Twice'`).all<{ id: string }>();
    expect(made.results).toEqual([{ id: key }]);
    expect(await env.DB.prepare(`SELECT action FROM update_audit WHERE update_id = ? ORDER BY seq`).bind(key).all()).toMatchObject({ results: [{ action: 'create' }] });
    // Back to the form, words changed, sent again: that is another draft, not lost.
    const edited = await form(cookie, '/admin/updates', body('Twice, corrected'));
    expect(edited.status).toBe(303);
    expect(edited.headers.get('Location')).not.toBe(first.headers.get('Location'));
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM updates WHERE subject_en LIKE 'Twice%'`).first('n')).toBe(2);
    // A refused form keeps its id, so its correction is still the same draft.
    const refused = await form(cookie, '/admin/updates', `draft_id=${crypto.randomUUID()}&subject_en=&body_en=Body&partners=${partner}`);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/name="draft_id" value="[0-9a-f-]{36}"/);
  });
});

describe('the Updates dashboard in Spanish', () => {
  it('lists updates in Spanish with ?lang=es, with a switch back to English', async () => {
    const cookie = await session();
    const res = await get(cookie, '/admin/updates?lang=es');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<title>Novedades para quienes se comprometieron — RHEC Pledge</title>');
    expect(page).toContain('<h1>Novedades para quienes se comprometieron</h1>');
    expect(page).toContain('<a href="/admin?lang=es">← Panel de la campaña</a>');
    expect(page).toContain('<nav class="crumbs" aria-label="Panel">');
    expect(page).toMatch(/<a href="\/admin\/updates\?lang=en" hreflang="en" lang="en" aria-label="English: view this page in English">English<\/a>/);
    expect(page).toContain('<h2 id="history-title">Novedades hasta ahora</h2>');
    expect(page).toContain('<h2 id="suppressions-title">Direcciones excluidas</h2>');
    expect(page).toContain('<input type="hidden" name="ui_lang" value="es" />');
    expect(page).not.toContain('Write an update');
    expect(page).not.toContain('There is a problem');
  });

  it('follows Accept-Language by its q-values when there is no ?lang=', async () => {
    const cookie = await session();
    const page = await (await get(cookie, '/admin/updates', { 'Accept-Language': 'fr, es;q=0.9, en;q=0.5' })).text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<h1>Novedades para quienes se comprometieron</h1>');
    expect(page).toContain('href="/admin/updates?lang=en"');
    // ?lang= wins over the header.
    const en = await (await get(cookie, '/admin/updates?lang=en', { 'Accept-Language': 'es' })).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<h1>Updates to pledgers</h1>');
  });

  it('offers the compose form in Spanish, the English version still marked as English', async () => {
    const cookie = await session();
    const partner = await newPartner();
    const page = await (await get(cookie, '/admin/updates?lang=es')).text();
    expect(page).toContain('<h2 id="compose-title">Escribir una novedad</h2>');
    expect(page).toContain('<h3>Inglés <span class="muted">(obligatorio salvo si solo elige lectores en español)</span></h3>');
    expect(page).toContain('<label for="subject_en">Asunto en inglés</label>');
    expect(page).toMatch(/<input type="text" id="subject_en" name="subject_en" value="" maxlength="150" lang="en" \/>/);
    expect(page).toContain('<label for="subject_es">Asunto en español <span class="optional">(opcional)</span></label>');
    expect(page).toContain('<legend>Sociedades</legend>');
    expect(page).toContain('<legend>Idioma de quienes se comprometieron</legend>');
    expect(page).toContain('<label for="roles-0">Radiólogo/a</label>');
    expect(page).toContain(`value="${partner}"`);
    expect(page).toContain('<button type="submit" class="button">Guardar el borrador y ver la vista previa</button>');
    // The machine-facing names stay: the audience's languages are still `langs`, en and es.
    expect(page).toContain('name="langs" value="es"');
  });

  it('says a hand-made list too long, or a society id too long, plainly in either language', async () => {
    const cookie = await session();
    const roles = Array.from({ length: 51 }, () => 'roles=nurse').join('&');
    for (const [lang, many, id] of [
      ['es', 'Elija como máximo 50 funciones', 'El identificador de una sociedad tiene 32 caracteres como máximo'],
      ['en', 'Give at most 50 roles', 'A society id is 32 characters or fewer'],
    ] as const) {
      const bad = await form(cookie, '/admin/updates', `ui_lang=${lang}&subject_en=Hi&body_en=Hi&${roles}&partners=${'x'.repeat(33)}`);
      expect(bad.status).toBe(422);
      const page = await bad.text();
      expect(page).toContain(many);
      expect(page).toContain(id);
      expect(page).not.toContain('Too big');
    }
  });

  it('writes a length limit of thousands as a reader does (20,000, not 20000), in either language', async () => {
    const cookie = await session();
    for (const [lang, said] of [
      ['es', 'El mensaje en inglés debe tener 20,000 caracteres o menos'],
      ['en', 'The English message must be 20,000 characters or fewer'],
    ] as const) {
      const bad = await form(cookie, '/admin/updates', `ui_lang=${lang}&subject_en=Hi&body_en=${'x'.repeat(20_001)}`);
      expect(bad.status).toBe(422);
      const page = await bad.text();
      expect(page).toContain(said);
      expect(page).not.toContain('20000 ');
    }
  });

  it('answers an invalid draft from the Spanish page in Spanish, keeping what was typed', async () => {
    const cookie = await session();
    const bad = await form(cookie, '/admin/updates', `ui_lang=es&subject_en=&body_en=&subject_es=Hola&body_es=`);
    expect(bad.status).toBe(422);
    const page = await bad.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<title>Error: Novedades para quienes se comprometieron — RHEC Pledge</title>');
    expect(page).toContain('<h3 class="error-summary__title">Hay un problema</h3>');
    expect(page).toContain('<li><a href="#subject_en">Escriba el asunto en inglés</a></li>');
    // Text that would show in another order than written (here U+202E) is refused, said in Spanish.
    const reordered = await (await form(cookie, '/admin/updates', `ui_lang=es&subject_en=Ok%E2%80%AE&body_en=Ok&partners=x`)).text();
    expect(reordered).toContain('El asunto en inglés no debe contener caracteres que inviertan la dirección del texto');
    expect(page).toContain('<li><a href="#body_es">Escriba el mensaje en español o borre el asunto en español</a></li>');
    expect(page).toContain('<p class="error-message" id="subject_en-error"><span class="visually-hidden">Error:</span> Escriba el asunto en inglés</p>');
    expect(page).toContain('value="Hola"');
    expect(page).toContain('<input type="hidden" name="ui_lang" value="es" />');
    expect(page).not.toContain('Enter the English subject');
    // The suppression form's own errors too.
    const lookup = await (await form(cookie, '/admin/updates/suppressions/lookup', 'ui_lang=es&email=nope&action=find')).text();
    expect(lookup).toContain('Escriba una dirección en el formato correcto, como nombre@ejemplo.org');
    // …summarised at the top, focused, linking to the field (as every form's errors are).
    expect(lookup).toMatch(/<div class="error-summary"[^>]*autofocus[\s\S]*<h2 class="error-summary__title">Hay un problema<\/h2>[\s\S]*<a href="#suppress-email">Escriba una dirección en el formato correcto/);
    expect(lookup).toContain('<title>Error: ');
  });

  it('keeps lang=es through a valid draft, its page, its edit and its test', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(2, partner);
    const created = await form(cookie, '/admin/updates', `ui_lang=es&subject_en=Hello&body_en=Body&partners=${partner}`);
    expect(created.status).toBe(303);
    const location = created.headers.get('Location')!;
    expect(location).toMatch(/^\/admin\/updates\/[^?]+\?saved&lang=es$/);
    const detailUrl = location.split('?')[0]!;

    const page = await (await get(cookie, location)).text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<title>Hello — Novedades — RHEC Pledge</title>');
    // The English subject on a Spanish page is marked English, so a screen reader says it in English.
    expect(page).toContain('<h1 lang="en">Hello</h1>');
    const list = await (await get(cookie, '/admin/updates?lang=es')).text();
    expect(list).toMatch(new RegExp(`<a href="${detailUrl}\\?lang=es" lang="en">Hello</a>`));
    // The history table scrolls sideways at 320 px: its box takes focus, so a keyboard can scroll it.
    expect(list).toContain('<div class="table-scroll" tabindex="0" role="region" aria-labelledby="history-caption">');
    expect(page).toContain('Estado: <span class="status" id="fig-status">Borrador</span>');
    expect(page).toContain('<h2 id="figures-title">Destinatarios</h2>');
    expect(page).toContain('personas la recibirían ahora');
    expect(page).toContain('<p class="muted">Las direcciones que estén en la lista de excluidas se omiten al enviarla y se cuentan como excluidas.</p>');
    expect(page).toContain('Enviar a 2 personas');
    expect(page).toContain(`<a class="button button--secondary" href="${detailUrl}/edit?lang=es">Editar el borrador</a>`);
    expect(page).toContain('<h2 id="preview-title">Vista previa, exactamente como se envía</h2>');
    expect(page).toContain('title="Correo para lectores en inglés como HTML"');
    expect(page).toContain('aria-label="Correo para lectores en inglés como texto sin formato"');
    expect(page).toContain('<h2 id="audit-title">Historial de esta novedad</h2>');
    expect(withoutCellRoles(page)).toContain('<td>creación</td>');
    expect(page).toContain(`href="${detailUrl}?saved=&amp;lang=en" hreflang="en"`); // the same page, its notice too, in English
    // The preview shows the email as written: still English.
    expect(await (await get(cookie, `${detailUrl}/preview/en.html?lang=es`)).text()).toContain('You are receiving this');
    // Written only in English, it is previewed as its Spanish readers get it too: its words in English, framed in Spanish.
    expect(page).toContain('title="Correo para lectores en español como HTML"');
    const forSpanish = await (await get(cookie, `${detailUrl}/preview/es.html?lang=es`)).text();
    expect(forSpanish).toContain('<html lang="es" dir="ltr">');
    expect(forSpanish).toMatch(/<h1 id="subject" style="[^"]*" lang="en">Hello<\/h1>/);
    expect(forSpanish).toContain('Recibe este mensaje porque');

    const editor = await (await get(cookie, `${detailUrl}/edit?lang=es`)).text();
    expect(editor).toContain('<h1>Editar el borrador</h1>');
    expect(editor).toContain(`<a href="${detailUrl}?lang=es">Cancelar y dejar el borrador como estaba</a>`);
    const badEdit = await form(cookie, `${detailUrl}/edit`, `ui_lang=es&revision=0&subject_en=&body_en=x&partners=${partner}`);
    expect(badEdit.status).toBe(422);
    expect(await badEdit.text()).toContain('<a href="#subject_en">Escriba el asunto en inglés</a>');
    const saved = await form(cookie, `${detailUrl}/edit`, `ui_lang=es&revision=0&subject_en=Hello%20again&body_en=x&partners=${partner}`);
    expect(saved.headers.get('Location')).toBe(`${detailUrl}?saved&lang=es`);
    expect(await (await get(cookie, `${detailUrl}?saved&lang=es`)).text()).toContain('Borrador guardado.');
    // Saved by someone else meanwhile (revision 0 is now stale): said in Spanish, what was typed kept.
    const staleEdit = await form(cookie, `${detailUrl}/edit`, `ui_lang=es&revision=0&subject_en=Mine%20instead&body_en=x&partners=${partner}`);
    expect(staleEdit.status).toBe(409);
    const staleEditPage = await staleEdit.text();
    expect(staleEditPage).toContain('Otra persona cambió este borrador después de que usted lo abriera.');
    expect(staleEditPage).not.toContain('Revise este campo');
    expect(staleEditPage).toContain('value="Mine instead"');

    const test = await form(cookie, `${detailUrl}/test`, 'ui_lang=es&lang=en&test_to=');
    expect(test.status).toBe(422);
    expect(await test.text()).toContain('Escriba una dirección a la que enviar la prueba');
    // A test sent: to the update's page by a redirect, so reloading that page sends no second one.
    const tests = () => env.DB.prepare(`SELECT count(*) AS n FROM update_audit WHERE update_id = ? AND action = 'test'`).bind(detailUrl.split('/').pop()).first('n');
    const before = await tests();
    const tested = await form(cookie, `${detailUrl}/test`, 'ui_lang=es&lang=en&test_to=editor%40example.org');
    expect(tested.status).toBe(303);
    expect(tested.headers.get('Location')).toBe(`${detailUrl}?tested=en&lang=es`);
    for (let i = 0; i < 2; i++) expect(await (await get(cookie, `${detailUrl}?tested=en&lang=es`)).text()).toContain('Prueba enviada (versión en inglés) a la dirección que indicó.');
    expect(await tests()).toBe(Number(before) + 1);

    const stale = await form(cookie, `${detailUrl}/send`, 'ui_lang=es&revision=0');
    expect(stale.status).toBe(409);
    const stalePage = await stale.text();
    expect(stalePage).toContain('No se ha enviado: este borrador cambió después de que usted lo abriera.');
    // A refusal reads as one: the focused, announced error summary and "Error:" in the title, not the success banner.
    expect(stalePage).toMatch(/<div class="error-summary" id="error-summary" tabindex="-1" autofocus>\s*<div role="alert">\s*<h2 class="error-summary__title">Hay un problema<\/h2>/);
    expect(stalePage).toMatch(/<title>Error: /);
    expect(stalePage).not.toContain('class="thanks"');
    // The send button asks first, in Spanish, with the figures: nothing goes yet.
    const check = await form(cookie, `${detailUrl}/send`, 'ui_lang=es&revision=1');
    expect(check.status).toBe(200);
    const checkPage = await check.text();
    expect(checkPage).toMatch(/<h1 tabindex="-1" autofocus>¿Enviar esta novedad a \d+ personas?\?<\/h1>/);
    expect(checkPage).toContain('<input type="hidden" name="confirm" value="yes" />');
    expect(checkPage).toContain('Sí, enviarla ahora');
    expect(checkPage).toMatch(/<p>Destinatarios: [^<]+\.<\/p>/);
    expect(checkPage).toContain(`<a class="button button--secondary" href="${detailUrl}?lang=es">Volver al borrador</a>`);
    expect(await env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(detailUrl.split('/').pop()).first('status')).toBe('draft');
    const sent = await form(cookie, `${detailUrl}/send`, 'ui_lang=es&revision=1&confirm=yes');
    expect(sent.headers.get('Location')).toBe(`${detailUrl}?started&lang=es`);
    const progress = await (await get(cookie, `${detailUrl}?started&lang=es`)).text();
    expect(progress).toContain('El envío ha comenzado.');
    expect(progress).toMatch(/<h2 id="figures-title">Progreso<\/h2>/);
    expect(progress).toMatch(/id="fig-status">(Enviándose|Enviada)</);
    expect(progress).toContain('enviados</li>');
    if (progress.includes('<script')) {
      // While it sends, the page polls: what the script writes is Spanish too.
      expect(progress).toContain('"finished":"Envío terminado (estado: {status}). {sent} enviados, {failed} fallidos."');
      expect(progress).toContain('"sending":"Enviándose"');
    }
  });

  it('keeps the language when signed out, and on an unknown update', async () => {
    const out = await SELF.fetch(`${ORIGIN}/admin/updates?lang=es`, { redirect: 'manual' });
    expect(out.status).toBe(303);
    // HEAD answers as GET does (it used to be refused with a 403).
    const head = await SELF.fetch(`${ORIGIN}/admin/updates?lang=es`, { method: 'HEAD', redirect: 'manual' });
    expect([head.status, head.headers.get('Location')]).toEqual([303, '/admin?lang=es']);
    expect(out.headers.get('Location')).toBe('/admin?lang=es');
    const outHeader = await SELF.fetch(`${ORIGIN}/admin/updates`, { redirect: 'manual', headers: { 'Accept-Language': 'es-MX' } });
    expect(outHeader.headers.get('Location')).toBe('/admin?lang=es');
    const refused = await SELF.fetch(`${ORIGIN}/admin/updates`, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'ui_lang=es&subject_en=x' });
    // A stranger's body is not read: the refusal speaks the browser's language.
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('Sign in to the dashboard first.');
    const refusedEs = await SELF.fetch(`${ORIGIN}/admin/updates`, { method: 'POST', headers: { Origin: ORIGIN, 'Accept-Language': 'es', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'subject_en=x' });
    expect(await refusedEs.text()).toBe('Primero, inicie sesión en el panel.');
    const cookie = await session();
    const missing = await get(cookie, '/admin/updates/no-such-update?lang=es');
    expect(missing.status).toBe(404);
    const missingPage = await missing.text();
    expect(missingPage).toContain('<html lang="es">');
    expect(missingPage).toContain('No existe esa novedad.');
  });
});

describe('an update while it sends', () => {
  const sending = (lang: 'en' | 'es') =>
    updatePage({
      lang,
      nonce: 'n',
      update: { id: 'u1', status: 'sending', subject_en: 'Big news', body_en: 'x', subject_es: null, body_es: null, audience: '{}', revision: 1, created_at: '2026-03-05T14:03:09.000Z' } as UpdateRow,
      audience: { partners: [], roles: [], langs: ['es'] },
      partners: [],
      figures: { id: 'u1', status: 'sending', recipients: 12345, sent: 2000, failed: 1, suppressed: 0, skipped: 0, cancelled: 0 },
      previews: [],
      audit: [
        { update_id: 'u1', action: 'test', actor: 'token', detail: 'en, sent', at: '2026-03-05T14:01:00.000Z' },
        { update_id: 'u1', action: 'cancel', actor: 'dashboard', detail: 'was sending', at: '2026-03-05T14:03:09.000Z' },
      ],
    }).toString();

  it('shows its figures, and the words its polling script writes, in Spanish', async () => {
    const page = await sending('es');
    expect(page).toContain('<strong id="fig-recipients">12,345</strong> destinatarios');
    expect(page).toContain('<strong id="fig-sent">2,000</strong> enviados');
    expect(page).toContain('<label for="fig-progress">Procesados hasta ahora</label>');
    expect(page).toContain('>2,001 de 12,345</progress>');
    expect(page).toContain('<span id="fig-handled">2,001 de 12,345</span>');
    expect(page).toContain('Estas cifras se actualizan solas cada pocos segundos.');
    expect(page).toContain('Destinatarios: todas las sociedades; todas las funciones; idioma: español.');
    expect(page).toContain('Cancelar el envío');
    expect(withoutCellRoles(page)).toContain('<td>cancelación</td><td>el panel</td><td>estaba: enviándose</td>');
    expect(withoutCellRoles(page)).toContain('<td>prueba</td><td>la API (token de administración)</td><td>inglés, enviada</td>'); // a test email to an English reader
    expect(page).toContain('5 mar 2026');
    expect(page).toContain('"locale":"es-US"');
    expect(page).toContain('"of":"{done} de {total}"');
    expect(page).toContain('"finished":"Envío terminado (estado: {status}). {sent} enviados, {failed} fallidos."');
    expect(page).toContain('"sent":"Enviada"');
    expect(page).not.toMatch(/Sending finished|' of '/);
  });

  it('and in English as before', async () => {
    const page = await sending('en');
    expect(page).toContain('<strong id="fig-recipients">12,345</strong> recipients');
    expect(page).toContain('>2,001 of 12,345</progress>');
    expect(page).toContain('Audience: every society; every role; language: Spanish.');
    expect(withoutCellRoles(page)).toContain('<td>2026-03-05 14:03:09</td><td>cancel</td><td>the dashboard</td><td>was sending</td>');
    expect(withoutCellRoles(page)).toContain('<td>test</td><td>the API (admin token)</td><td>English, sent</td>');
    expect(page).toContain('"finished":"Sending finished: {status}. {sent} sent, {failed} failed."');
  });
});

describe('the Updates dashboard in English, by default', () => {
  it('is unchanged when nothing asks for Spanish', async () => {
    const out = await SELF.fetch(`${ORIGIN}/admin/updates`, { redirect: 'manual' });
    expect(out.headers.get('Location')).toBe('/admin?lang=en');
    const cookie = await session();
    const page = await (await get(cookie, '/admin/updates')).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<title>Updates to pledgers — RHEC Pledge</title>');
    expect(page).toContain('<nav class="crumbs" aria-label="Dashboard"><a href="/admin?lang=en">← Campaign dashboard</a></nav>');
    expect(page).toContain('<h2 id="compose-title">Write an update</h2>');
    expect(page).toContain('<div lang="en">');
    expect(page).toContain('<input type="hidden" name="ui_lang" value="en" />');
    // The Spanish version's fields are marked Spanish on the English page.
    expect(page).toMatch(/<input[^>]*id="subject_es"[^>]*lang="es"/);
    expect(page).toMatch(/<textarea[^>]*id="body_es"[^>]*lang="es"/);
    expect(page).toMatch(/<a href="\/admin\/updates\?lang=es" hreflang="es" lang="es" aria-label="Español: ver esta página en español">Español<\/a>/);

    const bad = await form(cookie, '/admin/updates', 'subject_en=&body_en=');
    expect(bad.status).toBe(422);
    const badPage = await bad.text();
    expect(badPage).toContain('<h3 class="error-summary__title">There is a problem</h3>');
    expect(badPage).toContain('<a href="#subject_en">Enter the English subject</a>');

    const partner = await newPartner();
    await seed(1, partner);
    const detailUrl = await draft(cookie, partner);
    expect(detailUrl).toMatch(/\?saved&lang=en$/);
    const detail = await (await get(cookie, detailUrl)).text();
    // A new draft is announced as saved, as an edited one is.
    expect(detail).toMatch(/role="status"[^>]*>[\s\S]*Draft saved\./);
    expect(detail).toContain('<title>Hello — Updates — RHEC Pledge</title>');
    expect(detail).toContain('Status: <span class="status" id="fig-status">Draft</span>');
    expect(detail).toContain('Send to 1 person');
    expect(withoutCellRoles(detail)).toContain('<td>create</td>');
  });
});

describe('a test the email service refuses on its broadcast stream', () => {
  it('says updates to that address stop, not that it gets no email at all, and does not list it (en, es)', async () => {
    const { fetchWithEnv } = await import('./helpers.ts');
    const { isSuppressed } = await import('../../worker/updates/consent.ts');
    const cookie = await session();
    const partner = await newPartner();
    await seed(1, partner);
    const detailUrl = (await draft(cookie, partner)).split('?')[0]!;
    // Postmark's API (beyond this machine), answered at the fetch boundary: an inactive recipient on the
    // broadcast stream, where an update's test goes (it carries List-Unsubscribe).
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (!String(input instanceof Request ? input.url : input).startsWith('https://api.postmarkapp.com/')) return realFetch(input, init);
      expect((JSON.parse(init!.body as string) as { MessageStream: string }).MessageStream).toBe('broadcast');
      return new Response(JSON.stringify({ ErrorCode: 406, Message: 'You tried to send to recipient(s) that have been marked as inactive.' }), { status: 422 });
    }) as typeof fetch;
    try {
      for (const [ui, says, notSays] of [
        ['en', 'the email service refuses updates to', 'gets no email at all'],
        ['es', 'el servicio de correo rechaza las novedades a', 'no recibe ningún correo'],
      ] as const) {
        const address = `pm.${ui}.${crypto.randomUUID()}@example.org`;
        const res = await fetchWithEnv(
          new Request(`${ORIGIN}${detailUrl}/test`, {
            method: 'POST',
            redirect: 'manual',
            headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
            body: `ui_lang=${ui}&lang=en&test_to=${encodeURIComponent(address)}`,
          }),
          { EMAIL_TRANSPORT: 'postmark', EMAIL_API_KEY: 'pm-test-key' },
        );
        const page = await res.text();
        expect(page, ui).toContain(says);
        expect(page, ui).not.toContain(notSays);
        expect(await isSuppressed(env, address), ui).toBe(false);
      }
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
