/**
 * Organizations join the coalition: the API contract, domain verification, the whole flow from
 * the request to the public list, erasure, and that nothing about a contact ever leaks into a
 * public answer or page. Real workerd, real D1; only the email provider is stood in for.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker, { EMAIL_KINDS } from '../../worker/index.ts';
import { registrableDomain, sameRegistrableDomain, normalizeWebsite } from '../../src/organization-domain.ts';
import { asciiEmail } from '../../src/ascii-email.ts';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { sendOutboxRow, sendOutboxRows } from '../../worker/platform/outbox/send-outbox.ts';
import { EmailSendError, type EmailTransport } from '../../worker/platform/outbox/transport.ts';
import { makeToken } from '../../worker/platform/tokens.ts';
import { ORG_STRINGS } from '../../worker/organizations/strings.ts';
import { ORG_ADMIN_STRINGS } from '../../worker/organizations/admin-strings.ts';
import { formatDay as formatDayFor, formatNumber } from '../../worker/platform/pages/locale.ts';
import { wellInsideAMinute } from './helpers.ts';
import { suppress } from '../../worker/updates/consent.ts';
import { eraseDeclinedContacts, MAX_MEMBER_REMINDERS, nextAnswersDigest, withdrawOrganization } from '../../worker/organizations/queries.ts';
import { readableDomain } from '../../worker/organizations/admin-page.ts';
import { domainToASCII } from 'node:url';
import { ORG_CONFIRMS_PER_MAILBOX, ORG_VERIFIED_CONFIRMS_PER_MAILBOX, takeMailboxQuotas } from '../../worker/pledges/abuse.ts';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';

/** A stored organization, as `nextAnswersDigest` reads it. */
type OrganizationRowLike = Parameters<typeof nextAnswersDigest>[0];

const ADMIN = { Authorization: 'Bearer test-admin-token' };

/** A queue that only records what it is given, so the test sends each outbox row itself. */
function recordingQueue() {
  const sent: string[] = [];
  const queue = {
    async send(body: { outboxId: string }) { sent.push(body.outboxId); },
    async sendBatch(msgs: { body: { outboxId: string } }[]) { sent.push(...msgs.map((m) => m.body.outboxId)); },
  };
  return { queue: queue as unknown as Queue, sent };
}

async function call(request: Request, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

function org(overrides: Record<string, unknown> = {}, contact: Record<string, unknown> = {}): Record<string, unknown> {
  const tag = crypto.randomUUID().slice(0, 8);
  return {
    name: `Lakeside Radiology ${tag}`,
    type: 'practice',
    website: `https://www.lakeside-${tag}.org`,
    region: 'US-MN',
    contact: { name: 'Grace Hopper', email: `grace@lakeside-${tag}.org`, title: 'Chair', ...contact },
    size: '10-49',
    commitment: true,
    listPublicly: true,
    ...overrides,
  };
}

function postOrg(body: unknown, opts: { headers?: Record<string, string>; queue?: Queue; raw?: boolean } = {}) {
  const request = new Request('https://pledge.test/api/organizations', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...opts.headers },
    body: opts.raw ? (body as string) : JSON.stringify(body),
  });
  return call(request, opts.queue ? { EMAIL_QUEUE: opts.queue } : {});
}

const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  SELF.fetch(`https://pledge.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

async function sendAll(ids: string[]): Promise<OutgoingEmail[]> {
  const delivered: OutgoingEmail[] = [];
  const transport: EmailTransport = { async send(email) { delivered.push(email); } };
  for (const id of ids) await sendOutboxRow(env, id, EMAIL_KINDS, transport);
  return delivered;
}

const rowFor = (email: string) =>
  env.DB.prepare('SELECT * FROM organizations WHERE contact_email = ? ORDER BY created_at DESC').bind(email).first<Record<string, unknown>>();

const admin = (path: string, method = 'GET', queue?: Queue) =>
  call(new Request(`https://pledge.test/api/admin${path}`, { method, headers: ADMIN }), queue ? { EMAIL_QUEUE: queue } : {});

const linkIn = (text: string, path: string) => {
  const match = text.match(new RegExp(`${path}\\?lang=(\\w+)&t=(\\S+)`));
  if (!match) throw new Error(`no ${path} link in the email`);
  return match[2]!;
};

/** Requests, confirms by the email's link, approves: returns what each step produced. */
async function joinAndApprove(body: Record<string, unknown>) {
  const { queue, sent } = recordingQueue();
  expect((await postOrg(body, { queue })).status).toBe(202);
  const [confirmEmail] = await sendAll(sent.splice(0));
  const confirm = await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') });
  expect(confirm.status).toBe(200);
  const row = await rowFor(String((body.contact as { email: string }).email).toLowerCase());
  const approve = await admin(`/organizations/${row!.id}/approve`, 'POST', queue);
  expect(approve.status).toBe(200);
  const [approvedEmail] = await sendAll(sent.splice(0));
  return { id: String(row!.id), confirmEmail: confirmEmail!, approvedEmail };
}

/**
 * Approved (`joinAndApprove`); its contact corrects their title, and the "already a member" email sent for it
 * gives a /join/change link (`token`); then a stranger who knows the address and the website spends the other
 * emails of the cap. The queue it used is returned for what follows.
 */
async function changeLinkThenCapSpent(body: Record<string, unknown>) {
  const { id } = await joinAndApprove(body);
  const { queue, sent } = recordingQueue();
  expect((await postOrg({ ...body, contact: { ...(body.contact as object), title: 'Director' } }, { queue })).status).toBe(202);
  const [member] = await sendAll(sent.splice(0));
  const token = linkIn(member!.text, '/join/change');
  for (let i = 2; i <= MAX_MEMBER_REMINDERS; i++) {
    expect((await postOrg(body, { queue })).status).toBe(202);
    await sendAll(sent.splice(0));
  }
  return { id, token, queue, sent };
}

/** Approved (`joinAndApprove`), then sent again until its contact has had every "already a member" email. */
async function approvedWithMemberEmailsUsed(body: Record<string, unknown>) {
  const { id } = await joinAndApprove(body);
  const { queue, sent } = recordingQueue();
  for (let i = 1; i <= MAX_MEMBER_REMINDERS; i++) {
    expect((await postOrg(body, { queue })).status).toBe(202);
    await sendAll(sent.slice(i - 1));
  }
  expect(sent).toHaveLength(MAX_MEMBER_REMINDERS);
  return { id, queue, sent };
}

describe('domain verification', () => {
  it('shows maintainers an internationalized domain as it reads, and flags a label mixing Latin with Cyrillic or Greek', () => {
    expect(readableDomain('xn--mnchen-radiologie-22b.de')).toEqual({ unicode: 'münchen-radiologie.de', mixed: false });
    expect(readableDomain('xn--cr-6kc.org')).toEqual({ unicode: 'аcr.org', mixed: true }); // a Cyrillic а
    expect(readableDomain('xn--hxargifdar.gr')).toEqual({ unicode: 'ελληνικά.gr', mixed: false }); // Greek that reads as Greek
    expect(readableDomain(domainToASCII('асе.org'))).toEqual({ unicode: 'асе.org', mixed: true }); // all Cyrillic, every letter Latin-looking
    expect(readableDomain(domainToASCII('пример.org'))).toEqual({ unicode: 'пример.org', mixed: false }); // Cyrillic that reads as Cyrillic
    expect(readableDomain('acr.org')).toEqual({ unicode: null, mixed: false });
  });

  it('takes the registrable domain from the Public Suffix List, not from the last two labels', () => {
    expect(registrableDomain('www.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('radiology.med.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('co.uk')).toBeNull();
    expect(registrableDomain('acr.org.evil.com')).toBe('evil.com');
    expect(registrableDomain('192.168.0.1')).toBeNull();
    expect(registrableDomain('localhost')).toBeNull();
    // A private suffix (shared hosting) counts: two sites on github.io are not one domain.
    expect(registrableDomain('alice.github.io')).toBe('alice.github.io');
  });

  it.each([
    ['a subdomain of the site (same registrable domain)', 'chair@radiology.example.co.uk', 'https://www.example.co.uk', true],
    ['the site itself under a two-label public suffix', 'chair@example.co.uk', 'example.co.uk/about', true],
    ['another domain under the same public suffix', 'chair@other.co.uk', 'https://www.example.co.uk', false],
    ['a look-alike that ends in the real name', 'chair@acr.org.evil.com', 'https://www.acr.org', false],
    ['the real name inside a look-alike website', 'chair@acr.org', 'https://acr.org.evil.com', false],
    ['a name that only shares a suffix of characters', 'chair@notacr.org', 'https://acr.org', false],
    ['another site on the same shared host', 'alice@bob.github.io', 'https://alice.github.io', false],
    ['an internationalized domain, Unicode email and punycode site', 'ana@münchen.de', 'https://xn--mnchen-3ya.de', true],
    ['an internationalized domain, punycode email and Unicode site', 'ana@xn--mnchen-3ya.de', 'https://www.münchen.de', true],
    ['an IDN look-alike (Cyrillic а in the name)', 'chair@аcr.org', 'https://acr.org', false],
    ['an IDN under an IDN public suffix', 'chair@mail.例子.中国', 'https://例子.中国', true],
    // A mailbox anyone can open proves nothing about a site on the same provider's domain.
    ['a free mailbox and a page at its provider', 'eve.attacker@outlook.com', 'https://outlook.com/mayo-radiology', false],
    ['a free mailbox and its provider itself', 'someone@gmail.com', 'gmail.com', false],
    ['a free mailbox under a two-label suffix', 'someone@yahoo.co.uk', 'https://www.yahoo.co.uk', false],
    ['a provider’s mail host under its own domain', 'someone@mail.ru', 'https://mail.ru', false],
    ['an ISP’s mailbox and a page on the ISP', 'someone@comcast.net', 'https://comcast.net/~someone', false],
    // Forwarding aliases and mailboxes the providers' list lacks.
    ['a forwarding alias at its service', 'eve@duck.com', 'duck.com', false],
    ['a Firefox Relay alias', 'x1y2@mozmail.com', 'https://mozmail.com', false],
    ['a Fastmail mailbox', 'eve@fastmail.com', 'https://www.fastmail.com', false],
    // A university the providers' list names (its students' mail) still verifies its own department.
    ['a university on the providers’ list', 'chair@nus.edu.sg', 'https://www.nus.edu.sg/radiology', true],
  ])('%s', (_what, email, website, verified) => {
    const site = normalizeWebsite(website);
    expect(site).not.toBeNull();
    expect(sameRegistrableDomain(asciiEmail(email.toLowerCase()), site!.domain)).toBe(verified);
  });

  it('never marks a request domain-verified, nor tells its contact so, for a free mailbox at its own provider', async () => {
    const { queue, sent } = recordingQueue();
    const email = `eve.${crypto.randomUUID().slice(0, 8)}@outlook.com`;
    expect((await postOrg(org({ name: 'Mayo Clinic Department of Radiology', website: 'https://outlook.com/mayo-radiology' }, { email }), { queue })).status).toBe(202);
    expect(await rowFor(email)).toMatchObject({ domain: 'outlook.com', domain_verified: 0 });
    const [confirm] = await sendAll(sent.splice(0));
    expect(confirm!.text).toContain(ORG_STRINGS.en.confirmUnverified);
    expect(confirm!.text).not.toContain(ORG_STRINGS.en.confirmVerified);
  });

  it("tells apart practices whose website is a page on a shared host (Facebook, LinkedIn, Google Sites), and never verifies by it", () => {
    expect(normalizeWebsite('https://www.facebook.com/SmithRadiology/about')?.domain).toBe('facebook.com/smithradiology');
    expect(normalizeWebsite('facebook.com/JonesImaging')?.domain).toBe('facebook.com/jonesimaging');
    // A trailing dot (a fully qualified name) is the same site, and is not shown on the public list.
    expect(normalizeWebsite('https://WWW.Example-Rad.COM./about')).toEqual({ url: 'https://www.example-rad.com/about', domain: 'example-rad.com' });
    expect(normalizeWebsite('https://www.linkedin.com/company/lakeside-imaging/posts')?.domain).toBe('linkedin.com/company/lakeside-imaging');
    expect(normalizeWebsite('https://sites.google.com/view/hilltop-radiology/home')?.domain).toBe('sites.google.com/view/hilltop-radiology');
    expect(normalizeWebsite('https://www.facebook.com/profile.php?id=100063000001')?.domain).toBe('facebook.com/profile.php?id=100063000001');
    expect(normalizeWebsite('https://www.facebook.com/p/Lakeside-Imaging-100071/')?.domain).toBe('facebook.com/p/lakeside-imaging-100071');
    expect(normalizeWebsite('https://www.zocdoc.com/practice/smith-radiology-123')?.domain).toBe('zocdoc.com/practice/smith-radiology-123');
    expect(normalizeWebsite('https://www.google.com/maps/place/Hilltop+Radiology/@44.9,-93.2')?.domain).toBe('www.google.com/maps/place/hilltop+radiology');
    // A site builder's customers each have a host of their own there.
    expect(normalizeWebsite('https://prairie-radiology.squarespace.com/contact')?.domain).toBe('prairie-radiology.squarespace.com');
    expect(normalizeWebsite('sagebrush-imaging.squarespace.com')?.domain).toBe('sagebrush-imaging.squarespace.com');
    expect(normalizeWebsite('https://www.lakeside.wordpress.com')?.domain).toBe('lakeside.wordpress.com');
    expect(normalizeWebsite('https://hilltop.godaddysites.com')?.domain).toBe('hilltop.godaddysites.com');
    expect(normalizeWebsite('https://www.squarespace.com')?.domain).toBe('squarespace.com'); // the builder itself
    expect(normalizeWebsite('https://prairie-radiology.squarespace.com./')?.domain).toBe('prairie-radiology.squarespace.com'); // a trailing dot is the same host
    expect(sameRegistrableDomain('support@squarespace.com', normalizeWebsite('https://prairie-radiology.squarespace.com')!.domain)).toBe(false);
    expect(normalizeWebsite('https://www.acr.org/Practice-Management')?.domain).toBe('acr.org'); // an organization's own site: its domain
    expect(sameRegistrableDomain('office@facebook.com', normalizeWebsite('https://facebook.com/smithradiology')!.domain)).toBe(false);
  });

  it('counts and lists two practices with Facebook pages as two organizations', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const before = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number };
    const smith = await joinAndApprove(org({ name: `Smith Radiology ${tag}`, website: `https://www.facebook.com/smith${tag}` }, { email: `smith.${tag}@example.org` }));
    const jones = await joinAndApprove(org({ name: `Jones Imaging ${tag}`, website: `https://www.facebook.com/jones${tag}` }, { email: `jones.${tag}@example.org` }));
    expect(await env.DB.prepare('SELECT joins FROM organizations WHERE id = ?').bind(jones.id).first('joins')).toBeNull();
    expect(smith.id).not.toBe(jones.id);
    const after = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number; organizations: { name: string }[] };
    expect(after.total).toBe(before.total + 2);
    expect(after.organizations.filter((o) => o.name.includes(tag)).map((o) => o.name).sort()).toEqual([`Jones Imaging ${tag}`, `Smith Radiology ${tag}`]);
  });

  it('marks stored organizations verified or not by the same rule', async () => {
    const { queue } = recordingQueue();
    const tag = crypto.randomUUID().slice(0, 8);
    await postOrg(org({ website: `https://www.verify-${tag}.co.uk` }, { email: `a@radiology.verify-${tag}.co.uk` }), { queue });
    await postOrg(org({ website: `https://verify-${tag}.org` }, { email: `b@verify-${tag}.org.evil.com` }), { queue });
    expect(await rowFor(`a@radiology.verify-${tag}.co.uk`)).toMatchObject({ domain: `verify-${tag}.co.uk`, domain_verified: 1 });
    expect(await rowFor(`b@verify-${tag}.org.evil.com`)).toMatchObject({ domain: `verify-${tag}.org`, domain_verified: 0 });
  });
});

