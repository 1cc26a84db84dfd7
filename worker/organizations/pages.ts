/**
 * The organizations' hosted pages: `/join` (the form, no JavaScript, GOV.UK error summary and
 * inline errors), its thank-you page, the pages behind the email's links, and `/organizations`
 * (the public list, filtered by a GET form). Every value is escaped by hono/html.
 */
import { html, raw } from 'hono/html';
import { ABOUT_STRINGS } from '../about/strings.ts';
import { ORG_FIELDS, ORG_SIZES, ORG_TYPES } from '../../src/organization-fields.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { regionName, regionOptions as regionChoices } from '../../src/regions.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import { errorSummary, invalidAttr } from '../platform/pages/error-summary.ts';
import type { DigestedAnswer, OrgConfirming, PublicOrganization } from './queries.ts';
import { ORG_STRINGS } from './strings.ts';
import { STRINGS } from '../../src/i18n/index.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';
import { formatDay } from '../platform/pages/locale.ts';

export const ORG_PAGE_CSS = `
  .rhec-host input[type='url'], .rhec-host select { display: block; width: 100%; min-height: 44px; padding: 8px 10px; font: inherit;
    color: var(--_text); background: var(--_bg); border: 2px solid var(--_border); border-radius: 4px; }
  .rhec-host .field--error input[type='url'], .rhec-host .field--error select { border-color: var(--_error); }
  .rhec-host .group { margin: 0 0 24px; padding: 0; }
  .rhec-host .group > legend { font-size: 1.15em; margin-bottom: 8px; }
  .rhec-host .orgs { list-style: none; margin: 16px 0; padding: 0; }
  .rhec-host .orgs li { padding: 12px 0; border-top: 1px solid var(--_border); overflow-wrap: anywhere; }
  .rhec-host .orgs li:last-child { border-bottom: 1px solid var(--_border); }
  .rhec-host .org__name { font-weight: 700; font-size: 1.1em; margin: 0 0 4px; }
  .rhec-host .org__meta { margin: 0; color: var(--_muted); }
  .rhec-host .filters { display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(min(14em, 100%), 1fr)); align-items: end; }
  .rhec-host .filters .field { margin: 0; }
  .rhec-host .filters .button { justify-self: start; }
  .rhec-host .lede { font-size: 1.1em; }
  .rhec-host .count-line { font-size: 1.3em; font-weight: 700; }
  .rhec-host .org__name a { display: inline-block; min-height: 24px; padding: 2px 0; }
`;

/** The HTML id of a field (`contact.email` → `contact-email`). */
export const fieldId = (field: string) => field.replace(/\./g, '-');

export interface JoinFormState {
  partner: string;
  lang: Lang;
  values: Record<string, string>;
  errors: Record<string, string[]>;
  /** Organizations that have joined (approved), for the link to the list; its name alone when not given or none. */
  organizations?: number | undefined;
}

function fieldError(state: JoinFormState, field: string): Html | string {
  const message = state.errors[field]?.[0];
  if (!message) return '';
  return html`<p class="error-message" id="${fieldId(field)}-error">
    <span class="visually-hidden">${ORG_STRINGS[state.lang].errorPrefix}</span> ${message}
  </p>`;
}

