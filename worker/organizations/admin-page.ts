/**
 * `/admin/organizations`: the maintainers' review of organizations. Every request with its
 * verification state, requests for one domain together, approve / decline / remove buttons,
 * and the picture by type and over time (SVG charts, each with its numbers in a table).
 */
import { html } from 'hono/html';
import { ORG_TYPES, type OrgStatus } from '../../src/organization-fields.ts';
import { regionName } from '../../src/regions.ts';
import { DASHBOARD_CSS } from '../admin/page.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import { barChart } from '../platform/pages/bar-chart.ts';
import type { OrganizationRow } from './queries.ts';
import { ORG_STRINGS } from './strings.ts';

const s = ORG_STRINGS.en;

const STATUS_LABEL: Record<OrgStatus, string> = {
  unconfirmed: 'Email not confirmed',
  pending: 'Awaiting review',
  approved: 'Approved',
  declined: 'Declined',
  withdrawn: 'Withdrawn (contact erased)',
};

/** The dashboard's own frame, charts and tables, plus what the requests need. */
const ADMIN_CSS = `${DASHBOARD_CSS}
  .requests { list-style: none; margin: 0; padding: 0; }
  .request { border: 2px solid var(--_border); border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; overflow-wrap: anywhere; }
  .request--pending { border-color: var(--_accent); border-width: 4px; }
  .request h3 { margin: 0 0 8px; }
  .request dl { display: grid; grid-template-columns: minmax(8em, max-content) 1fr; gap: 4px 16px; margin: 0 0 12px; }
  .request dt { font-weight: 700; }
  .request dd { margin: 0; }
  .badge { display: inline-block; padding: 0 6px; border: 2px solid currentColor; border-radius: 4px; font-weight: 700; }
  .badge--ok { color: #1e6b34; }
  .badge--warn { color: #8a4b00; }
  .joins { border-inline-start: 4px solid var(--_accent); padding-inline-start: 8px; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; }
  .actions form { margin: 0; }
  @media (max-width: 30em) { .request dl { grid-template-columns: 1fr; } .request dd { margin-bottom: 6px; } }
`;

interface Bar {
  label: string;
  a: number;
  b: number;
}

const chart = (title: string, id: string, rowHeader: string, bars: Bar[], aLabel: string, bLabel: string): Html =>
  barChart({ title, id, rowHeader, aLabel, bLabel, rows: bars, labelWidth: 200 });

function request(o: OrganizationRow, byId: Map<string, OrganizationRow>, sameDomain: OrganizationRow[]): Html {
  const others = sameDomain.filter((x) => x.id !== o.id);
  const button = (action: string, label: string, secondary = true) =>
    html`<form method="post" action="/admin/organizations/${o.id}/${action}">
      <button type="submit" class="button button--small${secondary ? ' button--secondary' : ''}">${label}<span class="visually-hidden"> ${o.name}</span></button>
    </form>`;
  const joined = o.joins ? byId.get(o.joins) : undefined;
  return html`<li class="request${o.status === 'pending' ? ' request--pending' : ''}" id="org-${o.id}">
    <h3>${o.name}</h3>
    <dl>
      <dt>Status</dt><dd>${STATUS_LABEL[o.status]}</dd>
      <dt>Domain</dt>
      <dd>
        <code>${o.domain}</code>
        ${o.domain_verified
          ? html`<span class="badge badge--ok">Verified</span> <span class="muted">contact email is at this domain</span>`
          : html`<span class="badge badge--warn">Not verified</span> <span class="muted">contact email is at another domain</span>`}
      </dd>
      <dt>Website</dt><dd><a href="${o.website}" rel="noopener noreferrer">${o.website}</a></dd>
      <dt>Type</dt><dd>${(s.types as Record<string, string>)[o.type] ?? o.type}</dd>
      <dt>Where</dt><dd>${o.region ? `${regionName(o.region, 'en')} (${o.region})` : 'Not given'}</dd>
      <dt>Radiologists</dt><dd>${o.size ? ((s.sizes as Record<string, string>)[o.size] ?? o.size) : 'Not given'}</dd>
      <dt>Contact</dt>
      <dd>${o.contact_email
        ? html`${o.contact_name}${o.contact_title ? html`, ${o.contact_title}` : ''} — <a href="mailto:${o.contact_email}">${o.contact_email}</a>`
        : html`<span class="muted">Erased</span>`}</dd>
      <dt>Listing</dt><dd>${o.list_publicly ? 'Wants to be listed publicly' : 'Counted, not listed'}</dd>
      <dt>Requested</dt><dd>${o.created_at.slice(0, 10)}${o.partner_id ? html` from ${o.partner_id.toUpperCase()}` : ''}${o.confirmed_at ? html`; confirmed ${o.confirmed_at.slice(0, 10)}` : ''}${o.decided_at ? html`; decided ${o.decided_at.slice(0, 10)}` : ''}</dd>
    </dl>
    ${others.length
      ? html`<p class="joins">${joined ? html`Joins the earlier request of <a href="#org-${joined.id}">${joined.name}</a> for the same domain. ` : ''}Requests for <code>${o.domain}</code>: ${others.map(
          (x, i) => html`${i ? ', ' : ''}<a href="#org-${x.id}">${x.name}</a> (${STATUS_LABEL[x.status].toLowerCase()})`,
        )}. A domain counts and is listed once, by its earliest approved request.</p>`
      : ''}
    ${o.status === 'withdrawn'
      ? ''
      : html`<div class="actions">
          ${o.status !== 'approved' ? button('approve', 'Approve', false) : ''}
          ${o.status !== 'declined' ? button('decline', 'Decline') : ''}
          ${button('remove', 'Remove and erase contact')}
        </div>`}
  </li>`;
}

