import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import worker, { EMAIL_KINDS } from '../../worker/index.ts';
import type { OutgoingEmail } from '../../worker/platform/outbox/kinds.ts';
import { sendOutboxRow, sendOutboxRows } from '../../worker/platform/outbox/send-outbox.ts';
import { sweepOutbox } from '../../worker/platform/outbox/sweep.ts';
import type { EmailTransport } from '../../worker/platform/outbox/transport.ts';
import { makeToken } from '../../worker/platform/tokens.ts';
import { MILESTONES_PER_RUN, scheduleMilestones } from '../../worker/resources/milestones.ts';
import { actionCounts, reportAction } from '../../worker/resources/queries.ts';
import { remindersUrl } from '../../worker/resources/links.ts';
import { eventually, occupyPace, shareLinkNames } from './helpers.ts';
import { withdrawPledge } from '../../worker/pledges/status.ts';
import { suppress } from '../../worker/updates/consent.ts';

const ADMIN = { Authorization: 'Bearer test-admin-token', 'Content-Type': 'application/json' };
const DAY = 86_400_000;

function adminFetch(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  return SELF.fetch(`https://pledge.test/api/admin/resources${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { ...ADMIN, ...(init.token !== undefined ? { Authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

function resource(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Screening gaps toolkit',
    url: 'https://www.acr.org/screening-gaps',
    summary: 'Find who misses screening.',
    step: 'Review who misses screening in your practice',
    kind: 'toolkit',
    roles: ['radiologist', 'technologist'],
    lang: 'en',
    partner: 'acr',
    position: 10,
    ...overrides,
  };
}

/** Resources created so far: each after the first gets a link of its own (the library lists a link once per language). */
let created = 0;
async function create(overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  const n = created++;
  const res = await adminFetch('', { body: resource({ ...(n ? { url: `https://www.acr.org/screening-gaps-${n}` } : {}), ...overrides }) });
  expect(res.status).toBe(201);
  return res.json();
}

/** A pledge stored straight in D1, confirmed `confirmedDaysAgo` days ago (or pending). */
async function seedPledge(opts: { role?: string; lang?: string; updates?: boolean; confirmedDaysAgo?: number | null; now?: number } = {}) {
  const id = crypto.randomUUID();
  const now = opts.now ?? Date.now();
  const confirmedAt = opts.confirmedDaysAgo == null ? null : new Date(now - opts.confirmedDaysAgo * DAY).toISOString();
  await env.DB.prepare(
    `INSERT INTO pledges (id, partner_id, email, name, role, lang, updates, status, confirmed_at) VALUES (?, 'rsna', ?, 'Ana Pérez', ?, ?, ?, ?, ?)`,
  )
    .bind(id, `p.${id}@example.org`, opts.role ?? 'radiologist', opts.lang ?? 'en', opts.updates ? 1 : 0, confirmedAt ? 'confirmed' : 'pending', confirmedAt)
    .run();
  return id;
}

/**
 * The Cron's milestones for `now`, written and put on the real email queue as the Cron does, but
 * paced behind a run's worth of other emails (`occupyPace`: here 200 s at the provider's 10 a second),
 * as a launch day's reminders wait their turn. This file's own email consumer is live: a message
 * without a delay reaches it about a second later (the queue's max_batch_timeout) and it sends the
 * row. Unpaced, a test that then acts on the row still waiting (turns it off, hands it over itself
 * with a recorder) raced it, and on a loaded machine found it already `sent`.
 */
const scheduleWaiting = async (now: number) => (await occupyPace(env, 2000), scheduleMilestones(env, now, MILESTONES_PER_RUN));

async function postForm(path: string, form: Record<string, string>) {
  return SELF.fetch(`https://pledge.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/** A transport that keeps what it is given (the binding's boundary), to read the emails back. */
function recorder() {
  const sent: { key: string; email: OutgoingEmail }[] = [];
  const transport: EmailTransport = { send: async (email, key) => void sent.push({ key, email }) };
  return { sent, transport };
}

const actionCount = () => env.DB.prepare('SELECT count(*) AS n FROM pledge_actions').first<{ n: number }>().then((r) => r!.n);

describe('resources, public and maintained', () => {
  let spanish: { id: string };
  let retired: { id: string };
  beforeAll(async () => {
    await create();
    await create({ title: 'Physics dose audit', roles: ['physicist'], kind: 'dataset', step: 'Audit dose protocols', position: 5 });
    spanish = await create({ title: 'Herramientas de detección', lang: 'es', roles: ['radiologist'], step: 'Revise quién no llega' });
    retired = await create({ title: 'Old course', kind: 'course', roles: ['radiologist'] });
    expect((await adminFetch(`/${retired.id}/retire`, { body: {} })).status).toBe(200);
  });

  it('answers GET /api/resources with the contract shape, filtered by role and language, cacheably', async () => {
    const res = await SELF.fetch('https://pledge.test/api/resources?role=radiologist&lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toMatch(/public, max-age=\d+/);
    const { resources } = (await res.json()) as { resources: Record<string, unknown>[] };
    expect(resources.map((r) => r.title)).toEqual(['Screening gaps toolkit']);
    expect(resources[0]).toMatchObject({
      title: 'Screening gaps toolkit', url: 'https://www.acr.org/screening-gaps', summary: 'Find who misses screening.',
      kind: 'toolkit', roles: ['radiologist', 'technologist'], lang: 'en', partner: 'acr',
    });
    expect(Object.keys(resources[0]!)).toEqual(expect.arrayContaining(['id', 'title', 'url', 'summary', 'kind', 'roles', 'lang', 'partner']));

    const physics = (await (await SELF.fetch('https://pledge.test/api/resources?role=physicist')).json()) as { resources: { title: string }[] };
    expect(physics.resources.map((r) => r.title)).toEqual(['Physics dose audit']);
    const es = (await (await SELF.fetch('https://pledge.test/api/resources?lang=es')).json()) as { resources: { id: string }[] };
    // A tag in capitals or with a region is the same language.
    const esMx = (await (await SELF.fetch('https://pledge.test/api/resources?lang=es-MX')).json()) as { resources: { id: string }[] };
    expect(esMx.resources.map((r) => r.id)).toEqual(es.resources.map((r) => r.id));
    expect(es.resources.map((r) => r.id)).toEqual([spanish.id]);
  });

  it('hides retired resources from the public, keeps them for maintainers, and restores them', async () => {
    const all = (await (await SELF.fetch('https://pledge.test/api/resources')).json()) as { resources: { id: string }[] };
    expect(all.resources.map((r) => r.id)).not.toContain(retired.id);
    const admin = (await (await adminFetch('')).json()) as { resources: { id: string; active: boolean }[] };
    expect(admin.resources.find((r) => r.id === retired.id)).toMatchObject({ active: false });
    expect((await adminFetch(`/${retired.id}/restore`, { body: {} })).status).toBe(200);
    const again = (await (await SELF.fetch('https://pledge.test/api/resources')).json()) as { resources: { id: string }[] };
    expect(again.resources.map((r) => r.id)).toContain(retired.id);
    await adminFetch(`/${retired.id}/retire`, { body: {} });
  });

  it('lists the roles a resource suits in the pledge form\u2019s order, on the page and in the API', async () => {
    const { id } = await create({ title: `Roles in order ${crypto.randomUUID().slice(0, 8)}`, step: null, roles: ['other', 'nurse', 'radiologist', 'trainee'] });
    const api = (await (await SELF.fetch('https://pledge.test/api/resources?lang=en')).json()) as { resources: { id: string; roles: string[] }[] };
    expect(api.resources.find((r) => r.id === id)!.roles).toEqual(['radiologist', 'trainee', 'nurse', 'other']);
    // Stored out of order before (seeded rows): read in order all the same.
    await env.DB.prepare('UPDATE resources SET roles = ? WHERE id = ?').bind(JSON.stringify(['leader', 'trainee', 'radiologist']), id).run();
    const page = await (await SELF.fetch('https://pledge.test/resources?lang=en')).text();
    expect(page).toContain('Radiologist, Resident or fellow, Practice leader or administrator</p>');
  });

  it('refuses a bad query with 422 naming the parameter', async () => {
    const res = await SELF.fetch('https://pledge.test/api/resources?role=wizard&lang=fr');
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(['lang', 'role']);
    // A known role in capitals is that role, as a language in capitals is that language.
    const upper = await SELF.fetch('https://pledge.test/api/resources?role=NURSE&lang=ES');
    expect(upper.status).toBe(200);
    expect(await upper.json()).toEqual(await (await SELF.fetch('https://pledge.test/api/resources?role=nurse&lang=es')).json());
  });

  it('lets only maintainers create and edit, with specific errors for bad resources', async () => {
    expect((await adminFetch('', { body: resource(), token: 'wrong' })).status).toBe(401);
    expect((await SELF.fetch('https://pledge.test/api/admin/resources')).status).toBe(401);

    const bad = await adminFetch('', { body: resource({ roles: [], url: 'javascript:alert(1)', kind: 'video', partner: 'nope' }) });
    expect(bad.status).toBe(422);
    const { error } = (await bad.json()) as { error: { fields: Record<string, string[]> } };
    // The society too, with the rest: one answer names every problem.
    expect(Object.keys(error.fields).sort()).toEqual(['kind', 'partner', 'roles', 'url']);
    expect(error.fields.partner).toEqual(['There is no society with that id']);
    expect(error.fields.roles![0]).toMatch(/at least one role/);
    // Half a character (a lone surrogate) would be stored as ���: refused, as pledges refuse it.
    const broken = (await (await adminFetch('', { body: resource({ title: 'Toolkit \ud800' }) })).json()) as { error: { fields: Record<string, string[]> } };
    expect(broken.error.fields.title).toEqual(['The title must not contain a broken character']);
    // A value of the wrong type is told so, once (an empty array is not "left out" twice over).
    const wrongTypes = (await (await adminFetch('', { body: resource({ title: 5, summary: [], roles: 'nurse' }) })).json()) as { error: { fields: Record<string, string[]> } };
    expect(wrongTypes.error.fields).toEqual({
      title: ['Enter the title as text'],
      summary: ['Enter the one-line summary as text'],
      roles: ['List the roles it suits as a list, like ["nurse", "technologist"]'],
    });
    const leftOut = (await (await adminFetch('', { body: resource({ title: undefined, summary: null }) })).json()) as { error: { fields: Record<string, string[]> } };
    expect(leftOut.error.fields).toEqual({ title: ['Enter the title'], summary: ['Enter the one-line summary'] });
    // Not an object: the request's problem.
    const notObject = (await (await adminFetch('', { body: [] })).json()) as { error: { fields: Record<string, string[]> } };
    expect(Object.keys(notObject.error.fields)).toEqual(['request']);
    // Addresses a browser would still open, but not as the list stores them: a specific 422, never a 500.
    for (const url of ['HTTPS://www.acr.org/x', 'https:/www.acr.org/x', ' https:www.acr.org', 'javascript:alert(1)', 'mailto:info@acr.org', 'data:text/html,hi']) {
      const odd = await adminFetch('', { body: resource({ url }) });
      expect(odd.status, url).toBe(422);
      expect(((await odd.json()) as { error: { fields: Record<string, string[]> } }).error.fields, url).toEqual({ url: ['Enter a full https:// address, like https://www.acr.org/…'] });
    }
    // Addresses pledgers could not open: a machine's own name, an intranet's, an IP address.
    for (const url of ['https://localhost/x', 'https://intranet/toolkit', 'https://10.0.0.7/x', 'https://[::1]/x', 'https://wiki.hospital.local/x', 'https://printer.home.arpa/', 'https://toolkit.example/x', 'https://site.test/', 'https://a.invalid/']) {
      const local = await adminFetch('', { body: resource({ url }) });
      expect(local.status, url).toBe(422);
      expect(((await local.json()) as { error: { fields: Record<string, string[]> } }).error.fields, url).toEqual({
        url: ['Enter a public web address pledgers can open: not localhost, a local name or an IP address'],
      });
    }
    // A title that reverses its own direction would show another name ("abc‮gnp.exe" reads "abcexe.png").
    const reversed = await adminFetch('', { body: resource({ title: 'abc\u202egnp.exe' }) });
    expect(((await reversed.json()) as { error: { fields: Record<string, string[]> } }).error.fields).toEqual({
      title: ["The title must not contain characters that reverse the text's direction"],
    });
    // The address is held to the same: a control character (a NUL in an email's text), half a
    // character (stored as ���, another link than the one sent) or a direction override hidden in it.
    for (const [url, problem] of [
      ['https://www.acr.org/x\u0000', 'The address must not contain control characters'],
      ['https://www.acr.org/x\ud800', 'The address must not contain a broken character'],
      ['https://www.acr.org/x\ufffd', 'The address must not contain a broken character'],
      ['https://www.acr.org/abc\u202egnp.exe', "The address must not contain characters that reverse the text's direction"],
    ] as const) {
      const odd = await adminFetch('', { body: resource({ url }) });
      expect(odd.status, JSON.stringify(url)).toBe(422);
      expect(((await odd.json()) as { error: { fields: Record<string, string[]> } }).error.fields, JSON.stringify(url)).toEqual({ url: [problem] });
    }
    // Right-to-left text itself is welcome: only the invisible controls are not.
    expect((await adminFetch('', { body: resource({ title: 'دليل المساواة الصحية', url: 'https://www.example.org/ar' }) })).status).toBe(201);

    const unknownPartner = await adminFetch('', { body: resource({ partner: 'nope' }) });
    expect(unknownPartner.status).toBe(422);
    expect(((await unknownPartner.json()) as { error: { fields: Record<string, string[]> } }).error.fields.partner).toBeDefined();

    expect((await adminFetch('', { body: '{', method: 'POST' })).status).toBe(422);
    const { id } = await create({ title: 'To edit', lang: 'es', roles: ['nurse'] });
    const edited = await adminFetch(`/${id}`, { method: 'PUT', body: resource({ title: 'Edited', lang: 'es', roles: ['nurse', 'leader'] }) });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ id, title: 'Edited', roles: ['nurse', 'leader'] });
    // `null` for an optional field is that field left out (here: for every society, no step).
    const nulls = await adminFetch(`/${id}`, { method: 'PUT', body: { ...resource({ title: 'Edited', lang: 'es', roles: ['nurse'] }), partner: null, step: null } });
    expect(nulls.status).toBe(200);
    expect(await nulls.json()).toMatchObject({ id, partner: null, step: null });
    expect((await adminFetch('/no-such-id', { method: 'PUT', body: resource() })).status).toBe(404);
    expect((await adminFetch('/no-such-id/retire', { body: {} })).status).toBe(404);
    // The request itself wrong, answered as every other API answers it.
    const raw = (body: string, type = 'application/json', method = 'POST', path = '') =>
      SELF.fetch(`https://pledge.test/api/admin/resources${path}`, { method, headers: { ...ADMIN, 'Content-Type': type }, body });
    expect((await raw('title=x', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await raw('{"title": ')).status).toBe(400);
    expect((await raw(JSON.stringify(resource({ summary: 'x'.repeat(20_000) })))).status).toBe(413);
    expect((await raw('{}', 'application/json', 'PUT', '/no-such-id')).status).toBe(404); // unknown, whatever the body
  });

  it('reads one resource, changes some of its fields with PATCH, and deletes it for good', async () => {
    const { id } = await create({ title: 'Read, patch, delete', roles: ['physicist'], position: 7 });
    const one = await adminFetch(`/${id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id, title: 'Read, patch, delete', roles: ['physicist'], position: 7, active: true, partner: 'acr' });
    expect((await adminFetch('/no-such-id')).status).toBe(404);

    // Only the fields sent change; the rest (roles, position, society, step) stay.
    const patched = await adminFetch(`/${id}`, { method: 'PATCH', body: { title: 'Patched title', step: null } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ id, title: 'Patched title', step: null, roles: ['physicist'], position: 7, partner: 'acr', active: true });
    expect(await (await adminFetch(`/${id}`)).json()).toMatchObject({ title: 'Patched title', summary: 'Find who misses screening.' });
    // Each field is checked as in a whole body; nothing is changed by a refused one.
    const bad = await adminFetch(`/${id}`, { method: 'PATCH', body: { roles: [], url: 'http://localhost/x' } });
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as { error: { fields: Record<string, string[]> } }).error.fields).sort()).toEqual(['roles', 'url']);
    const notObject = await adminFetch(`/${id}`, { method: 'PATCH', body: ['title'] });
    expect(notObject.status).toBe(422);
    expect(((await notObject.json()) as { error: { fields: Record<string, string[]> } }).error.fields.form).toBeDefined();
    expect(await (await adminFetch(`/${id}`)).json()).toMatchObject({ title: 'Patched title', roles: ['physicist'] });
    expect((await adminFetch('/no-such-id', { method: 'PATCH', body: { title: 'x' } })).status).toBe(404);

    const deleted = await adminFetch(`/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ id, deleted: true });
    expect((await adminFetch(`/${id}`)).status).toBe(404);
    const all = (await (await adminFetch('')).json()) as { resources: { id: string }[] };
    expect(all.resources.map((r) => r.id)).not.toContain(id);
    expect((await adminFetch(`/${id}`, { method: 'DELETE' })).status).toBe(404);
    // The admin token is needed for each.
    expect((await adminFetch(`/${id}`, { token: 'wrong' })).status).toBe(401);
    expect((await adminFetch('/x', { method: 'DELETE', token: 'wrong' })).status).toBe(401);
  });

  it('lists a link once per language: a second active resource with it is refused, naming the first, as the dashboard does', async () => {
    const url = `https://www.acr.org/once-${crypto.randomUUID().slice(0, 8)}`;
    const first = await create({ title: 'Listed once', url });
    const fieldsOf = async (res: Response) => ((await res.json()) as { error: { fields: Record<string, string[]> } }).error.fields;
    const again = await adminFetch('', { body: resource({ title: 'Listed twice', url }) });
    expect(again.status).toBe(422);
    expect(await fieldsOf(again)).toEqual({ url: [`This link is already in the library in this language, as “Listed once” (id ${first.id}): change that one instead`] });
    // In the other language, or added retired, it is another entry.
    const spanish = await create({ title: 'Listada una vez', url, lang: 'es' });
    const retired = await create({ title: 'Kept retired', url, active: false });
    // Edited into the same link (PUT or PATCH), or restored beside the active one: refused, nothing changed.
    const other = await create({ title: 'Another link' });
    const put = await adminFetch(`/${other.id}`, { method: 'PUT', body: resource({ title: 'Another link', url }) });
    expect(put.status).toBe(422);
    expect(Object.keys(await fieldsOf(put))).toEqual(['url']);
    const patch = await adminFetch(`/${other.id}`, { method: 'PATCH', body: { url } });
    expect(patch.status).toBe(422);
    expect(await (await adminFetch(`/${other.id}`)).json()).toMatchObject({ title: 'Another link', url: expect.not.stringContaining('once-') });
    const restore = await adminFetch(`/${retired.id}/restore`, { body: {} });
    expect(restore.status).toBe(409);
    expect(((await restore.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'conflict', message: expect.stringContaining(`(id ${first.id})`) });
    expect(await (await adminFetch(`/${retired.id}`)).json()).toMatchObject({ active: false });
    // The resource itself may be saved again with its own link; once the first is retired, the other may be restored.
    expect((await adminFetch(`/${first.id}`, { method: 'PATCH', body: { title: 'Listed once, retitled' } })).status).toBe(200);
    expect((await adminFetch(`/${first.id}/retire`, { body: {} })).status).toBe(200);
    expect((await adminFetch(`/${retired.id}/restore`, { body: {} })).status).toBe(200);
    expect((await adminFetch(`/${spanish.id}`)).status).toBe(200);
  });

  it('serves /resources without JavaScript, filtered by role, in Spanish too, escaping what maintainers typed', async () => {
    await create({ title: '<img src=x onerror=alert(1)>', roles: ['leader'], step: null });
    const page = await SELF.fetch('https://pledge.test/resources?role=leader&lang=en');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const body = await page.text();
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(body).not.toContain('<img src=x');
    expect(body).not.toContain('Screening gaps toolkit'); // not for leaders
    expect(body).toContain('<option value="leader" selected>');
    const es = await (await SELF.fetch('https://pledge.test/resources?lang=es&role=radiologist')).text();
    expect(es).toContain('lang="es"');
    expect(es).toContain('Herramientas de detección');
  });

  it('shows every role\'s resources with a note, in either language, when a hand-edited link names a role it does not know', async () => {
    for (const lang of ['en', 'es']) await create({ title: 'Every role guide', lang, roles: ['nurse'], step: null, url: `https://example.org/every-${crypto.randomUUID()}` });
    for (const [lang, note] of [
      ['en', 'That link asked for a role we do not know, so resources for every role are shown. Choose your role to narrow them.'],
      ['es', 'El enlace pedía una función que no conocemos, así que se muestran los recursos de todas las funciones. Elija su función para acotarlos.'],
    ] as const) {
      const page = await SELF.fetch(`https://pledge.test/resources?lang=${lang}&role=nurses`);
      expect(page.status, lang).toBe(200);
      const body = await page.text();
      expect(body, lang).toContain(`<p class="role-note">${note}</p>`);
      expect(body, lang).toContain('<option value="" selected>');
      expect(body, lang).toContain('Every role guide');
      // What the link typed is not echoed back; a role it knows, or none, brings no note.
      expect(body, lang).not.toContain('nurses</');
      for (const known of ['nurse', 'NURSE', '']) expect(await (await SELF.fetch(`https://pledge.test/resources?lang=${lang}&role=${known}`)).text(), `${lang} ${known}`).not.toContain('role-note');
    }
  });

  it("marks a society's English name in a Spanish page's list as English (language of parts), with its Spanish article, and not on the English page", async () => {
    await create({ title: 'Guía de la sociedad', url: 'https://www.acr.org/guia', lang: 'es', roles: ['physicist'], step: null, partner: 'acr' });
    const es = await (await SELF.fetch('https://pledge.test/resources?lang=es&role=physicist')).text();
    // With the article the society's name takes in Spanish ("el ACR", contracted after "de"), as every other Spanish page says it.
    expect(es).toContain('Del <span lang="en">American College of Radiology</span>');
    expect(es).not.toContain('De <span lang="en">American College of Radiology</span>');
    await create({ title: 'Guía de la SIR', url: 'https://www.sirweb.org/guia', lang: 'es', roles: ['physicist'], step: null, partner: 'sir' });
    const esSir = await (await SELF.fetch('https://pledge.test/resources?lang=es&role=physicist')).text();
    expect(esSir).toMatch(/De la <span lang="en">[^<]+<\/span>/);
    await create({ title: 'Society guide', url: 'https://www.acr.org/guide', lang: 'en', roles: ['physicist'], step: null, partner: 'acr' });
    const en = await (await SELF.fetch('https://pledge.test/resources?lang=en&role=physicist')).text();
    expect(en).toContain('From American College of Radiology');
  });
});

