/**
 * `<rhec-pledge-count>`: the coalition's running total in one line for a page's header or
 * sidebar, linking to the pledge. A second, tiny drop-in script (`/rhec-pledge-count.js`,
 * ≤ 3 KB gzip): no Lit, no form, no list of regions. Text only ever goes in as text
 * (`textContent`), styles as a constructable stylesheet, so it is safe under a strict CSP.
 *
 * Counts below 5 are never shown: until the total (or the society's count) reaches 5, the line
 * invites a pledge without a figure.
 */
import { societyInSpanish } from './content/society-articles.ts';
import { formatCount } from './i18n/format.ts';
import { partnerIdOf } from './partner-id.ts';
import { COUNT_CSS } from './rhec-pledge-count.styles.ts';
import { SMALLEST_PUBLISHED } from './smallest-published.ts';

/** `Object.hasOwn`, which Safari before 15.4 lacks (as base-element.ts's, which would bring Lit here). */
const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

type Lang = 'en' | 'es';
interface Stats {
  total: number;
  partners: Record<string, number>;
  /** Pledges confirmed or recommitted within the last year; `null` while fewer than 5. */
  active?: number | null;
  /** Actions pledgers reported (the coalition's first measure of outcomes); `null` while fewer than 5. */
  actions?: number | null;
}

const TEXT: Record<Lang, { total: (n: number) => string; none: string; add: string; active: (n: string) => string; actions: (n: string) => string; partner: (n: string, p: string) => string }> = {
  en: {
    total: (n) => (n === 1 ? ' radiology professional has committed to act — ' : ' radiology professionals have committed to act — '),
    none: 'Radiology professionals are committing to act — ',
    add: 'add your name',
    active: (n) => `${n} active this year`,
    actions: (n) => `${n} actions reported`,
    partner: (n, p) => `${n} through ${p}`,
  },
  es: {
    total: (n) => (n === 1 ? ' profesional de la radiología se ha comprometido a actuar: ' : ' profesionales de la radiología se han comprometido a actuar: '),
    none: 'Profesionales de la radiología se comprometen a actuar: ',
    add: 'sume su nombre',
    active: (n) => `${n} activos este año`,
    actions: (n) => `${n} acciones comunicadas`,
    // With the article a member society's name takes ("a través de la RSNA", "del ACR"), as the hosted pages say it.
    partner: (n, p) => `${n} a través ${societyInSpanish(p.toLowerCase(), p, 'de')}`,
  },
};

/** The origin this script came from: `document.currentScript`, or (as a module) its own tag. */
const SCRIPT_ORIGIN = (() => {
  try {
    const src =
      (document.currentScript as HTMLScriptElement | null)?.src ||
      [...document.querySelectorAll<HTMLScriptElement>('script[src*="rhec-pledge-count"]')].pop()?.src;
    return new URL(src || location.href).origin;
  } catch {
    return location.origin;
  }
})();

let sheet: CSSStyleSheet | null = null;
/**
 * One fetch of the counts per API origin for every counter on the page. A failed one is
 * forgotten, so the next counter connected (or an attribute changed) asks again: in a
 * single-page app the page lives for the whole visit.
 */
const requests = new Map<string, Promise<Stats | null>>();
/** The API origins a failure was already reported for, and the unknown partner ids: one console warning each. */
const warned = new Set<string>();

function loadStats(api: string): Promise<Stats | null> {
  let request = requests.get(api);
  if (!request) {
    const url = new URL('/api/stats', api);
    request = fetch(url, { credentials: 'omit' })
      // (-1: it answered, but not with the counts (not JSON, or JSON without `partners`: a site's
      // own /api/stats, for a copy bundled without `api`); 0: the request itself failed.)
      .then<Stats | number, number>((res) => (res.ok ? (res.json() as Promise<Stats>).then((s) => (s?.partners ? s : -1), () => -1) : res.status), () => 0)
      .then(async (stats) => {
        if (typeof stats == 'object') return stats;
        requests.delete(api);
        if (!warned.has(api)) {
          warned.add(api);
          // Blocked by the browser (CORS) while an opaque request gets through: the service is up,
          // and refuses this page's origin. Neither: it could not be reached at all.
          const why = stats
            ? `it answered ${stats < 0 ? 'with something else' : stats}`
            : (await fetch(url, { mode: 'no-cors', credentials: 'omit' }).then(() => 1, () => 0))
              ? `it answered, but not to this page's origin (${location.origin}): is it registered for a partner?`
              : 'it could not be reached: is `api` its origin, and is it up?';
          console.warn(`<rhec-pledge-count>: no figure is shown: the counts could not be read from ${url} (${why}).`);
        }
        return null;
      });
    requests.set(api, request);
  }
  return request;
}

