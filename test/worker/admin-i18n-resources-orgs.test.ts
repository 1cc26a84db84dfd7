/**
 * The maintainers' `/admin/resources` and `/admin/organizations` in English and Spanish: the
 * page's language from `?lang=` or Accept-Language, carried through every form in a hidden
 * `ui_lang` field (a resource's own `lang` is another thing), kept by every redirect.
 */
import { env, SELF } from 'cloudflare:test';
import { checkPage, organizationsAdminPage } from '../../worker/organizations/admin-page.ts';
import { eraseDeclinedContacts, type OrganizationRow } from '../../worker/organizations/queries.ts';
import { ORG_ADMIN_STRINGS } from '../../worker/organizations/admin-strings.ts';
import { describe, expect, it } from 'vitest';
import { RESOURCE_ADMIN_STRINGS } from '../../worker/resources/admin-strings.ts';

const BASE = 'https://pledge.test';

async function signIn(): Promise<string> {
  const res = await SELF.fetch(`${BASE}/admin/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
    body: new URLSearchParams({ token: 'test-admin-token' }).toString(),
  });
  expect(res.status).toBe(303);
  return res.headers.get('Set-Cookie')!.split(';')[0]!;
}

const get = (path: string, cookie: string, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}${path}`, { headers: { Cookie: cookie, ...headers }, redirect: 'manual' });

const post = (path: string, cookie: string, form: URLSearchParams, headers: Record<string, string> = {}) =>
  SELF.fetch(`${BASE}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE, Cookie: cookie, ...headers },
    body: form.toString(),
  });

/** The text of every `<th scope="col">` on the page, in order. */
const columnHeaders = (html: string) => [...html.matchAll(/<th scope="col"(?: role="columnheader")?>([^<]*)<\/th>/g)].map((m) => m[1]);

/** Every form on the page, and whether it carries the page's language: a POST's in `ui_lang`, a GET's (the search) in `lang`, as a page's URL does. */
function formsCarry(html: string, lang: string): boolean {
  const forms = html.match(/<form[\s\S]*?<\/form>/g) ?? [];
  return forms.length > 0 && forms.every((f) => f.includes(`<input type="hidden" name="${/^<form[^>]*method="get"/.test(f) ? 'lang' : 'ui_lang'}" value="${lang}" />`));
}

describe('/admin/resources in Spanish and English', () => {
  /** A resource in the library, so the table has a row with its Edit link and Retire button. */
  async function seedResource(): Promise<void> {
    await env.DB.prepare(
      `INSERT INTO resources (id, title, url, summary, kind, roles, lang, position) VALUES (?, ?, 'https://www.acr.org/seeded', 'Seeded.', 'course', '["nurse"]', 'en', 5)`,
    )
      .bind(crypto.randomUUID(), `Seeded course ${crypto.randomUUID().slice(0, 6)}`)
      .run();
  }

  it('speaks Spanish for ?lang=es: html lang, heading, table headers, forms, and a switch back to English', async () => {
    const cookie = await signIn();
    await seedResource();
    const res = await get('/admin/resources?lang=es', cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<h1>Recursos y resultados</h1>');
    expect(html).toContain('<title>Recursos y resultados — RHEC Pledge</title>');
    expect(html).toContain('<caption id="actions-caption">Acciones por tipo: contabilizadas, y los informes de los que salen</caption>');
    expect(columnHeaders(html)).toEqual(['Acción', 'Contabilizadas', 'Informes', 'Recurso', 'Próximo paso', 'Funciones', 'Idioma', 'Orden', 'Acciones']);
    // An English resource on the Spanish page is marked English, and its language named, not coded ("en" reads as a Spanish word).
    expect(html).toMatch(/<a href="https:\/\/www\.acr\.org\/seeded" lang="en">Seeded course/);
    expect(html).toContain('<td role="cell" data-label="Idioma" lang="en">English</td>');
    expect(html).not.toMatch(/lang="en">en<\/td>/);
    expect(html).toContain('<div class="table-scroll" tabindex="0" role="region" aria-labelledby="library-caption">');
    expect(html).toContain('<legend>Funciones a las que corresponde</legend>');
    expect(html).toContain('<label for="r-roles-radiologist">Radiólogo/a</label>');
    expect(html).toContain('<option value="es">Español</option>');
    expect(html).toContain('<span class="optional">(opcional)</span>');
    expect(html).toContain('<a href="/admin?lang=es">Volver al panel</a>');
    expect(html).toContain('<a href="/resources?lang=es">La biblioteca pública</a>');
    // The resource's own title, named in its own language (an English title is not read with a Spanish voice).
    expect(html).toMatch(/href="\/admin\/resources\?edit=[^"&]+&amp;lang=es#form-title">Editar<span class="visually-hidden" lang="en"> Seeded course /);
    expect(html).toContain('>Retirar<span class="visually-hidden" lang="en"> Seeded course ');
    expect(html).toContain('Añadir el recurso');
    expect(html).toContain('<span class="muted">Curso</span>'); // the kind, named in Spanish
    expect(html).toContain('<td role="cell" data-label="Funciones">Enfermero/a de radiología</td>');
    // The switch: the same page in English, named in English.
    expect(html).toContain('<a href="/admin/resources?lang=en" hreflang="en" lang="en" aria-label="English: view this page in English">English</a>');
    expect(formsCarry(html, 'es')).toBe(true);
    expect(html).not.toContain('Resources and outcomes');
    expect(html).not.toContain('Back to the dashboard');
  });

  it('speaks Spanish for Accept-Language: es, and switches to ?lang=en', async () => {
    const cookie = await signIn();
    const html = await (await get('/admin/resources', cookie, { 'Accept-Language': 'fr, es;q=0.8, en;q=0.5' })).text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<h1>Recursos y resultados</h1>');
    expect(columnHeaders(html)).toContain('Recurso');
    expect(html).toContain('href="/admin/resources?lang=en" hreflang="en"');
  });

  it('stays English by default, with a switch to Spanish', async () => {
    const cookie = await signIn();
    const html = await (await get('/admin/resources', cookie)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Resources and outcomes</h1>');
    expect(columnHeaders(html)).toEqual(['Action', 'Counted', 'Reports', 'Resource', 'Next step', 'Roles', 'Language', 'Order', 'Actions']);
    expect(html).toContain('<a href="/admin?lang=en">Back to the dashboard</a> · <a href="/resources?lang=en">The public library</a>');
    expect(html).toContain('<a href="/admin/resources?lang=es" hreflang="es" lang="es" aria-label="Español: ver esta página en español">Español</a>');
    expect(formsCarry(html, 'en')).toBe(true);
  });

  it('keeps the language when it sends a signed-out maintainer to /admin', async () => {
    const es = await SELF.fetch(`${BASE}/admin/resources?lang=es`, { redirect: 'manual' });
    expect(es.status).toBe(303);
    expect(es.headers.get('Location')).toBe('/admin?lang=es');
    const byHeader = await SELF.fetch(`${BASE}/admin/resources`, { redirect: 'manual', headers: { 'Accept-Language': 'es-MX' } });
    expect(byHeader.headers.get('Location')).toBe('/admin?lang=es');
    const en = await SELF.fetch(`${BASE}/admin/resources`, { redirect: 'manual' });
    expect(en.headers.get('Location')).toBe('/admin?lang=en');
  });

  it('answers a form with ui_lang=es in Spanish: validation errors, then the saved notice, a resource in English stays English', async () => {
    const cookie = await signIn();
    const title = `Juego de herramientas ${crypto.randomUUID().slice(0, 6)}`;
    // The resource itself is in English (lang=en); the page is in Spanish (ui_lang=es).
    const form = new URLSearchParams({ action: 'save', ui_lang: 'es', title, url: 'javascript:alert(1)', summary: 'Hecho en el panel.', step: '', kind: 'toolkit', lang: 'en', partner: '', position: '7' });
    const bad = await post('/admin/resources', cookie, form);
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('<html lang="es">');
    expect(badHtml).toContain('<title>Error: Recursos y resultados — RHEC Pledge</title>');
    expect(badHtml).toContain('<h3 class="error-summary__title">Hay un problema</h3>');
    expect(badHtml).toContain('Escriba una dirección https:// completa, como https://www.acr.org/…');
    expect(badHtml).toContain('Elija al menos una función');
    expect(badHtml).toContain('<span class="visually-hidden">Error:</span> Elija al menos una función');
    expect(badHtml).not.toContain('Enter a full https://');
    expect(badHtml).not.toContain('Choose at least one role');
    expect(badHtml).toContain(`value="${title}"`); // what was typed is kept
    expect(badHtml).toContain('<option value="en" selected>Inglés</option>'); // the resource's own language is kept
    expect(badHtml).not.toContain('class="lang-switch"'); // a POST's answer has no URL to switch
    expect(formsCarry(badHtml, 'es')).toBe(true);

    // An address with a direction override hidden in it: refused, in the page's Spanish too.
    form.set('url', 'https://www.acr.org/abc\u202egnp.exe');
    const hidden = await (await post('/admin/resources', cookie, form)).text();
    expect(hidden).toContain('La dirección no debe contener caracteres que inviertan la dirección del texto');
    expect(hidden).not.toContain('reverse the text');

    form.set('url', 'https://www.acr.org/herramientas');
    form.append('roles', 'nurse');
    const ok = await post('/admin/resources', cookie, form);
    expect(ok.status).toBe(303); // fetched again in the page's language, so a reload sends nothing twice
    expect(ok.headers.get('Location')).toMatch(/^\/admin\/resources\?lang=es&saved=/);
    const okHtml = await (await get(ok.headers.get('Location')!, cookie)).text();
    expect(okHtml).toContain('<html lang="es">');
    expect(okHtml).toContain(`Guardado: ${title}.`);
    const row = await env.DB.prepare('SELECT id, lang FROM resources WHERE title = ?').bind(title).first<{ id: string; lang: string }>();
    expect(row).toMatchObject({ lang: 'en' });

    const retired = await post('/admin/resources', cookie, new URLSearchParams({ action: 'retire', id: row!.id, ui_lang: 'es' }));
    expect(retired.status).toBe(303);
    const retiredHtml = await (await get(retired.headers.get('Location')!, cookie)).text();
    expect(retiredHtml).toContain(`Retirado: ${title}.`);
    expect(retiredHtml).toContain(`>Restaurar<span class="visually-hidden" lang="en"> ${title}</span>`);
    expect(retiredHtml).toContain(' · retirado</span>');

    const edit = await get(`/admin/resources?edit=${row!.id}&lang=es`, cookie);
    const editHtml = await edit.text();
    // Opened from a row's "Edit" (whose link goes to the form, far below the library): the form's heading takes focus.
    expect(editHtml).toContain('<h2 id="form-title" tabindex="-1" autofocus>Editar un recurso</h2>');
    expect(retiredHtml).toContain(`href="/admin/resources?edit=${row!.id}&amp;lang=es#form-title"`);
    expect(retiredHtml).toContain('<a class="skip-link" href="#library-title">Saltar a la biblioteca de recursos</a>');
    // The skip link is the first Tab stop, before the language switch.
    expect([...retiredHtml.slice(retiredHtml.indexOf('<body')).matchAll(/<(?:a\s[^>]*href=|button\b|input\b(?![^>]*type="hidden"))[^>]*>/g)].slice(0, 2).map((m) => m[0])).toEqual([
      '<a class="skip-link" href="#library-title">',
      expect.stringMatching(/^<a href="\/admin\/resources\?[^"]*lang=en[^"]*" hreflang="en"/),
    ]);
    expect(retiredHtml).not.toContain('autofocus>Editar');
    expect(editHtml).toContain('Guardar los cambios');
    expect(editHtml).toContain(`href="/admin/resources?edit=${row!.id}&amp;lang=en" hreflang="en"`);

    const missing = await get('/admin/resources?edit=no-such-id&lang=es', cookie);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('No hay ningún recurso con ese identificador.');
  });

  it('answers a form with ui_lang=en, or none, in English as before', async () => {
    const cookie = await signIn();
    const bad = await post('/admin/resources', cookie, new URLSearchParams({ action: 'save', ui_lang: 'en', title: '', url: '', summary: 'x', kind: 'toolkit', lang: 'es', position: '1' }), { 'Accept-Language': 'es' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('There is a problem');
    expect(html).toContain('Enter the title');
    expect(html).toContain('Enter the address (https://…)');
    const none = await (await post('/admin/resources', cookie, new URLSearchParams({ action: 'save', title: '' }))).text();
    expect(none).toContain('<html lang="en">');
    expect(none).toContain('Enter the title');
  });

  it('says no to a stranger in the browser\u2019s language, without reading the body', async () => {
    const cookie = await signIn();
    const other = await post('/admin/resources', cookie, new URLSearchParams({ action: 'save', ui_lang: 'es' }), { Origin: 'https://evil.example', 'Accept-Language': 'es' });
    expect(other.status).toBe(403);
    // Signed in, but from another site: told where changes are made, not to sign in.
    expect(await other.text()).toBe('Los cambios deben hacerse desde el propio panel: ábralo y haga el cambio allí.');
    const en = await post('/admin/resources', cookie, new URLSearchParams({ action: 'save' }), { Origin: 'https://evil.example' });
    expect(await en.text()).toBe('Changes must come from the dashboard itself: open it and make the change there.');
  });
});

describe('a resource being added when the session ended', () => {
  it('goes through the sign-in and is offered to save, in the form\'s language, with the resource\'s own language kept', async () => {
    const title = `Kit de herramientas ${crypto.randomUUID().slice(0, 6)}`;
    const typed = new URLSearchParams([['action', 'save'], ['ui_lang', 'es'], ['title', title], ['url', 'https://www.acr.org/kit'], ['summary', 'Hecho en el panel.'], ['step', ''], ['kind', 'toolkit'], ['roles', 'nurse'], ['roles', 'leader'], ['lang', 'en'], ['partner', ''], ['position', '3']]);
    const ended = await SELF.fetch(`${BASE}/admin/resources`, { method: 'POST', redirect: 'manual', headers: { Origin: BASE, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' }, body: typed });
    expect(ended.status).toBe(403);
    const page = await ended.text();
    expect(page).toContain('el recurso aún no se ha guardado');
    const carried = new URLSearchParams([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    expect(carried.getAll('keep.roles')).toEqual(['nurse', 'leader']);
    carried.set('token', 'test-admin-token');
    const signedIn = await SELF.fetch(`${BASE}/admin/sign-in`, { method: 'POST', redirect: 'manual', headers: { Origin: BASE, 'Content-Type': 'application/x-www-form-urlencoded' }, body: carried });
    expect(signedIn.status).toBe(200);
    const offer = await signedIn.text();
    expect(offer).toContain('<h1 tabindex="-1" autofocus>El recurso aún no se ha guardado</h1>');
    expect(offer).toContain(`Su título: <strong lang="en">${title}</strong>`);
    const cookie = signedIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const again = new URLSearchParams([...offer.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const saved = await post('/admin/resources', cookie, again);
    expect(saved.status).toBe(303);
    expect(await env.DB.prepare('SELECT lang, roles FROM resources WHERE title = ?').bind(title).first()).toMatchObject({ lang: 'en' });
    // Retiring a resource is not carried: short, asked again.
    const retire = await SELF.fetch(`${BASE}/admin/resources`, { method: 'POST', redirect: 'manual', headers: { Origin: BASE, Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ action: 'retire', id: 'x', title: 'x' }) });
    expect(await retire.text()).not.toContain('name="then"');
  });
});

describe('the outcomes panel counts in words that agree with the figure', () => {
  it('says one action, one pledge, in English as in Spanish', () => {
    for (const lang of ['en', 'es'] as const) {
      const t = RESOURCE_ADMIN_STRINGS[lang];
      for (const words of [t.actionsReported, t.activePledges, t.lapsedPledges]) expect(words(1), lang).not.toBe(words(2));
    }
    expect(RESOURCE_ADMIN_STRINGS.en.actionsReported(1)).toBe('action counted');
    expect(RESOURCE_ADMIN_STRINGS.en.activePledges(1)).toBe('active pledge (confirmed or renewed within a year)');
    expect(RESOURCE_ADMIN_STRINGS.en.lapsedPledges(0)).toBe('lapsed pledges');
  });
});

describe('/admin/organizations in Spanish and English', () => {
  async function seed(status: 'pending' | 'approved'): Promise<{ id: string; name: string }> {
    const tag = crypto.randomUUID().slice(0, 8);
    const id = crypto.randomUUID();
    const name = `Hospital ${tag}`;
    await env.DB.prepare(
      `INSERT INTO organizations (id, name, type, website, domain, region, size, contact_name, contact_title, contact_email, domain_verified, list_publicly, status, created_at, confirmed_at)
       VALUES (?, ?, 'health-system', ?, ?, 'US-TX', '10-49', 'Ana Pérez, MD', 'Jefa de servicio', ?, 1, 1, ?, '2026-03-05T10:00:00.000Z', '2026-03-06T10:00:00.000Z')`,
    )
      .bind(id, name, `https://www.h-${tag}.org`, `h-${tag}.org`, `ana@h-${tag}.org`, status)
      .run();
    return { id, name };
  }

  it('speaks Spanish for ?lang=es: html lang, heading, chart tables, types, dates, forms and the switch', async () => {
    const cookie = await signIn();
    const { id } = await seed('pending');
    const res = await get('/admin/organizations?lang=es', cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<title>RHEC Pledge — organizaciones</title>');
    expect(html).toContain('<h1>Organizaciones</h1>');
    expect(columnHeaders(html)).toEqual(['Tipo', 'Aprobadas', 'Pendientes de revisión', 'Mes', 'Aprobadas', 'Sin aprobar: pendientes, rechazadas o retiradas']);
    expect(html).toContain('<h2>Por tipo</h2>');
    expect(html).toContain('<th scope="row" role="rowheader">Hospital o sistema de salud</th>'); // the public side's name for the type
    expect(html).toContain('<th scope="row" role="rowheader">mar 2026</th>');
    expect(html).toMatch(/<h2 id="group-pending">Pendientes de revisión \(\d+\)<\/h2>/);
    const card = html.slice(html.indexOf(`id="org-${id}"`));
    expect(card).toContain('<dt>Estado</dt><dd>Pendiente de revisión</dd>');
    // A name with its credentials and the person's title read apart (not "Ana Pérez, MD, Jefa de servicio").
    expect(card).toContain('Ana Pérez, MD (Jefa de servicio) — <a href="mailto:');
    expect(card).toContain('<span class="badge badge--ok">Verificado</span>');
    expect(card).toContain('<dt>Dónde</dt><dd>Texas (US-TX)</dd>');
    expect(card).toContain('<dt>Radiólogos y radiólogas</dt><dd>De 10 a 49</dd>');
    // The language the contact's emails are in (theirs, not the page's), for writing to them by hand.
    expect(card).toContain('<dt>Idioma del contacto</dt><dd>inglés</dd>');
    expect(card).toContain('<dd>5 mar 2026; confirmada el 6 mar 2026</dd>');
    expect(card).toContain('>Aprobar<span class="visually-hidden">');
    expect(card).toContain('>Quitar y borrar el contacto<span class="visually-hidden">');
    expect(html).toContain('<a href="/admin?lang=es">Volver al panel</a>');
    expect(html).toContain('<a href="/admin/organizations.csv">Descargar todas las organizaciones (CSV)</a>');
    expect(html).toContain('<a href="/organizations?lang=es">Lista pública</a>');
    expect(html).toContain('<a href="/admin/organizations?lang=en" hreflang="en" lang="en" aria-label="English: view this page in English">English</a>');
    expect(formsCarry(html, 'es')).toBe(true);
    expect(html).not.toContain('Awaiting review');
  });

  it('names the society a request came through with its Spanish article, contracted after "de" (del ACR, de la RSNA)', async () => {
    const cookie = await signIn();
    const ids: Record<string, string> = {};
    for (const partner of ['acr', 'rsna']) {
      const { id } = await seed('pending');
      await env.DB.prepare('UPDATE organizations SET partner_id = ? WHERE id = ?').bind(partner, id).run();
      ids[partner] = id;
    }
    const html = await (await get('/admin/organizations?lang=es', cookie)).text();
    const card = (id: string) => html.slice(html.indexOf(`id="org-${id}"`), html.indexOf('</li>', html.indexOf(`id="org-${id}"`)));
    expect(card(ids.acr!)).toContain('<dd>5 mar 2026 a través del ACR; confirmada el 6 mar 2026</dd>');
    expect(card(ids.rsna!)).toContain('<dd>5 mar 2026 a través de la RSNA; confirmada el 6 mar 2026</dd>');
    const en = await (await get('/admin/organizations?lang=en', cookie)).text();
    expect(en).toContain('<dd>Mar 5, 2026 from ACR');
  });

  it('speaks Spanish for Accept-Language: es-ES', async () => {
    const cookie = await signIn();
    await seed('approved');
    const html = await (await get('/admin/organizations', cookie, { 'Accept-Language': 'es-ES,es;q=0.9' })).text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<h1>Organizaciones</h1>');
    expect(html).toMatch(/<h2 id="group-approved">Aprobadas \(\d+\)<\/h2>/);
    expect(html).toContain('href="/admin/organizations?lang=en" hreflang="en"');
  });

  it('stays English by default, with a switch to Spanish', async () => {
    const cookie = await signIn();
    const { id } = await seed('pending');
    const html = await (await get('/admin/organizations', cookie)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Organizations</h1>');
    expect(columnHeaders(html)).toEqual(['Type', 'Approved', 'Awaiting review', 'Month', 'Approved', 'Not approved: awaiting, declined or withdrawn']);
    expect(html).toContain('<a href="/admin?lang=en">Back to the dashboard</a> · <a href="/admin/organizations.csv">Download all organizations (CSV)</a> · <a href="/organizations?lang=en">Public list</a>');
    const card = html.slice(html.indexOf(`id="org-${id}"`));
    expect(card).toContain('<dt>Status</dt><dd>Awaiting review</dd>');
    expect(card).toContain('<dt>Type</dt><dd>Hospital or health system</dd>');
    expect(card).toContain('<dd>Mar 5, 2026; confirmed Mar 6, 2026</dd>');
    expect(html).toContain('<a href="/admin/organizations?lang=es" hreflang="es" lang="es" aria-label="Español: ver esta página en español">Español</a>');
    expect(formsCarry(html, 'en')).toBe(true);
  });

  it('shows a withdrawn organization (its contact erased) as not listed and claims nothing of an address it no longer has', async () => {
    const cookie = await signIn();
    const id = crypto.randomUUID();
    await env.DB.prepare(
      `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, domain_verified, list_publicly, status, created_at, confirmed_at, decided_at)
       VALUES (?, 'Gone Radiology', 'practice', 'https://gone.example.org', 'gone.example.org', NULL, NULL, 1, 0, 'withdrawn', '2025-10-01T10:00:00.000Z', '2025-10-01T11:00:00.000Z', '2025-10-03T10:00:00.000Z')`,
    ).bind(id).run();
    // A later request for the same website names it among the domain's requests, in one pair of brackets.
    const later = crypto.randomUUID();
    await env.DB.prepare(
      `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, domain_verified, list_publicly, status, created_at, confirmed_at, decided_at)
       VALUES (?, 'Gone Radiology Group', 'practice', 'https://gone.example.org', 'gone.example.org', 'Ana', 'ana@gone.example.org', 1, 1, 'approved', '2025-11-01T10:00:00.000Z', '2025-11-01T11:00:00.000Z', '2025-11-03T10:00:00.000Z')`,
    ).bind(later).run();
    for (const [lang, listing, verified, inline] of [
      ['en', 'Not listed (withdrawn)', 'Verified', 'Gone Radiology</a> (withdrawn, contact erased).'],
      ['es', 'No aparece (retirada)', 'Verificado', 'Gone Radiology</a> (retirada, contacto borrado).'],
    ] as const) {
      const html = await (await get(`/admin/organizations?lang=${lang}`, cookie)).text();
      const card = html.slice(html.indexOf(`id="org-${id}"`), html.indexOf('</li>', html.indexOf(`id="org-${id}"`)));
      expect(card).toContain(`<dd>${listing}</dd>`);
      expect(card).not.toContain(verified);
      const laterCard = html.slice(html.indexOf(`id="org-${later}"`), html.indexOf('</li>', html.indexOf(`id="org-${later}"`)));
      expect(laterCard).toContain(inline);
    }
  });

  it('says when a withdrawn request ended, and whether its contact withdrew it or a maintainer removed it, on the page and in the API', async () => {
    const cookie = await signIn();
    const rows = [
      ['contact', 'approved', 0, 'withdrawn by its contact Oct 9, 2025', 'retirada por su contacto el 9 oct 2025'],
      ['maintainers', 'pending', 1, 'removed by maintainers Oct 9, 2025', 'quitada por el equipo que administra la coalición el 9 oct 2025'],
      ['unknown', null, 0, 'withdrawn Oct 9, 2025', 'retirada el 9 oct 2025'],
    ] as const;
    const ids = new Map<string, string>();
    for (const [by, from, removed] of rows) {
      const id = crypto.randomUUID();
      ids.set(by, id);
      await env.DB.prepare(
        `INSERT INTO organizations (id, name, type, website, domain, domain_verified, list_publicly, status, created_at, withdrawn_at, withdrawn_from, removed)
         VALUES (?, ?, 'practice', ?, ?, 1, 0, 'withdrawn', '2025-10-01T10:00:00.000Z', '2025-10-09T10:00:00.000Z', ?, ?)`,
      ).bind(id, `Ended ${by}`, `https://${id}.example.org`, `${id}.example.org`, from, removed).run();
    }
    for (const [lang, column] of [['en', 3], ['es', 4]] as const) {
      const html = await (await get(`/admin/organizations?lang=${lang}`, cookie)).text();
      for (const row of rows) {
        const at = html.indexOf(`id="org-${ids.get(row[0])}"`);
        const card = html.slice(at, html.indexOf('</li>', at));
        expect(card).toContain(`; ${row[column]}</dd>`);
      }
    }
    const api = await SELF.fetch(`${BASE}/api/admin/organizations`, { headers: { Authorization: 'Bearer test-admin-token' } });
    const listed = ((await api.json()) as { organizations: { id: string; status: string; withdrawnBy: string | null; withdrawnFrom: string | null }[] }).organizations;
    for (const [by, from] of rows) expect(listed.find((o) => o.id === ids.get(by))).toMatchObject({ status: 'withdrawn', withdrawnBy: by, withdrawnFrom: from });
    // Not withdrawn: neither is set.
    expect(listed.find((o) => o.status !== 'withdrawn')).toMatchObject({ withdrawnBy: null, withdrawnFrom: null });
  });

  it("charts each month's requests once: those approved since and the rest add up to the month's requests", async () => {
    const cookie = await signIn();
    // Three requests in January 2026 (no other test here makes one then), two of them approved in February.
    for (const [i, status, decided] of [[1, 'approved', '2026-02-02T09:00:00.000Z'], [2, 'approved', '2026-02-03T09:00:00.000Z'], [3, 'pending', null]] as const) {
      await env.DB.prepare(
        `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, domain_verified, list_publicly, status, created_at, confirmed_at, decided_at)
         VALUES (?, ?, 'practice', ?, ?, 'Jo Month', ?, 1, 1, ?, ?, ?, ?)`,
      )
        .bind(crypto.randomUUID(), `Month Practice ${i}`, `https://m${i}.example.org`, `m${i}.example.org`, `jo@m${i}.example.org`, status, `2026-01-1${i}T10:00:00.000Z`, `2026-01-1${i}T11:00:00.000Z`, decided)
        .run();
    }
    const html = await (await get('/admin/organizations', cookie)).text();
    expect(html).toContain('<h2>Requests by month</h2>');
    expect(html).toMatch(/<tr role="row"><th scope="row" role="rowheader">Jan 2026<\/th><td role="cell" data-label="[^"]+">2<\/td><td role="cell" data-label="[^"]+">1<\/td><\/tr>/);
    expect(html).not.toContain('<th scope="row" role="rowheader">Feb 2026</th>'); // no requests then: the approvals belong to January's
  });

  it("counts the same requests as awaiting review in the headline and in the table by type: not those whose contact has not confirmed", async () => {
    const cookie = await signIn();
    for (const status of ['pending', 'unconfirmed', 'unconfirmed', 'declined']) {
      const tag = crypto.randomUUID().slice(0, 8);
      await env.DB.prepare(
        `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, domain_verified, list_publicly, status, created_at, confirmed_at)
         VALUES (?, ?, 'industry', ?, ?, 'Jo Figure', ?, 1, 1, ?, '2026-03-05T10:00:00.000Z', ?)`,
      )
        .bind(crypto.randomUUID(), `Figure ${tag}`, `https://f-${tag}.example.com`, `f-${tag}.example.com`, `jo@f-${tag}.example.com`, status, status === 'unconfirmed' ? null : '2026-03-06T10:00:00.000Z')
        .run();
    }
    for (const lang of ['en', 'es'] as const) {
      const html = await (await get(`/admin/organizations?lang=${lang}`, cookie)).text();
      const headline = Number(html.match(lang === 'en' ? /<li><strong>([\d,]+)<\/strong> awaiting review<\/li>/ : /<li><strong>([\d,]+)<\/strong> pendientes? de revisión<\/li>/)![1]!.replace(/,/g, ''));
      const byType = html.slice(html.indexOf('id="by-type-title"'), html.indexOf('id="over-time-title"'));
      const column = [...byType.matchAll(/<tr role="row"><th scope="row" role="rowheader">[^<]*<\/th><td role="cell" data-label="[^"]+">[\d,]+<\/td><td role="cell" data-label="[^"]+">([\d,]+)<\/td><\/tr>/g)].reduce((sum, m) => sum + Number(m[1]!.replace(/,/g, '')), 0);
      const pending = Number(await env.DB.prepare(`SELECT count(*) AS n FROM organizations WHERE status = 'pending'`).first('n'));
      expect([headline, column], lang).toEqual([pending, pending]);
    }
  });

  it('writes the charts\u2019 figures as the page\u2019s language does (1,234), not as bare digits', () => {
    const row = (i: number): OrganizationRow => ({
      id: `o${i}`, partner_id: null, name: `Org ${i}`, type: 'practice', website: `https://o${i}.example.org`, domain: `o${i}.example.org`,
      region: null, size: null, contact_name: null, contact_email: null, contact_title: null, domain_verified: 1, list_publicly: 1, lang: 'es',
      status: 'approved', joins: null, apart: 0, created_at: '2026-03-05T10:00:00.000Z', confirmed_at: '2026-03-05T11:00:00.000Z',
      decided_at: '2026-03-06T10:00:00.000Z', withdrawn_at: null, withdrawn_from: null, removed: 0, next_answers: null, change_asked: null,
    });
    const rows = Array.from({ length: 1234 }, (_, i) => row(i));
    for (const lang of ['es', 'en'] as const) {
      const html = String(organizationsAdminPage(lang, rows, 1234, 'n'));
      const byType = html.slice(html.indexOf('id="by-type-title"'), html.indexOf('id="over-time-title"'));
      expect(byType, lang).toMatch(/<tr role="row"><th scope="row" role="rowheader">[^<]+<\/th><td role="cell" data-label="[^"]+">1,234<\/td><td role="cell" data-label="[^"]+">0<\/td><\/tr>/);
      expect(byType, lang).toContain('>1,234 + 0</text>');
      expect(html.slice(html.indexOf('id="over-time-title"')), lang).toMatch(/<td role="cell" data-label="[^"]+">1,234<\/td><td role="cell" data-label="[^"]+">0<\/td>/);
      expect(html, lang).not.toContain('1234');
    }
  });

  it('keeps the language when it sends a signed-out maintainer to /admin', async () => {
    const es = await SELF.fetch(`${BASE}/admin/organizations?lang=es`, { redirect: 'manual' });
    expect(es.status).toBe(303);
    expect(es.headers.get('Location')).toBe('/admin?lang=es');
    const en = await SELF.fetch(`${BASE}/admin/organizations`, { redirect: 'manual' });
    expect(en.headers.get('Location')).toBe('/admin?lang=en');
  });

  it('answers a button with ui_lang=es in Spanish, including the page that says it can no longer be changed', async () => {
    const cookie = await signIn();
    const { id, name } = await seed('pending');
    // Done, the button leads back to the list by GET (a reload sends nothing again), which says what was done.
    // Declining emails the contact at once: the button asks first, in the form's language, and nothing changes until the answer.
    const check = await post(`/admin/organizations/${id}/decline`, cookie, new URLSearchParams({ ui_lang: 'es' }));
    expect(check.status).toBe(200);
    const askedHtml = await check.text();
    expect(askedHtml).toContain(`<h1 tabindex="-1" autofocus>¿Rechazar ${name}?</h1>`);
    expect(askedHtml).toContain('Rechazar y escribir al contacto');
    expect(askedHtml).toContain(`href="/admin/organizations?lang=es#org-${id}"`);
    expect(await env.DB.prepare('SELECT status FROM organizations WHERE id = ?').bind(id).first('status')).toBe('pending');
    // A request its contact never confirmed: nobody is written to, and the page does not say otherwise.
    const unconfirmed = String(await checkPage('en', { id: 'x', name: 'Clinic', confirmed_at: null, contact_email: 'a@clinic.org' }, 'n', 'decline'));
    expect(unconfirmed).toContain('Its contact never confirmed the request, so no email is sent');
    expect(unconfirmed).toMatch(/<button type="submit" class="button">Decline<span class="visually-hidden"> Clinic<\/span><\/button>/);
    const declinedAt = await post(`/admin/organizations/${id}/decline`, cookie, new URLSearchParams({ ui_lang: 'es', confirm: 'yes' }));
    expect(declinedAt.status).toBe(303);
    expect(declinedAt.headers.get('Location')).toBe(`/admin/organizations?done=decline&org=${id}&lang=es`);
    const declined = await SELF.fetch(`${BASE}${declinedAt.headers.get('Location')}`, { headers: { Cookie: cookie } });
    expect(declined.status).toBe(200);
    const html = await declined.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain(`<div class="thanks" role="status" tabindex="-1" autofocus><p>Rechazada: ${name}.</p></div>`);
    expect(formsCarry(html, 'es')).toBe(true);
    // A made-up action or id says nothing.
    for (const query of [`done=erase&org=${id}`, 'done=decline&org=no-such-id', 'done=decline']) {
      const page = await (await SELF.fetch(`${BASE}/admin/organizations?${query}&lang=es`, { headers: { Cookie: cookie } })).text();
      expect(page, query).not.toContain('class="thanks"');
    }

    // Removing erases the contact for good: the button asks first, and nothing changes until the answer.
    const asked = await post(`/admin/organizations/${id}/remove`, cookie, new URLSearchParams({ ui_lang: 'es' }));
    expect(asked.status).toBe(200);
    const askedPage = await asked.text();
    expect(askedPage).toContain(`<h1 tabindex="-1" autofocus>¿Quitar ${name}?</h1>`);
    expect(askedPage).toContain('<input type="hidden" name="confirm" value="yes" />');
    expect(askedPage).toContain(`href="/admin/organizations?lang=es#org-${id}">Conservarla y volver a las organizaciones</a>`);
    expect(await env.DB.prepare('SELECT status FROM organizations WHERE id = ?').bind(id).first('status')).toBe('declined');
    const removed = await post(`/admin/organizations/${id}/remove`, cookie, new URLSearchParams({ ui_lang: 'es', confirm: 'yes' }));
    expect(removed.status).toBe(303);
    const removedPage = await (await SELF.fetch(`${BASE}${removed.headers.get('Location')}`, { headers: { Cookie: cookie } })).text();
    expect(removedPage).toContain(`Se quitó y se borró el contacto: ${name}.`);
    const gone = await post(`/admin/organizations/${id}/approve`, cookie, new URLSearchParams({ ui_lang: 'es' }));
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('Esa organización ya no se puede cambiar.');
    const goneEn = await post(`/admin/organizations/${id}/approve`, cookie, new URLSearchParams({ ui_lang: 'en' }), { 'Accept-Language': 'es' });
    expect(await goneEn.text()).toContain('That organization can no longer be changed.');
    // An id that was never an organization's (or was erased) is said to be none.
    const none = await post(`/admin/organizations/00000000-0000-0000-0000-000000000000/approve`, cookie, new URLSearchParams({ ui_lang: 'es' }));
    expect(none.status).toBe(404);
    expect(await none.text()).toContain('No hay ninguna organización con ese identificador. Puede que se haya borrado: las solicitudes nunca confirmadas se borran a los 30 días.');
    // In English as in Spanish, it says what happens to requests never confirmed (the word "erased" was missing).
    const noneEn = await post(`/admin/organizations/00000000-0000-0000-0000-000000000000/approve`, cookie, new URLSearchParams({ ui_lang: 'en' }));
    expect(noneEn.status).toBe(404);
    expect(await noneEn.text()).toContain('There is no organization with that id. It may have been erased: requests never confirmed are erased after 30 days.');
  });

  it('asks before approving a request its contact never confirmed, or one from another domain, and approves a confirmed, verified one in one press', async () => {
    const cookie = await signIn();
    const insert = async (confirmed: boolean, verified: boolean, listed: boolean) => {
      const tag = crypto.randomUUID().slice(0, 8);
      const id = crypto.randomUUID();
      await env.DB.prepare(
        `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, domain_verified, list_publicly, status, created_at, confirmed_at)
         VALUES (?, ?, 'practice', ?, ?, 'Jo Check', ?, ?, ?, ?, '2026-03-05T10:00:00.000Z', ?)`,
      )
        .bind(id, `Check ${tag}`, `https://www.c-${tag}.org`, `c-${tag}.org`, verified ? `jo@c-${tag}.org` : `jo@elsewhere-${tag}.com`, verified ? 1 : 0, listed ? 1 : 0,
          confirmed ? 'pending' : 'unconfirmed', confirmed ? '2026-03-06T10:00:00.000Z' : null)
        .run();
      return { id, name: `Check ${tag}`, domain: `c-${tag}.org` };
    };
    const status = (id: string) => env.DB.prepare('SELECT status FROM organizations WHERE id = ?').bind(id).first('status');

    // Not confirmed by its contact: a page of its own saying so, and what approving does; nothing changes yet.
    const unconfirmed = await insert(false, true, true);
    const list = await (await get('/admin/organizations?lang=en', cookie)).text();
    const [, v, shown] = list.match(new RegExp(`action="/admin/organizations/${unconfirmed.id}/approve">[\\s\\S]*?name="v" value="([0-9a-f]+)" /><input type="hidden" name="shown" value="([0-9a-f.]+)"`))!;
    const asked = await post(`/admin/organizations/${unconfirmed.id}/approve`, cookie, new URLSearchParams({ ui_lang: 'en', v: v!, shown: shown! }));
    expect(asked.status).toBe(200);
    const askedHtml = await asked.text();
    expect(askedHtml).toContain(`<h1 tabindex="-1" autofocus>Approve ${unconfirmed.name}?</h1>`);
    expect(askedHtml).toContain('<li><strong>Not confirmed yet:</strong> its contact has not confirmed the request');
    expect(askedHtml).not.toContain('Not verified');
    expect(askedHtml).toContain('lists it by name on the public list, /organizations');
    expect(askedHtml).toContain('Its contact is emailed at once that it was approved.');
    expect(askedHtml).toContain(`<button type="submit" class="button">Yes, approve<span class="visually-hidden"> ${unconfirmed.name}</span></button>`);
    // What the card showed goes on with the answer, so a correction since is still refused.
    expect(askedHtml).toContain(`<input type="hidden" name="confirm" value="yes" /><input type="hidden" name="v" value="${v}" /><input type="hidden" name="shown" value="${shown}" />`);
    expect(askedHtml).toContain(`href="/admin/organizations?lang=en#org-${unconfirmed.id}">Leave it as it is, and go back to the organizations</a>`);
    expect(await status(unconfirmed.id)).toBe('unconfirmed');
    const yes = await post(`/admin/organizations/${unconfirmed.id}/approve`, cookie, new URLSearchParams({ ui_lang: 'en', confirm: 'yes' }));
    expect(yes.status).toBe(303);
    expect(yes.headers.get('Location')).toBe(`/admin/organizations?done=approve&org=${unconfirmed.id}&lang=en`);
    expect(await status(unconfirmed.id)).toBe('approved');

    // Confirmed, but from another domain: asked too, in Spanish, naming that instead.
    const unverified = await insert(true, false, false);
    const preguntado = await (await post(`/admin/organizations/${unverified.id}/approve`, cookie, new URLSearchParams({ ui_lang: 'es' }))).text();
    expect(preguntado).toContain('<html lang="es">');
    expect(preguntado).toContain(`<h1 tabindex="-1" autofocus>¿Aprobar ${unverified.name}?</h1>`);
    expect(preguntado).toContain(`<li><strong>Sin verificar:</strong> el correo de su contacto es de un dominio distinto del sitio web de la organización, ${unverified.domain}.</li>`);
    expect(preguntado).not.toContain('Aún sin confirmar');
    expect(preguntado).toContain('como pidió su solicitud, no aparece con su nombre en /organizations.');
    expect(preguntado).toContain('>Sí, aprobar<span class="visually-hidden">');
    expect(preguntado).toContain(`href="/admin/organizations?lang=es#org-${unverified.id}">Dejarla como está y volver a las organizaciones</a>`);
    expect(await status(unverified.id)).toBe('pending');

    // Confirmed and verified: one press, as before.
    const sure = await insert(true, true, true);
    const approved = await post(`/admin/organizations/${sure.id}/approve`, cookie, new URLSearchParams({ ui_lang: 'en' }));
    expect(approved.status).toBe(303);
    expect(await status(sure.id)).toBe('approved');

    // The API approves in one call, as its contract says, and says whether the contact had confirmed.
    const api = (id: string) =>
      SELF.fetch(`${BASE}/api/admin/organizations/${id}/approve`, { method: 'POST', headers: { Authorization: 'Bearer test-admin-token' } });
    const viaApi = await insert(false, true, true);
    const answer = (await (await api(viaApi.id)).json()) as { organization: { status: string }; contactConfirmed: boolean };
    expect(answer).toMatchObject({ organization: { status: 'approved' }, contactConfirmed: false });
    expect(await (await api(unverified.id)).json()).toMatchObject({ organization: { status: 'approved' }, contactConfirmed: true });
  });

  it('asks before approving a declined request whose contact was erased (30 days after the decline), and its notice says nobody is emailed (en/es)', async () => {
    const cookie = await signIn();
    for (const lang of ['en', 'es'] as const) {
      const t = ORG_ADMIN_STRINGS[lang];
      const tag = crypto.randomUUID().slice(0, 8);
      const id = crypto.randomUUID();
      const name = `Long Declined ${tag}`;
      // Confirmed by its contact, verified, declined 40 days ago: the Cron has erased its contact since.
      await env.DB.prepare(
        `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, domain_verified, list_publicly, status, created_at, confirmed_at, decided_at)
         VALUES (?, ?, 'practice', ?, ?, 'Jo Gone', ?, 1, 1, 'declined', '2026-01-05T10:00:00.000Z', '2026-01-06T10:00:00.000Z', ?)`,
      )
        .bind(id, name, `https://www.d-${tag}.org`, `d-${tag}.org`, `jo@d-${tag}.org`, new Date(Date.now() - 40 * 86_400_000).toISOString())
        .run();
      await eraseDeclinedContacts(env.DB);
      expect(await env.DB.prepare('SELECT contact_email FROM organizations WHERE id = ?').bind(id).first('contact_email')).toBeNull();
      const status = () => env.DB.prepare('SELECT status FROM organizations WHERE id = ?').bind(id).first('status');
      // The card's Approve asks first: nobody can be asked about it any more, and nobody is told.
      const asked = await post(`/admin/organizations/${id}/approve`, cookie, new URLSearchParams({ ui_lang: lang }));
      expect(asked.status).toBe(200);
      const page = await asked.text();
      expect(page).toContain(`<h1 tabindex="-1" autofocus>${t.approveCheckHeading(name)}</h1>`);
      expect(page).toContain(`<li><strong>${t.contactErased}:</strong> ${t.approveCheckErased}</li>`);
      expect(page).not.toContain(t.approveCheckEmailed);
      expect(await status()).toBe('declined');
      // Approved on the answer: the notice says no email went, and why (not a suppression).
      const yes = await post(`/admin/organizations/${id}/approve`, cookie, new URLSearchParams({ ui_lang: lang, confirm: 'yes' }));
      expect(yes.status).toBe(303);
      expect(await status()).toBe('approved');
      const after = await (await get(yes.headers.get('Location')!, cookie)).text();
      expect(after).toContain(t.done.approve(name, 'erased'));
      expect(t.done.approve(name, 'erased')).not.toBe(t.done.approve(name));
      expect(t.done.approve(name, 'erased')).not.toBe(t.done.approve(name, false));
    }
  });

  it('says no to a stranger in the browser\u2019s language', async () => {
    const cookie = await signIn();
    const { id } = await seed('pending');
    const res = await post(`/admin/organizations/${id}/approve`, cookie, new URLSearchParams({ ui_lang: 'es' }), { Origin: 'https://evil.example', 'Accept-Language': 'es' });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('Los cambios deben hacerse desde el propio panel: ábralo y haga el cambio allí.');
  });
});
