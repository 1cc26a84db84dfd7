import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { EMAIL_STRINGS } from '../../src/i18n/email.ts';
import { STRINGS } from '../../src/i18n/index.ts';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { sendOutboxRow, sendOutboxRows } from '../../worker/platform/outbox/send-outbox.ts';
import { checkToken } from '../../worker/platform/tokens.ts';
import { composeEmail, composeFromTemplate, PLEDGE_EMAILS, type EmailFacts } from '../../worker/pledges/emails.ts';
import { stepsForEmail } from '../../worker/resources/emails.ts';
import { RESOURCE_STRINGS } from '../../worker/resources/strings.ts';
import type { PledgeMessage } from '../../worker/pledges/message.ts';
import { confirmPledge, withdrawPledge } from '../../worker/pledges/status.ts';
import { storePledges } from '../../worker/pledges/store.ts';

function message(overrides: Partial<PledgeMessage['pledge']> = {}, flag: PledgeMessage['flag'] = null): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner: 'arrs', name: 'Record Person', email: `record.${crypto.randomUUID()}@example.org`, role: 'leader', commitment: true, ...overrides },
    flag,
    ipHash: flag ? 'f'.repeat(64) : null,
    receivedAt: '2026-03-04T05:06:07.000Z',
  };
}

const pledgeRow = (id: string) => env.DB.prepare('SELECT * FROM pledges WHERE id = ?').bind(id).first<Record<string, unknown>>();
const counts = (partner: string) =>
  env.DB.prepare('SELECT confirmed, pending, withdrawn FROM pledge_counts WHERE partner_id = ?').bind(partner).first<{ confirmed: number; pending: number; withdrawn: number }>();
const outbox = (pledgeId: string) =>
  env.DB.prepare('SELECT id, kind, status FROM email_outbox WHERE pledge_id = ? ORDER BY created_at, id').bind(pledgeId).all<{ id: string; kind: string; status: string }>().then((r) => r.results);
/** The pledge's emails waiting to go, sent as the email consumer sends them (composed, then handed to a provider that takes them). */
const sendWaiting = async (pledgeId: string) => {
  const { results } = await env.DB.prepare(`SELECT id FROM email_outbox WHERE pledge_id = ? AND status = 'queued'`).bind(pledgeId).all<{ id: string }>();
  const outcomes = await sendOutboxRows(env, results.map((r) => r.id), PLEDGE_EMAILS, { send: async () => {} });
  expect([...outcomes.values()].every((o) => o === 'sent')).toBe(true);
};

