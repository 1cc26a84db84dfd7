/**
 * The ingest consumer's per-IP rate limit, counted in D1: the attempts an IP hash made in the minute
 * before each pledge was received, and in each minute ending at one of its attempts (or releases)
 * stored less than a minute after it, then the batch on top of them in the order they were received.
 */
import { createMessageBatch, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index.ts';
import { RATE_LIMIT, rateLimitRaced, screenForRateLimit } from '../../worker/pledges/abuse.ts';

/** The flags `screenForRateLimit` gives a batch (its guard, for the store, left aside). */
const applyRateLimit = async <T extends Parameters<typeof screenForRateLimit>[1][number]>(e: Env, batch: T[], now?: number): Promise<T[]> =>
  (await screenForRateLimit(e, batch, now)).messages;
import type { FlagReason, PledgeMessage } from '../../worker/pledges/message.ts';
import { eraseFlagged, releaseFlagged } from '../../worker/pledges/review.ts';
import { SCREEN_ATTEMPTS, screenAndStorePledges, storePledges } from '../../worker/pledges/store.ts';

const key = (tag: string) => `${tag}${crypto.randomUUID().replaceAll('-', '')}`;

function stored(ipHash: string, secondsAgo: number, flag: FlagReason | null = null): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner: 'sir', name: 'Earlier Pledger', email: `limit.${crypto.randomUUID()}@example.org`, role: 'nurse', commitment: true },
    flag,
    ipHash,
    receivedAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
  };
}

