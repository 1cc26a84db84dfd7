/**
 * The GOV.UK error summary every Worker-rendered form shows above itself after a bad submit:
 * focused on load (`autofocus`, no script needed), announced (role="alert"), each problem
 * linking to its field when it has one.
 */
import { html, raw } from 'hono/html';
import type { Html } from './layout.ts';

export interface Problem {
  text: string;
  /** The field's fragment (`#email`); none for a problem no field can fix. */
  href?: string;
}

export function errorSummary(title: string, problems: Problem[]): Html | '' {
  if (!problems.length) return '';
  return html`<div class="error-summary" id="error-summary" tabindex="-1" autofocus>
    <div role="alert">
      <h2 class="error-summary__title">${title}</h2>
      <ul>
        ${problems.map((p) => (p.href ? html`<li><a href="${p.href}">${p.text}</a></li>` : html`<li>${p.text}</li>`))}
      </ul>
    </div>
  </div>`;
}

/**
 * A field's `aria-invalid`, written out as "false" too: Chromium reads a required radio or
 * checkbox not yet ticked as invalid before anything was sent (screen readers said "invalid
 * entry" on arrival).
 */
export const invalidAttr = (on: boolean) => raw(` aria-invalid="${on}"`);