describe('next steps after pledging', () => {
  beforeAll(async () => {
    for (const [i, title] of ['First step', 'Second step', 'Third step', 'Fourth step'].entries()) {
      await create({ title: `${title} resource`, step: title, roles: ['trainee'], position: 200 + i, url: `https://example.org/${i}` });
    }
    await create({ title: 'No step here', step: null, roles: ['trainee'], position: 100 });
    await create({ title: 'Paso uno', step: 'Paso uno', roles: ['trainee'], lang: 'es', position: 200 });
  });

  it('asks for a few words when "Something else" is chosen, and keeps the choice, in both languages', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const t = await makeToken(env, id, 'act');
    for (const [lang, said] of [['en', 'Say in a few words what you did, since you chose “Something else”'], ['es', 'Cuente en pocas palabras qué hizo, ya que eligió «Otra cosa»']] as const) {
      const res = await postForm('/actions', { t, kind: 'other', note: '  ', lang });
      expect(res.status, lang).toBe(422);
      const html = await res.text();
      expect(html, lang).toContain(said);
      expect(html, lang).toMatch(/<input[^>]* id="kind-other"[^>]* checked/);
      expect(html, lang).toMatch(/<textarea id="note"[^>]* aria-invalid="true"/);
      // Its label does not call it optional without saying when it is not.
      expect(html, lang).toMatch(lang === 'en' ? /<label for="note">[^<]*optional, unless you chose “Something else”/ : /<label for="note">[^<]*opcional, salvo si eligió «Otra cosa»/);
    }
    expect((await postForm('/actions', { t, kind: 'other', note: 'Spoke at grand rounds' })).status).toBe(200);
  });

  it('shows three steps for the role on the confirmed page, with the signed "Tell us what you did" link', async () => {
    const id = await seedPledge({ role: 'trainee', confirmedDaysAgo: null });
    const res = await postForm('/confirm', { t: await makeToken(env, id, 'confirm') });
    const html = await res.text();
    expect(html).toContain('Your next steps');
    const section = html.slice(html.indexOf('<section class="next-steps"'), html.indexOf('</section>'));
    const steps = [...section.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(steps).toEqual([
      ['https://example.org/0', 'First step'],
      ['https://example.org/1', 'Second step'],
      ['https://example.org/2', 'Third step'],
    ]);
    expect(section).toContain('Three things you can do next, for your role (resident or fellow):');

    expect(html).toMatch(/href="http:\/\/localhost:8787\/actions\?lang=en&amp;t=v1\.[^"]+\.a\./);
  });

  it('offers the pledger their email preferences and withdrawal on the confirmed page, signed and in their language', async () => {
    const id = await seedPledge({ role: 'trainee', confirmedDaysAgo: null });
    const confirmed = await (await postForm('/confirm', { t: await makeToken(env, id, 'confirm'), lang: 'es' })).text();
    // One Spanish step for this role: the sentence counts what is shown.
    expect(confirmed).toMatch(/<p>Algo que puede hacer ahora, según su función \([^)]+\):<\/p>/);
    const prefs = confirmed.match(/<a href="http:\/\/localhost:8787(\/preferences\?lang=es&amp;t=v1\.[^"]+\.p\.[^"]+)">Preferencias de correo<\/a>/)?.[1];
    const withdraw = confirmed.match(/<a href="http:\/\/localhost:8787(\/withdraw\?lang=es&amp;t=v1\.[^"]+\.w\.[^"]+)">Retirar mi compromiso<\/a>/)?.[1];
    expect(prefs, 'preferences link').toBeTruthy();
    expect(withdraw, 'withdraw link').toBeTruthy();
    // Ask a colleague, as the thank-you did: the same society's pledge page, marked as a share, in their language.
    const share = confirmed.slice(confirmed.indexOf('<section aria-labelledby="share-title">'));
    expect(share).toMatch(/<span class="url">http:\/\/localhost:8787\/pledge\?partner=[a-z]+&amp;source=share&amp;lang=es<\/span>/);
    expect(share).toMatch(/<a href="https:\/\/www\.linkedin\.com\/sharing\/share-offsite\/\?url=http%3A%2F%2Flocalhost%3A8787%2Fpledge%3Fpartner%3D[a-z]+%26source%3Dshare%26lang%3Des"/);
    expect(shareLinkNames(share)).toEqual(['Compartir en LinkedIn (se abre en una pestaña nueva)', 'Compartir en X (se abre en una pestaña nueva)', 'Compartir por correo electrónico']);
    // Both links open their pages (which change nothing on GET), and the same again after "already confirmed".
    for (const path of [prefs!, withdraw!]) expect((await SELF.fetch(`https://pledge.test${path.replaceAll('&amp;', '&')}`)).status, path).toBe(200);
    // Their organization can join too, as /about asks it: /join, for the same society, in their language; last, after their own links.
    const join = confirmed.match(/<h2 id="join-title">¿Cómo puede mi organización unirse a la coalición\?<\/h2>\s*<p><a href="(\/join\?lang=es&amp;partner=([a-z]+))">Solicite la adhesión de su organización<\/a><\/p>/);
    expect(join, 'the join section').toBeTruthy();
    expect(join![2]).toBe(await env.DB.prepare('SELECT partner_id FROM pledges WHERE id = ?').bind(id).first('partner_id'));
    expect(confirmed.indexOf('id="join-title"')).toBeGreaterThan(confirmed.indexOf('>Retirar mi compromiso</a>'));
    const joinPage = await SELF.fetch(`https://pledge.test${join![1]!.replaceAll('&amp;', '&')}`);
    expect(joinPage.status).toBe(200);
    expect(await joinPage.text()).toContain('<html lang="es"');
    const again = await (await postForm('/confirm', { t: await makeToken(env, id, 'confirm') })).text();
    expect(again).toContain('>Email preferences</a>');
    expect(again).toContain('>Withdraw my pledge</a>');
    expect(again).toMatch(/<h2 id="join-title">How can my organization join the Coalition\?<\/h2>\s*<p><a href="\/join\?lang=en&amp;partner=[a-z]+">Ask to join as an organization<\/a>/);
    expect(await env.DB.prepare('SELECT status FROM pledges WHERE id = ?').bind(id).first('status')).toBe('confirmed');
  });

  it('puts the steps, in the pledger\u2019s language, in the confirmation email', async () => {
    const id = await seedPledge({ role: 'trainee', lang: 'es', confirmedDaysAgo: null });
    await env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind) VALUES (?, ?, 'confirm')`).bind(`confirm:${id}`, id).run();
    const sent: OutgoingEmail[] = [];
    const transport: EmailTransport = { send: async (e) => void sent.push(e) };
    expect(await sendOutboxRow(env, `confirm:${id}`, EMAIL_KINDS, transport)).toBe('sent');
    expect(sent[0]!.text).toContain('Sus próximos pasos');
    expect(sent[0]!.text).toContain('1. Paso uno: https://www.acr.org/screening-gaps');
    expect(sent[0]!.html).toContain('Paso uno</a>');
  });

  it("gives each confirmation of one batch its own role's steps, and an edited step in the next email", async () => {
    // The emails are filled in from templates kept by the isolate: the steps must be part of what tells them apart.
    const physicist = await seedPledge({ role: 'physicist', confirmedDaysAgo: null });
    const radiologist = await seedPledge({ role: 'radiologist', confirmedDaysAgo: null });
    const rows = [physicist, radiologist].map((id) => `confirm:${id}`);
    for (const [i, id] of [physicist, radiologist].entries()) {
      await env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind) VALUES (?, ?, 'confirm')`).bind(rows[i], id).run();
    }
    const { sent, transport } = recorder();
    await sendOutboxRows(env, rows, EMAIL_KINDS, transport);
    const textTo = (id: string) => sent.find((s) => s.email.to === `p.${id}@example.org`)!.email.text;
    expect(textTo(physicist)).toContain('Audit dose protocols');
    expect(textTo(physicist)).not.toContain('Review who misses screening');
    expect(textTo(radiologist)).toContain('Review who misses screening');
    expect(textTo(radiologist)).not.toContain('Audit dose protocols');

    const { id: edited } = await create({ title: 'Edited step', roles: ['physicist'], step: 'Check the phantom first', position: 1 });
    expect((await adminFetch(`/${edited}`, { method: 'PATCH', body: { step: 'Check the phantom twice' } })).status).toBe(200);
    const next = await seedPledge({ role: 'physicist', confirmedDaysAgo: null });
    await env.DB.prepare(`INSERT INTO email_outbox (id, pledge_id, kind) VALUES (?, ?, 'confirm')`).bind(`confirm:${next}`, next).run();
    expect(await sendOutboxRow(env, `confirm:${next}`, EMAIL_KINDS, transport)).toBe('sent');
    expect(textTo(next)).toContain('Check the phantom twice');
    expect(textTo(next)).not.toContain('Check the phantom first');
    expect((await adminFetch(`/${edited}/retire`, { body: {} })).status).toBe(200);
  });
});