describe('POST /api/organizations', () => {
  it('answers 202 with the same body for a new request, a repeat and a second contact', async () => {
    const { queue } = recordingQueue();
    const body = org();
    const answers = [];
    for (const b of [body, body, { ...body, contact: { name: 'Other', email: `other@${new URL(String(body.website)).hostname.slice(4)}` } }]) {
      const res = await postOrg(b, { queue });
      answers.push([res.status, await res.text()]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual([202, '{"status":"accepted"}']);
  });

  it("takes as many database round trips for a new request as for a repeat in any state, and answers before queuing its email (no timing oracle)", async () => {
    // Every call that goes to D1 (a statement's first/run/all/raw, a batch), counted per request, and the
    // rows its batches wrote (a batch that writes nothing is answered sooner than one that does).
    let trips = 0;
    let written = 0;
    const real = new WeakMap<object, D1PreparedStatement>();
    const counted = (stmt: D1PreparedStatement): D1PreparedStatement => {
      const proxy = new Proxy(stmt, {
        get(target, prop) {
          if (prop === 'bind') return (...args: unknown[]) => counted(target.bind(...args));
          if (prop === 'first' || prop === 'run' || prop === 'all' || prop === 'raw') {
            return (...args: unknown[]) => {
              trips++;
              return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
            };
          }
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      real.set(proxy, stmt);
      return proxy;
    };
    const DB = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'prepare') return (sql: string) => counted(target.prepare(sql));
        if (prop === 'batch') {
          return async (stmts: D1PreparedStatement[]) => {
            trips++;
            const results = await target.batch(stmts.map((st) => real.get(st) ?? st));
            written += results.reduce((n, r) => n + r.meta.rows_written, 0);
            return results;
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const post = (body: Record<string, unknown>, queue: Queue) =>
      call(new Request('https://pledge.test/api/organizations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }), { DB, EMAIL_QUEUE: queue });

    const { queue, sent } = recordingQueue();
    const pending = org();
    await postOrg(pending, { queue });
    await form('/join/confirm', { t: linkIn((await sendAll(sent.splice(0)))[0]!.text, '/join/confirm') });
    const approved = org();
    await joinAndApprove(approved);
    const unconfirmed = org();
    await postOrg(unconfirmed, { queue });
    // Not confirmed, its three confirmations sent: a repeat queues nothing and changes nothing.
    const used = org();
    for (let i = 0; i < 3; i++) {
      await postOrg(used, { queue });
      await sendAll(sent.splice(0));
    }
    const measured: Record<string, number> = {};
    const wrote: Record<string, number> = {};
    for (const [state, body] of [
      ['new', org()],
      ['unconfirmed, its confirmation waiting', unconfirmed],
      ['unconfirmed, its confirmations used', used],
      ['awaiting review, the same answers', pending],
      ['awaiting review, other answers', { ...pending, size: '1000+' }],
      ['approved, the same answers', approved],
    ] as const) {
      trips = 0;
      written = 0;
      expect((await post(body, queue)).status).toBe(202);
      measured[state] = trips;
      wrote[state] = written;
    }
    expect(new Set(Object.values(measured)), JSON.stringify(measured)).toEqual(new Set([measured.new]));
    expect(Object.values(wrote).every((n) => n > 0), JSON.stringify(wrote)).toBe(true);

    // The email queue answers only once the request has been answered: the answer does not wait for it
    // (awaited, this request would never be answered). The outbox row is kept first, for the sweeper.
    let release = () => {};
    const gate = { promise: new Promise<void>((resolve) => (release = resolve)), resolve: () => release() };
    const queued: string[] = [];
    const slowQueue = {
      async send(body: { outboxId: string }) { queued.push(body.outboxId); await gate.promise; },
      async sendBatch(msgs: { body: { outboxId: string } }[]) { queued.push(...msgs.map((m) => m.body.outboxId)); await gate.promise; },
    } as unknown as Queue;
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request('https://pledge.test/api/organizations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(org()) }),
      { ...env, EMAIL_QUEUE: slowQueue },
      ctx,
    );
    expect(res.status).toBe(202);
    expect(queued).toHaveLength(1);
    gate.resolve();
    await waitOnExecutionContext(ctx);
  });

  it('stores a request sent twice at the same moment (a double click, a retry racing the first) once, with one confirmation email', async () => {
    for (let round = 0; round < 8; round++) {
      const { queue, sent } = recordingQueue();
      const body = org();
      const ip = `192.0.2.${40 + round}`; // (not the rate-limit test's 198.51.100.x: its count would start at 3)
      const answers = await Promise.all([0, 1, 2].map(() => postOrg(body, { queue, headers: { 'CF-Connecting-IP': ip } })));
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      const contact = (body.contact as { email: string }).email;
      const rows = await env.DB.prepare('SELECT id FROM organizations WHERE contact_email = ?').bind(contact).all<{ id: string }>();
      expect(rows.results, `round ${round}`).toHaveLength(1);
      const outbox = await env.DB.prepare("SELECT id FROM email_outbox WHERE kind = 'org-confirm' AND ref = ?").bind(rows.results[0]!.id).all();
      expect(outbox.results, `round ${round}`).toHaveLength(1);
      expect(sent, `round ${round}`).toEqual([outbox.results[0]!.id]);
    }
  });

  it('answers 422 with per-field messages, nested fields named like contact.email', async () => {
    const res = await postOrg({ name: '', type: 'hospital', website: 'co.uk', region: 'Atlantis', contact: { email: 'not-an-email' }, commitment: false });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('validation');
    expect(Object.keys(body.error.fields).sort()).toEqual(['commitment', 'contact.email', 'contact.name', 'name', 'region', 'type', 'website']);
    expect(body.error.fields['contact.email']).toEqual(['Enter an email address in the correct format, like name@example.org']);
    // The pledge's rule for an address (src/pledge-schema.ts, EMAIL): none that no mail server delivers to.
    for (const email of ['jane..doe@clinic.org', '.jane@clinic.org', 'jane.@clinic.org', 'jane@clinic.c']) {
      const odd = (await (await postOrg(org({}, { email }))).json()) as { error?: { fields: Record<string, string[]> } };
      expect(odd.error?.fields['contact.email'], email).toEqual(['Enter an email address in the correct format, like name@example.org']);
    }
    expect(body.error.fields.website).toEqual(['That is an ending many websites share, not one website: enter the organization’s own address, like https://www.example.org']);
    // Each website problem that can be named is, in the request's language; the rest get the example.
    const websiteSays = async (website: string, lang = 'en') =>
      ((await (await postOrg(org({ website }), { headers: { 'Accept-Language': lang } })).json()) as { error: { fields: Record<string, string[]> } }).error.fields.website;
    expect(await websiteSays('http://clinic.org:8080')).toEqual(['Enter the website without a port number (a colon and digits after its name), like https://www.example.org']);
    expect(await websiteSays('clinic.org:8080/about')).toEqual(['Enter the website without a port number (a colon and digits after its name), like https://www.example.org']);
    expect(await websiteSays('192.168.1.1')).toEqual(['Enter the website’s name, not an IP address, like https://www.example.org']);
    expect(await websiteSays('ftp://clinic5.org', 'es')).toEqual(['Escriba una dirección web que empiece por https:// (o http://), como https://www.ejemplo.org']);
    expect(await websiteSays('clinic.local')).toEqual(['That address’s ending is not one websites have (like .org or .com): check its last part, like https://www.example.org']);
    expect(await websiteSays('https://www.clinic.example/', 'es')).toEqual(['Esa dirección no termina como terminan los sitios web (como .org o .com): revise su última parte, como https://www.ejemplo.org']);
    expect(await websiteSays('localhost')).toEqual(['Enter a website address like https://www.example.org']);
    // An email address typed in the website's field is named as one, in either language.
    expect(await websiteSays('office@clinic.org')).toEqual(['That is an email address: enter the organization’s website instead, like https://www.example.org']);
    expect(await websiteSays('mailto:Office@Clinic.org', 'es')).toEqual(['Eso es una dirección de correo: escriba en su lugar el sitio web de la organización, como https://www.ejemplo.org']);
    // A web address with an @ in its path is still a website.
    expect(normalizeWebsite('https://medium.com/@northfield')).not.toBeNull();
    // A colon in a query or fragment is not a port: those websites are taken.
    for (const website of ['clinic.org?time=10:30', 'clinic.org#ref:2']) expect(normalizeWebsite(website), website).not.toBeNull();
    // Accents before the @ are said as such, in the pledge's words, not as a malformed address.
    const accented = (await (await postOrg(org({}, { email: 'maría@clínica-rural.es' }), { headers: { 'Accept-Language': 'es' } })).json()) as { error: { fields: Record<string, string[]> } };
    expect(accented.error.fields['contact.email']).toEqual(['Antes de la @, use solo letras sin tilde, números y signos como . _ - +']);
    // Two checks failing with the same words say them once (a list where text was expected).
    const lists = (await (await postOrg({ name: [], website: [], contact: { email: [] } })).json()) as { error: { fields: Record<string, string[]> } };
    for (const [field, messages] of Object.entries(lists.error.fields)) expect(new Set(messages).size, field).toBe(messages.length);
  });

  it('tells an API client a value of the wrong type for what it is, in its language; left out, null or empty is still asked for', async () => {
    const fieldsOf = async (body: unknown, lang: string) =>
      ((await (await postOrg(body, { headers: { 'Accept-Language': lang } })).json()) as { error: { fields: Record<string, string[]> } }).error.fields;
    const wrong = await fieldsOf({ name: 5, type: 'hospital', website: true, contact: { name: ['Ana'], email: 5 }, commitment: 'yes' }, 'es');
    expect(wrong).toEqual({
      name: ['Escriba el nombre de la organización como texto'],
      type: [expect.stringMatching(/^Seleccione qué tipo de organización es \(type debe ser uno de practice, department, /)],
      website: ['Escriba el sitio web de la organización como texto'],
      'contact.name': ['Escriba el nombre completo de la persona de contacto como texto'],
      'contact.email': ['Escriba el correo electrónico de la persona de contacto como texto'],
      commitment: ['Marque la casilla para asumir el compromiso de la organización (commitment debe ser true)'],
    });
    expect((await fieldsOf({ ...org(), contact: 'ana@example.org' }, 'en'))).toEqual({ contact: ['Send the contact as an object with the person’s name and email'] });
    expect(await fieldsOf({ ...org(), listPublicly: 'yes' }, 'en')).toEqual({ listPublicly: ['Say whether the organization may be listed publicly (listPublicly must be true or false)'] });
    expect(await fieldsOf({ ...org(), listPublicly: 'yes' }, 'es')).toEqual({ listPublicly: ['Indique si la organización puede aparecer en la lista pública (listPublicly debe ser true o false)'] });
    const missing = await fieldsOf({ name: null, website: '', contact: { email: null }, commitment: false }, 'en');
    expect(missing).toMatchObject({
      name: ['Enter the organization’s name'],
      type: ['Select what kind of organization it is'],
      website: ['Enter the organization’s website'],
      'contact.name': ['Enter the contact person’s full name'],
      'contact.email': ['Enter the contact person’s email address'],
      commitment: ['Select the box to make the organization’s commitment'],
    });
    // Sent as text but blank (spaces only), or a kind sent empty: asked for as missing, not "as text" nor "one of …".
    const blank = await fieldsOf({ ...org(), name: '   ', type: '', contact: { ...(org().contact as object), name: ' ' } }, 'es');
    expect(blank).toEqual({
      name: ['Escriba el nombre de la organización'],
      type: ['Seleccione qué tipo de organización es'],
      'contact.name': ['Escriba el nombre completo de la persona de contacto'],
    });
  });

  it('tells a region given as PR or UK the code to use, in both languages, and takes a code in any case or with spaces', async () => {
    for (const [region, lang, said] of [['PR', 'en', 'Use US-PR for Puerto Rico'], ['uk', 'es', 'Use GB para el Reino Unido'], [' UK ', 'en', 'Use GB for the United Kingdom'], ['mp', 'es', 'Use US-MP para las Islas Marianas del Norte']]) {
      const res = await postOrg(org({ region, lang }));
      expect(res.status, region).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
      expect(body.error.code).toBe('validation');
      expect(body.error.fields, region).toEqual({ region: [said] });
    }
    for (const region of ['us-mn', ' US-MN ', ' gb ']) expect((await postOrg(org({ region }))).status, region).toBe(202);
  });

  it('tells a region given as the whole United States (US, any case, with spaces) to choose the state or territory, in both languages, by the API and the /join form', async () => {
    const cases = [['US', 'en', 'Choose the state or territory: a place in the United States is given by its code, such as US-CA for California'], [' us ', 'es', 'Elija el estado o territorio: un lugar de Estados Unidos se indica con su código, como US-CA para California'], ['us', 'en', 'Choose the state or territory: a place in the United States is given by its code, such as US-CA for California'], ['US', 'es', 'Elija el estado o territorio: un lugar de Estados Unidos se indica con su código, como US-CA para California']] as const;
    for (const [region, lang, said] of cases) {
      const res = await postOrg(org({ region, lang }));
      expect(res.status, region).toBe(422);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
      expect(body.error.code).toBe('validation');
      expect(body.error.fields, region).toEqual({ region: [said] });
    }
    const tag = crypto.randomUUID().slice(0, 8);
    const fields = { name: 'States Clinic', type: 'practice', website: `states-${tag}.example.org`, 'contact.name': 'Sam States', 'contact.email': `sam@states-${tag}.example.org`, commitment: 'yes' };
    for (const [region, lang, said] of cases) {
      const res = await form('/join', { ...fields, region, lang });
      expect(res.status, region).toBe(422);
      expect(await res.text(), region).toContain(said);
    }
    expect(await rowFor(`sam@states-${tag}.example.org`)).toBeNull();
    // What is taken is unchanged: a state's code in any case.
    expect((await postOrg(org({ region: ' us-ca ' }))).status).toBe(202);
  });

  it('takes null in an optional field, the contact\u2019s title too, as that field left out', async () => {
    const res = await postOrg(org({ region: null, size: null, listPublicly: null, lang: null }, { title: null }));
    expect(res.status).toBe(202);
  });

  it('names the sizes it takes when a client sends another, in its language', async () => {
    for (const [lang, said] of [['en', 'size must be one of 1-9, 10-49, 50-199, 200-999, 1000+'], ['es', 'size debe ser uno de 1-9, 10-49, 50-199, 200-999, 1000+']]) {
      const res = await postOrg(org({ size: '1-5', lang }));
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields.size?.[0]).toContain(said);
    }
  });

  it('keeps web addresses out of the organization\u2019s name, which is listed publicly, and takes any other text', async () => {
    const fields = async (name: string, lang = 'en') => {
      const res = await postOrg({ ...org({ lang }), name });
      return res.status === 202 ? 202 : ((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields;
    };
    expect(await fields('Visit https://spam.example now')).toEqual({ name: ['Organization name must not look like a web address: put its website in the Website field'] });
    expect(await fields('Spam www.example Clinic', 'es')).toEqual({ name: ['El nombre de la organización no debe parecer una dirección web: escriba su sitio web en el campo Sitio web'] });
    // A brand that is its domain is a name (it is shown publicly only once a maintainer approves it).
    for (const name of ['R&D <Imaging> Group', "St. Mary's Hospital", 'Radiology Associates, P.C.', 'Hôpital Saint-Louis (AP-HP)', 'Mass General Brigham', 'UC San Diego Health', 'A & B Imaging #2', 'Qure.ai', 'RadNet.com Imaging', 'Dr.Smith Imaging']) {
      expect(await fields(name), name).toBe(202);
    }
  });

  it('refuses a name that would show as nothing (no letter or digit, blank-looking letters, piled marks), and takes any script and digits', async () => {
    const fields = async (name: string, lang = 'en') => {
      const res = await postOrg({ ...org({ lang }), name });
      return res.status === 202 ? 202 : ((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields;
    };
    for (const name of ['   .  ', '\u034f\u034f', '-- & --']) expect(await fields(name), JSON.stringify(name)).toEqual({ name: ['Organization name must include at least one letter or digit'] });
    for (const name of ['\u3164\u3164\u3164', 'Acme\u3164\u3164', '\u2800\u2800 Clinic', 'Z\u0301\u0301\u0301\u0301\u0301 Imaging']) {
      expect(await fields(name), JSON.stringify(name)).toEqual({
        name: ['Organization name contains a character that shows as blank space or piles marks on one letter; type the name again'],
      });
    }
    expect(await fields('\u2800', 'es')).toEqual({ name: ['El nombre de la organización debe incluir al menos una letra o una cifra'] });
    expect(await fields('Clínica\u3164', 'es')).toEqual({
      name: ['El nombre de la organización contiene un carácter que se ve como espacio en blanco o que acumula marcas sobre una letra; vuelva a escribir el nombre'],
    });
    for (const name of ['3M', '東京大学病院', 'مستشفى الملك', 'Ngā Kaitiaki Imaging', 'Clínica São José']) expect(await fields(name), name).toBe(202);
  });

  it("holds the contact's name to a person's name rules (it opens the emails), and says when the title is not text", async () => {
    const fields = async (contact: Record<string, unknown>, lang = 'en') => {
      const res = await postOrg({ ...org({ lang }), contact: { name: 'Grace Hopper', email: 'grace@example.org', ...contact } });
      return res.status === 202 ? 202 : ((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields;
    };
    expect(((await fields({ name: 'http://evil.example' })) as Record<string, string[]>)['contact.name']![0]).toBe('Full name must only include letters, spaces, hyphens, apostrophes, commas and periods');
    expect(((await fields({ name: '...' })) as Record<string, string[]>)['contact.name']).toEqual(['Full name must include at least one letter']);
    expect(await fields({ name: 'Visit evil.example now' })).toEqual({ 'contact.name': ['Full name must not look like a web address: add a space after each period'] });
    expect(await fields({ name: 'Visit evil.example now' }, 'es')).toEqual({ 'contact.name': ['El nombre completo no debe parecer una dirección web: ponga un espacio después de cada punto'] });
    expect(await fields({ name: '' })).toEqual({ 'contact.name': ['Enter the contact person’s full name'] });
    expect(await fields({ title: {} })).toEqual({ 'contact.title': ['Enter the job title as text'] });
    for (const name of ['Dr. J. R. Smith', "Siobhán O'Brien-Núñez", '李小龍']) expect(await fields({ name }), name).toBe(202);
  });

  it('refuses a broken character (a lone surrogate, which cannot be stored as UTF-8) in a name', async () => {
    const { queue } = recordingQueue();
    const res = await postOrg(org({ name: 'Lakeside \ud800Radiology' }, { title: 'Chair\udfff' }), { queue });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(['contact.title', 'name']);
    // A whole character from outside the BMP (a surrogate pair) is fine.
    expect((await postOrg(org({ name: 'Lakeside 🩻 Radiology' }), { queue })).status).toBe(202);
  });

  it('takes the zero-width (non-)joiners Persian and Indic names are spelt with, in every name field, as a pledge does; still no other invisible character', async () => {
    const { queue } = recordingQueue();
    // A Persian hospital (ZWNJ inside words), its contact's name and title, a Malayalam name (ZWJ), and an emoji made with a ZWJ.
    const persian = org({ name: 'بیمارستان\u200cهای میلاد', lang: 'es' }, { name: 'مریم\u200cالسادات رضایی', title: 'رئیس\u200cبخش' });
    expect((await postOrg(persian, { queue })).status).toBe(202);
    expect((await postOrg(org({ name: 'ആശുപത്രി\u200d Radiology' }, { name: 'ലക്ഷ്മി\u200d നായർ' }), { queue })).status).toBe(202);
    expect((await postOrg(org({ name: 'Lakeside 👩\u200d⚕️ Radiology' }), { queue })).status).toBe(202);
    // The /join form takes them too.
    const tag = crypto.randomUUID().slice(0, 8);
    const res = await form('/join', {
      lang: 'en', name: 'بیمارستان\u200cهای میلاد', type: 'health-system', website: `milad-${tag}.ir`,
      'contact.name': 'مریم\u200cالسادات رضایی', 'contact.email': `m@milad-${tag}.ir`, commitment: 'yes',
    });
    expect(res.status).toBe(303);
    // Other format characters (a right-to-left override, a word joiner) are still refused, as in a pledge.
    const body = (await (await postOrg(org({ name: 'Lakeside \u202eRadiology' }, { name: 'Grace\u2060 Hopper' }), { queue })).json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(['contact.name', 'name']);
  });

  it('speaks the request\'s language, or the browser\'s', async () => {
    const es = (await (await postOrg({ lang: 'es' })).json()) as { error: { message: string; fields: Record<string, string[]> } };
    expect(es.error.fields['contact.email']).toEqual(['Escriba el correo electrónico de la persona de contacto']);
    expect(es.error.message).toBe('Algunas respuestas deben corregirse.');
    // Every word of the join page in Spanish, the spam trap's hidden label too.
    const join = await (await SELF.fetch('https://pledge.test/join?lang=es')).text();
    expect(join).toContain('<label for="fax">Deje esto vacío</label>');
    expect(join).not.toContain('Leave this empty');
    // One list of states and countries: the country that shares a state's name says what it is.
    expect(join).toContain('<option value="US-GA">Georgia</option>');
    expect(join).toContain('<option value="GE">Georgia (país)</option>');
    expect(await (await SELF.fetch('https://pledge.test/join?lang=en')).text()).toContain('<option value="GE">Georgia (country)</option>');
    // Its figures as every Spanish page writes them (formatNumber: US Spanish, 1,000), not typed in apart.
    expect(join).toMatch(new RegExp(`<label for="size-1000\\+">${formatNumber(1000, 'es')} o más</label>`));
    expect(ORG_STRINGS.es.sizes['1000+']).toBe(`${formatNumber(1000, 'es')} o más`);
    expect(ORG_STRINGS.en.sizes['1000+']).toBe(`${formatNumber(1000, 'en')} or more`);
    const accept = (await (await postOrg({}, { headers: { 'Accept-Language': 'es-MX,es;q=0.9' } })).json()) as { error: { fields: Record<string, string[]> } };
    expect(accept.error.fields.name).toEqual(['Escriba el nombre de la organización']);
  });

  it('takes lang as the pledge API does: "ES" or "es-MX" is Spanish, a language it does not speak is said, not ignored', async () => {
    const { queue } = recordingQueue();
    for (const [given, stored] of [['ES', 'es'], ['es-MX', 'es'], [' en ', 'en']] as const) {
      const body = org({ lang: given });
      const email = (body.contact as { email: string }).email;
      const res = await postOrg(body, { queue });
      expect(res.status, given).toBe(202);
      expect(await env.DB.prepare('SELECT lang FROM organizations WHERE contact_email = ?').bind(email).first('lang'), given).toBe(stored);
    }
    for (const [given, headers, message] of [
      ['fr', {}, 'Choose English or Spanish (lang must be "en" or "es")'],
      [5, { 'Accept-Language': 'es' }, 'Elija inglés o español (lang debe ser "en" o "es")'],
    ] as const) {
      const res = await postOrg(org({ lang: given }), { queue, headers });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({ lang: [message] });
    }
  });

  it('never answers 5xx to odd bodies', async () => {
    const odd: unknown[] = [null, [], 'x', 42, { contact: 'x' }, { contact: [] }, { website: 12 }, { name: 'a'.repeat(5000) }, { region: { x: 1 } },
      org({ website: 'javascript:alert(1)' }), org({ website: 'https://user:pw@example.org' }), org({ listPublicly: 'yes' })];
    for (const body of odd) {
      const res = await postOrg(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
    }
    // An odd partner is attribution lost, never an error.
    expect((await postOrg(org({ partner: { id: 1 } }), { queue: recordingQueue().queue })).status).toBe(202);
    expect((await postOrg('{', { raw: true })).status).toBe(400);
    expect((await postOrg(JSON.stringify({ name: 'x'.repeat(9000) }), { raw: true })).status).toBe(413);
    const text = await call(new Request('https://pledge.test/api/organizations', { method: 'POST', body: 'a=b', headers: { 'Content-Type': 'text/plain' } }));
    expect(text.status).toBe(415);
  });

  it('tells a client over the rate limit to wait (429, Retry-After) instead of accepting and dropping its request', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    const statuses: number[] = [];
    let last: Response | undefined;
    await wellInsideAMinute();
    for (let i = 0; i < 21; i++) {
      last = await postOrg(org({}, { email: `limit${i}@lakeside-limit.org` }), { headers: { 'CF-Connecting-IP': ip, 'Accept-Language': 'es' } });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(202));
    expect(statuses[20]).toBe(429);
    expect(last!.headers.get('Retry-After')).toBe('60');
    expect(await last!.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringContaining('Demasiadas peticiones') } });
    expect(await rowFor('limit20@lakeside-limit.org')).toBeNull();
    // The form says so too, keeping what was typed.
    const page = await form('/join', { name: 'Kept Name Clinic', type: 'practice', website: 'https://kept.example.org', 'contact.name': 'Kept', 'contact.email': 'kept@kept.example.org', commitment: 'yes', lang: 'en' }, { 'CF-Connecting-IP': ip });
    expect(page.status).toBe(429);
    const html = await page.text();
    expect(html).toContain('Many requests have come from your network in the last minute');
    expect(html).toContain('value="Kept Name Clinic"');
  });

  it('gives CORS headers to registered partner origins only, as for pledges', async () => {
    const ok = await SELF.fetch('https://pledge.test/api/organizations', {
      method: 'OPTIONS',
      headers: { Origin: 'https://www.acr.org', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('https://www.acr.org');
    const post = await SELF.fetch('https://pledge.test/api/organizations', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'https://www.rsna.org' }, body: JSON.stringify({}),
    });
    expect(post.headers.get('Access-Control-Allow-Origin')).toBe('https://www.rsna.org');
    const evil = await SELF.fetch('https://pledge.test/api/organizations', { headers: { Origin: 'https://www.acr.org.evil.example' } });
    expect(evil.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('stores the partner when it is a known one, and drops an unknown one without an error', async () => {
    const { queue } = recordingQueue();
    const known = org({ partner: 'SIR' });
    const unknown = org({ partner: 'nobody' });
    expect((await postOrg(known, { queue })).status).toBe(202);
    expect((await postOrg(unknown, { queue })).status).toBe(202);
    expect((await rowFor((known.contact as { email: string }).email))?.partner_id).toBe('sir');
    expect((await rowFor((unknown.contact as { email: string }).email))?.partner_id).toBeNull();
  });

  it('answers 503 with Retry-After, in its language, when the database fails, and 202 with the request kept when only the email queue does', async () => {
    // D1 down: nothing can be stored, so the client is told to send it again (not "accepted").
    const failingDb = { prepare() { throw new Error('D1_ERROR: database unavailable'); } } as unknown as D1Database;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args); };
    let down: Response;
    try {
      down = await call(new Request('https://pledge.test/api/organizations', {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': 'es' }, body: JSON.stringify(org()),
      }), { DB: failingDb });
    } finally {
      console.error = original;
    }
    expect(down.status).toBe(503);
    expect(down.headers.get('Retry-After')).toBe('2');
    expect(await down.json()).toMatchObject({ error: { code: 'busy', message: 'El servicio está ocupado. Vuelva a enviar la misma solicitud dentro de un momento.' } });
    // The log line names the error's kind, never the contact.
    expect(JSON.stringify(errors)).toContain('organization_store_failed');
    expect(JSON.stringify(errors)).not.toContain('grace@');
    // The email queue refusing: the request is stored, the sweeper sends its confirmation later.
    const refusing = { async send() { throw new Error('queue full'); }, async sendBatch() { throw new Error('queue full'); } } as unknown as Queue;
    const body = org();
    expect((await postOrg(body, { queue: refusing })).status).toBe(202);
    expect(await rowFor((body.contact as { email: string }).email)).not.toBeNull();
  });
});

describe('from the request to the public list', () => {
  it('counts and lists an organization only once confirmed and approved, and emails the contact', async () => {
    const body = org({ name: 'Northfield Imaging' });
    const email = (body.contact as { email: string }).email;
    const before = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number };
    const { queue, sent } = recordingQueue();
    expect((await postOrg(body, { queue })).status).toBe(202);
    expect(sent).toHaveLength(1);
    expect(await rowFor(email)).toMatchObject({ status: 'unconfirmed', domain_verified: 1, list_publicly: 1, region: 'US-MN' });

    // The confirmation email: to the contact, with a confirm and a withdraw link.
    const [confirmEmail] = await sendAll(sent.splice(0));
    expect(confirmEmail!.to).toBe(email);
    // Before confirmation nothing typed in the request reaches the inbox (a phisher's text could).
    expect(confirmEmail!.subject).toBe('Confirm your request to join the Radiology Health Equity Coalition');
    expect(confirmEmail!.text.split('\n')[0]).toBe('Hello,');
    expect(confirmEmail!.html).toMatch(/<main [^>]*>\s*<h1 [^>]*>Confirm your request to join the Radiology Health Equity Coalition<\/h1>\s*<p>Hello,<\/p>/);
    expect(`${confirmEmail!.text}${confirmEmail!.html}`).not.toContain('Northfield Imaging');
    const t = linkIn(confirmEmail!.text, '/join/confirm');
    expect(confirmEmail!.text).toMatch(/\/join\/withdraw\?lang=en&t=v1\./);

    // Opening the link changes nothing; the button's POST confirms.
    const opened = await SELF.fetch(`https://pledge.test/join/confirm?t=${encodeURIComponent(t)}`);
    expect(await opened.text()).toContain('<form method="post" action="/join/confirm">');
    expect((await rowFor(email))?.status).toBe('unconfirmed');
    expect(await (await form('/join/confirm', { t })).text()).toContain('The request is confirmed');
    expect((await rowFor(email))?.status).toBe('pending');

    // Pending is not approved: not counted, not listed.
    const pending = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number; organizations: { name: string }[] };
    expect(pending.total).toBe(before.total);
    expect(pending.organizations.map((o) => o.name)).not.toContain('Northfield Imaging');

    // The maintainer sees it with its verification state, and approves it.
    const list = (await (await admin('/organizations')).json()) as { organizations: Record<string, unknown>[] };
    const seen = list.organizations.find((o) => o.name === 'Northfield Imaging')!;
    expect(seen).toMatchObject({ type: 'practice', status: 'pending', domainVerified: true, listPublicly: true, contact: { name: 'Grace Hopper', email, title: 'Chair' } });
    const approve = await admin(`/organizations/${seen.id}/approve`, 'POST', queue);
    expect(approve.status).toBe(200);
    expect(sent).toEqual([expect.stringMatching(new RegExp(`^org-approved:${seen.id}:\\d{4}-`))]);
    const [approvedEmail] = await sendAll(sent.splice(0));
    expect(approvedEmail!.subject).toBe('Northfield Imaging has joined the Radiology Health Equity Coalition');
    expect(approvedEmail!.text).toMatch(/\/join\/withdraw\?lang=en&t=v1\./);
    // Any name reads right in it (not "Valley Imaging Associates's request").
    expect(approvedEmail!.text).toContain('The coalition has approved the request from Northfield Imaging.');
    // Approving again sends nothing more.
    expect((await admin(`/organizations/${seen.id}/approve`, 'POST', queue)).status).toBe(200);
    expect(sent).toEqual([]);

    const after = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number; organizations: Record<string, unknown>[] };
    expect(after.total).toBe(before.total + 1);
    const listed = after.organizations.find((o) => o.name === 'Northfield Imaging');
    expect(listed).toEqual({ name: 'Northfield Imaging', type: 'practice', website: body.website + '/', region: 'US-MN', joined: new Date().toISOString().slice(0, 10) });
    const stats = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { organizations: number };
    expect(stats.organizations).toBe(after.total);
    const page = await (await SELF.fetch('https://pledge.test/organizations')).text();
    expect(page).toContain('Northfield Imaging');
    // The hosted pledge page says how many have joined, and links to the list and to /join.
    const pledgePage = await (await SELF.fetch('https://pledge.test/pledge?partner=sir&lang=es')).text();
    expect(pledgePage).toContain(`<a href="/organizations?lang=es">${ORG_STRINGS.es.joinedCount(after.total)}</a>`);
    expect(ORG_STRINGS.es.joinedCount(2)).toBe('Se han unido 2 organizaciones');
    expect(pledgePage).toContain('<a href="/join?lang=es&amp;partner=sir">');
  });

  it('caches the public list for at most 60 s, and an approval purges it', async () => {
    const cached = { STATS_CACHE_SECONDS: '600' };
    const list = async () => {
      const res = await call(new Request('https://pledge.test/api/organizations'), cached);
      return { cacheControl: res.headers.get('Cache-Control'), body: (await res.json()) as { total: number; organizations: { name: string }[] } };
    };
    const { queue, sent } = recordingQueue();
    const body = org({ name: 'Cache Purge Org' });
    await postOrg(body, { queue });
    const first = await list();
    expect(first.cacheControl).toBe('public, max-age=60');
    const row = await rowFor((body.contact as { email: string }).email);
    // A change made behind the cache's back is not seen while the entry lives…
    await env.DB.prepare(`UPDATE organizations SET status = 'approved', decided_at = '2026-01-01' WHERE id = ?`).bind(row!.id).run();
    expect((await list()).body.total).toBe(first.body.total);
    await env.DB.prepare(`UPDATE organizations SET status = 'pending' WHERE id = ?`).bind(row!.id).run();
    // …but an approval through the API purges it at once.
    await call(new Request(`https://pledge.test/api/admin/organizations/${row!.id}/approve`, { method: 'POST', headers: ADMIN }), { ...cached, EMAIL_QUEUE: queue });
    const after = await list();
    expect(after.body.total).toBe(first.body.total + 1);
    expect(after.body.organizations.map((o) => o.name)).toContain('Cache Purge Org');
    expect(sent.some((id) => id.startsWith(`org-approved:${row!.id}:`))).toBe(true);
    await caches.default.delete('https://rhec-pledge.internal/api/organizations');
  });

  it('counts but does not list an organization that did not consent to be listed', async () => {
    const before = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number; organizations: unknown[] };
    await joinAndApprove(org({ name: 'Quiet Practice', listPublicly: false }));
    const after = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number; organizations: { name: string }[] };
    expect(after.total).toBe(before.total + 1);
    expect(after.organizations).toHaveLength(before.organizations.length);
    expect(after.organizations.map((o) => o.name)).not.toContain('Quiet Practice');
  });

  it('lists organizations alphabetically as people read names: an accented first letter with its letter, ñ after n in Spanish', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    for (const word of ['Zeta', 'Ñandú', 'Éxito', 'Nube', 'alpha', 'Ámbar', 'Beta']) await joinAndApprove(org({ name: `${word} ${tag}` }));
    const api = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { organizations: { name: string }[] };
    expect(api.organizations.map((o) => o.name).filter((n) => n.endsWith(tag))).toEqual(
      ['alpha', 'Ámbar', 'Beta', 'Éxito', 'Ñandú', 'Nube', 'Zeta'].map((w) => `${w} ${tag}`),
    );
    const inPage = async (lang: string) => {
      const page = await (await SELF.fetch(`https://pledge.test/organizations?lang=${lang}`)).text();
      return [...page.matchAll(new RegExp(`([^\\s>]+) ${tag}`, 'g'))].map((m) => m[1]);
    };
    expect(await inPage('en')).toEqual(['alpha', 'Ámbar', 'Beta', 'Éxito', 'Ñandú', 'Nube', 'Zeta']);
    expect(await inPage('es')).toEqual(['alpha', 'Ámbar', 'Beta', 'Éxito', 'Nube', 'Ñandú', 'Zeta']);
  });

  it('joins a second request for the same registrable domain to the first: counted and listed once', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const before = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number };
    const first = await joinAndApprove(org({ name: `Riverside Health ${tag}`, type: 'health-system', website: `https://riverside-${tag}.co.uk` }, { email: `ceo@riverside-${tag}.co.uk` }));
    const second = await joinAndApprove(org({ name: `Riverside Radiology ${tag}`, website: `https://radiology.riverside-${tag}.co.uk/dept` }, { email: `chair@radiology.riverside-${tag}.co.uk` }));
    const row = await env.DB.prepare('SELECT joins, domain FROM organizations WHERE id = ?').bind(second.id).first();
    expect(row).toEqual({ joins: first.id, domain: `riverside-${tag}.co.uk` });
    const after = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number; organizations: { name: string }[] };
    expect(after.total).toBe(before.total + 1);
    expect(after.organizations.filter((o) => o.name.includes(tag)).map((o) => o.name)).toEqual([`Riverside Health ${tag}`]);
    const adminList = (await (await admin('/organizations')).json()) as { organizations: { id: string; joins: string | null }[] };
    expect(adminList.organizations.find((o) => o.id === second.id)?.joins).toBe(first.id);
    // Each contact is told the truth: the first is listed; the second is counted once, through the first.
    expect(first.approvedEmail!.text).toContain(ORG_STRINGS.en.approvedListed);
    expect(second.approvedEmail!.text).toContain(ORG_STRINGS.en.approvedJoinedListed);
    expect(second.approvedEmail!.text).not.toContain(ORG_STRINGS.en.approvedListed);
    // Either contact withdrawing while the other's request still counts it is told so, not that it has left.
    const out = await form('/join/withdraw', { t: linkIn(first.approvedEmail!.text, '/join/withdraw'), lang: 'es' });
    const outPage = await out.text();
    expect(outPage).toContain(ORG_STRINGS.es.withdrawnOthersBody);
    // The heading says the same in both languages, and is true here too: the request is withdrawn, not the organization.
    expect(outPage).toContain('<h1>Su solicitud se ha retirado</h1>');
    const last = await form('/join/withdraw', { t: linkIn(second.approvedEmail!.text, '/join/withdraw') });
    const lastPage = await last.text();
    // The last request that counted it: the organization had joined, and has now left.
    expect(lastPage).toContain('<h1>Your organization has left the coalition</h1>');
    expect(lastPage).toContain(ORG_STRINGS.en.leftBody);
    expect(lastPage).not.toContain(ORG_STRINGS.en.withdrawnBody);
    expect(lastPage).not.toContain(ORG_STRINGS.en.withdrawnOthersBody);

    // When the request that still counts it is not listed, the page says only what was done.
    const quiet = crypto.randomUUID().slice(0, 8);
    await joinAndApprove(org({ name: `Quiet Health ${quiet}`, website: `https://quiet-${quiet}.org`, listPublicly: false }, { email: `a@quiet-${quiet}.org` }));
    const leaving = await joinAndApprove(org({ name: `Quiet Radiology ${quiet}`, website: `https://rad.quiet-${quiet}.org` }, { email: `b@quiet-${quiet}.org` }));
    const leavingLink = linkIn(leaving.approvedEmail!.text, '/join/withdraw');
    // Before pressing, the page is the one any approved organization's contact sees (it shows each time the link is opened).
    const pageBefore = await (await SELF.fetch(`https://pledge.test/join/withdraw?t=${encodeURIComponent(leavingLink)}&lang=en`)).text();
    expect(pageBefore).toContain(ORG_STRINGS.en.withdrawBody(`Quiet Radiology ${quiet}`));
    const leftPage = await (await form('/join/withdraw', { t: leavingLink })).text();
    expect(leftPage).toContain(ORG_STRINGS.en.withdrawnRequestBody);
    expect(leftPage).not.toContain(ORG_STRINGS.en.withdrawnOthersBody);
    expect(leftPage).not.toContain(ORG_STRINGS.en.withdrawnBody);
    // Opened again later (the link works for two years), it says what it would with no other request:
    // whether someone else's unlisted request counts the organization now is not this contact's to learn.
    const reopened = async () => (await (await SELF.fetch(`https://pledge.test/join/withdraw?t=${encodeURIComponent(leavingLink)}&lang=en`)).text()).replace(/nonce-[^'"]+|nonce="[^"]+"/g, '');
    const whileCounted = await reopened();
    expect(whileCounted).toContain(ORG_STRINGS.en.leftBody);
    await env.DB.prepare(`UPDATE organizations SET status = 'withdrawn' WHERE website = ?`).bind(`https://quiet-${quiet}.org`).run();
    expect(await reopened()).toBe(whileCounted);
  });

  it('lets a maintainer count another organization on a shared domain (va.gov) apart, and together again', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const count = async () => ((await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number; organizations: { name: string }[] });
    const before = await count();
    const paloAlto = await joinAndApprove(org({ name: `VA Palo Alto ${tag}`, type: 'health-system', website: `https://paloalto.va-${tag}.gov` }, { email: `pat@va-${tag}.gov` }));
    const boston = await joinAndApprove(org({ name: `VA Boston ${tag}`, type: 'health-system', website: `https://boston.va-${tag}.gov` }, { email: `bo@va-${tag}.gov` }));
    expect((await count()).total).toBe(before.total + 1);
    expect(boston.approvedEmail!.text).toContain(ORG_STRINGS.en.approvedJoinedListed);

    // Through the API: apart.
    const apart = await admin(`/organizations/${boston.id}/apart`, 'POST');
    expect(apart.status).toBe(200);
    expect(((await apart.json()) as { organization: { countedApart: boolean } }).organization.countedApart).toBe(true);
    // The CSV says it too, in its column after withdrawn_at (the columns before keep their places; a change request's, then contact_suppressed, follow).
    const csv = (await (await admin('/organizations.csv')).text()).replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean).map((line) => line.split(','));
    expect(csv[0]!.slice(-5)).toEqual(['withdrawn_at', 'apart', 'change_asked', 'change_asked_at', 'contact_suppressed']);
    expect(csv.find((cells) => cells[0] === boston.id)!.at(-4)).toBe('1');
    expect(csv.find((cells) => cells[0] === paloAlto.id)!.at(-4)).toBe('0');
    const both = await count();
    expect(both.total).toBe(before.total + 2);
    expect(both.organizations.map((o) => o.name).filter((n) => n.includes(tag)).sort()).toEqual([`VA Boston ${tag}`, `VA Palo Alto ${tag}`]);
    const stats = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { organizations: number };
    expect(stats.organizations).toBe(both.total);
    // From the dashboard: together again (same origin, signed in), and the page says so.
    const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
    const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const page = await (await SELF.fetch('https://pledge.test/admin/organizations', { headers: { Cookie: cookie } })).text();
    expect(page).toContain(`<form method="post" action="/admin/organizations/${boston.id}/together">`);
    expect(page).toContain(`<form method="post" action="/admin/organizations/${paloAlto.id}/apart">`);
    const together = await form(`/admin/organizations/${boston.id}/together`, { ui_lang: 'es' }, { Origin: 'https://pledge.test', Cookie: cookie });
    expect(together.status).toBe(303);
    const back = await SELF.fetch(`https://pledge.test${together.headers.get('Location')}`, { headers: { Cookie: cookie } });
    expect(await back.text()).toContain(`VA Boston ${tag} cuenta ahora con las demás solicitudes de su dominio.`);
    expect((await count()).total).toBe(before.total + 1);
    // Refused from another site, and for an id that is not there.
    expect((await form(`/admin/organizations/${boston.id}/apart`, {}, { Origin: 'https://evil.example', Cookie: cookie })).status).toBe(403);
    expect((await admin('/organizations/no-such-id/apart', 'POST')).status).toBe(404);
  });

  it("says on the dashboard which earlier request a request joins: the earliest that remains, none once the earlier ones are withdrawn", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const first = await joinAndApprove(org({ name: `Harbor Health ${tag}`, website: `https://harbor-${tag}.org` }, { email: `a@harbor-${tag}.org` }));
    const second = await joinAndApprove(org({ name: `Harbor Imaging ${tag}`, website: `https://imaging.harbor-${tag}.org` }, { email: `b@harbor-${tag}.org` }));
    const third = await joinAndApprove(org({ name: `Harbor Radiology ${tag}`, website: `https://rad.harbor-${tag}.org` }, { email: `c@harbor-${tag}.org` }));
    const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
    const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
    /** The "joins" sentence of one request's entry, in the dashboard's language, or null. */
    const joinsLine = async (id: string, lang: 'en' | 'es') => {
      const page = await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers: { Cookie: cookie } })).text();
      const entry = page.slice(page.indexOf(`id="org-${id}"`), page.indexOf('</li>', page.indexOf(`id="org-${id}"`)));
      return new RegExp(`${lang === 'en' ? 'Joins the earlier request of' : 'Se suma a la solicitud anterior de'} <a href="#org-([^"]+)">`).exec(entry)?.[1] ?? null;
    };
    expect(await joinsLine(second.id, 'en')).toBe(first.id);
    expect(await joinsLine(third.id, 'es')).toBe(first.id);
    // The first withdrawn: the others join the earliest that remains, as the public list counts it.
    await form('/join/withdraw', { t: linkIn(first.approvedEmail!.text, '/join/withdraw') });
    expect(await joinsLine(second.id, 'en')).toBeNull();
    expect(await joinsLine(third.id, 'en')).toBe(second.id);
    expect(await joinsLine(third.id, 'es')).toBe(second.id);
    const listed = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { organizations: { name: string }[] };
    expect(listed.organizations.filter((o) => o.name.includes(tag)).map((o) => o.name)).toEqual([`Harbor Imaging ${tag}`]);
    // The second withdrawn too: the third joins none (and a withdrawn request joins none either).
    await form('/join/withdraw', { t: linkIn(second.approvedEmail!.text, '/join/withdraw') });
    expect(await joinsLine(third.id, 'en')).toBeNull();
    expect(await joinsLine(third.id, 'es')).toBeNull();
    expect(await joinsLine(second.id, 'es')).toBeNull();
  });

  it("marks an unconfirmed request's matching address 'not confirmed yet' for maintainers, 'verified' only once confirmed", async () => {
    const body = org({ name: 'Unproven Imaging' });
    const { queue, sent } = recordingQueue();
    await postOrg(body, { queue });
    const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
    const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const entry = async () => {
      const page = await (await SELF.fetch('https://pledge.test/admin/organizations', { headers: { Cookie: cookie } })).text();
      return page.slice(page.indexOf('<h3>Unproven Imaging</h3>'), page.indexOf('</dl>', page.indexOf('<h3>Unproven Imaging</h3>')));
    };
    expect(await entry()).toContain('<span class="badge badge--warn">Not confirmed yet</span>');
    expect(await entry()).not.toContain('badge--ok');
    const [confirmEmail] = await sendAll(sent.splice(0));
    await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') });
    expect(await entry()).toContain('<span class="badge badge--ok">Verified</span>');
  });

  it("tells maintainers why a contact at a public email service whose 'website' is on that service is not verified, rather than 'another domain'", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const name = `Gmail Practice ${tag}`;
    await postOrg(org({ name, website: 'gmail.com', lang: 'en' }, { email: `practice.${tag}@gmail.com` }));
    const other = `Other Domain Practice ${tag}`;
    await postOrg(org({ name: other }, { email: `chair.${tag}@gmail.com` }));
    const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
    const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const id = (await rowFor(`practice.${tag}@gmail.com`))!.id as string;
    for (const lang of ['en', 'es'] as const) {
      const page = await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers: { Cookie: cookie } })).text();
      const card = (n: string) => page.slice(page.indexOf(`<h3>${n}</h3>`), page.indexOf('</dl>', page.indexOf(`<h3>${n}</h3>`)));
      const t = ORG_ADMIN_STRINGS[lang];
      // Both addresses are at gmail.com, as is the first one's "website": that is not "another domain".
      expect(card(name), lang).toContain(t.notVerifiedMailboxNote);
      expect(card(name), lang).not.toContain(t.notVerifiedNote);
      // A real other domain is still said as that.
      expect(card(other), lang).toContain(t.notVerifiedNote);
      // The check before approving says the same.
      const check = await (
        await SELF.fetch(`https://pledge.test/admin/organizations/${id}/approve`, {
          method: 'POST',
          headers: { Cookie: cookie, Origin: 'https://pledge.test', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `ui_lang=${lang}`,
        })
      ).text();
      expect(check, lang).toContain(t.approveCheckMailbox('gmail.com'));
      expect(check, lang).not.toContain(t.approveCheckUnverified('gmail.com'));
    }
  });

  it('an approval given before the contact confirmed carries nothing the request typed; a suppressed contact gets no email at all', async () => {
    const { queue, sent } = recordingQueue();
    const body = org({ name: 'Phish & Co Urgent Invoice' }, { name: 'Click Here Now' });
    const email = (body.contact as { email: string }).email;
    await postOrg(body, { queue });
    sent.splice(0); // the confirmation is never followed
    const row = await rowFor(email);
    expect((await admin(`/organizations/${row!.id}/approve`, 'POST', queue)).status).toBe(200);
    const [approved] = await sendAll(sent.splice(0));
    expect(approved!.to).toBe(email);
    expect(approved!.subject).toBe(ORG_STRINGS.en.approvedSubjectUnconfirmed);
    expect(approved!.text.split('\n')[0]).toBe('Hello,');
    expect(approved!.text).toContain('If you made no such request, withdraw it');
    for (const part of [approved!.subject, approved!.text, approved!.html]) expect(part).not.toMatch(/Phish|Invoice|Click Here/);

    const other = org({ name: 'Bounced Contact Clinic' });
    const bounced = (other.contact as { email: string }).email;
    await suppress(env, bounced, 'bounce', 'test');
    await postOrg(other, { queue });
    expect(sent).toHaveLength(1);
    expect(await sendAll(sent.splice(0))).toEqual([]);
    const outbox = await env.DB.prepare(`SELECT status, last_error FROM email_outbox WHERE kind = 'org-confirm' AND ref = ?`).bind((await rowFor(bounced))!.id).first();
    expect(outbox).toEqual({ status: 'cancelled', last_error: 'suppressed' });
  });

  it("an approval given before the contact confirmed, of a request not to be listed, never tells the address 'as you asked' (it may not have)", async () => {
    for (const lang of ['en', 'es'] as const) {
      const { queue, sent } = recordingQueue();
      const body = org({ listPublicly: false, lang });
      await postOrg(body, { queue });
      sent.splice(0); // the confirmation is never followed
      const row = await rowFor((body.contact as { email: string }).email);
      expect((await admin(`/organizations/${row!.id}/approve`, 'POST', queue)).status).toBe(200);
      const [approved] = await sendAll(sent.splice(0));
      const s = ORG_STRINGS[lang];
      expect(approved!.text, lang).toContain(s.approvedIntroUnconfirmed); // "If you made no such request, …"
      for (const part of [approved!.text, approved!.html]) expect(part, lang).not.toMatch(/As you asked|Como pidió/);
      expect(approved!.text, lang).toContain(s.approvedUnlistedUnconfirmed);
    }
  });

  it("the approval's plain text names its link to the list, as the HTML part does, in English and Spanish", async () => {
    for (const lang of ['en', 'es'] as const) {
      const tag = crypto.randomUUID().slice(0, 8);
      const { approvedEmail } = await joinAndApprove(org({ lang, website: `https://named-${tag}.org` }, { email: `chair@named-${tag}.org` }));
      const s = ORG_STRINGS[lang];
      const list = `http://localhost:8787/organizations?lang=${lang}`;
      expect(approvedEmail!.html, lang).toContain(`<a href="${list}" style="color:#1f4e8c">${s.listHeading}</a>`);
      // A bare address under "It is listed…" / "…not listed by name." left a reader of the text part guessing where it leads.
      expect(approvedEmail!.text.split('\n'), lang).toContain(`${s.listHeading}: ${list}`);
      expect(approvedEmail!.text.split('\n'), lang).not.toContain(list);
    }
  });

  it('declines: not counted, not listed, no email; unknown ids answer 404', async () => {
    const { queue, sent } = recordingQueue();
    const body = org({ name: 'Declined Org' });
    await postOrg(body, { queue });
    sent.splice(0);
    const row = await rowFor((body.contact as { email: string }).email);
    expect((await admin(`/organizations/${row!.id}/decline`, 'POST', queue)).status).toBe(200);
    expect(sent).toEqual([]);
    expect((await rowFor((body.contact as { email: string }).email))?.status).toBe('declined');
    const list = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { organizations: { name: string }[] };
    expect(list.organizations.map((o) => o.name)).not.toContain('Declined Org');
    expect((await admin(`/organizations/${crypto.randomUUID()}/approve`, 'POST')).status).toBe(404);
    expect((await admin(`/organizations/nope/decline`, 'POST')).status).toBe(404);
  });

  it("erases a declined request's contact from its email's link, and says that, not \"withdrawn\"", async () => {
    const { queue, sent } = recordingQueue();
    const body = org({ name: 'Erase Me Imaging', lang: 'es' });
    const email = (body.contact as { email: string }).email;
    await postOrg(body, { queue });
    const [confirmEmail] = await sendAll(sent.splice(0));
    expect((await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') })).status).toBe(200);
    const row = await rowFor(email);
    expect((await admin(`/organizations/${row!.id}/decline`, 'POST', queue)).status).toBe(200);
    const [declined] = await sendAll(sent.splice(0));
    const res = await form('/join/withdraw', { t: linkIn(declined!.text, '/join/withdraw'), lang: 'es' });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Sus datos se han borrado');
    expect(page).toContain('Su nombre y su correo se han borrado de la solicitud.');
    expect(page).not.toContain(ORG_STRINGS.es.withdrawnHeading);
    expect(await env.DB.prepare('SELECT contact_name, contact_email FROM organizations WHERE id = ?').bind(row!.id).first()).toEqual({ contact_name: null, contact_email: null });
  });

  it('tells a contact who confirmed that their request was declined, once, and erases their details 30 days after', async () => {
    const { queue, sent } = recordingQueue();
    const body = org({ name: 'Declined <b>Confirmed</b> Imaging', lang: 'es' });
    const email = (body.contact as { email: string }).email;
    await postOrg(body, { queue });
    const [confirmEmail] = await sendAll(sent.splice(0));
    expect((await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') })).status).toBe(200);
    const row = await rowFor(email);
    // Declined, approved while the decline's email waits, declined again: only the last decision's email goes, once.
    expect((await admin(`/organizations/${row!.id}/decline`, 'POST', queue)).status).toBe(200);
    const waiting = sent.splice(0);
    expect(waiting).toEqual([expect.stringMatching(new RegExp(`^org-declined:${row!.id}:`))]);
    expect((await admin(`/organizations/${row!.id}/approve`, 'POST', queue)).status).toBe(200);
    expect(await sendAll(waiting)).toEqual([]);
    const approval = sent.splice(0);
    expect((await admin(`/organizations/${row!.id}/decline`, 'POST', queue)).status).toBe(200);
    expect(await sendAll(approval)).toEqual([]);
    const [declined, ...more] = await sendAll(sent.splice(0));
    expect(more).toEqual([]);
    expect(declined!.to).toBe(email);
    expect(declined!.subject).toBe('La coalición ha revisado la solicitud de Declined <b>Confirmed</b> Imaging');
    expect(declined!.html).toContain('Declined &lt;b&gt;Confirmed&lt;/b&gt; Imaging');
    expect(declined!.text).toContain('por ahora no la añade a las organizaciones que se han unido');
    expect(declined!.text).toContain('se borrarán de la solicitud 30 días después de esta decisión');
    expect(declined!.text).toMatch(/\/join\/withdraw\?lang=es&t=/);
    // Its link erases the contact's details now: it says so, not "withdraw the organization" (it was never counted).
    expect(declined!.text).toMatch(/Para borrar sus datos ahora, use este enlace:\nhttp[^\n]*\/join\/withdraw\?lang=es&t=/);
    expect(declined!.html).toMatch(/Para borrar sus datos ahora, use este enlace: <a href="[^"]*\/join\/withdraw\?lang=es&amp;t=[^"]+"[^>]*>Borrar mis datos<\/a>/);
    expect(declined!.text).not.toContain('retirar a la organización');
    // The page it opens says the same: erase the contact's details (the request was never counted), not "withdraw".
    const eraseLink = /(\/join\/withdraw\?lang=es&t=[^\s]+)/.exec(declined!.text)![1]!;
    const erasePage = await (await SELF.fetch(`https://pledge.test${eraseLink}`)).text();
    expect(erasePage).toContain('<h1>Borre sus datos</h1>');
    expect(erasePage).toContain('>Borrar mis datos</button>');
    expect(erasePage).not.toContain('Retire a su organización');
    expect((await admin(`/organizations/${row!.id}/decline`, 'POST', queue)).status).toBe(200);
    expect(await sendAll(sent.splice(0))).toEqual([]); // declining once more sends nothing more
    // Decided back after both emails went: each change is told, so the last email says what stands.
    expect((await admin(`/organizations/${row!.id}/approve`, 'POST', queue)).status).toBe(200);
    expect((await sendAll(sent.splice(0))).map((e) => e.subject)).toEqual(['Declined <b>Confirmed</b> Imaging se ha unido a la Radiology Health Equity Coalition']);
    await new Promise((r) => setTimeout(r, 5)); // (a later moment of decision: its own email)
    expect((await admin(`/organizations/${row!.id}/decline`, 'POST', queue)).status).toBe(200);
    expect((await sendAll(sent.splice(0))).map((e) => e.subject)).toEqual([declined!.subject]);

    // The Cron erases the contact of a request declined over 30 days ago; one declined since keeps it.
    await env.DB.prepare(`UPDATE organizations SET decided_at = ? WHERE id = ?`).bind(new Date(Date.now() - 31 * 86_400_000).toISOString(), row!.id).run();
    const recent = org({ name: 'Declined Lately Imaging' });
    await postOrg(recent, { queue });
    const recentRow = await rowFor((recent.contact as { email: string }).email);
    expect((await admin(`/organizations/${recentRow!.id}/decline`, 'POST', queue)).status).toBe(200);
    expect(sent.filter((id) => id.startsWith('org-declined:'))).toEqual([]); // never confirmed: not written to
    await eraseDeclinedContacts(env.DB);
    const erased = await env.DB.prepare('SELECT name, contact_name, contact_email, contact_title, status FROM organizations WHERE id = ?').bind(row!.id).first();
    expect(erased).toEqual({ name: 'Declined <b>Confirmed</b> Imaging', contact_name: null, contact_email: null, contact_title: null, status: 'declined' });
    expect((await env.DB.prepare('SELECT contact_email FROM organizations WHERE id = ?').bind(recentRow!.id).first())!.contact_email).toBe((recent.contact as { email: string }).email);
    const listed = (await (await admin('/organizations')).json()) as { organizations: { id: string; contact: unknown }[] };
    expect(listed.organizations.find((o) => o.id === row!.id)).toBeTruthy(); // the record stays, without its contact
  });

  it('the Cron erases a request never confirmed 30 days on, with its queued email, and unlinks a request that joined it; the rest stay', async () => {
    const { queue, sent } = recordingQueue();
    const first = org({ name: 'Never Confirmed Imaging' });
    const domain = String(first.website).replace('https://www.', '');
    await postOrg(first, { queue });
    const firstRow = await rowFor((first.contact as { email: string }).email);
    // A colleague at the same website asks later and confirms: that request joins the first for review.
    const colleague = org({ name: 'Never Confirmed Imaging', website: first.website }, { name: 'Lee Chen', email: `lee@${domain}` });
    await postOrg(colleague, { queue });
    const colleagueEmail = (await sendAll(sent.splice(0))).find((e) => e.to === `lee@${domain}`)!;
    expect((await form('/join/confirm', { t: linkIn(colleagueEmail.text, '/join/confirm') })).status).toBe(200);
    const colleagueRow = await rowFor(`lee@${domain}`);
    expect(colleagueRow).toMatchObject({ status: 'pending', joins: firstRow!.id });
    // Another request, never confirmed either, but a day short of the 30.
    const recent = org({ name: 'Still Deciding Imaging' });
    await postOrg(recent, { queue });
    const recentRow = await rowFor((recent.contact as { email: string }).email);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    await env.DB.prepare('UPDATE organizations SET created_at = ? WHERE id = ?').bind(daysAgo(31), firstRow!.id).run();
    await env.DB.prepare('UPDATE organizations SET created_at = ? WHERE id = ?').bind(daysAgo(29), recentRow!.id).run();
    const outboxOf = (id: unknown) => env.DB.prepare('SELECT kind FROM email_outbox WHERE ref = ?').bind(id).all();
    expect((await outboxOf(firstRow!.id)).results).toEqual([{ kind: 'org-confirm' }]);

    await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: Date.now() } as ScheduledController, { ...env, EMAIL_QUEUE: queue });

    // Nothing of the first request is left: not its row (the contact's name and address), not its email.
    expect(await env.DB.prepare('SELECT id FROM organizations WHERE id = ?').bind(firstRow!.id).first()).toBeNull();
    expect((await outboxOf(firstRow!.id)).results).toEqual([]);
    const listed = (await (await admin('/organizations')).json()) as { organizations: { id: string }[] };
    expect(listed.organizations.some((o) => o.id === firstRow!.id)).toBe(false);
    // The colleague's confirmed request stays, joining nothing now; the recent one stays with its email.
    expect(await rowFor(`lee@${domain}`)).toMatchObject({ id: colleagueRow!.id, status: 'pending', joins: null });
    expect(await rowFor((recent.contact as { email: string }).email)).toMatchObject({ id: recentRow!.id, status: 'unconfirmed' });
    expect((await outboxOf(recentRow!.id)).results).toEqual([{ kind: 'org-confirm' }]);
  });

  it('a confirmation sent twice (a double click, two tabs) says the second time that it was confirmed already, in each language', async () => {
    for (const lang of ['en', 'es'] as const) {
      const { queue, sent } = recordingQueue();
      const body = org({ lang });
      await postOrg(body, { queue });
      const [email] = await sendAll(sent.splice(0));
      const t = linkIn(email!.text, '/join/confirm');
      expect((await form('/join/confirm', { t, lang })).status).toBe(200);
      const again = await form('/join/confirm', { t, lang });
      expect(again.status).toBe(200);
      const page = await again.text();
      expect(page).toContain(ORG_STRINGS[lang].alreadyConfirmed);
      expect(page).not.toContain(ORG_STRINGS[lang].alreadyDeclined);
      expect(page).not.toContain(ORG_STRINGS[lang].confirmedBody);
      expect(await rowFor((body.contact as { email: string }).email)).toMatchObject({ status: 'pending' });
    }
  });

  it("a contact who confirms after the maintainer decided is told the decision, and the address counts as proven", async () => {
    for (const decision of ['approve', 'decline'] as const) {
      const { queue, sent } = recordingQueue();
      const body = org({ name: `Decided First ${decision}` });
      const email = (body.contact as { email: string }).email;
      await postOrg(body, { queue });
      const [confirmEmail] = await sendAll(sent.splice(0));
      const row = await rowFor(email);
      expect((await admin(`/organizations/${row!.id}/${decision}`, 'POST', queue)).status).toBe(200);
      const t = linkIn(confirmEmail!.text, '/join/confirm');
      // The dashboard says the address is still unproven, and the link still offers its button
      // (it has something to record); once pressed, the link says where the request stands.
      const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
      const dashboard = async () =>
        (await (await SELF.fetch('https://pledge.test/admin/organizations', { headers: { Cookie: signIn.headers.get('Set-Cookie')!.split(';')[0]! } })).text())
          .split(`id="org-${row!.id}"`)[1]!.split('</li>')[0]!;
      expect(await dashboard()).toContain('<span class="badge badge--warn">Email not confirmed</span>');
      const opened = await (await SELF.fetch(`https://pledge.test/join/confirm?lang=en&t=${encodeURIComponent(t)}`)).text();
      expect(opened).toContain('<form method="post" action="/join/confirm"');
      const page = await (await form('/join/confirm', { t })).text();
      expect(page).toContain(decision === 'approve' ? 'the coalition has already approved it' : 'has already reviewed it and is not adding it to the organizations that have joined');
      expect(page).not.toContain('will email you when it has been');
      expect(page).toContain('<ul class="links"><li><a href="/organizations?lang=en">'); // a way on, not a dead end
      const after = await env.DB.prepare('SELECT status, confirmed_at FROM organizations WHERE id = ?').bind(row!.id).first<{ status: string; confirmed_at: string | null }>();
      expect(after!.status).toBe(decision === 'approve' ? 'approved' : 'declined');
      expect(after!.confirmed_at).toMatch(/^\d{4}-/);
      expect(await dashboard()).not.toContain('Email not confirmed');
      const reopened = await (await SELF.fetch(`https://pledge.test/join/confirm?lang=en&t=${encodeURIComponent(t)}`)).text();
      expect(reopened).not.toContain('<form method="post" action="/join/confirm"');
      expect(reopened).toContain(decision === 'approve' ? 'the coalition has already approved it' : 'has already reviewed it and is not adding it to the organizations that have joined');
    }
  });

  it('approve, decline while the approval email waits, approve again: the contact gets the approval once', async () => {
    const { queue, sent } = recordingQueue();
    const body = org({ name: 'Second Thoughts Imaging' });
    const email = (body.contact as { email: string }).email;
    await postOrg(body, { queue });
    sent.splice(0);
    const row = await rowFor(email);
    expect((await admin(`/organizations/${row!.id}/approve`, 'POST', queue)).status).toBe(200);
    const waiting = sent.splice(0); // not yet sent when the maintainer changes their mind
    expect((await admin(`/organizations/${row!.id}/decline`, 'POST', queue)).status).toBe(200);
    expect(await sendAll(waiting)).toEqual([]); // cancelled: the decline stands
    expect((await admin(`/organizations/${row!.id}/approve`, 'POST', queue)).status).toBe(200);
    const [approved, ...more] = await sendAll(sent.splice(0));
    expect(more).toEqual([]);
    expect(approved!.to).toBe(email);
    expect(approved!.subject).toMatch(/^(?!.*declined)/i);
    expect((await admin(`/organizations/${row!.id}/approve`, 'POST', queue)).status).toBe(200);
    expect(await sendAll(sent.splice(0))).toEqual([]); // approving once more sends nothing more
  });

  it('approve, decline while the consumer already holds the approval email, approve again: the contact still gets it once', async () => {
    const { queue, sent } = recordingQueue();
    const body = org({ name: 'Raced Decision Imaging' });
    const email = (body.contact as { email: string }).email;
    await postOrg(body, { queue });
    sent.splice(0);
    const row = await rowFor(email);
    expect((await admin(`/organizations/${row!.id}/approve`, 'POST', queue)).status).toBe(200);
    const held = sent.splice(0);
    // The decline lands while the consumer has the row (so the decline cannot cancel it): the
    // consumer finds the organization declined and cancels the email itself.
    await env.DB.prepare(`UPDATE email_outbox SET status = 'sending' WHERE id = ?`).bind(held[0]).run();
    expect((await admin(`/organizations/${row!.id}/decline`, 'POST', queue)).status).toBe(200);
    await env.DB.prepare(`UPDATE email_outbox SET status = 'queued' WHERE id = ?`).bind(held[0]).run();
    expect(await sendAll(held)).toEqual([]);
    expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(held[0]).first()).toEqual({ status: 'cancelled', last_error: 'not_approved' });
    expect((await admin(`/organizations/${row!.id}/approve`, 'POST', queue)).status).toBe(200);
    const [approved, ...more] = await sendAll(sent.splice(0));
    expect(more).toEqual([]);
    expect(approved!.to).toBe(email);
  });

  it('a decline that lands while the approval email is composed but not yet handed over (another ahead of it in the batch) stops it', async () => {
    const { queue, sent } = recordingQueue();
    const [first, second] = [org({ name: 'Ahead In Batch Imaging' }), org({ name: 'Declined Mid Batch Imaging' })];
    for (const body of [first, second]) await postOrg(body, { queue });
    sent.splice(0);
    const [a, b] = [await rowFor((first.contact as { email: string }).email), await rowFor((second.contact as { email: string }).email)];
    for (const row of [a, b]) expect((await admin(`/organizations/${row!.id}/approve`, 'POST', queue)).status).toBe(200);
    const ids = sent.splice(0);
    expect(ids).toEqual([expect.stringMatching(new RegExp(`^org-approved:${a!.id}:`)), expect.stringMatching(new RegExp(`^org-approved:${b!.id}:`))]);
    const delivered: string[] = [];
    const transport: EmailTransport = {
      async send(_email, key) {
        // Both were claimed and composed (both approved then); the maintainer declines the second now.
        if (!delivered.length) expect((await admin(`/organizations/${b!.id}/decline`, 'POST', queue)).status).toBe(200);
        delivered.push(key);
      },
    };
    await sendOutboxRows(env, ids, EMAIL_KINDS, transport);
    expect(delivered).toEqual([ids[0]]);
    expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(ids[1]).first()).toEqual({ status: 'cancelled', last_error: 'declined' });
  });

  it('keeps the admin routes behind the admin token', async () => {
    expect((await SELF.fetch('https://pledge.test/api/admin/organizations')).status).toBe(401);
    expect((await SELF.fetch('https://pledge.test/api/admin/organizations.csv')).status).toBe(401);
    expect((await SELF.fetch(`https://pledge.test/api/admin/organizations/${crypto.randomUUID()}/approve`, { method: 'POST' })).status).toBe(401);
    expect((await SELF.fetch('https://pledge.test/admin/organizations', { redirect: 'manual' })).status).toBe(303);
  });
});