function describedBy(state: JoinFormState, field: string, hint?: boolean): Html | string {
  const id = fieldId(field);
  const ids = [hint ? `${id}-hint` : '', state.errors[field]?.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
}

const checkedAttr = (on: boolean) => (on ? raw(' checked') : '');

function textField(
  state: JoinFormState,
  field: string,
  label: string,
  opts: { type?: string; autocomplete?: string; optional?: boolean; hint?: string; spellcheck?: boolean },
): Html {
  const s = ORG_STRINGS[state.lang];
  const id = fieldId(field);
  const invalid = Boolean(state.errors[field]?.length);
  return html`<div class="field${invalid ? ' field--error' : ''}">
    <label for="${id}">${label}${opts.optional ? html` <span class="optional">${s.optional}</span>` : ''}</label>
    ${opts.hint ? html`<p class="hint" id="${id}-hint">${opts.hint}</p>` : ''} ${fieldError(state, field)}
    <input id="${id}" name="${field}" type="${opts.type ?? 'text'}"${opts.optional ? '' : raw(' required')}${opts.autocomplete ? html` autocomplete="${opts.autocomplete}"` : ''}${opts.spellcheck === false ? raw(' spellcheck="false"') : ''}
      value="${state.values[field] ?? ''}"${invalidAttr(invalid)}${describedBy(state, field, Boolean(opts.hint))} />
  </div>`;
}

/** Where an error-summary link for a field should land. */
function anchor(field: string): string {
  if (field === 'type') return `type-${ORG_TYPES[0]}`;
  if (field === 'size') return `size-${ORG_SIZES[0]}`;
  return fieldId(field);
}

function summary(state: JoinFormState): Html | string {
  const known = (ORG_FIELDS as readonly string[]).filter((f) => state.errors[f]?.length && f !== 'partner');
  const others = Object.keys(state.errors).filter((f) => !known.includes(f));
  if (!known.length && !others.length) return '';
  const s = ORG_STRINGS[state.lang];
  return errorSummary(s.errorSummaryTitle, [
    ...known.map((f) => ({ text: state.errors[f]![0]!, href: `#${anchor(f)}` })),
    ...others.map((f) => ({ text: state.errors[f]![0]! })),
  ]);
}

/** The `<option>`s of the region picker: US states and territories, then countries by name. */
function regionOptions(lang: Lang, selected: string): Html {
  const s = ORG_STRINGS[lang];
  // The same options, names and order as the pledge form's two selects (src/regions.ts).
  const { us, countries } = regionChoices(lang);
  const option = (code: string, name: string) => html`<option value="${code}"${selected === code ? raw(' selected') : ''}>${name}</option>`;
  // One list, where a state and a country can share a name (Georgia): screen readers often skip a
  // group's label, so such a country says what it is.
  const states = new Set(us.map(([, n]) => n));
  return html`<option value="">${s.regionNone}</option>
    <optgroup label="${s.regionUs}">${us.map(([c, n]) => option(c, n))}</optgroup>
    <optgroup label="${s.regionCountries}">${countries.map(([c, n]) => option(c, states.has(n) ? s.countryNamed(n) : n))}</optgroup>`;
}

function radios(state: JoinFormState, field: 'type' | 'size', legend: string, choices: readonly string[], labels: Record<string, string>, optional = false): Html {
  const s = ORG_STRINGS[state.lang];
  const invalid = Boolean(state.errors[field]?.length);
  return html`<div class="field${invalid ? ' field--error' : ''}">
    <fieldset${describedBy(state, field)}>
      <legend>${legend}${optional ? html` <span class="optional">${s.optional}</span>` : ''}</legend>
      ${fieldError(state, field)}
      <div class="choices">
        ${choices.map(
          (v) => html`<div class="choice">
            <input type="radio" id="${field}-${v}" name="${field}" value="${v}"${optional ? '' : raw(' required')}${checkedAttr(state.values[field] === v)}${invalidAttr(invalid)} />
            <label for="${field}-${v}">${labels[v]}</label>
          </div>`,
        )}
      </div>
    </fieldset>
  </div>`;
}

/** `switchHref`: the form in the other language (on a GET only: a re-shown form would lose what was typed). */
/** `head`: the page's share card (a GET's; a refused form's page has none). */
export function joinFormPage(state: JoinFormState, nonce: string, switchHref?: string, head: Html | string = ''): Html {
  const s = ORG_STRINGS[state.lang];
  const lang = state.lang;
  const regionInvalid = Boolean(state.errors.region?.length);
  const commitInvalid = Boolean(state.errors.commitment?.length);
  const title = Object.keys(state.errors).length ? `${s.errorPrefix} ${s.joinHeading}` : s.joinHeading;
  return page(
    lang,
    title,
    nonce,
    html`<h1 class="heading">${s.joinHeading}</h1>
      <p>${withEnglishNames(s.joinIntro, lang)}</p>
      <form method="post" action="/join?lang=${lang}" novalidate>
        ${summary(state)}
        <input type="hidden" name="partner" value="${state.partner}" />
        <input type="hidden" name="lang" value="${lang}" />
        <div class="hp" aria-hidden="true">
          <label for="fax">${s.trapLabel}</label>
          <input type="text" id="fax" name="fax" tabindex="-1" autocomplete="off" />
        </div>
        ${textField(state, 'name', s.nameLabel, { autocomplete: 'organization' })}
        ${radios(state, 'type', s.typeLegend, ORG_TYPES, s.types)}
        ${textField(state, 'website', s.websiteLabel, { type: 'url', autocomplete: 'url', hint: s.websiteHint, spellcheck: false })}
        <div class="field${regionInvalid ? ' field--error' : ''}">
          <label for="region">${s.regionLabel} <span class="optional">${s.optional}</span></label>
          <p class="hint" id="region-hint">${s.regionHint}</p>
          ${fieldError(state, 'region')}
          <select id="region" name="region"${invalidAttr(regionInvalid)}${describedBy(state, 'region', true)}>${regionOptions(lang, state.values.region ?? '')}</select>
        </div>
        ${radios(state, 'size', s.sizeLegend, ORG_SIZES, s.sizes, true)}
        <fieldset class="group" aria-describedby="contact-hint">
          <legend>${s.contactLegend}</legend>
          <p class="hint" id="contact-hint">${s.contactHint}</p>
          ${textField(state, 'contact.name', s.contactNameLabel, { autocomplete: 'name' })}
          ${textField(state, 'contact.email', s.contactEmailLabel, { type: 'email', autocomplete: 'email', hint: s.contactEmailHint, spellcheck: false })}
          ${textField(state, 'contact.title', s.contactTitleLabel, { autocomplete: 'organization-title', optional: true })}
        </fieldset>
        <div class="field${commitInvalid ? ' field--error' : ''}">
          <fieldset${describedBy(state, 'commitment')}>
            <legend>${s.commitmentLegend}</legend>
            ${fieldError(state, 'commitment')}
            <div class="choice">
              <input type="checkbox" id="commitment" name="commitment" value="yes" required${checkedAttr(state.values.commitment === 'yes')}${invalidAttr(commitInvalid)} />
              <label for="commitment">${s.commitmentText}</label>
            </div>
            <div class="choice">
              <input type="checkbox" id="listPublicly" name="listPublicly" value="yes" aria-describedby="listPublicly-hint"${checkedAttr(state.values.listPublicly === 'yes')} />
              <label for="listPublicly">${s.listPubliclyLabel} <span class="optional">${s.optional}</span></label>
            </div>
            <p class="hint" id="listPublicly-hint">${s.listPubliclyHint}</p>
          </fieldset>
        </div>
        <p class="privacy">${s.privacy}</p>
        <button type="submit" class="button">${s.submit}</button>
      </form>
      <ul class="links"><li><a href="/organizations?lang=${lang}">${state.organizations ? s.joinedCount(state.organizations) : s.listHeading}</a></li></ul>`,
    ORG_PAGE_CSS,
    head,
    switchHref,
  );
}

export function joinThanksPage(lang: Lang, nonce: string, switchHref?: string): Html {
  const s = ORG_STRINGS[lang];
  return page(
    lang,
    s.thanksHeading,
    nonce,
    html`<div class="thanks" role="status">
        <h1>${s.thanksHeading}</h1>
        <p>${s.thanksBody}</p>
        <p>${s.thanksNext}</p>
      </div>
      <ul class="links"><li><a href="/organizations?lang=${lang}">${s.listHeading}</a></li></ul>`,
    ORG_PAGE_CSS,
    '',
    switchHref,
  );
}

export type OrgLinkAction = 'confirm' | 'withdraw';
export type OrgLinkOutcome =
  | 'confirmed'
  | 'already-confirmed'
  | 'approved'
  | 'declined'
  | 'withdrawn'
  | 'withdrawn-others'
  | 'withdrawn-request'
  | 'left'
  | 'erased'
  | 'confirm-withdrawn'
  | 'removed'
  | 'closed'
  | 'invalid'
  | 'expired'
  | 'changed'
  | 'changed-unlisted'
  /** Unlisted, while an earlier approved request for its domain counts it: the public list follows that one. */
  | 'changed-through'
  | 'change-none'
  /** Nothing to apply, and no email would go for a form sent again until `day` (the contact's "already a member" emails used). */
  | 'change-capped'
  | 'change-ended'
  | 'change-asked'
  /** Asked for review, while an earlier approved request for its domain counts it: nothing public changes meanwhile. */
  | 'change-asked-through';

/** The page behind an email link: a button to press (GET changes nothing). `switchHref`: the same link in the other language. */
/**
 * A confirmation or withdrawal link's page. What a confirmation link confirms is listed, as the request
 * is stored now, so its reader sees it before pressing the button (`confirming`: the answers' digest the
 * button sends back; `correctable`: sending the form again would still bring a new link; `changed`: the
 * request changed since the page was last shown).
 */
export function orgLinkFormPage(
  lang: Lang,
  action: OrgLinkAction,
  org: OrgConfirming & { status?: string },
  token: string,
  nonce: string,
  switchHref?: string,
  confirming?: { digest: string; correctable: boolean; changed?: boolean },
  others: 'listed' | 'unlisted' | null = null,
): Html {
  const s = ORG_STRINGS[lang];
  const confirm = action === 'confirm';
  // A declined request's withdrawal link only erases its contact's details: it was never in the coalition.
  const erase = !confirm && org.status === 'declined';
  // Not approved (yet): the organization never joined, so its contact withdraws the request, not the organization.
  // Approved, while another contact's approved request still counts it: this contact withdraws their own request
  // (and is told the organization stays listed only when the public list shows it anyway, as the POST says).
  const request = !confirm && !erase && ((org.status !== undefined && org.status !== 'approved') || others !== null);
  const heading = confirm ? s.confirmHeading : erase ? s.eraseHeading : request ? s.withdrawRequestHeading : s.withdrawHeading;
  const body = confirm
    ? s.confirmBody(org.name)
    : erase
      ? s.eraseBody(org.name)
      : others === 'listed'
        ? s.withdrawStaysListedBody(org.name)
        : others
          ? s.withdrawOwnRequestBody(org.name)
          : request
            ? s.withdrawRequestBody(org.name)
            : s.withdrawBody(org.name);
  const rows: [string, string][] = [
    [s.nameLabel, org.name],
    [s.detailType, (s.types as Record<string, string>)[org.type] ?? org.type],
    [s.websiteLabel, org.website],
    [s.regionLabel, org.region ? regionName(org.region, lang) : s.detailNone],
    [s.detailSize, org.size ? ((s.sizes as Record<string, string>)[org.size] ?? org.size) : s.detailNone],
    [s.detailContact, [org.contact_name, org.contact_title].filter(Boolean).join(', ')],
    [s.detailListing, org.list_publicly ? s.detailListed : s.detailUnlisted],
  ];
  return page(
    lang,
    heading,
    nonce,
    html`<h1>${heading}</h1>
      <p>${withEnglishNames(body, lang)}</p>
      ${confirm && confirming
        ? html`${confirming.changed ? html`<div class="problem" role="alert"><p>${s.confirmChanged}</p></div>` : ''}
            <dl class="confirming">${rows.map(([dt, dd]) => html`<dt>${dt}</dt><dd>${dd}</dd>`)}</dl>
            ${confirming.correctable ? html`<p class="hint">${s.confirmChange} <a href="/join?lang=${lang}">${s.confirmChangeLink}</a></p>` : ''}`
        : ''}
      <form method="post" action="/join/${action}">
        <input type="hidden" name="t" value="${token}" />${confirm && confirming ? html`
        <input type="hidden" name="v" value="${confirming.digest}" />` : ''}
        <input type="hidden" name="lang" value="${lang}" />
        <button type="submit" class="button">${confirm ? s.confirmButton : erase ? s.declinedEraseLink : s.withdrawButton}</button>
      </form>`,
    '.confirming { display: grid; grid-template-columns: fit-content(50%) minmax(0, 1fr); gap: 4px 12px; margin: 0 0 12px; } .confirming dt { font-weight: 700; } .confirming dd { margin: 0; overflow-wrap: anywhere; }',
    '',
    switchHref,
  );
}

/** A detail of an organization as the contact's pages and emails name it (`/join/change`, `org-changed`). */
export function answerLabel(lang: Lang, answer: DigestedAnswer): string {
  const s = ORG_STRINGS[lang];
  return {
    name: s.nameLabel,
    type: s.detailType,
    website: s.websiteLabel,
    region: s.regionLabel,
    size: s.detailSize,
    contact_name: s.contactNameLabel,
    contact_title: s.contactTitleLabel,
    list_publicly: s.detailListing,
  }[answer];
}

/** A detail's value as its reader reads it (a kind, a size, a region by name), as text. */
export function answerShown(lang: Lang, answer: DigestedAnswer, value: unknown): string {
  const s = ORG_STRINGS[lang];
  if (answer === 'list_publicly') return Number(value) ? s.detailListed : s.detailUnlisted;
  if (value === null || value === undefined || value === '') return s.detailNone;
  if (answer === 'type') return (s.types as Record<string, string>)[String(value)] ?? String(value);
  if (answer === 'region') return `${regionName(String(value), lang)} (${String(value)})`;
  return answer === 'size' ? ((s.sizes as Record<string, string>)[String(value)] ?? String(value)) : String(value);
}

/**
 * `/join/change`: the answers its contact may apply themselves (`apply`, from `answersSelfApplied`),
 * each as it is now and as it would be, and those that wait for a review instead (`waiting`, said as
 * the email says them). The button sends back the waiting answers' digest (`digest`); `stale`: newer
 * answers came since the page was last shown.
 */
export function orgChangePage(
  lang: Lang,
  org: OrgConfirming & { confirmed_at?: string | null },
  asked: Partial<Record<DigestedAnswer, unknown>>,
  apply: readonly DigestedAnswer[],
  waiting: readonly DigestedAnswer[],
  form: { token: string; digest: string; stale?: boolean },
  nonce: string,
  switchHref?: string,
  /** When an earlier change request, still waiting for review, was asked: these answers replace it. */
  pendingSince?: string | null,
  /** Counted through an earlier approved request for its domain: the public list follows that one, whatever this one asks. */
  through = false,
): Html {
  const s = ORG_STRINGS[lang];
  const label = (answer: DigestedAnswer) => answerLabel(lang, answer);
  const shown = (answer: DigestedAnswer, value: unknown) => answerShown(lang, answer, value);
  // Each detail a row group headed by its name, its value now and after.
  const table = (caption: string, after: string, answers: readonly DigestedAnswer[]) => html`<div class="changes"><table>
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${s.changeNow}</th><th scope="col">${after}</th></tr></thead>
      ${answers.map((a) => html`<tbody><tr><th scope="rowgroup" colspan="2">${label(a)}</th></tr><tr><td>${shown(a, org[a])}</td><td>${shown(a, asked[a])}</td></tr></tbody>`)}
    </table></div>`;
  return page(
    lang,
    s.changeHeading,
    nonce,
    html`<h1>${s.changeHeading}</h1>
      ${form.stale ? html`<div class="problem" role="alert"><p>${s.changeStale}</p></div>` : ''}
      <p>${withEnglishNames(s.changeBody(org.name), lang)}</p>
      ${through ? html`<p>${s.changeThrough}</p>` : ''}
      ${apply.length ? table(s.changeCaption, s.changeAfter, apply) : ''}
      ${waiting.length ? html`${table(s.changeReviewCaption, s.changeAsked, waiting)}<p>${through ? s.changeReviewThrough : s.changeReview}</p>` : ''}
      ${pendingSince ? html`<p><strong>${s.changePending(formatDay(pendingSince, lang))}</strong></p>` : ''}
      ${org.confirmed_at === null ? html`<p>${s.changeConfirms(String((apply.includes('contact_name') ? asked.contact_name : null) ?? org.contact_name ?? ''))}</p>` : '' /* approved before its contact confirmed: the press confirms it */}
      <form method="post" action="/join/change">
        <input type="hidden" name="t" value="${form.token}" />
        <input type="hidden" name="v" value="${form.digest}" />
        <input type="hidden" name="lang" value="${lang}" />
        <button type="submit" class="button">${waiting.length ? (apply.length ? s.changeApplyAndAsk : s.changeAskButton) : s.memberApplyLink}</button>
      </form>`,
    // Two columns of equal width, each detail a row group headed by its name: readable at 320 px without breaking words.
    `.changes { position: relative; overflow-x: auto; margin: 0 0 16px; } .changes table { border-collapse: collapse; width: 100%; table-layout: fixed; }
     .changes caption { text-align: start; font-weight: 700; margin-bottom: 4px; }
     .changes th, .changes td { text-align: start; vertical-align: top; padding: 4px 8px; overflow-wrap: break-word; }
     .changes thead th { border-bottom: 1px solid currentColor; } .changes tbody th { padding-top: 10px; }
     .changes tbody tr:last-child td { border-bottom: 1px solid currentColor; padding-bottom: 10px; }`,
    '',
    switchHref,
  );
}

export function orgLinkOutcomePage(lang: Lang, outcome: OrgLinkOutcome, nonce: string, switchHref?: string, day = ''): Html {
  const s = ORG_STRINGS[lang];
  const [heading, body] = {
    confirmed: [s.confirmedHeading, s.confirmedBody],
    'already-confirmed': [s.confirmedHeading, s.alreadyConfirmed],
    approved: [s.confirmedHeading, s.alreadyApproved],
    declined: [s.confirmedHeading, s.alreadyDeclined],
    withdrawn: [s.withdrawnHeading, s.withdrawnBody],
    'withdrawn-others': [s.withdrawnHeading, s.withdrawnOthersBody],
    'withdrawn-request': [s.withdrawnHeading, s.withdrawnRequestBody],
    left: [s.leftHeading, s.leftBody],
    erased: [s.erasedHeading, s.erasedBody],
    'confirm-withdrawn': [s.confirmWithdrawnHeading, s.confirmWithdrawnBody],
    removed: [s.removedHeading, s.removedBody],
    closed: [s.closedHeading, s.closedBody],
    invalid: [s.invalidHeading, s.invalidBody],
    expired: [s.expiredHeading, s.expiredBody],
    changed: [s.changedHeading, s.changedBody],
    'changed-unlisted': [s.changedHeading, s.changedUnlistedBody],
    'changed-through': [s.changedHeading, s.changedThroughBody],
    'change-none': [s.changeNoneHeading, s.changeNoneBody],
    'change-capped': [s.changeNoneHeading, s.changeCappedBody(day)],
    'change-ended': [s.changeEndedHeading, s.changeEndedBody],
    'change-asked': [s.changeAskedHeading, s.changeAskedBody],
    'change-asked-through': [s.changeAskedHeading, s.changeAskedThroughBody],
  }[outcome];
  const again = outcome === 'expired' || outcome === 'confirm-withdrawn' || outcome === 'change-ended' ? html`<p><a href="/join?lang=${lang}">${s.expiredLink}</a></p>` : '';
  // A way on from every outcome, as from the thanks page: the organizations already in the coalition.
  return page(
    lang,
    heading,
    nonce,
    html`<div class="thanks"><h1>${heading}</h1><p>${body}</p>${again}</div>
      <ul class="links"><li><a href="/organizations?lang=${lang}">${s.listHeading}</a></li></ul>`,
    ORG_PAGE_CSS,
    '',
    switchHref,
  );
}

export interface ListPageState {
  lang: Lang;
  total: number;
  /** Every listed organization (before filtering): the filters offer only what is there. */
  listed: PublicOrganization[];
  type: string;
  region: string;
}

/** `head`: the page's share card. `origin`: the public origin (PUBLIC_ORIGIN), which makes the canonical address and its languages' whole URLs. */
export function organizationsPage(state: ListPageState, nonce: string, switchHref?: string, head: Html | string = '', origin = ''): Html {
  const { lang } = state;
  const s = ORG_STRINGS[lang];
  const shown = state.listed.filter((o) => (!state.type || o.type === state.type) && (!state.region || o.region === state.region));
  // The filters offer what is listed, and always what the address asks for (a shared link's filter
  // that matches nobody shows as chosen, with a way back to everyone, rather than as "All").
  const types = ORG_TYPES.filter((t) => t === state.type || state.listed.some((o) => o.type === t));
  const regions = [...new Set([...state.listed.map((o) => o.region), state.region].filter((r): r is string => Boolean(r)))]
    .map((code) => ({ code, name: regionName(code, lang) }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
  const unlisted = state.total - state.listed.length;
  const filtered = Boolean(state.type || state.region);
  const selected = (on: boolean) => (on ? raw(' selected') : '');
  return page(
    lang,
    // A filtered list says its result in the title too: the page reloads, and a title is what a
    // screen reader announces first (a status already in the page when it loads is not announced).
    filtered ? `${s.filterShowing(shown.length).replace(/\.$/, '')} · ${s.listHeading}` : s.listHeading,
    nonce,
    html`<h1 class="heading">${s.listHeading}</h1>
      <p>${s.listIntro}</p>
      <p class="count-line">${s.joinedCount(state.total)}</p>
      ${unlisted > 0 ? html`<p>${s.notListed(unlisted)}</p>` : ''}
      ${state.listed.length
        ? html`<form method="get" action="/organizations">
            <input type="hidden" name="lang" value="${lang}" />
            <fieldset class="group">
              <legend>${s.filterLegend}</legend>
              <div class="filters">
                <div class="field">
                  <label for="filter-type">${s.filterType}</label>
                  <select id="filter-type" name="type">
                    <option value="">${s.filterAll}</option>
                    ${types.map((t) => html`<option value="${t}"${selected(state.type === t)}>${s.types[t]}</option>`)}
                  </select>
                </div>
                <div class="field">
                  <label for="filter-region">${s.filterRegion}</label>
                  <select id="filter-region" name="region">
                    <option value="">${s.filterAll}</option>
                    ${regions.map((r) => html`<option value="${r.code}"${selected(state.region === r.code)}>${r.name}</option>`)}
                  </select>
                </div>
                <button type="submit" class="button button--secondary">${s.filterButton}</button>
              </div>
            </fieldset>
          </form>
          ${filtered ? html`<p role="status">${s.filterShowing(shown.length)} <a href="/organizations?lang=${lang}">${s.filterClear}</a></p>` : ''}
          ${shown.length
            ? html`<ul class="orgs">
                ${shown.map(
                  (o) => html`<li>
                    <p class="org__name"><a href="${o.website}" rel="nofollow noopener noreferrer">${o.name}</a></p>
                    <p class="org__meta">${(s.types as Record<string, string>)[o.type] ?? o.type}${o.region ? html` · ${regionName(o.region, lang)}` : ''} · ${s.joinedOn(formatDay(o.joined, lang, 'long'))}</p>
                  </li>`,
                )}
              </ul>`
            : html`<p>${s.filterNone}</p>`}`
        : ''}
      <ul class="links">
        <li><a href="/join?lang=${lang}">${s.joinLink}</a></li>
        <li><a href="/about?lang=${lang}">${ABOUT_STRINGS[lang].moreLink}</a></li>
      </ul>`,
    ORG_PAGE_CSS,
    head,
    switchHref,
    `${origin.replace(/\/$/, '')}/organizations?lang=${lang}`,
  );
}

/**
 * The line other hosted pages show under their form: how many organizations have joined
 * (linking to the list), and the way for an organization to join.
 */
export function organizationsLine(lang: Lang, count: number | undefined, partner: string): Html {
  const s = ORG_STRINGS[lang];
  const join = `/join?lang=${lang}${partner ? `&partner=${encodeURIComponent(partner)}` : ''}`;
  return html`<ul class="share org-links">
    ${count ? html`<li><a href="/organizations?lang=${lang}">${s.joinedCount(count)}</a></li>` : ''}
    <li>${s.forOrganization} <a href="${join}">${STRINGS[lang].orgJoin}</a></li>
  </ul>`;
}
