/**
 * The impact page (`/impact`): the coalition's public picture, with no JavaScript and a strict
 * CSP. Totals; a map of the United States by state (paths projected at build time, see
 * scripts/build-geo.ts), each state named with its figure, with its table, the territories and
 * the countries beside it; counts by society and role; pledges over time as a chart with its
 * table. Every figure from 1 to 4 reads "fewer than 5" (see suppress.ts).
 */
import { html, raw } from 'hono/html';
import { ABOUT_STRINGS } from '../about/strings.ts';
import { STRINGS } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/pledge-fields.ts';
import { US_STATES, US_TERRITORIES, isUsRegion, regionName } from '../../src/regions.ts';
import { page, type Html } from '../platform/pages/layout.ts';
import { formatDay, formatNumber } from '../platform/pages/locale.ts';
import { MAP_HEIGHT, MAP_WIDTH, STATE_PATHS } from './generated/us-map.ts';
import type { Day, PublicCounts } from './queries.ts';
import { IMPACT_STRINGS, type ImpactStrings } from './strings.ts';
import { suppress, suppressActive, suppressBreakdown, suppressPartition, type Suppressed } from './suppress.ts';
import { ACTION_KINDS, type ActionKind } from '../resources/strings.ts';
import { SMALLEST_PUBLISHED } from '../../src/smallest-published.ts';
import { withEnglishNames } from '../platform/pages/english-names.ts';

export interface ImpactData {
  counts: PublicCounts;
  /** Confirmed or recommitted within the last year (issue 13). */
  active: number;
  /** Of those, confirmed before the year began and renewed within it (0 when not given; see suppressActive). */
  renewed?: number;
  /** Actions pledgers reported (issue 13). */
  actions: number;
  /** The same, by what was done (they add up to `actions`). */
  actionsByKind: Record<ActionKind, number>;
  /** Organizations approved to join the coalition (issue 12). */
  organizations: number;
  days: Day[];
  partners: { id: string; name: string }[];
}

/** Lower bounds of the map's bands: none, fewer than 5 (1–4), then 5–24, 25–99, 100–499, 500+. */
const BAND_FLOORS = [0, 1, 5, 25, 100, 500] as const;

export function bandOf(value: Suppressed): number {
  if (value === null) return 1; // fewer than 5: the lowest band with pledges
  let band = 0;
  BAND_FLOORS.forEach((floor, i) => {
    if (value >= floor) band = i;
  });
  return band;
}

const format = formatNumber;

/** A region's figure: its count from 5, else `null` ("fewer than 5": none is never told apart from 1 to 4). */
const regionValue = (counts: PublicCounts, code: string): Suppressed =>
  Object.hasOwn(counts.regions, code) && counts.regions[code] !== 0 ? counts.regions[code]! : null;

/** A figure as a person reads it: "12", "fewer than 5", "none yet". */
/** `hidden`: what a `null` reads as (roles say "not shown": some are hidden only so others cannot be worked out). */
function figure(value: Suppressed, s: ImpactStrings, lang: Lang, hidden = s.fewer): string {
  if (value === null) return hidden;
  return value === 0 ? s.none : format(value, lang);
}

function bandLabel(band: number, s: ImpactStrings, lang: Lang): string {
  if (band === 0) return s.band.none;
  if (band === 1) return s.band.fewer;
  const from = BAND_FLOORS[band]!;
  const next = BAND_FLOORS[band + 1];
  return next ? s.range(format(from, lang), format(next - 1, lang)) : s.orMore(format(from, lang));
}


function usMap(counts: PublicCounts, s: ImpactStrings, lang: Lang): Html {
  const states = US_STATES.map(([code]) => {
    const value = regionValue(counts, code);
    const name = regionName(code, lang);
    const label = s.stateFigure(name, value === null ? s.fewerPledges : value === 0 ? s.nonePledges : s.pledges(format(value, lang)));
    return { code, value, label };
  });
  // One image that points to the table (a screen reader takes it faster than 51 shapes one by one);
  // each shape's <title> stays as the pointer's tooltip.
  return html`<figure class="map">
      <svg viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" role="img" aria-label="${s.mapLabel}">
        ${states.map(
          (st) => html`<path class="band-${bandOf(st.value)}" data-region="${st.code}" d="${STATE_PATHS[st.code]}"><title>${st.label}</title></path>`,
        )}
      </svg>
      <figcaption>
        <h3 class="legend-heading">${s.legendHeading}</h3>
        <ul class="legend">
          ${BAND_FLOORS.slice(1).map(
            (_, i, __, band = i + 1) => html`<li>
              <svg class="swatch" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><rect class="band-${band}" x="1" y="1" width="14" height="14"></rect></svg>
              ${bandLabel(band, s, lang)}
            </li>`,
          )}
        </ul>
      </figcaption>
    </figure>
    <details>
      <summary>${s.tableSummary}</summary>
      <table aria-labelledby="map-heading">
        <thead><tr><th scope="col">${s.stateColumn}</th><th scope="col" class="num">${s.pledgesColumn}</th></tr></thead>
        <tbody>
          ${states
            .slice()
            .sort((a, b) => regionName(a.code, lang).localeCompare(regionName(b.code, lang), lang))
            .map((st) => html`<tr><th scope="row">${regionName(st.code, lang)}</th><td class="num">${figure(st.value, s, lang)}</td></tr>`)}
        </tbody>
      </table>
    </details>`;
}

