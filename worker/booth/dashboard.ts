/**
 * The booth's sections of the maintainers' dashboard: pledges per society and source code
 * (which newsletter, poster or booth worked), and a form that opens a society's poster.
 */
import { html, raw } from 'hono/html';
import type { Lang } from '../../src/pledge-fields.ts';
import { ADMIN_STRINGS } from '../admin/strings.ts';
import { formatNumber } from '../platform/pages/locale.ts';
import type { PartnerRow } from '../partners/admin.ts';
import type { Html } from '../platform/pages/layout.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';
import { reflowHead } from '../platform/pages/reflow.ts';

export interface SourceRow {
  partner: string;
  source: string | null;
  confirmed: number;
  pending: number;
  flagged: number;
  withdrawn: number;
}

/** A table: society, source, confirmed, awaiting confirmation, flagged, withdrawn. */
export function sourcesSection(rows: SourceRow[], partners: PartnerRow[], lang: Lang): Html {
  const s = ADMIN_STRINGS[lang];
  const n = (x: number) => formatNumber(x, lang);
  const name = (id: string) => partners.find((p) => p.id === id)?.name ?? id;
  const tagged = rows.filter((r) => r.source !== null);
  return html`<section aria-labelledby="sources-title" id="sources">
    <h2 id="sources-title">${s.sourcesHeading}</h2>
    <p class="hint">${s.sourcesHint(html`<code>source="…"</code>`, html`<code>?source=</code>`)}</p>
    ${tagged.length
      ? html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="sources-caption"><table class="reflow figures" role="table">
          <caption class="visually-hidden" id="sources-caption">${s.sourcesCaption}</caption>
          ${reflowHead([s.society, s.source, s.confirmed, s.pending, s.flagged, s.withdrawnColumn])}
          <tbody role="rowgroup">
            ${rows.map(
              (r) => html`<tr role="row">
                <th scope="row" role="rowheader">${withEnglishNames(name(r.partner), lang)} <span class="muted">(${r.partner})</span></th>
                <td role="cell" data-label="${s.source}">${r.source === null ? html`<span class="muted">${s.noSource}</span>` : html`<code>${r.source}</code>`}</td>
                <td role="cell" data-label="${s.confirmed}">${n(r.confirmed)}</td><td role="cell" data-label="${s.pending}">${n(r.pending)}</td><td role="cell" data-label="${s.flagged}">${n(r.flagged)}</td><td role="cell" data-label="${s.withdrawnColumn}">${n(r.withdrawn)}</td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
      : html`<p>${s.noSourcesYet}</p>`}
  </section>`;
}

/**
 * Opens a society's printable poster (or its SVG), with a source code and a language. Its
 * `lang` field is the poster's language (the page's by default), so it has no hidden one.
 * The code is not checked in the browser (whose bubble speaks the browser's language and offers
 * no fix): the poster page says, in the poster's language, why a code cannot be used and links
 * to the nearest one that can ("Hall B Booth" → hall-b-booth). Its SVG is the page's "Download as
 * SVG" link, so it never comes with a code silently dropped (`/poster.svg` drops a bad one, as the
 * contract says, with no page to tell).
 */
export function postersSection(partners: PartnerRow[], lang: Lang): Html {
  const s = ADMIN_STRINGS[lang];
  const active = partners.filter((p) => p.active);
  return html`<section aria-labelledby="posters-title" id="posters" tabindex="-1">
    <h2 id="posters-title">${s.postersHeading}</h2>
    <p>${s.postersIntro}</p>
    <form method="get" action="/poster" class="add-partner">
      <div class="field"><fieldset>
        <legend>${s.society}</legend>
        <div class="choices">
          ${active.map(
            (p, i) => html`<div class="choice"><input type="radio" id="poster-partner-${p.id}" name="partner" value="${p.id}"${i === 0 ? raw(' checked') : ''} />
              <label for="poster-partner-${p.id}">${withEnglishNames(p.name, lang)} (${p.id})</label></div>`,
          )}
        </div>
      </fieldset></div>
      <div class="field"><label for="poster-source">${s.sourceCode} <span class="optional">${s.optional}</span></label>
        <p class="hint" id="poster-source-hint">${s.sourceCodeHint}</p>
        <input type="text" id="poster-source" name="source" aria-describedby="poster-source-hint" autocapitalize="none" spellcheck="false" /></div>
      <div class="field"><label for="poster-lang">${s.language}</label>
        <select id="poster-lang" name="lang"><option value="en">${s.languageNames.en}</option><option value="es"${lang === 'es' ? ' selected' : ''}>${s.languageNames.es}</option></select></div>
      <p class="poster-buttons">
        <button type="submit" class="button">${s.openPoster}</button>
      </p>
    </form>
  </section>`;
}
