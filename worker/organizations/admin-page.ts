/**
 * `/admin/organizations`: the maintainers' review of organizations. Every request with its
 * verification state, requests for one domain together, approve / decline / remove buttons,
 * and the picture by type and over time (SVG charts, each with its numbers in a table).
 */
import { html, raw } from 'hono/html';
import { outcomeBanner } from '../platform/pages/outcome.ts';
import { ADMIN_STRINGS } from '../admin/strings.ts';
import { ORG_STATUSES, ORG_TYPES, type OrgStatus } from '../../src/organization-fields.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { regionName } from '../../src/regions.ts';
import { DASHBOARD_CSS } from '../admin/page.ts';
import { adminPage, type Html } from '../platform/pages/layout.ts';
import { barChart } from '../platform/pages/bar-chart.ts';
import { ORG_ADMIN_STRINGS, type OrgAdminStrings } from './admin-strings.ts';
import { formatDay, formatMonth, formatNumber, inLang, uiLangField } from '../platform/pages/locale.ts';
import { ACTIVE_STATUSES, answersNotApplied, answersSelfApplied, answersUnsent, changeAsked, REVIEWED_ANSWERS, withdrawnBy, type DigestedAnswer, type OrganizationRow } from './queries.ts';
import { sameRegistrableDomain } from '../../src/organization-domain.ts';
import { ORG_STRINGS } from './strings.ts';
import { domainToUnicode } from 'node:url';
import { mailboxAtWebsiteDomain } from '../../src/organization-domain.ts';
import { formPageSwitchHref } from '../platform/pages/lang-switch.ts';

/** Cyrillic and Greek letters drawn like Latin ones: a label made only of them reads as Latin (UTS #39's whole-script confusables, in short). */
const LATIN_LOOKING = /^[\d-]*(?:[аеорсухіјѕԁԛԝһӏАВЕНІЈКМОРСТХУЅαεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ][\d-]*)+$/u;

/**
 * An internationalized domain as people read it, beside the punycode it is stored as; and whether
 * it may imitate a Latin one: a label mixing Latin with Cyrillic or Greek letters ("аcr.org", a
 * Cyrillic а), or one written only in Cyrillic or Greek letters that look Latin ("асе.org").
 */
export function readableDomain(domain: string): { unicode: string | null; mixed: boolean } {
  if (!/(^|\.)xn--/.test(domain)) return { unicode: null, mixed: false };
  const unicode = domainToUnicode(domain);
  if (!unicode || unicode === domain) return { unicode: null, mixed: false };
  const mixed = unicode
    .split('.')
    .some((label) => (/\p{Script=Latin}/u.test(label) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(label)) || LATIN_LOOKING.test(label));
  return { unicode, mixed };
}

/** A change request's table of each asked detail, now and as asked: its card's, and the decline's check page's. */
const CHANGE_CSS = `
  .change { border-inline-start: 4px solid var(--_accent); padding-inline-start: 12px; margin: 0 0 12px; }
  .change h4 { margin: 0 0 4px; }
  .change table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0 0 8px; }
  .change caption { text-align: start; font-weight: 700; }
  .change th, .change td { text-align: start; vertical-align: top; padding: 4px 8px 4px 0; overflow-wrap: break-word; }
  .change thead th { border-bottom: 1px solid currentColor; } .change tbody th { padding-top: 8px; }
  .change tbody tr:last-child td { border-bottom: 1px solid var(--_border); padding-bottom: 8px; }
  .change .cell-label { display: none; font-weight: 700; }
  /* Narrow: each value on a line of its own under its detail, named (now, asked), so no word is cut to fit half a card; still a table. */
  @media (max-width: 30em) {
    .change thead th { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    .change tbody tr, .change tbody td { display: block; width: auto; }
    .change tbody tr:last-child td { border-bottom: 0; padding-bottom: 2px; }
    .change tbody tr:last-child { border-bottom: 1px solid var(--_border); padding-bottom: 6px; }
    .change .cell-label { display: inline; }
  }
`;

