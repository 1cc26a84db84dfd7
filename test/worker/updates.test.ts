import { env, SELF } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { PLEDGE_EMAILS } from '../../worker/pledges/emails.ts';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { sendOutboxRow, sendOutboxRows } from '../../worker/platform/outbox/send-outbox.ts';
import { EmailSendError, transportFor, type EmailTransport } from '../../worker/platform/outbox/transport.ts';
import { keyedHash, makeToken } from '../../worker/platform/tokens.ts';
import { addressHash, isSuppressed, mayEmail, suppress } from '../../worker/updates/consent.ts';
import { composeUpdate, UPDATE_EMAILS } from '../../worker/updates/emails.ts';
import { pruneTests, type UpdateRow } from '../../worker/updates/queries.ts';
import { markdownToHtml } from '../../worker/updates/markdown.ts';
import { cancelUpdate, enqueueStep, fanOutStep, handleFanOut, isFanOutJob, resumeFanOuts, SNAPSHOT_CHUNK, startSending, type FanOutJob } from '../../worker/updates/fanout.ts';
import { withdrawPledge } from '../../worker/pledges/status.ts';
import { parseDraft } from '../../worker/updates/draft.ts';
import { createDraft as createDraftWithKey } from '../../worker/updates/service.ts';
import { eventually, fetchWithEnv, pledge, postPledge, storedRows, withoutCellRoles } from './helpers.ts';

const TOKEN = 'test-admin-token';
const KINDS = { ...PLEDGE_EMAILS, ...UPDATE_EMAILS };

/** A partner of its own per test, so audiences never overlap between tests. */
async function newPartner(): Promise<string> {
  const id = `t${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
  await env.DB.prepare('INSERT INTO partners (id, name) VALUES (?, ?)').bind(id, `Test society ${id}`).run();
  return id;
}

interface Seed {
  partner: string;
  role?: string;
  lang?: string;
  status?: 'pending' | 'confirmed' | 'withdrawn';
  updates?: 0 | 1;
  flagged?: 0 | 1;
}

async function seed(n: number, s: Seed): Promise<{ id: string; email: string }[]> {
  const rows = Array.from({ length: n }, () => ({ id: crypto.randomUUID(), email: `p.${crypto.randomUUID()}@example.org` }));
  const status = s.status ?? 'confirmed';
  await env.DB.batch(
    rows.map((r) =>
      env.DB.prepare(
        `INSERT INTO pledges (id, partner_id, email, name, role, lang, status, updates, flagged, confirmed_at)
         VALUES (?, ?, ?, 'Reader', ?, ?, ?, ?, ?, ?)`,
      ).bind(r.id, s.partner, r.email, s.role ?? 'radiologist', s.lang ?? 'en', status, s.updates ?? 1, s.flagged ?? 0, status === 'confirmed' ? '2026-01-01T00:00:00.000Z' : null),
    ),
  );
  return rows;
}

const api = (path: string, init: RequestInit & { token?: string | null } = {}) => {
  const headers = new Headers(init.headers);
  if (init.token !== null) headers.set('Authorization', `Bearer ${init.token ?? TOKEN}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  return SELF.fetch(`https://pledge.test/api/admin/updates${path}`, { ...init, headers });
};

const draftBody = (partner: string, extra: Record<string, unknown> = {}) => ({
  subject: { en: 'News from the coalition', es: 'Noticias de la coalición' },
  body: { en: '# Hello\n\nWe did **things**.', es: '# Hola\n\nHicimos **cosas**.' },
  audience: { partners: [partner] },
  ...extra,
});

async function createDraft(partner: string, extra: Record<string, unknown> = {}): Promise<{ id: string; recipients: number }> {
  const res = await api('', { method: 'POST', body: JSON.stringify(draftBody(partner, extra)) });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

/** The email queue, recorded instead of delivered: fan-out jobs and outbox ids, with their delays. */
function recordingQueue() {
  const sent: { outboxId?: string; fanout?: string; delay: number }[] = [];
  const queue = {
    async send(body: FanOutJob, opts?: { delaySeconds?: number }) {
      sent.push({ ...body, delay: opts?.delaySeconds ?? 0 });
    },
    async sendBatch(msgs: { body: { outboxId: string }; delaySeconds?: number }[], opts?: { delaySeconds?: number }) {
      if (msgs.length > 100) throw new Error('sendBatch takes at most 100 messages');
      // A message's own delay, else the batch's (as Queues applies them).
      for (const m of msgs) sent.push({ outboxId: m.body.outboxId, delay: m.delaySeconds ?? opts?.delaySeconds ?? 0 });
    },
  };
  return { env: { ...env, EMAIL_QUEUE: queue as unknown as Queue } as Env, sent };
}

/** Stands in for the email provider: records each email, fails the chosen calls temporarily. */
function recordingTransport(failEvery = 0) {
  const delivered: { key: string; email: OutgoingEmail }[] = [];
  let calls = 0;
  const transport: EmailTransport = {
    async send(email, key) {
      calls++;
      if (failEvery && calls % failEvery === 0) throw new EmailSendError('temporary', 'http_503');
      delivered.push({ key, email });
    },
  };
  return { transport, delivered };
}

/** Runs fan-out steps until done; returns every outbox id it put on the queue (with repeats). */
async function fanOutAll(e: Env, id: string, sent: { outboxId?: string }[]): Promise<string[]> {
  for (let i = 0; i < 200; i++) if (!(await fanOutStep(e, id)).more) break;
  return sent.flatMap((m) => (m.outboxId ? [m.outboxId] : []));
}

/** Delivers queued ids like the consumer: retries temporary failures until each row settles. */
async function drain(ids: string[], transport: EmailTransport) {
  let queue = [...ids];
  for (let round = 0; queue.length && round < 50; round++) {
    const retry: string[] = [];
    for (const id of queue) if (typeof (await sendOutboxRow(env, id, KINDS, transport)) === 'object') retry.push(id);
    queue = retry;
  }
}

const statusOf = async (id: string) => (await (await api(`/${id}`)).json()) as Record<string, unknown>;

describe('the updates API', () => {
  it('refuses without the admin token or with a wrong one', async () => {
    expect((await api('', { method: 'POST', body: '{}', token: null })).status).toBe(401);
    expect((await api('', { method: 'POST', body: '{}', token: 'wrong' })).status).toBe(401);
    expect((await api('/x', { token: null })).status).toBe(401);
    expect((await api('/x/send', { method: 'POST', token: 'test-admin-tokenx' })).status).toBe(401);
    expect((await api('/x/cancel', { method: 'POST', token: null })).status).toBe(401);
  });

  it('answers a bad body with 422 and a message per field, never a 5xx', async () => {
    const res = await api('', {
      method: 'POST',
      body: JSON.stringify({ subject: { en: '' }, body: { en: 'x', es: 'y' }, audience: { partners: ['nosuch'], roles: ['wizard'], langs: ['fr'] }, test_to: 'not-an-address' }),
    });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(error.code).toBe('validation');
    // Every error at once: the unknown society too, though the rest did not parse.
    expect(Object.keys(error.fields).sort()).toEqual(['audience.langs', 'audience.partners', 'audience.roles', 'subject.en', 'test_to']);
    expect(error.fields['audience.partners']).toEqual(['No society has the id nosuch']);
    const unknown = await api('', { method: 'POST', body: JSON.stringify(draftBody('nosuch')) });
    expect(((await unknown.json()) as { error: { fields: Record<string, string[]> } }).error.fields['audience.partners']).toEqual(['No society has the id nosuch']);
    // Left out is asked for; the wrong type is named as such.
    const fieldsOf = async (draft: unknown) => ((await (await api('', { method: 'POST', body: JSON.stringify(draft) })).json()) as { error: { fields: Record<string, string[]> } }).error.fields;
    expect(await fieldsOf({ subject: { en: 'x' }, body: {} })).toEqual({ 'body.en': ['Enter the English body'] });
    expect(await fieldsOf({ subject: {}, body: { en: 'x' } })).toEqual({ 'subject.en': ['Enter the English subject'] });
    // An empty list is the wrong type, told once (its length is not also "enter the body").
    expect(await fieldsOf({ subject: { en: 'x' }, body: { en: [] } })).toEqual({ 'body.en': ['Enter the English body as text'] });
    for (const test_to of [['a@b.org'], 5, {}, true])
      expect(await fieldsOf({ subject: { en: 'x' }, body: { en: 'y' }, test_to }), JSON.stringify(test_to)).toEqual({ test_to: ['Give the test address (test_to) as text, like "name@example.org"'] });
    expect(await fieldsOf({ subject: { en: 3 }, body: { en: ['x'], es: 4 } })).toEqual({
      'subject.en': ['Enter the English subject as text'],
      'body.en': ['Enter the English body as text'],
      'body.es': ['Enter the Spanish body as text'],
    });
    // Several wrong entries in one list: the list's field says each thing once, not once per entry.
    expect(await fieldsOf({ subject: { en: 'x' }, body: { en: 'y' }, audience: { partners: [1, {}, true], roles: ['wizard', 'elf'], langs: ['fr', 'de'] } })).toEqual({
      'audience.partners': ['Give society ids as text'],
      'audience.roles': ['Choose roles from: radiologist, trainee, technologist, physicist, nurse, leader, other'],
      'audience.langs': ['Choose languages from: en, es'],
    });
    // A limit of thousands written as a reader writes it (the field's key stays the machine's `body.en`).
    expect(await fieldsOf({ subject: { en: 'Hi' }, body: { en: 'x'.repeat(20_001) } })).toEqual({ 'body.en': ['The English body must be 20,000 characters or fewer'] });
    const spanishHalf = await api('', { method: 'POST', body: JSON.stringify({ subject: { en: 'a', es: 'b' }, body: { en: 'c' } }) });
    expect(((await spanishHalf.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toHaveProperty('body.es');
    for (const body of ['not json', '[]', 'null', '{"subject": 3}', JSON.stringify({ subject: { en: 'x'.repeat(151) }, body: { en: 'y' } })]) {
      const r = await SELF.fetch('https://pledge.test/api/admin/updates', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body });
      expect([400, 422], body).toContain(r.status);
    }
    // Not an object at all: the request's problem, said as such (not under the update's `body` field).
    for (const body of ['[]', '"x"']) {
      const r = await SELF.fetch('https://pledge.test/api/admin/updates', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body });
      expect(await r.json(), body).toMatchObject({ error: { fields: { request: ['Send the update as a JSON object: { "subject": { "en": … }, "body": { "en": … }, "audience": … }'] } } });
    }
    expect((await api('/no-such-update')).status).toBe(404);
    // An id far longer than any update's is not echoed back whole.
    const long = await api(`/${'x'.repeat(3000)}`);
    expect(long.status).toBe(404);
    expect(((await long.json()) as { error: { message: string } }).error.message.length).toBeLessThan(120);
  });

  it('takes a subject and body given as plain text as the English version', async () => {
    const res = await api('', { method: 'POST', body: JSON.stringify({ subject: 'Plain subject', body: 'Plain **body**' }) });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const row = await env.DB.prepare('SELECT subject_en, subject_es, body_en, body_es FROM updates WHERE id = ?').bind(id).first();
    expect(row).toEqual({ subject_en: 'Plain subject', subject_es: null, body_en: 'Plain **body**', body_es: null });
    // Checked as the English version is: an empty one is asked for under its name.
    const empty = await api('', { method: 'POST', body: JSON.stringify({ subject: '', body: 'x' }) });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({ 'subject.en': ['Enter the English subject'] });
  });

  it('takes null for an optional field as that field left out, as the public API does', async () => {
    const partner = await newPartner();
    const res = await api('', {
      method: 'POST',
      body: JSON.stringify({ subject: { en: 'Null news', es: null }, body: { en: 'Hello', es: null }, audience: { partners: [partner], roles: null }, test_to: null }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const row = await env.DB.prepare('SELECT subject_es, body_es FROM updates WHERE id = ?').bind(id).first();
    expect(row).toEqual({ subject_es: null, body_es: null });
    // Required, though: a null subject is asked for as a missing one is.
    const fields = async (body: unknown) => ((await (await api('', { method: 'POST', body: JSON.stringify(body) })).json()) as { error: { fields: unknown } }).error.fields;
    expect(await fields({ subject: null, body: { en: 'x' } })).toEqual(await fields({ body: { en: 'x' } }));
    // Left out, it is asked for, in either form (not told it has the wrong type).
    expect(await fields({ body: { en: 'x' } })).toEqual({ subject: ['Enter the subject: as text (its English version) or as { "en": "…", "es": "…" }'] });
    expect(await fields({ subject: 'Hello' })).toEqual({ body: ['Enter the body: as text (its English version, in Markdown) or as { "en": "…", "es": "…" }'] });
    // A subject or body of the wrong type is told both forms it may take.
    expect(await fields({ subject: 5, body: ['x'] })).toEqual({
      subject: ['Give the subject as text (its English version) or as { "en": "…", "es": "…" }'],
      body: ['Give the body as text (its English version, in Markdown) or as { "en": "…", "es": "…" }'],
    });
    // A list is a wrong type too, told only that (not asked for an English version it cannot hold),
    // and the other field's missing version is still named in the same answer.
    const subjectForms = ['Give the subject as text (its English version) or as { "en": "…", "es": "…" }'];
    const bodyForms = ['Give the body as text (its English version, in Markdown) or as { "en": "…", "es": "…" }'];
    expect(await fields({ subject: ['Hello'], body: 'x' })).toEqual({ subject: subjectForms });
    expect(await fields({ subject: 'Hello', body: ['x'] })).toEqual({ body: bodyForms });
    expect(await fields({ subject: 5, body: {} })).toEqual({ subject: subjectForms, 'body.en': ['Enter the English body'] });
  });

  it('creates a draft with its audience size, sends it to everyone once, and reports the figures', async () => {
    const partner = await newPartner();
    await seed(3, { partner });
    const draft = await createDraft(partner);
    expect(draft.recipients).toBe(3);
    expect(await statusOf(draft.id)).toEqual({ id: draft.id, status: 'draft', recipients: 3, sent: 0, failed: 0, suppressed: 0, skipped: 0, cancelled: 0, spanishReadersInEnglish: 0, revision: 0 });
    // The list says the same of the draft as its own answer.
    const listed = ((await (await api('')).json()) as { updates: { id: string; recipients: number }[] }).updates.find((u) => u.id === draft.id);
    expect(listed).toMatchObject({ status: 'draft', recipients: 3 });
    const send = await api(`/${draft.id}/send`, { method: 'POST' });
    expect(send.status).toBe(202);
    expect((await api(`/${draft.id}/send`, { method: 'POST' })).status).toBe(202); // a second send starts nothing new
    // The real queue and consumer fan out and send (to wrangler's local send_email).
    const done = await eventually(async () => {
      const s = await statusOf(draft.id);
      return s.status === 'sent' ? s : null;
    }, 'the update to be sent', 20_000);
    expect(done).toEqual({ id: draft.id, status: 'sent', recipients: 3, sent: 3, failed: 0, suppressed: 0, skipped: 0, cancelled: 0, revision: 0 });
    const audit = await env.DB.prepare('SELECT action, actor FROM update_audit WHERE update_id = ? ORDER BY seq').bind(draft.id).all();
    expect(audit.results).toEqual([{ action: 'create', actor: 'token' }, { action: 'send', actor: 'token' }]);
    expect((await api(`/${draft.id}/cancel`, { method: 'POST' })).status).toBe(409);
  });

  it("lists a sent update with its outbox's figures, not its audience as of now", async () => {
    const partner = await newPartner();
    await seed(2, { partner }); // its audience today: 2
    const id = crypto.randomUUID();
    await env.DB.prepare(`INSERT INTO updates (id, status, subject_en, body_en, audience) VALUES (?, 'sent', 'Figures', 'Body', ?)`)
      .bind(id, JSON.stringify({ partners: [partner], roles: [], langs: [] }))
      .run();
    const rows: [string, string | null][] = [['sent', null], ['sent', null], ['failed', 'http_422'], ['cancelled', 'suppressed'], ['cancelled', 'unsubscribed'], ['cancelled', 'cancelled']];
    await env.DB.batch(
      rows.map(([status, error], i) =>
        env.DB.prepare(`INSERT INTO email_outbox (id, kind, ref, status, last_error, created_at, updated_at) VALUES (?, 'update', ?, ?, ?, ?, ?)`)
          .bind(`update:${id}:${i}`, id, status, error, new Date().toISOString(), new Date().toISOString()),
      ),
    );
    const listed = ((await (await api('')).json()) as { updates: Record<string, unknown>[] }).updates.find((u) => u.id === id);
    expect(listed).toMatchObject({ status: 'sent', recipients: 6, sent: 2, failed: 1, suppressed: 1, skipped: 2, cancelled: 1 });
  });

  it('makes one draft, and sends one test, of the same form sent again with its key, even after the test\'s minute', async () => {
    const partner = await newPartner();
    const key = crypto.randomUUID();
    const parsed = await parseDraft(env.DB, draftBody(partner, { test_to: 'keyed.editor@example.org' }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
    const first = await createDraftWithKey(env, parsed.draft, 'tester', key);
    expect(first).toEqual({ id: key, test: 'sent' });
    // A minute on (the send-test dedupe forgets it), the same form again: the same draft, no second test.
    await env.DB.prepare('UPDATE update_tests SET sent_at = sent_at - 61000 WHERE update_id = ?').bind(key).run();
    expect(await createDraftWithKey(env, parsed.draft, 'tester', key)).toEqual({ id: key });
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM update_audit WHERE update_id = ? AND action = 'test'`).bind(key).first('n')).toBe(1);
  });

  it('with test_to sends one test to that address and to no one else', async () => {
    const partner = await newPartner();
    await seed(2, { partner });
    const calls: { from: string; to: string }[] = [];
    const EMAIL = { send: async (m: { from: string; to: string }) => void calls.push({ from: m.from, to: m.to }) };
    const res = await fetchWithEnv(
      new Request('https://pledge.test/api/admin/updates', {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(draftBody(partner, { test_to: 'Editor@Example.org' })),
      }),
      { EMAIL: EMAIL as unknown as SendEmail },
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; recipients: number; test: string };
    expect(body).toMatchObject({ recipients: 2, test: 'sent' });
    expect(calls).toEqual([{ from: 'pledge@localhost', to: 'editor@example.org' }]);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM email_outbox WHERE ref = ?`).bind(body.id).first('n')).toBe(0);
    expect((await statusOf(body.id)).status).toBe('draft');

    // An address on the suppression list gets no test either, and the answer says why.
    await suppress(env, 'bounced.editor@example.org', 'bounce', 'test');
    const refused = await fetchWithEnv(
      new Request('https://pledge.test/api/admin/updates', {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(draftBody(partner, { test_to: 'Bounced.Editor@example.org' })),
      }),
      { EMAIL: EMAIL as unknown as SendEmail },
    );
    expect(await refused.json()).toMatchObject({ recipients: 2, test: 'suppressed' });
    expect(calls).toHaveLength(1);

    // test_lang: the Spanish version, as a Spanish reader gets it; without test_to it is a mistake.
    const subjects: string[] = [];
    const spanish = await fetchWithEnv(
      new Request('https://pledge.test/api/admin/updates', {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(draftBody(partner, { test_to: 'editor@example.org', test_lang: 'es' })),
      }),
      { EMAIL: { send: async (m: unknown) => void subjects.push(JSON.stringify(m)) } as unknown as SendEmail },
    );
    expect(await spanish.json()).toMatchObject({ test: 'sent' });
    expect(subjects).toHaveLength(1);
    expect(subjects[0]).toContain('unsubscribe?lang=es&t='); // the Spanish version's links (its subject is encoded)
    const alone = await api('', { method: 'POST', body: JSON.stringify(draftBody(partner, { test_lang: 'es' })) });
    expect(alone.status).toBe(422);
    expect(await alone.json()).toMatchObject({ error: { fields: { test_lang: ['Give test_to too: test_lang says which version a test shows'] } } });
  });
});

describe('an update written only in Spanish', () => {
  const spanishOnly = (partner: string, extra: Record<string, unknown> = {}) => ({
    subject: { es: 'Noticias' },
    body: { es: '# Hola\n\nHicimos **cosas**.' },
    audience: { partners: [partner], langs: ['es'] },
    ...extra,
  });
  const fieldsOf = async (draft: unknown) => ((await (await api('', { method: 'POST', body: JSON.stringify(draft) })).json()) as { error: { fields: Record<string, string[]> } }).error.fields;

  it('answers a test the provider refuses for an address it has suppressed itself as suppressed, and suppresses it here too', async () => {
    const partner = await newPartner();
    await seed(1, { partner });
    const address = `inactive.editor.${crypto.randomUUID()}@example.org`;
    let handed = 0;
    const EMAIL = {
      async send() {
        handed++;
        throw Object.assign(new Error('E_RECIPIENT_SUPPRESSED: recipient is suppressed'), { code: 'E_RECIPIENT_SUPPRESSED' });
      },
    };
    const ask = () =>
      fetchWithEnv(
        new Request('https://pledge.test/api/admin/updates', {
          method: 'POST',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(draftBody(partner, { test_to: address })),
        }),
        { EMAIL: EMAIL as unknown as SendEmail },
      );
    expect(await (await ask()).json()).toMatchObject({ recipients: 1, test: 'suppressed' });
    expect(await isSuppressed(env, address)).toBe(true);
    // Asked again: on our list now, it is not handed over a second time.
    expect(await (await ask()).json()).toMatchObject({ test: 'suppressed' });
    expect(handed).toBe(1);
  });

  it('needs no English text when it goes to Spanish readers only; a language in its audience with no text is named', async () => {
    const partner = await newPartner();
    await seed(2, { partner, lang: 'es' });
    await seed(3, { partner, lang: 'en' });
    const created = await api('', { method: 'POST', body: JSON.stringify(spanishOnly(partner)) });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id, recipients } = (await created.json()) as { id: string; recipients: number };
    expect(recipients).toBe(2);
    expect(await env.DB.prepare('SELECT subject_en, body_en, subject_es FROM updates WHERE id = ?').bind(id).first()).toEqual({ subject_en: '', body_en: '', subject_es: 'Noticias' });
    // English readers in its audience (everyone, or both ticked): the English text is asked for, and only it.
    for (const langs of [[], ['en'], ['en', 'es']]) {
      expect(await fieldsOf(spanishOnly(partner, { audience: { partners: [partner], langs } })), JSON.stringify(langs)).toEqual({
        'subject.en': ['Enter the English subject'],
        'body.en': ['Enter the English body'],
      });
    }
    // Spanish readers only, and nothing written: the Spanish text is asked for, not the English.
    expect(await fieldsOf({ subject: {}, body: {}, audience: { langs: ['es'] } })).toEqual({ 'subject.es': ['Enter the Spanish subject'], 'body.es': ['Enter the Spanish body'] });
    // Half an English version beside a Spanish one is still a slip.
    expect(await fieldsOf(spanishOnly(partner, { subject: { en: 'News', es: 'Noticias' } }))).toEqual({ 'body.en': ['Enter the English body, or clear the English subject'] });
    // A test of its English version (the default) would be empty: refused, naming why; the Spanish one goes.
    expect(await fieldsOf(spanishOnly(partner, { test_to: 'editor@example.org' }))).toEqual({
      test_lang: ['This update has no English version (it goes to Spanish readers only): give test_lang "es" to test the Spanish one'],
    });
    const calls: { to: string; subject?: string }[] = [];
    const EMAIL = { send: async (m: { to: string }) => void calls.push({ to: m.to }) } as unknown as SendEmail;
    const tested = await fetchWithEnv(
      new Request('https://pledge.test/api/admin/updates', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(spanishOnly(partner, { test_to: 'editor@example.org', test_lang: 'es' })) }),
      { EMAIL },
    );
    expect(tested.status).toBe(201);
    expect(await tested.json()).toMatchObject({ recipients: 2, test: 'sent' });
    expect(calls).toEqual([{ to: 'editor@example.org' }]);
    // And a draft changed to reach English readers too must gain its English text.
    const put = await api(`/${id}`, { method: 'PUT', body: JSON.stringify(spanishOnly(partner, { audience: { partners: [partner] } })) });
    expect(put.status).toBe(422);
  });

  it('goes to its Spanish readers in Spanish, and never as an empty email, even to one who switched to English since', async () => {
    const partner = await newPartner();
    const readers = await seed(3, { partner, lang: 'es' });
    const { id } = (await (await api('', { method: 'POST', body: JSON.stringify(spanishOnly(partner)) })).json()) as { id: string };
    const q = recordingQueue();
    expect(await startSending(q.env, id, 'token')).toBe('sending');
    const ids = await fanOutAll(q.env, id, q.sent);
    await env.DB.prepare(`UPDATE pledges SET lang = 'en' WHERE id = ?`).bind(readers[0]!.id).run();
    const { transport, delivered } = recordingTransport();
    await drain(ids, transport);
    expect(delivered).toHaveLength(3);
    for (const d of delivered) {
      expect(d.email.subject).toBe('Noticias');
      expect(d.email.text).toContain('Hicimos cosas');
      expect(d.email.html).toContain('<h1 id="subject" style="margin:0 0 16px;font-size:26px;line-height:1.25"');
      expect(d.email.html).toContain('>Noticias</h1>');
    }
    expect(await statusOf(id)).toMatchObject({ status: 'sent', recipients: 3, sent: 3 });
  });
});

describe('a test sent over the API', () => {
  it('is not sent again when the same request comes twice, one after the other or together; another wording is', async () => {
    const partner = await newPartner();
    await seed(1, { partner });
    const { id } = await createDraft(partner);
    const sent: string[] = [];
    const EMAIL = { send: async (m: { to: string }) => void sent.push(m.to) } as unknown as SendEmail;
    const put = (extra: Record<string, unknown>) =>
      fetchWithEnv(
        new Request(`https://pledge.test/api/admin/updates/${id}`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(draftBody(partner, { test_to: 'editor@example.org', ...extra })),
        }),
        { EMAIL },
      ).then(async (r) => (await r.json()) as { test: string; revision: number });
    // A retried PUT (the draft saved again as it was): its test is not sent twice.
    expect(await put({})).toMatchObject({ test: 'sent', revision: 1 });
    expect(await put({})).toMatchObject({ test: 'repeat', revision: 2 });
    expect(sent).toEqual(['editor@example.org']);
    // Two at once, of new wording: one test.
    const both = await Promise.all([put({ subject: { en: 'Both', es: 'Ambas' } }), put({ subject: { en: 'Both', es: 'Ambas' } })]);
    expect(both.map((b) => b.test).sort()).toEqual(['repeat', 'sent']);
    expect(sent).toHaveLength(2);
    // The Spanish version of the same: a test of its own.
    expect(await put({ subject: { en: 'Both', es: 'Ambas' }, test_lang: 'es' })).toMatchObject({ test: 'sent' });
    expect(sent).toHaveLength(3);
  });
});

describe('changing a draft', () => {
  it('PUT replaces the subject, body and audience, counts the new audience and records the edit; a sent update stays as it was', async () => {
    const [first, second] = [await newPartner(), await newPartner()];
    await seed(2, { partner: first });
    await seed(4, { partner: second, role: 'trainee' });
    const draft = await createDraft(first);
    const edited = { subject: { en: 'Corrected subject' }, body: { en: 'Corrected *body*' }, audience: { partners: [first, second], roles: ['trainee'] } };
    const res = await api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify(edited) });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ id: draft.id, recipients: 4, spanishReadersInEnglish: 0, revision: 1 });
    const row = await env.DB.prepare('SELECT subject_en, body_en, subject_es, body_es, audience, status FROM updates WHERE id = ?').bind(draft.id).first();
    expect(row).toEqual({
      subject_en: 'Corrected subject',
      body_en: 'Corrected *body*',
      subject_es: null,
      body_es: null,
      audience: JSON.stringify({ partners: [first, second], roles: ['trainee'], langs: [] }),
      status: 'draft',
    });
    const audit = await env.DB.prepare('SELECT action, actor FROM update_audit WHERE update_id = ? ORDER BY seq').bind(draft.id).all();
    expect(audit.results).toEqual([{ action: 'create', actor: 'token' }, { action: 'edit', actor: 'token' }]);

    expect((await api(`/${draft.id}/send`, { method: 'POST' })).status).toBe(202);
    const late = await api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify(draftBody(first)) });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('conflict');
    expect(await env.DB.prepare('SELECT subject_en FROM updates WHERE id = ?').bind(draft.id).first('subject_en')).toBe('Corrected subject');
    const actions = await env.DB.prepare('SELECT action FROM update_audit WHERE update_id = ? ORDER BY seq').bind(draft.id).all();
    expect(actions.results.map((r) => r.action)).toEqual(['create', 'edit', 'send']);
    // (Its fan-out, on the real queue, finishes here: a step of it running into a later test would take its
    // share of the pacing budget that test reads, enqueue.ts's reservePace.)
    await eventually(async () => (await statusOf(draft.id)).status === 'sent', 'the update to be sent', 20_000);
  });

  it('keeps each role and language once, so an audience never binds past D1\'s 100 parameters, and refuses unsendable characters', async () => {
    const partner = await newPartner();
    await seed(2, { partner, role: 'nurse' });
    const draft = await createDraft(partner);
    const repeated = { subject: { en: 'Repeated' }, body: { en: 'Body' }, audience: { partners: [partner], roles: Array(50).fill('nurse'), langs: Array(50).fill('en') } };
    const res = await api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify(repeated) });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ id: draft.id, recipients: 2, spanishReadersInEnglish: 0, revision: 1 });
    expect(await env.DB.prepare('SELECT audience FROM updates WHERE id = ?').bind(draft.id).first('audience')).toBe(JSON.stringify({ partners: [partner], roles: ['nurse'], langs: ['en'] }));
    expect((await api(`/${draft.id}`)).status).toBe(200);
    // Created that way too, and it fans out (the snapshot step binds the audience).
    const created = await api('', { method: 'POST', body: JSON.stringify(repeated) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const q = recordingQueue();
    expect(await startSending(q.env, id, 'token')).toBe('sending');
    expect(await fanOutStep(q.env, id)).toEqual({ more: true, delaySeconds: 0 });
    expect(await env.DB.prepare('SELECT snapshot_count FROM updates WHERE id = ?').bind(id).first('snapshot_count')).toBe(2);

    // (U+FFFD: what a form's broken UTF-8 is read as, sent to every pledger as ���.)
    for (const subject of ['a\ud800b', 'nul\u0000here', 'bell\u0007', 'next\u0085line', 'broken\ufffdbyte']) {
      const bad = await api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify({ subject: { en: subject }, body: { en: 'x' } }) });
      expect(bad.status, JSON.stringify(subject)).toBe(422);
      expect(((await bad.json()) as { error: { fields: Record<string, string[]> } }).error.fields['subject.en']?.[0]).toMatch(/cannot be sent/);
    }
    // A subject is one line: no line break of any kind, Unicode's separators included.
    for (const subject of ['two\r\nlines', 'two\u2028lines', 'two\u2029paragraphs']) {
      const bad = await api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify({ subject: subject, body: { en: 'x' } }) });
      expect(bad.status, JSON.stringify(subject)).toBe(422);
      expect(((await bad.json()) as { error: { fields: Record<string, string[]> } }).error.fields, JSON.stringify(subject)).toEqual({ 'subject.en': ['The English subject must be one line'] });
    }
    // Text that shows in another order than it is written (an override, an isolate), in a subject or a message.
    for (const [field, value] of [['subject', 'Report\u202Efdp.exe'], ['body', 'Read \u2067this\u2069 first']] as const) {
      const bad = await api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify({ subject: { en: 'Ok' }, body: { en: 'Ok' }, [field]: { en: value } }) });
      expect(bad.status, value).toBe(422);
      expect(((await bad.json()) as { error: { fields: Record<string, string[]> } }).error.fields[`${field}.en`]).toEqual([
        `The English ${field} must not contain characters that reverse the text's direction`,
      ]);
    }
    const lone = await api('', { method: 'POST', body: JSON.stringify({ subject: { en: 'ok' }, body: { en: 'line\none\r\n\ttab \udfff' } }) });
    expect(((await lone.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toHaveProperty('body.en');
  });

  it('with the revision it was written against, refuses to overwrite a newer draft (409) and changes it otherwise', async () => {
    const partner = await newPartner();
    const draft = await createDraft(partner);
    const change = (subject: string, revision?: unknown) =>
      api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify({ ...draftBody(partner), subject: { en: subject, es: 'Asunto' }, ...(revision === undefined ? {} : { revision }) }) });
    const first = await change('First', 0);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { revision: number }).revision).toBe(1);
    // A script reads the revision it writes against from GET (a new draft's is 0, then each PUT's).
    expect(((await (await api(`/${draft.id}`)).json()) as { revision: number }).revision).toBe(1);
    const stale = await change('Written against revision 0', 0);
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { message: string } }).error.message).toBe(`Revision 0 is not this draft's current revision: nothing was saved. Read the draft again (GET /api/admin/updates/${draft.id} gives its revision) before changing it.`);
    // A revision the draft never had is told the same, not that the draft "was changed after" it.
    expect(((await (await change('Ahead', 5)).json()) as { error: { message: string } }).error.message).toMatch(/^Revision 5 is not this draft's current revision/);
    for (const bad of [-1, 1.5, '1', null, 2 ** 60]) {
      const r = await change('Bad revision', bad);
      expect(r.status, JSON.stringify(bad)).toBe(422);
      expect(Object.keys(((await r.json()) as { error: { fields: Record<string, string[]> } }).error.fields)).toEqual(['revision']);
    }
    expect(await env.DB.prepare('SELECT subject_en, revision FROM updates WHERE id = ?').bind(draft.id).first()).toEqual({ subject_en: 'First', revision: 1 });
    // Creating a draft ignores `revision`, like any other key beyond the draft's.
    expect((await api('', { method: 'POST', body: JSON.stringify({ ...draftBody(partner), revision: 'anything' }) })).status).toBe(201);
    expect((await change('Second', 1)).status).toBe(200);
    expect((await change('Without a revision: last write wins')).status).toBe(200);
    expect(await env.DB.prepare('SELECT subject_en, revision FROM updates WHERE id = ?').bind(draft.id).first()).toEqual({ subject_en: 'Without a revision: last write wins', revision: 3 });
  });

  it('answers 404, 401, 415 and 422 as creating does, and changes nothing', async () => {
    const partner = await newPartner();
    const draft = await createDraft(partner);
    expect((await api('/no-such-update', { method: 'PUT', body: JSON.stringify(draftBody(partner)) })).status).toBe(404);
    expect((await api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify(draftBody(partner)), token: null })).status).toBe(401);
    const wrongType = await SELF.fetch(`https://pledge.test/api/admin/updates/${draft.id}`, { method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    const bad = await api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify({ subject: { en: '' }, body: { en: 'x' }, audience: { partners: ['nosuch'] } }) });
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as { error: { fields: Record<string, string[]> } }).error.fields).sort()).toEqual(['audience.partners', 'subject.en']); // every error at once
    expect(await env.DB.prepare('SELECT subject_en FROM updates WHERE id = ?').bind(draft.id).first('subject_en')).toBe('News from the coalition');
    const audit = await env.DB.prepare('SELECT action FROM update_audit WHERE update_id = ?').bind(draft.id).all();
    expect(audit.results.map((r) => r.action)).toEqual(['create']);
  });
});