describe('storing a pledge', () => {
  it('keeps every field as given, with blanks as NULL, updates as 0/1 and English by default', async () => {
    const full = message({ organization: 'St Elsewhere', region: 'Ohio', updates: true, lang: 'es' });
    const bare = message({ organization: '', region: '' });
    const ids = await storePledges(env.DB, [full, bare]);
    expect(ids.sort()).toEqual([`confirm:${full.id}`, `confirm:${bare.id}`].sort());
    expect(await pledgeRow(full.id)).toMatchObject({
      partner_id: 'arrs', email: full.pledge.email, name: 'Record Person', role: 'leader', organization: 'St Elsewhere',
      region: 'Ohio', updates: 1, lang: 'es', flagged: 0, flag_reason: null, ip_hash: null, received_at: '2026-03-04T05:06:07.000Z', status: 'pending',
    });
    expect(await pledgeRow(bare.id)).toMatchObject({ organization: null, region: null, updates: 0, lang: 'en' });
  });

  it('stores a flagged pledge with its reason and IP hash, uncounted and with no email', async () => {
    const before = (await counts('arrs'))!;
    const flagged = message({}, 'turnstile');
    const clean = message();
    const ids = await storePledges(env.DB, [flagged, clean]);
    expect(ids).toEqual([`confirm:${clean.id}`]);
    expect(await pledgeRow(flagged.id)).toMatchObject({ flagged: 1, flag_reason: 'turnstile', ip_hash: 'f'.repeat(64) });
    expect(await outbox(flagged.id)).toEqual([]);
    expect((await counts('arrs'))!.pending).toBe(before.pending + 1);
  });

  it('counts each partner\'s new pledges on that partner only, in one batch', async () => {
    const before = { arrs: (await counts('arrs'))!.pending, abr: (await counts('abr'))!.pending };
    await storePledges(env.DB, [message(), message({ partner: 'abr' }), message(), message({ partner: 'abr' }), message()]);
    expect((await counts('arrs'))!.pending).toBe(before.arrs + 3);
    expect((await counts('abr'))!.pending).toBe(before.abr + 2);
  });

  it('answers a repeat of a pending pledge with the confirmation again, and of a confirmed one with "already pledged"', async () => {
    const pending = message();
    const confirmed = message();
    await storePledges(env.DB, [pending, confirmed]);
    await Promise.all([sendWaiting(pending.id), sendWaiting(confirmed.id)]);
    await confirmPledge(env.DB, confirmed.id);
    const ids = await storePledges(env.DB, [message({ email: pending.pledge.email }), message({ email: confirmed.pledge.email })]);
    expect(ids).toHaveLength(2);
    expect((await outbox(pending.id)).map((r) => r.kind)).toEqual(['confirm', 'confirm']);
    expect((await outbox(confirmed.id)).map((r) => r.kind)).toEqual(['confirm', 'already']);
    // Not for a withdrawn pledge (its email is gone), nor for a repeat that is itself flagged.
    const withdrawn = message();
    await storePledges(env.DB, [withdrawn]);
    await withdrawPledge(env.DB, withdrawn.id);
    const flaggedRepeat = message({ email: pending.pledge.email }, 'honeypot');
    expect(await storePledges(env.DB, [flaggedRepeat])).toEqual([]);
    expect(await outbox(pending.id)).toHaveLength(2);
  });

  /** A pledge received `minutes` after the fixed time the others are: later ones are newer. */
  const at = (m: PledgeMessage, minutes: number): PledgeMessage => ({ ...m, receivedAt: new Date(Date.parse('2026-03-04T05:06:07.000Z') + minutes * 60_000).toISOString() });

  it("gives a pledge still waiting for its confirmation the latest pledge's details for its address, so the mailbox's owner confirms their own", async () => {
    // Someone pledges first with another person's address, for another society, name and role.
    const email = `prereg.${crypto.randomUUID()}@example.org`;
    const first = message({ email, partner: 'abr', name: 'Attacker Chosen', role: 'other', organization: 'Attacker Org', region: 'MX', updates: false, lang: 'es', source: 'elsewhere' });
    await storePledges(env.DB, [first]);
    await sendWaiting(first.id);
    const before = { abr: (await counts('abr'))!, acr: (await counts('acr'))! };
    // The address's owner pledges: their answers are what their confirmation will confirm, and it is sent again.
    const own = at(message({ email, partner: 'acr', name: 'Real Person', role: 'radiologist', organization: '', region: 'US-TX', updates: true, lang: 'en' }), 5);
    const ids = await storePledges(env.DB, [own]);
    expect(ids).toEqual([`repeat:${own.id}`]);
    // They wait beside it until that confirmation goes (a confirmation that cannot go changes nothing: abuse.test.ts).
    expect(await pledgeRow(first.id)).toMatchObject({ partner_id: 'abr', name: 'Attacker Chosen' });
    expect((await counts('abr'))!.pending).toBe(before.abr.pending);
    await sendWaiting(first.id);
    expect(await pledgeRow(first.id)).toMatchObject({
      next_details: null, email, partner_id: 'acr', name: 'Real Person', role: 'radiologist', organization: null, region: 'US-TX', updates: 1, lang: 'en', source: null, status: 'pending',
    });
    expect(await pledgeRow(own.id)).toBeNull();
    expect((await counts('abr'))!.pending).toBe(before.abr.pending - 1);
    expect((await counts('acr'))!.pending).toBe(before.acr.pending + 1);
    // A redelivery of the same batch changes nothing more; a late redelivery of the first puts nothing back.
    await storePledges(env.DB, [own]);
    await storePledges(env.DB, [first]);
    expect(await pledgeRow(first.id)).toMatchObject({ partner_id: 'acr', name: 'Real Person' });
    expect((await counts('abr'))!.pending).toBe(before.abr.pending - 1);
    expect((await counts('acr'))!.pending).toBe(before.acr.pending + 1);
    // Confirmed, it counts for the society the owner chose; after that, nobody can change it.
    expect(await confirmPledge(env.DB, first.id)).toBe('confirmed');
    expect((await counts('acr'))!.confirmed).toBe(before.acr.confirmed + 1);
    await storePledges(env.DB, [at(message({ email, partner: 'abr', name: 'Attacker Again' }), 10)]);
    expect(await pledgeRow(first.id)).toMatchObject({ partner_id: 'acr', name: 'Real Person', status: 'confirmed' });
    expect((await counts('abr'))!.pending).toBe(before.abr.pending - 1);
  });

  it('changes a waiting pledge only when its confirmation goes out again: never silently, past the cap of three emails', async () => {
    const email = `capped.${crypto.randomUUID()}@example.org`;
    const first = message({ email, name: 'Owner' });
    await storePledges(env.DB, [first]);
    await sendWaiting(first.id);
    const second = at(message({ email, name: 'Second', partner: 'sir' }), 1);
    await storePledges(env.DB, [second]);
    await sendWaiting(first.id);
    await storePledges(env.DB, [at(message({ email, name: 'Third' }), 2)]);
    await sendWaiting(first.id);
    expect((await outbox(first.id)).map((r) => r.kind)).toEqual(['confirm', 'confirm', 'confirm']);
    expect(await pledgeRow(first.id)).toMatchObject({ name: 'Third' });
    // The second batch delivered again, late: older than what is stored, so it puts nothing back.
    const sirBefore = (await counts('sir'))!.pending;
    await storePledges(env.DB, [second]);
    expect(await pledgeRow(first.id)).toMatchObject({ name: 'Third', partner_id: 'arrs' });
    expect((await counts('sir'))!.pending).toBe(sirBefore);
    // The cap is reached: no fourth email, so no change either (the owner would not be told).
    expect(await storePledges(env.DB, [at(message({ email, name: 'Fourth', partner: 'abr' }), 3)])).toEqual([]);
    expect(await pledgeRow(first.id)).toMatchObject({ name: 'Third', partner_id: 'arrs' });
  });

  it('takes the last of several pledges for one address in a batch, new or waiting, and moves each count once', async () => {
    const email = `twice.${crypto.randomUUID()}@example.org`;
    const first = message({ email, partner: 'arrs', name: 'First Try' });
    await storePledges(env.DB, [first]);
    const before = { arrs: (await counts('arrs'))!.pending, sir: (await counts('sir'))!.pending, abr: (await counts('abr'))!.pending };
    await storePledges(env.DB, [at(message({ email, partner: 'abr', name: 'Second Try' }), 1), at(message({ email, partner: 'sir', name: 'Third Try' }), 2)]);
    await sendWaiting(first.id);
    expect(await pledgeRow(first.id)).toMatchObject({ partner_id: 'sir', name: 'Third Try' });
    expect((await counts('arrs'))!.pending).toBe(before.arrs - 1);
    expect((await counts('sir'))!.pending).toBe(before.sir + 1);
    expect((await counts('abr'))!.pending).toBe(before.abr);
    // A new address sent twice in one batch: the later pledge's details, counted once, for its society.
    const fresh = `fresh.${crypto.randomUUID()}@example.org`;
    const early = message({ email: fresh, partner: 'abr', name: 'Early' });
    const late = at(message({ email: fresh, partner: 'sir', name: 'Late' }), 1);
    await storePledges(env.DB, [early, late]);
    await sendWaiting(early.id);
    expect(await pledgeRow(early.id)).toMatchObject({ partner_id: 'sir', name: 'Late' });
    expect(await pledgeRow(late.id)).toBeNull();
    expect((await counts('abr'))!.pending).toBe(before.abr);
    expect((await counts('sir'))!.pending).toBe(before.sir + 2);
  });

  it('composes the confirmation that carries newer details from them: their language and what it says of updates', async () => {
    const email = `relang.${crypto.randomUUID()}@example.org`;
    const first = message({ email, lang: 'en', updates: false });
    await storePledges(env.DB, [first]);
    await sendWaiting(first.id);
    const ids = await storePledges(env.DB, [at(message({ email, lang: 'es', updates: true }), 1)]);
    const got: OutgoingEmail[] = [];
    await sendOutboxRows(env, ids, PLEDGE_EMAILS, { send: async (e) => void got.push(e) });
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toBe(EMAIL_STRINGS.es.confirmSubject);
    expect(got[0]!.text).toContain(EMAIL_STRINGS.es.keepInformed);
    expect(await pledgeRow(first.id)).toMatchObject({ lang: 'es', updates: 1, next_details: null });
  });

  it('sends one email, not two, for a repeat while the email before it still waits to go (a double click, a form sent twice, pledges sent together without an id)', async () => {
    const email = `double.${crypto.randomUUID()}@example.org`;
    // The same pledge three times in one batch: one pledge, one confirmation.
    const first = message({ email, name: 'Double Click' });
    const ids = await storePledges(env.DB, [first, at(message({ email, name: 'Double Click' }), 0.01), at(message({ email, name: 'Double Click' }), 0.02)]);
    expect(ids).toEqual([`confirm:${first.id}`]);
    // Again in the next batch, while that confirmation waits to go: nothing more to send.
    expect(await storePledges(env.DB, [at(message({ email, name: 'Double Click' }), 0.5)])).toEqual([]);
    // A correction meanwhile: still one email, and it is composed from the corrected pledge when it goes.
    const sirBefore = (await counts('sir'))!.pending;
    expect(await storePledges(env.DB, [at(message({ email, name: 'Corrected Name', partner: 'sir' }), 1)])).toEqual([]);
    expect((await outbox(first.id)).map((r) => r.id)).toEqual([`confirm:${first.id}`]);
    await sendWaiting(first.id);
    expect(await pledgeRow(first.id)).toMatchObject({ name: 'Corrected Name', partner_id: 'sir' });
    expect((await counts('sir'))!.pending).toBe(sirBefore + 1);
    // Once it went, a repeat sends the confirmation again (the first may not have arrived).
    const again = at(message({ email, name: 'Corrected Name', partner: 'sir' }), 2);
    expect(await storePledges(env.DB, [again])).toEqual([`repeat:${again.id}`]);
    // Confirmed: one "already pledged" note waiting to go is enough, too; another once it went.
    await sendWaiting(first.id);
    expect(await confirmPledge(env.DB, first.id)).toBe('confirmed');
    const late = [3, 3.01].map((m) => at(message({ email }), m));
    // (One repeat row for the two, named after the lesser of their ids, as the query's min() picks it.)
    expect(await storePledges(env.DB, late)).toEqual([`repeat:${late.map((m) => m.id).sort()[0]}`]);
    expect(await storePledges(env.DB, [at(message({ email }), 4)])).toEqual([]);
    expect((await outbox(first.id)).map((r) => r.kind)).toEqual(['confirm', 'confirm', 'already']);
  });

  it('sends a correction its own email when the one before it is in doubt (handed over, outcome unknown): it may have gone with the old details', async () => {
    const email = `doubt.${crypto.randomUUID()}@example.org`;
    const first = message({ email, name: 'Before Doubt' });
    await storePledges(env.DB, [first]);
    // Waiting to be tried again, in doubt (the connection dropped during its hand-off).
    await env.DB.prepare(`UPDATE email_outbox SET attempts = 1, last_error = 'network', in_doubt_since = ? WHERE id = ?`)
      .bind(new Date().toISOString(), `confirm:${first.id}`)
      .run();
    const correction = at(message({ email, name: 'After Doubt', partner: 'sir' }), 1);
    expect(await storePledges(env.DB, [correction])).toEqual([`repeat:${correction.id}`]);
    expect(await sendOutboxRow(env, `repeat:${correction.id}`, PLEDGE_EMAILS, { send: async () => {} })).toBe('sent');
    expect(await pledgeRow(first.id)).toMatchObject({ name: 'After Doubt', partner_id: 'sir' });
  });

  it('returns only the outbox rows still waiting, so a redelivered batch enqueues nothing already sent', async () => {
    const m = message();
    const [id] = await storePledges(env.DB, [m]);
    await env.DB.prepare(`UPDATE email_outbox SET status = 'sent' WHERE id = ?`).bind(id).run();
    expect(await storePledges(env.DB, [m])).toEqual([]);
  });
});

