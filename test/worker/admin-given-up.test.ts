/**
 * Emails given up on after every try (an email provider's outage longer than the 12 attempts),
 * sent again from the dashboard once the provider is back: counted, put back for the Cron's sweep,
 * and each then sent once, never one whose hand-off was in doubt.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS } from '../../worker/index.ts';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { sendOutboxRow } from '../../worker/platform/outbox/send-outbox.ts';
import { sweepOutbox } from '../../worker/platform/outbox/sweep.ts';
import type { EmailTransport } from '../../worker/platform/outbox/transport.ts';
import { adminForm as form, adminSignIn as signIn } from './helpers.ts';

async function pledgeWithEmail(lastError: string, inDoubt = false): Promise<{ pledge: string; row: string; to: string }> {
  const pledge = crypto.randomUUID();
  const to = `outage.${pledge}@example.org`;
  const row = `confirm:${pledge}`;
  await env.DB.batch([
    env.DB.prepare(`INSERT INTO pledges (id, partner_id, email, name, role, lang) VALUES (?, 'rsna', ?, 'Ana Pérez', 'nurse', 'en')`).bind(pledge, to),
    // Counted: its first attempt took its place among its mailbox's emails (then every hand-off failed).
    env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind, status, attempts, counted, last_error, in_doubt_since) VALUES (?, ?, 'confirm', 'failed', 12, 1, ?, ?)`).bind(
      row,
      pledge,
      lastError,
      inDoubt ? new Date().toISOString() : null,
    ),
  ]);
  return { pledge, row, to };
}

const outbox = (id: string) => env.DB.prepare('SELECT status, attempts, last_error FROM email_outbox WHERE id = ?').bind(id).first();
const dashboard = async (cookie: string, lang = 'en') => (await SELF.fetch(`https://pledge.test/admin?lang=${lang}`, { headers: { Cookie: cookie } })).text();

describe('emails given up on, sent again from the dashboard', () => {
  it('counts them, sends them again once from the dashboard itself, leaves the in-doubt and refused ones alone, and each goes once', async () => {
    const cookie = await signIn();
    expect(await dashboard(cookie)).toContain('No email has been given up on');

    const given = await pledgeWithEmail('gave_up');
    const doubt = await pledgeWithEmail('gave_up', true);
    const refused = await pledgeWithEmail('http_422');
    const page = await dashboard(cookie);
    expect(page).toContain('<li><a href="#given-up">Emails given up on</a></li>');
    expect(page).toContain('1 email could not be sent after 12 tries');
    expect(page).toContain('<form method="post" action="/admin/emails/send-again">');
    expect(await dashboard(cookie, 'es')).toContain('No se pudo enviar 1 correo tras 12 intentos');

    // Only from the dashboard, with a session.
    expect((await form('/admin/emails/send-again', {}, { Cookie: cookie, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await form('/admin/emails/send-again', {})).status).toBe(403);
    expect(await outbox(given.row)).toMatchObject({ status: 'failed', last_error: 'gave_up' });

    const res = await form('/admin/emails/send-again', { ui_lang: 'es' }, { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Se vuelve a enviar 1 correo en 5 minutos como mucho.');
    expect(await outbox(given.row)).toEqual({ status: 'queued', attempts: 1, last_error: null });
    expect(await outbox(doubt.row)).toMatchObject({ status: 'failed', last_error: 'gave_up' });
    expect(await outbox(refused.row)).toMatchObject({ status: 'failed', last_error: 'http_422' });

    // Pressed again (a reload): nothing more.
    const again = await form('/admin/emails/send-again', {}, { Cookie: cookie });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Nothing was sent again: no email is given up on');
    expect(await dashboard(cookie)).toContain('No email has been given up on');

    // The Cron's next sweep takes it at once, and it is sent to its pledger once, without taking
    // a second share of their mailbox's emails.
    const swept: string[] = [];
    const queue = { sendBatch: async (msgs: { body: { outboxId: string } }[]) => void swept.push(...msgs.map((m) => m.body.outboxId)) };
    await sweepOutbox({ ...env, EMAIL_QUEUE: queue as unknown as Queue }, Date.now());
    expect(swept).toContain(given.row);
    expect(swept).not.toContain(doubt.row);
    const quota = () => env.DB.prepare('SELECT coalesce(sum(emails), 0) AS n FROM mailbox_quota').first<number>('n');
    const before = await quota();
    const got: OutgoingEmail[] = [];
    const transport: EmailTransport = { send: async (email) => void got.push(email) };
    for (const id of [given.row, given.row]) await sendOutboxRow(env, id, EMAIL_KINDS, transport);
    expect(got.map((e) => e.to)).toEqual([given.to]);
    expect(await outbox(given.row)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await quota()).toBe(before);
  });
  it('says how many go again in the plural, and points a refusal at the section it came from', async () => {
    const cookie = await signIn();
    await pledgeWithEmail('gave_up');
    await pledgeWithEmail('gave_up');
    const res = await form('/admin/emails/send-again', {}, { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('2 emails go out again within 5 minutes.');
    const again = await form('/admin/emails/send-again', {}, { Cookie: cookie });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('<a href="#given-up">Nothing was sent again');
  });
});

describe("the dashboard's buttons: a post that is not their form", () => {
  it('is refused and said so (415 for another kind of body, 400 for a form that cannot be read), doing nothing; a form acts as before', async () => {
    const cookie = await signIn();
    const given = await pledgeWithEmail('gave_up');
    const send = (path: string, type: string, body: string) =>
      SELF.fetch(`https://pledge.test${path}?lang=es`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: 'https://pledge.test', Cookie: cookie, Accept: 'text/html', 'Content-Type': type },
        body: new TextEncoder().encode(body),
      });
    const paths = ['/admin/emails/send-again', '/admin/partners', '/admin/flagged', '/admin/erase-request', '/admin/data-request', '/admin/updates/suppressions/lookup', '/admin/resources'];
    for (const path of paths) {
      for (const [type, body] of [['application/json', '{"email":"a@example.org"}'], ['application/json', 'null'], ['text/plain', 'action=add']]) {
        const res = await send(path, type, body);
        expect(res.status, `${path} ${type} ${body}`).toBe(415);
        expect(await res.text()).toContain('<h1>Esto no era un formulario</h1>');
      }
      for (const [type, body] of [['application/x-www-form-urlencoded', 'email=100%'], ['multipart/form-data; boundary=xyz', 'not multipart']]) {
        const res = await send(path, type, body);
        expect(res.status, `${path} ${body}`).toBe(400);
        expect(await res.text()).toContain('No se pudo leer el formulario. Vuelva atrás y envíelo de nuevo.');
      }
    }
    // "Send them again" above had put every given-up email back in the queue; nothing did.
    expect(await outbox(given.row)).toMatchObject({ status: 'failed', last_error: 'gave_up' });
    // Another site's post is still told first that it comes from elsewhere, whatever its body.
    const elsewhere = await SELF.fetch('https://pledge.test/admin/emails/send-again', {
      method: 'POST',
      headers: { Origin: 'https://evil.example', Cookie: cookie, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(elsewhere.status).toBe(403);
    expect(await outbox(given.row)).toMatchObject({ status: 'failed', last_error: 'gave_up' });
    // The button's own form acts.
    expect((await form('/admin/emails/send-again', {}, { Cookie: cookie })).status).toBe(200);
    expect(await outbox(given.row)).toMatchObject({ status: 'queued' });
  });
});
