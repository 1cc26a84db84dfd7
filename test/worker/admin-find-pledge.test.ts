import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { FlagReason, PledgeMessage } from '../../worker/pledges/message.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import { adminForm, adminSignIn } from './helpers.ts';

const SITE = 'https://pledge.test';

function pledge(email: string, flag: FlagReason | null, receivedAt = new Date().toISOString()): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner: 'sir', name: 'Dr Never Got It', email, role: 'nurse', commitment: true },
    flag,
    ipHash: 'some-network',
    receivedAt,
  };
}

const outboxOf = (id: string) => env.DB.prepare('SELECT id, kind FROM email_outbox WHERE pledge_id = ?').bind(id).all().then((r) => r.results);

describe('a maintainer finds a pledge by address ("I pledged and never got the email")', () => {
  it('says a held pledge is held for review, and releases it from there: one confirmation, a repeat says so and sends nothing', async () => {
    const email = `held.${crypto.randomUUID()}@example.org`;
    const held = pledge(email, 'honeypot');
    await storePledges(env.DB, [held]);
    const cookie = await adminSignIn();

    const page = await (await adminForm('/admin/erase-request', { email }, { Cookie: cookie })).text();
    // Its heading (focused on load) names what was found; withdrawing is a question of its own, below what it found.
    expect(page).toContain(`<title>The pledge from ${email} (Society of Interventional Radiology) — Campaign dashboard — RHEC Pledge</title>`);
    expect(page).toContain(`<h1 tabindex="-1" autofocus>The pledge from ${email} (Society of Interventional Radiology)</h1><p>Held for review`);
    expect(page.indexOf('<h2>Withdraw and erase the pledge from')).toBeGreaterThan(page.indexOf('action="/admin/flagged"'));
    expect(page).toContain('Held for review (anti-bot field filled)');
    expect(page).toContain('no confirmation email has been sent');
    // The same release the flagged list's button makes, with the dashboard's language and session.
    const release = page.slice(page.indexOf('<form method="post" action="/admin/flagged">'));
    expect(release).toContain('<input type="hidden" name="action" value="release" /><input type="hidden" name="id" value="' + held.id + '" />');
    expect(release).toContain('<input type="hidden" name="ui_lang" value="en"');
    expect(release).toContain(`Send the confirmation<span class="visually-hidden"> to ${email}</span>`);
    expect(await outboxOf(held.id)).toEqual([]); // finding it changes nothing

    // Without a session, or from another site: refused, nothing sent.
    expect((await adminForm('/admin/flagged', { action: 'release', id: held.id })).status).toBe(403);
    expect((await adminForm('/admin/flagged', { action: 'release', id: held.id }, { Cookie: cookie, Origin: 'https://evil.example' })).status).toBe(403);
    expect(await outboxOf(held.id)).toEqual([]);

    const released = await adminForm('/admin/flagged', { action: 'release', id: held.id }, { Cookie: cookie });
    expect(released.status).toBe(200);
    expect(await released.text()).toContain('Released 1 pledge: its confirmation email is on its way.');
    expect(await outboxOf(held.id)).toEqual([{ id: `confirm:${held.id}`, kind: 'confirm' }]);

    // Found again: now waiting for confirmation, with no button to release it.
    const after = await (await adminForm('/admin/erase-request', { email }, { Cookie: cookie })).text();
    expect(after).toContain('Waiting for confirmation');
    expect(after).not.toContain('action="/admin/flagged"');
    expect(after).toContain('That email has not gone yet: it is waiting to be sent.');
    await env.DB.prepare(`UPDATE email_outbox SET status = 'sent', sent_at = '2026-11-03T09:00:00.000Z' WHERE id = ?`).bind(`confirm:${held.id}`).run();
    const sent = await (await adminForm('/admin/erase-request', { email, ui_lang: 'es' }, { Cookie: cookie })).text();
    expect(sent).toContain('Ese correo se envió el 3 de noviembre de 2026');

    // The old page's button pressed again (stale, or twice): said so, nothing more queued.
    const again = await adminForm('/admin/flagged', { action: 'release', id: held.id }, { Cookie: cookie });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Nothing was released');
    expect(await outboxOf(held.id)).toHaveLength(1);
  });

  it('finds a held pledge older than the 100 the list shows, and says each state in plain words, in Spanish too', async () => {
    const old = pledge(`old.${crypto.randomUUID()}@example.org`, 'turnstile', new Date(Date.now() - 20 * 86_400_000).toISOString());
    const newer = Array.from({ length: 101 }, (_, i) => pledge(`crowd.${i}.${crypto.randomUUID()}@example.org`, 'rate_limit'));
    const confirmed = pledge(`done.${crypto.randomUUID()}@example.org`, null);
    await storePledges(env.DB, [old, ...newer, confirmed]);
    await env.DB.prepare(`UPDATE pledges SET status = 'confirmed', confirmed_at = '2026-11-02T10:00:00.000Z' WHERE id = ?`).bind(confirmed.id).run();
    const cookie = await adminSignIn();

    const dashboard = await (await SELF.fetch(`${SITE}/admin`, { headers: { Cookie: cookie } })).text();
    expect(dashboard).not.toContain(old.pledge.email); // beyond the list
    // The section says it answers "I never got the email" too, not only a request to be erased.
    expect(dashboard).toContain('When someone says they pledged but never got the confirmation email, enter their address too');
    const panel = await (await SELF.fetch(`${SITE}/admin?lang=es`, { headers: { Cookie: cookie } })).text();
    expect(panel).toContain('Cuando alguien dice que se comprometió pero nunca recibió el correo de confirmación, escriba también su dirección');

    const es = await (await adminForm('/admin/erase-request', { email: old.pledge.email, ui_lang: 'es' }, { Cookie: cookie })).text();
    expect(es).toContain(`<h1 tabindex="-1" autofocus>El compromiso de ${old.pledge.email} (<span lang="en">Society of Interventional Radiology</span>)</h1>`);
    expect(es).toContain('Retenido para revisión (no superó Turnstile)');
    expect(es).toContain(`Enviar la confirmación<span class="visually-hidden"> a ${old.pledge.email}</span>`);
    expect(es).toContain('<input type="hidden" name="ui_lang" value="es"');

    const done = await (await adminForm('/admin/erase-request', { email: confirmed.pledge.email }, { Cookie: cookie })).text();
    expect(done).toContain('Confirmed on November 2, 2026: it counts.');
    expect(done).not.toContain('action="/admin/flagged"');
    const hecho = await (await adminForm('/admin/erase-request', { email: confirmed.pledge.email, ui_lang: 'es' }, { Cookie: cookie })).text();
    expect(hecho).toContain('Confirmado el 2 de noviembre de 2026: cuenta.');
  });
});
