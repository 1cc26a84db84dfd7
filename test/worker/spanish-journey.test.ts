/**
 * A Spanish-speaking radiologist's whole journey, every page and email read as they read them:
 * the hosted pledge page in Spanish, the confirmation, the "already pledged" note, preferences,
 * an action, the check-in and the yearly renewal, an update, unsubscribing, the organization's
 * request (confirmed, approved), withdrawing; and the public pages (/impact, /organizations,
 * /join, /poster, /about, /resources) with ?lang=es. Nothing they read is left in English: not a
 * word of a page's text, its title, its alt or aria-label texts, its share card, a share link's
 * email, nor an email's subject, text or HTML; English names (the coalition's, the societies')
 * excepted, and anything marked lang="en" (said in English by a screen reader, on purpose).
 *
 * The Worker runs as deployed (worker.fetch, worker.queue, worker.scheduled, real D1); only the
 * two queues and the email provider are stood in for, so every email is read and its links opened.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { journeyHarness } from './journey.ts';
import { SOCIETIES } from '../../src/content/coalition.ts';

const DAY = 86_400_000;

/** The queues and the provider, recorded (test/worker/journey.ts); every request from a browser set to Spanish. */
const harness = () => journeyHarness({ 'Accept-Language': 'es-MX,es;q=0.9' });

const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&nbsp;', ' ')
    .replaceAll('&amp;', '&');

/**
 * What a reader of an HTML page or email gets as words: its text, and the words of its attributes
 * (alt, title, aria-label, placeholder, a meta tag's content, a mailto link's subject and body),
 * without its styles and scripts and without what is marked lang="en".
 */
function wordsOf(html: string): string {
  let s = html.replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/gi, ' ');
  s = s.replace(/<(\w+)\b[^>]*\blang="en"[^>]*>[\s\S]*?<\/\1>/g, ' ');
  const said: string[] = [];
  for (const m of s.matchAll(/\b(?:alt|title|aria-label|placeholder|content)="([^"]*)"/g)) said.push(decode(m[1]!));
  for (const m of s.matchAll(/href="mailto:[^"?]*\?([^"]*)"/g)) {
    for (const [, v] of new URLSearchParams(decode(m[1]!))) said.push(v);
  }
  said.push(decode(s.replace(/<[^>]+>/g, ' ')));
  return said.join('\n');
}

/** English names a Spanish text keeps as they are (longest first), and what is no language (addresses). */
const NAMES = [
  'Radiology Health Equity Coalition',
  'RHEC Pledge',
  ...SOCIETIES.map((s) => s.name),
  'ACR Bulletin',
  'Lakeside Imaging Partners',
  'Howard Fleishon',
].sort((a, b) => b.length - a.length);

/** Words that are English and never Spanish. */
const ENGLISH =
  /^(the|and|your|you|with|this|that|from|please|pledges?|emails?|confirm|withdraw|updates?|preferences|here|click|back|sign|links?|page|society|organizations?|commitment|fewer|than|what|which|will|have|has|been|for|our|we|of|to|in|on|by|is|are|was|not|or|it|at|be|an|January|February|March|April|May|June|July|August|September|October|November|December)$/i;

