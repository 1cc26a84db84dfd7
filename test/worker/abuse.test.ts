/**
 * The abuse paths an outside security test found: phishing through the name, mail-bombing one
 * inbox past the caps, and the development fallbacks on a public host.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index.ts';
import { clientKey, mailboxDomains, mailboxKey, mailboxOf } from '../../worker/pledges/abuse.ts';
import type { PledgeMessage } from '../../worker/pledges/message.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import { PLEDGE_EMAILS } from '../../worker/pledges/emails.ts';
import { sendOutboxRows } from '../../worker/platform/outbox/send-outbox.ts';
import { EmailSendError, KEY_USED } from '../../worker/platform/outbox/transport.ts';
import { unsubscribe } from '../../worker/updates/links.ts';
import { eraseUnconfirmed } from '../../worker/platform/outbox/sweep.ts';
import type { EmailJob } from '../../worker/platform/outbox/send-outbox.ts';
import { makeToken } from '../../worker/platform/tokens.ts';
import { fetchWithEnv, pledge, postPledge, queueDrained, storedRows } from './helpers.ts';

function message(email: string, overrides: Partial<PledgeMessage> = {}): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner: 'sir', name: 'Inbox Owner', email, role: 'nurse', commitment: true },
    flag: null,
    ipHash: null,
    receivedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** The send_email binding (the provider, beyond this machine), recording each email it is handed. */
function recordingBinding() {
  const sent: { to: string }[] = [];
  return { binding: { send: async (m: { to: string }) => void sent.push(m) } as unknown as SendEmail, sent };
}

