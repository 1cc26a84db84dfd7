/** The ingest consumer's rate limit over a batch: every pledge counted once, in arrival order per key. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { applyRateLimit } from '../../worker/pledges/abuse.ts';
import type { FlagReason } from '../../worker/pledges/message.ts';

describe('the per-IP rate limit over a batch', () => {
  it('counts each unflagged pledge once, in arrival order within its key, and flags only those over the limit', async () => {
    const keyA = `a${crypto.randomUUID().replaceAll('-', '')}`;
    const keyB = `b${crypto.randomUUID().replaceAll('-', '')}`;
    // 25 pledges from A interleaved with 3 from B, one honeypot-flagged and one without an IP.
    const messages: { n: number; flag: FlagReason | null; ipHash: string | null }[] = [
      ...Array.from({ length: 25 }, (_, i) => ({ n: i, flag: null, ipHash: keyA })),
      { n: 100, flag: null, ipHash: keyB },
      { n: 101, flag: 'honeypot' as const, ipHash: keyB },
      { n: 102, flag: null, ipHash: null },
      { n: 103, flag: null, ipHash: keyB },
    ];
    const calls: string[] = [];
    const limiter = env.PLEDGE_RATE_LIMITER;
    const recording = { limit: (o: { key: string }) => (calls.push(o.key), limiter.limit(o)) } as RateLimit;
    const screened = await applyRateLimit({ ...env, PLEDGE_RATE_LIMITER: recording }, messages);

    expect(screened.map((m) => m.n)).toEqual(messages.map((m) => m.n)); // same pledges, same order
    expect(calls.filter((k) => k === keyA)).toHaveLength(25);
    expect(calls.filter((k) => k === keyB)).toHaveLength(2); // the flagged one is not counted
    expect(calls).toHaveLength(27);
    const flaggedA = screened.filter((m) => m.ipHash === keyA && m.flag === 'rate_limit').map((m) => m.n);
    // 20 a minute: the ones over the limit are the latest arrivals (a batch takes milliseconds, well inside one window).
    expect(flaggedA.length).toBeGreaterThanOrEqual(5);
    expect(flaggedA).toEqual(Array.from({ length: flaggedA.length }, (_, i) => 25 - flaggedA.length + i));
    expect(screened.find((m) => m.n === 101)!.flag).toBe('honeypot');
    expect(screened.filter((m) => m.ipHash === keyB || m.ipHash === null).every((m) => m.flag !== 'rate_limit')).toBe(true);
  });
});