describe('one contact mailbox', () => {
  it('gets at most ORG_CONFIRMS_PER_MAILBOX confirmations, however the website or a +tag is varied (no mail bomb through /join)', async () => {
    const victim = `victim.${crypto.randomUUID().slice(0, 8)}`;
    const { queue, sent } = recordingQueue();
    for (let i = 0; i < ORG_CONFIRMS_PER_MAILBOX + 3; i++) {
      const res = await postOrg(org({}, { email: `${victim}+${i}@example.org` }), { queue });
      expect(res.status).toBe(202); // the same answer: the requester learns nothing of the cap
    }
    const ids = sent.splice(0);
    expect(ids).toHaveLength(ORG_CONFIRMS_PER_MAILBOX + 3);
    const delivered = await sendAll(ids);
    expect(delivered).toHaveLength(ORG_CONFIRMS_PER_MAILBOX);
    const capped = await env.DB.prepare(
      `SELECT count(*) AS n FROM email_outbox WHERE id IN (SELECT value FROM json_each(?)) AND status = 'cancelled' AND last_error = 'mailbox_cap'`,
    ).bind(JSON.stringify(ids)).first<number>('n');
    expect(capped).toBe(3);
    // A pledge's own three emails are counted apart: the same mailbox may still be sent its pledge's confirmation.
    expect(await takeMailboxQuotas(env, [`${victim}@example.org`])).toEqual([true]);
    // Another mailbox is not held back.
    const other = await postOrg(org(), { queue });
    expect(other.status).toBe(202);
    expect(await sendAll(sent.splice(0))).toHaveLength(1);
  });
  it('keeps ORG_CONFIRMS_PER_MAILBOX when composing a confirmation fails before the mailbox is counted: its retry takes its place', async () => {
    const victim = `uncounted.${crypto.randomUUID().slice(0, 8)}`;
    for (let i = 0; i < ORG_CONFIRMS_PER_MAILBOX; i++) await takeMailboxQuotas(env, [`${victim}@example.org`], { prefix: 'org:', max: ORG_CONFIRMS_PER_MAILBOX });
    const { queue, sent } = recordingQueue();
    expect((await postOrg(org({}, { email: `${victim}+late@example.org` }), { queue })).status).toBe(202);
    const [id] = sent.splice(0) as [string];
    // D1 fails reading the suppression list, before the count: the claim is handed back, no place taken.
    const flaky = new Proxy(env.DB, {
      get(db, name) {
        if (name === 'prepare') {
          return (sql: string) =>
            sql.includes('FROM email_suppressions') ? { bind: () => ({ first: () => Promise.reject(new Error('D1_ERROR: Network connection lost.')), all: () => Promise.reject(new Error('D1_ERROR: Network connection lost.')) }) } : db.prepare(sql);
        }
        const value = Reflect.get(db, name);
        return typeof value === 'function' ? value.bind(db) : value;
      },
    });
    const delivered: OutgoingEmail[] = [];
    const transport: EmailTransport = { async send(email) { delivered.push(email); } };
    await expect(sendOutboxRow({ ...env, DB: flaky }, id, EMAIL_KINDS, transport)).rejects.toThrow('D1_ERROR');
    expect(await env.DB.prepare('SELECT status FROM email_outbox WHERE id = ?').bind(id).first('status')).toBe('queued');
    // Its retry is the first attempt counted, and the mailbox's ten are spent.
    expect(await sendOutboxRow(env, id, EMAIL_KINDS, transport)).toBe('skipped');
    expect(delivered).toEqual([]);
    expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(id).first()).toEqual({ status: 'cancelled', last_error: 'mailbox_cap' });
  });
});

