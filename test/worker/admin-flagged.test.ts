import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { sendOutboxRow } from '../../worker/platform/outbox/send-outbox.ts';
import { eraseUnconfirmed } from '../../worker/platform/outbox/sweep.ts';
import type { FlagReason, PledgeMessage } from '../../worker/pledges/message.ts';
import { PLEDGE_EMAILS } from '../../worker/pledges/emails.ts';
import { screenForRateLimit } from '../../worker/pledges/abuse.ts';

/** The flags `screenForRateLimit` gives a batch (its guard, for the store, left aside). */
const applyRateLimit = async <T extends Parameters<typeof screenForRateLimit>[1][number]>(e: Env, batch: T[], now?: number): Promise<T[]> =>
  (await screenForRateLimit(e, batch, now)).messages;
import { CRON_MINUTES, DEFERRED_HOURS, MAX_BACKLOG_PER_NETWORK, MAX_RELEASE, releaseDeferred, releaseFlagged } from '../../worker/pledges/review.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import { suppress } from '../../worker/updates/consent.ts';
import worker from '../../worker/index.ts';
import { adminForm, adminSignIn, fetchWithEnv } from './helpers.ts';

const SITE = 'https://pledge.test';

const form = adminForm;
const signIn = adminSignIn;

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

/**
 * The email queue, held: the outbox rows put on it are kept here, not delivered to this file's live
 * email consumer. A release puts its confirmation on the queue at once, and the consumer sends it
 * about a second later (max_batch_timeout): a test that then looks for it still queued, or hands it
 * over itself to read it, raced the consumer, and on a loaded machine found it already `sent`.
 */
function heldQueue(): { ids: string[]; queue: Queue } {
  const ids: string[] = [];
  const keep = (body: { outboxId?: string; outboxIds?: string[] }) => ids.push(...(body.outboxIds ?? [body.outboxId!]));
  const queue = {
    async send(body: { outboxId?: string; outboxIds?: string[] }) { keep(body); },
    async sendBatch(messages: { body: { outboxId?: string; outboxIds?: string[] } }[]) { for (const m of messages) keep(m.body); },
  };
  return { ids, queue: queue as unknown as Queue };
}