describe('the per-IP rate limit over a batch', () => {
  it(`lets ${RATE_LIMIT.pledges} pledges a minute through per key, in arrival order, and flags the rest`, async () => {
    const keyA = key('a');
    const keyB = key('b');
    // 25 pledges from A interleaved with 3 from B, one honeypot-flagged and one without an IP.
    const messages: { n: number; flag: FlagReason | null; ipHash: string | null }[] = [
      ...Array.from({ length: 25 }, (_, i) => ({ n: i, flag: null, ipHash: keyA })),
      { n: 100, flag: null, ipHash: keyB },
      { n: 101, flag: 'honeypot' as const, ipHash: keyB },
      { n: 102, flag: null, ipHash: null },
      { n: 103, flag: null, ipHash: keyB },
    ];
    const screened = await applyRateLimit(env, messages);

    expect(screened.map((m) => m.n)).toEqual(messages.map((m) => m.n)); // same pledges, same order
    expect(screened.filter((m) => m.flag === 'rate_limit').map((m) => m.n)).toEqual([20, 21, 22, 23, 24]);
    expect(screened.find((m) => m.n === 101)!.flag).toBe('honeypot');
    expect(messages.every((m) => m.flag !== 'rate_limit')).toBe(true); // the input is not changed in place
  });

  it('counts the pledges already stored from that key in the last minute, over-limit attempts included', async () => {
    const k = key('c');
    await storePledges(env.DB, [
      ...Array.from({ length: 17 }, () => stored(k, 30)),
      stored(k, 40, 'rate_limit'), // an attempt over the limit still counts
      stored(k, 20, 'honeypot'), // a bot's pledge flagged at the door does not
      stored(k, 90), // older than a minute
      stored(k, 300),
      stored(key('other'), 10),
    ]);
    const batch = Array.from({ length: 4 }, (_, n) => ({ n, flag: null, ipHash: k }));
    const screened = await applyRateLimit(env, batch);
    // 18 in the last minute: two more pass, the third and fourth are over.
    expect(screened.map((m) => m.flag)).toEqual([null, null, 'rate_limit', 'rate_limit']);
    // A minute later the stored ones have aged out.
    const later = await applyRateLimit(env, batch, Date.now() + 61_000);
    expect(later.map((m) => m.flag)).toEqual([null, null, null, null]);
  });

  it('judges each pledge by the minute before it was received, so a batch retried hours late is screened as on time', async () => {
    const HOUR = 3_600_000;
    const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    // A conference network's 25 pledges over an afternoon (one every 10 minutes), in a batch
    // held back by an outage and read 5 hours after the first: none is over the limit.
    const spread = key('spread');
    const afternoon = Array.from({ length: 25 }, (_, n) => ({ n, flag: null, ipHash: spread, receivedAt: at(5 * HOUR - n * 600_000) }));
    expect((await applyRateLimit(env, afternoon)).map((m) => m.flag)).toEqual(afternoon.map(() => null));
    // 25 in one minute 3 hours ago are over it, late or not: the last 5 (in the order received,
    // whatever their place in the batch).
    const burst = key('burst');
    const minute = Array.from({ length: 25 }, (_, n) => ({ n, flag: null, ipHash: burst, receivedAt: at(3 * HOUR - n * 2_000) })).reverse();
    const screened = await applyRateLimit(env, minute);
    expect(screened.filter((m) => m.flag === 'rate_limit').map((m) => m.n).sort((a, b) => a - b)).toEqual([20, 21, 22, 23, 24]);
  });

  it('counts the pledges stored in the minute before a late one was received, and not those of its own late minute', async () => {
    const HOUR = 3_600_000;
    const k = key('late');
    const then = Date.now() - 3 * HOUR;
    await storePledges(env.DB, Array.from({ length: 20 }, (_, i) => ({ ...stored(k, 0), receivedAt: new Date(then + i).toISOString() })));
    await storePledges(env.DB, [{ ...stored(k, 0), receivedAt: new Date(then + 61_000).toISOString(), flag: 'rate_limit' }]);
    const batch = [
      { n: 0, flag: null, ipHash: k, receivedAt: new Date(then + 30_000).toISOString() }, // the 21st in its minute
      { n: 1, flag: null, ipHash: k, receivedAt: new Date(then + 90_000).toISOString() }, // a minute on: 1 attempt before it
      { n: 2, flag: null, ipHash: k, receivedAt: new Date().toISOString() }, // now: nothing in its minute
      { n: 3, flag: null, ipHash: k, receivedAt: new Date(then - 60_000).toISOString() }, // a minute before the 20: out of their minutes
    ];
    expect((await applyRateLimit(env, batch)).map((m) => m.flag)).toEqual(['rate_limit', null, null, null]);
    // Just before the 20: none before it, but the minute that ends at the 20th would hold it too, as
    // its 21st (had it been stored first, the 20th would have been over the limit instead).
    const before = [{ n: 0, flag: null, ipHash: k, receivedAt: new Date(then - 1_000).toISOString() }];
    expect((await applyRateLimit(env, before)).map((m) => m.flag)).toEqual(['rate_limit']);
  });

  it('counts pledges released in the minute before a pledge was received, and not in another minute', async () => {
    const k = key('released');
    const held = Array.from({ length: 20 }, () => stored(k, 2 * 3600, 'rate_limit'));
    await storePledges(env.DB, held);
    expect(await releaseFlagged(env, held.map((m) => m.id), 'rate_limit')).toBe(20); // released now
    const batch = [
      { n: 0, flag: null, ipHash: k, receivedAt: new Date().toISOString() }, // the 20 released count in its minute
      { n: 1, flag: null, ipHash: k, receivedAt: new Date(Date.now() - 120_000).toISOString() }, // before they were released
    ];
    expect((await applyRateLimit(env, batch)).map((m) => m.flag)).toEqual(['rate_limit', null]);
    // Received and released in the same minute (a maintainer's release), one counts once in it: 11 + 1.
    const soon = key('released-soon');
    const recent = Array.from({ length: 11 }, () => stored(soon, 30, 'rate_limit'));
    await storePledges(env.DB, recent);
    expect(await releaseFlagged(env, recent.map((m) => m.id), 'rate_limit')).toBe(11);
    expect((await applyRateLimit(env, [{ flag: null, ipHash: soon, receivedAt: new Date().toISOString() }])).map((m) => m.flag)).toEqual([null]);
  });

  it("screens only the pledges not flagged already, from a client it can tell apart: a bot's keep their reason and count for nothing, and pledges with no IP hash are never over", async () => {
    const k = key('bot');
    // 25 pledges flagged at the door, then 20 from the same client: the bot's are not attempts.
    const bot = Array.from({ length: 25 }, (_, n) => ({ n, flag: (n % 2 ? 'honeypot' : 'turnstile') as FlagReason, ipHash: k }));
    const people = Array.from({ length: 20 }, (_, n) => ({ n: 100 + n, flag: null, ipHash: k }));
    expect((await applyRateLimit(env, [...bot, ...people])).map((m) => m.flag)).toEqual([...bot, ...people].map((m) => m.flag));
    // 25 with no IP hash (a client that cannot be told apart) are taken, not counted as one client.
    const unknown = Array.from({ length: 25 }, (_, n) => ({ n, flag: null, ipHash: null }));
    expect((await applyRateLimit(env, unknown)).map((m) => m.flag)).toEqual(unknown.map(() => null));
  });

  it('takes the same minute before a pledge whether the earlier ones are in its batch or stored: one received exactly a minute before is out of it, and its minute holds none exactly a minute after', async () => {
    const then = Date.now() - 3_600_000;
    const at = (ms: number) => new Date(then + ms).toISOString();
    // In one batch: 20 at one moment, then one a millisecond short of a minute later (the 21st in
    // its minute) and one exactly a minute later (the 20 out of its minute: only the one before it in).
    const k = key('edge');
    const batch = [
      ...Array.from({ length: 20 }, (_, n) => ({ n, flag: null, ipHash: k, receivedAt: at(0) })),
      { n: 20, flag: null, ipHash: k, receivedAt: at(59_999) },
      { n: 21, flag: null, ipHash: k, receivedAt: at(60_000) },
    ];
    expect((await applyRateLimit(env, batch)).map((m) => m.flag)).toEqual([...Array<null>(20).fill(null), 'rate_limit', null]);
    // The same 20 stored, the two later ones in a batch of their own: the same answer.
    const s = key('edge-stored');
    await storePledges(env.DB, Array.from({ length: 20 }, () => ({ ...stored(s, 0), receivedAt: at(0) })));
    const later = [
      { n: 0, flag: null, ipHash: s, receivedAt: at(60_000) },
      { n: 1, flag: null, ipHash: s, receivedAt: at(59_999) },
    ];
    expect((await applyRateLimit(env, later)).map((m) => m.flag)).toEqual([null, 'rate_limit']);
    // And after: 20 stored exactly a minute after a pledge are out of its minute, and their minute
    // does not hold it; one a millisecond later is held by it, as the 21st (with another pledge in
    // the batch between them, which their minute holds as well).
    const f = key('edge-forward');
    await storePledges(env.DB, Array.from({ length: 20 }, () => ({ ...stored(f, 0), receivedAt: at(60_000) })));
    const before = [
      { n: 0, flag: null, ipHash: f, receivedAt: at(0) },
      { n: 1, flag: null, ipHash: f, receivedAt: at(30_000) },
    ];
    expect((await applyRateLimit(env, before)).map((m) => m.flag)).toEqual([null, 'rate_limit']);
    expect((await applyRateLimit(env, [{ n: 0, flag: null, ipHash: f, receivedAt: at(1) }])).map((m) => m.flag)).toEqual(['rate_limit']);
  });
});

