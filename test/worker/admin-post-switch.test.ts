/**
 * A dashboard page shown after a POST (what a change did, or the question asked before one) offers
 * the other language too: a link to the GET page its form was on, in that language, which posts
 * nothing again and changes nothing. A form re-shown with words typed in it offers none.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { isSuppressed } from '../../worker/updates/consent.ts';

const SITE = 'https://pledge.test';
const TOKEN = 'test-admin-token';

function form(path: string, fields: Record<string, string>, cookie = '') {
  return SELF.fetch(`${SITE}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

async function signIn(): Promise<string> {
  const res = await form('/admin/sign-in', { token: TOKEN });
  expect(res.status).toBe(303);
  return (res.headers.get('Set-Cookie') ?? '').split(';')[0]!;
}

/** The page's language switch: where it leads, and the language it names; undefined when there is none. */
function switchOf(html: string): { href: string; lang: string } | undefined {
  const m = html.match(/<p class="lang-switch"><a href="([^"]+)" hreflang="(en|es)" lang="\2"/);
  return m ? { href: m[1]!.replaceAll('&amp;', '&'), lang: m[2]! } : undefined;
}

/** Follows a switch by GET: the page it leads to answers 200 in the other language. */
async function follow(cookie: string, sw: { href: string; lang: string }) {
  const res = await SELF.fetch(`${SITE}${sw.href}`, { headers: { Cookie: cookie }, redirect: 'manual' });
  expect(res.status, sw.href).toBe(200);
  const html = await res.text();
  expect(html).toContain(`<html lang="${sw.lang}">`);
  return html;
}

describe("a dashboard page answering a POST offers the other language", () => {
  it('on the suppression list: the question before suppressing, and what was done, lead to the list in the other language, suppressing nothing', async () => {
    const cookie = await signIn();
    const email = `switch.${crypto.randomUUID()}@example.org`;
    const ask = await form('/admin/updates/suppressions/lookup', { email, action: 'suppress', ui_lang: 'es' }, cookie);
    const asked = switchOf(await ask.text());
    expect(asked).toEqual({ href: '/admin/updates?lang=en#suppressions', lang: 'en' });
    await follow(cookie, asked!);
    expect(await isSuppressed(env, email)).toBe(false);

    const done = await form('/admin/updates/suppressions/lookup', { email, action: 'suppress', confirm: 'yes', ui_lang: 'en' }, cookie);
    const doneHtml = await done.text();
    expect(doneHtml).toContain('That address is now suppressed');
    expect(switchOf(doneHtml)).toEqual({ href: '/admin/updates?lang=es#suppressions', lang: 'es' });
    const hash = doneHtml.match(/name="hash" value="([0-9a-f]{64})"/)![1]!;

    const lift = await form('/admin/updates/suppressions/lift', { hash, ui_lang: 'en' }, cookie);
    expect(switchOf(await lift.text())).toEqual({ href: '/admin/updates?lang=es#suppressions', lang: 'es' });
    await follow(cookie, { href: '/admin/updates?lang=es#suppressions', lang: 'es' });
    expect(await isSuppressed(env, email)).toBe(true);
  });

  it("on an update: the question before discarding it leads to the update's page, which still shows it a draft", async () => {
    const cookie = await signIn();
    const res = await SELF.fetch(`${SITE}/api/admin/updates`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject: { en: 'Switch test' }, body: { en: 'Body.' } }),
    });
    const { id } = (await res.json()) as { id: string };
    const ask = await form(`/admin/updates/${id}/cancel`, { ui_lang: 'en' }, cookie);
    const sw = switchOf(await ask.text());
    expect(sw).toEqual({ href: `/admin/updates/${id}?lang=es`, lang: 'es' });
    expect(await follow(cookie, sw!)).toContain('<span class="status" id="fig-status">Borrador</span>');
    // A test address refused: the update's page again, the address shown to correct, and no switch (it would lose it).
    const refused = await form(`/admin/updates/${id}/test`, { test_to: 'nope', lang: 'en', ui_lang: 'es' }, cookie);
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('value="nope"');
    expect(switchOf(refusedHtml)).toBeUndefined();
  });

  it('on the suppression list re-shown with an address refused: none (it would lose the address)', async () => {
    const cookie = await signIn();
    const bad = await form('/admin/updates/suppressions/lookup', { email: 'not-an-address', action: 'suppress', ui_lang: 'en' }, cookie);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="not-an-address"');
    expect(switchOf(html)).toBeUndefined();
  });

  it('on the compose form re-shown with its errors and what was typed: none (it would lose the words)', async () => {
    const cookie = await signIn();
    const res = await form('/admin/updates', { subject_en: 'Half written', body_en: '', ui_lang: 'en' }, cookie);
    expect(res.status).toBe(422);
    expect(switchOf(await res.text())).toBeUndefined();
  });

  it("on the dashboard: a society's change, and the question before one, lead to the societies in the other language", async () => {
    const cookie = await signIn();
    const id = `sw${crypto.randomUUID().slice(0, 6)}`;
    const added = await form('/admin/partners', { action: 'add', id, name: 'Switch Society', ui_lang: 'es' }, cookie);
    expect(added.status).toBe(200);
    const sw = switchOf(await added.text());
    expect(sw).toEqual({ href: '/admin?lang=en#partners', lang: 'en' });
    await follow(cookie, sw!);
    const ask = await form('/admin/partners', { action: 'disable', id, ui_lang: 'en' }, cookie);
    expect(switchOf(await ask.text())).toEqual({ href: '/admin?lang=es#partners', lang: 'es' });
    expect(await env.DB.prepare('SELECT active FROM partners WHERE id = ?').bind(id).first('active')).toBe(1);
  });

  it("on the organizations' page: the question before removing one leads to its card in the other language", async () => {
    const cookie = await signIn();
    const id = crypto.randomUUID();
    await env.DB.prepare(
      `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, list_publicly, status, confirmed_at)
       VALUES (?, 'Switch Radiology', 'practice', 'https://switch.example.org', 'switch.example.org', 'Grace Hopper', 'grace@switch.example.org', 1, 'pending', ?)`,
    )
      .bind(id, new Date().toISOString())
      .run();
    const ask = await form(`/admin/organizations/${id}/remove`, { ui_lang: 'es' }, cookie);
    const sw = switchOf(await ask.text());
    expect(sw).toEqual({ href: `/admin/organizations?lang=en#org-${id}`, lang: 'en' });
    await follow(cookie, sw!);
    expect(await env.DB.prepare('SELECT status FROM organizations WHERE id = ?').bind(id).first('status')).toBe('pending');
  });

  it('on the resources page: a change to a resource that is not there leads to the resources in the other language', async () => {
    const cookie = await signIn();
    const res = await form('/admin/resources', { action: 'retire', id: 'no-such-resource', ui_lang: 'en' }, cookie);
    expect(res.status).toBe(404);
    const sw = switchOf(await res.text());
    expect(sw).toEqual({ href: '/admin/resources?lang=es', lang: 'es' });
    await follow(cookie, sw!);
  });
});
