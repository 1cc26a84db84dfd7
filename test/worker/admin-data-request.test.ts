import { env, SELF } from 'cloudflare:test';
import { DATA_COPY_STRINGS } from '../../worker/admin/data-copy-strings.ts';
import { describe, expect, it } from 'vitest';
import worker, { EMAIL_KINDS } from '../../worker/index.ts';
import type { PledgeMessage } from '../../worker/pledges/message.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import { addressHash, suppress } from '../../worker/updates/consent.ts';
import { getUpdate } from '../../worker/updates/queries.ts';
import { addSuppression, liftSuppression, sendTest, stopUpdatesFor } from '../../worker/updates/service.ts';
import { takeMailboxQuotas } from '../../worker/pledges/abuse.ts';
import { adminForm as form, adminSignIn as signIn } from './helpers.ts';

function pledge(email: string, name = 'Dra. Zoë O’Brien-Núñez'): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner: 'sir', name, email, role: 'radiologist', organization: 'Clínica Quixote', region: 'US-CA', commitment: true, updates: true },
    flag: null,
    ipHash: 'some-network',
    receivedAt: new Date().toISOString(),
  };
}

async function organization(email: string, name: string): Promise<string> {
  const id = crypto.randomUUID();
  await env.DB.prepare(
    `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, contact_title, status, next_answers)
     VALUES (?, ?, 'imaging-center', 'https://www.quixote-imaging.org', 'quixote-imaging.org', 'Dra. Zoë O’Brien-Núñez', ?, 'Chair', 'approved', ?)`,
  )
    .bind(id, name, email, JSON.stringify({ size: '50-249' }))
    .run();
  return id;
}