export function organizationsAdminPage(rows: OrganizationRow[], approvedCount: number, nonce: string, notice?: string): Html {
  const byId = new Map(rows.map((o) => [o.id, o]));
  const byDomain = new Map<string, OrganizationRow[]>();
  for (const o of rows) byDomain.set(o.domain, [...(byDomain.get(o.domain) ?? []), o]);
  const count = (status: OrgStatus) => rows.filter((o) => o.status === status).length;
  const byType = ORG_TYPES.map((t) => ({
    label: s.types[t],
    a: rows.filter((o) => o.type === t && o.status === 'approved').length,
    b: rows.filter((o) => o.type === t && (o.status === 'pending' || o.status === 'unconfirmed')).length,
  }));
  const months = [...new Set(rows.flatMap((o) => [o.created_at.slice(0, 7), ...(o.status === 'approved' && o.decided_at ? [o.decided_at.slice(0, 7)] : [])]))].sort().slice(-12);
  const overTime = months.map((m) => ({
    label: m,
    a: rows.filter((o) => o.status === 'approved' && (o.decided_at ?? '').startsWith(m)).length,
    b: rows.filter((o) => o.created_at.startsWith(m)).length,
  }));
  const groups: OrgStatus[] = ['pending', 'unconfirmed', 'approved', 'declined', 'withdrawn'];
  return page(
    'en',
    'RHEC Pledge — organizations',
    nonce,
    html`<div class="topline">
        <h1>Organizations</h1>
        <p><a href="/admin">Back to the dashboard</a> · <a href="/admin/organizations.csv">Download all organizations (CSV)</a> · <a href="/organizations">Public list</a></p>
      </div>
      ${notice ? html`<div class="thanks" role="status"><p>${notice}</p></div>` : ''}
      <ul class="totals">
        <li><strong>${approvedCount}</strong> counted as joined</li>
        <li><strong>${count('pending')}</strong> awaiting review</li>
        <li><strong>${count('unconfirmed')}</strong> email not confirmed</li>
        <li><strong>${count('declined')}</strong> declined</li>
        <li><strong>${count('withdrawn')}</strong> withdrawn</li>
      </ul>
      <div class="charts">
        ${chart('By type', 'by-type', 'Type', byType, 'Approved', 'Awaiting')}
        ${overTime.length ? chart('Over time (by month)', 'over-time', 'Month', overTime, 'Approved that month', 'Requests that month') : ''}
      </div>
      ${groups.map((status) => {
        const list = rows.filter((o) => o.status === status);
        return list.length
          ? html`<section aria-labelledby="group-${status}">
              <h2 id="group-${status}">${STATUS_LABEL[status]} (${list.length})</h2>
              <ul class="requests">${list.map((o) => request(o, byId, byDomain.get(o.domain) ?? []))}</ul>
            </section>`
          : '';
      })}
      ${rows.length ? '' : html`<p>No organization has asked to join yet. Share <a href="/join">/join</a>.</p>`}`,
    ADMIN_CSS,
  );
}

