/**
 * The hosted pledge page (`/pledge?partner=…`): the widget's form as plain HTML that works
 * without JavaScript (a form POST, errors rendered by the server in the GOV.UK pattern).
 * Its fields come from the same description as the widget's (`FORM` in src/pledge-fields.ts),
 * and it wears the widget's own styles (see layout.ts), so the two look and behave alike.
 */
import { html, raw } from 'hono/html';
import { shareHrefs } from '../../src/share-links.ts';
import { FACTS, SOCIETIES } from '../../src/content/coalition.ts';
import { fill } from '../../src/i18n/format.ts';
import { STRINGS, type Strings } from '../../src/i18n/index.ts';
import { FIELDS, FORM, HONEYPOT, MAX_LENGTH, type Choice, type Lang, type RegionSelects, type TextInput } from '../../src/pledge-fields.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import { errorSummary, invalidAttr } from '../platform/pages/error-summary.ts';
import { PAGE_STRINGS } from './strings.ts';
import { IMPACT_STRINGS } from '../impact/strings.ts';
import { regionOptions } from '../../src/regions.ts';
import { organizationsLine } from '../organizations/pages.ts';
import { ABOUT_STRINGS } from '../about/strings.ts';

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
  /** When the page's `partner` is not one that takes pledges: the societies to choose from. */
  societies?: { id: string; name: string }[];
  /** Organizations that have joined, shown with a link under the form when known. */
  organizations?: number;
}

const EXTRA_CSS = `.rhec-host select { display: block; width: 100%; min-height: 44px; padding: 8px 10px; font: inherit; color: var(--_text); background: var(--_bg); border: 2px solid var(--_border); border-radius: 4px; }`;

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

const checked = (on: boolean) => (on ? raw(' checked') : '');
/** "(optional)" with its leading space inside one text node, so accessible names keep it. */
const optional = (s: Strings) => html`<span class="optional">${` ${s.optional}`}</span>`;

function textField(state: PledgeFormState, s: Strings, f: TextInput): Html {
  const invalid = Boolean(state.errors[f.name]?.length);
  const hint = f.hint ? `${f.name}-hint` : undefined;
  return html`<div class="field${invalid ? ' field--error' : ''}">
    <label for="${f.name}">${s[f.label]}${f.optional ? optional(s) : ''}</label>
    ${f.hint ? html`<p class="hint" id="${hint}">${s[f.hint]}</p>` : ''} ${fieldError(state, f.name)}
    <input id="${f.name}" name="${f.name}" type="${f.type ?? 'text'}" maxlength="${MAX_LENGTH[f.name]}"${f.optional ? '' : raw(' required')}${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${f.noSpellcheck ? raw(' spellcheck="false"') : ''}
      value="${state.values[f.name] ?? ''}"${invalidAttr(invalid)}${describedBy(state, f.name, hint)} />
  </div>`;
}

function choiceField(state: PledgeFormState, s: Strings, f: Choice): Html {
  const invalid = Boolean(state.errors[f.name]?.length);
  return html`<div class="field${invalid ? ' field--error' : ''}">
    <fieldset${describedBy(state, f.name)}>
      <legend>${s[f.label]}</legend>
      ${fieldError(state, f.name)}
      <div class="choices">
        ${f.options.map(
          (value) => html`<div class="choice">
            <input type="radio" id="${f.name}-${value}" name="${f.name}" value="${value}" required${checked(state.values[f.name] === value)}${invalidAttr(invalid)} />
            <label for="${f.name}-${value}">${s.roles[value]}</label>
          </div>`,
        )}
      </div>
    </fieldset>
  </div>`;
}

/**
 * Where the pledger works: a US state or territory, or a country (`FORM`'s region kind). Two native
 * selects, since without JavaScript one cannot reveal the other; choosing both is an error.
 */
function regionField(state: PledgeFormState, s: Strings, f: RegionSelects): Html {
  const invalid = Boolean(state.errors[f.name]?.length);
  const options = regionOptions(state.lang);
  const [us, abroad] = f.selects;
  const p = PAGE_STRINGS[state.lang];
  const select = (sel: typeof us | typeof abroad, list: [string, string][]) => {
    const chosen = (state.values[sel.name] ?? '').toUpperCase();
    return html`<label for="${sel.name}">${s[sel.label]}</label>
      <select id="${sel.name}" name="${sel.name}"${invalidAttr(invalid)}${describedBy(state, f.name)}>
        <option value="">${sel === us ? p.chooseState : p.chooseCountry}</option>
        ${list.map(([code, name]) => html`<option value="${code}"${code === chosen ? raw(' selected') : ''}>${name}</option>`)}
      </select>`;
  };
  return html`<div class="field region${invalid ? ' field--error' : ''}">
    <fieldset>
      <legend>${s[f.label]}${optional(s)}</legend>
      ${fieldError(state, f.name)} ${select(us, options.us)} ${select(abroad, options.countries)}
    </fieldset>
  </div>`;
}

