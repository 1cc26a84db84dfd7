/** `/admin/organizations`: the review page, its buttons (POST, same origin only) and the CSV, behind the dashboard's session. */
import { Hono, type Context } from 'hono';
import type { Lang } from '../../src/pledge-fields.ts';
import { isMaintainer } from '../platform/admin-session.ts';
import { readForm } from '../platform/body.ts';
import { formPageSwitchHref, otherLangHref } from '../platform/pages/lang-switch.ts';
import { securePage } from '../platform/pages/secure-page.ts';
import { requestLang } from '../platform/request-errors.ts';
import { actOnChange, actOnOrganization, CHANGE_ACTIONS, ORG_ACTIONS, organizationsCsv, suppressedContacts, type ChangeAction } from './admin-api.ts';
import { approveNeedsCheck, checkPage, findFrom, findParams, listHref, organizationsAdminPage, type Find } from './admin-page.ts';
import { refuseChange } from '../admin/dashboard.ts';
import { ORG_ADMIN_STRINGS } from './admin-strings.ts';
import { formLang, inLang } from '../platform/pages/locale.ts';
import { type OrganizationRow, allOrganizations, answersDigest, approvedOrganizationCount, changeAsked, changeAskedDigest, changedAnswers, countedThrough, eachAnswerDigest, findOrganization } from './queries.ts';

type C = Context<{ Bindings: Env }>;

/**
 * Whether no email about a decision can reach the organization's contact: their address is on the
 * suppression list (a hard bounce or a complaint), so the outbox skips what is queued for them.
 * The card, the check pages and the notice after a decision then say so, not that they are emailed.
 */
async function contactSuppressed(c: C, org: Pick<OrganizationRow, 'id' | 'contact_email'>): Promise<boolean> {
  return (await suppressedContacts(c.env, [org])).has(org.id);
}

export const organizationsAdmin = new Hono<{ Bindings: Env }>();

/**
 * The page in `lang`, offering the other language: a GET's own page, or after a button, the list at
 * the request it was about (a button's answer has no URL of its own: `formPageSwitchHref`).
 * `noticeHref`: where on the page a problem can be put right (a request's card, `#org-<id>`).
 */
/** `find`: the search the list answers (a GET's `q` and `status`, or those a button's form carried on). */
async function render(c: C, lang: Lang, status: 200 | 404 | 409, find: Find, notice?: string, noticeHref?: string) {
  const nonce = crypto.randomUUID();
  securePage(c, nonce);
  const [rows, approved] = await Promise.all([allOrganizations(c.env.DB), approvedOrganizationCount(c.env.DB)]);
  const digests = new Map(
    await Promise.all(rows.filter((o) => o.status === 'unconfirmed').map(async (o) => [o.id, { all: await answersDigest(o), each: await eachAnswerDigest(o) }] as const)),
  );
  // Each change request's digest, sent back by its card's buttons (`reviewChange`).
  const changes = new Map(await Promise.all(rows.filter((o) => o.change_asked).map(async (o) => [o.id, await changeAskedDigest(o)] as const)));
  // Those whose contact's address is suppressed: their card says no email about a decision will reach them.
  const noEmail = await suppressedContacts(c.env, rows.filter((o) => o.status !== 'withdrawn'));
  const switchHref = c.req.method === 'GET' ? otherLangHref(c.req.url, lang) : formPageSwitchHref(listHref(lang, find), lang, noticeHref ?? '');
  return c.html(organizationsAdminPage(lang, rows, approved, nonce, notice, switchHref, status >= 400, digests, noticeHref, find, changes, noEmail), status);
}

organizationsAdmin.get('/admin/organizations', async (c) => {
  const lang = requestLang(c);
  if (!(await isMaintainer(c))) return c.redirect(inLang('/admin', lang), 303);
  // After a button (`?done=approve&org=…`): what was done, said on the page it leads back to.
  const done = c.req.query('done');
  // Own names only: `in` would take those every object inherits (`__proto__`, `toString`), and call them.
  const known = done && ((ORG_ACTIONS as readonly string[]).includes(done) || Object.hasOwn(CHANGE_ACTIONS, done));
  const org = known ? await findOrganization(c.env.DB, c.req.query('org') ?? '') : null;
  const t = ORG_ADMIN_STRINGS[lang];
  // An approved change the public list does not show (not listed by name, or counted through an earlier request): said so.
  const unseen = done === 'approve-change' && org && (org.list_publicly !== 1 || (await countedThrough(c.env.DB, org.id)));
  // A decision (approve, decline, or a change's) for a contact whose address is suppressed: no email went (the outbox skips them), said so.
  const decided = done === 'approve' || done === 'decline' || Object.hasOwn(CHANGE_ACTIONS, done!);
  const emailed = !org || !decided || !(await contactSuppressed(c, org));
  // Approved once its contact was erased (a declined request's, after 30 days): nobody is emailed, said so too.
  const erased = done === 'approve' && org && !org.contact_email;
  const notice = !org ? undefined : unseen ? t.changeApprovedUnseen(org.name, emailed) : erased ? t.done.approve(org.name, 'erased') : t.done[done as (typeof ORG_ACTIONS)[number] | ChangeAction](org.name, emailed);
  return render(c, lang, 200, findFrom(c.req.query('q'), c.req.query('status')), notice);
});

