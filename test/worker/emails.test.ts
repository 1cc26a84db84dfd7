import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF, type QueueResult } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { EMAIL_STRINGS } from '../../src/i18n/email.ts';
import { STRINGS } from '../../src/i18n/index.ts';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { PLEDGE_EMAILS } from '../../worker/pledges/emails.ts';
import { sendOutboxRow, type EmailJob } from '../../worker/platform/outbox/send-outbox.ts';
import worker from '../../worker/index.ts';
import { sweepOutbox } from '../../worker/platform/outbox/sweep.ts';
import { EmailSendError, type EmailTransport } from '../../worker/platform/outbox/transport.ts';
import type { PledgeMessage } from '../../worker/pledges/message.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import { makeToken } from '../../worker/platform/tokens.ts';

function message(overrides: Partial<PledgeMessage['pledge']> = {}): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner: 'rsna', name: 'Mail Person', email: `mail.${crypto.randomUUID()}@example.org`, role: 'nurse', commitment: true, ...overrides },
    flag: null,
    ipHash: null,
    receivedAt: new Date().toISOString(),
  };
}

/** The send_email binding (the provider, beyond this machine): records what it is given, fails its first `failFirst` sends. */
function failingBinding(failFirst = 0) {
  const delivered: Record<string, unknown>[] = [];
  let calls = 0;
  const binding = {
    async send(msg: Record<string, unknown>) {
      calls++;
      if (calls <= failFirst) throw new Error('service temporarily unavailable');
      delivered.push(msg);
      return { messageId: `m${calls}` };
    },
  } as unknown as SendEmail;
  return { binding, delivered, calls: () => calls };
}

/**
 * Delivers outbox ids to the real email consumer as one queue batch; returns what it acked and
 * retried (message ids are indexes), with the delay each retry asked for.
 */
