/**
 * The email consumer handles a queue batch at once (one claim, one query per kind), still
 * sending each row exactly once; and the `discard` transport, for benchmarks, counts and drops.
 */
import { createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker, { EMAIL_KINDS } from '../../worker/index.ts';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { MAX_EMAILS_PER_INVOCATION, sendEmails, sendOutboxRows, type EmailJob } from '../../worker/platform/outbox/send-outbox.ts';
import { enqueueEmailBatches } from '../../worker/platform/outbox/enqueue.ts';
import { discarded, EmailSendError, transportFor, type EmailTransport } from '../../worker/platform/outbox/transport.ts';
import { PLEDGE_EMAILS } from '../../worker/pledges/emails.ts';
import type { PledgeMessage } from '../../worker/pledges/message.ts';
import { withdrawPledge } from '../../worker/pledges/status.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import { recommit, setReminders } from '../../worker/resources/queries.ts';
import { sweepOutbox } from '../../worker/platform/outbox/sweep.ts';

function message(): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner: 'sir', name: 'Batch Person', email: `batch.${crypto.randomUUID()}@example.org`, role: 'physicist', commitment: true },
    flag: null,
    ipHash: null,
    receivedAt: new Date().toISOString(),
  };
}

const statuses = (ids: string[]) =>
  env.DB.prepare(`SELECT id, status, attempts, last_error FROM email_outbox WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .bind(JSON.stringify(ids))
    .all<{ id: string; status: string; attempts: number; last_error: string | null }>()
    .then((r) => r.results);

function recorder(failOn: (n: number) => EmailSendError | null = () => null) {
  const delivered: { key: string; email: OutgoingEmail }[] = [];
  let n = 0;
  const transport: EmailTransport = {
    async send(email, key) {
      const failure = failOn(++n);
      if (failure) throw failure;
      delivered.push({ key, email });
    },
  };
  return { transport, delivered };
}

describe('the email consumer, a batch at a time', () => {
  it('claims, composes, sends and marks a whole batch; a redelivered batch sends nothing more', async () => {
    const messages = Array.from({ length: 10 }, message);
    const ids = await storePledges(env.DB, messages);
    const { transport, delivered } = recorder();
    const outcomes = await sendOutboxRows(env, [...ids, ids[0]!], PLEDGE_EMAILS, transport);
    expect([...outcomes.values()]).toEqual(Array(10).fill('sent'));
    expect(delivered.map((d) => d.key)).toEqual(ids); // in queue order, each once
    const emailOf = new Map(messages.map((m) => [`confirm:${m.id}`, m.pledge.email]));
    for (const d of delivered) expect(d.email.to).toBe(emailOf.get(d.key)); // each to its own pledger
    expect(await statuses(ids)).toEqual(expect.arrayContaining(ids.map((id) => expect.objectContaining({ id, status: 'sent', attempts: 1 }))));

    const again = await sendOutboxRows(env, ids, PLEDGE_EMAILS, transport);
    expect([...again.values()]).toEqual(Array(10).fill('skipped'));
    expect(delivered).toHaveLength(10);
  });

  it('gives each row its own outcome: sent, retried with backoff, failed for good, cancelled (withdrawn)', async () => {
    const messages = Array.from({ length: 4 }, message);
    const ids = messages.map((m) => `confirm:${m.id}`);
    expect((await storePledges(env.DB, messages)).sort()).toEqual([...ids].sort());
    await env.DB.prepare(`UPDATE pledges SET status = 'withdrawn' WHERE id = ?`).bind(messages[3]!.id).run();
    const { transport, delivered } = recorder((n) =>
      n === 2 ? new EmailSendError('temporary', 'http_503') : n === 3 ? new EmailSendError('permanent', 'http_422') : null,
    );
    const outcomes = await sendOutboxRows(env, ids, PLEDGE_EMAILS, transport);
    expect(ids.map((id) => outcomes.get(id))).toEqual(['sent', { retryAfter: 10 }, 'failed', 'skipped']);
    expect(delivered.map((d) => d.key)).toEqual([ids[0]]);
    const rows = new Map((await statuses(ids)).map((r) => [r.id, r]));
    expect(ids.map((id) => [rows.get(id)!.status, rows.get(id)!.last_error])).toEqual([
      ['sent', null],
      ['queued', 'http_503'],
      ['failed', 'http_422'],
      ['cancelled', 'withdrawn'],
    ]);
  });

  it('drops a claimed row cancelled while it waited its turn in the batch (the pledger withdrew meanwhile): no email goes to them', async () => {
    const messages = Array.from({ length: 3 }, message);
    const ids = messages.map((m) => `confirm:${m.id}`);
    await storePledges(env.DB, messages);
    const delivered: string[] = [];
    // The batch is claimed and composed; during the first hand-off the third pledger withdraws.
    const transport: EmailTransport = {
      async send(_email, key) {
        if (!delivered.length) await withdrawPledge(env.DB, messages[2]!.id);
        delivered.push(key);
      },
    };
    const outcomes = await sendOutboxRows(env, ids, PLEDGE_EMAILS, transport);
    expect(delivered).toEqual([ids[0], ids[1]]);
    expect(ids.map((id) => outcomes.get(id))).toEqual(['sent', 'sent', 'skipped']);
    expect((await statuses(ids)).find((r) => r.id === ids[2])!.status).toBe('cancelled');
  });

  it('acks what was sent or skipped and retries only the temporary failures, from a real queue batch', async () => {
    const messages = Array.from({ length: 3 }, message);
    const ids = await storePledges(env.DB, messages);
    const batch = createMessageBatch<EmailJob>('rhec-emails', [...ids, ids[1]!].map((outboxId, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body: { outboxId } })));
    const { transport } = recorder((n) => (n === 3 ? new EmailSendError('temporary', 'http_429') : null));
    await sendEmails(batch.messages, env, PLEDGE_EMAILS, transport);
    const ctx = createExecutionContext();
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(['m0', 'm1', 'm3']);
    expect(result.retryMessages).toMatchObject([{ msgId: 'm2' }]); // (the delay, 10 s, is checked above: { retryAfter: 10 })
  });

  it('cancels a row it skipped only while the row is still its own: one queued again meanwhile (a decision changed back) is left for its new message', async () => {
    const id = `skip-test:${crypto.randomUUID()}`;
    await env.DB.prepare(`INSERT INTO email_outbox (id, kind, ref) VALUES (?, 'skip-test', NULL)`).bind(id).run();
    const kinds = {
      'skip-test': async () => {
        // Composed as a skip; meanwhile someone queues the row again (as a changed decision would).
        await env.DB.prepare(`UPDATE email_outbox SET status = 'queued' WHERE id = ?`).bind(id).run();
        return { skip: 'not_approved' };
      },
    };
    await sendOutboxRows(env, [id], kinds, recorder().transport);
    expect(await env.DB.prepare('SELECT status FROM email_outbox WHERE id = ?').bind(id).first('status')).toBe('queued');
  });

  it('drops a yearly reminder whose pledge was renewed after it was queued (from another email\'s link, or before "Send them again")', async () => {
    const due = message();
    await storePledges(env.DB, [due]);
    await env.DB.prepare("UPDATE pledges SET status = 'confirmed', confirmed_at = ? WHERE id = ?").bind(new Date(Date.now() - 367 * 86_400_000).toISOString(), due.id).run();
    const yearly = `recommit:${due.id}:1`;
    await env.DB.prepare("INSERT INTO email_outbox (id, pledge_id, kind, ref) VALUES (?, ?, 'recommit', '1')").bind(yearly, due.id).run();
    expect(await recommit(env.DB, due.id)).toBe(true);
    const { transport, delivered } = recorder();
    await sendOutboxRows(env, [yearly], EMAIL_KINDS, transport);
    expect(delivered).toEqual([]);
    expect(await statuses([yearly])).toMatchObject([{ status: 'cancelled', last_error: 'renewed' }]);
  });

  it('records the last hand-off\'s known outcome when D1 fails on the round trip after it: an email the provider refused goes again, not lost in doubt', async () => {
    const ids = await storePledges(env.DB, [message(), message()]);
    // D1 refuses the round trip that records the first email's refusal (a 429) and begins the second.
    let batches = 0;
    const flaky = new Proxy(env.DB, {
      get(db, name) {
        if (name === 'batch') {
          return (statements: D1PreparedStatement[]) => {
            if (++batches === 2) return Promise.reject(new Error('D1_ERROR: Network connection lost.'));
            return db.batch(statements);
          };
        }
        const value = Reflect.get(db, name);
        return typeof value === 'function' ? value.bind(db) : value;
      },
    });
    // A transport that takes no idempotency key (Postmark's), whose first hand-off is refused: nothing reached anyone.
    const first = recorder((n) => (n === 1 ? new EmailSendError('temporary', 'http_429') : null));
    await expect(sendOutboxRows({ ...env, DB: flaky, EMAIL_TRANSPORT: 'postmark' }, ids, PLEDGE_EMAILS, first.transport)).rejects.toThrow('D1_ERROR');
    expect(first.delivered).toEqual([]);
    expect((await statuses(ids)).map((r) => [r.id, r.status, r.last_error])).toEqual([...ids].sort().map((id) => [id, 'queued', id === ids[0] ? 'http_429' : null]));
    // The queue's retry of the batch sends both, each once.
    const retry = recorder();
    await sendOutboxRows({ ...env, EMAIL_TRANSPORT: 'postmark' }, ids, PLEDGE_EMAILS, retry.transport);
    expect(retry.delivered.map((d) => d.key)).toEqual(ids);
  });

  it("records the LAST hand-off's known outcome when D1 fails once on the batch's final write: a refused email goes again and a taken one is sent, neither left in doubt", async () => {
    for (const refused of [true, false]) {
      const ids = await storePledges(env.DB, [message()]);
      // D1 refuses the first write after the hand-off: the batch's final one, which records its outcome.
      let handedOver = false;
      let failed = 0;
      const flaky = new Proxy(env.DB, {
        get(db, name) {
          if (name === 'batch') {
            return (statements: D1PreparedStatement[]) =>
              handedOver && !failed ? ((failed = 1), Promise.reject(new Error('D1_ERROR: Network connection lost.'))) : db.batch(statements);
          }
          const value = Reflect.get(db, name);
          return typeof value === 'function' ? value.bind(db) : value;
        },
      });
      // A transport that takes no idempotency key (Postmark's): a row left in doubt would be failed for good.
      const first = recorder(() => ((handedOver = true), refused ? new EmailSendError('temporary', 'http_429') : null));
      const outcomes = await sendOutboxRows({ ...env, DB: flaky, EMAIL_TRANSPORT: 'postmark' }, ids, PLEDGE_EMAILS, first.transport).catch((err: Error) => err.message);
      expect(failed, `refused: ${refused}`).toBe(1);
      expect(outcomes, `refused: ${refused}`).toEqual(new Map([[ids[0]!, refused ? { retryAfter: 10 } : 'sent']]));
      expect((await statuses(ids)).map((r) => [r.status, r.last_error])).toEqual([refused ? ['queued', 'http_429'] : ['sent', null]]);
      // The queue's retry sends the refused one once, and never again the one taken.
      const retry = recorder();
      await sendOutboxRows({ ...env, EMAIL_TRANSPORT: 'postmark' }, ids, PLEDGE_EMAILS, retry.transport);
      expect(retry.delivered.map((d) => d.key)).toEqual(refused ? ids : []);
    }
  });

  it('hands back the claims it had not begun when D1 fails mid-batch, so the retried batch sends them at once; the one handed over is recorded as sent once D1 answers, and left in doubt while it does not', async () => {
    for (const lasting of [false, true]) {
      const ids = await storePledges(env.DB, [message(), message(), message()]);
      // D1 refuses the round trip that marks the first email sent and begins the second (the batch
      // before it takes the mailboxes' places as the emails are composed), and, `lasting`, every write after it.
      let batches = 0;
      const flaky = new Proxy(env.DB, {
        get(db, name) {
          if (name === 'batch') {
            return (statements: D1PreparedStatement[]) => {
              if (++batches === 2 || (lasting && batches > 2)) return Promise.reject(new Error('D1_ERROR: Network connection lost.'));
              return db.batch(statements);
            };
          }
          const value = Reflect.get(db, name);
          return typeof value === 'function' ? value.bind(db) : value;
        },
      });
      const first = recorder();
      await expect(sendOutboxRows({ ...env, DB: flaky }, ids, PLEDGE_EMAILS, first.transport)).rejects.toThrow('D1_ERROR');
      expect(first.delivered.map((d) => d.key)).toEqual([ids[0]]);
      expect((await statuses(ids)).map((r) => [r.id, r.status]), `lasting: ${lasting}`).toEqual(
        [...ids].sort().map((id) => [id, id !== ids[0] ? 'queued' : lasting ? 'sending' : 'sent']),
      );
      // The queue's retry of the batch sends the two never begun, and not the one handed over.
      const retry = recorder();
      await sendOutboxRows(env, ids, PLEDGE_EMAILS, retry.transport);
      expect(retry.delivered.map((d) => d.key)).toEqual(ids.slice(1));
    }
  });

  it('leaves in doubt, never failed as if refused nor sent again by "Send them again", an email Postmark took while D1 stayed down until the sweeper', async () => {
    const ids = await storePledges(env.DB, [message(), message()]);
    // D1 refuses every write from the round trip that marks the first email sent (the one before it takes the mailboxes' places).
    let batches = 0;
    const down = new Proxy(env.DB, {
      get(db, name) {
        if (name === 'batch') return (statements: D1PreparedStatement[]) => (++batches >= 2 ? Promise.reject(new Error('D1_ERROR: Network connection lost.')) : db.batch(statements));
        const value = Reflect.get(db, name);
        return typeof value === 'function' ? value.bind(db) : value;
      },
    });
    const postmark = { ...env, EMAIL_TRANSPORT: 'postmark' };
    const first = recorder();
    await expect(sendOutboxRows({ ...postmark, DB: down }, ids, PLEDGE_EMAILS, first.transport)).rejects.toThrow('D1_ERROR');
    expect(first.delivered.map((d) => d.key)).toEqual([ids[0]]);
    const begun = (await env.DB.prepare('SELECT sent_at FROM email_outbox WHERE id = ?').bind(ids[0]).first<string>('sent_at'))!;
    expect(begun).toBeTruthy();
    // Half an hour on, D1 answers again: the sweeper cannot know the provider took it, and must not say it refused it.
    await sweepOutbox({ ...postmark, EMAIL_QUEUE: { sendBatch: async () => undefined } as unknown as Queue }, Date.now() + 31 * 60_000);
    const after = await env.DB.prepare('SELECT status, last_error, in_doubt_since FROM email_outbox WHERE id = ?').bind(ids[0]).first();
    expect(after).toEqual({ status: 'failed', last_error: 'interrupted', in_doubt_since: begun });
    // …so "Send them again", even once it is given up on in every other way, leaves it alone.
    await env.DB.prepare("UPDATE email_outbox SET last_error = 'gave_up' WHERE id = ?").bind(ids[0]).run();
    const { sendGivenUpAgain } = await import('../../worker/admin/given-up.ts');
    await sendGivenUpAgain(env.DB);
    expect(await env.DB.prepare('SELECT status FROM email_outbox WHERE id = ?').bind(ids[0]).first('status')).toBe('failed');
  });

  it('hands its claims back when composing fails, so the retried batch can send them', async () => {
    const ids = await storePledges(env.DB, [message(), message()]);
    const noSecret = { ...env, DEV_MODE: 'false', TOKEN_SECRET: '' };
    await expect(sendOutboxRows(noSecret, ids, PLEDGE_EMAILS, recorder().transport)).rejects.toThrow('TOKEN_SECRET is not set');
    expect((await statuses(ids)).map((r) => r.status)).toEqual(['queued', 'queued']);
    const { transport, delivered } = recorder();
    await sendOutboxRows(env, ids, PLEDGE_EMAILS, transport);
    expect(delivered).toHaveLength(2);
  });

  /**
   * A row a consumer claimed can be taken from it before its turn comes: cancelled and queued again
   * (the yearly reminder turned off, then on: resources/queries.ts, setReminders), or swept back
   * after 30 minutes as a dead consumer's (sweep.ts). Another consumer may then claim it and be
   * handing it over when the first one reaches it: the first must see the claim is no longer its own.
   */
  it.each([
    ['reminders turned off and on again', async (pledgeId: string) => {
      await setReminders(env.DB, pledgeId, false);
      await setReminders(env.DB, pledgeId, true);
    }],
    ['swept back by a Cron run 31 minutes on', async () => {
      await sweepOutbox({ ...env, EMAIL_QUEUE: { sendBatch: async () => undefined } as unknown as Queue }, Date.now() + 31 * 60_000);
    }],
  ])('never hands over an email whose claim another consumer took meanwhile (%s)', async (_, takeBack) => {
    const [first] = await storePledges(env.DB, [message()]);
    const due = message();
    await storePledges(env.DB, [due]);
    await env.DB.prepare("UPDATE pledges SET status = 'confirmed', confirmed_at = ? WHERE id = ?").bind(new Date(Date.now() - 367 * 86_400_000).toISOString(), due.id).run();
    const yearly = `recommit:${due.id}:1`;
    await env.DB.prepare("INSERT INTO email_outbox (id, pledge_id, kind, ref) VALUES (?, ?, 'recommit', '1')").bind(yearly, due.id).run();

    const keys: string[] = [];
    let other: Promise<unknown> = Promise.resolve();
    let release = () => {};
    const slow: EmailTransport = {
      async send(_email, key) {
        keys.push(key);
        if (key !== first) return;
        // While this consumer hands over its first email, the second row is taken back, and another
        // consumer claims it and is handing it over (it has not finished) when this one gets there.
        await takeBack(due.id);
        let begun = () => {};
        const handingOver = new Promise<void>((r) => (begun = r));
        other = sendOutboxRows(env, [yearly], EMAIL_KINDS, {
          async send(_email, key) {
            keys.push(key);
            begun();
            await new Promise<void>((r) => (release = r));
          },
        });
        await handingOver;
      },
    };
    await sendOutboxRows(env, [first!, yearly], EMAIL_KINDS, slow);
    release();
    await other;
    expect(keys).toEqual([first, yearly]);
    expect((await statuses([yearly]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  /**
   * The other writes about a claim check it too: a row taken back and claimed by another consumer
   * while this one was still composing its batch is that consumer's, whether this one's composing
   * then fails (its claims handed back) or says to skip the row (cancelled).
   */
  const takenWhileComposing = async (ending: 'fails' | 'skips') => {
    const id = `claim-test:${crypto.randomUUID()}`;
    await env.DB.prepare(`INSERT INTO email_outbox (id, kind, ref) VALUES (?, 'claim-test', NULL)`).bind(id).run();
    const email: OutgoingEmail = { to: 'claim@example.org', subject: 'S', text: 'T', html: '<p>T</p>' };
    const keys: string[] = [];
    let composing = 0;
    let other: Promise<unknown> = Promise.resolve();
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    let claimed = () => {};
    const otherClaimed = new Promise<void>((r) => (claimed = r));
    const kinds = {
      'claim-test': async () => {
        if (++composing > 1) {
          // The other consumer, composing still when the first one is done with the batch.
          claimed();
          await released;
          return email;
        }
        // Taken back (the sweeper, a decision changed back) and claimed by another consumer.
        await env.DB.prepare(`UPDATE email_outbox SET status = 'queued' WHERE id = ?`).bind(id).run();
        other = sendOutboxRows(env, [id], kinds, { send: async (_email, key) => void keys.push(key) });
        await otherClaimed;
        if (ending === 'fails') throw new Error('composing failed');
        return { skip: 'not_approved' };
      },
    };
    const first = sendOutboxRows(env, [id], kinds, { send: async (_email, key) => void keys.push(key) });
    if (ending === 'fails') await expect(first).rejects.toThrow('composing failed');
    else await first;
    // The row is still the other consumer's claim: not queued again for a third to take, not cancelled.
    expect((await statuses([id]))[0]).toMatchObject({ status: 'sending', attempts: 2 });
    release();
    await other;
    expect(keys).toEqual([id]);
    expect((await statuses([id]))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  };
  /**
   * The check reads the stamp's own answer in the round trip that also marks the previous email as
   * sent with its `afterSent` writes (a confirmation's details applied, an organization's answers
   * settled): not one of those writes' answers.
   */
  it('never hands over an email whose claim another consumer took, after an email with writes of its own (afterSent)', async () => {
    const [first, second] = [`claim-test:${crypto.randomUUID()}`, `claim-test:${crypto.randomUUID()}`];
    for (const id of [first, second]) await env.DB.prepare(`INSERT INTO email_outbox (id, kind, ref) VALUES (?, 'claim-test', NULL)`).bind(id).run();
    const email: OutgoingEmail = { to: 'claim@example.org', subject: 'S', text: 'T', html: '<p>T</p>' };
    const kinds = {
      'claim-test': async (_env: Env, row: { id: string }) =>
        // The first email's own write after it is sent: one row changed, as its mark's are.
        row.id === first ? { ...email, afterSent: [env.DB.prepare(`UPDATE email_outbox SET ref = 'after' WHERE id = ?`).bind(first)] } : email,
    };
    const keys: string[] = [];
    let other: Promise<unknown> = Promise.resolve();
    let release = () => {};
    const transport: EmailTransport = {
      async send(_email, key) {
        keys.push(key);
        if (key !== first) return;
        // While the first is handed over, the second is taken back and claimed by another consumer, which is handing it over.
        await env.DB.prepare(`UPDATE email_outbox SET status = 'queued' WHERE id = ?`).bind(second).run();
        let begun = () => {};
        const handingOver = new Promise<void>((r) => (begun = r));
        other = sendOutboxRows(env, [second], kinds, {
          async send(_email, key) {
            keys.push(key);
            begun();
            await new Promise<void>((r) => (release = r));
          },
        });
        await handingOver;
      },
    };
    await sendOutboxRows(env, [first, second], kinds, transport);
    release();
    await other;
    expect(keys).toEqual([first, second]);
    const rows = await statuses([first, second]);
    expect(rows.find((r) => r.id === first)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(rows.find((r) => r.id === second)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await env.DB.prepare('SELECT ref FROM email_outbox WHERE id = ?').bind(first).first('ref')).toBe('after');
  });

  it('leaves alone a claim another consumer took while it composed, when its composing fails (no hand-back of it)', () => takenWhileComposing('fails'));
  it('leaves alone a claim another consumer took while it composed, when its composer skips the row (no cancel of it)', () => takenWhileComposing('skips'));
});

describe('email messages that carry many outbox rows', () => {
  it('are made 50 rows to a message from a stored batch of pledges', async () => {
    const sent: EmailJob[] = [];
    const queue = { sendBatch: async (msgs: { body: EmailJob }[]) => void sent.push(...msgs.map((m) => m.body)) } as unknown as Queue;
    const ids = Array.from({ length: 120 }, (_, i) => `confirm:${i}`);
    await enqueueEmailBatches({ ...env, EMAIL_QUEUE: queue }, ids);
    expect(sent.map((b) => ('outboxIds' in b ? b.outboxIds.length : 0))).toEqual([50, 50, 20]);
    expect(sent.flatMap((b) => ('outboxIds' in b ? b.outboxIds : []))).toEqual(ids);
  });

  it('are acked once handled; only a row that failed goes round again, alone, with its backoff', async () => {
    const messages = Array.from({ length: 3 }, message);
    const ids = await storePledges(env.DB, messages);
    const requeued: { body: EmailJob; delaySeconds?: number }[] = [];
    const queue = { sendBatch: async (msgs: { body: EmailJob; delaySeconds?: number }[]) => void requeued.push(...msgs) } as unknown as Queue;
    const batch = createMessageBatch<EmailJob>('rhec-emails', [{ id: 'b0', timestamp: new Date(), attempts: 1, body: { outboxIds: ids } }]);
    const { transport, delivered } = recorder((n) => (n === 2 ? new EmailSendError('temporary', 'http_503') : null));
    await sendEmails(batch.messages, { ...env, EMAIL_QUEUE: queue }, PLEDGE_EMAILS, transport);
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks).toEqual(['b0']);
    expect(result.retryMessages).toEqual([]);
    expect(delivered.map((d) => d.key)).toEqual([ids[0], ids[2]]);
    expect(requeued).toEqual([{ body: { outboxId: ids[1] }, delaySeconds: 10 }]);
    // The re-enqueued row is sent on its own delivery, once.
    await sendEmails(createMessageBatch<EmailJob>('rhec-emails', [{ id: 'r0', timestamp: new Date(), attempts: 1, body: requeued[0]!.body }]).messages, env, PLEDGE_EMAILS, transport);
    expect(delivered.map((d) => d.key)).toEqual([ids[0], ids[2], ids[1]]);
  });

  it('are retried whole when the failed rows cannot be re-enqueued (the sent ones are then skipped)', async () => {
    const ids = await storePledges(env.DB, [message(), message()]);
    const refusing = { sendBatch: async () => Promise.reject(new Error('queue down')) } as unknown as Queue;
    const batch = createMessageBatch<EmailJob>('rhec-emails', [{ id: 'b1', timestamp: new Date(), attempts: 1, body: { outboxIds: ids } }]);
    const { transport, delivered } = recorder((n) => (n === 1 ? new EmailSendError('temporary', 'http_503') : null));
    await sendEmails(batch.messages, { ...env, EMAIL_QUEUE: refusing }, PLEDGE_EMAILS, transport);
    expect((await getQueueResult(batch, createExecutionContext())).retryMessages).toMatchObject([{ msgId: 'b1' }]);
    await sendEmails(batch.messages, env, PLEDGE_EMAILS, transport); // the redelivery
    expect(delivered.map((d) => d.key).sort()).toEqual([...ids].sort());
  });
});

describe('an invocation with more rows than it may send', () => {
  it(`sends at most ${MAX_EMAILS_PER_INVOCATION} emails and puts the rest of the messages back on the queue, acked, not retried`, async () => {
    // 10 messages of 50 rows: a full batch in a surge carries up to 50 of them.
    const stored = await storePledges(env.DB, Array.from({ length: 100 }, message));
    const ids = Array.from({ length: 10 }, (_, i) => Array.from({ length: 50 }, (_, j) => stored[(i * 50 + j) % stored.length]!));
    const bodies: EmailJob[] = ids.map((outboxIds) => ({ outboxIds }));
    const putBack: { body: EmailJob }[] = [];
    const queue = { sendBatch: async (msgs: { body: EmailJob }[]) => void putBack.push(...msgs) } as unknown as Queue;
    const batch = createMessageBatch<EmailJob>('rhec-emails', bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })));
    let handedOver = 0;
    const transport: EmailTransport = { send: async () => void handedOver++ };
    await sendEmails(batch.messages, { ...env, EMAIL_QUEUE: queue }, PLEDGE_EMAILS, transport);
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks.sort()).toEqual(bodies.map((_, i) => `m${i}`).sort());
    // The first 8 messages (400 rows, 100 distinct pledges' emails) were handled; messages 9 and 10 were put back whole.
    expect(putBack.map((m) => m.body)).toEqual(bodies.slice(8));
    expect(handedOver).toBe(100);
  });

  it('retries the put-back messages when the queue refuses them', async () => {
    const stored = await storePledges(env.DB, [message()]);
    const big: EmailJob = { outboxIds: Array.from({ length: MAX_EMAILS_PER_INVOCATION }, () => stored[0]!) };
    const refusing = { sendBatch: async () => Promise.reject(new Error('queue down')) } as unknown as Queue;
    const batch = createMessageBatch<EmailJob>('rhec-emails', [
      { id: 'a', timestamp: new Date(), attempts: 1, body: big },
      { id: 'b', timestamp: new Date(), attempts: 1, body: { outboxId: stored[0]! } },
    ]);
    await sendEmails(batch.messages, { ...env, EMAIL_QUEUE: refusing }, PLEDGE_EMAILS, recorder().transport);
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks).toEqual(['a']);
    expect(result.retryMessages).toMatchObject([{ msgId: 'b' }]);
  });
});

describe('EMAIL_TRANSPORT=discard', () => {
  it('runs everything up to the binding (claim, compose, sign, mark sent), then counts and drops the email', async () => {
    const ids = await storePledges(env.DB, [message(), message()]);
    const before = discarded.count;
    const local = { ...env, EMAIL_TRANSPORT: 'discard', DEV_MODE: 'true' };
    const outcomes = await sendOutboxRows(local, ids, PLEDGE_EMAILS, transportFor(local));
    expect([...outcomes.values()]).toEqual(['sent', 'sent']);
    expect(discarded.count - before).toBe(2);
    expect((await statuses(ids)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('drops nothing outside local development: every send fails as temporary and stays queued', async () => {
    const [id] = await storePledges(env.DB, [message()]);
    const before = discarded.count;
    const deployed = { ...env, EMAIL_TRANSPORT: 'discard', DEV_MODE: 'false', TOKEN_SECRET: 'a-deployed-secret' };
    const outcomes = await sendOutboxRows(deployed, [id!], PLEDGE_EMAILS, transportFor(deployed));
    expect(outcomes.get(id!)).toEqual({ retryAfter: 10 });
    expect(discarded.count).toBe(before);
    expect(await statuses([id!])).toMatchObject([{ status: 'queued', last_error: 'discard_outside_dev' }]);
  });

  it('is what the queue handler uses when configured', async () => {
    const [id] = await storePledges(env.DB, [message()]);
    const before = discarded.count;
    const batch = createMessageBatch<EmailJob>('rhec-emails', [{ id: 'd0', timestamp: new Date(), attempts: 1, body: { outboxId: id! } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<never>, { ...env, EMAIL_TRANSPORT: 'discard', DEV_MODE: 'true' });
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['d0']);
    expect(discarded.count - before).toBe(1);
  });
});

describe('EMAIL_TRANSPORT=sink (the updates benchmark)', () => {
  const realFetch = globalThis.fetch;
  function sink(answer: number) {
    const calls: { url: string; body: unknown }[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return new Response(null, { status: answer });
    }) as typeof fetch;
    return calls;
  }
  const local = (url = 'http://127.0.0.1:9/count') => ({ ...env, EMAIL_TRANSPORT: 'sink', EMAIL_SINK_URL: url, DEV_MODE: 'true' });

  it('hands the sink each row\'s outbox id and nothing else, then marks it sent', async () => {
    const calls = sink(200);
    try {
      const ids = await storePledges(env.DB, [message(), message()]);
      const outcomes = await sendOutboxRows(local(), ids, PLEDGE_EMAILS, transportFor(local()));
      expect([...outcomes.values()]).toEqual(['sent', 'sent']);
      expect(calls).toEqual(ids.map((key) => ({ url: 'http://127.0.0.1:9/count', body: { key } })));
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('treats a 503 from the sink as a temporary failure: queued again, with backoff', async () => {
    sink(503);
    try {
      const [id] = await storePledges(env.DB, [message()]);
      expect((await sendOutboxRows(local(), [id!], PLEDGE_EMAILS, transportFor(local()))).get(id!)).toEqual({ retryAfter: 10 });
      expect(await statuses([id!])).toMatchObject([{ status: 'queued', last_error: 'http_503' }]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('sends nothing anywhere outside local development, or to a host other than this machine', async () => {
    const calls = sink(200);
    try {
      for (const e of [{ ...local(), DEV_MODE: 'false', TOKEN_SECRET: 'a-deployed-secret' }, local('https://sink.example.org/count'), local('')]) {
        const [id] = await storePledges(env.DB, [message()]);
        expect((await sendOutboxRows(e, [id!], PLEDGE_EMAILS, transportFor(e))).get(id!)).toEqual({ retryAfter: 10 });
        expect(await statuses([id!])).toMatchObject([{ status: 'queued', last_error: 'sink_outside_dev' }]);
      }
      expect(calls).toEqual([]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
