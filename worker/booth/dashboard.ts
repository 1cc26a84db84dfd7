/**
 * The booth's sections of the maintainers' dashboard: pledges per society and source code
 * (which newsletter, poster or booth worked), and a form that opens a society's poster.
 */
import { html } from 'hono/html';
import type { PartnerRow } from '../partners/admin.ts';
import type { Html } from '../platform/pages/layout.ts';

export interface SourceRow {
  partner: string;
  source: string | null;
  confirmed: number;
  pending: number;
  flagged: number;
}

/** A table: society, source, confirmed, awaiting confirmation, flagged. */
export function sourcesSection(rows: SourceRow[], partners: PartnerRow[]): Html {
  const name = (id: string) => partners.find((p) => p.id === id)?.name ?? id;
  const tagged = rows.filter((r) => r.source !== null);
  return html`<section aria-labelledby="sources-title" id="sources">
    <h2 id="sources-title">By society and source</h2>
    <p class="hint">A source code comes from <code>source="…"</code> on the widget, <code>?source=</code> on the hosted page, or a poster.</p>
    ${tagged.length
      ? html`<div class="table-scroll"><table>
          <thead><tr><th scope="col">Society</th><th scope="col">Source</th><th scope="col">Confirmed</th><th scope="col">Pending</th><th scope="col">Flagged</th></tr></thead>
          <tbody>
            ${rows.map(
              (r) => html`<tr>
                <th scope="row">${name(r.partner)} <span class="muted">(${r.partner})</span></th>
                <td>${r.source === null ? html`<span class="muted">no source</span>` : html`<code>${r.source}</code>`}</td>
                <td>${r.confirmed}</td><td>${r.pending}</td><td>${r.flagged}</td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
      : html`<p>No pledge has a source code yet.</p>`}
  </section>`;
}

/** Opens a society's printable poster (or its SVG), with a source code and a language. */
export function postersSection(partners: PartnerRow[]): Html {
  const active = partners.filter((p) => p.active);
  return html`<section aria-labelledby="posters-title" id="posters">
    <h2 id="posters-title">Posters for events</h2>
    <p>A one-page poster with the commitment and a QR code that opens the pledge page for a society, with a source code so you can see what it brought.</p>
    <form method="get" action="/poster" class="add-partner">
      <div class="field"><label for="poster-partner">Society</label>
        <select id="poster-partner" name="partner">
          ${active.map((p) => html`<option value="${p.id}">${p.name} (${p.id})</option>`)}
        </select></div>
      <div class="field"><label for="poster-source">Source code <span class="optional">(optional)</span></label>
        <p class="hint" id="poster-source-hint">Up to 64 lower-case letters, digits and hyphens, like booth-2026</p>
        <input type="text" id="poster-source" name="source" aria-describedby="poster-source-hint" /></div>
      <div class="field"><label for="poster-lang">Language</label>
        <select id="poster-lang" name="lang"><option value="en">English</option><option value="es">Español</option></select></div>
      <p class="poster-buttons">
        <button type="submit" class="button">Open printable poster</button>
        <button type="submit" class="button button--secondary" formaction="/poster.svg">Open as SVG</button>
      </p>
    </form>
  </section>`;
}