/**
 * The coalition's running total in one line.
 *
 * @tagname rhec-pledge-count
 * @summary The coalition's pledge count, with a link to add your name.
 *
 * @attr partner - Partner society id; also shows that society's own count.
 * @attr lang - `en` or `es`; defaults to the language around it: the nearest `lang` attribute, else the page's `<html lang>` (followed when the page changes it).
 * @attr href - Where "add your name" goes; default: the hosted pledge page.
 * @attr api - API origin; default: the origin the script was loaded from.
 * @attr theme - `light`, `dark` or `auto`.
 *
 * @csspart text - The sentence.
 * @csspart link - The "add your name" link.
 * @csspart active - The pledges active this year (confirmed or renewed in the last 12 months).
 * @csspart actions - The actions pledgers reported (shown from 5).
 * @csspart partner - The society's count.
 *
 * @cssprop --rhec-accent - The figure and the link. Default `#1f4e8c`.
 * @cssprop --rhec-text - Text colour.
 * @cssprop --rhec-muted - The society's line.
 * @cssprop --rhec-background - Background. Default: transparent.
 * @cssprop --rhec-font - Font family. Default: the system UI font.
 * @cssprop --rhec-font-size - Base font size. Default: the visitor's own browser font size (`medium`: 16px unless they set it larger), never the host page's root size.
 * @cssprop --rhec-radius - Corner radius. Default `0`.
 * @cssprop --rhec-space - Padding. Default `0`.
 * @cssprop --rhec-focus - Focus ring. Default `#ffbf47`.
 * @cssprop --rhec-accent-dark - The accent in the dark theme (each colour property has a `-dark` twin; `--rhec-focus` has none).
 * @cssprop --rhec-text-dark - Text colour in the dark theme.
 * @cssprop --rhec-muted-dark - The society's line in the dark theme.
 * @cssprop --rhec-background-dark - Background in the dark theme.
 */
export class RhecPledgeCount extends HTMLElement {
  static observedAttributes = ['partner', 'lang', 'href', 'api'];

  private stats: Stats | null = null;
  /** The height the page reserved for it before it was ready (px): its least height from then on. */
  private held = 0;
  private root = this.attachShadow({ mode: 'open' });
  /** The sentence, and its "add your name" link (see `render`). */
  private line?: HTMLParagraphElement;
  private add?: HTMLAnchorElement;
  /** Redraws it when the page's `<html lang>` changes: a site that switches its language in place switches the counter with it. */
  private langWatch = new MutationObserver(() => this.render());

  constructor() {
    super();
    try {
      sheet ??= new CSSStyleSheet();
      sheet.replaceSync(COUNT_CSS);
      this.root.adoptedStyleSheets = [sheet];
    } catch {
      // No constructable stylesheets (very old browsers): the text still reads well unstyled.
    }
  }

  /**
   * `partner`, `api` and `href` as properties too, reflected to their attributes: React 19 and
   * Vue set a name the element has as a property, and a getter alone made that assignment throw.
   */
  get partner(): string {
    return this.getAttribute('partner') ?? '';
  }
  set partner(value: string | null) {
    this.reflect('partner', value);
  }
  get api(): string {
    return this.getAttribute('api') ?? '';
  }
  set api(value: string | null) {
    this.reflect('api', value);
  }
  get href(): string {
    return this.getAttribute('href') ?? '';
  }
  set href(value: string | null) {
    this.reflect('href', value);
  }

  private reflect(name: string, value: string | null | undefined) {
    if (value == null) this.removeAttribute(name);
    else this.setAttribute(name, String(value));
  }

  /** `api`'s origin when it is an http(s) address; otherwise (`about:blank`, `data:`, a typo) the script's. */
  private get apiOrigin(): string {
    try {
      const url = new URL(this.api || SCRIPT_ORIGIN);
      if (/^https?:$/.test(url.protocol)) return url.origin;
    } catch {}
    return SCRIPT_ORIGIN;
  }

  private get language(): Lang {
    // As the widget reads it: its own lang, else the nearest non-empty one around it, else the page's.
    const tag = (this.getAttribute('lang') || this.closest('[lang]:not([lang=""])')?.getAttribute('lang') || document.documentElement.lang || '').toLowerCase();
    return tag.startsWith('es') ? 'es' : 'en';
  }