/** Each English word left in `text`, with the words around it. */
function englishIn(text: string): string[] {
  let t = text.replace(/\bhttps?:\/\/\S+|\b[\w.+-]+@[\w.-]+\b|[\w-]+\.(?:org|com|test)\b/g, ' ');
  for (const name of NAMES) t = t.replaceAll(name, ' ');
  const found: string[] = [];
  for (const line of t.split('\n')) {
    const words = line.split(/\s+/);
    words.forEach((w, i) => {
      if (ENGLISH.test(w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')) && /^[^\p{L}]*\p{L}+[^\p{L}]*$/u.test(w)) found.push(words.slice(Math.max(0, i - 4), i + 5).join(' ').trim());
    });
  }
  return found;
}

/** The links in an email's text part, on this service. */
const linksIn = (email: OutgoingEmail) =>
  [...new Set([...email.text.matchAll(/https?:\/\/[^\s<>")]+/g)].map((m) => m[0].replace(/[.,;:]+$/, '')))].filter((u) => new URL(u).host === new URL(env.PUBLIC_ORIGIN).host);
const pathOf = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;
const tokenOf = (url: string) => new URL(url).searchParams.get('t') ?? '';
const linkTo = (emails: OutgoingEmail[], path: string) => {
  for (const e of [...emails].reverse()) for (const l of linksIn(e)) if (new URL(l).pathname === path) return l;
  throw new Error(`no ${path} link in ${emails.length} emails`);
};

describe('the helpers find English', () => {
  it('in text, attributes and a share link, but not in a name or what is marked lang="en"', () => {
    expect(englishIn(wordsOf('<p>Firme el compromiso</p>'))).toEqual([]);
    expect(englishIn(wordsOf('<p>Sign the pledge</p>'))).not.toEqual([]);
    expect(englishIn(wordsOf('<img alt="Commit to act" src="x">'))).not.toEqual([]);
    expect(englishIn(wordsOf('<a href="mailto:?subject=Hola&amp;body=Join%20the%20pledge">Correo</a>'))).not.toEqual([]);
    expect(englishIn(wordsOf('<p>A través del <span lang="en">American College of Radiology</span>, the</p>'))).toEqual(['A través del , the']);
    expect(englishIn(wordsOf('<p>Gracias por firmar el compromiso de la Radiology Health Equity Coalition</p>'))).toEqual([]);
  });
});

describe('a Spanish-speaking radiologist reads everything in Spanish', () => {
  it('every page of the journey and every email says nothing in English', async () => {
    const h = harness();
    const EMAIL = `ana.perez.${crypto.randomUUID().slice(0, 8)}@hospital-ejemplo.org`;
    const read: [where: string, words: string][] = [];
    const page = async (where: string, res: Response) => {
      expect(res.status, where).toBeLessThan(500);
      if (res.status >= 300 && res.status < 400) {
        const to = res.headers.get('Location')!;
        return page(`${where} → ${to}`, await h.fetch(to.startsWith('http') ? pathOf(to) : to));
      }
      const body = await res.text();
      expect(body, where).toContain('<html lang="es"');
      read.push([where, wordsOf(body)]);
      return body;
    };

    // The public pages.
    for (const path of ['/pledge?partner=rsna', '/impact', '/organizations', '/join', '/poster?partner=rsna', '/poster', '/about', '/resources', '/no-such-page']) {
      await page(path, await h.fetch(`${path}${path.includes('?') ? '&' : '?'}lang=es`, { headers: { Accept: 'text/html' } }));
    }

    // The hosted pledge page, sent: its thank-you (with its share links).
    await page(
      'POST /pledge',
      await h.form('/pledge', { partner: 'rsna', name: 'Ana Pérez', email: EMAIL, role: 'radiologist', country: 'MX', commitment: 'yes', updates: 'yes', lang: 'es' }),
    );
    await h.pump();
    expect(h.mailbox.map((e) => e.subject)).toEqual(['Confirme su compromiso con la equidad en salud']);
    const confirm = linkTo(h.mailbox, '/confirm');
    await page('GET /confirm', await h.fetch(pathOf(confirm)));
    await page('POST /confirm', await h.form('/confirm', { t: tokenOf(confirm) }));

    // Pledged again, once confirmed: the "already pledged" note.
    await h.fetch('/api/pledges', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://www.rsna.org' },
      body: JSON.stringify({ partner: 'rsna', name: 'Ana Pérez', email: EMAIL, role: 'radiologist', commitment: true, lang: 'es' }),
    });
    await h.pump();

    // An update, written in both languages.
    const auth = { Authorization: 'Bearer test-admin-token', 'Content-Type': 'application/json' };
    const created = await h.fetch('/api/admin/updates', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ subject: { en: 'News', es: 'Noticias' }, body: { en: 'Hello **all**.', es: 'Hola a **todos** y **todas**.' } }),
    });
    expect(created.status).toBe(201);
    const { id: updateId } = (await created.json()) as { id: string };
    expect((await h.fetch(`/api/admin/updates/${updateId}/send`, { method: 'POST', headers: auth })).status).toBe(202);
    await h.pump();

    // The check-in a month on, and the yearly renewal.
    const pledgeId = (await env.DB.prepare('SELECT id FROM pledges WHERE email = ?').bind(EMAIL).first<string>('id'))!;
    await env.DB.prepare('UPDATE pledges SET confirmed_at = ? WHERE id = ?').bind(new Date(Date.now() - 40 * DAY).toISOString(), pledgeId).run();
    await h.cron(Date.now());
    await env.DB.prepare('UPDATE pledges SET confirmed_at = ? WHERE id = ?').bind(new Date(Date.now() - 366 * DAY).toISOString(), pledgeId).run();
    await h.cron(Date.now());

    // An organization's request, confirmed and approved.
    await page(
      'POST /join',
      await h.form('/join', {
        name: 'Lakeside Imaging Partners',
        type: 'imaging-center',
        website: 'https://www.hospital-ejemplo.org',
        region: 'MX',
        size: '10-49',
        'contact.name': 'Ana Pérez',
        'contact.email': EMAIL,
        'contact.title': 'Jefa de radiología',
        commitment: 'yes',
        listPublicly: 'yes',
        lang: 'es',
      }),
    );
    await h.pump();
    const orgConfirm = linkTo(h.mailbox, '/join/confirm');
    await page('GET /join/confirm', await h.fetch(pathOf(orgConfirm)));
    await page('POST /join/confirm', await h.form('/join/confirm', { t: tokenOf(orgConfirm) }));
    const orgId = (await env.DB.prepare('SELECT id FROM organizations WHERE contact_email = ?').bind(EMAIL).first<string>('id'))!;
    expect((await h.fetch(`/api/admin/organizations/${orgId}/approve`, { method: 'POST', headers: auth })).status).toBe(200);
    await h.pump();
    await page('/organizations, listed', await h.fetch('/organizations?lang=es'));

    // Every link of every email opened; then each form they lead to sent, as the person would.
    const emails = h.mailbox.filter((e) => e.to.includes(EMAIL));
    const kinds = new Set(emails.map((e) => e.headers?.['Content-Language']));
    expect(kinds).toEqual(new Set(['es']));
    expect(emails.length).toBeGreaterThanOrEqual(7);
    for (const e of emails) read.push([`email «${e.subject}»`, `${e.subject}\n${e.text}\n${wordsOf(e.html)}`]);
    const opened = new Set<string>();
    for (const e of emails) {
      for (const l of linksIn(e)) {
        const path = pathOf(l);
        if (opened.has(path)) continue;
        opened.add(path);
        await page(`GET ${new URL(l).pathname}`, await h.fetch(path));
      }
    }
    await page('POST /actions', await h.form('/actions', { t: tokenOf(linkTo(emails, '/actions')), kind: 'language', note: 'Intérpretes en la sala', submission: 'es-journey-0001' }));
    await page('POST /actions, none chosen', await h.form('/actions', { t: tokenOf(linkTo(emails, '/actions')), submission: 'es-journey-0002' }));
    await page('POST /recommit', await h.form('/recommit', { t: tokenOf(linkTo(emails, '/recommit')) }));
    await page('POST /recommit, again', await h.form('/recommit', { t: tokenOf(linkTo(emails, '/recommit')) }));
    await page('POST /reminders', await h.form('/reminders', { t: tokenOf(linkTo(emails, '/reminders')) }));
    await page('POST /preferences', await h.form('/preferences', { t: tokenOf(linkTo(emails, '/preferences')), updates: 'yes', reminders: 'yes', lang: 'es', role: 'radiologist' }));
    await page('POST /preferences, invalid', await h.form('/preferences', { t: tokenOf(linkTo(emails, '/preferences')), updates: 'maybe' }));
    await page('POST /unsubscribe', await h.form('/unsubscribe', { t: tokenOf(linkTo(emails, '/unsubscribe')) }));
    await page('POST /join/withdraw', await h.form('/join/withdraw', { t: tokenOf(linkTo(emails, '/join/withdraw')) }));
    await page('POST /withdraw', await h.form('/withdraw', { t: tokenOf(linkTo(emails, '/withdraw')) }));
    await page('GET /confirm, withdrawn', await h.fetch(pathOf(confirm)));
    await page('GET /confirm, broken link', await h.fetch('/confirm?t=roto'));

    expect(read.length).toBeGreaterThan(30);
    const english = read.flatMap(([where, words]) => englishIn(words).map((w) => `${where}: ${w}`));
    expect(english).toEqual([]);
  });

  it("the maintainers' dashboard in Spanish says nothing in English either", async () => {
    const h = harness();
    const signIn = await h.form('/admin/sign-in', { token: 'test-admin-token', ui_lang: 'es' });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('Set-Cookie') ?? '').split(';')[0]!;
    const english: string[] = [];
    for (const path of ['/admin', '/admin/updates', '/admin/resources', '/admin/organizations']) {
      const res = await h.fetch(`${path}?lang=es`, { headers: { Cookie: cookie } });
      expect(res.status, path).toBe(200);
      const body = await res.text();
      expect(body, path).toContain('<html lang="es"');
      english.push(...englishIn(wordsOf(body)).map((w) => `${path}: ${w}`));
    }
    expect(english).toEqual([]);
  });
});