/** The dashboard's own frame, charts and tables, plus what the requests need. */
const ADMIN_CSS = `${DASHBOARD_CSS}
  .requests { list-style: none; margin: 0; padding: 0; }
  .request { border: 2px solid var(--_border); border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; overflow-wrap: anywhere; }
  .request--pending { border-color: var(--_accent); border-width: 4px; }
  .request h3 { margin: 0 0 8px; }
  .request dl { display: grid; grid-template-columns: minmax(8em, max-content) 1fr; gap: 4px 16px; margin: 0 0 12px; }
  .request dt { font-weight: 700; }
  .request dd { margin: 0; }
  .badge { display: inline-block; padding: 0 6px; border: 2px solid currentColor; border-radius: 4px; font-weight: 700; }
  .badge--ok { color: var(--_ok); }
  .badge--warn { color: var(--_warn); }
  .joins { border-inline-start: 4px solid var(--_accent); padding-inline-start: 8px; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; }
  .actions form { margin: 0; }
  .acts-label { margin: 16px 0 6px; font-weight: 700; }
  .find { margin: 0 0 24px; }
  .find-fields { display: flex; flex-wrap: wrap; gap: 12px 16px; align-items: flex-end; }
  .find-fields .field { margin: 0; }
  .find-q { flex: 1 1 20em; max-width: 36em; }
  .find-q input { width: 100%; box-sizing: border-box; }
  @media (max-width: 30em) { .request dl { grid-template-columns: 1fr; } .request dd { margin-bottom: 6px; } }
${CHANGE_CSS}
`;

/** A request's answers as the page shows them: their digest (`answersDigest`) and each one's (`eachAnswerDigest`). */
export interface AnswersShown {
  all: string;
  each: string;
}

interface Bar {
  label: string;
  a: number;
  b: number;
}

/**
 * What the maintainer is looking for (the search form's GET fields): words (`q`), each in the request's
 * name, domain or website, capitals and accents aside; and a status (`''`: any). Never the contact: their
 * name and address stay out of URLs and logs.
 */
export interface Find {
  q: string;
  status: OrgStatus | '';
}

/** The search a request (`q`, `status`: a GET's query, or a button's form carrying them on) asks for; anything else is no filter. */
export function findFrom(q: unknown, status: unknown): Find {
  return {
    q: typeof q === 'string' ? q.trim().slice(0, 200) : '',
    status: typeof status === 'string' && (ORG_STATUSES as readonly string[]).includes(status) ? (status as OrgStatus) : '',
  };
}

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** Whether `o` is one the search asks for. */
export function matchesFind(o: OrganizationRow, find: Find): boolean {
  if (find.status && o.status !== find.status) return false;
  const haystack = fold(`${o.name} ${o.domain} ${readableDomain(o.domain).unicode ?? ''} ${o.website}`);
  return fold(find.q).split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}

/** The organizations the search finds, in their order: every one when there is no search (the list, the CSV, the API). */
export function foundIn(rows: OrganizationRow[], find: Find): OrganizationRow[] {
  return find.q || find.status ? rows.filter((o) => matchesFind(o, find)) : rows;
}

/** The search's fields for a URL or a form (none when there is no search). */
export const findParams = (find?: Find): [string, string][] => [...(find?.q ? [['q', find.q] as [string, string]] : []), ...(find?.status ? [['status', find.status] as [string, string]] : [])];