describe('actions, logged through a signed link', () => {
  it('shows the form on GET and changes nothing; logs on POST; a replayed POST adds nothing; a new form adds one', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const t = await makeToken(env, id, 'act');
    const before = await actionCount();
    const page = await SELF.fetch(`https://pledge.test/actions?t=${t}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/actions"');
    // The one choice it needs is marked required for assistive technology (the form checks it itself: novalidate); the note is optional.
    for (const kind of ['mentoring', 'other']) expect(html, kind).toMatch(new RegExp(`<input[^>]* id="kind-${kind}"[^>]* required[ />]`));
    expect(html).not.toMatch(/<textarea[^>]* required/);
    expect(await actionCount()).toBe(before);
    const submission = html.match(/name="submission" value="([^"]+)"/)![1]!;

    const ok = await postForm('/actions', { t, submission, kind: 'mentoring', note: 'Mentored a student' });
    expect(ok.status).toBe(200);
    const okHtml = await ok.text();
    expect(okHtml).toContain('your action is counted');
    // The action reported is named, and the count said to move.
    expect(okHtml).toContain('<p>You reported: <strong>');
    expect(okHtml).toContain('It now counts toward the coalition');
    // Offered in Spanish too: the same link's page showing this report, which counts nothing more on its own.
    expect(okHtml).toContain(`<p class="lang-switch"><a href="/actions?t=${t}&amp;report=${submission}&amp;lang=es" hreflang="es"`);
    expect(await actionCount()).toBe(before + 1);
    // The same report sent again (a reload, a double click): nothing added, answered as the first time.
    const replayed = await postForm('/actions', { t, submission, kind: 'mentoring', note: 'Mentored a student' });
    expect(replayed.status).toBe(200);
    expect(await replayed.text()).toContain('It now counts toward the coalition');
    expect(await actionCount()).toBe(before + 1);
    const second = (await (await SELF.fetch(`https://pledge.test/actions?t=${t}`)).text()).match(/name="submission" value="([^"]+)"/)![1]!;
    expect(second).not.toBe(submission);
    await postForm('/actions', { t, submission: second, kind: 'outreach' });
    expect(await actionCount()).toBe(before + 2);
    // One link cannot run the public count up: the same kind again today counts once, whatever the
    // submission id (a fresh one, or none at all); each report is still kept, with its note.
    const counted = async () => ((await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { actions: number }).actions;
    const publicBefore = await counted();
    const agains: Record<string, string>[] = [{ submission: 'f'.repeat(32) }, {}, {}];
    for (const again of agains) {
      const res = await postForm('/actions', { t, ...again, kind: 'outreach', note: 'Again today' });
      expect(res.status).toBe(200);
      // Thanked, but not told it "now counts": the same kind today is counted once, and it says so.
      const said = await res.text();
      expect(said).toContain('You had already reported this kind of action today');
      expect(said).not.toContain('It now counts toward the coalition');
    }
    expect(await actionCount()).toBe(before + 5);
    expect(await counted()).toBe(publicBefore);
    const notes = await env.DB.prepare(`SELECT count(*) AS n FROM pledge_actions WHERE pledge_id = ? AND note = 'Again today'`).bind(id).first<{ n: number }>();
    expect(notes!.n).toBe(3);

    const stats = (await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { actions: number };
    expect(stats.actions).toBe(publicBefore);
  });

  it('keeps a different report sent from a form brought back (Back) under the same submission id, and a replay of it once', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const t = await makeToken(env, id, 'act');
    const submission = 'b'.repeat(32);
    const kept = async () =>
      (await env.DB.prepare(`SELECT kind, note FROM pledge_actions WHERE pledge_id = ? ORDER BY rowid`).bind(id).all<{ kind: string; note: string | null }>()).results;
    expect((await postForm('/actions', { t, submission, kind: 'other', note: 'Gave a talk' })).status).toBe(200);
    // Back, another choice, sent again: the same hidden id, another report. Kept, and told it counts.
    for (let i = 0; i < 2; i++) {
      const res = await postForm('/actions', { t, submission, kind: 'mentoring', note: 'Mentored a student' });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('It now counts toward the coalition');
      expect(html).toContain('Mentored someone');
    }
    expect(await kept()).toEqual([
      { kind: 'other', note: 'Gave a talk' },
      { kind: 'mentoring', note: 'Mentored a student' },
    ]);
    // The same kind with another note: kept, and said not to move the count (already reported today), also when sent again.
    for (let i = 0; i < 2; i++) {
      const said = await (await postForm('/actions', { t, submission, kind: 'mentoring', note: 'And another' })).text();
      expect(said).toContain('You had already reported this kind of action today');
      expect(said).not.toContain('It now counts toward the coalition');
    }
    expect((await kept()).length).toBe(3);
    // The first report replayed is still answered as it was: it counted.
    expect(await (await postForm('/actions', { t, submission, kind: 'other', note: 'Gave a talk' })).text()).toContain('It now counts toward the coalition');
    expect((await kept()).length).toBe(3);
  });

  it('keeps at most ten reports a day from one pledge, and says so beside the choice with what was typed kept (EN/ES); a replay is still thanked', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const t = await makeToken(env, id, 'act');
    const kept = async () => (await env.DB.prepare('SELECT count(*) AS n FROM pledge_actions WHERE pledge_id = ?').bind(id).first<{ n: number }>())!.n;
    for (let i = 0; i < 10; i++) expect((await postForm('/actions', { t, submission: `s${i}`.padEnd(20, 'x'), kind: 'other', note: 'n'.repeat(500) })).status).toBe(200);
    expect(await kept()).toBe(10);
    const over = await postForm('/actions', { t, kind: 'screening', note: 'The eleventh' });
    expect(over.status).toBe(429);
    const page = await over.text();
    expect(page).toContain('You have reported 10 actions today, the most we keep in a day');
    expect(page).toContain('>The eleventh</textarea>');
    expect(page).toMatch(/id="kind-screening"[^>]* checked/);
    const es = await postForm('/actions', { t, kind: 'screening', lang: 'es' });
    expect(await es.text()).toContain('Hoy ya ha registrado 10 acciones');
    expect(await kept()).toBe(10);
    // The first report's form sent again: already kept, so thanked, not refused.
    const replay = await postForm('/actions', { t, submission: 's0'.padEnd(20, 'x'), kind: 'other', note: 'n'.repeat(500) });
    expect(replay.status).toBe(200);
    // Yesterday's reports leave today's ten free.
    await env.DB.prepare(`UPDATE pledge_actions SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day') WHERE pledge_id = ?`).bind(id).run();
    expect((await postForm('/actions', { t, kind: 'screening' })).status).toBe(200);
    expect(await kept()).toBe(11);
  });

  it("counts a pledge's actions only while it stands: withdrawing takes them off, as it takes the pledge off the total", async () => {
    // Otherwise one mailbox could pledge, confirm, report every kind, withdraw and pledge again, adding
    // five a round to the public figure.
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const t = await makeToken(env, id, 'act');
    const before = await actionCounts(env.DB);
    for (const kind of ['screening', 'language']) await postForm('/actions', { t, submission: crypto.randomUUID().replaceAll('-', ''), kind });
    const reported = await actionCounts(env.DB);
    expect(reported.total).toBe(before.total + 2);
    expect(reported.screening).toBe(before.screening + 1);
    await withdrawPledge(env.DB, id);
    expect(await actionCounts(env.DB)).toEqual(before);
    // The withdrawn pledge's link logs nothing more.
    expect((await postForm('/actions', { t, submission: 'c'.repeat(32), kind: 'other' })).status).toBe(410);
    expect(await actionCounts(env.DB)).toEqual(before);
    // A report whose link was checked just before the withdrawal landed (the two at once) is not written after it: no note outlives it.
    expect((await reportAction(env.DB, 'd'.repeat(32), id, 'other', 'A note written as they withdrew')).said).toBe('over');
    expect(await env.DB.prepare('SELECT count(*) AS n FROM pledge_actions WHERE pledge_id = ? AND note IS NOT NULL').bind(id).first('n')).toBe(0);
  });

  it('refuses forged, expired and wrong-purpose tokens, and pledges not confirmed, changing nothing', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const before = await actionCount();
    const good = await makeToken(env, id, 'act');
    const forged = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const expired = await makeToken(env, id, 'act', Date.now() - 800 * DAY);
    const confirmToken = await makeToken(env, id, 'confirm');
    const submission = 'a'.repeat(32);
    expect((await postForm('/actions', { t: forged, submission, kind: 'other' })).status).toBe(400);
    expect((await postForm('/actions', { t: expired, submission, kind: 'other' })).status).toBe(410);
    expect((await postForm('/actions', { t: confirmToken, submission, kind: 'other' })).status).toBe(400);
    const pending = await seedPledge({ confirmedDaysAgo: null });
    expect((await postForm('/actions', { t: await makeToken(env, pending, 'act'), submission, kind: 'other' })).status).toBe(409);
    const forgedPage = await SELF.fetch(`https://pledge.test/actions?lang=es&t=${forged}`);
    expect(forgedPage.status).toBe(400);
    // Not a dead end, and in either language, as every page a GET shows.
    const forgedText = await forgedPage.text();
    expect(forgedText).toContain('<a href="/pledge?lang=es">');
    expect(forgedText).toMatch(/class="lang-switch"[\s\S]*hreflang="en"/);
    expect(await actionCount()).toBe(before);
    // An expired link (a renewal link lasts 120 days) says the way on: a newer email's link, or signing
    // again with the same address, which sends fresh links (a renewal one to a lapsed pledge) and counts nothing twice.
    const oldRenewal = await makeToken(env, id, 'recommit', Date.now() - 200 * DAY);
    for (const [lang, words] of [['en', 'sign the pledge again with the same address: we will email you fresh links'], ['es', 'vuelva a firmar el compromiso con la misma dirección de correo: le enviaremos enlaces nuevos']] as const) {
      const page = await SELF.fetch(`https://pledge.test/recommit?lang=${lang}&t=${oldRenewal}`);
      expect(page.status).toBe(410);
      const text = await page.text();
      expect(text).toContain(words);
      expect(text).toContain(`<a href="/pledge?lang=${lang}">`);
    }
  });

  it('answers a missing choice or a long note with GOV.UK errors, keeping what was typed', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 3, lang: 'es' });
    const t = await makeToken(env, id, 'act');
    const res = await postForm('/actions', { t, submission: 'b'.repeat(32), note: 'x'.repeat(501), lang: 'es' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Elija qué hizo');
    expect(html).toContain('500 caracteres');
    expect(html).toContain('aria-invalid="true"');
    // The note typed is in its box again, and the choice made is still chosen.
    expect(html).toMatch(/<textarea[^>]*>x{501}<\/textarea>/);
    const chosen = await (await postForm('/actions', { t, submission: 'b'.repeat(32), kind: 'mentoring', note: 'x'.repeat(501), lang: 'es' })).text();
    expect(chosen).toMatch(/<input[^>]* value="mentoring"[^>]* checked/);
  });

  it("says an erased pledge's link finds no pledge (410), not that it came from a test email", async () => {
    // A pledge erased after its withdrawal, or a bot's: its row is gone, its emailed link still signed.
    const t = await makeToken(env, crypto.randomUUID(), 'act');
    for (const res of [await SELF.fetch(`https://pledge.test/actions?lang=en&t=${t}`), await postForm('/actions', { t, submission: 'f'.repeat(32), kind: 'other', lang: 'en' })]) {
      expect(res.status).toBe(410);
      const text = await res.text();
      expect(text).toContain('This pledge no longer exists');
      expect(text).not.toContain('test email');
    }
  });

  it('takes a submission id of 16 to 64 letters, digits, - and _ as given, and gives any other a fresh one', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const t = await makeToken(env, id, 'act');
    const stored = (s: string) => env.DB.prepare('SELECT count(*) AS n FROM pledge_actions WHERE id = ?').bind(s).first<number>('n');
    for (const s of ['g'.repeat(16), 'G_-'.repeat(21) + 'g']) {
      expect((await postForm('/actions', { t, submission: s, kind: 'mentoring' })).status, s).toBe(200);
      expect(await stored(s), s).toBe(1);
    }
    for (const s of ['h'.repeat(15), 'h'.repeat(65), `!${'h'.repeat(20)}`, `${'h'.repeat(20)}!`]) {
      expect((await postForm('/actions', { t, submission: s, kind: 'mentoring' })).status, s).toBe(200);
      expect(await stored(s), s).toBe(0);
    }
  });

  it('counts a line break in a note once, as the text box does, though the form sends it as two characters', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const t = await makeToken(env, id, 'act');
    // 10 lines filling the box's 500: 491 letters and 9 breaks, posted as CRLF (509 UTF-16 units).
    const note = Array.from({ length: 10 }, (_, i) => 'y'.repeat(i < 9 ? 49 : 50)).join('\r\n');
    expect(note.replaceAll('\r\n', '\n')).toHaveLength(500);
    const res = await postForm('/actions', { t, submission: crypto.randomUUID().replaceAll('-', ''), kind: 'other', note });
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it('refuses a note with a control or direction-override character, and keeps one with lines and emoji', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const t = await makeToken(env, id, 'act');
    for (const note of ['Mentored\u0000 a student', 'Mentored \u202Ea student', 'Mentored \u2067a student', 'Mentored\u0007']) {
      const res = await postForm('/actions', { t, submission: crypto.randomUUID().replaceAll('-', ''), kind: 'mentoring', note });
      expect(res.status, JSON.stringify(note)).toBe(422);
      expect(await res.text()).toContain('Your note contains a character that cannot be sent');
    }
    const es = await postForm('/actions', { t, submission: crypto.randomUUID().replaceAll('-', ''), kind: 'mentoring', note: '\u202E', lang: 'es' });
    expect(await es.text()).toContain('La nota contiene un carácter que no se puede enviar');
    const fine = 'Two lines:\r\nmentored\ta student 👩‍⚕️ 🏴\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F} \u200eשלום co\u00adop';
    expect((await postForm('/actions', { t, submission: crypto.randomUUID().replaceAll('-', ''), kind: 'mentoring', note: fine })).status).toBe(200);
    const kept = await env.DB.prepare('SELECT count(*) AS n FROM pledge_actions WHERE pledge_id = ? AND note = ?').bind(id, fine.replace('\r\n', '\n')).first<{ n: number }>(); // stored with the line break a text box has
    expect(kept?.n).toBe(1);
  });

  it('erases notes on withdrawal and keeps the count', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const t = await makeToken(env, id, 'act');
    await postForm('/actions', { t, submission: 'c'.repeat(32), kind: 'language', note: 'Something personal' });
    const before = await actionCount();
    await postForm('/withdraw', { t: await makeToken(env, id, 'withdraw') });
    const row = await env.DB.prepare('SELECT note FROM pledge_actions WHERE id = ?').bind('c'.repeat(32)).first<{ note: string | null }>();
    expect(row).toEqual({ note: null });
    expect(await actionCount()).toBe(before);
  });
});

