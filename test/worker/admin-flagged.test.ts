import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { sendOutboxRow } from '../../worker/platform/outbox/send-outbox.ts';
import { eraseUnconfirmed } from '../../worker/platform/outbox/sweep.ts';
import type { FlagReason, PledgeMessage } from '../../worker/pledges/message.ts';
import { PLEDGE_EMAILS } from '../../worker/pledges/emails.ts';
import { releaseDeferred } from '../../worker/pledges/review.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import worker from '../../worker/index.ts';

const SITE = 'https://pledge.test';

function form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return SELF.fetch(`${SITE}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE, ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

async function signIn(): Promise<string> {
  const res = await form('/admin/sign-in', { token: 'test-admin-token' });
  expect(res.status).toBe(303);
  return (res.headers.get('Set-Cookie') ?? '').split(';')[0]!;
}

function flagged(flag: FlagReason, name: string, source?: string): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner: 'sir', name, email: `flagged.${crypto.randomUUID()}@example.org`, role: 'nurse', commitment: true, ...(source ? { source } : {}) },
    flag,
    ipHash: 'hall-network',
    receivedAt: new Date().toISOString(),
  };
}

const pending = () => env.DB.prepare(`SELECT pending FROM pledge_counts WHERE partner_id = 'sir'`).first<number>('pending');
const pledgeRow = (id: string) => env.DB.prepare('SELECT flagged, flag_reason, status FROM pledges WHERE id = ?').bind(id).first();
const outboxOf = (id: string) => env.DB.prepare('SELECT id, kind, status FROM email_outbox WHERE pledge_id = ?').bind(id).all().then((r) => r.results);

describe('flagged pledges on the dashboard', () => {
  it('are listed for review, with why, and a maintainer can release one: counted as pending, its confirmation sent and working', async () => {
    const hall = flagged('rate_limit', 'Dr Hall Clinician', 'rsna-booth');
    const bot = flagged('honeypot', 'Bot <b>Name</b>');
    await storePledges(env.DB, [hall, bot]);
    expect(await outboxOf(hall.id)).toEqual([]);
    const cookie = await signIn();

    const page = await (await SELF.fetch(`${SITE}/admin`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('<h2 id="flagged-title">Flagged for review</h2>');
    expect(page).toContain('<th scope="row">Dr Hall Clinician</th>');
    expect(page).toContain(`<td>${hall.pledge.email}</td>`);
    expect(page).toContain('<code>rsna-booth</code>');
    expect(page).toContain('<td>over the limit</td>');
    expect(page).toContain('<td>anti-bot field filled</td>');
    expect(page).toContain('Bot &lt;b&gt;Name&lt;/b&gt;'); // what a stranger typed is escaped
    expect(page).toContain(`<input type="hidden" name="id" value="${hall.id}" />`);
    expect(page).toContain('<li><a href="#flagged">Flagged for review</a></li>');

    // Only from the dashboard itself, and only with a session.
    expect((await form('/admin/flagged', { action: 'release', id: hall.id }, { Cookie: cookie, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await form('/admin/flagged', { action: 'release', id: hall.id })).status).toBe(403);
    expect(await pledgeRow(hall.id)).toMatchObject({ flagged: 1 });

    // Flagged 29 days ago: released, it gets a whole 30 days to be confirmed, from now.
    await env.DB.prepare('UPDATE pledges SET created_at = ? WHERE id = ?').bind(new Date(Date.now() - 29 * 86_400_000).toISOString(), hall.id).run();
    const before = (await pending()) ?? 0;
    const released = await form('/admin/flagged', { action: 'release', id: hall.id }, { Cookie: cookie });
    expect(released.status).toBe(200);
    const releasedPage = await released.text();
    expect(releasedPage).toContain('Released 1 pledge: its confirmation email is on its way.');
    expect(releasedPage).not.toContain('<th scope="row">Dr Hall Clinician</th>');
    expect(await pledgeRow(hall.id)).toEqual({ flagged: 0, flag_reason: null, status: 'pending' });
    expect(await pending()).toBe(before + 1);
    expect(await outboxOf(hall.id)).toEqual([{ id: `confirm:${hall.id}`, kind: 'confirm', status: 'queued' }]);
    expect(await pledgeRow(bot.id)).toMatchObject({ flagged: 1 }); // the other one is untouched
    await eraseUnconfirmed(env, Date.now() + 2 * 86_400_000);
    expect(await pledgeRow(hall.id)).toMatchObject({ status: 'pending' });

    // Its confirmation goes out once, and its link confirms it (the link is newer than the release).
    const delivered: OutgoingEmail[] = [];
    await sendOutboxRow(env, `confirm:${hall.id}`, PLEDGE_EMAILS, { send: async (e) => void delivered.push(e) });
    await sendOutboxRow(env, `confirm:${hall.id}`, PLEDGE_EMAILS, { send: async (e) => void delivered.push(e) });
    expect(delivered).toHaveLength(1);
    const token = delivered[0]!.text.match(/\/confirm\?lang=en&t=(\S+)/)![1]!;
    const confirmed = await form('/confirm', { t: token });
    expect(await confirmed.text()).toContain('Your pledge is confirmed');
    expect(await pledgeRow(hall.id)).toMatchObject({ status: 'confirmed', flagged: 0 });

    // Released twice: nothing more happens, and the page says so as an error.
    const again = await form('/admin/flagged', { action: 'release', id: hall.id }, { Cookie: cookie });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Nothing was released: those pledges had already been released, confirmed, withdrawn or erased.');
    expect(await outboxOf(hall.id)).toHaveLength(1);
  });

  it('releases every pledge the limit flagged at once, leaving those the anti-bot checks flagged; in Spanish too', async () => {
    const hall = [flagged('rate_limit', 'Uno'), flagged('rate_limit', 'Dos'), flagged('rate_limit', 'Tres')];
    const bot = flagged('turnstile', 'Robot');
    await storePledges(env.DB, [...hall, bot]);
    const cookie = await signIn();
    const page = await (await SELF.fetch(`${SITE}/admin?lang=es`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('<h2 id="flagged-title">Marcados para revisar</h2>');
    expect(page).toContain('<td>no superó Turnstile</td>');
    expect(page).toMatch(/Enviar la confirmación a los \d+ mostrados que marcó el límite/);
    // The button names the pledges it showed, by id: the limit's, not the anti-bot checks'.
    const shown = page.match(/name="ids" value="([^"]+)"/)![1]!.split(',');
    for (const m of hall) expect(shown).toContain(m.id);
    expect(shown).not.toContain(bot.id);

    // One that arrives after the page was drawn is not released unseen.
    const late = flagged('rate_limit', 'Llegó después');
    await storePledges(env.DB, [late]);
    // Even if a forged form names the anti-bot one, the bulk button releases only the limit's.
    const res = await form('/admin/flagged', { action: 'release-limited', ids: [...shown, bot.id].join(','), ui_lang: 'es' }, { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`Se liberaron ${shown.length} compromisos: sus correos de confirmación están en camino.`);
    for (const m of hall) expect(await pledgeRow(m.id)).toMatchObject({ flagged: 0, status: 'pending' });
    expect(await pledgeRow(late.id)).toMatchObject({ flagged: 1 });
    expect(await pledgeRow(bot.id)).toMatchObject({ flagged: 1, flag_reason: 'turnstile' });
    expect(await outboxOf(bot.id)).toEqual([]);

    const unknown = await form('/admin/flagged', { action: 'explode', ui_lang: 'es' }, { Cookie: cookie });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Elija qué quiere cambiar.');
  });
});

describe('pledges over the per-address limit', () => {
  const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
  const from = (ipHash: string, flag: FlagReason | null, receivedAt: string, name = 'Hall Person'): PledgeMessage => ({
    ...flagged('rate_limit', name),
    flag,
    ipHash,
    receivedAt,
  });
  const flaggedCount = (ipHash: string) =>
    env.DB.prepare(`SELECT count(*) AS n FROM pledges WHERE ip_hash = ? AND flagged = 1`).bind(ipHash).first<number>('n');

  it('are released by the Cron at the limit\'s own pace (oldest first), with their confirmations; other flags never', async () => {
    const ip = `hall-${crypto.randomUUID()}`;
    // 90 ordinary pledges from a conference hall in the last minutes, then 25 the limit flagged.
    await storePledges(env.DB, Array.from({ length: 90 }, () => from(ip, null, at(60_000))));
    const over = Array.from({ length: 25 }, (_, i) => from(ip, 'rate_limit', at(120_000 - i * 1000), `Over ${i}`));
    const bot = from(ip, 'honeypot', at(120_000));
    const justNow = from(ip, 'rate_limit', at(5_000)); // its minute is not over yet
    await storePledges(env.DB, [...over, bot, justNow]);
    const before = await pending();

    // The address has used 90 of its 100 for these 5 minutes: 10 go now, the oldest. (Other
    // tests' addresses may have some released too: the counts here are this address's.)
    expect(await releaseDeferred(env)).toBeGreaterThanOrEqual(10);
    expect(await flaggedCount(ip)).toBe(15 + 2);
    const released = await Promise.all(over.map((m) => pledgeRow(m.id)));
    expect(released.map((r) => r!.flagged)).toEqual([...Array(10).fill(0), ...Array(15).fill(1)]);
    expect(await pending()).toBeGreaterThanOrEqual(before! + 10);
    expect(await outboxOf(over[0]!.id)).toEqual([{ id: `confirm:${over[0]!.id}`, kind: 'confirm', status: 'queued' }]);
    // Its confirmation is an ordinary one, whose link works.
    const sent: OutgoingEmail[] = [];
    await sendOutboxRow(env, `confirm:${over[0]!.id}`, PLEDGE_EMAILS, { async send(email) { sent.push(email); } });
    expect(sent[0]!.to).toBe(over[0]!.pledge.email);

    // Run again at once: the window is full (90 stored, 10 released). Nothing more.
    await releaseDeferred(env);
    expect(await flaggedCount(ip)).toBe(15 + 2);
    // The next run, 5 minutes on: the rest, and the one whose minute was not over; never the honeypot's.
    expect(await releaseDeferred(env, Date.now() + 6 * 60_000)).toBeGreaterThanOrEqual(16);
    expect(await flaggedCount(ip)).toBe(1);
    expect(await pledgeRow(bot.id)).toMatchObject({ flagged: 1, flag_reason: 'honeypot' });
  });

  it('wait while their address keeps its window full (a flood gets no more emails than the limit allows)', async () => {
    const ip = `flood-${crypto.randomUUID()}`;
    await storePledges(env.DB, Array.from({ length: 100 }, () => from(ip, null, at(30_000))));
    await storePledges(env.DB, Array.from({ length: 5 }, () => from(ip, 'rate_limit', at(90_000))));
    await releaseDeferred(env);
    expect(await flaggedCount(ip)).toBe(5);
  });

  it('is what the Cron runs', async () => {
    const ip = `cron-${crypto.randomUUID()}`;
    const m = from(ip, 'rate_limit', at(120_000));
    await storePledges(env.DB, [m]);
    const ctx = createExecutionContext();
    await worker.scheduled!({ scheduledTime: Date.now(), cron: '*/5 * * * *', noRetry() {} } as ScheduledController, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await pledgeRow(m.id)).toMatchObject({ flagged: 0, status: 'pending' });
  });
});