/** The search carried on by a button's form, so its answer comes back to the same list. */
const findFields = (find?: Find) => findParams(find).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`);

/** The list in `lang` with the search `find`, at `hash`. */
export function listHref(lang: Lang, find?: Find, hash = ''): string {
  const query = new URLSearchParams(findParams(find)).toString();
  return `${inLang(`/admin/organizations${query ? `?${query}` : ''}`, lang)}${hash}`;
}


/** `format`: figures as the page's language writes them (1,234), as the main dashboard's charts do. */
const chart = (title: string, id: string, rowHeader: string, bars: Bar[], aLabel: string, bLabel: string, format: (n: number) => string): Html =>
  barChart({ title, id, rowHeader, aLabel, bLabel, rows: bars, legend: true, format });

/**
 * An approved organization's change request (`change_asked`): each asked detail, as listed now and as
 * asked; whether it replaced an earlier one; Approve and Decline, holding the digest the card showed.
 */
function changeRequest(lang: Lang, t: OrgAdminStrings, o: OrganizationRow, digest: string | undefined, find?: Find, through?: { name: string; href: string }, noEmail = false): Html {
  const change = o.status === 'approved' ? changeAsked(o) : null;
  if (!change || !digest) return html``;
  const heading = `change-${o.id}`;
  const button = (action: 'approve-change' | 'decline-change', text: string, secondary: boolean) =>
    html`<form method="post" action="/admin/organizations/${o.id}/${action}">
      ${uiLangField(lang)}${findFields(find)}<input type="hidden" name="v" value="${digest}" />
      <button type="submit" class="button button--small${secondary ? ' button--secondary' : ''}">${text}<span class="visually-hidden"> ${o.name}</span></button>
    </form>`;
  return html`<section class="change" aria-labelledby="${heading}">
    <h4 id="${heading}">${t.changeRequestHeading}</h4>
    <p>${t.changeAskedOn(formatDay(change.asked_at, lang))}${change.replaces ? html` <strong>${t.changeReplaces(formatDay(change.replaces, lang))}</strong>` : ''}</p>
    ${through ? html`<p><strong>${t.changeThrough}</strong> ${t.changeThroughOf} <a href="${through.href}">${through.name}</a> ${t.changeThroughEnd}</p>` : ''}
    ${changeTable(lang, t, o, change)}
    ${noEmail ? html`<p><strong>${t.changeNoEmail}</strong></p>` : ''}
    <div class="actions" role="group" aria-labelledby="${heading}">${button('approve-change', t.approveChange, false)}${button('decline-change', t.declineChange, true)}</div>
  </section>`;
}

/** A change request's asked details, each as listed now and as asked (a new website marked verified or not against the contact's address). */
function changeTable(lang: Lang, t: OrgAdminStrings, o: OrganizationRow, change: NonNullable<ReturnType<typeof changeAsked>>): Html {
  const s = ORG_STRINGS[lang];
  const label = { name: t.nameLabel, type: t.typeLabel, website: t.websiteLabel, region: t.whereLabel, list_publicly: t.listingLabel };
  const value = (k: (typeof REVIEWED_ANSWERS)[number], v: unknown) =>
    k === 'list_publicly'
      ? (Number(v) ? t.listed : t.notListed)
      : v === null || v === undefined || v === ''
        ? t.notGiven
        : k === 'type'
          ? ((s.types as Record<string, string>)[String(v)] ?? String(v))
          : k === 'region'
            ? `${regionName(String(v), lang)} (${String(v)})`
            : String(v);
  const asked = REVIEWED_ANSWERS.filter((k) => k in change.asked);
  // A new website: whether the contact's address is at its domain, as a request's card says.
  const domain = typeof change.asked.domain === 'string' ? change.asked.domain : null;
  return html`<table>
      <caption>${t.changeCaption}</caption>
      <thead><tr><th scope="col">${t.changeNow}</th><th scope="col">${t.changeAsked}</th></tr></thead>
      ${asked.map(
        (k) => html`<tbody><tr><th scope="rowgroup" colspan="2">${label[k]}</th></tr><tr><td><span class="cell-label" aria-hidden="true">${t.changeNow}: </span>${value(k, o[k])}</td><td><span class="cell-label" aria-hidden="true">${t.changeAsked}: </span>${value(k, change.asked[k])}${k === 'website' && domain && o.contact_email
          ? sameRegistrableDomain(o.contact_email, domain)
            ? html` <span class="badge badge--ok">${t.verified}</span>`
            : html` <span class="badge badge--warn">${t.notVerified}</span>`
          : ''}</td></tr></tbody>`,
      )}
    </table>`;
}

function request(lang: Lang, t: OrgAdminStrings, o: OrganizationRow, sameDomain: OrganizationRow[], digest: AnswersShown | undefined, shown: ReadonlySet<string>, find?: Find, change?: string, noEmail = false): Html {
  const s = ORG_STRINGS[lang];
  // A request the search leaves out is linked to on the whole list.
  const cardHref = (id: string) => (shown.has(id) ? `#org-${id}` : `${inLang('/admin/organizations', lang)}#org-${id}`);
  const others = sameDomain.filter((x) => x.id !== o.id);
  const changeShown = Boolean(change) && o.status === 'approved' && Boolean(o.change_asked); // as `changeRequest` draws it
  const button = (action: string, label: string, secondary = true) =>
    html`<form method="post" action="/admin/organizations/${o.id}/${action}">
      ${uiLangField(lang)}${findFields(find)}${action === 'approve' && digest
        ? html`<input type="hidden" name="v" value="${digest.all}" /><input type="hidden" name="shown" value="${digest.each}" />`
        : ''}
      <button type="submit" class="button button--small${secondary ? ' button--secondary' : ''}">${label}<span class="visually-hidden"> ${o.name}</span></button>
    </form>`;
  // The request this one joins: its domain's earliest request before it that remains (not withdrawn
  // or declined, nor counted apart), as the public count takes the earliest approved one that remains;
  // not the one it joined when it came (`joins`), which may have been withdrawn since. One that no
  // longer counts itself (withdrawn, declined) joins none.
  const before = (x: OrganizationRow, y: OrganizationRow) => x.created_at < y.created_at || (x.created_at === y.created_at && x.id < y.id);
  const joined = !ACTIVE_STATUSES.has(o.status) ? undefined : others.filter((x) => ACTIVE_STATUSES.has(x.status) && !x.apart && before(x, o)).reduce<OrganizationRow | undefined>((a, x) => (a && before(a, x) ? a : x), undefined);
  // The earlier approved request that counts (and lists, or not) an approved one for its domain, as the public
  // count takes it: the public list follows that one, so this one's change request alters nothing public.
  const countsFor = o.status !== 'approved' || o.apart ? undefined : others.filter((x) => x.status === 'approved' && !x.apart && before(x, o)).reduce<OrganizationRow | undefined>((a, x) => (a && before(a, x) ? a : x), undefined);
  return html`<li class="request${o.status === 'pending' ? ' request--pending' : ''}" id="org-${o.id}">
    <h3>${o.name}</h3>
    <dl>
      <dt>${t.statusLabel}</dt><dd>${t.status[o.status]}${(o.status === 'approved' || o.status === 'declined') && !o.confirmed_at
        ? html` <span class="badge badge--warn">${t.status.unconfirmed}</span>` // decided before the contact confirmed
        : ''}</dd>
      <dt>${t.domainLabel}</dt>
      <dd>
        ${((d) => d.unicode
          ? html`<code><bdi>${d.unicode}</bdi></code> <span class="muted">(<code>${o.domain}</code>)</span>${d.mixed ? html` <span class="badge badge--warn">${t.mixedScripts}</span>` : ''}`
          : html`<code>${o.domain}</code>`)(readableDomain(o.domain))}
        ${!o.contact_email
          ? '' // the contact erased: no address left to say anything of
          : o.domain_verified && !o.confirmed_at
          ? // The address matches, but nobody has shown it is theirs yet: not "verified" until the contact confirms.
            html`<span class="badge badge--warn">${t.notProven}</span> <span class="muted">${t.notProvenNote}</span>`
          : o.domain_verified
          ? html`<span class="badge badge--ok">${t.verified}</span> <span class="muted">${t.verifiedNote}</span>`
          : html`<span class="badge badge--warn">${t.notVerified}</span> <span class="muted">${mailboxAtWebsiteDomain(o.contact_email, o.domain) ? t.notVerifiedMailboxNote : t.notVerifiedNote}</span>`}
      </dd>
      <dt>${t.websiteLabel}</dt><dd><a href="${o.website}" rel="noopener noreferrer">${o.website}</a></dd>
      <dt>${t.typeLabel}</dt><dd>${(s.types as Record<string, string>)[o.type] ?? o.type}</dd>
      <dt>${t.whereLabel}</dt><dd>${o.region ? `${regionName(o.region, lang)} (${o.region})` : t.notGiven}</dd>
      <dt>${t.radiologistsLabel}</dt><dd>${o.size ? ((s.sizes as Record<string, string>)[o.size] ?? o.size) : t.notGiven}</dd>
      <dt>${t.contactLabel}</dt>
      <dd>${o.contact_email
        ? html`${o.contact_name}${o.contact_title ? html` (${o.contact_title})` : ''} — <a href="mailto:${o.contact_email}">${o.contact_email}</a>`
        : html`<span class="muted">${t.erased}</span>`}</dd>
      ${o.contact_email ? html`<dt>${t.contactLangLabel}</dt><dd>${t.langNames[o.lang] ?? o.lang}</dd>` : ''}
      <dt>${t.listingLabel}</dt><dd>${o.status === 'withdrawn' ? t.notListedWithdrawn : o.list_publicly ? t.listed : t.notListed}</dd>
      <dt>${t.requestedLabel}</dt><dd>${formatDay(o.created_at, lang)}${o.partner_id ? t.from(o.partner_id.toUpperCase()) : ''}${o.confirmed_at ? t.confirmedOn(formatDay(o.confirmed_at, lang)) : ''}${o.decided_at ? t.decidedOn(formatDay(o.decided_at, lang)) : ''}${o.status === 'withdrawn' && o.withdrawn_at ? t.withdrawnOn(formatDay(o.withdrawn_at, lang), withdrawnBy(o)) : ''}</dd>
    </dl>
    ${((self) => {
      // Those that make nothing more public its contact may apply from the email's link; the others wait, as before.
      const asked = answersNotApplied(o).filter((a) => !self.includes(a));
      const list = (answers: readonly DigestedAnswer[]) => new Intl.ListFormat(lang, { type: 'conjunction' }).format(answers.map((a) => t.answerNames[a]));
      // None reaches a contact whose address is suppressed (the outbox cancels it), whatever was sent before.
      const emailed = noEmail ? 'suppressed' : !answersUnsent(o);
      return html`${asked.length ? html`<p class="muted">${t.askedSince(list(asked), o.status === 'approved', emailed)}</p>` : ''}${self.length ? html`<p class="muted">${t.askedSelf(list(self), emailed)}</p>` : ''}`;
    })(answersSelfApplied(o))}
    ${changeRequest(lang, t, o, change, find, countsFor ? { name: countsFor.name, href: cardHref(countsFor.id) } : undefined, noEmail)}
    ${others.length
      ? html`<p class="joins">${o.apart ? html`${t.countedApart} ` : joined ? html`${t.joinsEarlier} <a href="${cardHref(joined.id)}">${joined.name}</a> ${t.joinsEarlierEnd} ` : ''}${t.requestsFor} <code>${o.domain}</code>: ${others.map(
          (x, i) => html`${i ? ', ' : ''}<a href="${cardHref(x.id)}">${x.name}</a> (${t.statusInline[x.status]})`,
        )}. ${t.countedOnce}</p>`
      : ''}
    ${noEmail && o.status !== 'withdrawn' && !changeShown ? html`<p><strong>${t.orgNoEmail}</strong></p>` : '' /* with a change request, its own section says so */}
    ${o.status === 'withdrawn'
      ? ''
      : html`${changeShown
          ? // Below a change request's buttons, the organization's own are named apart (Decline the change, then Decline).
            html`<p class="acts-label" id="acts-${o.id}">${t.organizationActions}</p>`
          : ''}<div class="actions"${changeShown ? html` role="group" aria-labelledby="acts-${o.id}"` : ''}>
          ${o.status !== 'approved' ? button('approve', t.approve, false) : ''}
          ${o.status !== 'declined' ? button('decline', t.decline) : ''}
          ${others.length ? (o.apart ? button('together', t.countTogether) : button('apart', t.countApart)) : ''}
          ${button('remove', t.remove)}
        </div>`}
  </li>`;
}