describe("a contact's own organization", () => {
  it('still gets its confirmation after junk requests in the contact\'s name (other websites) used up the mailbox\'s ten; its own count stops at ORG_VERIFIED_CONFIRMS_PER_MAILBOX', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const own = `bighospital-${tag}.org`;
    const { queue, sent } = recordingQueue();
    for (let i = 0; i < ORG_CONFIRMS_PER_MAILBOX; i++) {
      expect((await postOrg(org({ website: `https://junk-${i}-${tag}.org` }, { email: `chair+${i}@${own}` }), { queue })).status).toBe(202);
    }
    expect(await sendAll(sent.splice(0))).toHaveLength(ORG_CONFIRMS_PER_MAILBOX);
    // The real request, from the organization's own domain: confirmed by email, not cancelled for the cap.
    expect((await postOrg(org({ name: `Big Hospital ${tag}`, website: `https://www.${own}` }, { email: `chair@${own}` }), { queue })).status).toBe(202);
    const real = sent.splice(0);
    expect(await sendAll(real)).toHaveLength(1);
    // Its own count has a cap of its own: +tagged requests naming the same domain stop at it.
    const more: string[] = [];
    for (let i = 1; i <= ORG_VERIFIED_CONFIRMS_PER_MAILBOX + 2; i++) {
      await postOrg(org({ name: `Big Hospital ${tag} ${i}`, website: `https://www.${own}` }, { email: `chair+own${i}@${own}` }), { queue });
      more.push(...sent.splice(0));
    }
    const delivered = await sendAll(more);
    expect(delivered.length).toBeLessThanOrEqual(ORG_VERIFIED_CONFIRMS_PER_MAILBOX - 1);
    const capped = await env.DB.prepare(
      `SELECT count(*) AS n FROM email_outbox WHERE id IN (SELECT value FROM json_each(?)) AND status = 'cancelled' AND last_error = 'mailbox_cap'`,
    ).bind(JSON.stringify(more)).first<number>('n');
    expect(capped).toBeGreaterThanOrEqual(1);
  });
});