describe("a person's request for a copy of what is kept about them, answered from the dashboard", () => {
  it('offers the download beside the erase request, only with a session and from the dashboard itself', async () => {
    const cookie = await signIn();
    const page = await (await fetchAdmin(cookie)).text();
    expect(page).toContain('<button type="submit" class="button button--secondary" formaction="/admin/data-request">Download a copy of their data</button>');
    const es = await (await fetchAdmin(cookie, '?lang=es')).text();
    expect(es).toContain('formaction="/admin/data-request">Descargar una copia de sus datos</button>');
    // The dashboard's own Spanish name for the suppression list (as the updates' test email says it), not a calque.
    expect(es).toContain('si la dirección está en la lista de exclusión');
    expect(es).not.toContain('supresión');

    const email = `copy.${crypto.randomUUID()}@example.org`;
    await storePledges(env.DB, [pledge(email)]);
    const other = await form('/admin/data-request', { email }, { Cookie: cookie, Origin: 'https://evil.example' });
    expect(other.status).toBe(403);
    expect(await other.text()).not.toContain(email);
    const none = await form('/admin/data-request', { email });
    expect(none.status).toBe(403);
    expect(await none.text()).not.toContain(email);
  });

  it("answers one JSON file with the pledge, its waiting details, actions, organization requests, emails and suppression, and nobody else's", async () => {
    const email = `copy.${crypto.randomUUID()}@example.org`;
    const mine = pledge(email);
    const theirs = pledge(`other.${crypto.randomUUID()}@example.org`, 'Someone Else');
    await storePledges(env.DB, [mine, theirs]);
    await env.DB.batch([
      env.DB.prepare(`UPDATE pledges SET status = 'confirmed', confirmed_at = created_at WHERE id IN (?, ?)`).bind(mine.id, theirs.id),
      env.DB.prepare(`UPDATE pledges SET next_details = ? WHERE id = ?`).bind(JSON.stringify({ role: 'nurse', received_at: '2026-12-01T00:00:00.000Z' }), mine.id),
      env.DB.prepare(`INSERT INTO pledge_actions (id, pledge_id, kind, note) VALUES (?, ?, 'language', 'Interpreters for every ultrasound clinic')`).bind(crypto.randomUUID(), mine.id),
      env.DB.prepare(`INSERT INTO pledge_actions (id, pledge_id, kind, note) VALUES (?, ?, 'outreach', 'Not hers')`).bind(crypto.randomUUID(), theirs.id),
    ]);
    await organization(email, 'Quixote Imaging');
    await organization(theirs.pledge.email, 'Somebody Else’s Clinic');
    // An update they were sent: named by its subject, in the version they read.
    const update = crypto.randomUUID();
    await env.DB.batch([
      env.DB.prepare(`INSERT INTO updates (id, status, subject_en, body_en, subject_es, body_es, audience) VALUES (?, 'sent', 'Spring news', 'News.', 'Noticias de primavera', 'Noticias.', ?)`).bind(
        update,
        JSON.stringify({ partners: [], roles: [], langs: [] }),
      ),
      env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind, ref, status, sent_at) VALUES (?, ?, 'update', ?, 'sent', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 second'))`).bind(`update:${update}:${mine.id}`, mine.id, update),
    ]);
    const cookie = await signIn();

    // The address as the person wrote it in their message: found however it is capitalised.
    const res = await form('/admin/data-request', { email: `  ${email.toUpperCase()} ` }, { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="rhec-data-copy-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const text = await res.text();
    const copy = JSON.parse(text);
    expect(copy.address).toBe(email);
    expect(copy.pledge).toMatchObject({
      society: 'Society of Interventional Radiology',
      name: 'Dra. Zoë O’Brien-Núñez',
      email,
      role: 'radiologist',
      organization: 'Clínica Quixote',
      region: 'US-CA',
      status: 'confirmed',
      updates: 1,
      waiting_for_confirmation: { role: 'nurse', received_at: '2026-12-01T00:00:00.000Z' },
    });
    expect(copy.pledge).not.toHaveProperty('next_details');
    expect(copy.actions).toEqual([expect.objectContaining({ kind: 'language', note: 'Interpreters for every ultrasound clinic' })]);
    expect(copy.organization_requests).toEqual([
      expect.objectContaining({ name: 'Quixote Imaging', contact_email: email, contact_title: 'Chair', status: 'approved', waiting_for_confirmation: { size: '50-249' } }),
    ]);
    expect(copy.emails).toEqual([
      expect.objectContaining({ kind: 'confirm', subject: null, status: 'queued' }),
      expect.objectContaining({ kind: 'update', subject: 'Spring news', status: 'sent' }),
    ]);
    expect(copy.suppressed).toBeNull();
    for (const theirsToo of ['Someone Else', theirs.pledge.email, 'Not hers', 'Somebody Else']) expect(text).not.toContain(theirsToo);
  });

  it('says when the address is on the suppression list', async () => {
    const email = `copy.${crypto.randomUUID()}@example.org`;
    await storePledges(env.DB, [pledge(email)]);
    await suppress(env, email, 'manual', 'dashboard');
    const copy = await (await form('/admin/data-request', { email }, { Cookie: await signIn() })).json();
    expect(copy).toMatchObject({ pledge: { email, status: 'pending' }, suppressed: { reason: 'manual' } });
  });

  it('answers an address kept only on the suppression list, and says plainly when nothing is kept, in both languages', async () => {
    const cookie = await signIn();
    const listed = `listed.${crypto.randomUUID()}@example.org`;
    await suppress(env, listed, 'complaint', 'postmark');
    const only = await form('/admin/data-request', { email: listed }, { Cookie: cookie });
    expect(only.status).toBe(200);
    expect(await only.json()).toMatchObject({ pledge: null, actions: [], organization_requests: [], emails: [], suppressed: { reason: 'complaint' } });

    const unknown = `nobody.${crypto.randomUUID()}@example.org`;
    const none = await form('/admin/data-request', { email: unknown }, { Cookie: cookie });
    expect(none.status).toBe(404);
    const page = await none.text();
    expect(page).toContain('<a href="#erase-email">Nothing is kept about that address');
    // What was typed stays in its field, with the message beside it.
    expect(page).toContain(`id="erase-email" name="email" value="${unknown}" aria-invalid="true" aria-describedby="erase-email-error"`);
    const es = await (await form('/admin/data-request', { email: unknown, ui_lang: 'es' }, { Cookie: cookie })).text();
    expect(es).toContain('No se guarda nada sobre esa dirección');
    expect(es).toContain('no está en la lista de exclusión');

    const empty = await form('/admin/data-request', { email: '  ' }, { Cookie: cookie });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Enter the email address they pledged with.');

    // A withdrawn pledge's details were erased: nothing of it is found.
    const gone = `gone.${crypto.randomUUID()}@example.org`;
    await storePledges(env.DB, [pledge(gone)]);
    expect((await form('/admin/erase-request', { email: gone, confirm: 'yes' }, { Cookie: cookie })).status).toBe(303);
    expect((await form('/admin/data-request', { email: gone }, { Cookie: cookie })).status).toBe(404);
  });
});

describe("what else is kept about an address goes in the copy", () => {
  it('the count of emails sent to the mailbox, kept after an unconfirmed pledge is erased, is in the copy, not "nothing is kept"', async () => {
    const cookie = await signIn();
    const email = `counted.${crypto.randomUUID()}@example.org`;
    // Its pledge's confirmation went (and an organization's), then the pledge was erased unconfirmed: the counts stay 30 days.
    await takeMailboxQuotas(env, [email]);
    await takeMailboxQuotas(env, [email]);
    await takeMailboxQuotas(env, [email], { prefix: 'org:', max: 3 });
    const res = await form('/admin/data-request', { email: email.replace('counted.', 'Counted.') }, { Cookie: cookie });
    expect(res.status).toBe(200);
    const copy = (await res.json()) as Record<string, unknown>;
    expect(copy).toMatchObject({ pledge: null, organization_requests: [], suppressed: null });
    expect(copy.emails_counted).toEqual([
      { counted: 'pledge emails', emails: 2, first_at: expect.any(String), last_at: expect.any(String) },
      { counted: 'organization confirmations', emails: 1, first_at: expect.any(String), last_at: expect.any(String) },
    ]);
    // Its key is an HMAC of the address: not given out.
    expect(JSON.stringify(copy)).not.toMatch(/[0-9a-f]{40}/);
  });

  it("a flagged pledge's copy says why it is held, and once released, when", async () => {
    const email = `held.${crypto.randomUUID()}@example.org`;
    await storePledges(env.DB, [{ ...pledge(email), flag: 'honeypot' }]);
    const cookie = await signIn();
    const held = await form('/admin/data-request', { email }, { Cookie: cookie });
    expect(held.status).toBe(200);
    expect(((await held.json()) as { pledge: unknown }).pledge).toMatchObject({ email, status: 'pending', flagged: 1, flag_reason: 'honeypot' });
    // As releaseFlagged (review.ts) does.
    await env.DB.prepare(`UPDATE pledges SET flagged = 0, flag_reason = NULL, released_at = '2026-11-30T10:00:00.000Z' WHERE email = ?`).bind(email).run();
    const released = await form('/admin/data-request', { email }, { Cookie: cookie });
    expect(((await released.json()) as { pledge: unknown }).pledge).toMatchObject({ email, flagged: 0, released_at: '2026-11-30T10:00:00.000Z' });
  });

  it('finds an address with an internationalised domain however it is typed, as it was stored (ASCII form)', async () => {
    const cookie = await signIn();
    const local = `idn.${crypto.randomUUID().slice(0, 8)}`;
    await storePledges(env.DB, [pledge(`${local}@xn--mnchen-3ya.de`)]);
    const copy = await form('/admin/data-request', { email: `${local}@MÜNCHEN.de` }, { Cookie: cookie });
    expect(copy.status).toBe(200);
    expect(((await copy.json()) as { pledge: unknown }).pledge).toMatchObject({ email: `${local}@xn--mnchen-3ya.de` });
    const erase = await form('/admin/erase-request', { email: `${local}@münchen.de` }, { Cookie: cookie });
    expect(erase.status).toBe(200);
  });

  it('names the same mailbox\'s pledge under another +tag (or dots Gmail ignores) when the address typed finds nothing, for the erase and the data request, in both languages', async () => {
    const cookie = await signIn();
    const base = `ana_${crypto.randomUUID().slice(0, 8)}`;
    const tagged = `${base}+rhec@example.org`;
    await storePledges(env.DB, [pledge(tagged)]);
    // Another mailbox whose name only matches as a LIKE pattern would ("_" is any one character there): never named.
    await storePledges(env.DB, [pledge(`${base.replace('_', 'x')}+other@example.org`)]);
    for (const path of ['/admin/data-request', '/admin/erase-request']) {
      const res = await form(path, { email: `${base}@example.org` }, { Cookie: cookie });
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).toContain(`A pledge is kept for ${tagged}, which reaches the same mailbox (a +tag, and for some providers a dot or another of their domains, such as googlemail.com or me.com, makes no difference to where an email goes). If that address is theirs, enter it instead.`);
      expect(text).not.toContain(`${base.replace('_', 'x')}+other`);
      const es = await (await form(path, { email: `${base}+old@example.org`, ui_lang: 'es' }, { Cookie: cookie })).text();
      expect(es).toContain(`Se guarda un compromiso de ${tagged}, que llega al mismo buzón (una etiqueta +, y en algunos proveedores un punto u otro de sus dominios, como googlemail.com o me.com, no cambia adónde llega un correo). Si esa dirección es suya, escríbala en su lugar.`);
    }
    // The plain address pledged, the tagged one typed: named too.
    const plain = `bo.${crypto.randomUUID().slice(0, 8)}@example.org`;
    await storePledges(env.DB, [pledge(plain)]);
    expect(await (await form('/admin/data-request', { email: plain.replace('@', '+news@') }, { Cookie: cookie })).text()).toContain(`A pledge is kept for ${plain}, which`);
    // Gmail ignores dots, and googlemail.com is gmail.com; Proton Mail ignores dots, hyphens and underscores.
    const id = crypto.randomUUID().slice(0, 8);
    await storePledges(env.DB, [pledge(`ana.lu.${id}@gmail.com`), pledge(`lu_${id}@pm.me`), pledge(`co.${id}@example.org`)]);
    for (const typed of [`analu${id}@googlemail.com`, `A.n.aLu.${id}+x@gmail.com`]) {
      expect(await (await form('/admin/data-request', { email: typed }, { Cookie: cookie })).text()).toContain(`A pledge is kept for ana.lu.${id}@gmail.com, which`);
    }
    expect(await (await form('/admin/erase-request', { email: `l-u${id}@protonmail.com` }, { Cookie: cookie })).text()).toContain(`A pledge is kept for lu_${id}@pm.me, which`);
    // Elsewhere a dot is part of the name: another mailbox, never named.
    expect(await (await form('/admin/data-request', { email: `co${id}@example.org` }, { Cookie: cookie })).text()).not.toContain('the same mailbox');
    expect(await (await form('/admin/data-request', { email: `analu${id}@example.org` }, { Cookie: cookie })).text()).not.toContain('the same mailbox');
    // Nothing of the kind: the message alone.
    expect(await (await form('/admin/data-request', { email: `zed.${crypto.randomUUID()}@example.org` }, { Cookie: cookie })).text()).not.toContain('the same mailbox');
  });

  it('names only the same mailbox: never the same name at another domain, nor at a subdomain of it; several are all named, in both languages', async () => {
    const cookie = await signIn();
    const base = `cy.${crypto.randomUUID().slice(0, 8)}`;
    // The same local part elsewhere is another person's mailbox: never named.
    await storePledges(env.DB, [pledge(`${base}+rhec@example.net`)]);
    await storePledges(env.DB, [pledge(`${base}+rhec@mail.example.org`)]);
    const alone = await (await form('/admin/data-request', { email: `${base}@example.org` }, { Cookie: cookie })).text();
    expect(alone).toContain('Nothing is kept about that address');
    expect(alone).not.toContain('the same mailbox');
    expect(alone).not.toContain(`${base}+rhec@`);
    // Two kept for it, under two tags (the plain one too): both named, the earlier first.
    const first = `${base}+one@example.org`;
    const second = `${base}@example.org`;
    await storePledges(env.DB, [pledge(first)]);
    await env.DB.prepare(`UPDATE pledges SET created_at = '2026-01-01T00:00:00.000Z' WHERE email = ?`).bind(first).run();
    await storePledges(env.DB, [pledge(second)]);
    const both = await (await form('/admin/erase-request', { email: `${base}+two@example.org` }, { Cookie: cookie })).text();
    expect(both).toContain(`Pledges are kept for ${first} or ${second}, which reach the same mailbox (a +tag, and for some providers a dot or another of their domains, such as googlemail.com or me.com, makes no difference to where an email goes). If one of those addresses is theirs, enter it instead.`);
    const es = await (await form('/admin/data-request', { email: `${base}+two@example.org`, ui_lang: 'es' }, { Cookie: cookie })).text();
    expect(es).toContain(`Se guardan compromisos de ${first} o ${second}, que llegan al mismo buzón (una etiqueta +, y en algunos proveedores un punto u otro de sus dominios, como googlemail.com o me.com, no cambia adónde llega un correo). Si una de esas direcciones es suya, escríbala en su lugar.`);
    expect(es).not.toContain(`${base}+rhec@`);
  });

  it('names the same mailbox for a one-letter name, and names nothing for an address with no name or no @, nor for no address at all', async () => {
    const cookie = await signIn();
    const domain = `${crypto.randomUUID().slice(0, 8)}.example.org`;
    await storePledges(env.DB, [pledge(`a+rhec@${domain}`), pledge(`+x@${domain}`)]);
    expect(await (await form('/admin/data-request', { email: `a@${domain}` }, { Cookie: cookie })).text()).toContain(`A pledge is kept for a+rhec@${domain}, which`);
    for (const typed of [`+y@${domain}`, `@${domain}`, 'no-at-sign']) {
      const res = await form('/admin/data-request', { email: typed }, { Cookie: cookie });
      expect(res.status).toBe(404);
      // The message alone, the summary's link to the field.
      expect(await res.text()).toMatch(/<a href="#erase-email">Nothing is kept about that address[^<]*erased after 30 days\)\.</);
    }
    for (const path of ['/admin/data-request', '/admin/erase-request']) {
      const sent: Record<string, string>[] = [{}, { email: '  ' }];
      for (const fields of sent) {
        const res = await form(path, fields, { Cookie: cookie });
        expect(res.status, JSON.stringify(fields)).toBe(400);
        const page = await res.text();
        expect(page).toContain('<a href="#erase-email">Enter the email address they pledged with.</a>');
        // The field keeps what was typed (nothing, when the field was not sent); the add-a-society form stays empty.
        expect(page).toContain(`id="erase-email" name="email" value="${(fields as { email?: string }).email ?? ''}"`);
        for (const field of ['id="new-id" name="id" value=""', 'id="new-name" name="name" value=""']) expect(page).toContain(field);
      }
    }
  });

  it("includes an approved organization's change request waiting for review, what its contact asked, in the copy", async () => {
    const email = `orgchange.${crypto.randomUUID()}@example.org`;
    const id = await organization(email, 'Quixote Imaging');
    const change = { asked: { name: 'Quixote Imaging of Toledo', region: 'ES-TO' }, asked_at: '2026-12-01T00:00:00.000Z', replaces: null };
    await env.DB.prepare('UPDATE organizations SET change_asked = ? WHERE id = ?').bind(JSON.stringify(change), id).run();
    const copy = (await (await form('/admin/data-request', { email }, { Cookie: await signIn() })).json()) as { organization_requests: Record<string, unknown>[] };
    expect(copy.organization_requests).toEqual([expect.objectContaining({ name: 'Quixote Imaging', waiting_for_confirmation: { size: '50-249' }, change_waiting_for_review: change })]);
    expect(copy.organization_requests[0]).not.toHaveProperty('change_asked');
  });

  it("lists an organization request's emails in the copy", async () => {
    const email = `orgmail.${crypto.randomUUID()}@example.org`;
    const id = await organization(email, 'Quixote Imaging');
    await env.DB.prepare(`INSERT INTO email_outbox (id, kind, ref, status) VALUES (?, 'org-member', ?, 'sent')`).bind(`org-member:${id}:1`, id).run();
    const copy = (await (await form('/admin/data-request', { email }, { Cookie: await signIn() })).json()) as { emails: unknown[] };
    expect(copy.emails).toEqual([expect.objectContaining({ kind: 'org-member', status: 'sent', subject: null })]);
  });
});