/** The search form: a GET (its answer a page of its own, which the back button returns from), in the page's language. */
function findForm(lang: Lang, t: OrgAdminStrings, find: Find): Html {
  const selected = (yes: boolean) => (yes ? raw(' selected') : '');
  return html`<form role="search" aria-labelledby="find-title" method="get" action="/admin/organizations" class="find">
      <h2 id="find-title">${t.findHeading}</h2>
      <input type="hidden" name="lang" value="${lang}" />
      <div class="find-fields">
        <div class="field find-q"><label for="find-q">${t.findLabel}</label><p class="hint" id="find-q-hint">${t.findHint}</p>
          <input type="text" id="find-q" name="q" value="${find.q}" aria-describedby="find-q-hint" autocomplete="off" spellcheck="false" enterkeyhint="search" /></div>
        <div class="field"><label for="find-status">${t.findStatus}</label>
          <select id="find-status" name="status">
            <option value=""${selected(!find.status)}>${t.findAny}</option>
            ${ORG_STATUSES.map((st) => html`<option value="${st}"${selected(find.status === st)}>${t.groups[st]}</option>`)}
          </select></div>
        <button type="submit" class="button button--secondary">${t.findButton}</button>
      </div>
    </form>`;
}

/** The page in `lang`; `switchHref` (the same page in the other language) on a GET's page only. */
/** `problem`: `notice` says what went wrong (the error summary, and "Error:" in the title), not what was done. */
/**
 * `digests`: for each request whose answers may still change (unconfirmed: a correction from its
 * contact applies once its email goes), the digests of what this page shows, sent back by Approve.
 * `noticeHref`: a problem's link to where it can be put right (a request's card).
 */
