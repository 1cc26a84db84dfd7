/** The pledger's pages behind an update's links: unsubscribe (one button) and preferences. */
import { html, raw } from 'hono/html';
import { waysOn } from '../platform/pages/not-found.ts';
import { ROLES, type Lang, type Role } from '../../src/pledge-fields.ts';
import { STRINGS } from '../../src/i18n/index.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import { oneButtonPage } from '../platform/pages/link-page.ts';
import { errorSummary } from '../platform/pages/error-summary.ts';
import { UPDATE_STRINGS } from './strings.ts';
import { RESOURCE_STRINGS } from '../resources/strings.ts';

/** `test`: a link from a test of an update, which belongs to no pledge (see service.ts). */
export type LinkProblem = 'invalid' | 'expired' | 'gone' | 'test';

/** The page for a link from a test email: what it does in a pledger's copy, and that nothing changed. */
export function testLinkPage(lang: Lang, nonce: string, switchHref?: string): Html {
  const s = UPDATE_STRINGS[lang];
  return page(lang, s.testLinkHeading, nonce, html`<h1>${s.testLinkHeading}</h1><p>${s.testLinkBody}</p>`, '', '', switchHref);
}

export function problemPage(lang: Lang, problem: LinkProblem, nonce: string, switchHref?: string, partner?: string): Html {
  if (problem === 'test') return testLinkPage(lang, nonce, switchHref);
  const s = UPDATE_STRINGS[lang];
  const [heading, body] = {
    invalid: [s.invalidHeading, s.invalidBody],
    expired: [s.expiredHeading, s.expiredBody],
    gone: [s.goneHeading, s.goneBody],
  }[problem];
  // Not a dead end: pledging again with the same address brings an email with fresh links; a
  // withdrawn pledge cannot come back, but a new one can, and the impact page is there for anyone
  // (as on the confirmation and withdrawal links' pages).
  return page(lang, heading, nonce, html`<div class="problem"><h1>${heading}</h1><p>${body}</p></div>${waysOn(lang, partner)}`, '', '', switchHref);
}

/** GET /unsubscribe: one button. `yearly`: the yearly renewal email is on for this pledge (so the page says it still comes). */
export function unsubscribePage(lang: Lang, token: string, nonce: string, switchHref?: string, yearly = true): Html {
  const s = UPDATE_STRINGS[lang];
  const body = `${s.unsubscribeBody}${yearly ? ` ${s.stillYearly}` : ''}`;
  return oneButtonPage(lang, nonce, { path: '/unsubscribe', token, title: s.unsubscribeHeading, body, button: s.unsubscribeButton }, switchHref);
}

export function unsubscribedPage(lang: Lang, preferencesUrl: string, nonce: string, switchHref?: string, yearly = true): Html {
  const s = UPDATE_STRINGS[lang];
  return page(
    lang,
    s.unsubscribedHeading,
    nonce,
    html`<div class="thanks" role="status"><h1>${s.unsubscribedHeading}</h1><p>${s.unsubscribedBody}${yearly ? ` ${s.stillYearly}` : ''}</p></div>
      <p>${s.changeMind} <a href="${preferencesUrl}">${s.preferencesLink}</a></p>`,
    '',
    '',
    switchHref,
  );
}

export interface PreferencesState {
  /** The language emails go in (the radio's choice). */
  lang: Lang;
  /** The page's own language, when the reader asked for the other one (`?lang=`); else `lang`. */
  pageLang?: Lang;
  /** The same page in the other language. */
  switchHref?: string;
  token: string;
  updates: boolean;
  /** The yearly email asking to renew the pledge (on unless turned off here or from its own link). */
  reminders: boolean;
  /** The role the pledge was made in: a pledger who changed jobs (or chose wrongly) corrects it here. */
  role: Role;
  /** Not confirmed yet: nothing is sent until it is. */
  pending?: boolean;
  /** The address is on the suppression list: nothing is sent to it, whatever is chosen here. */
  paused?: boolean;
  withdrawUrl: string;
  /** The pledger's own "Tell us what you did" link (a confirmed pledge's): every email's, kept here too for one who gets none. */
  actionsUrl?: string;
  saved?: boolean;
  /** A value no radio sends (a crafted or broken form): said, and nothing is saved. */
  errors?: { updates?: boolean; reminders?: boolean; lang?: boolean; role?: boolean };
}