/** Sends outbox rows through the real email consumer, with only the provider stubbed. */
async function sendThroughConsumer(outboxIds: string[], email: SendEmail) {
  const batch = createMessageBatch<EmailJob>(
    'rhec-emails',
    outboxIds.map((outboxId, i) => ({ id: `e${i}`, timestamp: new Date(), attempts: 1, body: { outboxId } })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<never>, { ...env, EMAIL: email });
  return getQueueResult(batch, ctx);
}

describe('a name typed into the form', () => {
  const nameErrors = async (name: string, lang = 'en') => {
    const res = await postPledge(pledge({ name, lang }));
    return res.status === 202 ? null : ((await res.json()) as { error: { fields: { name?: string[] } } }).error.fields.name;
  };

  it('is refused when it carries a link, an address or anything but a name, with a message that says why', async () => {
    expect(await nameErrors('colleague. URGENT: your account is suspended, verify at https://evil.example/login now')).toEqual([
      'Full name must only include letters, spaces, hyphens, apostrophes, commas and periods',
      'Full name must not look like a web address: add a space after each period',
    ]);
    expect(await nameErrors('Visit evil.example today')).toEqual([
      'Full name must not look like a web address: add a space after each period',
    ]);
    expect(await nameErrors('www. bank')).toEqual(['Full name must not look like a web address: add a space after each period']);
    for (const bad of ['ada@example.org', 'Call 555 0100', 'Ada <b>', 'Ada / Grace']) {
      expect((await nameErrors(bad))?.[0], bad).toBe('Full name must only include letters, spaces, hyphens, apostrophes, commas and periods');
    }
    // Only characters a name may have, but no letter: told that, once, not that they are not allowed.
    for (const bad of ['...', '-', "'", ', .']) expect(await nameErrors(bad), bad).toEqual(['Full name must include at least one letter']);
    // Neither a letter nor only a name's characters: both said at once, so the name is corrected once.
    for (const bad of ['12345', '&', '<>']) {
      expect(await nameErrors(bad), bad).toEqual(['Full name must include at least one letter', 'Full name must only include letters, spaces, hyphens, apostrophes, commas and periods']);
    }
    expect(await nameErrors('- -', 'es')).toEqual(['El nombre completo debe incluir al menos una letra']);
    expect(await nameErrors('evil.example', 'es')).toEqual([
      'El nombre completo no debe parecer una dirección web: ponga un espacio después de cada punto',
    ]);
  });

  it('is accepted for real names in any script, with their marks, hyphens, apostrophes and initials', async () => {
    for (const good of ["Dara Ó Briain", 'Ngozi Okonjo-Iweala', "D'Arcy O’Neil", 'J. R. R. Tolkien', 'José María Pérez', '李小龍', 'Nguyễn Thị Minh Khai', 'Ṣọlá Àkàndé']) {
      expect(await nameErrors(good), good).toBeNull();
    }
    // Clinicians sign with their credentials after a comma.
    for (const good of ['Jane Doe, MD', 'Jane Doe MD, PhD', 'Dra. Ana Ruiz, FACR', 'Jane Doe, Ph.D.', 'J.R.R. Tolkien', 'A.Kumar', 'S.Ramesh']) expect(await nameErrors(good), good).toBeNull();
    // Catalan's flown dot (l·l) and the katakana middle dot between a name written in Japanese.
    for (const good of ['Gal·la Puig', 'Marcel·lí Vilà', 'ジョン・スミス']) expect(await nameErrors(good), good).toBeNull();
    // Written with a zero-width non-joiner (Persian) and joiner (Sinhala), as those names are.
    for (const good of ['علی\u200cرضا محمدی', '\u0dc1\u0dca\u200d\u0dbb\u0dd3 Perera']) expect(await nameErrors(good), good).toBeNull();
    // Other invisible format characters still are not: a direction override reorders what a name shows.
    expect(await nameErrors('Ada\u202eecalevol')).not.toBeNull();
    // Nor what only looks like a name on the confirmation page: a Hangul filler alone reads as blank,
    // a run of combining marks spills over the lines around it, joiners in a row pad it invisibly.
    for (const blank of ['\u3164', '\u3164 \u3164', 'Ana\uffa0', '\u115f\u1160', `Z${'\u0336\u0301\u0315\u0358\u0340'.repeat(20)}algo`, `A${'\u200d'.repeat(50)}`, 'Ana\u200c\u200dRuiz']) {
      expect((await nameErrors(blank))?.[0], JSON.stringify(blank)).toBe('Full name must only include letters, spaces, hyphens, apostrophes, commas and periods');
    }
    // Real names keep their marks: Vietnamese stacks two on a letter, Devanagari and Thai several in a word.
    for (const good of ['Nguy\u1ec5n', 'Nguye\u0302\u0303n', 'देवनागरी श्री', 'สมศักดิ์', '한지민']) expect(await nameErrors(good), good).toBeNull();
    // …and a joiner beside a full stop does not hide a web address from the check.
    for (const hidden of ['evil\u200c.com', 'Visit cheap\u200c.pills\u200c.shop', 'ev\u200ci\u200cl.c\u200co\u200cm', 'www\u200d.evil\u200d.com']) {
      expect(await nameErrors(hidden), JSON.stringify(hidden)).toContain('Full name must not look like a web address: add a space after each period');
    }
  });
});

describe('the per-IP rate limit', () => {
  it('keys IPv6 on its /64, so one network cannot pledge past it by changing its last bits', async () => {
    const sent = Array.from({ length: 50 }, (_, i) => ({ p: pledge({ partner: 'aur' }), ip: `2001:db8:77:1::${(i + 1).toString(16)}` }));
    for (const { p, ip } of sent) expect((await postPledge(p, { headers: { 'CF-Connecting-IP': ip } })).status).toBe(202);
    await queueDrained();
    const rows = await Promise.all(sent.map(async ({ p }) => (await storedRows(p.email as string))[0]!));
    // 20 a minute in fixed windows: 50 pledges span at most two windows, so at least 10 are over.
    expect(rows.filter((r) => r.flag_reason === 'rate_limit').length).toBeGreaterThanOrEqual(10);
    expect(new Set(rows.map((r) => r.ip_hash)).size).toBe(1);
  });

  it('reads IPv6 in every spelling and counts IPv4-mapped addresses as their IPv4', () => {
    expect(clientKey('2001:db8:77:1::1')).toBe('2001:db8:77:1::/64');
    expect(clientKey('2001:0DB8:0077:0001:ffff:0:0:30')).toBe('2001:db8:77:1::/64');
    expect(clientKey('2001:db8:77:2::1')).toBe('2001:db8:77:2::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8::203.0.113.7')).toBe('2001:db8:0:0::/64');
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('not:an:address::x')).toBe('not:an:address::x');
  });
});

