/**
 * Maintainers' organizations API (`Authorization: Bearer $ADMIN_TOKEN`):
 * `GET /api/admin/organizations` (`?q=&status=`, as the CSV's), `POST /api/admin/organizations/:id/approve | decline | remove | apart | together`
 * (`apart`: count it as an organization of its own, though it shares a domain; `together`: with the domain again),
 * `POST /api/admin/organizations/:id/approve-change | decline-change` (an approved organization's change
 * request; an optional JSON body `{ "v": changeRequest.digest }` holds it to the request read: 409 otherwise;
 * a body that is not JSON, 400 `bad_json`, and JSON that is not an object, `null` included, 422, deciding nothing),
 * and the export `GET /api/admin/organizations.csv` (`?q=&status=`: only those the dashboard's search finds).
 */
import { stringify } from 'csv-stringify/sync';
import { Hono, type Context } from 'hono';
import { neutralizeCell } from '../admin/api.ts';
import { requireAdmin } from '../platform/admin-auth.ts';
import { readOptionalJsonBody } from '../platform/body.ts';
import { errorResponse } from '../platform/errors.ts';
import { enqueueEmails } from '../platform/outbox/enqueue.ts';
import { purgeOrganizationList } from './api.ts';
import { suppressedAmong } from '../updates/consent.ts';
import { findFrom, foundIn, type Find } from './admin-page.ts';
import { ORG_STATUSES } from '../../src/organization-fields.ts';
import { allOrganizations, changeAsked, changeAskedDigest, countApart, decideOrganization, findOrganization, reviewChange, withdrawOrganization, withdrawnBy, type ChangeReview, type Decision, type OrganizationRow } from './queries.ts';

type C = Context<{ Bindings: Env }>;

/**
 * The organizations among `rows` whose contact's address is on the suppression list (a hard bounce, a
 * complaint, or a maintainer's call), by id: one query for them all. None whose contact is erased (no
 * address left). The one answer the API's `contactSuppressed`, the CSV's `contact_suppressed`, the
 * dashboard's cards, its check pages and its notices give.
 */
export async function suppressedContacts(env: Env, rows: readonly Pick<OrganizationRow, 'id' | 'contact_email'>[]): Promise<Set<string>> {
  const withContact = rows.filter((o) => o.contact_email);
  const suppressed = await suppressedAmong(env, [...new Set(withContact.map((o) => o.contact_email!))]);
  return new Set(withContact.filter((o) => suppressed.has(o.contact_email!)).map((o) => o.id));
}

/**
 * An organization as maintainers see it. `contactSuppressed`: its contact's address is on the suppression
 * list (a hard bounce or a complaint), so no email about a decision (or a link to change it) reaches them.
 */
export async function adminView(o: OrganizationRow, contactSuppressed = false) {
  const change = changeAsked(o);
  return {
    id: o.id,
    name: o.name,
    type: o.type,
    website: o.website,
    domain: o.domain,
    region: o.region,
    size: o.size,
    status: o.status,
    domainVerified: o.domain_verified === 1,
    listPublicly: o.list_publicly === 1,
    contact: { name: o.contact_name, email: o.contact_email, title: o.contact_title },
    contactSuppressed,
    partner: o.partner_id,
    lang: o.lang,
    joins: o.joins,
    countedApart: o.apart === 1,
    createdAt: o.created_at,
    confirmedAt: o.confirmed_at,
    decidedAt: o.decided_at,
    withdrawnAt: o.withdrawn_at,
    /** A withdrawn request: who ended it, and what it was then (null for one withdrawn before that was kept). */
    withdrawnBy: o.status === 'withdrawn' ? withdrawnBy(o) : null,
    withdrawnFrom: o.status === 'withdrawn' ? o.withdrawn_from : null,
    /** An approved organization's change request awaiting review: the details asked (API names), when, and its digest (`v`). */
    changeRequest: change
      ? {
          asked: apiAsked(change.asked),
          askedAt: change.asked_at,
          replacesAskedAt: change.replaces,
          digest: await changeAskedDigest(o),
        }
      : null,
  };
}