export function organizationsAdminPage(
  lang: Lang,
  rows: OrganizationRow[],
  approvedCount: number,
  nonce: string,
  notice?: string,
  switchHref?: string,
  problem = false,
  digests: ReadonlyMap<string, AnswersShown> = new Map(),
  noticeHref?: string,
  find: Find = { q: '', status: '' },
  changes: ReadonlyMap<string, string> = new Map(),
  noEmail: ReadonlySet<string> = new Set(),
): Html {
  const t = ORG_ADMIN_STRINGS[lang];
  const s = ORG_STRINGS[lang];
  const n = (x: number) => formatNumber(x, lang);
  const byDomain = new Map<string, OrganizationRow[]>();
  for (const o of rows) byDomain.set(o.domain, [...(byDomain.get(o.domain) ?? []), o]);
  const count = (status: OrgStatus) => rows.filter((o) => o.status === status).length;
  const byType = ORG_TYPES.map((t) => ({
    label: s.types[t],
    a: rows.filter((o) => o.type === t && o.status === 'approved').length,
    // Awaiting review, as the headline's figure counts it: a request its contact has not confirmed is not yet one to review.
    b: rows.filter((o) => o.type === t && o.status === 'pending').length,
  }));
  // Each month's requests, split by where they stand now (approved, or not: awaiting, declined or withdrawn): the two parts of a
  // bar add up to that month's requests (approvals counted by their own month would be counted twice).
  const months = [...new Set(rows.map((o) => o.created_at.slice(0, 7)))].sort().slice(-12);
  const overTime = months.map((m) => ({
    label: formatMonth(m, lang),
    a: rows.filter((o) => o.created_at.startsWith(m) && o.status === 'approved').length,
    b: rows.filter((o) => o.created_at.startsWith(m) && o.status !== 'approved').length,
  }));
  const groups: OrgStatus[] = ['pending', 'unconfirmed', 'approved', 'declined', 'withdrawn'];
  const total = (figure: number, words: (n: number) => string) => html`<li><strong>${n(figure)}</strong> ${words(figure)}</li>`;
  const filtered = Boolean(find.q || find.status);
  const shown = foundIn(rows, find);
  const shownIds = new Set(shown.map((o) => o.id));
  const charts = html`<div class="charts">
        ${chart(t.byType, 'by-type', t.typeColumn, byType, t.approvedColumn, t.awaitingColumn, n)}
        ${overTime.length ? chart(t.overTime, 'over-time', t.monthColumn, overTime, t.approvedSince, t.notApproved, n) : ''}
      </div>`;
  const lists = groups.map((status) => {
    const list = shown.filter((o) => o.status === status);
    return list.length
      ? html`<section aria-labelledby="group-${status}">
          <h2 id="group-${status}">${t.groups[status]} (${n(list.length)})</h2>
          <ul class="requests">${list.map((o) => request(lang, t, o, byDomain.get(o.domain) ?? [], digests.get(o.id), shownIds, find, changes.get(o.id), noEmail.has(o.id)))}</ul>
        </section>`
      : '';
  });
  return adminPage(
    lang,
    notice && problem ? `${ADMIN_STRINGS[lang].errorTitlePrefix}${t.title}` : t.title,
    nonce,
    html`<div class="topline">
        <h1>${t.heading}</h1>
        <nav class="crumbs" aria-label="${t.crumbsLabel}"><a href="${inLang('/admin', lang)}">${t.backToDashboard}</a> · <a href="/admin/organizations.csv">${t.csvLink}</a> · <a href="${inLang('/organizations', lang)}">${t.publicList}</a></nav>
      </div>
      ${outcomeBanner(notice, problem ? { title: s.errorSummaryTitle, ...(noticeHref ? { href: noticeHref } : {}) } : null)}
      <ul class="totals">
        ${total(approvedCount, t.totalJoined)}
        ${total(count('pending'), t.totalPending)}
        ${total(count('unconfirmed'), t.totalUnconfirmed)}
        ${total(count('declined'), t.totalDeclined)}
        ${total(count('withdrawn'), t.totalWithdrawn)}
      </ul>
      ${findForm(lang, t, find)}
      ${filtered
        ? // What the search found, said on arrival (focused, unless a button's outcome is), then the lists, then the whole picture.
          html`<div class="thanks" id="found" role="status" tabindex="-1"${notice ? '' : raw(' autofocus')}><p>${t.findShowing(n(shown.length), shown.length)}${shown.length
              ? html` <a href="/admin/organizations.csv?${new URLSearchParams(findParams(find)).toString()}">${t.csvFound(n(shown.length), shown.length)}</a> ·`
              : ''} <a href="${inLang('/admin/organizations', lang)}">${t.findClear}</a></p></div>
            ${lists}${charts}`
        : html`${charts}${lists}`}
      ${rows.length ? '' : html`<p>${t.noneYet} <a href="${inLang('/join', lang)}">/join</a>.</p>`}`,
    ADMIN_CSS,
    '',
    switchHref,
  );
}

