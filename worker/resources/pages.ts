/**
 * The after-the-pledge pages: the public resource library (`/resources`), a role's next
 * steps (on the confirmed page), logging an action (`/actions`) and the yearly
 * recommitment (`/recommit`). No JavaScript; every change is a form POST.
 */
import { html, raw } from 'hono/html';
import { waysOn } from '../platform/pages/not-found.ts';
import { EMAIL_STRINGS } from '../../src/i18n/email.ts';
import { STRINGS } from '../../src/i18n/index.ts';
import { ROLES, type Lang, type Role } from '../../src/pledge-fields.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import { oneButtonPage } from '../platform/pages/link-page.ts';
import { formatDay } from '../platform/pages/locale.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';
import { errorSummary, invalidAttr } from '../platform/pages/error-summary.ts';
import type { Resource } from './queries.ts';
import { ACTION_KINDS, RESOURCE_STRINGS, type ActionKind } from './strings.ts';

const EXTRA_CSS = `
  .resource-list, .steps { list-style: none; padding: 0; margin: 0 0 1.5em; }
  .resource-list li, .steps li { margin: 0 0 1em; padding: 0 0 1em; border-bottom: 1px solid var(--_border); }
  .resource-list h2 { font-size: 1.15em; margin: 0 0 .25em; }
  .meta { font-size: .9em; margin: .25em 0 0; }
  .filter { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: flex-end; margin: 0 0 1.5em; }
  .filter > div { flex: 0 1 20em; min-width: 0; }
  .filter label { display: block; margin: 0 0 4px; }
  .filter select { display: block; width: 100%; min-width: 0; min-height: 44px; font: inherit; padding: 4px 8px; border: 2px solid var(--_border); border-radius: 4px; }
  /* Its colours are the card's, as the text fields' are: in a dark theme the browser's own would draw a grey box. */
  .rhec-host textarea { display: block; width: 100%; min-height: 6em; padding: 8px 10px; font: inherit; color: var(--_text); background: var(--_bg); border: 2px solid var(--_border); border-radius: 4px; }
  /* In error, drawn as every field in error is (the rule above would take the error colour back, as layout.ts says of text fields). */
  .rhec-host .field--error textarea { border-color: var(--_error); }
`;

/** A role's next steps, each linking straight to its resource. */
export function stepsBlock(lang: Lang, role: Role, steps: Resource[], headingLevel: 2 | 3 = 2): Html | string {
  if (!steps.length) return '';
  const r = RESOURCE_STRINGS[lang];
  const h = raw(`h${headingLevel}`);
  return html`<section class="next-steps" aria-labelledby="next-steps-title">
    <${h} id="next-steps-title">${r.stepsHeading}</${h}>
    <p>${r.stepsIntro(STRINGS[lang].roles[role], steps.length)}</p>
    <ol class="steps">
      ${steps.map((s) => html`<li><a href="${s.url}">${s.step ?? s.title}</a><p class="meta">${s.summary}</p></li>`)}
    </ol>
    <p><a href="/resources?role=${role}&amp;lang=${lang}">${r.moreResources}</a></p>
  </section>`;
}

/** The "Tell us what you did" link for a pledger's own signed token. */
export function tellUsBlock(lang: Lang, actionsUrl: string): Html {
  const r = RESOURCE_STRINGS[lang];
  return html`<p><a class="button button--secondary" href="${actionsUrl}">${r.tellUs}</a></p><p class="hint">${r.tellUsIntro}</p>`;
}

/** "From <society>": in Spanish, the society's English name marked as English, so it is said as it is written. */
const fromPartner = (lang: Lang, name: string, id: string): Html => withEnglishNames(RESOURCE_STRINGS[lang].from(name, id), lang, [name]);

