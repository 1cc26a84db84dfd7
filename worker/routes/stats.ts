import { Hono } from 'hono';
import { confirmedCounts } from '../db/pledges.ts';
import { errorResponse } from '../errors.ts';

/** One cache entry for every viewer: query strings cannot be used to get past it. */
const CACHE_KEY = 'https://rhec-pledge.internal/api/stats';

export const stats = new Hono<{ Bindings: Env }>();

/**
 * The coalition's counts, from the aggregate table (never a COUNT over pledges), cached at the
 * edge for STATS_CACHE_SECONDS so a hundred thousand viewers cost a handful of D1 reads.
 */
stats.get('/', async (c) => {
  const ttl = Number(c.env.STATS_CACHE_SECONDS) || 0;
  const cache = ttl > 0 ? caches.default : null;
  const cached = await cache?.match(CACHE_KEY);
  if (cached) return new Response(cached.body, cached);

  const partners = await confirmedCounts(c.env.DB);
  const total = Object.values(partners).reduce((sum, n) => sum + n, 0);
  const res = c.json({ total, partners }, 200, {
    'Cache-Control': ttl > 0 ? `public, max-age=${ttl}, stale-while-revalidate=60` : 'no-cache',
  });
  if (cache) c.executionCtx.waitUntil(cache.put(CACHE_KEY, res.clone()));
  return res;
});

stats.all('/', (c) => {
  c.header('Allow', 'GET, HEAD, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', 'Read the counts with GET.');
});
