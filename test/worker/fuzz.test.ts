import { env } from 'cloudflare:test';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/pledge-fields.ts';
import { postPledge, queueDrained } from './helpers.ts';

/** Strings that look like what people (and attackers) type. */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom('', ' ', 'Ada Lovelace', 'A\r\nB', '\u0000', '=1+1', '<script>', "O'Neil"),
);
const email = fc.oneof(fc.emailAddress(), text, fc.emailAddress().map((e) => ` ${e.toUpperCase()} `));
const anything = fc.oneof(fc.anything(), text, fc.integer(), fc.boolean(), fc.constant(null));

/** Mostly a good value for the field, sometimes a bad one, so whole valid pledges are common too. */
const mostly = <T,>(good: fc.Arbitrary<T>, ...bad: fc.Arbitrary<unknown>[]) =>
  fc.oneof({ weight: 12, arbitrary: good as fc.Arbitrary<unknown> }, ...bad.map((arbitrary) => ({ weight: 1, arbitrary })));

/** Bodies near a real pledge (each field valid, wrong or missing), and arbitrary JSON values. */
const body = fc.oneof(
  { weight: 4, arbitrary: fc.record(
    {
      partner: mostly(fc.constantFrom('rsna', 'sir', 'ACR'), fc.constantFrom('nosuch', ''), anything),
      name: mostly(fc.constantFrom('Ada Lovelace', ' Grace Hopper ', 'Ngozi Okonjo-Iweala', "Dara Ó Briain"), text, anything),
      email: mostly(fc.emailAddress(), email, anything),
      role: mostly(fc.constantFrom(...ROLES), text, anything),
      organization: mostly(fc.constantFrom('St Elsewhere', '=cmd|calc', ''), text, anything),
      region: mostly(fc.constantFrom('US-OH', 'mx', 'Ohio', ''), text, anything),
      commitment: mostly(fc.constant(true), anything),
      updates: mostly(fc.boolean(), anything),
      lang: mostly(fc.constantFrom('en', 'es'), fc.constant('fr'), anything),
      id: mostly(fc.uuid(), text, anything),
      website: mostly(fc.constant(''), text),
    },
    { requiredKeys: ['partner', 'name', 'email', 'role', 'commitment'] },
  ) },
  { weight: 1, arbitrary: fc.oneof(anything, fc.record({ partner: anything, name: anything, email: anything }, { requiredKeys: [] })) },
);

/**
 * What a stored row must hold for an accepted body, written out plainly here rather than by
 * asking the schema that stored it (which would agree with itself whatever it did).
 */
function expectedRow(b: Record<string, unknown>) {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return {
    partner_id: String(b.partner).trim().toLowerCase(),
    name: String(b.name).trim(),
    email: String(b.email).trim().toLowerCase(),
    role: b.role,
    organization: text(b.organization),
    region: text(b.region)?.toUpperCase() ?? null, // a region is an ISO code, stored upper-case
    updates: b.updates === true ? 1 : 0,
    lang: b.lang ?? 'en',
    flagged: typeof b.website === 'string' && b.website.trim() ? 1 : 0,
  };
}

/** A stored name is inert: nothing a mail client or browser would turn into a link or markup. */
const INERT_NAME = (name: string) =>
  name.length >= 1 && name.length <= 120 && name === name.trim() && !/[\d@/:<>&"=?#%\\_\p{Cc}\p{Cf}]/u.test(name) && !/www\.|[a-z]{2}\.[a-z]{2}/i.test(name);

describe('POST /api/pledges with generated bodies', () => {
  it('never answers 5xx to 1,000 generated bodies, stores each accepted one as sent, and nothing else', { timeout: 120_000 }, async () => {
    const statuses = new Map<number, number>();
    const accepted: Record<string, unknown>[] = [];
    const refusedEmails = new Set<string>();
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await postPledge(b);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // With the answer and the body in the message: a rare failure is then readable from CI's log alone.
        expect([202, 400, 413, 422], `${res.status} ${await res.clone().text()} for ${JSON.stringify(b)}`).toContain(res.status);
        const json = (await res.json()) as { status?: string; error?: { code: string } };
        if (res.status === 202) {
          expect(json).toEqual({ status: 'accepted' });
          accepted.push(b as Record<string, unknown>);
        } else {
          expect(json.error?.code).toBeTruthy();
          const email = (b as { email?: unknown } | null)?.email;
          if (typeof email === 'string') refusedEmails.add(email.trim().toLowerCase());
        }
      }),
      { numRuns: 1000 },
    );
    console.log('statuses for 1,000 generated bodies:', Object.fromEntries(statuses));
    expect(statuses.get(202) ?? 0).toBeGreaterThan(10); // the generator does reach valid pledges
    expect(statuses.get(422) ?? 0).toBeGreaterThan(100); // and invalid ones

    await queueDrained();
    const { results } = await env.DB.prepare('SELECT * FROM pledges').all<Record<string, unknown>>();
    const byEmail = new Map(results.map((r) => [r.email as string, r]));
    // Every accepted body is stored as sent (trimmed, lower-cased email), unless an earlier
    // accepted body already used its email or its idempotency key (then the first one stands).
    const seenIds = new Set<unknown>();
    const seenEmails = new Set<string>();
    let checked = 0;
    for (const b of accepted) {
      const want = expectedRow(b);
      const repeat = (b.id != null && seenIds.has(b.id)) || seenEmails.has(want.email);
      if (b.id != null) seenIds.add(b.id); // null is an id left out, as the API reads it
      seenEmails.add(want.email);
      if (repeat) continue;
      expect(byEmail.get(want.email), JSON.stringify(b)).toMatchObject(want);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    // Nothing refused was stored, and every stored name is inert.
    for (const email of refusedEmails) if (!seenEmails.has(email)) expect(byEmail.has(email), email).toBe(false);
    for (const row of results) {
      if (row.status === 'withdrawn') continue;
      expect(INERT_NAME(row.name as string), JSON.stringify(row.name)).toBe(true);
      expect(row.email).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@]+$/);
      expect(ROLES).toContain(row.role);
    }
  });
});
