/**
 * The hosted pledge page (`/pledge?partner=…`): the widget's form as plain HTML that works
 * without JavaScript (a form POST, errors rendered by the server in the GOV.UK pattern).
 * It wears the widget's own styles (see layout.ts), so it looks the same.
 */
import { html, raw } from 'hono/html';
import { STRINGS } from '../../src/i18n/index.ts';
import { FIELDS, ROLES, type Lang } from '../../src/pledge-fields.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import { regionOptions } from '../../src/regions.ts';
import { IMPACT_STRINGS } from '../impact/strings.ts';
import { organizationsLine } from '../organizations/pages.ts';

/** Turnstile on the hosted page: its site key and script (progressive enhancement). */
export interface TurnstileOnPage {
  siteKey: string;
  script: string;
}

export interface PledgeFormState {
  partner: string;
  /** The source code from `?source=` (already cleaned), carried in a hidden field. */
  source?: string | undefined;
  lang: Lang;
  values: Record<string, string>;
  errors: Record<string, string[]>;
  turnstile?: TurnstileOnPage | undefined;
  /** When the link named no active society: the societies to choose from (a select replaces the hidden field). */
  societies?: { id: string; name: string }[];
  /** Organizations that have joined, shown with a link under the form when known. */
  organizations?: number;
}

function fieldError(state: PledgeFormState, field: string): Html | string {
  const message = state.errors[field]?.[0];
  if (!message) return '';
  return html`<p class="error-message" id="${field}-error">
    <span class="visually-hidden">${STRINGS[state.lang].errorPrefix}</span> ${message}
  </p>`;
}

