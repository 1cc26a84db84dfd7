/**
 * Finding one request among hundreds on `/admin/organizations`: a GET form (role="search") with
 * part of a name or a domain (`q`) and a status (`status`), answered on the server. The figures
 * and charts stay the whole picture; the lists show what matches, said in a banner focused on load.
 * Nothing personal goes in the URL: the contact's name and address are not searched.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

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

const get = async (path: string, cookie: string) => {
  const res = await SELF.fetch(`${BASE}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' });
  expect(res.status).toBe(200);
  return res.text();
};

const post = (path: string, cookie: string, form: Record<string, string>) =>
  SELF.fetch(`${BASE}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE, Cookie: cookie },
    body: new URLSearchParams(form).toString(),
  });

/** A request named `name` at `domain` (its own, unless given), with `status`. */
async function seed(name: string, status: string, domain?: string): Promise<string> {
  const id = crypto.randomUUID();
  const d = domain ?? `${name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-z0-9]+/g, '-')}.org`;
  await env.DB.prepare(
    `INSERT INTO organizations (id, name, type, website, domain, region, size, contact_name, contact_title, contact_email, domain_verified, list_publicly, status, created_at, confirmed_at)
     VALUES (?, ?, 'practice', ?, ?, 'US-TX', '10-49', 'Zoe Contact', NULL, ?, 1, 1, ?, '2026-03-05T10:00:00.000Z', '2026-03-06T10:00:00.000Z')`,
  )
    .bind(id, name, `https://www.${d}`, d, `zoe@${d}`, status)
    .run();
  return id;
}

