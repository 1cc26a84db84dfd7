import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clearPartnerCaches } from '../../worker/partners/queries.ts';
import { emailsHandedOver, pledge, postPledge, queueDrained, rowsFor, storedRows } from './helpers.ts';
import { fieldMessage } from '../../src/i18n/messages.ts';

describe('POST /api/pledges', () => {
  it('stores a valid pledge, normalized, and answers 202', async () => {
    const res = await postPledge(pledge({ email: '  Ada.Lovelace@Example.ORG ', name: '  Ada Lovelace ', organization: 'St Elsewhere', lang: 'es', unknownKey: 'ignored' }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted' });
    const rows = await storedRows('ada.lovelace@example.org');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      partner_id: 'rsna',
      name: 'Ada Lovelace',
      role: 'radiologist',
      organization: 'St Elsewhere',
      region: null,
      lang: 'es',
      status: 'pending',
    });
  });

  it('takes null in an optional field as that field left out, and still asks for a required one', async () => {
    const email = `null.fields.${crypto.randomUUID().slice(0, 8)}@example.org`;
    const res = await postPledge(pledge({ email, organization: null, region: null, updates: null, lang: null, id: null, source: null }));
    expect(res.status).toBe(202);
    expect((await storedRows(email))[0]).toMatchObject({ organization: null, region: null, lang: 'en', updates: 0 });
    const missing = await postPledge(pledge({ name: null, organization: null }));
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({ name: ['Enter your full name'] });
  });

  it('keeps a pledge sent without a language in the language its answer was in (Accept-Language), and one sent with its own in that one', async () => {
    const es = `lang.es.${crypto.randomUUID().slice(0, 8)}@example.org`;
    const en = `lang.en.${crypto.randomUUID().slice(0, 8)}@example.org`;
    expect((await postPledge(pledge({ email: es }), { headers: { 'Accept-Language': 'es-MX,es;q=0.9' } })).status).toBe(202);
    expect((await postPledge(pledge({ email: en, lang: 'en' }), { headers: { 'Accept-Language': 'es' } })).status).toBe(202);
    expect((await storedRows(es))[0]).toMatchObject({ lang: 'es' });
    expect((await storedRows(en))[0]).toMatchObject({ lang: 'en' });
  });

  it('tells a region given as PR or UK the code to use (US-PR, GB), in both languages, and takes a code in any case or with spaces', async () => {
    const says = async (region: string, lang: string) => {
      const res = await postPledge(pledge({ region, lang }));
      expect(res.status, region).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
      expect(body.error.code).toBe('validation');
      return body.error.fields;
    };
    expect(await says('PR', 'en')).toEqual({ region: ['Use US-PR for Puerto Rico'] });
    expect(await says(' pr ', 'es')).toEqual({ region: ['Use US-PR para Puerto Rico'] });
    expect(await says('UK', 'en')).toEqual({ region: ['Use GB for the United Kingdom'] });
    expect(await says('uk', 'es')).toEqual({ region: ['Use GB para el Reino Unido'] });
    expect(await says('GU', 'en')).toEqual({ region: ['Use US-GU for Guam'] });
    expect(await says('VI', 'es')).toEqual({ region: ['Use US-VI para las Islas Vírgenes de EE. UU.'] });
    // Any other unknown code keeps the list's words.
    expect(await says('ZZ', 'en')).toEqual({ region: [fieldMessage('en', 'region.unknown')] });
    // A code in lower case or with spaces around it is the code.
    for (const [region, stored] of [['us-ca', 'US-CA'], [' US-CA ', 'US-CA'], [' gb', 'GB'], ['us-pr', 'US-PR']] as const) {
      const email = `region.${crypto.randomUUID().slice(0, 8)}@example.org`;
      expect((await postPledge(pledge({ email, region }))).status, region).toBe(202);
      expect((await storedRows(email))[0], region).toMatchObject({ region: stored });
    }
  });

  it('gives the region codes\' advice only for the region: an email or a role that reads like PR, UK or US gets its own field\'s words', async () => {
    const res = await postPledge(pledge({ email: 'UK', role: 'PR', region: 'us', lang: 'en' }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({
      email: ['Enter an email address in the correct format, like name@example.org'],
      role: ['Select your role (role must be one of radiologist, trainee, technologist, physicist, nurse, leader, other)'],
      region: ['Choose the state or territory: a place in the United States is given by its code, such as US-CA for California'],
    });
  });

  it('tells a region given as the whole United States (US, any case, with spaces) to choose the state or territory, in both languages', async () => {
    for (const [region, lang, said] of [
      ['US', 'en', 'Choose the state or territory: a place in the United States is given by its code, such as US-CA for California'],
      ['us', 'es', 'Elija el estado o territorio: un lugar de Estados Unidos se indica con su código, como US-CA para California'],
      [' US ', 'en', 'Choose the state or territory: a place in the United States is given by its code, such as US-CA for California'],
    ] as const) {
      const res = await postPledge(pledge({ region, lang }));
      expect(res.status, region).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
      expect(body.error.code).toBe('validation');
      expect(body.error.fields, region).toEqual({ region: [said] });
    }
    // What is taken is unchanged: a state's code, in any case; US itself never.
    const email = `region.${crypto.randomUUID().slice(0, 8)}@example.org`;
    expect((await postPledge(pledge({ email, region: ' us-ca ' }))).status).toBe(202);
    expect((await storedRows(email))[0]).toMatchObject({ region: 'US-CA' });
  });

  it('takes the widget\'s second select (country) as the region, and says "not both" when a US state is sent with it, in both languages', async () => {
    const email = `country.${crypto.randomUUID().slice(0, 8)}@example.org`;
    expect((await postPledge(pledge({ email, country: 'mx' }))).status).toBe(202);
    expect((await storedRows(email))[0]).toMatchObject({ region: 'MX' });
    for (const [lang, message] of [
      ['en', 'Select a US state or territory, or a country outside the United States, not both'],
      ['es', fieldMessage('es', 'region.both')],
    ] as const) {
      const both = await postPledge(pledge({ region: 'US-TX', country: 'MX', lang }));
      expect(both.status).toBe(422);
      expect(((await both.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({ region: [message] });
    }
    // The same code twice is one answer, not two; an empty country is none.
    expect((await postPledge(pledge({ region: 'MX', country: 'MX' }))).status).toBe(202);
    expect((await postPledge(pledge({ region: 'US-TX', country: '' }))).status).toBe(202);
    // `country` is not a key of the contract, whose other keys are ignored, not errors: anything but a
    // region code is left out (the region as sent, or none); a region code is taken, a US state too.
    for (const [country, region] of [['United States', null], ['USA', null], ['US', null], [['MX'], null], [5, null], ['us-ca', 'US-CA'], [' ca ', 'CA']] as const) {
      const address = `country.${crypto.randomUUID().slice(0, 8)}@example.org`;
      const res = await postPledge(pledge({ email: address, country }));
      expect(res.status, JSON.stringify(country)).toBe(202);
      expect((await storedRows(address))[0], JSON.stringify(country)).toMatchObject({ region });
    }
    const kept = `country.${crypto.randomUUID().slice(0, 8)}@example.org`;
    expect((await postPledge(pledge({ email: kept, region: 'US-NY', country: 'Mexico' }))).status).toBe(202);
    expect((await storedRows(kept))[0]).toMatchObject({ region: 'US-NY' });
  });

  it('reads a careless client\u2019s language tag (ES, es-MX, en_GB) as its language; refuses one it does not speak', async () => {
    for (const [lang, stored] of [['ES', 'es'], [' es-MX ', 'es'], ['en_GB', 'en']] as const) {
      const email = `lang.${crypto.randomUUID()}@example.org`;
      expect((await postPledge(pledge({ email, lang }))).status, lang).toBe(202);
      expect((await storedRows(email))[0]).toMatchObject({ lang: stored });
    }
    const fr = await postPledge(pledge({ lang: 'fr' }));
    expect(fr.status).toBe(422);
    expect(((await fr.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({ lang: ['Choose English or Spanish (lang must be "en" or "es")'] });
  });

  it('reads a role in any case (NURSE, " Nurse ") as its code; refuses one that is not a role, or not text, in words', async () => {
    for (const [role, stored] of [['NURSE', 'nurse'], [' Radiologist ', 'radiologist']] as const) {
      const email = `role.${crypto.randomUUID()}@example.org`;
      expect((await postPledge(pledge({ email, role }))).status, role).toBe(202);
      expect((await storedRows(email))[0]).toMatchObject({ role: stored });
    }
    for (const role of ['surgeon', 7, '']) {
      const res = await postPledge(pledge({ role }));
      expect(res.status, String(role)).toBe(422);
      const fields = ((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields;
      expect(Object.keys(fields), String(role)).toEqual(['role']);
      expect(fields.role![0], String(role)).toMatch(/role/i);
    }
  });

  it('gives each problem with a field once, even when two rules catch it', async () => {
    const res = await postPledge(pledge({ name: 'Ada\u0000\u202eLove' }));
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(error.fields.name).toEqual(['Full name must only include letters, spaces, hyphens, apostrophes, commas and periods']);
  });

  it('answers a repeated email exactly like a new one and keeps one row, with the latest details while it waits for its confirmation', async () => {
    const first = await postPledge(pledge({ email: 'twice@example.org', partner: 'rsna' }));
    const second = await postPledge(pledge({ email: 'TWICE@example.org', partner: 'sir', name: 'Someone Else' }), {
      headers: { Origin: 'https://www.sirweb.org' },
    });
    expect(second.status).toBe(first.status);
    expect(await second.text()).toBe(await first.text());
    await queueDrained();
    await emailsHandedOver('twice@example.org');
    const rows = await rowsFor('twice@example.org');
    expect(rows).toHaveLength(1);
    // The mailbox's owner confirms what was sent last (store.ts, replaceWaiting), and is sent the confirmation again:
    // the newer details are the pledge's once that confirmation is handed over.
    expect(rows[0]).toMatchObject({ partner_id: 'sir', name: 'Someone Else', status: 'pending' });
  });

  it('sends one confirmation for the same pledge sent several times at once without an id (a double click, a resent form)', async () => {
    const body = pledge({ email: 'at.once@example.org' });
    const answers = await Promise.all(Array.from({ length: 6 }, () => postPledge(body)));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(202));
    await queueDrained();
    expect(await rowsFor('at.once@example.org')).toHaveLength(1);
    const { results } = await env.DB.prepare(
      `SELECT count(*) AS n FROM email_outbox o JOIN pledges p ON p.id = o.pledge_id WHERE p.email = 'at.once@example.org'`,
    ).all();
    expect(results[0]).toEqual({ n: 1 });
  });

  it('takes an address at an internationalised domain, in the ASCII form mail servers use: one address however it is typed', async () => {
    // The part before @ stays ASCII, and is told so in words of its own (not "the correct format"), in both languages.
    const accented = await postPledge(pledge({ email: 'José.Idn@München.de' }));
    expect(accented.status).toBe(422);
    expect(((await accented.json()) as { error: { fields: Record<string, string[]> } }).error.fields.email).toEqual([
      'Before the @, use only letters without accents, numbers and signs like . _ - +',
    ]);
    const spanish = await postPledge(pledge({ email: 'bób@exámple.org', lang: 'es' }));
    expect(((await spanish.json()) as { error: { fields: Record<string, string[]> } }).error.fields.email).toEqual([
      'Antes de la @, use solo letras sin tilde, números y signos como . _ - +',
    ]);
    // Anything else malformed keeps the format's own message (a space is ASCII).
    // Shapes the HTML spec's pattern lets through but no mail server delivers to (RFC 5321's dot-atom: no
    // dot first, last or twice before the @; no one-letter top-level domain): a typo such as
    // `jane..doe@` or `.com` cut to `.c` must not be told "check your email" for a confirmation that never comes.
    for (const odd of ['a b@example.org', 'no-at-sign', 'two@@example.org', 'jane..doe@example.org', '.jane@example.org', 'jane.@example.org', 'jane@example.c']) {
      const res = await postPledge(pledge({ email: odd }));
      expect(res.status, odd).toBe(422);
      expect(((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields.email, odd).toEqual([
        'Enter an email address in the correct format, like name@example.org',
      ]);
    }
    expect((await postPledge(pledge({ email: 'jose.idn@München.de', name: 'José Idn' }))).status).toBe(202);
    expect((await postPledge(pledge({ email: 'jose.idn@xn--mnchen-3ya.de', name: 'José Idn' }))).status).toBe(202);
    await queueDrained();
    expect(await rowsFor('jose.idn@münchen.de')).toHaveLength(0);
    expect(await rowsFor('jose.idn@xn--mnchen-3ya.de')).toMatchObject([{ name: 'José Idn' }]);
    // Only a domain with non-ASCII letters is converted: nothing else a URL parser would read into one.
    for (const odd of ['a@ex%61mple.com', 'a@3232235777']) expect((await postPledge(pledge({ email: odd }))).status, odd).toBe(422);
  });

  it('treats a retried request with the same id as one pledge', async () => {
    const body = pledge({ id: 'attempt-0123456789abcdef', email: 'retried@example.org' });
    expect((await postPledge(body)).status).toBe(202);
    expect((await postPledge(body)).status).toBe(202);
    await queueDrained();
    expect(await rowsFor('retried@example.org')).toHaveLength(1);
    const { results } = await env.DB.prepare(
      `SELECT count(*) AS n FROM email_outbox o JOIN pledges p ON p.id = o.pledge_id WHERE p.email = 'retried@example.org'`,
    ).all();
    expect(results[0]).toEqual({ n: 1 }); // one confirmation
  });

  it('takes a pledge whose id another address already used as a pledge of its own: a chosen id tells nothing about anyone', async () => {
    // Someone else's address sent first with a chosen id (through the honeypot, so it gets no email)...
    const probe = pledge({ id: 'chosen-id-0123456789', email: 'someone.else@example.org', website: 'https://spam.example' });
    expect((await postPledge(probe, { headers: { 'CF-Connecting-IP': '203.0.113.81' } })).status).toBe(202);
    await queueDrained();
    // ...then the chooser's own address with the same id: stored and confirmed as any new pledge, so
    // their inbox says the same whether or not that address had pledged before.
    const own = pledge({ id: 'chosen-id-0123456789', email: 'chooser@example.org' });
    expect((await postPledge(own, { headers: { 'CF-Connecting-IP': '203.0.113.82' } })).status).toBe(202);
    await queueDrained();
    const [row] = await rowsFor('chooser@example.org');
    expect(row).toMatchObject({ status: 'pending', flagged: 0 });
    expect(row!.id).not.toBe('chosen-id-0123456789');
    const { results } = await env.DB.prepare(`SELECT kind FROM email_outbox WHERE pledge_id = ?`).bind(row!.id).all();
    expect(results).toEqual([{ kind: 'confirm' }]);
    expect(await rowsFor('someone.else@example.org')).toMatchObject([{ flagged: 1 }]);
  });

  describe('when the pledge is invalid', () => {
    it('answers 422 with a specific message for each field, and stores nothing', async () => {
      const res = await postPledge({ partner: 'rsna', name: '', email: 'not-an-email', role: 'wizard', commitment: false });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
      expect(body.error.code).toBe('validation');
      expect(body.error.fields).toEqual({
        name: ['Enter your full name'],
        email: ['Enter an email address in the correct format, like name@example.org'],
        role: ['Select your role (role must be one of radiologist, trainee, technologist, physicist, nurse, leader, other)'],
        commitment: ['Select the commitment to sign the pledge'],
      });
      await queueDrained();
      expect(await rowsFor('not-an-email')).toHaveLength(0);
    });

    it('tells an API client a value of the wrong type for what it is, not as a field left out, in both languages', async () => {
      const wrong = { partner: 7, name: 2, email: true, role: 3, commitment: 'yes', updates: 'yes', lang: 'fr', id: 42, region: 5, country: 5 };
      const en = await postPledge(pledge(wrong));
      expect(en.status).toBe(422);
      expect(((await en.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({
        id: ['Reload the page and try again (an id is 16 to 64 letters, digits, hyphens or underscores)'],
        partner: ['Give the society as text, like "rsna"'],
        name: ['Enter your full name as text'],
        email: ['Enter your email address as text'],
        role: ['Select your role (role must be one of radiologist, trainee, technologist, physicist, nurse, leader, other)'],
        commitment: ['Select the commitment to sign the pledge (commitment must be true)'],
        updates: ['Choose whether to be kept informed (updates must be true or false)'],
        lang: ['Choose English or Spanish (lang must be "en" or "es")'],
        region: ['Give the region as text: a US state or territory code like "US-CA", or a country code like "MX"'],
      });
      const es = await postPledge(pledge({ ...wrong, lang: undefined }), { headers: { 'Accept-Language': 'es' } });
      const fields = ((await es.json()) as { error: { fields: Record<string, string[]> } }).error.fields;
      expect(fields.name).toEqual(['Escriba su nombre completo como texto']);
      expect(fields.updates).toEqual(['Indique si quiere recibir novedades (updates debe ser true o false)']);
      expect(fields.region).toEqual(['Indique la región como texto: el código de un estado o territorio de EE. UU. como "US-CA", o el de un país como "MX"']);
      // Left out, empty or null, they are asked for as before.
      const missing = await postPledge({ role: '', name: null, commitment: null });
      expect(((await missing.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toMatchObject({
        partner: [expect.stringMatching(/not set up for a coalition member/)],
        name: ['Enter your full name'],
        email: ['Enter your email address'],
        role: ['Select your role'],
        commitment: ['Select the commitment to sign the pledge'],
      });
    });

    it('asks for a name, email or society sent as text but blank (spaces only) as left out, not as "not text", in both languages', async () => {
      const blank = { partner: '   ', name: '   ', email: ' \t ' };
      const en = await postPledge(pledge(blank));
      expect(en.status).toBe(422);
      expect(((await en.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({
        partner: ['This form is not set up for a coalition member. Contact the site owner'],
        name: ['Enter your full name'],
        email: ['Enter your email address'],
      });
      const es = await postPledge(pledge({ ...blank, lang: 'es' }));
      const fields = ((await es.json()) as { error: { fields: Record<string, string[]> } }).error.fields;
      expect(fields.name).toEqual(['Escriba su nombre completo']);
      expect(fields.email).toEqual(['Escriba su correo electrónico']);
    });

    it('answers in Spanish when the pledge is in Spanish', async () => {
      const res = await postPledge(pledge({ email: '', lang: 'es' }));
      const body = (await res.json()) as { error: { message: string; fields: Record<string, string[]> } };
      expect(body.error.fields.email).toEqual(['Escriba su correo electrónico']);
      expect(body.error.message).toBe('Algunas respuestas deben corregirse.');
    });

    it('refuses a name with a line break (no header injection into emails)', async () => {
      const res = await postPledge(pledge({ name: 'Ada\r\nBcc: victim@example.org' }));
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
      expect(Object.keys(body.error.fields)).toEqual(['name']);
    });

    it('refuses a link in the organization (it is shown on the confirmation page to the address\'s owner), in English and Spanish, but takes a brand that is its own domain', async () => {
      for (const organization of ['ACTION REQUIRED: verify at https://abr-verify.example/login', 'ACTION REQUIRED: verify at abr-verify.example/login', 'see www.abr-verify.example', 'x//y']) {
        const res = await postPledge(pledge({ organization }));
        expect(res.status, organization).toBe(422);
        expect(((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({ organization: ['Organization or practice must not be a web address: give its name'] });
      }
      const es = await postPledge(pledge({ organization: 'https://x.example', lang: 'es' }));
      expect(((await es.json()) as { error: { fields: Record<string, string[]> } }).error.fields.organization).toEqual(['La organización o práctica no debe ser una dirección web: escriba su nombre']);
      for (const organization of ['Qure.ai', 'RadNet.com', 'St. Mary\'s Hospital', 'R&D / Imaging', 'Dept. of Radiology/Imaging']) expect((await postPledge(pledge({ organization }))).status, organization).toBe(202);
    });

    it('refuses a broken character (a lone surrogate, which cannot be stored as UTF-8) in the organization', async () => {
      const res = await postPledge(pledge({ organization: 'St Else\ud800where' }));
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
      expect(body.error.fields).toEqual({ organization: ['Organization or practice must not include line breaks or invisible characters'] });
      // A whole character outside the BMP (a surrogate pair) is fine.
      expect((await postPledge(pledge({ organization: 'Clínica 🩻 Norte' }))).status).toBe(202);
    });

    it('refuses an unknown partner with a clear message', async () => {
      const res = await postPledge(pledge({ partner: 'nosuchsociety' }));
      expect(res.status).toBe(422);
      const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
      expect(body.error.fields.partner?.[0]).toMatch(/not set up for a coalition member/);
    });

    it('names the society\'s problem together with the others, so a form is corrected once', async () => {
      const unknown = await postPledge(pledge({ partner: 'nosuchsociety', name: '' }));
      expect(unknown.status).toBe(422);
      const { fields } = ((await unknown.json()) as { error: { fields: Record<string, string[]> } }).error;
      expect(Object.keys(fields).sort()).toEqual(['name', 'partner']);
      expect(fields.partner?.[0]).toMatch(/not set up for a coalition member/);
      // From a site registered for rsna, for another society: that too, beside the name.
      const other = await postPledge(pledge({ partner: 'ACR', name: '' }), { headers: { Origin: 'https://www.rsna.org' } });
      const otherFields = ((await other.json()) as { error: { fields: Record<string, string[]> } }).error.fields;
      expect(Object.keys(otherFields).sort()).toEqual(['name', 'partner']);
      // A society it may pledge for: only the name.
      const own = await postPledge(pledge({ partner: 'rsna', name: '' }), { headers: { Origin: 'https://www.rsna.org' } });
      expect(Object.keys(((await own.json()) as { error: { fields: Record<string, string[]> } }).error.fields)).toEqual(['name']);
    });

    it('refuses a disabled partner', async () => {
      await env.DB.prepare("UPDATE partners SET active = 0 WHERE id = 'abr'").run();
      clearPartnerCaches(); // as the partners command's change is seen within 30 s
      const res = await postPledge(pledge({ partner: 'abr' }));
      expect(res.status).toBe(422);
    });
  });

  describe('when the request itself is wrong', () => {
    it('answers malformed JSON with 400 and a clear message', async () => {
      const res = await postPledge('{"name": "Ada", ', { raw: true });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'bad_json', message: 'The request body is not valid JSON.' } });
    });

    it('says what is wrong with the request in Spanish when asked for Spanish (?lang=es or Accept-Language), for pledges and organizations', async () => {
      const es = { 'Accept-Language': 'es-MX,es;q=0.9' };
      const send = (path: string, body: string, headers: Record<string, string> = {}, method = 'POST') =>
        SELF.fetch(`https://pledge.test${path}`, { method, headers: { 'Content-Type': 'application/json', Origin: 'https://www.rsna.org', ...headers }, body: method === 'GET' ? undefined : body });
      const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;
      for (const [path, what] of [['/api/pledges', 'el compromiso'], ['/api/organizations', 'la solicitud']] as const) {
        expect(await message(await send(path, '{"name": ', es))).toBe('El cuerpo de la petición no es JSON válido.');
        expect(await message(await send(`${path}?lang=es`, '{"name": '))).toBe('El cuerpo de la petición no es JSON válido.');
        const notJson = await send(path, 'a=b', { ...es, 'Content-Type': 'text/plain' });
        expect(notJson.status).toBe(415);
        expect(await message(notJson)).toBe(`Envíe ${what} como JSON (Content-Type: application/json).`);
        const huge = await send(path, JSON.stringify({ note: 'x'.repeat(70_000) }), es);
        expect(huge.status).toBe(413);
        expect(await message(huge)).toMatch(/^Una? (compromiso|solicitud) no puede superar los \d{1,3}(,\d{3})+ bytes\.$/);
        const put = await send(path, '{}', es, 'PUT');
        expect(put.status).toBe(405);
        expect(await message(put)).toMatch(/^Envíe la petición con (POST|GET o POST)\.$/);
      }
      // English stays the default.
      expect(await message(await send('/api/pledges', '{"name": '))).toBe('The request body is not valid JSON.');
    });

    it('answers a body that is JSON but not an object with 422', async () => {
      for (const raw of ['null', '[]', '"pledge"', '42']) {
        const res = await postPledge(raw, { raw: true });
        expect(res.status, raw).toBe(422);
      }
    });

    it('answers a non-JSON content type with 415', async () => {
      const res = await postPledge('name=Ada', { raw: true, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(res.status).toBe(415);
    });

    it('answers a body over 8 KB with 413', async () => {
      const res = await postPledge(pledge({ organization: 'x'.repeat(9000) }));
      expect(res.status).toBe(413);
    });

    it('answers GET with 405 and an Allow header', async () => {
      const res = await SELF.fetch('https://pledge.test/api/pledges');
      expect(res.status).toBe(405);
      expect(res.headers.get('Allow')).toContain('POST');
    });
  });
});

describe('unknown routes', () => {
  it('answer 404 in the error envelope', async () => {
    const res = await SELF.fetch('https://pledge.test/api/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('a wrong method on a route that exists', () => {
  // Every route, not only those with a 405 handler of their own: worked out from the router.
  const cases: [string, string, string][] = [
    ['GET', '/api/webhooks/resend', 'POST'],
    ['GET', '/api/webhooks/postmark', 'POST'],
    ['PUT', '/confirm', 'GET, POST, HEAD'],
    ['DELETE', '/withdraw', 'GET, POST, HEAD'],
    ['PATCH', '/impact', 'GET, HEAD'],
    ['POST', '/rhec-pledge.js', 'GET, HEAD'],
    ['GET', '/api/admin/updates/some-id/send', 'POST'],
    // The dashboard's own paths: its check on form bodies is middleware, no POST route of its own.
    ['POST', '/admin/pledges.csv', 'GET, HEAD'],
    ['PUT', '/admin/organizations', 'GET, HEAD'],
  ];
  for (const [method, path, allow] of cases) {
    it(`${method} ${path} answers 405 with Allow: ${allow}, in the asker's language`, async () => {
      // (The admin API checks its token before anything else, as it should.)
      const auth: Record<string, string> = path.startsWith('/api/admin/') ? { Authorization: 'Bearer test-admin-token' } : {};
      const res = await SELF.fetch(`https://pledge.test${path}`, { method, headers: { 'Accept-Language': 'es', ...auth } });
      expect(res.status).toBe(405);
      expect(res.headers.get('Allow')).toBe(allow);
      expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed', message: expect.stringMatching(/^Envíe la petición con /) } });
    });
  }

  it('names the methods in a sentence without HEAD: "GET or POST", "GET o POST"', async () => {
    const en = await SELF.fetch('https://pledge.test/confirm', { method: 'PUT' });
    expect(((await en.json()) as { error: { message: string } }).error.message).toBe('Send it with GET or POST.');
  });

  it('a person\'s browser opening a form\'s POST address gets the page with the ways on, not JSON', async () => {
    const res = await SELF.fetch('https://pledge.test/admin/sign-in', { headers: { Accept: 'text/html', 'Accept-Language': 'es' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('href="/pledge?lang=es"');
    // A script asking the same gets the 405.
    expect((await SELF.fetch('https://pledge.test/admin/sign-in')).status).toBe(405);
  });

  it('an unknown path stays 404, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      expect((await SELF.fetch('https://pledge.test/api/nothing-here', { method })).status, method).toBe(404);
      expect((await SELF.fetch('https://pledge.test/admin/nothing-here', { method })).status, `${method} /admin/`).toBe(404);
    }
  });
});