organizationsAdmin.get('/admin/organizations.csv', async (c) => {
  if (!(await isMaintainer(c))) return c.redirect(inLang('/admin', requestLang(c)), 303);
  return organizationsCsv(c);
});

for (const action of ORG_ACTIONS) {
  organizationsAdmin.post(`/admin/organizations/:id/${action}`, async (c) => {
    // Changes come from the page itself (with SameSite=Strict, a second lock against CSRF).
    // Nothing from a stranger's body is read: the refusal speaks the browser's language.
    const refused = await refuseChange(c);
    if (refused) return refused;
    // A body that is not this form was refused before (index.ts): 415, or 400 for one that cannot be read.
    const form: Record<string, unknown> = (await readForm(c)) ?? {};
    const lang = formLang(c, form);
    const t = ORG_ADMIN_STRINGS[lang];
    const id = c.req.param('id');
    const find = findFrom(form.q, form.status);
    const org = await findOrganization(c.env.DB, id);
    // Removing erases the contact for good, and declining emails them at once: the button asks
    // first, and only the answer acts.
    if ((action === 'remove' || action === 'decline') && org && org.status !== 'withdrawn' && form.confirm !== 'yes') {
      const nonce = crypto.randomUUID();
      securePage(c, nonce);
      return c.html(checkPage(lang, org, nonce, action, undefined, find, await contactSuppressed(c, org)));
    }
    if (!org) return render(c, lang, 404, find, t.noSuchOrganization);
    // Approving what the page showed, not a correction its contact's email applied since (`v`, the
    // digest of the answers shown; a request without it, as from a page of an earlier release, acts).
    // The refusal names the answers that changed (`shown`, each answer's digest) and links to the request.
    if (action === 'approve' && org.status === 'unconfirmed' && typeof form.v === 'string' && form.v !== (await answersDigest(org))) {
      const changed = (await changedAnswers(org, form.shown)).map((a) => t.answerNames[a]);
      return render(c, lang, 409, find, t.changedSinceShown(org.name, changed), `#org-${org.id}`);
    }
    // Approving a request nobody has confirmed, or whose contact writes from another domain, counts
    // and lists it on the form's word alone: the button asks first, saying which, and carries on what
    // the card showed (`v`, `shown`) so the answer is held to the same answers.
    if (action === 'approve' && org.status !== 'withdrawn' && org.status !== 'approved' && approveNeedsCheck(org) && form.confirm !== 'yes') {
      const nonce = crypto.randomUUID();
      securePage(c, nonce);
      const shown = typeof form.v === 'string' ? { all: form.v, each: typeof form.shown === 'string' ? form.shown : '' } : undefined;
      return c.html(checkPage(lang, org, nonce, action, shown, find, await contactSuppressed(c, org)));
    }
    if (!(await actOnOrganization(c.env, id, action))) return render(c, lang, 404, find, t.cannotChange);
    // Done: back to the list by GET (a reload there asks to send nothing again), which says what was done.
    return c.redirect(inLang(`/admin/organizations?${new URLSearchParams([['done', action], ['org', id], ...findParams(find)])}`, lang), 303);
  });
}

/**
 * An approved organization's change request, approved or declined from its card, held to the request
 * the card showed (`v`): a newer one since, or none left, is refused (409) at the card, deciding nothing.
 */
for (const action of Object.keys(CHANGE_ACTIONS) as ChangeAction[]) {
  organizationsAdmin.post(`/admin/organizations/:id/${action}`, async (c) => {
    const refused = await refuseChange(c);
    if (refused) return refused;
    // A body that is not this form was refused before (index.ts): 415, or 400 for one that cannot be read.
    const form: Record<string, unknown> = (await readForm(c)) ?? {};
    const lang = formLang(c, form);
    const t = ORG_ADMIN_STRINGS[lang];
    const find = findFrom(form.q, form.status);
    const id = c.req.param('id');
    const org = await findOrganization(c.env.DB, id);
    if (!org) return render(c, lang, 404, find, t.noSuchOrganization);
    const v = typeof form.v === 'string' ? form.v : '';
    // Declining emails the contact at once and drops the request: the button asks first (a stale card,
    // or none left, is told so first), carrying on the digest the card showed, and only the answer acts.
    if (action === 'decline-change' && form.confirm !== 'yes') {
      if (org.status !== 'approved' || !changeAsked(org)) return render(c, lang, 409, find, t.changeNone(org.name), `#org-${org.id}`);
      if (v !== (await changeAskedDigest(org))) return render(c, lang, 409, find, t.changeStale(org.name), `#org-${org.id}`);
      const nonce = crypto.randomUUID();
      securePage(c, nonce);
      return c.html(checkPage(lang, org, nonce, action, { all: v, each: '' }, find, await contactSuppressed(c, org)));
    }
    const result = await actOnChange(c.env, id, action, v);
    if (result === 'stale') return render(c, lang, 409, find, t.changeStale(org.name), `#org-${org.id}`);
    if (result === 'none') return render(c, lang, 409, find, t.changeNone(org.name), `#org-${org.id}`);
    return c.redirect(inLang(`/admin/organizations?${new URLSearchParams([['done', action], ['org', id], ...findParams(find)])}`, lang), 303);
  });
}
