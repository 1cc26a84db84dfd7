/**
 * The header row of a dashboard table that becomes cards on a phone (`.reflow`, styled by
 * `REFLOW_CSS` below): its roles stated, so it stays a table to screen readers whatever its display (WebKit drops
 * a table's semantics under display: block). Its rows state theirs too (`role="row"`,
 * `"rowheader"`, `"cell"`), and each cell its column's name (`data-label`), which a card shows.
 */
import { html } from 'hono/html';
import type { Html } from './layout.ts';

export const reflowHead = (headers: string[]): Html =>
  html`<thead role="rowgroup"><tr role="row">${headers.map((h) => html`<th scope="col" role="columnheader">${h}</th>`)}</tr></thead>`;

/** The dashboards' CSS for `.reflow` tables (each dashboard page's stylesheet includes it). */
export const REFLOW_CSS = `
  /*
   * On a phone or a narrow tablet, a table whose cells hold forms (partners, flagged pledges, the resource library, suppressed addresses), or a log, becomes one card per
   * row, each value under its column's name, instead of scrolling its forms out of sight. The
   * explicit roles keep it a table for screen readers whatever its display (WebKit drops a
   * table's semantics under display: block); the names shown are for the eye only ("/ ''"), as
   * the column headers already name each cell to a screen reader.
   */
  @media (max-width: 60em) {
    table.reflow, .reflow :is(tbody, th, td) { display: block; }
    .reflow thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    .reflow tr { display: flex; flex-direction: column; padding: 10px 0; border-bottom: 1px solid var(--_rule); }
    .reflow tr > th { order: -1; }
    .reflow :is(th, td) { border: 0; padding: 3px 0; }
    .reflow td[data-label]::before { content: attr(data-label) / ''; display: block; font-size: 0.85em; font-weight: 600; color: var(--_muted); }
    /* Left out of sight but not out of the table: a screen reader matches cells to their columns by position. */
    .reflow td:empty { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
    .reflow td.row-actions { display: flex; flex-wrap: wrap; gap: 4px 12px; }
    .reflow td.row-actions::before { flex-basis: 100%; }
    .reflow .long { min-width: 0; }
    .reflow form.inline { flex-wrap: wrap; }
    .reflow form.inline input[type='text'] { width: 100%; }
    .reflow .origins code { overflow-wrap: anywhere; }
    /* A table of figures (a chart's, pledges by source, actions by kind, the updates' history): each row's name, then each figure beside its column's name. */
    .reflow.figures tr { flex-flow: row wrap; gap: 0 20px; }
    .reflow.figures tr > th { flex-basis: 100%; }
    .reflow.figures td { font-variant-numeric: tabular-nums; text-align: start; }
    .reflow.figures td[data-label]::before { display: inline; margin-inline-end: 6px; }
  }
`;
