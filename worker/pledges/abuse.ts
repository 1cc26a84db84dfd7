/** Abuse resistance that never tells a client it was caught: the answer is always the same 202. */
import { secretOrDevFallback } from '../platform/dev-mode.ts';
import { hmacKey } from '../platform/tokens.ts';
import type { FlagReason } from './message.ts';
import { hex, sha256Hex } from '../platform/digest.ts';

const TURNSTILE_VERIFY = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
const encoder = new TextEncoder();
/** The 8 groups of an IPv6 address (`::` expanded, an embedded IPv4 tail as two groups), or null. */
function ipv6Groups(ip: string): number[] | null {
  let text = ip.toLowerCase().replace(/%.*$/, ''); // no zone id
  const v4 = text.match(/:(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (v4) {
    const o = v4.slice(1).map(Number);
    if (o.some((n) => n > 255)) return null;
    text = `${text.slice(0, v4.index! + 1)}${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const part = (h: string | undefined) => (h ? h.split(':') : []);
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

/**
 * What the rate limit counts as one client: an IPv4 address, or an IPv6 /64 (one household or
 * phone gets a whole /64, so keying on the full address would let it pledge unlimited times).
 * IPv4-mapped IPv6 (`::ffff:203.0.113.7`) counts as its IPv4 address.
 */
export function clientKey(ip: string): string {
  const groups = ip.includes(':') ? ipv6Groups(ip) : null;
  if (!groups) return ip.trim();
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
  }
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/**
 * SHA-256 of the salt and the client key (an IPv4 address or an IPv6 /64), hex. The IP itself
 * is never stored or logged. Outside local development a missing IP_SALT fails closed: a
 * random salt per isolate would split one client's count across isolates.
 */
export async function hashIp(env: Env, ip: string | undefined, requestUrl?: string): Promise<string | null> {
  if (!ip) return null;
  const salt = secretOrDevFallback(env, 'IP_SALT', requestUrl);
  return sha256Hex(`${salt}:${clientKey(ip)}`);
}

/**
 * True when this client has sent too many requests lately: the pledges' limiter (20 a minute),
 * under its own key `prefix`. False when the client cannot be told apart, or the limiter (or
 * IP_SALT) is unavailable: the request is taken rather than lost, or a maintainer locked out.
 */
export async function overLimit(env: Env, prefix: string, ip: string | undefined, requestUrl?: string): Promise<boolean> {
  try {
    const hash = await hashIp(env, ip, requestUrl);
    return hash ? !(await env.PLEDGE_RATE_LIMITER.limit({ key: `${prefix}:${hash}` })).success : false;
  } catch {
    return false;
  }
}

/**
 * Providers whose several domains reach one mailbox, the domain each is read as, and the characters
 * their local parts ignore: Gmail its dots (v.i.c.t.i.m@ is victim@), with googlemail.com as gmail.com;
 * Proton Mail dots, hyphens and underscores (user.name is username), with username@pm.me the short
 * form of username@protonmail.com; Apple none, but name@me.com and name@mac.com reach the inbox of
 * name@icloud.com (an older iCloud user has all three).
 */
const GMAIL = '.';
const PROTON = '._-';
const TRANSPARENT: Record<string, [domain: string, ignored: string]> = {
  'gmail.com': ['gmail.com', GMAIL],
  'googlemail.com': ['gmail.com', GMAIL],
  'protonmail.com': ['protonmail.com', PROTON],
  'protonmail.ch': ['protonmail.com', PROTON],
  'pm.me': ['protonmail.com', PROTON],
  'proton.me': ['proton.me', PROTON],
  'icloud.com': ['icloud.com', ''],
  'me.com': ['icloud.com', ''],
  'mac.com': ['icloud.com', ''],
};

/**
 * Providers that deliver any name at a user's own subdomain to that user (Fastmail's subdomain
 * addressing, on by default: anything@victim.fastmail.com reaches victim@fastmail.com).
 */
const SUBDOMAIN_ADDRESSING = /^([a-z0-9-]+)\.(fastmail\.com|fastmail\.fm)$/;

/**
 * The mailbox an address delivers to: lower-cased, its `+tag` removed (victim+1@ and victim+2@
 * both reach victim@), the characters Gmail and Proton Mail ignore dropped, the domains of one
 * provider's mailboxes read as one (me.com and mac.com as icloud.com), and Fastmail's subdomain
 * addresses read as the user's own. Used only to cap emails, never to send.
 */
export function mailboxOf(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return email.trim().toLowerCase();
  let local = email.slice(0, at).trim().toLowerCase();
  let domain = email.slice(at + 1).trim().toLowerCase();
  const sub = SUBDOMAIN_ADDRESSING.exec(domain);
  if (sub) {
    local = sub[1]!;
    domain = sub[2]!;
  }
  local = local.split('+')[0] || local;
  const transparent = TRANSPARENT[domain];
  if (transparent) {
    for (const ignored of transparent[1]) local = local.replaceAll(ignored, '');
    domain = transparent[0];
  }
  return `${local}@${domain}`;
}

/**
 * The domains that deliver to the same mailboxes as `domain`, and the characters their local parts
 * ignore ('' when none): `gmail.com` is `googlemail.com` too, and ignores dots; `me.com` is `icloud.com`
 * and `mac.com` too, and ignores none. For a lookup by
 * mailbox (`sameMailboxPledges`); the same table as `mailboxOf`.
 */
export function mailboxDomains(domain: string): { domains: string[]; ignored: string } {
  const entry = TRANSPARENT[domain.toLowerCase()];
  if (!entry) return { domains: [domain.toLowerCase()], ignored: '' };
  const domains = Object.keys(TRANSPARENT).filter((d) => TRANSPARENT[d]![0] === entry[0]);
  return { domains, ignored: entry[1] };
}

/**
 * Pledge emails (confirmations and "already pledged" notes) one mailbox may receive until
 * QUOTA_WINDOW_DAYS have passed since its last one.
 */
export const MAX_EMAILS_PER_MAILBOX = 3;

/** Days after a mailbox's last email when its count starts again (`takeMailboxQuotas`). */
export const QUOTA_WINDOW_DAYS = 30;

/**
 * The stored id of a pledge sent with the client's idempotency key (`id`): that key scoped to the
 * address (an HMAC keyed by IP_SALT). A retry — the same key and address — is the same row, stored
 * once; the same key with another address is another pledge. Taken as it came, a key already used
 * by one address made the next pledge with it vanish while still answered 202, so whoever chose the
 * key could tell from their own inbox whether an address had pledged before (and a collision lost a pledge).
 */
export async function pledgeRowId(env: Env, key: string, email: string, requestUrl?: string): Promise<string> {
  const secret = secretOrDevFallback(env, 'IP_SALT', requestUrl);
  return hex(await crypto.subtle.sign('HMAC', await hmacKey(`pledge-id:${secret}`), encoder.encode(`${email}\n${key}`))).slice(0, 32);
}

/**
 * Organizations' confirmation emails (first sends and reminders) one contact mailbox may
 * receive until QUOTA_WINDOW_DAYS have passed since its last one, across every organization
 * named with it: a contact may register a few practices, but
 * requests that vary the website or a `+tag` cannot turn the form into a mail bomb.
 */
export const ORG_CONFIRMS_PER_MAILBOX = 10;

/**
 * Confirmations a mailbox may receive for requests whose website is its own domain (the
 * contact's address at the organization's domain), counted apart from the ten above: requests
 * naming other websites cannot use them up, so junk sent in a contact's name never keeps their
 * own organization's confirmation from them (with as many as the others: fewer would let fewer
 * junk requests naming the contact's own domain, with +tags, do the same).
 */
export const ORG_VERIFIED_CONFIRMS_PER_MAILBOX = 10;

/** An HMAC of the mailbox (keyed by IP_SALT): the address itself is not kept for the count. */
export async function mailboxKey(env: Env, email: string): Promise<string> {
  const secret = secretOrDevFallback(env, 'IP_SALT');
  return hex(await crypto.subtle.sign('HMAC', await hmacKey(`mailbox:${secret}`), encoder.encode(mailboxOf(email))));
}

/**
 * Takes one of each mailbox's emails, atomically and in order (one round trip for a whole
 * batch): for each address, true if its email may be sent, false once MAX_EMAILS_PER_MAILBOX
 * have been. The count lives in `mailbox_quota` under the mailbox's HMAC, so it survives the
 * 30-day erasure of unconfirmed pledges, and it starts again QUOTA_WINDOW_DAYS after the
 * mailbox's last email: a stranger who spends someone's three emails cannot lock that person out
 * for good, only by spending them again every month (a withdrawal through the person's own link clears
 * it at once: `withdrawPledge`). `quota`: another count kept beside it under its own prefix
 * (organizations' confirmations, ORG_CONFIRMS_PER_MAILBOX).
 *
 * `rows`: the outbox rows (claimed by the caller, one per address) these emails are for. One
 * refused its place is cancelled (`mailbox_cap`) in the same transaction that refused it, not
 * later by the consumer: a consumer that died before that would leave it claimed, the sweeper
 * would put it back, and its next attempt, no longer its first, takes no place and would go.
 * Each row is marked `counted` in that transaction too, whether its place was given or refused: its
 * retries take no second place, while a row whose attempt failed before this (composing it) takes its
 * place on its next attempt, not none.
 */
export async function takeMailboxQuotas(
  env: Env,
  emails: readonly string[],
  quota: { prefix: string; max: number } = { prefix: '', max: MAX_EMAILS_PER_MAILBOX },
  rows?: readonly { id: string; attempts: number }[],
): Promise<boolean[]> {
  if (!emails.length) return [];
  const take = env.DB.prepare(
    `INSERT INTO mailbox_quota (mailbox, emails) VALUES (?1, 1)
     ON CONFLICT (mailbox) DO UPDATE SET
       emails = CASE WHEN updated_at < ?3 THEN 1 ELSE emails + 1 END,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE emails < ?2 OR updated_at < ?3
     RETURNING emails`,
  );
  const keys = await Promise.all(emails.map(async (e) => quota.prefix + (await mailboxKey(env, e))));
  // A batch runs its statements in order, in one transaction: two emails to one mailbox count twice.
  const windowStart = new Date(Date.now() - QUOTA_WINDOW_DAYS * 86_400_000).toISOString();
  // changes(): what the take just before it did (D1 runs a batch's statements in order, on one connection).
  const cap = env.DB.prepare(
    `UPDATE email_outbox SET status = 'cancelled', last_error = 'mailbox_cap', updated_at = ?3 WHERE id = ?1 AND status = 'sending' AND attempts = ?2 AND changes() = 0`,
  );
  const counted = env.DB.prepare(`UPDATE email_outbox SET counted = 1 WHERE id = ?1 AND attempts = ?2`);
  const at = new Date().toISOString();
  const statements = keys.flatMap((k, i) => [
    take.bind(k, quota.max, windowStart),
    ...(rows ? [cap.bind(rows[i]!.id, rows[i]!.attempts, at), counted.bind(rows[i]!.id, rows[i]!.attempts)] : []),
  ]);
  const results = await env.DB.batch(statements);
  return results.filter((_, i) => !rows || i % 3 === 0).map((r) => r.results.length > 0);
}

/**
 * Forgets the count of every mailbox whose last email was more than QUOTA_WINDOW_DAYS ago (a Cron
 * step): its next email would start its count again anyway (`takeMailboxQuotas`), so its key, an
 * HMAC of an address (the address of someone who never confirmed, or withdrew long ago, too), serves
 * nothing kept longer. The organizations' counts (`org:`, `org-own:`) are kept the same way, and go
 * the same way. Read through the index on `updated_at` (migration 0027), so a run reads only what it deletes.
 */
export async function forgetMailboxQuotas(db: D1Database, now = Date.now()): Promise<number> {
  const before = new Date(now - QUOTA_WINDOW_DAYS * 86_400_000).toISOString();
  const { meta } = await db.prepare('DELETE FROM mailbox_quota WHERE updated_at < ?').bind(before).run();
  return meta.changes;
}

/** Verifies a Turnstile token when a secret is configured; true when Turnstile is off. */
async function turnstilePasses(env: Env, token: unknown, ip: string | undefined): Promise<boolean> {
  if (!env.TURNSTILE_SECRET) return true;
  if (typeof token !== 'string' || !token) return false;
  const form = new FormData();
  form.set('secret', env.TURNSTILE_SECRET);
  form.set('response', token);
  if (ip) form.set('remoteip', ip);
  try {
    const res = await fetch(TURNSTILE_VERIFY, { method: 'POST', body: form });
    const outcome = (await res.json()) as { success?: boolean };
    return outcome.success === true;
  } catch {
    // Turnstile unreachable: keep the pledge, flagged for review, rather than lose it.
    return false;
  }
}

/**
 * Whether the honeypot holds anything: the forms send text, but a bot posting JSON may put a
 * number, `true`, a list or an object there, and each of those is as much a bot's as a web address.
 * Left out, `null`, `false`, blank text and an empty list are empty.
 */
function filled(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.some(filled);
  return true;
}

/**
 * Why this pledge should be flagged at the door, or null: `website` is the honeypot field
 * (hidden from people, filled by bots); Turnstile only when configured. The per-IP rate
 * limit is applied by the queue consumer (`screenForRateLimit`), off the request path.
 */
export async function flagFor(
  env: Env,
  body: { website?: unknown; turnstileToken?: unknown },
  ip: string | undefined,
  turnstile = true,
): Promise<FlagReason | null> {
  if (filled(body.website)) return 'honeypot';
  if (turnstile && !(await turnstilePasses(env, body.turnstileToken, ip))) return 'turnstile';
  return null;
}

/** Pledges one client (IP hash) may make in a rolling minute; the ones over it are stored flagged (left out of the public counts; the limit counts them as attempts). */
export const RATE_LIMIT = { pledges: 20, seconds: 60 } as const;

/**
 * A client's attempts stored in its spans (`?1`: `[IP hash, start, end]` per span, JSON; both ends
 * left out), as `s` and the conditions on a pledge `p` that make it one: received in the span
 * (flagged ones over the limit included; honeypot and Turnstile ones not), or released in it (by a
 * maintainer or the Cron: review.ts; its confirmation went out then, as a new pledge's would). Read
 * through pledges_by_ip_hash and pledges_released (migrations 0011, 0016).
 */
const SPANS = `s AS (SELECT key AS i, value ->> 0 AS k, value ->> 1 AS a, value ->> 2 AS b FROM json_each(?1))`;
const RECEIVED = `p.ip_hash = s.k AND p.received_at > s.a AND p.received_at < s.b AND (p.flagged = 0 OR p.flag_reason = 'rate_limit')`;
const RELEASED = `p.ip_hash = s.k AND p.released_at > s.a AND p.released_at < s.b`;
/**
 * An attempt's time (`at`: its `received_at`, or `released_at`) in whole milliseconds after its span's
 * start: the guard's second figure per span is their sum, computed by this same expression when read
 * and in the guard, so one attempt moved within a span (its count the same) changes it.
 */
const MS = (at: string) => `CAST(round((julianday(${at}) - julianday(s.a)) * 86400000) AS INTEGER)`;

/** What the guard's failure says (`rateLimitRaced`): another consumer changed the attempts this batch was judged by. */
const RACED = 'rate_limit_count_changed';

/** True for the error of a batch whose rate-limit guard failed (`screenForRateLimit`): screen it again. */
export function rateLimitRaced(err: unknown): boolean {
  return err instanceof Error && `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}`.includes(RACED);
}

/** How many of `sorted` (ascending) are at or before `t`. */
function atOrBefore(sorted: readonly number[], t: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One client's attempts read from D1: when each was received (sorted), its releases, and both times (sorted). */
type Attempts = { received: number[]; released: [at: number, received: number][]; times: number[] };

/**
 * Flags the pledges over the per-IP limit, keyed by the salted IP hash (so the IP itself never
 * leaves the request handler). Run by the ingest consumer for a whole batch at once, off the
 * request path; the answer to the client is the same 202 either way.
 *
 * The rule: a pledge is flagged if a rolling minute that holds it would hold more than
 * RATE_LIMIT.pledges of its client's attempts with it (pledges let through and those flagged over
 * the limit, honeypot and Turnstile ones not; a released pledge counts in the minute it was released
 * in too): the minute before it, or any minute that ends at an attempt already stored less than a
 * minute after it. So the new pledge is the one flagged, never a stored one whose confirmation may
 * have gone, and whatever order a client's batches are stored in, no rolling minute lets more than
 * the limit of its pledges through: of 40 in one minute in two batches, 20 go through either way
 * (the earlier 20 when their batch is stored first, the later 20 when theirs is). A client at or
 * under the limit in every rolling minute (say 12 a minute, steadily) has nothing flagged in any
 * order: each minute is judged on its own, never two at once.
 *
 * A batch's pledges are judged in the order they were received (by `receivedAt`, not the time the
 * batch is read: a batch retried for hours after a D1 outage, or moved back from the dead-letter
 * queue with `npm run dlq:replay`, is screened as it would have been on time, so a conference
 * network's pledges spread over an afternoon are not flagged for arriving together late).
 *
 * The count is D1's: ONE query per batch reads each client's attempts within a minute either side
 * of each of its pledges (its spans, merged where they overlap), and the minutes are counted here,
 * the batch's own attempts on top in the order received. It replaced one call to the `ratelimits`
 * binding per pledge (issue 15: 1.4 ms of a pledge's 4.7 ms locally), and it counts one client
 * everywhere, where the binding counts per Cloudflare location. A batch of clients with nothing
 * stored near its pledges, the common case, reads no row.
 *
 * `guard` (null when no pledge was screened) is the statement that makes the count and the store one
 * step: the first of the store's transaction (`storePledges`), it reads each span's attempts again
 * and fails the transaction, storing nothing, if any span's count or the sum of its attempts' times
 * differs from what was read (the sum: an attempt that moved within the span, its count the same, as
 * a clean re-pledge taking the place of a flagged one of its address, or one erased beside another stored). Two consumers
 * may run at once (wrangler.jsonc's max_concurrency), and D1 runs one transaction at a time: a batch
 * whose client's pledges, earlier or later ones, another consumer stored (or a maintainer or the
 * Cron released) since its count is screened again (`screenAndStorePledges`), seeing them, rather
 * than each letting the limit's number through.
 */
export async function screenForRateLimit<T extends { flag: FlagReason | null; ipHash: string | null; receivedAt?: string }>(
  env: Env,
  messages: T[],
  now = Date.now(),
): Promise<{ messages: T[]; guard: D1PreparedStatement | null }> {
  const windowMs = RATE_LIMIT.seconds * 1000;
  // When each pledge was received (a message without a valid time is taken as received now), and
  // the order they are counted in: by that time, then as they came in the batch.
  const at = messages.map((m) => {
    const t = Date.parse(m.receivedAt ?? '');
    return Number.isFinite(t) ? t : now;
  });
  const order = messages.map((_, i) => i).sort((a, b) => at[a]! - at[b]! || a - b);
  const screened = order.filter((i) => !messages[i]!.flag && messages[i]!.ipHash);
  if (!screened.length) return { messages: [...messages], guard: null };
  // Each client's spans, [IP hash, start, end]: from a minute before each of its pledges to a minute
  // after it (every minute that holds the pledge lies within), overlapping ones merged.
  const spans: [string, number, number][] = [];
  const latest = new Map<string, [string, number, number]>();
  for (const i of screened) {
    const [ipHash, t] = [messages[i]!.ipHash!, at[i]!];
    const span = latest.get(ipHash);
    if (span && t - windowMs < span[2]) span[2] = t + windowMs;
    else {
      const next: [string, number, number] = [ipHash, t - windowMs, t + windowMs];
      spans.push(next);
      latest.set(ipHash, next);
    }
  }
  const json = JSON.stringify(spans.map(([k, a, b]) => [k, new Date(a).toISOString(), new Date(b).toISOString()]));
  // (CROSS JOIN: the spans are the outer loop, each a range of an index.)
  const { results } = await env.DB.prepare(
    `WITH ${SPANS} SELECT s.i, p.received_at AS received, NULL AS released, ${MS('p.received_at')} AS ms FROM s CROSS JOIN pledges p ON ${RECEIVED}
     UNION ALL SELECT s.i, p.received_at, p.released_at, ${MS('p.released_at')} FROM s CROSS JOIN pledges p ON ${RELEASED}`,
  )
    .bind(json)
    .all<{ i: number; received: string | null; released: string | null; ms: number | null }>();
  const read = spans.map(() => [0, 0]); // each span's attempts and the sum of their times (`MS`), for the guard
  const stored = new Map<string, Attempts>();
  for (const row of results) {
    read[row.i]![0]!++;
    read[row.i]![1]! += row.ms ?? 0;
    const ipHash = spans[row.i]![0];
    const mine = stored.get(ipHash) ?? { received: [], released: [], times: [] };
    stored.set(ipHash, mine);
    const received = Date.parse(row.received ?? ''); // (NaN, never in a minute, for a row with none)
    if (row.released === null) mine.received.push(received);
    else mine.released.push([Date.parse(row.released), received]);
    mine.times.push(row.released === null ? received : Date.parse(row.released));
  }
  for (const mine of stored.values()) [mine.received, mine.times].forEach((times) => times.sort((a, b) => a - b));
  const none: Attempts = { received: [], released: [], times: [] };
  const earlier = new Map<string, number[]>(); // each client's attempts in this batch so far, by time
  const out = [...messages];
  for (const i of screened) {
    const m = messages[i]!;
    const t = at[i]!;
    const mine = stored.get(m.ipHash!) ?? none;
    const seen = earlier.get(m.ipHash!) ?? [];
    // Whether the minute that ends at `end` would hold more than the limit with this pledge: the
    // client's stored attempts in it (a pledge released in it counted once), the batch's so far, and this one.
    const over = (end: number) => {
      const start = end - windowMs;
      const releases = mine.released.filter(([r, received]) => r > start && r <= end && received <= start).length;
      const kept = atOrBefore(mine.received, end) - atOrBefore(mine.received, start) + releases;
      return kept + seen.length - atOrBefore(seen, start) + 1 > RATE_LIMIT.pledges;
    };
    // The minute before it, then each that ends at an attempt stored less than a minute after it.
    let flagged = over(t);
    for (let j = atOrBefore(mine.times, t); !flagged && j < mine.times.length && mine.times[j]! < t + windowMs; j++) {
      flagged = over(mine.times[j]!);
    }
    seen.push(t);
    earlier.set(m.ipHash!, seen);
    if (flagged) out[i] = { ...m, flag: 'rate_limit' as const };
  }
  // (A JSON path without its `$` is an error naming it: the one way a plain statement can fail its batch.)
  const guard = env.DB.prepare(
    `WITH ${SPANS} SELECT json_extract('{}', '${RACED} ' || s.i) FROM s
     WHERE (?2 -> s.i ->> 0, ?2 -> s.i ->> 1) IS NOT (SELECT count(*), coalesce(sum(ms), 0) FROM (
       SELECT ${MS('p.received_at')} AS ms FROM pledges p WHERE ${RECEIVED} UNION ALL SELECT ${MS('p.released_at')} FROM pledges p WHERE ${RELEASED}))
     LIMIT 1`,
  ).bind(json, JSON.stringify(read));
  return { messages: out, guard };
}
