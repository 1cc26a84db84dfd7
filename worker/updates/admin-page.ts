/**
 * The dashboard's Updates pages (/admin/updates): compose, preview and test, send and watch,
 * history, suppressions. Maintainers' pages, in the page's language (English or Spanish): every
 * word comes from admin-strings.ts, and every form carries that language back in `ui_lang`.
 */
import { droppedLinks } from './markdown.ts';
import { outcomeBanner } from '../platform/pages/outcome.ts';
import { html, raw } from 'hono/html';
import { STRINGS } from '../../src/i18n/index.ts';
import { ROLES } from '../../src/pledge-fields.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { adminPage, type Html } from '../platform/pages/layout.ts';
import { UPDATES_ADMIN_STRINGS, type UpdatesAdminStrings } from './admin-strings.ts';
import { formatNumber, inLang, locale, uiLangField } from '../platform/pages/locale.ts';
import { formPageSwitchHref } from '../platform/pages/lang-switch.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';
import { REFLOW_CSS, reflowHead } from '../platform/pages/reflow.ts';
import type { Audience } from './draft.ts';
import { titleOf, type AuditRow, type Figures, type HistoryRow, type UpdateRow } from './queries.ts';
import type { Suppressions } from './service.ts';

/** The preview frame's sandbox (the frame's attribute and its page's CSP): no scripts, no forms; links open in a tab of their own. */
export const PREVIEW_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

/** A draft discarded before it was ever sent: "cancelled" in its row, like a send that was stopped, but never started. */
export const discardedDraft = (u: { status: string; started_at: string | null }) => u.status === 'cancelled' && !u.started_at;

/** An update's status as the page says it (a discarded draft apart from a stopped send). */
const statusName = (t: UpdatesAdminStrings, u: { status: string; started_at: string | null }) =>
  discardedDraft(u) ? t.discarded : (t.status[u.status as keyof typeof t.status] ?? u.status);

export interface Partner {
  id: string;
  name: string;
  /** Disabled since: listed only because an update's audience names it, and marked so. */
  disabled?: boolean;
}

const CSS = `
  .rhec-host { max-width: 72em; }
  .card { max-width: none; }
  .topline { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: baseline; justify-content: space-between; }
  /* A flex item may shrink below its longest word, so that word wraps at 320 px ("comprometieron"). */
  .topline > * { min-width: 0; }
  nav.crumbs { margin: 0 0 12px; }
  textarea { display: block; width: 100%; min-height: 12em; padding: 8px 10px; font: inherit; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--_text); background: var(--_bg); border: 2px solid var(--_border); border-radius: 4px; box-sizing: border-box; }
  .field--error textarea, .field--error input { border-color: var(--_error); }
  .langs { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(28em, 100%), 1fr)); gap: 24px; }
  .filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(16em, 100%), 1fr)); gap: 16px; }
  .filters .choice { margin-top: 2px; }
  /* The widget's two columns of choices (its card's container query) did not fit a filter's column: a long label ran into the next. */
  .filters .choices { grid-template-columns: repeat(auto-fill, minmax(min(12em, 100%), 1fr)); }
  .filters .choice label { min-width: 0; overflow-wrap: anywhere; }
  table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.95em; }
  th, td { text-align: start; padding: 6px 8px; border-bottom: 1px solid var(--_rule); vertical-align: top; }
  td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; }
  .table-scroll { overflow-x: auto; position: relative; } /* relative: what it hides visually stays inside its scrolling */
  ul.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 150px), 1fr)); gap: 12px; margin: 0 0 16px; padding: 0; list-style: none; }
  .figures li { background: var(--_surface); border-radius: 8px; padding: 10px 14px; }
  .warning { border-left: 6px solid; background: var(--_surface); border-radius: 4px; padding: 2px 14px; margin: 0 0 16px; }
  .figures strong { display: block; font-size: 1.6em; line-height: 1.2; font-variant-numeric: tabular-nums; }
  progress { width: 100%; height: 1.2em; accent-color: var(--_accent); }
  iframe.preview { width: 100%; height: 560px; border: 2px solid var(--_border); border-radius: 8px; background: #fff; color-scheme: light; } /* an email, light as emails are, framed */
  pre.text-preview { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--_surface); padding: 12px; border-radius: 8px; max-height: 560px; overflow: auto; font-size: 0.9em; }
  .actions { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; margin: 16px 0; }
  .actions form { margin: 0; }
  .actions a.button { text-decoration: none; }
  .inline-field { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; }
  .inline-field .field { margin: 0; flex: 1 1 16em; }
  .inline-field select { min-height: 44px; font: inherit; padding: 6px; border: 2px solid var(--_border); border-radius: 4px; background: var(--_bg); color: var(--_text); }
  .button--small { min-height: 36px; padding: 6px 12px; }
  .button--danger { background: var(--_error); border-color: var(--_error); }
  .muted { color: var(--_muted); }
  .status { font-weight: 700; }
  code.hash { font-size: 0.85em; }
  dl.headers { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; font-size: 0.9em; }
  dl.headers dt { font-weight: 700; }
  dl.headers dd { margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, Menlo, Consolas, monospace; }
  @media (max-width: 480px) { dl.headers { grid-template-columns: minmax(0, 1fr); gap: 0; } dl.headers dd { margin-bottom: 8px; } }
  @media (forced-colors: active) { .figures li, pre.text-preview { border: 1px solid CanvasText; } }
  ${REFLOW_CSS}
`;