describe('the yearly recommitment and active pledges', () => {
  it('recommits on POST only, and counts the pledge active again', async () => {
    for (let i = 0; i < 5; i++) await seedPledge({ confirmedDaysAgo: 2 }); // enough to publish the count
    // Five renewed already: the count is not hidden for the renewals' sake (suppressActive), so one more shows.
    for (let i = 0; i < 5; i++) {
      const renewed = await seedPledge({ confirmedDaysAgo: 400 });
      await env.DB.prepare('UPDATE pledges SET recommitted_at = ? WHERE id = ?').bind(new Date(Date.now() - 10 * DAY).toISOString(), renewed).run();
    }
    const id = await seedPledge({ confirmedDaysAgo: 400 });
    const t = await makeToken(env, id, 'recommit');
    const active = async () => ((await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { active: number }).active;
    const before = await active();
    const page = await SELF.fetch(`https://pledge.test/recommit?t=${t}`);
    const pageHtml = await page.text();
    expect(pageHtml).toContain('<form method="post" action="/recommit">');
    expect(pageHtml).toContain('A year ago you committed');
    expect(await active()).toBe(before);
    // At a later anniversary the page counts the years, as the email that led to it does.
    const older = await seedPledge({ confirmedDaysAgo: 2 * 365 + 10 });
    const olderPage = await (await SELF.fetch(`https://pledge.test/recommit?lang=es&t=${await makeToken(env, older, 'recommit')}`)).text();
    expect(olderPage).toContain('Hace 2 años se comprometió');
    const done = await postForm('/recommit', { t });
    const doneHtml = await done.text();
    expect(doneHtml).toContain('Thank you for renewing your pledge');
    expect(await active()).toBe(before + 1);
    const stamped = await env.DB.prepare('SELECT recommitted_at FROM pledges WHERE id = ?').bind(id).first<string>('recommitted_at');
    // Its answer offers the link's own page in Spanish, which now says it is done (no button again).
    const switchTo = doneHtml.match(/class="lang-switch"[\s\S]*?href="([^"]+)"/)?.[1]?.replaceAll('&amp;', '&');
    expect(switchTo).toBe(`/recommit?t=${t}&lang=es`);
    const spanish = await (await SELF.fetch(`https://pledge.test${switchTo}`)).text();
    expect(spanish).toContain('<h1>Su compromiso está renovado</h1>');
    expect(spanish).toMatch(/Lo renovó el \d{1,2} de [a-z]+ de \d{4}: cuenta como activo durante un año desde entonces/);
    expect(spanish).not.toContain('<form method="post" action="/recommit">');
    // Pressed again (a reload, a double click): said done, renewed once at the first press.
    const again = await (await postForm('/recommit', { t })).text();
    expect(again).toContain('Your pledge is renewed');
    expect(await env.DB.prepare('SELECT recommitted_at FROM pledges WHERE id = ?').bind(id).first<string>('recommitted_at')).toBe(stamped);
    expect(await active()).toBe(before + 1);
    expect((await postForm('/recommit', { t: await makeToken(env, id, 'act') })).status).toBe(400);
  });

  it('publishes the active count like any count of people: null from 1 to 4', async () => {
    await env.DB.prepare(`UPDATE pledges SET confirmed_at = '2020-01-01T00:00:00.000Z', recommitted_at = NULL WHERE status = 'confirmed'`).run();
    const active = async () => ((await (await SELF.fetch('https://pledge.test/api/stats')).json()) as { active: number | null }).active;
    expect(await active()).toBe(0);
    await seedPledge({ confirmedDaysAgo: 2 });
    expect(await active()).toBeNull();
    const impact = await (await SELF.fetch('https://pledge.test/impact?lang=en')).text();
    expect(impact).toMatch(/<li><b>fewer than 5<\/b> [^<]*active/i);
    for (let i = 0; i < 4; i++) await seedPledge({ confirmedDaysAgo: 2 });
    expect(await active()).toBe(5);
  });
});