function describedBy(state: PledgeFormState, field: string, hint?: string): Html | string {
  const ids = [hint, state.errors[field]?.length ? `${field}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
}

function textField(
  state: PledgeFormState,
  field: 'name' | 'email' | 'organization',
  label: string,
  opts: { type?: string; autocomplete?: string; optional?: boolean; hint?: string },
): Html {
  const s = STRINGS[state.lang];
  const invalid = Boolean(state.errors[field]?.length);
  return html`<div class="field${invalid ? ' field--error' : ''}">
    <label for="${field}">${label}${opts.optional ? html` <span class="optional">${s.optional}</span>` : ''}</label>
    ${opts.hint ? html`<p class="hint" id="${field}-hint">${opts.hint}</p>` : ''} ${fieldError(state, field)}
    <input id="${field}" name="${field}" type="${opts.type ?? 'text'}"
      ${opts.autocomplete ? html`autocomplete="${opts.autocomplete}"` : ''}
      value="${state.values[field] ?? ''}"${invalid ? raw(' aria-invalid="true"') : ''}${describedBy(state, field, opts.hint ? `${field}-hint` : undefined)} />
  </div>`;
}

/**
 * Where the pledger works: a US state or territory, or a country outside the United States.
 * Two native selects (without JavaScript one cannot reveal the other); choosing both is an error.
 */
function regionField(state: PledgeFormState): Html {
  const s = STRINGS[state.lang];
  const invalid = Boolean(state.errors.region?.length);
  const options = regionOptions(state.lang);
  const select = (id: string, label: string, list: [string, string][]) => {
    const chosen = (state.values[id] ?? '').toUpperCase();
    return html`<label for="${id}">${label}</label>
      <select id="${id}" name="${id}"${invalid ? raw(' aria-invalid="true"') : ''}${describedBy(state, 'region')}>
        <option value=""></option>
        ${list.map(([code, name]) => html`<option value="${code}"${code === chosen ? raw(' selected') : ''}>${name}</option>`)}
      </select>`;
  };
  return html`<div class="field region${invalid ? ' field--error' : ''}">
    <fieldset>
      <legend>${s.regionLegend} <span class="optional">${s.optional}</span></legend>
      ${fieldError(state, 'region')}
      ${select('region', s.regionUsLabel, options.us)}
      ${select('country', s.regionCountryLabel, options.countries)}
    </fieldset>
  </div>`;
}

/** A society to pledge with, when the page was reached without one (from /impact, a share). */
function societyField(state: PledgeFormState, societies: { id: string; name: string }[]): Html {
  const s = IMPACT_STRINGS[state.lang];
  const invalid = Boolean(state.errors.partner?.length);
  return html`<div class="field${invalid ? ' field--error' : ''}">
    <label for="partner">${s.societyLabel}</label>
    <p class="hint" id="partner-hint">${s.societyHint}</p>
    ${fieldError(state, 'partner')}
    <select id="partner" name="partner"${invalid ? raw(' aria-invalid="true"') : ''}${describedBy(state, 'partner', 'partner-hint')}>
      <option value=""></option>
      ${societies.map((p) => html`<option value="${p.id}"${p.id === state.partner ? raw(' selected') : ''}>${p.name}</option>`)}
    </select>
  </div>`;
}

function summary(state: PledgeFormState): Html | string {
  const fields = (FIELDS as readonly string[]).filter((f) => state.errors[f]?.length);
  const others = Object.keys(state.errors).filter((f) => !(FIELDS as readonly string[]).includes(f));
  if (!fields.length && !others.length) return '';
  const s = STRINGS[state.lang];
  return html`<div class="error-summary" id="error-summary" tabindex="-1">
    <div role="alert">
      <h2 class="error-summary__title">${s.errorSummaryTitle}</h2>
      <ul>
        ${fields.map((f) =>
          f === 'partner' && !state.societies
            ? html`<li>${state.errors[f]![0]}</li>`
            : html`<li><a href="#${f === 'role' ? 'role-radiologist' : f}">${state.errors[f]![0]}</a></li>`,
        )}
        ${others.map((f) => html`<li>${state.errors[f]![0]}</li>`)}
      </ul>
    </div>
  </div>`;
}

export function pledgeFormPage(state: PledgeFormState, nonce: string, head: Html | string = ''): Html {
  const s = STRINGS[state.lang];
  const checked = (on: boolean) => (on ? raw(' checked') : '');
  const roleInvalid = Boolean(state.errors.role?.length);
  const commitInvalid = Boolean(state.errors.commitment?.length);
  const title = Object.keys(state.errors).length ? `${s.errorPrefix} ${s.commitmentHeading}` : s.commitmentHeading;
  return page(
    state.lang,
    title,
    nonce,
    html`<h1 class="heading">${s.commitmentHeading}</h1>
      <blockquote class="commitment">${s.commitmentText}</blockquote>
      <form method="post" action="/pledge" novalidate>
        ${summary(state)}
        ${state.societies ? societyField(state, state.societies) : html`<input type="hidden" name="partner" value="${state.partner}" />`}
        <input type="hidden" name="lang" value="${state.lang}" />
        ${state.source ? html`<input type="hidden" name="source" value="${state.source}" />` : ''}
        <div class="hp" aria-hidden="true">
          <label for="website">Leave this empty</label>
          <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" />
        </div>
        ${textField(state, 'name', s.nameLabel, { autocomplete: 'name' })}
        ${textField(state, 'email', s.emailLabel, { type: 'email', autocomplete: 'email', hint: s.emailHint })}
        <div class="field${roleInvalid ? ' field--error' : ''}">
          <fieldset${describedBy(state, 'role')}>
            <legend>${s.roleLegend}</legend>
            ${fieldError(state, 'role')}
            <div class="choices">
              ${ROLES.map(
                (role) => html`<div class="choice">
                  <input type="radio" id="role-${role}" name="role" value="${role}"${checked(state.values.role === role)} />
                  <label for="role-${role}">${s.roles[role]}</label>
                </div>`,
              )}
            </div>
          </fieldset>
        </div>
        ${textField(state, 'organization', s.organizationLabel, { autocomplete: 'organization', optional: true })}
        ${regionField(state)}
        <div class="field${commitInvalid ? ' field--error' : ''}">
          <fieldset${describedBy(state, 'commitment')}>
            <legend>${s.commitmentLegend}</legend>
            ${fieldError(state, 'commitment')}
            <div class="choice">
              <input type="checkbox" id="commitment" name="commitment" value="yes"${checked(state.values.commitment === 'yes')}${commitInvalid ? raw(' aria-invalid="true"') : ''} />
              <label for="commitment">${s.commitmentText}</label>
            </div>
            <div class="choice">
              <input type="checkbox" id="updates" name="updates" value="yes"${checked(state.values.updates === 'yes')} />
              <label for="updates">${s.updatesLabel} <span class="optional">${s.optional}</span></label>
            </div>
          </fieldset>
        </div>
        <p class="privacy">${s.privacy}</p>
        ${state.turnstile
          ? html`<div class="cf-turnstile turnstile" data-sitekey="${state.turnstile.siteKey}" data-language="${state.lang}"></div>
              <script src="${state.turnstile.script}" nonce="${nonce}" async defer></script>`
          : ''}
        <button type="submit" class="button">${s.submit}</button>
      </form>
      ${organizationsLine(state.lang, state.organizations, state.partner)}`,
    '',
    head,
  );
}

export function pledgeThanksPage(lang: Lang, nonce: string, head: Html | string = ''): Html {
  const s = STRINGS[lang];
  return page(
    lang,
    s.thanksHeading,
    nonce,
    html`<div class="thanks">
      <h1>${s.thanksHeading}</h1>
      <p>${s.thanksBody}</p>
    </div>`,
    '',
    head,
  );
}