async function consume(outboxIds: string[], consumerEnv: Env): Promise<QueueResult & { delays: Map<string, number | undefined> }> {
  const batch = createMessageBatch<EmailJob>(
    'rhec-emails',
    outboxIds.map((outboxId, i) => ({ id: String(i), timestamp: new Date(), attempts: 1, body: { outboxId } })),
  );
  // The test batch does not keep a retry's delay: note it on the way through.
  const delays = new Map<string, number | undefined>();
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    m.retry = (options?: QueueRetryOptions) => {
      delays.set(m.id, options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<never>, consumerEnv);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

/** Stands in for the email provider (beyond this machine): records what it was given, fails on demand. */
function recordingTransport(failFirst = 0) {
  const delivered: { key: string; email: OutgoingEmail }[] = [];
  let calls = 0;
  const transport: EmailTransport = {
    async send(email, key) {
      calls++;
      if (calls <= failFirst) throw new EmailSendError('temporary', 'http_503');
      delivered.push({ key, email });
    },
  };
  return { transport, delivered, calls: () => calls };
}

const outbox = (pledgeId: string) =>
  env.DB.prepare('SELECT id, kind, status, attempts FROM email_outbox WHERE pledge_id = ? ORDER BY created_at').bind(pledgeId).all<{ id: string; kind: string; status: string; attempts: number }>().then((r) => r.results);

async function post(path: string, form: Record<string, string>) {
  return SELF.fetch(`https://pledge.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

const counts = (partner: string) =>
  env.DB.prepare('SELECT confirmed, pending, withdrawn FROM pledge_counts WHERE partner_id = ?').bind(partner).first();

describe('confirmation emails', () => {
  it('sends every one of M confirmations exactly once through failures, redelivery and a consumer that dies', async () => {
    const M = 20;
    const messages = Array.from({ length: M }, () => message());
    const outboxIds = await storePledges(env.DB, messages);
    await storePledges(env.DB, messages); // the pledge batch redelivered: no new outbox rows
    expect(outboxIds).toHaveLength(M);

    // The real email consumer (worker.queue), with only the provider stubbed: the send_email
    // binding, which fails its first 7 sends as a provider having a bad minute would.
    const provider = failingBinding(7);
    const consumerEnv = { ...env, EMAIL: provider.binding };
    let queue = [...outboxIds, ...outboxIds.slice(0, 5)]; // at-least-once: some messages arrive twice

    // One row's consumer died after claiming it and before sending: it sits in 'sending'.
    const stuck = outboxIds[M - 1]!;
    await env.DB.prepare(`UPDATE email_outbox SET status = 'sending', updated_at = '2000-01-01T00:00:00.000Z' WHERE id = ?`).bind(stuck).run();

    let retried = 0;
    for (let round = 0; queue.length && round < 20; round++) {
      const batch = queue.splice(0, 10);
      if (round === 0) {
        // This consumer dies after handling half of its first batch: nothing in the batch is
        // acked, so the queue delivers the whole batch again.
        await consume(batch.slice(0, 5), consumerEnv);
        queue.push(...batch);
        continue;
      }
      const result = await consume(batch, consumerEnv);
      // Every message is either acked or retried with the backoff, never both, never neither.
      expect(result.explicitAcks.length + result.retryMessages.length).toBe(batch.length);
      for (const r of result.retryMessages) expect(result.delays.get(r.msgId)).toBe(10); // first failure: 10 s
      retried += result.retryMessages.length;
      queue.push(...result.retryMessages.map((r) => batch[Number(r.msgId)]!));
    }
    expect(retried).toBeGreaterThan(0); // the provider's failures were retried, not acked away
    // The sweeper finds the row whose consumer died mid-send and enqueues it.
    const swept: string[] = [];
    const recorder = { sendBatch: async (msgs: { body: { outboxId: string } }[]) => void swept.push(...msgs.map((m) => m.body.outboxId)) };
    await sweepOutbox({ ...env, EMAIL_QUEUE: recorder as unknown as Queue }, Date.now());
    expect(swept).toEqual([stuck]);
    await consume(swept, consumerEnv);

    const perAddress = new Map<string, number>();
    for (const d of provider.delivered) perAddress.set(d.to as string, (perAddress.get(d.to as string) ?? 0) + 1);
    expect(perAddress.size).toBe(M);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    expect(provider.calls()).toBe(M + 7);
    for (const m of messages) expect(await outbox(m.id)).toMatchObject([{ kind: 'confirm', status: 'sent' }]);
  });

  it('gives up on a permanent failure without retrying, and records only an error code', async () => {
    const m = message();
    const [id] = await storePledges(env.DB, [m]);
    const transport: EmailTransport = { send: async () => Promise.reject(new EmailSendError('permanent', 'http_422')) };
    expect(await sendOutboxRow(env, id!, PLEDGE_EMAILS, transport)).toBe('failed');
    expect(await outbox(m.id)).toMatchObject([{ status: 'failed', attempts: 1 }]);
    const row = await env.DB.prepare('SELECT last_error FROM email_outbox WHERE id = ?').bind(id).first('last_error');
    expect(row).toBe('http_422');
  });

  it('writes accessible HTML and plain text in the pledge\'s language, never echoing the name typed', async () => {
    // Stored straight from the queue, as if it had passed an older, laxer check: whatever a
    // name holds, an email sent before its owner confirms never carries it.
    const phishing = 'colleague. URGENT: your account is suspended, verify at https://evil.example/login now';
    const m = message({ name: phishing, lang: 'es' });
    const [id] = await storePledges(env.DB, [m]);
    const { transport, delivered } = recordingTransport();
    await sendOutboxRow(env, id!, PLEDGE_EMAILS, transport);
    const email = delivered[0]!.email;
    expect(email.to).toBe(m.pledge.email);
    expect(email.subject).toBe('Confirme su compromiso con la equidad en salud');
    expect(email.html).toContain('<html lang="es" dir="ltr">');
    expect(email.text.split('\n')[0]).toBe('Hola:');
    expect(email.html).toContain('<p>Hola:</p>');
    // The coalition's English name marked as English inside Spanish sentences (a screen reader says it so); not in the text part.
    expect(email.html).toContain('<p>Gracias por firmar el compromiso de la <span lang="en">Radiology Health Equity Coalition</span>:</p>');
    expect(email.html).toContain('<p>La <span lang="en">Radiology Health Equity Coalition</span></p>');
    expect(email.text).not.toContain('<span');
    // The commitment quoted as Spanish quotes it.
    expect(email.text).toContain(`\n«${STRINGS.es.commitmentText}»\n`);
    // One heading names the email, inside its main landmark, as a screen reader's outline reads it.
    expect(email.html).toMatch(/<main [^>]*>\s*<h1 [^>]*>Confirme su compromiso con la equidad en salud<\/h1>\s*<p>Hola:<\/p>/);
    for (const part of [email.text, email.html, email.subject]) {
      expect(part).not.toContain('URGENT');
      expect(part).not.toContain('evil.example');
    }
    expect(email.text).toMatch(/http:\/\/localhost:8787\/confirm\?lang=es&t=v1\./);
    expect(email.text).toMatch(/http:\/\/localhost:8787\/withdraw\?lang=es&t=v1\./);
  });

  it('promises updates only to those who asked for them, and gives everyone the way to change their mind', async () => {
    const asked = message({ updates: true });
    const not = message({ updates: false, lang: 'es' });
    const ids = await storePledges(env.DB, [asked, not]);
    const { transport, delivered } = recordingTransport();
    for (const id of ids) await sendOutboxRow(env, id, PLEDGE_EMAILS, transport);
    const to = (m: PledgeMessage) => delivered.find((d) => d.email.to === m.pledge.email)!.email;
    expect(to(asked).text).toContain('We commit to keep you informed');
    expect(to(asked).html).toContain('We commit to keep you informed');
    expect(to(not).text).not.toContain(EMAIL_STRINGS.es.keepInformed);
    expect(EMAIL_STRINGS.es.keepInformed).toContain('Nos comprometemos');
    expect(to(not).text).toContain('No pidió recibir novedades, así que solo le escribiremos sobre este compromiso.');
    expect(to(not).html).toContain('No pidió recibir novedades');
    // ...and says how to opt in later: a signed link to their email preferences, which turns updates on.
    const later = to(not).text.match(/Para recibir novedades más adelante, actívelas en sus preferencias de correo:\n(http:\/\/localhost:8787\/preferences\?lang=es&t=\S+)/)?.[1];
    expect(later, to(not).text).toBeDefined();
    expect(to(not).html).toContain(`<a href="${later!.replaceAll('&', '&amp;')}" style="color:#1f4e8c">Preferencias de correo</a>`);
    // Those who asked can turn updates off before the first one arrives (each update carries its own link).
    const off = to(asked).text.match(/You can turn updates off at any time in your email preferences:\n(http:\/\/localhost:8787\/preferences\?lang=en&t=\S+)/)?.[1];
    expect(off, to(asked).text).toBeDefined();
    expect(to(asked).html).toContain(`<a href="${off!.replaceAll('&', '&amp;')}" style="color:#1f4e8c">Email preferences</a>`);
    const turnedOff = await SELF.fetch('https://pledge.test/preferences', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://pledge.test' },
      body: new URLSearchParams({ t: new URL(off!).searchParams.get('t')!, updates: 'no', lang: 'en' }),
    });
    expect(turnedOff.status).toBe(200);
    expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(asked.id).first('updates')).toBe(0);
    const token = new URL(later!).searchParams.get('t')!;
    const saved = await SELF.fetch('https://pledge.test/preferences', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://pledge.test' },
      body: new URLSearchParams({ t: token, updates: 'yes', lang: 'es' }),
    });
    expect(saved.status).toBe(200);
    expect(await env.DB.prepare('SELECT updates FROM pledges WHERE id = ?').bind(not.id).first('updates')).toBe(1);
  });

  it('answers a repeated pledge with a short "already pledged" email once confirmed, capped at three emails', async () => {
    const first = message();
    await storePledges(env.DB, [first]);
    await env.DB.prepare(`UPDATE pledges SET status = 'confirmed' WHERE id = ?`).bind(first.id).run();
    // Each repeat after the email before it went (one still waiting to go would say the same: no second one).
    const sendWaiting = () => env.DB.prepare(`UPDATE email_outbox SET status = 'sent' WHERE pledge_id = ? AND status = 'queued'`).bind(first.id).run();
    for (let i = 0; i < 4; i++) {
      await sendWaiting();
      await storePledges(env.DB, [message({ email: first.pledge.email })]);
    }
    const rows = await outbox(first.id);
    expect(rows.map((r) => r.kind)).toEqual(['confirm', 'already', 'already']);
  });

  it('lets someone who withdrew through their own link pledge again and get a confirmation, though the cap was reached', async () => {
    const { transport, delivered } = recordingTransport();
    const sendAll = async (id: string) => {
      for (const row of await outbox(id)) if (row.status === 'queued') await sendOutboxRow(env, row.id, PLEDGE_EMAILS, transport);
    };
    const first = message();
    await storePledges(env.DB, [first]);
    await sendAll(first.id);
    await env.DB.prepare(`UPDATE pledges SET status = 'confirmed' WHERE id = ?`).bind(first.id).run();
    for (let i = 0; i < 2; i++) {
      await storePledges(env.DB, [message({ email: first.pledge.email })]);
      await sendAll(first.id);
    }
    expect(delivered).toHaveLength(3); // the mailbox's three pledge emails

    const withdrawn = await SELF.fetch('https://pledge.test/withdraw', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://pledge.test' },
      body: new URLSearchParams({ t: await makeToken(env, first.id, 'withdraw') }).toString(),
    });
    expect(withdrawn.status).toBe(200);
    const again = message({ email: first.pledge.email.toUpperCase() });
    await storePledges(env.DB, [again]);
    await sendAll(again.id);
    expect(delivered).toHaveLength(4);
    expect(delivered[3]!.email.subject).toBe(EMAIL_STRINGS.en.confirmSubject);
    expect((await outbox(again.id)).map((r) => r.status)).toEqual(['sent']);
  });

  it('gives the "already pledged" note, which only a confirmed pledger gets, the signed "Tell us what you did" link; the confirmation has none', async () => {
    const first = message({ lang: 'es' });
    const [confirmId] = await storePledges(env.DB, [first]);
    await env.DB.prepare(`UPDATE pledges SET status = 'confirmed' WHERE id = ?`).bind(first.id).run();
    const [alreadyId] = await storePledges(env.DB, [message({ email: first.pledge.email })]);
    const { transport, delivered } = recordingTransport();
    await sendOutboxRow(env, confirmId!, PLEDGE_EMAILS, transport);
    await sendOutboxRow(env, alreadyId!, PLEDGE_EMAILS, transport);
    const [confirmation, already] = delivered.map((d) => d.email);
    expect(confirmation!.text).not.toContain('/actions?');
    const link = already!.text.match(/Cuéntenos qué hizo: (http:\/\/localhost:8787\/actions\?lang=es&t=\S+)/)?.[1];
    expect(link, already!.text).toBeDefined();
    expect(already!.html).toContain(`<a href="${link!.replaceAll('&', '&amp;')}" style="color:#1f4e8c;font-weight:700">Cuéntenos qué hizo</a>`);
    const page = await SELF.fetch(link!.replace('http://localhost:8787', 'https://pledge.test'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
  });

  it('still answers a repeated pledge after updates and check-ins went to that pledger: only the pledge\'s own emails count toward the cap', async () => {
    const first = message();
    await storePledges(env.DB, [first]);
    await env.DB.prepare(`UPDATE pledges SET status = 'confirmed' WHERE id = ?`).bind(first.id).run();
    for (const [kind, ref] of [['update', 'u-1'], ['update', 'u-2'], ['checkin', null]] as const) {
      await env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind, ref, status) VALUES (?, ?, ?, ?, 'sent')`).bind(`${kind}:${ref}:${first.id}`, first.id, kind, ref).run();
    }
    await storePledges(env.DB, [message({ email: first.pledge.email })]);
    expect((await outbox(first.id)).filter((r) => r.kind === 'confirm' || r.kind === 'already').map((r) => r.kind)).toEqual(['confirm', 'already']);
  });
});

