/**
 * The maintainers' dashboard: totals, charts drawn as plain SVG (each with its numbers in a
 * table, for screen readers and for copying), the CSV export and partner management.
 */
import { html } from 'hono/html';
import { STRINGS } from '../../src/i18n/index.ts';
import { ROLES } from '../../src/pledge-fields.ts';
import type { campaignStats } from './reports.ts';
import type { PartnerRow } from '../partners/admin.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import { barChart } from '../platform/pages/bar-chart.ts';
import { postersSection, sourcesSection } from '../booth/dashboard.ts';

type Stats = Awaited<ReturnType<typeof campaignStats>>;
interface Bar {
  label: string;
  /** A shorter label for the chart itself (the table keeps the full one). */
  short?: string;
  confirmed: number;
  pending: number;
}


/** Confirmed (solid) and pending (light) per row. */
const chart = (title: string, id: string, rowHeader: string, bars: Bar[]): Html =>
  barChart({ title, id, rowHeader, aLabel: 'Confirmed', bLabel: 'Pending', rows: bars.map((b) => ({ label: b.label, short: b.short, a: b.confirmed, b: b.pending })) });

function partnerForms(partners: PartnerRow[]): Html {
  return html`<section aria-labelledby="partners-title" id="partners">
    <h2 id="partners-title">Partner societies</h2>
    <div class="table-scroll"><table class="partners">
      <thead><tr><th scope="col">Society</th><th scope="col">Status</th><th scope="col">Origins allowed to embed</th><th scope="col">Actions</th></tr></thead>
      <tbody>
        ${partners.map(
          (p) => html`<tr>
            <th scope="row">${p.name} <span class="muted">(${p.id})</span></th>
            <td>${p.active ? 'Active' : 'Disabled'}</td>
            <td>
              <ul class="origins">
                ${p.origins.map(
                  (o) => html`<li>
                    <code>${o}</code>
                    <form method="post" action="/admin/partners" class="inline">
                      <input type="hidden" name="action" value="remove-origin" /><input type="hidden" name="id" value="${p.id}" />
                      <input type="hidden" name="origin" value="${o}" />
                      <button type="submit" class="link-button">Remove<span class="visually-hidden"> ${o} from ${p.id}</span></button>
                    </form>
                  </li>`,
                )}
              </ul>
              <form method="post" action="/admin/partners" class="inline">
                <input type="hidden" name="action" value="add-origin" /><input type="hidden" name="id" value="${p.id}" />
                <label for="origin-${p.id}" class="visually-hidden">New origin for ${p.id}</label>
                <input type="text" id="origin-${p.id}" name="origin" placeholder="https://www.example.org" />
                <button type="submit" class="button button--small">Add origin<span class="visually-hidden"> for ${p.id}</span></button>
              </form>
            </td>
            <td>
              <form method="post" action="/admin/partners">
                <input type="hidden" name="action" value="${p.active ? 'disable' : 'enable'}" /><input type="hidden" name="id" value="${p.id}" />
                <button type="submit" class="button button--secondary button--small">${p.active ? 'Disable' : 'Enable'}<span class="visually-hidden"> ${p.id}</span></button>
              </form>
            </td>
          </tr>`,
        )}
      </tbody>
    </table></div>
    <h3>Add a society</h3>
    <form method="post" action="/admin/partners" class="add-partner">
      <input type="hidden" name="action" value="add" />
      <div class="field"><label for="new-id">Partner id</label><p class="hint" id="new-id-hint">Lower-case letters or digits, used in the embed as partner="…"</p>
        <input type="text" id="new-id" name="id" aria-describedby="new-id-hint" /></div>
      <div class="field"><label for="new-name">Display name</label><input type="text" id="new-name" name="name" /></div>
      <button type="submit" class="button">Add society</button>
    </form>
  </section>`;
}

