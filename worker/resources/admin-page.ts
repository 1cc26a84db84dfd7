/**
 * `/admin/resources`: maintainers curate the resource library (add, edit, retire, restore)
 * and see the coalition's first measures of outcome: actions reported, by kind, and active
 * against lapsed pledges. Plain forms, no JavaScript.
 */
import { html, raw } from 'hono/html';
import { outcomeBanner } from '../platform/pages/outcome.ts';
import { STRINGS } from '../../src/i18n/index.ts';
import { LANGS, ROLES, type Lang } from '../../src/pledge-fields.ts';
import { DASHBOARD_CSS } from '../admin/page.ts';
import { reflowHead } from '../platform/pages/reflow.ts';
import { adminPage, type Html } from '../platform/pages/layout.ts';
import { RESOURCE_ADMIN_STRINGS, type ResourceAdminStrings } from './admin-strings.ts';
import { formatDay, formatNumber, inLang, uiLangField } from '../platform/pages/locale.ts';
import { langSwitch } from '../platform/pages/lang-switch.ts';
import { englishNameLang, withEnglishNames } from '../platform/pages/english-names.ts';
import { offersStep, STEPS_SHOWN, type ActionReports, type Resource } from './queries.ts';
import { ACTION_KINDS, RESOURCE_KINDS, RESOURCE_STRINGS, type ActionKind } from './strings.ts';

/** Each language by its own name (the column is read in it: lang on the cell). */
const LANG_NAMES: Record<string, string> = { en: 'English', es: 'Español' };

export interface ResourceFormState {
  id?: string;
  values: Record<string, string | string[] | undefined>;
  errors: Record<string, string[]>;
}

export interface OutcomeFigures extends ActionReports {
  /** Counted as the public figures count them: a pledger's reports of one kind, once a day. */
  actions: Record<ActionKind, number> & { total: number };
  active: number;
  lapsed: number;
}

const CSS = `${DASHBOARD_CSS}
  td.note { overflow-wrap: anywhere; min-width: 14em; }
  .resource-form { display: grid; gap: 4px; max-width: 40em; }
  .resource-form select { min-height: 44px; font: inherit; padding: 4px 8px; border: 2px solid var(--_border); border-radius: 4px; }
  .resource-form .button { justify-self: start; }
  .retired { font-style: italic; } /* told apart by its "retired" tag too; no fading, which took text below 4.5:1 */
  .row-actions { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
  .row-actions a, .row-actions .link-button { display: inline-flex; align-items: center; min-height: 44px; min-width: 44px; }
`;

const value = (state: ResourceFormState, k: string) => {
  const v = state.values[k];
  return typeof v === 'string' ? v : '';
};

function errorFor(t: ResourceAdminStrings, state: ResourceFormState, field: string): Html | string {
  const m = state.errors[field]?.[0];
  return m ? html`<p class="error-message" id="r-${field}-error"><span class="visually-hidden">${t.errorPrefix}</span> ${m}</p>` : '';
}

function invalid(state: ResourceFormState, field: string, hint?: string) {
  const ids = [hint, state.errors[field]?.length ? `r-${field}-error` : ''].filter(Boolean).join(' ');
  return raw(`${state.errors[field]?.length ? ' aria-invalid="true"' : ''}${ids ? ` aria-describedby="${ids}"` : ''}`);
}

function textInput(t: ResourceAdminStrings, state: ResourceFormState, field: string, label: string, opts: { hint?: string; type?: string; optional?: boolean } = {}): Html {
  return html`<div class="field${state.errors[field]?.length ? ' field--error' : ''}">
    <label for="r-${field}">${label}${opts.optional ? html` <span class="optional">${t.optional}</span>` : ''}</label>
    ${opts.hint ? html`<p class="hint" id="r-${field}-hint">${opts.hint}</p>` : ''}${errorFor(t, state, field)}
    <input type="${opts.type ?? 'text'}" id="r-${field}" name="${field}" value="${value(state, field)}"${invalid(state, field, opts.hint ? `r-${field}-hint` : undefined)} />
  </div>`;
}

function select(t: ResourceAdminStrings, state: ResourceFormState, field: string, label: string, options: [string, string, ('en' | undefined)?][]): Html {
  return html`<div class="field${state.errors[field]?.length ? ' field--error' : ''}">
    <label for="r-${field}">${label}</label>${errorFor(t, state, field)}
    <select id="r-${field}" name="${field}"${invalid(state, field)}>
      ${options.map(([v, l, lang]) => html`<option value="${v}"${lang ? html` lang="${lang}"` : ''}${value(state, field) === v ? raw(' selected') : ''}>${l}</option>`)}
    </select>
  </div>`;
}

