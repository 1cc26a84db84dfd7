/**
 * The ingest consumer's per-IP rate limit, counted in D1: the pledges an IP hash made in the last
 * minute, then the batch on top of them in arrival order.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { applyRateLimit, RATE_LIMIT } from '../../worker/pledges/abuse.ts';
import type { FlagReason, PledgeMessage } from '../../worker/pledges/message.ts';
import { storePledges } from '../../worker/pledges/store.ts';

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
});
