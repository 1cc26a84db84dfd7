/**
 * Every email the outbox sends says which language it is written in (RFC 3282 Content-Language),
 * matching the words the reader gets: composed by the real composers (EMAIL_KINDS) from rows in D1,
 * read back at the transport (the provider's boundary).
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS } from '../../worker/index.ts';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { sendOutboxRow } from '../../worker/platform/outbox/send-outbox.ts';
import { transportFor, type EmailTransport } from '../../worker/platform/outbox/transport.ts';
import { sendTest } from '../../worker/updates/service.ts';
import { getUpdate } from '../../worker/updates/queries.ts';
import { SOCIETIES } from '../../src/content/coalition.ts';
import { STRINGS } from '../../src/i18n/index.ts';

/** Sends one outbox row through the real composers; the email the provider would get. */
async function sent(id: string): Promise<OutgoingEmail> {
  const got: OutgoingEmail[] = [];
  const transport: EmailTransport = { send: async (email) => void got.push(email) };
  expect(await sendOutboxRow(env, id, EMAIL_KINDS, transport)).toBe('sent');
  expect(got).toHaveLength(1);
  return got[0]!;
}

async function pledge(lang: 'en' | 'es', status: 'pending' | 'confirmed'): Promise<string> {
  const id = crypto.randomUUID();
  await env.DB.prepare(
    `INSERT INTO pledges (id, partner_id, email, name, role, lang, updates, status, confirmed_at) VALUES (?, 'rsna', ?, 'Ana Pérez', 'radiologist', ?, 1, ?, ?)`,
  )
    .bind(id, `lang.${id}@example.org`, lang, status, status === 'confirmed' ? new Date().toISOString() : null)
    .run();
  return id;
}

async function outbox(kind: string, pledgeId: string | null, ref: string | null = null): Promise<string> {
  const id = `${kind}:${crypto.randomUUID()}`;
  await env.DB.prepare('INSERT INTO email_outbox (id, pledge_id, kind, ref) VALUES (?, ?, ?, ?)').bind(id, pledgeId, kind, ref).run();
  return id;
}

/** An organization's request; `confirmed`: whether its contact confirmed it (else nothing it typed is shown). */
async function organization(lang: 'en' | 'es', status: 'unconfirmed' | 'pending' | 'approved' | 'declined', confirmed = status !== 'unconfirmed'): Promise<string> {
  const id = crypto.randomUUID();
  const tag = id.slice(0, 8);
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO organizations (id, name, type, website, domain, contact_name, contact_email, list_publicly, lang, status, confirmed_at, decided_at)
     VALUES (?, ?, 'practice', ?, ?, 'Grace Hopper', ?, 1, ?, ?, ?, ?)`,
  )
    .bind(id, `Lakeside ${tag}`, `https://lakeside-${tag}.org`, `lakeside-${tag}.org`, `grace@lakeside-${tag}.org`, lang, status, confirmed ? now : null, status === 'unconfirmed' ? null : now)
    .run();
  return id;
}

async function update(spanish: boolean): Promise<string> {
  const id = crypto.randomUUID();
  await env.DB.prepare(`INSERT INTO updates (id, status, subject_en, body_en, subject_es, body_es, audience) VALUES (?, 'sending', 'News', 'The news from the American College of Radiology.', ?, ?, ?)`)
    .bind(id, spanish ? 'Noticias' : null, spanish ? 'Las noticias del American College of Radiology.' : null, JSON.stringify({ partners: [], roles: [], langs: [] }))
    .run();
  return id;
}

const language = (email: OutgoingEmail) => email.headers?.['Content-Language'];