/** The words of these pages in `lang`. */
const words = (lang: Lang): UpdatesAdminStrings => UPDATES_ADMIN_STRINGS[lang];

/** What came of the last change: a banner focused on load, or (`problem`) the error summary. */
function notice(lang: Lang, text?: string, problem?: boolean): Html | string {
  return outcomeBanner(text, problem ? { title: words(lang).errorSummaryTitle } : null);
}

function crumbs(lang: Lang, ...more: Html[]): Html {
  const t = words(lang);
  return html`<nav class="crumbs" aria-label="${t.crumbsLabel}"><a href="${inLang('/admin', lang)}">${t.backToDashboard}</a>${more.map((m) => html` · ${m}`)}</nav>`;
}

export type FormValues = Record<string, string | string[]>;

const one = (v: FormValues, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
const many = (v: FormValues, k: string) => (Array.isArray(v[k]) ? (v[k] as string[]) : typeof v[k] === 'string' ? [v[k] as string] : []);

/** Field ids on the form, for the error summary's links (API-style keys → form controls). */
const FIELD_ID: Record<string, string> = {
  'subject.en': 'subject_en',
  'body.en': 'body_en',
  'subject.es': 'subject_es',
  'body.es': 'body_es',
  'audience.partners': 'partners-0',
  'audience.roles': 'roles-0',
  'audience.langs': 'langs-0',
};

/**
 * The compose form's field messages in the page's language (the draft schema speaks English, for
 * the API). `revision` (someone else saved the draft meanwhile) is the dashboard's own message,
 * already in the page's language.
 */
function localErrors(errors: Record<string, string[]>, t: UpdatesAdminStrings): Record<string, string[]> {
  return Object.fromEntries(Object.entries(errors).map(([k, list]) => [k, k === 'revision' ? list : list.map((m) => t.fieldMessage(k, m))]));
}

function errorSummary(errors: Record<string, string[]>, t: UpdatesAdminStrings): Html | string {
  const keys = Object.keys(errors);
  if (!keys.length) return '';
  // h3: it sits in the compose form, under that section's h2, above the form's own h3s (English,
  // Spanish, Audience), which must not read as parts of "There is a problem".
  return html`<div class="error-summary" id="error-summary" tabindex="-1" autofocus><div role="alert">
    <h3 class="error-summary__title">${t.errorSummaryTitle}</h3>
    <ul>${keys.map((k) => html`<li><a href="#${FIELD_ID[k] ?? 'subject_en'}">${errors[k]![0]}</a></li>`)}</ul>
  </div></div>`;
}

function textControl(
  id: string,
  key: string,
  label: string,
  values: FormValues,
  errors: Record<string, string[]>,
  t: UpdatesAdminStrings,
  opts: { area?: boolean; hint?: string; optional?: boolean; lang?: Lang },
) {
  const err = errors[key]?.[0];
  const describedBy = [opts.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ');
  const aria = raw(`${opts.lang ? ` lang="${opts.lang}"` : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}${err ? ' aria-invalid="true"' : ''}`);
  return html`<div class="field${err ? ' field--error' : ''}">
    <label for="${id}">${label}${opts.optional ? html` <span class="optional">${t.optional}</span>` : ''}</label>
    ${opts.hint ? html`<p class="hint" id="${id}-hint">${opts.hint}</p>` : ''}
    ${err ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${t.errorPrefix}</span> ${err}</p>` : ''}
    ${opts.area
      ? html`<textarea id="${id}" name="${id}" rows="12"${aria}>${one(values, id)}</textarea>`
      : html`<input type="text" id="${id}" name="${id}" value="${one(values, id)}" maxlength="150"${aria} />`}
  </div>`;
}

function checkboxes(
  name: string,
  legend: string,
  hint: string,
  options: { value: string; label: string | Html }[],
  values: FormValues,
  errors: Record<string, string[]>,
  t: UpdatesAdminStrings,
) {
  const chosen = new Set(many(values, name));
  const err = errors[`audience.${name}`]?.[0];
  return html`<div class="field${err ? ' field--error' : ''}"><fieldset aria-describedby="${name}-hint${err ? ` ${name}-error` : ''}">
    <legend>${legend}</legend>
    <p class="hint" id="${name}-hint">${hint}</p>
    ${err ? html`<p class="error-message" id="${name}-error"><span class="visually-hidden">${t.errorPrefix}</span> ${err}</p>` : ''}
    <div class="choices">
      ${options.map(
        (o, i) => html`<div class="choice"><input type="checkbox" id="${name}-${i}" name="${name}" value="${o.value}"${chosen.has(o.value) ? raw(' checked') : ''} /><label for="${name}-${i}">${o.label}</label></div>`,
      )}
    </div>
  </fieldset></div>`;
}

/** Where the compose form posts, and its words: a new draft (the index page) or a draft being changed. */
interface ComposeTarget {
  action: string;
  title: string;
  button: string;
  /** Where "Cancel" leads (editing only). */
  cancel?: string;
}

function composeForm(lang: Lang, partners: Partner[], values: FormValues, rawErrors: Record<string, string[]>, target?: ComposeTarget): Html {
  const t = words(lang);
  const to = target ?? { action: '/admin/updates', title: t.newTitle, button: t.newButton };
  const errors = localErrors(rawErrors, t);
  const roleLabel = STRINGS[lang].roles;
  // The English version's own text is English whatever the page's language.
  const enColumn = lang === 'en' ? raw(' lang="en"') : '';
  const enControl = lang === 'en' ? undefined : 'en';
  // …and the Spanish version's is Spanish, on an English page too.
  const esControl = lang === 'es' ? undefined : 'es';
  return html`<section aria-labelledby="compose-title">
    <h2 id="compose-title">${to.title}</h2>
    <p>${t.composeIntro}</p>
    <form method="post" action="${to.action}" novalidate>
      ${uiLangField(lang)}
      ${errorSummary(errors, t)}
      ${one(values, 'revision') ? html`<input type="hidden" name="revision" value="${one(values, 'revision')}" />` : ''}
      ${target ? '' : html`<input type="hidden" name="draft_id" value="${one(values, 'draft_id') || crypto.randomUUID()}" />`}
      <div class="langs">
        <div${enColumn}>
          <h3>${t.englishHeading} <span class="muted">${t.requiredForEnglish}</span></h3>
          ${textControl('subject_en', 'subject.en', t.subjectLabel, values, errors, t, { ...(enControl ? { lang: enControl } : {}) })}
          ${textControl('body_en', 'body.en', t.bodyLabel, values, errors, t, { area: true, ...(enControl ? { lang: enControl } : {}) })}
        </div>
        <div>
          <h3>${t.spanishHeading} <span class="muted">${t.optional}</span></h3>
          ${textControl('subject_es', 'subject.es', t.subjectEsLabel, values, errors, t, { optional: true, ...(esControl ? { lang: esControl } : {}) })}
          ${textControl('body_es', 'body.es', t.bodyEsLabel, values, errors, t, { area: true, optional: true, ...(esControl ? { lang: esControl } : {}) })}
        </div>
      </div>
      <h3>${t.audienceHeading}</h3>
      <div class="filters">
        ${checkboxes('partners', t.partnersLegend, t.partnersHint, partners.map((p) => ({ value: p.id, label: html`${withEnglishNames(p.name, lang)} (${p.id.toUpperCase()})${p.disabled ? t.partnerDisabled : ''}` })), values, errors, t)}
        ${checkboxes('roles', t.rolesLegend, t.rolesHint, ROLES.map((r) => ({ value: r, label: roleLabel[r] })), values, errors, t)}
        ${checkboxes('langs', t.langsLegend, t.langsHint, [{ value: 'en', label: t.langName.en }, { value: 'es', label: t.langName.es }], values, errors, t)}
      </div>
      <div class="actions">
        <button type="submit" class="button">${to.button}</button>
        ${to.cancel ? html`<a href="${to.cancel}">${t.cancelEdit}</a>` : ''}
      </div>
    </form>
  </section>`;
}

/** The compose form's values for an existing draft, as the form would post them. */
export function draftValues(u: UpdateRow, a: Audience): FormValues {
  return {
    subject_en: u.subject_en,
    body_en: u.body_en,
    subject_es: u.subject_es ?? '',
    body_es: u.body_es ?? '',
    partners: a.partners,
    roles: a.roles,
    langs: a.langs,
    revision: String(u.revision),
  };
}

/** A page's title: "Error: " first when the page shows one, then the page, the section and the site. */
const title = (t: UpdatesAdminStrings, failed: boolean, ...parts: string[]) => `${failed ? t.errorTitlePrefix : ''}${parts.join(' — ')}`;

/** `/admin/updates/:id/edit`: the compose form, filled with the draft, posting its changes. */
export function editDraftPage(p: { lang: Lang; nonce: string; update: UpdateRow; partners: Partner[]; values: FormValues; errors?: Record<string, string[]>; switchHref?: string }): Html {
  const { lang } = p;
  const t = words(lang);
  const errors = p.errors ?? {};
  const u = p.update;
  const known = titleOf(u);
  return adminPage(
    lang,
    title(t, Object.keys(errors).length > 0, t.editTitle(known.text), t.sectionName, t.siteSuffix),
    p.nonce,
    html`${crumbs(lang, html`<a href="${inLang('/admin/updates', lang)}">${t.allUpdates}</a>`, html`<a href="${inLang(`/admin/updates/${u.id}`, lang)}" lang="${known.lang}">${known.text}</a>`)}
      <h1>${t.editHeading}</h1>
      ${composeForm(lang, p.partners, p.values, errors, {
        action: `/admin/updates/${u.id}/edit`,
        title: t.editFormTitle,
        button: t.editButton,
        cancel: inLang(`/admin/updates/${u.id}`, lang),
      })}`,
    CSS,
    '',
    p.switchHref,
  );
}

function historyTable(lang: Lang, rows: HistoryRow[]): Html {
  const t = words(lang);
  const n = (x: number) => formatNumber(x, lang);
  return html`<section aria-labelledby="history-title">
    <h2 id="history-title">${t.historyTitle}</h2>
    ${rows.length
      ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="history-caption"><table class="reflow figures" role="table">
          <caption class="visually-hidden" id="history-caption">${t.historyCaption}</caption>
          <thead role="rowgroup"><tr role="row"><th scope="col" role="columnheader">${t.colSubject}</th><th scope="col" role="columnheader">${t.colStatus}</th><th scope="col" role="columnheader">${t.colCreated}</th>
            <th scope="col" role="columnheader" class="num">${t.colRecipients}</th><th scope="col" role="columnheader" class="num">${t.colSent}</th><th scope="col" role="columnheader" class="num">${t.colFailed}</th>
            <th scope="col" role="columnheader" class="num">${t.colSuppressed}</th><th scope="col" role="columnheader" class="num">${t.colSkipped}</th><th scope="col" role="columnheader" class="num">${t.colCancelled}</th></tr></thead>
          <tbody role="rowgroup">${rows.map(
            (r) => html`<tr role="row"><th scope="row" role="rowheader"><a href="${inLang(`/admin/updates/${r.id}`, lang)}" lang="${r.subject_lang}">${r.subject}</a> <span class="muted">(${r.langs.split(', ').map((l) => (lang === 'es' ? t.langName[l as Lang].toLowerCase() : t.langName[l as Lang])).join(', ')})</span></th>
              <td role="cell" data-label="${t.colStatus}">${statusName(t, r)}</td><td role="cell" data-label="${t.colCreated}">${t.minute(r.created_at)}</td>
              <td role="cell" data-label="${t.colRecipients}" class="num">${n(r.recipients)}${r.status === 'draft' ? html` <span class="muted">${t.draftNow}</span>` : ''}</td><td role="cell" data-label="${t.colSent}" class="num">${n(r.sent)}</td><td role="cell" data-label="${t.colFailed}" class="num">${n(r.failed)}</td>
              <td role="cell" data-label="${t.colSuppressed}" class="num">${n(r.suppressed)}</td><td role="cell" data-label="${t.colSkipped}" class="num">${n(r.skipped - r.cancelled)}</td><td role="cell" data-label="${t.colCancelled}" class="num">${n(r.cancelled)}</td></tr>`,
          )}</tbody></table></div>`
      : html`<p>${t.noUpdates}</p>`}
  </section>`;
}

function suppressionSection(lang: Lang, data: Suppressions, errors: Record<string, string[]>, values: FormValues): Html {
  const t = words(lang);
  const err = errors.suppress?.[0];
  return html`<section aria-labelledby="suppressions-title" id="suppressions">
    <h2 id="suppressions-title">${t.suppressionsTitle}</h2>
    <p>${t.suppressionsIntro}</p>
    <ul class="figures">
      ${Object.entries(data.byReason).map(([reason, n]) => html`<li><strong>${formatNumber(n, lang)}</strong> ${t.reason[reason] ?? reason}</li>`)}
    </ul>
    ${data.recent.length
      ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="suppressions-caption"><table class="reflow" role="table">
          <caption class="visually-hidden" id="suppressions-caption">${t.suppressionsCaption}</caption>
          ${reflowHead([t.colHash, t.colReason, t.colFrom, t.colSince, t.colAction])}
          <tbody role="rowgroup">${data.recent.map(
            (s) => html`<tr role="row"><th scope="row" role="rowheader"><code class="hash">${s.address_hash.slice(0, 12)}…</code></th><td role="cell" data-label="${t.colReason}">${t.reason[s.reason] ?? s.reason}</td>
              <td role="cell" data-label="${t.colFrom}">${t.source(s.source)}</td><td role="cell" data-label="${t.colSince}">${t.day(s.created_at)}</td>
              <td role="cell" data-label="${t.colAction}"><form method="post" action="/admin/updates/suppressions/lift">${uiLangField(lang)}<input type="hidden" name="hash" value="${s.address_hash}" />
                <button type="submit" class="button button--secondary button--small">${t.lift}<span class="visually-hidden">${t.liftHidden(s.address_hash.slice(0, 12))}</span></button></form></td></tr>`,
          )}</tbody></table></div>`
      : html`<p>${t.noSuppressions}</p>`}
    <form method="post" action="/admin/updates/suppressions/lookup" class="inline-field" novalidate>
      ${uiLangField(lang)}
      <div class="field${err ? ' field--error' : ''}">
        <label for="suppress-email">${t.suppressLabel}</label>
        <p class="hint" id="suppress-email-hint">${t.suppressHint}</p>
        ${err ? html`<p class="error-message" id="suppress-email-error"><span class="visually-hidden">${t.errorPrefix}</span> ${err}</p>` : ''}
        <input type="email" id="suppress-email" name="email" value="${one(values, 'email')}" autocomplete="off"
          aria-describedby="suppress-email-hint${err ? ' suppress-email-error' : ''}"${err ? raw(' aria-invalid="true"') : ''} />
      </div>
      <button type="submit" class="button button--secondary" name="action" value="find">${t.find}</button>
      <button type="submit" class="button button--secondary" name="action" value="unsubscribe">${t.stopUpdates}</button>
      <button type="submit" class="button button--secondary" name="action" value="suppress">${t.suppress}</button>
    </form>
    ${data.changes.length
      ? html`<h3 id="list-changes-title">${t.listChangesTitle}</h3>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="list-changes-title"><table class="reflow" role="table">
          ${reflowHead([t.colWhen, t.colAction, t.colHash, t.colWho])}
          <tbody role="rowgroup">${data.changes.map(
            (a) => html`<tr role="row"><td role="cell" data-label="${t.colWhen}">${t.second(a.at)}</td><td role="cell" data-label="${t.colAction}">${t.listAction[a.action] ?? a.action}</td><td role="cell" data-label="${t.colHash}">${a.detail ? html`<code class="hash">${a.detail}…</code>` : ''}</td><td role="cell" data-label="${t.colWho}">${t.actor(a.actor)}</td></tr>`,
          )}</tbody></table></div>`
      : ''}
  </section>`;
}

export function updatesIndexPage(p: {
  lang: Lang;
  nonce: string;
  partners: Partner[];
  history: HistoryRow[];
  suppressions: Suppressions;
  values?: FormValues;
  errors?: Record<string, string[]>;
  notice?: string;
  /** `notice` says what went wrong, not what was done. */
  problem?: boolean;
  switchHref?: string;
}): Html {
  const { lang } = p;
  const t = words(lang);
  const errors = p.errors ?? {};
  const composeErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k !== 'suppress'));
  return adminPage(
    lang,
    title(t, Object.keys(errors).length > 0 || Boolean(p.notice && p.problem), t.indexTitle, t.siteSuffix),
    p.nonce,
    html`${crumbs(lang)}
      <div class="topline"><h1>${t.indexTitle}</h1></div>
      ${notice(lang, p.notice, p.problem)}
      ${errors.suppress?.[0] ? outcomeBanner(errors.suppress[0], { title: t.errorSummaryTitle, href: '#suppress-email' }) : ''}
      ${composeForm(lang, p.partners, p.values ?? {}, composeErrors)}
      ${historyTable(lang, p.history)}
      ${suppressionSection(lang, p.suppressions, errors, p.values ?? {})}`,
    CSS,
    '',
    p.switchHref,
  );
}

export function audienceSummary(lang: Lang, a: Audience, partners: Partner[]): string {
  const t = words(lang);
  const roleLabel = STRINGS[lang].roles;
  const name = (id: string) => partners.find((p) => p.id === id)?.id.toUpperCase() ?? id;
  const langName = (l: string) => (l === 'es' || l === 'en' ? (lang === 'en' ? t.langName[l] : t.langName[l].toLowerCase()) : l);
  const parts = [
    a.partners.length ? t.audienceSocieties(a.partners.map(name).join(', ')) : t.everySociety,
    a.roles.length ? t.audienceRoles(a.roles.map((r) => roleLabel[r as keyof typeof roleLabel] ?? r).join(', ')) : t.everyRole,
    a.langs.length ? t.audienceLangs(a.langs.map(langName).join(', ')) : t.bothLangs,
  ];
  return parts.join('; ');
}

export interface PreviewPart {
  lang: 'en' | 'es';
  subject: string;
  text: string;
  headers: Record<string, string>;
}

export function updatePage(p: {
  lang: Lang;
  nonce: string;
  update: UpdateRow;
  audience: Audience;
  partners: Partner[];
  figures: Figures;
  previews: PreviewPart[];
  audit: AuditRow[];
  notice?: string;
  /** `notice` says what went wrong, not what was done. */
  problem?: boolean;
  testError?: string;
  testTo?: string;
  /** The version last tested (or whose test failed): chosen again in the test form. */
  testLang?: 'en' | 'es';
  /** Where `testError` points: the address (the default) or the readers' language. */
  testErrorField?: 'test_to' | 'test_lang';
  switchHref?: string;
}): Html {
  const { lang } = p;
  const t = words(lang);
  const n = (x: number) => formatNumber(x, lang);
  const u = p.update;
  const f = p.figures;
  const done = f.sent + f.failed + f.suppressed + f.skipped; // (cancelled rows are among the skipped)
  const live = u.status === 'sending';
  const testErr = p.testError;
  // The control a test's error is about: the address, or the readers' language (a version with no text).
  const testErrAt = p.testErrorField ?? 'test_to';
  const known = titleOf(u);
  return adminPage(
    lang,
    title(t, Boolean(testErr) || Boolean(p.notice && p.problem), known.text, t.sectionName, t.siteSuffix),
    p.nonce,
    html`${crumbs(lang, html`<a href="${inLang('/admin/updates', lang)}">${t.allUpdates}</a>`)}
      <h1 lang="${known.lang}">${known.text}</h1>
      ${notice(lang, p.notice, p.problem)}
      <p>${t.statusLabel} <span class="status" id="fig-status">${statusName(t, { status: f.status, started_at: u.started_at })}</span>.
        ${t.audienceLabel} ${audienceSummary(lang, p.audience, p.partners)}.</p>
      ${u.status === 'draft' && !u.body_es && p.audience.langs.length === 1 && p.audience.langs[0] === 'es'
        ? html`<div class="warning" id="no-spanish"><p>${t.spanishAudienceEnglishOnly}</p></div>`
        : ''}
      ${((dropped) =>
        dropped.length
          ? html`<div class="warning" id="dropped-links"><p>${t.droppedLinks}</p><ul>${dropped.map((href) => html`<li><code>${href}</code></li>`)}</ul></div>`
          : '')(u.status === 'draft' ? [...new Set([...droppedLinks(u.body_en), ...droppedLinks(u.body_es ?? '')])] : [])}

      <section aria-labelledby="figures-title" id="progress" ${live ? raw(`data-src="/admin/updates/${u.id}/status.json"`) : ''}>
        <h2 id="figures-title">${u.status === 'draft' ? t.audienceHeading : t.progressHeading}</h2>
        <ul class="figures">
          <li><strong id="fig-recipients">${n(f.recipients)}</strong> ${u.status === 'draft' ? t.wouldGetIt(f.recipients) : t.figRecipients}</li>
          ${u.status === 'draft'
            ? ''
            : html`<li><strong id="fig-sent">${n(f.sent)}</strong> ${t.figSent}</li>
              <li><strong id="fig-failed">${n(f.failed)}</strong> ${t.figFailed}</li>
              <li><strong id="fig-suppressed">${n(f.suppressed)}</strong> ${t.figSuppressed}</li>
              <li><strong id="fig-skipped">${n(f.skipped - f.cancelled)}</strong> ${t.figSkipped}</li>
              ${u.status === 'cancelled' || f.cancelled ? html`<li><strong id="fig-cancelled">${n(f.cancelled)}</strong> ${t.figCancelled}</li>` : ''}`}
        </ul>
        ${u.status === 'draft' ? html`<p class="muted">${f.recipients ? t.suppressedLater : t.emptyAudience}</p>` : html`<label for="fig-progress">${t.handledSoFar}</label>
          <progress id="fig-progress" max="${Math.max(f.recipients, 1)}" value="${done}">${t.ofTotal(n(done), n(f.recipients))}</progress>
          <span id="fig-handled">${t.ofTotal(n(done), n(f.recipients))}</span>`}
        ${live ? html`<p class="muted" id="live-note">${t.liveNote} <a href="${inLang(`/admin/updates/${u.id}`, lang)}">${t.refreshNow}</a></p>` : ''}
        <p class="visually-hidden" role="status" id="fig-announce"></p>
      </section>

      ${u.status === 'draft' || u.status === 'sending'
        ? html`<div class="actions">
            ${u.status === 'draft'
              ? html`${f.recipients ? html`<form method="post" action="/admin/updates/${u.id}/send">${uiLangField(lang)}<input type="hidden" name="revision" value="${u.revision}" /><button type="submit" class="button">${t.sendTo(f.recipients, n(f.recipients))}</button></form>` : ''}
                <a class="button button--secondary" href="${inLang(`/admin/updates/${u.id}/edit`, lang)}">${t.editDraft}</a>`
              : ''}
            <form method="post" action="/admin/updates/${u.id}/cancel" id="cancel-form">${uiLangField(lang)}<button type="submit" class="button button--secondary">${u.status === 'draft' ? t.discardDraft : t.cancelSending}</button></form>
          </div>`
        : ''}

      ${u.status === 'draft'
        ? html`<section aria-labelledby="test-title">
            <h2 id="test-title">${t.testTitle}</h2>
            <form method="post" action="/admin/updates/${u.id}/test" class="inline-field" novalidate>
              ${uiLangField(lang)}
              ${testErr ? html`<div class="error-summary" tabindex="-1" autofocus><div role="alert"><h2 class="error-summary__title">${t.errorSummaryTitle}</h2><ul><li><a href="#${testErrAt}">${testErr}</a></li></ul></div></div>` : ''}
              ${((err) => html`<div class="field${err ? ' field--error' : ''}">
                <label for="test_to">${t.testLabel}</label>
                <p class="hint" id="test_to-hint">${t.testHint}</p>
                ${err ? html`<p class="error-message" id="test_to-error"><span class="visually-hidden">${t.errorPrefix}</span> ${err}</p>` : ''}
                <input type="email" id="test_to" name="test_to" value="${p.testTo ?? ''}" autocomplete="email"
                  aria-describedby="test_to-hint${err ? ' test_to-error' : ''}"${err ? raw(' aria-invalid="true"') : ''} />
              </div>`)(testErrAt === 'test_to' ? testErr : undefined)}
              ${((err) => html`<div class="field${err ? ' field--error' : ''}"><label for="test_lang">${t.versionLabel}</label>
                ${err ? html`<p class="error-message" id="test_lang-error"><span class="visually-hidden">${t.errorPrefix}</span> ${err}</p>` : ''}
                <select id="test_lang" name="lang"${err ? raw(' aria-describedby="test_lang-error" aria-invalid="true"') : ''}><option value="en">${t.langName.en}</option><option value="es"${(p.testLang ?? (u.subject_en ? 'en' : 'es')) === 'es' ? raw(' selected') : ''}>${t.langName.es}</option></select></div>`)(testErrAt === 'test_lang' ? testErr : undefined)}
              <button type="submit" class="button button--secondary">${t.sendTest}</button>
            </form>
          </section>`
        : ''}

      <section aria-labelledby="preview-title">
        <h2 id="preview-title">${t.previewTitle}</h2>
        ${p.previews.some((v) => v.lang === 'en') ? '' : html`<p id="no-english">${t.noEnglishVersion}</p>`}
        ${p.previews.map(
          (v) => html`<h3>${t.versionHeading[v.lang]}</h3>
            <dl class="headers" lang="${v.lang}"><dt lang="${lang}">${t.previewSubject}</dt><dd>${v.subject}</dd>${Object.entries(v.headers).map(([k, val]) => html`<dt>${k}</dt><dd>${val}</dd>`)}</dl>
            <iframe class="preview" title="${t.asHtml[v.lang]}" src="/admin/updates/${u.id}/preview/${v.lang}.html" sandbox="${PREVIEW_SANDBOX}"></iframe>
            <h4>${t.plainTextPart}</h4>
            <pre class="text-preview" tabindex="0" aria-label="${t.asText[v.lang]}" lang="${v.lang}">${v.text}</pre>`,
        )}
        <p class="muted">${t.previewNote}</p>
      </section>

      <section aria-labelledby="audit-title">
        <h2 id="audit-title">${t.auditTitle}</h2>
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="audit-caption"><table class="reflow" role="table">
          <caption class="visually-hidden" id="audit-caption">${t.auditCaption}</caption>
          ${reflowHead([t.colWhen, t.colAction, t.colWho, t.colDetail])}
          <tbody role="rowgroup">${p.audit.map((a) => html`<tr role="row"><td role="cell" data-label="${t.colWhen}">${t.second(a.at)}</td><td role="cell" data-label="${t.colAction}">${t.auditAction[a.action] ?? a.action}</td><td role="cell" data-label="${t.colWho}">${t.actor(a.actor)}</td><td role="cell" data-label="${t.colDetail}">${a.detail ? t.auditDetail(a.detail) : ''}</td></tr>`)}</tbody>
        </table></div>
      </section>
      ${live ? html`<script nonce="${p.nonce}">${raw(pollScript(lang))}</script>` : ''}`,
    CSS,
    '',
    p.switchHref,
  );
}

/** JSON safe to put inside a script element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** Progress without reloading: polls the status endpoint while the update is sending, writing in the page's language. */
function pollScript(lang: Lang): string {
  const t = words(lang);
  const w = {
    locale: locale(lang),
    labels: t.status,
    of: t.ofTotal('{done}', '{total}'),
    finished: t.sendingFinished('{status}', '{sent}', '{failed}'),
  };
  return `(() => {
  const box = document.getElementById('progress');
  const src = box && box.dataset.src;
  if (!src) return;
  const w = ${scriptJson(w)};
  const labels = w.labels;
  const nf = new Intl.NumberFormat(w.locale, { useGrouping: 'always' });
  const fill = (s, v) => s.replace(/\\{(\\w+)\\}/g, (m, k) => (k in v ? String(v[k]) : m));
  const set = (id, v) => { const el = document.getElementById(id); if (el) el.textContent = String(v); };
  async function tick() {
    let f;
    try { const r = await fetch(src, { credentials: 'same-origin', cache: 'no-store' }); if (!r.ok) throw 0; f = await r.json(); }
    catch { setTimeout(tick, 5000); return; }
    for (const k of ['recipients', 'sent', 'failed', 'suppressed', 'cancelled']) set('fig-' + k, nf.format(f[k]));
    set('fig-skipped', nf.format(f.skipped - f.cancelled));
    set('fig-status', labels[f.status] || f.status);
    const bar = document.getElementById('fig-progress');
    if (bar) { bar.max = Math.max(f.recipients, 1); bar.value = f.sent + f.failed + f.suppressed + f.skipped; bar.textContent = fill(w.of, { done: nf.format(bar.value), total: nf.format(f.recipients) }); set('fig-handled', bar.textContent); }
    if (f.status === 'sending') { setTimeout(tick, 2000); return; }
    const finished = fill(w.finished, { status: labels[f.status] || f.status, sent: nf.format(f.sent), failed: nf.format(f.failed) });
    // The banner that said "Sending has started" says it has finished (announced: it is a status); else the hidden status does.
    const banner = document.querySelector('.thanks[role=status] p');
    if (banner) banner.textContent = finished; else set('fig-announce', finished);
    // Its Cancel button goes (nothing is left to cancel): focus on it moves to the figures' heading, not to nothing.
    const cancel = document.getElementById('cancel-form');
    if (cancel) {
      const heading = document.getElementById('figures-title');
      if (cancel.contains(document.activeElement) && heading) { heading.tabIndex = -1; heading.focus(); }
      cancel.remove();
    }
    const note = document.getElementById('live-note'); if (note) note.remove();
  }
  setTimeout(tick, 2000);
})();`;
}

/**
 * A question asked before a change no one can take back, on a page of its own, so a stray click
 * or Enter on the update page changes nothing: the update's subjects, what the change does, one
 * button that does it (its form posts `confirm=yes`, with `fields`), and the way back.
 */
function checkPage(p: {
  lang: Lang;
  nonce: string;
  update: UpdateRow;
  heading: string;
  body: Html;
  action: 'send' | 'cancel';
  fields?: Html;
  button: string;
  back: string;
}): Html {
  const { lang, update: u } = p;
  const t = words(lang);
  const detail = inLang(`/admin/updates/${u.id}`, lang);
  return adminPage(
    lang,
    `${p.heading} — ${t.siteSuffix}`,
    p.nonce,
    html`${crumbs(lang, html`<a href="${detail}" lang="${titleOf(u).lang}">${titleOf(u).text}</a>`)}
      <h1 tabindex="-1" autofocus>${p.heading}</h1>
      <p>${t.sendCheckSubject} ${u.subject_en ? html`<strong lang="en">${u.subject_en}</strong>` : ''}${u.subject_en && u.subject_es ? ' / ' : ''}${u.subject_es ? html`<strong lang="es">${u.subject_es}</strong>` : ''}</p>
      ${p.body}
      <div class="actions">
        <form method="post" action="/admin/updates/${u.id}/${p.action}">
          ${uiLangField(lang)}${p.fields ?? ''}<input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="button">${p.button}</button>
        </form>
        <a class="button button--secondary" href="${detail}">${p.back}</a>
      </div>`,
    CSS,
    '',
    formPageSwitchHref(`/admin/updates/${u.id}`, lang),
  );
}

/** A question before a change to the suppression list, whose button (a POST to `action`, with `fields`) makes it. */
function suppressionCheckPage(p: { lang: Lang; nonce: string; heading: string; body: Html; action: string; fields: Html; button: string; back: string }): Html {
  const { lang } = p;
  const t = words(lang);
  const list = html`${inLang('/admin/updates', lang)}#suppressions`;
  return adminPage(
    lang,
    `${p.heading} — ${t.siteSuffix}`,
    p.nonce,
    html`${crumbs(lang, html`<a href="${list}">${t.suppressionsTitle}</a>`)}
      <h1 tabindex="-1" autofocus>${p.heading}</h1>
      ${p.body}
      <div class="actions">
        <form method="post" action="${p.action}">
          ${uiLangField(lang)}${p.fields}<input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="button">${p.button}</button>
        </form>
        <a class="button button--secondary" href="${list}">${p.back}</a>
      </div>`,
    CSS,
    '',
    formPageSwitchHref('/admin/updates', lang, '#suppressions'),
  );
}

/**
 * Before lifting a suppression: the list keeps only a hash, so a lift cannot be undone without
 * the address itself, and a complaint's address would get email again.
 */
export function liftCheckPage(p: { lang: Lang; nonce: string; hash: string; reason: string; since: string }): Html {
  const t = words(p.lang);
  return suppressionCheckPage({
    ...p,
    heading: t.liftCheckHeading(p.hash.slice(0, 12)),
    body: html`<p>${t.liftCheckWhat(t.reason[p.reason] ?? p.reason, t.day(p.since))}</p>
      <p>${p.reason === 'complaint' ? t.liftCheckComplaint : t.liftCheckBody}</p>`,
    action: '/admin/updates/suppressions/lift',
    fields: html`<input type="hidden" name="hash" value="${p.hash}" />`,
    button: t.liftNow,
    back: t.liftBack,
  });
}

/**
 * Before suppressing an address: it gets no email of any kind after that, whatever its pledges
 * asked for, and the address is shown so the maintainer sees what they typed. (An address already
 * suppressed is not asked about: pressing Suppress says so at once.)
 */
export function suppressCheckPage(p: { lang: Lang; nonce: string; email: string }): Html {
  const t = words(p.lang);
  return suppressionCheckPage({
    ...p,
    heading: t.suppressCheckHeading(p.email),
    body: html`<p>${t.suppressCheckBody}</p>`,
    action: '/admin/updates/suppressions/lookup',
    fields: html`<input type="hidden" name="email" value="${p.email}" /><input type="hidden" name="action" value="suppress" />`,
    button: t.suppressNow,
    back: t.suppressBack,
  });
}

/** Before discarding a draft or stopping a send. */
export function cancelCheckPage(p: { lang: Lang; nonce: string; update: UpdateRow }): Html {
  const t = words(p.lang);
  const draft = p.update.status === 'draft';
  return checkPage({
    ...p,
    heading: draft ? t.discardCheckHeading : t.cancelCheckHeading,
    body: html`<p>${draft ? t.discardCheckBody : t.cancelCheckBody}</p>`,
    action: 'cancel',
    button: draft ? t.discardNow : t.cancelNow,
    back: draft ? t.sendBack : t.keepSending,
  });
}

/** The last step before every reader gets the email: what goes, and to how many. */
/** `spanishInEnglish`: how many of them read Spanish but will get the English version (it has no Spanish one): said, not refused. */
export function sendCheckPage(p: { lang: Lang; nonce: string; update: UpdateRow; recipients: number; spanishInEnglish?: number; audience: string }): Html {
  const t = words(p.lang);
  const spanish = p.spanishInEnglish ?? 0;
  return checkPage({
    ...p,
    heading: t.sendCheckHeading(p.recipients, formatNumber(p.recipients, p.lang)),
    body: html`<p>${t.audienceLabel} ${p.audience}.</p>
      ${spanish ? html`<div class="warning" id="spanish-in-english"><p>${t.spanishInEnglish(spanish, formatNumber(spanish, p.lang))}</p></div>` : ''}
      <p>${t.sendCheckBody}</p>`,
    action: 'send',
    fields: html`<input type="hidden" name="revision" value="${p.update.revision}" />`,
    button: t.sendNow,
    back: t.sendBack,
  });
}