describe('flagged pledges on the dashboard', () => {
  it('are listed for review, with why, and a maintainer can release one: counted as pending, its confirmation sent and working', async () => {
    const hall = flagged('rate_limit', 'Dr Hall Clinician', 'rsna-booth');
    const bot = flagged('honeypot', 'Bot <b>Name</b>');
    await storePledges(env.DB, [hall, bot]);
    expect(await outboxOf(hall.id)).toEqual([]);
    const cookie = await signIn();

    const page = await (await SELF.fetch(`${SITE}/admin`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('<h2 id="flagged-title">Flagged for review</h2>');
    expect(page).toContain('<th scope="row" role="rowheader" class="long">Dr Hall Clinician</th>');
    expect(page).toContain(`<td role="cell" data-label="Email" class="long">${hall.pledge.email}</td>`);
    expect(page).toContain('<code>rsna-booth</code>');
    expect(page).toContain('<td role="cell" data-label="Why">over the limit</td>');
    expect(page).toContain('<td role="cell" data-label="Why">anti-bot field filled</td>');
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
    const held = heldQueue();
    const released = await fetchWithEnv(
      new Request(`${SITE}/admin/flagged`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE, Cookie: cookie },
        body: new URLSearchParams({ action: 'release', id: hall.id }).toString(),
        redirect: 'manual',
      }),
      { EMAIL_QUEUE: held.queue },
    );
    // Done: answered by a redirect (Post/Redirect/Get), so a reload of the answer posts nothing again and says
    // what was done, not "Nothing was released"; how many in the URL, never an address or an id.
    expect(released.status).toBe(303);
    const location = released.headers.get('Location')!;
    expect(location).toBe('/admin?done=released&released=1&lang=en');
    const releasedPage = await (await SELF.fetch(`${SITE}${location}`, { headers: { Cookie: cookie } })).text();
    expect(releasedPage).toContain('<div class="thanks" role="status" tabindex="-1" autofocus><p>Released 1 pledge: its confirmation email is on its way.</p></div>');
    // The same answer in the other language, from its switch.
    expect(releasedPage).toContain('href="/admin?done=released&amp;released=1&amp;lang=es"');
    expect(await (await SELF.fetch(`${SITE}/admin?done=released&released=1&lang=es`, { headers: { Cookie: cookie } })).text()).toContain('Se liberó 1 compromiso: su correo de confirmación está en camino.');
    // Reloaded: the same banner, nothing posted again.
    const reload = await SELF.fetch(`${SITE}${location}`, { headers: { Cookie: cookie } });
    expect(reload.status).toBe(200);
    expect(await reload.text()).toContain('Released 1 pledge: its confirmation email is on its way.');
    expect(await outboxOf(hall.id)).toHaveLength(1);
    // Without a session, the sign-in page, saying nothing of it; an address not of a release says nothing either.
    const signedOut = await (await SELF.fetch(`${SITE}${location}`)).text();
    expect(signedOut).toContain('id="token"');
    expect(signedOut).not.toContain('Released');
    for (const bad of ['released=0', 'released=abc', 'released=101', 'released=2&suppressed=3', 'released=1&suppressed=-1', 'released=1.5'])
      expect(await (await SELF.fetch(`${SITE}/admin?done=released&${bad}`, { headers: { Cookie: cookie } })).text()).not.toContain('class="thanks"');
    expect(releasedPage).not.toContain('<th scope="row" role="rowheader" class="long">Dr Hall Clinician</th>');
    expect(await pledgeRow(hall.id)).toEqual({ flagged: 0, flag_reason: null, status: 'pending' });
    expect(await pending()).toBe(before + 1);
    expect(await outboxOf(hall.id)).toEqual([{ id: `confirm:${hall.id}`, kind: 'confirm', status: 'queued' }]);
    expect(held.ids).toEqual([`confirm:${hall.id}`]); // put on the queue, once
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
    expect(page).toContain('<h2 id="flagged-title">Marcados para revisión</h2>');
    expect(page).toContain('<td role="cell" data-label="Motivo">no superó Turnstile</td>');
    expect(page).toMatch(/Enviar la confirmación a los \d+ mostrados que se marcaron por superar el límite/);
    // The button names the pledges it showed, by id: the limit's, not the anti-bot checks'.
    const shown = page.match(/name="ids" value="([^"]+)"/)![1]!.split(',');
    for (const m of hall) expect(shown).toContain(m.id);
    expect(shown).not.toContain(bot.id);

    // One that arrives after the page was drawn is not released unseen.
    const late = flagged('rate_limit', 'Llegó después');
    await storePledges(env.DB, [late]);
    // Even if a forged form names the anti-bot one, the bulk button releases only the limit's.
    const res = await form('/admin/flagged', { action: 'release-limited', ids: [...shown, bot.id].join(','), ui_lang: 'es' }, { Cookie: cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/admin?done=released&released=${shown.length}&lang=es`);
    const done = await (await SELF.fetch(`${SITE}${res.headers.get('Location')}`, { headers: { Cookie: cookie } })).text();
    expect(done).toContain(`<div class="thanks" role="status" tabindex="-1" autofocus><p>Se liberaron ${shown.length} compromisos: sus correos de confirmación están en camino.</p></div>`);
    for (const m of hall) expect(await pledgeRow(m.id)).toMatchObject({ flagged: 0, status: 'pending' });
    expect(await pledgeRow(late.id)).toMatchObject({ flagged: 1 });
    expect(await pledgeRow(bot.id)).toMatchObject({ flagged: 1, flag_reason: 'turnstile' });
    expect(await outboxOf(bot.id)).toEqual([]);

    const unknown = await form('/admin/flagged', { action: 'explode', ui_lang: 'es' }, { Cookie: cookie });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Elija qué quiere cambiar.');
  });
});

describe('releasing many at once', () => {
  it('says how many of those released get no email because their address is suppressed, when only some are; in Spanish too', async () => {
    const cookie = await signIn();
    const release = async (suppressed: number, lang: 'en' | 'es') => {
      const three = [flagged('rate_limit', 'Una'), flagged('rate_limit', 'Dos'), flagged('rate_limit', 'Tres')];
      await storePledges(env.DB, three);
      for (const m of three.slice(0, suppressed)) await suppress(env, m.pledge.email, 'bounce', 'test');
      const res = await form('/admin/flagged', { action: 'release-limited', ids: three.map((m) => m.id).join(','), ui_lang: lang }, { Cookie: cookie });
      expect(res.status).toBe(303);
      const location = res.headers.get('Location')!;
      expect(location).toBe(`/admin?done=released&released=3&suppressed=${suppressed}&lang=${lang}`);
      for (const m of three) expect(location).not.toContain(m.id);
      // Each released, its confirmation queued (one that is suppressed is cancelled when it would go).
      for (const m of three) expect(await outboxOf(m.id)).toHaveLength(1);
      return (await (await SELF.fetch(`${SITE}${location}`, { headers: { Cookie: cookie } })).text()).match(/<div class="thanks"[^>]*><p>(.*?)<\/p>/)![1];
    };
    expect(await release(1, 'en')).toBe('Released 3 pledges: their confirmation emails are on their way, except to the one whose address is on the suppression list.');
    expect(await release(2, 'en')).toBe('Released 3 pledges: their confirmation emails are on their way, except to the 2 whose addresses are on the suppression list.');
    expect(await release(1, 'es')).toBe('Se liberaron 3 compromisos: sus correos de confirmación están en camino, salvo el de la dirección que está en la lista de exclusión.');
    expect(await release(2, 'es')).toBe('Se liberaron 3 compromisos: sus correos de confirmación están en camino, salvo los de las 2 direcciones que están en la lista de exclusión.');
    expect(await release(3, 'en')).toBe('Released 3 pledges, but no confirmation emails go to them: their addresses are on the suppression list.');
  });


  it('the dashboard says how many it does not show; one release takes at most 100, each once, and queues each confirmation by its id', async () => {
    const many = Array.from({ length: MAX_RELEASE + 2 }, (_, i) => flagged('rate_limit', `Crowd ${i}`));
    await storePledges(env.DB, many);
    const total = await env.DB.prepare(`SELECT count(*) AS n FROM pledges WHERE flagged = 1 AND status = 'pending'`).first<number>('n');
    const page = await (await SELF.fetch(`${SITE}/admin`, { headers: { Cookie: await signIn() } })).text();
    expect(page).toContain(
      `<p>The 100 most recent of ${total!.toLocaleString('en')}. To find an older one, enter its address under <a href="#erase-request">Requests from pledgers, by address</a>: it says the pledge is held and sends its confirmation from there.</p>`,
    );
    const es = await (await SELF.fetch(`${SITE}/admin?lang=es`, { headers: { Cookie: await signIn() } })).text();
    expect(es).toContain(`Para encontrar uno más antiguo, escriba su dirección en <a href="#erase-request">Peticiones de quienes se comprometieron, por su dirección</a>`);

    const queued: string[] = [];
    const queue = { sendBatch: async (msgs: { body: { outboxId: string } }[]) => void queued.push(...msgs.map((m) => m.body.outboxId)) };
    const ids = many.map((m) => m.id);
    // The first one named twice: released once, and the 100 are the first 100 named.
    expect(await releaseFlagged({ ...env, EMAIL_QUEUE: queue as unknown as Queue }, [ids[0]!, ...ids])).toBe(MAX_RELEASE);
    expect(queued.sort()).toEqual(ids.slice(0, MAX_RELEASE).map((id) => `confirm:${id}`).sort());
    for (const id of ids.slice(MAX_RELEASE)) expect(await pledgeRow(id)).toMatchObject({ flagged: 1 });
  });
});

describe('erasing a flagged pledge no person made', () => {
  it('asks first, naming the address, then deletes it and its details; nothing was counted or sent', async () => {
    const bot = flagged('honeypot', 'Bot Filler');
    const kept = flagged('honeypot', 'Another Bot');
    await storePledges(env.DB, [bot, kept]);
    const before = await pending();
    const cookie = await signIn();
    const page = await (await SELF.fetch(`${SITE}/admin`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain(`<input type="hidden" name="action" value="erase" /><input type="hidden" name="id" value="${bot.id}" />`);
    expect(page).toContain(`Erase<span class="visually-hidden"> the pledge from ${bot.pledge.email}</span>`);

    // The table's button leads to the check, which changes nothing.
    const check = await form('/admin/flagged', { action: 'erase', id: bot.id, ui_lang: 'es' }, { Cookie: cookie });
    expect(check.status).toBe(200);
    const asked = await check.text();
    expect(asked).toContain(`¿Borrar el compromiso marcado de ${bot.pledge.email}?`);
    expect(asked).toContain('<input type="hidden" name="confirm" value="yes" />');
    expect(await pledgeRow(bot.id)).not.toBeNull();

    const erased = await form('/admin/flagged', { action: 'erase', id: bot.id, confirm: 'yes', ui_lang: 'es' }, { Cookie: cookie });
    // Done: a redirect to the dashboard's banner (Post/Redirect/Get), so a reload there does not ask to erase it again
    // and hear "Nothing was erased"; nothing of the pledge in the URL.
    expect(erased.status).toBe(303);
    expect(erased.headers.get('Location')).toBe('/admin?done=erased-flagged&lang=es');
    const done = await (await SELF.fetch(`${SITE}/admin?done=erased-flagged&lang=es`, { headers: { Cookie: cookie } })).text();
    expect(done).toContain('<div class="thanks" role="status" tabindex="-1" autofocus><p>Se borró el compromiso marcado: ya no se guardan su nombre ni su dirección.</p></div>');
    expect(done).toContain('href="/admin?done=erased-flagged&amp;lang=en"');
    expect(await (await SELF.fetch(`${SITE}/admin?done=erased-flagged&lang=en`, { headers: { Cookie: cookie } })).text()).toContain('Erased the flagged pledge: its name and address are no longer kept.');
    expect(await (await SELF.fetch(`${SITE}/admin?done=erased-flagged&lang=en`)).text()).not.toContain('Erased');
    expect(await pledgeRow(bot.id)).toBeNull();
    expect(await pledgeRow(kept.id)).not.toBeNull();
    expect(await pending()).toBe(before);
    expect(await outboxOf(bot.id)).toEqual([]);

    // Again, or a pledge that is not flagged: nothing is erased, and it says so.
    expect((await form('/admin/flagged', { action: 'erase', id: bot.id, confirm: 'yes' }, { Cookie: cookie })).status).toBe(409);
    expect((await form('/admin/flagged', { action: 'erase', id: bot.id }, { Cookie: cookie })).status).toBe(409);
    const clean = { ...flagged('honeypot', 'Real Person'), flag: null };
    await storePledges(env.DB, [clean]);
    const refused = await form('/admin/flagged', { action: 'erase', id: clean.id, confirm: 'yes' }, { Cookie: cookie });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Nothing was erased');
    expect(await pledgeRow(clean.id)).not.toBeNull();
  });
});

describe('pledges over the per-address limit', () => {
  const MIN = 60_000;
  /** As the ingest consumer takes them: screened by the per-address limit as of `at`, then stored. */
  async function ingest(ipHash: string, n: number, at: number, name = 'Hall Person'): Promise<PledgeMessage[]> {
    const messages = Array.from({ length: n }, (_, i): PledgeMessage => ({ ...flagged('rate_limit', `${name} ${i}`), flag: null, ipHash, receivedAt: new Date(at + i).toISOString() }));
    const screened = await applyRateLimit(env, messages, at + n);
    await storePledges(env.DB, screened);
    return screened;
  }
  const waiting = (ipHash: string) =>
    env.DB.prepare(`SELECT count(*) AS n FROM pledges WHERE ip_hash = ? AND flagged = 1 AND flag_reason = 'rate_limit'`).bind(ipHash).first<number>('n');

  it("are released by the Cron once their network slows, at the limit's own pace, oldest first, with their confirmations", async () => {
    const ip = `hall-${crypto.randomUUID()}`;
    const now = Date.now();
    // A keynote: 110 pledges in a minute from one hall, 6 minutes ago. The limit took 20 and flagged 90.
    const hall = await ingest(ip, 110, now - 6 * MIN);
    expect(hall.filter((m) => m.flag === 'rate_limit')).toHaveLength(90);
    const before = await pending();

    // The hall has been quiet since: a window's worth (100) goes now, the oldest first.
    const held = heldQueue();
    expect(await releaseDeferred({ ...env, EMAIL_QUEUE: held.queue }, now)).toBeGreaterThanOrEqual(90);
    expect(await waiting(ip)).toBe(0);
    expect(await pending()).toBeGreaterThanOrEqual(before! + 90);
    const first = hall.find((m) => m.flag === 'rate_limit')!;
    expect(await pledgeRow(first.id)).toMatchObject({ flagged: 0, status: 'pending' });
    expect(await outboxOf(first.id)).toEqual([{ id: `confirm:${first.id}`, kind: 'confirm', status: 'queued' }]);
    expect(held.ids).toContain(`confirm:${first.id}`);
    const sent: OutgoingEmail[] = [];
    await sendOutboxRow(env, `confirm:${first.id}`, PLEDGE_EMAILS, { async send(email) { sent.push(email); } });
    expect(sent[0]!.to).toBe(first.pledge.email);

    // What was just released counts toward the network's limit, as new pledges would: the next
    // pledge from the hall this minute is over it (and deferred in its turn).
    const next = await ingest(ip, 1, Date.now());
    expect(next[0]!.flag).toBe('rate_limit');
  });

  it('release at most a window\'s worth a run: 100 from a backlog of 150, the rest at the next run', async () => {
    const ip = `crowd-${crypto.randomUUID()}`;
    const now = Date.now();
    for (let i = 0; i < 9; i++) await ingest(ip, 19, now - 60 * MIN + i * 2 * MIN); // steady, under the limit: nothing flagged
    await ingest(ip, 170, now - 20 * MIN); // then a burst: 20 taken, 150 flagged
    expect(await waiting(ip)).toBe(150);
    await releaseDeferred(env, now);
    expect(await waiting(ip)).toBe(50);
    await releaseDeferred(env, now); // the same run again (a retried Cron): nothing more
    expect(await waiting(ip)).toBe(50);
    await releaseDeferred(env, now + CRON_MINUTES * MIN); // the next run: the window has room again
    expect(await waiting(ip)).toBe(0);
  });

  it('wait while their network keeps sending (a flood gets nothing back), and never when old or a flood\'s backlog', async () => {
    const ip = `flood-${crypto.randomUUID()}`;
    const now = Date.now();
    await ingest(ip, 150, now - 2 * MIN); // still arriving: 130 flagged in the window
    await releaseDeferred(env, now);
    expect(await waiting(ip)).toBe(130);

    const old = `old-${crypto.randomUUID()}`;
    await ingest(old, 30, now - (DEFERRED_HOURS + 1) * 60 * MIN);
    await releaseDeferred(env, now);
    expect(await waiting(old)).toBe(10); // older than a day: a maintainer's

    const big = `big-${crypto.randomUUID()}`;
    await ingest(big, MAX_BACKLOG_PER_NETWORK + 21, now - 60 * MIN);
    await releaseDeferred(env, now);
    expect(await waiting(big)).toBe(MAX_BACKLOG_PER_NETWORK + 1); // too many to be a crowd: a maintainer's
  });

  it('wait out their minute: one flagged this minute goes at the next run, not this one', async () => {
    const ip = `minute-${crypto.randomUUID()}`;
    const now = Date.now();
    const [over] = (await ingest(ip, 21, now - 30_000)).filter((m) => m.flag === 'rate_limit');
    await releaseDeferred(env, now);
    expect(await pledgeRow(over!.id)).toMatchObject({ flagged: 1 });
    await releaseDeferred(env, now + CRON_MINUTES * MIN);
    expect(await pledgeRow(over!.id)).toMatchObject({ flagged: 0, status: 'pending' });
  });

  it('release more than 100 in one run when several networks wait, each network its own window', async () => {
    const [a, b] = [`ward-a-${crypto.randomUUID()}`, `ward-b-${crypto.randomUUID()}`];
    const now = Date.now();
    await ingest(a, 80, now - 10 * MIN); // 20 taken, 60 flagged, in each
    await ingest(b, 80, now - 10 * MIN);
    expect((await waiting(a))! + (await waiting(b))!).toBe(120);
    expect(await releaseDeferred(env, now)).toBeGreaterThanOrEqual(120);
    expect([await waiting(a), await waiting(b)]).toEqual([0, 0]);
  });

  it('never release the honeypot\'s or Turnstile\'s', async () => {
    const ip = `bots-${crypto.randomUUID()}`;
    const bot = { ...flagged('honeypot', 'Bot'), ipHash: ip, receivedAt: new Date(Date.now() - 10 * MIN).toISOString() };
    const turnstile = { ...flagged('turnstile', 'Bot'), ipHash: ip, receivedAt: new Date(Date.now() - 10 * MIN).toISOString() };
    await storePledges(env.DB, [bot, turnstile]);
    await releaseDeferred(env);
    expect(await pledgeRow(bot.id)).toMatchObject({ flagged: 1, flag_reason: 'honeypot' });
    expect(await pledgeRow(turnstile.id)).toMatchObject({ flagged: 1, flag_reason: 'turnstile' });
  });

  it('is what the Cron runs', async () => {
    const ip = `cron-${crypto.randomUUID()}`;
    const [, over] = [await ingest(ip, 20, Date.now() - 10 * MIN), await ingest(ip, 1, Date.now() - 10 * MIN + 30_000)];
    expect(over![0]!.flag).toBe('rate_limit');
    await worker.scheduled({ scheduledTime: Date.now(), cron: '*/5 * * * *', noRetry() {} } as ScheduledController, env);
    expect(await pledgeRow(over![0]!.id)).toMatchObject({ flagged: 0, status: 'pending' });
  });
});