describe('the per-IP rate limit with two ingest consumers at once', () => {
  const consume = (messages: PledgeMessage[]) =>
    worker.queue(
      createMessageBatch<PledgeMessage>(
        'rhec-pledges',
        messages.map((body, i) => ({ id: `race-${i}`, timestamp: new Date(), attempts: 1, body })),
      ),
      env,
    );

  it('stores nothing of a batch whose count changed between its screening and its store, and screens it again', async () => {
    // The two consumers' steps in the order that let 30 through: count A, count B, store A, store B.
    const k = key('interleaved');
    const [a, b] = [0, 1].map(() => Array.from({ length: 15 }, () => stored(k, 0)));
    const first = await screenForRateLimit(env, a!);
    const second = await screenForRateLimit(env, b!);
    expect([...first.messages, ...second.messages].every((m) => m.flag === null)).toBe(true); // each alone is under
    await storePledges(env.DB, first.messages, first.guard);
    const raced = await storePledges(env.DB, second.messages, second.guard).catch((err: unknown) => err);
    expect(rateLimitRaced(raced)).toBe(true);
    const count = () => env.DB.prepare('SELECT count(*) AS n FROM pledges WHERE ip_hash = ?').bind(k).first<number>('n');
    expect(await count()).toBe(15); // B's transaction stored none of it
    // Screened again, B counts A's 15: its first 5 pass, the other 10 are held.
    await screenAndStorePledges(env, b!);
    const { results } = await env.DB.prepare('SELECT flag_reason FROM pledges WHERE ip_hash = ? AND id IN (SELECT value FROM json_each(?))')
      .bind(k, JSON.stringify(b!.map((m) => m.id)))
      .all<{ flag_reason: string | null }>();
    expect(results.filter((r) => r.flag_reason === null)).toHaveLength(5);
    expect(results.filter((r) => r.flag_reason === 'rate_limit')).toHaveLength(10);
    // An error of another kind is not taken for a race.
    expect(rateLimitRaced(new Error('D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT'))).toBe(false);
    // A D1 error that names the guard's failure only in its cause (as a batch's error may) is a race too.
    expect(rateLimitRaced(new Error('D1_ERROR', { cause: new Error('bad JSON path: rate_limit_count_changed 0') }))).toBe(true);
  });

  it(`screens a batch again at most ${SCREEN_ATTEMPTS} times while its count keeps changing, then leaves it to the queue; another error is not screened again`, async () => {
    // Another consumer stores one more of this client's pledges between every screening and store:
    // the store's own transaction (its one db.batch) is where each attempt ends.
    const k = key('busy');
    const batch = [stored(k, 0)];
    let stores = 0;
    const busy = new Proxy(env.DB, {
      get(db, name) {
        if (name === 'batch') {
          return async (statements: D1PreparedStatement[]) => {
            stores++;
            await storePledges(db, [stored(k, 5)]); // the other consumer's, inside this pledge's minute
            return db.batch(statements);
          };
        }
        const value = Reflect.get(db, name);
        return typeof value === 'function' ? value.bind(db) : value;
      },
    });
    const raced = await screenAndStorePledges({ ...env, DB: busy }, batch).catch((err: unknown) => err);
    expect(rateLimitRaced(raced)).toBe(true); // thrown to the queue, which delivers the batch again later
    expect(stores).toBe(SCREEN_ATTEMPTS);
    const mine = await env.DB.prepare('SELECT count(*) AS n FROM pledges WHERE id = ?').bind(batch[0]!.id).first<number>('n');
    expect(mine).toBe(0); // stored by no attempt
    // D1 failing for another reason is the queue's to retry at once, not screened again.
    let failed = 0;
    const down = new Proxy(env.DB, {
      get(db, name) {
        if (name === 'batch') {
          return () => {
            failed++;
            return Promise.reject(new Error('D1_ERROR: Network connection lost.'));
          };
        }
        const value = Reflect.get(db, name);
        return typeof value === 'function' ? value.bind(db) : value;
      },
    });
    await expect(screenAndStorePledges({ ...env, DB: down }, [stored(key('down'), 0)])).rejects.toThrow('Network connection lost');
    expect(failed).toBe(1);
  });

  it(`lets no more than ${RATE_LIMIT.pledges} of one client's pledges a minute through when two batches of it are stored at the same time`, async () => {
    // Cloudflare may run several consumers at once (wrangler.jsonc's max_concurrency): two batches of
    // one client's pledges, each under the limit alone, 30 together. Started together in one isolate,
    // each consumer's count and store are D1 calls it awaits, so they interleave as two consumers'
    // would: both counts are read before either batch is stored.
    const k = key('race');
    const batches = [0, 1].map(() => Array.from({ length: 15 }, () => stored(k, 0)));
    await Promise.all(batches.map(consume));
    const { results } = await env.DB.prepare(
      `SELECT p.flagged, p.flag_reason, count(o.id) AS emails FROM pledges p LEFT JOIN email_outbox o ON o.pledge_id = p.id
       WHERE p.ip_hash = ? GROUP BY p.id`,
    )
      .bind(k)
      .all<{ flagged: number; flag_reason: string | null; emails: number }>();
    expect(results).toHaveLength(30);
    expect(results.filter((r) => !r.flagged)).toHaveLength(RATE_LIMIT.pledges);
    expect(results.filter((r) => r.flag_reason === 'rate_limit')).toHaveLength(30 - RATE_LIMIT.pledges);
    // A confirmation for each pledge let through, none for those held back.
    expect(results.map((r) => r.emails).sort()).toEqual([...Array<number>(10).fill(0), ...Array<number>(20).fill(1)]);
    // Delivered again, both at once (at least once), nothing changes.
    await Promise.all(batches.map(consume));
    const again = await env.DB.prepare(
      `SELECT sum(p.flagged = 0) AS clean, (SELECT count(*) FROM email_outbox o JOIN pledges q ON q.id = o.pledge_id WHERE q.ip_hash = ?1) AS emails
       FROM pledges p WHERE p.ip_hash = ?1`,
    )
      .bind(k)
      .first<{ clean: number; emails: number }>();
    expect(again).toEqual({ clean: RATE_LIMIT.pledges, emails: RATE_LIMIT.pledges });
  });

  /** Each of one client's pledges stored so far: whether it was let through (oldest first), by id. */
  const outcomes = async (k: string) =>
    new Map(
      (
        await env.DB.prepare(
          `SELECT p.id, p.flag_reason, count(o.id) AS emails FROM pledges p LEFT JOIN email_outbox o ON o.pledge_id = p.id
           WHERE p.ip_hash = ? GROUP BY p.id`,
        )
          .bind(k)
          .all<{ id: string; flag_reason: string | null; emails: number }>()
      ).results.map((r) => [r.id, r]),
    );

  it(`lets ${RATE_LIMIT.pledges} of one client's pledges in a minute through when a batch of its later ones is stored first, flagging the earlier ones that would be over it`, async () => {
    // 40 pledges in one minute, a second apart: the later 20 in one batch, the earlier 20 in another,
    // and the later batch stored first (a consumer that read its batch first, or the earlier one retried).
    const k = key('reverse');
    const minute = Array.from({ length: 40 }, (_, n) => stored(k, 600 - n));
    const [earlier, later] = [minute.slice(0, 20), minute.slice(20)];
    await consume(later!);
    await consume(earlier!);
    const rows = await outcomes(k);
    expect(rows.size).toBe(40);
    // The later 20 were let through (their confirmations may already have gone); each earlier one would
    // make the minute that ends at the last of them hold 21, so it is flagged, and gets no email.
    expect(later!.map((m) => rows.get(m.id)!)).toEqual(later!.map((m) => ({ id: m.id, flag_reason: null, emails: 1 })));
    expect(earlier!.map((m) => rows.get(m.id)!)).toEqual(earlier!.map((m) => ({ id: m.id, flag_reason: 'rate_limit', emails: 0 })));

    // The same two batches of another client consumed at once: 20 through, whichever commits first.
    const both = key('reverse-race');
    const again = Array.from({ length: 40 }, (_, n) => stored(both, 600 - n));
    await Promise.all([again.slice(20), again.slice(0, 20)].map(consume));
    const raced = [...(await outcomes(both)).values()];
    expect(raced).toHaveLength(40);
    expect(raced.filter((r) => r.flag_reason === null && r.emails === 1)).toHaveLength(RATE_LIMIT.pledges);
    expect(raced.filter((r) => r.flag_reason === 'rate_limit' && r.emails === 0)).toHaveLength(40 - RATE_LIMIT.pledges);
  });

  it('flags nothing of a client steadily within the limit whose batches are stored out of order', async () => {
    // Four minutes of a clinic at 12 pledges a minute (one every 5 s), and of a hall at exactly 20 a
    // minute (one every 3 s: every rolling minute holds 20, none 21), each minute in a batch of its
    // own, stored newest first: no rolling minute holds more than the limit, so none is over it.
    const start = Date.now() - 900_000; // (one time for all: spaced exactly, not by when each is made)
    for (const [tag, every] of [['steady', 5], ['at-limit', 3]] as const) {
      const k = key(tag);
      const minutes = [3, 2, 1, 0].map((m) =>
        Array.from({ length: 60 / every }, (_, n) => ({ ...stored(k, 0), receivedAt: new Date(start + (m * 60 + n * every) * 1000).toISOString() })),
      );
      for (const batch of minutes) await consume(batch);
      const rows = [...(await outcomes(k)).values()];
      expect(rows).toHaveLength(4 * (60 / every));
      expect(rows.filter((r) => r.flag_reason !== null)).toEqual([]);
      expect(rows.every((r) => r.emails === 1)).toBe(true);
    }
  });

  it("stores nothing of a batch when the client's later pledges were stored between its screening and its store, and screens it again", async () => {
    // The earlier batch counts (nothing yet), the later batch is screened and stored, then the
    // earlier one's store: its guard sees the later 15, whose minute the earlier ones would join.
    const k = key('later-stored');
    const earlier = Array.from({ length: 15 }, (_, n) => stored(k, 600 - n));
    const later = Array.from({ length: 15 }, (_, n) => stored(k, 580 - n));
    const first = await screenForRateLimit(env, earlier);
    expect(first.messages.every((m) => m.flag === null)).toBe(true); // alone, under the limit
    const second = await screenForRateLimit(env, later);
    await storePledges(env.DB, second.messages, second.guard);
    const raced = await storePledges(env.DB, first.messages, first.guard).catch((err: unknown) => err);
    expect(rateLimitRaced(raced)).toBe(true);
    const rows = await outcomes(k);
    expect(rows.size).toBe(15); // the earlier batch's transaction stored none of it
    // Screened again, it sees the later 15 in the minute its pledges would join: its first 5 pass
    // (20 in that minute), the other 10 are flagged.
    await screenAndStorePledges(env, earlier);
    const after = await outcomes(k);
    expect(earlier.map((m) => after.get(m.id)!.flag_reason)).toEqual([...Array<null>(5).fill(null), ...Array<string>(10).fill('rate_limit')]);
    expect(later.every((m) => after.get(m.id)!.flag_reason === null)).toBe(true);
  });

  it('stores nothing of a batch when pledges of its client were released between its screening and its store, and screens it again', async () => {
    // 20 of the client's pledges held two hours ago; a new one is screened (under the limit), then a
    // maintainer releases the 20 (their confirmations go now), then its store: the minute that ends at
    // the releases would hold it as a 21st.
    const k = key('released-between');
    const held = Array.from({ length: 20 }, () => stored(k, 2 * 3600, 'rate_limit'));
    await storePledges(env.DB, held);
    const batch = [stored(k, 1)];
    const screened = await screenForRateLimit(env, batch);
    expect(screened.messages[0]!.flag).toBeNull();
    expect(await releaseFlagged(env, held.map((m) => m.id), 'rate_limit')).toBe(20);
    const raced = await storePledges(env.DB, screened.messages, screened.guard).catch((err: unknown) => err);
    expect(rateLimitRaced(raced)).toBe(true);
    expect((await outcomes(k)).has(batch[0]!.id)).toBe(false);
    await screenAndStorePledges(env, batch);
    expect((await outcomes(k)).get(batch[0]!.id)).toMatchObject({ flag_reason: 'rate_limit', emails: 0 });
  });

  it("stores nothing of a batch when one of its client's attempts moved within its minutes between its screening and its store, the count the same, and screens it again", async () => {
    // Two moves that keep the count of each span: a clean re-pledge from the same client taking the
    // place of its flagged pledge with the same address (REPLACE_FLAGGED: received later, let through),
    // and a flagged pledge erased beside another consumer's store. Each moves an attempt from the
    // minute before the new pledge into the minute of the client's 19 later ones, which it would join
    // as the 21st let through.
    const t = Date.now() - 600_000;
    const at = (s: number) => new Date(t + s * 1000).toISOString();
    const on = (k: string, s: number, flag: FlagReason | null = null) => ({ ...stored(k, 0), flag, receivedAt: at(s) });
    for (const move of ['re-pledge', 'erase'] as const) {
      const k = key(move);
      const held = on(k, -59, 'rate_limit'); // in the minute before the new pledge only
      await storePledges(env.DB, [held, ...Array.from({ length: 19 }, () => on(k, 20))]);
      const batch = [on(k, 0)];
      const screened = await screenForRateLimit(env, batch);
      expect(screened.messages[0]!.flag, move).toBeNull(); // 2 in the minute before it, 20 in the one ending at the 19
      const moved = { ...on(k, 10), pledge: { ...held.pledge, email: move === 're-pledge' ? held.pledge.email : `moved.${k}@example.org` } };
      if (move === 'erase') expect(await eraseFlagged(env.DB, held.id)).toBe(true);
      await storePledges(env.DB, [moved]);
      const span = await env.DB.prepare('SELECT count(*) AS n FROM pledges WHERE ip_hash = ? AND received_at > ? AND received_at < ?').bind(k, at(-60), at(60)).first<number>('n');
      expect(span, move).toBe(20); // the span's count is what it was
      const raced = await storePledges(env.DB, screened.messages, screened.guard).catch((err: unknown) => err);
      expect(rateLimitRaced(raced), move).toBe(true);
      expect((await outcomes(k)).has(batch[0]!.id), move).toBe(false);
      // Screened again, it is the 21st of the minute that ends at the 19.
      await screenAndStorePledges(env, batch);
      expect((await outcomes(k)).get(batch[0]!.id), move).toMatchObject({ flag_reason: 'rate_limit', emails: 0 });
      const clean = [...(await outcomes(k)).values()].filter((r) => r.flag_reason === null);
      expect(clean, move).toHaveLength(RATE_LIMIT.pledges);
    }
  });
});