describe('a correction before confirming', () => {
  const answers = async (email: string) =>
    env.DB.prepare('SELECT name, size, list_publicly, contact_title, status, next_answers FROM organizations WHERE contact_email = ?').bind(email).first<Record<string, unknown>>();

  it('takes the newest answers with the confirmation email sent for them, and the confirm page shows what is confirmed', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const first = org({ name: `Lakeside Imaging ${tag}`, listPublicly: false, size: undefined });
    const email = (first.contact as { email: string }).email;
    const { queue, sent } = recordingQueue();
    expect((await postOrg(first, { queue })).status).toBe(202);
    const [firstEmail] = await sendAll(sent.splice(0));
    // Sent again with the listing ticked, a size and a new title.
    const second = { ...first, listPublicly: true, size: '10-49', contact: { ...(first.contact as object), title: 'Practice manager' } };
    expect((await postOrg(second, { queue })).status).toBe(202);
    expect(sent).toHaveLength(1);
    // Waiting beside the request until its email goes.
    expect(await answers(email)).toMatchObject({ list_publicly: 0, size: null, contact_title: 'Chair' });
    expect(await sendAll(sent.splice(0))).toHaveLength(1);
    expect(await answers(email)).toMatchObject({ list_publicly: 1, size: '10-49', contact_title: 'Practice manager', next_answers: null, status: 'unconfirmed' });
    // Either link's page says what it confirms, as stored now.
    const t = linkIn(firstEmail!.text, '/join/confirm');
    const page = await (await SELF.fetch(`https://pledge.test/join/confirm?lang=en&t=${t}`)).text();
    expect(page).toContain('<dt>Public list</dt><dd>Listed by name</dd>');
    expect(page).toContain('<dd>10 to 49</dd>');
    expect(page).toContain('<dd>Grace Hopper, Practice manager</dd>');
    expect(page).toContain(`<dd>Lakeside Imaging ${tag}</dd>`);
    const es = await (await SELF.fetch(`https://pledge.test/join/confirm?lang=es&t=${t}`)).text();
    expect(es).toContain('<dt>Lista pública</dt><dd>Aparece con su nombre</dd>');
    expect((await form('/join/confirm', { t })).status).toBe(200);
    expect(await answers(email)).toMatchObject({ list_publicly: 1, size: '10-49', status: 'pending' });
  });

  it('takes answers sent again while the first confirmation still waits, in that one email', async () => {
    const first = org({ listPublicly: false });
    const email = (first.contact as { email: string }).email;
    const { queue, sent } = recordingQueue();
    expect((await postOrg(first, { queue })).status).toBe(202);
    expect((await postOrg({ ...first, listPublicly: true }, { queue })).status).toBe(202);
    expect(sent).toHaveLength(1);
    expect(await sendAll(sent.splice(0))).toHaveLength(1);
    expect(await answers(email)).toMatchObject({ list_publicly: 1, next_answers: null });
  });

  it("cannot be made behind the contact's back: with the mailbox's confirmations used up, the newer answers are dropped", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const email = `contact.${tag}@example.org`;
    const real = org({ name: `Real Practice ${tag}`, website: `https://www.lakeside-${tag}.org`, listPublicly: true }, { email });
    const { queue, sent } = recordingQueue();
    expect((await postOrg(real, { queue })).status).toBe(202);
    const [realEmail] = await sendAll(sent.splice(0));
    // A stranger spends the mailbox's confirmations with other websites, then sends the request again with other answers.
    for (let i = 1; i < ORG_CONFIRMS_PER_MAILBOX; i++) await postOrg(org({ website: `https://junk-${i}-${tag}.org` }, { email }), { queue });
    expect(await sendAll(sent.splice(0))).toHaveLength(ORG_CONFIRMS_PER_MAILBOX - 1);
    expect((await postOrg({ ...real, name: `Not Real ${tag}`, listPublicly: false }, { queue })).status).toBe(202);
    expect(await sendAll(sent.splice(0))).toHaveLength(0);
    const row = await env.DB.prepare('SELECT name, list_publicly, next_answers FROM organizations WHERE contact_email = ? AND domain = ?').bind(email, `lakeside-${tag}.org`).first();
    expect(row).toEqual({ name: `Real Practice ${tag}`, list_publicly: 1, next_answers: null });
    // The link the contact holds confirms what it was sent for.
    expect((await form('/join/confirm', { t: linkIn(realEmail!.text, '/join/confirm') })).status).toBe(200);
    const confirmed = await env.DB.prepare('SELECT name, list_publicly, status FROM organizations WHERE contact_email = ? AND domain = ?').bind(email, `lakeside-${tag}.org`).first();
    expect(confirmed).toEqual({ name: `Real Practice ${tag}`, list_publicly: 1, status: 'pending' });
  });

  it("keeps a request's language when the confirmation queued for a repeat in the other language cannot go (suppressed, or the mailbox's confirmations used); one that goes is in it, and the language follows", async () => {
    const langOf = (email: string, domain?: string) =>
      env.DB.prepare(`SELECT lang FROM organizations WHERE contact_email = ?${domain ? ' AND domain = ?' : ''}`).bind(...(domain ? [email, domain] : [email])).first<string>('lang');
    const { queue, sent } = recordingQueue();
    // Suppressed (a hard bounce) after its first confirmation: a repeat in Spanish queues one, which the composer cancels.
    const bounced = org({ lang: 'en' });
    const bouncedEmail = (bounced.contact as { email: string }).email;
    expect((await postOrg(bounced, { queue })).status).toBe(202);
    expect(await sendAll(sent.splice(0))).toHaveLength(1);
    expect(await suppress(env, bouncedEmail, 'bounce', 'test')).toBe(true);
    expect((await postOrg({ ...bounced, lang: 'es' }, { queue })).status).toBe(202);
    expect(sent).toHaveLength(1);
    expect(await sendAll(sent.splice(0))).toEqual([]);
    expect(await langOf(bouncedEmail)).toBe('en');

    // The mailbox's confirmations spent on other websites: the same.
    const tag = crypto.randomUUID().slice(0, 8);
    const email = `contact.${tag}@example.org`;
    const real = org({ website: `https://www.lang-${tag}.org`, lang: 'en' }, { email });
    expect((await postOrg(real, { queue })).status).toBe(202);
    for (let i = 1; i < ORG_CONFIRMS_PER_MAILBOX; i++) await postOrg(org({ website: `https://junk-${i}-${tag}.org` }, { email }), { queue });
    expect(await sendAll(sent.splice(0))).toHaveLength(ORG_CONFIRMS_PER_MAILBOX);
    expect((await postOrg({ ...real, lang: 'es' }, { queue })).status).toBe(202);
    expect(sent).toHaveLength(1);
    expect(await sendAll(sent.splice(0))).toEqual([]);
    expect(await langOf(email, `lang-${tag}.org`)).toBe('en');

    // One that goes: in Spanish, and the request's language is Spanish from then on.
    const heard = org({ lang: 'en' });
    const heardEmail = (heard.contact as { email: string }).email;
    expect((await postOrg(heard, { queue })).status).toBe(202);
    await sendAll(sent.splice(0));
    expect((await postOrg({ ...heard, lang: 'es' }, { queue })).status).toBe(202);
    const [spanish] = await sendAll(sent.splice(0));
    expect(spanish!.headers!['Content-Language']).toBe('es');
    expect(spanish!.subject).toBe(ORG_STRINGS.es.confirmSubject);
    expect(await langOf(heardEmail)).toBe('es');
  });

  it("keeps an approved or awaiting-review organization's language when the \"already a member\" email queued for a repeat in the other language cannot go (suppressed); one that goes is in it, and the language follows", async () => {
    const langOf = (id: string) => env.DB.prepare('SELECT lang FROM organizations WHERE id = ?').bind(id).first<string>('lang');
    for (const status of ['approved', 'pending'] as const) {
      const { queue, sent } = recordingQueue();
      // Suppressed (a hard bounce) after it was confirmed: a repeat in Spanish with other answers queues an email, which the composer cancels.
      const body = org({ lang: 'en' });
      const email = String((body.contact as { email: string }).email);
      let id: string;
      if (status === 'approved') id = (await joinAndApprove(body)).id;
      else {
        expect((await postOrg(body, { queue })).status).toBe(202);
        const [confirmEmail] = await sendAll(sent.splice(0));
        expect((await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') })).status).toBe(200);
        id = String((await rowFor(email.toLowerCase()))!.id);
      }
      expect(await suppress(env, email, 'bounce', 'test')).toBe(true);
      expect((await postOrg({ ...body, size: '50-199', lang: 'es' }, { queue })).status).toBe(202);
      expect(sent).toHaveLength(1);
      expect(await sendAll(sent.splice(0))).toEqual([]);
      expect(await langOf(id), status).toBe('en');

      // One that goes: in Spanish, and the organization's language is Spanish from then on.
      const heard = org({ lang: 'en' });
      let heardId: string;
      if (status === 'approved') heardId = (await joinAndApprove(heard)).id;
      else {
        expect((await postOrg(heard, { queue })).status).toBe(202);
        const [confirmEmail] = await sendAll(sent.splice(0));
        expect((await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') })).status).toBe(200);
        heardId = String((await rowFor(String((heard.contact as { email: string }).email).toLowerCase()))!.id);
      }
      expect((await postOrg({ ...heard, size: '50-199', lang: 'es' }, { queue })).status).toBe(202);
      const [spanish] = await sendAll(sent.splice(0));
      expect(spanish!.headers!['Content-Language']).toBe('es');
      expect(await langOf(heardId), status).toBe('es');
    }
  });

  it("keeps the language of a repeat whose email is still queued when its answers are dropped by a confirmation by an earlier link or a maintainer's decision: that email and the decision's are in it", async () => {
    const langOf = (id: string) => env.DB.prepare('SELECT lang FROM organizations WHERE id = ?').bind(id).first<string>('lang');
    // Not yet confirmed: a repeat in Spanish queues a confirmation; the contact confirms by the first (English) link first.
    const { queue, sent } = recordingQueue();
    const first = org({ lang: 'en' });
    expect((await postOrg(first, { queue })).status).toBe(202);
    const [englishConfirm] = await sendAll(sent.splice(0));
    expect((await postOrg({ ...first, lang: 'es' }, { queue })).status).toBe(202);
    expect(sent).toHaveLength(1);
    expect((await form('/join/confirm', { t: linkIn(englishConfirm!.text, '/join/confirm') })).status).toBe(200);
    const id = String((await rowFor(String((first.contact as { email: string }).email).toLowerCase()))!.id);
    expect(await langOf(id)).toBe('es');
    await sendAll(sent.splice(0)); // (the confirmation, now needless, is not sent)

    // Awaiting review: a repeat in Spanish with other answers queues "already a member"; a maintainer approves before it goes.
    const pending = org({ lang: 'en' });
    expect((await postOrg(pending, { queue })).status).toBe(202);
    const [confirmEmail] = await sendAll(sent.splice(0));
    expect((await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') })).status).toBe(200);
    const pendingId = String((await rowFor(String((pending.contact as { email: string }).email).toLowerCase()))!.id);
    expect((await postOrg({ ...pending, size: '50-199', lang: 'es' }, { queue })).status).toBe(202);
    expect(sent).toHaveLength(1);
    expect((await admin(`/organizations/${pendingId}/approve`, 'POST', queue)).status).toBe(200);
    expect(await langOf(pendingId)).toBe('es');
    expect((await sendAll(sent.splice(0))).map((e) => e.headers!['Content-Language'])).toEqual(['es', 'es']);
  });

  it('leaves the answers unapplied when their email fails for good, so the link held confirms what it was sent for', async () => {
    const first = org({ listPublicly: false });
    const email = (first.contact as { email: string }).email;
    const { queue, sent } = recordingQueue();
    expect((await postOrg(first, { queue })).status).toBe(202);
    const [firstEmail] = await sendAll(sent.splice(0));
    expect((await postOrg({ ...first, name: 'Someone Else', listPublicly: true }, { queue })).status).toBe(202);
    const refused: EmailTransport = { async send() { throw new EmailSendError('permanent', 'rejected'); } };
    expect(await sendOutboxRow(env, sent.splice(0)[0]!, EMAIL_KINDS, refused)).toBe('failed');
    expect(await answers(email)).toMatchObject({ name: first.name, list_publicly: 0 });
    expect((await form('/join/confirm', { t: linkIn(firstEmail!.text, '/join/confirm') })).status).toBe(200);
    expect(await answers(email)).toMatchObject({ name: first.name, list_publicly: 0, status: 'pending', next_answers: null });
  });

  it('applies the answers through the email queued for them, not a retry in doubt from before', async () => {
    const first = org({ listPublicly: false });
    const email = (first.contact as { email: string }).email;
    const { queue, sent } = recordingQueue();
    expect((await postOrg(first, { queue })).status).toBe(202);
    const [firstId] = sent.splice(0);
    // Its hand-off ended with the outcome unknown: queued again, in doubt.
    await env.DB.prepare(`UPDATE email_outbox SET attempts = 1, in_doubt_since = ? WHERE id = ?`).bind(new Date().toISOString(), firstId).run();
    expect((await postOrg({ ...first, listPublicly: true }, { queue })).status).toBe(202);
    const [secondId] = sent.splice(0);
    expect(secondId).toBeDefined();
    const delivered: OutgoingEmail[] = [];
    const transport: EmailTransport = { async send(e) { delivered.push(e); } };
    await sendOutboxRow(env, firstId!, EMAIL_KINDS, transport); // in doubt, no key-keeping transport: failed, nothing applied
    expect(await answers(email)).toMatchObject({ list_publicly: 0 });
    expect(await sendOutboxRow(env, secondId!, EMAIL_KINDS, transport)).toBe('sent');
    expect(await answers(email)).toMatchObject({ list_publicly: 1, next_answers: null });
  });

  it('queues a new email with the answers when the one waiting was claimed meanwhile, so none is stranded', async () => {
    const first = org({ listPublicly: false });
    const email = (first.contact as { email: string }).email;
    const { queue, sent } = recordingQueue();
    expect((await postOrg(first, { queue })).status).toBe(202);
    const [firstId] = sent.splice(0);
    await env.DB.prepare(`UPDATE email_outbox SET status = 'sending', attempts = 1 WHERE id = ?`).bind(firstId).run(); // a consumer holds it
    expect((await postOrg({ ...first, listPublicly: true }, { queue })).status).toBe(202);
    expect(sent).toHaveLength(1);
    expect(await sendAll(sent.splice(0))).toHaveLength(1);
    expect(await answers(email)).toMatchObject({ list_publicly: 1, next_answers: null });
  });

  it('applies only the answers an email was composed for: newer ones sent during its hand-off wait for their own', async () => {
    const first = org({ listPublicly: false, size: '1-9' });
    const email = (first.contact as { email: string }).email;
    const { queue, sent } = recordingQueue();
    expect((await postOrg(first, { queue })).status).toBe(202);
    await sendAll(sent.splice(0));
    expect((await postOrg({ ...first, size: '10-49' }, { queue })).status).toBe(202);
    // While that email is being handed over, the form comes again, listed this time.
    const during: EmailTransport = { async send() { expect((await postOrg({ ...first, size: '10-49', listPublicly: true }, { queue })).status).toBe(202); } };
    expect(await sendOutboxRow(env, sent.shift()!, EMAIL_KINDS, during)).toBe('sent');
    expect(await answers(email)).toMatchObject({ size: '1-9', list_publicly: 0 });
    expect(sent).toHaveLength(1); // its own email
    expect(await sendAll(sent.splice(0))).toHaveLength(1);
    expect(await answers(email)).toMatchObject({ size: '10-49', list_publicly: 1, next_answers: null });
  });

  it('forgets waiting answers (the contact\u2019s name among them) once the request is withdrawn, decided or its address suppressed', async () => {
    const waitingFor = async () => {
      const body = org({ listPublicly: false });
      const email = (body.contact as { email: string }).email;
      const { queue, sent } = recordingQueue();
      await postOrg(body, { queue });
      await sendAll(sent.splice(0));
      await postOrg({ ...body, contact: { ...(body.contact as object), name: 'New Name' } }, { queue });
      expect((await answers(email))!.next_answers).toContain('New Name');
      return { email, id: String((await rowFor(email))!.id) };
    };
    const withdrawn = await waitingFor();
    expect((await form('/join/withdraw', { t: await makeToken(env, withdrawn.id, 'org-withdraw') })).status).toBe(200);
    expect(await env.DB.prepare('SELECT next_answers FROM organizations WHERE id = ?').bind(withdrawn.id).first('next_answers')).toBeNull();
    const decided = await waitingFor();
    expect((await admin(`/organizations/${decided.id}/decline`, 'POST')).status).toBe(200);
    expect((await answers(decided.email))!.next_answers).toBeNull();
    const suppressed = await waitingFor();
    expect(await suppress(env, suppressed.email, 'bounce', 'test')).toBe(true);
    expect((await answers(suppressed.email))!.next_answers).toBeNull();
    const confirmed = await waitingFor();
    expect((await form('/join/confirm', { t: await makeToken(env, confirmed.id, 'org-confirm') })).status).toBe(200);
    expect((await answers(confirmed.email))!.next_answers).toBeNull();
  });

  it('shows the page again, not confirming, when the request changed after it was opened; offers a correction only while one can go', async () => {
    const first = org({ listPublicly: false });
    const email = (first.contact as { email: string }).email;
    const { queue, sent } = recordingQueue();
    expect((await postOrg(first, { queue })).status).toBe(202);
    const [firstEmail] = await sendAll(sent.splice(0));
    const t = linkIn(firstEmail!.text, '/join/confirm');
    const opened = await (await SELF.fetch(`https://pledge.test/join/confirm?lang=en&t=${t}`)).text();
    const v = opened.match(/name="v" value="([0-9a-f]+)"/)![1]!;
    expect(opened).toContain('Something to change?');
    // A correction goes out while the page is open.
    await postOrg({ ...first, listPublicly: true }, { queue });
    await sendAll(sent.splice(0));
    const stale = await form('/join/confirm', { t, v, lang: 'en' });
    expect(stale.status).toBe(409);
    const again = await stale.text();
    expect(again).toContain('This request changed after you opened this page');
    expect(again).toContain('<dd>Listed by name</dd>');
    expect(await answers(email)).toMatchObject({ status: 'unconfirmed' });
    const v2 = again.match(/name="v" value="([0-9a-f]+)"/)![1]!;
    expect((await form('/join/confirm', { t, v: v2, lang: 'en' })).status).toBe(200);
    expect(await answers(email)).toMatchObject({ status: 'pending', list_publicly: 1 });
    // Three confirmation emails had: no hint that sending the form again would bring another.
    const capped = org();
    for (let i = 0; i < 3; i++) {
      await postOrg(capped, { queue });
      await sendAll(sent.splice(0));
    }
    const cappedId = String((await rowFor((capped.contact as { email: string }).email))!.id);
    const page = await (await SELF.fetch(`https://pledge.test/join/confirm?lang=en&t=${await makeToken(env, cappedId, 'org-confirm')}`)).text();
    expect(page).toContain('<dt>Public list</dt>');
    expect(page).not.toContain('Something to change?');
  });

  it("a maintainer's Approve does not approve answers changed after the review page was opened", async () => {
    const first = org({ listPublicly: false });
    const email = (first.contact as { email: string }).email;
    const { queue, sent } = recordingQueue();
    await postOrg(first, { queue });
    await sendAll(sent.splice(0));
    const id = String((await rowFor(email))!.id);
    const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
    const headers = { Origin: 'https://pledge.test', Cookie: signIn.headers.get('Set-Cookie')!.split(';')[0]! };
    const approveForm = (page: string) => page.match(new RegExp(`action="/admin/organizations/${id}/approve">[\\s\\S]*?name="v" value="([0-9a-f]+)"`))![1]!;
    const shownForm = (page: string) => page.match(new RegExp(`action="/admin/organizations/${id}/approve">[\\s\\S]*?name="shown" value="([0-9a-f.]+)"`))![1]!;
    const opened = await (await SELF.fetch('https://pledge.test/admin/organizations', { headers })).text();
    const [v, shown] = [approveForm(opened), shownForm(opened)];
    // Its contact's correction goes out while the maintainer reads.
    await postOrg({ ...first, listPublicly: true }, { queue });
    await sendAll(sent.splice(0));
    const stale = await form(`/admin/organizations/${id}/approve`, { v, shown, ui_lang: 'es' }, headers);
    expect(stale.status).toBe(409);
    const again = await stale.text();
    // The refusal names what changed, and links to the request's card (there on the page).
    expect(again).toContain(
      `<li><a href="#org-${id}">No se aprobó: la solicitud de ${first.name} cambió después de abrir esta página: su contacto corrigió si aparece en la lista pública. Revísela abajo y apruébela de nuevo.</a></li>`,
    );
    expect(again).toContain(`<li class="request" id="org-${id}">`);
    expect(await answers(email)).toMatchObject({ status: 'unconfirmed', list_publicly: 1 });
    // Several answers corrected at once: each named, in English too.
    const page = await (await SELF.fetch('https://pledge.test/admin/organizations', { headers })).text();
    expect((await postOrg({ ...first, listPublicly: true, name: `${first.name} Imaging`, size: '50-199', contact: { ...(first.contact as object), title: 'Director' } }, { queue })).status).toBe(202);
    await sendAll(sent.splice(0));
    const renamed = await (await form(`/admin/organizations/${id}/approve`, { v: approveForm(page), shown: shownForm(page), ui_lang: 'en' }, headers)).text();
    expect(renamed).toContain(
      `<a href="#org-${id}">Not approved: the request from ${first.name} Imaging changed after this page was opened: its contact corrected the name, the number of radiologists, and the contact’s title. Check it below, then approve it again.</a>`,
    );
    // A page that did not say what it showed (an earlier release's): refused as before, the card linked.
    const older = await (await form(`/admin/organizations/${id}/approve`, { v, ui_lang: 'en' }, headers)).text();
    expect(older).toContain(`<a href="#org-${id}">Not approved: the request from ${first.name} Imaging changed after this page was opened (its contact sent corrected answers).`);
    // Never confirmed by its contact: Approve asks first, carrying the digests on to the answer.
    const check = await (await form(`/admin/organizations/${id}/approve`, { v: approveForm(renamed), shown: shownForm(renamed), ui_lang: 'en' }, headers)).text();
    expect(check).toContain('<strong>Not confirmed yet:</strong>');
    expect(await answers(email)).toMatchObject({ status: 'unconfirmed' });
    // A correction going out while the check page is read is refused on its answer too.
    expect((await form(`/admin/organizations/${id}/approve`, { v, shown, confirm: 'yes', ui_lang: 'en' }, headers)).status).toBe(409);
    const approved = await form(`/admin/organizations/${id}/approve`, { v: approveForm(check), shown: shownForm(check), confirm: 'yes', ui_lang: 'en' }, headers);
    expect(approved.status).toBe(303);
    expect(await answers(email)).toMatchObject({ status: 'approved', list_publicly: 1 });
  });

  it('changes nothing once the request has had its three confirmation emails, or once it is confirmed', async () => {
    const first = org({ listPublicly: false });
    const email = (first.contact as { email: string }).email;
    const { queue, sent } = recordingQueue();
    for (let i = 0; i < 3; i++) {
      expect((await postOrg(first, { queue })).status).toBe(202);
      await sendAll(sent.splice(0));
    }
    expect((await postOrg({ ...first, listPublicly: true }, { queue })).status).toBe(202);
    expect(sent).toHaveLength(0);
    expect(await answers(email)).toMatchObject({ list_publicly: 0, next_answers: null });
    // Confirmed, then sent again: still the confirmed answers (a maintainer reviews what was confirmed).
    const row = await rowFor(email);
    expect((await form('/join/confirm', { t: await makeToken(env, String(row!.id), 'org-confirm') })).status).toBe(200);
    expect((await postOrg({ ...first, listPublicly: true }, { queue })).status).toBe(202);
    expect(await answers(email)).toMatchObject({ list_publicly: 0, status: 'pending' });
    // The other answers are kept aside, only for the email that says they were not applied.
    expect(sent).toEqual([`org-member:${row!.id}:1`]);
  });
});

describe('withdrawal and removal', () => {
  it('says what is true when the withdrawal link meets each state, pressed or opened again later, in English and Spanish', async () => {
    for (const lang of ['en', 'es'] as const) {
      const s = ORG_STRINGS[lang];
      const withdrawLink = async (id: string) => makeToken(env, id, 'org-withdraw');
      const open = async (t: string, path = '/join/withdraw') => {
        const res = await SELF.fetch(`https://pledge.test${path}?lang=${lang}&t=${encodeURIComponent(t)}`);
        return { status: res.status, page: await res.text() };
      };
      const press = async (t: string) => {
        const res = await form('/join/withdraw', { t, lang });
        return { status: res.status, page: await res.text() };
      };
      const heading = (page: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(page)?.[1];
      const personal = (page: string, body: Record<string, unknown>) => {
        const contact = body.contact as { name: string; email: string };
        expect(page).not.toContain(contact.email);
        expect(page).not.toContain(contact.name);
      };

      // An approved organization with no other request: its page says it leaves, and so does every later look.
      const joined = org({ name: `Lakeview Imaging ${lang}`, lang });
      const { id } = await joinAndApprove(joined);
      const t = await withdrawLink(id);
      const offer = await open(t);
      expect(offer.status).toBe(200);
      expect(heading(offer.page)).toBe(s.withdrawHeading);
      expect(offer.page).toContain(s.withdrawBody(`Lakeview Imaging ${lang}`));
      expect(offer.page).toContain(lang === 'en' ? 'no longer be counted or listed' : 'ya no se contará ni aparecerá en la lista');
      expect(heading((await press(t)).page)).toBe(s.leftHeading);
      for (const again of [await open(t), await press(t)]) {
        expect(heading(again.page)).toBe(s.leftHeading);
        expect(again.page).toContain(s.leftBody);
        expect(again.page).not.toContain(s.withdrawnBody);
        // Opened or pressed again, the same answer: what happened, 200 (410 only for a link that leads to nothing: below).
        expect(again.status).toBe(200);
        personal(again.page, joined);
      }

      // A request withdrawn before review: the request, not the organization, every time.
      const asked = org({ lang });
      const { queue, sent } = recordingQueue();
      expect((await postOrg(asked, { queue })).status).toBe(202);
      await sendAll(sent.splice(0));
      const pendingId = String((await rowFor(String((asked.contact as { email: string }).email)))!.id);
      const pendingLink = await withdrawLink(pendingId);
      expect(heading((await open(pendingLink)).page)).toBe(s.withdrawRequestHeading);
      expect(heading((await press(pendingLink)).page)).toBe(s.withdrawnHeading);
      for (const again of [await open(pendingLink), await press(pendingLink)]) {
        expect(heading(again.page)).toBe(s.withdrawnHeading);
        expect(again.page).toContain(s.withdrawnBody);
        expect(again.status).toBe(200);
      }

      // Declined: its link erased the contact's details, and says so again later, not "withdrawn".
      const turnedDown = org({ lang });
      const declined = await joinAndApprove(turnedDown);
      expect((await admin(`/organizations/${declined.id}/decline`, 'POST')).status).toBe(200);
      const declinedLink = await withdrawLink(declined.id);
      expect(heading((await press(declinedLink)).page)).toBe(s.erasedHeading);
      for (const again of [await open(declinedLink), await press(declinedLink)]) {
        expect(heading(again.page)).toBe(s.erasedHeading);
        expect(again.page).not.toContain(s.withdrawnHeading);
        expect(again.status).toBe(200);
      }
      // Declined, its contact's details erased by the Cron 30 days on: nothing is left to erase, and no button offers it.
      const lapsed = await joinAndApprove(org({ lang }));
      expect((await admin(`/organizations/${lapsed.id}/decline`, 'POST')).status).toBe(200);
      await eraseDeclinedContacts(env.DB, Date.now() + 31 * 86_400_000);
      const lapsedPage = await open(await withdrawLink(lapsed.id));
      expect(lapsedPage.status).toBe(200);
      expect(heading(lapsedPage.page)).toBe(s.erasedHeading);
      expect(lapsedPage.page).not.toContain('<button');

      // Removed by a maintainer: neither link says its contact withdrew it.
      const removed = await joinAndApprove(org({ lang }));
      expect((await admin(`/organizations/${removed.id}/remove`, 'POST')).status).toBe(200);
      const removedLink = await withdrawLink(removed.id);
      for (const again of [await open(removedLink), await press(removedLink), await open(await makeToken(env, removed.id, 'org-confirm'), '/join/confirm')]) {
        expect(again.status).toBe(410);
        expect(heading(again.page)).toBe(s.removedHeading);
        expect(again.page).toContain(s.removedBody);
        expect(again.page).not.toContain(s.leftHeading);
        expect(again.page).not.toContain(s.withdrawnHeading);
      }

      // Withdrawn before what it was was kept: only what is true of every such request.
      const old = await joinAndApprove(org({ lang }));
      expect((await press(await withdrawLink(old.id))).status).toBe(200);
      await env.DB.prepare('UPDATE organizations SET withdrawn_from = NULL WHERE id = ?').bind(old.id).run();
      expect(heading((await open(await withdrawLink(old.id))).page)).toBe(s.closedHeading);

      // Erased unconfirmed after 30 days: the link has expired, pressed as opened (never "withdrawn", never a 200 for nothing).
      const nothing = await withdrawLink(crypto.randomUUID());
      for (const again of [await open(nothing), await press(nothing)]) {
        expect(again.status).toBe(410);
        expect(heading(again.page)).toBe(s.expiredHeading);
      }

      // Approved, while another contact's approved and listed request for the same website counts it: the
      // page says the organization stays listed, before and after, and this contact's request is what goes.
      const tag = crypto.randomUUID().slice(0, 8);
      await joinAndApprove(org({ name: `Hillside Health ${tag}`, website: `https://hillside-${tag}.org`, lang }, { email: `ceo@hillside-${tag}.org` }));
      const second = await joinAndApprove(org({ name: `Hillside Radiology ${tag}`, website: `https://rad.hillside-${tag}.org`, lang }, { email: `chair@hillside-${tag}.org` }));
      const secondLink = await withdrawLink(second.id);
      const staying = await open(secondLink);
      expect(heading(staying.page)).toBe(s.withdrawRequestHeading);
      expect(staying.page).toContain(s.withdrawStaysListedBody(`Hillside Radiology ${tag}`));
      expect(staying.page).not.toContain(s.withdrawBody(`Hillside Radiology ${tag}`));
      await press(secondLink);
      for (const again of [await open(secondLink), await press(secondLink)]) {
        expect(again.page).toContain(s.withdrawnOthersBody);
        expect(again.page).not.toContain(s.leftHeading);
      }
    }
  });

  it('withdraws from the email link on POST, erasing the contact; the organization leaves the count and the list', async () => {
    const before = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number };
    const { id, approvedEmail } = await joinAndApprove(org({ name: 'Leaving Org' }));
    const t = linkIn(approvedEmail!.text, '/join/withdraw');
    await SELF.fetch(`https://pledge.test/join/withdraw?t=${encodeURIComponent(t)}`); // a scanner opens it
    expect((await env.DB.prepare('SELECT status FROM organizations WHERE id = ?').bind(id).first('status'))).toBe('approved');
    expect(await (await form('/join/withdraw', { t })).text()).toContain('your details have been erased');
    const row = await env.DB.prepare('SELECT * FROM organizations WHERE id = ?').bind(id).first();
    expect(row).toMatchObject({ status: 'withdrawn', contact_name: null, contact_email: null, contact_title: null, list_publicly: 0 });
    const after = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number; organizations: { name: string }[] };
    expect(after.total).toBe(before.total);
    expect(after.organizations.map((o) => o.name)).not.toContain('Leaving Org');
    // Erased contacts cannot be approved again, nor emailed.
    expect((await admin(`/organizations/${id}/approve`, 'POST')).status).toBe(404);
  });

  it("withdrawing the request that lists a website says it stays listed only when the request that counts it next lists it too", async () => {
    // Three contacts at one website, all approved: the first listed, the second counted but not listed, the
    // third listed. The list names the website by its earliest approved request, so once the first is
    // withdrawn the second counts it, unlisted: the third's wish to be listed does not show it.
    const s = ORG_STRINGS.en;
    const tag = crypto.randomUUID().slice(0, 8);
    const at = (who: string, listPublicly: boolean, name: string) =>
      org({ name, website: `https://ridgeview-${tag}.org`, listPublicly }, { email: `${who}@ridgeview-${tag}.org` });
    const first = await joinAndApprove(at('ceo', true, `Ridgeview Health ${tag}`));
    await joinAndApprove(at('cmo', false, `Ridgeview Medical ${tag}`));
    await joinAndApprove(at('chair', true, `Ridgeview Radiology ${tag}`));
    const names = async () =>
      ((await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { organizations: { name: string }[] }).organizations.map((o) => o.name);
    expect(await names()).toContain(`Ridgeview Health ${tag}`);

    const t = await makeToken(env, first.id, 'org-withdraw');
    const offer = await (await SELF.fetch(`https://pledge.test/join/withdraw?lang=en&t=${encodeURIComponent(t)}`)).text();
    expect(offer).not.toContain(s.withdrawStaysListedBody(`Ridgeview Health ${tag}`));
    const done = await (await form('/join/withdraw', { t, lang: 'en' })).text();
    const listed = (await names()).filter((n) => n.includes(tag));
    expect(listed).toEqual([]);
    // Still counted (through the second request), not listed: the withdrawal's own answer says only that this request went.
    expect(done).not.toContain(s.withdrawnOthersBody);
    expect(done).toContain(s.withdrawnRequestBody);
    const later = await (await SELF.fetch(`https://pledge.test/join/withdraw?lang=en&t=${encodeURIComponent(t)}`)).text();
    expect(later).not.toContain(s.withdrawnOthersBody);
  });

  it('says a request is withdrawn when it never joined, and that the organization has left when it had; the first email claims no verification yet', async () => {
    for (const [lang, said] of [
      ['en', {
        verified: 'Your email address is at the organization’s website domain: confirming with the link above shows that it is yours, and the coalition then counts the request as verified.',
        requestAction: 'To withdraw the request and erase your details, use this link:',
        requestLink: '>Withdraw the request</a>',
        requestPage: '<h1>Withdraw your organization’s request</h1>',
        requestGone: '<h1>Your request is withdrawn</h1>',
        orgAction: 'To withdraw the organization and erase your details, use this link:',
        orgPage: '<h1>Withdraw your organization</h1>',
        orgGone: '<h1>Your organization has left the coalition</h1>',
        orgGoneBody: 'Your organization has left the coalition: it is no longer counted or listed, and your details have been erased.',
      }],
      ['es', {
        verified: 'Su dirección de correo pertenece al dominio del sitio web de la organización: al confirmar con el enlace de arriba, demuestra que es suya, y la coalición cuenta entonces la solicitud como verificada.',
        requestAction: 'Para retirar la solicitud y borrar sus datos, use este enlace:',
        requestLink: '>Retirar la solicitud</a>',
        requestPage: '<h1>Retire la solicitud de su organización</h1>',
        requestGone: '<h1>Su solicitud se ha retirado</h1>',
        orgAction: 'Para retirar a la organización y borrar sus datos, use este enlace:',
        orgPage: '<h1>Retire a su organización</h1>',
        orgGone: '<h1>Su organización ha dejado la coalición</h1>',
        orgGoneBody: 'Su organización ha dejado la coalición: ya no se cuenta ni aparece en la lista, y sus datos se han borrado.',
      }],
    ] as const) {
      // Never approved: the first email, sent before anyone confirmed, says what confirming does, not that it is verified already.
      const { queue, sent } = recordingQueue();
      const asked = org({ lang });
      expect((await postOrg(asked, { queue })).status).toBe(202);
      const [first] = await sendAll(sent.splice(0));
      expect(first!.text).toContain(said.verified);
      expect(first!.text).not.toMatch(/marked it as verified|la hemos marcado como verificada/);
      expect(first!.text).toContain(said.requestAction);
      expect(first!.html).toContain(said.requestLink);
      const t = linkIn(first!.text, '/join/withdraw');
      expect(await (await SELF.fetch(`https://pledge.test/join/withdraw?lang=${lang}&t=${encodeURIComponent(t)}`)).text()).toContain(said.requestPage);
      expect(await (await form('/join/withdraw', { t, lang })).text()).toContain(said.requestGone);

      // Approved: it had joined, so its contact withdraws the organization, and is told it has left.
      const { approvedEmail } = await joinAndApprove(org({ lang }));
      expect(approvedEmail!.text).toContain(said.orgAction);
      const out = linkIn(approvedEmail!.text, '/join/withdraw');
      expect(await (await SELF.fetch(`https://pledge.test/join/withdraw?lang=${lang}&t=${encodeURIComponent(out)}`)).text()).toContain(said.orgPage);
      const left = await (await form('/join/withdraw', { t: out, lang })).text();
      expect(left).toContain(said.orgGone);
      expect(left).toContain(said.orgGoneBody);
    }
  });

  it('a contact whose confirmed request awaits review and who sends the form again with other answers is told they were not applied, once', async () => {
    for (const lang of ['en', 'es'] as const) {
      const body = org({ name: 'Hospital Universitario La Paz <b>x</b>', lang });
      const { queue, sent } = recordingQueue();
      expect((await postOrg(body, { queue })).status).toBe(202);
      const [confirmEmail] = await sendAll(sent.splice(0));
      expect((await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') })).status).toBe(200);
      const email = String((body.contact as { email: string }).email);
      expect((await rowFor(email))!.status).toBe('pending');
      // A corrected name, not listed: one email (a double click sends the form twice), saying so.
      const corrected = { ...body, name: 'Hospital Universitario La Paz', listPublicly: false };
      for (let i = 0; i < 2; i++) expect((await postOrg(corrected, { queue })).status).toBe(202);
      const emails = await sendAll(sent.splice(0));
      expect(emails).toHaveLength(1);
      const t = ORG_STRINGS[lang];
      const changed = new Intl.ListFormat(lang, { type: 'conjunction' }).format([t.answerNames.name, t.answerNames.list_publicly]);
      expect(emails[0]!.subject).toBe(t.pendingSubject(String(body.name)));
      expect(emails[0]!.text).toContain(t.pendingChanged(changed));
      expect(emails[0]!.html).toContain(t.pendingChanged(changed));
      // Its link withdraws the request (nothing has joined yet), in both parts; and neither says it is listed, or links the list.
      expect(emails[0]!.text).toContain(t.withdrawRequestAction);
      expect(emails[0]!.html).toContain(t.withdrawRequestAction);
      expect(emails[0]!.html).toContain(`${t.withdrawRequestLink}</a>`);
      for (const part of [emails[0]!.text, emails[0]!.html]) {
        for (const notYet of [t.withdrawAction, t.listHeading, t.approvedListed, t.approvedUnlisted]) expect(part).not.toContain(notYet);
      }
      const after = await rowFor(email);
      expect({ name: after!.name, list_publicly: after!.list_publicly, status: after!.status }).toEqual({ name: body.name, list_publicly: 1, status: 'pending' });
      // The maintainer reviewing it sees, on its card, that its contact asked for other answers.
      const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
      const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
      const page = await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers: { Cookie: cookie } })).text();
      const a = ORG_ADMIN_STRINGS[lang];
      const card = page.slice(page.indexOf(`id="org-${after!.id}"`));
      expect(card.slice(0, card.indexOf('</li>'))).toContain(
        a.askedSince(new Intl.ListFormat(lang, { type: 'conjunction' }).format([a.answerNames.name, a.answerNames.list_publicly]), false),
      );
      if (lang === 'en') expect(card).toContain('they withdraw the request and send the form again');
    }
  });

  it("an unconfirmed request's correction, waiting for its confirmation email, is not called 'not applied' on its dashboard card", async () => {
    const body = org({ name: 'Clínica Corrección' });
    const { queue } = recordingQueue();
    expect((await postOrg(body, { queue })).status).toBe(202);
    // Sent again with another name before the first confirmation went: kept beside it, applied when it goes.
    expect((await postOrg({ ...body, name: 'Clínica Corregida' }, { queue })).status).toBe(202);
    const row = await rowFor(String((body.contact as { email: string }).email));
    expect(row!.status).toBe('unconfirmed');
    const waiting = await env.DB.prepare('SELECT next_answers FROM organizations WHERE id = ?').bind(row!.id).first<string>('next_answers');
    expect(JSON.parse(waiting!)).toMatchObject({ name: 'Clínica Corregida' });
    const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
    const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
    for (const lang of ['en', 'es'] as const) {
      const page = await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers: { Cookie: cookie } })).text();
      const card = page.slice(page.indexOf(`id="org-${row!.id}"`));
      expect(card.indexOf('</li>')).toBeGreaterThan(0);
      const a = ORG_ADMIN_STRINGS[lang];
      expect(card.slice(0, card.indexOf('</li>'))).not.toContain(a.askedSince(a.answerNames.name, false).slice(0, 40));
    }
  });

  it('an approved contact who sends the form again with other answers is told which were not applied, and how to change them', async () => {
    for (const lang of ['en', 'es'] as const) {
      const body = org({ name: 'Hospital Universitario La Paz <b>x</b>', lang });
      const { id } = await joinAndApprove(body);
      const before = await rowFor(String((body.contact as { email: string }).email));
      // The chair corrects the name and asks not to be listed by name any more.
      const corrected = { ...body, name: 'Hospital Universitario La Paz', listPublicly: false };
      const { queue, sent } = recordingQueue();
      expect((await postOrg(corrected, { queue })).status).toBe(202);
      const [member] = await sendAll(sent.splice(0));
      expect(sent).toEqual([]);
      const t = ORG_STRINGS[lang];
      // The new name waits (the public sees it); no longer being listed the contact may apply by the link.
      const changed = t.answerNames.name;
      expect(member!.text).toContain(t.memberChanged(changed));
      expect(member!.html).toContain(t.memberChanged(changed));
      expect(member!.text).toContain(t.memberApply(t.answerNames.list_publicly));
      // Not "nothing more to do": there is something, and the email says what.
      const nothingMore = { en: 'There is nothing more to do', es: 'No hace falta hacer nada más' }[lang];
      expect(member!.text).not.toContain(nothingMore);
      expect(member!.text).toContain(linkIn(member!.text, '/join/withdraw'));
      // Nothing was changed behind a check: the organization stays as it was approved.
      const after = await rowFor(String((body.contact as { email: string }).email));
      expect({ name: after!.name, list_publicly: after!.list_publicly, status: after!.status }).toEqual({
        name: before!.name,
        list_publicly: 1,
        status: 'approved',
      });
      // The maintainer's card says so, and that the contact was given a link to ask for them (a change request, reviewed there).
      const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
      const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
      const page = await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers: { Cookie: cookie } })).text();
      const card = page.slice(page.indexOf(`id="org-${after!.id}"`));
      expect(card.slice(0, card.indexOf('</li>'))).toContain(
        { en: 'the email gave the contact a link to ask for them, and once they do, the change waits here for review.', es: 'el correo le dio al contacto un enlace para pedirlas, y cuando lo haga, el cambio esperará aquí su revisión.' }[lang],
      );
      // Only the new name: no longer being listed, the contact may apply themselves, and the card says so apart.
      const a = ORG_ADMIN_STRINGS[lang];
      expect(card.slice(0, card.indexOf('</li>'))).toContain(a.askedSince(a.answerNames.name, true));
      expect(card.slice(0, card.indexOf('</li>'))).toContain(a.askedSelf(a.answerNames.list_publicly));
      // The same answers again: "already a member", with nothing said about changes.
      const again = recordingQueue();
      expect((await postOrg(body, { queue: again.queue })).status).toBe(202);
      const [same] = await sendAll(again.sent.splice(0));
      expect(same!.text).not.toContain(t.memberChanged(changed));
      expect(same!.text).toContain(nothingMore);
      expect(id).toBe(String(after!.id));

      // Approved before its contact confirmed: told the same, and still nothing the request typed.
      const unproven = org({ name: 'Unproven <i>Imaging</i>', lang });
      const u = recordingQueue();
      expect((await postOrg(unproven, { queue: u.queue })).status).toBe(202);
      await sendAll(u.sent.splice(0));
      const row = await rowFor(String((unproven.contact as { email: string }).email));
      expect((await admin(`/organizations/${row!.id}/approve`, 'POST', u.queue)).status).toBe(200);
      await sendAll(u.sent.splice(0));
      expect((await postOrg({ ...unproven, name: 'Proven Imaging', listPublicly: false }, { queue: u.queue })).status).toBe(202);
      const [told] = await sendAll(u.sent.splice(0));
      expect(told!.text).toContain(t.memberIntroUnconfirmedChanged);
      expect(told!.text).toContain(t.memberChanged(changed));
      expect(told!.text).not.toContain('Imaging');
    }
  });

  it('an approved contact unlists the organization and corrects its size and their title from the email\'s link, once; a new name waits', async () => {
    for (const lang of ['en', 'es'] as const) {
      const body = org({ lang });
      const email = String((body.contact as { email: string }).email);
      const { id } = await joinAndApprove(body);
      const before = await rowFor(email);
      // Asked: not listed by name any more, another size, a new title, and a new name (which changes what the public sees).
      const asked = { ...body, name: `${String(body.name)} Health`, listPublicly: false, size: '50-199', contact: { ...(body.contact as object), title: 'Director' } };
      const { queue, sent } = recordingQueue();
      expect((await postOrg(asked, { queue })).status).toBe(202);
      const [member] = await sendAll(sent.splice(0));
      const t = ORG_STRINGS[lang];
      const list = (names: (keyof typeof t.answerNames)[]) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(names.map((n) => t.answerNames[n]));
      expect(member!.text).toContain(t.memberApply(list(['size', 'contact_title', 'list_publicly'])));
      expect(member!.html).toContain(t.memberApply(list(['size', 'contact_title', 'list_publicly'])));
      expect(member!.text).toContain(t.memberChanged(list(['name'])));
      const token = linkIn(member!.text, '/join/change');
      expect(member!.html).toContain(`/join/change?lang=${lang}&amp;t=${token}`);

      // Opening the link changes nothing: it shows what is listed now and what would change.
      const shown = await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${token}`);
      expect(shown.status).toBe(200);
      const page = await shown.text();
      expect(page).toContain(`<html lang="${lang}"`);
      expect(page).toContain(t.changeHeading);
      expect(page).toContain(t.detailUnlisted);
      expect(page).toContain('Director');
      // The new name is shown apart, as asked of the coalition's review, not applied with the others.
      expect(page).toContain(t.changeCaption);
      expect(page).toContain(t.changeReviewCaption);
      expect(page).toContain(`${String(body.name)} Health`);
      expect(page).toContain(t.changeReview);
      expect(page).toContain(`>${t.changeApplyAndAsk}</button>`);
      expect(page).not.toContain(t.memberChanged(t.answerNames.name));
      const v = page.match(/name="v" value="([^"]+)"/)![1]!;
      expect((await rowFor(email))!.list_publicly).toBe(1);
      const listed = async () => ((await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number; organizations: { name: string }[] });
      const totalBefore = (await listed()).total;
      expect((await listed()).organizations.map((o) => o.name)).toContain(body.name);

      // A page shown before other answers came is shown again, not applied unseen.
      const stale = await form('/join/change', { t: token, v: 'beefbeefbeef', lang });
      expect(stale.status).toBe(409);
      expect((await rowFor(email))!.list_publicly).toBe(1);

      const done = await form('/join/change', { t: token, v, lang });
      expect(done.status).toBe(200);
      expect(await done.text()).toContain(t.changeAskedHeading);
      const after = await rowFor(email);
      expect({ id: after!.id, status: after!.status, decided_at: after!.decided_at, name: after!.name, list_publicly: after!.list_publicly, size: after!.size, contact_title: after!.contact_title }).toEqual({
        id,
        status: 'approved',
        decided_at: before!.decided_at,
        name: body.name,
        list_publicly: 0,
        size: '50-199',
        contact_title: 'Director',
      });
      // Still a member, counted, no longer listed by name; the new name not applied.
      const now = await listed();
      expect(now.total).toBe(totalBefore);
      expect(now.organizations.map((o) => o.name)).not.toContain(body.name);
      expect(now.organizations.map((o) => o.name)).not.toContain(asked.name);
      // Pressed again: nothing more to apply, no email queued.
      const again = await form('/join/change', { t: token, v, lang });
      expect(again.status).toBe(200);
      expect(await again.text()).toContain(t.changeNoneHeading);
      expect(sent).toEqual([]);
      // The link is for changes only: a withdrawal or confirmation token does not open it.
      const wrong = await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${linkIn(member!.text, '/join/withdraw')}`);
      expect(wrong.status).toBe(400);
    }
  });

  it('an approved contact who asks again gets "already a member" with a new withdrawal link (3 at most), and the expired link page says how', async () => {
    const body = org({ name: 'Returning Imaging', lang: 'es' });
    const { id } = await joinAndApprove(body);
    const { queue, sent } = recordingQueue();
    // Asked twice while the first answer still waits to go: one email, not two.
    for (let i = 1; i <= 2; i++) expect((await postOrg(body, { queue })).status).toBe(202);
    expect(sent).toEqual([`org-member:${id}:1`]);
    // Asked again after each answer went: a new one each time, 3 at most.
    const emails = await sendAll([...sent]);
    for (let i = 1; i <= 3; i++) {
      expect((await postOrg(body, { queue })).status).toBe(202);
      emails.push(...(await sendAll(sent.slice(emails.length))));
    }
    expect(sent).toEqual([`org-member:${id}:1`, `org-member:${id}:2`, `org-member:${id}:3`]);
    expect(emails).toHaveLength(3);
    const [member] = emails;
    expect(member!.subject).toBe('Returning Imaging ya es miembro de la Radiology Health Equity Coalition');
    expect(member!.text).toContain('No hace falta hacer nada más: la coalición aprobó su solicitud el ');
    // The day as a Spanish reader writes it in a sentence ("el 3 de diciembre de 2026", not "el 3 dic 2026").
    expect(member!.text).toMatch(/aprobó su solicitud el \d{1,2} de [a-z]+ de \d{4}/);
    const t = linkIn(member!.text, '/join/withdraw');
    expect(await (await form('/join/withdraw', { t, lang: 'es' })).text()).toContain('se han borrado');
    expect(await env.DB.prepare('SELECT status FROM organizations WHERE id = ?').bind(id).first('status')).toBe('withdrawn');

    // A pending request (confirmed, awaiting review) asked again gets nothing: there is nothing new to say.
    const waiting = org({ name: 'Waiting Imaging' });
    const w = recordingQueue();
    await postOrg(waiting, { queue: w.queue });
    const [confirmEmail] = await sendAll(w.sent.splice(0));
    await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') });
    await postOrg(waiting, { queue: w.queue });
    expect(w.sent).toEqual([]);

    // An expired link's page says how to get a new one, and links to /join in its language.
    const expired = await makeToken(env, id, 'org-withdraw', Date.now() - 731 * 86_400_000);
    const page = await SELF.fetch(`https://pledge.test/join/withdraw?lang=es&t=${encodeURIComponent(expired)}`);
    expect(page.status).toBe(410);
    const text = await page.text();
    expect(text).toContain(ORG_STRINGS.es.expiredBody);
    expect(text).toContain(`<a href="/join?lang=es">${ORG_STRINGS.es.expiredLink}</a>`);

    // A confirmation link used after the request was withdrawn says so (not "expired"), on GET and POST alike.
    const gone = org({ name: 'Changed Mind Imaging' });
    const g = recordingQueue();
    await postOrg(gone, { queue: g.queue });
    const [goneEmail] = await sendAll(g.sent.splice(0));
    const goneId = String((await rowFor((gone.contact as { email: string }).email))!.id);
    await form('/join/withdraw', { t: await makeToken(env, goneId, 'org-withdraw') });
    const confirmLink = linkIn(goneEmail!.text, '/join/confirm');
    const opened = await SELF.fetch(`https://pledge.test/join/confirm?lang=en&t=${encodeURIComponent(confirmLink)}`);
    const pressed = await form('/join/confirm', { t: confirmLink, lang: 'es' });
    expect([opened.status, pressed.status]).toEqual([410, 410]);
    expect(await opened.text()).toContain(`<h1>${ORG_STRINGS.en.confirmWithdrawnHeading}</h1>`);
    const pressedText = await pressed.text();
    expect(pressedText).toContain(ORG_STRINGS.es.confirmWithdrawnBody);
    expect(pressedText).toContain(`<a href="/join?lang=es">${ORG_STRINGS.es.expiredLink}</a>`);
  });

  it('a repeat changes the stored language only when an email goes for it: not awaiting review with the same answers, nor past the cap', async () => {
    const langOf = async (id: string) => env.DB.prepare('SELECT lang FROM organizations WHERE id = ?').bind(id).first<string>('lang');
    // Awaiting review, the same answers in Spanish: nothing goes, so nothing changes.
    const waiting = org({ lang: 'en' });
    const w = recordingQueue();
    await postOrg(waiting, { queue: w.queue });
    const [confirmEmail] = await sendAll(w.sent.splice(0));
    await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') });
    const waitingId = String((await rowFor(String((waiting.contact as { email: string }).email)))!.id);
    expect((await postOrg({ ...waiting, lang: 'es' }, { queue: w.queue })).status).toBe(202);
    expect(w.sent).toEqual([]);
    expect(await langOf(waitingId)).toBe('en');
    // Other answers in Spanish: an email goes for them, in Spanish, and the language follows it once handed over.
    expect((await postOrg({ ...waiting, size: '50-199', lang: 'es' }, { queue: w.queue })).status).toBe(202);
    expect(w.sent).toHaveLength(1);
    expect(await langOf(waitingId)).toBe('en');
    expect((await sendAll(w.sent.splice(0)))[0]!.headers!['Content-Language']).toBe('es');
    expect(await langOf(waitingId)).toBe('es');

    // Approved, its "already a member" emails used: a request in Spanish sends nothing and changes nothing.
    const body = org({ lang: 'en' });
    const { id, queue, sent } = await approvedWithMemberEmailsUsed(body);
    expect((await postOrg({ ...body, lang: 'es' }, { queue })).status).toBe(202);
    expect(sent).toHaveLength(MAX_MEMBER_REMINDERS);
    expect(await langOf(id)).toBe('en');

    // Not confirmed, its confirmations used (the first and two reminders): the same.
    const unconfirmed = org({ lang: 'en' });
    const u = recordingQueue();
    for (let i = 1; i <= 3; i++) {
      await postOrg(unconfirmed, { queue: u.queue });
      await sendAll(u.sent.slice(i - 1));
    }
    expect(u.sent).toHaveLength(3);
    const unconfirmedId = String((await rowFor(String((unconfirmed.contact as { email: string }).email)))!.id);
    expect((await postOrg({ ...unconfirmed, lang: 'es' }, { queue: u.queue })).status).toBe(202);
    expect(u.sent).toHaveLength(3);
    expect(await langOf(unconfirmedId)).toBe('en');
  });

  it("never applies, by an earlier email's /join/change link, answers sent past the cap (no email went for them: anyone's)", async () => {
    const body = org();
    const { id, token, queue, sent } = await changeLinkThenCapSpent(body);
    // Then a stranger who knows the address and the website asks to unlist it and to rename it.
    expect((await postOrg({ ...body, name: 'Closed Radiology', listPublicly: false }, { queue })).status).toBe(202);
    expect(sent).toEqual([]);
    // The contact's link offers none of them, and its button (sent with the answers' digest) applies none.
    const page = await SELF.fetch(`https://pledge.test/join/change?lang=en&t=${encodeURIComponent(token)}`);
    const text = await page.text();
    expect(text).not.toContain('Closed Radiology');
    expect(text).toContain(ORG_STRINGS.en.changeNoneHeading);
    const row = (await env.DB.prepare('SELECT * FROM organizations WHERE id = ?').bind(id).first<OrganizationRowLike>())!;
    const v = await nextAnswersDigest(row);
    expect((await form('/join/change', { t: token, v, lang: 'en' })).status).toBe(200);
    const after = (await env.DB.prepare('SELECT list_publicly, change_asked, name FROM organizations WHERE id = ?').bind(id).first<{ list_publicly: number; change_asked: string | null; name: string }>())!;
    expect(after).toEqual({ list_publicly: 1, change_asked: null, name: body.name });
  });

  it('tells a contact past the cap, on an earlier /join/change link, from which day a form sent again brings an email, not that one will now (en/es)', async () => {
    for (const lang of ['en', 'es'] as const) {
      const t = ORG_STRINGS[lang];
      const body = org({ lang });
      const { id, token, queue, sent } = await changeLinkThenCapSpent(body);
      // A correction after that brings none.
      expect((await postOrg({ ...body, contact: { ...(body.contact as object), title: 'Chair' } }, { queue })).status).toBe(202);
      expect(sent).toEqual([]);
      // The first of them went 10 days ago: the next can go 30 days after it; the page names the UTC day two
      // days after that hour (the day after could still be before it, a few hours east of UTC).
      const first = new Date(Date.now() - 10 * 86_400_000).toISOString();
      await env.DB.prepare('UPDATE email_outbox SET created_at = ? WHERE id = ?').bind(first, `org-member:${id}:1`).run();
      const day = formatDayFor(new Date(Date.parse(first) + 32 * 86_400_000).toISOString(), lang, 'long');
      const opened = await (await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${encodeURIComponent(token)}`)).text();
      const pressed = await (await form('/join/change', { t: token, v: await nextAnswersDigest((await env.DB.prepare('SELECT * FROM organizations WHERE id = ?').bind(id).first<OrganizationRowLike>())!), lang })).text();
      for (const text of [opened, pressed]) {
        expect(text).not.toContain(t.changeNoneBody); // "send the form again…, and we will email you": untrue until then
        expect(text).toContain(t.changeNoneHeading);
        expect(text).toContain(t.changeCappedBody(day));
      }
      expect(t.changeCappedBody(day)).toContain(lang === 'en' ? `from ${day}, and we will email you. Until then a form sent again brings no email: a contact gets at most ${MAX_MEMBER_REMINDERS} of these emails in any 30 days` : `a partir del ${day} y le enviaremos un correo. Hasta entonces, volver a enviar el formulario no trae ningún correo: un contacto recibe como máximo ${MAX_MEMBER_REMINDERS} de estos correos en 30 días`);
      // Once 30 days have passed since it, a form sent again brings an email: the page says so, as before.
      await env.DB.prepare('UPDATE email_outbox SET created_at = ? WHERE id = ?').bind(new Date(Date.now() - 31 * 86_400_000).toISOString(), `org-member:${id}:1`).run();
      const later = await (await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${encodeURIComponent(token)}`)).text();
      expect(later).toContain(t.changeNoneBody);
      expect(later).not.toContain(t.changeCappedBody(day));
      expect((await postOrg({ ...body, contact: { ...(body.contact as object), title: 'Chair' } }, { queue })).status).toBe(202);
      expect(sent).toHaveLength(1);
    }
  });

  it('counts "already a member" emails over the last 30 days: a stranger cannot use them up for good', async () => {
    const body = org({ lang: 'en' });
    const { id, queue, sent } = await approvedWithMemberEmailsUsed(body);
    const age = (days: number) =>
      env.DB.prepare(`UPDATE email_outbox SET created_at = ? WHERE kind = 'org-member' AND ref = ?`).bind(new Date(Date.now() - days * 86_400_000).toISOString(), id).run();
    // Within 30 days of them: still none.
    await age(29);
    expect((await postOrg(body, { queue })).status).toBe(202);
    expect(sent).toHaveLength(MAX_MEMBER_REMINDERS);
    // 31 days after the cap was reached: the contact can get one again, under a new id.
    await age(31);
    expect((await postOrg(body, { queue })).status).toBe(202);
    expect(sent).toEqual([...Array.from({ length: MAX_MEMBER_REMINDERS }, (_, i) => `org-member:${id}:${i + 1}`), `org-member:${id}:${MAX_MEMBER_REMINDERS + 1}`]);
    const [again] = await sendAll(sent.slice(MAX_MEMBER_REMINDERS));
    expect(again!.to).toBe(String((body.contact as { email: string }).email));
  });

  it('a request sent twice (a double click, the form posted again) while its confirmation waits to go gets one confirmation', async () => {
    const body = org({ name: 'Double Click Imaging' });
    const { queue, sent } = recordingQueue();
    for (let i = 0; i < 3; i++) expect((await postOrg(body, { queue })).status).toBe(202);
    expect(sent).toHaveLength(1);
    expect(await sendAll(sent)).toHaveLength(1);
    // Once it has gone, asking again sends a new one (the first may be lost, or in spam).
    expect((await postOrg(body, { queue })).status).toBe(202);
    expect(sent).toHaveLength(2);
  });

  it("a contact who asks again in the other language is answered in it, and so are the emails after", async () => {
    const body = org({ name: 'Bilingual Imaging', lang: 'es' }, { name: 'Dra. Ana Torres' });
    const { id, approvedEmail } = await joinAndApprove(body);
    // Greeted by name as the contact wrote it, in words that suit any title (not "Estimado/a Dra. …").
    expect(approvedEmail!.text.split('\n')[0]).toBe('Hola, Dra. Ana Torres:');
    const { queue, sent } = recordingQueue();
    expect((await postOrg({ ...body, lang: 'en' }, { queue })).status).toBe(202);
    const [member] = await sendAll(sent.splice(0));
    expect(member!.subject).toBe(ORG_STRINGS.en.memberSubject('Bilingual Imaging'));
    expect(linkIn(member!.text, '/join/withdraw')).toBeTruthy();
    expect(member!.text).toContain('/join/withdraw?lang=en&');
    expect(await env.DB.prepare('SELECT lang FROM organizations WHERE id = ?').bind(id).first('lang')).toBe('en');
  });

  it('a maintainer removes an organization: the contact is erased and queued emails are cancelled', async () => {
    const { queue, sent } = recordingQueue();
    const body = org({ name: 'Removed Org' });
    await postOrg(body, { queue });
    const row = await rowFor((body.contact as { email: string }).email);
    expect((await admin(`/organizations/${row!.id}/remove`, 'POST')).status).toBe(200);
    const after = await env.DB.prepare('SELECT * FROM organizations WHERE id = ?').bind(row!.id).first();
    expect(after).toMatchObject({ status: 'withdrawn', contact_name: null, contact_email: null, contact_title: null });
    expect(await sendAll(sent)).toEqual([]);
    expect(await env.DB.prepare('SELECT status FROM email_outbox WHERE id = ?').bind(sent[0]).first('status')).toBe('cancelled');
  });

  it('refuses a pledge token on an organization link, and tampered tokens', async () => {
    const { id } = await joinAndApprove(org());
    const pledgeToken = await makeToken(env, id, 'withdraw');
    const res = await form('/join/withdraw', { t: pledgeToken });
    expect(res.status).toBe(400);
    const real = await makeToken(env, id, 'org-withdraw');
    expect((await form('/join/withdraw', { t: real.slice(0, -2) + 'xx' })).status).toBe(400);
    expect((await form('/join/confirm', { t: real })).status).toBe(400);
    expect(await env.DB.prepare('SELECT status FROM organizations WHERE id = ?').bind(id).first('status')).toBe('approved');
  });
});