describe('milestone emails from the Cron', () => {
  it("runs on the Cron's own clock: fired a month ahead (as a tester does locally), it queues the check-in due then", async () => {
    const ahead = Date.now() + 5000 * DAY;
    const informed = await seedPledge({ updates: true, confirmedDaysAgo: 31, now: ahead });
    const queue = { sendBatch: async () => undefined, send: async () => undefined };
    const cron = (scheduledTime: number) =>
      worker.scheduled({ cron: '*/5 * * * *', scheduledTime } as ScheduledController, { ...env, EMAIL_QUEUE: queue as unknown as Queue });
    const queued = () => env.DB.prepare('SELECT count(*) AS n FROM email_outbox WHERE id = ?').bind(`checkin:${informed}`).first('n');
    await cron(Date.now());
    expect(await queued()).toBe(0);
    await cron(ahead);
    expect(await queued()).toBe(1);
  });

  it("puts a day's yearly reminders and check-ins on the queue at the email provider's rate, not all at once", async () => {
    const now = Date.now() + 7000 * DAY;
    for (let i = 0; i < 4; i++) await seedPledge({ updates: true, confirmedDaysAgo: 31, now });
    for (let i = 0; i < 3; i++) await seedPledge({ updates: false, confirmedDaysAgo: 366, now });
    const delays: number[] = [];
    const queue = { sendBatch: async (msgs: { delaySeconds?: number }[]) => void delays.push(...msgs.map((m) => m.delaySeconds ?? 0)) };
    const ids = await scheduleMilestones({ ...env, EMAIL_RATE_PER_SECOND: '2', EMAIL_QUEUE: queue as unknown as Queue }, now);
    expect(ids.filter((id) => id.startsWith('checkin:'))).toHaveLength(4);
    expect(ids.filter((id) => id.startsWith('recommit:'))).toHaveLength(3);
    expect(delays).toEqual([0, 0, 1, 1, 2, 2, 3]); // two a second

    // After the sweeper's resends of the same Cron run (or an update going out): behind them, and only what
    // fits the next four minutes at that rate (2 a second: 480, less 474 already paced, leaves 3 of each kind).
    for (let i = 0; i < 5; i++) await seedPledge({ updates: true, confirmedDaysAgo: 31, now: now + 10 * DAY });
    delays.length = 0;
    const two = { ...env, EMAIL_RATE_PER_SECOND: '2', EMAIL_QUEUE: queue as unknown as Queue };
    // The budget runs on the real clock: held still here, so the room left is what the figures below say however slow the run.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await occupyPace(two, 474);
      const behind = await scheduleMilestones(two, now + 10 * DAY, 500);
      expect(behind.filter((id) => id.startsWith('checkin:'))).toHaveLength(3);
      expect(delays).toEqual([237, 237, 238]);
      // Room for two (478 already paced): one of each kind, the last second of the run.
      delays.length = 0;
      await occupyPace(two, 478);
      const last = await scheduleMilestones(two, now + 10 * DAY, 500);
      expect(last.filter((id) => id.startsWith('checkin:'))).toHaveLength(1);
      expect(delays).toEqual([239]);
      // With no room left, nothing is written: the next run takes them (one check-in is still due).
      await occupyPace(two, 480);
      expect(await scheduleMilestones(two, now + 10 * DAY, 500)).toEqual([]);
      // Nor when more than the four minutes hold is paced already (a LIMIT below zero is no limit in SQLite).
      await occupyPace(two, 600);
      expect(await scheduleMilestones(two, now + 10 * DAY, 500)).toEqual([]);
      await occupyPace(two, 0);
      expect(await scheduleMilestones(two, now + 10 * DAY, 500)).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("paces one Cron run's resends and milestones together at the provider's rate: the milestones go after the sweeper's", async () => {
    const now = Date.now() + 9000 * DAY;
    const informed = await seedPledge({ updates: true, confirmedDaysAgo: 31, now });
    const at = '1990-01-01T00:00:00.000Z'; // (the longest overdue of all: swept first, whatever other tests left)
    // 236 emails whose queue messages were lost, for the sweeper to send again.
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 236)
       INSERT INTO email_outbox (id, pledge_id, kind, status, created_at, updated_at) SELECT 'lost:' || ?1 || ':' || i, NULL, 'org-confirm', 'queued', ?2, ?2 FROM n`,
    ).bind(informed, at).run();
    const sent: { id: string; delay: number }[] = [];
    const queue = {
      sendBatch: async (msgs: { body: { outboxId?: string }; delaySeconds?: number }[]) =>
        void sent.push(...msgs.map((m) => ({ id: m.body.outboxId ?? '', delay: m.delaySeconds ?? 0 }))),
      send: async () => undefined,
    };
    await worker.scheduled({ cron: '*/5 * * * *', scheduledTime: now } as ScheduledController, { ...env, EMAIL_RATE_PER_SECOND: '2', EMAIL_QUEUE: queue as unknown as Queue });
    const lost = sent.filter((m) => m.id.startsWith(`lost:${informed}:`));
    expect(lost).toHaveLength(236);
    // Two a second: the check-in after every resend of the run (236, and any other test's overdue rows swept with them).
    const checkin = sent.find((m) => m.id === `checkin:${informed}`);
    expect(checkin).toBeDefined();
    const resent = sent.indexOf(checkin!);
    expect(resent).toBeGreaterThanOrEqual(236);
    expect(checkin!.delay).toBe(Math.ceil(resent / 2)); // (from the next whole second: never before its turn)
    expect(sent.slice(0, resent).map((m) => m.delay)).toEqual(Array.from({ length: resent }, (_, i) => Math.floor(i / 2)));
  });

  it('sends the 30-day check-in once, only to people who asked to be kept informed, across repeated runs, crashes and redelivery', async () => {
    const now = Date.now() + 1000 * DAY; // a clock of our own, so other tests' pledges are out of every window
    const informed = await seedPledge({ updates: true, confirmedDaysAgo: 31, now });
    const quiet = await seedPledge({ updates: false, confirmedDaysAgo: 31, now });
    const tooSoon = await seedPledge({ updates: true, confirmedDaysAgo: 10, now });

    const first = await scheduleWaiting(now);
    expect(first).toEqual([`checkin:${informed}`]);
    expect(await scheduleWaiting(now)).toEqual([]); // the Cron again: nothing new
    expect(await scheduleWaiting(now + DAY)).toEqual([]); // and the next day

    const { sent, transport } = recorder();
    // Redelivery: the same message twice. A consumer that died mid-send is swept back later.
    for (const id of [...first, ...first]) await sendOutboxRow(env, id, EMAIL_KINDS, transport);
    await sweepOutbox(env, Date.now() + 60 * 60_000);
    for (const id of first) await sendOutboxRow(env, id, EMAIL_KINDS, transport);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.email.to).toBe(`p.${informed}@example.org`);
    expect(sent[0]!.email.subject).toBe('What have you done since you pledged?');
    expect(sent[0]!.email.text).toMatch(/Tell us what you did: http:\/\/localhost:8787\/actions\?lang=en&t=v1\./);
    // Ticked when pledging or turned on later in the preferences: said so that both are true.
    expect(sent[0]!.email.text).toContain('You are receiving this because you asked to be kept informed about health equity in radiology.');
    expect(sent[0]!.email.text).toContain('Manage your preferences: ');
    expect(sent[0]!.email.text).not.toContain('Manage your preferences or withdraw');
    const rows = await env.DB.prepare(`SELECT id FROM email_outbox WHERE pledge_id IN (?, ?, ?)`).bind(informed, quiet, tooSoon).all();
    expect(rows.results).toHaveLength(1);
  });

  it('drops a check-in already composed when its reader unsubscribes, or their address bounces or complains, before its hand-off', async () => {
    const now = Date.now() + 5000 * DAY;
    const [ahead, leaving, complaining, staying] = [
      await seedPledge({ updates: true, confirmedDaysAgo: 31, now }),
      await seedPledge({ updates: true, confirmedDaysAgo: 31, now }),
      await seedPledge({ updates: true, confirmedDaysAgo: 31, now }),
      await seedPledge({ updates: true, confirmedDaysAgo: 31, now }),
    ];
    const ids = [ahead, leaving, complaining, staying].map((p) => `checkin:${p}`);
    expect((await scheduleWaiting(now)).filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    const delivered: string[] = [];
    const transport: EmailTransport = {
      async send(_email, key) {
        // The batch was claimed and composed; during the first hand-off one reader presses the
        // check-in's one-click unsubscribe and the provider reports another's complaint.
        if (!delivered.length) {
          const t = await makeToken(env, leaving!, 'unsubscribe');
          const res = await SELF.fetch(`https://pledge.test/unsubscribe?t=${encodeURIComponent(t)}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: 'List-Unsubscribe=One-Click',
          });
          expect(res.status).toBe(200);
          await suppress(env, `p.${complaining}@example.org`, 'complaint', 'test');
        }
        delivered.push(key);
      },
    };
    await sendOutboxRows(env, ids, EMAIL_KINDS, transport);
    expect(delivered).toEqual([`checkin:${ahead}`, `checkin:${staying}`]);
    const rows = await env.DB.prepare(`SELECT id, status, last_error FROM email_outbox WHERE id IN (?, ?) ORDER BY id`).bind(ids[1], ids[2]).all();
    expect(rows.results).toEqual(
      [
        { id: ids[1], status: 'cancelled', last_error: 'unsubscribed' },
        { id: ids[2], status: 'cancelled', last_error: 'suppressed' },
      ].sort((x, y) => x.id!.localeCompare(y.id!)),
    );
  });

  it('sends no check-in and no recommitment to an address that bounced or complained; the check-in, sent by consent, unsubscribes in one click', async () => {
    const now = Date.now() + 3000 * DAY;
    const bounced = await seedPledge({ updates: true, confirmedDaysAgo: 31, now });
    const complained = await seedPledge({ updates: true, confirmedDaysAgo: 367, now });
    const fine = await seedPledge({ updates: true, confirmedDaysAgo: 31, now });
    await suppress(env, `P.${bounced}@Example.org`, 'bounce', 'test');
    await suppress(env, `p.${complained}@example.org`, 'complaint', 'test');
    const ids = (await scheduleWaiting(now)).filter((id) => [bounced, complained, fine].some((p) => id.includes(p)));
    expect(ids.sort()).toEqual([`checkin:${bounced}`, `checkin:${fine}`, `recommit:${complained}:1`].sort());

    const { sent, transport } = recorder();
    for (const id of ids) await sendOutboxRow(env, id, EMAIL_KINDS, transport);
    expect(sent.map((s) => s.key)).toEqual([`checkin:${fine}`]);
    const skipped = await env.DB.prepare(`SELECT status, last_error FROM email_outbox WHERE id IN (?, ?)`).bind(`checkin:${bounced}`, `recommit:${complained}:1`).all();
    expect(skipped.results).toEqual([{ status: 'cancelled', last_error: 'suppressed' }, { status: 'cancelled', last_error: 'suppressed' }]);

    const email = sent[0]!.email;
    // Its pages in the reader's language, and their preferences beside it, as in an update's footer.
    const link = /^<(http:\/\/localhost:8787\/unsubscribe\?lang=en&t=v1\.[^>]+)>$/.exec(email.headers!['List-Unsubscribe']!)![1]!;
    expect(email.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(email.text).toContain(`Unsubscribe from updates: ${link}`);
    expect(email.html).toContain('Unsubscribe from updates</a>');
    expect(email.text).toMatch(/Manage your preferences: http:\/\/localhost:8787\/preferences\?lang=en&t=v1\./);
    expect(email.html).toContain('Manage your preferences</a>');
    const oneClick = await SELF.fetch(link.replace('http://localhost:8787', 'https://pledge.test'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await env.DB.prepare('SELECT updates, status FROM pledges WHERE id = ?').bind(fine).first()).toEqual({ updates: 0, status: 'confirmed' });
  });

  it('gives the check-in the same mailto: beside its one-click link as an update has, when a mailbox is set', async () => {
    const now = Date.now() + 4100 * DAY;
    const id = await seedPledge({ updates: true, confirmedDaysAgo: 31, now });
    expect((await scheduleWaiting(now)).filter((row) => row.includes(id))).toEqual([`checkin:${id}`]);
    const { sent, transport } = recorder();
    await sendOutboxRow({ ...env, UNSUBSCRIBE_MAILBOX: 'unsubscribe@example.org' }, `checkin:${id}`, EMAIL_KINDS, transport);
    // (As an update's: the https link first, then the mailbox, its subject naming the pledge.)
    expect(sent[0]!.email.headers!['List-Unsubscribe']).toMatch(new RegExp(`^<http://localhost:8787/unsubscribe\\?lang=en&t=v1\\.[^>]+>, <mailto:unsubscribe@example\\.org\\?subject=unsubscribe%20${id}>$`));
    expect(sent[0]!.email.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it("takes a mail client's one-click (the token in the address) whatever its body says it is", async () => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=b', 'text/plain', 'text/plain;charset=UTF-8', 'application/octet-stream', 'application/json']) {
      const id = await seedPledge({ confirmedDaysAgo: 40, updates: true });
      const body = type.startsWith('multipart') ? '--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n' : 'List-Unsubscribe=One-Click';
      for (const [path, action] of [['/unsubscribe', 'unsubscribe'], ['/reminders', 'reminders']] as const) {
        const res = await SELF.fetch(`https://pledge.test${path}?lang=en&t=${await makeToken(env, id, action)}`, { method: 'POST', headers: { 'Content-Type': type }, body });
        expect(res.status, `${path} ${type}`).toBe(200);
      }
      expect(await env.DB.prepare('SELECT updates, reminders FROM pledges WHERE id = ?').bind(id).first(), type).toEqual({ updates: 0, reminders: 0 });
    }
  });

  it('asks every confirmed pledger to recommit at each anniversary, once per year, skipping those who withdrew', async () => {
    const now = Date.now() + 2000 * DAY;
    const year1 = await seedPledge({ confirmedDaysAgo: 367, now });
    const year2 = await seedPledge({ confirmedDaysAgo: 2 * 365 + 3, now });
    const notYet = await seedPledge({ confirmedDaysAgo: 300, now });
    const withdrawn = await seedPledge({ confirmedDaysAgo: 370, now });

    // (Only this test's pledges are looked at: other tests' pledges have anniversaries of their own.)
    const ours = (found: string[]) => found.filter((id) => [year1, year2, notYet, withdrawn].some((p) => id.includes(p))).sort();
    const ids = ours(await scheduleWaiting(now));
    expect(ids).toEqual([`recommit:${withdrawn}:1`, `recommit:${year1}:1`, `recommit:${year2}:2`].sort());
    expect(ours(await scheduleWaiting(now + 5 * DAY))).toEqual([]);
    await postForm('/withdraw', { t: await makeToken(env, withdrawn, 'withdraw') });

    const { sent, transport } = recorder();
    for (const id of ids) await sendOutboxRow(env, id, EMAIL_KINDS, transport);
    expect(sent.map((s) => s.key).sort()).toEqual([`recommit:${year1}:1`, `recommit:${year2}:2`].sort());
    expect(sent[0]!.email.html).toContain('/recommit?lang=en&amp;t=v1.');
    // …and that link, followed, opens its renewal page (a token made for its own action).
    const renew = /href="http:\/\/localhost:8787(\/recommit\?lang=en&amp;t=[^"]+)"/.exec(sent[0]!.email.html)![1]!.replace('&amp;', '&');
    expect((await SELF.fetch(`https://pledge.test${renew}`)).status).toBe(200);
    expect(sent[0]!.email.html).toMatch(/<html lang="en" dir="ltr">/);
    // Each says which anniversary it is.
    const byKey = Object.fromEntries(sent.map((s) => [s.key, s.email.text]));
    expect(byKey[`recommit:${year1}:1`]).toContain('A year ago you pledged');
    expect(byKey[`recommit:${year2}:2`]).toContain('You pledged 2 years ago to advance');
    // Sent to every confirmed pledger, kept informed or not, with its own one-click way out (which stops
    // this email alone, not updates) and their preferences, where both are set and the pledge withdrawn.
    for (const { email } of sent) {
      const link = /^<(http:\/\/localhost:8787\/reminders\?lang=en&t=v1\.[^>]+\.y\.[^>]+)>$/.exec(email.headers!['List-Unsubscribe']!)![1]!;
      expect(email.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      expect(email.text).toContain(`Stop this yearly reminder: ${link}`);
      expect(email.html).toContain(`<a href="${link.replaceAll('&', '&amp;')}" style="color:#1f4e8c">Stop this yearly reminder</a>`);
      expect(email.text).toMatch(/Manage your preferences: http:\/\/localhost:8787\/preferences\?lang=en&t=v1\.[^\s]+\.p\./);
      expect(email.html).toMatch(/<a href="http:\/\/localhost:8787\/preferences\?lang=en&amp;t=v1\.[^"]+" style="color:#1f4e8c">Manage your preferences<\/a>/);
    }

    // Ten weeks on, notYet reaches its first anniversary; a year on, the others their next.
    expect(ours(await scheduleWaiting(now + 70 * DAY))).toEqual([`recommit:${notYet}:1`]);
    expect(ours(await scheduleWaiting(now + 366 * DAY))).toEqual([`recommit:${year1}:2`, `recommit:${year2}:3`].sort());
  });
});