describe('Content-Language on every email', () => {
  it("says the pledge's language on its confirmation and its 'already pledged' note", async () => {
    for (const lang of ['en', 'es'] as const) {
      const pending = await pledge(lang, 'pending');
      expect(language(await sent(await outbox('confirm', pending))), `confirm ${lang}`).toBe(lang);
      const confirmed = await pledge(lang, 'confirmed');
      expect(language(await sent(await outbox('already', confirmed))), `already ${lang}`).toBe(lang);
    }
  });

  it("says the pledger's language on the check-in and the yearly reminder, beside their one-click links", async () => {
    for (const lang of ['en', 'es'] as const) {
      const id = await pledge(lang, 'confirmed');
      for (const kind of ['checkin', 'recommit']) {
        const email = await sent(await outbox(kind, id, '1'));
        expect(language(email), `${kind} ${lang}`).toBe(lang);
        expect(email.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      }
    }
  });

  it("says the request's language on an organization's emails", async () => {
    for (const lang of ['en', 'es'] as const) {
      expect(language(await sent(await outbox('org-confirm', null, await organization(lang, 'unconfirmed')))), `org-confirm ${lang}`).toBe(lang);
      expect(language(await sent(await outbox('org-approved', null, await organization(lang, 'approved')))), `org-approved ${lang}`).toBe(lang);
    }
  });

  it('says, on an update, the language of the version each reader gets, its test included', async () => {
    const both = await update(true);
    const englishOnly = await update(false);
    for (const lang of ['en', 'es'] as const) {
      const reader = await pledge(lang, 'confirmed');
      const email = await sent(await outbox('update', reader, both));
      expect(language(email), `update to ${lang}`).toBe(lang);
      expect(email.subject).toBe(lang === 'es' ? 'Noticias' : 'News');
      // Written only in English: English, whoever reads it (framed in Spanish for a Spanish reader).
      expect(language(await sent(await outbox('update', reader, englishOnly))), `English-only update to ${lang}`).toBe('en');
    }
    // A test goes straight through the transport, composed the same way.
    const got: OutgoingEmail[] = [];
    const u = (await getUpdate(env.DB, both))!;
    expect(await sendTest(env, u, `test.${crypto.randomUUID()}@example.org`, 'es', 'dashboard', { send: async (e) => void got.push(e) })).toBe('sent');
    expect(language(got[0]!)).toBe('es');
  });
});

/*
 * Every email's subject line, as its reader's inbox shows it, from the same composers: a subject
 * the product writes by itself (nothing typed by anyone in it) fits in 78 characters, the line
 * RFC 5322 recommends and about what a desktop inbox shows before cutting it off; the HTML part's
 * <title> and heading say the same, in the same language.
 */
/** Each kind of email the product writes, with how to make a row of it. */
const KINDS: [string, (lang: 'en' | 'es') => Promise<string>][] = [
  ['confirm', async (lang) => outbox('confirm', await pledge(lang, 'pending'))],
  ['already', async (lang) => outbox('already', await pledge(lang, 'confirmed'))],
  ['checkin', async (lang) => outbox('checkin', await pledge(lang, 'confirmed'))],
  ['recommit', async (lang) => outbox('recommit', await pledge(lang, 'confirmed'), '1')],
  ['org-confirm', async (lang) => outbox('org-confirm', null, await organization(lang, 'unconfirmed', false))],
  ['org-approved', async (lang) => outbox('org-approved', null, await organization(lang, 'approved', true))],
  ['org-approved, contact not confirmed', async (lang) => outbox('org-approved', null, await organization(lang, 'approved', false))],
  ['org-member', async (lang) => outbox('org-member', null, await organization(lang, 'approved', true))],
  ['org-member, contact not confirmed', async (lang) => outbox('org-member', null, await organization(lang, 'approved', false))],
  ['org-member, awaiting review', async (lang) => outbox('org-member', null, await organization(lang, 'pending', true))],
  ['org-declined', async (lang) => outbox('org-declined', null, await organization(lang, 'declined', true))],
  ['org-change-approved', async (lang) => outbox('org-change-approved', null, await organization(lang, 'approved', true))],
  ['org-change-declined', async (lang) => outbox('org-change-declined', null, await organization(lang, 'approved', true))],
  // Its id names the details the contact applied (queries.ts, applyContactChanges).
  ['org-changed', async (lang) => {
    const ref = await organization(lang, 'approved', true);
    const id = `org-changed:${ref}:size+list_publicly:${new Date().toISOString()}`;
    await env.DB.prepare(`INSERT INTO email_outbox (id, kind, ref) VALUES (?, 'org-changed', ?)`).bind(id, ref).run();
    return id;
  }],
];

const decode = (s: string) => s.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"');

describe('why the address gets it: the society the pledge was made through, named in every email to a pledger', () => {
  const footer = {
    en: (to: string, society: string) => `This email was sent to ${to} because this address was used to sign the pledge through ${society}.`,
    es: (to: string, through: string) => `Este correo se envió a ${to} porque esta dirección se usó para firmar el compromiso a través ${through}.`,
  };
  it('says it on the confirmation, the "already pledged" note, the check-in and the yearly reminder, in both languages, with the Spanish article', async () => {
    for (const [partner, lang, words, html] of [
      ['rsna', 'en', 'RSNA', 'sign the pledge through RSNA.</p>'],
      ['sir', 'es', 'de la SIR', 'firmar el compromiso a través de la <span lang="en">SIR</span>.</p>'],
      ['acr', 'es', 'del ACR', 'firmar el compromiso a través del <span lang="en">ACR</span>.</p>'],
    ] as const) {
      for (const [kind, status] of [['confirm', 'pending'], ['already', 'confirmed'], ['checkin', 'confirmed'], ['recommit', 'confirmed']] as const) {
        const id = crypto.randomUUID();
        const to = `why.${id}@example.org`;
        await env.DB.prepare(`INSERT INTO pledges (id, partner_id, email, name, role, lang, updates, status, confirmed_at) VALUES (?, ?, ?, 'Ana Pérez', 'nurse', ?, 1, ?, ?)`)
          .bind(id, partner, to, lang, status, status === 'confirmed' ? new Date().toISOString() : null)
          .run();
        const email = await sent(await outbox(kind, id, '1'));
        expect(email.text, `${kind} ${partner} ${lang}`).toContain(footer[lang](to, words));
        // In the HTML, a society's English initials are marked as English in a Spanish sentence.
        expect(email.html, `${kind} ${partner} ${lang}`).toContain(html);
      }
    }
  });
});

describe('why the address gets it, for a pledge made on the coalition\'s own page', () => {
  it('says the society it was made with, on the coalition\'s site (not "through" the society), as the updates do, in both languages', async () => {
    for (const [partner, lang, text, html] of [
      ['rsna', 'en', "because this address was used to sign the pledge with RSNA on the coalition's site.", "sign the pledge with RSNA on the coalition&#39;s site.</p>"],
      ['sir', 'es', 'porque esta dirección se usó para firmar el compromiso con la SIR en el sitio de la coalición.', 'firmar el compromiso con la <span lang="en">SIR</span> en el sitio de la coalición.</p>'],
      ['acr', 'es', 'porque esta dirección se usó para firmar el compromiso con el ACR en el sitio de la coalición.', 'con el <span lang="en">ACR</span> en el sitio'],
    ] as const) {
      for (const [kind, status] of [['confirm', 'pending'], ['already', 'confirmed'], ['checkin', 'confirmed'], ['recommit', 'confirmed']] as const) {
        const id = crypto.randomUUID();
        const to = `hosted.${id}@example.org`;
        await env.DB.prepare(`INSERT INTO pledges (id, partner_id, email, name, role, lang, updates, status, confirmed_at, hosted) VALUES (?, ?, ?, 'Ana Pérez', 'nurse', ?, 1, ?, ?, 1)`)
          .bind(id, partner, to, lang, status, status === 'confirmed' ? new Date().toISOString() : null)
          .run();
        const email = await sent(await outbox(kind, id, '1'));
        expect(email.text, `${kind} ${partner} ${lang}`).toContain(text);
        expect(email.html, `${kind} ${partner} ${lang}`).toContain(html);
      }
    }
  });
});

describe('subject lines', () => {
  it('covers every kind of email the outbox sends but updates (whose subject the coalition writes)', () => {
    const kinds = new Set(KINDS.map(([name]) => name.split(',')[0]));
    expect(Object.keys(EMAIL_KINDS).filter((k) => !kinds.has(k))).toEqual(['update']);
  });

  for (const [name, row] of KINDS) {
    it(`${name}: fits in 78 characters in English and Spanish, and is the HTML part's title and heading`, async () => {
      for (const lang of ['en', 'es'] as const) {
        const email = await sent(await row(lang));
        expect(email.subject.length, `${lang}: ${email.subject}`).toBeLessThanOrEqual(78);
        expect(email.subject, lang).not.toMatch(/[\r\n<>]|&[a-z#0-9]+;|\s{2}|^\s|\s$/);
        expect(email.html).toContain(`<html lang="${lang}" dir="ltr">`);
        expect(decode(/<title>([^<]*)<\/title>/.exec(email.html)?.[1] ?? ''), lang).toBe(email.subject);
        const heading = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(email.html)?.[1] ?? '';
        expect(decode(heading.replace(/<[^>]+>/g, '')), lang).toBe(email.subject);
      }
    });
  }
});

/*
 * A phone 320 px wide leaves the card about 220 px for text: an address with no hyphen (a clinician's
 * first.last@department.hospital.org) is wider than that, and a mail client cannot break it at its
 * dots. Unbroken, it pushed the whole email sideways (seen in Chromium at 320 px, 340 px too wide).
 * The card lets any word break, as the updates' card does.
 */
describe('long words on a narrow screen', () => {
  for (const [name, row] of KINDS) {
    it(`${name}: its card breaks a word too long for the line (an address) in English and Spanish`, async () => {
      for (const lang of ['en', 'es'] as const) {
        const email = await sent(await row(lang));
        const card = /<main style="([^"]*)"/.exec(email.html)?.[1] ?? '';
        expect(card, lang).toContain('max-width:560px');
        expect(card, lang).toMatch(/(^|;)overflow-wrap:anywhere(;|$)/);
      }
    });
  }
});

/*
 * Every kind of email as the receiving side gets it: the JSON Postmark is given (the fetch answered
 * at the provider's boundary) and, for the HTML, what a dark-mode mail client reads to show it as
 * designed rather than inverted. Each kind in English and Spanish, from the real composers.
 */
const BULK = new Set(['update', 'checkin', 'recommit']);
const EVERY_KIND: [string, (lang: 'en' | 'es') => Promise<string>][] = [
  ...KINDS,
  ['update', async (lang) => outbox('update', await pledge(lang, 'confirmed'), await update(true))],
  ['update, written in English only', async (lang) => outbox('update', await pledge(lang, 'confirmed'), await update(false))],
];

/** The JSON body Postmark's /email endpoint receives for an email. */
async function postmarkPayload(email: OutgoingEmail): Promise<Record<string, unknown>> {
  const realFetch = globalThis.fetch;
  const bodies: Record<string, unknown>[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url !== 'https://api.postmarkapp.com/email') return realFetch(input, init);
    bodies.push(JSON.parse(init!.body as string) as Record<string, unknown>);
    return new Response('{}', { status: 200 });
  }) as typeof fetch;
  try {
    await transportFor({ ...env, EMAIL_TRANSPORT: 'postmark', EMAIL_API_KEY: 'pm-test-key' }).send(email, 'outbox-key');
  } finally {
    globalThis.fetch = realFetch;
  }
  expect(bodies).toHaveLength(1);
  return bodies[0]!;
}