export function resourcesPage(
  lang: Lang,
  role: Role | undefined,
  resources: Resource[],
  partnerNames: Record<string, string>,
  nonce: string,
  switchHref?: string,
  /** Its share card's tags (Open Graph, Twitter), as the other public pages carry. */
  card: Html | string = '',
  /** The link named a role the library does not know: every role's are shown, and the page says so (not what was typed). */
  unknownRole = false,
): Html {
  const r = RESOURCE_STRINGS[lang];
  const s = STRINGS[lang];
  const selected = (on: boolean) => (on ? raw(' selected') : '');
  return page(
    lang,
    r.resourcesTitle,
    nonce,
    html`<h1 class="heading">${r.resourcesTitle}</h1>
      <p>${r.resourcesIntro}</p>
      ${unknownRole ? html`<p class="role-note">${r.unknownRole}</p>` : ''}
      <form method="get" action="/resources" class="filter">
        <input type="hidden" name="lang" value="${lang}" />
        <div>
          <label for="role">${r.roleFilter}</label>
          <select id="role" name="role">
            <option value=""${selected(!role)}>${r.allRoles}</option>
            ${ROLES.map((id) => html`<option value="${id}"${selected(role === id)}>${s.roles[id]}</option>`)}
          </select>
        </div>
        <button type="submit" class="button">${r.show}</button>
      </form>
      ${resources.length
        ? html`<ul class="resource-list">
            ${resources.map(
              (res) => html`<li>
                <h2><a href="${res.url}">${res.title}</a></h2>
                <p>${res.summary}</p>
                <p class="meta">${r.kinds[res.kind]}${res.partner ? html` · ${fromPartner(lang, partnerNames[res.partner] ?? res.partner.toUpperCase(), res.partner)}` : ''}
                  · ${r.suits}: ${res.roles.map((id) => s.roles[id]).join(', ')}</p>
              </li>`,
            )}
          </ul>`
        : html`<p>${r.noResources}</p>`}`,
    EXTRA_CSS,
    card,
    switchHref,
  );
}

export interface ActionFormState {
  token: string;
  submission: string;
  values: { kind?: string; note?: string };
  errors: Record<string, string[]>;
}