describe('privacy and markup', () => {
  const MARKUP = `<img src=x onerror=alert(1)><script>alert("x")</script> & "Co"`;

  it('never shows contact details in a public answer or page', async () => {
    const contact = { name: 'Secret Contactperson', email: `secret.${crypto.randomUUID().slice(0, 6)}@privacy-test.org`, title: 'Confidential Title' };
    await joinAndApprove(org({ name: 'Privacy Test Org', website: 'https://privacy-test.org' }, contact));
    const publicAnswers = [
      await SELF.fetch('https://pledge.test/api/organizations'),
      await SELF.fetch('https://pledge.test/api/stats'),
      await SELF.fetch('https://pledge.test/organizations'),
      await SELF.fetch('https://pledge.test/organizations?lang=es&type=practice'),
      await SELF.fetch('https://pledge.test/join'),
    ];
    for (const res of publicAnswers) {
      const text = await res.text();
      for (const secret of [contact.name, contact.email, contact.title, 'Grace Hopper']) expect(text, res.url).not.toContain(secret);
    }
    const api = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { organizations: Record<string, unknown>[] };
    for (const o of api.organizations) expect(Object.keys(o).sort()).toEqual(['joined', 'name', 'region', 'type', 'website']);
  });

  it('takes a name with markup as the free text it is, and keeps it inert on every page and in every email', async () => {
    const name = `${MARKUP} ${crypto.randomUUID().slice(0, 6)}`;
    // The name comes in through the API like any other; the contact's name cannot carry markup (a
    // person's name rules), so one stored before those rules is put in by hand.
    const body = org({ name }, { name: 'Contact Person', title: '<i>t</i>' });
    const { id, confirmEmail, approvedEmail } = await joinAndApprove(body);
    const escaped = '&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Co&quot;';
    expect(approvedEmail!.html).toContain(escaped);
    expect(approvedEmail!.text).toContain(name); // plain text: the name as typed
    const listed = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { organizations: { name: string }[] };
    expect(listed.organizations.map((o) => o.name)).toContain(name); // JSON: the same characters, as a string
    const t = await makeToken(env, id, 'org-withdraw');
    await env.DB.prepare(`UPDATE organizations SET contact_name = '<b>Contact</b>' WHERE id = ?`).bind(id).run();
    await caches.default.delete('https://rhec-pledge.internal/api/organizations');
    const { queue: requeue, sent: resent } = recordingQueue();
    expect((await postOrg(body, { queue: requeue })).status).toBe(202); // asked again: "already a member", greeting them by name
    const [reapproved] = await sendAll(resent.splice(0));
    expect(reapproved!.html).toContain('&lt;b&gt;Contact&lt;/b&gt;');
    expect(reapproved!.html).not.toContain('<b>Contact</b>');
    const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
    const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const pages = [
      await (await SELF.fetch('https://pledge.test/organizations')).text(),
      await (await SELF.fetch(`https://pledge.test/join/withdraw?t=${encodeURIComponent(t)}`)).text(),
      await (await SELF.fetch('https://pledge.test/admin/organizations', { headers: { Cookie: cookie } })).text(),
      reapproved!.html,
    ];
    // The confirmation email goes out before anyone confirmed the request: it carries no name at all.
    expect(confirmEmail.html).not.toContain('img src=x');
    expect(confirmEmail.html).not.toContain('Contact Person');
    for (const html of pages) {
      expect(html).toContain(escaped);
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<i>t</i>');
      expect(html).not.toContain('<b>Contact</b>');
    }
    // The join form keeps what was typed, escaped, when it shows errors.
    const again = await form('/join', { name: MARKUP, website: '"><script>x</script>', lang: 'en' });
    expect(again.status).toBe(422);
    const formPage = await again.text();
    expect(formPage).toContain(`value="${escaped}"`);
    expect(formPage).not.toContain('<script>');
    // The CSV neutralizes formulas.
    await joinAndApprove(org({ name: '=HYPERLINK("x","y")' }));
    const csv = await (await admin('/organizations.csv')).text();
    expect(csv).toContain(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csv.split('\n')[0]).toContain('contact_email');
  });
});