export function preferencesPage(state: PreferencesState, nonce: string): Html {
  const pageLang = state.pageLang ?? state.lang;
  const s = UPDATE_STRINGS[pageLang];
  const checked = (on: boolean) => (on ? raw(' checked') : '');
  const problems = [
    ...(state.errors?.updates ? [{ text: s.updatesInvalid, href: '#updates-yes' }] : []),
    ...(state.errors?.reminders ? [{ text: s.remindersInvalid, href: '#reminders-yes' }] : []),
    ...(state.errors?.lang ? [{ text: s.langInvalid, href: '#lang-en' }] : []),
    ...(state.errors?.role ? [{ text: s.roleInvalid, href: `#role-${ROLES[0]}` }] : []),
  ];
  const w = STRINGS[pageLang];
  return page(
    pageLang,
    `${problems.length ? `${s.errorPrefix} ` : ''}${state.saved ? s.savedHeading : s.preferencesHeading}`,
    nonce,
    html`${state.saved
        ? html`<div class="thanks" role="status"><h1>${s.savedHeading}</h1><p>${state.paused ? s.paused : html`${state.updates ? (state.pending ? s.savedOnPending : s.savedOn) : s.savedOff} ${state.reminders ? s.savedRemindersOn : s.savedRemindersOff}`}</p></div><h2>${s.preferencesHeading}</h2>`
        : html`<h1>${s.preferencesHeading}</h1>`}
      ${errorSummary(s.errorSummaryTitle, problems)}
      <p>${s.preferencesIntro}</p>
      ${state.paused && !state.saved ? html`<p>${s.paused}</p>` : ''}
      <form method="post" action="/preferences?lang=${pageLang}">
        <input type="hidden" name="t" value="${state.token}" />
        <div class="field${state.errors?.updates ? ' field--error' : ''}">
          <fieldset${state.errors?.updates ? raw(' aria-describedby="updates-error"') : ''}>
            <legend>${s.updatesLegend}</legend>
            ${state.errors?.updates ? html`<p class="error-message" id="updates-error"><span class="visually-hidden">${s.errorPrefix} </span>${s.updatesInvalid}</p>` : ''}
            <div class="choices">
              <div class="choice"><input type="radio" id="updates-yes" name="updates" value="yes"${checked(state.updates)} /><label for="updates-yes">${s.updatesYes}</label></div>
              <div class="choice"><input type="radio" id="updates-no" name="updates" value="no"${checked(!state.updates)} /><label for="updates-no">${s.updatesNo}</label></div>
            </div>
          </fieldset>
        </div>
        <div class="field${state.errors?.reminders ? ' field--error' : ''}">
          <fieldset aria-describedby="reminders-hint${state.errors?.reminders ? ' reminders-error' : ''}">
            <legend>${s.remindersLegend}</legend>
            <p class="hint" id="reminders-hint">${s.remindersHint}</p>
            ${state.errors?.reminders ? html`<p class="error-message" id="reminders-error"><span class="visually-hidden">${s.errorPrefix} </span>${s.remindersInvalid}</p>` : ''}
            <div class="choices">
              <div class="choice"><input type="radio" id="reminders-yes" name="reminders" value="yes"${checked(state.reminders)} /><label for="reminders-yes">${s.remindersYes}</label></div>
              <div class="choice"><input type="radio" id="reminders-no" name="reminders" value="no"${checked(!state.reminders)} /><label for="reminders-no">${s.remindersNo}</label></div>
            </div>
          </fieldset>
        </div>
        <div class="field${state.errors?.lang ? ' field--error' : ''}">
          <fieldset${state.errors?.lang ? raw(' aria-describedby="lang-error"') : ''}>
            <legend>${s.langLegend}</legend>
            ${state.errors?.lang ? html`<p class="error-message" id="lang-error"><span class="visually-hidden">${s.errorPrefix} </span>${s.langInvalid}</p>` : ''}
            <div class="choices">
              <div class="choice"><input type="radio" id="lang-en" name="lang" value="en"${checked(state.lang === 'en')} /><label for="lang-en" lang="en">${s.langEn}</label></div>
              <div class="choice"><input type="radio" id="lang-es" name="lang" value="es"${checked(state.lang === 'es')} /><label for="lang-es" lang="es">${s.langEs}</label></div>
            </div>
          </fieldset>
        </div>
        <div class="field${state.errors?.role ? ' field--error' : ''}">
          <fieldset aria-describedby="role-hint${state.errors?.role ? ' role-error' : ''}">
            <legend>${w.roleLegend}</legend>
            <p class="hint" id="role-hint">${s.roleHint}</p>
            ${state.errors?.role ? html`<p class="error-message" id="role-error"><span class="visually-hidden">${s.errorPrefix} </span>${s.roleInvalid}</p>` : ''}
            <div class="choices">
              ${ROLES.map((r) => html`<div class="choice"><input type="radio" id="role-${r}" name="role" value="${r}"${checked(state.role === r)} /><label for="role-${r}">${w.roles[r]}</label></div>`)}
            </div>
          </fieldset>
        </div>
        <button type="submit" class="button">${s.saveButton}</button>
      </form>
      ${state.actionsUrl
        ? html`<h2>${s.actionsHeading}</h2>
            <p>${RESOURCE_STRINGS[pageLang].tellUsIntro} <a href="${state.actionsUrl}">${RESOURCE_STRINGS[pageLang].tellUs}</a></p>`
        : ''}
      <h2>${s.withdrawHeading}</h2>
      <p>${state.pending ? s.withdrawPendingBody : s.withdrawBody} <a href="${state.withdrawUrl}">${s.withdrawLink}</a></p>`,
    '',
    '',
    state.switchHref,
  );
}