describe('emails to one mailbox', () => {
  it('are capped at three across plus-addresses and dotted Gmail spellings', async () => {
    expect(mailboxOf('Victim+1@Example.org')).toBe('victim@example.org');
    expect(mailboxOf('v.i.c.t.i.m+x@googlemail.com')).toBe('victim@gmail.com');
    expect(mailboxOf('first.last@example.org')).toBe('first.last@example.org');
    const tag = crypto.randomUUID().slice(0, 8);
    const addresses = [1, 2, 3, 4, 5].map((n) => `victim${tag}+${n}@example.org`);
    const ids = await storePledges(env.DB, addresses.map((a) => message(a)));
    expect(ids).toHaveLength(5); // five pledges, five confirmations queued…
    const { binding, sent } = recordingBinding();
    const result = await sendThroughConsumer(ids, binding);
    expect(sent).toHaveLength(3); // …but only three reach the one mailbox
    expect(result.explicitAcks).toHaveLength(5); // the other two are settled (cancelled), not retried
    const cancelled = await env.DB.prepare(`SELECT count(*) AS n FROM email_outbox WHERE id IN (${ids.map(() => '?').join(',')}) AND status = 'cancelled' AND last_error = 'mailbox_cap'`)
      .bind(...ids)
      .first<number>('n');
    expect(cancelled).toBe(2);

    const gmail = `g${tag}`;
    const dotted = [`${gmail}@gmail.com`, `${gmail.slice(0, 2)}.${gmail.slice(2)}@gmail.com`, `${gmail}+a@googlemail.com`, `${gmail.split('').join('.')}@gmail.com`];
    const { binding: b2, sent: s2 } = recordingBinding();
    await sendThroughConsumer(await storePledges(env.DB, dotted.map((a) => message(a))), b2);
    expect(s2).toHaveLength(3);
  });

  /** One pledge for each address, stored and sent through the email consumer: what was handed over. */
  async function sentToEach(addresses: string[]) {
    const { binding, sent } = recordingBinding();
    await sendThroughConsumer(await storePledges(env.DB, addresses.map((a) => message(a))), binding);
    return sent;
  }

  it('are capped at three across Fastmail subdomain addresses (anything@victim.fastmail.com reaches victim@fastmail.com)', async () => {
    // Fastmail delivers any name at a user's own subdomain to that user (subdomain addressing, on
    // by default): without this, a new name there was a new mailbox with three emails of its own.
    expect(mailboxOf('Hiking@Victim.Fastmail.com')).toBe('victim@fastmail.com');
    expect(mailboxOf('a+b@victim.fastmail.fm')).toBe('victim@fastmail.fm');
    expect(mailboxOf('victim+x@fastmail.com')).toBe('victim@fastmail.com');
    // Not another provider's subdomains, nor a look-alike domain.
    expect(mailboxOf('a@dept.example.org')).toBe('a@dept.example.org');
    expect(mailboxOf('a@victim.notfastmail.com')).toBe('a@victim.notfastmail.com');
    const user = `f${crypto.randomUUID().slice(0, 8)}`;
    const variants = [`${user}@fastmail.com`, `one@${user}.fastmail.com`, `two@${user}.fastmail.com`, `three@${user}.fastmail.com`, `four+x@${user}.fastmail.com`];
    expect(await sentToEach(variants)).toHaveLength(3);
  });

  it('are capped at three across the spellings Proton Mail reads as one (dots, hyphens, underscores; pm.me)', async () => {
    // Proton treats `.`, `_` and `-` in a username as transparent (user.name is username), and
    // username@pm.me is the short form of username@protonmail.com.
    expect(mailboxOf('Jane.Doe@proton.me')).toBe('janedoe@proton.me');
    expect(mailboxOf('jane_doe+x@pm.me')).toBe('janedoe@protonmail.com');
    expect(mailboxOf('j-a.n_e.doe@protonmail.ch')).toBe('janedoe@protonmail.com');
    expect(mailboxOf('jane-doe@example.org')).toBe('jane-doe@example.org');
    const user = `p${crypto.randomUUID().slice(0, 8)}`;
    const variants = [`${user}@protonmail.com`, `${user.slice(0, 2)}.${user.slice(2)}@protonmail.com`, `${user.slice(0, 3)}_${user.slice(3)}@pm.me`, `${user.slice(0, 4)}-${user.slice(4)}@protonmail.ch`, `${user.split('').join('.')}@pm.me`];
    expect(await sentToEach(variants)).toHaveLength(3);
  });

  it('are capped at three across iCloud, me.com and mac.com (one Apple mailbox), and googlemail.com as gmail.com', async () => {
    // Apple delivers name@icloud.com, name@me.com and name@mac.com to one inbox (an older iCloud
    // user has all three): without this, a stranger had three emails for each, nine in all.
    expect(mailboxOf('Jane.Doe+x@Me.com')).toBe('jane.doe@icloud.com');
    expect(mailboxOf('jane.doe@mac.com')).toBe('jane.doe@icloud.com');
    expect(mailboxOf('jane.doe@icloud.com')).toBe('jane.doe@icloud.com');
    // Apple does not ignore dots: another name is another mailbox. Not a look-alike domain either.
    expect(mailboxOf('janedoe@me.com')).toBe('janedoe@icloud.com');
    expect(mailboxOf('jane.doe@notme.com')).toBe('jane.doe@notme.com');
    expect(mailboxOf('jane.doe@mail.me.com')).toBe('jane.doe@mail.me.com');
    expect(mailboxOf('Jane.Doe@GoogleMail.com')).toBe('janedoe@gmail.com');
    // The same table for the maintainer's lookup by mailbox (sameMailboxPledges).
    expect(mailboxDomains('me.com')).toEqual({ domains: ['icloud.com', 'me.com', 'mac.com'], ignored: '' });
    expect(mailboxDomains('GoogleMail.com')).toEqual({ domains: ['gmail.com', 'googlemail.com'], ignored: '.' });
    const user = `a.${crypto.randomUUID().slice(0, 8)}`;
    const variants = [`${user}@icloud.com`, `${user}@me.com`, `${user}@mac.com`, `${user}+x@me.com`, `${user}@Mac.com`];
    expect(await sentToEach(variants)).toHaveLength(3);
  });

  it('stay capped at three after unconfirmed pledges are erased, until 30 days after the last email, without keeping the address', async () => {
    const address = `erased.${crypto.randomUUID()}@example.org`;
    const { binding, sent } = recordingBinding();
    // A stranger spends the mailbox's three emails with +tags; the owner's own pledge then gets none.
    await sendThroughConsumer(await storePledges(env.DB, [1, 2, 3].map((n) => message(address.replace('@', `+${n}@`)))), binding);
    await sendThroughConsumer(await storePledges(env.DB, [message(address)]), binding);
    expect(sent).toHaveLength(3);
    // The 30-day erasure of unconfirmed pledges does not give the stranger three more…
    await env.DB.prepare(`UPDATE pledges SET created_at = '2000-01-01T00:00:00.000Z' WHERE email LIKE 'erased.%'`).run();
    await eraseUnconfirmed(env, Date.now());
    expect(await env.DB.prepare('SELECT count(*) AS n FROM pledges WHERE email = ?').bind(address).first('n')).toBe(0);
    const before = await env.DB.prepare('SELECT emails, updated_at FROM mailbox_quota').all();
    await sendThroughConsumer(await storePledges(env.DB, [message(address.replace('@', '+4@'))]), binding);
    expect(sent).toHaveLength(3);
    // A refused email does not move the window on: the count starts again 30 days after the last one sent.
    expect((await env.DB.prepare('SELECT emails, updated_at FROM mailbox_quota').all()).results).toEqual(before.results);
    // …but 30 days after the mailbox's last email its count starts again, so the owner is never locked out for good.
    const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
    await env.DB.prepare('UPDATE mailbox_quota SET updated_at = ?').bind(old).run();
    await sendThroughConsumer(await storePledges(env.DB, [message(address)]), binding);
    expect(sent).toHaveLength(4);
    expect(sent.at(-1)!.to).toBe(address);
    // A fresh count: two more fit, not three.
    await sendThroughConsumer(await storePledges(env.DB, [5, 6, 7].map((n) => message(address.replace('@', `+${n}@`)))), binding);
    expect(sent).toHaveLength(6);
    const quota = await env.DB.prepare('SELECT * FROM mailbox_quota').all();
    expect(JSON.stringify(quota.results)).not.toContain(address);
    expect(JSON.stringify(quota.results)).not.toContain('erased.');
  });

  it('are forgotten by the Cron 30 days after the last one: the key, an HMAC of the address, is kept no longer than it serves', async () => {
    const address = `forgotten.${crypto.randomUUID()}@example.org`;
    const { binding, sent } = recordingBinding();
    await sendThroughConsumer(await storePledges(env.DB, [message(address)]), binding);
    expect(sent).toHaveLength(1);
    const key = await mailboxKey(env, address);
    const row = () => env.DB.prepare('SELECT emails FROM mailbox_quota WHERE mailbox = ?').bind(key).first();
    const lastEmail = (daysAgo: number) =>
      env.DB.prepare('UPDATE mailbox_quota SET updated_at = ? WHERE mailbox = ?').bind(new Date(Date.now() - daysAgo * 86_400_000).toISOString(), key).run();
    const cron = () =>
      worker.scheduled({ cron: '*/5 * * * *', scheduledTime: Date.now() } as ScheduledController, {
        ...env,
        EMAIL_QUEUE: { send: async () => undefined, sendBatch: async () => undefined } as unknown as Queue,
      });
    expect(await row()).toEqual({ emails: 1 });
    // 29 days after its last email the count still holds…
    await lastEmail(29);
    await cron();
    expect(await row()).toEqual({ emails: 1 });
    // …and 31 days after, the Cron forgets it (its next email would start it again anyway).
    await lastEmail(31);
    await cron();
    expect(await row()).toBeNull();
    // The mailbox's next email counts from one, as it did before.
    await sendThroughConsumer(await storePledges(env.DB, [message(address.replace('@', '+again@'))]), binding);
    expect(sent).toHaveLength(2);
    expect(await row()).toEqual({ emails: 1 });
  });

  it('keep a pledge waiting for its confirmation as it was sent when the mailbox has no email left for newer details', async () => {
    const victim = `rewritten.${crypto.randomUUID()}@example.org`;
    const { binding, sent } = recordingBinding();
    // The owner pledges and is sent their confirmation link.
    const own = message(victim, { receivedAt: new Date(Date.now() - 60_000).toISOString() });
    await sendThroughConsumer(await storePledges(env.DB, [own]), binding);
    // A stranger spends the mailbox's two other emails with +tags, then pledges with the owner's exact address,
    // other details and updates asked for: the confirmation that would carry them cannot go out.
    await sendThroughConsumer(await storePledges(env.DB, [1, 2].map((n) => message(victim.replace('@', `+${n}@`)))), binding);
    const stranger = message(victim, {
      pledge: { partner: 'rsna', name: 'Someone Else', email: victim, role: 'trainee', organization: 'Elsewhere', updates: true, commitment: true },
    });
    await sendThroughConsumer(await storePledges(env.DB, [stranger]), binding);
    // (The two +tags go in one batch, in either order.)
    expect(sent.map((m) => m.to).sort()).toEqual([victim, victim.replace('@', '+1@'), victim.replace('@', '+2@')].sort());
    const row = () => env.DB.prepare('SELECT partner_id, name, role, organization, updates, status FROM pledges WHERE id = ?').bind(own.id).first();
    expect(await row()).toEqual({ partner_id: 'sir', name: 'Inbox Owner', role: 'nurse', organization: null, updates: 0, status: 'pending' });
    // The link the owner holds shows and confirms what it was sent for, nothing the stranger typed.
    const t = await makeToken(env, own.id, 'confirm');
    const page = await (await SELF.fetch(`https://pledge.test/confirm?t=${t}`)).text();
    expect(page).toContain('Inbox Owner');
    expect(page).not.toContain('Someone Else');
    const confirm = await SELF.fetch('https://pledge.test/confirm', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t }).toString(),
    });
    expect(confirm.status).toBe(200);
    expect(await row()).toEqual({ partner_id: 'sir', name: 'Inbox Owner', role: 'nurse', organization: null, updates: 0, status: 'confirmed' });
    // Nothing of the stranger's is kept once the pledge is confirmed.
    expect(JSON.stringify(await env.DB.prepare('SELECT * FROM pledges WHERE id = ?').bind(own.id).first())).not.toContain('Someone Else');
  });

  it('give a pledge waiting for its confirmation the newer details when their confirmation goes out, not before', async () => {
    const address = `corrected.${crypto.randomUUID()}@example.org`;
    const { binding, sent } = recordingBinding();
    const first = message(address, { receivedAt: new Date(Date.now() - 60_000).toISOString() });
    await sendThroughConsumer(await storePledges(env.DB, [first]), binding);
    const counts = () => env.DB.prepare(`SELECT partner_id, pending FROM pledge_counts WHERE partner_id IN ('sir', 'rsna') ORDER BY partner_id`).all();
    const before = (await counts()).results;
    const again = message(address, { pledge: { partner: 'rsna', name: 'Inbox Owner Corrected', email: address, role: 'nurse', commitment: true } });
    const ids = await storePledges(env.DB, [again]);
    expect(await env.DB.prepare('SELECT partner_id, name FROM pledges WHERE id = ?').bind(first.id).first()).toEqual({ partner_id: 'sir', name: 'Inbox Owner' });
    await sendThroughConsumer(ids, binding);
    expect(sent).toHaveLength(2);
    expect(await env.DB.prepare('SELECT partner_id, name FROM pledges WHERE id = ?').bind(first.id).first()).toEqual({ partner_id: 'rsna', name: 'Inbox Owner Corrected' });
    // The pending count moved with the society, once, and a redelivered email moves nothing again.
    const moved = (await counts()).results as { partner_id: string; pending: number }[];
    const was = before as { partner_id: string; pending: number }[];
    expect(moved.map((r, i) => r.pending - was[i]!.pending)).toEqual([1, -1]);
    await sendThroughConsumer(ids, binding);
    expect((await counts()).results).toEqual(moved);
    expect(sent).toHaveLength(2);
  });

  describe('a stranger\'s newer details for a pledge waiting for its confirmation, in other orders', () => {
    const ok = { send: async () => {} };
    const row = (id: string) => env.DB.prepare('SELECT partner_id, name, role, updates, next_details FROM pledges WHERE id = ?').bind(id).first();
    const owners = { partner_id: 'sir', name: 'Inbox Owner', role: 'nurse', updates: 0, next_details: null };
    const strangerFor = (victim: string) =>
      message(victim, { pledge: { partner: 'rsna', name: 'Someone Else', email: victim, role: 'trainee', updates: true, commitment: true } });
    const owner = (victim: string) => message(victim, { receivedAt: new Date(Date.now() - 60_000).toISOString() });
    const spendTwo = async (victim: string) =>
      sendOutboxRows(env, await storePledges(env.DB, [1, 2].map((n) => message(victim.replace('@', `+${n}@`)))), PLEDGE_EMAILS, ok);

    it('are not applied by a confirmation in doubt tried again, which the provider drops as a repeat', async () => {
      const resend = { ...env, EMAIL_TRANSPORT: 'resend' } as Env;
      const victim = `doubt.${crypto.randomUUID()}@example.org`;
      const own = owner(victim);
      // The owner's confirmation is handed over and the connection drops: outcome unknown.
      const lost = { send: async () => { throw new EmailSendError('temporary', 'network'); } };
      await sendOutboxRows(resend, await storePledges(env.DB, [own]), PLEDGE_EMAILS, lost);
      expect(await env.DB.prepare('SELECT in_doubt_since IS NOT NULL AS doubt FROM email_outbox WHERE id = ?').bind(`confirm:${own.id}`).first('doubt')).toBe(1);
      await spendTwo(victim);
      const repeat = await storePledges(env.DB, [strangerFor(victim)]);
      // Tried again, the provider says it has that email already: nothing new reaches the mailbox.
      const dropped = { send: async () => { throw new EmailSendError('permanent', KEY_USED); } };
      await sendOutboxRows(resend, [`confirm:${own.id}`], PLEDGE_EMAILS, dropped);
      expect(await sendOutboxRows(resend, repeat, PLEDGE_EMAILS, ok)).toEqual(new Map([[repeat[0], 'skipped']]));
      expect(await row(own.id)).toEqual(owners);
    });

    it('are not brought back by the stranger\'s batch delivered again after its email was refused', async () => {
      const victim = `redelivered.${crypto.randomUUID()}@example.org`;
      const own = owner(victim);
      await sendOutboxRows(env, await storePledges(env.DB, [own]), PLEDGE_EMAILS, ok);
      await spendTwo(victim);
      const stranger = strangerFor(victim);
      await sendOutboxRows(env, await storePledges(env.DB, [stranger]), PLEDGE_EMAILS, ok);
      expect(await row(own.id)).toEqual(owners);
      await storePledges(env.DB, [stranger]);
      expect(await row(own.id)).toEqual(owners);
      // Nor while its repeat email is being sent: composed (the details dropped, the mailbox capped), not yet marked.
      const other = { ...strangerFor(victim), receivedAt: new Date(Date.now() + 1_000).toISOString() };
      const [repeatId] = await storePledges(env.DB, [other]);
      expect(repeatId).toBe(`repeat:${other.id}`);
      await env.DB.prepare(`UPDATE email_outbox SET status = 'sending', attempts = 1 WHERE id = ?`).bind(repeatId).run();
      await env.DB.prepare('UPDATE pledges SET next_details = NULL WHERE id = ?').bind(own.id).run();
      await storePledges(env.DB, [other]);
      expect(await row(own.id)).toEqual(owners);
    });

    it('are not applied when the email carrying them fails for good, nor while it is being handed over', async () => {
      const victim = `refused.${crypto.randomUUID()}@example.org`;
      const own = owner(victim);
      await sendOutboxRows(env, await storePledges(env.DB, [own]), PLEDGE_EMAILS, ok);
      const repeat = await storePledges(env.DB, [strangerFor(victim)]);
      let during: unknown;
      const refused = {
        send: async () => {
          during = await row(own.id); // composed, handed over: not yet the pledge's
          throw new EmailSendError('permanent', 'rejected');
        },
      };
      expect(await sendOutboxRows(env, repeat, PLEDGE_EMAILS, refused)).toEqual(new Map([[repeat[0], 'failed']]));
      expect(during).toMatchObject({ partner_id: 'sir', name: 'Inbox Owner' });
      expect(await row(own.id)).toMatchObject({ partner_id: 'sir', name: 'Inbox Owner', role: 'nurse', updates: 0 });
    });

    it('do not undo the owner\'s choice of no updates, made through their own link meanwhile', async () => {
      const address = `unsubscribed.${crypto.randomUUID()}@example.org`;
      const own = owner(address);
      await sendOutboxRows(env, await storePledges(env.DB, [own]), PLEDGE_EMAILS, ok);
      const again = message(address, { pledge: { partner: 'sir', name: 'Inbox Owner', email: address, role: 'nurse', updates: true, lang: 'es', commitment: true } });
      const repeat = await storePledges(env.DB, [again]);
      await unsubscribe(env.DB, own.id);
      await sendOutboxRows(env, repeat, PLEDGE_EMAILS, ok);
      expect(await row(own.id)).toEqual(owners);
    });
  });

  it('count an email once however often its send is retried', async () => {
    const address = `retried.${crypto.randomUUID()}@example.org`;
    const [id] = await storePledges(env.DB, [message(address)]);
    let calls = 0;
    const flaky = { send: async () => { if (++calls < 3) throw new Error('temporarily unavailable'); } } as unknown as SendEmail;
    for (let i = 0; i < 3; i++) {
      await sendThroughConsumer([id!], flaky);
      await env.DB.prepare(`UPDATE email_outbox SET status = 'queued' WHERE id = ? AND status = 'queued'`).bind(id).run();
    }
    expect(calls).toBe(3);
    expect(await env.DB.prepare('SELECT status FROM email_outbox WHERE id = ?').bind(id).first('status')).toBe('sent');
    // Two more pledges for the same mailbox: one more email fits under the cap, not two.
    const { binding, sent } = recordingBinding();
    await sendThroughConsumer(await storePledges(env.DB, [message(address.replace('@', '+a@')), message(address.replace('@', '+b@'))]), binding);
    expect(sent).toHaveLength(2);
  });
});