function consentField(state: PledgeFormState, s: Strings): Html {
  const invalid = Boolean(state.errors.commitment?.length);
  return html`<div class="field${invalid ? ' field--error' : ''}">
    <fieldset${describedBy(state, 'commitment')}>
      <legend>${s.commitmentLegend}</legend>
      ${fieldError(state, 'commitment')}
      <div class="choice">
        <input type="checkbox" id="commitment" name="commitment" value="yes" aria-describedby="commitment-text" required${checked(state.values.commitment === 'yes')}${invalidAttr(invalid)} />
        <label for="commitment">${s.commitmentCheck}</label>
      </div>
      <div class="choice">
        <input type="checkbox" id="updates" name="updates" value="yes"${checked(state.values.updates === 'yes')} />
        <label for="updates">${s.updatesLabel}${optional(s)}</label>
      </div>
    </fieldset>
  </div>`;
}

/** The society: fixed by the link (`?partner=`), or chosen here when the link named none that takes pledges. */
function societyField(state: PledgeFormState): Html {
  if (!state.societies) return html`<input type="hidden" name="partner" value="${state.partner}" />`;
  const invalid = Boolean(state.errors.partner?.length);
  // Radio buttons, as the role's: a closed <select> cannot wrap, and cut a society's name off at 320 px.
  return html`<div class="field${invalid ? ' field--error' : ''}">
    <fieldset${describedBy(state, 'partner', 'partner-hint')}>
      <legend>${IMPACT_STRINGS[state.lang].societyLabel}</legend>
      <p class="hint" id="partner-hint">${IMPACT_STRINGS[state.lang].societyHint}</p>
      ${fieldError(state, 'partner')}
      <div class="choices">
        ${state.societies.map(
          (p) => html`<div class="choice">
            <input type="radio" id="partner-${p.id}" name="partner" value="${p.id}" required${checked(state.partner === p.id)}${invalidAttr(invalid)} />
            <label for="partner-${p.id}">${p.name}</label>
          </div>`,
        )}
      </div>
    </fieldset>
  </div>`;
}

function summary(state: PledgeFormState): Html | string {
  const fields = (FIELDS as readonly string[]).filter((f) => state.errors[f]?.length);
  const others = Object.keys(state.errors).filter((f) => !(FIELDS as readonly string[]).includes(f));
  if (!fields.length && !others.length) return '';
  const s = STRINGS[state.lang];
  const target = (f: string) => (f === 'role' ? 'role-radiologist' : f === 'partner' ? `partner-${state.societies?.[0]?.id}` : f);
  return errorSummary(s.errorSummaryTitle, [
    ...fields.map((f) => ({ text: state.errors[f]![0]!, href: f === 'partner' && !state.societies ? undefined : `#${target(f)}` })),
    ...others.map((f) => ({ text: state.errors[f]![0]! })),
  ]);
}

/** The coalition's three facts with their figures, as the widget shows them (its share bar included). */
export function factList(s: Strings): Html {
  return html`<ul class="fact-list">
    ${FACTS.map(
      (fact, i) => html`<li class="fact">
        <span class="fact__figure" aria-hidden="true">${fill(fact.unit === 'times' ? s.times : s.percent, { n: fact.value })}${fact.share
          ? html`<svg class="fact__bar" viewBox="0 0 100 8" preserveAspectRatio="none" focusable="false"><rect class="bar__track" width="100" height="8"></rect><rect class="bar__fill" width="${fact.value}" height="8"></rect></svg>`
          : ''}</span>
        <span class="fact__text">${s.facts[i]}</span>
      </li>`,
    )}
  </ul>`;
}

/** The coalition's story, facts and members, as the widget shows them, and the way to its whole page (`/about`). */
function facts(s: Strings, lang: Lang): Html {
  return html`<section class="facts">
    <p class="story">${s.story}</p>
    ${factList(s)}
    <p class="members" lang="en">${SOCIETIES.map((m, i) => html`${i ? ' · ' : ''}<abbr title="${m.name}">${m.short}</abbr>`)}</p>
    <p class="about-link"><a href="/about?lang=${lang}">${ABOUT_STRINGS[lang].moreLink}</a></p>
  </section>`;
}

