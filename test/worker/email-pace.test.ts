import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PACE_SECONDS, reservePace } from '../../worker/platform/outbox/enqueue.ts';
import { sweepOutbox } from '../../worker/platform/outbox/sweep.ts';
import { scheduleMilestones } from '../../worker/resources/milestones.ts';
import { getUpdate, type UpdateRow } from '../../worker/updates/queries.ts';
import { sendTest } from '../../worker/updates/service.ts';

// The pacing budget every paced sender shares (enqueue.ts, reservePace), at its edges. This file's D1
// is its own, and apply-migrations.ts gives every test an idle budget.

/** The email queue, recorded instead of delivered. */
function recordingQueue(extra: Partial<Env> = {}) {
  const sent: { outboxId: string; delay: number }[] = [];
  const queue = {
    async send() {},
    async sendBatch(msgs: { body: { outboxId: string }; delaySeconds?: number }[]) {
      for (const m of msgs) sent.push({ outboxId: m.body.outboxId, delay: m.delaySeconds ?? 0 });
    },
  };
  return { env: { ...env, ...extra, EMAIL_QUEUE: queue as unknown as Queue } as Env, sent };
}

const LONG_AGO = '2020-01-01T00:00:00.000Z';

async function pledgeRow(): Promise<string> {
  const id = crypto.randomUUID();
  await env.DB.prepare(`INSERT INTO pledges (id, partner_id, email, name, role, lang, status, confirmed_at) VALUES (?, 'rsna', ?, 'Reader', 'radiologist', 'en', 'confirmed', ?)`)
    .bind(id, `p.${id}@example.org`, LONG_AGO)
    .run();
  return id;
}

/** An outbox row put on the queue long ago, never tried: its message lost, so the sweeper's to send. */
async function lostRow(id: string, kind: string, ref: string | null = null): Promise<string> {
  const pledge = await pledgeRow();
  await env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind, ref, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)`)
    .bind(id.replace('<p>', pledge), pledge, kind, ref, LONG_AGO, LONG_AGO)
    .run();
  return id.replace('<p>', pledge);
}

const clearOutbox = () => env.DB.prepare('DELETE FROM email_outbox').run();

describe('the shared pacing budget', () => {
  it('still sends at a rate under one email per PACE_SECONDS: an idle budget grants one slot, then none until it is free again', async () => {
    await clearOutbox();
    const slow = { EMAIL_RATE_PER_SECOND: '0.004' }; // one every 250 s, more than PACE_SECONDS apart
    expect(1 / 0.004).toBeGreaterThan(PACE_SECONDS);
    const first = await lostRow('checkin:<p>', 'checkin');
    const q = recordingQueue(slow);
    expect(await sweepOutbox(q.env)).toBe(1);
    expect(q.sent.map((m) => m.outboxId)).toEqual([first]);
    // The next slot is 250 s away: nothing more now, and the wait says when.
    const next = await reservePace(q.env, 5);
    expect(next.count).toBe(0);
    expect(next.waitSeconds).toBeGreaterThan(0);
    expect(next.waitSeconds).toBeLessThanOrEqual(250);
  });

  it('schedules both kinds of milestone at such a rate: a yearly reminder goes when no check-in is due', async () => {
    await clearOutbox();
    const slow = recordingQueue({ EMAIL_RATE_PER_SECOND: '0.004' });
    const id = crypto.randomUUID();
    const confirmed = new Date(Date.now() - 370 * 86_400_000).toISOString();
    await env.DB.prepare(`INSERT INTO pledges (id, partner_id, email, name, role, lang, status, updates, reminders, confirmed_at) VALUES (?, 'rsna', ?, 'Reader', 'radiologist', 'en', 'confirmed', 0, 1, ?)`)
      .bind(id, `p.${id}@example.org`, confirmed)
      .run();
    expect(await scheduleMilestones(slow.env)).toEqual([`recommit:${id}:1`]);
    expect(slow.sent.map((m) => m.outboxId)).toEqual([`recommit:${id}:1`]);
  });

  it('leaves alone an update\'s rows its fan-out has yet to put on the queue, however late their estimated time, and sweeps them once it has', async () => {
    await clearOutbox();
    const update = crypto.randomUUID();
    await env.DB.prepare(
      `INSERT INTO updates (id, status, subject_en, body_en, subject_es, body_es, audience) VALUES (?, 'sending', 'News', 'News.', 'Noticias', 'Noticias.', '{}')`,
    )
      .bind(update)
      .run();
    const a = await lostRow(`update:${update}:<p>`, 'update', update);
    const b = await lostRow(`update:${update}:<p>`, 'update', update);
    const [queued, waiting] = [a, b].sort();
    // The fan-out has put the first on the queue (its cursor) and waits its turn for the second.
    await env.DB.prepare('UPDATE updates SET snapshot_done = 1, enqueue_cursor = ? WHERE id = ?').bind(queued, update).run();
    const q = recordingQueue();
    expect(await sweepOutbox(q.env)).toBe(1);
    expect(q.sent.map((m) => m.outboxId)).toEqual([queued]);
    // Its fan-out done (or the update no longer sending), a lost row of it is the sweeper's again.
    await env.DB.prepare('UPDATE updates SET enqueue_done = 1 WHERE id = ?').bind(update).run();
    const q2 = recordingQueue();
    expect(await sweepOutbox(q2.env)).toBe(1);
    expect(q2.sent.map((m) => m.outboxId)).toEqual([waiting]);
  });

  it('takes none of the budget when nothing is overdue', async () => {
    await clearOutbox();
    await env.DB.prepare('UPDATE email_pace SET free_at = 0, start_at = 0, granted = 0').run();
    expect(await sweepOutbox(recordingQueue().env)).toBe(0);
    expect(await env.DB.prepare('SELECT free_at, granted FROM email_pace').first()).toEqual({ free_at: 0, granted: 0 });
  });
});

describe('an update\'s test email that cannot be composed', () => {
  it('is failed, not a 500, and its claim given back: nothing was handed over, so asking again tries again', async () => {
    const id = crypto.randomUUID();
    await env.DB.prepare(`INSERT INTO updates (id, status, subject_en, body_en, subject_es, body_es, audience) VALUES (?, 'draft', 'News', 'News.', 'Noticias', 'Noticias.', '{}')`)
      .bind(id)
      .run();
    // (A row its composer cannot read stands in for any failure to compose: no subject at all.)
    const broken = { ...(await getUpdate(env.DB, id))!, subject_en: null, subject_es: null } as unknown as UpdateRow;
    const handed: unknown[] = [];
    const provider = { send: async (e: unknown) => void handed.push(e) };
    const to = `editor.${id}@example.org`;
    expect(await sendTest(env, broken, to, 'en', 'token', provider)).toBe('failed');
    expect(await sendTest(env, broken, to, 'en', 'token', provider)).toBe('failed');
    expect(handed).toEqual([]);
  });
});