describe('the audience', () => {
  it('is confirmed pledgers who asked to be kept informed, narrowed by society, role and language', async () => {
    const [a, b] = [await newPartner(), await newPartner()];
    await seed(2, { partner: a, role: 'nurse', lang: 'en' });
    await seed(3, { partner: a, role: 'trainee', lang: 'es' });
    await seed(4, { partner: b, role: 'nurse', lang: 'es' });
    // Never in any audience:
    await seed(1, { partner: a, updates: 0 });
    await seed(1, { partner: a, status: 'pending' });
    await seed(1, { partner: a, status: 'withdrawn' });
    await seed(1, { partner: a, flagged: 1 });
    const size = async (audience: Record<string, string[]>) => (await createDraft(a, { audience })).recipients;
    expect(await size({ partners: [a] })).toBe(5);
    expect(await size({ partners: [a, b] })).toBe(9);
    expect(await size({ partners: [a, b], roles: ['nurse'] })).toBe(6);
    expect(await size({ partners: [a, b], langs: ['es'] })).toBe(7);
    expect(await size({ partners: [a, b], roles: ['nurse'], langs: ['es'] })).toBe(4);
    expect(await size({ partners: [b], roles: ['trainee'] })).toBe(0);
  });
});

describe('the fan-out', () => {
  async function sendingUpdate(partner: string, extra: Record<string, unknown> = {}) {
    const { id } = await createDraft(partner, extra);
    const q = recordingQueue();
    expect(await startSending(q.env, id, 'token')).toBe('sending');
    expect(q.sent).toEqual([{ fanout: id, delay: 0 }]);
    return { id, q };
  }

  it('reaches each recipient exactly once through redelivery, temporary failures and a fan-out that crashes and is repeated', { timeout: 120_000 }, async () => {
    const partner = await newPartner();
    const people = await seed(250, { partner });
    const { id, q } = await sendingUpdate(partner);
    // One snapshot step, then the "crash": the same step's job runs again, and again.
    await fanOutStep(q.env, id);
    await env.DB.prepare(`UPDATE updates SET snapshot_done = 0, snapshot_cursor = '', snapshot_count = 0 WHERE id = ?`).bind(id).run();
    await fanOutStep(q.env, id);
    const ids = await fanOutAll(q.env, id, q.sent);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM email_outbox WHERE ref = ?').bind(id).first('n')).toBe(250);
    // A crash after enqueueing but before saving the cursor: the same rows are enqueued again.
    await env.DB.prepare(`UPDATE updates SET enqueue_done = 0, enqueue_cursor = '' WHERE id = ?`).bind(id).run();
    const again = await fanOutAll(q.env, id, q.sent);
    expect(again.length).toBe(500);
    // At-least-once delivery: every message twice, plus the provider failing every 10th call.
    const { transport, delivered } = recordingTransport(10);
    await drain([...again, ...ids.slice(0, 50)], transport);
    const perRow = new Map<string, number>();
    for (const d of delivered) perRow.set(d.key, (perRow.get(d.key) ?? 0) + 1);
    expect(perRow.size).toBe(250);
    expect([...perRow.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(delivered.map((d) => d.email.to))).toEqual(new Set(people.map((p) => p.email)));
    expect(await statusOf(id)).toEqual({ id, status: 'sent', recipients: 250, sent: 250, failed: 0, suppressed: 0, skipped: 0, cancelled: 0, revision: 0 });
  });

  it('snapshots in chunks, queues in batches of at most 100 paced to EMAIL_RATE_PER_SECOND, and leaves rows alone for the sweeper until due', async () => {
    const partner = await newPartner();
    await seed(SNAPSHOT_CHUNK + 20, { partner }).catch(async () => {
      // D1 batches are bounded: seed in slices.
    });
    const count = (await env.DB.prepare('SELECT count(*) AS n FROM pledges WHERE partner_id = ?').bind(partner).first<number>('n'))!;
    if (count < SNAPSHOT_CHUNK + 20) for (let i = count; i < SNAPSHOT_CHUNK + 20; i += 500) await seed(Math.min(500, SNAPSHOT_CHUNK + 20 - i), { partner });
    const { id, q } = await sendingUpdate(partner);
    const e = { ...q.env, EMAIL_RATE_PER_SECOND: '5' };
    expect(await fanOutStep(e, id)).toEqual({ more: true, delaySeconds: 0 });
    expect(await env.DB.prepare('SELECT snapshot_count, snapshot_done FROM updates WHERE id = ?').bind(id).first()).toEqual({ snapshot_count: SNAPSHOT_CHUNK, snapshot_done: 0 });
    await fanOutStep(e, id); // the last 20: fewer than a chunk, so the snapshot is done
    expect(await env.DB.prepare('SELECT snapshot_count, snapshot_done FROM updates WHERE id = ?').bind(id).first()).toEqual({ snapshot_count: SNAPSHOT_CHUNK + 20, snapshot_done: 1 });
    // 5 per second: 300 rows a step (a minute), in batches of 100, each message due in its own second
    // (5 at 0 s, 5 at 1 s … 5 at 59 s), never 100 at once; the next step 60 s later.
    expect(await fanOutStep(e, id)).toEqual({ more: true, delaySeconds: 60 });
    expect(q.sent.filter((m) => m.outboxId).map((m) => m.delay)).toEqual(Array.from({ length: 300 }, (_, i) => Math.floor(i / 5)));
    const due = await env.DB.prepare(`SELECT max(updated_at) AS last FROM email_outbox WHERE ref = ?`).bind(id).first<string>('last');
    // The last row is due ~ (5020 - 1) / 5 s after the start: the sweeper will not touch it before then.
    expect(Date.parse(due!) - Date.now()).toBeGreaterThan(900_000);
  });

  it('stops every unsent row when cancelled, and sends nothing more', async () => {
    const partner = await newPartner();
    await seed(30, { partner });
    const { id, q } = await sendingUpdate(partner);
    const ids = await fanOutAll(q.env, id, q.sent);
    const { transport, delivered } = recordingTransport();
    await drain(ids.slice(0, 10), transport);
    expect((await api(`/${id}/cancel`, { method: 'POST' })).status).toBe(202);
    await drain(ids, transport); // the rest of the queue still arrives
    expect(delivered).toHaveLength(10);
    expect(await statusOf(id)).toEqual({ id, status: 'cancelled', recipients: 30, sent: 10, failed: 0, suppressed: 0, skipped: 20, cancelled: 20, revision: 0 });
    expect((await api(`/${id}/send`, { method: 'POST' })).status).toBe(409);
  });

  it('sends nothing more to rows a consumer already holds in its batch once the update is cancelled or their reader unsubscribes', async () => {
    const partner = await newPartner();
    const people = await seed(6, { partner });
    const { id, q } = await sendingUpdate(partner);
    const ids = await fanOutAll(q.env, id, q.sent);
    const emailOf = new Map(people.map((p) => [p.id, p.email]));
    // The consumer claims and composes all six; during the first hand-off the second reader
    // unsubscribes (one-click), and during the next one the update is cancelled.
    const delivered: string[] = [];
    const transport: EmailTransport = {
      async send(email) {
        delivered.push(email.to);
        if (delivered.length === 1) {
          const t = await makeToken(env, ids[1]!.split(':').at(-1)!, 'unsubscribe');
          const res = await SELF.fetch(`https://pledge.test/unsubscribe?t=${t}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
          expect(res.status).toBe(200);
        }
        if (delivered.length === 2) expect(await cancelUpdate(env, id, 'token')).toBe('cancelled');
      },
    };
    await sendOutboxRows(env, ids, KINDS, transport);
    expect(delivered).toEqual([ids[0]!, ids[2]!].map((r) => emailOf.get(r.split(':').at(-1)!)));
    const statuses = await env.DB.prepare(`SELECT status, count(*) AS n FROM email_outbox WHERE ref = ? GROUP BY status ORDER BY status`).bind(id).all();
    expect(statuses.results).toEqual([{ status: 'cancelled', n: 4 }, { status: 'sent', n: 2 }]);
  });

  it('skips whoever unsubscribed, withdrew or was suppressed after the snapshot', async () => {
    const partner = await newPartner();
    const [stays, unsubscribes, withdraws, bounces] = await seed(4, { partner });
    const { id, q } = await sendingUpdate(partner);
    const ids = await fanOutAll(q.env, id, q.sent);
    const oneClick = await SELF.fetch(`https://pledge.test/unsubscribe?t=${await makeToken(env, unsubscribes!.id, 'unsubscribe')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    await withdrawPledge(env.DB, withdraws!.id);
    await suppress(env, bounces!.email.toUpperCase(), 'bounce', 'test');
    const { transport, delivered } = recordingTransport();
    await drain(ids, transport);
    expect(delivered.map((d) => d.email.to)).toEqual([stays!.email]);
    expect(await statusOf(id)).toEqual({ id, status: 'sent', recipients: 4, sent: 1, failed: 0, suppressed: 1, skipped: 2, cancelled: 0, revision: 0 });
  });

  it("counts a recipient Postmark refuses as inactive (422, ErrorCode 406) on the broadcast stream as suppressed, not failed, and stops that stream's emails for the address without listing it", async () => {
    const partner = await newPartner();
    const [stays, inactive] = await seed(2, { partner });
    const { id, q } = await sendingUpdate(partner);
    const ids = await fanOutAll(q.env, id, q.sent);
    const realFetch = globalThis.fetch;
    const handed: string[] = [];
    // Postmark's API (beyond this machine), answered at the fetch boundary.
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (!String(input instanceof Request ? input.url : input).startsWith('https://api.postmarkapp.com/')) return realFetch(input, init);
      const to = (JSON.parse(init!.body as string) as { To: string }).To;
      handed.push(to);
      return to === inactive!.email
        ? new Response(JSON.stringify({ ErrorCode: 406, Message: 'You tried to send to recipient(s) that have been marked as inactive.' }), { status: 422 })
        : new Response('{}', { status: 200 });
    }) as typeof fetch;
    try {
      await drain(ids, transportFor({ ...env, EMAIL_TRANSPORT: 'postmark', EMAIL_API_KEY: 'pm-test-key' }));
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(handed.sort()).toEqual([stays!.email, inactive!.email].sort());
    expect(await statusOf(id)).toEqual({ id, status: 'sent', recipients: 2, sent: 1, failed: 0, suppressed: 1, skipped: 0, cancelled: 0, revision: 0 });
    // Postmark's suppression on that stream is most often the reader's own unsubscribe there: their
    // updates and renewal reminder stop, as the SubscriptionChange webhook does; the address is not
    // listed, so a confirmation or an organization's email (the outbound stream) still goes.
    expect(await isSuppressed(env, inactive!.email)).toBe(false);
    expect(await env.DB.prepare('SELECT updates, reminders FROM pledges WHERE id = ?').bind(inactive!.id).first()).toEqual({ updates: 0, reminders: 0 });
    expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(stays!.id).first()).toEqual({ updates: 1 });
  });

  it('counts its recipients from the moment it is sent, before the fan-out has run, and keeps that count', async () => {
    const partner = await newPartner();
    const [, , leaves] = await seed(3, { partner });
    const { id, q } = await sendingUpdate(partner);
    // Its fan-out job is still on the queue: no outbox row yet, but 3 are being sent it.
    expect(await statusOf(id)).toEqual({ id, status: 'sending', recipients: 3, sent: 0, failed: 0, suppressed: 0, skipped: 0, cancelled: 0, revision: 0 });
    expect(((await (await api('')).json()) as { updates: { id: string }[] }).updates.find((u) => u.id === id)).toMatchObject({ status: 'sending', recipients: 3 });
    // One of them withdraws before the snapshot: still one of the 3 it was sent to, skipped.
    await withdrawPledge(env.DB, leaves!.id);
    const ids = await fanOutAll(q.env, id, q.sent);
    expect(ids).toHaveLength(2);
    await drain(ids, recordingTransport().transport);
    expect(await statusOf(id)).toEqual({ id, status: 'sent', recipients: 3, sent: 2, failed: 0, suppressed: 0, skipped: 1, cancelled: 0, revision: 0 });
  });

  it('stopped before its fan-out ran, says everyone it was sent to was not sent it because it was stopped', async () => {
    const partner = await newPartner();
    await seed(2, { partner });
    const { id, q } = await sendingUpdate(partner);
    expect((await api(`/${id}/cancel`, { method: 'POST' })).status).toBe(202);
    expect(await statusOf(id)).toEqual({ id, status: 'cancelled', recipients: 2, sent: 0, failed: 0, suppressed: 0, skipped: 2, cancelled: 2, revision: 0 });
    // Its fan-out job, arriving after, adds nothing; the figures stay.
    expect(await fanOutAll(q.env, id, q.sent)).toEqual([]);
    expect(await statusOf(id)).toMatchObject({ recipients: 2, skipped: 2, cancelled: 2 });
    expect(((await (await api('')).json()) as { updates: { id: string }[] }).updates.find((u) => u.id === id)).toMatchObject({ recipients: 2, skipped: 2, cancelled: 2 });
  });

  it('starts when the queue refuses its first job: 202 to the maintainer, and the Cron\'s next run resumes it rather than ten minutes on', async () => {
    const partner = await newPartner();
    await seed(2, { partner });
    const { id } = await createDraft(partner);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const refusing = { EMAIL_QUEUE: { async send() { throw new Error('queue unavailable'); } } as unknown as Queue };
    const res = await fetchWithEnv(
      new Request(`https://pledge.test/api/admin/updates/${id}/send`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } }),
      refusing,
    );
    expect(res.status, await res.clone().text()).toBe(202);
    expect(await res.json()).toEqual({ id, status: 'sending' });
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([JSON.stringify({ event: 'fanout_enqueue_failed', name: 'Error' })]);
    errors.mockRestore();
    // Pressed again (the maintainer unsure): still sending, nothing started twice.
    expect((await api(`/${id}/send`, { method: 'POST' })).status).toBe(202);
    const q = recordingQueue();
    expect(await resumeFanOuts(q.env, Date.now())).toBe(1);
    expect(q.sent).toEqual([{ fanout: id, delay: 0 }]);
    expect(await fanOutAll(q.env, id, q.sent)).toHaveLength(2);
  });

  it('resumes every waiting fan-out when the queue refuses one of them: that one is logged without naming anyone and left for the next run', async () => {
    const partner = await newPartner();
    await seed(2, { partner });
    // Two sends whose first job the queue refused: both wait for the Cron, the refused one first.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const refusingAll = { ...env, EMAIL_QUEUE: { async send() { throw new Error('queue unavailable'); } } as unknown as Queue } as Env;
    const first = (await createDraft(partner)).id;
    const second = (await createDraft(partner)).id;
    expect(await startSending(refusingAll, first, 'token')).toBe('sending');
    expect(await startSending(refusingAll, second, 'token')).toBe('sending');
    errors.mockClear();
    // This run's queue refuses the first one's job only.
    const q = recordingQueue();
    const refusingOne = {
      ...q.env,
      EMAIL_QUEUE: {
        async send(body: FanOutJob, opts?: { delaySeconds?: number }) {
          if (body.fanout === first) throw new Error(`queue refused ${first}`);
          return q.env.EMAIL_QUEUE.send(body, opts);
        },
      } as unknown as Queue,
    } as Env;
    await resumeFanOuts(refusingOne, Date.now());
    expect(q.sent).toContainEqual({ fanout: second, delay: 0 });
    expect(q.sent).not.toContainEqual({ fanout: first, delay: 0 });
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([JSON.stringify({ event: 'fanout_resume_failed', name: 'Error' })]);
    errors.mockRestore();
    // The refused one is resumed at the next run, not ten minutes on.
    const next = recordingQueue();
    await resumeFanOuts(next.env, Date.now());
    expect(next.sent).toContainEqual({ fanout: first, delay: 0 });
    expect(next.sent).not.toContainEqual({ fanout: second, delay: 0 });
    expect(await fanOutAll(next.env, first, next.sent)).toHaveLength(2);
  });

  it('is resumed by the Cron when its job was lost', async () => {
    const partner = await newPartner();
    await seed(3, { partner });
    const { id, q } = await sendingUpdate(partner);
    q.sent.length = 0; // the job is lost
    await resumeFanOuts(q.env, Date.now()); // not idle long enough yet
    expect(q.sent).not.toContainEqual({ fanout: id, delay: 0 });
    // Nine minutes without a step is a step's wait at a slow rate, not a lost job: left alone.
    expect(await resumeFanOuts(q.env, Date.now() + 9 * 60_000)).toBe(0);
    expect(q.sent).not.toContainEqual({ fanout: id, delay: 0 });
    expect(await resumeFanOuts(q.env, Date.now() + 11 * 60_000)).toBeGreaterThanOrEqual(1);
    expect(q.sent).toContainEqual({ fanout: id, delay: 0 });
  });

  it('is marked sent by the Cron once every row has settled, before anyone reads its figures; a half-done one is not', async () => {
    const partner = await newPartner();
    await seed(3, { partner });
    const { id, q } = await sendingUpdate(partner);
    const ids = await fanOutAll(q.env, id, q.sent);
    const half = await sendingUpdate(partner);
    await fanOutStep(half.q.env, half.id); // snapshot only: its rows are not on the queue yet
    await drain(ids, recordingTransport().transport);
    const status = (u: string) => env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(u).first<string>('status');
    expect(await status(id)).toBe('sending');
    await resumeFanOuts(q.env, Date.now());
    expect(await status(id)).toBe('sent');
    expect(await status(half.id)).toBe('sending');
  });

  it('queues each row once across its steps, each step starting where the last one ended', async () => {
    const partner = await newPartner();
    await seed(250, { partner });
    const { id, q } = await sendingUpdate(partner);
    const e = { ...q.env, EMAIL_RATE_PER_SECOND: '2' }; // 100 rows a step: three steps
    const ids = await fanOutAll(e, id, q.sent);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    const { results } = await env.DB.prepare('SELECT id FROM email_outbox WHERE ref = ? ORDER BY id').bind(id).all<{ id: string }>();
    expect(ids).toEqual(results.map((r) => r.id));
    expect(await env.DB.prepare('SELECT enqueue_cursor, enqueue_done FROM updates WHERE id = ?').bind(id).first()).toEqual({ enqueue_cursor: results.at(-1)!.id, enqueue_done: 1 });
  });

  it('leaves each queued row to the sweeper until its step\'s last send is due', async () => {
    const partner = await newPartner();
    await seed(299, { partner });
    const { id, q } = await sendingUpdate(partner);
    const e = { ...q.env, EMAIL_RATE_PER_SECOND: '5' }; // 299 rows: one step (of up to 300), a minute of sending
    await fanOutStep(e, id); // snapshot: row n is due n / 5 s from now
    const before = Date.now();
    expect(await fanOutStep(e, id)).toEqual({ more: false });
    const first = await env.DB.prepare('SELECT min(updated_at) AS t FROM email_outbox WHERE ref = ?').bind(id).first<string>('t');
    expect(Date.parse(first!) - before).toBeGreaterThanOrEqual(59_000);
  });

  it('takes a step per job in the email consumer: the next job queued, then acked; a step that fails is retried in 10 s, unacked, and its log names no one', async () => {
    const partner = await newPartner();
    const [reader] = await seed(2, { partner });
    const { id, q } = await sendingUpdate(partner);
    const job = () => {
      const m = { body: { fanout: id }, acks: 0, retries: [] as unknown[], ack() { m.acks++; }, retry(o?: unknown) { m.retries.push(o); } };
      return m;
    };
    q.sent.length = 0;
    const first = job();
    await handleFanOut(q.env, [first as unknown as Message<FanOutJob>]); // the snapshot: more to do
    expect(first).toMatchObject({ acks: 1, retries: [] });
    expect(q.sent).toEqual([{ fanout: id, delay: 0 }]);
    // The queue refuses the next job: the step is retried (it is safe to repeat), not acked.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const refusing = { ...q.env, EMAIL_QUEUE: { async send() { throw new Error(`queue refused ${reader!.email}`); } } as unknown as Queue };
    // (The step is repeated from its snapshot, as a redelivered job would be.)
    await env.DB.prepare('UPDATE updates SET snapshot_done = 0, snapshot_cursor = \'\', snapshot_count = 0 WHERE id = ?').bind(id).run();
    const failing = job();
    await handleFanOut(refusing, [failing as unknown as Message<FanOutJob>]);
    expect(failing).toMatchObject({ acks: 0, retries: [{ delaySeconds: 10 }] });
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([JSON.stringify({ event: 'fanout_step_failed', name: 'Error' })]);
    errors.mockRestore();
    // The last step: nothing more queued, the job acked.
    const rest = recordingQueue();
    const last = job();
    await handleFanOut(rest.env, [last as unknown as Message<FanOutJob>]); // the enqueue: 2 rows, fewer than a step
    expect(last).toMatchObject({ acks: 1, retries: [] });
    expect(rest.sent.filter((s) => s.fanout)).toEqual([]);
    expect(rest.sent.filter((s) => s.outboxId)).toHaveLength(2);
    expect(await env.DB.prepare('SELECT snapshot_done, enqueue_done FROM updates WHERE id = ?').bind(id).first()).toEqual({ snapshot_done: 1, enqueue_done: 1 });
  });

  it('does nothing, and asks for no next step, for an update that is not being sent', async () => {
    const partner = await newPartner();
    await seed(2, { partner });
    const draft = await createDraft(partner);
    const q = recordingQueue();
    expect(await fanOutStep(q.env, draft.id)).toEqual({ more: false });
    expect(await fanOutStep(q.env, 'no-such-update')).toEqual({ more: false });
    const { id } = await sendingUpdate(partner);
    expect(await cancelUpdate(env, id, 'token')).toBe('cancelled');
    expect(await fanOutStep(q.env, id)).toEqual({ more: false });
    expect(q.sent).toEqual([]);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM email_outbox WHERE ref IN (?, ?)').bind(draft.id, id).first('n')).toBe(0);
  });

  it('starts and cancels only what exists and can change: an unknown id is null, a sent update stays sent with no "cancel" on record', async () => {
    const q = recordingQueue();
    expect(await startSending(q.env, 'no-such-update', 'token')).toBeNull();
    expect(await cancelUpdate(q.env, 'no-such-update', 'token')).toBeNull();
    const partner = await newPartner();
    await seed(1, { partner });
    const { id, q: q2 } = await sendingUpdate(partner);
    expect(await startSending(q2.env, id, 'token')).toBe('sending'); // pressed twice: one job
    expect(q2.sent.filter((s) => s.fanout)).toHaveLength(1);
    await drain(await fanOutAll(q2.env, id, q2.sent), recordingTransport().transport);
    expect((await statusOf(id)).status).toBe('sent');
    expect(await cancelUpdate(env, id, 'token')).toBe('sent');
    expect(await env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(id).first('status')).toBe('sent');
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM update_audit WHERE update_id = ? AND action = 'cancel'`).bind(id).first('n')).toBe(0);
    expect(q.sent).toEqual([]);
  });

  it('shares the provider\'s rate with the sweeper\'s resends ("Send them again"): together never more than EMAIL_RATE_PER_SECOND, and a step waits while none is free', async () => {
    const q = recordingQueue();
    const e = { ...q.env, EMAIL_RATE_PER_SECOND: '2' } as Env;
    const partner = await newPartner();
    await seed(30, { partner });
    const { id } = await createDraft(partner);
    expect(await startSending(e, id, 'token')).toBe('sending');
    // The update goes out: 30 emails, two a second…
    // (The budget runs on the real clock, and each delay counts from its own send: held still, so the
    // fan-out's delays and the sweep's count from the same moment however slow the run.)
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await fanOutAll(e, id, q.sent);
      const update = q.sent.filter((m) => m.outboxId?.startsWith(`update:${id}:`)).length;
      expect(update).toBe(30);
      // …while a maintainer sends 20 given-up emails again, which the Cron's sweep puts on the queue.
      const other = await newPartner();
      const waiting = await seed(20, { partner: other, status: 'pending' });
      await env.DB.batch(
        waiting.map((p) =>
          env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind, status, attempts, last_error) VALUES (?, ?, 'confirm', 'failed', 12, 'gave_up')`).bind(`confirm:${p.id}`, p.id),
        ),
      );
      const { sendGivenUpAgain } = await import('../../worker/admin/given-up.ts');
      expect(await sendGivenUpAgain(env.DB)).toBeGreaterThanOrEqual(20);
      const { sweepOutbox } = await import('../../worker/platform/outbox/sweep.ts');
      expect(await sweepOutbox(e)).toBeGreaterThanOrEqual(20);
      // Every email due in the first t seconds, of both: at most 2 a second.
      const delays = q.sent.filter((m) => m.outboxId).map((m) => m.delay);
      for (let t = 1; t <= Math.max(...delays) + 1; t++) expect(delays.filter((d) => d < t).length, `due within ${t} s`).toBeLessThanOrEqual(2 * t);
    } finally {
      vi.useRealTimers();
    }

    // With the next four minutes (and more) taken, another update's step puts nothing on the queue, and comes back when there is room.
    const { reservePace } = await import('../../worker/platform/outbox/enqueue.ts');
    await reservePace(e, 100_000, 3600); // (an hour's worth: the four minutes from now stay taken however slow this test runs)
    const second = await createDraft(partner);
    expect(await startSending(e, second.id, 'token')).toBe('sending');
    expect(await fanOutStep(e, second.id)).toEqual({ more: true, delaySeconds: 0 }); // the snapshot
    const before = q.sent.length;
    const waited = await fanOutStep(e, second.id);
    expect(waited.more && waited.delaySeconds).toBeGreaterThan(0);
    expect(q.sent.length).toBe(before);
  });

  it('paces its steps to about a minute of sending, from 100 to 1,000 rows, and knows its own jobs', () => {
    expect([1, 2, 2.5, 5, 10, 16.7, 100].map(enqueueStep)).toEqual([100, 100, 100, 300, 600, 1000, 1000]);
    expect([{ fanout: 'u1' }, { fanout: 1 }, { outboxId: 'x' }, null, 'u1', undefined].map(isFanOutJob)).toEqual([true, false, false, false, false, false]);
  });
});

