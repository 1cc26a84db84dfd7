import { Hono } from 'hono';
import { HEALTH_PROBE } from './health-probe.ts';

/**
 * `GET /api/health`: whether D1 answers and the queues accept a message, for uptime checks.
 * 200 when all is well, 503 with the failing part named otherwise; never any data.
 */
export const health = new Hono<{ Bindings: Env }>();

async function check(probe: () => Promise<unknown>): Promise<'ok' | 'failing'> {
  try {
    await probe();
    return 'ok';
  } catch {
    return 'failing';
  }
}

health.get('/', async (c) => {
  const [d1, queues] = await Promise.all([
    check(() => c.env.DB.prepare('SELECT 1').first()),
    // A queue is reachable when it accepts a message; the consumers drop probes unread.
    check(() => Promise.all([c.env.PLEDGE_QUEUE.send(HEALTH_PROBE), c.env.EMAIL_QUEUE.send(HEALTH_PROBE)])),
  ]);
  const ok = d1 === 'ok' && queues === 'ok';
  c.header('Cache-Control', 'no-store');
  return c.json({ status: ok ? 'ok' : 'degraded', d1, queues }, ok ? 200 : 503);
});
