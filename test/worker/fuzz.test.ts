import { env } from 'cloudflare:test';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/pledge-fields.ts';
import { validatePledge } from '../../src/pledge-schema.ts';
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

describe('POST /api/pledges with generated bodies', () => {
  it('never answers 5xx to 1,000 generated bodies, and never stores an invalid pledge', { timeout: 120_000 }, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await postPledge(b);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeLessThan(500);
        expect([202, 400, 413, 422]).toContain(res.status);
        const json = (await res.json()) as { status?: string; error?: { code: string } };
        if (res.status === 202) expect(json).toEqual({ status: 'accepted' });
        else expect(json.error?.code).toBeTruthy();
      }),
      { numRuns: 1000 },
    );
    console.log('statuses for 1,000 generated bodies:', Object.fromEntries(statuses));
    expect(statuses.get(202) ?? 0).toBeGreaterThan(10); // the generator does reach valid pledges
    expect(statuses.get(422) ?? 0).toBeGreaterThan(100); // and invalid ones

    await queueDrained();
    const { results } = await env.DB.prepare('SELECT * FROM pledges').all<Record<string, unknown>>();
    expect(results.length).toBeGreaterThan(10);
    for (const row of results) {
      const again = validatePledge({
        partner: row.partner_id,
        name: row.name,
        email: row.email,
        role: row.role,
        organization: row.organization ?? undefined,
        region: row.region ?? undefined,
        commitment: true,
        updates: row.updates === 1,
        lang: row.lang,
      });
      expect(again.ok, JSON.stringify(row)).toBe(true);
      if (again.ok) {
        expect(row.email).toBe(again.pledge.email); // stored normalized
        expect(row.name).toBe(again.pledge.name);
      }
    }
  });
});