/** `switchHref` on a GET's page only (a re-shown form would lose the note typed). */
export function actionFormPage(lang: Lang, state: ActionFormState, nonce: string, switchHref?: string): Html {
  const r = RESOURCE_STRINGS[lang];
  const kindError = state.errors.kind?.[0];
  const noteError = state.errors.note?.[0];
  const hasErrors = Boolean(kindError || noteError);
  return page(
    lang,
    hasErrors ? `${r.errorPrefix} ${r.actionsTitle}` : r.actionsTitle,
    nonce,
    html`<h1 class="heading">${r.actionsTitle}</h1>
      <p>${r.actionsIntro}</p>
      <form method="post" action="/actions" novalidate>
        ${errorSummary(r.errorSummaryTitle, [
          ...(kindError ? [{ text: kindError, href: `#kind-${ACTION_KINDS[0]}` }] : []),
          ...(noteError ? [{ text: noteError, href: '#note' }] : []),
        ])}
        <input type="hidden" name="t" value="${state.token}" />
        <input type="hidden" name="submission" value="${state.submission}" />
        <input type="hidden" name="lang" value="${lang}" />
        <div class="field${kindError ? ' field--error' : ''}">
          <fieldset${kindError ? raw(' aria-describedby="kind-error"') : ''}>
            <legend>${r.actionLegend}</legend>
            ${kindError ? html`<p class="error-message" id="kind-error"><span class="visually-hidden">${r.errorPrefix}</span> ${kindError}</p>` : ''}
            <div class="choices">
              ${ACTION_KINDS.map(
                (kind) => html`<div class="choice">
                  <input type="radio" id="kind-${kind}" name="kind" value="${kind}" required${state.values.kind === kind ? raw(' checked') : ''}${invalidAttr(Boolean(kindError))} />
                  <label for="kind-${kind}">${r.actions[kind]}</label>
                </div>`,
              )}
            </div>
          </fieldset>
        </div>
        <div class="field${noteError ? ' field--error' : ''}">
          <label for="note">${r.noteLabel}</label>
          <p class="hint" id="note-hint">${r.noteHint}</p>
          ${noteError ? html`<p class="error-message" id="note-error"><span class="visually-hidden">${r.errorPrefix}</span> ${noteError}</p>` : ''}
          <textarea id="note" name="note" maxlength="500" aria-describedby="note-hint${noteError ? ' note-error' : ''}"${noteError ? raw(' aria-invalid="true"') : ''}>${state.values.note ?? ''}</textarea>
        </div>
        <button type="submit" class="button">${r.logAction}</button>
      </form>`,
    EXTRA_CSS,
    '',
    switchHref,
  );
}

/**
 * Thanks for a report, naming the action reported. `again`: the same kind reported already today,
 * which the public count takes once a day: said, so "it now counts" is not claimed twice.
 */
export function actionLoggedPage(lang: Lang, actionsUrl: string, steps: Html | string, nonce: string, kind?: ActionKind, again = false, switchHref?: string): Html {
  const r = RESOURCE_STRINGS[lang];
  return page(
    lang,
    r.actionLoggedTitle,
    nonce,
    html`<div class="thanks"><h1>${r.actionLoggedTitle}</h1>${kind ? html`<p>${r.actionReported} <strong>${r.actions[kind]}</strong></p>` : ''}<p>${again ? r.actionAgainToday : r.actionLoggedBody}</p>
      <p><a href="${actionsUrl}">${r.anotherAction}</a></p></div>${steps}`,
    EXTRA_CSS,
    '',
    switchHref,
  );
}

export function recommitPage(lang: Lang, token: string, nonce: string, switchHref?: string, years = 1): Html {
  const r = RESOURCE_STRINGS[lang];
  return page(
    lang,
    r.recommitTitle,
    nonce,
    html`<h1 class="heading">${r.recommitTitle}</h1>
      <p>${r.recommitBody(Math.max(1, years))}</p>
      <blockquote class="commitment">${STRINGS[lang].commitmentText}</blockquote>
      <form method="post" action="/recommit">
        <input type="hidden" name="t" value="${token}" />
        <input type="hidden" name="lang" value="${lang}" />
        <button type="submit" class="button">${r.recommitButton}</button>
      </form>`,
    // The widget's commitment is a paragraph; here it is a quote, whose 40 px indents would squeeze it on a phone.
    'blockquote.commitment { margin-inline: 0; }',
    '',
    switchHref,
  );
}

/** After renewing; `renewedAt`: renewed before this request (the link opened or pressed again), said with its day. */
export function recommittedPage(lang: Lang, tellUs: Html, nonce: string, switchHref?: string, renewedAt?: string): Html {
  const r = RESOURCE_STRINGS[lang];
  const title = renewedAt ? r.alreadyRecommittedTitle : r.recommittedTitle;
  const body = renewedAt ? r.alreadyRecommittedBody(formatDay(renewedAt, lang, 'long')) : r.recommittedBody;
  return page(lang, title, nonce, html`<div class="thanks"><h1>${title}</h1><p>${body}</p></div>${tellUs}`, '', '', switchHref);
}

/** `/reminders`: one button (see oneButtonPage). */
export function remindersPage(lang: Lang, token: string, nonce: string, switchHref?: string): Html {
  const r = RESOURCE_STRINGS[lang];
  return oneButtonPage(lang, nonce, { path: '/reminders', token, title: r.remindersTitle, body: r.remindersBody, button: r.remindersButton }, switchHref);
}

/** The yearly reminder is off (just now, or already when the link was opened), with the way back on. */
export function remindersOffPage(lang: Lang, preferencesUrl: string, nonce: string, switchHref?: string): Html {
  const r = RESOURCE_STRINGS[lang];
  return page(
    lang,
    r.remindersOffTitle,
    nonce,
    html`<div class="thanks" role="status"><h1>${r.remindersOffTitle}</h1><p>${r.remindersOffBody}</p></div>
      <ul class="links"><li><a href="${preferencesUrl}">${r.preferencesLink}</a></li></ul>`,
    '',
    '',
    switchHref,
  );
}

/** `gone`: withdrawn (or erased); `unconfirmed`: the pledge stands but its person has not confirmed it yet. */
export type LinkProblem = 'invalid' | 'expired' | 'gone' | 'unconfirmed';

/** `partner`: a withdrawn pledge's society, so "pledge again" leads back to it (as the withdrawal page's does). */
export function linkProblemPage(lang: Lang, problem: LinkProblem, nonce: string, switchHref?: string, partner?: string): Html {
  const r = RESOURCE_STRINGS[lang];
  const [title, body] = {
    invalid: [r.linkInvalidTitle, r.linkInvalidBody],
    expired: [r.linkExpiredTitle, r.linkExpiredBody],
    gone: [r.goneTitle, r.goneBody],
    unconfirmed: [r.unconfirmedTitle, r.unconfirmedBody],
  }[problem];
  // Not confirmed yet: the confirmation email is the way on, so no "sign the pledge" (a second pledge) here.
  if (problem === 'unconfirmed') return page(lang, title, nonce, html`<h1>${title}</h1><p>${body}</p><p><a href="/impact?lang=${lang}">${EMAIL_STRINGS[lang].pageNotFoundImpact}</a></p>`, '', '', switchHref);
  // Not a dead end: the pledge (a new one, or again for fresh links) and the impact page.
  return page(lang, title, nonce, html`<h1>${title}</h1><p>${body}</p>${waysOn(lang, partner)}`, '', '', switchHref);
}
