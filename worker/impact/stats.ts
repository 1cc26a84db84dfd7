import { Hono } from 'hono';
import { confirmedCounts } from '../pledges/queries.ts';
import { errorResponse } from '../platform/errors.ts';
import { actionCounts, activeCounts } from '../resources/queries.ts';

/** One cache entry for every viewer: query strings cannot be used to get past it. */
const CACHE_KEY = 'https://rhec-pledge.internal/api/stats';

/** This isolate's copy of the counts: most reads never leave memory. */
let memo: { body: string; until: number } | null = null;

export const stats = new Hono<{ Bindings: Env }>();

/**
 * The coalition's counts, from the aggregate table (never a COUNT over pledges), kept for
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
    const [partners, actions, { active }] = await Promise.all([
      confirmedCounts(c.env.DB),
      actionCounts(c.env.DB),
      activeCounts(c.env.DB),
    ]);
    const total = Object.values(partners).reduce((sum, n) => sum + n, 0);
    // `active`: confirmed or recommitted within the last year. Aggregates only, nothing personal.
    body = JSON.stringify({ total, partners, actions: actions.total, active });
    if (cache) c.executionCtx.waitUntil(cache.put(CACHE_KEY, new Response(body, { headers })));
  }
  if (ttl > 0) memo = { body, until: now + ttl * 1000 };
  return new Response(body, { headers });
});

stats.all('/', (c) => {
  c.header('Allow', 'GET, HEAD, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', 'Read the counts with GET.');
});
