/**
 * `/admin/resources`: maintainers curate the resource library (add, edit, retire, restore)
 * and see the coalition's first measures of outcome: actions reported, by kind, and active
 * against lapsed pledges. Plain forms, no JavaScript.
 */
import { html, raw } from 'hono/html';
import { STRINGS } from '../../src/i18n/index.ts';
import { LANGS, ROLES } from '../../src/pledge-fields.ts';
import { DASHBOARD_CSS } from '../admin/page.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import type { Resource } from './queries.ts';
import { ACTION_KINDS, RESOURCE_KINDS, RESOURCE_STRINGS, type ActionKind } from './strings.ts';

export interface ResourceFormState {
  id?: string;
  values: Record<string, string | string[] | undefined>;
  errors: Record<string, string[]>;
}

export interface OutcomeFigures {
  actions: Record<ActionKind, number> & { total: number };
  active: number;
  lapsed: number;
}

const CSS = `${DASHBOARD_CSS}
  .resource-form { display: grid; gap: 4px; max-width: 40em; }
  .resource-form select { min-height: 44px; font: inherit; padding: 4px 8px; border: 2px solid var(--_border); border-radius: 4px; }
  .resource-form .button { justify-self: start; }
  .retired { opacity: .75; }
  .row-actions { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
  .row-actions a, .row-actions .link-button { display: inline-flex; align-items: center; min-height: 44px; min-width: 44px; }
`;

const en = RESOURCE_STRINGS.en;
const value = (state: ResourceFormState, k: string) => {
  const v = state.values[k];
  return typeof v === 'string' ? v : '';
};

function errorFor(state: ResourceFormState, field: string): Html | string {
  const m = state.errors[field]?.[0];
  return m ? html`<p class="error-message" id="r-${field}-error"><span class="visually-hidden">Error:</span> ${m}</p>` : '';
}

function invalid(state: ResourceFormState, field: string, hint?: string) {
  const ids = [hint, state.errors[field]?.length ? `r-${field}-error` : ''].filter(Boolean).join(' ');
  return raw(`${state.errors[field]?.length ? ' aria-invalid="true"' : ''}${ids ? ` aria-describedby="${ids}"` : ''}`);
}

function textInput(state: ResourceFormState, field: string, label: string, opts: { hint?: string; type?: string; optional?: boolean } = {}): Html {
  return html`<div class="field${state.errors[field]?.length ? ' field--error' : ''}">
    <label for="r-${field}">${label}${opts.optional ? html` <span class="optional">(optional)</span>` : ''}</label>
    ${opts.hint ? html`<p class="hint" id="r-${field}-hint">${opts.hint}</p>` : ''}${errorFor(state, field)}
    <input type="${opts.type ?? 'text'}" id="r-${field}" name="${field}" value="${value(state, field)}"${invalid(state, field, opts.hint ? `r-${field}-hint` : undefined)} />
  </div>`;
}

function select(state: ResourceFormState, field: string, label: string, options: [string, string][]): Html {
  return html`<div class="field${state.errors[field]?.length ? ' field--error' : ''}">
    <label for="r-${field}">${label}</label>${errorFor(state, field)}
    <select id="r-${field}" name="${field}"${invalid(state, field)}>
      ${options.map(([v, l]) => html`<option value="${v}"${value(state, field) === v ? raw(' selected') : ''}>${l}</option>`)}
    </select>
  </div>`;
}

