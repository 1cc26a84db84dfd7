/**
 * The maintainers' dashboard: totals, charts drawn as plain SVG (each with its numbers in a
 * table, for screen readers and for copying), the CSV export and partner management.
 */
import { html, raw } from 'hono/html';
import { STRINGS } from '../../src/i18n/index.ts';
import { ROLES, type Lang } from '../../src/pledge-fields.ts';
import type { campaignStats } from './reports.ts';
import type { PartnerRow } from '../partners/admin.ts';
import { adminPage, type Html } from '../platform/pages/layout.ts';
import { barChart } from '../platform/pages/bar-chart.ts';
import { REFLOW_CSS, reflowHead } from '../platform/pages/reflow.ts';
import { outcomeBanner } from '../platform/pages/outcome.ts';
import { errorSummary } from '../platform/pages/error-summary.ts';
import type { flaggedPledges } from '../pledges/review.ts';
import type { PledgeOfAddress } from '../pledges/status.ts';
import type { suppressionOf } from '../updates/consent.ts';

type Suppression = NonNullable<Awaited<ReturnType<typeof suppressionOf>>>;

type FlaggedList = Awaited<ReturnType<typeof flaggedPledges>>;
import { postersSection, sourcesSection } from '../booth/dashboard.ts';
import { ADMIN_STRINGS } from './strings.ts';
import { englishNameLang, withEnglishNames } from '../platform/pages/english-names.ts';
import { formatDay, formatNumber, inLang, uiLangField } from '../platform/pages/locale.ts';
import { formPageSwitchHref, langSwitch } from '../platform/pages/lang-switch.ts';

type Stats = Awaited<ReturnType<typeof campaignStats>>;
interface Bar {
  label: string;
  /** A shorter label for the chart itself (the table keeps the full one). */
  short?: string;
  confirmed: number;
  pending: number;
}

/** Confirmed (solid) and pending (light) per row. */
const chart = (lang: Lang, title: string, id: string, rowHeader: string, bars: Bar[]): Html =>
  barChart({
    title,
    id,
    rowHeader,
    aLabel: ADMIN_STRINGS[lang].confirmed,
    bLabel: ADMIN_STRINGS[lang].pending,
    rows: bars.map((b) => ({ label: b.label, lang: englishNameLang(b.label, lang), short: b.short, a: b.confirmed, b: b.pending })),
    format: (n) => formatNumber(n, lang),
  });

/** The "Add a society" form after a refusal: what was typed, and each field's problem. */
export interface AddSocietyForm {
  values: { id: string; name: string };
  errors: { id?: string; name?: string };
  /** A society's "Add origin" field after a refusal: which society's, what was typed, and why. */
  origin?: { id: string; value: string; error: string };
  /** The address typed in the lookup by address ("Requests from pledgers"), kept after a refusal. */
  erase?: string;
}