describe('the yearly reminder, turned off', () => {
  const at = (url: string) => url.replace('http://localhost:8787', 'https://pledge.test');
  const reminders = (id: string) => env.DB.prepare('SELECT reminders, status, updates FROM pledges WHERE id = ?').bind(id).first();

  it("stops from the email's one-click link (RFC 8058) with a plain 200, cancels the one waiting to go, and sends none again", async () => {
    const now = Date.now() + 3000 * DAY;
    const id = await seedPledge({ confirmedDaysAgo: 367, now, updates: true });
    const [row] = (await scheduleWaiting(now)).filter((r) => r.includes(id));
    expect(row).toBe(`recommit:${id}:1`);
    const url = at(await remindersUrl(env, id, 'es'));
    // Opening the link changes nothing (a mail scanner opens links).
    const shown = await SELF.fetch(url);
    expect(shown.status).toBe(200);
    const page = await shown.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('Deje de recibir el recordatorio anual');
    expect(await reminders(id)).toEqual({ reminders: 1, status: 'confirmed', updates: 1 });
    const oneClick = await SELF.fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toBe('Recordatorio anual desactivado.');
    // The pledge and its updates stay; the email waiting to go does not.
    expect(await reminders(id)).toEqual({ reminders: 0, status: 'confirmed', updates: 1 });
    expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(row).first()).toEqual({ status: 'cancelled', last_error: 'reminders_off' });
    // Next year's anniversary writes none.
    expect((await scheduleWaiting(now + 366 * DAY)).filter((r) => r.includes(id))).toEqual([]);
    // Opened again: said off, with the way back on.
    const again = await (await SELF.fetch(url)).text();
    expect(again).toContain('El recordatorio anual está desactivado');
    expect(again).toMatch(/href="http:\/\/localhost:8787\/preferences\?lang=es&amp;t=v1\./);
  });

  it('skips a reminder already written when it is turned off before it goes, and the page\'s button turns it off too', async () => {
    const now = Date.now() + 3100 * DAY;
    const id = await seedPledge({ confirmedDaysAgo: 368, now });
    const [row] = (await scheduleWaiting(now)).filter((r) => r.includes(id));
    // Turned off behind the outbox's back (the row still queued, as if the cancel had raced it): composing skips it.
    await env.DB.prepare('UPDATE pledges SET reminders = 0 WHERE id = ?').bind(id).run();
    const { sent, transport } = recorder();
    await sendOutboxRow(env, row!, EMAIL_KINDS, transport);
    expect(sent).toEqual([]);
    expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(row).first()).toEqual({ status: 'cancelled', last_error: 'opted_out' });
    await env.DB.prepare('UPDATE pledges SET reminders = 1 WHERE id = ?').bind(id).run();
    const token = new URL(await remindersUrl(env, id, 'en')).searchParams.get('t')!;
    const res = await SELF.fetch('https://pledge.test/reminders?lang=en', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ t: token }).toString() });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>The yearly reminder is off</h1>');
    expect(page).toContain('Your pledge stays and still counts.');
    expect(await reminders(id)).toMatchObject({ reminders: 0, status: 'confirmed' });
  });

  it('refuses another link\'s token, a forged or expired one: a page, or for a mail client the JSON error', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 10 });
    const others = await Promise.all((['unsubscribe', 'recommit', 'preferences', 'withdraw'] as const).map((a) => makeToken(env, id, a)));
    for (const t of [...others, 'v1.bad', (await makeToken(env, id, 'reminders')).slice(0, -2) + 'xx']) {
      expect((await SELF.fetch(`https://pledge.test/reminders?t=${encodeURIComponent(t)}`)).status, t).toBe(400);
      const oneClick = await SELF.fetch(`https://pledge.test/reminders?lang=en&t=${encodeURIComponent(t)}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(oneClick.status).toBe(400);
      expect(((await oneClick.json()) as { error: { code: string } }).error.code).toBe('invalid_link');
    }
    const old = await makeToken(env, id, 'reminders', Date.now() - 800 * DAY);
    const expired = await SELF.fetch(`https://pledge.test/reminders?lang=en&t=${old}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(expired.status).toBe(410);
    expect(await reminders(id)).toMatchObject({ reminders: 1 });
  });

  it('stops one claimed but not yet handed over, and turned on again within its window puts it back for the sweeper', async () => {
    const now = Date.now() + 3300 * DAY;
    const id = await seedPledge({ confirmedDaysAgo: 370, now });
    const [row] = (await scheduleWaiting(now)).filter((r) => r.includes(id));
    // A consumer holds it (claimed, hand-off not begun): off cancels it all the same.
    await env.DB.prepare("UPDATE email_outbox SET status = 'sending', attempts = 1 WHERE id = ?").bind(row).run();
    const t = await makeToken(env, id, 'preferences');
    await postForm('/preferences?lang=en', { t, reminders: 'no' });
    expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(row).first()).toEqual({ status: 'cancelled', last_error: 'reminders_off' });
    // The Cron writes each anniversary once: on again, the row it stopped is queued again, and the sweeper's next run takes it.
    await postForm('/preferences?lang=en', { t, reminders: 'yes' });
    expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(row).first()).toEqual({ status: 'queued', last_error: null });
    await occupyPace(env, 0); // (the next run, minutes on: what was paced before is due by then)
    expect(await sweepOutbox(env)).toBeGreaterThanOrEqual(1);
    // Put on the queue by the sweep, its consumer sends it.
    const status = () => env.DB.prepare('SELECT status FROM email_outbox WHERE id = ?').bind(row).first<string>('status');
    await eventually(async () => (await status()) === 'sent', 'the renewal email sent');
  });

  it('does not put back a reminder for a pledge renewed since it was written (from another email\'s link)', async () => {
    const now = Date.now() + 3400 * DAY;
    const id = await seedPledge({ confirmedDaysAgo: 371, now });
    const [row] = (await scheduleWaiting(now)).filter((r) => r.includes(id));
    const t = await makeToken(env, id, 'preferences');
    await postForm('/preferences?lang=en', { t, reminders: 'no' });
    await env.DB.prepare('UPDATE pledges SET recommitted_at = ? WHERE id = ?').bind(new Date(now + 60_000).toISOString(), id).run();
    await postForm('/preferences?lang=en', { t, reminders: 'yes' });
    expect(await env.DB.prepare('SELECT status, last_error FROM email_outbox WHERE id = ?').bind(row).first()).toEqual({ status: 'cancelled', last_error: 'reminders_off' });
    expect(await env.DB.prepare('SELECT reminders FROM pledges WHERE id = ?').bind(id).first('reminders')).toBe(1);
  });

  it("keeps each link to its own action: the reminder link's token opens no other page, and a withdrawn pledge's link says so", async () => {
    const id = await seedPledge({ confirmedDaysAgo: 20 });
    const y = await makeToken(env, id, 'reminders');
    for (const path of ['/unsubscribe', '/preferences', '/recommit', '/actions', '/withdraw', '/confirm']) {
      expect((await SELF.fetch(`https://pledge.test${path}?t=${y}`)).status, path).toBe(400);
    }
    await postForm('/withdraw', { t: await makeToken(env, id, 'withdraw') });
    const gone = await SELF.fetch(`https://pledge.test/reminders?lang=en&t=${y}`);
    expect(gone.status).toBe(410);
    const said = await gone.text();
    expect(said).toContain('This pledge no longer exists');
    // One state, one message: every old link of a withdrawn pledge says the same.
    expect(said).toContain('It was withdrawn, so we hold no details and send nothing. You are welcome to pledge again.');
    // "Pledge again" leads back through the pledge's own society, as the withdrawal, preferences and unsubscribe pages' do.
    expect(said).toContain('<a href="/pledge?partner=rsna&amp;lang=en">Sign the pledge</a>');
    for (const [path, action] of [['/unsubscribe', 'unsubscribe'], ['/actions', 'act'], ['/recommit', 'recommit']] as const) {
      const page = await (await SELF.fetch(`https://pledge.test${path}?lang=es&t=${await makeToken(env, id, action)}`)).text();
      expect(page, path).toContain('Este compromiso ya no existe');
      expect(page, path).toContain('Se retiró, así que no guardamos datos ni enviamos nada. Puede volver a comprometerse cuando quiera.');
      expect(page, path).toContain('<a href="/pledge?partner=rsna&amp;lang=es">Firme el compromiso</a>');
    }
    // And after a POST (the page opened before the withdrawal, its button pressed after).
    const posted = await postForm('/recommit', { t: await makeToken(env, id, 'recommit'), lang: 'es' });
    expect(posted.status).toBe(410);
    expect(await posted.text()).toContain('<a href="/pledge?partner=rsna&amp;lang=es">Firme el compromiso</a>');
    // A mail client's one-click on it: the documented plain 200, saying the same (not that a reminder was stopped), in each language.
    for (const [lang, said] of [
      ['en', 'This pledge no longer exists. It was withdrawn, so we hold no details and send nothing. You are welcome to pledge again.'],
      ['es', 'Este compromiso ya no existe. Se retiró, así que no guardamos datos ni enviamos nada. Puede volver a comprometerse cuando quiera.'],
    ] as const) {
      const oneClick = await SELF.fetch(`https://pledge.test/reminders?lang=${lang}&t=${y}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(oneClick.status, lang).toBe(200);
      expect(await oneClick.text(), lang).toBe(said);
    }
  });

  it("says a pledge not confirmed yet is not confirmed (not that it was withdrawn), on each link's page and POST, in both languages, changing nothing", async () => {
    const id = await seedPledge({ confirmedDaysAgo: null });
    const before = await actionCount();
    const said = {
      en: ['This pledge is not confirmed yet', 'Confirm it first with the button in the email that asked you to confirm your pledge. This link works once your pledge is confirmed.'],
      es: ['Este compromiso aún no está confirmado', 'Primero confírmelo con el botón del correo en el que le pedimos que confirmara su compromiso. Este enlace funcionará cuando su compromiso esté confirmado.'],
    };
    for (const [path, action] of [['/actions', 'act'], ['/recommit', 'recommit'], ['/reminders', 'reminders']] as const) {
      const t = await makeToken(env, id, action);
      for (const lang of ['en', 'es'] as const) {
        const answers = [
          await SELF.fetch(`https://pledge.test${path}?lang=${lang}&t=${t}`),
          await postForm(path, { t, lang, submission: 'e'.repeat(32), kind: 'other' }),
        ];
        for (const res of answers) {
          expect(res.status, `${path} ${lang}`).toBe(409);
          const text = await res.text();
          for (const words of said[lang]) expect(text, `${path} ${lang}`).toContain(words);
          expect(text, path).not.toMatch(/withdrawn|no longer exists|Se retiró|ya no existe/);
          // Nothing to start again from here: no "sign the pledge" (a second pledge), only the impact page.
          expect(text, path).not.toContain('href="/pledge');
          expect(text, path).toContain(`href="/impact?lang=${lang}"`);
        }
      }
    }
    expect(await actionCount()).toBe(before);
    expect(await env.DB.prepare('SELECT status, reminders, recommitted_at FROM pledges WHERE id = ?').bind(id).first()).toEqual({ status: 'pending', reminders: 1, recommitted_at: null });
  });

  it("speaks the pledge's own language when its link names none the service offers (no lang, lang=fr), as /preferences and /unsubscribe did", async () => {
    const id = await seedPledge({ confirmedDaysAgo: 400, lang: 'es', updates: true });
    const english = { 'Accept-Language': 'en-US,en;q=0.9' }; // the browser's wish loses to the pledge's own language
    const pages = [
      ['/actions', 'act', 'Cuéntenos qué hizo'],
      ['/recommit', 'recommit', 'Renueve su compromiso'],
      ['/reminders', 'reminders', 'Deje de recibir el recordatorio anual'],
      ['/preferences', 'preferences', 'Sus preferencias'],
      ['/unsubscribe', 'unsubscribe', 'Deje de recibir novedades'],
    ] as const;
    for (const [path, action, heading] of pages) {
      const t = await makeToken(env, id, action);
      for (const query of [`t=${t}`, `lang=fr&t=${t}`]) {
        const res = await SELF.fetch(`https://pledge.test${path}?${query}`, { headers: english });
        expect(res.status, `${path}?${query.slice(0, 8)}`).toBe(200);
        const page = await res.text();
        expect(page, `${path}?${query.slice(0, 8)}`).toContain('<html lang="es">');
        expect(page, `${path}?${query.slice(0, 8)}`).toContain(heading);
      }
    }
    // A post whose form names no language it offers: the answer in the pledge's language too.
    const a = await makeToken(env, id, 'act');
    const logged = await SELF.fetch('https://pledge.test/actions', {
      method: 'POST',
      headers: { ...english, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: a, lang: 'fr', kind: 'mentoring', submission: 'f'.repeat(32) }).toString(),
    });
    expect(logged.status).toBe(200);
    expect(await logged.text()).toContain('<html lang="es">');
    // Asked for by name, a language offered still wins (the language switch's link).
    const asked = await (await SELF.fetch(`https://pledge.test/actions?lang=en&t=${a}`)).text();
    expect(asked).toContain('<html lang="en">');
    // The pledge's own links, confirm and withdraw, the same, on GET and on a POST whose form names none.
    const pending = await seedPledge({ confirmedDaysAgo: null, lang: 'es' });
    for (const [path, token, heading] of [
      ['/confirm', await makeToken(env, pending, 'confirm'), 'Confirme su compromiso'],
      ['/withdraw', await makeToken(env, id, 'withdraw'), 'Retire su compromiso'],
    ] as const) {
      for (const query of [`t=${token}`, `lang=fr&t=${token}`]) {
        const page = await (await SELF.fetch(`https://pledge.test${path}?${query}`, { headers: english })).text();
        expect(page, `${path}?${query.slice(0, 8)}`).toContain('<html lang="es">');
        expect(page, `${path}?${query.slice(0, 8)}`).toContain(heading);
      }
    }
    const confirmed = await SELF.fetch('https://pledge.test/confirm', {
      method: 'POST',
      headers: { ...english, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: await makeToken(env, pending, 'confirm'), lang: 'fr' }).toString(),
    });
    expect(confirmed.status).toBe(200);
    const confirmedPage = await confirmed.text();
    expect(confirmedPage).toContain('<html lang="es">');
    expect(confirmedPage).toContain('Su compromiso está confirmado');
  });

  it('says on the unsubscribe pages and the saved preferences whether the yearly reminder still comes', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 40, updates: true });
    const u = await makeToken(env, id, 'unsubscribe');
    expect(await (await SELF.fetch(`https://pledge.test/unsubscribe?lang=en&t=${u}`)).text()).toContain('Once a year, on its anniversary, we will still ask whether you renew it');
    const p = await makeToken(env, id, 'preferences');
    const off = await (await postForm('/preferences?lang=en', { t: p, reminders: 'no' })).text();
    expect(off).toContain('You will get no yearly reminder.');
    const page = await (await SELF.fetch(`https://pledge.test/unsubscribe?lang=es&t=${u}`)).text();
    expect(page).toContain('Su compromiso se mantiene y sigue contando.');
    expect(page).not.toContain('Una vez al año');
    // The page after pressing Unsubscribe, and the link opened again once unsubscribed, say the same.
    const unsubscribed = await (await postForm(`/unsubscribe?lang=es`, { t: u })).text();
    expect(unsubscribed).toContain('No recibirá más novedades de la coalición. Su compromiso se mantiene y sigue contando.');
    expect(unsubscribed).not.toContain('Una vez al año');
    expect(await (await SELF.fetch(`https://pledge.test/unsubscribe?lang=es&t=${u}`)).text()).not.toContain('Una vez al año');
    const on = await (await postForm('/preferences?lang=es', { t: p, reminders: 'yes' })).text();
    expect(on).toContain('Una vez al año, en el aniversario de su compromiso, le preguntaremos si lo renueva.');
    for (const res of [await SELF.fetch(`https://pledge.test/unsubscribe?lang=es&t=${u}`), await postForm(`/unsubscribe?lang=es`, { t: u })]) {
      const text = await res.text();
      expect(text).toContain('No recibirá más novedades');
      expect(text).toContain('Una vez al año, en el aniversario de su compromiso, le seguiremos preguntando si lo renueva');
    }
  });

  it('promises no email to an address on the suppression list: the unsubscribe pages and preferences say emails are paused', async () => {
    const id = await seedPledge({ confirmedDaysAgo: 40, updates: true });
    await suppress(env, `P.${id}@Example.org`, 'complaint', 'test');
    const u = await makeToken(env, id, 'unsubscribe');
    const p = await makeToken(env, id, 'preferences');
    for (const res of [await SELF.fetch(`https://pledge.test/unsubscribe?lang=en&t=${u}`), await postForm('/unsubscribe?lang=en', { t: u }), await SELF.fetch(`https://pledge.test/unsubscribe?lang=en&t=${u}`)]) {
      const text = await res.text();
      expect(text).toContain('Your pledge stays and still counts.');
      expect(text).not.toContain('Once a year');
    }
    const prefs = await (await SELF.fetch(`https://pledge.test/preferences?lang=es&t=${p}`)).text();
    expect(prefs).toContain('Por ahora no enviamos correos a esta dirección');
    const saved = await (await postForm('/preferences?lang=en', { t: p, updates: 'yes', reminders: 'yes', lang: 'en', role: 'radiologist' })).text();
    expect(saved).toContain('Your preferences are saved');
    expect(saved).toContain('We are not sending email to this address for now');
    expect(saved).not.toContain('You will get the coalition’s updates by email.');
    expect(saved).not.toContain('we will ask whether you renew it');
    // Another pledger, not suppressed, is told what will come.
    const other = await seedPledge({ confirmedDaysAgo: 40, updates: true });
    const otherPrefs = await (await SELF.fetch(`https://pledge.test/preferences?lang=es&t=${await makeToken(env, other, 'preferences')}`)).text();
    expect(otherPrefs).not.toContain('Por ahora no enviamos');
  });

  it('is a choice on the preferences page, both ways, apart from updates', async () => {
    const now = Date.now() + 3200 * DAY;
    const id = await seedPledge({ confirmedDaysAgo: 369, now, updates: true });
    const t = await makeToken(env, id, 'preferences');
    const page = await (await SELF.fetch(`https://pledge.test/preferences?t=${t}`)).text();
    expect(page).toMatch(/<input type="radio" id="reminders-yes" name="reminders" value="yes" checked \/>/);
    const off = await postForm('/preferences?lang=en', { t, reminders: 'no' });
    expect(off.status).toBe(200);
    expect(await off.text()).toMatch(/<input type="radio" id="reminders-no" name="reminders" value="no" checked \/>/);
    expect(await reminders(id)).toEqual({ reminders: 0, status: 'confirmed', updates: 1 });
    expect((await scheduleWaiting(now)).filter((r) => r.includes(id))).toEqual([]);
    await postForm('/preferences?lang=en', { t, reminders: 'yes', updates: 'no' });
    expect(await reminders(id)).toEqual({ reminders: 1, status: 'confirmed', updates: 0 });
    expect((await scheduleWaiting(now)).filter((r) => r.includes(id))).toEqual([`recommit:${id}:1`]);
    const bad = await postForm('/preferences?lang=es', { t, reminders: 'maybe' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Elija si quiere recibir el recordatorio anual: sí o no');
    expect(await reminders(id)).toMatchObject({ reminders: 1 });
  });
});