describe('an update email', () => {
  it('from a test: each of its links opens a page that says it came from a test and changed nothing (not "pledge withdrawn")', async () => {
    const row = { id: crypto.randomUUID(), subject_en: 'Meeting', body_en: 'We meet.', subject_es: 'Reunión', body_es: 'Nos reunimos.' } as UpdateRow;
    for (const lang of ['en', 'es'] as const) {
      const email = await composeUpdate(env, row, { id: 'test', email: 'editor@example.org', lang, partner_id: 'rsna' }, { test: true });
      // Marked as a test in the subject, in the version's own language.
      expect(email.subject).toBe(lang === 'en' ? '[Test] Meeting' : '[Prueba] Reunión');
      // Its title and its name say so too, as its subject does.
      expect(email.html).toContain(`<title>${email.subject}</title>`);
      expect(email.html).toContain(`aria-label="${email.subject}"`);
      // Its editor signed nothing: no "sent to … because this address was used to sign the pledge".
      expect(`${email.text}\n${email.html}`).not.toMatch(/editor@example\.org|sign the pledge|firmar el compromiso/);
      const links = [...new Set(email.text.match(/https?:\/\/\S+\/(unsubscribe|preferences|actions)\?\S+/g) ?? [])];
      expect(links.map((l) => new URL(l).pathname).sort()).toEqual(['/actions', '/preferences', '/unsubscribe']);
      for (const link of links) {
        const page = await SELF.fetch(link);
        expect(page.status, link).toBe(200);
        const text = await page.text();
        expect(text).toContain(lang === 'en' ? 'This link came from a test email' : 'Este enlace viene de un correo de prueba');
        expect(text).not.toMatch(/no longer exists|ya no existe/);
      }
      // Pressing Unsubscribe on it (the page's form, and a mail client's one click) changes nothing, and says so.
      const unsubscribe = new URL(links.find((l) => l.includes('/unsubscribe'))!);
      const form = await SELF.fetch(`${unsubscribe.origin}/unsubscribe?lang=${lang}`, { method: 'POST', body: new URLSearchParams({ t: unsubscribe.searchParams.get('t')! }) });
      expect(form.status).toBe(200);
      expect(await form.text()).toContain(lang === 'en' ? 'nothing was changed' : 'no se ha cambiado nada');
    }
  });

  it('gives a Spanish reader an update written only in English in English, framed in Spanish, with links to their pages in Spanish', async () => {
    const row = { id: crypto.randomUUID(), subject_en: 'Meeting', body_en: 'We meet on **June 3**.\n\nSee [the impact page](/impact).', subject_es: null, body_es: null } as UpdateRow;
    const email = await composeUpdate(env, row, { id: 'preview', email: 'lector@example.org', lang: 'es', partner_id: 'rsna' });
    expect(email.text).toContain('the impact page (http://localhost:8787/impact?lang=es)');
    expect(email.subject).toBe('Meeting');
    expect(email.html).toContain('<html lang="es" dir="ltr">');
    // The update's own words are marked English, so a screen reader reads them in English.
    expect(email.html).toMatch(/<h1 id="subject" style="[^"]*" lang="en">Meeting<\/h1>/);
    // The email (an article) is named by that heading, so its name is read in English too: an
    // aria-label would take the article's language, Spanish.
    expect(email.html).toContain('<div role="article" aria-roledescription="email" aria-labelledby="subject" lang="es"');
    expect(email.html).not.toContain('aria-label=');
    expect(email.html).toContain('<div lang="en"><p>We meet on <strong>June 3</strong>.</p>');
    // Told, in Spanish, before the English: it is not a mistake on their side.
    expect(email.html).toMatch(/<p style="[^"]*" class="muted">Esta novedad solo se ha escrito en inglés\.<\/p>\s*<h1/);
    expect(email.text).toContain('Esta novedad solo se ha escrito en inglés.\n\nMeeting\n');
    expect(email.text).toContain('en el sitio de la RSNA'); // a member society with its Spanish article
    // So in the footer's list of members, each with its own ("la RSNA", "el ABR"), their initials marked English in the HTML.
    expect(email.text).toContain('Convocada por el ACR con la ARRS, la AUR, la RSNA, la SCARD, la SIR y el ABR.');
    expect(email.html).toContain('en el sitio de la <span lang="en">RSNA</span>.');
    expect(email.html).toContain('Convocada por el <span lang="en">ACR</span> con la <span lang="en">ARRS</span>, la <span lang="en">AUR</span>, la <span lang="en">RSNA</span>, la <span lang="en">SCARD</span>, la <span lang="en">SIR</span> y el <span lang="en">ABR</span>.');
    // "de" + "el" is "del" in Spanish, never "de el" (the ACR, the ABR).
    for (const partner of ['acr', 'abr']) {
      const del = await composeUpdate(env, row, { id: 'preview', email: 'lector@example.org', lang: 'es', partner_id: partner });
      expect(del.text).toContain(`en el sitio del ${partner.toUpperCase()}.`);
      expect(del.text).not.toContain('de el ');
    }
    expect(email.text).toMatch(/\/unsubscribe\?lang=es&t=v1\./);
    expect(email.text).toMatch(/\/preferences\?lang=es&t=v1\./);
    expect(email.text).toMatch(/Cuéntenos qué hizo: http:\/\/localhost:8787\/actions\?lang=es&t=v1\./);
    expect(email.headers!['List-Unsubscribe']).toMatch(/\/unsubscribe\?lang=es&t=/);
    // An English reader's has no marks: the whole email is one language.
    const english = await composeUpdate(env, row, { id: 'preview', email: 'reader@example.org', lang: 'en', partner_id: 'rsna' });
    expect(english.html).not.toContain('lang="en">Meeting');
    expect(english.text).not.toContain('written in Spanish only');
    expect(english.html).not.toContain('written in');
    expect(english.html).toContain('<html lang="en" dir="ltr">');
    expect(english.html).toContain('<div role="article" aria-roledescription="email" aria-label="Meeting" lang="en"');
  });

  it('carries the body as it is now: an edit after a preview, even to the same length, is what goes out', async () => {
    const row = { id: crypto.randomUUID(), subject_en: 'Meeting', body_en: 'We meet on **June 3**.', subject_es: null, body_es: null } as UpdateRow;
    const reader = { id: 'preview', email: 'pledger@example.org', lang: 'en', partner_id: 'rsna' };
    const before = await composeUpdate(env, row, reader);
    expect(before.text).toContain('We meet on June 3.');
    const after = await composeUpdate(env, { ...row, body_en: 'We meet on **June 5**.' }, reader);
    expect(after.text).toContain('We meet on June 5.');
    expect(after.html).toContain('<strong>June 5</strong>');
    expect(after.html).not.toContain('June 3');
  });

  async function oneEmail(markdown: string, lang = 'en', extraEnv: Partial<Env> = {}) {
    const partner = await newPartner();
    await seed(1, { partner, lang });
    const { id } = await createDraft(partner, { body: { en: markdown, es: markdown } });
    const q = recordingQueue();
    await startSending(q.env, id, 'token');
    const ids = await fanOutAll({ ...q.env, ...extraEnv } as Env, id, q.sent);
    const { transport, delivered } = recordingTransport();
    for (const rowId of ids) await sendOutboxRow({ ...env, ...extraEnv } as Env, rowId, KINDS, transport);
    return { email: delivered[0]!.email, partner };
  }

  it('carries List-Unsubscribe (https, plus mailto when a mailbox is set) and one-click List-Unsubscribe-Post', async () => {
    const { email } = await oneEmail('Hi');
    expect(email.headers!['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:8787\/unsubscribe\?lang=en&t=v1\.[^>]+\.u\.\d+\.[^>]+>$/);
    expect(email.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const withMailbox = await oneEmail('Hi', 'en', { UNSUBSCRIBE_MAILBOX: 'unsubscribe@example.org' });
    expect(withMailbox.email.headers!['List-Unsubscribe']).toMatch(/^<http[^>]+>, <mailto:unsubscribe@example\.org\?subject=unsubscribe%20[0-9a-f-]+>$/);
  });

  it('reads well: lang set, real headings, plain text, the coalition and why the reader gets it', async () => {
    const { email, partner } = await oneEmail('# Our news\n\n- one\n- two\n\nSee [the report](https://example.org/r).', 'es');
    expect(email.subject).toBe('Noticias de la coalición');
    expect(email.html).toContain('<html lang="es" dir="ltr">');
    expect(email.html).toMatch(/<h1[^>]*>Noticias de la coalición<\/h1>/);
    // The whole message is the main landmark, as the confirmation's is.
    expect(email.html).toMatch(/<body[^>]*>\s*<main><div role="article"[\s\S]*<h1[\s\S]*<\/footer>\s*<\/div><\/main>\s*<\/body>/);
    expect(email.html).toContain('<h2>Our news</h2>');
    expect(email.html).toContain(`en el sitio de ${partner.toUpperCase()}`);
    // The text's headings sit below its subject, as the HTML's sit below its h1.
    expect(email.text).toContain('Our news\n--------');
    expect(email.text).toContain('- one\n- two');
    expect(email.text).toContain('the report (https://example.org/r)');
    expect(email.text).toMatch(/\/unsubscribe\?lang=es&t=v1\./);
    expect(email.text).toMatch(/\/preferences\?lang=es&t=v1\./);
    // The HTML says, as the text does, that the preferences page is also where a pledge is withdrawn.
    expect(email.html).toMatch(/<a href="http:\/\/localhost:8787\/preferences\?lang=es&amp;t=v1\.[^"]+"[^>]*>Gestionar sus preferencias o retirar su compromiso<\/a>/);
    // Every email after the confirmation carries the pledger's own "Tell us what you did" link.
    expect(email.text).toMatch(/Cuéntenos qué hizo: http:\/\/localhost:8787\/actions\?lang=es&t=v1\.[^.]+\.a\./);
    expect(email.html).toMatch(/<a href="http:\/\/localhost:8787\/actions\?lang=es&amp;t=v1\.[^"]+"[^>]*>Cuéntenos qué hizo<\/a>/);
    // Which address it went to, in both parts, as the other emails say.
    expect(email.text).toContain(`Este correo se envió a ${email.to} porque esta dirección se usó para firmar el compromiso.`);
    expect(email.html).toContain(`Este correo se envió a ${email.to} porque`);
    expect(email.text).toContain(`Recibe este mensaje porque pidió recibir novedades cuando se comprometió en el sitio de ${partner.toUpperCase()}.`);
    const en = await oneEmail('Hi');
    // Issue 11's words, for a pledger who ticked "Keep me informed" when pledging.
    expect(en.email.text).toContain(`You are receiving this because you asked to be kept informed when you pledged on ${en.partner.toUpperCase()}'s site.\nThis email was sent to ${en.email.to} because this address was used to sign the pledge.`);
  });

  /** An update to every pledger of `partner` who gets updates, fanned out and handed over: what each was sent. */
  async function sentToAll(partner: string) {
    const { id } = await createDraft(partner);
    const q = recordingQueue();
    await startSending(q.env, id, 'token');
    const ids = await fanOutAll(q.env, id, q.sent);
    const { transport, delivered } = recordingTransport();
    for (const rowId of ids) await sendOutboxRow(env, rowId, KINDS, transport);
    return delivered;
  }

  it('says why in words true for a pledger who asked for updates later, on the preferences page', async () => {
    const partner = await newPartner();
    const [later, ticked, again] = [...(await seed(1, { partner, updates: 0 })), ...(await seed(1, { partner })), ...(await seed(1, { partner, lang: 'es' }))];
    const save = async (id: string, updates: 'yes' | 'no') =>
      SELF.fetch('https://pledge.test/preferences?lang=en', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ t: await makeToken(env, id, 'preferences'), updates }).toString(),
      });
    expect((await save(later!.id, 'yes')).status).toBe(200);
    // One who ticked it, saves "yes" again: still asked when pledging. One who turned it off and on again: asked later.
    expect((await save(ticked!.id, 'yes')).status).toBe(200);
    await save(again!.id, 'no');
    await save(again!.id, 'yes');
    const delivered = await sentToAll(partner);
    const textTo = (r: { email: string }) => delivered.find((d) => d.email.to === r.email)!.email.text;
    const P = partner.toUpperCase();
    expect(textTo(later!)).toContain(`You are receiving this because you pledged on ${P}'s site and asked to be kept informed.`);
    expect(textTo(ticked!)).toContain(`You are receiving this because you asked to be kept informed when you pledged on ${P}'s site.`);
    expect(textTo(again!)).toContain(`Recibe este mensaje porque se comprometió en el sitio de ${P} y pidió recibir novedades.`);
  });

  it('says "on the coalition\'s site" to one who pledged on the coalition\'s own page, and issue 11\'s words to one who pledged on the society\'s', async () => {
    const address = (what: string) => `${what}.${crypto.randomUUID()}@example.org`;
    const form = (email: string, lang: string, headers: Record<string, string>) =>
      SELF.fetch('https://pledge.test/pledge', {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ partner: 'scard', lang, name: 'Ana Footer', email, role: 'radiologist', commitment: 'yes', updates: 'yes' }).toString(),
      });
    const p = {
      // The coalition's page posts from the Worker's own origin: its form, and a page of its own through the API.
      hostedApi: address('hosted.api'),
      hostedForm: address('hosted.form'),
      hostedLater: address('hosted.later'),
      // The society's own site: the widget there (its Origin), and the coalition's page in the society's frame.
      partnerSite: address('partner.site'),
      framed: address('framed'),
    };
    expect((await postPledge(pledge({ partner: 'scard', email: p.hostedApi, updates: true, lang: 'en' }), { headers: { Origin: 'https://pledge.test' } })).status).toBe(202);
    expect((await form(p.hostedForm, 'es', { Origin: 'https://pledge.test', 'Sec-Fetch-Dest': 'document' })).status).toBe(303);
    expect((await postPledge(pledge({ partner: 'scard', email: p.hostedLater, updates: true, lang: 'es' }), { headers: { Origin: 'http://localhost:8787' } })).status).toBe(202);
    expect((await postPledge(pledge({ partner: 'scard', email: p.partnerSite, updates: true, lang: 'es' }))).status).toBe(202);
    expect((await form(p.framed, 'en', { Origin: 'https://pledge.test', 'Sec-Fetch-Dest': 'iframe' })).status).toBe(303);
    const footer = async (email: string, later = false) => {
      const [row] = await storedRows(email);
      await env.DB.prepare(`UPDATE pledges SET status = 'confirmed', confirmed_at = ?2, updates_later = ?3 WHERE id = ?1`)
        .bind(row!.id, new Date().toISOString(), later ? 1 : 0)
        .run();
      const may = await mayEmail(env, row!.id as string, 'update');
      if (!may.ok) throw new Error(`no update for ${email}: ${may.skip}`);
      const u = { id: crypto.randomUUID(), subject_en: 'News', body_en: 'Hi', subject_es: 'Noticias', body_es: 'Hola' } as UpdateRow;
      return composeUpdate(env, u, may.pledge);
    };
    expect((await footer(p.hostedApi)).text).toContain(
      "You are receiving this because you asked to be kept informed when you pledged with SCARD on the coalition's site.",
    );
    const form_ = await footer(p.hostedForm);
    expect(form_.text).toContain('Recibe este mensaje porque pidió recibir novedades cuando se comprometió con la SCARD en el sitio de la coalición.');
    // The society's initials are marked English in the Spanish HTML, as in every other footer.
    expect(form_.html).toContain('cuando se comprometió con la <span lang="en">SCARD</span> en el sitio de la coalición.');
    const later = await footer(p.hostedLater, true);
    expect(later.text).toContain('Recibe este mensaje porque se comprometió con la SCARD en el sitio de la coalición y pidió recibir novedades.');
    await env.DB.prepare(`UPDATE pledges SET lang = 'en' WHERE email = ?`).bind(p.hostedLater).run();
    expect((await footer(p.hostedLater, true)).text).toContain(
      "You are receiving this because you pledged with SCARD on the coalition's site and asked to be kept informed.",
    );
    // Issue 11's words, unchanged, where they are true.
    expect((await footer(p.partnerSite)).text).toContain('Recibe este mensaje porque pidió recibir novedades cuando se comprometió en el sitio de la SCARD.');
    expect((await footer(p.framed)).text).toContain("You are receiving this because you asked to be kept informed when you pledged on SCARD's site.");
  });

  it('says the earlier words, true either way, to a pledger who had updates before it was kept when they asked (migration 0025)', async () => {
    const partner = await newPartner();
    const [before, off] = [...(await seed(1, { partner })), ...(await seed(1, { partner, updates: 0 }))];
    // As the rows stood before 0025: its column at its default. Its data step again over them.
    await env.DB.prepare('UPDATE pledges SET updates_later = 0 WHERE id IN (?, ?)').bind(before!.id, off!.id).run();
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0025'))!;
    for (const query of migration.queries) if (!/ALTER TABLE/i.test(query)) await env.DB.prepare(query).run();
    const later = (id: string) => env.DB.prepare('SELECT updates_later FROM pledges WHERE id = ?').bind(id).first('updates_later');
    expect({ before: await later(before!.id), off: await later(off!.id) }).toEqual({ before: 1, off: 0 });
    const delivered = await sentToAll(partner);
    const text = delivered.find((d) => d.email.to === before!.email)!.email.text;
    expect(text).toContain(`You are receiving this because you pledged on ${partner.toUpperCase()}'s site and asked to be kept informed.`);
  });

  it('puts the body\'s headings in order under the subject, none skipped, whichever levels the author used', () => {
    const levels = (source: string) => [...markdownToHtml(source).matchAll(/<(h\d)>([^<]*)<\/h\d>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(levels('# News\n\n## Detail')).toEqual(['h2 News', 'h3 Detail']);
    expect(levels('## News\n\ntext\n\n## More')).toEqual(['h2 News', 'h2 More']);
    expect(levels('## News\n\n#### Detail\n\n## More')).toEqual(['h2 News', 'h3 Detail', 'h2 More']);
    expect(levels('### Only')).toEqual(['h2 Only']);
    expect(levels('# A\n\n## B\n\n### C\n\n#### D\n\n##### E\n\n###### F')).toEqual(['h2 A', 'h3 B', 'h4 C', 'h5 D', 'h6 E', 'h6 F']);
    // In the order written: a shallower heading after a deeper one never leaves a gap above it.
    expect(levels('#### First\n\n## Second')).toEqual(['h2 First', 'h2 Second']);
    expect(levels('## A\n\n#### B\n\n# C\n\n### D')).toEqual(['h2 A', 'h3 B', 'h2 C', 'h3 D']);
    expect(levels('# A\n\n### B\n\n## C\n\n### D')).toEqual(['h2 A', 'h3 B', 'h3 C', 'h4 D']);
  });

  it('never carries live markup from the Markdown: scripts, event handlers and javascript: links are text or dropped', async () => {
    const { email } = await oneEmail(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) <a href="javascript:alert(4)">a</a>\n\n[ok](https://example.org)',
    );
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).not.toMatch(/<img/i);
    expect(email.html).not.toMatch(/<[^>]+\sonerror=/i);
    expect(email.html).not.toMatch(/href="\s*(javascript|data):/i);
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('<a style="color:#1f4e8c" href="https://example.org">ok</a>');
  });

  it('links a path of this service absolutely, and keeps only the text of a link it drops (no Markdown left behind)', async () => {
    const { email } = await oneEmail('See [the impact page](/impact?lang=es), [the top](#top), [click](javascript:alert(3)) and <javascript:alert(4)>.');
    expect(email.html).toContain('<a style="color:#1f4e8c" href="http://localhost:8787/impact?lang=es">the impact page</a>');
    expect(email.html).toContain('the top, click and javascript:alert(4).');
    expect(email.html).not.toMatch(/href="(#|javascript)/);
    expect(email.text).toContain('See the impact page (http://localhost:8787/impact?lang=es), the top, click and javascript:alert(4).');
    expect(`${email.html}\n${email.text}`).not.toMatch(/\]\(|\[the/);
  });

  it('links this service\'s pages in the language the reader gets, unless the link names one', async () => {
    const body = 'See [the map](/impact), [the poster](/poster?partner=rsna#print), [English](/impact?lang=en), http://localhost:8787/organizations and [elsewhere](https://example.org/a).';
    const { email } = await oneEmail(body, 'es');
    expect(email.html).toContain('<a style="color:#1f4e8c" href="http://localhost:8787/impact?lang=es">the map</a>');
    expect(email.html).toContain('<a style="color:#1f4e8c" href="http://localhost:8787/poster?partner=rsna&amp;lang=es#print">the poster</a>');
    expect(email.html).toContain('<a style="color:#1f4e8c" href="http://localhost:8787/impact?lang=en">English</a>');
    expect(email.html).toContain('<a style="color:#1f4e8c" href="http://localhost:8787/organizations?lang=es">http://localhost:8787/organizations?lang=es</a>');
    expect(email.html).toContain('<a style="color:#1f4e8c" href="https://example.org/a">elsewhere</a>');
    expect(email.text).toContain('See the map (http://localhost:8787/impact?lang=es), the poster (http://localhost:8787/poster?partner=rsna&lang=es#print), English (http://localhost:8787/impact?lang=en), http://localhost:8787/organizations?lang=es and elsewhere (https://example.org/a).');
    const kept = await oneEmail('<http://localhost:8787/resources> and [a search](/resources?q=a%20b~c).', 'es');
    expect(kept.email.text).toContain('http://localhost:8787/resources?lang=es and a search (http://localhost:8787/resources?q=a%20b~c&lang=es).');
    const en = await oneEmail('See [the map](/impact).');
    expect(en.email.text).toContain('See the map (http://localhost:8787/impact?lang=en).');
    // A link that already ends where a parameter goes gets no second `?` or `&`.
    const ends = await oneEmail('[a](/impact?), [b](/poster?partner=rsna&) and http://localhost:8787/join?', 'es');
    expect(ends.email.text).toContain('a (http://localhost:8787/impact?lang=es), b (http://localhost:8787/poster?partner=rsna&lang=es) and http://localhost:8787/join?lang=es');
  });

  it('keeps a nested list together and one quote as one in the text part', async () => {
    const { email } = await oneEmail('1. First\n   - nested a\n   - nested b\n2. Second\n\n> Quote\n> - item one\n> - item two\n\nAfter.');
    expect(email.text).toContain('1. First\n   - nested a\n   - nested b\n2. Second\n\n> Quote\n>\n> - item one\n> - item two\n\nAfter.');
  });

  it('quotes a quote within a quote twice, inside its outer quote, which reads as one quote in the text part', async () => {
    const { email } = await oneEmail('> a\n>\n> > b\n>\n> c');
    expect(email.text).toContain('> a\n>\n> > b\n>\n> c');
  });

  it('decodes only letters in an address it spells out: an encoded \\ or direction mark stays encoded, so text and HTML name one host', async () => {
    const { email } = await oneEmail('[y](https://rsna.org%5C@evil.example) and [z](https://x.org/a%E2%80%AEb)');
    expect(email.text).toContain('y (https://rsna.org%5C@evil.example) and z (https://x.org/a%E2%80%AEb)');
    expect(email.html).toContain('href="https://rsna.org%5C@evil.example"');
  });

  it('spells an address with accents once, as a person reads it, in the text part', async () => {
    const { email } = await oneEmail('Lea https://ejemplo.es/educación/año-2026 y [la guía](<https://ejemplo.es/guía?q=a b>).');
    expect(email.text).toContain('Lea https://ejemplo.es/educación/año-2026 y la guía (https://ejemplo.es/guía?q=a%20b).');
    expect(email.text).not.toContain('%C3');
  });

  it('wraps a long address or word, and a code block, inside a phone\'s width', async () => {
    const { email } = await oneEmail('https://www.acr.org/Practice-Management-Quality-Informatics/resources?utm_source=newsletter\n\n    a-very-long-line-of-code-that-would-run-off-a-phone-screen-without-wrapping');
    expect(email.html).toMatch(/role="article"[^>]*style="[^"]*overflow-wrap:anywhere/);
    expect(email.html).toMatch(/<pre style="white-space:pre-wrap;overflow-wrap:anywhere;[^"]*"><code style="[^"]*">/);
  });

  it('styles a quote and code inline, as mail clients drop style sheets', async () => {
    const { email } = await oneEmail('> Equity is a practice.\n\nRun `npm test`.');
    expect(email.html).toMatch(/<blockquote style="[^"]*border-left:4px solid #c5ccd6[^"]*">\s*<p>Equity is a practice\.<\/p>/);
    expect(email.html).toMatch(/Run <code style="font-family:[^"]*">npm test<\/code>\./);
  });

  it('shows an image as its description, in both parts, and loads nothing', async () => {
    const { email } = await oneEmail('Before ![The new clinic, <b>opening</b> day](https://example.org/clinic.jpg) after.');
    expect(email.html).not.toMatch(/<img/i);
    expect(email.html).toContain('Before The new clinic, &lt;b&gt;opening&lt;/b&gt; day after.');
    expect(email.html).not.toContain('example.org/clinic.jpg');
    expect(email.html).not.toMatch(/Before !/);
    expect(email.text).toContain('Before The new clinic, <b>opening</b> day after.');
  });
});

describe('unsubscribing', () => {
  it('one-click POST (RFC 8058) unsubscribes at once, with no cookie, keeping the pledge', async () => {
    const partner = await newPartner();
    const [p] = await seed(1, { partner });
    const t = await makeToken(env, p!.id, 'unsubscribe');
    const res = await SELF.fetch(`https://pledge.test/unsubscribe?t=${t}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Set-Cookie')).toBeNull();
    expect(await env.DB.prepare('SELECT status, updates FROM pledges WHERE id = ?').bind(p!.id).first()).toEqual({ status: 'confirmed', updates: 0 });
    expect(await mayEmail(env, p!.id, 'update')).toEqual({ ok: false, skip: 'unsubscribed' });
    expect((await mayEmail(env, p!.id, 'transactional')).ok).toBe(true);
    // Opening the link afterwards says it is done, with no button that would change nothing.
    const again = await (await SELF.fetch(`https://pledge.test/unsubscribe?t=${t}`)).text();
    expect(again).toContain('You are unsubscribed');
    expect(again).not.toContain('<button');
    expect(again).toMatch(/href="[^"]*\/preferences\?lang=en&amp;t=/);
  });

  it("one-click POST answers in the link's language, as the yearly reminder's does", async () => {
    for (const [lang, said] of [['en', 'Unsubscribed.'], ['es', 'Se ha dado de baja.']] as const) {
      const [p] = await seed(1, { partner: await newPartner(), lang });
      const t = await makeToken(env, p!.id, 'unsubscribe');
      const res = await SELF.fetch(`https://pledge.test/unsubscribe?lang=${lang}&t=${t}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status, lang).toBe(200);
      // An answer to one person's signed link: no cache or proxy keeps it.
      expect(res.headers.get('Cache-Control'), lang).toBe('no-store');
      expect(await res.text(), lang).toBe(said);
      expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(p!.id).first(), lang).toEqual({ updates: 0 });
    }
  });

  it('GET shows one button and changes nothing; the button unsubscribes', async () => {
    const partner = await newPartner();
    const [p] = await seed(1, { partner, lang: 'es' });
    const t = await makeToken(env, p!.id, 'unsubscribe');
    const page = await SELF.fetch(`https://pledge.test/unsubscribe?t=${t}`);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('<html lang="es">');
    expect(body.match(/<button/g)).toHaveLength(1);
    expect(page.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
    expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(p!.id).first('updates')).toBe(1);
    const post = await SELF.fetch('https://pledge.test/unsubscribe', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `t=${t}` });
    expect(await post.text()).toContain('Se ha dado de baja');
    expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(p!.id).first('updates')).toBe(0);
  });

  it('a withdrawn pledge\u2019s unsubscribe link says the pledge is gone, not that it stays and counts', async () => {
    const partner = await newPartner();
    const [p] = await seed(1, { partner });
    const t = await makeToken(env, p!.id, 'unsubscribe');
    await env.DB.prepare(`UPDATE pledges SET status = 'withdrawn', updates = 0 WHERE id = ?`).bind(p!.id).run();
    for (const res of [
      await SELF.fetch(`https://pledge.test/unsubscribe?lang=en&t=${t}`),
      await SELF.fetch('https://pledge.test/unsubscribe?lang=en', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `t=${t}` }),
    ]) {
      expect(res.status).toBe(410);
      const body = await res.text();
      expect(body).toContain('This pledge no longer exists');
      expect(body).not.toContain('still counts');
      expect(body).not.toContain('/preferences');
      // Not a dead end: a new pledge (through the same society), or the coalition's impact, is a click away.
      expect(body).toContain(`<a href="/pledge?partner=${partner}&amp;lang=en">`);
      expect(body).toContain('<a href="/impact?lang=en">');
    }
  });

  it('tokens are bound to their action: an unsubscribe token neither confirms nor withdraws', async () => {
    const partner = await newPartner();
    const [p] = await seed(1, { partner, status: 'pending' });
    const t = await makeToken(env, p!.id, 'unsubscribe');
    for (const path of ['/confirm', '/withdraw', '/preferences']) {
      const res = await SELF.fetch(`https://pledge.test${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `t=${t}` });
      expect(res.status, path).toBe(400);
    }
    const confirm = await makeToken(env, p!.id, 'confirm');
    const wrong = await SELF.fetch(`https://pledge.test/unsubscribe?t=${confirm}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: { code: 'invalid_link', message: 'This link does not work. Check that you copied the whole link from your email.' } });
    const expired = await makeToken(env, p!.id, 'unsubscribe', Date.now() - 800 * 86_400_000);
    // A mail client's one-click with an expired link, in the link's language.
    const expiredClick = await SELF.fetch(`https://pledge.test/unsubscribe?lang=es&t=${expired}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(expiredClick.status).toBe(410);
    expect(expiredClick.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(((await expiredClick.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'expired_link', message: expect.stringMatching(/^Este enlace ha caducado\. /) });
    const expiredPage = await SELF.fetch(`https://pledge.test/unsubscribe?t=${expired}`);
    expect(expiredPage.status).toBe(410);
    // What to do, with the way to do it: pledging again with the same address brings fresh links.
    const expiredText = await expiredPage.text();
    expect(expiredText).toContain('sign the pledge again with the same address: we will email you fresh links');
    expect(expiredText).toContain('<a href="/pledge?lang=en">');
    expect(expiredText).toMatch(/class="lang-switch"[\s\S]*hreflang="es"/);
    expect(await env.DB.prepare('SELECT status, updates FROM pledges WHERE id = ?').bind(p!.id).first()).toEqual({ status: 'pending', updates: 1 });
  });

  it("a bad link, or a withdrawn pledge's, opened with no ?lang answers in the browser's language, or the pledge's", async () => {
    const [p] = await seed(1, { partner: await newPartner(), lang: 'es' });
    await env.DB.prepare(`UPDATE pledges SET status = 'withdrawn', updates = 0 WHERE id = ?`).bind(p!.id).run();
    const withdrawn = await makeToken(env, p!.id, 'preferences');
    for (const [path, status, words] of [['/unsubscribe?t=nonsense', 400, 'Este enlace no funciona'], ['/preferences?t=nonsense', 400, 'Este enlace no funciona'], [`/preferences?t=${withdrawn}`, 410, 'Este compromiso ya no existe']] as const) {
      const res = await SELF.fetch(`https://pledge.test${path}`, { headers: { 'Accept-Language': 'es-MX,es;q=0.9' } });
      expect(res.status, path).toBe(status);
      const body = await res.text();
      expect(body, path).toContain('<html lang="es">');
      expect(body, path).toContain(words);
    }
  });

  it("a withdrawn pledge's links opened with no ?lang answer in the pledge's own language, /preferences as /unsubscribe and /withdraw", async () => {
    // The pledge keeps its language when withdrawn: every signed link page answers in it (linkLang), not the browser's.
    const [p] = await seed(1, { partner: await newPartner(), lang: 'es' });
    await env.DB.prepare(`UPDATE pledges SET status = 'withdrawn', updates = 0 WHERE id = ?`).bind(p!.id).run();
    for (const [path, action] of [['/preferences', 'preferences'], ['/unsubscribe', 'unsubscribe'], ['/withdraw', 'withdraw']] as const) {
      const res = await SELF.fetch(`https://pledge.test${path}?t=${await makeToken(env, p!.id, action)}`, { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
      expect(await res.text(), path).toContain('<html lang="es">');
    }
    // Its POST (no ?lang= in the form's action) the same.
    const post = await SELF.fetch('https://pledge.test/preferences', {
      method: 'POST',
      headers: { 'Accept-Language': 'en', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `t=${await makeToken(env, p!.id, 'preferences')}`,
    });
    expect(post.status).toBe(410);
    expect(await post.text()).toContain('<html lang="es">');
  });

  it('the preferences page says "saved" only after a save, and offers "Tell us what you did" only to a confirmed pledge', async () => {
    const [p] = await seed(1, { partner: await newPartner(), status: 'pending' });
    const t = await makeToken(env, p!.id, 'preferences');
    const pending = await (await SELF.fetch(`https://pledge.test/preferences?lang=en&t=${t}`)).text();
    expect(pending).toContain('<form method="post" action="/preferences?lang=en">');
    expect(pending).not.toContain('Your preferences are saved');
    // Its link would only say the pledge is not confirmed yet.
    expect(pending).not.toContain('/actions?');
    expect(pending).not.toContain('Tell us what you did');
  });

  it('the preferences page\'s heading over the "Tell us what you did" link says something else (a screen reader would hear the same words twice), in English and Spanish', async () => {
    const [p] = await seed(1, { partner: await newPartner() });
    const t = await makeToken(env, p!.id, 'preferences');
    for (const [lang, heading, link] of [
      ['en', 'Your pledge in action', 'Tell us what you did'],
      ['es', 'Su compromiso en acción', 'Cuéntenos qué hizo'],
    ] as const) {
      const page = await (await SELF.fetch(`https://pledge.test/preferences?lang=${lang}&t=${t}`)).text();
      const section = page.match(/<h2>([^<]*)<\/h2>\s*<p>([^<]*)<a href="[^"]*\/actions\?[^"]*">([^<]*)<\/a><\/p>/);
      expect(section, lang).not.toBeNull();
      const [, h2, , a] = section!;
      expect(h2, lang).toBe(heading);
      expect(a, lang).toBe(link);
      expect(h2, lang).not.toBe(a);
    }
  });

  it('the preferences page turns updates off and on and changes the language', async () => {
    const partner = await newPartner();
    const [p] = await seed(1, { partner });
    const t = await makeToken(env, p!.id, 'preferences');
    const page = await (await SELF.fetch(`https://pledge.test/preferences?t=${t}`)).text();
    expect(page).toContain('id="updates-yes" name="updates" value="yes" checked');
    expect(page).toMatch(/href="http:\/\/localhost:8787\/withdraw\?lang=en&amp;t=v1\.[^"]+\.w\./);
    // The pledger's own "Tell us what you did": every email carries it, and one who asked for none gets it here.
    expect(page).toMatch(/<h2>Your pledge in action<\/h2>\s*<p>Each action you report helps the coalition measure change\. <a href="http:\/\/localhost:8787\/actions\?lang=en&amp;t=v1\.[^"]+">Tell us what you did<\/a>/);
    const save = (body: string) => SELF.fetch('https://pledge.test/preferences', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `t=${t}&${body}` });
    const saved = await (await save('updates=no&lang=es')).text();
    expect(saved).toContain('Sus preferencias se han guardado');
    expect(saved).toContain('No recibirá novedades: solo le escribiremos sobre su propio compromiso.'); // what now applies, said
    expect(await env.DB.prepare('SELECT updates, lang FROM pledges WHERE id = ?').bind(p!.id).first()).toEqual({ updates: 0, lang: 'es' });
    await save('updates=yes&lang=en');
    expect(await env.DB.prepare('SELECT updates, lang FROM pledges WHERE id = ?').bind(p!.id).first()).toEqual({ updates: 1, lang: 'en' });
    // The page's own language travels in its form's URL: saving from the English page answers in
    // English, whatever language the emails are set to (the reader chose to read this page in English).
    expect(page).toContain('<form method="post" action="/preferences?lang=en">');
    const spanishEmails = await SELF.fetch('https://pledge.test/preferences?lang=en', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `t=${t}&updates=yes&lang=es` });
    const spanishEmailsPage = await spanishEmails.text();
    expect(spanishEmailsPage).toContain('<html lang="en">');
    expect(spanishEmailsPage).toContain('Your preferences are saved');
    expect(spanishEmailsPage).toContain('You will get the coalition’s updates by email.');
    // The saved page offers the link's own page in Spanish (lang-switch.test.ts follows it).
    expect(spanishEmailsPage).toContain(`<a href="/preferences?t=${t}&amp;lang=es" hreflang="es"`);
    expect(await env.DB.prepare('SELECT updates, lang FROM pledges WHERE id = ?').bind(p!.id).first()).toEqual({ updates: 1, lang: 'es' });
    await env.DB.prepare(`UPDATE pledges SET status = 'pending' WHERE id = ?`).bind(p!.id).run();
    const pendingSaved = await (await save('updates=yes&lang=en')).text();
    expect(pendingSaved).toContain('You will get the coalition’s updates by email once you confirm your pledge.');
    // Not counted yet: its withdrawal is not said to take it from the count, in either language.
    expect(pendingSaved).toContain('Your pledge is not confirmed, so it does not count yet. Withdrawing erases your details.');
    expect(pendingSaved).not.toContain('removes your pledge from the count');
    const pendingEs = await (await SELF.fetch(`https://pledge.test/preferences?lang=es&t=${t}`)).text();
    expect(pendingEs).toContain('Su compromiso no está confirmado, así que todavía no cuenta. Al retirarlo se borran sus datos.');
    expect(pendingEs).not.toContain('deja de contar');
    await env.DB.prepare(`UPDATE pledges SET status = 'confirmed' WHERE id = ?`).bind(p!.id).run();
    expect(await (await SELF.fetch(`https://pledge.test/preferences?lang=en&t=${t}`)).text()).toContain('Withdrawing removes your pledge from the count and erases your details.');
    await save('updates=yes&lang=en');
    // A value no radio sends is refused, said plainly, and nothing is saved (not even the valid half).
    const bad = await save('updates=no&lang=fr');
    expect(bad.status).toBe(422);
    const page422 = await bad.text();
    expect(page422).toContain('<title>Error: Your preferences · Radiology Health Equity Coalition</title>');
    expect(page422).toContain('<li><a href="#lang-en">Choose English or Spanish</a></li>');
    expect(page422).not.toContain('Your preferences are saved');
    // …and beside the field itself, which names it for a screen reader.
    expect(page422).toContain('<fieldset aria-describedby="lang-error">');
    expect(page422).toMatch(/<p class="error-message" id="lang-error"><span class="visually-hidden">Error: <\/span>Choose English or Spanish<\/p>/);
    expect(page422).not.toContain('id="updates-error"');
    const maybe = await save('updates=maybe');
    expect(maybe.status).toBe(422);
    expect(await maybe.text()).toContain('<fieldset aria-describedby="updates-error">');
    expect(await env.DB.prepare('SELECT updates, lang FROM pledges WHERE id = ?').bind(p!.id).first()).toEqual({ updates: 1, lang: 'en' });
  });

  it('the preferences page changes the role a pledge was made in, which its next steps then follow', async () => {
    const partner = await newPartner();
    const [p] = await seed(1, { partner, role: 'technologist', lang: 'es' });
    const t = await makeToken(env, p!.id, 'preferences');
    const page = await (await SELF.fetch(`https://pledge.test/preferences?t=${t}&lang=es`)).text();
    expect(page).toContain('<legend>Su función</legend>');
    expect(page).toContain('<fieldset aria-describedby="role-hint">');
    expect(page).toMatch(/id="role-technologist" name="role" value="technologist" checked \/><label for="role-technologist">Técnico\/a/);
    const save = (body: string) => SELF.fetch('https://pledge.test/preferences?lang=es', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `t=${t}&${body}` });
    const saved = await (await save('updates=yes&lang=es&role=radiologist')).text();
    expect(saved).toContain('Sus preferencias se han guardado');
    expect(saved).toMatch(/id="role-radiologist" name="role" value="radiologist" checked/);
    expect(await env.DB.prepare('SELECT role FROM pledges WHERE id = ?').bind(p!.id).first('role')).toBe('radiologist');
    // A role no radio sends is refused beside its field, and nothing is saved.
    const bad = await save('updates=no&role=astronaut');
    expect(bad.status).toBe(422);
    const badPage = await bad.text();
    expect(badPage).toContain('<li><a href="#role-radiologist">Elija su función en la lista</a></li>');
    expect(badPage).toContain('<fieldset aria-describedby="role-hint role-error">');
    expect(await env.DB.prepare('SELECT role, updates FROM pledges WHERE id = ?').bind(p!.id).first()).toEqual({ role: 'radiologist', updates: 1 });
  });

  it('a choice made on the preferences page or by unsubscribing holds in newer details still waiting for their confirmation', async () => {
    const [p] = await seed(1, { partner: await newPartner(), status: 'pending', role: 'radiologist' });
    // The pledger pledged again (their newer details wait for the confirmation), then opened their preferences.
    const waiting = { partner_id: 'sir', name: 'Reader', role: 'nurse', updates: 1, lang: 'en', received_at: new Date().toISOString() };
    await env.DB.prepare('UPDATE pledges SET next_details = ? WHERE id = ?').bind(JSON.stringify(waiting), p!.id).run();
    const next = async () => JSON.parse((await env.DB.prepare('SELECT next_details FROM pledges WHERE id = ?').bind(p!.id).first<string>('next_details'))!);
    const t = await makeToken(env, p!.id, 'preferences');
    const save = (body: string) => SELF.fetch('https://pledge.test/preferences', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `t=${t}&${body}` });
    expect((await save('updates=no&lang=es&role=technologist')).status).toBe(200);
    expect(await next()).toEqual({ ...waiting, updates: 0, lang: 'es', role: 'technologist' });
    // A choice left out stays as it was, here and in the pledge (the yearly reminder included).
    expect((await save('lang=en')).status).toBe(200);
    expect(await next()).toEqual({ ...waiting, updates: 0, lang: 'en', role: 'technologist' });
    expect(await env.DB.prepare('SELECT updates, lang, role, reminders FROM pledges WHERE id = ?').bind(p!.id).first()).toEqual({ updates: 0, lang: 'en', role: 'technologist', reminders: 1 });
    expect((await save('updates=yes')).status).toBe(200);
    expect(await next()).toEqual({ ...waiting, updates: 1, lang: 'en', role: 'technologist' });
    expect((await save('role=nurse')).status).toBe(200);
    expect(await next()).toEqual({ ...waiting, updates: 1, lang: 'en', role: 'nurse' });
    const u = await makeToken(env, p!.id, 'unsubscribe');
    await SELF.fetch(`https://pledge.test/unsubscribe?t=${u}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(await next()).toEqual({ ...waiting, updates: 0, lang: 'en', role: 'nurse' });
    expect(await env.DB.prepare('SELECT updates, lang, role FROM pledges WHERE id = ?').bind(p!.id).first()).toEqual({ updates: 0, lang: 'en', role: 'nurse' });
  });
});

describe('webhooks and the suppression list', () => {
  const secret = `whsec_${btoa('a-test-webhook-secret-32-bytes!!')}`;
  const signed = (payload: string, id = `msg_${crypto.randomUUID()}`, at = new Date()) => {
    const signature = new Webhook(secret).sign(id, at, payload);
    return new Request('https://pledge.test/api/webhooks/resend', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature },
      body: payload,
    });
  };
  const resend = (req: Request, s: string = secret) => fetchWithEnv(req, { RESEND_WEBHOOK_SECRET: s });

  it('Resend: a valid signature suppresses a hard bounce; invalid, stale and replayed deliveries get 401', async () => {
    const address = `bounce.${crypto.randomUUID()}@example.org`;
    const payload = JSON.stringify({ type: 'email.bounced', data: { to: [address], bounce: { type: 'Permanent' } } });
    const id = `msg_${crypto.randomUUID()}`;
    const ok = await resend(signed(payload, id));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, suppressed: 1 });
    expect((await resend(signed(payload, id))).status).toBe(401); // replayed svix-id
    const tampered = signed(payload);
    expect((await resend(new Request(tampered, { body: payload.replace('Permanent', 'Transient') }))).status).toBe(401);
    expect((await resend(signed(payload, undefined, new Date(Date.now() - 6 * 60_000)))).status).toBe(401); // stale
    expect((await resend(signed(payload), `whsec_${btoa('another-secret-entirely-32-bytes')}`)).status).toBe(401);
    expect((await resend(signed(payload), '')).status).toBe(401); // no secret configured
    expect((await SELF.fetch('https://pledge.test/api/webhooks/resend', { method: 'POST', body: payload })).status).toBe(401);
    // Signed, but not JSON: the body is at fault, not the secret (as Postmark's route says too).
    const notJson = await resend(signed('{not json'));
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'bad_json' } });
    // A soft bounce suppresses nothing; a complaint does.
    const soft = `soft.${crypto.randomUUID()}@example.org`;
    expect(await (await resend(signed(JSON.stringify({ type: 'email.bounced', data: { to: [soft], bounce: { type: 'Transient' } } })))).json()).toEqual({ received: true, suppressed: 0 });
    expect(await (await resend(signed(JSON.stringify({ type: 'email.complained', data: { to: [soft] } })))).json()).toEqual({ received: true, suppressed: 1 });
    const { results } = await env.DB.prepare('SELECT * FROM email_suppressions').all();
    expect(JSON.stringify(results)).not.toContain('@example.org');
  });

  it('Resend: a delivery that failed before its suppression was stored is handled when Resend retries it, not refused as a replay', async () => {
    const address = `retried.${crypto.randomUUID()}@example.org`;
    const payload = JSON.stringify({ type: 'email.complained', data: { to: [address] } });
    const id = `msg_${crypto.randomUUID()}`;
    // D1 fails on the suppression's write: a real D1 error, its table briefly gone.
    await env.DB.exec('ALTER TABLE email_suppressions RENAME TO email_suppressions_away');
    let first: Response;
    try {
      first = await resend(signed(payload, id));
    } finally {
      await env.DB.exec('ALTER TABLE email_suppressions_away RENAME TO email_suppressions');
    }
    expect(first.status).toBe(500);
    const retried = await resend(signed(payload, id));
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ received: true, suppressed: 1 });
    expect(await isSuppressed(env, address)).toBe(true);
    expect((await resend(signed(payload, id))).status).toBe(401); // now it is a replay
  });

  it('Postmark: the shared secret is required; hard bounces and complaints suppress', async () => {
    const address = `pm.${crypto.randomUUID()}@example.org`;
    const post = (auth: string | null, body: unknown, s = 'postmark-secret') =>
      fetchWithEnv(
        new Request('https://pledge.test/api/webhooks/postmark', { method: 'POST', headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) }, body: JSON.stringify(body) }),
        { POSTMARK_WEBHOOK_SECRET: s },
      );
    const bounce = { RecordType: 'Bounce', Type: 'HardBounce', Email: address };
    expect((await post(null, bounce)).status).toBe(401);
    expect((await post(`Basic ${btoa('hook:wrong')}`, bounce)).status).toBe(401);
    expect((await post(`Basic ${btoa('postmark-secret')}`, bounce)).status, 'no user:password colon: no password given').toBe(401);
    expect((await post(`Basic ${btoa('hook:postmark-secret')}`, bounce, '')).status).toBe(401);
    const ok = await post(`Basic ${btoa('hook:postmark-secret')}`, bounce);
    expect(await ok.json()).toEqual({ received: true, suppressed: 1 });
    expect(await (await post(`Basic ${btoa('hook:postmark-secret')}`, { RecordType: 'Bounce', Type: 'SoftBounce', Email: `x${address}` })).json()).toEqual({ received: true, suppressed: 0 });
    // The scheme's name in any case (RFC 9110): a proxy or a client may send `basic`.
    expect(await (await post(`basic ${btoa('hook:postmark-secret')}`, { ...bounce, Email: `lower${address}` })).json()).toEqual({ received: true, suppressed: 1 });
    // Postmark's own suppressions (its SubscriptionChange). A reader who used Postmark's unsubscribe
    // link stops getting updates, as with our own link, and is not suppressed from every email.
    const [reader] = await seed(1, { partner: await newPartner() });
    const change = { RecordType: 'SubscriptionChange', Recipient: reader!.email.toUpperCase(), SuppressSending: true, SuppressionReason: 'ManualSuppression', Origin: 'Recipient', MessageStream: 'broadcast' };
    expect(await (await post(`Basic ${btoa('hook:postmark-secret')}`, change)).json()).toEqual({ received: true, suppressed: 0, unsubscribed: 1 });
    expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(reader!.id).first('updates')).toBe(0);
    expect(await isSuppressed(env, reader!.email)).toBe(false);
    // Postmark suppresses the address for the whole broadcast stream, which the yearly renewal email goes out
    // on too (it carries List-Unsubscribe): so it is off here as well, not left on to be refused by Postmark
    // next year while the preferences page says it will come.
    expect(await env.DB.prepare('SELECT reminders FROM pledges WHERE id = ?').bind(reader!.id).first('reminders')).toBe(0);
    // A pledger without updates whose yearly renewal email it was (Postmark's link there): that email stops.
    const [yearly] = await seed(1, { partner: await newPartner(), updates: 0 });
    expect(await (await post(`Basic ${btoa('hook:postmark-secret')}`, { ...change, Recipient: yearly!.email })).json()).toEqual({ received: true, suppressed: 0, unsubscribed: 1 });
    expect(await env.DB.prepare('SELECT updates, reminders FROM pledges WHERE id = ?').bind(yearly!.id).first()).toEqual({ updates: 0, reminders: 0 });
    expect(await isSuppressed(env, yearly!.email)).toBe(false);
    // The address as Postmark may send it, spaced and in capitals, is the pledge's.
    const pm = `Basic ${btoa('hook:postmark-secret')}`;
    const [spaced] = await seed(1, { partner: await newPartner() });
    expect(await (await post(pm, { ...change, Recipient: ` ${spaced!.email.toUpperCase()} ` })).json()).toEqual({ received: true, suppressed: 0, unsubscribed: 1 });
    expect(await env.DB.prepare('SELECT updates, reminders FROM pledges WHERE id = ?').bind(spaced!.id).first()).toEqual({ updates: 0, reminders: 0 });
    // A pledge of that address not yet confirmed, without updates or the reminder, whose newer details (waiting
    // for their confirmation) ask for updates: its confirmation would turn them on for a stream Postmark now
    // refuses. Unsubscribed, they no longer ask, as with our own link (store.ts, replaceWaiting).
    const [pending] = await seed(1, { partner: await newPartner(), status: 'pending', updates: 0 });
    const newer = { partner_id: 'sir', name: 'Reader', role: 'nurse', updates: 1, lang: 'en', received_at: new Date().toISOString() };
    await env.DB.prepare('UPDATE pledges SET reminders = 0, next_details = ? WHERE id = ?').bind(JSON.stringify(newer), pending!.id).run();
    expect(await (await post(pm, { ...change, Recipient: pending!.email })).json()).toEqual({ received: true, suppressed: 0, unsubscribed: 1 });
    expect(await env.DB.prepare(`SELECT updates, reminders, next_details ->> 'updates' AS waiting FROM pledges WHERE id = ?`).bind(pending!.id).first()).toEqual({ updates: 0, reminders: 0, waiting: 0 });
    // Another record with SuppressSending, or a body of JSON null, changes nothing and answers 200.
    const [other] = await seed(1, { partner: await newPartner() });
    expect(await (await post(pm, { ...change, RecordType: 'Delivery', Recipient: other!.email })).json()).toEqual({ received: true, suppressed: 0 });
    expect(await env.DB.prepare('SELECT updates, reminders FROM pledges WHERE id = ?').bind(other!.id).first()).toEqual({ updates: 1, reminders: 1 });
    const empty = await post(pm, null);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ received: true, suppressed: 0 });
    // One someone added in Postmark, or a bounce Postmark saw, joins the suppression list with its reason.
    const added = `m${address}`;
    expect(await (await post(`Basic ${btoa('hook:postmark-secret')}`, { ...change, Recipient: added, Origin: 'Customer' })).json()).toEqual({ received: true, suppressed: 1 });
    expect(await env.DB.prepare(`SELECT reason FROM email_suppressions WHERE source = 'postmark' ORDER BY rowid DESC LIMIT 1`).first('reason')).toBe('manual');
    const bounced = `b${address}`;
    expect(await (await post(`Basic ${btoa('hook:postmark-secret')}`, { ...change, Recipient: bounced, Origin: 'Recipient', SuppressionReason: 'HardBounce' })).json()).toEqual({ received: true, suppressed: 1 });
    expect(await env.DB.prepare(`SELECT reason FROM email_suppressions WHERE source = 'postmark' ORDER BY rowid DESC LIMIT 1`).first('reason')).toBe('bounce');
    // Postmark lifting one (SuppressSending false) lifts nothing here.
    expect(await (await post(`Basic ${btoa('hook:postmark-secret')}`, { ...change, Recipient: added, SuppressSending: false })).json()).toEqual({ received: true, suppressed: 0 });
    expect(await isSuppressed(env, added)).toBe(true);
  });

  it('Resend: only bounces and complaints suppress; a bounce of no stated type is hard; what is not an address in `to` is passed over, never a 500', async () => {
    const at = () => `rs.${crypto.randomUUID()}@example.org`;
    const post = async (event: unknown) => {
      const res = await resend(signed(JSON.stringify(event)));
      expect(res.status).toBe(200);
      return res.json();
    };
    for (const type of ['email.delivered', 'email.opened', 'email.sent', 'email.delivery_delayed']) {
      const address = at();
      expect(await post({ type, data: { to: [address] } })).toEqual({ received: true, suppressed: 0 });
      expect(await isSuppressed(env, address)).toBe(false);
    }
    const untyped = at();
    expect(await post({ type: 'email.bounced', data: { to: [untyped] } })).toEqual({ received: true, suppressed: 1 });
    expect(await isSuppressed(env, untyped)).toBe(true);
    const single = at(); // `to` as one address rather than a list
    expect(await post({ type: 'email.complained', data: { to: single } })).toEqual({ received: true, suppressed: 1 });
    const real = at();
    expect(await post({ type: 'email.complained', data: { to: [null, 42, { a: 1 }, 'not-an-address', '', real] } })).toEqual({ received: true, suppressed: 1 });
    expect(await isSuppressed(env, real)).toBe(true);
    expect(await post({ type: 'email.complained' })).toEqual({ received: true, suppressed: 0 });
    expect(await post(null)).toEqual({ received: true, suppressed: 0 });
  });

  it('Resend: delivery ids are remembered a day, then forgotten (the table does not grow for ever)', async () => {
    const old = `resend:msg_old_${crypto.randomUUID()}`;
    const recent = `resend:msg_recent_${crypto.randomUUID()}`;
    const iso = (ms: number) => new Date(Date.now() - ms).toISOString();
    await env.DB.batch([
      env.DB.prepare('INSERT INTO webhook_events (id, received_at) VALUES (?, ?)').bind(old, iso(25 * 60 * 60_000)),
      env.DB.prepare('INSERT INTO webhook_events (id, received_at) VALUES (?, ?)').bind(recent, iso(23 * 60 * 60_000)),
    ]);
    expect((await resend(signed(JSON.stringify({ type: 'email.delivered', data: { to: ['x@example.org'] } })))).status).toBe(200);
    const kept = await env.DB.prepare('SELECT id FROM webhook_events WHERE id IN (?, ?)').bind(old, recent).all<{ id: string }>();
    expect(kept.results.map((r) => r.id)).toEqual([recent]);
  });

  it('Postmark: the secret as X-Webhook-Secret too; complaints suppress as complaints; a body not JSON is a 400; a lifted suppression changes no one\'s choice', async () => {
    const address = `pmx.${crypto.randomUUID()}@example.org`;
    const post = (headers: Record<string, string>, body: string) =>
      fetchWithEnv(new Request('https://pledge.test/api/webhooks/postmark', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body }), { POSTMARK_WEBHOOK_SECRET: 'postmark-secret' });
    const secret = { 'X-Webhook-Secret': 'postmark-secret' };
    const wrong = await post({ 'X-Webhook-Secret': 'postmark-secreT' }, JSON.stringify({ RecordType: 'SpamComplaint', Email: address }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('WWW-Authenticate')).toBe('Basic realm="rhec-pledge webhooks"');
    expect(await isSuppressed(env, address)).toBe(false);
    const complaint = await post(secret, JSON.stringify({ RecordType: 'SpamComplaint', Email: address }));
    expect(await complaint.json()).toEqual({ received: true, suppressed: 1 });
    expect(await env.DB.prepare(`SELECT reason FROM email_suppressions WHERE source = 'postmark' ORDER BY rowid DESC LIMIT 1`).first('reason')).toBe('complaint');
    // Postmark's own suppression for a complaint: the same reason.
    const change = { RecordType: 'SubscriptionChange', SuppressSending: true, Origin: 'Recipient', MessageStream: 'outbound' };
    expect(await (await post(secret, JSON.stringify({ ...change, Recipient: `c${address}`, SuppressionReason: 'SpamComplaint' }))).json()).toEqual({ received: true, suppressed: 1 });
    expect(await env.DB.prepare(`SELECT reason FROM email_suppressions WHERE source = 'postmark' ORDER BY rowid DESC LIMIT 1`).first('reason')).toBe('complaint');
    // A reader's unsubscribe lifted in Postmark (SuppressSending false) keeps them unsubscribed here: nothing changes.
    const [reader] = await seed(1, { partner: await newPartner() });
    expect(await (await post(secret, JSON.stringify({ ...change, Recipient: reader!.email, SuppressionReason: 'ManualSuppression', SuppressSending: false }))).json()).toEqual({ received: true, suppressed: 0 });
    expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(reader!.id).first('updates')).toBe(1);
    // An unsubscribe naming no one, or no address: nothing to do, not a 500.
    for (const Recipient of [undefined, 42, 'no-at-sign']) {
      const res = await post(secret, JSON.stringify({ ...change, Recipient, SuppressionReason: 'ManualSuppression' }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true, suppressed: 0 });
    }
    const notJson = await post(secret, '{"RecordType": "Bounce", ');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'bad_json', message: 'The request body is not valid JSON.' } });
  });

  it("a suppressed mailbox gets nothing at its +tag or dotted variants; a suppression listed under the exact address still holds", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    await suppress(env, `sup.${tag}@gmail.com`, 'complaint', 'test');
    for (const variant of [`sup.${tag}@gmail.com`, `Sup.${tag}+pledge@Gmail.com`, `sup${tag}@googlemail.com`]) expect(await isSuppressed(env, variant)).toBe(true);
    expect(await isSuppressed(env, `sup.${tag}@example.org`)).toBe(false);
    const partner = await newPartner();
    const [p] = await seed(1, { partner, status: 'pending' });
    await env.DB.prepare('UPDATE pledges SET email = ? WHERE id = ?').bind(`sup.${tag}+again@gmail.com`, p!.id).run();
    await env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind) VALUES (?, ?, 'confirm')`).bind(`confirm:${p!.id}`, p!.id).run();
    const { transport, delivered } = recordingTransport();
    expect(await sendOutboxRow(env, `confirm:${p!.id}`, KINDS, transport)).toBe('skipped');
    expect(delivered).toHaveLength(0);
    // Recorded before mailboxes were folded: the HMAC of the exact address.
    await env.DB.prepare(`INSERT INTO email_suppressions (address_hash, reason, source) VALUES (?, 'bounce', 'test')`)
      .bind(await keyedHash(env, 'suppression', `old+${tag}@example.org`))
      .run();
    expect(await isSuppressed(env, `Old+${tag}@example.org`)).toBe(true);
    expect(await isSuppressed(env, ` Old+${tag}@example.org `)).toBe(true); // as typed, with spaces
    expect(await isSuppressed(env, `old@example.org`)).toBe(false);
  });

  it('a suppression recorded under the fold before Proton Mail and Fastmail were folded (its +tag dropped, nothing else) still holds', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    // Listed then under the +tag-less address, as mailboxOf folded these before fa1022e and 9741e3c.
    for (const [listed, sent] of [
      [`first.last${tag}@protonmail.com`, `First.Last${tag}+news@protonmail.com`],
      [`p${tag}@pm.me`, `p${tag}+x@pm.me`],
      [`box${tag}@user${tag}.fastmail.com`, `box${tag}+y@user${tag}.fastmail.com`],
    ]) {
      await env.DB.prepare(`INSERT INTO email_suppressions (address_hash, reason, source) VALUES (?, 'complaint', 'test')`)
        .bind(await keyedHash(env, 'suppression', listed!))
        .run();
      expect(await isSuppressed(env, sent!), sent).toBe(true);
    }
    expect(await isSuppressed(env, `other${tag}@protonmail.com`)).toBe(false);
  });

  it('a suppressed address gets no further confirmation email', async () => {
    const partner = await newPartner();
    const [p] = await seed(1, { partner, status: 'pending' });
    await env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind) VALUES (?, ?, 'confirm')`).bind(`confirm:${p!.id}`, p!.id).run();
    await suppress(env, p!.email, 'complaint', 'test');
    const { transport, delivered } = recordingTransport();
    expect(await sendOutboxRow(env, `confirm:${p!.id}`, KINDS, transport)).toBe('skipped');
    expect(delivered).toHaveLength(0);
    expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(`confirm:${p!.id}`).first()).toEqual({ status: 'cancelled', last_error: 'suppressed' });
  });

  it('an address reported in other case and spacing cancels its waiting emails and drops the newer details and answers that waited on them; a second report is not new', async () => {
    const partner = await newPartner();
    const [p] = await seed(1, { partner, status: 'pending' });
    await env.DB.prepare(`UPDATE pledges SET next_details = '{"role":"nurse"}' WHERE id = ?`).bind(p!.id).run();
    await env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind) VALUES (?, ?, 'confirm')`).bind(`confirm:${p!.id}`, p!.id).run();
    const org = crypto.randomUUID();
    const contact = `org.${crypto.randomUUID()}@example.org`;
    await env.DB.prepare(
      `INSERT INTO organizations (id, name, type, website, domain, contact_email, next_answers) VALUES (?, 'Clinic', 'practice', 'https://clinic.example', 'clinic.example', ?, '{}')`,
    )
      .bind(org, contact)
      .run();
    // As a provider may report them: capitals, a stray space.
    expect(await suppress(env, ` ${p!.email.toUpperCase()} `, 'bounce', 'test')).toBe(true);
    expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(`confirm:${p!.id}`).first()).toEqual({ status: 'cancelled', last_error: 'suppressed' });
    expect(await env.DB.prepare('SELECT next_details FROM pledges WHERE id = ?').bind(p!.id).first('next_details')).toBeNull();
    expect(await suppress(env, p!.email, 'complaint', 'test')).toBe(false); // already listed: the first report stays
    expect(await suppress(env, ` ${contact.toUpperCase()} `, 'bounce', 'test')).toBe(true);
    expect(await env.DB.prepare('SELECT next_answers FROM organizations WHERE id = ?').bind(org).first('next_answers')).toBeNull();
  });

  it('may email: never a withdrawn, unknown or suppressed pledge; updates only to a confirmed, unflagged pledge that asked for them', async () => {
    const partner = await newPartner();
    const [confirmed] = await seed(1, { partner });
    const [pending] = await seed(1, { partner, status: 'pending' });
    const [withdrawn] = await seed(1, { partner, status: 'withdrawn' });
    const [flagged] = await seed(1, { partner, flagged: 1 });
    const [listed] = await seed(1, { partner });
    await suppress(env, listed!.email, 'bounce', 'test');
    expect(await mayEmail(env, confirmed!.id, 'update')).toMatchObject({ ok: true, pledge: { id: confirmed!.id, email: confirmed!.email, status: 'confirmed' } });
    for (const purpose of ['transactional', 'update'] as const) {
      expect(await mayEmail(env, null, purpose)).toEqual({ ok: false, skip: 'withdrawn' });
      expect(await mayEmail(env, crypto.randomUUID(), purpose)).toEqual({ ok: false, skip: 'withdrawn' });
      expect(await mayEmail(env, withdrawn!.id, purpose)).toEqual({ ok: false, skip: 'withdrawn' });
      expect(await mayEmail(env, listed!.id, purpose)).toEqual({ ok: false, skip: 'suppressed' });
    }
    expect(await mayEmail(env, pending!.id, 'update')).toEqual({ ok: false, skip: 'unconfirmed' });
    expect(await mayEmail(env, flagged!.id, 'update')).toEqual({ ok: false, skip: 'unconfirmed' });
    expect((await mayEmail(env, pending!.id, 'transactional')).ok).toBe(true); // its confirmation
  });
});