function resourceForm(lang: Lang, state: ResourceFormState, partners: { id: string; name: string }[]): Html {
  const t = RESOURCE_ADMIN_STRINGS[lang];
  const roles = Array.isArray(state.values.roles) ? state.values.roles : state.values.roles ? [state.values.roles] : [];
  const errorFields = Object.keys(state.errors);
  return html`<form method="post" action="/admin/resources" class="resource-form" novalidate>
    ${errorFields.length
      ? html`<div class="error-summary" id="error-summary" tabindex="-1" autofocus><div role="alert">
          <h3 class="error-summary__title">${t.errorSummaryTitle}</h3>
          <ul>${errorFields.map((f) => html`<li><a href="#r-${f === 'roles' ? 'roles-radiologist' : f}">${state.errors[f]![0]}</a></li>`)}</ul>
        </div></div>`
      : ''}
    <input type="hidden" name="action" value="save" />${uiLangField(lang)}
    ${state.id ? html`<input type="hidden" name="id" value="${state.id}" />` : ''}
    ${textInput(t, state, 'title', t.titleLabel)}
    ${textInput(t, state, 'url', t.urlLabel, { type: 'url', hint: t.urlHint })}
    ${textInput(t, state, 'summary', t.summaryLabel)}
    ${textInput(t, state, 'step', t.stepLabel, { optional: true, hint: t.stepHint })}
    ${select(t, state, 'kind', t.kindLabel, RESOURCE_KINDS.map((k) => [k, RESOURCE_STRINGS[lang].kinds[k]]))}
    <div class="field${state.errors.roles?.length ? ' field--error' : ''}">
      <fieldset${invalid(state, 'roles', 'r-roles-hint')}>
        <legend>${t.rolesLegend}</legend>
        <p class="hint" id="r-roles-hint">${t.rolesHint}</p>
        ${errorFor(t, state, 'roles')}
        <div class="choices">
          ${ROLES.map(
            (r) => html`<div class="choice"><input type="checkbox" id="r-roles-${r}" name="roles" value="${r}"${roles.includes(r) ? raw(' checked') : ''} />
              <label for="r-roles-${r}">${STRINGS[lang].roles[r]}</label></div>`,
          )}
        </div>
      </fieldset>
    </div>
    ${select(t, state, 'lang', t.langLabel, LANGS.map((l) => [l, t.langNames[l]]))}
    ${select(t, state, 'partner', t.partnerLabel, [['', t.coalition], ...partners.map((p): [string, string, 'en' | undefined] => [p.id, p.name, englishNameLang(p.name, lang)])])}
    ${textInput(t, state, 'position', t.positionLabel, { type: 'number', hint: t.positionHint })}
    <button type="submit" class="button">${state.id ? t.saveChanges : t.addResource}</button>
  </form>`;
}

/** The roles, per language, that get fewer than three next steps; nothing when every one has three. */
function stepGaps(lang: Lang, resources: Resource[]): Html | string {
  const t = RESOURCE_ADMIN_STRINGS[lang];
  const gaps = LANGS.flatMap((l) =>
    ROLES.map((role) => ({ l, role, count: resources.filter((r) => offersStep(r, role, l)).length }))
      .filter((g) => g.count < STEPS_SHOWN),
  );
  if (!gaps.length) return '';
  return html`<div class="step-gaps-note"><p>${t.stepGapsIntro}</p>
    <ul class="step-gaps">${gaps.map((g) => html`<li>${t.stepGap(STRINGS[lang].roles[g.role], t.langInText[g.l], formatNumber(g.count, lang))}</li>`)}</ul></div>`;
}