describe('the dashboard\u2019s resources section', () => {
  async function signIn(): Promise<string> {
    const res = await SELF.fetch('https://pledge.test/admin/sign-in', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://pledge.test' },
      body: new URLSearchParams({ token: 'test-admin-token' }).toString(),
    });
    expect(res.status).toBe(303);
    return res.headers.get('Set-Cookie')!.split(';')[0]!;
  }
  const post = (cookie: string, form: URLSearchParams, origin = 'https://pledge.test', redirect: RequestInit['redirect'] = 'follow') =>
    SELF.fetch('https://pledge.test/admin/resources', {
      method: 'POST',
      redirect,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, Cookie: cookie },
      body: form.toString(),
    });

  it('shows maintainers every report beside what is counted, and the notes pledgers wrote', async () => {
    const cookie = await signIn();
    const row = async () => {
      const page = await (await SELF.fetch('https://pledge.test/admin/resources', { headers: { Cookie: cookie } })).text();
      const m = page.match(/<th scope="row" role="rowheader">Mentored someone<\/th><td role="cell" data-label="[^"]+">(\d+)<\/td><td role="cell" data-label="[^"]+">(\d+)<\/td>/)!;
      return { page, counted: Number(m[1]), reports: Number(m[2]) };
    };
    const before = await row();
    expect(before.page).toContain('What pledgers wrote');
    const id = await seedPledge({ confirmedDaysAgo: 3 });
    const t = await makeToken(env, id, 'act');
    // Twice the same day: counted once (as on /impact), reported twice, each note kept and shown, as text.
    for (const note of ['Mentored a resident <b>twice</b>', 'And a student']) expect((await postForm('/actions', { t, kind: 'mentoring', note })).status).toBe(200);
    const after = await row();
    expect(after.counted).toBe(before.counted + 1);
    expect(after.reports).toBe(before.reports + 2);
    expect(after.page).toContain('<td class="note">Mentored a resident &lt;b&gt;twice&lt;/b&gt;</td>');
    expect(after.page).toContain('<td class="note">And a student</td>');
    // Withdrawn, a pledge's notes go with it (status.ts erases them) and its reports leave the figures.
    await withdrawPledge(env.DB, id);
    const gone = await row();
    expect(gone.page).not.toContain('And a student');
    expect(gone.reports).toBe(before.reports);
  });

  it('adds, edits and retires resources from plain forms, shows outcomes, and refuses other origins', async () => {
    expect((await SELF.fetch('https://pledge.test/admin/resources', { redirect: 'manual' })).status).toBe(303);
    const cookie = await signIn();
    const page = await (await SELF.fetch('https://pledge.test/admin/resources', { headers: { Cookie: cookie } })).text();
    expect(page).toContain('Actions by kind: counted, and the reports behind them');
    expect(page).toContain('active pledges');

    const form = new URLSearchParams({ action: 'save', title: 'Dashboard-made toolkit', url: 'https://www.sirweb.org/x', summary: 'Made in the dashboard.', step: '', kind: 'toolkit', lang: 'en', partner: 'sir', position: '7' });
    form.append('roles', 'nurse');
    form.append('roles', 'leader');
    expect((await post(cookie, form, 'https://evil.example')).status).toBe(403);

    const missingRoles = new URLSearchParams(form);
    missingRoles.delete('roles');
    const bad = await post(cookie, missingRoles);
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Choose at least one role');
    expect(badHtml).toContain('value="Dashboard-made toolkit"'); // what was typed is kept

    const badOrder = new URLSearchParams(form);
    badOrder.set('position', 'abc');
    const badOrderPage = await (await post(cookie, badOrder)).text();
    expect(badOrderPage).toContain('The order must be a whole number'); // the form's word for it, not the API's field
    expect(badOrderPage).not.toContain('position is');

    // Saved, then fetched again (303): reloading the answer sends nothing twice.
    const ok = await post(cookie, form, 'https://pledge.test', 'manual');
    expect(ok.status).toBe(303);
    const done = ok.headers.get('Location')!;
    expect(done).toMatch(/^\/admin\/resources\?lang=en&saved=[0-9a-f-]{36}$/);
    expect(await (await SELF.fetch(`https://pledge.test${done}`, { headers: { Cookie: cookie } })).text()).toContain('Saved: Dashboard-made toolkit.');
    // The same link again in the same language (a double click, a form sent twice) is refused, naming the one there.
    const twice = await post(cookie, form);
    expect(twice.status).toBe(422);
    expect(await twice.text()).toContain('This link is already in the library in this language, as “Dashboard-made toolkit”');
    const api = (await (await SELF.fetch('https://pledge.test/api/resources?role=leader&lang=en')).json()) as { resources: { id: string; title: string; roles: string[]; partner: string; step: string | null }[] };
    const made = api.resources.find((r) => r.title === 'Dashboard-made toolkit')!;
    expect(made).toMatchObject({ roles: ['nurse', 'leader'], partner: 'sir', step: null });

    const edit = await (await SELF.fetch(`https://pledge.test/admin/resources?edit=${made.id}`, { headers: { Cookie: cookie } })).text();
    expect(edit).toContain('Edit a resource');
    expect(edit).toContain('id="r-roles-nurse" name="roles" value="nurse" checked');
    const retire = await post(cookie, new URLSearchParams({ action: 'retire', id: made.id }));
    const retiredPage = await retire.text();
    expect(retiredPage).toContain('<div class="thanks" role="status" tabindex="-1" autofocus><p>Retired: Dashboard-made toolkit.</p></div>');
    // With it retired, the same link may be added again; the retired one cannot then be restored beside it.
    expect((await post(cookie, form, 'https://pledge.test', 'manual')).status).toBe(303);
    const restore = await post(cookie, new URLSearchParams({ action: 'restore', id: made.id }));
    expect(restore.status).toBe(422);
    expect(await restore.text()).toContain('This link is already in the library in this language, as “Dashboard-made toolkit”');
    expect(await env.DB.prepare('SELECT active FROM resources WHERE id = ?').bind(made.id).first('active')).toBe(0);
    const missing = await post(cookie, new URLSearchParams({ action: 'retire', id: 'no-such-resource' }));
    expect(missing.status).toBe(404);
    const missingPage = await missing.text();
    expect(missingPage).toMatch(/class="error-summary"[^>]*autofocus>\s*<div role="alert">[\s\S]*There is no resource with that id\./);
    expect(missingPage).toMatch(/<title>Error: /);
    const after = (await (await SELF.fetch('https://pledge.test/api/resources?role=leader&lang=en')).json()) as { resources: { id: string }[] };
    expect(after.resources.map((r) => r.id)).not.toContain(made.id);

    // Correcting a retired resource's summary keeps it retired: the form has no "active" field.
    // (Its link is listed by the active one added since: correcting it lists nothing twice, so it is taken.)
    const corrected = new URLSearchParams(form);
    corrected.set('id', made.id);
    corrected.set('summary', 'Corrected while retired.');
    expect((await post(cookie, corrected)).status).toBe(200);
    const stillHidden = (await (await SELF.fetch('https://pledge.test/api/resources?role=leader&lang=en')).json()) as { resources: { id: string }[] };
    expect(stillHidden.resources.map((r) => r.id)).not.toContain(made.id);
    const row = await env.DB.prepare('SELECT active, summary FROM resources WHERE id = ?').bind(made.id).first();
    expect(row).toEqual({ active: 0, summary: 'Corrected while retired.' });
  });
});
