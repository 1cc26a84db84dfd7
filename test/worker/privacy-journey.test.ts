/**
 * One person's data through its whole life, as a privacy officer follows it: every way a person can
 * leave (their own withdraw link, an erase request answered from the dashboard, a flagged pledge
 * erased, an unconfirmed pledge expiring, an organization withdrawn or declined), then every table in
 * D1, every log line and every public answer searched for what is left of them.
 *
 * The Worker runs as deployed (worker.fetch, worker.queue, worker.scheduled, real D1); only the two
 * queues and the email provider, beyond this Worker, are stood in for, so every message and every
 * email is seen and each link in them can be opened.
 */
import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { journeyHarness, SITE } from './journey.ts';
import { hashIp, mailboxKey, mailboxOf } from '../../worker/pledges/abuse.ts';
import { addressHashes } from '../../worker/updates/consent.ts';

const DAY = 86_400_000;

/** The queues and the provider, recorded (test/worker/journey.ts). */
const harness = () => journeyHarness();

/** Every row of every table, as text (D1's own internal tables aside). */
async function dump(): Promise<Record<string, string>> {
  const { results: tables } = await env.DB.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'`).all<{ name: string }>();
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    out[name] = JSON.stringify(results);
  }
  return out;
}

/** Which tables still hold each needle (case-insensitive), as `needle label → tables`. */
async function traces(needles: Record<string, string>): Promise<Record<string, string[]>> {
  const tables = await dump();
  const found: Record<string, string[]> = {};
  for (const [label, needle] of Object.entries(needles)) {
    const n = needle.toLowerCase();
    const where = Object.entries(tables).filter(([, text]) => text.toLowerCase().includes(n) || text.toLowerCase().includes(JSON.stringify(n).slice(1, -1)));
    if (where.length) found[label] = where.map(([t]) => t);
  }
  return found;
}