/** The page in `lang`; `switchHref` (the same page in the other language) on a GET's page only. */
export function resourcesAdminPage(
  lang: Lang,
  resources: Resource[],
  partners: { id: string; name: string }[],
  outcomes: OutcomeFigures,
  form: ResourceFormState,
  nonce: string,
  notice?: string,
  switchHref?: string,
  /** `notice` says what went wrong (the error summary), not what was done. */
  problem = false,
): Html {
  const t = RESOURCE_ADMIN_STRINGS[lang];
  const r$ = RESOURCE_STRINGS[lang];
  const n = (x: number) => formatNumber(x, lang);
  const names = Object.fromEntries(partners.map((p) => [p.id, p.name]));
  return adminPage(
    lang,
    `${Object.keys(form.errors).length || (notice && problem) ? t.errorTitlePrefix : ''}${t.title}`,
    nonce,
    // The skip link is the first Tab stop, the language switch the next: so the page draws its own switch.
    html`<a class="skip-link" href="#library-title">${t.skipToLibrary}</a>${switchHref ? langSwitch(lang, switchHref) : ''}
      <div class="topline">
        <h1>${t.heading}</h1>
        <nav class="crumbs" aria-label="${t.crumbsLabel}"><a href="${inLang('/admin', lang)}">${t.backToDashboard}</a> · <a href="${inLang('/resources', lang)}">${t.publicLibrary}</a></nav>
      </div>
      ${outcomeBanner(notice, problem ? { title: t.errorSummaryTitle } : null)}
      <section aria-labelledby="outcomes-title">
        <h2 id="outcomes-title">${t.outcomesHeading}</h2>
        <ul class="totals">
          <li><strong>${n(outcomes.actions.total)}</strong> ${t.actionsReported(outcomes.actions.total)} <span class="muted">${t.fromReports(n(outcomes.reports.total), outcomes.reports.total)}</span></li>
          <li><strong>${n(outcomes.active)}</strong> ${t.activePledges(outcomes.active)}</li>
          <li><strong>${n(outcomes.lapsed)}</strong> ${t.lapsedPledges(outcomes.lapsed)}</li>
        </ul>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="actions-caption"><table class="reflow figures" role="table">
          <caption id="actions-caption">${t.actionsCaption}</caption>
          ${reflowHead([t.actionColumn, t.reportedColumn, t.reportsColumn])}
          <tbody role="rowgroup">${ACTION_KINDS.map((k) => html`<tr role="row"><th scope="row" role="rowheader">${r$.actions[k]}</th><td role="cell" data-label="${t.reportedColumn}">${n(outcomes.actions[k])}</td><td role="cell" data-label="${t.reportsColumn}">${n(outcomes.reports[k])}</td></tr>`)}</tbody>
        </table></div>
        <p class="muted">${t.countedHow}</p>
        <h3 id="notes-title">${t.notesHeading}</h3>
        ${outcomes.notes.length
          ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="notes-caption"><table>
              <caption class="visually-hidden" id="notes-caption">${t.notesCaption}</caption>
              <thead><tr><th scope="col">${t.noteWhen}</th><th scope="col">${t.actionColumn}</th><th scope="col">${t.noteWho}</th><th scope="col">${t.noteColumn}</th></tr></thead>
              <tbody>${outcomes.notes.map(
                (x) => html`<tr><td>${formatDay(x.at, lang)}</td><td>${r$.actions[x.kind] ?? x.kind}</td>
                  <td>${x.partner ? html`<span lang="en">${names[x.partner] ?? x.partner}</span>` : ''}${x.partner && x.role ? ' · ' : ''}${x.role ? (STRINGS[lang].roles[x.role as keyof (typeof STRINGS)['en']['roles']] ?? x.role) : ''}</td>
                  <td class="note">${x.note}</td></tr>`,
              )}</tbody></table></div>`
          : html`<p>${t.noNotes}</p>`}
      </section>
      <section aria-labelledby="library-title">
        <h2 id="library-title" tabindex="-1">${t.libraryHeading}</h2>
        ${stepGaps(lang, resources)}
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="library-caption"><table class="reflow" role="table">
          <caption class="visually-hidden" id="library-caption">${t.libraryCaption}</caption>
          ${reflowHead([t.resourceColumn, t.stepColumn, t.rolesColumn, t.langColumn, t.orderColumn, t.actionsColumn])}
          <tbody role="rowgroup">
            ${resources.map(
              (r) => html`<tr role="row" class="${r.active ? '' : 'retired'}">
                <th scope="row" role="rowheader"><a href="${r.url}" lang="${r.lang}">${r.title}</a><br /><span class="muted">${r$.kinds[r.kind]}${r.partner ? html` · ${withEnglishNames(names[r.partner] ?? r.partner, lang)}` : ''}${r.active ? '' : ` · ${t.retiredTag}`}</span></th>
                <td role="cell" data-label="${t.stepColumn}" lang="${r.lang}">${r.step ?? ''}</td>
                <td role="cell" data-label="${t.rolesColumn}">${r.roles.map((x) => STRINGS[lang].roles[x]).join(', ')}</td>
                <td role="cell" data-label="${t.langColumn}" lang="${r.lang}">${LANG_NAMES[r.lang]}</td>
                <td role="cell" data-label="${t.orderColumn}">${r.position}</td>
                <td role="cell" data-label="${t.actionsColumn}" class="row-actions">
                  <a href="${inLang(`/admin/resources?edit=${r.id}`, lang)}#form-title">${t.edit}<span class="visually-hidden" lang="${r.lang}"> ${r.title}</span></a>
                  <form method="post" action="/admin/resources" class="inline">
                    <input type="hidden" name="action" value="${r.active ? 'retire' : 'restore'}" /><input type="hidden" name="id" value="${r.id}" />${uiLangField(lang)}
                    <button type="submit" class="link-button">${r.active ? t.retire : t.restore}<span class="visually-hidden" lang="${r.lang}"> ${r.title}</span></button>
                  </form>
                </td>
              </tr>`,
            )}
          </tbody>
        </table></div>
        ${form.id && !Object.keys(form.errors).length && !notice
          ? // Opened by a row's "Edit": the form is far below the library, so it takes focus (its error summary does otherwise).
            html`<h2 id="form-title" tabindex="-1" autofocus>${t.editHeading}</h2>`
          : html`<h2 id="form-title">${form.id ? t.editHeading : t.addHeading}</h2>`}
        ${resourceForm(lang, form, partners)}
      </section>`,
    CSS,
  );
}
