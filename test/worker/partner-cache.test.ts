import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { clearPartnerCaches, isActivePartner, partnersOfOrigin } from '../../worker/partners/queries.ts';
import { PARTNER_ORIGIN } from './helpers.ts';

/** The test database, counting the partner loads (each is one `batch`) made through it. */
function countingDb(): { db: D1Database; loads: () => number } {
  let loads = 0;
  const db = new Proxy(env.DB, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key === 'batch') return (...args: Parameters<D1Database['batch']>) => (loads++, target.batch(...args));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db, loads: () => loads };
}

describe('the partners cache', () => {
  it('never hands one caller the query another started: each stale lookup loads its own, and the result is kept', async () => {
    // Requests that awaited one request's in-flight load were answered 500 by workerd now and then
    // ("Cannot perform I/O on behalf of a different request"), 16 of 16 waiters at once in one probe:
    // every caller that finds the copy stale makes its own query.
    clearPartnerCaches();
    const { db, loads } = countingDb();
    const [rsna, unknown, origin] = await Promise.all([
      isActivePartner(db, 'rsna'),
      isActivePartner(db, 'nobody'),
      partnersOfOrigin(db, PARTNER_ORIGIN),
    ]);
    expect([rsna, unknown, [...origin]]).toEqual([true, false, ['rsna']]);
    expect(loads()).toBe(3);
    // Then the copy serves every lookup until it is 30 s old.
    expect(await isActivePartner(db, 'rsna')).toBe(true);
    expect(loads()).toBe(3);
    expect(await isActivePartner(db, 'rsna', Date.now() + 31_000)).toBe(true);
    expect(loads()).toBe(4);
  });
});