/** The organization as a check page reads it. */
type Checked = Pick<OrganizationRow, 'id' | 'name'> & Partial<Pick<OrganizationRow, 'confirmed_at' | 'contact_email' | 'domain' | 'domain_verified' | 'list_publicly'>>;

/** A whole row (as the routes pass), not only the fields a check reads. */
const isRow = (org: Checked): org is OrganizationRow => 'change_asked' in org && 'status' in org;

/**
 * Whether the dashboard's Approve asks first: a request its contact never confirmed ("Not confirmed
 * yet"), or one whose contact's address is at another domain ("Not verified"), would otherwise be
 * counted and listed in one press, on nobody's word but the form's; and a declined one whose contact
 * the Cron has erased ("Contact erased"), which nobody can be asked about or told of any more.
 */
export function approveNeedsCheck(org: Checked): boolean {
  return !org.confirmed_at || !org.contact_email || !org.domain_verified;
}

/**
 * "Remove X?", "Decline X?" or "Approve X?": the one step between the button and what cannot be
 * taken back: erasing a contact, an email to someone outside the coalition saying no, or an
 * organization counted and listed on a request nobody has confirmed or verified (`approveNeedsCheck`;
 * `shown`: the digests the card's Approve carried, sent on with the answer; `noEmail`: the contact's
 * address is suppressed, so the page says no email reaches them instead of that they are emailed).
 */