function beside(counts: PublicCounts, s: ImpactStrings, lang: Lang): Html {
  // By their names in the page's language, as the states' table (Samoa Americana comes last in Spanish).
  const territories = US_TERRITORIES.map(([code]) => ({ code, name: regionName(code, lang), value: regionValue(counts, code) })).sort((a, b) =>
    a.name.localeCompare(b.name, lang),
  );
  // Only countries with a figure shown (5 or more): the rest, none included, read alike.
  const abroad = Object.entries(counts.regions)
    .filter(([code, value]) => !isUsRegion(code) && value !== 0 && value !== null)
    .map(([code, value]) => ({ name: regionName(code, lang), value }))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || a.name.localeCompare(b.name, lang));
  return html`<div class="beside">
    <h3>${s.territoriesHeading}</h3>
    <dl class="figures">
      ${territories.map((t) => html`<div><dt>${t.name}</dt><dd>${figure(t.value, s, lang)}</dd></div>`)}
    </dl>
    <h3>${s.abroadHeading}</h3>
    ${abroad.length
      ? html`<dl class="figures">${abroad.map((c) => html`<div><dt>${c.name}</dt><dd>${figure(c.value, s, lang)}</dd></div>`)}</dl>
          <p>${s.abroadFewer}</p>`
      : html`<p>${s.abroadNone}</p>`}
  </div>`;
}

/**
 * A table whose rows carry a bar (drawn with SVG attributes, so the strict CSP allows it). A
 * figure not shown draws an empty track: any length would suggest the share the text withholds.
 */
/**
 * `labelledBy`: the id of the heading above it, which names it (a caption repeating the heading was
 * read twice by screen readers). `labelLang`: the rows' names' own language when it may not be the
 * page's (the societies' English names).
 */