function resourceForm(state: ResourceFormState, partners: { id: string; name: string }[]): Html {
  const roles = Array.isArray(state.values.roles) ? state.values.roles : state.values.roles ? [state.values.roles] : [];
  const errorFields = Object.keys(state.errors);
  return html`<form method="post" action="/admin/resources" class="resource-form" novalidate>
    ${errorFields.length
      ? html`<div class="error-summary" id="error-summary" tabindex="-1" autofocus><div role="alert">
          <h3 class="error-summary__title">There is a problem</h3>
          <ul>${errorFields.map((f) => html`<li><a href="#r-${f === 'roles' ? 'roles-radiologist' : f}">${state.errors[f]![0]}</a></li>`)}</ul>
        </div></div>`
      : ''}
    <input type="hidden" name="action" value="save" />
    ${state.id ? html`<input type="hidden" name="id" value="${state.id}" />` : ''}
    ${textInput(state, 'title', 'Title')}
    ${textInput(state, 'url', 'Address', { type: 'url', hint: 'A full https:// address.' })}
    ${textInput(state, 'summary', 'One-line summary')}
    ${textInput(state, 'step', 'Next step', { optional: true, hint: 'Phrased as an action ("Take the one-hour course on …"). Resources with a next step are offered as next steps to the roles they suit, in their order.' })}
    ${select(state, 'kind', 'Kind', RESOURCE_KINDS.map((k) => [k, en.kinds[k]]))}
    <div class="field${state.errors.roles?.length ? ' field--error' : ''}">
      <fieldset${invalid(state, 'roles', 'r-roles-hint')}>
        <legend>Roles it suits</legend>
        <p class="hint" id="r-roles-hint">Tick every role it suits (all of them for a resource for everyone).</p>
        ${errorFor(state, 'roles')}
        <div class="choices">
          ${ROLES.map(
            (r) => html`<div class="choice"><input type="checkbox" id="r-roles-${r}" name="roles" value="${r}"${roles.includes(r) ? raw(' checked') : ''} />
              <label for="r-roles-${r}">${STRINGS.en.roles[r]}</label></div>`,
          )}
        </div>
      </fieldset>
    </div>
    ${select(state, 'lang', 'Language', LANGS.map((l) => [l, l === 'en' ? 'English' : 'Spanish']))}
    ${select(state, 'partner', 'Contributing society', [['', 'The coalition'], ...partners.map((p): [string, string] => [p.id, p.name])])}
    ${textInput(state, 'position', 'Order', { type: 'number', hint: 'Lower numbers come first.' })}
    <button type="submit" class="button">${state.id ? 'Save changes' : 'Add resource'}</button>
  </form>`;
}

export function resourcesAdminPage(
  resources: Resource[],
  partners: { id: string; name: string }[],
  outcomes: OutcomeFigures,
  form: ResourceFormState,
  nonce: string,
  notice?: string,
): Html {
  const names = Object.fromEntries(partners.map((p) => [p.id, p.name]));
  return page(
    'en',
    `${Object.keys(form.errors).length ? 'Error: ' : ''}Resources and outcomes — RHEC Pledge`,
    nonce,
    html`<div class="topline">
        <h1>Resources and outcomes</h1>
        <p><a href="/admin">Back to the dashboard</a> · <a href="/resources">The public library</a></p>
      </div>
      ${notice ? html`<div class="thanks" role="status"><p>${notice}</p></div>` : ''}
      <section aria-labelledby="outcomes-title">
        <h2 id="outcomes-title">Outcomes</h2>
        <ul class="totals">
          <li><strong>${outcomes.actions.total}</strong> actions reported</li>
          <li><strong>${outcomes.active}</strong> active pledges (confirmed or renewed within a year)</li>
          <li><strong>${outcomes.lapsed}</strong> lapsed pledges</li>
        </ul>
        <table>
          <caption>Actions reported, by kind</caption>
          <thead><tr><th scope="col">Action</th><th scope="col">Reported</th></tr></thead>
          <tbody>${ACTION_KINDS.map((k) => html`<tr><th scope="row">${en.actions[k]}</th><td>${outcomes.actions[k]}</td></tr>`)}</tbody>
        </table>
      </section>
      <section aria-labelledby="library-title">
        <h2 id="library-title">The resource library</h2>
        <div class="table-scroll"><table>
          <thead><tr><th scope="col">Resource</th><th scope="col">Next step</th><th scope="col">Roles</th><th scope="col">Language</th><th scope="col">Order</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            ${resources.map(
              (r) => html`<tr class="${r.active ? '' : 'retired'}">
                <th scope="row"><a href="${r.url}">${r.title}</a><br /><span class="muted">${en.kinds[r.kind]}${r.partner ? ` · ${names[r.partner] ?? r.partner}` : ''}${r.active ? '' : ' · retired'}</span></th>
                <td>${r.step ?? ''}</td>
                <td>${r.roles.map((x) => STRINGS.en.roles[x]).join(', ')}</td>
                <td>${r.lang}</td>
                <td>${r.position}</td>
                <td class="row-actions">
                  <a href="/admin/resources?edit=${r.id}">Edit<span class="visually-hidden"> ${r.title}</span></a>
                  <form method="post" action="/admin/resources" class="inline">
                    <input type="hidden" name="action" value="${r.active ? 'retire' : 'restore'}" /><input type="hidden" name="id" value="${r.id}" />
                    <button type="submit" class="link-button">${r.active ? 'Retire' : 'Restore'}<span class="visually-hidden"> ${r.title}</span></button>
                  </form>
                </td>
              </tr>`,
            )}
          </tbody>
        </table></div>
        <h2 id="form-title">${form.id ? 'Edit a resource' : 'Add a resource'}</h2>
        ${resourceForm(form, partners)}
      </section>`,
    CSS,
  );
}