describe('the confirm and withdraw links', () => {
  async function confirmedFlow() {
    const m = message({ partner: 'aur' });
    await storePledges(env.DB, [m]);
    return { m, confirm: await makeToken(env, m.id, 'confirm'), withdraw: await makeToken(env, m.id, 'withdraw') };
  }

  it('change nothing on GET (a mail scanner opening them), showing a button instead', async () => {
    const { m, confirm, withdraw } = await confirmedFlow();
    const page = await SELF.fetch(`https://pledge.test/confirm?t=${confirm}`);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('<form method="post" action="/confirm">');
    // What the link confirms, as stored now: the society, the role, the name as entered, whether updates were asked for.
    expect(body).toContain('<dl class="confirming"><dt>Through</dt><dd>Association of University Radiologists</dd><dt>As</dt><dd>Radiology nurse</dd><dt>Full name</dt><dd>Mail Person</dd><dt>Updates by email</dt><dd>No</dd></dl>');
    const es = await (await SELF.fetch(`https://pledge.test/confirm?lang=es&t=${confirm}`)).text();
    expect(es).toContain(`<dt>A través de</dt><dd lang="en">Association of University Radiologists</dd><dt>Como</dt><dd>${STRINGS.es.roles.nurse}</dd><dt>${STRINGS.es.nameLabel}</dt><dd>Mail Person</dd><dt>Novedades por correo</dt><dd>No</dd></dl>`);
    expect(page.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
    await SELF.fetch(`https://pledge.test/withdraw?t=${withdraw}`);
    const row = await env.DB.prepare('SELECT status, name FROM pledges WHERE id = ?').bind(m.id).first();
    expect(row).toEqual({ status: 'pending', name: 'Mail Person' });
  });

  it('show the name and organization as entered, where from and whether updates were asked for, as stored now, so a stranger\'s changes are seen before confirming', async () => {
    const m = message({ partner: 'aur', region: 'US-CA', updates: false });
    await storePledges(env.DB, [m]);
    const confirm = await makeToken(env, m.id, 'confirm');
    expect(await (await SELF.fetch(`https://pledge.test/confirm?t=${confirm}`)).text()).toContain('<dt>Where you work</dt><dd>California</dd><dt>Updates by email</dt><dd>No</dd></dl>');
    // Someone else pledges with the same address before it is confirmed: nothing changes until the confirmation
    // carrying their details goes to the mailbox (abuse.test.ts: one that cannot go changes nothing)…
    await storePledges(env.DB, [{ ...message({ partner: 'aur', email: m.pledge.email, name: 'Someone Else', organization: 'Their Text', region: 'US-VI', updates: true }), id: crypto.randomUUID() }]);
    expect(await (await SELF.fetch(`https://pledge.test/confirm?t=${confirm}`)).text()).toContain('<dt>Full name</dt><dd>Mail Person</dd><dt>Where you work</dt><dd>California</dd>');
    // …then the page shows what the link now confirms.
    expect(await sendOutboxRow(env, `confirm:${m.id}`, PLEDGE_EMAILS, { send: async () => {} })).toBe('sent');
    const page = await (await SELF.fetch(`https://pledge.test/confirm?lang=es&t=${confirm}`)).text();
    expect(page).toContain(
      `<dt>${STRINGS.es.nameLabel}</dt><dd>Someone Else</dd><dt>${STRINGS.es.organizationLabel}</dt><dd>Their Text</dd><dt>Dónde trabaja</dt><dd>Islas Vírgenes de los Estados Unidos</dd><dt>Novedades por correo</dt><dd>Sí</dd></dl>`,
    );
    // Shown as text (a name may hold & and quotes), and the owner is told what to do if it is not theirs.
    expect(page).toContain('¿No es lo que indicó? No lo confirme');
    // One colon to a sentence in Spanish (the second, after "no haga nada", says what follows from it).
    expect(page).toContain('¿No es lo que indicó? No lo confirme. Vuelva a firmar el compromiso con esta dirección de correo o, simplemente, no haga nada: el compromiso se borrará a los 30 días.');
  });

  it('confirm on POST and count the pledge; a replay changes nothing', async () => {
    const { m, confirm } = await confirmedFlow();
    const before = (await counts('aur')) as { confirmed: number; pending: number };
    const res = await post('/confirm', { t: confirm });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your pledge is confirmed');
    expect(await counts('aur')).toMatchObject({ confirmed: before.confirmed + 1, pending: before.pending - 1 });
    const replay = await post('/confirm', { t: confirm });
    expect(await replay.text()).toContain('already confirmed');
    // The link opened again says so at once, with no button that would change nothing.
    const reopened = await (await SELF.fetch(`https://pledge.test/confirm?t=${confirm}`)).text();
    expect(reopened).toContain('already confirmed');
    expect(reopened).not.toContain('<form method="post" action="/confirm">');
    expect(reopened).toMatch(/\/actions\?lang=en&amp;t=/); // and what comes after a confirmation: the "Tell us what you did" link
    expect(await counts('aur')).toMatchObject({ confirmed: before.confirmed + 1 });
    const stats = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { partners: Record<string, number> };
    expect(stats.partners.aur).toBe(before.confirmed + 1);
    expect((await env.DB.prepare('SELECT status FROM pledges WHERE id = ?').bind(m.id).first('status'))).toBe('confirmed');
  });

  it('withdraw on POST: erase the personal data, keep an anonymous tombstone, keep counts honest', async () => {
    const { m, confirm, withdraw } = await confirmedFlow();
    await post('/confirm', { t: confirm });
    const before = (await counts('aur')) as { confirmed: number; withdrawn: number };
    // The page before the button offers a lighter choice to one who only wants fewer emails: their preferences, signed, in their language.
    for (const [lang, words] of [['en', 'Only want fewer emails? Your pledge can stay: <a href="http://localhost:8787/preferences?lang=en&amp;t=v1.'], ['es', '¿Solo quiere recibir menos correos? Su compromiso puede mantenerse: <a href="http://localhost:8787/preferences?lang=es&amp;t=v1.']] as const) {
      const form = await (await SELF.fetch(`https://pledge.test/withdraw?lang=${lang}&t=${encodeURIComponent(withdraw)}`)).text();
      expect(form, lang).toContain(words);
    }
    const res = await post('/withdraw', { t: withdraw, lang: 'en' });
    const withdrawn = await res.text();
    expect(withdrawn).toContain('have been erased');
    // Not a dead end: the impact page, and the pledge through the same society (if they withdrew by mistake).
    expect(withdrawn).toContain('<a href="/impact?lang=en">');
    expect(withdrawn).toContain('<a href="/pledge?partner=aur&amp;lang=en">Sign the pledge</a>');
    const row = await env.DB.prepare('SELECT * FROM pledges WHERE id = ?').bind(m.id).first<Record<string, unknown>>();
    expect(row).toMatchObject({ status: 'withdrawn', name: '', organization: null, region: null, ip_hash: null, partner_id: 'aur', role: 'nurse' });
    expect(row!.email).toBe(`withdrawn:${m.id}`);
    expect(JSON.stringify(row)).not.toContain(m.pledge.email);
    expect(await counts('aur')).toMatchObject({ confirmed: before.confirmed - 1, withdrawn: before.withdrawn + 1 });
    await post('/withdraw', { t: withdraw });
    expect(await counts('aur')).toMatchObject({ confirmed: before.confirmed - 1, withdrawn: before.withdrawn + 1 });
    // The old links, opened again, say what happened: no button that cannot work, no "expired".
    for (const [path, t] of [['/confirm', confirm], ['/withdraw', withdraw]] as const) {
      for (const lang of ['en', 'es'] as const) {
        const page = await (await SELF.fetch(`https://pledge.test${path}?lang=${lang}&t=${encodeURIComponent(t)}`)).text();
        expect(page, `${path} ${lang}`).not.toContain('<button');
        const heading = path === '/confirm' ? EMAIL_STRINGS[lang].pageWasWithdrawnHeading : EMAIL_STRINGS[lang].pageWithdrawnHeading;
        expect(page, `${path} ${lang}`).toContain(`<h1>${heading}</h1>`);
        expect(page, `${path} ${lang}`).toContain(`<a href="/pledge?partner=aur&amp;lang=${lang}">${EMAIL_STRINGS[lang].pageNotFoundPledge}</a>`);
      }
    }
    const again = await (await post('/confirm', { t: confirm, lang: 'en' })).text();
    expect(again).toContain('<h1>This pledge was withdrawn</h1>');
    expect(again).toContain('<a href="/pledge?partner=aur&amp;lang=en">Sign the pledge</a>');
    expect(again).not.toContain('expired');
  });

  it('the withdrawal page of a pledge not yet confirmed says it is not counted yet, rather than that withdrawing takes it from the count', async () => {
    const { withdraw, confirm } = await confirmedFlow();
    const page = async (lang: 'en' | 'es') => (await SELF.fetch(`https://pledge.test/withdraw?lang=${lang}&t=${encodeURIComponent(withdraw)}`)).text();
    for (const lang of ['en', 'es'] as const) {
      const pending = await page(lang);
      expect(pending, lang).toContain(`<p>${EMAIL_STRINGS[lang].pageWithdrawPendingBody}</p>`);
      expect(pending, lang).not.toContain(EMAIL_STRINGS[lang].pageWithdrawBody);
    }
    expect(await page('en')).toContain('Your pledge is not confirmed, so it does not count yet.');
    expect(await page('es')).toContain('Su compromiso no está confirmado, así que todavía no cuenta.');
    // Once confirmed, withdrawing does take it from the count, as the page says.
    await post('/confirm', { t: confirm });
    for (const lang of ['en', 'es'] as const) {
      const confirmed = await page(lang);
      expect(confirmed, lang).toContain(`<p>${EMAIL_STRINGS[lang].pageWithdrawBody}</p>`);
      expect(confirmed, lang).not.toContain(EMAIL_STRINGS[lang].pageWithdrawPendingBody);
    }
  });

  it('refuse forged, tampered and expired tokens with a clear page, changing nothing', async () => {
    const { m, confirm } = await confirmedFlow();
    const forged = confirm.slice(0, -3) + (confirm.endsWith('AAA') ? 'BBB' : 'AAA');
    const otherPledge = confirm.replace(m.id, crypto.randomUUID());
    const asWithdraw = confirm.replace('.c.', '.w.');
    for (const t of [forged, otherPledge, asWithdraw, 'nonsense', '']) {
      const res = await post(t === asWithdraw ? '/withdraw' : '/confirm', { t });
      expect(res.status, t).toBe(400);
      expect(await res.text()).toContain('This link does not work');
    }
    const expired = await makeToken(env, m.id, 'confirm', Date.now() - 31 * 86_400_000);
    const res = await post('/confirm', { t: expired });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('This link has expired');
    expect(await env.DB.prepare('SELECT status FROM pledges WHERE id = ?').bind(m.id).first('status')).toBe('pending');
  });
});

describe('link signing', () => {
  it('fails closed outside local development when TOKEN_SECRET is missing', async () => {
    await expect(makeToken({ ...env, DEV_MODE: 'false', TOKEN_SECRET: '' }, 'some-id', 'confirm')).rejects.toThrow('TOKEN_SECRET');
    const signed = await makeToken({ ...env, TOKEN_SECRET: 'one-secret' }, 'some-id', 'confirm');
    const other = await makeToken({ ...env, TOKEN_SECRET: 'another-secret' }, 'some-id', 'confirm');
    expect(signed).not.toBe(other);
  });
});