const cards = (html: string) => [...html.matchAll(/<li class="request[^"]*" id="org-([^"]+)">/g)].map((m) => m[1]);

describe('/admin/organizations: finding a request', () => {
  it('offers a search form: a labelled field with its hint, a status choice, in the page language, as a GET', async () => {
    const cookie = await signIn();
    await seed('Clínica Form Check', 'pending');
    const en = await get('/admin/organizations', cookie);
    const form = en.slice(en.indexOf('<form role="search"'), en.indexOf('</form>', en.indexOf('<form role="search"')));
    expect(form).toContain('method="get" action="/admin/organizations"');
    expect(form).toContain('<input type="hidden" name="lang" value="en" />');
    expect(form).toContain('<label for="find-q">Organization name or website domain</label>');
    expect(form).toMatch(/<input type="text" id="find-q" name="q" value="" aria-describedby="find-q-hint"/);
    expect(form).toContain('<label for="find-status">Status</label>');
    expect(form).toContain('<option value="" selected>Any status</option>');
    expect(form).toContain('<option value="pending">Awaiting review</option>');
    expect(form).toContain('<button type="submit" class="button button--secondary">Find</button>');
    const es = await get('/admin/organizations?lang=es', cookie);
    expect(es).toContain('<input type="hidden" name="lang" value="es" />');
    expect(es).toContain('<label for="find-q">Nombre de la organización o dominio de su sitio web</label>');
    expect(es).toContain('<option value="" selected>Cualquier estado</option>');
    expect(es).toContain('>Buscar</button>');
    // Unfiltered: every request, and no "matches" banner.
    expect(en).not.toContain('id="found"');
  });

  it('shows only the requests whose name or domain holds the words, capitals and accents aside; the figures stay whole', async () => {
    const cookie = await signIn();
    const tag = crypto.randomUUID().slice(0, 6);
    const a = await seed(`Clínica Zafiro ${tag}`, 'pending');
    const b = await seed(`Other ${tag}`, 'approved', `zafiro-imaging-${tag}.com`);
    const c = await seed(`Unrelated ${crypto.randomUUID().slice(0, 6)}`, 'pending');
    const whole = await get('/admin/organizations', cookie);
    const totals = whole.slice(whole.indexOf('<ul class="totals">'), whole.indexOf('</ul>', whole.indexOf('<ul class="totals">')));
    const html = await get(`/admin/organizations?q=${encodeURIComponent(`CLINICA zafiro ${tag}`)}`, cookie);
    expect(cards(html)).toEqual([a]);
    expect(html).toContain(totals);
    expect(html).toContain(`value="CLINICA zafiro ${tag}"`);
    // Said in a banner focused on load, with the way back to every request.
    expect(html).toMatch(/<div class="thanks" id="found" role="status" tabindex="-1" autofocus><p>1 request matches\. <a href="\/admin\/organizations\.csv\?q=CLINICA\+zafiro\+[0-9a-f]+">Download this one \(CSV\)<\/a> · <a href="\/admin\/organizations\?lang=en">Show every request<\/a><\/p><\/div>/);
    const byDomain = await get(`/admin/organizations?q=zafiro-imaging-${tag}`, cookie);
    expect(cards(byDomain)).toEqual([b]);
    const both = await get(`/admin/organizations?q=zafiro+${tag}&lang=es`, cookie);
    expect(cards(both).sort()).toEqual([a, b].sort()); // each word in the name or the domain
    const words = await get(`/admin/organizations?q=${tag}`, cookie);
    expect(cards(words).sort()).toEqual([a, b].sort());
    expect(words).toContain('2 requests match.');
    expect(cards(words)).not.toContain(c);
    const es = await get(`/admin/organizations?q=${tag}&lang=es`, cookie);
    expect(es).toContain(`2 solicitudes coinciden. <a href="/admin/organizations.csv?q=${tag}">Descargar estas 2 (CSV)</a> · <a href="/admin/organizations?lang=es">Mostrar todas las solicitudes</a>`);
  });

  it('filters by status, and with words', async () => {
    const cookie = await signIn();
    const tag = crypto.randomUUID().slice(0, 6);
    const pending = await seed(`Status ${tag} one`, 'pending');
    const declined = await seed(`Status ${tag} two`, 'declined');
    const html = await get(`/admin/organizations?q=${tag}&status=declined`, cookie);
    expect(cards(html)).toEqual([declined]);
    expect(html).toContain('<option value="declined" selected>Declined</option>');
    expect(html).not.toContain('id="group-pending"');
    const onlyPending = await get('/admin/organizations?status=pending', cookie);
    expect(cards(onlyPending)).toContain(pending);
    expect(cards(onlyPending)).not.toContain(declined);
    // A status the page does not know is no filter at all (a hand-typed URL), never an error.
    expect(cards(await get('/admin/organizations?status=nonsense', cookie))).toEqual(expect.arrayContaining([pending, declined]));
  });

  it('says when nothing matches, in either language, and never searches the contact', async () => {
    const cookie = await signIn();
    const tag = crypto.randomUUID().slice(0, 6);
    await seed(`Contact ${tag}`, 'pending');
    const none = await get(`/admin/organizations?q=nothing-like-${tag}`, cookie);
    expect(cards(none)).toEqual([]);
    expect(none).toContain('No request matches. <a href="/admin/organizations?lang=en">Show every request</a>');
    const es = await get(`/admin/organizations?q=nothing-like-${tag}&lang=es`, cookie);
    expect(es).toContain('Ninguna solicitud coincide. <a href="/admin/organizations?lang=es">Mostrar todas las solicitudes</a>');
    expect(cards(await get('/admin/organizations?q=Zoe+Contact', cookie))).toEqual([]);
  });

  it('links a request for the same domain that the filter hides to its card on the whole list', async () => {
    const cookie = await signIn();
    const tag = crypto.randomUUID().slice(0, 6);
    const first = await seed(`Sibling ${tag} Alpha`, 'approved', `sib-${tag}.org`);
    const second = await seed(`Sibling ${tag} Beta`, 'pending', `sib-${tag}.org`);
    const html = await get(`/admin/organizations?q=${encodeURIComponent(`Sibling ${tag} Beta`)}`, cookie);
    expect(cards(html)).toEqual([second]);
    expect(html).toContain(`<a href="/admin/organizations?lang=en#org-${first}">Sibling ${tag} Alpha</a>`);
    expect(html).not.toContain(`href="#org-${first}"`);
  });

  it('comes back to the same search after a button, saying what was done', async () => {
    const cookie = await signIn();
    const tag = crypto.randomUUID().slice(0, 6);
    const id = await seed(`Keep ${tag}`, 'pending');
    const html = await get(`/admin/organizations?q=keep+${tag}&status=pending`, cookie);
    const card = html.slice(html.indexOf(`id="org-${id}"`), html.indexOf('</li>', html.indexOf(`id="org-${id}"`)));
    expect(card).toContain('<input type="hidden" name="q" value="keep ');
    expect(card).toContain('<input type="hidden" name="status" value="pending" />');
    const res = await post(`/admin/organizations/${id}/approve`, cookie, { ui_lang: 'en', q: `keep ${tag}`, status: 'pending' });
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get('Location')!, BASE);
    expect(to.searchParams.get('q')).toBe(`keep ${tag}`);
    expect(to.searchParams.get('status')).toBe('pending');
    expect(to.searchParams.get('done')).toBe('approve');
    const after = await get(`${to.pathname}${to.search}`, cookie);
    // Approved, it no longer matches "awaiting review": the banner says what was done (focused), the search that nothing is left.
    expect(after).toMatch(/<div class="thanks" role="status" tabindex="-1" autofocus><p>[^<]*Keep /);
    expect(after).toContain('<div class="thanks" id="found" role="status" tabindex="-1"><p>No request matches.');
  });

  it('keeps the search through a check page (its answer, its way back) and in the other language link of a page answering a button', async () => {
    const cookie = await signIn();
    const tag = crypto.randomUUID().slice(0, 6);
    const id = await seed(`Checked ${tag}`, 'pending');
    const check = await post(`/admin/organizations/${id}/remove`, cookie, { ui_lang: 'en', q: `checked ${tag}`, status: 'pending' });
    expect(check.status).toBe(200);
    const page = await check.text();
    const query = new URLSearchParams({ q: `checked ${tag}`, status: 'pending' }).toString().replaceAll('&', '&amp;'); // as the page's markup writes it
    expect(page).toContain(`<input type="hidden" name="q" value="checked ${tag}" />`);
    expect(page).toContain(`href="/admin/organizations?${query}&amp;lang=en#org-${id}"`);
    expect(page).toContain(`href="/admin/organizations?${query}&amp;lang=es#org-${id}" hreflang="es"`);
    const missing = await post('/admin/organizations/no-such-request/approve', cookie, { ui_lang: 'en', q: `checked ${tag}`, status: 'pending' });
    expect(missing.status).toBe(404);
    const answer = await missing.text();
    expect(cards(answer)).toEqual([id]);
    expect(answer).toContain(`href="/admin/organizations?${query}&amp;lang=es" hreflang="es"`);
  });

  it('gives the links at the top of the Organizations and Resources pages a navigation landmark, named as the Updates page names its own, in both languages', async () => {
    const cookie = await signIn();
    for (const [lang, label] of [['en', 'Dashboard'], ['es', 'Panel']] as const) {
      for (const path of ['/admin/organizations', '/admin/resources']) {
        const html = await get(`${path}?lang=${lang}`, cookie);
        expect(html).toMatch(new RegExp(`<nav class="crumbs" aria-label="${label}"><a href="/admin\\?lang=${lang}">`));
      }
    }
  });
});