function partnerForms(partners: PartnerRow[], lang: Lang, add?: AddSocietyForm): Html {
  const refused = (id: string) => (add?.origin?.id === id ? add.origin : undefined);
  const s = ADMIN_STRINGS[lang];
  return html`<section aria-labelledby="partners-title" id="partners">
    <h2 id="partners-title">${s.partnersHeading}</h2>
    <div class="table-scroll"><table class="partners reflow" role="table">
      ${reflowHead([s.society, s.status, s.origins, s.actions])}
      <tbody role="rowgroup">
        ${partners.map(
          (p) => html`<tr role="row">
            <th scope="row" role="rowheader">${withEnglishNames(p.name, lang)} <span class="muted">(${p.id})</span></th>
            <td role="cell" data-label="${s.status}">${p.active ? s.active : s.disabled}</td>
            <td role="cell" data-label="${s.origins}">
              <ul class="origins">
                ${p.origins.map(
                  (o) => html`<li>
                    <code>${o}</code>
                    <form method="post" action="/admin/partners" class="inline">
                      <input type="hidden" name="action" value="remove-origin" /><input type="hidden" name="id" value="${p.id}" />
                      <input type="hidden" name="origin" value="${o}" />${uiLangField(lang)}
                      <button type="submit" class="link-button">${s.remove}<span class="visually-hidden">${s.removeWhat(o, p.id)}</span></button>
                    </form>
                  </li>`,
                )}
              </ul>
              <form method="post" action="/admin/partners" class="inline">
                <input type="hidden" name="action" value="add-origin" /><input type="hidden" name="id" value="${p.id}" />${uiLangField(lang)}
                <label for="origin-${p.id}" class="visually-hidden">${s.newOriginLabel(p.id)}</label>
                ${refused(p.id)
                  ? html`<p class="error-message" id="origin-${p.id}-error"><span class="visually-hidden">${s.errorPrefix} </span>${refused(p.id)!.error}</p>`
                  : ''}
                <input type="text" id="origin-${p.id}" name="origin" placeholder="https://www.example.org" value="${refused(p.id)?.value ?? ''}"${refused(p.id)
                  ? raw(` aria-invalid="true" aria-describedby="origin-${p.id}-error"`)
                  : ''} />
                <button type="submit" class="button button--small">${s.addOrigin}<span class="visually-hidden">${s.addOriginFor(p.id)}</span></button>
              </form>
            </td>
            <td role="cell" data-label="${s.actions}">
              <form method="post" action="/admin/partners">
                <input type="hidden" name="action" value="${p.active ? 'disable' : 'enable'}" /><input type="hidden" name="id" value="${p.id}" />${uiLangField(lang)}
                <button type="submit" class="button button--secondary button--small">${p.active ? s.disable : s.enable}<span class="visually-hidden"> ${p.id}</span></button>
              </form>
            </td>
          </tr>`,
        )}
      </tbody>
    </table></div>
    <h3>${s.addSocietyHeading}</h3>
    <form method="post" action="/admin/partners" class="add-partner">
      <input type="hidden" name="action" value="add" />${uiLangField(lang)}
      <div class="field${add?.errors.id ? ' field--error' : ''}"><label for="new-id">${s.partnerIdLabel}</label><p class="hint" id="new-id-hint">${s.partnerIdHint}</p>
        ${add?.errors.id ? html`<p class="error-message" id="new-id-error"><span class="visually-hidden">${s.errorPrefix} </span>${add.errors.id}</p>` : ''}
        <input type="text" id="new-id" name="id" value="${add?.values.id ?? ''}" aria-describedby="new-id-hint${add?.errors.id ? ' new-id-error' : ''}"${add?.errors.id ? raw(' aria-invalid="true"') : ''} /></div>
      <div class="field${add?.errors.name ? ' field--error' : ''}"><label for="new-name">${s.displayNameLabel}</label>
        ${add?.errors.name ? html`<p class="error-message" id="new-name-error"><span class="visually-hidden">${s.errorPrefix} </span>${add.errors.name}</p>` : ''}
        <input type="text" id="new-name" name="name" value="${add?.values.name ?? ''}"${add?.errors.name ? raw(' aria-invalid="true" aria-describedby="new-name-error"') : ''} /></div>
      <button type="submit" class="button">${s.addSociety}</button>
    </form>
  </section>`;
}

/** Emails given up on after every try (given-up.ts): how many, and one button that sends them again. */
function givenUpSection(lang: Lang, count: number): Html {
  const s = ADMIN_STRINGS[lang];
  return html`<section aria-labelledby="given-up-title" id="given-up" tabindex="-1">
    <h2 id="given-up-title">${s.givenUpHeading}</h2>
    ${count
      ? html`<p>${s.givenUpIntro(formatNumber(count, lang), count === 1)}</p>
        <form method="post" action="/admin/emails/send-again">${uiLangField(lang)}<button type="submit" class="button">${s.givenUpButton}</button></form>`
      : html`<p class="hint">${s.givenUpNone}</p>`}
  </section>`;
}

/**
 * The lookup by address, for a pledger's request (their pledge's state, a held one released, a copy of their data, their
 * erasure): their address, then a page saying what was found (eraseRequestCheckPage) before anything changes.
 */