describe('the development fallbacks (no TOKEN_SECRET, no IP_SALT)', () => {
  const devEnv = { DEV_MODE: 'true', TOKEN_SECRET: '', IP_SALT: '', PUBLIC_ORIGIN: 'http://localhost:8787' } as const;

  async function pendingPledge() {
    const m = message(`dev.${crypto.randomUUID()}@example.org`);
    await storePledges(env.DB, [m]);
    return m.id;
  }
  const confirmOn = (origin: string, t: string, overrides: Partial<Env> = devEnv) =>
    fetchWithEnv(
      new Request(`${origin}/confirm`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ t }).toString() }),
      overrides,
    );
  const status = (id: string) => env.DB.prepare('SELECT status FROM pledges WHERE id = ?').bind(id).first('status');

  it('sign and accept links with the development key on localhost', async () => {
    const id = await pendingPledge();
    const t = await makeToken({ ...env, ...devEnv }, id, 'confirm');
    const res = await confirmOn('http://localhost:8787', t);
    expect(res.status).toBe(200);
    expect(await status(id)).toBe('confirmed');
  });

  it('are refused on any public host, even with DEV_MODE on: the link changes nothing', async () => {
    const id = await pendingPledge();
    const t = await makeToken({ ...env, ...devEnv }, id, 'confirm'); // the published development key
    for (const origin of ['https://pledge.example.org', 'https://rhec-pledge-dev.someone.workers.dev', 'http://127.0.0.2.nip.io']) {
      const res = await confirmOn(origin, t);
      expect(res.status, origin).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'not_configured' } });
    }
    expect(await status(id)).toBe('pending');
    // With DEV_MODE off, not even localhost accepts it.
    expect((await confirmOn('http://localhost:8787', t, { ...devEnv, DEV_MODE: 'false' })).status).toBe(503);
  });

  it('hash IPs with the fixed development salt on localhost, and refuse pledges elsewhere rather than use a random one', async () => {
    const send = (origin: string, overrides: Partial<Env> = devEnv) =>
      fetchWithEnv(
        new Request(`${origin}/api/pledges`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.9' },
          body: JSON.stringify(pledge()),
        }),
        overrides,
      );
    expect((await send('http://localhost:8787')).status).toBe(202);
    const refused = await send('https://pledge.example.org');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'not_configured' } });
    expect((await send('https://pledge.example.org', { ...devEnv, IP_SALT: 'a-real-salt' })).status).toBe(202);
  });

  it('refuse an organization\'s request (503) where its confirmation link could not be signed, storing nothing', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const request = (origin: string, overrides: Partial<Env>) =>
      fetchWithEnv(
        new Request(`${origin}/api/organizations`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.10' },
          body: JSON.stringify({
            name: `Secretless Imaging ${tag}`, type: 'practice', website: `https://www.secretless-${tag}.org`,
            contact: { name: 'Grace Hopper', email: `grace@secretless-${tag}.org` }, commitment: true,
          }),
        }),
        overrides,
      );
    const refused = await request('https://pledge.example.org', { ...devEnv, IP_SALT: 'a-real-salt' }); // TOKEN_SECRET missing
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'not_configured' } });
    expect(await env.DB.prepare('SELECT count(*) AS n FROM organizations WHERE name = ?').bind(`Secretless Imaging ${tag}`).first('n')).toBe(0);
    // On this machine the development key stands in, as for pledges.
    expect((await request('http://localhost:8787', devEnv)).status).toBe(202);
  });
});

