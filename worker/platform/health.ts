import { Hono } from 'hono';
import { requireAdmin } from './admin-auth.ts';
import { emailsHeldBySetting } from './outbox/sweep.ts';
import { HEALTH_PROBE } from './health-probe.ts';
import { isDevelopment } from './dev-mode.ts';

/**
 * Health checks, for uptime monitors. Never any data.
 * - `GET /api/health` (public, cheap): whether D1 answers. Each isolate asks D1 at most every
 *   PUBLIC_CHECK_SECONDS, so hammering it costs nothing.
 * - `GET /api/health/deep` (`Authorization: Bearer <ADMIN_TOKEN>`): D1 and both queues, which it
 *   proves by sending each a probe message (the consumers drop probes unread).
 * 200 when all is well, 503 naming the failing part otherwise. Both also fail, with
 * `secrets: 'missing'` (never which one, nor any value), on a deploy without the secrets pledges,
 * links and emails need: it answers every pledge 503, and a deploy check should say so.
 */
export const health = new Hono<{ Bindings: Env }>();

export const PUBLIC_CHECK_SECONDS = 30;

type Check = 'ok' | 'failing';

/** Whether the secrets every pledge and link needs are set (local development has stand-ins: dev-mode.ts). */
const secretsSet = (env: Env, url: string) => Boolean(env.TOKEN_SECRET && env.IP_SALT) || isDevelopment(env, url);

async function check(probe: () => Promise<unknown>): Promise<Check> {
  try {
    await probe();
    return 'ok';
  } catch {
    return 'failing';
  }
}

/** The last D1 check per database binding (per isolate). */
const lastD1Check = new WeakMap<object, { d1: Check; at: number }>();

health.get('/', async (c) => {
  const now = Date.now();
  let last = lastD1Check.get(c.env.DB);
  if (!last || now - last.at >= PUBLIC_CHECK_SECONDS * 1000) {
    last = { d1: await check(() => c.env.DB.prepare('SELECT 1').first()), at: now };
    lastD1Check.set(c.env.DB, last);
  }
  const secrets = secretsSet(c.env, c.req.url);
  const ok = last.d1 === 'ok' && secrets;
  c.header('Cache-Control', `public, max-age=${PUBLIC_CHECK_SECONDS}`);
  return c.json({ status: ok ? 'ok' : 'degraded', d1: last.d1, ...(secrets ? {} : { secrets: 'missing' }) }, ok ? 200 : 503);
});

health.get('/deep', requireAdmin, async (c) => {
  const [d1, queues] = await Promise.all([
    check(() => c.env.DB.prepare('SELECT 1').first()),
    check(() => Promise.all([c.env.PLEDGE_QUEUE.send(HEALTH_PROBE), c.env.EMAIL_QUEUE.send(HEALTH_PROBE)])),
  ]);
  // Emails the provider refuses for a setting of ours (its key, the sender): waiting for the fix.
  const emailsHeld = d1 === 'ok' ? await emailsHeldBySetting(c.env.DB).catch(() => 0) : 0;
  const secrets = secretsSet(c.env, c.req.url);
  const ok = d1 === 'ok' && queues === 'ok' && emailsHeld === 0 && secrets;
  return c.json({ status: ok ? 'ok' : 'degraded', d1, queues, emailsHeld, ...(secrets ? {} : { secrets: 'missing' }) }, ok ? 200 : 503);
});