function eraseRequestSection(lang: Lang, error?: string, value = ''): Html {
  const s = ADMIN_STRINGS[lang];
  return html`<section aria-labelledby="erase-request-title" id="erase-request" tabindex="-1">
    <h2 id="erase-request-title">${s.eraseRequestHeading}</h2>
    <p class="hint">${s.eraseRequestIntro}</p>
    <p class="hint">${s.dataCopyIntro}</p>
    <p class="hint">${s.findIntro}</p>
    <form method="post" action="/admin/erase-request">${uiLangField(lang)}
      <div class="field${error ? ' field--error' : ''}"><label for="erase-email">${s.eraseRequestLabel}</label>
        ${error ? html`<p class="error-message" id="erase-email-error"><span class="visually-hidden">${s.errorPrefix} </span>${error}</p>` : ''}
        <input type="text" inputmode="email" autocomplete="off" spellcheck="false" id="erase-email" name="email" value="${value}"${error ? raw(' aria-invalid="true" aria-describedby="erase-email-error"') : ''} /></div>
      <div class="actions"><button type="submit" class="button">${s.eraseRequestButton}</button>
        <button type="submit" class="button button--secondary" formaction="/admin/data-request">${s.dataCopyButton}</button></div>
    </form>
  </section>`;
}

export const DASHBOARD_CSS = `
  .rhec-host { max-width: 72em; }
  .card { max-width: none; }
  /* The links at the top of a dashboard page (back to the dashboard…), spaced as the paragraph they were. */
  .topline nav.crumbs { margin: 1em 0; }
  .sections { display: flex; flex-wrap: wrap; gap: 4px 20px; list-style: none; margin: 0; padding: 0; }
  /* Past the sections' links to the figures, for the keyboard: shown when it has focus. */
  .skip-link { position: absolute; left: -10000px; }
  .skip-link:focus { position: static; display: inline-block; margin-bottom: 8px; }
  .topline { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: center; justify-content: space-between; margin-bottom: 16px; }
  .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 0 0 24px; padding: 0; list-style: none; }
  .totals li { background: var(--_surface); border-radius: 8px; padding: 12px 16px; }
  .totals strong { display: block; font-size: 1.8em; line-height: 1.2; }
  /* A column as wide as a chart's figure needs (600 px, below), so a desktop never scrolls one sideways. */
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(600px, 100%), 1fr)); gap: 24px; }
  .chart { margin: 0; min-width: 0; }
  .table-scroll { overflow-x: auto; position: relative; }
  .chart svg { width: 100%; height: auto; font: 13px system-ui, sans-serif; fill: var(--_text); }
  /* Never narrower than its labels can be read at (12 px): on a phone, the narrow drawing below instead. */
  .chart svg { min-width: 600px; max-width: 760px; display: block; }
  /* On a phone (where the figure's column is narrower than 600 px), each label above its bar instead, never scaled above its 280 px. */
  .chart .chart-narrow { display: none; min-width: 0; max-width: 280px; }
  @container (max-width: 679px) {
    .chart svg { display: none; }
    .chart .chart-narrow { display: block; }
    .chart :is(th, td) { padding-inline: 4px; }
  }
  .chart rect.a { fill: var(--_accent); }
  /* Pending: a pale fill the confirmed bar's colour outlines, so the bar is seen against the card (3:1) in light and dark. */
  .chart rect.b { fill: var(--_pending); stroke: var(--_accent); stroke-width: 1; }
  table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.95em; }
  th, td { text-align: start; padding: 6px 8px; border-bottom: 1px solid var(--_rule); vertical-align: top; }
  .chart table { font-size: 0.85em; }
  /* A name or address as long as a bot may send: it wraps, so its table does not scroll sideways. */
  .long { overflow-wrap: anywhere; min-width: 8em; }
  .muted { color: var(--_muted); font-weight: 400; }
  .origins { list-style: none; margin: 0 0 8px; padding: 0; }
  .origins li { display: flex; gap: 8px; align-items: center; margin-bottom: 4px; }
  .actions { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
  form.inline { display: inline-flex; gap: 8px; align-items: center; margin: 0; }
  form.inline input[type='text'] { min-height: 36px; width: 16em; }
  .button--small { min-height: 36px; padding: 6px 12px; }
  .add-partner { display: grid; gap: 8px; max-width: 28em; }
  .add-partner .button { justify-self: start; }
  .legend span { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; margin: 0 4px 0 12px; }
  .legend .c { background: var(--_accent); }
  select { min-height: 44px; font: inherit; padding: 6px 8px; border: 2px solid var(--_border); border-radius: 4px; }
  .poster-buttons { display: flex; flex-wrap: wrap; gap: 12px; }
  ${REFLOW_CSS}
  .legend .p { background: var(--_pending); border: 1px solid var(--_accent); box-sizing: border-box; }
  @media (forced-colors: active) {
    /* The charts' colours are their meaning: confirmed solid, pending outlined, in the user's colours. */
    .chart svg, .legend span { forced-color-adjust: none; }
    .chart svg { fill: CanvasText; }
    .chart rect.a, .legend .c { fill: CanvasText; background: CanvasText; }
    .chart rect.b { fill: Canvas; stroke: CanvasText; stroke-width: 1; }
    .legend .p { background: Canvas; border: 1px solid CanvasText; box-sizing: border-box; }
  }
`;