export function checkPage(lang: Lang, org: Checked, nonce: string, action: 'remove' | 'decline' | 'approve' | 'decline-change', shown?: AnswersShown, find?: Find, noEmail = false): Html {
  const t = ORG_ADMIN_STRINGS[lang];
  // What declining the change turns down: the card's table of each asked detail, now and as asked.
  const change = action === 'decline-change' && isRow(org) ? changeAsked(org) : null;
  const [heading, body, confirm, keep] =
    action === 'decline-change'
      ? [
          t.declineChangeCheckHeading(org.name),
          // A suppressed contact is written to by nobody (the outbox skips them): not said otherwise here.
          html`<p>${noEmail ? t.declineChangeCheckBodyNoEmail : t.declineChangeCheckBody}</p>${change && isRow(org) ? html`<div class="change">${changeTable(lang, t, org, change)}</div>` : ''}`,
          noEmail ? t.declineChangeConfirmNoEmail : t.declineChangeConfirm,
          t.declineChangeKeep,
        ]
      : action === 'approve'
      ? [t.approveCheckHeading(org.name), approveCheckBody(t, org, noEmail), t.approveConfirm, t.approveKeep]
      : action === 'remove'
      ? [t.removeCheckHeading(org.name), html`<p>${t.removeCheckBody}</p>`, t.removeConfirm, t.removeKeep]
      : org.confirmed_at && org.contact_email
        ? noEmail
          ? // A suppressed contact is written to by nobody (the outbox skips them): not said otherwise here.
            [t.declineCheckHeading(org.name), html`<p>${t.declineCheckBodyNoEmail}</p>`, t.declineConfirmUnconfirmed, t.declineKeep]
          : [t.declineCheckHeading(org.name), html`<p>${t.declineCheckBody}</p>`, t.declineConfirm, t.declineKeep]
        : // Declined unconfirmed, nobody is written to (decideOrganization): not said otherwise here.
          [t.declineCheckHeading(org.name), html`<p>${t.declineCheckBodyUnconfirmed}</p>`, t.declineConfirmUnconfirmed, t.declineKeep];
  return adminPage(
    lang,
    `${heading} — ${t.title}`,
    nonce,
    html`<h1 tabindex="-1" autofocus>${heading}</h1>
      ${body}
      <div class="actions">
        <form method="post" action="/admin/organizations/${org.id}/${action}">
          ${uiLangField(lang)}${findFields(find)}<input type="hidden" name="confirm" value="yes" />${shown
            ? html`<input type="hidden" name="v" value="${shown.all}" />${shown.each ? html`<input type="hidden" name="shown" value="${shown.each}" />` : ''}`
            : ''}
          <button type="submit" class="button">${confirm}<span class="visually-hidden"> ${org.name}</span></button>
        </form>
        <a class="button button--secondary" href="${listHref(lang, find, `#org-${org.id}`)}">${keep}</a>
      </div>`,
    // As the dashboard's other checks: the way back is a button-sized target beside the one that acts.
    `${DASHBOARD_CSS} .actions { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; } .actions form { margin: 0; } .checks { padding-inline-start: 1.25em; } .checks li { margin-bottom: 4px; }${action === 'decline-change' ? CHANGE_CSS : ''}`,
    '',
    formPageSwitchHref(listHref(lang, find), lang, `#org-${org.id}`),
  );
}

/** What is not confirmed or verified, in the card's own words, then what approving does. */
function approveCheckBody(t: OrgAdminStrings, org: Checked, noEmail: boolean): Html {
  return html`<ul class="checks">
      ${!org.confirmed_at ? html`<li><strong>${t.notProven}:</strong> ${t.approveCheckUnconfirmed}</li>` : ''}
      ${!org.contact_email ? html`<li><strong>${t.contactErased}:</strong> ${t.approveCheckErased}</li>` : ''}
      ${org.contact_email && !org.domain_verified
        ? html`<li><strong>${t.notVerified}:</strong> ${mailboxAtWebsiteDomain(org.contact_email, org.domain ?? '') ? t.approveCheckMailbox(org.domain!.split('/')[0]!) : t.approveCheckUnverified(org.domain ?? '')}</li>`
        : ''}
    </ul>
    <p>${org.list_publicly ? t.approveCheckListed : t.approveCheckUnlisted}${org.contact_email ? html` ${noEmail ? t.approveCheckNoEmail : t.approveCheckEmailed}` : ''}</p>`;
}