describe('confirming and withdrawing', () => {
  it('confirms once, then reports already confirmed; a withdrawn pledge says so, an unknown one is gone', async () => {
    const m = message();
    await storePledges(env.DB, [m]);
    const before = (await counts('arrs'))!;
    expect(await confirmPledge(env.DB, m.id)).toBe('confirmed');
    expect(await pledgeRow(m.id)).toMatchObject({ status: 'confirmed' });
    expect((await pledgeRow(m.id))!.confirmed_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await counts('arrs')).toEqual({ ...before, confirmed: before.confirmed + 1, pending: before.pending - 1 });
    expect(await confirmPledge(env.DB, m.id)).toBe('already-confirmed');
    expect(await counts('arrs')).toEqual({ ...before, confirmed: before.confirmed + 1, pending: before.pending - 1 });
    await withdrawPledge(env.DB, m.id);
    expect(await confirmPledge(env.DB, m.id)).toBe('withdrawn');
    expect(await confirmPledge(env.DB, crypto.randomUUID())).toBe('gone');
  });

  it('never counts a flagged pledge, confirmed or withdrawn', async () => {
    const m = message({}, 'rate_limit');
    await storePledges(env.DB, [m]);
    const before = (await counts('arrs'))!;
    expect(await confirmPledge(env.DB, m.id)).toBe('confirmed');
    expect(await counts('arrs')).toEqual(before);
    await withdrawPledge(env.DB, m.id);
    expect(await counts('arrs')).toEqual({ ...before, withdrawn: before.withdrawn + 1 });
  });

  it('takes a withdrawn pending pledge off the pending count, and cancels only the emails not yet sent', async () => {
    const m = message();
    await storePledges(env.DB, [m]);
    await sendWaiting(m.id);
    await storePledges(env.DB, [message({ email: m.pledge.email })]); // a second confirmation queued
    const before = (await counts('arrs'))!;
    await withdrawPledge(env.DB, m.id);
    expect(await counts('arrs')).toEqual({ confirmed: before.confirmed, pending: before.pending - 1, withdrawn: before.withdrawn + 1 });
    expect((await outbox(m.id)).map((r) => r.status)).toEqual(['sent', 'cancelled']);
    expect(await pledgeRow(m.id)).toMatchObject({ status: 'withdrawn', updates: 0, email: `withdrawn:${m.id}`, name: '' });
    expect((await pledgeRow(m.id))!.withdrawn_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Withdrawing twice changes nothing.
    await withdrawPledge(env.DB, m.id);
    expect(await counts('arrs')).toEqual({ confirmed: before.confirmed, pending: before.pending - 1, withdrawn: before.withdrawn + 1 });
  });
});

describe('the pledge emails', () => {
  async function sent(m: PledgeMessage, overrides: Partial<Env> = {}, which = 0): Promise<OutgoingEmail> {
    const ids = await storePledges(env.DB, [m]);
    const rows = await outbox(m.id);
    const id = ids[0] ?? rows[which]!.id;
    const delivered: OutgoingEmail[] = [];
    expect(await sendOutboxRow({ ...env, ...overrides }, id, PLEDGE_EMAILS, { send: async (e) => void delivered.push(e) })).toBe('sent');
    return delivered[0]!;
  }

  it('the confirmation: greeting, the commitment, the confirm link, the withdraw link, the signature and why it was sent', async () => {
    const m = message({ name: 'Grace Hopper' });
    const email = await sent(m, { PUBLIC_ORIGIN: 'https://pledge.example.org/' });
    const e = EMAIL_STRINGS.en;
    const lines = email.text.split('\n');
    const confirmUrl = lines.find((l) => l.startsWith('https://pledge.example.org/confirm?lang=en&t='))!;
    const withdrawUrl = lines.find((l) => l.startsWith('https://pledge.example.org/withdraw?lang=en&t='))!;
    const preferencesUrl = lines.find((l) => l.startsWith('https://pledge.example.org/preferences?lang=en&t='))!;
    expect(lines).toEqual([
      e.salutation, '', e.confirmIntro, '', `"${STRINGS.en.commitmentText}"`, '', e.confirmAction, confirmUrl, '',
      // No updates asked for: none promised, and how to ask for them later.
      e.notInformed, e.optInLater, preferencesUrl, '', e.withdrawAction, withdrawUrl, '', e.signature, '',
      `This email was sent to ${m.pledge.email} because this address was used to sign the pledge through ${m.pledge.partner.toUpperCase()}.`,
    ]);
    expect(email.subject).toBe(e.confirmSubject);
    expect(email.to).toBe(m.pledge.email);
    // The links carry working tokens for this pledge and their own action.
    expect(await checkToken(env, new URL(confirmUrl).searchParams.get('t')!, 'confirm')).toMatchObject({ ok: true, pledgeId: m.id });
    expect(await checkToken(env, new URL(withdrawUrl).searchParams.get('t')!, 'withdraw')).toMatchObject({ ok: true, pledgeId: m.id });
    expect(await checkToken(env, new URL(preferencesUrl).searchParams.get('t')!, 'preferences')).toMatchObject({ ok: true, pledgeId: m.id });
    // The HTML says the same, with the links as links.
    expect(email.html).toMatch(/^<!doctype html>/);
    expect(email.html).toContain('<html lang="en" dir="ltr">');
    expect(email.html).toContain(`<title>${e.confirmSubject}</title>`);
    expect(email.html).toContain(`href="${confirmUrl.replaceAll('&', '&amp;')}"`);
    expect(email.html).toContain(`href="${withdrawUrl.replaceAll('&', '&amp;')}"`);
    expect(email.html).toContain(`>${e.confirmButton}</a>`);
    expect(email.html).toContain(`>${e.withdrawLink}</a>`);
    expect(email.html).toContain(STRINGS.en.commitmentText);
    expect(email.html).toContain(e.signature);
  });

  it('"already pledged": a short note with the withdraw link and no confirm link', async () => {
    const first = message();
    await storePledges(env.DB, [first]);
    await confirmPledge(env.DB, first.id);
    const repeat = message({ email: first.pledge.email });
    await storePledges(env.DB, [repeat]);
    const already = (await outbox(first.id)).find((r) => r.kind === 'already')!;
    const delivered: OutgoingEmail[] = [];
    await sendOutboxRow(env, already.id, PLEDGE_EMAILS, { send: async (e) => void delivered.push(e) });
    const email = delivered[0]!;
    const e = EMAIL_STRINGS.en;
    expect(email.subject).toBe(e.alreadySubject);
    expect(email.text).toContain(e.alreadyIntro);
    // A repeat does not change the pledge: it says where its role and emails are changed, and links there.
    expect(email.text).toMatch(/To change your role, your language or whether you get our updates, use your preferences below\.[\s\S]*\/preferences\?lang=en&t=v1\./);
    expect(email.html).toContain('To change your role, your language or whether you get our updates, use your preferences below.');
    expect(email.text).not.toContain('/confirm?');
    expect(email.text).not.toContain(e.confirmIntro);
    expect(email.text).toMatch(/\/withdraw\?lang=en&t=v1\./);
    expect(email.html).toContain(`<title>${e.alreadySubject}</title>`);
    expect(email.html).not.toContain(e.confirmButton);
    expect(email.html).toContain(e.alreadyIntro);
    // Updates off (as stored): said as a fact of the address, never "you did not ask", which the
    // repeat's own ticked box may contradict; with the way to turn them on.
    expect(email.text).toContain(e.alreadyNotInformed);
    expect(email.text).not.toContain(e.notInformed);
    expect(email.text).toContain(e.optInLater);
  });

  it('"already pledged" to a pledge that has lapsed offers to renew it, in its language, and the link renews it', async () => {
    for (const lang of ['en', 'es'] as const) {
      const first = message({ lang });
      await storePledges(env.DB, [first]);
      await confirmPledge(env.DB, first.id);
      // Confirmed 400 days ago and renewed 370 days ago: no longer active (a year, ACTIVE_DAYS).
      const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
      await env.DB.prepare('UPDATE pledges SET confirmed_at = ?, recommitted_at = ? WHERE id = ?').bind(daysAgo(400), daysAgo(370), first.id).run();
      await storePledges(env.DB, [message({ email: first.pledge.email, lang })]);
      const already = (await outbox(first.id)).find((r) => r.kind === 'already')!;
      const delivered: OutgoingEmail[] = [];
      await sendOutboxRow(env, already.id, PLEDGE_EMAILS, { send: async (e) => void delivered.push(e) });
      const email = delivered[0]!;
      const r = RESOURCE_STRINGS[lang];
      expect(email.subject).toBe(EMAIL_STRINGS[lang].alreadySubject);
      // Not "there is nothing more to do": it is not counted twice, but it no longer counts as active.
      expect(email.text).not.toContain(EMAIL_STRINGS[lang].alreadyIntro);
      expect(email.text).toContain(r.alreadyLapsed);
      expect(email.html).toContain(r.alreadyLapsed);
      // Still says where to change role, language or updates (the usual reason to pledge again), as "already pledged" does.
      const change = lang === 'en' ? 'To change your role, your language or whether you get our updates, use your preferences below.' : 'Para cambiar su función, su idioma o si recibe nuestras novedades, use sus preferencias, que encontrará más abajo.';
      expect(EMAIL_STRINGS[lang].alreadyIntro).toContain(change);
      expect(email.text).toMatch(new RegExp(`^${r.recommitButton}: \\S+\\n\\n${change.replace(/[.()]/g, '\\$&')}$`, 'm'));
      expect(email.html).toMatch(new RegExp(`>${r.recommitButton}</a></p>\\s*<p>${change.replace(/[.()]/g, '\\$&')}</p>`));
      const renew = new RegExp(`^${r.recommitButton}: (http://localhost:8787/recommit\\?lang=${lang}&t=\\S+)$`, 'm').exec(email.text)?.[1];
      expect(renew, email.text).toBeTruthy();
      expect(email.html).toContain(`href="${renew!.replaceAll('&', '&amp;')}"`);
      expect(email.html).toContain(`>${r.recommitButton}</a>`);
      // Its other links are still there, its own.
      expect(email.text).toMatch(new RegExp(`/actions\\?lang=${lang}&t=v1\\.`));
      expect(email.text).toMatch(new RegExp(`/withdraw\\?lang=${lang}&t=v1\\.`));
      // The link renews this pledge.
      const t = new URL(renew!).searchParams.get('t')!;
      expect(await checkToken(env, t, 'recommit')).toMatchObject({ ok: true, pledgeId: first.id });
      const page = await SELF.fetch(`http://localhost:8787/recommit?lang=${lang}`, { method: 'POST', body: new URLSearchParams({ t, lang }) });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(r.recommittedTitle);
      expect(Date.parse(String((await pledgeRow(first.id))!.recommitted_at))).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  it('"already pledged" to a pledge renewed within the year says there is nothing more to do, with no renewal link', async () => {
    const first = message();
    await storePledges(env.DB, [first]);
    await confirmPledge(env.DB, first.id);
    // Confirmed 400 days ago but renewed 300 days ago: still active.
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    await env.DB.prepare('UPDATE pledges SET confirmed_at = ?, recommitted_at = ? WHERE id = ?').bind(daysAgo(400), daysAgo(300), first.id).run();
    await storePledges(env.DB, [message({ email: first.pledge.email })]);
    const already = (await outbox(first.id)).find((r) => r.kind === 'already')!;
    const delivered: OutgoingEmail[] = [];
    await sendOutboxRow(env, already.id, PLEDGE_EMAILS, { send: async (e) => void delivered.push(e) });
    expect(delivered[0]!.text).toContain(EMAIL_STRINGS.en.alreadyIntro);
    expect(delivered[0]!.text).not.toContain('/recommit?');
    expect(delivered[0]!.text).not.toContain(RESOURCE_STRINGS.en.alreadyLapsed);
  });

  it('a repeat of a pending pledge sends the confirmation again, telling updates off as a fact, not "you did not ask"', async () => {
    const deliver = async (id: string) => {
      const got: OutgoingEmail[] = [];
      await sendOutboxRow(env, id, PLEDGE_EMAILS, { send: async (e) => void got.push(e) });
      return got[0];
    };
    const first = message();
    await storePledges(env.DB, [first]);
    const original = await deliver(`confirm:${first.id}`);
    // Sent again, again without updates (a repeat that asks for them turns them on: the test above).
    await storePledges(env.DB, [message({ email: first.pledge.email, updates: false })]);
    const rows = await outbox(first.id);
    const repeat = rows.find((r) => r.id.startsWith('repeat:'))!;
    expect(repeat.kind).toBe('confirm');
    const e = EMAIL_STRINGS.en;
    const again = await deliver(repeat.id);
    expect(original!.text).toContain(e.notInformed); // the first pledge's own email: "you did not ask"
    expect(again!.subject).toBe(e.confirmSubject);
    expect(again!.text).toContain(e.alreadyNotInformed);
    expect(again!.text).not.toContain(e.notInformed);
  });

  it('is not sent for a pledge withdrawn or erased before its turn', async () => {
    const gone = message();
    const erased = message();
    await storePledges(env.DB, [gone, erased]);
    // (The consumer returns the batch's outbox ids in no promised order: look each one up.)
    const outboxOf = (m: PledgeMessage) =>
      env.DB.prepare('SELECT o.id FROM email_outbox o JOIN pledges p ON p.id = o.pledge_id WHERE p.email = ?').bind(m.pledge.email).first<{ id: string }>().then((r) => r!.id);
    const [goneId, erasedId] = [await outboxOf(gone), await outboxOf(erased)];
    await env.DB.prepare(`UPDATE pledges SET status = 'withdrawn' WHERE id = ?`).bind(gone.id).run();
    await env.DB.prepare('PRAGMA foreign_keys = OFF').run();
    const transport = { send: async () => expect.unreachable('nothing is sent') };
    expect(await sendOutboxRow(env, goneId!, PLEDGE_EMAILS, transport)).toBe('skipped');
    await env.DB.prepare('UPDATE email_outbox SET pledge_id = NULL WHERE id = ?').bind(erasedId).run();
    expect(await sendOutboxRow(env, erasedId!, PLEDGE_EMAILS, transport)).toBe('skipped');
    const status = await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(goneId).first();
    expect(status).toEqual({ status: 'cancelled', last_error: 'withdrawn' });
  });

  it('composes from facts alone, in either language', async () => {
    const email = await composeEmail({ kind: 'confirm', email: 'ana@example.org', lang: 'es', updates: true, confirmUrl: 'https://x/c', withdrawUrl: 'https://x/w' });
    expect(email.subject).toBe(EMAIL_STRINGS.es.confirmSubject);
    expect(email.text.split('\n')[0]).toBe(EMAIL_STRINGS.es.salutation);
    expect(email.text).toContain(`«${STRINGS.es.commitmentText}»`);
    expect(email.text).toContain(EMAIL_STRINGS.es.keepInformed);
    expect(email.html).toContain('<html lang="es" dir="ltr">');
  });

  it('fills a cached template into exactly the email composed from scratch, escaping what it fills in', async () => {
    const steps = stepsForEmail('en', [{ step: 'Read "the" guide & share', title: 'Guide', url: 'https://example.org/g?a=1&b=2' } as never]);
    const variants: EmailFacts[] = [];
    for (const lang of ['en', 'es'] as const)
      for (const kind of ['confirm', 'already'] as const)
        for (const updates of [true, false])
          for (const [i, email] of ["o'brien&co@example.org", 'ana<b>@example.org', 'plain@example.org'].entries())
            variants.push({
              kind, lang, updates, email,
              confirmUrl: `https://pledge.example/confirm?lang=${lang}&t=v1.${i}.c.1.sig"<x>`,
              withdrawUrl: `https://pledge.example/withdraw?lang=${lang}&t=v1.${i}.w.1.sig'&`,
              ...(i === 1 ? { steps } : {}),
            });
    // Every variant twice: the second from the template the first one cached.
    for (const facts of [...variants, ...variants]) {
      expect(await composeFromTemplate(facts), JSON.stringify(facts)).toEqual(await composeEmail(facts));
    }
  });
});
