import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { formatDay, formatNumber } from '../../worker/platform/pages/locale.ts';
import { pledge, postPledge, storedRows } from './helpers.ts';

const SITE = 'https://pledge.test';
const TOKEN = 'test-admin-token';

function form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return SELF.fetch(`${SITE}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE, ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** Signs in as the dashboard's own form does; returns the session cookie (`name=value`). */
async function signIn(lang?: string): Promise<string> {
  const res = await form('/admin/sign-in', { token: TOKEN, ...(lang ? { ui_lang: lang } : {}) });
  expect(res.status).toBe(303);
  expect(res.headers.get('Location')).toBe(`/admin?lang=${lang ?? 'en'}`);
  return (res.headers.get('Set-Cookie') ?? '').split(';')[0]!;
}

/** The page's first `n` Tab stops (links, buttons, fields not hidden, tabindex="0"), in document order, each as its opening tag. */
function firstTabStops(page: string, n: number): string[] {
  const body = page.slice(page.indexOf('<body'));
  return [...body.matchAll(/<(?:a\s[^>]*href=|button\b|select\b|textarea\b|input\b(?![^>]*type="hidden")|[a-z]+\s[^>]*tabindex="0")[^>]*>/g)].slice(0, n).map((m) => m[0]);
}

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await SELF.fetch(`${SITE}${path}`, { headers, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

describe('the sign-in page', () => {
  it('is in Spanish with ?lang=es, and offers English', async () => {
    const { status, text } = await get('/admin?lang=es');
    expect(status).toBe(200);
    expect(text).toContain('<html lang="es">');
    expect(text).toContain('<title>Iniciar sesión — RHEC Pledge</title>');
    expect(text).toContain('<h1>Inicie sesión en el panel</h1>');
    expect(text).toContain('<label for="token">Token de administración</label>');
    expect(text).toContain('>Iniciar sesión</button>');
    expect(text).toContain('<input type="hidden" name="ui_lang" value="es" />');
    expect(text).toMatch(/<a href="\/admin\?lang=en" hreflang="en" lang="en"[^>]*>English<\/a>/);
    expect(text).not.toContain('Sign in to the dashboard');
  });

  it('is in Spanish when the browser prefers it (Accept-Language), and ?lang= wins over it', async () => {
    const es = await get('/admin', { 'Accept-Language': 'fr, es;q=0.9, en;q=0.5' });
    expect(es.text).toContain('<html lang="es">');
    expect(es.text).toContain('<h1>Inicie sesión en el panel</h1>');
    expect(es.text).toContain('<a href="/admin?lang=en"');
    const en = await get('/admin?lang=en', { 'Accept-Language': 'es' });
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('<h1>Sign in to the dashboard</h1>');
  });

  it('stays English by default, with a switch to Spanish', async () => {
    const { text } = await get('/admin');
    expect(text).toContain('<html lang="en">');
    expect(text).toContain('<h1>Sign in to the dashboard</h1>');
    expect(text).toContain('<label for="token">Admin token</label>');
    expect(text).toContain('<input type="hidden" name="ui_lang" value="en" />');
    expect(text).toMatch(/<a href="\/admin\?lang=es" hreflang="es" lang="es"[^>]*>Español<\/a>/);
  });

  it('signs in with the token pasted with spaces or a line break around it', async () => {
    const res = await form('/admin/sign-in', { token: ` ${TOKEN}\n` });
    expect(res.status).toBe(303);
    expect(res.headers.get('Set-Cookie')).toMatch(/^rhec_admin=/);
  });

  it('says a wrong token is wrong in the language of its form, offering no switch', async () => {
    const es = await form('/admin/sign-in', { token: 'wrong', ui_lang: 'es' });
    expect(es.status).toBe(401);
    expect(es.headers.get('Set-Cookie')).toBeNull();
    const text = await es.text();
    expect(text).toContain('<html lang="es">');
    expect(text).toContain('<title>Error: Iniciar sesión — RHEC Pledge</title>');
    expect(text).toContain('Hay un problema');
    expect(text).toContain('Escriba el token de administración exactamente como se configuró');
    expect(text).toMatch(/<input type="password" id="token"[^>]*aria-describedby="token-hint token-error" aria-invalid="true" \/>/);
    expect(text).not.toContain('class="lang-switch"');
    const fromElsewhere = await form('/admin/sign-in', { token: TOKEN, ui_lang: 'es' }, { Origin: 'https://evil.example' });
    expect(fromElsewhere.status).toBe(403); // as every POST /admin/… from another site, the right token too
    expect(fromElsewhere.headers.get('Set-Cookie')).toBeNull();
    expect(await fromElsewhere.text()).toContain('Inicie sesión desde la propia página de este panel');
    const en = await form('/admin/sign-in', { token: 'wrong' });
    expect(await en.text()).toContain('Enter the admin token exactly as it was set');
    // Nothing typed: asked for the token, not told it was mistyped.
    const empty = await form('/admin/sign-in', { token: '  ' });
    expect(empty.status).toBe(401);
    const emptyText = await empty.text();
    expect(emptyText).toContain('>Enter the admin token<');
    expect(emptyText).not.toContain('exactly as it was set');
    expect(await (await form('/admin/sign-in', { token: '', ui_lang: 'es' })).text()).toContain('>Escriba el token de administración<');
  });
});

describe('the signed-in dashboard', () => {
  it('is in Spanish with ?lang=es: headings, totals, charts, tables, forms and the switch', async () => {
    const cookie = await signIn('es');
    const { status, text } = await get('/admin?lang=es', { Cookie: cookie });
    expect(status).toBe(200);
    expect(text).toContain('<html lang="es">');
    expect(text).toContain('<title>RHEC Pledge — panel</title>');
    expect(text).toContain('<h1>Panel de la campaña</h1>');
    expect(text).toContain('aria-label="Secciones del panel"');
    expect(text).toContain('href="/admin/resources?lang=es"');
    expect(text).toContain('href="/admin/updates?lang=es"');
    expect(text).toContain('href="/admin/organizations?lang=es"');
    expect(text).toContain('pendientes de confirmación');
    // A keyboard's way past the sections' links and Sign out, to the figures.
    expect(text).toContain('<a class="skip-link" href="#figures">Saltar a las cifras</a>');
    // The skip link is the first Tab stop, before the language switch (EN and ES).
    expect(firstTabStops(text, 2)).toEqual(['<a class="skip-link" href="#figures">', expect.stringMatching(/^<a href="\/admin\?lang=en" hreflang="en"/)]);
    const english = (await get('/admin?lang=en', { Cookie: cookie })).text;
    expect(firstTabStops(english, 2)).toEqual(['<a class="skip-link" href="#figures">', expect.stringMatching(/^<a href="\/admin\?lang=es" hreflang="es"/)]);
    expect(text).toContain('<ul class="totals" id="figures" tabindex="-1">');
    // Charts: titles and the columns of their tables.
    expect(text).toContain('<h2>Por sociedad</h2>');
    expect(text).toContain('<h2>Por función</h2>');
    expect(text).toContain('<th scope="col" role="columnheader">Sociedad</th><th scope="col" role="columnheader">Confirmados</th><th scope="col" role="columnheader">Pendientes</th>');
    expect(text).toContain('<th scope="col" role="columnheader">Función</th><th scope="col" role="columnheader">Confirmados</th><th scope="col" role="columnheader">Pendientes</th>');
    expect(text).toContain('Enfermero/a de radiología');
    // The booth's sections.
    expect(text).toContain('<h2 id="sources-title">Por sociedad y procedencia</h2>');
    expect(text).toContain('<h2 id="posters-title">Pósteres para eventos</h2>');
    // The poster's language named in the dashboard's, as the updates' language choices are ("Inglés", not "English").
    expect(text).toContain('<option value="en">Inglés</option><option value="es" selected>Español</option>');
    // Partner management: table headers, buttons and their hidden suffixes, labels.
    expect(text).toContain('<h2 id="partners-title">Sociedades asociadas</h2>');
    expect(text).toContain(
      '<th scope="col" role="columnheader">Sociedad</th><th scope="col" role="columnheader">Estado</th><th scope="col" role="columnheader">Orígenes que pueden insertar el widget</th><th scope="col" role="columnheader">Acciones</th>',
    );
    expect(text).toContain('Añadir origen<span class="visually-hidden"> para rsna</span>');
    expect(text).toContain('Nuevo origen para rsna');
    expect(text).toContain('Quitar<span class="visually-hidden"> https://www.rsna.org de rsna</span>');
    expect(text).toContain('<h3>Añadir una sociedad</h3>');
    expect(text).toContain('>Cerrar sesión</button>');
    // Every form posts its language; the poster's own `lang` is the poster's language.
    const posts = text.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
    expect(posts.length).toBeGreaterThan(3);
    for (const f of posts) expect(f).toContain('<input type="hidden" name="ui_lang" value="es" />');
    expect(text).toMatch(/<a href="\/admin\?lang=en" hreflang="en" lang="en"[^>]*>English<\/a>/);
    for (const english of ['Campaign dashboard', 'Partner societies', 'By society', 'Sign out', 'awaiting confirmation', 'Add origin']) {
      expect(text, english).not.toContain(english);
    }
  });

  it('writes its figures and days the Spanish way', async () => {
    const email = `i18n.${crypto.randomUUID()}@example.org`;
    expect((await postPledge(pledge({ email, role: 'nurse' }))).status).toBe(202);
    await storedRows(email);
    const today = new Date().toISOString().slice(0, 10);
    const cookie = await signIn();
    const es = (await get('/admin?lang=es', { Cookie: cookie })).text;
    expect(es).toContain('<h2>Por día (últimos 14 días con compromisos)</h2>');
    expect(es).toContain('<th scope="col" role="columnheader">Día</th>');
    expect(es).toContain(`<th scope="row" role="rowheader">${formatDay(today, 'es')}</th>`);
    expect(es).not.toContain(`<th scope="row" role="rowheader">${today}</th>`);
    const en = (await get('/admin', { Cookie: cookie })).text;
    expect(en).toContain(`<th scope="row" role="rowheader">${formatDay(today, 'en')}</th>`);
    expect(formatDay('2026-03-01', 'es')).toBe('1 mar 2026');
    expect(formatDay('2026-03-01', 'en')).toBe('Mar 1, 2026');
    // US Spanish, as the pledgers write it (12,345; Spain would write 12.345).
    expect(formatNumber(12345, 'es')).toBe('12,345');
    // Grouped from four digits, as the widget and the counter write Spanish counts (Intl's Spanish would say 1234).
    expect(formatNumber(1234, 'es')).toBe('1,234');
    expect(formatNumber(999, 'es')).toBe('999');
    expect(formatNumber(12345, 'en')).toBe('12,345');
  });

  it('stays English by default', async () => {
    const cookie = await signIn();
    const { text } = await get('/admin', { Cookie: cookie });
    expect(text).toContain('<html lang="en">');
    expect(text).toContain('<h1>Campaign dashboard</h1>');
    expect(text).toContain('<h2>By society</h2>');
    // Each chart's table is named by the chart's heading, not by a caption that says it again.
    expect(text).toMatch(/<figcaption id="([\w-]+)-title"><h2>By society<\/h2><\/figcaption>[\s\S]*?<table class="reflow figures" role="table" aria-labelledby="\1-title">/);
    expect(text).not.toContain('<caption class="visually-hidden">');
    expect(text).toContain('<th scope="col" role="columnheader">Society</th><th scope="col" role="columnheader">Status</th><th scope="col" role="columnheader">Origins allowed to embed</th><th scope="col" role="columnheader">Actions</th>');
    expect(text).toContain('Add origin<span class="visually-hidden"> for rsna</span>');
    expect(text).toContain('<option value="en">English</option><option value="es">Spanish</option>');
    expect(text).toContain('<input type="hidden" name="ui_lang" value="en" />');
    expect(text).toContain('href="/admin/resources?lang=en"');
    expect(text).toContain('<a href="/admin?lang=es"');
  });

  it('keeps English chosen against a Spanish browser on the pages it links to', async () => {
    const cookie = await signIn();
    const { text } = await get('/admin?lang=en', { Cookie: cookie, 'Accept-Language': 'es' });
    expect(text).toContain('<h1>Campaign dashboard</h1>');
    for (const path of ['/admin/updates', '/admin/resources', '/admin/organizations']) expect(text).toContain(`href="${path}?lang=en"`);
    const next = await get('/admin/resources?lang=en', { Cookie: cookie, 'Accept-Language': 'es' });
    expect(next.text).toContain('<html lang="en">');
  });
});

describe('partner origins typed as a webmaster copies them', () => {
  it('take an address bar\'s copy, with its trailing slash, as the origin', async () => {
    const cookie = await signIn();
    const res = await form('/admin/partners', { action: 'add-origin', id: 'arrs', origin: ' https://slash.arrs.example/ ' }, { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('the origin https://slash.arrs.example');
    expect(await env.DB.prepare("SELECT count(*) AS n FROM partner_origins WHERE origin = 'https://slash.arrs.example'").first('n')).toBe(1);
    // A path, a query or a fragment still is not an origin.
    for (const origin of ['https://slash.arrs.example/pledge', 'https://slash.arrs.example/?', 'https://slash.arrs.example/#top'])
      expect((await form('/admin/partners', { action: 'add-origin', id: 'arrs', origin }, { Cookie: cookie })).status, origin).toBe(400);
  });
});

describe('partner changes in Spanish', () => {
  it('answer with a Spanish notice when saved, and keep the page Spanish', async () => {
    const cookie = await signIn();
    const res = await form('/admin/partners', { action: 'add-origin', id: 'arrs', origin: 'https://es.arrs.example', ui_lang: 'es' }, { Cookie: cookie });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('<html lang="es">');
    expect(text).toContain('Guardado: se añadió el origen https://es.arrs.example a arrs.');
    expect(text).toContain('<h1>Panel de la campaña</h1>');
    // The other language: the societies on the dashboard's own page (a POST's answer has no URL to switch).
    expect(text).toContain('<p class="lang-switch"><a href="/admin?lang=en#partners" hreflang="en"');
    // Removing one asks first, on a page of its own; nothing changes until its button is pressed.
    const asked = await form('/admin/partners', { action: 'remove-origin', id: 'arrs', origin: 'https://es.arrs.example', ui_lang: 'es' }, { Cookie: cookie });
    expect(asked.status).toBe(200);
    const askedText = await asked.text();
    expect(askedText).toContain('<h1 tabindex="-1" autofocus>¿Quitar https://es.arrs.example de arrs?</h1>');
    expect(askedText).toContain('<input type="hidden" name="confirm" value="yes" />');
    expect(askedText).toContain('Dejarlo como está');
    expect(await env.DB.prepare('SELECT count(*) AS n FROM partner_origins WHERE origin = ?').bind('https://es.arrs.example').first('n')).toBe(1);
    const removed = await form('/admin/partners', { action: 'remove-origin', id: 'arrs', origin: 'https://es.arrs.example', ui_lang: 'es', confirm: 'yes' }, { Cookie: cookie });
    expect(await removed.text()).toContain('Guardado: se quitó el origen https://es.arrs.example de arrs.');
    const again = await form('/admin/partners', { action: 'remove-origin', id: 'arrs', origin: 'https://es.arrs.example', ui_lang: 'es' }, { Cookie: cookie });
    expect(await again.text()).toContain('No se ha cambiado nada: el origen https://es.arrs.example no figuraba en arrs.');
    const enAgain = await form('/admin/partners', { action: 'remove-origin', id: 'arrs', origin: 'https://es.arrs.example' }, { Cookie: cookie });
    expect(await enAgain.text()).toContain('Nothing was changed: the origin https://es.arrs.example was not listed for arrs.');
  });

  it("say a refused origin beside its society's field, keeping what was typed, with the summary linking there", async () => {
    const cookie = await signIn();
    const res = await form('/admin/partners', { action: 'add-origin', id: 'arrs', origin: 'not a url', ui_lang: 'en' }, { Cookie: cookie });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/class="error-summary"[\s\S]*<a href="#origin-arrs">&quot;not a url&quot; is not an origin/);
    expect(html).toMatch(/<p class="error-message" id="origin-arrs-error"><span class="visually-hidden">Error: <\/span>&quot;not a url&quot; is not an origin/);
    expect(html).toMatch(/<input type="text" id="origin-arrs" name="origin" placeholder="https:\/\/www\.example\.org" value="not a url" aria-invalid="true" aria-describedby="origin-arrs-error" \/>/);
    // Only that society's field: the others stay as they were.
    expect(html).toMatch(/<input type="text" id="origin-sir" name="origin" placeholder="https:\/\/www\.example\.org" value="" \/>/);
  });

  it('say what is wrong in Spanish, while the English text stays as it was', async () => {
    const cookie = await signIn();
    const cases: [Record<string, string>, number, string, string][] = [
      [{ action: 'add-origin', id: 'arrs', origin: 'not a url' }, 400, '«not a url» no es un origen. Escríbalo así: https://www.example.org', '&quot;not a url&quot; is not an origin. Write it like https://www.example.org'],
      [{ action: 'add-origin', id: 'arrs', origin: 'ftp://x.example' }, 400, 'debe empezar por https://', 'must start with https://'],
      // A host name that is no site's (CSP would read `*` as any site, `;` as a new directive).
      ...['https://*', 'https://*.arrs.org', 'https://evil.example;sandbox', 'https://a,b.example'].map(
        (origin): [Record<string, string>, number, string, string] => [
          { action: 'add-origin', id: 'arrs', origin },
          400,
          'no es la dirección de un sitio: un nombre de host solo tiene letras, cifras, guiones y puntos. No se admite un comodín (*)',
          'is not a site&#39;s address: a host name has only letters, digits, hyphens and dots. A wildcard (*) is not taken',
        ],
      ),
      [{ action: 'add-origin', id: 'arrs', origin: 'https://x.example/path' }, 400, 'incluye una ruta; indique solo el origen, como https://x.example', 'has a path; give only the origin, like https://x.example'],
      // Off this machine, only a public https site: what a developer's machine or network serves is refused.
      ...['http://insecure.example', 'https://localhost:3000', 'https://10.0.0.1', 'https://[::1]', 'https://printer.local'].map(
        (origin): [Record<string, string>, number, string, string] => [
          { action: 'add-origin', id: 'arrs', origin },
          400,
          'no es un sitio https público. http://, localhost, los nombres .local y las direcciones IP son solo para pruebas locales',
          'is not a public https site. http://, localhost, .local names and IP addresses are for local testing only',
        ],
      ),
      [{ action: 'add', id: 'Bad Id', name: 'X' }, 400, 'El identificador de una sociedad tiene de 1 a 32 letras minúsculas o cifras', 'A partner id is 1–32 lower-case letters or digits'],
      [{ action: 'add', id: 'newsoc', name: ' ' }, 400, 'Indique el nombre visible de la sociedad, de hasta 200 caracteres.', 'Give the society&#39;s display name, up to 200 characters.'],
      [
        { action: 'add', id: 'flipsoc', name: 'Society of Nuclear Medicine \u202E' },
        400,
        'El nombre visible de la sociedad no debe contener caracteres que inviertan la dirección del texto.',
        'The society&#39;s display name must not contain characters that reverse the text&#39;s direction.',
      ],
      [{ action: 'explode', id: 'arrs' }, 400, 'Elija qué quiere cambiar.', 'Choose what to change.'],
      [{ action: 'disable', id: 'nosuch' }, 404, 'No existe la sociedad «nosuch».', 'There is no partner &quot;nosuch&quot;.'],
      [{ action: 'add-origin', id: 'nosuch', origin: 'https://nosuch.example' }, 404, 'No existe la sociedad «nosuch». Añada primero la sociedad y después sus orígenes.', 'There is no partner &quot;nosuch&quot;. Add the society first, then its origins.'],
      [{ action: 'add', id: 'arrs', name: 'Renamed' }, 409, 'No se ha cambiado nada: ya existe una sociedad «arrs».', 'Nothing was changed: there is already a society &quot;arrs&quot;.'],
    ];
    for (const [fields, status, spanish, english] of cases) {
      const es = await form('/admin/partners', { ...fields, ui_lang: 'es' }, { Cookie: cookie });
      expect(es.status, JSON.stringify(fields)).toBe(status);
      const esText = await es.text();
      expect(esText, JSON.stringify(fields)).toContain(spanish);
      expect(esText).toContain('<html lang="es">');
      // An error, shown as one: the focused and announced summary, and "Error:" in the title.
      expect(esText).toContain('<title>Error: ');
      expect(esText).toMatch(/class="error-summary" id="error-summary" tabindex="-1" autofocus>\s*<div role="alert">/);
      expect(esText).not.toContain('class="thanks"');
      const en = await form('/admin/partners', fields, { Cookie: cookie });
      expect(en.status).toBe(status);
      expect(await en.text(), JSON.stringify(fields)).toContain(english);
    }
  });

  it('keep what was typed in "Add a society" and say each field\u2019s problem beside it', async () => {
    const cookie = await signIn();
    const bad = await form('/admin/partners', { action: 'add', id: 'Bad Id', name: ' ' }, { Cookie: cookie });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    // The summary links to the first field in trouble; each field says its own problem and is marked invalid.
    expect(html).toMatch(/class="error-summary"[\s\S]*<a href="#new-id">A partner id is 1–32 lower-case letters or digits[\s\S]*<a href="#new-name">Give the society&#39;s display name/);
    expect(html).toMatch(/<p class="error-message" id="new-id-error"><span class="visually-hidden">Error: <\/span>A partner id is/);
    expect(html).toMatch(/<p class="error-message" id="new-name-error"><span class="visually-hidden">Error: <\/span>Give the society&#39;s display name/);
    expect(html).toContain('<input type="text" id="new-id" name="id" value="Bad Id" aria-describedby="new-id-hint new-id-error" aria-invalid="true" />');
    expect(html).toContain('id="new-name" name="name" value=" " aria-invalid="true" aria-describedby="new-name-error"');
    // The posters form leaves a code the poster cannot use ("Hall B Booth") to the poster page, which
    // explains it and offers the nearest usable one (booth.test.ts), not to the browser's bubble.
    expect(html).toContain('id="poster-source" name="source" aria-describedby="poster-source-hint" autocapitalize="none"');
    expect(html).not.toMatch(/id="poster-source"[^>]*(pattern|maxlength)=/);
    // Nor straight to /poster.svg, which would drop such a code with no page to say so: the poster page offers the SVG.
    expect(html).not.toContain('formaction="/poster.svg"');
    const taken = await form('/admin/partners', { action: 'add', id: 'arrs', name: 'Again' }, { Cookie: cookie });
    expect(taken.status).toBe(409);
    const takenHtml = await taken.text();
    expect(takenHtml).toContain('<a href="#new-id">Nothing was changed: there is already a society &quot;arrs&quot;.');
    expect(takenHtml).toContain('value="Again"');
    // The same society with the same name again (a reload of the page that said "Saved"): not an error.
    for (const [ui_lang, said] of [['en', 'Nothing was changed: the society arrs is already there, with that name.'], ['es', 'No se ha cambiado nada: la sociedad arrs ya está, con ese nombre.']]) {
      const resent = await form('/admin/partners', { action: 'add', id: 'arrs', name: 'American Roentgen Ray Society', ui_lang: ui_lang! }, { Cookie: cookie });
      expect(resent.status).toBe(200);
      const resentHtml = await resent.text();
      expect(resentHtml).toContain(said);
      expect(resentHtml).not.toContain('class="error-summary"');
    }
  });

  it('do not rename or re-enable a society that is added again', async () => {
    const cookie = await signIn();
    const asked = await (await form('/admin/partners', { action: 'disable', id: 'scard' }, { Cookie: cookie })).text();
    expect(asked).toMatch(/<h1 tabindex="-1" autofocus>Disable [^<]+ \(scard\)\?<\/h1>/);
    expect(asked).toContain('Its widget stops taking pledges at once');
    expect(await env.DB.prepare('SELECT active FROM partners WHERE id = ?').bind('scard').first('active')).toBe(1);
    await form('/admin/partners', { action: 'disable', id: 'scard', confirm: 'yes' }, { Cookie: cookie });
    const before = await env.DB.prepare('SELECT name, active FROM partners WHERE id = ?').bind('scard').first();
    expect(before).toMatchObject({ active: 0 });
    const again = await form('/admin/partners', { action: 'add', id: 'scard', name: 'Someone Else' }, { Cookie: cookie });
    expect(again.status).toBe(409);
    expect(await env.DB.prepare('SELECT name, active FROM partners WHERE id = ?').bind('scard').first()).toEqual(before);
    const enabled = await form('/admin/partners', { action: 'enable', id: 'scard' }, { Cookie: cookie });
    // A success: a banner focused on load, so a screen reader reads it.
    expect(await enabled.text()).toContain('<div class="thanks" role="status" tabindex="-1" autofocus><p>Saved: scard was enabled.</p></div>');
    // The same change again changes nothing, and says so.
    const twice = await form('/admin/partners', { action: 'enable', id: 'scard' }, { Cookie: cookie });
    expect(await twice.text()).toContain('<p>Nothing was changed: scard was already enabled.</p>');
  });

  it('follow Accept-Language when a form carries no lang', async () => {
    const cookie = await signIn();
    const res = await form('/admin/partners', { action: 'disable', id: 'acr', confirm: 'yes' }, { Cookie: cookie, 'Accept-Language': 'es-MX' });
    expect(await res.text()).toContain('Guardado: se desactivó acr.');
    const back = await form('/admin/partners', { action: 'enable', id: 'acr' }, { Cookie: cookie, 'Accept-Language': 'es-MX' });
    expect(await back.text()).toContain('Guardado: se activó acr.');
  });
});

describe('redirects keep the language', () => {
  it('after signing out in Spanish, and from the CSV without a session', async () => {
    const cookie = await signIn('es');
    const out = await form('/admin/sign-out', { ui_lang: 'es' }, { Cookie: cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('Location')).toBe('/admin?signed-out&lang=es');
    // Where it leads says so, in the same language; the sign-in form is all there is (the session is gone).
    const page = await get('/admin?signed-out&lang=es', { Cookie: cookie });
    expect(page.text).toContain('<div class="notice" role="status" tabindex="-1" autofocus><p>Ha cerrado la sesión. Para volver a entrar, use el token de administración.</p></div>');
    expect(page.text).not.toContain('Panel de la campaña</h1>');
    expect((await get('/admin?lang=es')).text).not.toContain('Ha cerrado la sesión'); // only after a sign-out
    const csv = await SELF.fetch(`${SITE}/admin/pledges.csv?lang=es`, { redirect: 'manual' });
    expect(csv.status).toBe(303);
    expect(csv.headers.get('Location')).toBe('/admin?lang=es');
  });
});

describe('refusals', () => {
  it("speak the browser's language, reading nothing a stranger posted", async () => {
    const noSession = await form('/admin/partners', { action: 'disable', id: 'acr', ui_lang: 'en' }, { 'Accept-Language': 'es' });
    expect(noSession.status).toBe(403);
    expect(await noSession.text()).toBe('Primero, inicie sesión en el panel.');
    const en = await form('/admin/partners', { action: 'disable', id: 'acr' });
    expect(await en.text()).toBe('Sign in to the dashboard first.');
    // A person's browser whose session ended gets the sign-in page saying so, on every dashboard.
    const asPerson = { Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', 'Accept-Language': 'es' };
    for (const path of ['/admin/partners', '/admin/flagged', '/admin/resources', '/admin/updates', `/admin/organizations/${crypto.randomUUID()}/approve`]) {
      const ended = await form(path, { action: 'disable', id: 'acr' }, asPerson);
      expect(ended.status, path).toBe(403);
      const page = await ended.text();
      expect(page, path).toContain('<h1>Inicie sesión en el panel</h1>');
      // Said as what happened, not as a mistake in the token field.
      expect(page, path).toContain('<div class="notice" role="status" tabindex="-1" autofocus><p>Su sesión ha terminado, así que no se ha cambiado nada.');
      expect(page, path).not.toContain('<title>Error');
      expect(page, path).not.toContain('class="field field--error"');
      expect(page, path).toContain('<form method="post" action="/admin/sign-in">');
    }
    // The form's own language wins over the browser's (a maintainer who chose Spanish on an English browser).
    const chosen = await form('/admin/partners', { action: 'disable', id: 'acr', ui_lang: 'es' }, { ...asPerson, 'Accept-Language': 'en' });
    expect(await chosen.text()).toContain('<html lang="es">');
    expect(await env.DB.prepare(`SELECT active FROM partners WHERE id = 'acr'`).first('active')).toBe(1);
    const elsewhere = await form('/admin/sign-out', {}, { Origin: 'https://evil.example', 'Accept-Language': 'es' });
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).toBe('Cierre la sesión desde el propio panel.');
  });
});