describe('the hosted pages', () => {
  it('/join takes a form posted from another site only for the societies registered to that site, as /pledge', async () => {
    const post = (origin: string, email: string, partner = 'sir') =>
      form('/join', { name: 'Cross Site Clinic', type: 'practice', website: 'https://crosssite.example.org', 'contact.name': 'Cross Person', 'contact.email': email, commitment: 'yes', lang: 'en', partner }, { Origin: origin });
    const tag = crypto.randomUUID().slice(0, 8);
    const forged = await post('https://evil.example', `forged-${tag}@crosssite.example.org`);
    expect(forged.status).toBe(422);
    expect(await forged.text()).toContain('This site is not registered for this society');
    expect((await post('null', `opaque-${tag}@crosssite.example.org`)).status).toBe(422);
    const unnamed = await post('https://evil.example', `unnamed-${tag}@crosssite.example.org`, '');
    expect(unnamed.status).toBe(422);
    expect(await unnamed.text()).toContain('This site is not registered with the coalition');
    // The form's own problems come with the refusal, so the page it returns to is put right once.
    const unfinished = await form('/join', { name: '', type: 'practice', website: 'https://crosssite.example.org', 'contact.name': 'Cross Person', 'contact.email': 'not-an-address', lang: 'en', partner: 'sir' }, { Origin: 'https://evil.example' });
    expect(unfinished.status).toBe(422);
    const unfinishedPage = await unfinished.text();
    expect(unfinishedPage).toContain('This site is not registered for this society');
    expect(unfinishedPage).toMatch(/<a href="#name">[^<]+<\/a>/);
    expect(unfinishedPage).toMatch(/<a href="#contact-email">[^<]+<\/a>/);
    expect(unfinishedPage).toMatch(/<a href="#commitment">[^<]+<\/a>/);
    // A registered site, for another society than its own: refused too.
    expect((await post('https://www.sirweb.org', `other-${tag}@crosssite.example.org`, 'acr')).status).toBe(422);
    for (const email of [`forged-${tag}@crosssite.example.org`, `opaque-${tag}@crosssite.example.org`, `other-${tag}@crosssite.example.org`]) expect(await rowFor(email)).toBeNull();
    // The service's own form (also inside a partner's frame) and a registered site for its society are taken.
    expect((await post('https://pledge.test', `own-${tag}@crosssite.example.org`)).status).toBe(303);
    expect((await post('https://www.sirweb.org', `registered-${tag}@crosssite.example.org`)).status).toBe(303);
    expect(await rowFor(`registered-${tag}@crosssite.example.org`)).toMatchObject({ partner_id: 'sir' });
  });

  it('the JSON API takes a request from another site only for the societies registered to that site, as /join', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const send = (origin: string, email: string, partner?: string) =>
      postOrg(org({ partner }, { email }), { headers: { Origin: origin } });
    // A registered site (rsna's) for another society, for a society written in capitals, and an unregistered site.
    const other = await send('https://www.rsna.org', `other-${tag}@api-cross.example.org`, 'acr');
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ error: { code: 'validation', fields: { partner: [expect.stringContaining('This site is not registered for this society')] } } });
    const forged = await send('https://evil.example', `forged-${tag}@api-cross.example.org`);
    expect(forged.status).toBe(422);
    // Naming no society, it is not told "for this society": the site is not registered at all.
    expect(await forged.json()).toMatchObject({ error: { fields: { partner: ['This site is not registered with the coalition, so it cannot send an organization’s request. Contact the site owner'] } } });
    // With the request's other problems, all in one answer.
    const forgedBad = await postOrg({ partner: 'nope', name: 5 }, { headers: { Origin: 'https://evil.example' } });
    const forgedFields = ((await forgedBad.json()) as { error: { fields: Record<string, string[]> } }).error.fields;
    expect(forgedFields).toMatchObject({ partner: [expect.stringContaining('This site is not registered')], name: [expect.any(String)], website: [expect.any(String)] });
    const forgedEs = await postOrg(org({ lang: 'es' }, { email: `forged-es-${tag}@api-cross.example.org` }), { headers: { Origin: 'https://evil.example' } });
    expect(await forgedEs.json()).toMatchObject({ error: { fields: { partner: [expect.stringMatching(/^Este sitio no está registrado en la coalición/)] } } });
    expect((await send('https://www.rsna.org', `caps-${tag}@api-cross.example.org`, 'RSNA')).status).toBe(202);
    expect((await send('https://www.rsna.org', `none-${tag}@api-cross.example.org`)).status).toBe(202);
    // No Origin (a server, or this service's own pages): as before.
    expect((await postOrg(org({ partner: 'acr' }, { email: `server-${tag}@api-cross.example.org` }))).status).toBe(202);
    for (const who of ['other', 'forged']) expect(await rowFor(`${who}-${tag}@api-cross.example.org`)).toBeNull();
    expect(await rowFor(`caps-${tag}@api-cross.example.org`)).toMatchObject({ partner_id: 'rsna' });
  });

  it('/join posts to 303 /join/thanks, or 422 with a GOV.UK error summary in the page\'s language', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const ok = await form('/join', {
      name: 'Form Org', type: 'department', website: `dept-${tag}.edu`, region: 'CA', 'contact.name': 'Form Person',
      'contact.email': `p@dept-${tag}.edu`, 'contact.title': '', commitment: 'yes', listPublicly: 'yes', lang: 'es', partner: 'aur',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('Location')).toBe('/join/thanks?lang=es');
    expect(await rowFor(`p@dept-${tag}.edu`)).toMatchObject({ type: 'department', region: 'CA', partner_id: 'aur', lang: 'es', list_publicly: 1, domain_verified: 1 });
    const bad = await form('/join', { lang: 'es', 'contact.email': 'x' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Hay un problema');
    expect(html).toContain('<a href="#contact-email">Escriba un correo electrónico con el formato correcto');
    expect(html).toMatch(/id="contact-email"[^>]*aria-invalid="true"/);
    // A radio group left unanswered: every radio in it is marked invalid, as on the pledge page.
    expect(html).toMatch(/id="type-practice"[^>]*aria-invalid="true"/);
    expect(bad.headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
  });

  it('a filled honeypot looks accepted and stores nothing', async () => {
    const email = `bot.${crypto.randomUUID().slice(0, 6)}@bots.example.org`;
    const res = await form('/join', { name: 'Bot', type: 'other', website: 'bots.example.org', 'contact.name': 'Bot', 'contact.email': email, commitment: 'yes', fax: 'spam' });
    expect(res.status).toBe(303);
    expect(await rowFor(email)).toBeNull();
  });

  it('/organizations filters by type and state with a GET form', async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    await joinAndApprove(org({ name: `Filter Society ${tag}`, type: 'society', region: 'US-TX' }));
    await joinAndApprove(org({ name: `Filter Center ${tag}`, type: 'imaging-center', region: 'MX' }));
    const all = await (await SELF.fetch('https://pledge.test/organizations')).text();
    expect(all).toContain(`Filter Society ${tag}`);
    expect(all).toContain(`Filter Center ${tag}`);
    expect(all).toContain('<form method="get" action="/organizations">');
    const society = await (await SELF.fetch('https://pledge.test/organizations?type=society')).text();
    expect(society).toContain(`Filter Society ${tag}`);
    expect(society).not.toContain(`Filter Center ${tag}`);
    const mexico = await (await SELF.fetch('https://pledge.test/organizations?region=MX&lang=es')).text();
    expect(mexico).toContain(`Filter Center ${tag}`);
    expect(mexico).not.toContain(`Filter Society ${tag}`);
    expect(mexico).toContain('México');
    const texas = await (await SELF.fetch('https://pledge.test/organizations?region=us-tx')).text();
    expect(texas).toContain(`Filter Society ${tag}`);
    expect(texas).not.toContain(`Filter Center ${tag}`);
    // A shared link's filter that matches nobody listed shows as chosen, with the way back to everyone.
    for (const [query, option] of [['type=industry', '<option value="industry" selected>'], ['region=US-AK', '<option value="US-AK" selected>Alaska</option>']]) {
      const none = await (await SELF.fetch(`https://pledge.test/organizations?${query}`)).text();
      expect(none, query).toContain(option);
      expect(none).toContain('No listed organizations match these filters.');
      expect(none).toContain('Showing 0 organizations. <a href="/organizations?lang=en">Show all organizations</a>');
      // Said in the title too, which a screen reader announces when the filtered page loads.
      expect(none).toContain('<title>Showing 0 organizations · Organizations in the coalition · Radiology Health Equity Coalition</title>');
    }
    expect(await (await SELF.fetch('https://pledge.test/organizations?type=industry&lang=es')).text()).toContain('<a href="/organizations?lang=es">Mostrar todas las organizaciones</a>');
    expect(all).not.toContain('Show all organizations'); // unfiltered: nothing to clear
    // The join form says how many have joined, as /pledge does, linking to the list.
    const { total } = (await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { total: number };
    expect(total).toBeGreaterThan(1);
    expect(await (await SELF.fetch('https://pledge.test/join?lang=en')).text()).toContain(`<ul class="links"><li><a href="/organizations?lang=en">${total} organizations have joined</a></li></ul>`);
    expect(await (await SELF.fetch('https://pledge.test/join?lang=es')).text()).toContain(`<a href="/organizations?lang=es">Se han unido ${total} organizaciones</a>`);
  });
});

describe("an approved organization's change request: asked by its contact, reviewed by a maintainer", () => {
  const signedIn = async () => {
    const signIn = await form('/admin/sign-in', { token: 'test-admin-token' }, { Origin: 'https://pledge.test' });
    return { Origin: 'https://pledge.test', Cookie: signIn.headers.get('Set-Cookie')!.split(';')[0]! };
  };
  /** Sends the form again with `asked`, and asks for the changes by the "already a member" email's link. */
  async function askChange(asked: Record<string, unknown>, lang: 'en' | 'es') {
    const { queue, sent } = recordingQueue();
    expect((await postOrg(asked, { queue })).status).toBe(202);
    const [member] = await sendAll(sent.splice(0));
    const token = linkIn(member!.text, '/join/change');
    const page = await (await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${token}`)).text();
    const v = page.match(/name="v" value="([^"]+)"/)![1]!;
    const done = await form('/join/change', { t: token, v, lang });
    return { member: member!, page, done, sent };
  }
  const cardOf = (page: string, id: string) => page.slice(page.indexOf(`id="org-${id}"`), page.indexOf('</li>', page.indexOf(`id="org-${id}"`)));

  it('a new name and website wait, with membership and its date, until a maintainer approves them from the card; the list is purged; one email', async () => {
    for (const lang of ['en', 'es'] as const) {
      const t = ORG_STRINGS[lang];
      const a = ORG_ADMIN_STRINGS[lang];
      const body = org({ lang });
      const email = String((body.contact as { email: string }).email);
      const { id } = await joinAndApprove(body);
      const before = await rowFor(email);
      const tag = crypto.randomUUID().slice(0, 8);
      // A new website on the same registrable domain (one on another is another organization's request, reviewed as such).
      const site = String(body.website).replace('https://www.', 'https://imaging.');
      const domain = String(body.website).replace('https://www.', '');
      const asked = { ...body, name: `Renamed <b>Imaging</b> ${tag}`, website: site };
      const cached = { STATS_CACHE_SECONDS: '600' };
      const list = async () => (await (await call(new Request('https://pledge.test/api/organizations'), cached)).json()) as { total: number; organizations: { name: string; website: string }[] };
      const listedBefore = await list();
      expect(listedBefore.organizations.map((o) => o.name)).toContain(body.name);

      const { member, page, done, sent } = await askChange(asked, lang);
      const names = new Intl.ListFormat(lang, { type: 'conjunction' }).format([t.answerNames.name, t.answerNames.website]);
      // The email offers the link for changes that make the public list say more, not "withdraw and send again".
      expect(member.text).toContain(t.memberChanged(names));
      expect(member.html).toContain(`>${t.memberReviewLink}</a>`);
      expect(member.text).toMatch(new RegExp(`${t.memberReviewLink}:\\n\\S+/join/change\\?lang=${lang}&t=`));
      // The page shows each detail, now and asked (markup as text), and says the coalition reviews them first.
      expect(page).toContain(t.changeReviewCaption);
      expect(page).toContain(`Renamed &lt;b&gt;Imaging&lt;/b&gt; ${tag}`);
      expect(page).toContain(site);
      expect(page).toContain(t.changeReview);
      expect(page).toContain(`>${t.changeAskButton}</button>`);
      expect(done.status).toBe(200);
      expect(await done.text()).toContain(t.changeAskedHeading);
      expect(sent).toEqual([]);

      // Nothing public changes yet: membership, its date, the name and website, the list.
      const waiting = await rowFor(email);
      expect({ status: waiting!.status, decided_at: waiting!.decided_at, name: waiting!.name, website: waiting!.website }).toEqual({
        status: 'approved', decided_at: before!.decided_at, name: body.name, website: before!.website,
      });
      const cachedList = await list();
      expect(cachedList.organizations.map((o) => o.name)).toContain(body.name);
      expect(cachedList.organizations.map((o) => o.name)).not.toContain(asked.name);
      expect((await (await SELF.fetch(`https://pledge.test/organizations?lang=${lang}`)).text())).not.toContain(`Renamed &lt;b&gt;Imaging&lt;/b&gt; ${tag}`);

      // The maintainer's card: what is listed now and what is asked, detail by detail, with its buttons.
      const headers = await signedIn();
      const dashboard = await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers })).text();
      const card = cardOf(dashboard, id);
      expect(card).toContain(a.changeRequestHeading);
      expect(card).toContain(`<th scope="rowgroup" colspan="2">${a.nameLabel}</th></tr><tr><td><span class="cell-label" aria-hidden="true">${a.changeNow}: </span>${String(body.name)}</td><td><span class="cell-label" aria-hidden="true">${a.changeAsked}: </span>Renamed &lt;b&gt;Imaging&lt;/b&gt; ${tag}</td>`);
      expect(card).toContain(`<th scope="rowgroup" colspan="2">${a.websiteLabel}</th></tr><tr><td><span class="cell-label" aria-hidden="true">${a.changeNow}: </span>${String(before!.website)}</td><td><span class="cell-label" aria-hidden="true">${a.changeAsked}: </span>${site}/ <span class="badge badge--ok">${a.verified}</span></td>`);
      expect(card).not.toContain(a.changeReplaces(''));
      const v = card.match(new RegExp(`action="/admin/organizations/${id}/approve-change">[\\s\\S]*?name="v" value="([0-9a-f]+)"`))![1]!;
      expect(card).toContain(`action="/admin/organizations/${id}/decline-change"`);

      // A card drawn before the request changed decides nothing (409), at the card.
      const stale = await form(`/admin/organizations/${id}/approve-change`, { v: 'beefbeefbeef', ui_lang: lang }, headers);
      expect(stale.status).toBe(409);
      expect(await stale.text()).toContain(a.changeStale(String(body.name)));
      expect((await rowFor(email))!.name).toBe(body.name);

      const { queue, sent: queued } = recordingQueue();
      const approve = await call(
        new Request(`https://pledge.test/admin/organizations/${id}/approve-change`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ v, ui_lang: lang }).toString(),
          redirect: 'manual',
        }),
        { EMAIL_QUEUE: queue },
      );
      expect(approve.status).toBe(303);
      const after = await rowFor(email);
      expect({ status: after!.status, decided_at: after!.decided_at, name: after!.name, website: after!.website, domain: after!.domain, domain_verified: after!.domain_verified, change_asked: after!.change_asked }).toEqual({
        status: 'approved', decided_at: before!.decided_at, name: asked.name, website: `${site}/`, domain, domain_verified: 1, change_asked: null,
      });
      // The cached list was purged: the new details at once, counted once as before.
      const listedAfter = await list();
      expect(listedAfter.total).toBe(listedBefore.total);
      expect(listedAfter.organizations.map((o) => o.name)).toContain(asked.name);
      expect(listedAfter.organizations.map((o) => o.name)).not.toContain(body.name);
      const done2 = await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}&done=approve-change&org=${id}`, { headers })).text();
      expect(done2).toContain(a['done']['approve-change'](asked.name).replace('<b>', '&lt;b&gt;').replace('</b>', '&lt;/b&gt;'));

      // One email, in the contact's language, however often its row is delivered.
      expect(queued).toHaveLength(1);
      expect(queued[0]).toMatch(new RegExp(`^org-change-approved:${id}:`));
      const delivered = await sendAll([queued[0]!, queued[0]!]);
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.subject).toBe(t.changeApprovedSubject(asked.name));
      expect(delivered[0]!.text).toContain(t.changeApprovedIntro(asked.name, true));
      expect(delivered[0]!.html).toContain(`<html lang="${lang}"`);
      expect(delivered[0]!.html).not.toContain('<b>Imaging</b>');
      // Approved again (a second tab): nothing left to decide, no second email.
      const again = await form(`/admin/organizations/${id}/approve-change`, { v, ui_lang: lang }, headers);
      expect(again.status).toBe(409);
      expect(await again.text()).toContain(a.changeNone(asked.name).replace('<b>', '&lt;b&gt;').replace('</b>', '&lt;/b&gt;'));
      const rows = await env.DB.prepare(`SELECT count(*) AS n FROM email_outbox WHERE ref = ? AND kind GLOB 'org-change-*'`).bind(id).first<{ n: number }>();
      expect(rows!.n).toBe(1);
    }
    await caches.default.delete('https://rhec-pledge.internal/api/organizations');
  });

  it("an approved change to an organization not listed by name: its email does not say the list shows the new details", async () => {
    for (const lang of ['en', 'es'] as const) {
      const t = ORG_STRINGS[lang];
      const body = org({ lang, listPublicly: false });
      const email = String((body.contact as { email: string }).email);
      const { id } = await joinAndApprove(body);
      const name = `${String(body.name)} Imaging`;
      await askChange({ ...body, name }, lang);
      const { queue, sent } = recordingQueue();
      const approved = await call(new Request(`https://pledge.test/api/admin/organizations/${id}/approve-change`, { method: 'POST', headers: ADMIN }), { EMAIL_QUEUE: queue });
      expect(approved.status).toBe(200);
      expect(await rowFor(email)).toMatchObject({ name, list_publicly: 0 });
      const [told] = await sendAll(sent);
      expect(told!.subject).toBe(t.changeApprovedSubject(name));
      expect(told!.text).not.toContain(t.changeApprovedIntro(name, true));
      expect(told!.text).toContain(t.changeApprovedIntro(name, false));
      // Nor does the dashboard, saying what was done.
      const done = ORG_ADMIN_STRINGS[lang].done;
      const page = await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}&done=approve-change&org=${id}`, { headers: await signedIn() })).text();
      expect(page).not.toContain(done['approve-change'](name));
      expect(page).toContain(ORG_ADMIN_STRINGS[lang].changeApprovedUnseen(name));
    }
  });

  it("the changes a contact applies through /join/change are confirmed by one email, in the language they pressed in, naming only what changed, once across a double press and redelivery", async () => {
    for (const [lang, pressed] of [['en', 'en'], ['es', 'es'], ['en', 'es']] as const) {
      const t = ORG_STRINGS[pressed];
      const body = org({ lang });
      const email = String((body.contact as { email: string }).email);
      const { id } = await joinAndApprove(body);
      const { queue, sent } = recordingQueue();
      // Not listed by name any more, another number of radiologists, a new title, and a new name (for review).
      const name = `${String(body.name)} Health`;
      expect((await postOrg({ ...body, name, listPublicly: false, size: '50-199', contact: { ...(body.contact as object), title: 'Director' } }, { queue })).status).toBe(202);
      const [member] = await sendAll(sent.splice(0));
      const token = linkIn(member!.text, '/join/change');
      const page = await (await SELF.fetch(`https://pledge.test/join/change?lang=${pressed}&t=${token}`)).text();
      const v = page.match(/name="v" value="([^"]+)"/)![1]!;
      const press = () =>
        call(
          new Request('https://pledge.test/join/change', {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ t: token, v, lang: pressed }).toString(),
          }),
          { EMAIL_QUEUE: queue },
        );
      // A double press: one applies, the other finds nothing left; one email is queued.
      const answers = await Promise.all([press(), press()]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(new RegExp(`^org-changed:${id}:`));
      // Delivered twice (a redelivered message): one email.
      const delivered = await sendAll([sent[0]!, sent[0]!]);
      expect(delivered).toHaveLength(1);
      const told = delivered[0]!;
      expect(told.to).toBe(email);
      expect(told.headers?.['Content-Language']).toBe(pressed);
      expect(told.subject).toBe(t.changedSubject(String(body.name)));
      expect(told.html).toContain(`<html lang="${pressed}"`);
      expect(told.text).toContain(t.greeting('Grace Hopper'));
      expect(told.text).toContain(t.changedIntro(String(body.name)));
      // Only what changed, as it now reads; the listing said as the approval says it; the new name waits for review.
      expect(told.text).toContain(`${t.detailSize}: ${t.sizes['50-199']}`);
      expect(told.text).toContain(`${t.contactTitleLabel}: Director`);
      expect(told.text).toContain(`${t.detailListing}: ${t.detailUnlisted}`);
      expect(told.html).toContain(`<li>${t.contactTitleLabel}: Director</li>`);
      expect(told.text).not.toContain(`${t.contactNameLabel}:`);
      expect(told.text).not.toContain(name);
      expect(told.text).toContain(t.approvedUnlisted);
      expect(told.text).toContain(t.changedReviewWaits);
      expect(told.text).toContain(`/join/withdraw?lang=${pressed}&t=`);
      const rows = await env.DB.prepare(`SELECT count(*) AS n FROM email_outbox WHERE ref = ? AND kind = 'org-changed'`).bind(id).first<{ n: number }>();
      expect(rows!.n).toBe(1);

      // A suppressed address (a hard bounce) gets nothing more, as for the other organization emails.
      await suppress(env, email, 'bounce', 'test');
      expect((await postOrg({ ...body, name, listPublicly: false, size: '200-999', contact: { ...(body.contact as object), title: 'Director' } }, { queue })).status).toBe(202);
      const memberAgain = sent.at(-1)!;
      await sendAll([memberAgain]);
      const token2 = await makeToken(env, id, 'org-change');
      const page2 = await (await SELF.fetch(`https://pledge.test/join/change?lang=${pressed}&t=${token2}`)).text();
      const v2 = page2.match(/name="v" value="([^"]+)"/)![1]!;
      const pressedAgain = await call(
        new Request('https://pledge.test/join/change', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ t: token2, v: v2, lang: pressed }).toString() }),
        { EMAIL_QUEUE: queue },
      );
      expect(pressedAgain.status).toBe(200);
      expect((await rowFor(email))!.size).toBe('200-999');
      const second = sent.at(-1)!;
      expect(second).toMatch(new RegExp(`^org-changed:${id}:size:`));
      expect(await sendAll([second])).toEqual([]);
      expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(second).first()).toEqual({ status: 'cancelled', last_error: 'suppressed' });
    }
  });

  it('an organization counted through an earlier listed request for its domain: unlisting it, or asking for a new name, is said to change nothing public, to its contact and on the card (en/es)', async () => {
    for (const lang of ['en', 'es'] as const) {
      const t = ORG_STRINGS[lang];
      const a = ORG_ADMIN_STRINGS[lang];
      const first = org({ lang, listPublicly: true });
      await joinAndApprove(first);
      const domain = String(first.website).replace('https://www.', '');
      const later = { ...first, name: `${String(first.name)} Imaging`, contact: { name: 'Ada Lovelace', email: `ada@${domain}`, title: 'Lead' } };
      const { id } = await joinAndApprove(later);
      const listed = async () => ((await (await SELF.fetch('https://pledge.test/api/organizations')).json()) as { organizations: { name: string }[] }).organizations.map((o) => o.name);
      expect(await listed()).toContain(first.name);

      // Unlisting the later request: applied, and said to change nothing public (the earlier one lists the organization).
      const unlisted = await askChange({ ...later, listPublicly: false }, lang);
      expect(unlisted.page).toContain(t.changeThrough);
      const answer = await unlisted.done.text();
      expect(unlisted.done.status).toBe(200);
      expect(answer).toContain(t.changedHeading);
      expect(answer).toContain(t.changedThroughBody);
      expect(answer).not.toContain(t.changedUnlistedBody);
      expect((await env.DB.prepare('SELECT list_publicly FROM organizations WHERE id = ?').bind(id).first('list_publicly'))).toBe(0);
      expect(await listed()).toContain(first.name);

      // A new name: asked for review; the page and the answer say that, while the earlier request counts it, nothing public changes.
      const renamed = await askChange({ ...later, listPublicly: false, name: `${String(first.name)} Renamed` }, lang);
      expect(renamed.member.text).toContain(t.memberChangedThrough(t.answerNames.name));
      expect(renamed.member.text).not.toContain(t.memberChanged(t.answerNames.name));
      expect(renamed.page).toContain(t.changeThrough);
      expect(renamed.page).toContain(t.changeReviewThrough);
      expect(renamed.page).not.toContain(t.changeReview);
      const asked = await renamed.done.text();
      expect(asked).toContain(t.changeAskedHeading);
      expect(asked).toContain(t.changeAskedThroughBody);
      expect(asked).not.toContain(t.changeAskedBody);

      // The maintainer's card says so, naming (and linking to) the request that counts it.
      const headers = await signedIn();
      const card = cardOf(await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers })).text(), id);
      expect(card).toContain(a.changeRequestHeading);
      expect(card).toMatch(new RegExp(`<strong>${a.changeThrough}</strong> ${a.changeThroughOf} <a href="#org-[^"]+">${String(first.name)}</a> ${a.changeThroughEnd}`));
      // Approved from the card: the notice does not say the public list shows it now; the list still shows the earlier request.
      const v = card.match(new RegExp(`action="/admin/organizations/${id}/approve-change">[\\s\\S]*?name="v" value="([0-9a-f]+)"`))![1]!;
      const approved = await form(`/admin/organizations/${id}/approve-change`, { v, ui_lang: lang }, headers);
      expect(approved.status).toBe(303);
      const notice = await (await SELF.fetch(new URL(approved.headers.get('Location')!, 'https://pledge.test'), { headers })).text();
      expect(notice).toContain(a.changeApprovedUnseen(`${String(first.name)} Renamed`));
      expect(notice).not.toContain(a.done['approve-change'](`${String(first.name)} Renamed`));
      expect(await listed()).toContain(first.name);
      expect(await listed()).not.toContain(`${String(first.name)} Renamed`);
    }
  });

  it('a change request from an organization counted on its own: no word of another request, to its contact or on the card', async () => {
    const lang = 'es';
    const body = org({ lang, listPublicly: true });
    const { id } = await joinAndApprove(body);
    const { page, done } = await askChange({ ...body, name: `${String(body.name)} Renamed` }, lang);
    expect(page).toContain(ORG_STRINGS[lang].changeReview);
    expect(page).not.toContain(ORG_STRINGS[lang].changeThrough);
    expect(await done.text()).toContain(ORG_STRINGS[lang].changeAskedBody);
    const card = cardOf(await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers: await signedIn() })).text(), id);
    expect(card).toContain(ORG_ADMIN_STRINGS[lang].changeRequestHeading);
    expect(card).not.toContain(ORG_ADMIN_STRINGS[lang].changeThrough);
  });

  it('newer answers that ask for nothing to review (not listed after all, a new number of radiologists) drop the pending request: approving it later lists nothing', async () => {
    for (const lang of ['en', 'es'] as const) {
      const body = org({ lang, listPublicly: false });
      const email = String((body.contact as { email: string }).email);
      const { id } = await joinAndApprove(body);
      expect(await (await askChange({ ...body, listPublicly: true }, lang)).done.text()).toContain(ORG_STRINGS[lang].changeAskedHeading);
      const pending = JSON.parse(String((await rowFor(email))!.change_asked)) as { asked_at: string };
      // The newest answers: still not listed by name, a new size (applied by the contact): the newest answers stand,
      // and the page says so before the press.
      const { page, done } = await askChange({ ...body, listPublicly: false, size: '50-199' }, lang);
      expect(page).toContain(ORG_STRINGS[lang].changePending(formatDayFor(pending.asked_at, lang)));
      expect(done.status).toBe(200);
      expect(await rowFor(email)).toMatchObject({ status: 'approved', size: '50-199', list_publicly: 0, change_asked: null });
      expect((await call(new Request(`https://pledge.test/api/admin/organizations/${id}/approve-change`, { method: 'POST', headers: ADMIN }))).status).toBe(409);
      expect(await rowFor(email)).toMatchObject({ list_publicly: 0 });
    }
  });

  it('a pending request decided after the change page was opened: its button is refused (409) and the page shown again as things now stand, nothing applied unseen', async () => {
    for (const lang of ['en', 'es'] as const) {
      const t = ORG_STRINGS[lang];
      const body = org({ lang, listPublicly: false });
      const email = String((body.contact as { email: string }).email);
      const { id } = await joinAndApprove(body);
      await askChange({ ...body, listPublicly: true }, lang); // waiting: listed by name
      // The newest answers: not listed after all, a new size. Their page shows the size alone (the listing
      // they drop is not listed now), and says they replace the request waiting.
      const { queue, sent } = recordingQueue();
      expect((await postOrg({ ...body, listPublicly: false, size: '50-199' }, { queue })).status).toBe(202);
      const [member] = await sendAll(sent.splice(0));
      const token = linkIn(member!.text, '/join/change');
      const page = await (await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${token}`)).text();
      const row = (label: string) => `<th scope="rowgroup" colspan="2">${label}</th>`;
      expect(page).toContain(row(t.detailSize));
      expect(page).not.toContain(row(t.detailListing));
      const v = page.match(/name="v" value="([^"]+)"/)![1]!;
      // Meanwhile a maintainer approves the request waiting: the organization is listed by name.
      expect((await call(new Request(`https://pledge.test/api/admin/organizations/${id}/approve-change`, { method: 'POST', headers: ADMIN }))).status).toBe(200);
      expect(await rowFor(email)).toMatchObject({ list_publicly: 1, size: '10-49', change_asked: null });
      // The page's button (size only) does not unlist it unseen: shown again, with the listing now among the changes.
      const pressed = await form('/join/change', { t: token, v, lang });
      expect(pressed.status).toBe(409);
      const again = await pressed.text();
      expect(again).toContain(t.changeStale);
      expect(again).toContain(row(t.detailListing));
      expect(await rowFor(email)).toMatchObject({ list_publicly: 1, size: '10-49' });
      // Pressed from that page, both apply.
      const v2 = again.match(/name="v" value="([^"]+)"/)![1]!;
      expect((await form('/join/change', { t: token, v: v2, lang })).status).toBe(200);
      expect(await rowFor(email)).toMatchObject({ status: 'approved', list_publicly: 0, size: '50-199', change_asked: null });
    }
    await caches.default.delete('https://rhec-pledge.internal/api/organizations');
  });

  it('a newer request replaces a pending one (the card says so), a stale or declined one changes nothing, and withdrawing drops it', async () => {
    for (const lang of ['es', 'en'] as const) {
      const t = ORG_STRINGS[lang];
      const a = ORG_ADMIN_STRINGS[lang];
      const body = org({ lang, listPublicly: false });
      const email = String((body.contact as { email: string }).email);
      const { id } = await joinAndApprove(body);
      // First: listed by name after all; then, a new name too (listing asked again: the newest answers stand).
      expect((await (await askChange({ ...body, listPublicly: true }, lang)).done.text())).toContain(t.changeAskedHeading);
      const first = ((await (await admin('/organizations')).json()) as { organizations: { id: string; changeRequest: { digest: string; asked: Record<string, unknown>; askedAt: string; replacesAskedAt: string | null } | null }[] }).organizations.find((o) => o.id === id)!.changeRequest!;
      expect(first.asked).toEqual({ listPublicly: true });
      expect(first.replacesAskedAt).toBeNull();
      await askChange({ ...body, listPublicly: true, name: `${String(body.name)} Group`, type: 'society' }, lang);
      const second = ((await (await admin('/organizations')).json()) as { organizations: { id: string; changeRequest: { digest: string; asked: Record<string, unknown>; replacesAskedAt: string | null } | null }[] }).organizations.find((o) => o.id === id)!.changeRequest!;
      expect(second.asked).toEqual({ name: `${String(body.name)} Group`, type: 'society', listPublicly: true });
      expect(second.replacesAskedAt).toBe(first.askedAt);
      const card = cardOf(await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers: await signedIn() })).text(), id);
      expect(card).toContain(a.changeReplaces(formatDayFor(first.askedAt, lang)));
      expect(card).toContain(`<th scope="rowgroup" colspan="2">${a.listingLabel}</th></tr><tr><td><span class="cell-label" aria-hidden="true">${a.changeNow}: </span>${a.notListed}</td><td><span class="cell-label" aria-hidden="true">${a.changeAsked}: </span>${a.listed}</td>`);

      // Decided on the replaced request: 409, nothing applied.
      const { queue, sent } = recordingQueue();
      const decide = (digest: string) =>
        call(new Request(`https://pledge.test/api/admin/organizations/${id}/decline-change`, { method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json' }, body: JSON.stringify({ v: digest }) }), { EMAIL_QUEUE: queue });
      expect((await decide(first.digest)).status).toBe(409);
      const declined = await decide(second.digest);
      expect(declined.status).toBe(200);
      expect(((await declined.json()) as { organization: { changeRequest: unknown; name: string } }).organization).toMatchObject({ changeRequest: null, name: body.name });
      expect(await rowFor(email)).toMatchObject({ status: 'approved', name: body.name, type: 'practice', list_publicly: 0 });
      expect(sent).toHaveLength(1);
      const [told] = await sendAll([sent[0]!, sent[0]!]);
      expect(told!.subject).toBe(t.changeDeclinedSubject(String(body.name)));
      expect(told!.text).toContain(t.changeDeclinedIntro(String(body.name), formatDayFor(sent[0]!.split(':').slice(2).join(':'), lang, 'long')));
      expect(told!.headers?.['Content-Language']).toBe(lang);

      // Asked again, then the organization withdrawn: the request is dropped, and nothing is left to decide.
      const { member } = await askChange({ ...body, name: `${String(body.name)} Health` }, lang);
      expect((await rowFor(email))!.change_asked).not.toBeNull();
      expect((await form('/join/withdraw', { t: linkIn(member.text, '/join/withdraw'), lang })).status).toBe(200);
      const gone = await env.DB.prepare('SELECT change_asked, status FROM organizations WHERE id = ?').bind(id).first();
      expect(gone).toEqual({ change_asked: null, status: 'withdrawn' });
      expect((await call(new Request(`https://pledge.test/api/admin/organizations/${id}/approve-change`, { method: 'POST', headers: ADMIN }))).status).toBe(409);
    }
  });

  it('Decline the change asks first on a page of its own (en/es, focused, keeping the search and the digest), apart from the organization\'s own buttons', async () => {
    for (const lang of ['en', 'es'] as const) {
      const a = ORG_ADMIN_STRINGS[lang];
      const body = org({ lang });
      const email = String((body.contact as { email: string }).email);
      const { id } = await joinAndApprove(body);
      await askChange({ ...body, name: `${String(body.name)} Group` }, lang);
      const headers = await signedIn();
      const card = cardOf(await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers })).text(), id);
      // The change's buttons are a group named by the change's heading; the organization's own follow under a label of their own.
      expect(card).toContain(`<div class="actions" role="group" aria-labelledby="change-${id}">`);
      expect(card).toContain(`<div class="actions" role="group" aria-labelledby="acts-${id}">`);
      expect(card).toContain(`<p class="acts-label" id="acts-${id}">${a.organizationActions}</p>`);
      const v = card.match(new RegExp(`action="/admin/organizations/${id}/decline-change">[\\s\\S]*?name="v" value="([0-9a-f]+)"`))![1]!;
      const { queue, sent } = recordingQueue();
      const post = (fields: Record<string, string>) =>
        call(new Request(`https://pledge.test/admin/organizations/${id}/decline-change`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' }), { EMAIL_QUEUE: queue });
      // A stale card is refused before any check.
      expect((await post({ v: 'beefbeefbeef', ui_lang: lang })).status).toBe(409);
      const check = await post({ v, ui_lang: lang, q: 'group', status: 'approved' });
      expect(check.status).toBe(200);
      const page = await check.text();
      expect(page).toContain(`<html lang="${lang}"`);
      expect(page).toContain(`<h1 tabindex="-1" autofocus>${a.declineChangeCheckHeading(String(body.name))}</h1>`);
      expect(page).toContain(a.declineChangeCheckBody);
      expect(page).toContain(`<form method="post" action="/admin/organizations/${id}/decline-change">`);
      expect(page).toContain('name="confirm" value="yes"');
      expect(page).toContain(`name="v" value="${v}"`);
      // What is being declined: the card's own table of each asked detail, now and as asked.
      expect(page).toContain(`<caption>${a.changeCaption}</caption>`);
      expect(page).toContain(`<th scope="rowgroup" colspan="2">${a.nameLabel}</th></tr><tr><td><span class="cell-label" aria-hidden="true">${a.changeNow}: </span>${String(body.name)}</td><td><span class="cell-label" aria-hidden="true">${a.changeAsked}: </span>${String(body.name)} Group</td>`);
      expect(page).toContain('name="q" value="group"');
      expect(page).toContain('name="status" value="approved"');
      expect(page).toContain(`>${a.declineChangeConfirm}<span class="visually-hidden"> ${String(body.name)}</span></button>`);
      expect(page).toContain(`>${a.declineChangeKeep}</a>`);
      expect(page).toMatch(new RegExp(`href="[^"]*q=group[^"]*#org-${id}"`));
      // Nothing decided, nobody emailed, until the check is answered.
      expect(sent).toEqual([]);
      expect((await rowFor(email))!.change_asked).not.toBeNull();
      const done = await post({ v, ui_lang: lang, q: 'group', status: 'approved', confirm: 'yes' });
      expect(done.status).toBe(303);
      expect(done.headers.get('Location')).toContain('q=group');
      expect((await rowFor(email))!.change_asked).toBeNull();
      expect(sent).toHaveLength(1);
    }
  });

  it('once the contact has had every "already a member" email, the card no longer says the email gave them a link (en/es)', async () => {
    for (const lang of ['en', 'es'] as const) {
      const a = ORG_ADMIN_STRINGS[lang];
      const body = org({ lang, listPublicly: true });
      const { id } = await joinAndApprove(body);
      const { queue, sent } = recordingQueue();
      // Each of the MAX_MEMBER_REMINDERS emails goes (and said what was asked then).
      for (let i = 1; i <= MAX_MEMBER_REMINDERS; i++) {
        expect((await postOrg({ ...body, name: `${String(body.name)} ${i}` }, { queue })).status).toBe(202);
        await sendAll(sent.slice(i - 1));
      }
      expect(sent).toHaveLength(MAX_MEMBER_REMINDERS);
      const headers = await signedIn();
      const names = (answers: (keyof typeof a.answerNames)[]) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(answers.map((x) => a.answerNames[x]));
      let card = cardOf(await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers })).text(), id);
      expect(card).toContain(a.askedSince(names(['name']), true));
      // Asked again, other answers: no email goes, so the card says none went for them, not that it gave a link.
      expect((await postOrg({ ...body, name: `${String(body.name)} again`, listPublicly: false }, { queue })).status).toBe(202);
      expect(sent).toHaveLength(MAX_MEMBER_REMINDERS);
      card = cardOf(await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers })).text(), id);
      expect(card).not.toContain(a.askedSince(names(['name']), true));
      expect(card).not.toContain(a.askedSelf(names(['list_publicly'])));
      expect(card).toContain(a.askedSince(names(['name']), true, false));
      expect(card).toContain(a.askedSelf(names(['list_publicly']), false));
      // The cap it names is per 30 days (a stranger cannot use it up for good), as the card says.
      expect(card).toContain(lang === 'en' ? `the ${MAX_MEMBER_REMINDERS} emails allowed in 30 days for sending the form again` : `los ${MAX_MEMBER_REMINDERS} correos permitidos en 30 días por volver a enviar el formulario`);
    }
  });

  it('the API refuses a malformed body (400, as every admin JSON route) and decides nothing; the CSV has the waiting request', async () => {
    const body = org({ lang: 'es' });
    const email = String((body.contact as { email: string }).email);
    const { id } = await joinAndApprove(body);
    const tag = crypto.randomUUID().slice(0, 8);
    await askChange({ ...body, name: `=Renamed ${tag}` }, 'es');
    const { queue, sent } = recordingQueue();
    for (const action of ['approve-change', 'decline-change']) {
      for (const bad of ['{"v":', new Uint8Array([0x7b, 0x22, 0x76, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])]) {
        const res = await call(new Request(`https://pledge.test/api/admin/organizations/${id}/${action}`, { method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json', 'Accept-Language': 'es' }, body: bad }), { EMAIL_QUEUE: queue });
        expect(res.status).toBe(400);
        const answer = (await res.json()) as { error: { code: string; message: string } };
        expect(answer.error.code).toBe('bad_json');
      }
    }
    // JSON, but no object to hold a `v` (`null` included: it is not "no body"): 422, nothing decided.
    for (const action of ['approve-change', 'decline-change']) {
      for (const notObject of ['[]', '[{"v":"x"}]', '"abc"', '42', 'null', ' null ', 'true', 'false']) {
        const res = await call(new Request(`https://pledge.test/api/admin/organizations/${id}/${action}`, { method: 'POST', headers: { ...ADMIN, 'Content-Type': 'application/json' }, body: notObject }), { EMAIL_QUEUE: queue });
        expect(res.status, `${action} ${notObject}`).toBe(422);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation');
      }
    }
    expect(sent).toEqual([]);
    const row = await rowFor(email);
    expect(row!.change_asked).not.toBeNull();
    expect(row!.name).toBe(body.name);
    // The CSV: what is asked (as the API names it) and when, in columns after the others, formulas neutralized.
    const csv = (await (await admin('/organizations.csv')).text()).replace(/^\uFEFF/, '');
    const header = csv.split(/\r?\n/)[0]!.split(',');
    expect(header.slice(-4)).toEqual(['apart', 'change_asked', 'change_asked_at', 'contact_suppressed']);
    const askedAt = JSON.parse(row!.change_asked as string).asked_at as string;
    const line = csv.split(/\r?\n/).find((l) => l.startsWith(`${id},`))!;
    expect(line.endsWith(`,"{""name"":""=Renamed ${tag}""}",${askedAt},0`)).toBe(true);
    // An empty body is still "no v": the request read is decided.
    expect((await call(new Request(`https://pledge.test/api/admin/organizations/${id}/decline-change`, { method: 'POST', headers: ADMIN }), { EMAIL_QUEUE: queue })).status).toBe(200);
    expect(sent).toHaveLength(1);
    const after = (await (await admin('/organizations.csv')).text()).split(/\r?\n/).find((l) => l.startsWith(`${id},`))!;
    expect(after.endsWith(',,,0')).toBe(true);
  });
  it('an organization withdrawn while its change was being decided is told as that (409, nothing waiting), not as its contact asking again (en/es)', async () => {
    // Through the API and the dashboard's card: the true reason, and nobody emailed.
    for (const lang of ['en', 'es'] as const) {
      const a = ORG_ADMIN_STRINGS[lang];
      for (const surface of ['api', 'dashboard'] as const) {
        const body = org({ lang });
        const { id } = await joinAndApprove(body);
        await askChange({ ...body, name: `${String(body.name)} Group` }, lang);
        // The contact withdraws between the decision's read and its write: the batch that applies the change.
        let armed = false;
        let raced = false;
        const DB = new Proxy(env.DB, {
          get(target, key) {
            if (key === 'prepare') {
              return (sql: string) => {
                if (/^UPDATE organizations SET .*change_asked = NULL/s.test(sql)) armed = true;
                return target.prepare(sql);
              };
            }
            if (key === 'batch') {
              return async (statements: D1PreparedStatement[]) => {
                if (armed && !raced) {
                  raced = true;
                  expect(await withdrawOrganization(target, id, 'contact')).toBe(true);
                }
                return target.batch(statements);
              };
            }
            const value = Reflect.get(target, key) as unknown;
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        });
        const { queue, sent } = recordingQueue();
        if (surface === 'api') {
          const res = await call(new Request(`https://pledge.test/api/admin/organizations/${id}/approve-change`, { method: 'POST', headers: ADMIN }), { DB, EMAIL_QUEUE: queue });
          expect(res.status).toBe(409);
          const message = ((await res.json()) as { error: { message: string } }).error.message;
          expect(message).not.toContain('asked again');
          expect(message).toContain('withdrawn');
        } else {
          const headers = await signedIn();
          const card = cardOf(await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers })).text(), id);
          const v = card.match(new RegExp(`action="/admin/organizations/${id}/approve-change">[\\s\\S]*?name="v" value="([0-9a-f]+)"`))![1]!;
          const res = await call(
            new Request(`https://pledge.test/admin/organizations/${id}/approve-change`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ v, ui_lang: lang }).toString(), redirect: 'manual' }),
            { DB, EMAIL_QUEUE: queue },
          );
          expect(res.status).toBe(409);
          const page = await res.text();
          expect(page).toContain(a.changeNone(String(body.name)));
          expect(page).not.toContain(a.changeStale(String(body.name)));
        }
        expect(raced).toBe(true);
        expect(sent).toEqual([]);
      }
    }
  });

  it("a contact approved before confirming proves their mailbox by pressing /join/change's button (not by opening it): confirmed then, told so on the page, greeted by name after, the card and API say confirmed (en/es)", async () => {
    for (const lang of ['en', 'es'] as const) {
      const t = ORG_STRINGS[lang];
      const a = ORG_ADMIN_STRINGS[lang];
      const body = org({ lang });
      const email = String((body.contact as { email: string }).email);
      // Approved before its contact confirmed: nobody has shown yet that the address is theirs.
      const { queue, sent } = recordingQueue();
      expect((await postOrg(body, { queue })).status).toBe(202);
      const id = String((await rowFor(email))!.id);
      expect((await admin(`/organizations/${id}/approve`, 'POST', queue)).status).toBe(200);
      await sendAll(sent.splice(0));
      expect((await rowFor(email))!.confirmed_at).toBeNull();
      // A new title (applied at the press) and a new name (for review), asked by the form again; the "already a member" email's link.
      expect((await postOrg({ ...body, name: `${String(body.name)} Group`, contact: { ...(body.contact as object), title: 'Director' } }, { queue })).status).toBe(202);
      const [member] = await sendAll(sent.splice(0));
      expect(member!.text.split('\n')[0]).toBe(t.salutation);
      const token = linkIn(member!.text, '/join/change');
      // Opened (a mail scanner may): the page says the press also confirms the address, and whose name it greets; nothing is confirmed yet.
      const page = await (await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${token}`)).text();
      expect(page).toContain(t.changeConfirms('Grace Hopper'));
      expect((await rowFor(email))!.confirmed_at).toBeNull();
      const v = page.match(/name="v" value="([^"]+)"/)![1]!;
      expect((await form('/join/change', { t: token, v, lang })).status).toBe(200);
      // Pressed: the mailbox is proven, as the confirmation link's press proves it.
      const row = await rowFor(email);
      expect(row!.confirmed_at).not.toBeNull();
      expect(row!.status).toBe('approved');
      const listed = (await (await admin('/organizations')).json()) as { organizations: { id: string; confirmedAt: string | null }[] };
      expect(listed.organizations.find((o) => o.id === id)!.confirmedAt).toBe(row!.confirmed_at);
      const headers = await signedIn();
      const card = cardOf(await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers })).text(), id);
      expect(card).not.toContain(`<span class="badge badge--warn">${a.status.unconfirmed}</span>`);
      // The emails after it greet the contact by name: the one confirming the press, and the review's.
      const appliedId = (await env.DB.prepare(`SELECT id FROM email_outbox WHERE ref = ? AND kind = 'org-changed'`).bind(id).first<{ id: string }>())!.id;
      const { queue: decisions, sent: decided } = recordingQueue();
      const approve = await call(new Request(`https://pledge.test/api/admin/organizations/${id}/approve-change`, { method: 'POST', headers: ADMIN }), { EMAIL_QUEUE: decisions });
      expect(approve.status).toBe(200);
      const emails = await sendAll([appliedId, ...decided]);
      expect(emails).toHaveLength(2);
      for (const e of emails) {
        expect(e.text.split('\n')[0]).toBe(t.greeting('Grace Hopper'));
        expect(e.html).toContain(`<p>${t.greeting('Grace Hopper')}</p>`);
      }
      // A contact who confirmed already is not told the press confirms anything.
      const confirmed = org({ lang });
      await joinAndApprove(confirmed);
      const { page: plain } = await askChange({ ...confirmed, contact: { ...(confirmed.contact as object), title: 'Director' } }, lang);
      expect(plain).not.toContain(t.changeConfirms('Grace Hopper'));
    }
  });

  it("a change link pressed or opened after the organization left says its membership ended and how to join again, not 'nothing to change', naming nobody else (en/es)", async () => {
    for (const lang of ['en', 'es'] as const) {
      const t = ORG_STRINGS[lang];
      for (const ended of ['withdrawn', 'removed', 'declined'] as const) {
        const body = org({ lang });
        const { id } = await joinAndApprove(body);
        // Another contact's approved, listed request for the same website: never hinted at on this contact's page.
        const other = org({ lang, website: body.website, name: `Other Contact's Name ${crypto.randomUUID().slice(0, 6)}` }, { name: 'Ada Lovelace', email: String((body.contact as { email: string }).email).replace('grace@', 'ada@') });
        await joinAndApprove(other);
        const { queue, sent } = recordingQueue();
        expect((await postOrg({ ...body, size: '50-199' }, { queue })).status).toBe(202);
        const [member] = await sendAll(sent.splice(0));
        const token = linkIn(member!.text, '/join/change');
        const v = (await (await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${token}`)).text()).match(/name="v" value="([^"]+)"/)![1]!;
        if (ended === 'withdrawn') expect((await form('/join/withdraw', { t: linkIn(member!.text, '/join/withdraw'), lang })).status).toBe(200);
        else expect((await admin(`/organizations/${id}/${ended === 'removed' ? 'remove' : 'decline'}`, 'POST')).status).toBe(200);
        for (const res of [await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${token}`), await form('/join/change', { t: token, v, lang })]) {
          expect(res.status).toBe(200);
          const page = await res.text();
          expect(page).toContain(`<h1>${t.changeEndedHeading}</h1>`);
          expect(page).toContain(t.changeEndedBody);
          expect(page).toContain(`<a href="/join?lang=${lang}">${t.expiredLink}</a>`);
          expect(page).not.toContain(t.changeNoneHeading);
          expect(page).not.toContain(String(other.name));
          expect(page).not.toContain('Ada Lovelace');
        }
      }
      // Still a member, the changes applied already: "nothing to change", as before.
      const body = org({ lang });
      await joinAndApprove(body);
      const { member, done } = await askChange({ ...body, size: '50-199' }, lang);
      expect(done.status).toBe(200);
      const again = await (await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${linkIn(member.text, '/join/change')}`)).text();
      expect(again).toContain(t.changeNoneHeading);
      expect(again).not.toContain(t.changeEndedHeading);
      // Still a member, the changes set aside by a newer decision (approved again: the waiting answers dropped, not
      // applied): "nothing to change", which does not say they were applied (a review's finding).
      const setAside = org({ lang });
      const { id: setAsideId } = await joinAndApprove(setAside);
      const { queue, sent } = recordingQueue();
      expect((await postOrg({ ...setAside, size: '50-199' }, { queue })).status).toBe(202);
      const [member2] = await sendAll(sent.splice(0));
      expect((await admin(`/organizations/${setAsideId}/approve`, 'POST')).status).toBe(200);
      const aside = await (await SELF.fetch(`https://pledge.test/join/change?lang=${lang}&t=${linkIn(member2!.text, '/join/change')}`)).text();
      expect(aside).toContain(t.changeNoneHeading);
      expect(aside).toContain(t.changeNoneBody);
      expect(t.changeNoneBody).toMatch(lang === 'en' ? /applied already, or set aside by a newer decision/ : /ya se aplicaron, o una decisión posterior/);
    }
  });

  it("a suppressed contact who sends the form again: the card says no email went, as their address is suppressed, not that the email gave them a link (en/es)", async () => {
    for (const lang of ['en', 'es'] as const) {
      const a = ORG_ADMIN_STRINGS[lang];
      const headers = await signedIn();
      const names = (answers: (keyof typeof a.answerNames)[]) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(answers.map((x) => a.answerNames[x]));
      const cardNow = async (id: string) => cardOf(await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers })).text(), id);
      // Approved: a new name (for review) and no longer listed (applied by the contact's link), sent again after the address bounced.
      const body = org({ lang, listPublicly: true });
      const email = String((body.contact as { email: string }).email);
      const { id } = await joinAndApprove(body);
      await suppress(env, email, 'bounce', 'test');
      const { queue, sent } = recordingQueue();
      expect((await postOrg({ ...body, name: `${String(body.name)} Group`, listPublicly: false }, { queue })).status).toBe(202);
      expect(await sendAll(sent.splice(0))).toEqual([]); // the "already a member" email is cancelled, never sent
      const card = await cardNow(id);
      expect(a.askedSelf(names(['list_publicly']), 'suppressed')).not.toBe(a.askedSelf(names(['list_publicly'])));
      expect(card).toContain(a.askedSelf(names(['list_publicly']), 'suppressed'));
      expect(card).toContain(a.askedSince(names(['name']), true, 'suppressed'));
      expect(card).not.toContain(a.askedSelf(names(['list_publicly'])));
      expect(card).not.toContain(a.askedSince(names(['name']), true));
      // Confirmed and awaiting review: the email saying the answers were not applied is cancelled too.
      const pending = org({ lang });
      const pendingEmail = String((pending.contact as { email: string }).email);
      expect((await postOrg(pending, { queue })).status).toBe(202);
      const [confirmEmail] = await sendAll(sent.splice(0));
      expect((await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') })).status).toBe(200);
      const pendingId = String((await rowFor(pendingEmail))!.id);
      await suppress(env, pendingEmail, 'complaint', 'test');
      expect((await postOrg({ ...pending, name: `${String(pending.name)} Group` }, { queue })).status).toBe(202);
      expect(await sendAll(sent.splice(0))).toEqual([]);
      const pendingCard = await cardNow(pendingId);
      expect(pendingCard).toContain(a.askedSince(names(['name']), false, 'suppressed'));
      expect(pendingCard).not.toContain(a.askedSince(names(['name']), false));
    }
  });

  it("the admin API says of each organization whether its contact's address is suppressed (contactSuppressed)", async () => {
    const body = org();
    const email = String((body.contact as { email: string }).email);
    const { id } = await joinAndApprove(body);
    const find = async () => ((await (await admin('/organizations')).json()) as { organizations: Record<string, unknown>[] }).organizations.find((o) => o.id === id)!;
    expect((await find()).contactSuppressed).toBe(false);
    await suppress(env, email, 'complaint', 'test');
    expect((await find()).contactSuppressed).toBe(true);
    // A decision's answer says it too.
    const declined = (await (await admin(`/organizations/${id}/decline`, 'POST')).json()) as { organization: Record<string, unknown> };
    expect(declined.organization.contactSuppressed).toBe(true);
    // Removed: the contact erased, no address left to be suppressed.
    expect((await admin(`/organizations/${id}/remove`, 'POST')).status).toBe(200);
    expect((await find()).contactSuppressed).toBe(false);
  });

  it("a change request from a suppressed contact: its card and the decline check say no email will reach them (en/es)", async () => {
    for (const lang of ['en', 'es'] as const) {
      const a = ORG_ADMIN_STRINGS[lang];
      const body = org({ lang });
      const email = String((body.contact as { email: string }).email);
      const { id } = await joinAndApprove(body);
      await askChange({ ...body, name: `${String(body.name)} Group` }, lang);
      const headers = await signedIn();
      const cardNow = async () => cardOf(await (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers })).text(), id);
      expect(await cardNow()).not.toContain(a.changeNoEmail);
      await suppress(env, email, 'bounce', 'test');
      const card = await cardNow();
      expect(card).toContain(a.changeNoEmail);
      const v = card.match(new RegExp(`action="/admin/organizations/${id}/decline-change">[\\s\\S]*?name="v" value="([0-9a-f]+)"`))![1]!;
      const check = await form(`/admin/organizations/${id}/decline-change`, { v, ui_lang: lang }, headers);
      expect(check.status).toBe(200);
      const page = await check.text();
      expect(page).toContain(a.declineChangeCheckBodyNoEmail);
      expect(page).not.toContain(a.declineChangeCheckBody);
      expect(page).toContain(`>${a.declineChangeConfirmNoEmail}<span class="visually-hidden"> ${String(body.name)}</span></button>`);
      // Declined: the notice after it does not say the contact is emailed either.
      const done = await form(`/admin/organizations/${id}/decline-change`, { v, ui_lang: lang, confirm: 'yes' }, headers);
      expect(done.status).toBe(303);
      const after = await (await SELF.fetch(new URL(done.headers.get('Location')!, 'https://pledge.test'), { headers })).text();
      expect(after).toContain(a.done['decline-change'](String(body.name), false));
      expect(after).not.toContain(a.done['decline-change'](String(body.name)));
    }
  });

  it("a whole organization whose contact is suppressed: its card, the Decline and Approve checks and the notices after say no email will reach them, and none goes (en/es)", async () => {
    for (const lang of ['en', 'es'] as const) {
      const a = ORG_ADMIN_STRINGS[lang];
      const headers = await signedIn();
      const page = async () => (await SELF.fetch(`https://pledge.test/admin/organizations?lang=${lang}`, { headers })).text();
      const outbox = (id: string, kind: string) => env.DB.prepare('SELECT id, status, last_error FROM email_outbox WHERE ref = ? AND kind = ?').bind(id, kind).first<{ id: string; status: string; last_error: string | null }>();
      // Confirmed by its contact, awaiting review.
      const body = org({ lang });
      const name = String(body.name);
      const email = String((body.contact as { email: string }).email);
      const { queue, sent } = recordingQueue();
      expect((await postOrg(body, { queue })).status).toBe(202);
      const [confirmEmail] = await sendAll(sent.splice(0));
      expect((await form('/join/confirm', { t: linkIn(confirmEmail!.text, '/join/confirm') })).status).toBe(200);
      const id = String((await rowFor(email))!.id);
      expect(cardOf(await page(), id)).not.toContain(a.orgNoEmail);
      await suppress(env, email, 'complaint', 'test');
      expect(cardOf(await page(), id)).toContain(a.orgNoEmail);
      // Decline asks first, saying no email goes (not that the contact is emailed), its button not offering to email them.
      const check = await form(`/admin/organizations/${id}/decline`, { ui_lang: lang }, headers);
      expect(check.status).toBe(200);
      const checkPage = await check.text();
      expect(checkPage).toContain(a.declineCheckBodyNoEmail);
      expect(checkPage).not.toContain(a.declineCheckBody);
      expect(checkPage).toContain(`>${a.declineConfirmUnconfirmed}<span class="visually-hidden"> ${name}</span></button>`);
      const declined = await form(`/admin/organizations/${id}/decline`, { ui_lang: lang, confirm: 'yes' }, headers);
      expect(declined.status).toBe(303);
      const afterDecline = await (await SELF.fetch(new URL(declined.headers.get('Location')!, 'https://pledge.test'), { headers })).text();
      expect(a.done.decline(name, false)).not.toBe(a.done.decline(name));
      expect(afterDecline).toContain(a.done.decline(name, false));
      // The row queued for it is cancelled by the outbox, nothing sent: as the page said.
      const declineRow = await outbox(id, 'org-declined');
      expect(await sendAll([declineRow!.id])).toEqual([]);
      expect(await outbox(id, 'org-declined')).toMatchObject({ status: 'cancelled', last_error: 'suppressed' });
      // Approved after all (no check: confirmed, its own domain): the notice says no email went, and none does.
      const approved = await form(`/admin/organizations/${id}/approve`, { ui_lang: lang }, headers);
      expect(approved.status).toBe(303);
      const afterApprove = await (await SELF.fetch(new URL(approved.headers.get('Location')!, 'https://pledge.test'), { headers })).text();
      expect(afterApprove).toContain(a.done.approve(name, false));
      const approveRow = await outbox(id, 'org-approved');
      expect(await sendAll([approveRow!.id])).toEqual([]);
      expect(await outbox(id, 'org-approved')).toMatchObject({ status: 'cancelled', last_error: 'suppressed' });
      // Approve's own check (a contact at another domain) says no email goes, not that they are emailed.
      const other = org({ lang }, { email: `grace@elsewhere-${crypto.randomUUID().slice(0, 8)}.org` });
      expect((await postOrg(other, { queue })).status).toBe(202);
      const otherEmail = String((other.contact as { email: string }).email);
      const otherId = String((await rowFor(otherEmail))!.id);
      await suppress(env, otherEmail, 'bounce', 'test');
      const approveCheck = await (await form(`/admin/organizations/${otherId}/approve`, { ui_lang: lang }, headers)).text();
      expect(approveCheck).toContain(a.approveCheckNoEmail);
      expect(approveCheck).not.toContain(a.approveCheckEmailed);
      // A contact not suppressed is still told they are emailed.
      const plain = org({ lang }, { email: `grace@elsewhere-${crypto.randomUUID().slice(0, 8)}.org` });
      expect((await postOrg(plain, { queue })).status).toBe(202);
      const plainId = String((await rowFor(String((plain.contact as { email: string }).email)))!.id);
      const plainCheck = await (await form(`/admin/organizations/${plainId}/approve`, { ui_lang: lang }, headers)).text();
      expect(plainCheck).toContain(a.approveCheckEmailed);
      expect(plainCheck).not.toContain(a.approveCheckNoEmail);
    }
  });
});
