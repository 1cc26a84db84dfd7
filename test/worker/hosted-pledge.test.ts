import { env, SELF } from 'cloudflare:test';
import { createResource } from '../../worker/resources/queries.ts';
import { describe, expect, it } from 'vitest';
import { FORM, MAX_LENGTH } from '../../src/pledge-fields.ts';
import { queueDrained, rowsFor, shareLinkNames, storedRows } from './helpers.ts';

function postForm(fields: Record<string, string>) {
  return SELF.fetch('https://pledge.test/pledge', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('the hosted pledge page (no JavaScript)', () => {
  it('serves the form for a partner, under a strict CSP', async () => {
    const res = await SELF.fetch('https://pledge.test/pledge?partner=sir&lang=es');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'; style-src 'nonce-[\w-]+'/);
    const page = await res.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('name="partner" value="sir"');
    expect(page).toContain('Firmar el compromiso');
    expect(page).not.toMatch(/<script/i);
    // What it needs is marked required for assistive technology; the form checks it itself (novalidate).
    expect(page).toMatch(/<form [^>]*novalidate>/);
    for (const id of ['name', 'email', 'commitment', 'role-nurse']) expect(page, id).toMatch(new RegExp(`<input[^>]* id="${id}"[^>]* required[ />]`));
    for (const id of ['organization', 'updates']) expect(page, id).not.toMatch(new RegExp(`<input[^>]* id="${id}"[^>]* required[ />]`));
    const join = await (await SELF.fetch('https://pledge.test/join?lang=en')).text();
    for (const id of ['name', 'website', 'contact-name', 'contact-email', 'commitment', 'type-practice']) expect(join, id).toMatch(new RegExp(`<input[^>]* id="${id}"[^>]* required[ />]`));
    for (const id of ['contact-title', 'size-1-9', 'listPublicly']) expect(join, id).not.toMatch(new RegExp(`<input[^>]* id="${id}"[^>]* required[ />]`));
  });

  it('stores a posted pledge and redirects to the thanks page', async () => {
    const email = `noscript.${crypto.randomUUID()}@example.org`;
    const res = await postForm({ partner: 'sir', lang: 'en', name: 'Ida Noscript', email, role: 'nurse', commitment: 'yes' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/pledge/thanks?lang=en&partner=sir&role=nurse');
    expect(await storedRows(email)).toMatchObject([{ partner_id: 'sir', name: 'Ida Noscript', role: 'nurse' }]);
    await createResource(env.DB, { title: 'Nurse toolkit', url: 'https://example.org/nurse-kit', summary: 'For nurses.', step: 'Read the nurse toolkit', kind: 'toolkit', roles: ['nurse'], lang: 'en', partner: null, position: 1 });
    const thanks = await (await SELF.fetch(`https://pledge.test${res.headers.get('Location')}`)).text();
    expect(thanks).toContain('Check your email to confirm your pledge');
    expect(thanks).toContain('Thank you for pledging');
    // As the widget's thank-you: the role's next steps, and ways to ask a colleague (with the address to copy: no script here).
    expect(thanks).toContain('<a href="https://example.org/nurse-kit">Read the nurse toolkit</a>');
    expect(thanks).toContain('<h2 id="share-title">Ask a colleague to pledge</h2>');
    expect(thanks).toContain(`href="https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(`${env.PUBLIC_ORIGIN}/pledge?partner=sir&source=share&lang=en`)}"`);
    expect(thanks).toContain(`<p class="share__url">Or copy this address: <span class="url">${env.PUBLIC_ORIGIN}/pledge?partner=sir&amp;source=share&amp;lang=en</span></p>`);
    // Each share link says what it does out of its list (a screen reader's links list), the words seen first.
    expect(shareLinkNames(thanks)).toEqual(['Share on LinkedIn (opens in a new tab)', 'Share on X (opens in a new tab)', 'Share by email']);
    expect(thanks).not.toMatch(/<script/i);
    // Not a dead end: the way back to the society's own (registered) site.
    expect(thanks).toContain('<a href="https://www.sirweb.org/">Back to Society of Interventional Radiology</a>');
    // In Spanish, the society's English name is marked as English, for a screen reader to say it so.
    const gracias = await (await SELF.fetch('https://pledge.test/pledge/thanks?lang=es&partner=sir&role=nurse')).text();
    expect(gracias).toContain('<a href="https://www.sirweb.org/">Volver a la <span lang="en">Society of Interventional Radiology</span></a>'); // with its Spanish article
    expect(shareLinkNames(gracias)).toEqual(['Compartir en LinkedIn (se abre en una pestaña nueva)', 'Compartir en X (se abre en una pestaña nueva)', 'Compartir por correo electrónico']);
    // "a" + "el" is "al" in Spanish, never "a el" (the American College of Radiology).
    const acr = await (await SELF.fetch('https://pledge.test/pledge/thanks?lang=es&partner=acr&role=nurse')).text();
    expect(acr).toContain('<a href="https://www.acr.org/">Volver al <span lang="en">American College of Radiology</span></a>');
  });

  it('offers a way back to correct a mistyped address, as the widget does, with the society and role but nothing personal in the address (en, es)', async () => {
    for (const [lang, words] of [['en', 'Wrong address? Pledge again with the right one'], ['es', '¿Dirección equivocada? Vuelva a firmar con la dirección correcta']] as const) {
      const typo = `ida.${crypto.randomUUID()}@exmaple.org`;
      const res = await postForm({ partner: 'sir', lang, name: 'Ida Noscript', email: typo, role: 'nurse', organization: 'Mercy Clinic', commitment: 'yes' });
      expect(res.status).toBe(303);
      const thanks = await (await SELF.fetch(`https://pledge.test${res.headers.get('Location')}`)).text();
      const back = `/pledge?partner=sir&lang=${lang}&role=nurse`;
      expect(thanks).toContain(`<p><a href="${back.replace(/&/g, '&amp;')}">${words}</a></p>`);
      for (const personal of [typo, 'Ida', 'Mercy']) expect(thanks).not.toContain(personal);
      // The form again, for the same society, the role already chosen.
      const again = await (await SELF.fetch(`https://pledge.test${back}`)).text();
      expect(again).toMatch(/<input[^>]* id="role-nurse"[^>]* checked/);
      expect(again).toContain('name="partner" value="sir"');
      // Sent with the right address, it is a pledge of its own, its confirmation to that address.
      const right = `ida.${crypto.randomUUID()}@example.org`;
      expect((await postForm({ partner: 'sir', lang, name: 'Ida Noscript', email: right, role: 'nurse', commitment: 'yes' })).status).toBe(303);
      expect(await storedRows(right)).toMatchObject([{ partner_id: 'sir', role: 'nurse' }]);
    }
    // A role the form does not know, named in the address, chooses nothing.
    expect(await (await SELF.fetch('https://pledge.test/pledge?partner=sir&lang=en&role=wizard')).text()).not.toMatch(/<input[^>]* id="role-[^"]*"[^>]* checked/);
    // A pledge from a booth's or poster's code: made again with the right address, it keeps its source.
    const booth = await postForm({ partner: 'sir', lang: 'en', source: 'rsna-booth-2026', name: 'Ida Noscript', email: `ida.${crypto.randomUUID()}@exmaple.org`, role: 'nurse', commitment: 'yes' });
    const boothThanks = await (await SELF.fetch(`https://pledge.test${booth.headers.get('Location')}`)).text();
    const boothBack = '/pledge?partner=sir&lang=en&role=nurse&source=rsna-booth-2026';
    expect(boothThanks).toContain(`<a href="${boothBack.replace(/&/g, '&amp;')}">`);
    expect(await (await SELF.fetch(`https://pledge.test${boothBack}`)).text()).toMatch(/name="source" value="rsna-booth-2026"/);
  });

  it('takes a form posted from another site only for the societies registered to that site', async () => {
    const post = (origin: string, email: string) =>
      SELF.fetch('https://pledge.test/pledge', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
        body: new URLSearchParams({ partner: 'sir', lang: 'en', name: 'Ida Noscript', email, role: 'nurse', commitment: 'yes' }).toString(),
        redirect: 'manual',
      });
    const forged = `forged.${crypto.randomUUID()}@example.org`;
    const evil = await post('https://evil.example', forged);
    expect(evil.status).toBe(422);
    // The page's own form (also inside a partner's frame) and a registered site are taken.
    const own = `own.${crypto.randomUUID()}@example.org`;
    expect((await post('https://pledge.test', own)).status).toBe(303);
    const registered = `registered.${crypto.randomUUID()}@example.org`;
    expect((await post('https://www.sirweb.org', registered)).status).toBe(303);
    // No site at all (a sandboxed frame or a data: page elsewhere submitting it): not taken either.
    expect((await post('null', `opaque.${crypto.randomUUID()}@example.org`)).status).toBe(422);
    expect(await storedRows(own)).toHaveLength(1);
    expect(await storedRows(registered)).toHaveLength(1);
    await queueDrained();
    expect(await rowsFor(forged)).toHaveLength(0);
  });

  it('renders errors in the GOV.UK pattern, keeps what was typed, and escapes it', async () => {
    const res = await postForm({ partner: 'sir', lang: 'en', name: '', email: '"><script>alert(1)</script>', organization: 'O\'Neil & Co' });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('There is a problem');
    expect(page).toContain('<a href="#name">Enter your full name</a>');
    expect(page).toContain('<a href="#role-radiologist">Select your role</a>');
    expect(page).toMatch(/id="email"[^>]*value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
    expect(page).toMatch(/value="O&#39;Neil &amp; Co"/);
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toMatch(/<title>Error: Commit to act · Radiology Health Equity Coalition<\/title>/);
  });

  it('draws its fields from the same description as the widget: lengths, autocomplete, hint and honeypot', async () => {
    const page = await (await SELF.fetch('https://pledge.test/pledge?partner=rsna&lang=en')).text();
    for (const field of FORM) {
      if (field.kind !== 'text') continue;
      const input = page.match(new RegExp(`<input id="${field.name}"[^>]*>`))?.[0] ?? '';
      expect(input, field.name).toContain(`maxlength="${MAX_LENGTH[field.name]}"`);
      if (field.autocomplete) expect(input, field.name).toContain(`autocomplete="${field.autocomplete}"`);
    }
    expect(page).toContain('<p class="hint" id="email-hint">We will send a confirmation email to this address.</p>');
    expect(page).toMatch(/<div class="hp" aria-hidden="true">[\s\S]*?name="website" tabindex="-1"/);
    // "(optional)" keeps its space in the accessible name: one text node, space included.
    expect(page).toContain('Organization or practice<span class="optional"> (optional)</span>');
  });

  it('names each select\u2019s empty choice and the hidden trap in the page\u2019s language (a screen reader said "blank")', async () => {
    for (const [lang, state, country, society, trap] of [
      ['en', 'Choose a state or territory', 'Choose a country', 'Member society', 'Leave this empty'],
      ['es', 'Elija un estado o territorio', 'Elija un país', 'Sociedad miembro', 'Deje esto vacío'],
    ] as const) {
      const page = await (await SELF.fetch(`https://pledge.test/pledge?partner=nosuch&lang=${lang}`)).text();
      expect(page).not.toContain('<option value=""></option>');
      expect(page).toMatch(new RegExp(`<select id="region"[^>]*>\\s*<option value="">${state}</option>`));
      expect(page).toMatch(new RegExp(`<select id="country"[^>]*>\\s*<option value="">${country}</option>`));
      expect(page).toMatch(new RegExp(`<legend>${society}</legend>`));
      expect(page).toContain(`<label for="website">${trap}</label>`);
    }
  });

  it('names the coalition and shows its facts, the commitment said once', async () => {
    const page = await (await SELF.fetch('https://pledge.test/pledge?partner=rsna&lang=en')).text();
    expect(page).toContain('Radiology Health Equity Coalition');
    expect(page).toContain('Since 1990, breast cancer death rates dropped 23% in African American women — compared to a 37% drop in whites.');
    expect(page.split('I commit to advancing health equity').length - 1).toBe(1);
    expect(page).toMatch(/id="commitment"[^>]*aria-describedby="commitment-text"/);
  });

  it('lets the visitor choose a society when the link names none that takes pledges', async () => {
    const page = await (await SELF.fetch('https://pledge.test/pledge?partner=rnsa&lang=en')).text();
    expect(page).toContain('<input type="radio" id="partner-rsna" name="partner" value="rsna" required aria-invalid="false" />');
    expect(page).toContain('<label for="partner-rsna">Radiological Society of North America</label>');
    const email = `chosen.${crypto.randomUUID()}@example.org`;
    const missing = await postForm({ partner: '', lang: 'en', name: 'Cho Sen', email, role: 'nurse', commitment: 'yes' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('<a href="#partner-abr">Select a member society</a>');
    const res = await postForm({ partner: 'acr', lang: 'en', name: 'Cho Sen', email, role: 'nurse', commitment: 'yes' });
    expect(res.status).toBe(303);
    expect(await storedRows(email)).toMatchObject([{ partner_id: 'acr' }]);
  });

  it('says the length limits with the numbers the schema enforces', async () => {
    const res = await postForm({ partner: 'sir', lang: 'es', name: 'x'.repeat(MAX_LENGTH.name + 1), email: 'a@example.org', role: 'nurse', commitment: 'yes' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(`El nombre completo debe tener ${MAX_LENGTH.name} caracteres o menos`);
  });

  it('answers a non-form post with 415, and takes a form whose media type is written in capitals', async () => {
    const res = await SELF.fetch('https://pledge.test/pledge', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hi' });
    expect(res.status).toBe(415);
    const capitals = await SELF.fetch('https://pledge.test/pledge', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'APPLICATION/X-WWW-FORM-URLENCODED', Origin: 'https://pledge.test' },
      body: new URLSearchParams({ partner: 'sir', name: 'Ada Lovelace', email: `caps.${crypto.randomUUID()}@example.org`, role: 'nurse', commitment: 'yes' }).toString(),
    });
    expect(capitals.status).toBe(303);
  });

  it('reads a form as browsers send it: a charset on the media type, a % in a multipart value, the first of a repeated field, never a file', async () => {
    const post = (type: string | undefined, body: string | FormData) =>
      SELF.fetch('https://pledge.test/pledge', { method: 'POST', redirect: 'manual', headers: { ...(type ? { 'Content-Type': type } : {}), Origin: 'https://pledge.test' }, body });
    const fields = (email: string) => `partner=sir&email=${encodeURIComponent(email)}&role=nurse&commitment=yes`;
    // A broken escape is refused with a charset after the media type too.
    expect((await post('application/x-www-form-urlencoded; charset=UTF-8', `name=Ana%&${fields(`pct.${crypto.randomUUID()}@example.org`)}`)).status).toBe(400);
    // The first of a repeated field, as a browser's form has one of each.
    const first = `first.${crypto.randomUUID()}@example.org`;
    expect((await post('application/x-www-form-urlencoded; charset=UTF-8', `name=Ada+First&name=Eve+Second&${fields(first)}`)).status).toBe(303);
    expect(await storedRows(first)).toMatchObject([{ name: 'Ada First' }]);
    // Multipart has no escapes: a % there is what was typed. A file is no text field: a `name`
    // file before the typed name is passed over.
    const multipart = `multipart.${crypto.randomUUID()}@example.org`;
    const form = new FormData();
    form.append('name', new File(['not a name'], 'name.txt', { type: 'text/plain' }));
    for (const [key, value] of new URLSearchParams(`name=Ada+Multipart&${fields(multipart)}&organization=100%25+Imaging`)) form.append(key, value);
    expect((await post(undefined, form)).status).toBe(303);
    expect(await storedRows(multipart)).toMatchObject([{ name: 'Ada Multipart', organization: '100% Imaging' }]);
  });

  it("answers a post it cannot take as a form with a page in the reader's language (a script gets JSON)", async () => {
    const send = (path: string, type: string, body: string, accept?: string) =>
      SELF.fetch(`https://pledge.test${path}?lang=es`, {
        method: 'POST',
        headers: { 'Content-Type': type, ...(accept ? { Accept: accept } : {}) },
        body,
      });
    const asPerson = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
    for (const path of ['/pledge', '/join']) {
      const notForm = await send(path, 'text/plain', 'hi', asPerson);
      expect(notForm.status, path).toBe(415);
      expect(notForm.headers.get('Content-Type'), path).toMatch(/^text\/html/);
      const notFormPage = await notForm.text();
      expect(notFormPage, path).toContain('<html lang="es">');
      expect(notFormPage, path).toContain('<h1>Esto no era un formulario</h1>');
      expect(notFormPage, path).toContain('href="/pledge?lang=es"'); // the ways on

      // A multipart body whose boundary never appears cannot be read as a form.
      const broken = await send(path, 'multipart/form-data; boundary=xyz', 'not multipart at all', asPerson);
      expect(broken.status, path).toBe(400);
      expect(await broken.text(), path).toContain('No se pudo leer el formulario. Vuelva atrás y envíelo de nuevo.');

      // Nor a broken escape (`%ZZ`, a lone `%`): read as it stands, it would change what was typed.
      for (const body of ['name=%ZZ%&email=%', 'name=Ana%2', 'name=Ana%']) {
        const escaped = await send(path, 'application/x-www-form-urlencoded', body, asPerson);
        expect(escaped.status, `${path} ${body}`).toBe(400);
        expect(await escaped.text(), path).toContain('No se pudo leer el formulario. Vuelva atrás y envíelo de nuevo.');
      }
      const escapes = await send(path, 'application/x-www-form-urlencoded', 'name=Ana%20P%C3%A9rez&partner=%zz-not', asPerson);
      expect(escapes.status, path).toBe(400);
      expect((await send(path, 'application/x-www-form-urlencoded', 'name=Ana%20P%C3%A9rez%2c+MD', asPerson)).status, path).not.toBe(400);

      const huge = await send(path, 'application/x-www-form-urlencoded', `name=${'x'.repeat(64 * 1024)}`, asPerson);
      expect(huge.status, path).toBe(413);
      expect(await huge.text(), path).toContain('<h1>El formulario es demasiado grande</h1>');

      // The same answers to a script, as JSON with their codes.
      expect(await (await send(path, 'text/plain', 'hi')).json(), path).toMatchObject({ error: { code: 'unsupported_media_type' } });
      expect(await (await send(path, 'multipart/form-data; boundary=xyz', 'nope')).json(), path).toMatchObject({ error: { code: 'bad_form' } });
      expect(await (await send(path, 'application/x-www-form-urlencoded', `name=${'x'.repeat(64 * 1024)}`)).json(), path).toMatchObject({
        error: { code: 'payload_too_large', message: expect.stringMatching(/^Un(a solicitud| compromiso) no puede superar los \d{1,3}(,\d{3})+ bytes\.$/) },
      });
    }
  });

  it('answers a post to an email link\'s page that is not a form (JSON, text) with the same 415, not "this link does not work"', async () => {
    const asPerson = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
    for (const path of ['/confirm', '/withdraw', '/unsubscribe', '/preferences', '/actions', '/recommit', '/reminders', '/join/confirm', '/join/withdraw', '/join/change']) {
      const post = (type: string | undefined, body: string, accept?: string) =>
        SELF.fetch(`https://pledge.test${path}?lang=es`, {
          method: 'POST',
          headers: { ...(type ? { 'Content-Type': type } : {}), ...(accept ? { Accept: accept } : {}) },
          body: new TextEncoder().encode(body), // (bytes: a string would be sent as text/plain)
        });
      const json = await post('application/json', '{"t":"v1.abc"}', asPerson);
      expect(json.status, path).toBe(415);
      expect(await json.text(), path).toContain('<h1>Esto no era un formulario</h1>');
      expect(await (await post('text/plain', 't=v1.abc')).json(), path).toMatchObject({ error: { code: 'unsupported_media_type' } });
      // A form that cannot be read: the hosted forms' 400, not "this link does not work".
      for (const [type, body] of [['application/x-www-form-urlencoded', 't=v1.abc&note=100%'], ['multipart/form-data; boundary=xyz', 'not multipart']]) {
        const unreadable = await post(type, body, asPerson);
        expect(unreadable.status, `${path} ${body}`).toBe(400);
        expect(await unreadable.text(), `${path} ${body}`).toContain('No se pudo leer el formulario. Vuelva atrás y envíelo de nuevo.');
      }
      // A form, or a body with no type at all (as before), is read: here its token does not work.
      for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', undefined]) {
        const body = type?.startsWith('multipart') ? '--b\r\nContent-Disposition: form-data; name="t"\r\n\r\nv1.abc\r\n--b--\r\n' : 't=v1.abc';
        const read = await post(type, body, asPerson);
        expect(read.status, `${path} ${type}`).toBe(400);
        expect(await read.text(), `${path} ${type}`).not.toContain('Esto no era un formulario');
      }
      // A token in the address too (a link pasted into a script's URL): these pages read it only from their form, so a
      // body that is not one is still told so (415), not "this link does not work". Only the one-click unsubscribes
      // (RFC 8058, /unsubscribe and /reminders) take the token from the address, whatever the body says it is.
      if (path !== '/unsubscribe' && path !== '/reminders') {
        const withToken = await SELF.fetch(`https://pledge.test${path}?lang=es&t=v1.abc`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: asPerson },
          body: new TextEncoder().encode('{"t":"v1.abc"}'),
        });
        expect(withToken.status, `${path}?t=`).toBe(415);
        expect(await withToken.text(), `${path}?t=`).toContain('<h1>Esto no era un formulario</h1>');
      }
    }
  });

  it("posts its form to an address that carries the page's language, so even an unreadable post is answered in it", async () => {
    expect(await (await SELF.fetch('https://pledge.test/pledge?partner=sir&lang=es')).text()).toContain('action="/pledge?lang=es"');
    expect(await (await SELF.fetch('https://pledge.test/join?lang=es')).text()).toContain('action="/join?lang=es"');
  });
});

describe('the Worker pages with hostile input', () => {
  it('never answer 5xx to odd languages or malformed forms', async () => {
    for (const lang of ['constructor', '__proto__', 'toString', 'xx-YY']) {
      const res = await SELF.fetch(`https://pledge.test/pledge?partner=rsna&lang=${lang}`, { headers: { 'Accept-Language': lang } });
      expect(res.status, lang).toBe(200);
      expect(await res.text()).toContain('<html lang="en">');
    }
    for (const path of ['/pledge', '/confirm', '/withdraw']) {
      const res = await SELF.fetch(`https://pledge.test${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data' }, // no boundary: unreadable
        body: 'garbage',
      });
      expect(res.status, path).toBe(400);
    }
  });
});

describe('the hosted page’s region selects', () => {
  it('offers US states and territories, and countries, by name in the page’s language', async () => {
    const page = await (await SELF.fetch('https://pledge.test/pledge?partner=sir&lang=es')).text();
    expect(page).toContain('<label for="region">Estado o territorio de EE. UU.</label>');
    expect(page).toContain('<label for="country">País, si está fuera de Estados Unidos</label>');
    expect(page).toContain('<option value="US-NY">Nueva York</option>');
    expect(page).toContain('<option value="US-PR">Puerto Rico</option>');
    expect(page).toContain('<option value="MX">México</option>');
    expect(page).not.toContain('<option value="US">');
  });

  it('stores the chosen country as its code', async () => {
    const email = `abroad.${crypto.randomUUID()}@example.org`;
    const res = await postForm({ partner: 'sir', lang: 'en', name: 'Ana Abroad', email, role: 'nurse', commitment: 'yes', region: '', country: 'MX' });
    expect(res.status).toBe(303);
    expect(await storedRows(email)).toMatchObject([{ region: 'MX' }]);
  });

  it('refuses a state and a country together, keeping both choices on the page', async () => {
    const res = await postForm({ partner: 'sir', lang: 'en', name: 'Bo Both', email: 'bo@example.org', role: 'nurse', commitment: 'yes', region: 'US-CA', country: 'MX' });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('Select a US state or territory, or a country outside the United States, not both');
    expect(page).toContain('<option value="US-CA" selected>');
    expect(page).toContain('<option value="MX" selected>');
    expect(page).toContain('<a href="#region">');
  });
});

describe('the hosted page told a region by a common mistake', () => {
  it('names the code to use for PR and UK, in the page’s language', async () => {
    const base = { partner: 'sir', name: 'Pat Rico', email: 'pat@example.org', role: 'nurse', commitment: 'yes' };
    for (const [fields, said] of [
      [{ lang: 'en', region: 'PR', country: '' }, 'Use US-PR for Puerto Rico'],
      [{ lang: 'es', region: '', country: 'UK' }, 'Use GB para el Reino Unido'],
    ] as const) {
      const res = await postForm({ ...base, ...fields });
      expect(res.status).toBe(422);
      const page = await res.text();
      expect(page).toContain(said);
      expect(page).toContain('<a href="#region">');
    }
  });
});

describe('the hosted page told a region as the whole United States', () => {
  it('asks for the state or territory, in the page’s language, from either select', async () => {
    const base = { partner: 'sir', name: 'Uma States', email: 'uma@example.org', role: 'nurse', commitment: 'yes' };
    for (const [fields, said] of [
      [{ lang: 'en', region: 'US', country: '' }, 'Choose the state or territory: a place in the United States is given by its code, such as US-CA for California'],
      [{ lang: 'es', region: ' us ', country: '' }, 'Elija el estado o territorio: un lugar de Estados Unidos se indica con su código, como US-CA para California'],
      [{ lang: 'en', region: '', country: 'us' }, 'Choose the state or territory: a place in the United States is given by its code, such as US-CA for California'],
      [{ lang: 'es', region: '', country: 'US' }, 'Elija el estado o territorio: un lugar de Estados Unidos se indica con su código, como US-CA para California'],
    ] as const) {
      const res = await postForm({ ...base, ...fields });
      expect(res.status, JSON.stringify(fields)).toBe(422);
      const page = await res.text();
      expect(page, JSON.stringify(fields)).toContain(said);
      expect(page).toContain('<a href="#region">');
    }
  });
});

describe('the hosted page reached without a society (from /impact, a share, the counter)', () => {
  it('asks which member society to pledge with, and takes the choice', async () => {
    const page = await (await SELF.fetch('https://pledge.test/pledge?lang=en&source=impact')).text();
    expect(page).toContain('<legend>Member society</legend>');
    expect(page).toContain('<label for="partner-rsna">Radiological Society of North America</label>');
    expect(page).not.toContain('type="hidden" name="partner"');
    const email = `chooser.${crypto.randomUUID()}@example.org`;
    const res = await postForm({ partner: 'aur', lang: 'en', name: 'Cy Chooser', email, role: 'nurse', commitment: 'yes' });
    expect(res.status).toBe(303);
    expect(await storedRows(email)).toMatchObject([{ partner_id: 'aur' }]);
  });

  it('says to choose one when none is chosen, linking to the first society', async () => {
    const res = await postForm({ partner: '', lang: 'es', name: 'Di Nadie', email: 'di@example.org', role: 'nurse', commitment: 'yes' });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('<a href="#partner-abr">Seleccione una sociedad miembro</a>');
    expect(page).toContain('<fieldset aria-describedby="partner-hint partner-error">');
    expect(page).toContain('<input type="radio" id="partner-abr" name="partner" value="abr" required aria-invalid="true" />');
  });

  it('keeps the hidden society for a link that names an active one', async () => {
    const page = await (await SELF.fetch('https://pledge.test/pledge?partner=RSNA')).text();
    expect(page).toContain('<input type="hidden" name="partner" value="rsna" />');
    expect(page).not.toContain('<legend>Member society</legend>');
  });
});