describe('/admin/organizations: what a button did (`?done=…&org=…`)', () => {
  it("takes only the buttons' own names: a name every object inherits (__proto__, constructor, toString…) says nothing, and is never a 500", async () => {
    const cookie = await signIn();
    const id = await seed(`Done Check ${crypto.randomUUID().slice(0, 6)}`, 'approved');
    for (const done of ['__proto__', '__defineGetter__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty']) {
      for (const lang of ['en', 'es']) {
        const res = await SELF.fetch(`${BASE}/admin/organizations?lang=${lang}&done=${done}&org=${id}`, { headers: { Cookie: cookie }, redirect: 'manual' });
        expect(res.status, `${done} (${lang})`).toBe(200);
        const page = await res.text();
        expect(page, done).not.toContain('<div class="thanks" role="status" tabindex="-1" autofocus>');
        expect(page, done).not.toContain('[object');
      }
    }
    // A button's own name still says what was done.
    expect(await get(`/admin/organizations?done=approve-change&org=${id}`, cookie)).toContain('<div class="thanks" role="status" tabindex="-1" autofocus><p>Approved the change to Done Check');
  });
});

describe("/admin/organizations: a button's post that is not its form", () => {
  it('is refused, said so (415 for another kind of body, 400 for a form that cannot be read), and does nothing; a form, or no body at all, acts as before', async () => {
    const cookie = await signIn();
    const id = await seed(`Body Check ${crypto.randomUUID().slice(0, 6)}`, 'approved');
    const apart = async () => (await env.DB.prepare('SELECT apart FROM organizations WHERE id = ?').bind(id).first<{ apart: number }>())!.apart;
    const send = (path: string, type: string | undefined, body: string) =>
      SELF.fetch(`${BASE}${path}?lang=es`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: BASE, Cookie: cookie, Accept: 'text/html', ...(type ? { 'Content-Type': type } : {}) },
        body: new TextEncoder().encode(body),
      });
    for (const action of ['apart', 'approve-change']) {
      const path = `/admin/organizations/${id}/${action}`;
      for (const [type, body] of [['application/json', '{"v":"x"}'], ['application/json', 'null'], ['text/plain', 'q=x']]) {
        const res = await send(path, type, body);
        expect(res.status, `${action} ${type} ${body}`).toBe(415);
        expect(await res.text()).toContain('<h1>Esto no era un formulario</h1>');
      }
      for (const [type, body] of [['application/x-www-form-urlencoded', 'q=100%'], ['multipart/form-data; boundary=xyz', 'not multipart']]) {
        const res = await send(path, type, body);
        expect(res.status, `${action} ${body}`).toBe(400);
        expect(await res.text()).toContain('No se pudo leer el formulario. Vuelva atrás y envíelo de nuevo.');
      }
      expect(await apart()).toBe(0);
    }
    // Another site's post is still told first that it comes from elsewhere, whatever its body.
    const elsewhere = await SELF.fetch(`${BASE}/admin/organizations/${id}/apart`, { method: 'POST', redirect: 'manual', headers: { Origin: 'https://evil.test', Cookie: cookie, 'Content-Type': 'application/json' }, body: '{}' });
    expect(elsewhere.status).toBe(403);
    // The button's own form acts; so does a post with no body (a script's, as before).
    expect((await send(`/admin/organizations/${id}/apart`, 'application/x-www-form-urlencoded', 'lang=es')).status).toBe(303);
    expect(await apart()).toBe(1);
    expect((await send(`/admin/organizations/${id}/together`, undefined, '')).status).toBe(303);
    expect(await apart()).toBe(0);
  });
});