const CSV_COLUMNS: (keyof OrganizationRow)[] = [
  'id', 'name', 'type', 'website', 'domain', 'domain_verified', 'region', 'size', 'status', 'list_publicly', 'joins',
  'partner_id', 'contact_name', 'contact_email', 'contact_title', 'lang', 'created_at', 'confirmed_at', 'decided_at', 'withdrawn_at',
  'apart', // last, so the columns before keep their places: 1 when counted apart from its domain's other requests (the API's countedApart)
];

/**
 * After those, an approved organization's change request awaiting review (empty when none): what is
 * asked, as JSON with the API's names (`changeRequest.asked`), and when (`changeRequest.askedAt`).
 */
const CHANGE_CSV_COLUMNS = ['change_asked', 'change_asked_at'];

/**
 * Last (so the columns before keep their places): 1 when the contact's address is on the suppression list
 * (the API's contactSuppressed), 0 when not, empty when the contact is erased.
 */
const SUPPRESSED_CSV_COLUMN = 'contact_suppressed';

/** A change request's asked details with the API's names and values (`listPublicly`: a boolean). */
function apiAsked(asked: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(asked).map(([k, v]) => [k === 'list_publicly' ? 'listPublicly' : k, k === 'list_publicly' ? v === 1 : v]));
}

/**
 * The organizations as a CSV download (cells a spreadsheet would run as formulas neutralized): every one, or
 * with `?q=` and `?status=` only those the dashboard's search finds (as its list shows them).
 */
export async function organizationsCsv(c: C): Promise<Response> {
  const find: Find = findFrom(c.req.query('q'), c.req.query('status'));
  const rows = foundIn(await allOrganizations(c.env.DB), find);
  const suppressed = await suppressedContacts(c.env, rows);
  const csv = stringify(
    rows.map((r) => {
      const change = changeAsked(r); // as the API's changeRequest
      return [
        ...CSV_COLUMNS.map((col) => neutralizeCell(r[col])),
        neutralizeCell(change ? JSON.stringify(apiAsked(change.asked)) : null),
        neutralizeCell(change?.asked_at ?? null),
        r.contact_email ? Number(suppressed.has(r.id)) : null,
      ];
    }),
    { header: true, columns: [...(CSV_COLUMNS as string[]), ...CHANGE_CSV_COLUMNS, SUPPRESSED_CSV_COLUMN], bom: true },
  );
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    // What a search found is named as such, never taken for the whole export.
    'Content-Disposition': `attachment; filename="rhec-organizations-${find.q || find.status ? 'found-' : ''}${new Date().toISOString().slice(0, 10)}.csv"`,
    'Cache-Control': 'no-store',
  });
}

export type OrgAction = Decision | 'remove' | 'apart' | 'together';

/** The actions on one organization, for the routes (API and dashboard). */
export const ORG_ACTIONS = ['approve', 'decline', 'remove', 'apart', 'together'] as const satisfies readonly OrgAction[];

/**
 * Approves, declines, removes (erasing the contact), or counts apart from its domain's other
 * requests or with them again; false when there is no such organization.
 */
export async function actOnOrganization(env: Env, id: string, action: OrgAction): Promise<boolean> {
  if (action === 'apart' || action === 'together') {
    const done = await countApart(env.DB, id, action === 'apart');
    await purgeOrganizationList();
    return done;
  }
  if (action === 'remove') {
    const done = await withdrawOrganization(env.DB, id, 'maintainer');
    await purgeOrganizationList();
    return done;
  }
  const decided = await decideOrganization(env.DB, id, action);
  if (!decided) return false;
  await purgeOrganizationList();
  if (decided.outboxId) await enqueueEmails(env, [decided.outboxId]).catch(() => undefined);
  return true;
}

/** The decisions on an approved organization's change request, for the routes (API and dashboard). */
export const CHANGE_ACTIONS = { 'approve-change': 'approve', 'decline-change': 'decline' } as const satisfies Record<string, Decision>;
export type ChangeAction = keyof typeof CHANGE_ACTIONS;

/** Decides a change request (see `reviewChange`); on approval the public list is purged; the contact's email is queued. */
export async function actOnChange(env: Env, id: string, action: ChangeAction, shown?: unknown): Promise<ChangeReview> {
  const { result, outboxId } = await reviewChange(env.DB, id, CHANGE_ACTIONS[action], shown);
  if (result === 'approved') await purgeOrganizationList();
  if (outboxId) await enqueueEmails(env, [outboxId]).catch(() => undefined);
  return result;
}