export const DASHBOARD_CSS = `
  .rhec-host { max-width: 72em; }
  .card { max-width: none; }
  .sections { display: flex; flex-wrap: wrap; gap: 4px 20px; list-style: none; margin: 0; padding: 0; }
  .topline { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: center; justify-content: space-between; }
  .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 0 0 24px; padding: 0; list-style: none; }
  .totals li { background: var(--_surface); border-radius: 8px; padding: 12px 16px; }
  .totals strong { display: block; font-size: 1.8em; line-height: 1.2; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(420px, 100%), 1fr)); gap: 24px; }
  .chart { margin: 0; min-width: 0; overflow-x: auto; position: relative; }
  .table-scroll { overflow-x: auto; position: relative; }
  .chart svg { width: 100%; height: auto; font: 13px system-ui, sans-serif; fill: var(--_text); }
  .chart rect.a { fill: var(--_accent); }
  .chart rect.b { fill: color-mix(in srgb, var(--_accent) 30%, white); }
  table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.95em; }
  th, td { text-align: start; padding: 6px 8px; border-bottom: 1px solid #d5dae1; vertical-align: top; }
  .chart table { font-size: 0.85em; }
  .muted { color: var(--_muted); font-weight: 400; }
  .origins { list-style: none; margin: 0 0 8px; padding: 0; }
  .origins li { display: flex; gap: 8px; align-items: center; margin-bottom: 4px; }
  form.inline { display: inline-flex; gap: 8px; align-items: center; margin: 0; }
  form.inline input[type='text'] { min-height: 36px; width: 16em; }
  .button--small { min-height: 36px; padding: 6px 12px; }
  .add-partner { display: grid; gap: 8px; max-width: 28em; }
  .add-partner .button { justify-self: start; }
  .legend span { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; margin: 0 4px 0 12px; }
  .legend .c { background: var(--_accent); }
  select { min-height: 44px; font: inherit; padding: 6px 8px; border: 2px solid var(--_border); border-radius: 4px; }
  .poster-buttons { display: flex; flex-wrap: wrap; gap: 12px; }
  .legend .p { background: color-mix(in srgb, var(--_accent) 30%, white); }
`;

export function dashboardPage(stats: Stats, partners: PartnerRow[], nonce: string, notice?: string): Html {
  const byPartner = stats.partners.map((p) => ({
    label: String(p.name),
    short: String(p.partner).toUpperCase(),
    confirmed: p.confirmed,
    pending: p.pending,
  }));
  const byRole = ROLES.map((role) => {
    const r = stats.roles.find((x) => x.role === role);
    return { label: STRINGS.en.roles[role], confirmed: r?.confirmed ?? 0, pending: r?.pending ?? 0 };
  });
  const byDay = stats.days.slice(-14).map((d) => ({ label: String(d.day), confirmed: d.confirmed, pending: d.pending }));
  const t = stats.total;
  return page(
    'en',
    'RHEC Pledge — dashboard',
    nonce,
    html`<div class="topline">
        <h1>Campaign dashboard</h1>
        <nav aria-label="Dashboard sections"><ul class="sections">
          <li><a href="/admin/pledges.csv">Download all pledges (CSV)</a></li>
          <li><a href="/admin/resources">Resources and outcomes</a></li>
          <li><a href="/admin/updates">Updates to pledgers</a></li>
          <li><a href="/admin/organizations">Organizations</a></li>
          <li><a href="#posters">Posters for events</a></li>
        </ul></nav>
        <form method="post" action="/admin/sign-out"><button type="submit" class="button button--secondary button--small">Sign out</button></form>
      </div>
      ${notice ? html`<div class="thanks" role="status"><p>${notice}</p></div>` : ''}
      <ul class="totals">
        <li><strong>${t.confirmed}</strong> confirmed</li>
        <li><strong>${t.pending}</strong> awaiting confirmation</li>
        <li><strong>${t.flagged}</strong> flagged for review</li>
        <li><strong>${t.withdrawn}</strong> withdrawn</li>
      </ul>
      <p class="legend" aria-hidden="true">Bars: <span class="c"></span>confirmed <span class="p"></span>awaiting confirmation</p>
      <div class="charts">
        ${chart('By society', 'by-partner', 'Society', byPartner)} ${chart('By role', 'by-role', 'Role', byRole)}
        ${byDay.length ? chart('By day (last 14 days with pledges)', 'by-day', 'Day', byDay) : ''}
      </div>
      ${sourcesSection(stats.sources, partners)} ${postersSection(partners)}
      ${partnerForms(partners)}`,
    DASHBOARD_CSS,
  );
}

export function signInPage(nonce: string, error?: string): Html {
  return page(
    'en',
    error ? 'Error: Sign in — RHEC Pledge' : 'Sign in — RHEC Pledge',
    nonce,
    html`<h1>Sign in to the dashboard</h1>
      ${error
        ? html`<div class="error-summary" id="error-summary" tabindex="-1" autofocus><div role="alert">
            <h2 class="error-summary__title">There is a problem</h2>
            <ul><li><a href="#token">${error}</a></li></ul></div></div>`
        : ''}
      <form method="post" action="/admin/sign-in">
        <div class="field${error ? ' field--error' : ''}">
          <label for="token">Admin token</label>
          <p class="hint" id="token-hint">The ADMIN_TOKEN secret set with wrangler.</p>
          ${error ? html`<p class="error-message" id="token-error"><span class="visually-hidden">Error:</span> ${error}</p>` : ''}
          <input type="password" id="token" name="token" autocomplete="current-password"
            aria-describedby="token-hint${error ? ' token-error' : ''}" />
        </div>
        <button type="submit" class="button">Sign in</button>
      </form>`,
  );
}