describe('every email as the receiving side gets it', () => {
  it('covers every kind of email the outbox sends', () => {
    const kinds = new Set(EVERY_KIND.map(([name]) => name.split(',')[0]));
    expect(Object.keys(EMAIL_KINDS).filter((k) => !kinds.has(k))).toEqual([]);
  });

  for (const [name, row] of EVERY_KIND) {
    it(`${name}: goes to Postmark with no open pixel or rewritten links, on the stream of its kind, in English and Spanish`, async () => {
      for (const lang of ['en', 'es'] as const) {
        const payload = await postmarkPayload(await sent(await row(lang)));
        expect(payload.TrackOpens, lang).toBe(false);
        expect(payload.TrackLinks, lang).toBe('None');
        expect(payload.MessageStream, lang).toBe(BULK.has(name.split(',')[0]!) ? 'broadcast' : 'outbound');
      }
    });
  }
});

describe('every email as a mail client shows it', () => {
  for (const [name, row] of EVERY_KIND) {
    it(`${name}: its HTML says its direction and that it has a dark design, which it has, in English and Spanish`, async () => {
      for (const lang of ['en', 'es'] as const) {
        const { html } = await sent(await row(lang));
        expect(html, lang).toMatch(/^<!doctype html>\n<html lang="(en|es)" dir="ltr">/);
        const head = /<head>([\s\S]*?)<\/head>/.exec(html)?.[1] ?? '';
        expect(head, lang).toContain('<meta name="color-scheme" content="light dark">');
        expect(head, lang).toContain('<meta name="supported-color-schemes" content="light dark">');
        // The dark design: the page, its card and its links, each re-coloured (inline colours are light ones).
        const dark = /@media \(prefers-color-scheme:dark\)\{([\s\S]*?)\}<\/style>/.exec(head)?.[1] ?? '';
        for (const rule of ['body{background:', '.card{background:', 'a,.brand{color:']) expect(dark, `${lang}: ${rule}`).toContain(rule);
        expect(html, lang).toMatch(/<(main|div role="article")[^>]*class="card"/);
      }
    });

    it(`${name}: every link of its HTML is written out in its text, absolute, and nothing in it reads as unset, in English and Spanish`, async () => {
      for (const lang of ['en', 'es'] as const) {
        const email = await sent(await row(lang));
        const links = [...email.html.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
        expect(links.length, lang).toBeGreaterThan(0);
        for (const link of links) {
          expect(link, lang).toMatch(new RegExp(`^(${env.PUBLIC_ORIGIN}/|https://)`));
          expect(email.text, `${lang}: ${link}`).toContain(link);
        }
        const words = `${email.subject}\n${email.text}\n${email.html.replace(/<[^>]+>/g, ' ')}`;
        expect(words, lang).not.toMatch(/\bundefined\b|\bnull\b|\[object Object\]|\bNaN\b|\{\w+\}/);
        expect(email.html, lang).not.toMatch(/<img\b/);
      }
    });
  }
});

/*
 * Bulk emails (an update, the check-in, the yearly renewal) say what they are to the receiving
 * side: one-click unsubscribe, and sent by a machine, which automatic replies must not answer. The
 * others (a confirmation, an organization's news) carry only their language: nothing of a list.
 */
describe('what each email says of itself in its headers', () => {
  for (const [name, row] of EVERY_KIND) {
    const bulk = BULK.has(name.split(',')[0]!);
    it(`${name}: ${bulk ? 'unsubscribes in one click and is not answered by an out-of-office reply' : 'carries its language and nothing of a bulk email'}, in English and Spanish`, async () => {
      for (const lang of ['en', 'es'] as const) {
        const payload = await postmarkPayload(await sent(await row(lang)));
        const headers = Object.fromEntries((payload.Headers as { Name: string; Value: string }[]).map((h) => [h.Name, h.Value]));
        if (bulk) {
          expect(headers, lang).toMatchObject({ 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' });
          expect(headers['List-Unsubscribe'], lang).toMatch(new RegExp(`^<${env.PUBLIC_ORIGIN}/(unsubscribe|reminders)\\?`));
        } else expect(headers, lang).toEqual({ 'Content-Language': lang });
      }
    });
  }
});

/*
 * WCAG 3.1.2 (language of parts): in a Spanish email, each English name (the coalition's, a member's
 * name or initials) is read by a Spanish screen reader as English only when marked so. Every text of
 * each HTML part's body is followed with the language of the element around it.
 */
const ENGLISH_NAMES = [STRINGS.en.coalitionName, ...SOCIETIES.flatMap((m) => [m.name, m.short])];

/** Each text in the body naming one, with the language around it, where that language is not English. */
function unmarkedNames(html: string): string[] {
  const body = html.slice(html.indexOf('<body'));
  const open: (string | null)[] = [];
  const out: string[] = [];
  for (const [, close, tag, attrs, text] of body.matchAll(/<(\/?)([a-z0-9]+)([^>]*)>|([^<]+)/gi)) {
    if (text !== undefined) {
      const lang = open.findLast((l) => l !== null) ?? null;
      if (lang !== 'en' && ENGLISH_NAMES.some((n) => new RegExp(`\\b${n}\\b`).test(text))) out.push(`${lang}: ${text.trim()}`);
    } else if (!/^(br|hr|meta|img|input)$/i.test(tag!)) {
      if (close) open.pop();
      else open.push(/\blang="([^"]+)"/.exec(attrs!)?.[1] ?? null);
    }
  }
  return out;
}

describe('English names in a Spanish email', () => {
  for (const [name, row] of EVERY_KIND) {
    it(`${name}: each one marked lang="en", wherever it is (a Spanish update's own words too)`, async () => {
      const email = await sent(await row('es'));
      expect(email.html).toContain('<html lang="es"');
      expect(unmarkedNames(email.html)).toEqual([]);
    });
  }
});