function barTable(
  labelledBy: string,
  column: string,
  rows: { label: string; value: Suppressed }[],
  s: ImpactStrings,
  lang: Lang,
  hidden = s.fewer,
  labelLang?: Lang,
  figures = s.pledgesColumn,
): Html {
  const max = Math.max(5, ...rows.map((r) => r.value ?? 0));
  return html`<table class="bars" aria-labelledby="${labelledBy}">
    <thead><tr><th scope="col">${column}</th><th scope="col" class="num">${figures}</th></tr></thead>
    <tbody>
      ${rows.map(
        (r) => html`<tr>
          <th scope="row"${labelLang && labelLang !== lang ? raw(` lang="${labelLang}"`) : ''}>${r.label}</th>
          <td class="num">${figure(r.value, s, lang, hidden)}
            <svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="bar__track" width="100" height="6"></rect><rect class="bar__fill" width="${((r.value ?? 0) / max) * 100}" height="6"></rect></svg>
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** Monday of the week a day falls in. */
function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** The first day of the month a day falls in. */
const monthOf = (day: string): string => `${day.slice(0, 7)}-01`;

/**
 * Confirmed pledges in total at the end of each day (or week, once the campaign is longer than
 * 45 days; or month, once it is longer than a year, so the page stays under 60 KB however long
 * it runs: a row a week would grow it by about 4 KB a year). A period is shown only once the total has grown by at least SMALLEST_PUBLISHED since
 * the last one shown (the first, once it reaches it): consecutive totals would otherwise give
 * away how many confirmed on a day, 1 to 4 included. The periods in between fold into the next
 * one shown. The last period, the total as of now, is always shown once it reaches 5.
 */
export function timeline(days: Day[]): { unit: 'day' | 'week' | 'month'; points: { period: string; total: number }[] } {
  const first = days[0]?.day;
  const last = days.at(-1)?.day;
  const span = first && last ? (Date.parse(last) - Date.parse(first)) / 86_400_000 : 0;
  const unit = span > 365 ? 'month' : span > 45 ? 'week' : 'day';
  const periods: { period: string; total: number }[] = [];
  let total = 0;
  for (const d of days) {
    total += d.confirmed;
    const period = unit === 'month' ? monthOf(d.day) : unit === 'week' ? weekOf(d.day) : d.day;
    if (periods.at(-1)?.period === period) periods.at(-1)!.total = total;
    else periods.push({ period, total });
  }
  const points: typeof periods = [];
  for (const p of periods) if (p.total - (points.at(-1)?.total ?? 0) >= SMALLEST_PUBLISHED) points.push(p);
  // The chart ends at the total, which the page gives exactly: so every point before it must be at
  // least 5 below it too, or the total minus the last point would tell how many confirmed since.
  const now = periods.at(-1);
  if (now && total >= SMALLEST_PUBLISHED && points.at(-1) !== now) {
    while (points.length && total - points.at(-1)!.total < SMALLEST_PUBLISHED) points.pop();
    points.push(now);
  }
  return { unit, points };
}

function overTime(days: Day[], s: ImpactStrings, lang: Lang): Html {
  const { unit, points } = timeline(days);
  if (!points.length) return html`<p>${s.timeEmpty}</p>`;
  const W = 640;
  const H = 180;
  const left = 8;
  const top = 8;
  const bottom = H - 6;
  const max = Math.max(...points.map((p) => p.total));
  const x = (i: number) => (points.length === 1 ? W / 2 : left + (i * (W - 2 * left)) / (points.length - 1));
  const y = (v: number) => bottom - (v / max) * (bottom - top);
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.total).toFixed(1)}`).join('');
  const area = `${line}L${x(points.length - 1).toFixed(1)},${bottom}L${x(0).toFixed(1)},${bottom}Z`;
  const firstDay = formatDay(points[0]!.period, lang);
  const lastDay = formatDay(points.at(-1)!.period, lang);
  // The drawing's name says its days as a sentence does: 5 de marzo de 2026, not the labels' 5 mar 2026 ("mar", read out, is the sea).
  const saidFirst = formatDay(points[0]!.period, lang, 'long');
  const saidLast = formatDay(points.at(-1)!.period, lang, 'long');
  // One period (launch day): a line of one point draws nothing, and nothing has risen yet.
  const one = points.length === 1;
  // The labels are the page's own text around the drawing, not SVG text: scaled down with it on a
  // phone they were 6 px tall. The drawing's name says the same, so they are hidden from it.
  return html`<p>${s.timeIntro} ${s[unit]}. ${s.timeSteps}</p>
    <figure class="chart-box">
      <p class="chart-max" aria-hidden="true">${format(max, lang)}</p>
      <svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${one ? s.chartLabelOne(saidFirst, format(max, lang)) : s.chartLabel(saidFirst, saidLast, format(max, lang))}">
        <line class="axis" x1="${left}" x2="${W - left}" y1="${bottom}" y2="${bottom}"></line>
        <line class="grid" x1="${left}" x2="${W - left}" y1="${top}" y2="${top}"></line>
        <path class="area" d="${area}"></path>
        ${one
          ? html`<path class="line" d="M${x(0).toFixed(1)},${bottom}V${y(max).toFixed(1)}"></path><circle class="dot" cx="${x(0).toFixed(1)}" cy="${y(max).toFixed(1)}" r="7"></circle>`
          : html`<path class="line" d="${line}"></path>`}
      </svg>
      <p class="${one ? 'chart-days chart-days--one' : 'chart-days'}" aria-hidden="true"><span>${firstDay}</span>${one ? '' : html`<span>${lastDay}</span>`}</p>
    </figure>
    <details>
      <summary>${s.timeSummary}</summary>
      <table aria-labelledby="time-heading">
        <thead><tr><th scope="col">${s.periodColumn(unit)}</th><th scope="col" class="num">${s.cumulativeColumn}</th></tr></thead>
        <tbody>
          ${points.map((p) => html`<tr><th scope="row">${formatDay(p.period, lang)}</th><td class="num">${format(p.total, lang)}</td></tr>`)}
        </tbody>
      </table>
    </details>`;
}

const CSS = `
  .rhec-host, .rhec-host .card { max-width: 64em; }
  .impact h2 { font-size: 1.35em; margin: 1.6em 0 .5em; }
  .impact h3 { font-size: 1.05em; margin: 1em 0 .4em; }
  .total { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25em .6em; margin: .6em 0; }
  .total__n { font-size: 2.6em; font-weight: 800; line-height: 1.1; color: var(--_accent); }
  .total__label { font-size: 1.2em; font-weight: 700; }
  .totals { list-style: none; padding: 0; margin: 0 0 .8em; display: grid; gap: 4px; } /* one figure a line: side by side, they wrapped unevenly */
  .totals b { font-size: 1.3em; color: var(--_accent); }
  .totals a b { color: inherit; } /* the organizations' figure is its link's name too: one colour, one underline */
  .cta { display: inline-block; text-decoration: none; margin: .4em 0 .8em; }
  .map-grid { display: grid; gap: 16px; grid-template-columns: minmax(0, 3fr) minmax(12em, 1fr); align-items: start; }
  @media (max-width: 44em) { .map-grid { grid-template-columns: minmax(0, 1fr); } }
  .map { margin: 0; }
  .map > svg { display: block; width: 100%; height: auto; }
  .map path { stroke: #fff; stroke-width: 1; stroke-linejoin: round; }
  .band-1 { fill: #cfe0f3; } .band-2 { fill: #94bde6; }
  .band-3 { fill: #4f8fcf; } .band-4 { fill: #23609f; } .band-5 { fill: #0d3565; }
  .legend { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; }
  .legend li { display: flex; align-items: center; gap: 6px; }
  .swatch { width: 16px; height: 16px; flex: none; }
  .swatch rect { stroke: #5a6372; stroke-width: 1; }
  .legend-heading { margin-top: .6em; }
  .figures { margin: 0; }
  .figures div { display: flex; justify-content: space-between; gap: 8px; padding: 4px 0; border-bottom: 1px solid var(--_border); }
  .figures dt, .figures dd { margin: 0; }
  .figures dd { font-variant-numeric: tabular-nums; text-align: end; flex: none; white-space: nowrap; }
  table { width: 100%; border-collapse: collapse; margin: .4em 0; }
  th, td { text-align: start; padding: 6px 4px; border-bottom: 1px solid var(--_border); vertical-align: top; }
  td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; }
  /* On a phone, the tables' longest words side by side ("Massachusetts" | "Compromisos", "Administrador/a" | "no se muestra") fit its column. */
  @media (max-width: 30em) { table { font-size: .9em; } th, td { padding: 6px 2px; } }
  .bars td { width: 40%; }
  /* Narrower (320 px, text at 200 %): each row's figure under its name, not words broken inside; still a table to a screen reader. */
  @container (max-width: 16em) {
    tr { display: block; padding: 6px 0; border-bottom: 1px solid var(--_border); }
    th, td, td.num, th.num, .bars td { display: block; width: auto; padding: 0; border: 0; text-align: start; }
  }
  .bar { display: block; width: 100%; height: 6px; margin-top: 4px; }
  .bar__track { fill: #e4e8ee; } .bar__fill { fill: var(--_accent); }
  details { margin: .6em 0; }
  summary { cursor: pointer; color: var(--_accent); text-decoration: underline; padding: 4px 0; }
  .chart-box { margin: .4em 0; }
  .chart { display: block; width: 100%; height: auto; }
  .chart-max, .chart-days { margin: 0; font-size: .9em; font-variant-numeric: tabular-nums; }
  .chart-days { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1em; }
  .chart-days--one { justify-content: center; }
  .chart .area { fill: #cfe0f3; } .chart .line { fill: none; stroke: var(--_accent); stroke-width: 3; } .chart .dot { fill: var(--_accent); }
  .chart .axis, .chart .grid { stroke: #5a6372; stroke-width: 1; } .chart .grid { stroke-dasharray: 4 4; }
  .chart .line, .chart .axis, .chart .grid { vector-effect: non-scaling-stroke; } /* as thick on a phone as on a desktop */
  .small { color: var(--_muted); font-size: .9em; }
  /* In a dark scheme, more pledges is lighter (on a dark ground the darkest band would vanish into
     it), states are parted by the card's own colour, and the tracks and lines are the dark theme's. */
  @supports (color: light-dark(#fff, #000)) {
    .map path { stroke: var(--_bg); }
    .band-1 { fill: light-dark(#cfe0f3, #2c3f57); } .band-2 { fill: light-dark(#94bde6, #2f639b); }
    .band-3 { fill: light-dark(#4f8fcf, #4f8fcf); } .band-4 { fill: light-dark(#23609f, #94bde6); } .band-5 { fill: light-dark(#0d3565, #e1edfa); }
    .swatch rect, .chart .axis, .chart .grid { stroke: light-dark(#5a6372, #9aa3ae); }
    .bar__track { fill: light-dark(#e4e8ee, #2c333d); }
    .chart .area { fill: light-dark(#cfe0f3, #23405f); }
  }
  @media (forced-colors: active) {
    .map > svg, .swatch, .bar__fill, .chart .line, .chart .area, .chart .dot { forced-color-adjust: none; }
    .map > svg, .swatch { background: #fff; color-scheme: light; } /* its light bands, on its own white ground */
    .map path { stroke: #1b1f24; } .swatch rect { stroke: #1b1f24; }
    .chart .area { fill: Canvas; } .chart .line { stroke: CanvasText; } .chart .dot { fill: CanvasText; }
    .chart .axis, .chart .grid { stroke: CanvasText; }
    .bar__track { fill: Canvas; } .bar__fill { fill: CanvasText; }
  }
`;

/** `origin`: the public origin (PUBLIC_ORIGIN), which makes the canonical address and its languages' whole URLs. */
export function impactPage(data: ImpactData, lang: Lang, nonce: string, head: Html, origin = ''): Html {
  const s = IMPACT_STRINGS[lang];
  const w = STRINGS[lang];
  const { counts } = data;
  const other: Lang = lang === 'es' ? 'en' : 'es';
  return page(
    lang,
    s.title,
    nonce,
    html`<div class="impact">
      <h1 class="heading">${s.title}</h1>
      <p class="total">${suppress(counts.total) === null
        ? html`<span class="total__label">${s.totalFew}</span>`
        : html`<span class="total__n">${format(counts.total, lang)}</span> <span class="total__label">${s.totalLabel}</span>`}</p>
      <ul class="totals">
        ${((active) => active !== null || counts.total < SMALLEST_PUBLISHED
          ? html`<li><b>${active !== null ? format(active, lang) : s.fewer}</b> ${s.activeLabel}</li>`
          : html`<li>${s.activeHidden}</li>`)(suppressActive(data.active, counts.total, data.renewed ?? 0))}
        <li><b>${suppress(data.actions) === null ? s.fewer : format(data.actions, lang)}</b> ${s.actionsLabel}</li>
        <li><a href="/organizations?lang=${lang}"><b>${format(data.organizations, lang)}</b> ${data.organizations === 1 ? s.organizationsLabelOne : s.organizationsLabel}</a></li>
      </ul>
      <p>${withEnglishNames(s.lead, lang)} <a href="/about?lang=${lang}">${ABOUT_STRINGS[lang].moreLink}</a></p>
      <a class="button cta" href="/pledge?lang=${lang}&amp;source=impact">${s.pledgeCta}</a>

      <h2 id="map-heading">${s.mapHeading}</h2>
      <p>${s.mapIntro}</p>
      <div class="map-grid">
        <div>${usMap(counts, s, lang)}</div>
        ${beside(counts, s, lang)}
      </div>

      <h2 id="societies-heading">${s.societiesHeading}</h2>
      ${barTable(
        'societies-heading',
        s.societyColumn,
        // Every pledge counts for one society and the total is exact, so the societies are hidden
        // together, as the roles are: one "fewer than 5" beside exact others would be the difference.
        ((shown) => data.partners.map((p) => ({ label: p.name, value: shown[p.id] ?? null })))(
          suppressPartition(Object.fromEntries(data.partners.map((p) => [p.id, counts.partners[p.id] ?? 0]))),
        ),
        s,
        lang,
        s.notShown,
        'en',
      )}

      <h2 id="roles-heading">${s.rolesHeading}</h2>
      ${barTable(
        'roles-heading',
        s.roleColumn,
        Object.entries(counts.roles).map(([role, value]) => ({ label: w.roles[role as keyof typeof w.roles] ?? role, value })),
        s,
        lang,
        s.notShown,
      )}

      <h2 id="actions-heading">${s.actionsHeading}</h2>
      <p>${s.actionsIntro}</p>
      ${suppress(data.actions) === null || data.actions === 0
        ? html`<p>${data.actions === 0 ? s.actionsNone : s.actionsFew}</p>`
        : barTable(
            'actions-heading',
            s.actionColumn,
            ((shown) => ACTION_KINDS.map((k) => ({ label: s.actionKinds[k], value: shown[k] })))(suppressBreakdown(data.actionsByKind)),
            s,
            lang,
            s.notShown,
            undefined,
            s.actionsColumn,
          )}

      <h2 id="time-heading">${s.timeHeading}</h2>
      ${overTime(data.days, s, lang)}

      <p class="small">${s.updated}</p>
      <p class="small">${s.privacy}</p>
    </div>`,
    CSS,
    head,
    `/impact?lang=${other}`,
    `${origin.replace(/\/$/, '')}/impact?lang=${lang}`,
  );
}