/** An update's draft, as the dashboard keeps it. */
async function draftUpdate() {
  const id = crypto.randomUUID();
  await env.DB.prepare(`INSERT INTO updates (id, status, subject_en, body_en, subject_es, body_es, audience) VALUES (?, 'draft', 'Spring news', 'News.', 'Noticias de primavera', 'Noticias.', ?)`)
    .bind(id, JSON.stringify({ partners: [], roles: [], langs: [] }))
    .run();
  return (await getUpdate(env.DB, id))!;
}

/** The email provider, beyond this machine: takes every email. */
const provider = { send: async () => {} };

/** The parts of a copy, each explained in it. */
const PARTS = ['pledge', 'actions', 'organization_requests', 'emails', 'suppressed', 'emails_counted', 'test_emails', 'audit_log'] as const;

describe('the copy explains itself to the person it is about', () => {
  it('names every kind of email the service sends, in both languages (an organization contact\u2019s copy can hold any of them)', () => {
    for (const lang of ['en', 'es'] as const) {
      const said = DATA_COPY_STRINGS[lang].explained.emails.fields.kind;
      for (const kind of Object.keys(EMAIL_KINDS)) expect(said, `${lang}: ${kind}`).toMatch(new RegExp(`(^|[\\s:,(])${kind} \\(`));
    }
  });

  it("explains every part it holds and every field of each (what, why, how long) in the person's own language, Spanish here from an English dashboard", async () => {
    const email = `es.${crypto.randomUUID()}@example.org`;
    const mine = pledge(email);
    mine.pledge.lang = 'es';
    await storePledges(env.DB, [mine]);
    await env.DB.batch([
      env.DB.prepare(`UPDATE pledges SET next_details = ? WHERE id = ?`).bind(JSON.stringify({ role: 'nurse', received_at: '2026-12-01T00:00:00.000Z' }), mine.id),
      env.DB.prepare(`INSERT INTO pledge_actions (id, pledge_id, kind, note) VALUES (?, ?, 'language', 'Intérpretes en cada consulta')`).bind(crypto.randomUUID(), mine.id),
    ]);
    await organization(email, 'Clínica Quixote');
    await takeMailboxQuotas(env, [email]);
    expect(await sendTest(env, await draftUpdate(), email, 'es', 'token', provider)).toBe('sent');
    await addSuppression(env, email, 'equipo@coalition.example');

    const text = await (await form('/admin/data-request', { email }, { Cookie: await signIn() })).text();
    const copy = JSON.parse(text);
    expect(copy.language).toBe('es');
    expect(copy.read_me).toContain('«explained»');
    expect(Object.keys(copy)).toEqual(['address', 'made_at', 'language', 'read_me', ...PARTS, 'explained']);
    for (const key of ['this_file', 'address', 'made_at', 'language', 'not_in_this_file']) expect(copy.explained[key], key).toMatch(/\p{L}{4}/u);
    // Every part is filled here, so every field a part can hold is seen, and each is explained.
    for (const part of PARTS) {
      const rows = [copy[part]].flat();
      expect(rows.length > 0 && rows.every(Boolean), part).toBe(true);
      const said = copy.explained[part];
      for (const k of ['what', 'why', 'kept']) expect(said?.[k], `${part}.${k}`).toMatch(/\p{L}{4}/u);
      for (const row of rows) for (const field of Object.keys(row)) expect(said.fields[field], `${part}.${field}`).toMatch(/\p{L}{4}/u);
    }
    // In Spanish, the codes named with the forms' own labels.
    expect(copy.explained.pledge.kept).toContain('Hasta que lo retire');
    expect(copy.explained.pledge.fields.role).toContain('radiologist (Radiólogo/a)');
    expect(copy.explained.pledge.fields.ip_hash).toContain('48 horas');
    expect(copy.explained.actions.fields.kind).toContain('language (Mejoré el acceso lingüístico');
    expect(copy.explained.organization_requests.fields.type).toContain('imaging-center (');
    expect(copy.emails_counted).toEqual([expect.objectContaining({ counted: 'correos del compromiso', emails: 1 })]);
    // The team member who acted is not given out.
    expect(text).not.toContain('equipo@coalition.example');
  });

  it("is in English for an English pledger asked from a Spanish dashboard, and in the dashboard's language when nothing kept says the person's", async () => {
    const cookie = await signIn();
    const email = `en.${crypto.randomUUID()}@example.org`;
    await storePledges(env.DB, [pledge(email)]);
    type Copy = { language: string; read_me: string; explained: Record<string, { kept: string; fields: Record<string, string> }> };
    const en = await (await form('/admin/data-request', { email, ui_lang: 'es' }, { Cookie: cookie })).json<Copy>();
    expect(en.language).toBe('en');
    expect(en.read_me).toContain('“explained”');
    expect(en.explained.pledge.kept).toContain('Until you withdraw it');
    expect(en.explained.pledge.fields.role).toContain('radiologist (Radiologist)');

    const listed = `listed.${crypto.randomUUID()}@example.org`;
    await suppress(env, listed, 'complaint', 'postmark');
    const es = await (await form('/admin/data-request', { email: listed, ui_lang: 'es' }, { Cookie: cookie })).json<Copy>();
    expect(es).toMatchObject({ language: 'es', pledge: null, suppressed: { reason: 'complaint' } });
    expect(es.explained.suppressed.fields.reason).toContain('complaint (');
    expect(es.explained.suppressed.kept).not.toBe(en.explained.suppressed.kept);
  });
});

