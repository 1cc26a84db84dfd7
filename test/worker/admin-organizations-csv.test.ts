/**
 * The organizations CSV as a maintainer takes it from `/admin/organizations` (and a script from the API):
 * what the search found when they searched (the page offers it beside "N requests match"), every
 * organization from the link at the top; and, last, whether the contact's address is on the
 * suppression list (`contact_suppressed`), as the API's `contactSuppressed` and the card say it,
 * all three from one helper (`suppressedContacts`).
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { suppressedContacts } from '../../worker/organizations/admin-api.ts';
import type { OrganizationRow } from '../../worker/organizations/queries.ts';
import { ORG_ADMIN_STRINGS } from '../../worker/organizations/admin-strings.ts';
import { suppress } from '../../worker/updates/consent.ts';
import { adminSignIn } from './helpers.ts';

const BASE = 'https://pledge.test';
const ADMIN = { Authorization: 'Bearer test-admin-token' };

const get = async (path: string, headers: Record<string, string>) => {
  const res = await SELF.fetch(`${BASE}${path}`, { headers, redirect: 'manual' });
  expect(res.status, path).toBe(200);
  return res;
};

/** A request named `name` with `status`, its contact at its own domain (or `email`). */
async function seed(name: string, status: string, email?: string | null): Promise<{ id: string; email: string | null }> {
  const id = crypto.randomUUID();
  const d = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.org`;
  const contact = email === undefined ? `zoe@${d}` : email;
  await env.DB.prepare(
    `INSERT INTO organizations (id, name, type, website, domain, region, size, contact_name, contact_title, contact_email, domain_verified, list_publicly, status, created_at, confirmed_at)
     VALUES (?, ?, 'practice', ?, ?, 'US-TX', '10-49', ?, NULL, ?, 1, 1, ?, '2026-03-05T10:00:00.000Z', '2026-03-06T10:00:00.000Z')`,
  )
    .bind(id, name, `https://www.${d}`, d, contact ? 'Zoe Contact' : null, contact, status)
    .run();
  return { id, email: contact };
}

/** A CSV as rows of cells (quoted cells with commas, quotes and line breaks read as a spreadsheet reads them). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** The CSV's rows by id, each a record by the header's names. */
async function csvAt(path: string, headers: Record<string, string>) {
  const [header, ...rows] = parseCsv(await (await get(path, headers)).text());
  return { header: header!, byId: new Map(rows.map((cells) => [cells[0]!, Object.fromEntries(header!.map((h, i) => [h, cells[i]]))])) };
}

describe('the organizations CSV follows the search a maintainer made', () => {
  it('the page offers the requests found as a CSV beside "N requests match" (en/es), and that CSV holds only them; the top link still every one', async () => {
    const cookie = { Cookie: await adminSignIn() };
    const tag = crypto.randomUUID().slice(0, 6);
    const pendingOne = await seed(`Found ${tag} one`, 'pending');
    const pendingTwo = await seed(`Found ${tag} two`, 'pending');
    const approved = await seed(`Found ${tag} three`, 'approved');
    const other = await seed(`Elsewhere ${crypto.randomUUID().slice(0, 6)}`, 'pending');
    for (const lang of ['en', 'es'] as const) {
      const t = ORG_ADMIN_STRINGS[lang];
      const page = await (await get(`/admin/organizations?q=${tag}&status=pending&lang=${lang}`, cookie)).text();
      const href = `/admin/organizations.csv?q=${tag}&amp;status=pending`;
      // Said where the search's answer is said, naming how many it holds; the link at the top stays "every organization".
      const found = page.slice(page.indexOf('id="found"'), page.indexOf('</div>', page.indexOf('id="found"')));
      expect(found).toContain(`<a href="${href}">${t.csvFound('2', 2)}</a>`);
      expect(page).toContain(`<a href="/admin/organizations.csv">${t.csvLink}</a>`);
      expect(t.csvFound('2', 2)).not.toBe(t.csvLink);
    }
    expect(ORG_ADMIN_STRINGS.en.csvFound('2', 2)).toBe('Download these 2 (CSV)');
    expect(ORG_ADMIN_STRINGS.en.csvFound('1', 1)).toBe('Download this one (CSV)');
    expect(ORG_ADMIN_STRINGS.es.csvFound('2', 2)).toBe('Descargar estas 2 (CSV)');
    expect(ORG_ADMIN_STRINGS.es.csvFound('1', 1)).toBe('Descargar esta (CSV)');
    // Its CSV: the two found, nothing else; the whole one, every organization.
    const found = await csvAt(`/admin/organizations.csv?q=${tag}&status=pending`, cookie);
    expect([...found.byId.keys()].sort()).toEqual([pendingOne.id, pendingTwo.id].sort());
    const whole = await csvAt('/admin/organizations.csv', cookie);
    for (const o of [pendingOne, pendingTwo, approved, other]) expect(whole.byId.has(o.id)).toBe(true);
    // The API takes the same search (an extension: without it, every organization, as before).
    const api = await csvAt(`/api/admin/organizations.csv?q=${tag}`, ADMIN);
    expect([...api.byId.keys()].sort()).toEqual([pendingOne.id, pendingTwo.id, approved.id].sort());
    expect((await csvAt('/api/admin/organizations.csv', ADMIN)).byId.has(other.id)).toBe(true);
    // Named as a part, not as the whole export.
    const res = await get(`/admin/organizations.csv?q=${tag}`, cookie);
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="rhec-organizations-found-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect((await get('/admin/organizations.csv', cookie)).headers.get('Content-Disposition')).toMatch(/^attachment; filename="rhec-organizations-\d{4}-\d{2}-\d{2}\.csv"$/);
  });

  it('the API refuses a status it does not know (422, naming the ones it does), never answering every organization for a typo', async () => {
    const res = await SELF.fetch(`${BASE}/api/admin/organizations.csv?status=aproved`, { headers: ADMIN });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('validation');
    expect(body.error.fields.status![0]).toContain('unconfirmed, pending, approved, declined or withdrawn');
    // An empty status is none (as the dashboard's form sends "Any status").
    expect((await SELF.fetch(`${BASE}/api/admin/organizations.csv?status=`, { headers: ADMIN })).status).toBe(200);
  });

  it('the JSON list takes the same search as the CSV (`q`, `status`), and the same 422 for a status it does not know', async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const pending = await seed(`Listed ${tag} one`, 'pending');
    const approved = await seed(`Listed ${tag} two`, 'approved');
    const other = await seed(`Elsewhere ${crypto.randomUUID().slice(0, 6)}`, 'pending');
    const ids = async (query: string) => {
      const res = await get(`/api/admin/organizations${query}`, ADMIN);
      return ((await res.json()) as { organizations: { id: string }[] }).organizations.map((o) => o.id).sort();
    };
    expect(await ids(`?q=${tag}`)).toEqual([pending.id, approved.id].sort());
    expect(await ids(`?q=${tag}&status=approved`)).toEqual([approved.id]);
    // As the CSV: the search is the dashboard's (words in any order, any case).
    expect(await ids(`?q=TWO%20${tag.toUpperCase()}`)).toEqual([approved.id]);
    // Without a search (or with an empty one), every organization, as before.
    for (const query of ['', '?status=', '?q=']) expect(await ids(query)).toEqual(expect.arrayContaining([pending.id, approved.id, other.id]));
    const res = await SELF.fetch(`${BASE}/api/admin/organizations?status=aproved`, { headers: ADMIN });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('validation');
    expect(body.error.fields.status![0]).toContain('unconfirmed, pending, approved, declined or withdrawn');
  });

  it('offers no download when nothing matches, and none of "these" without a search', async () => {
    const cookie = { Cookie: await adminSignIn() };
    const none = await (await get(`/admin/organizations?q=nothing-like-${crypto.randomUUID().slice(0, 6)}`, cookie)).text();
    expect(none).not.toContain('/admin/organizations.csv?');
    const whole = await (await get('/admin/organizations', cookie)).text();
    expect(whole).not.toContain('/admin/organizations.csv?');
  });
});

