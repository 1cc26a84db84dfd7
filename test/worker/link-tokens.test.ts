import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { checkToken, makeToken } from '../../worker/platform/tokens.ts';
import type { PledgeMessage } from '../../worker/pledges/message.ts';
import { storePledges } from '../../worker/pledges/store.ts';
import { eraseUnconfirmed } from '../../worker/platform/outbox/sweep.ts';

const DAY = 86_400_000;

async function storedPledge(): Promise<string> {
  const m: PledgeMessage = {
    id: crypto.randomUUID(),
    pledge: { partner: 'sir', name: 'Link Person', email: `link.${crypto.randomUUID()}@example.org`, role: 'nurse', commitment: true },
    flag: null,
    ipHash: null,
    receivedAt: new Date().toISOString(),
  };
  await storePledges(env.DB, [m]);
  return m.id;
}

const statusOf = (id: string) => env.DB.prepare('SELECT status FROM pledges WHERE id = ?').bind(id).first<string>('status');

function post(path: string, t: string) {
  return SELF.fetch(`https://pledge.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t, lang: 'en' }).toString(),
  });
}

/** Replaces one dot-separated field of a token, keeping its signature. */
function withField(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('a link made for one action', () => {
  it('does not work for the other: a confirm link cannot withdraw, a withdraw link cannot confirm', async () => {
    const id = await storedPledge();
    const confirm = await makeToken(env, id, 'confirm');
    const withdraw = await makeToken(env, id, 'withdraw');

    const viewed = await SELF.fetch(`https://pledge.test/withdraw?t=${confirm}`);
    expect(viewed.status).toBe(400);
    const viewedText = await viewed.text();
    expect(viewedText).toContain('This link does not work');
    // Not a dead end, and offered in the other language, as every page a GET shows.
    expect(viewedText).toContain('<a href="/pledge?lang=en">');
    expect(viewedText).toContain('<a href="/impact?lang=en">');
    expect(viewedText).toMatch(/class="lang-switch"[\s\S]*hreflang="es"/);
    const res = await post('/withdraw', confirm);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This link does not work');
    expect(await statusOf(id)).toBe('pending');

    expect((await post('/confirm', withdraw)).status).toBe(400);
    expect(await statusOf(id)).toBe('pending');

    // The same links, each on its own page, do work.
    expect((await post('/confirm', confirm)).status).toBe(200);
    expect(await statusOf(id)).toBe('confirmed');
    expect((await post('/withdraw', withdraw)).status).toBe(200);
    expect(await statusOf(id)).toBe('withdrawn');
  });

  it('is checked for its action by checkToken itself', async () => {
    const token = await makeToken(env, 'p-1', 'withdraw');
    expect(await checkToken(env, token, 'withdraw')).toMatchObject({ ok: true, pledgeId: 'p-1' });
    expect(await checkToken(env, token, 'confirm')).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('a link\'s expiry', () => {
  it('is covered by the signature: an expired link given a later expiry is refused as forged', async () => {
    const id = await storedPledge();
    const expired = await makeToken(env, id, 'confirm', Date.now() - 31 * DAY);
    expect((await post('/confirm', expired)).status).toBe(410);
    const later = String(Math.floor(Date.now() / 1000) + 365 * 86_400);
    const extended = withField(expired, 3, later);
    const res = await post('/confirm', extended);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This link does not work');
    expect(await statusOf(id)).toBe('pending');
  });

  it('says what to do in the link\'s own terms: an expired withdrawal link, how to get a new one', async () => {
    const id = await storedPledge();
    const withdraw = await post('/withdraw', await makeToken(env, id, 'withdraw', Date.now() - 731 * DAY));
    expect(withdraw.status).toBe(410);
    const text = await withdraw.text();
    expect(text).toContain('Withdrawal links last two years');
    // Someone whose emails are all older has one way left: the pledge form, whose "already pledged" email carries a new link.
    expect(text).toContain('sign the pledge again with the same address: we will email you a new withdrawal link (a pledge gets at most three such emails), and your pledge is not counted twice');
    expect(text).toContain('href="/pledge?');
    const confirm = await post('/confirm', await makeToken(env, id, 'confirm', Date.now() - 31 * DAY));
    const confirmText = await confirm.text();
    expect(confirmText).toContain('Confirmation links last 30 days');
    expect(confirmText).toContain('<a href="/pledge?lang=en">'); // "pledge again", a click away
  });

  it('says a link for a pledge erased unconfirmed has expired with a 410 on POST as on GET', async () => {
    const id = await storedPledge();
    const t = await makeToken(env, id, 'confirm');
    await env.DB.prepare(`UPDATE pledges SET created_at = ? WHERE id = ?`).bind(new Date(Date.now() - 31 * DAY).toISOString(), id).run();
    await eraseUnconfirmed(env); // erased by the sweeper, 30 days unconfirmed
    expect(await statusOf(id)).toBeNull();
    const get = await SELF.fetch(`https://pledge.test/confirm?t=${t}`);
    const confirm = await post('/confirm', t);
    expect([get.status, confirm.status]).toEqual([410, 410]);
    expect(await confirm.text()).toContain('Confirmation links last 30 days');
  });

  it('runs 30 days for confirming and two years for withdrawing, to the second', async () => {
    const now = Date.UTC(2026, 0, 1);
    const confirm = await makeToken(env, 'p-2', 'confirm', now);
    const withdraw = await makeToken(env, 'p-2', 'withdraw', now);
    expect(confirm.split('.')[3]).toBe(String(now / 1000 + 30 * 86_400));
    expect(withdraw.split('.')[3]).toBe(String(now / 1000 + 730 * 86_400));
    const lastMoment = now + 30 * DAY;
    expect(await checkToken(env, confirm, 'confirm', lastMoment)).toEqual({ ok: true, pledgeId: 'p-2', issuedAt: now });
    expect(await checkToken(env, confirm, 'confirm', lastMoment + 1)).toEqual({ ok: false, reason: 'expired' });
    expect(await checkToken(env, withdraw, 'withdraw', now + 729 * DAY)).toMatchObject({ ok: true });
    expect(await checkToken(env, withdraw, 'withdraw', now + 731 * DAY)).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('a link token', () => {
  it('has the documented shape: v1, pledge id, action, expiry, and a 43-character base64url signature', async () => {
    // 40 tokens: their signatures between them hold every base64url character, '-' and '_' included.
    const signatures: string[] = [];
    for (let i = 0; i < 40; i++) {
      const token = await makeToken({ ...env, TOKEN_SECRET: 'shape-secret' }, `pledge-${i}`, i % 2 ? 'withdraw' : 'confirm', Date.UTC(2026, 0, 1));
      expect(token).toMatch(new RegExp(`^v1\\.pledge-${i}\\.${i % 2 ? 'w' : 'c'}\\.\\d+\\.[A-Za-z0-9_-]{43}$`));
      signatures.push(token.split('.')[4]!);
    }
    const all = signatures.join('');
    expect(all).toContain('-');
    expect(all).toContain('_');
  });

  it('is refused when any part is wrong, missing or extra', async () => {
    const now = Date.UTC(2026, 0, 1);
    const good = await makeToken(env, 'p-3', 'confirm', now);
    const [, , , expiry, sig] = good.split('.');
    const invalid = { ok: false, reason: 'invalid' };
    expect(await checkToken(env, good, 'confirm', now)).toMatchObject({ ok: true, pledgeId: 'p-3' });
    expect(await checkToken(env, withField(good, 0, 'v2'), 'confirm', now)).toEqual(invalid);
    expect(await checkToken(env, `${good}.extra`, 'confirm', now)).toEqual(invalid);
    expect(await checkToken(env, good.split('.').slice(0, 4).join('.'), 'confirm', now)).toEqual(invalid);
    expect(await checkToken(env, `${good.slice(0, -1)}`, 'confirm', now)).toEqual(invalid); // short signature
    expect(await checkToken(env, `${good}A`, 'confirm', now)).toEqual(invalid); // long signature
    expect(await checkToken(env, withField(good, 4, sig!.slice(1) + (sig![0] === 'A' ? 'B' : 'A')), 'confirm', now)).toEqual(invalid);
    // A token for another pledge id, signed honestly, never names this one.
    expect(await checkToken(env, withField(good, 1, 'p-4'), 'confirm', now)).toEqual(invalid);
    expect(expiry).toMatch(/^\d+$/);
  });

  it('counts as expired when its expiry is not a plain number, even if signed', async () => {
    // Signed with the key, but with a malformed expiry: only an attacker holding the key could
    // make one; it is still refused rather than read loosely.
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('odd-secret'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const signed = async (payload: string) => {
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(payload)));
      return `${payload}.${btoa(String.fromCharCode(...mac)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`;
    };
    const e = { ...env, TOKEN_SECRET: 'odd-secret' };
    const now = Date.UTC(2026, 0, 1);
    const future = now / 1000 + 86_400;
    expect(await checkToken(e, await signed(`v1.p-5.c.${future}`), 'confirm', now)).toMatchObject({ ok: true, pledgeId: 'p-5' });
    expect(await checkToken(e, await signed(`v1.p-5.c.x${future}`), 'confirm', now)).toEqual({ ok: false, reason: 'expired' });
    expect(await checkToken(e, await signed(`v1.p-5.c.${future}x`), 'confirm', now)).toEqual({ ok: false, reason: 'expired' });
    expect(await checkToken(e, await signed(`v1.p-5.c.`), 'confirm', now)).toEqual({ ok: false, reason: 'expired' });
  });

  it('is signed with TOKEN_SECRET when set, and with the development key only in development', async () => {
    const a = await makeToken({ ...env, TOKEN_SECRET: 'secret-a', DEV_MODE: 'false' }, 'p-6', 'confirm', 0);
    expect(await checkToken({ ...env, TOKEN_SECRET: 'secret-a', DEV_MODE: 'false' }, a, 'confirm', 0)).toMatchObject({ ok: true });
    expect(await checkToken({ ...env, TOKEN_SECRET: 'secret-b', DEV_MODE: 'false' }, a, 'confirm', 0)).toEqual({ ok: false, reason: 'invalid' });
    const dev = await makeToken({ ...env, TOKEN_SECRET: '', DEV_MODE: 'true' }, 'p-6', 'confirm', 0);
    expect(dev).not.toBe(a);
    await expect(checkToken({ ...env, TOKEN_SECRET: '', DEV_MODE: 'false' }, dev, 'confirm', 0)).rejects.toThrow('TOKEN_SECRET is not set');
  });
});

describe('a link made before the pledge now under its id', () => {
  // An unconfirmed pledge is erased after 30 days and its id (the client's choice) is free again:
  // someone who kept a link for it, and pledges under that id with another person's address,
  // must not be able to confirm, withdraw or edit that person's pledge with the old link.
  async function reused(): Promise<{ id: string; old: (action: 'confirm' | 'withdraw' | 'preferences' | 'unsubscribe') => Promise<string> }> {
    const id = await storedPledge();
    const issued = Date.now() - 2 * DAY; // made two days before the row now under the id was stored
    // Thirty-one days on, the sweeper erases it, unconfirmed.
    await env.DB.prepare(`UPDATE pledges SET created_at = ? WHERE id = ?`).bind(new Date(Date.now() - 31 * DAY).toISOString(), id).run();
    await eraseUnconfirmed(env);
    expect(await statusOf(id)).toBeNull();
    await env.DB.prepare(
      `INSERT INTO pledges (id, partner_id, email, name, role, updates) VALUES (?, 'sir', ?, 'Someone Else', 'nurse', 0)`,
    ).bind(id, `victim.${crypto.randomUUID()}@example.org`).run();
    return { id, old: (action) => makeToken(env, id, action, issued) };
  }

  it('is refused: it cannot confirm or withdraw it, and the page says the link does not work', async () => {
    const { id, old } = await reused();
    const confirm = await post('/confirm', await old('confirm'));
    expect(confirm.status).toBe(400);
    expect(await confirm.text()).toContain('This link does not work');
    expect((await SELF.fetch(`https://pledge.test/confirm?t=${await old('confirm')}`)).status).toBe(400);
    expect((await post('/withdraw', await old('withdraw'))).status).toBe(400);
    expect(await statusOf(id)).toBe('pending');
    // A link made for this row works.
    expect((await post('/confirm', await makeToken(env, id, 'confirm'))).status).toBe(200);
    expect(await statusOf(id)).toBe('confirmed');
  });

  it('cannot turn on updates through the preferences page or unsubscribe it', async () => {
    const { id, old } = await reused();
    const t = await old('preferences');
    expect((await SELF.fetch(`https://pledge.test/preferences?t=${t}`)).status).toBe(400);
    const res = await SELF.fetch(`https://pledge.test/preferences`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t, updates: 'yes', lang: 'es' }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await env.DB.prepare('SELECT updates, lang FROM pledges WHERE id = ?').bind(id).first()).toEqual({ updates: 0, lang: 'en' });
    expect((await SELF.fetch(`https://pledge.test/unsubscribe?t=${await old('unsubscribe')}`)).status).toBe(400);
  });

  it('is still accepted when the same row was stored a few seconds after the link was signed (clocks differ)', async () => {
    const id = await storedPledge();
    const t = await makeToken(env, id, 'confirm', Date.now() - 20_000);
    expect((await post('/confirm', t)).status).toBe(200);
  });
});
