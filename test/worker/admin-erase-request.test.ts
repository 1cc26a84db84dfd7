import { env, SELF } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { PledgeMessage } from '../../worker/pledges/message.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import { mailboxKey, takeMailboxQuotas } from '../../worker/pledges/abuse.ts';
import { suppress, suppressionOf } from '../../worker/updates/consent.ts';
import { adminForm, adminSignIn } from './helpers.ts';

const SITE = 'https://pledge.test';

const form = adminForm;
const signIn = adminSignIn;

function pledge(email: string): PledgeMessage {
  return {
    id: crypto.randomUUID(),
    pledge: { partner: 'sir', name: 'Dr Request Person', email, role: 'nurse', organization: 'Clinic', region: 'US-CA', commitment: true },
    flag: null,
    ipHash: 'some-network',
    receivedAt: new Date().toISOString(),
  };
}

const row = (id: string) => env.DB.prepare('SELECT status, name, email, organization, region FROM pledges WHERE id = ?').bind(id).first();

describe("a pledger's request to be erased, answered from the dashboard", () => {
  it('finds their pledge by address, asks first, then withdraws it and erases their details', async () => {
    const email = `asks.${crypto.randomUUID()}@example.org`;
    const first = pledge(email);
    const other = pledge(`stays.${crypto.randomUUID()}@example.org`);
    await storePledges(env.DB, [first, other]);
    await env.DB.prepare(`UPDATE pledges SET status = 'confirmed', confirmed_at = created_at WHERE id = ?`).bind(first.id).run();
    const cookie = await signIn();

    const page = await (await SELF.fetch(`${SITE}/admin`, { headers: { Cookie: cookie } })).text();
    // Headed for all it answers (a pledge found and its state, a held one released, a data copy, an erasure), not erasure alone.
    expect(page).toContain('<li><a href="#erase-request">Requests from pledgers, by address</a></li>');
    expect(page).toContain('<h2 id="erase-request-title">Requests from pledgers, by address</h2>');
    expect(page).not.toContain('asks to be erased');
    expect(page).toContain('<form method="post" action="/admin/erase-request"');
    expect(page).toContain('<label for="erase-email">');

    // Only from the dashboard itself, and only with a session.
    expect((await form('/admin/erase-request', { email, confirm: 'yes' }, { Cookie: cookie, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await form('/admin/erase-request', { email, confirm: 'yes' })).status).toBe(403);
    expect(await row(first.id)).toMatchObject({ status: 'confirmed', email });

    // The address as the person wrote it in their message: found however it is capitalised.
    const check = await form('/admin/erase-request', { email: `  ${email.toUpperCase()} ` }, { Cookie: cookie });
    expect(check.status).toBe(200);
    const checkPage = await check.text();
    expect(checkPage).toContain(`Withdraw and erase the pledge from ${email} (Society of Interventional Radiology)?`);
    expect(checkPage).toContain('<input type="hidden" name="confirm" value="yes" />');
    expect(await row(first.id)).toMatchObject({ status: 'confirmed' }); // asking changes nothing

    // Done: answered by a redirect to the dashboard (Post/Redirect/Get), so a reload there posts nothing again;
    // the address is in no URL.
    const done = await form('/admin/erase-request', { email, confirm: 'yes' }, { Cookie: cookie });
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe('/admin?done=erased&lang=en');
    expect(await row(first.id)).toEqual({ status: 'withdrawn', name: '', email: `withdrawn:${first.id}`, organization: null, region: null });
    expect(await row(other.id)).toMatchObject({ status: 'pending', email: other.pledge.email });
    const answer = await SELF.fetch(`${SITE}/admin?done=erased&lang=en`, { headers: { Cookie: cookie } });
    expect(answer.status).toBe(200);
    const answerPage = await answer.text();
    // Said in the banner focused on load, as before; the same answer in the other language from its switch.
    expect(answerPage).toContain('<div class="thanks" role="status" tabindex="-1" autofocus><p>Withdrew the pledge and erased its details');
    expect(answerPage).toContain('href="/admin?done=erased&amp;lang=es"');
    expect(answerPage).not.toContain(email);
    expect(await (await SELF.fetch(`${SITE}/admin?done=erased&lang=es`, { headers: { Cookie: cookie } })).text()).toContain('Se retiró el compromiso y se borraron sus datos');
    // Without a session, the answer's address is the sign-in page, saying nothing of it.
    const signedOut = await (await SELF.fetch(`${SITE}/admin?done=erased&lang=en`)).text();
    expect(signedOut).toContain('id="token"');
    expect(signedOut).not.toContain('Withdrew');

    // The check page's button pressed again (its page kept open), or an address never used: said plainly, nothing changed.
    const none = await form('/admin/erase-request', { email, confirm: 'yes' }, { Cookie: cookie });
    expect(none.status).toBe(404);
    const nonePage = await none.text();
    expect(nonePage).toContain('No pledge is kept for that address');
    // What was typed stays in its field, with the message beside it, so a typo is corrected, not retyped.
    const typo = await (await form('/admin/erase-request', { email: 'asks.typo@example.org' }, { Cookie: cookie })).text();
    expect(typo).toContain('<a href="#erase-email">No pledge is kept for that address');
    expect(typo).toContain('id="erase-email" name="email" value="asks.typo@example.org" aria-invalid="true" aria-describedby="erase-email-error"');
  });

  it('erases a flagged pledge as the flagged list does (never counted, so no withdrawal is counted either)', async () => {
    const email = `flagged.${crypto.randomUUID()}@example.org`;
    const p = { ...pledge(email), flag: 'rate_limit' as const };
    await storePledges(env.DB, [p]);
    const counts = () => env.DB.prepare(`SELECT * FROM pledge_counts WHERE partner_id = 'sir'`).first();
    const before = await counts();
    const cookie = await signIn();
    const done = await form('/admin/erase-request', { email, confirm: 'yes' }, { Cookie: cookie });
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe('/admin?done=erased&held=1&lang=en');
    expect(await row(p.id)).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it('says what stays once done: nothing that names them; the suppression entry, if the address has one; the audit log; in Spanish too', async () => {
    const cookie = await signIn();
    const quota = async (email: string) => env.DB.prepare('SELECT count(*) AS n FROM mailbox_quota WHERE mailbox = ?').bind(await mailboxKey(env, email)).first<number>('n');
    const erase = async (p: PledgeMessage, lang: 'en' | 'es') => {
      await storePledges(env.DB, [p]);
      // Its mailbox was sent an email: counted, as every pledge email is.
      await takeMailboxQuotas(env, [p.pledge.email]);
      expect(await quota(p.pledge.email)).toBe(1);
      const done = await form('/admin/erase-request', { email: p.pledge.email, confirm: 'yes', ui_lang: lang }, { Cookie: cookie });
      expect(done.status).toBe(303);
      const location = done.headers.get('Location')!;
      expect(location).not.toContain(p.pledge.email.split('@')[0]);
      // The count of its pledge emails is forgotten at once (README's privacy table), a held pledge's as a withdrawn one's.
      expect(await quota(p.pledge.email)).toBe(0);
      const page = await (await SELF.fetch(`${SITE}${location}`, { headers: { Cookie: cookie } })).text();
      expect(page).not.toContain(p.pledge.email);
      return { location, banner: page.match(/<div class="thanks"[^>]*><p>(.*?)<\/p>/)![1]! };
    };
    const audit =
      'the audit log’s entries about the address, if any (when it was put on or taken off the suppression list, or its updates were stopped), under a short key, never the address; and any count of an organization request’s confirmations sent to its mailbox, under a keyed hash, until 30 days after the last.';

    const plain = await erase(pledge(`plain.${crypto.randomUUID()}@example.org`), 'en');
    expect(plain.location).toBe('/admin?done=erased&lang=en');
    expect(plain.banner).toBe(
      'Withdrew the pledge and erased its details: its name, address, organization and region are no longer kept. Its mailbox’s count of pledge emails is forgotten too. ' +
        `What stays names no one: the pledge in the totals, as a withdrawn one (its society, role and dates); ${audit}`,
    );

    // On the suppression list: the entry stays (it is what keeps the promise never to email it), and the banner says so.
    const listed = pledge(`listed.${crypto.randomUUID()}@example.org`);
    await suppress(env, listed.pledge.email, 'complaint', 'test');
    const suppressed = await erase(listed, 'en');
    expect(suppressed.location).toBe('/admin?done=erased&suppressed=1&lang=en');
    expect(suppressed.banner).toContain(
      `${audit} The address stays on the suppression list, as a keyed hash (never the address), so no email goes to it, even if they pledge again, until a maintainer lifts it.`,
    );
    expect(await suppressionOf(env, listed.pledge.email)).not.toBeNull();

    // Held for review, never counted: nothing of it stays in the totals, so the banner does not say it does.
    const held = await erase({ ...pledge(`held.${crypto.randomUUID()}@example.org`), flag: 'honeypot' }, 'en');
    expect(held.location).toBe('/admin?done=erased&held=1&lang=en');
    expect(held.banner).toContain(`What stays names no one: ${audit}`);
    expect(held.banner).not.toContain('in the totals');

    const listedEs = pledge(`excluida.${crypto.randomUUID()}@example.org`);
    await suppress(env, listedEs.pledge.email, 'bounce', 'test');
    const es = await erase(listedEs, 'es');
    expect(es.location).toBe('/admin?done=erased&suppressed=1&lang=es');
    expect(es.banner).toBe(
      'Se retiró el compromiso y se borraron sus datos: ya no se guardan su nombre, dirección, organización ni región. También se olvida el recuento de correos del compromiso que recibió su buzón. ' +
        'Lo que queda no identifica a nadie: el compromiso en los totales, como retirado (su sociedad, función y fechas); las entradas del registro de auditoría sobre la dirección, si las hay (cuándo entró en la lista de exclusión o salió de ella, o se detuvieron sus novedades), con una clave corta, nunca la dirección; y el recuento de confirmaciones de una solicitud de organización enviadas a su buzón, si lo hay, bajo un hash con clave, hasta 30 días después de la última. ' +
        'La dirección sigue en la lista de exclusión, como un hash con clave (nunca la dirección), así que no se le envía ningún correo, aunque vuelva a comprometerse, hasta que una persona del equipo la saque de la lista.',
    );
    // The switch to the other language keeps what was done.
    expect(await (await SELF.fetch(`${SITE}${es.location.replace('lang=es', 'lang=en')}`, { headers: { Cookie: cookie } })).text()).toContain('The address stays on the suppression list');
  });

  it('leaves a record in the logs that a pledge was erased on request, with nothing of the person in it', async () => {
    const email = `logged.${crypto.randomUUID()}@example.org`;
    const p = pledge(email);
    await storePledges(env.DB, [p]);
    const cookie = await signIn();
    const logs = vi.spyOn(console, 'log');
    try {
      expect((await form('/admin/erase-request', { email, confirm: 'yes' }, { Cookie: cookie })).status).toBe(303);
      const lines = logs.mock.calls.map((call) => String(call[0]));
      expect(lines).toContain(JSON.stringify({ event: 'pledge_erased_on_request', partner: 'sir', flagged: false }));
      for (const line of lines) for (const kept of [email, p.id, p.pledge.name]) expect(line).not.toContain(kept);
    } finally {
      logs.mockRestore();
    }
  });

  it("tells the maintainer when the address is also an organization request's contact, which withdrawing the pledge does not erase", async () => {
    const email = `contact.${crypto.randomUUID()}@example.org`;
    const p = pledge(email);
    await storePledges(env.DB, [p]);
    const org = crypto.randomUUID();
    await env.DB.prepare(
      `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, contact_title, status)
       VALUES (?, 'Quixote Imaging', 'imaging-center', 'https://www.quixote-imaging.org', 'quixote-imaging.org', 'Dr Request Person', ?, 'Privacy lead', 'approved')`,
    )
      .bind(org, email)
      .run();
    const cookie = await signIn();
    const also = 'This address is also the contact of a request to join as an organization: Quixote Imaging.';
    const check = await (await form('/admin/erase-request', { email }, { Cookie: cookie })).text();
    expect(check).toContain(also);
    expect(check).toContain('Withdrawing the pledge does not erase the contact’s name, address and job title kept with it: to erase those too, use “Remove and erase contact” on the <a href="/admin/organizations?lang=en">Organizations</a> page.');
    const es = await (await form('/admin/erase-request', { email, ui_lang: 'es' }, { Cookie: cookie })).text();
    expect(es).toContain('Esta dirección es también la de contacto de una solicitud para unirse como organización: Quixote Imaging.');
    expect(es).toContain('Retirar el compromiso no borra el nombre, la dirección y el cargo del contacto que se guardan con ella: para borrarlos también, use «Quitar y borrar el contacto» en la página <a href="/admin/organizations?lang=es">Organizaciones</a>.');

    // Withdrawn as asked; the request is the organization's, left to the maintainer, and said again once done.
    // The redirect names the requests by their ids (never the address), and the page it leads to says them again.
    const erased = await form('/admin/erase-request', { email, confirm: 'yes' }, { Cookie: cookie });
    expect(erased.status).toBe(303);
    const location = erased.headers.get('Location')!;
    expect(location).toBe(`/admin?done=erased&contact=${org}&lang=en`);
    const done = await (await SELF.fetch(`${SITE}${location}`, { headers: { Cookie: cookie } })).text();
    expect(done).toContain('Withdrew the pledge and erased its details');
    expect(done).toContain(also);
    expect(done).not.toContain(email);
    expect(await row(p.id)).toMatchObject({ status: 'withdrawn', name: '' });
    // No pledge left, but the request still names them: said, not "no pledge is kept" alone.
    const none = await form('/admin/erase-request', { email }, { Cookie: cookie });
    expect(none.status).toBe(404);
    const nonePage = await none.text();
    expect(nonePage).toContain('No pledge is kept for that address');
    expect(nonePage).toContain(also);
    // Once the request is removed, nothing more is said of it.
    await env.DB.prepare(`UPDATE organizations SET status = 'withdrawn', contact_email = NULL, contact_name = NULL, contact_title = NULL WHERE id = ?`).bind(org).run();
    expect(await (await form('/admin/erase-request', { email }, { Cookie: cookie })).text()).not.toContain('Quixote Imaging');
    // Nor on the erase's answer, reloaded: it says what is still kept.
    const reloaded = await (await SELF.fetch(`${SITE}${location}`, { headers: { Cookie: cookie } })).text();
    expect(reloaded).toContain('Withdrew the pledge and erased its details');
    expect(reloaded).not.toContain('Quixote Imaging');
  });

  it('speaks Spanish', async () => {
    const email = `pide.${crypto.randomUUID()}@example.org`;
    const p = pledge(email);
    await storePledges(env.DB, [p]);
    const cookie = await signIn();
    const page = await (await SELF.fetch(`${SITE}/admin?lang=es`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('<li><a href="#erase-request">Peticiones de quienes se comprometieron, por su dirección</a></li>');
    expect(page).toContain('<h2 id="erase-request-title">Peticiones de quienes se comprometieron, por su dirección</h2>');
    const check = await (await form('/admin/erase-request', { email, ui_lang: 'es' }, { Cookie: cookie })).text();
    // The society's English name marked as English in the Spanish heading (a screen reader says it in English).
    expect(check).toContain(`¿Retirar y borrar el compromiso de ${email} (<span lang="en">Society of Interventional Radiology</span>)?</h2>`);
    const done = await form('/admin/erase-request', { email, ui_lang: 'es', confirm: 'yes' }, { Cookie: cookie });
    expect(done.headers.get('Location')).toBe('/admin?done=erased&lang=es');
    const hecho = await (await SELF.fetch(`${SITE}/admin?done=erased&lang=es`, { headers: { Cookie: cookie } })).text();
    expect(hecho).toContain('<div class="thanks" role="status" tabindex="-1" autofocus><p>Se retiró el compromiso y se borraron sus datos');
    expect(await row(p.id)).toMatchObject({ status: 'withdrawn', name: '' });
  });
});