/**
 * The dashboard in `lang`. `switchHref` (the same page in the other language) is given only
 * for a GET's page: a page answering a POST offers no switch.
 */
/** Flagged pledges, newest first, each with a button that releases it (and one for all the limit flagged). */
function flaggedSection(flagged: FlaggedList, partners: PartnerRow[], lang: Lang): Html {
  const s = ADMIN_STRINGS[lang];
  const n = (x: number) => formatNumber(x, lang);
  const total = Object.values(flagged.byReason).reduce((a, b) => a + (b ?? 0), 0);
  // The bulk button releases the ones the limit flagged among those shown here, by id: never one
  // that arrived after the page was drawn, nor more than the list shows.
  const limited = flagged.rows.filter((r) => r.flag_reason === 'rate_limit').map((r) => r.id);
  const name = (id: string) => partners.find((p) => p.id === id)?.name ?? id;
  return html`<section aria-labelledby="flagged-title" id="flagged" tabindex="-1">
    <h2 id="flagged-title">${s.flaggedHeading}</h2>
    <p class="hint">${s.flaggedIntro}</p>
    ${flagged.rows.length
      ? html`${total > flagged.rows.length ? html`<p>${s.flaggedShowing(n(flagged.rows.length), n(total))}${s.flaggedOlder[0]}<a href="#erase-request">${s.eraseRequestHeading}</a>${s.flaggedOlder[1]}</p>` : ''}
          ${limited.length > 1
            ? html`<form method="post" action="/admin/flagged">
                <input type="hidden" name="action" value="release-limited" /><input type="hidden" name="ids" value="${limited.join(',')}" />${uiLangField(lang)}
                <button type="submit" class="button button--secondary button--small">${s.releaseAll(n(limited.length))}</button>
              </form>`
            : ''}
          <div class="table-scroll" tabindex="0" role="region" aria-labelledby="flagged-caption"><table class="reflow" role="table">
            <caption class="visually-hidden" id="flagged-caption">${s.flaggedCaption}</caption>
            ${reflowHead([s.flaggedReceived, s.flaggedName, s.flaggedEmail, s.society, s.role, s.source, s.flaggedWhy, s.actions])}
            <tbody role="rowgroup">
              ${flagged.rows.map(
                (r) => html`<tr role="row">
                  <td role="cell" data-label="${s.flaggedReceived}">${formatDay(r.received_at, lang)} ${r.received_at.slice(11, 16)} UTC</td>
                  <th scope="row" role="rowheader" class="long">${r.name}</th>
                  <td role="cell" data-label="${s.flaggedEmail}" class="long">${r.email}</td>
                  <td role="cell" data-label="${s.society}">${withEnglishNames(name(r.partner_id), lang)}</td>
                  <td role="cell" data-label="${s.role}">${STRINGS[lang].roles[r.role as keyof (typeof STRINGS)['en']['roles']] ?? r.role}</td>
                  <td role="cell" data-label="${s.source}">${r.source === null ? html`<span class="muted">${s.noSource}</span>` : html`<code>${r.source}</code>`}</td>
                  <td role="cell" data-label="${s.flaggedWhy}">${s.flagReasons[r.flag_reason] ?? r.flag_reason}</td>
                  <td role="cell" data-label="${s.actions}"><form method="post" action="/admin/flagged" class="inline">
                    <input type="hidden" name="action" value="release" /><input type="hidden" name="id" value="${r.id}" />${uiLangField(lang)}
                    <button type="submit" class="link-button">${s.release}<span class="visually-hidden">${s.releaseWhat(r.email)}</span></button>
                  </form> <form method="post" action="/admin/flagged" class="inline">
                    <input type="hidden" name="action" value="erase" /><input type="hidden" name="id" value="${r.id}" />${uiLangField(lang)}
                    <button type="submit" class="link-button">${s.erase}<span class="visually-hidden">${s.eraseWhat(r.email)}</span></button>
                  </form></td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
      : html`<p>${s.flaggedNone}</p>`}
  </section>`;
}

/**
 * `notice` is what came of the last change: a success in a banner focused on load (so a screen
 * reader reads it), or, when `problem`, the error summary (focused and announced) and "Error:" in
 * the title.
 */
export function dashboardPage(lang: Lang, stats: Stats, partners: PartnerRow[], flagged: FlaggedList, nonce: string, notice?: string, switchHref?: string, problem = false, problemHref = '#partners', add?: AddSocietyForm): Html {
  const s = ADMIN_STRINGS[lang];
  const n = (x: number) => formatNumber(x, lang);
  const byPartner = stats.partners.map((p) => ({
    label: String(p.name),
    short: String(p.partner).toUpperCase(),
    confirmed: p.confirmed,
    pending: p.pending,
  }));
  const byRole = ROLES.map((role) => {
    const r = stats.roles.find((x) => x.role === role);
    return { label: STRINGS[lang].roles[role], confirmed: r?.confirmed ?? 0, pending: r?.pending ?? 0 };
  });
  const byDay = stats.days.slice(-14).map((d) => ({
    label: formatDay(String(d.day), lang),
    short: formatDay(String(d.day), lang, 'short'),
    confirmed: d.confirmed,
    pending: d.pending,
  }));
  const t = stats.total;
  return adminPage(
    lang,
    notice && problem ? `${s.errorTitlePrefix}${s.title}` : s.title,
    nonce,
    // The skip link is the first Tab stop, the language switch the next: so the page draws its own switch.
    html`<a class="skip-link" href="#figures">${s.skipToFigures}</a>${switchHref ? langSwitch(lang, switchHref) : ''}
      <div class="topline">
        <h1>${s.heading}</h1>
        <nav aria-label="${s.sectionsLabel}"><ul class="sections">
          <li><a href="/admin/pledges.csv">${s.csvLink}</a></li>
          <li><a href="${inLang('/admin/resources', lang)}">${s.resourcesLink}</a></li>
          <li><a href="${inLang('/admin/updates', lang)}">${s.updatesLink}</a></li>
          <li><a href="${inLang('/admin/organizations', lang)}">${s.organizationsLink}</a></li>
          <li><a href="#flagged">${s.flaggedHeading}</a></li>
          <li><a href="#erase-request">${s.eraseRequestHeading}</a></li>
          <li><a href="#given-up">${s.givenUpHeading}</a></li>
          <li><a href="#posters">${s.postersLink}</a></li>
        </ul></nav>
        <form method="post" action="/admin/sign-out">${uiLangField(lang)}<button type="submit" class="button button--secondary button--small">${s.signOut}</button></form>
      </div>
      ${problem && (add?.errors.id || add?.errors.name)
        ? // Every field's problem in the summary, each linking to its field.
          errorSummary(s.errorSummaryTitle, [
            ...(add.errors.id ? [{ text: add.errors.id, href: '#new-id' }] : []),
            ...(add.errors.name ? [{ text: add.errors.name, href: '#new-name' }] : []),
          ])
        : outcomeBanner(notice, problem ? { title: s.errorSummaryTitle, href: problemHref } : null)}
      <ul class="totals" id="figures" tabindex="-1">
        <li><strong>${n(t.confirmed)}</strong> ${s.totalConfirmed}</li>
        <li><strong>${n(t.pending)}</strong> ${s.totalPending}</li>
        <li><strong>${n(t.flagged)}</strong> ${s.totalFlagged}</li>
        <li><strong>${n(t.withdrawn)}</strong> ${s.totalWithdrawn}</li>
      </ul>
      <p class="legend" aria-hidden="true">${s.legendBars} <span class="c"></span>${s.legendConfirmed} <span class="p"></span>${s.legendPending}</p>
      <div class="charts">
        ${chart(lang, s.bySociety, 'by-partner', s.society, byPartner)} ${chart(lang, s.byRole, 'by-role', s.role, byRole)}
        ${byDay.length ? chart(lang, s.byDay, 'by-day', s.day, byDay) : ''}
      </div>
      ${flaggedSection(flagged, partners, lang)}
      ${eraseRequestSection(lang, problem && problemHref === '#erase-email' ? notice : undefined, add?.erase)}
      ${givenUpSection(lang, stats.emailsGivenUp)}
      ${sourcesSection(stats.sources, partners, lang)} ${postersSection(partners, lang)}
      ${partnerForms(partners, lang, add)}`,
    DASHBOARD_CSS,
  );
}

/** A change that cannot be taken back, or that stops pledges, asks first on a page of its own: what it does, one button that does it, and the way back. */
function checkPage(
  lang: Lang,
  nonce: string,
  check: { heading: string; body: string; action: string; fields: Record<string, string>; button: string; back: string; more?: Html; lead?: Html; question?: string },
): Html {
  const s = ADMIN_STRINGS[lang];
  const back = `${inLang('/admin', lang)}${check.back}`;
  return adminPage(
    lang,
    `${check.heading} — ${s.heading} — RHEC Pledge`,
    nonce,
    html`<p><a href="${back}">${s.heading}</a></p>
      <h1 tabindex="-1" autofocus>${withEnglishNames(check.heading, lang)}</h1>${check.lead ?? ''}
      ${check.question ? html`<h2>${withEnglishNames(check.question, lang)}</h2>` : ''}
      <p>${check.body}</p>${check.more ?? ''}
      <div class="actions">
        <form method="post" action="${check.action}">
          ${Object.entries({ ...check.fields, confirm: 'yes' }).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}${uiLangField(lang)}
          <button type="submit" class="button">${check.button}</button>
        </form>
        <a class="button button--secondary" href="${back}">${s.checkKeep}</a>
      </div>`,
    `${DASHBOARD_CSS} .actions form { margin: 0; }`,
    '',
    formPageSwitchHref('/admin', lang, check.back),
  );
}

/** The check before a partner change that stops pledges (disabling a society, removing an origin). The table's buttons lead here. */
export function partnerCheckPage(lang: Lang, nonce: string, change: { action: 'disable'; id: string; name: string } | { action: 'remove-origin'; id: string; origin: string }): Html {
  const s = ADMIN_STRINGS[lang];
  const disable = change.action === 'disable';
  return checkPage(lang, nonce, {
    heading: disable ? s.checkDisableHeading(change.name, change.id) : s.checkRemoveHeading(change.origin, change.id),
    body: disable ? s.checkDisableBody : s.checkRemoveBody,
    action: '/admin/partners',
    fields: disable ? { action: 'disable', id: change.id } : { action: 'remove-origin', id: change.id, origin: change.origin },
    button: disable ? s.checkDisableButton(change.id) : s.checkRemoveButton(change.origin),
    back: '#partners',
  });
}

/** The check before erasing a flagged pledge (it cannot be taken back). */
export function eraseCheckPage(lang: Lang, nonce: string, pledge: { id: string; email: string }): Html {
  const s = ADMIN_STRINGS[lang];
  return checkPage(lang, nonce, {
    heading: s.checkEraseHeading(pledge.email),
    body: s.checkEraseBody,
    action: '/admin/flagged',
    fields: { action: 'erase', id: pledge.id },
    button: s.checkEraseButton,
    back: '#flagged',
  });
}

/**
 * The organization requests an address is the contact of (`contactOf`, their names), said as a sentence, and
 * the way to erase that contact too (the Organizations page's "Remove and erase contact"): withdrawing a
 * pledge does not reach them. Plain text for a notice; the check page gives it with the page's link.
 */
export function alsoContactText(lang: Lang, contactOf: readonly string[]): string {
  const s = ADMIN_STRINGS[lang];
  const [before, after] = s.eraseRequestContactKept(contactOf.length);
  return `${contactsOf(lang, contactOf)} ${before}${s.organizationsLink}${after}`;
}

/** "This address is also the contact of …", naming the requests as a list in the page's language. */
const contactsOf = (lang: Lang, contactOf: readonly string[]) =>
  ADMIN_STRINGS[lang].eraseRequestAlsoContact(new Intl.ListFormat(lang, { type: 'conjunction' }).format(contactOf), contactOf.length);

/**
 * What the lookup by address found, in plain words: held for review (and why), with the flagged list's own
 * release button (the same POST, so one confirmation at most, and a stale press is told so); waiting for its
 * confirmation, and where that email is; or confirmed, and when. When the address is `suppressed`, that no
 * email reaches it (why, since when) and what can be done, before any button: a release would send nothing.
 */
function pledgeState(lang: Lang, email: string, p: PledgeOfAddress, suppressed: Suppression | null): Html {
  const s = ADMIN_STRINGS[lang];
  const day = (iso: string | null) => (iso ? formatDay(iso, lang, 'long') : '');
  const state = p.flaggedPending ? 'held' : p.status === 'confirmed' ? 'confirmed' : 'pending';
  const [before, after] = s.lookupSuppressedDo[state];
  const off = suppressed
    ? html`<p>${s.lookupSuppressed(s.lookupSuppressedWhy[suppressed.reason] ?? suppressed.reason, day(suppressed.since))} ${before}<a href="${inLang('/admin/updates', lang)}#suppressions">${s.updatesLink}</a>${after}</p>`
    : '';
  if (state === 'held')
    return html`<p>${s.lookupHeld(s.flagReasons[p.flagReason ?? ''] ?? p.flagReason ?? '', day(p.receivedAt))}</p>${off}
      <form method="post" action="/admin/flagged">
        <input type="hidden" name="action" value="release" /><input type="hidden" name="id" value="${p.id}" />${uiLangField(lang)}
        <button type="submit" class="button">${s.release}<span class="visually-hidden">${s.releaseWhat(email)}</span></button>
      </form>`;
  if (state === 'confirmed') return html`<p>${s.lookupConfirmed(day(p.confirmedAt))}</p>${off}`;
  const e = s.lookupEmail;
  // Suppressed now, its confirmation will never go (nor has one that went been read): the paragraph above says why.
  // Failed: given up on after every try (the dashboard's list sends those again), or refused, or in doubt. Not sent: why.
  const sent = suppressed
    ? ''
    : p.confirmEmail === 'sent'
      ? e.sent(day(p.confirmSentAt))
      : p.confirmEmail === 'failed'
        ? p.confirmError === 'gave_up' && !p.confirmInDoubt ? e.failed : e.refused
        : p.confirmEmail === 'queued' || p.confirmEmail === 'sending'
          ? e.waiting
          : p.confirmEmail === 'cancelled'
            ? p.confirmError === 'suppressed' ? e.suppressed : p.confirmError === 'mailbox_cap' ? e.capped : e.notSent
            : '';
  return html`<p>${s.lookupPending(day(p.receivedAt))}${sent ? ` ${sent}` : ''}</p>${off}`;
}

/** The check before withdrawing and erasing a pledger's pledge at their request (it cannot be taken back), after what the lookup found (`pledge`). */
export function eraseRequestCheckPage(lang: Lang, nonce: string, email: string, pledge: PledgeOfAddress, contactOf: readonly string[] = [], suppressed: Suppression | null = null): Html {
  const s = ADMIN_STRINGS[lang];
  const [before, after] = s.eraseRequestContactKept(contactOf.length);
  return checkPage(lang, nonce, {
    heading: s.lookupHeading(email, pledge.partner),
    question: s.checkEraseRequestHeading(email, pledge.partner),
    body: s.checkEraseRequestBody,
    action: '/admin/erase-request',
    fields: { email },
    button: s.checkEraseRequestButton,
    back: '#erase-request',
    lead: pledgeState(lang, email, pledge, suppressed),
    ...(contactOf.length
      ? {
          more: html`<p>${contactsOf(lang, contactOf)} ${before}<a href="${inLang('/admin/organizations', lang)}">${s.organizationsLink}</a>${after}</p>`,
        }
      : {}),
  });
}

/**
 * An update's draft whose session ended while it was written: the form it was posted to (`then`)
 * and its fields, carried through the sign-in as hidden fields, then offered to save again.
 */
export interface KeptDraft {
  what: 'update' | 'resource';
  then: string;
  fields: [string, string][];
}

/** A kept draft's fields as hidden inputs, each name `prefix`ed (`keep.` on the sign-in form). */
const keptFields = (kept: KeptDraft, prefix = '') => kept.fields.map(([k, v]) => html`<input type="hidden" name="${prefix}${k}" value="${v}" />`);

/** After signing in again: the kept draft, saved only when the maintainer presses its button. */
export function keptDraftPage(lang: Lang, nonce: string, kept: KeptDraft): Html {
  const s = ADMIN_STRINGS[lang];
  // What names it: an update's subjects (each in its language), a resource's title (in its own).
  const resourceLang = kept.fields.find(([k]) => k === 'lang')?.[1];
  const names = kept.fields
    .filter(([k, v]) => (kept.what === 'update' ? /^subject_(en|es)$/.test(k) : k === 'title') && v.trim())
    .map(([k, v]) => ({ v, lang: (kept.what === 'update' ? k.slice(-2) : resourceLang === 'es' || resourceLang === 'en' ? resourceLang : lang) as Lang }));
  return adminPage(
    lang,
    s.keptDraftTitle[kept.what],
    nonce,
    html`<h1 tabindex="-1" autofocus>${s.keptDraftHeading[kept.what]}</h1>
      <p>${s.keptDraftBody}</p>
      ${names.length
        ? names.map((n) => html`<p>${kept.what === 'update' ? s.keptDraftSubjectIn[n.lang] : s.keptDraftSubjects[kept.what]} <strong lang="${n.lang}">${n.v}</strong></p>`)
        : html`<p>${s.keptDraftSubjects[kept.what]} ${s.keptDraftUntitled}</p>`}
      <div class="actions">
        <form method="post" action="${kept.then}">
          ${uiLangField(lang)}
          ${keptFields(kept)}
          <button type="submit" class="button">${s.keptDraftSave[kept.what]}</button>
        </form>
        <a class="button button--secondary" href="${inLang('/admin', lang)}">${s.keptDraftLeave}</a>
      </div>`,
    // As the check pages: the two choices side by side, each a full-size target (a slip onto "leave" loses the draft).
    `${DASHBOARD_CSS} .actions form { margin: 0; }`,
  );
}

/** The sign-in form in `lang`; `switchHref` as for dashboardPage. */
/** `notice`: why the sign-in page is shown (a session that ended), said as a status, not an error of the form's. */
/** `kept`: a draft the ended session was saving, carried through the sign-in (see keptDraftPage). */
export function signInPage(lang: Lang, nonce: string, error?: string, switchHref?: string, notice?: string, kept?: KeptDraft): Html {
  const s = ADMIN_STRINGS[lang];
  return adminPage(
    lang,
    error ? `${s.errorTitlePrefix}${s.signInTitle}` : s.signInTitle,
    nonce,
    html`<h1>${s.signInHeading}</h1>
      ${notice && !error ? html`<div class="notice" role="status" tabindex="-1" autofocus><p>${notice}</p></div>` : ''}
      ${error
        ? html`<div class="error-summary" id="error-summary" tabindex="-1" autofocus><div role="alert">
            <h2 class="error-summary__title">${s.errorSummaryTitle}</h2>
            <ul><li><a href="#token">${error}</a></li></ul></div></div>`
        : ''}
      <form method="post" action="/admin/sign-in">
        ${uiLangField(lang)}
        ${kept ? html`<input type="hidden" name="then" value="${kept.then}" />${keptFields(kept, 'keep.')}` : ''}
        <div class="field${error ? ' field--error' : ''}">
          <label for="token">${s.tokenLabel}</label>
          <p class="hint" id="token-hint">${s.tokenHint}</p>
          ${error ? html`<p class="error-message" id="token-error"><span class="visually-hidden">${s.errorPrefix}</span> ${error}</p>` : ''}
          <input type="password" id="token" name="token" autocomplete="current-password"
            aria-describedby="token-hint${error ? ' token-error' : ''}"${error ? raw(' aria-invalid="true"') : ''} />
        </div>
        <button type="submit" class="button">${s.signInButton}</button>
      </form>`,
    '',
    '',
    switchHref,
  );
}