/** The links in an email's text part, on this service. */
const linksIn = (email: OutgoingEmail) => [...new Set([...email.text.matchAll(/https?:\/\/[^\s<>")]+/g)].map((m) => m[0].replace(/[.,;:]+$/, '')))].filter((u) => u.includes('/') && !u.includes('example.org'));
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const tokenOf = (url: string) => new URL(url).searchParams.get('t') ?? '';
const linkTo = (emails: OutgoingEmail[], path: string) => {
  for (const e of [...emails].reverse()) for (const l of linksIn(e)) if (new URL(l).pathname === path) return l;
  throw new Error(`no ${path} link in ${emails.length} emails`);
};

let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
});
afterEach(() => vi.restoreAllMocks());

describe("a privacy officer follows one person's data through its whole life", () => {
  it('after withdrawal through their own link, nothing of them is left in any table, log or public answer', async () => {
    const h = harness();
    const NAME = 'Zelda Quixote-Ñúñez';
    const NEW_NAME = 'Zelda Q. Ñúñez-Quixote';
    const EMAIL = 'ZQ.Privacy+probe@example.org';
    const ORG = 'Quixote Imaging';
    const NEW_ORG = 'Quixote Imaging Annex';
    const NOTE = 'Zelda arranged interpreters at Quixote Imaging';
    const IP = '203.0.113.77';
    const address = EMAIL.toLowerCase();

    // 1. The widget's API, from RSNA's site.
    const api = await h.fetch('/api/pledges', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://www.rsna.org', 'CF-Connecting-IP': IP },
      body: JSON.stringify({ partner: 'rsna', name: NAME, email: EMAIL, role: 'radiologist', organization: ORG, region: 'US-CA', commitment: true, updates: false, lang: 'en', id: 'zq-idempotency-key-0001' }),
    });
    expect(api.status, await api.clone().text()).toBe(202);
    await h.pump();
    const pledgeId = (await env.DB.prepare('SELECT id FROM pledges WHERE email = ?').bind(address).first<string>('id'))!;
    expect(pledgeId).toBeTruthy();

    // 2. The hosted form, again before confirming, with newer details (and updates asked for).
    const hosted = await h.form(
      '/pledge',
      { partner: 'sir', name: NEW_NAME, email: EMAIL, role: 'physicist', organization: NEW_ORG, region: 'US-NY', commitment: 'yes', updates: 'yes', lang: 'en' },
      { 'CF-Connecting-IP': IP },
    );
    expect(hosted.status).toBe(303);
    await h.pump();

    // 3. Confirm from the latest confirmation (GET changes nothing, POST confirms).
    const confirm = linkTo(h.mailbox, '/confirm');
    expect((await h.fetch(pathOf(confirm))).status).toBe(200);
    expect((await h.form('/confirm', { t: tokenOf(confirm) })).status).toBe(200);
    expect(await env.DB.prepare('SELECT status FROM pledges WHERE id = ?').bind(pledgeId).first('status')).toBe('confirmed');

    // 4. Pledged again once confirmed, with yet other details: an "already pledged" note.
    await h.fetch('/api/pledges', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://www.rsna.org', 'CF-Connecting-IP': IP },
      body: JSON.stringify({ partner: 'rsna', name: 'Zelda Third-Time', email: EMAIL, role: 'nurse', organization: 'Third Org Quixote', commitment: true, id: 'zq-idempotency-key-0003' }),
    });
    await h.pump();

    // 5. An update to everyone who asked for them.
    const auth = { Authorization: 'Bearer test-admin-token', 'Content-Type': 'application/json' };
    const created = await h.fetch('/api/admin/updates', { method: 'POST', headers: auth, body: JSON.stringify({ subject: { en: 'News' }, body: { en: 'Hello **all**.' } }) });
    expect(created.status).toBe(201);
    const { id: updateId } = (await created.json()) as { id: string };
    expect((await h.fetch(`/api/admin/updates/${updateId}/send`, { method: 'POST', headers: auth })).status).toBe(202);
    await h.pump();
    expect(h.mailbox.some((e) => e.subject === 'News')).toBe(true);

    // 6. Preferences (updates off and on, the yearly reminder off and on), and an action with a note.
    const prefs = linkTo(h.mailbox, '/preferences');
    expect((await h.fetch(pathOf(prefs))).status).toBe(200);
    expect((await h.form('/preferences', { t: tokenOf(prefs), updates: 'no', reminders: 'no' })).status).toBeLessThan(400);
    expect((await h.form('/preferences', { t: tokenOf(prefs), updates: 'yes', reminders: 'yes' })).status).toBeLessThan(400);
    const act = linkTo(h.mailbox, '/actions');
    expect((await h.form('/actions', { t: tokenOf(act), kind: 'language', note: NOTE, submission: 'zq-submission-0001' })).status).toBe(200);
    expect(await env.DB.prepare('SELECT note FROM pledge_actions WHERE pledge_id = ?').bind(pledgeId).first('note')).toBe(NOTE);

    // 7. The 30-day check-in and the anniversary's renewal (the pledge dated back), then renewing.
    await env.DB.prepare('UPDATE pledges SET confirmed_at = ? WHERE id = ?').bind(new Date(Date.now() - 40 * DAY).toISOString(), pledgeId).run();
    await h.cron(Date.now());
    await env.DB.prepare('UPDATE pledges SET confirmed_at = ? WHERE id = ?').bind(new Date(Date.now() - 366 * DAY).toISOString(), pledgeId).run();
    await h.cron(Date.now());
    const recommit = linkTo(h.mailbox, '/recommit');
    expect((await h.form('/recommit', { t: tokenOf(recommit) })).status).toBe(200);

    // 8. The organization's contact: a request, confirmed, approved and listed.
    const join = await h.form('/join', {
      name: ORG,
      type: 'imaging-center',
      website: 'https://www.quixote-imaging.org',
      region: 'US-CA',
      size: '',
      'contact.name': NAME,
      'contact.email': EMAIL,
      'contact.title': 'Privacy lead',
      commitment: 'yes',
      listPublicly: 'yes',
      lang: 'en',
    });
    expect(join.status).toBe(303);
    await h.pump();
    const orgConfirm = linkTo(h.mailbox, '/join/confirm');
    expect((await h.form('/join/confirm', { t: tokenOf(orgConfirm) })).status).toBe(200);
    const orgId = (await env.DB.prepare('SELECT id FROM organizations WHERE contact_email = ?').bind(address).first<string>('id'))!;
    expect((await h.fetch(`/api/admin/organizations/${orgId}/approve`, { method: 'POST', headers: auth })).status).toBe(200);
    await h.pump();

    // 9. Every link in every email opened (a mail scanner, or the person): nothing breaks.
    const emails = h.mailbox.filter((e) => e.to.toLowerCase().includes(address));
    expect(emails.length).toBeGreaterThanOrEqual(6);
    // A page opened from a link that carries a token keeps it to itself: never sent on to another
    // site as a Referer, never kept by a cache.
    for (const e of emails) {
      for (const l of linksIn(e)) {
        if (!(new URL(l).host === new URL(SITE).host || l.startsWith('http://localhost'))) continue;
        const res = await h.fetch(pathOf(l));
        expect(res.status, l).toBeLessThan(500);
        if (tokenOf(l)) {
          expect(res.headers.get('Referrer-Policy'), l).toMatch(/^(same-origin|no-referrer)$/);
          expect(res.headers.get('Cache-Control'), l).toContain('no-store');
        }
      }
    }

    // While they stand, the public answers show no person (the organization, listed as it asked, aside).
    const PUBLIC = ['/api/stats', '/impact', '/organizations', '/api/organizations', '/poster?partner=rsna', '/poster.svg?partner=rsna', '/pledge?partner=rsna', '/resources', '/about'];
    for (const path of PUBLIC) {
      const body = await (await h.fetch(path)).text();
      for (const needle of [NAME, NEW_NAME, address, 'zq.privacy', NEW_ORG, NOTE]) expect(body.toLowerCase(), `${path} holds ${needle}`).not.toContain(needle.toLowerCase());
    }
    expect((await h.fetch('/organizations')).status).toBe(200);
    expect(await (await h.fetch('/api/organizations')).text()).toContain(ORG);
    // The exports are the maintainers' only.
    for (const path of ['/api/admin/pledges.csv', '/api/admin/organizations.csv', '/admin/organizations.csv', '/admin/pledges.csv', '/admin']) {
      expect((await (await h.fetch(path)).text()).toLowerCase(), path).not.toContain(address);
    }

    // 10. The organization withdrawn by its contact, then the pledge by its own link.
    const orgWithdraw = linkTo(h.mailbox, '/join/withdraw');
    expect((await h.form('/join/withdraw', { t: tokenOf(orgWithdraw) })).status).toBe(200);
    const withdraw = linkTo(h.mailbox, '/withdraw');
    expect((await h.form('/withdraw', { t: tokenOf(withdraw) })).status).toBe(200);

    // Every form of them: as typed, stored, their mailbox, its hashes, their network's hash, the links' tokens.
    const needles: Record<string, string> = {
      name: NAME,
      'newer name': NEW_NAME,
      'third name': 'Zelda Third-Time',
      'address as typed': EMAIL,
      'address stored': address,
      mailbox: mailboxOf(EMAIL),
      'local part': 'zq.privacy',
      'organization (pledge)': NEW_ORG,
      'third organization': 'Third Org Quixote',
      note: NOTE,
      'IP hash': (await hashIp(h.E, IP, SITE))!,
      'mailbox HMAC': await mailboxKey(h.E, EMAIL),
      ...Object.fromEntries((await addressHashes(h.E, EMAIL)).map((x, i) => [`suppression key ${i}`, x])),
      ...Object.fromEntries(emails.flatMap(linksIn).map((l) => tokenOf(l)).filter(Boolean).map((t, i) => [`token ${i}`, t.split('.').at(-1)!])),
    };
    // What is left at once: only the count of the organization confirmations their mailbox was sent (an
    // HMAC, kept against strangers using the form to flood an inbox), until 30 days after the last one…
    expect(await traces(needles)).toEqual({ 'mailbox HMAC': ['mailbox_quota'] });

    // The organization's own record stays (its name and website, for the campaign), without its contact.
    expect(await env.DB.prepare('SELECT status, contact_name, contact_email, contact_title, list_publicly FROM organizations WHERE id = ?').bind(orgId).first()).toEqual({
      status: 'withdrawn',
      contact_name: null,
      contact_email: null,
      contact_title: null,
      list_publicly: 0,
    });

    // The public answers, and the maintainers' exports, hold nothing of them.
    for (const path of PUBLIC) {
      const body = await (await h.fetch(path)).text();
      for (const needle of [NAME, NEW_NAME, address, 'zq.privacy', NEW_ORG, ORG, NOTE]) expect(body.toLowerCase(), `${path} holds ${needle}`).not.toContain(needle.toLowerCase());
    }
    for (const path of ['/api/admin/pledges.csv', '/api/admin/organizations.csv']) {
      const body = await (await h.fetch(path, { headers: auth })).text();
      for (const needle of [NAME, NEW_NAME, address, 'zq.privacy', NEW_ORG, NOTE]) expect(body.toLowerCase(), `${path} holds ${needle}`).not.toContain(needle.toLowerCase());
    }

    // …when the Cron forgets it too.
    await h.cron(Date.now() + 31 * DAY);
    expect(await traces(needles)).toEqual({});

    // Nothing of them in any log line of the whole journey.
    for (const line of logged) for (const needle of Object.values(needles)) expect(line.toLowerCase(), line).not.toContain(needle.toLowerCase());
  });

  /** A pledge through the widget's API from RSNA's site, stored; its id. */
  async function pledgeThrough(h: ReturnType<typeof harness>, fields: Record<string, unknown>, ip: string): Promise<string> {
    const res = await h.fetch('/api/pledges', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://www.rsna.org', 'CF-Connecting-IP': ip },
      body: JSON.stringify({ partner: 'rsna', role: 'nurse', commitment: true, ...fields }),
    });
    expect(res.status).toBe(202);
    await h.pump();
    return (await env.DB.prepare('SELECT id FROM pledges WHERE email = ?').bind(String(fields.email).toLowerCase()).first<string>('id'))!;
  }

  const forms = async (h: ReturnType<typeof harness>, email: string, ip: string) => ({
    mailbox: mailboxOf(email),
    'mailbox HMAC': await mailboxKey(h.E, email),
    'IP hash': (await hashIp(h.E, ip, SITE))!,
  });

  it('a pledger erased on request from the dashboard leaves nothing of them', async () => {
    const h = harness();
    const email = 'yusuf.erasmo+asks@example.org';
    const ip = '198.51.100.23';
    const id = await pledgeThrough(h, { name: 'Yusuf Erasmo-Ängström', email, organization: 'Erasmo Radiology', region: 'US-TX', updates: true }, ip);
    const confirm = linkTo(h.mailbox, '/confirm');
    expect((await h.form('/confirm', { t: tokenOf(confirm) })).status).toBe(200);
    expect(await env.DB.prepare('SELECT status FROM pledges WHERE id = ?').bind(id).first('status')).toBe('confirmed');
    const cookie = (await h.form('/admin/sign-in', { token: 'test-admin-token' })).headers.get('Set-Cookie')!.split(';')[0]!;
    const erased = await h.form('/admin/erase-request', { email, confirm: 'yes' }, { Cookie: cookie });
    expect(erased.status).toBe(303);
    expect(erased.headers.get('Location')).toBe('/admin?done=erased&lang=en'); // nothing of them in the answer's address
    expect(await traces({ name: 'Yusuf Erasmo', address: email, org: 'Erasmo Radiology', ...(await forms(h, email, ip)) })).toEqual({});
    for (const line of logged) for (const needle of ['yusuf', 'erasmo', id]) expect(line.toLowerCase()).not.toContain(needle);
  });

  it('a flagged pledge erased from the dashboard leaves nothing of it', async () => {
    const h = harness();
    const email = 'xavi.flagged@example.org';
    const ip = '198.51.100.24';
    const id = await pledgeThrough(h, { name: 'Xavi Flaggedperson', email, organization: 'Flag Clinic', website: 'http://spam.example' }, ip);
    expect(await env.DB.prepare('SELECT flagged FROM pledges WHERE id = ?').bind(id).first('flagged')).toBe(1);
    const cookie = (await h.form('/admin/sign-in', { token: 'test-admin-token' })).headers.get('Set-Cookie')!.split(';')[0]!;
    expect((await h.form('/admin/flagged', { action: 'erase', id, confirm: 'yes' }, { Cookie: cookie })).status).toBe(303);
    expect(await traces({ name: 'Xavi Flaggedperson', address: email, org: 'Flag Clinic', id, ...(await forms(h, email, ip)) })).toEqual({});
  });

  it('an unconfirmed pledge, erased after 30 days, leaves nothing of its person', async () => {
    const h = harness();
    const email = 'wanda.never+tag@example.org';
    const ip = '198.51.100.25';
    await pledgeThrough(h, { name: 'Wanda Neverconfirms', email, organization: 'Unconfirmed Imaging', region: 'MX' }, ip);
    expect(h.mailbox.some((e) => e.to.includes(email))).toBe(true);
    await h.cron(Date.now() + 31 * DAY);
    expect(await traces({ name: 'Wanda Neverconfirms', address: email, org: 'Unconfirmed Imaging', ...(await forms(h, email, ip)) })).toEqual({});
  });

  it("a declined organization's contact, erased 30 days after the decision, leaves nothing of them", async () => {
    const h = harness();
    const email = 'vera.declined@declined-practice.org';
    const join = await h.form('/join', {
      name: 'Declined Practice', type: 'practice', website: 'https://www.declined-practice.org', region: '', size: '',
      'contact.name': 'Vera Declinada', 'contact.email': email, 'contact.title': 'Office manager', commitment: 'yes', lang: 'es',
    });
    expect(join.status).toBe(303);
    await h.pump();
    expect((await h.form('/join/confirm', { t: tokenOf(linkTo(h.mailbox, '/join/confirm')) })).status).toBe(200);
    const orgId = (await env.DB.prepare('SELECT id FROM organizations WHERE contact_email = ?').bind(email).first<string>('id'))!;
    const auth = { Authorization: 'Bearer test-admin-token' };
    expect((await h.fetch(`/api/admin/organizations/${orgId}/decline`, { method: 'POST', headers: auth })).status).toBe(200);
    await h.pump();
    await h.cron(Date.now() + 31 * DAY);
    expect(await traces({ name: 'Vera Declinada', address: email, title: 'Office manager', mailbox: mailboxOf(email), 'mailbox HMAC': await mailboxKey(h.E, email) })).toEqual({});
  });

  it('an unconfirmed organization request, erased after 30 days, leaves nothing of its contact', async () => {
    const h = harness();
    const email = 'ulla.unconfirmed@example.org';
    const join = await h.form('/join', {
      name: 'Never Confirmed Center', type: 'imaging-center', website: 'https://www.never-confirmed-center.org', region: '', size: '',
      'contact.name': 'Ulla Unconfirmada', 'contact.email': email, 'contact.title': '', commitment: 'yes', lang: 'en',
    });
    expect(join.status).toBe(303);
    await h.pump();
    await h.cron(Date.now() + 31 * DAY);
    expect(await traces({ name: 'Ulla Unconfirmada', address: email, org: 'Never Confirmed Center', mailbox: mailboxOf(email), 'mailbox HMAC': await mailboxKey(h.E, email) })).toEqual({});
  });
});
