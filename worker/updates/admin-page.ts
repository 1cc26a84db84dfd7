/**
 * The dashboard's Updates pages (/admin/updates): compose, preview and test, send and watch,
 * history, suppressions. Maintainers' pages, in English like the rest of the dashboard.
 */
import { html, raw } from 'hono/html';
import { STRINGS } from '../../src/i18n/index.ts';
import { ROLES } from '../../src/pledge-fields.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import type { Audience } from './draft.ts';
import type { AuditRow, Figures, HistoryRow, UpdateRow } from './queries.ts';
import type { SuppressionRow } from './service.ts';

export interface Partner {
  id: string;
  name: string;
}

const CSS = `
  .rhec-host { max-width: 72em; }
  .card { max-width: none; }
  .topline { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: baseline; justify-content: space-between; }
  nav.crumbs { margin: 0 0 12px; }
  textarea { display: block; width: 100%; min-height: 12em; padding: 8px 10px; font: inherit; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--_text); background: var(--_bg); border: 2px solid var(--_border); border-radius: 4px; box-sizing: border-box; }
  .field--error textarea, .field--error input { border-color: var(--_error); }
  .langs { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(28em, 100%), 1fr)); gap: 24px; }
  .filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(16em, 100%), 1fr)); gap: 16px; }
  .filters .choice { margin-top: 2px; }
  table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.95em; }
  th, td { text-align: start; padding: 6px 8px; border-bottom: 1px solid #d5dae1; vertical-align: top; }
  td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; }
  .table-scroll { overflow-x: auto; }
  .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 12px; margin: 0 0 16px; padding: 0; list-style: none; }
  .figures li { background: var(--_surface); border-radius: 8px; padding: 10px 14px; }
  .figures strong { display: block; font-size: 1.6em; line-height: 1.2; font-variant-numeric: tabular-nums; }
  progress { width: 100%; height: 1.2em; accent-color: var(--_accent); }
  iframe.preview { width: 100%; height: 560px; border: 1px solid #d5dae1; border-radius: 8px; background: #fff; }
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
  @media (forced-colors: active) { .figures li, pre.text-preview { border: 1px solid CanvasText; } }
`;

export const STATUS_LABEL: Record<string, string> = { draft: 'Draft', sending: 'Sending', sent: 'Sent', cancelled: 'Cancelled' };

const ROLE_LABEL = STRINGS.en.roles;

