import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { FlagReason, PledgeMessage } from '../../worker/pledges/message.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import { addressHash, suppress } from '../../worker/updates/consent.ts';
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

    // Released from the lookup's answer: the same redirect to the dashboard's banner, the address in no URL.
    const released = await adminForm('/admin/flagged', { action: 'release', id: held.id }, { Cookie: cookie });
    expect(released.status).toBe(303);
    expect(released.headers.get('Location')).toBe('/admin?done=released&released=1&lang=en');
    expect(await (await SELF.fetch(`${SITE}${released.headers.get('Location')}`, { headers: { Cookie: cookie } })).text()).toContain(
      '<div class="thanks" role="status" tabindex="-1" autofocus><p>Released 1 pledge: its confirmation email is on its way.</p></div>',
    );
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

  it('says when the address is on the suppression list: no email reaches it, why and since when, and what to do, held, waiting or confirmed, in Spanish too', async () => {
    const held = pledge(`bounced.${crypto.randomUUID()}@example.org`, 'honeypot');
    const waiting = pledge(`complained.${crypto.randomUUID()}@example.org`, null);
    const confirmed = pledge(`muted.${crypto.randomUUID()}@example.org`, null);
    const clean = pledge(`clean.${crypto.randomUUID()}@example.org`, null);
    await storePledges(env.DB, [held, waiting, confirmed, clean]);
    await env.DB.prepare(`UPDATE pledges SET status = 'confirmed', confirmed_at = created_at WHERE id = ?`).bind(confirmed.id).run();
    // The list keys a mailbox: the bounce came for another +tag of the held pledge's address.
    await suppress(env, held.pledge.email.replace('@', '+news@'), 'bounce', 'resend');
    await suppress(env, waiting.pledge.email, 'complaint', 'postmark');
    await suppress(env, confirmed.pledge.email, 'manual', 'dashboard');
    for (const p of [held, waiting, confirmed])
      await env.DB.prepare(`UPDATE email_suppressions SET created_at = '2026-11-04T08:00:00.000Z' WHERE address_hash = ?`).bind(await addressHash(env, p.pledge.email)).run();
    const cookie = await adminSignIn();
    const find = async (email: string, lang = 'en') => (await adminForm('/admin/erase-request', { email, ui_lang: lang }, { Cookie: cookie })).text();
    const link = (lang: string, name: string) => `<a href="/admin/updates?lang=${lang}#suppressions">${name}</a>`;

    const page = await find(held.pledge.email);
    expect(page).toContain(
      '<p>No email reaches this address: it has been on the suppression list since November 4, 2026 (an email to it bounced: the address does not exist or refuses mail), so nothing is sent to it, its confirmation included.',
    );
    expect(page).toContain(
      `Sending its confirmation would release the pledge, but no email would go. If they say the address works now (after a spam complaint, only if they ask to hear from us again), first lift its suppression under “Suppressed addresses” on the ${link('en', 'Updates to pledgers')} page, then send the confirmation here.</p>`,
    );
    // Said before the button it is about, which stays (releasing is still theirs to decide).
    expect(page.indexOf('No email reaches this address')).toBeGreaterThan(page.indexOf('Held for review'));
    expect(page.indexOf('No email reaches this address')).toBeLessThan(page.indexOf('action="/admin/flagged"'));
    // Nothing the dashboard keeps from view: not the list's key.
    expect(page).not.toContain((await addressHash(env, held.pledge.email)).slice(0, 12));

    const pending = await find(waiting.pledge.email);
    expect(pending).toContain('(its owner marked one of our emails as spam)');
    expect(pending).toContain(`lift its suppression under “Suppressed addresses” on the ${link('en', 'Updates to pledgers')} page, then ask them to pledge again with the same address: that sends its confirmation again.`);
    // Not "waiting to be sent": it never will be.
    expect(pending).not.toContain('That email has not gone yet');

    const done = await find(confirmed.pledge.email);
    expect(done).toContain('(a maintainer suppressed it)');
    expect(done).toContain(`It counts, but gets no updates or reminders. If they ask for them again and the address works, lift its suppression under “Suppressed addresses” on the ${link('en', 'Updates to pledgers')} page.`);

    expect(await find(clean.pledge.email)).not.toContain('suppression list');

    const es = await find(held.pledge.email, 'es');
    expect(es).toContain(
      '<p>Ningún correo llega a esta dirección: está en la lista de exclusión desde el 4 de noviembre de 2026 (un correo que se le envió rebotó: la dirección no existe o rechaza el correo), así que no se le envía nada, tampoco su confirmación.',
    );
    expect(es).toContain(`levante primero la exclusión en «Direcciones excluidas» de la página ${link('es', 'Novedades para quienes se comprometieron')} y después envíe aquí la confirmación.</p>`);
    expect(await find(waiting.pledge.email, 'es')).toContain('(su titular marcó uno de nuestros correos como spam)');
    expect(await find(confirmed.pledge.email, 'es')).toContain('Cuenta, pero no recibe novedades ni recordatorios.');

    // Released anyway: the banner does not say an email is on its way.
    const release = await adminForm('/admin/flagged', { action: 'release', id: held.id }, { Cookie: cookie });
    expect(release.headers.get('Location')).toBe('/admin?done=released&released=1&suppressed=1&lang=en');
    const released = await (await SELF.fetch(`${SITE}${release.headers.get('Location')}`, { headers: { Cookie: cookie } })).text();
    expect(released).toContain('Released 1 pledge, but no confirmation email goes to it: its address is on the suppression list.');
    expect(released).not.toContain(held.pledge.email);
    expect(released).not.toContain('its confirmation email is on its way');
  });

  it('says why a confirmation never went (the address suppressed, its mailbox had its emails, the provider refused it), and finds the one that went among a repeat pledge\'s', async () => {
    const cookie = await adminSignIn();
    const find = async (email: string, lang: 'en' | 'es') => (await adminForm('/admin/erase-request', { email, ui_lang: lang }, { Cookie: cookie })).text();
    const cases: [status: string, error: string, en: string, es: string][] = [
      // Suppressed then, lifted since (while it is listed, the suppression's own paragraph says it): pledge again.
      ['cancelled', 'suppressed', 'That email was not sent: the address was on the suppression list then (an email to it bounced, or was reported as spam). It no longer is, so ask them to pledge again', 'Ese correo no se envió: la dirección estaba entonces en la lista de exclusión (un correo a ella rebotó o se denunció como spam). Ya no lo está'],
      ['cancelled', 'mailbox_cap', 'That email was not sent: its mailbox had already been sent the 3 emails allowed in 30 days', 'Ese correo no se envió: su buzón ya había recibido los 3 correos permitidos en 30 días'],
      ['failed', 'rejected', 'That email could not be sent, and is not tried again: the email provider refused it', 'Ese correo no se pudo enviar y no se vuelve a intentar: el proveedor de correo lo rechazó'],
    ];
    for (const [status, error, en, es] of cases) {
      const p = pledge(`never.${crypto.randomUUID()}@example.org`, null);
      await storePledges(env.DB, [p]);
      await env.DB.prepare('UPDATE email_outbox SET status = ?, last_error = ?, attempts = 1 WHERE id = ?').bind(status, error, `confirm:${p.id}`).run();
      const page = await find(p.pledge.email, 'en');
      expect(page, error).toContain('Waiting for confirmation');
      expect(page, error).toContain(en);
      expect(page, error).not.toContain('Emails given up on'); // that list holds only those given up on after every try
      expect(await find(p.pledge.email, 'es'), error).toContain(es);
    }
    // A repeat pledge sent its own confirmation, which went: that one is said, not the first one's fate.
    const p = pledge(`twice.${crypto.randomUUID()}@example.org`, null);
    await storePledges(env.DB, [p]);
    await env.DB.batch([
      env.DB.prepare(`UPDATE email_outbox SET status = 'cancelled', last_error = 'mailbox_cap', attempts = 1, created_at = '2026-11-01T09:00:00.000Z' WHERE id = ?`).bind(`confirm:${p.id}`),
      env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind, status, attempts, created_at, sent_at) VALUES (?, ?, 'confirm', 'sent', 1, '2026-11-04T09:00:00.000Z', '2026-11-04T09:00:01.000Z')`).bind(`repeat:${crypto.randomUUID()}`, p.id),
    ]);
    const twice = await find(p.pledge.email, 'en');
    expect(twice).toContain('That email was sent on November 4, 2026');
    expect(twice).not.toContain('That email was not sent');
  });
});