describe('the dashboard section', () => {
  const ORIGIN = 'https://pledge.test';
  async function session(): Promise<string> {
    const res = await SELF.fetch(`${ORIGIN}/admin/sign-in`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${TOKEN}` });
    return res.headers.get('Set-Cookie')!.split(';')[0]!;
  }
  const form = (cookie: string, path: string, body: string) =>
    SELF.fetch(`${ORIGIN}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body });

  it('answers an unknown update with the updates page saying so, and a cancel that came too late with what happened', async () => {
    const cookie = await session();
    const missing = await SELF.fetch(`${ORIGIN}/admin/updates/no-such-update?lang=es`, { headers: { Cookie: cookie, Accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Content-Type')).toMatch(/^text\/html/);
    const missingPage = await missing.text();
    expect(missingPage).toContain('<html lang="es">');
    expect(missingPage).toContain('No existe esa novedad.');
    expect(missingPage).toContain('class="error-summary"');
    expect(missingPage).toMatch(/class="lang-switch"[\s\S]*hreflang="en"/); // a GET's page, in either language
    const posted = await form(cookie, '/admin/updates/no-such-update/cancel', 'ui_lang=en');
    expect(posted.status).toBe(404);
    expect(await posted.text()).toContain('No such update.');

    const partner = await newPartner();
    await seed(1, { partner });
    const created = await form(cookie, '/admin/updates', `subject_en=Done&body_en=Done&partners=${partner}`);
    const id = created.headers.get('Location')!.split('?')[0]!.split('/').pop()!;
    // A draft's discard still goes back to the list.
    const draft = await form(cookie, '/admin/updates', `subject_en=Draft&body_en=Draft&partners=${partner}`);
    const draftId = draft.headers.get('Location')!.split('?')[0]!.split('/').pop()!;
    // Asked first, on a page of its own; nothing is discarded until its button is pressed.
    const asked = await form(cookie, `/admin/updates/${draftId}/cancel`, 'ui_lang=es');
    expect(asked.status).toBe(200);
    const askedPage = await asked.text();
    expect(askedPage).toContain('<h1 tabindex="-1" autofocus>¿Descartar este borrador?</h1>');
    expect(askedPage).toContain('<input type="hidden" name="confirm" value="yes" />');
    expect(await env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(draftId).first('status')).toBe('draft');
    const discarded = await form(cookie, `/admin/updates/${draftId}/cancel`, 'ui_lang=en&confirm=yes');
    expect(discarded.status).toBe(303);
    expect(discarded.headers.get('Location')).toBe(`/admin/updates?discarded=${draftId}&lang=en`);
    expect(await env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(draftId).first('status')).toBe('cancelled');
    // The list it goes back to says so, and shows the draft as discarded (a stopped send reads "Cancelled").
    // (Its languages by name, in the page's: a screen reader read Spanish "en" for the code.)
    for (const [lang, said, status, langs] of [['en', 'The draft “Draft” was discarded: it went to no one.', 'Discarded', 'English'], ['es', 'Se descartó el borrador «Draft»: no se envió a nadie.', 'Descartada', 'inglés']] as const) {
      const list = await (await SELF.fetch(`https://pledge.test/admin/updates?discarded=${draftId}&lang=${lang}`, { headers: { Cookie: cookie } })).text();
      expect(list).toContain(said);
      expect(withoutCellRoles(list)).toMatch(new RegExp(`>Draft</a> <span class="muted">\\(${langs}\\)</span></th>\\s*<td>${status}</td>`));
    }
    // Only a discarded draft is announced: an address naming any other update (or none) says nothing.
    expect(await (await SELF.fetch(`https://pledge.test/admin/updates?discarded=${id}&lang=en`, { headers: { Cookie: cookie } })).text()).not.toContain('was discarded');
    await env.DB.prepare(`UPDATE updates SET status = 'sent', started_at = ?1, finished_at = ?1 WHERE id = ?2`).bind(new Date().toISOString(), id).run();
    const late = await form(cookie, `/admin/updates/${id}/cancel`, 'ui_lang=en');
    expect(late.status).toBe(409);
    const latePage = await late.text();
    expect(latePage).toContain('Nothing was cancelled: this update had already been sent to everyone.');
    expect(latePage).toContain('<title>Error: ');
    expect(await env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(id).first('status')).toBe('sent');
    // Its last email went while nobody looked (still 'sending' in its row): the figures say it is done, and nothing is cancelled.
    await env.DB.prepare(`UPDATE updates SET status = 'sending', snapshot_done = 1, enqueue_done = 1, finished_at = NULL WHERE id = ?`).bind(id).run();
    const quiet = await form(cookie, `/admin/updates/${id}/cancel`, 'ui_lang=en&confirm=yes');
    expect(quiet.status).toBe(409);
    expect(await quiet.text()).toContain('Nothing was cancelled: this update had already been sent to everyone.');
    expect(await env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(id).first('status')).toBe('sent');
  });

  it('says how many Spanish readers will get an update with no Spanish version in English, on the send check (en/es) and in the API, and still sends', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(3, { partner, lang: 'en' });
    await seed(2, { partner, lang: 'es' });
    const englishOnly = { subject: { en: 'News' }, body: { en: 'Hello' }, audience: { partners: [partner] } };
    const created = await api('', { method: 'POST', body: JSON.stringify(englishOnly) });
    const draft = (await created.json()) as { id: string; recipients: number; spanishReadersInEnglish: number };
    expect(draft.recipients).toBe(5);
    expect(draft.spanishReadersInEnglish).toBe(2);
    // Read back, the draft says the same; once sent, its figures no longer carry it.
    const read = (await (await api(`/${draft.id}`)).json()) as { spanishReadersInEnglish?: number; revision: number };
    expect(read.spanishReadersInEnglish).toBe(2);
    // Said on the page that asks before sending, in the dashboard's language.
    const en = await (await form(cookie, `/admin/updates/${draft.id}/send`, 'revision=0&ui_lang=en')).text();
    expect(en).toContain('Send this update to 5 people?');
    expect(en).toContain('2 people in this audience read Spanish: this update has no Spanish version, so they will receive it in English.');
    const es = await (await form(cookie, `/admin/updates/${draft.id}/send`, 'revision=0&ui_lang=es')).text();
    expect(es).toContain('2 personas de esta audiencia leen en español: esta novedad no tiene versión en español, así que la recibirán en inglés.');
    // Narrowed to English readers, or written in both languages: nothing to say, and the API says 0.
    const narrowed = await api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify({ ...englishOnly, audience: { partners: [partner], langs: ['en'] } }) });
    expect(((await narrowed.json()) as { spanishReadersInEnglish: number }).spanishReadersInEnglish).toBe(0);
    expect(await (await form(cookie, `/admin/updates/${draft.id}/send`, 'revision=1&ui_lang=en')).text()).not.toContain('read Spanish');
    const both = await api(`/${draft.id}`, { method: 'PUT', body: JSON.stringify(draftBody(partner)) });
    expect(((await both.json()) as { spanishReadersInEnglish: number }).spanishReadersInEnglish).toBe(0);
    expect(await (await form(cookie, `/admin/updates/${draft.id}/send`, 'revision=2&ui_lang=en')).text()).not.toContain('read Spanish');
    // One Spanish reader: said in the singular. And the send is not held back.
    const one = await newPartner();
    await seed(1, { partner: one, lang: 'es' });
    await seed(1, { partner: one, lang: 'en' });
    const single = (await (await api('', { method: 'POST', body: JSON.stringify({ ...englishOnly, audience: { partners: [one] } }) })).json()) as { id: string; spanishReadersInEnglish: number };
    expect(single.spanishReadersInEnglish).toBe(1);
    expect(await (await form(cookie, `/admin/updates/${single.id}/send`, 'revision=0&ui_lang=en')).text()).toContain('1 person in this audience reads Spanish: this update has no Spanish version, so they will receive it in English.');
    expect(await (await form(cookie, `/admin/updates/${single.id}/send`, 'revision=0&ui_lang=es')).text()).toContain('1 persona de esta audiencia lee en español: esta novedad no tiene versión en español, así que la recibirá en inglés.');
    expect((await form(cookie, `/admin/updates/${single.id}/send`, 'revision=0&ui_lang=en&confirm=yes')).status).toBe(303);
    expect(await env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(single.id).first('status')).toBe('sending');
    expect(await (await api(`/${single.id}`)).json()).not.toHaveProperty('spanishReadersInEnglish');
  });

  it('offers no Send for a draft with no one in its audience, and warns when Spanish readers would get English', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(2, { partner, updates: 0 }); // confirmed, but they did not ask to be kept informed
    const empty = await api('', { method: 'POST', body: JSON.stringify(draftBody(partner)) });
    const { id } = (await empty.json()) as { id: string };
    const page = await (await SELF.fetch(`${ORIGIN}/admin/updates/${id}`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('No one is in this audience');
    expect(page).not.toContain(`action="/admin/updates/${id}/send"`);
    // A send posted anyway (an old tab) is refused with the reason, and the draft stays a draft.
    const refused = await form(cookie, `/admin/updates/${id}/send`, 'revision=0&confirm=yes');
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Nothing was sent: no one is in this audience.');
    expect(await env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(id).first('status')).toBe('draft');
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM email_outbox WHERE ref = ?`).bind(id).first('n')).toBe(0);

    // Narrowed to Spanish readers, with no Spanish version: said on the draft; with one, not.
    await seed(1, { partner, lang: 'es' });
    const englishOnly = { subject: { en: 'News' }, body: { en: 'Hello' }, audience: { partners: [partner], langs: ['es'] } };
    const warned = (await (await api('', { method: 'POST', body: JSON.stringify(englishOnly) })).json()) as { id: string };
    const warnedPage = await (await SELF.fetch(`${ORIGIN}/admin/updates/${warned.id}`, { headers: { Cookie: cookie } })).text();
    expect(warnedPage).toContain('This audience is Spanish readers only, but the update has no Spanish version');
    expect(warnedPage).toContain('Send to 1 person');
    const both = (await (await api('', { method: 'POST', body: JSON.stringify(draftBody(partner, { audience: { partners: [partner], langs: ['es'] } })) })).json()) as { id: string };
    const bothPage = await (await SELF.fetch(`${ORIGIN}/admin/updates/${both.id}`, { headers: { Cookie: cookie } })).text();
    expect(bothPage).not.toContain('id="no-spanish"');
    expect(bothPage).not.toContain('id="dropped-links"');
    // Links the email will not carry, which the preview shows as plain words: named on the draft, each once, from either version.
    const broken = { subject: { en: 'Links', es: 'Enlaces' }, body: { en: 'See [our toolkit](resources), [the top](#top), [call](tel:+15550100) and [the map](/impact).', es: 'Vea [el kit](resources) y [la web](https://www.acr.org).' }, audience: { partners: [partner] } };
    const brokenId = ((await (await api('', { method: 'POST', body: JSON.stringify(broken) })).json()) as { id: string }).id;
    const brokenPage = await (await SELF.fetch(`${ORIGIN}/admin/updates/${brokenId}?lang=es`, { headers: { Cookie: cookie } })).text();
    expect(brokenPage).toContain('Estos enlaces no funcionarán en el correo');
    expect([...brokenPage.slice(brokenPage.indexOf('id="dropped-links"')).matchAll(/<li><code>([^<]*)<\/code><\/li>/g)].map((m) => m[1])).toEqual(['resources', '#top', 'tel:+15550100']);
    // The Spanish version tested is still chosen in the test form on the page that follows.
    const tested = await SELF.fetch(`${ORIGIN}/admin/updates/${both.id}?tested=es`, { headers: { Cookie: cookie } });
    expect(await tested.text()).toContain('<option value="es" selected>');
  });

  it('tells a cancelled update\'s unsent readers apart from those skipped', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(6, { partner });
    const { id } = await createDraft(partner);
    const q = recordingQueue();
    expect(await startSending(q.env, id, 'token')).toBe('sending');
    const ids = await fanOutAll(q.env, id, q.sent);
    const { transport } = recordingTransport();
    await drain(ids.slice(0, 2), transport);
    expect((await api(`/${id}/cancel`, { method: 'POST' })).status).toBe(202);
    const page = await (await SELF.fetch(`${ORIGIN}/admin/updates/${id}`, { headers: { Cookie: cookie } })).text();
    expect(page).toMatch(/<strong id="fig-skipped">0<\/strong> skipped/);
    expect(page).toMatch(/<strong id="fig-cancelled">4<\/strong> not sent: the update was cancelled/);
    const index = await (await SELF.fetch(`${ORIGIN}/admin/updates`, { headers: { Cookie: cookie } })).text();
    expect(index).toContain('Not sent: cancelled');
  });

  it('shows a send stopped before its fan-out ran as not sent to its whole audience', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(2, { partner });
    const { id } = await createDraft(partner);
    expect(await startSending(recordingQueue().env, id, 'token')).toBe('sending');
    const sending = await (await SELF.fetch(`${ORIGIN}/admin/updates/${id}`, { headers: { Cookie: cookie } })).text();
    expect(sending).toContain('<strong id="fig-recipients">2</strong> recipients');
    expect(sending).toContain('<span id="fig-handled">0 of 2</span>');
    expect(await cancelUpdate(env, id, 'token')).toBe('cancelled');
    for (const [lang, recipients, cancelled, handled] of [
      ['en', '<strong id="fig-recipients">2</strong> recipients', '<strong id="fig-cancelled">2</strong> not sent: the update was cancelled', '2 of 2'],
      ['es', '<strong id="fig-recipients">2</strong> destinatarios', '<strong id="fig-cancelled">2</strong> no enviados: la novedad se canceló', '2 de 2'],
    ] as const) {
      const page = await (await SELF.fetch(`${ORIGIN}/admin/updates/${id}?lang=${lang}`, { headers: { Cookie: cookie } })).text();
      expect(page).toContain(recipients);
      expect(page).toContain(cancelled);
      expect(page).toContain(`<span id="fig-handled">${handled}</span>`);
      expect(page).toMatch(/<strong id="fig-skipped">0<\/strong>/);
    }
  });

  it('says what "Yes, stop sending" did, in a focused banner in the page\'s language, with how many were not sent', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(3, { partner });
    for (const [lang, said] of [
      ['en', 'Sending stopped: 3 people who had not had it yet will not get it.'],
      ['es', 'Envío detenido: 3 personas que aún no la habían recibido no la recibirán.'],
    ] as const) {
      const { id } = await createDraft(partner);
      expect(await startSending(recordingQueue().env, id, 'token')).toBe('sending');
      const stopped = await form(cookie, `/admin/updates/${id}/cancel`, `ui_lang=${lang}&confirm=yes`);
      expect(stopped.status).toBe(303);
      expect(stopped.headers.get('Location')).toBe(`/admin/updates/${id}?stopped&lang=${lang}`);
      const page = await (await SELF.fetch(`${ORIGIN}${stopped.headers.get('Location')}`, { headers: { Cookie: cookie } })).text();
      expect(page).toContain(`<div class="thanks" role="status" tabindex="-1" autofocus><p>${said}</p></div>`);
      // The same page opened later, or a draft's, says nothing of it.
      expect(await (await SELF.fetch(`${ORIGIN}/admin/updates/${id}?lang=${lang}`, { headers: { Cookie: cookie } })).text()).not.toContain(said);
    }
    // One reader left, nothing: said in the singular, and none left, said so.
    const { id } = await createDraft(partner);
    const q = recordingQueue();
    await startSending(q.env, id, 'token');
    const ids = await fanOutAll(q.env, id, q.sent);
    await drain(ids.slice(0, 2), recordingTransport().transport);
    await form(cookie, `/admin/updates/${id}/cancel`, 'ui_lang=en&confirm=yes');
    expect(await (await SELF.fetch(`${ORIGIN}/admin/updates/${id}?stopped&lang=en`, { headers: { Cookie: cookie } })).text()).toContain('Sending stopped: 1 person who had not had it yet will not get it.');
  });

  it('takes an update written only in Spanish for Spanish readers only: previewed, tested and sent in Spanish, with no English asked for', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(2, { partner, lang: 'es' });
    const spanish = `subject_es=Noticias&body_es=${encodeURIComponent('Hola a todos.')}&partners=${partner}`;
    // Both languages' readers (none ticked): the English text is asked for, in the page's language.
    const refused = await form(cookie, '/admin/updates', `ui_lang=es&${spanish}`);
    expect(refused.status).toBe(422);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('<a href="#subject_en">Escriba el asunto en inglés</a>');
    expect(refusedPage).not.toContain('Escriba el asunto en español');
    // Spanish readers only: saved as it is.
    const created = await form(cookie, '/admin/updates', `ui_lang=es&${spanish}&langs=es`);
    expect(created.status).toBe(303);
    const detailUrl = created.headers.get('Location')!.split('?')[0]!;
    const id = detailUrl.split('/').pop()!;
    for (const [lang, note] of [
      ['en', 'This update has no English version: it goes to Spanish readers only'],
      ['es', 'Esta novedad no tiene versión en inglés: solo va a lectores en español'],
    ] as const) {
      const page = await (await SELF.fetch(`${ORIGIN}${detailUrl}?lang=${lang}`, { headers: { Cookie: cookie } })).text();
      expect(page).toContain('<h1 lang="es">Noticias</h1>');
      expect(page).toContain(note);
      expect(page).toContain(`${detailUrl}/preview/es.html`);
      expect(page).not.toContain(`${detailUrl}/preview/en.html`);
      expect(page).not.toContain('id="no-spanish"');
      expect(page).toContain('<option value="es" selected>');
    }
    // A test of the English version (no one gets one) sends nothing, and says why at the language's choice.
    const noEnglish = await form(cookie, `${detailUrl}/test`, 'test_to=editor%40example.org&lang=en&ui_lang=es');
    expect(noEnglish.status).toBe(422);
    const noEnglishPage = await noEnglish.text();
    expect(noEnglishPage).toContain('<a href="#test_lang">No se envió la prueba: esta novedad no tiene versión en inglés');
    expect(noEnglishPage).toMatch(/<select id="test_lang" name="lang" aria-describedby="test_lang-error" aria-invalid="true">/);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM update_audit WHERE update_id = ? AND action = 'test'`).bind(id).first('n')).toBe(0);
    // The send's check page names the Spanish subject only; the history lists it under it, in Spanish.
    const check = await (await form(cookie, `${detailUrl}/send`, 'revision=0&ui_lang=en')).text();
    expect(check).toContain('<p>Subject: <strong lang="es">Noticias</strong></p>');
    expect(check).toContain('Send this update to 2 people?');
    const index = await (await SELF.fetch(`${ORIGIN}/admin/updates?lang=en`, { headers: { Cookie: cookie } })).text();
    expect(index).toContain(`<a href="${detailUrl}?lang=en" lang="es">Noticias</a> <span class="muted">(Spanish)</span>`);
  });

  it('composes with per-field errors, previews exactly as sent, and sends, recording who did it', async () => {
    expect((await SELF.fetch(`${ORIGIN}/admin/updates`, { redirect: 'manual' })).status).toBe(303);
    const cookie = await session();
    const index = await SELF.fetch(`${ORIGIN}/admin/updates`, { headers: { Cookie: cookie } });
    expect(index.status).toBe(200);
    expect(index.headers.get('Content-Security-Policy')).toMatch(/script-src 'nonce-/);
    const bad = await form(cookie, '/admin/updates', 'subject_en=&body_en=');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('<a href="#subject_en">Enter the English subject</a>');
    const partner = await newPartner();
    await seed(2, { partner });
    const created = await form(cookie, '/admin/updates', `subject_en=Hello&body_en=${encodeURIComponent('# Hi\n\n<script>x</script>')}&partners=${partner}`);
    expect(created.status).toBe(303);
    expect(created.headers.get('Location')).toMatch(/\?saved&lang=en$/);
    const detailUrl = created.headers.get('Location')!.split('?')[0]!;
    const detail = await (await SELF.fetch(`${ORIGIN}${detailUrl}`, { headers: { Cookie: cookie } })).text();
    expect(detail).toContain('Send to 2 people');
    expect(detail).toContain('List-Unsubscribe-Post');
    expect(detail).toContain('&lt;script&gt;x&lt;/script&gt;');
    const preview = await SELF.fetch(`${ORIGIN}${detailUrl}/preview/en.html`, { headers: { Cookie: cookie } });
    expect(preview.headers.get('Content-Security-Policy')).toMatch(/sandbox/);
    // A sandboxed page with COOP would not open in a tab of its own; the dashboard page has it.
    expect(preview.headers.get('Cross-Origin-Opener-Policy')).toBeNull();
    expect((await SELF.fetch(`${ORIGIN}${detailUrl}`, { headers: { Cookie: cookie } })).headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    const previewHtml = await preview.text();
    expect(previewHtml).toContain('<h2>Hi</h2>');
    // Its links open in a tab of their own: followed inside the sandboxed frame they broke the preview.
    expect(previewHtml).toMatch(/<head[^>]*><base target="_blank">/);
    expect(preview.headers.get('Content-Security-Policy')).toMatch(/; sandbox allow-popups allow-popups-to-escape-sandbox$/);
    expect(detail).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>');
    expect((await SELF.fetch(`${ORIGIN}${detailUrl}/send`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: 'https://evil.example' } })).status).toBe(403);
    // The draft's send button asks first; only the answer sends.
    const asked = await form(cookie, `${detailUrl}/send`, 'revision=0');
    expect(asked.status).toBe(200);
    expect(await asked.text()).toMatch(/<h1 tabindex="-1" autofocus>Send this update to \d+ (person|people)\?<\/h1>/);
    expect(await env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(detailUrl.split('/').pop()).first('status')).toBe('draft');
    const sending = await form(cookie, `${detailUrl}/send`, 'revision=0&confirm=yes');
    expect(sending.status).toBe(303);
    // The page that follows says sending has started; the same page opened later does not.
    expect(sending.headers.get('Location')).toBe(`${detailUrl}?started&lang=en`);
    expect(await (await SELF.fetch(`${ORIGIN}${sending.headers.get('Location')}`, { headers: { Cookie: cookie } })).text()).toContain('Sending has started.');
    expect(await (await SELF.fetch(`${ORIGIN}${detailUrl}`, { headers: { Cookie: cookie } })).text()).not.toContain('Sending has started.');
    const id = detailUrl.split('/').pop()!;
    const audit = await env.DB.prepare('SELECT action, actor FROM update_audit WHERE update_id = ? ORDER BY seq').bind(id).all();
    expect(audit.results).toEqual([{ action: 'create', actor: 'dashboard' }, { action: 'send', actor: 'dashboard' }]);
    const status = (await (await SELF.fetch(`${ORIGIN}${detailUrl}/status.json`, { headers: { Cookie: cookie } })).json()) as { status: string };
    expect(['sending', 'sent']).toContain(status.status);
    // Opened again from the same address once it has gone to everyone: it says it has finished.
    await env.DB.prepare("UPDATE updates SET status = 'sent' WHERE id = ?").bind(id).run();
    const finished = await (await SELF.fetch(`${ORIGIN}${sending.headers.get('Location')}`, { headers: { Cookie: cookie } })).text();
    expect(finished).toContain('Sending has finished: the figures below are final.');
    expect(finished).not.toContain('Sending has started.');
  });

  it('edits a draft in the compose form, filled in, with per-field errors; a sent update can no longer be edited', async () => {
    const cookie = await session();
    const [partner, other] = [await newPartner(), await newPartner()];
    await seed(1, { partner });
    await seed(3, { partner: other });
    const created = await form(cookie, '/admin/updates', `subject_en=Helo&body_en=${encodeURIComponent('Typo & all')}&partners=${partner}`);
    expect(created.headers.get('Location')).toMatch(/\?saved&lang=en$/);
    const detailUrl = created.headers.get('Location')!.split('?')[0]!;
    const detail = await (await SELF.fetch(`${ORIGIN}${detailUrl}`, { headers: { Cookie: cookie } })).text();
    expect(detail).toContain(`<a class="button button--secondary" href="${detailUrl}/edit?lang=en">Edit draft</a>`);

    const editor = await SELF.fetch(`${ORIGIN}${detailUrl}/edit`, { headers: { Cookie: cookie } });
    expect(editor.status).toBe(200);
    expect(editor.headers.get('Content-Security-Policy')).toMatch(/frame-ancestors 'none'/);
    const page = await editor.text();
    expect(page).toContain(`<form method="post" action="${detailUrl}/edit" novalidate>`);
    expect(page).toContain('value="Helo"');
    expect(page).toContain('>Typo &amp; all</textarea>');
    expect(page).toMatch(new RegExp(`value="${partner}" checked`));
    expect(page).not.toMatch(new RegExp(`value="${other}" checked`));

    const bad = await form(cookie, `${detailUrl}/edit`, `subject_en=&body_en=x&partners=${partner}`);
    expect(bad.status).toBe(422);
    const badPage = await bad.text();
    expect(badPage).toContain('<a href="#subject_en">Enter the English subject</a>');
    expect(badPage).toContain(`action="${detailUrl}/edit"`);
    expect((await SELF.fetch(`${ORIGIN}${detailUrl}/edit`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'subject_en=x&body_en=y' })).status).toBe(403);

    expect(page).toContain('<input type="hidden" name="revision" value="0" />');
    const saved = await form(cookie, `${detailUrl}/edit`, `revision=0&subject_en=Hello&body_en=${encodeURIComponent('Fixed & sent')}&partners=${partner}&partners=${other}`);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe(`${detailUrl}?saved&lang=en`);
    const after = await (await SELF.fetch(`${ORIGIN}${detailUrl}?saved`, { headers: { Cookie: cookie } })).text();
    expect(after).toContain('<h1 lang="en">Hello</h1>');
    expect(after).toContain('Draft saved.');
    expect(after).toContain('Send to 4 people');
    expect(after).toContain('<input type="hidden" name="revision" value="1" />');
    const id = detailUrl.split('/').pop()!;
    const audit = await env.DB.prepare('SELECT action, actor FROM update_audit WHERE update_id = ? ORDER BY seq').bind(id).all();
    expect(audit.results).toEqual([{ action: 'create', actor: 'dashboard' }, { action: 'edit', actor: 'dashboard' }]);

    // Someone else changes the draft (here over the API) while this maintainer's pages are open.
    expect((await api(`/${id}`, { method: 'PUT', body: JSON.stringify({ subject: { en: 'Their subject' }, body: { en: 'Theirs' }, audience: { partners: [other] } }) })).status).toBe(200);
    // Sending what was previewed at revision 1 sends nothing: the page comes back with theirs to check.
    const stale = await form(cookie, `${detailUrl}/send`, 'revision=1');
    expect(stale.status).toBe(409);
    const stalePage = await stale.text();
    expect(stalePage).toContain('Not sent: this draft was changed after you opened it.');
    expect(stalePage).toContain('<h1 lang="en">Their subject</h1>');
    expect(stalePage).toContain('<input type="hidden" name="revision" value="2" />');
    expect(await env.DB.prepare('SELECT status FROM updates WHERE id = ?').bind(id).first('status')).toBe('draft');
    // Saving an edit made from revision 1 keeps theirs and says so, with this maintainer's text kept.
    const clash = await form(cookie, `${detailUrl}/edit`, `revision=1&subject_en=Mine&body_en=Mine&partners=${partner}`);
    expect(clash.status).toBe(409);
    const clashPage = await clash.text();
    expect(clashPage).toContain('Someone else changed this draft after you opened it.');
    expect(clashPage).toContain('value="Mine"');
    expect(clashPage).toContain('<input type="hidden" name="revision" value="2" />');
    expect(await env.DB.prepare('SELECT subject_en, revision FROM updates WHERE id = ?').bind(id).first()).toEqual({ subject_en: 'Their subject', revision: 2 });
    // A page without a well-formed revision is out of date, never unchecked: nothing is sent or saved.
    for (const body of ['', 'revision=-1', 'revision=abc', 'revision=2&revision=2', 'revision=99999999999999999999']) {
      expect((await form(cookie, `${detailUrl}/send`, body)).status, body).toBe(409);
      expect((await form(cookie, `${detailUrl}/edit`, `${body}&subject_en=Sneaky&body_en=x`)).status, body).toBe(409);
    }
    expect(await env.DB.prepare('SELECT status, subject_en, revision FROM updates WHERE id = ?').bind(id).first()).toEqual({ status: 'draft', subject_en: 'Their subject', revision: 2 });
    // Saved again knowingly, from the revision shown: this version replaces theirs.
    expect((await form(cookie, `${detailUrl}/edit`, `revision=2&subject_en=Hello&body_en=${encodeURIComponent('Fixed & sent')}&partners=${partner}&partners=${other}`)).status).toBe(303);

    expect((await form(cookie, `${detailUrl}/send`, 'revision=3&confirm=yes')).status).toBe(303);
    expect((await SELF.fetch(`${ORIGIN}${detailUrl}/edit`, { redirect: 'manual', headers: { Cookie: cookie } })).headers.get('Location')).toBe(`${detailUrl}?lang=en`);
    const late = await form(cookie, `${detailUrl}/edit`, `subject_en=Too%20late&body_en=x`);
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('Not saved: this update is already being sent or sent, and only a draft can be changed.');
    // Even an invalid form says so first: correcting it could not help.
    expect((await form(cookie, `${detailUrl}/edit`, 'subject_en=&body_en=')).status).toBe(409);
    expect(await env.DB.prepare('SELECT subject_en FROM updates WHERE id = ?').bind(id).first('subject_en')).toBe('Hello');
  });

  it('keeps a draft aimed at a society disabled since aimed at it: shown ticked and marked, and saved unchanged as it was', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(2, { partner });
    await seed(3, { partner: await newPartner() });
    const { id } = await createDraft(partner);
    await env.DB.prepare('UPDATE partners SET active = 0 WHERE id = ?').bind(partner).run();
    const edit = await (await SELF.fetch(`${ORIGIN}/admin/updates/${id}/edit?lang=en`, { headers: { Cookie: cookie } })).text();
    expect(edit).toMatch(new RegExp(`value="${partner}" checked[^>]*>\\s*<label[^>]*>Test society ${partner} \\(${partner.toUpperCase()}\\) \\(disabled; its pledgers still get the update\\)`));
    const esEdit = await (await SELF.fetch(`${ORIGIN}/admin/updates/${id}/edit?lang=es`, { headers: { Cookie: cookie } })).text();
    expect(esEdit).toContain('(desactivada; quienes firmaron con ella siguen recibiendo la novedad)');
    // The form posted as shown (only the subject changed) keeps the audience: not every society.
    const revision = edit.match(/name="revision" value="(\d+)"/)![1];
    const saved = await form(cookie, `/admin/updates/${id}/edit`, `revision=${revision}&subject_en=Fixed%20typo&body_en=Hello&partners=${partner}`);
    expect(saved.status).toBe(303);
    expect(JSON.parse((await env.DB.prepare('SELECT audience FROM updates WHERE id = ?').bind(id).first<string>('audience'))!).partners).toEqual([partner]);
    const detail = await (await SELF.fetch(`${ORIGIN}/admin/updates/${id}?lang=en`, { headers: { Cookie: cookie } })).text();
    expect(detail).toContain(`societies: ${partner.toUpperCase()}`);
    expect(detail).toMatch(/<strong id="fig-recipients">2<\/strong>/);
  });

  it('asks before lifting a suppression, lists what maintainers changed, and records a stop asked by mail', async () => {
    const cookie = await session();
    const partner = await newPartner();
    const [reader] = await seed(1, { partner });
    await suppress(env, reader!.email, 'complaint', 'test');
    const hash = (await env.DB.prepare('SELECT address_hash FROM email_suppressions ORDER BY created_at DESC LIMIT 1').first<string>('address_hash'))!;
    const ask = await form(cookie, '/admin/updates/suppressions/lift', `hash=${hash}&ui_lang=es`);
    expect(ask.status).toBe(200);
    const askPage = await ask.text();
    expect(askPage).toContain(`¿Levantar la exclusión ${hash.slice(0, 12)}…?`);
    expect(askPage).toContain('Su titular marcó uno de nuestros correos como spam.');
    expect(askPage).toContain('<input type="hidden" name="confirm" value="yes" />');
    // Its button posts the lift itself, for this hash.
    expect(askPage).toMatch(new RegExp(`<form method="post" action="/admin/updates/suppressions/lift">[\\s\\S]*name="hash" value="${hash}"[\\s\\S]*name="confirm" value="yes"[\\s\\S]*>Levantar la exclusión</button>`));
    expect(await isSuppressed(env, reader!.email)).toBe(true);
    const lifted = await form(cookie, '/admin/updates/suppressions/lift', `hash=${hash}&confirm=yes&ui_lang=en`);
    expect(await lifted.text()).toContain(`Suppression ${hash.slice(0, 12)}… lifted`);
    expect(await isSuppressed(env, reader!.email)).toBe(false);
    // Already lifted: the same press again says so, without asking first.
    expect((await form(cookie, '/admin/updates/suppressions/lift', `hash=${hash}`)).status).toBe(400);

    const stop = await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(reader!.email)}&action=unsubscribe`);
    expect(stop.status).toBe(200);
    const page = await stop.text();
    const changes = page.slice(page.indexOf('Recent changes by maintainers'));
    expect(withoutCellRoles(changes)).toMatch(new RegExp(`Updates stopped \\(asked by mail\\)</td><td><code class="hash">[0-9a-f]{12}…</code></td><td>the dashboard</td>[\\s\\S]*Suppression lifted</td><td><code class="hash">${hash.slice(0, 12)}…`));
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM update_audit WHERE update_id IS NULL AND action = 'stop-updates'`).first('n')).toBeGreaterThan(0);
    // The second press lifted nothing, and is not in the list as if it had.
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM update_audit WHERE update_id IS NULL AND action = 'lift-suppression' AND detail = ?`).bind(hash.slice(0, 12)).first('n')).toBe(1);
    // Suppressing an address already suppressed records nothing either.
    await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(reader!.email)}&action=suppress&confirm=yes`);
    await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(reader!.email)}&action=suppress&confirm=yes`);
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM update_audit WHERE update_id IS NULL AND action = 'add-suppression' AND detail = ?`).bind(hash.slice(0, 12)).first('n')).toBe(1);
  });

  it('asks before suppressing an address, in the page\'s language, and only its answer suppresses', async () => {
    const cookie = await session();
    const [reader] = await seed(1, { partner: await newPartner() });
    const email = reader!.email;
    for (const [lang, heading, button, back] of [
      ['en', `Suppress ${email}?`, 'Suppress this address', 'Do not suppress it'],
      ['es', `¿Excluir ${email}?`, 'Excluir esta dirección', 'No excluirla'],
    ] as const) {
      const ask = await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(email)}&action=suppress&ui_lang=${lang}`);
      expect(ask.status).toBe(200);
      const page = await ask.text();
      expect(page).toContain(`<html lang="${lang}">`);
      // The question is the page's heading, focused on load, and its form posts the answer.
      expect(page).toContain(`<h1 tabindex="-1" autofocus>${heading}</h1>`);
      expect(page).toMatch(new RegExp(`<form method="post" action="/admin/updates/suppressions/lookup">[\\s\\S]*name="email" value="${email.replace(/[.+]/g, '\\$&')}"[\\s\\S]*name="action" value="suppress"[\\s\\S]*name="confirm" value="yes"[\\s\\S]*>${button}</button>`));
      expect(page).toContain(`href="/admin/updates?lang=${lang}#suppressions">${back}</a>`);
      expect(await isSuppressed(env, email)).toBe(false);
    }
    const done = await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(email)}&action=suppress&confirm=yes`);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('That address is now suppressed: it gets no more email.');
    expect(await isSuppressed(env, email)).toBe(true);
    // The list says who added it in the page's words (it showed the code "dashboard" in both languages).
    for (const [lang, words] of [['en', 'the dashboard'], ['es', 'el panel']] as const) {
      const list = withoutCellRoles(await (await SELF.fetch(`https://pledge.test/admin/updates?lang=${lang}`, { headers: { Cookie: cookie } })).text());
      const table = list.slice(list.indexOf('id="suppressions-caption"'), list.indexOf('</table>', list.indexOf('id="suppressions-caption"')));
      expect(table, lang).toContain(`<td>${words}</td>`);
      expect(table, lang).not.toContain('<td>dashboard</td>');
    }
    // Automatic suppressions say what happened too, not the stored code (every source the webhooks and
    // the outbox's refusals write; a code of a transport still to come reads sensibly).
    const tag = crypto.randomUUID().slice(0, 8);
    const automatic = [
      ['resend', 'Resend reported it (webhook)', 'Resend lo notificó (webhook)'],
      ['postmark', 'Postmark reported it (webhook)', 'Postmark lo notificó (webhook)'],
      ['postmark-refused', 'Postmark refused to send to it (suppressed there)', 'Postmark se negó a enviarle correo (excluida allí)'],
      // The send_email binding as wrangler.jsonc configures it (EMAIL_TRANSPORT "cloudflare"), and with EMAIL_TRANSPORT unset.
      ['cloudflare-refused', 'Cloudflare (send_email) refused to send to it (suppressed there)', 'Cloudflare (send_email) se negó a enviarle correo (excluida allí)'],
      ['send_email-refused', 'Cloudflare (send_email) refused to send to it (suppressed there)', 'Cloudflare (send_email) se negó a enviarle correo (excluida allí)'],
      ['mailgun-refused', 'mailgun refused to send to it (suppressed there)', 'mailgun se negó a enviarle correo (excluida allí)'],
      ['bench', 'bench', 'bench'],
    ] as const;
    for (const [source] of automatic) await suppress(env, `auto.${source}.${tag}@example.org`, 'bounce', source);
    for (const [lang, reason, i] of [['en', 'Hard bounce', 1], ['es', 'Rebote permanente', 2]] as const) {
      const list = withoutCellRoles(await (await SELF.fetch(`https://pledge.test/admin/updates?lang=${lang}`, { headers: { Cookie: cookie } })).text());
      for (const row of automatic) {
        const hash = (await addressHash(env, `auto.${row[0]}.${tag}@example.org`)).slice(0, 12);
        expect(list, `${lang} ${row[0]}`).toMatch(new RegExp(`${hash}…</code></th><td>${reason}</td>\\s*<td>${row[i].replace(/[()]/g, '\\$&')}</td>`));
      }
    }
    // Already suppressed: nothing to ask, said at once.
    const again = await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(email)}&action=suppress`);
    expect(await again.text()).toContain('That address was already suppressed.');
  });

  it("finds an address suppressed under its mailbox (a +tag variant looked up) and one listed under the exact address before mailboxes were folded", async () => {
    const cookie = await session();
    const tag = crypto.randomUUID().slice(0, 8);
    await suppress(env, `look.${tag}@example.org`, 'complaint', 'test');
    const variant = await (await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(`Look.${tag}+news@example.org`)}&action=find`)).text();
    expect(variant).toContain('That address is suppressed (complaint, since');
    await env.DB.prepare(`INSERT INTO email_suppressions (address_hash, reason, source) VALUES (?, 'bounce', 'test')`)
      .bind(await keyedHash(env, 'suppression', `old+${tag}@example.org`))
      .run();
    const legacy = await (await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(`old+${tag}@example.org`)}&action=find`)).text();
    expect(legacy).toContain('That address is suppressed (bounce, since');
  });

  it('keeps the address looked up in its field, so "Stop updates only" or "Suppress" is the next press, not a retyping', async () => {
    const cookie = await session();
    const email = `kept.${crypto.randomUUID().slice(0, 8)}@example.org`;
    for (const lang of ['en', 'es']) {
      const found = await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(email)}&action=find&ui_lang=${lang}`);
      expect(found.status).toBe(200);
      const page = await found.text();
      expect(page).toContain(lang === 'en' ? 'That address is not suppressed' : 'Esa dirección no está excluida');
      expect(page).toContain(`id="suppress-email" name="email" value="${email}"`);
    }
  });

  it('keeps what was typed when an address is refused, and takes a test address with an accented domain', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(1, { partner });
    const { id } = await createDraft(partner);
    await suppress(env, 'blocked@example.org', 'bounce', 'test');
    const refused = await (await form(cookie, `/admin/updates/${id}/test`, 'test_to=Blocked%40example.org&lang=en')).text();
    expect(refused).toContain('value="Blocked@example.org"');
    const none = await form(cookie, '/admin/updates/suppressions/lookup', 'email=nobody.here%40example.org&action=unsubscribe');
    expect(none.status).toBe(422);
    const nonePage = await none.text();
    expect(nonePage).toMatch(/id="suppress-email" name="email" value="nobody.here@example.org"[^>]*aria-invalid="true"/);
    expect(nonePage).toContain('<p class="error-message" id="suppress-email-error"><span class="visually-hidden">Error:</span> No pledge has that address: there are no updates to stop.</p>');
    // A pledger's address at an internationalised top-level domain (as pledges accept it) can be tested.
    expect((await form(cookie, `/admin/updates/${id}/test`, `test_to=${encodeURIComponent('ivan@пример.рф')}&lang=en`)).status).toBe(303);
    const accented = await form(cookie, `/admin/updates/${id}/test`, `test_to=${encodeURIComponent('ana@münchen.de')}&lang=en`);
    expect(accented.status, await accented.clone().text()).toBe(303);
  });

  it('"Send test" pressed twice sends one test, and says so; another address, version or wording, a failed test or a minute later sends again', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(1, { partner });
    const { id } = await createDraft(partner);
    const sent: string[] = [];
    let refuse = false;
    const EMAIL = {
      send: async (m: { to: string; raw?: string }) => {
        if (refuse) throw new Error('Service temporarily unavailable'); // refused for now: not taken
        sent.push(m.to);
      },
    } as unknown as SendEmail;
    // Through the Worker with EMAIL counting what goes (the form as the page posts it).
    const press = (body: string) =>
      fetchWithEnv(
        new Request(`${ORIGIN}/admin/updates/${id}/test`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body }),
        { EMAIL },
      );
    const tests = async () => Number(await env.DB.prepare(`SELECT count(*) AS n FROM update_audit WHERE update_id = ? AND action = 'test'`).bind(id).first('n'));

    expect((await press('test_to=Editor%40example.org&lang=en&ui_lang=en')).status).toBe(303);
    const again = await press('test_to=editor%40example.org&lang=en&ui_lang=en');
    expect(again.status).toBe(200);
    const page = await again.text();
    expect(page).toContain('The same test (this update as it is now, for readers in English) was asked for, for editor@example.org, less than a minute ago, so it was not sent again; “History of this update” below says whether it went');
    expect(page).toContain('role="status"'); // a banner, not an error: what was asked for has happened
    expect(page).toContain('value="editor@example.org"');
    expect(sent).toEqual(['editor@example.org']);
    expect(await tests()).toBe(1); // nothing done, nothing recorded
    // In Spanish, from the Spanish page.
    const es = await (await press('test_to=editor%40example.org&lang=en&ui_lang=es')).text();
    expect(es).toContain('La misma prueba (esta novedad tal como está ahora, para lectores en inglés) se pidió para editor@example.org hace menos de un minuto, así que no se volvió a enviar; «Historial de esta novedad», más abajo, dice si salió');
    expect(sent).toHaveLength(1);

    // Another version, another address: each a test of its own, at once (and each once).
    expect((await press('test_to=editor%40example.org&lang=es')).status).toBe(303);
    expect((await press('test_to=other%40example.org&lang=en')).status).toBe(303);
    expect((await press('test_to=other%40example.org&lang=en')).status).toBe(200);
    expect(sent).toEqual(['editor@example.org', 'editor@example.org', 'other@example.org']);

    // Two presses arriving together: one test.
    const both = await Promise.all([press('test_to=both%40example.org&lang=en'), press('test_to=both%40example.org&lang=en')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 303]);
    expect(sent.filter((to) => to === 'both@example.org')).toHaveLength(1);

    // The draft edited: its new wording is tested at once.
    expect((await api(`/${id}`, { method: 'PUT', body: JSON.stringify(draftBody(partner, { subject: { en: 'Corrected news', es: 'Noticias corregidas' } })) })).status).toBe(200);
    expect((await press('test_to=editor%40example.org&lang=en')).status).toBe(303);
    expect(sent.filter((to) => to === 'editor@example.org')).toHaveLength(3);

    // A test the provider refused (not taken) can be asked for again at once, and then goes.
    refuse = true;
    expect(await (await press('test_to=retry%40example.org&lang=en')).text()).toContain('The test could not be sent');
    refuse = false;
    expect((await press('test_to=retry%40example.org&lang=en')).status).toBe(303);
    expect(sent.filter((to) => to === 'retry@example.org')).toHaveLength(1);

    // A minute later, the same test goes again.
    await env.DB.prepare('UPDATE update_tests SET sent_at = sent_at - 60000 WHERE update_id = ?').bind(id).run();
    expect((await press('test_to=retry%40example.org&lang=en')).status).toBe(303);
    expect(sent.filter((to) => to === 'retry@example.org')).toHaveLength(2);
    // Nothing of the address is kept.
    const kept = await env.DB.prepare('SELECT * FROM update_tests WHERE update_id = ?').bind(id).all();
    expect(JSON.stringify(kept.results)).not.toContain('example.org');
    // …and what is kept goes with its minute, by the Cron's pruning if no other test comes.
    expect(kept.results.length).toBeGreaterThan(0);
    await pruneTests(env.DB, Date.now() + 61_000);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM update_tests WHERE update_id = ?').bind(id).first('n'))).toBe(0);
  });

  it('"Send test" whose hand-off ends without an answer says it may have gone, and a second press or a retried request does not send it again', async () => {
    const cookie = await session();
    const partner = await newPartner();
    await seed(1, { partner });
    const { id } = await createDraft(partner);
    const handed: string[] = [];
    let silent = true;
    const EMAIL = {
      send: async (m: { to: string }) => {
        handed.push(m.to);
        // The binding failed without saying why (a dropped connection): the provider may have it.
        if (silent) throw new Error('Internal error');
      },
    } as unknown as SendEmail;
    const press = (body: string) =>
      fetchWithEnv(
        new Request(`${ORIGIN}/admin/updates/${id}/test`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body }),
        { EMAIL },
      );
    const first = await press('test_to=editor%40example.org&lang=en&ui_lang=en');
    expect(first.status).toBe(200);
    const page = await first.text();
    expect(page).toContain('The email service did not say whether it took the test (the connection failed mid-way), so it may have reached editor@example.org, or not. It is not sent again on its own');
    expect(page).not.toContain('The test could not be sent');
    expect(page).toContain('English, outcome unknown'); // its history says so
    // Pressed again (or the form sent again), even with the provider answering now: not handed over a second time.
    silent = false;
    const again = await press('test_to=editor%40example.org&lang=en&ui_lang=es');
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('se pidió para editor@example.org hace menos de un minuto, así que no se volvió a enviar');
    expect(handed).toEqual(['editor@example.org']);
    // In Spanish, the first answer reads as clearly, and the history too.
    silent = true;
    const es = await (await press('test_to=otra%40example.org&lang=en&ui_lang=es')).text();
    expect(es).toContain('El servicio de correo no dijo si aceptó la prueba (la conexión falló a mitad), así que puede haber llegado a otra@example.org, o no.');
    expect(es).toContain('inglés, resultado desconocido');

    // Over the API: `unknown`, then `repeat`, one hand-off.
    const put = () =>
      fetchWithEnv(
        new Request(`https://pledge.test/api/admin/updates/${id}`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(draftBody(partner, { test_to: 'api@example.org' })),
        }),
        { EMAIL },
      ).then(async (r) => ((await r.json()) as { test: string }).test);
    expect(await put()).toBe('unknown');
    silent = false;
    expect(await put()).toBe('repeat');
    expect(handed.filter((to) => to === 'api@example.org')).toHaveLength(1);
  });

  it('stops updates only for an address asked by mail (the unsubscribe mailbox), leaving its other emails', async () => {
    const cookie = await session();
    const partner = await newPartner();
    const [reader] = await seed(1, { partner });
    const [other] = await seed(1, { partner });
    const stop = await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(reader!.email.toUpperCase())}&action=unsubscribe&ui_lang=es`);
    expect(stop.status).toBe(200);
    expect(await stop.text()).toContain('Ya no se envían novedades a esa dirección (1 compromiso)');
    expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(reader!.id).first('updates')).toBe(0);
    expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(other!.id).first('updates')).toBe(1);
    // Not a suppression: confirmations and the like still go to that address.
    const found = await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(reader!.email)}&action=find`);
    // …and the lookup does not leave it at "not suppressed", which read as "gets updates".
    expect(await found.text()).toContain('That address is not suppressed, but it gets no updates: its pledger did not ask for them or unsubscribed, or its pledge is held for review.');
    // Flagged is not "gets updates", whatever it asked for: the audience's own rule.
    await env.DB.prepare('UPDATE pledges SET flagged = 1 WHERE id = ?').bind(other!.id).run();
    expect(await (await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(other!.email)}&action=find`)).text()).toContain('or its pledge is held for review.');
    await env.DB.prepare("UPDATE pledges SET flagged = 0, status = 'pending' WHERE id = ?").bind(other!.id).run();
    expect(await (await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(other!.email)}&action=find`)).text()).toContain('its pledge asked for updates and gets them once it is confirmed.');
    await env.DB.prepare("UPDATE pledges SET status = 'confirmed' WHERE id = ?").bind(other!.id).run();
    const getting = await form(cookie, '/admin/updates/suppressions/lookup', `email=${encodeURIComponent(other!.email)}&action=find&ui_lang=es`);
    expect(await getting.text()).toContain('Esa dirección no está excluida, y recibe novedades.');
    const nobody = await form(cookie, '/admin/updates/suppressions/lookup', 'email=nobody%40example.org&action=find');
    expect(await nobody.text()).toContain('That address is not suppressed, and no pledge has it.');
    const none = await form(cookie, '/admin/updates/suppressions/lookup', 'email=nobody%40example.org&action=unsubscribe');
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('No pledge has that address: there are no updates to stop.');
  });
});