describe('the hosted /pledge page with Turnstile on', () => {
  const turnstileEnv = { TURNSTILE_SECRET: 'turnstile-secret', TURNSTILE_SITE_KEY: '0x4AAAAAAAsitekey' };

  async function withSiteverify<T>(verdict: boolean, fn: () => Promise<T>): Promise<{ result: T; checked: string[] }> {
    // Turnstile's siteverify is beyond this machine: answer for it at the fetch boundary.
    const realFetch = globalThis.fetch;
    const checked: string[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.startsWith('https://challenges.cloudflare.com/')) {
        checked.push(String((init?.body as FormData).get('response')));
        return Response.json({ success: verdict });
      }
      return realFetch(input, init);
    }) as typeof fetch;
    try {
      return { result: await fn(), checked };
    } finally {
      globalThis.fetch = realFetch;
    }
  }

  const postHosted = (fields: Record<string, string>) =>
    fetchWithEnv(
      new Request('https://pledge.test/pledge', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ partner: 'sir', lang: 'en', name: 'Hosted Person', role: 'nurse', commitment: 'yes', ...fields }).toString(),
        redirect: 'manual',
      }),
      turnstileEnv,
    );

  it('runs Turnstile on the page as progressive enhancement, allowed by its CSP', async () => {
    const res = await fetchWithEnv(new Request('https://pledge.test/pledge?partner=sir'), turnstileEnv);
    const csp = res.headers.get('Content-Security-Policy')!;
    const nonce = csp.match(/'nonce-([\w-]+)'/)![1];
    expect(csp).toContain(`script-src 'nonce-${nonce}' https://challenges.cloudflare.com`);
    expect(csp).toContain('frame-src https://challenges.cloudflare.com');
    const page = await res.text();
    expect(page).toContain('<div class="cf-turnstile turnstile" data-sitekey="0x4AAAAAAAsitekey" data-language="en">');
    expect(page).toContain(`<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" nonce="${nonce}" async defer>`);
    // Off by default: no script at all.
    expect(await (await SELF.fetch('https://pledge.test/pledge?partner=sir')).text()).not.toMatch(/<script/i);
  });

  it('keeps a form post with a passing token clean, and one without a token flagged for review', async () => {
    const good = `hosted.good.${crypto.randomUUID()}@example.org`;
    const { result, checked } = await withSiteverify(true, () => postHosted({ email: good, 'cf-turnstile-response': 'token-from-page' }));
    expect(result.status).toBe(303);
    expect(checked).toEqual(['token-from-page']);
    expect(await storedRows(good)).toMatchObject([{ flagged: 0 }]);

    const bot = `hosted.bot.${crypto.randomUUID()}@example.org`;
    const { result: botResult } = await withSiteverify(true, () => postHosted({ email: bot }));
    expect(botResult.status).toBe(303); // answered like any other: a bot learns nothing
    expect(await storedRows(bot)).toMatchObject([{ flagged: 1, flag_reason: 'turnstile' }]);
  });
});
