/**
 * What came of a dashboard change, at the top of the page that answers it. A success is a banner
 * focused on load, so a screen reader reads it (a status region already on the page when it
 * loads is not announced); a problem is the GOV.UK error summary (focused and announced), linking
 * to where it can be put right.
 */
import { html } from 'hono/html';
import { errorSummary } from './error-summary.ts';
import type { Html } from './layout.ts';

export function outcomeBanner(text: string | undefined, problem: { title: string; href?: string } | null): Html | '' {
  if (!text) return '';
  if (problem) return errorSummary(problem.title, [problem.href ? { text, href: problem.href } : { text }]);
  return html`<div class="thanks" role="status" tabindex="-1" autofocus><p>${text}</p></div>`;
}