describe('every table that keeps the address, or a key made from it, is in the copy', () => {
  it("a test of an update sent to the address is in it while its key is kept, and gone with it after the Cron's next run", async () => {
    const email = `editor.${crypto.randomUUID()}@example.org`;
    expect(await sendTest(env, await draftUpdate(), email, 'es', 'token', provider)).toBe('sent');
    const cookie = await signIn();
    const res = await form('/admin/data-request', { email }, { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      pledge: null,
      test_emails: [{ subject: 'Noticias de primavera', language: 'es', sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) }],
    });
    // The Cron's next run past the test's minute forgets it: nothing is kept about the address any more.
    await worker.scheduled({ scheduledTime: Date.now() + 2 * 60_000, cron: '*/5 * * * *', noRetry() {} } as ScheduledController, env);
    const gone = await form('/admin/data-request', { email }, { Cookie: cookie });
    expect(gone.status).toBe(404);
    // The answer says what was looked through, these two included.
    expect(await gone.text()).toContain('it is not on the suppression list nor in its log, and no email went to it in the last 30 days (nor a test in the last minute).');
    const es = await (await form('/admin/data-request', { email, ui_lang: 'es' }, { Cookie: cookie })).text();
    expect(es).toContain('no está en la lista de exclusión ni en su registro de cambios, y no se le envió ningún correo en los últimos 30 días (ni una prueba en el último minuto).');
  });

  it('what the team did about the address (suppression list, updates stopped on request) is in it, never who did it, and stays after the pledge is erased', async () => {
    const email = `audited.${crypto.randomUUID()}@example.org`;
    const mine = pledge(email);
    await storePledges(env.DB, [mine]);
    await stopUpdatesFor(env, email, [mine.id], 'ana@coalition.example');
    await addSuppression(env, email, 'ana@coalition.example');
    await liftSuppression(env, await addressHash(env, email), 'token');
    // Another address's entry: not theirs.
    await addSuppression(env, `other.${crypto.randomUUID()}@example.org`, 'ana@coalition.example');
    const cookie = await signIn();
    const text = await (await form('/admin/data-request', { email }, { Cookie: cookie })).text();
    const copy = JSON.parse(text);
    expect(copy.suppressed).toBeNull();
    const at = expect.stringMatching(/^\d{4}-/);
    expect(copy.audit_log).toEqual([
      { action: 'stop-updates', at },
      { action: 'add-suppression', at },
      { action: 'lift-suppression', at },
    ]);
    expect(text).not.toContain('ana@coalition.example');
    // Erased on request: the audit keeps its entries (by the first 12 characters of the address's key), and the copy still says so.
    expect((await form('/admin/erase-request', { email, confirm: 'yes' }, { Cookie: cookie })).status).toBe(303);
    const after = await form('/admin/data-request', { email }, { Cookie: cookie });
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ pledge: null, audit_log: [{ action: 'stop-updates' }, { action: 'add-suppression' }, { action: 'lift-suppression' }] });
  });
});

function fetchAdmin(cookie: string, query = '') {
  return SELF.fetch(`https://pledge.test/admin${query}`, { headers: { Cookie: cookie } });
}
