import { Hono } from 'hono';
import { publicCounts } from './queries.ts';
import { approvedOrganizationCount } from '../organizations/queries.ts';
import { errorResponse } from '../platform/errors.ts';
import { REQUEST_ERRORS, requestLang } from '../platform/request-errors.ts';
import { actionCounts, activeCounts } from '../resources/queries.ts';
import { suppress, suppressActive, suppressBreakdown } from './suppress.ts';

/** One cache entry for every viewer: query strings cannot be used to get past it. */
const CACHE_KEY = 'https://rhec-pledge.internal/api/stats';

/** This isolate's copy of the counts: most reads never leave memory. */
let memo: { body: string; until: number } | null = null;

/** Forgets this isolate's copy of the counts (tests that change STATS_CACHE_SECONDS between reads). */
export function forgetStatsMemo(): void {
  memo = null;
}

export const stats = new Hono<{ Bindings: Env }>();

/**
 * The coalition's counts, from the aggregate table and covering indexes (never a scan of pledges), kept for
 * STATS_CACHE_SECONDS in each isolate's memory and in the edge cache, so a hundred thousand
 * viewers cost a handful of D1 reads.
 */
stats.get('/', async (c) => {
  const ttl = Number(c.env.STATS_CACHE_SECONDS) || 0;
  const headers = {
    'Content-Type': 'application/json',
    'Cache-Control': ttl > 0 ? `public, max-age=${ttl}, stale-while-revalidate=60` : 'no-cache',
  };
  const now = Date.now();
  if (ttl > 0 && memo && memo.until > now) return new Response(memo.body, { headers });

  const cache = ttl > 0 ? caches.default : null;
  const cached = await cache?.match(CACHE_KEY);
  let body: string;
  if (cached) {
    body = await cached.text();
  } else {
    const [counts, actions, { active, renewed }, organizations] = await Promise.all([
      publicCounts(c.env.DB),
      actionCounts(c.env.DB),
      activeCounts(c.env.DB),
      approvedOrganizationCount(c.env.DB),
    ]);
    // `roles` and `regions` (null = fewer than 5, never an exact count from 1 to 4) extend the
    // original `{ total, partners }`; `active`: confirmed or recommitted within the last year (a
    // count of people, so null for 1 to 4 like roles and regions, and null too when the rest of the total, the
    // pledges that lapsed, or those renewed of the pledges older than a year, is 1 to 4 (see suppressActive); the widget and counter then show no line);
    // `actions`: actions pledgers reported (null for 1 to 4 too: no count below 5 is published);
    // `actionsByKind`: the same actions by what was done, hidden as roles are (they add up to
    // `actions`); `organizations`: approved organizations (each listed by name, or counted with its consent).
    // Aggregates only, nothing personal.
    const { total: actionsTotal, ...kinds } = actions;
    body = JSON.stringify({
      ...counts,
      actions: suppress(actionsTotal),
      actionsByKind: suppressBreakdown(kinds),
      active: suppressActive(active, counts.total, renewed),
      organizations,
    });
    // The edge copy lives STATS_CACHE_SECONDS, no longer: `stale-while-revalidate` is for browsers,
    // and a cache that honours it (wrangler dev's does) would keep serving the old counts for a
    // minute more, with nothing here to revalidate them.
    if (cache) {
      const edge = new Response(body, { headers: { 'Content-Type': 'application/json', 'Cache-Control': `public, max-age=${ttl}` } });
      c.executionCtx.waitUntil(cache.put(CACHE_KEY, edge));
    }
  }
  if (ttl > 0) memo = { body, until: now + ttl * 1000 };
  return new Response(body, { headers });
});

stats.all('/', (c) => {
  c.header('Allow', 'GET, HEAD, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', REQUEST_ERRORS[requestLang(c)].method(['GET']));
});