export const organizationsAdminApi = new Hono<{ Bindings: Env }>();

/**
 * A script's typo (`status=aproved`) refused (422, naming the statuses), not answered with every organization
 * (the dashboard's own links carry only statuses it knows; a hand-typed one there is no filter, as on its list).
 */
function unknownStatus(c: C): Response | undefined {
  const status = c.req.query('status');
  if (!status || (ORG_STATUSES as readonly string[]).includes(status)) return undefined;
  const known = `${ORG_STATUSES.slice(0, -1).join(', ')} or ${ORG_STATUSES.at(-1)}`;
  return errorResponse(c, 422, 'validation', `status must be one of ${known}, or left out for every organization.`, { status: [`Use ${known}, or leave it out.`] });
}

organizationsAdminApi.get('/organizations.csv', requireAdmin, (c) => unknownStatus(c) ?? organizationsCsv(c));

/** An organization with whether its contact's address is suppressed, for one answer. */
async function viewOf(env: Env, o: OrganizationRow) {
  return adminView(o, (await suppressedContacts(env, [o])).has(o.id));
}

/** Every organization, or with `?q=` and `?status=` only those the dashboard's search finds, as the CSV. */
organizationsAdminApi.get('/organizations', requireAdmin, async (c) => {
  const refused = unknownStatus(c);
  if (refused) return refused;
  const find = findFrom(c.req.query('q'), c.req.query('status'));
  const rows = foundIn(await allOrganizations(c.env.DB), find);
  const suppressed = await suppressedContacts(c.env, rows);
  return c.json({ organizations: await Promise.all(rows.map((o) => adminView(o, suppressed.has(o.id)))) });
});

for (const action of Object.keys(CHANGE_ACTIONS) as ChangeAction[]) {
  organizationsAdminApi.post(`/organizations/:id/${action}`, requireAdmin, async (c) => {
    const id = c.req.param('id');
    // No body is "no v"; a malformed one is refused (400), never taken for none and acted on.
    const read = await readOptionalJsonBody(c);
    if ('error' in read) return read.error;
    const body = read.body;
    // JSON, but not an object (`null`, `[]`, `"…"`, `42`, `true`): no `v` can be in it, and deciding unheld is
    // not what was meant. Only no body at all is "no v" (`null` is JSON that was sent, not none).
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      return errorResponse(c, 422, 'validation', 'Send a JSON object, { "v": changeRequest.digest }, or no body.', { v: ['Send the changeRequest.digest you read, as a string, in a JSON object.'] });
    }
    const v = body !== undefined && Object.hasOwn(body as object, 'v') ? (body as { v: unknown }).v : undefined;
    if (v !== undefined && typeof v !== 'string') return errorResponse(c, 422, 'validation', 'v must be the changeRequest.digest read.', { v: ['Send the changeRequest.digest you read, as a string.'] });
    const result = await actOnChange(c.env, id, action, v);
    const org = await findOrganization(c.env.DB, id);
    if (!org) return errorResponse(c, 404, 'not_found', 'No organization with this id.');
    if (result === 'stale') return errorResponse(c, 409, 'conflict', 'The change request changed since it was read (its contact asked again): read it again, then decide.');
    if (result === 'none') return errorResponse(c, 409, 'conflict', 'This organization has no change request waiting (decided already, or the organization is not approved: withdrawn, removed or declined, perhaps while this was being decided).');
    return c.json({ organization: await viewOf(c.env, org) }, 200);
  });
}

for (const action of ORG_ACTIONS) {
  organizationsAdminApi.post(`/organizations/:id/${action}`, requireAdmin, async (c) => {
    const id = c.req.param('id');
    if (!(await actOnOrganization(c.env, id, action))) {
      return errorResponse(c, 404, 'not_found', 'No organization with this id can be changed (unknown, or withdrawn and erased).');
    }
    const org = await findOrganization(c.env.DB, id);
    // Approved before its contact confirmed (the dashboard asks first; a script is told beside the same answer).
    const unconfirmed = action === 'approve' && org ? { contactConfirmed: Boolean(org.confirmed_at) } : {};
    return c.json({ organization: org ? await viewOf(c.env, org) : null, ...unconfirmed }, 200);
  });
}