  private get partnerId(): string {
    const id = partnerIdOf(this.partner);
    return /^[a-z0-9-]{1,32}$/.test(id) ? id : '';
  }

  /** `href` if it is an http(s) URL; otherwise the hosted pledge page for this partner and language. */
  private get link(): string {
    try {
      const href = new URL(this.href, location.href);
      if (this.href && /^https?:$/.test(href.protocol)) return href.href;
    } catch {}
    const url = new URL('/pledge', this.apiOrigin);
    if (this.partnerId) url.searchParams.set('partner', this.partnerId);
    url.searchParams.set('lang', this.language);
    url.searchParams.set('source', 'counter');
    return url.href;
  }

  connectedCallback() {
    // Set as properties before the script defined the element, they are the instance's own and
    // hide the accessors: hand them to the accessors (as Lit does).
    for (const name of ['partner', 'api', 'href'] as const) {
      if (hasOwn(this, name)) {
        const value = this[name];
        Reflect.deleteProperty(this, name);
        this[name] = value;
      }
    }
    this.langWatch.observe(document.documentElement, { attributeFilter: ['lang'] });
    this.render();
    const api = this.apiOrigin;
    void loadStats(api).then((stats) => {
      if (api !== this.apiOrigin) return;
      if (stats) {
        this.stats = stats;
        // A misspelt `partner` (as the widget warns of it): the society's line never shows.
        const id = this.partner;
        if (id && !hasOwn(stats.partners, this.partnerId) && !warned.has(`partner=${id}`)) {
          warned.add(`partner=${id}`);
          console.warn(`<rhec-pledge-count>: partner="${id}" is not an active partner id, so no society count is shown. Use one of: ${Object.keys(stats.partners).join(', ')}.`);
        }
      }
      // Its final height is known once the counts answered (or could not): a page's reserved
      // space (`rhec-pledge-count:not([ready])`, EMBEDDING.md) holds until then. Fewer lines than
      // reserved (the service down, counts still below 5): it keeps the reserved height, so the
      // page below does not move up either.
      if (!this.hasAttribute('ready')) this.held = this.getBoundingClientRect().height;
      this.toggleAttribute('ready', true);
      this.render();
    });
  }

  disconnectedCallback() {
    this.langWatch.disconnect();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.connectedCallback();
  }

  private render() {
    const lang = this.language;
    const t = TEXT[lang];
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text = '', part = '') => {
      const node = document.createElement(tag);
      node.textContent = text;
      if (part) node.setAttribute('part', part);
      return node;
    };
    const total = this.stats?.total ?? 0;
    // The sentence and its link are drawn once and kept: what is around the link is drawn anew. A
    // link the keyboard (or a screen reader's cursor) is on keeps it when the counts arrive or the
    // language changes; drawn anew, it was taken out of the page, and the focus with it.
    if (!this.line) {
      this.line = el('p', '', 'text');
      this.line.append((this.add = el('a', '', 'link')));
      this.root.append(this.line);
    }
    const p = this.line;
    const a = this.add!;
    while (a.previousSibling) a.previousSibling.remove();
    while (a.nextSibling) a.nextSibling.remove();
    if (total >= SMALLEST_PUBLISHED) {
      a.before(el('b', formatCount(total)), t.total(total));
    } else {
      a.before(t.none);
    }
    a.textContent = t.add;
    a.href = this.link;
    const active = this.stats?.active ?? 0;
    if (total >= SMALLEST_PUBLISHED && active >= SMALLEST_PUBLISHED) p.append(el('span', t.active(formatCount(active)), 'active'));
    const actions = this.stats?.actions ?? 0;
    if (actions >= SMALLEST_PUBLISHED) p.append(el('span', t.actions(formatCount(actions)), 'actions'));
    const own = this.stats?.partners[this.partnerId] ?? 0;
    if (this.partnerId && own >= SMALLEST_PUBLISHED) {
      p.append(el('span', t.partner(formatCount(own), this.partnerId.toUpperCase()), 'partner'));
    }
    p.lang = lang;
    // Its words are English or Spanish, whatever the page's direction (as the widget's card): on a
    // right-to-left page the figures would otherwise be drawn after their words ("through RSNA 30").
    // (`all: initial` in its styles leaves `direction` to the page.)
    p.dir = 'ltr';
    if (this.held) p.style.minHeight = `${this.held}px`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rhec-pledge-count': RhecPledgeCount;
  }
}