/** `switchHref`: the same form in the other language (a GET's page only: a re-shown form would lose what was typed). */
export function pledgeFormPage(state: PledgeFormState, nonce: string, head: Html | string = '', switchHref?: string): Html {
  const s = STRINGS[state.lang];
  const title = Object.keys(state.errors).length ? `${s.errorPrefix} ${s.commitmentHeading}` : s.commitmentHeading;
  return page(
    state.lang,
    `${title} · ${s.coalitionName}`,
    nonce,
    html`<p class="coalition" lang="en">${s.coalitionName}</p>
      <h1 class="heading">${s.commitmentHeading}</h1>
      <p class="commitment" id="commitment-text">${s.commitmentText}</p>
      ${facts(s, state.lang)}
      <form method="post" action="/pledge?lang=${state.lang}" novalidate>
        ${summary(state)}
        <input type="hidden" name="lang" value="${state.lang}" />
        ${state.source ? html`<input type="hidden" name="source" value="${state.source}" />` : ''}
        <div class="hp" aria-hidden="true">
          <label for="${HONEYPOT}">${PAGE_STRINGS[state.lang].trapLabel}</label>
          <input type="text" id="${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off" />
        </div>
        ${societyField(state)}
        ${FORM.map((f) =>
          f.kind === 'text'
            ? textField(state, s, f)
            : f.kind === 'choice'
              ? choiceField(state, s, f)
              : f.kind === 'region'
                ? regionField(state, s, f)
                : consentField(state, s),
        )}
        <p class="privacy">${s.privacy}</p>
        ${state.turnstile
          ? html`<div class="cf-turnstile turnstile" data-sitekey="${state.turnstile.siteKey}" data-language="${state.lang}"></div>
              <script src="${state.turnstile.script}" nonce="${nonce}" async defer></script>`
          : ''}
        <button type="submit" class="button">${s.submit}</button>
      </form>
      ${organizationsLine(state.lang, state.organizations, state.partner)}`,
    EXTRA_CSS,
    head,
    switchHref,
  );
}

/**
 * After the hosted form (no JavaScript needed): check your email, then what the widget's thank-you
 * offers too: the role's next steps (`steps`, already rendered) and links to ask a colleague,
 * with the address itself to copy (there is no script to copy it).
 */
export function pledgeThanksPage(
  lang: Lang,
  nonce: string,
  home?: { id: string; name: string; origin: string } | null,
  head: Html | string = '',
  switchHref?: string,
  after: { steps?: Html | string; shareUrl?: string; againHref?: string } = {},
): Html {
  const s = STRINGS[lang];
  const url = after.shareUrl;
  return page(
    lang,
    `${s.thanksHeading} · ${s.coalitionName}`,
    nonce,
    html`<p class="coalition" lang="en">${s.coalitionName}</p>
      <div class="thanks">
        <h1 class="heading">${s.thanksHeading}</h1>
        <p>${s.thanksBody}</p>
        ${after.againHref ? html`<p><a href="${after.againHref}">${PAGE_STRINGS[lang].correctAddress}</a></p>` : ''}
      </div>
      ${after.steps ?? ''}
      ${url ? shareSection(lang, url) : ''}
      ${home ? html`<p><a href="${home.origin}/">${withEnglishNames(PAGE_STRINGS[lang].back(home.name, home.id), lang)}</a></p>` : ''}`,
    '',
    head,
    switchHref,
  );
}

/**
 * "Ask a colleague to pledge": LinkedIn, X, email and the address to copy, for the pledge page's
 * address `url` (marked `source=share`). The hosted thank-you page's, and the confirmed page's.
 */
export function shareSection(lang: Lang, url: string): Html {
  const s = STRINGS[lang];
  const to = shareHrefs(url, s);
  const newTab = html`<span class="visually-hidden"> ${s.newTab}</span>`;
  return html`<section aria-labelledby="share-title">
    <h2 id="share-title">${s.shareHeading}</h2>
    <ul class="share">
      <li><a href="${to.linkedin}" target="_blank" rel="noopener noreferrer">${s.shareLinkedIn}${newTab}</a></li>
      <li><a href="${to.x}" target="_blank" rel="noopener noreferrer">${s.shareX}${newTab}</a></li>
      <li><a href="${to.email}">${s.shareEmail}</a></li>
    </ul>
    <p class="share__url">${PAGE_STRINGS[lang].copyAddress} <span class="url">${url}</span></p>
  </section>`;
}