function notice(text?: string): Html | string {
  return text ? html`<div class="thanks" role="status"><p>${text}</p></div>` : '';
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

function errorSummary(errors: Record<string, string[]>): Html | string {
  const keys = Object.keys(errors);
  if (!keys.length) return '';
  return html`<div class="error-summary" id="error-summary" tabindex="-1" autofocus><div role="alert">
    <h2 class="error-summary__title">There is a problem</h2>
    <ul>${keys.map((k) => html`<li><a href="#${FIELD_ID[k] ?? 'subject_en'}">${errors[k]![0]}</a></li>`)}</ul>
  </div></div>`;
}

function textControl(id: string, key: string, label: string, values: FormValues, errors: Record<string, string[]>, opts: { area?: boolean; hint?: string; optional?: boolean }) {
  const err = errors[key]?.[0];
  const describedBy = [opts.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ');
  const aria = raw(`${describedBy ? ` aria-describedby="${describedBy}"` : ''}${err ? ' aria-invalid="true"' : ''}`);
  return html`<div class="field${err ? ' field--error' : ''}">
    <label for="${id}">${label}${opts.optional ? html` <span class="optional">(optional)</span>` : ''}</label>
    ${opts.hint ? html`<p class="hint" id="${id}-hint">${opts.hint}</p>` : ''}
    ${err ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error:</span> ${err}</p>` : ''}
    ${opts.area
      ? html`<textarea id="${id}" name="${id}" rows="12"${aria}>${one(values, id)}</textarea>`
      : html`<input type="text" id="${id}" name="${id}" value="${one(values, id)}" maxlength="150"${aria} />`}
  </div>`;
}

function checkboxes(name: string, legend: string, hint: string, options: { value: string; label: string }[], values: FormValues, errors: Record<string, string[]>) {
  const chosen = new Set(many(values, name));
  const err = errors[`audience.${name}`]?.[0];
  return html`<div class="field${err ? ' field--error' : ''}"><fieldset aria-describedby="${name}-hint${err ? ` ${name}-error` : ''}">
    <legend>${legend}</legend>
    <p class="hint" id="${name}-hint">${hint}</p>
    ${err ? html`<p class="error-message" id="${name}-error"><span class="visually-hidden">Error:</span> ${err}</p>` : ''}
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

const NEW_DRAFT: ComposeTarget = { action: '/admin/updates', title: 'Write an update', button: 'Save draft and preview' };

function composeForm(partners: Partner[], values: FormValues, errors: Record<string, string[]>, target: ComposeTarget = NEW_DRAFT): Html {
  return html`<section aria-labelledby="compose-title">
    <h2 id="compose-title">${target.title}</h2>
    <p>Updates go to confirmed pledgers who chose “Keep me informed”. Write in Markdown: headings (#), paragraphs, lists (-), *emphasis*, **strong** and [links](https://…). HTML is shown as text, never run. Spanish-language pledgers get the Spanish version when there is one, else the English.</p>
    <form method="post" action="${target.action}" novalidate>
      ${errorSummary(errors)}
      ${one(values, 'revision') ? html`<input type="hidden" name="revision" value="${one(values, 'revision')}" />` : ''}
      <div class="langs">
        <div lang="en">
          <h3>English <span class="muted">(required)</span></h3>
          ${textControl('subject_en', 'subject.en', 'Subject', values, errors, {})}
          ${textControl('body_en', 'body.en', 'Message (Markdown)', values, errors, { area: true })}
        </div>
        <div>
          <h3>Spanish <span class="muted">(optional)</span></h3>
          ${textControl('subject_es', 'subject.es', 'Subject in Spanish', values, errors, { optional: true })}
          ${textControl('body_es', 'body.es', 'Message in Spanish (Markdown)', values, errors, { area: true, optional: true })}
        </div>
      </div>
      <h3>Audience</h3>
      <div class="filters">
        ${checkboxes('partners', 'Societies', 'None ticked: every society.', partners.map((p) => ({ value: p.id, label: `${p.name} (${p.id.toUpperCase()})` })), values, errors)}
        ${checkboxes('roles', 'Roles', 'None ticked: every role.', ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] })), values, errors)}
        ${checkboxes('langs', 'Pledgers’ language', 'None ticked: both.', [{ value: 'en', label: 'English' }, { value: 'es', label: 'Spanish' }], values, errors)}
      </div>
      <div class="actions">
        <button type="submit" class="button">${target.button}</button>
        ${target.cancel ? html`<a href="${target.cancel}">Cancel, keep the draft as it was</a>` : ''}
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

/** `/admin/updates/:id/edit`: the compose form, filled with the draft, posting its changes. */
export function editDraftPage(p: { nonce: string; update: UpdateRow; partners: Partner[]; values: FormValues; errors?: Record<string, string[]> }): Html {
  const errors = p.errors ?? {};
  const u = p.update;
  return page(
    'en',
    `${Object.keys(errors).length ? 'Error: ' : ''}Edit: ${u.subject_en} — Updates — RHEC Pledge`,
    p.nonce,
    html`<nav class="crumbs" aria-label="Dashboard"><a href="/admin">← Campaign dashboard</a> · <a href="/admin/updates">All updates</a> · <a href="/admin/updates/${u.id}">${u.subject_en}</a></nav>
      <h1>Edit the draft</h1>
      ${composeForm(p.partners, p.values, errors, {
        action: `/admin/updates/${u.id}/edit`,
        title: 'Subject, message and audience',
        button: 'Save changes and preview',
        cancel: `/admin/updates/${u.id}`,
      })}`,
    CSS,
  );
}

function historyTable(rows: HistoryRow[]): Html {
  return html`<section aria-labelledby="history-title">
    <h2 id="history-title">Updates so far</h2>
    ${rows.length
      ? html`<div class="table-scroll"><table>
          <caption class="visually-hidden">Every update with its figures, newest first</caption>
          <thead><tr><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Created</th>
            <th scope="col" class="num">Recipients</th><th scope="col" class="num">Sent</th><th scope="col" class="num">Failed</th>
            <th scope="col" class="num">Suppressed</th><th scope="col" class="num">Skipped</th></tr></thead>
          <tbody>${rows.map(
            (r) => html`<tr><th scope="row"><a href="/admin/updates/${r.id}">${r.subject}</a> <span class="muted">(${r.langs})</span></th>
              <td>${STATUS_LABEL[r.status]}</td><td>${r.created_at.slice(0, 16).replace('T', ' ')} UTC</td>
              <td class="num">${r.status === 'draft' ? '—' : r.recipients}</td><td class="num">${r.sent}</td><td class="num">${r.failed}</td>
              <td class="num">${r.suppressed}</td><td class="num">${r.skipped}</td></tr>`,
          )}</tbody></table></div>`
      : html`<p>No updates yet.</p>`}
  </section>`;
}

const REASON_LABEL: Record<string, string> = { bounce: 'Hard bounce', complaint: 'Spam complaint', manual: 'Added by a maintainer' };

function suppressionSection(data: { byReason: Record<string, number>; recent: SuppressionRow[] }, errors: Record<string, string[]>, values: FormValues): Html {
  const err = errors.suppress?.[0];
  return html`<section aria-labelledby="suppressions-title" id="suppressions">
    <h2 id="suppressions-title">Suppressed addresses</h2>
    <p>Addresses that hard-bounced or complained (from the providers' webhooks) get no more email of any kind. Only a keyed hash of each address is kept.</p>
    <ul class="figures">
      ${Object.entries(data.byReason).map(([reason, n]) => html`<li><strong>${n}</strong> ${REASON_LABEL[reason] ?? reason}</li>`)}
    </ul>
    ${data.recent.length
      ? html`<div class="table-scroll"><table>
          <caption class="visually-hidden">Suppressed addresses, newest first</caption>
          <thead><tr><th scope="col">Address (hash)</th><th scope="col">Reason</th><th scope="col">From</th><th scope="col">Since</th><th scope="col">Action</th></tr></thead>
          <tbody>${data.recent.map(
            (s) => html`<tr><th scope="row"><code class="hash">${s.address_hash.slice(0, 12)}…</code></th><td>${REASON_LABEL[s.reason] ?? s.reason}</td>
              <td>${s.source}</td><td>${s.created_at.slice(0, 10)}</td>
              <td><form method="post" action="/admin/updates/suppressions/lift"><input type="hidden" name="hash" value="${s.address_hash}" />
                <button type="submit" class="button button--secondary button--small">Lift<span class="visually-hidden"> suppression ${s.address_hash.slice(0, 12)}</span></button></form></td></tr>`,
          )}</tbody></table></div>`
      : html`<p>No address is suppressed.</p>`}
    <form method="post" action="/admin/updates/suppressions/lookup" class="inline-field" novalidate>
      <div class="field${err ? ' field--error' : ''}">
        <label for="suppress-email">Find or suppress an address</label>
        <p class="hint" id="suppress-email-hint">A person asked to hear nothing more, or a bounce came in some other way.</p>
        ${err ? html`<p class="error-message" id="suppress-email-error"><span class="visually-hidden">Error:</span> ${err}</p>` : ''}
        <input type="email" id="suppress-email" name="email" value="${one(values, 'email')}" autocomplete="off"
          aria-describedby="suppress-email-hint${err ? ' suppress-email-error' : ''}"${err ? raw(' aria-invalid="true"') : ''} />
      </div>
      <button type="submit" class="button button--secondary" name="action" value="find">Find</button>
      <button type="submit" class="button button--secondary" name="action" value="suppress">Suppress</button>
    </form>
  </section>`;
}

export function updatesIndexPage(p: {
  nonce: string;
  partners: Partner[];
  history: HistoryRow[];
  suppressions: { byReason: Record<string, number>; recent: SuppressionRow[] };
  values?: FormValues;
  errors?: Record<string, string[]>;
  notice?: string;
}): Html {
  const errors = p.errors ?? {};
  const composeErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => k !== 'suppress'));
  return page(
    'en',
    `${Object.keys(errors).length ? 'Error: ' : ''}Updates to pledgers — RHEC Pledge`,
    p.nonce,
    html`<nav class="crumbs" aria-label="Dashboard"><a href="/admin">← Campaign dashboard</a></nav>
      <div class="topline"><h1>Updates to pledgers</h1></div>
      ${notice(p.notice)}
      ${composeForm(p.partners, p.values ?? {}, composeErrors)}
      ${historyTable(p.history)}
      ${suppressionSection(p.suppressions, errors, p.values ?? {})}`,
    CSS,
  );
}

function audienceSummary(a: Audience, partners: Partner[]): string {
  const name = (id: string) => partners.find((p) => p.id === id)?.id.toUpperCase() ?? id;
  const parts = [
    a.partners.length ? `societies: ${a.partners.map(name).join(', ')}` : 'every society',
    a.roles.length ? `roles: ${a.roles.map((r) => ROLE_LABEL[r as keyof typeof ROLE_LABEL] ?? r).join(', ')}` : 'every role',
    a.langs.length ? `language: ${a.langs.map((l) => (l === 'es' ? 'Spanish' : 'English')).join(', ')}` : 'both languages',
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
  nonce: string;
  update: UpdateRow;
  audience: Audience;
  partners: Partner[];
  figures: Figures;
  previews: PreviewPart[];
  audit: AuditRow[];
  notice?: string;
  testError?: string;
  testTo?: string;
}): Html {
  const u = p.update;
  const f = p.figures;
  const done = f.sent + f.failed + f.suppressed + f.skipped;
  const live = u.status === 'sending';
  const testErr = p.testError;
  return page(
    'en',
    `${testErr ? 'Error: ' : ''}${u.subject_en} — Updates — RHEC Pledge`,
    p.nonce,
    html`<nav class="crumbs" aria-label="Dashboard"><a href="/admin">← Campaign dashboard</a> · <a href="/admin/updates">All updates</a></nav>
      <h1>${u.subject_en}</h1>
      ${notice(p.notice)}
      <p>Status: <span class="status" id="fig-status">${STATUS_LABEL[f.status]}</span>.
        Audience: ${audienceSummary(p.audience, p.partners)}.</p>

      <section aria-labelledby="figures-title" id="progress" ${live ? raw(`data-src="/admin/updates/${u.id}/status.json"`) : ''}>
        <h2 id="figures-title">${u.status === 'draft' ? 'Audience' : 'Progress'}</h2>
        <ul class="figures">
          <li><strong id="fig-recipients">${f.recipients}</strong> ${u.status === 'draft' ? 'people would get it now' : 'recipients'}</li>
          ${u.status === 'draft'
            ? ''
            : html`<li><strong id="fig-sent">${f.sent}</strong> sent</li>
              <li><strong id="fig-failed">${f.failed}</strong> failed</li>
              <li><strong id="fig-suppressed">${f.suppressed}</strong> suppressed</li>
              <li><strong id="fig-skipped">${f.skipped}</strong> skipped</li>`}
        </ul>
        ${u.status === 'draft' ? '' : html`<label for="fig-progress">Handled so far</label>
          <progress id="fig-progress" max="${Math.max(f.recipients, 1)}" value="${done}">${done} of ${f.recipients}</progress>`}
        ${live ? html`<p class="muted" id="live-note">These figures refresh by themselves every few seconds. <a href="/admin/updates/${u.id}">Refresh now</a></p>` : ''}
        <p class="visually-hidden" role="status" id="fig-announce"></p>
      </section>

      ${u.status === 'draft' || u.status === 'sending'
        ? html`<div class="actions">
            ${u.status === 'draft'
              ? html`<form method="post" action="/admin/updates/${u.id}/send"><input type="hidden" name="revision" value="${u.revision}" /><button type="submit" class="button">Send to ${f.recipients} ${f.recipients === 1 ? 'person' : 'people'}</button></form>
                <a class="button button--secondary" href="/admin/updates/${u.id}/edit">Edit draft</a>`
              : ''}
            <form method="post" action="/admin/updates/${u.id}/cancel" id="cancel-form"><button type="submit" class="button button--secondary">${u.status === 'draft' ? 'Discard draft' : 'Cancel sending'}</button></form>
          </div>`
        : ''}

      ${u.status === 'draft'
        ? html`<section aria-labelledby="test-title">
            <h2 id="test-title">Send a test</h2>
            <form method="post" action="/admin/updates/${u.id}/test" class="inline-field" novalidate>
              ${testErr ? html`<div class="error-summary" tabindex="-1" autofocus><div role="alert"><h2 class="error-summary__title">There is a problem</h2><ul><li><a href="#test_to">${testErr}</a></li></ul></div></div>` : ''}
              <div class="field${testErr ? ' field--error' : ''}">
                <label for="test_to">Send a test to</label>
                <p class="hint" id="test_to-hint">One address; no pledger gets anything.</p>
                ${testErr ? html`<p class="error-message" id="test_to-error"><span class="visually-hidden">Error:</span> ${testErr}</p>` : ''}
                <input type="email" id="test_to" name="test_to" value="${p.testTo ?? ''}" autocomplete="email"
                  aria-describedby="test_to-hint${testErr ? ' test_to-error' : ''}"${testErr ? raw(' aria-invalid="true"') : ''} />
              </div>
              ${p.previews.length > 1
                ? html`<div class="field"><label for="test_lang">Version</label><select id="test_lang" name="lang"><option value="en">English</option><option value="es">Spanish</option></select></div>`
                : html`<input type="hidden" name="lang" value="en" />`}
              <button type="submit" class="button button--secondary">Send test</button>
            </form>
          </section>`
        : ''}

      <section aria-labelledby="preview-title">
        <h2 id="preview-title">Preview, exactly as sent</h2>
        ${p.previews.map(
          (v) => html`<h3>${v.lang === 'es' ? 'Spanish version' : 'English version'}</h3>
            <dl class="headers"><dt>Subject</dt><dd>${v.subject}</dd>${Object.entries(v.headers).map(([k, val]) => html`<dt>${k}</dt><dd>${val}</dd>`)}</dl>
            <iframe class="preview" title="${v.lang === 'es' ? 'Spanish' : 'English'} email as HTML" src="/admin/updates/${u.id}/preview/${v.lang}.html" sandbox></iframe>
            <h4>Plain-text part</h4>
            <pre class="text-preview" tabindex="0" aria-label="${v.lang === 'es' ? 'Spanish' : 'English'} email as plain text">${v.text}</pre>`,
        )}
        <p class="muted">Links in the preview are made for a sample reader: they act on no pledge.</p>
      </section>

      <section aria-labelledby="audit-title">
        <h2 id="audit-title">History of this update</h2>
        <div class="table-scroll"><table>
          <caption class="visually-hidden">Every action on this update</caption>
          <thead><tr><th scope="col">When (UTC)</th><th scope="col">Action</th><th scope="col">Who</th><th scope="col">Detail</th></tr></thead>
          <tbody>${p.audit.map((a) => html`<tr><td>${a.at.slice(0, 19).replace('T', ' ')}</td><td>${a.action}</td><td>${a.actor}</td><td>${a.detail ?? ''}</td></tr>`)}</tbody>
        </table></div>
      </section>
      ${live ? html`<script nonce="${p.nonce}">${raw(POLL_SCRIPT)}</script>` : ''}`,
    CSS,
  );
}

/** Progress without reloading: polls the status endpoint while the update is sending. */
const POLL_SCRIPT = `(() => {
  const box = document.getElementById('progress');
  const src = box && box.dataset.src;
  if (!src) return;
  const labels = { draft: 'Draft', sending: 'Sending', sent: 'Sent', cancelled: 'Cancelled' };
  const set = (id, v) => { const el = document.getElementById(id); if (el) el.textContent = String(v); };
  async function tick() {
    let f;
    try { const r = await fetch(src, { credentials: 'same-origin', cache: 'no-store' }); if (!r.ok) throw 0; f = await r.json(); }
    catch { setTimeout(tick, 5000); return; }
    for (const k of ['recipients', 'sent', 'failed', 'suppressed', 'skipped']) set('fig-' + k, f[k]);
    set('fig-status', labels[f.status] || f.status);
    const bar = document.getElementById('fig-progress');
    if (bar) { bar.max = Math.max(f.recipients, 1); bar.value = f.sent + f.failed + f.suppressed + f.skipped; bar.textContent = bar.value + ' of ' + f.recipients; }
    if (f.status === 'sending') { setTimeout(tick, 2000); return; }
    set('fig-announce', 'Sending finished: ' + (labels[f.status] || f.status) + '. ' + f.sent + ' sent, ' + f.failed + ' failed.');
    const cancel = document.getElementById('cancel-form'); if (cancel) cancel.remove();
    const note = document.getElementById('live-note'); if (note) note.remove();
  }
  setTimeout(tick, 2000);
})();`;