describe("the organizations CSV says whether the contact's address is suppressed", () => {
  it('contact_suppressed, last: 1 once it bounced, 0 before, empty once the contact is erased; as the API says', async () => {
    const cookie = { Cookie: await adminSignIn() };
    const tag = crypto.randomUUID().slice(0, 6);
    const live = await seed(`Supp ${tag} live`, 'approved');
    const bounced = await seed(`Supp ${tag} bounced`, 'pending');
    const erased = await seed(`Supp ${tag} erased`, 'declined', null);
    await suppress(env, bounced.email!, 'bounce', 'test');
    for (const [path, headers] of [[`/admin/organizations.csv?q=${tag}`, cookie], [`/api/admin/organizations.csv?q=${tag}`, ADMIN]] as const) {
      const { header, byId } = await csvAt(path, headers);
      // Last, so every column before keeps its place.
      expect(header.slice(-4)).toEqual(['apart', 'change_asked', 'change_asked_at', 'contact_suppressed']);
      expect(byId.get(live.id)!.contact_suppressed).toBe('0');
      expect(byId.get(bounced.id)!.contact_suppressed).toBe('1');
      expect(byId.get(erased.id)!.contact_suppressed).toBe('');
    }
    const api = ((await (await get('/api/admin/organizations', ADMIN)).json()) as { organizations: { id: string; contactSuppressed: boolean }[] }).organizations;
    expect(api.find((o) => o.id === bounced.id)!.contactSuppressed).toBe(true);
    expect(api.find((o) => o.id === live.id)!.contactSuppressed).toBe(false);
    expect(api.find((o) => o.id === erased.id)!.contactSuppressed).toBe(false);
  });
});

describe('suppressedContacts: the one answer to "is this contact suppressed?"', () => {
  it('names the organizations whose contact is on the list, under any way of writing the mailbox; none without a contact', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const rows = async (...ids: string[]) =>
      (await env.DB.prepare('SELECT * FROM organizations WHERE id IN (SELECT value FROM json_each(?))').bind(JSON.stringify(ids)).all<OrganizationRow>()).results;
    const a = await seed(`Helper ${tag} a`, 'approved', `ana+org@${tag}.example`);
    const b = await seed(`Helper ${tag} b`, 'pending', `ana+other@${tag}.example`); // the same mailbox, another +tag
    const c = await seed(`Helper ${tag} c`, 'pending', `bo@${tag}.example`);
    const d = await seed(`Helper ${tag} d`, 'declined', null);
    expect(await suppressedContacts(env, [])).toEqual(new Set());
    expect(await suppressedContacts(env, await rows(a.id, b.id, c.id, d.id))).toEqual(new Set());
    await suppress(env, `ana@${tag}.example`, 'complaint', 'test');
    expect(await suppressedContacts(env, await rows(a.id, b.id, c.id, d.id))).toEqual(new Set([a.id, b.id]));
    expect(await suppressedContacts(env, await rows(c.id))).toEqual(new Set());
  });
});
