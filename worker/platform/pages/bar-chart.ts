/**
 * The dashboards' horizontal bar chart: two stacked figures per row (solid `a`, light `b`),
 * drawn as SVG for the eye and given as a table for everyone else. Drawn twice: side by side
 * (label, bar), and for a narrow screen (a phone, 320 px) each label above its bar, at a width a
 * phone shows whole with its labels at 12 px or more; the page's CSS shows one (`.chart-narrow`).
 * The table did not fit a phone in Spanish ("Confirmados", "Pendientes" beside a role's name):
 * on a narrow screen the dashboard's CSS (`.reflow.figures`) shows each row's name, then each
 * figure beside its column's name, its explicit roles keeping it a table to screen readers; it
 * stays in a region of its own, named by the chart's title and focusable (tabindex 0), should
 * a longer language need it to scroll; its first column is named.
 */
import { html } from 'hono/html';
import type { Html } from './layout.ts';
import { reflowHead } from './reflow.ts';

export interface ChartRow {
  label: string;
  /** The label's language where it is not the page's (an English society name on a Spanish page). */
  lang?: string;
  /** A shorter label for the chart itself (the table keeps the full one). */
  short?: string;
  a: number;
  b: number;
}

export function barChart(o: {
  title: string;
  id: string;
  rowHeader: string;
  aLabel: string;
  bLabel: string;
  rows: ChartRow[];
  /** Fixed width of the label column; by default from the longest label. */
  labelWidth?: number;
  /** How a figure is written in the page's language; as-is when not given. */
  format?: (n: number) => string;
  /** A key to the two shades above the bars (a page whose charts share one shows it once instead). */
  legend?: boolean;
}): Html {
  const f = o.format ?? String;
  const max = Math.max(1, ...o.rows.map((x) => x.a + x.b));
  const rowHeight = 28;
  // Wide enough for the longest label at the chart's 13 px (about 7 px a character, with room to
  // spare): the Spanish role "Líder o administrador/a de la práctica" ran off the left at 230.
  const longest = Math.max(0, ...o.rows.map((x) => (x.short ?? x.label).length));
  const labelWidth = o.labelWidth ?? Math.min(330, Math.max(120, longest * 7 + 16));
  const width = 640;
  // Room after the longest bar for its figures ("12,345 + 678"), at the same 7 px a character.
  const figures = Math.max(0, ...o.rows.map((x) => `${f(x.a)} + ${f(x.b)}`.length)) * 7 + 12;
  const scale = (n: number) => (n / max) * (width - labelWidth - Math.max(60, figures));
  // The narrow drawing: 280 wide, shown at most that wide (13 px labels stay 12 px or more at 260).
  const narrow = 280;
  const narrowScale = (n: number) => (n / max) * (narrow - Math.max(70, figures));
  return html`<figure class="chart" aria-labelledby="${o.id}-title">
    <figcaption id="${o.id}-title"><h2>${o.title}</h2></figcaption>
    ${o.legend ? html`<p class="legend" aria-hidden="true"><span class="c"></span>${o.aLabel} <span class="p"></span>${o.bLabel}</p>` : ''}
    <svg viewBox="0 0 ${width} ${o.rows.length * rowHeight + 8}" role="presentation" aria-hidden="true" focusable="false">
      ${o.rows.map(
        (x, i) => html`<g transform="translate(0 ${i * rowHeight + 4})">
          <text x="${labelWidth - 8}" y="17" text-anchor="end">${x.short ?? x.label}</text>
          <rect class="a" x="${labelWidth}" y="4" height="18" width="${scale(x.a)}"></rect>
          <rect class="b" x="${labelWidth + scale(x.a)}" y="4" height="18" width="${scale(x.b)}"></rect>
          <text x="${labelWidth + scale(x.a + x.b) + 6}" y="17">${f(x.a)} + ${f(x.b)}</text>
        </g>`,
      )}
    </svg>
    <svg class="chart-narrow" viewBox="0 0 ${narrow} ${o.rows.length * 44 + 4}" role="presentation" aria-hidden="true" focusable="false">
      ${o.rows.map(
        (x, i) => html`<g transform="translate(0 ${i * 44 + 2})">
          <text x="1" y="14">${x.short ?? x.label}</text>
          <rect class="a" x="0" y="20" height="16" width="${narrowScale(x.a)}"></rect>
          <rect class="b" x="${narrowScale(x.a)}" y="20" height="16" width="${narrowScale(x.b)}"></rect>
          <text x="${narrowScale(x.a + x.b) + 6}" y="33">${f(x.a)} + ${f(x.b)}</text>
        </g>`,
      )}
    </svg>
    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="${o.id}-title"><table class="reflow figures" role="table" aria-labelledby="${o.id}-title">
      ${reflowHead([o.rowHeader, o.aLabel, o.bLabel])}
      <tbody role="rowgroup">${o.rows.map((x) => html`<tr role="row"><th scope="row" role="rowheader"${x.lang ? html` lang="${x.lang}"` : ''}>${x.label}</th><td role="cell" data-label="${o.aLabel}">${f(x.a)}</td><td role="cell" data-label="${o.bLabel}">${f(x.b)}</td></tr>`)}</tbody>
    </table></div>
  </figure>`;
}
