/**
 * The header row of a dashboard table that becomes cards on a phone (`.reflow`, in the dashboard's
 * CSS): its roles stated, so it stays a table to screen readers whatever its display (WebKit drops
 * a table's semantics under display: block). Its rows state theirs too (`role="row"`,
 * `"rowheader"`, `"cell"`), and each cell its column's name (`data-label`), which a card shows.
 */
import { html } from 'hono/html';
import type { Html } from './layout.ts';

export const reflowHead = (headers: string[]): Html =>
  html`<thead role="rowgroup"><tr role="row">${headers.map((h) => html`<th scope="col" role="columnheader">${h}</th>`)}</tr></thead>`;
