import { Hono } from 'hono';
import { errorResponse } from '../errors.ts';
import { confirmedCounts } from '../db/pledges.ts';

/** Browsers and the edge may reuse the counts briefly; counts may lag a pledge by this much. */
const STATS_CACHE_CONTROL = 'public, max-age=10, stale-while-revalidate=60';

export const stats = new Hono<{ Bindings: Env }>();

stats.get('/', async (c) => {
  const partners = await confirmedCounts(c.env.DB);
  const total = Object.values(partners).reduce((sum, n) => sum + n, 0);
  c.header('Cache-Control', STATS_CACHE_CONTROL);
  return c.json({ total, partners });
});

stats.all('/', (c) => {
  c.header('Allow', 'GET, HEAD, OPTIONS');
  return errorResponse(c, 405, 'method_not_allowed', 'Read the counts with GET.');
});
