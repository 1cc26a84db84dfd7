import { html, nothing } from 'lit/html.js';
import { BaseElement, hasOwn, type PropertyValues } from './base-element.ts';
import { getJson, type Regions, type Stats, type Step } from './api-client.ts';
import { FACTS, SOCIETIES } from './content/coalition.ts';
import type { PledgeErrorEvent } from './events/pledge-error-event.ts';
import type { PledgeSubmitEvent } from './events/pledge-submit-event.ts';
import type { FirstStrings as Strings } from './i18n/en.ts';
import { fill, formatCount, plural } from './i18n/format.ts';
import { fallbackFor, loadStrings, pickLang, RETRY_MS, stringsFor } from './i18n/load.ts';
import { FORM, MAX_LENGTH, type Choice, type Lang, type RegionSelects, type TextInput } from './pledge-fields.ts';
import { styles } from './rhec-pledge.styles.ts';
import { SCRIPT_ORIGIN } from './script-origin.ts';
import { SMALLEST_PUBLISHED } from './smallest-published.ts';
import type { TurnstileChallenge } from './turnstile.ts';
import { loadKiosk, type KioskApi, type KioskHost } from './controllers/kiosk-loader.ts';
import { loadAfter, type After } from './controllers/after-loader.ts';

/**
 * The templates the build leaves to Lit to prepare in the browser on first use. The build compiles
 * the `html` templates (scripts/compile-lit-templates.ts): the first render then skips preparing
 * them, but each carries its list of parts in the script. Left to Lit: those drawn only after the
 * first render (the counts and regions once they arrive, errors, problems, the compact button).
 * Every template of the first render is compiled, the smallest too (the "optional" span, a hint,
 * the members' abbreviations, the bar), for 32 B of gzip (issue 15, 2026-12-02: with the email
 * field alone given a `type`, below, the script's task went from 17.8–18.1 to 16.1–16.2 ms of
 * CPU, the least of 20 traced loads each, twice).
 * (The compiler only compiles `html` as imported: an alias is left alone.)
 */
const uncompiled = html;

type Phase = 'form' | 'submitting' | 'done';
/** A region select, with the list it shows or is being given. */
type RegionSelect = HTMLSelectElement & { filled?: [string, string][] };
type Problem = 'network' | 'busy' | 'server' | null;

/**
 * A bar filled to `ratio` (a share or a count's part of its goal: never below 0; full from 1),
 * drawn as SVG: its geometry lives in attributes, not inline styles, so it renders under a strict
 * Content-Security-Policy. Decorative: the figure it shows is always also given as text.
 */
function bar(className: string, ratio: number) {
  return html`<svg class=${className} viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
    <rect class="bar__track" width="100" height="8"></rect>
    <rect class="bar__fill" width=${Math.min(100, ratio * 100)} height="8"></rect>
  </svg>`;
}

/**
 * The Radiology Health Equity Coalition pledge: the commitment, the coalition's facts,
 * a live count and an accessible pledge form, in one element any partner site can embed.
 *
 * @tagname rhec-pledge
 * @summary The RHEC pledge form, embeddable with one script tag.
 *
 * @fires rhec-pledge-submit - The form was sent to the pledge service, valid or not (`rhec-pledge-success` or `rhec-pledge-error` follows). `detail: { partner, lang, corrected }`.
 * @fires rhec-pledge-success - The pledge was accepted. `detail: { partner, lang, role, corrected }`.
 * @fires rhec-pledge-error - The pledge was not taken. `detail: { partner, kind, fields }`.
 *
 * @csspart card - The outer card.
 * @csspart heading - The commitment heading.
 * @csspart facts - The coalition facts section.
 * @csspart count - The live pledge count.
 * @csspart active - The count's pledges active this year (confirmed or renewed in the last 12 months; shown from 5, not in the compact layout).
 * @csspart actions - The count's actions pledgers reported (shown from 5, not in the compact layout).
 * @csspart partner - The count's line for this society.
 * @csspart form - The pledge form.
 * @csspart input - Every text input.
 * @csspart button - The submit, open and retry buttons.
 * @csspart error-summary - The "There is a problem" summary.
 * @csspart thanks - The thank-you panel.
 * @csspart steps - The thank-you panel's list of next steps for the pledger's role.
 * @csspart organizations - The "Pledging for your organization?" path.
 *
 * @cssprop --rhec-accent - Buttons, links, focus and bars. Default `#1f4e8c`.
 * @cssprop --rhec-accent-text - Text on the accent colour. Default `#fff`.
 * @cssprop --rhec-text - Body text colour.
 * @cssprop --rhec-background - Card background.
 * @cssprop --rhec-font - Font family. Default: the system UI font.
 * @cssprop --rhec-font-size - Base font size. Default: the visitor's own browser font size (`medium`: 16px unless they set it larger), never the host page's root size.
 * @cssprop --rhec-radius - Corner radius. Default `8px`.
 * @cssprop --rhec-space - Base spacing unit. Default `16px`.
 * @cssprop --rhec-muted - Secondary text (hints, the society's line). Default `#4a5360`.
 * @cssprop --rhec-surface - Fact cards and panels. Default `#f3f5f8`.
 * @cssprop --rhec-border - Field borders, and the edge of the bars' tracks. Default `#6b7480`.
 * @cssprop --rhec-error - Error messages and their bars. Default `#b3261e`.
 * @cssprop --rhec-focus - The focus ring's fill, in both themes. Default `#ffbf47`.
 * @cssprop --rhec-scroll-margin - Space kept above a field scrolled into view (a sticky page header). Default `96px`.
 * @cssprop --rhec-accent-dark - The accent in the dark theme (every colour property but `--rhec-focus` has a `-dark` twin).
 * @cssprop --rhec-accent-text-dark - Text on the accent colour, dark theme.
 * @cssprop --rhec-text-dark - Body text, dark theme.
 * @cssprop --rhec-muted-dark - Secondary text, dark theme.
 * @cssprop --rhec-background-dark - Card background, dark theme.
 * @cssprop --rhec-surface-dark - Fact cards and panels, dark theme.
 * @cssprop --rhec-border-dark - Borders, dark theme.
 * @cssprop --rhec-error-dark - Error messages, dark theme.
 */
export class RhecPledge extends BaseElement {
  static override styles = styles;

  // Declared without decorators: the drop-in script then carries no decorator helpers.
  static override properties = {
    partner: { reflect: true },
    lang: { reflect: true },
    api: {},
    theme: { reflect: true },
    layout: { reflect: true },
    headingLevel: { attribute: 'heading-level', type: Number },
    hideFacts: { attribute: 'hide-facts', type: Boolean },
    goal: { type: Number },
    turnstileSiteKey: { attribute: 'turnstile-site-key' },
    phase: { state: true },
    problem: { state: true },
    errors: { state: true },
    _stats: { state: true },
    copied: { state: true },
    _opened: { state: true },
    setup: { state: true },
    _stringsLoaded: { state: true },
    _regions: { state: true },
    kioskApi: { state: true },
    steps: { state: true },
    source: {},
    kiosk: { type: Boolean },
  };

  /** Partner society id, for attribution (e.g. `rsna`). Checked on load against the pledge service. */
  partner = '';

  /**
   * Language (`en` or `es`); defaults to the language around it: the nearest `lang` attribute, else the page's `<html lang>` (followed when the page changes it).
   * Reflected, as HTMLElement's own `lang` is, and with no value of its own until one is given (so no `lang=""` is written).
   */
  override lang!: string;

  /** API origin; defaults to the origin the script was loaded from. */
  api = '';

  /** Colour scheme: `light`, `dark` or `auto` (follows the visitor's system setting). */
  theme: 'light' | 'dark' | 'auto' = 'light';

  /** `full` (the commitment, facts, count and form) or `compact` (the commitment, count and one button that opens the form in place). */
  layout: 'full' | 'compact' = 'full';

  /** Level of the widget's heading (1–6), to fit the page's outline; its other headings follow. */
  headingLevel = 2;

  /** Hide the coalition's facts and story, leaving the commitment and the form. */
  hideFacts = false;

  /** Optional goal for the coalition total; shows a progress bar when set. */
  goal = 0;

  /** Cloudflare Turnstile site key; when set, Turnstile loads on the form's first focus. */
  turnstileSiteKey = '';

  // Internal (@internal: in no published type), but public, unlike the `_` members the build
  // shortens: the after-the-first-interaction module (src/after/after.ts) and kiosk mode's
  // (src/kiosk/kiosk.ts: `phase`, `problem`, `errors`, `attemptFields`), files of their own that a
  // cached script of an earlier release may load in their current version, read and set them.
  /** @internal */
  phase: Phase = 'form';
  /** @internal */
  problem: Problem = null;
  /** Messages per field, from the last submit. @internal */
  errors: Record<string, string[]> = {};
  private _stats: Stats | null = null;
  /** The copy link's outcome: 0 not tried, 1 copied, 2 refused (the link is then shown to copy by hand); 0 again for a moment at each press (src/after, `copyLink`). @internal */
  copied = 0;
  /** The compact layout's form, once its button was pressed. */
  private _opened = false;
  /**
   * What keeps this embed from taking pledges, given the coalition's page instead of the form: 1,
   * the pledge service does not know its `partner` (the counts, on load, list every partner); 2,
   * this site is not registered for it (the after module asks as the form is first used). @internal
   */
  setup: 0 | 1 | 2 = 0;
  /** Bumped when a language's strings arrive, to render with them. */
  private _stringsLoaded = 0;
  /** The language last rendered in. */
  private _lang?: Lang;
  /** Watches `<html lang>` while connected (see connectedCallback). */
  private _langWatch = new MutationObserver(() => this.requestUpdate());
  /** The strings last rendered. */
  private _shown?: Strings;
  /** The region selects' options, from the Worker in the form's language. */
  private _regions: Regions | null = null;
  /** The regions just taken from an answer, until the update that draws them (see `updated`). */
  private _arrived?: Regions | null;
  /** Kiosk mode's controller (src/controllers/kiosk-loader.ts), loaded only when `kiosk` is set. @internal */
  kioskApi: KioskApi | null = null;
  private _kioskLoad?: Promise<unknown>;
  /** The pledger's next steps for their role, fetched after success (they never ride in the script). @internal */
  steps: Step[] = [];
  /** The after-the-first-interaction module, once loaded (see `_loadAfter`). */
  private _after: After | null = null;
  private _afterLoad?: Promise<After | null> | undefined;

  /** Where this embed's pledges come from (`newsletter-may`, `booth-2026`): up to 64 of a-z, 0-9, `-`; a bad one is dropped. */
  source = '';

  /** Kiosk mode, for a shared tablet: resets for the next person, remembers nothing, keeps pledges made offline until they are sent. */
  kiosk = false;

  /** @internal */
  attemptId?: string;
  /** The fields `attemptId` was made for: any change (a corrected email) gets a new id. @internal */
  attemptFields?: string | undefined;
  /** @internal */
  turnstile: TurnstileChallenge | null = null;
  /** The last console warning given (see `_warn`). */
  private _warned = '';
  private _loadSoon?: ReturnType<typeof setTimeout>;
  private _stringsAsked?: Promise<Strings>;
  private _stringsRetry?: ReturnType<typeof setTimeout>;

  /** Read by the kiosk controller (see KioskHost), so not underscored: the drop-in script keeps its name. */
  get language(): Lang {
    // Its own lang (an empty one is none), else the nearest around it, else the page's.
    return pickLang(this.lang || (this.parentElement?.closest('[lang]') as HTMLElement | null)?.lang || document.documentElement.lang);
  }

  /**
   * `api`'s origin (as the counter reads it): `https://host/` and `https://host/api` both mean
   * `https://host`, so the links built on it (`/pledge`, `/join`) lead where the requests go.
   * None given, or not an address a path can follow (`localhost:8787` without its scheme reads as
   * one, `about:blank`): the script's.
   */
  get apiOrigin(): string {
    try {
      return new URL('/', this.api).origin;
    } catch {
      return SCRIPT_ORIGIN;
    }
  }

  /** The partner id as the pledge service writes it (as partnerIdOf, which the after module uses, does). */
  private get _partnerId(): string {
    return (this.partner || '').trim().toLowerCase();
  }

  /**
   * The strings of the current language; undefined while they are first fetched; English while
   * they could not be (then asked for again, see `loadStrings`, until they come).
   */
  private get _strings(): Strings | undefined {
    const lang = this.language;
    const s = stringsFor(lang);
    if (s) return s;
    const asked = loadStrings(this.apiOrigin, lang);
    if (asked !== this._stringsAsked) {
      // Once per request (renders meanwhile share it): render when it settles, and if the
      // strings did not come, render again once a new request may be made, which makes it.
      this._stringsAsked = asked;
      void asked.then(() => {
        this._stringsLoaded++;
        // Not for an element taken out of the page meanwhile: it asks again if it comes back.
        if (!stringsFor(lang) && this.isConnected) this._stringsRetry = setTimeout(() => this.isConnected && this._stringsLoaded++, RETRY_MS + 100);
      });
    }
    return fallbackFor(lang);
  }

  /** @internal */
  level(offset = 0): number {
    return Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2) + offset);
  }

  /**
   * The element's events (see `@fires` above): CustomEvents that cross the shadow boundary to the page.
   * @internal
   */
  emit<E extends CustomEvent>(name: string, detail: E['detail']) {
    /** @ignore (each event is declared by its own `@fires`: the manifest's analyzer would list one named `name`) */
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /**
   * The module for what follows the first interaction (sending, the error summary, the thank-you
   * panel, Turnstile), loaded once; asked for again after a failure. Null if it cannot be had.
   */
  private _loadAfter(): Promise<After | null> {
    return (this._afterLoad ??= loadAfter(this.apiOrigin).then((after) => {
      try {
        after?.attach(this, { html, nothing });
      } catch {
        after = null; // a module that does not fit this script: as if it could not be fetched
      }
      if (!after) this._afterLoad = undefined;
      return (this._after = after);
    }));
  }

  /**
   * Focus in the form: time to fetch what sending needs (once it is here, nothing more), and Turnstile's
   * challenge. The form is in use: a switch to the compact layout (an app that picks it by width, a
   * phone turned) keeps it open, and what was typed, rather than fold it back into its button.
   */
  private _onFirstFocus() {
    this._opened = true;
    void this._loadAfter().then((after) => after?.turnstile(this));
  }

  /**
   * The compact layout's "Sign the pledge" (the issue's words; `aria-expanded="false"`; no
   * `aria-controls`: the form takes its place, so the two are never on screen together, nor heard
   * side by side): the keyboard goes on to the form's first field, which a screen reader announces
   * inside the form landmark named by the heading. (The first field, FORM[0], written out: 11 B of gzip.)
   */
  private async _onOpen() {
    this._opened = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#name')?.focus();
  }

  private _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    void this._send();
  }

  /**
   * Sends the form. If what sending needs cannot be fetched (or fails), the visitor is told the
   * pledge was not sent, as for a dropped connection, with what they typed kept and Try again.
   */
  private async _send() {
    if (this.phase === 'submitting') return;
    this.phase = 'submitting';
    // (The problem panel stays until the after module's send clears it, with its "Try again"
    // holding focus meanwhile: the module moves focus to the form's button first.)
    const after = await this._loadAfter();
    if (after) {
      try {
        // Turnstile too, if its first-focus load failed or there was no focus.
        after.turnstile(this);
        return await after.send(this);
      } catch {
        // A module that fails (one of another release): reported below, as a pledge not sent, and
        // nothing more of it used; Try again fetches it again.
        this._after = null;
        this._afterLoad = undefined;
      }
    } else this.emit<PledgeSubmitEvent>('rhec-pledge-submit', { partner: this._partnerId, lang: this.language, corrected: false });
    this.phase = 'form';
    this.problem = 'network';
    this.emit<PledgeErrorEvent>('rhec-pledge-error', { partner: this._partnerId, kind: 'network', fields: [] });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#problem')?.focus();
  }

  /** @internal */
  async loadStats() {
    const api = this.apiOrigin;
    const stats = await getJson<Stats>(api, '/api/stats');
    // (An answer without `partners` is not the pledge service's: a site's own /api/stats, asked by a
    // copy bundled without `api`. Drawn as counts, it failed every render.)
    if (!stats?.partners) {
      // Asking the page's own origin: most often a copy bundled into the site's own code or served
      // from another host, which needs `api` pointed at the pledge service. Otherwise most often
      // this site not registered (the browser then blocks the answer, and says so only in its console).
      // Not once the counts have been read from it (the set-up is right): a later read that fails (after
      // a pledge, on a kiosk's tablet offline or on conference Wi-Fi that hangs) is the network's doing.
      if (!this._stats) this._warn(`${api}/api/stats did not answer: ${api == location.origin ? 'set api to the pledge service' : `is ${location.origin} registered for the partner?`}`);
      return;
    }
    this._stats = stats;
    this._checkPartner();
  }

  /**
   * A setup mistake (a missing or misspelt `partner`) would only show once a clinician filled
   * in the whole form: the counts list every partner that can take pledges, so check it now.
   * The webmaster gets one console warning with the fix; visitors get the hosted page's link.
   * Only once the counts are here, which always list `partners` (see loadStats).
   */
  private _checkPartner() {
    const partners = this._stats!.partners;
    if (hasOwn(partners, this._partnerId)) {
      // (A refusal of this site, 2, stands: the counts arriving after it know nothing of it.)
      if (this.setup < 2) this.setup = 0;
      return;
    }
    this.setup = 1;
    this._warn(
      `${this.partner ? `partner="${this.partner}" is not an active partner id` : 'the partner attribute is missing'}. ` +
        `Use one of: ${Object.keys(partners).join(', ')}.`,
    );
  }

  /** One console warning for the webmaster per distinct problem (not one per render or retry). */
  private _warn(message: string) {
    if (this._warned === message) return;
    this._warned = message;
    console.warn(`<rhec-pledge>: ${message}`);
  }

  /**
   * The options in the form's language; a state or country already chosen stays chosen (they sort
   * differently). (Field errors shown are asked for again in the new language: src/after, `sayAgain`.)
   */
  private async _loadRegions(wait = RETRY_MS) {
    const lang = this.language;
    const regions = await getJson<Regions>(this.apiOrigin, `/api/regions?lang=${lang}`);
    // An answer for a language no longer shown is dropped (the page set its language as the first
    // list was on its way, and the new one came first): the new language's own request draws it.
    if (lang != this.language) return;
    // Not had (a phone's connection dropped as the page loaded): asked for again, less and less
    // often, rather than leave the selects blank; the lists shown meanwhile stay.
    if (regions) this._regions = this._arrived = regions;
    else setTimeout(() => this.isConnected && this._loadRegions(wait * 2), wait);
  }

  override connectedCallback() {
    super.connectedCallback();
    // Drawn again when the page's `<html lang>` changes: a site that switches its language in
    // place (as vue-i18n or a React app's language toggle does) switches the widget with it.
    this._langWatch.observe(document.documentElement, { attributeFilter: ['lang'] });
    // In the next task: the first render (commitment, facts, form) runs alone, and these
    // requests' set-up does not lengthen it. The count's line and the selects are drawn
    // empty meanwhile, so nothing moves when the answers arrive. Each request in a task of its
    // own: setting up a fetch is Chromium's heaviest part of it (issue 15: the two together were
    // a long task at 4x CPU).
    this._loadSoon = setTimeout(() => {
      void this.loadStats();
      this._loadSoon = setTimeout(() => this._loadRegions());
    });
    // Drawn again on being moved back into the page: its language may have changed while it was
    // out, or its strings still be missing (then asked for again: the retry was cancelled). Before
    // the first render this changes nothing (that update is already waiting for this connection).
    this.requestUpdate();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this._langWatch.disconnect();
    clearTimeout(this._loadSoon);
    clearTimeout(this._stringsRetry);
  }

  protected override willUpdate(changed: PropertyValues) {
    if (changed.has('api') && this.hasUpdated) void this.loadStats();
    else if (changed.has('partner')) {
      // Another society: its own checks (the after module's again at the next send).
      this.setup = 0;
      if (this._stats) this._checkPartner();
    }
    // Its language changed (its own `lang` or the page's): the regions' names and the Worker's messages follow.
    const relang = this._lang !== (this._lang = this.language);
    if ((changed.has('api') || relang) && this.hasUpdated) void this._loadRegions();
  }

  private _fieldError(s: Strings, field: string) {
    const messages = this.errors[field];
    if (!messages?.length) return nothing;
    return uncompiled`<p class="error-message" id="${field}-error">
      <span class="visually-hidden">${s.errorPrefix}</span> ${messages[0]}
    </p>`;
  }

  private _describedBy(field: string, hint?: string): string | typeof nothing {
    const ids = [hint, this.errors[field]?.length ? `${field}-error` : ''].filter(Boolean);
    return ids.join(' ') || nothing;
  }

  private _invalid(field: string): boolean {
    return Boolean(this.errors[field]?.length);
  }

  /** "(optional)" as one text node with its leading space, so accessible names keep the space. */
  private _optional(s: Strings) {
    return html`<span class="optional">${` ${s.optional}`}</span>`;
  }

  private _textField(s: Strings, f: TextInput) {
    const invalid = this._invalid(f.name);
    const hint = f.hint ? `${f.name}-hint` : undefined;
    // No `type` for a text field (text is an input's own): setting one on each cloned input made
    // Blink build its type again, 1.8 ms of the first render here.
    return html`<div class="field ${invalid ? 'field--error' : ''}">
      <label for=${f.name}>${s[f.label]}${f.optional ? this._optional(s) : nothing}</label>
      ${f.hint ? html`<p class="hint" id=${hint}>${s[f.hint]}</p>` : nothing}
      ${this._fieldError(s, f.name)}
      <input part="input" id=${f.name} name=${f.name} type=${f.type ?? nothing} maxlength=${MAX_LENGTH[f.name]} required=${f.optional ? nothing : ''}
        autocomplete=${this.kiosk ? 'off' : (f.autocomplete ?? nothing)} spellcheck=${f.noSpellcheck ? 'false' : nothing}
        aria-invalid=${invalid} aria-describedby=${this._describedBy(f.name, hint)} />
    </div>`;
  }

  private _choiceField(s: Strings, f: Choice) {
    const invalid = this._invalid(f.name);
    return html`<div class="field ${invalid ? 'field--error' : ''}">
      <fieldset aria-describedby=${this._describedBy(f.name)}>
        <legend>${s[f.label]}</legend>
        ${this._fieldError(s, f.name)}
        <div class="choices">
          ${f.options.map(
            (value) => html`<div class="choice">
              <input type="radio" id="${f.name}-${value}" name=${f.name} value=${value} required aria-invalid=${invalid} />
              <label for="${f.name}-${value}">${s.roles[value]}</label>
            </div>`,
          )}
        </div>
      </fieldset>
    </div>`;
  }

  /**
   * The region selects. Drawn at once (so nothing moves) and filled when their options come from
   * the Worker in the form's language. A US state or a country, not both: both chosen are sent,
   * and the Worker (or kiosk mode, on the tablet) says so (nothing is cleared behind the visitor's back: arrowing through a
   * closed select fires `change` on every option).
   */
  private _regionField(s: Strings, f: RegionSelects) {
    const regions = this._regions;
    const invalid = this._invalid(f.name);
    const [us, abroad] = f.selects;
    const select = (sel: typeof us | typeof abroad, choose?: string) =>
      html`<label for=${sel.name}>${s[sel.label]}</label>
        <select part="input" id=${sel.name} name=${sel.name} aria-invalid=${invalid}
          aria-describedby=${this._describedBy(f.name)}>
          <option value="">${choose}</option>
        </select>`;
    return html`<div class="field region ${invalid ? 'field--error' : ''}">
      <fieldset>
        <legend>${s[f.label]}${this._optional(s)}</legend>
        ${this._fieldError(s, f.name)} ${select(us, regions?.choose?.[0])} ${select(abroad, regions?.choose?.[1])}
      </fieldset>
    </div>`;
  }

  /** The commitment is said once, above the form: the checkbox refers to it and is described by it. */
  private _consentField(s: Strings) {
    const invalid = this._invalid('commitment');
    return html`<div class="field ${invalid ? 'field--error' : ''}">
      <fieldset aria-describedby=${this._describedBy('commitment')}>
        <legend>${s.commitmentLegend}</legend>
        ${this._fieldError(s, 'commitment')}
        <div class="choice">
          <input type="checkbox" id="commitment" name="commitment" value="yes" aria-describedby="commitment-text" required
            aria-invalid=${invalid} />
          <label for="commitment">${s.commitmentCheck}</label>
        </div>
        <div class="choice">
          <input type="checkbox" id="updates" name="updates" value="yes" />
          <label for="updates">${s.updatesLabel}${this._optional(s)}</label>
        </div>
      </fieldset>
    </div>`;
  }

  private _renderProblem(s: Strings) {
    if (!this.problem) return nothing;
    // A request that never reached the service: the network, or this site's origin not registered
    // for the society (the browser then blocks it, and says so only in its console). The
    // coalition's own page takes the pledge either way.
    // The alert is the message alone (its buttons inside it were read out as part of it); the panel
    // around it takes the focus, so "Try again" is the next Tab. A group, which takes no name from
    // what it holds: a focused plain div is named by it, the alert's words left out, so focus read
    // out "Try again Sign the pledge on the coalition's page" over the message.
    return uncompiled`<div class="problem" id="problem" tabindex="-1" role="group">
      <p role="alert">${this._after?.busyText?.(s, this.problem) || s.networkError}</p>
      <button type="button" part="button" class="button button--secondary" @click=${this._send}>
        ${s.retry}
      </button>
      ${this.problem != 'busy' ? uncompiled`<a href=${this.hosted(this.source)}>${s.setupLink}</a>` : nothing}
    </div>`;
  }

  /**
   * Counts from 1 to 4 are never shown (`SMALLEST_PUBLISHED`): "fewer than 5" stands in, as on /impact.
   * A society's short name is its id upper-cased (`rsna` → `RSNA`), a partner's added later alike
   * (written out here: as a function of its own, 12 B of gzip).
   */
  private _renderCount(s: Strings) {
    const stats = this._stats;
    const goal = this.goal > 0 ? this.goal : 0;
    // A figure withheld (null) or left out (a service from before it was counted) is never shown.
    const shown = (n?: number | null) => n! >= SMALLEST_PUBLISHED;
    const own = stats?.partners[this._partnerId] ?? 0;
    const full = this.layout !== 'compact';
    // Under the total, each line a part of its own: the pledges active this year and the actions
    // pledgers reported, each from 5 and in the full layout only (a kiosk's too: the compact one
    // keeps to two lines), then the society's own count (with fewer than 5, a line without a figure;
    // none without a known partner: the counts set `setup` to 1 then, see _checkPartner). Their
    // parts, part="active", part="actions" and part="partner", are written out here for
    // EMBEDDING.md's check, which reads the templates' literal parts (the widget tests render them).
    return html`<div class=${goal ? 'count g' : 'count'} part="count">
      ${stats
        ? uncompiled`<p class="count__total">${shown(stats.total) ? plural(s.countTotal, stats.total) : s.countTotalFew}${goal ? fill(s.countGoal, { n: formatCount(goal) }) : ''}</p>${(
              [
                ['active', full && shown(stats.active) && s.countActive, stats.active],
                ['actions', full && shown(stats.actions) && s.countActions, stats.actions],
                ['partner', this.setup !== 1 && (shown(own) ? s.countPartner : s.countPartnerFew), own],
              ] as const
            ).map(([k, line, n]) =>
              line ? uncompiled`<p class="count__${k}" part=${k}>${fill(line, { n: formatCount(n!), partner: this._partnerId.toUpperCase() })}</p>` : nothing,
            )}${goal ? bar('goal', shown(stats.total) ? stats.total / goal : 0) : nothing}`
        : nothing}
    </div>`;
  }

  private _renderFacts(s: Strings) {
    return html`<section class="facts" part="facts">
      <p class="story">${s.story}</p>
      <ul class="fact-list">
        ${FACTS.map(
          (fact, i) => html`<li class="fact">
            <span class="fact__figure" aria-hidden="true">
              ${fill(fact.unit === 'times' ? s.times : s.percent, { n: fact.value })}
              ${fact.share ? bar('fact__bar', fact.value / 100) : nothing}
            </span>
            <span class="fact__text">${s.facts[i]}</span>
          </li>`,
        )}
      </ul>
      <p class="members" lang="en">
        ${SOCIETIES.map((m, i) => html`${i ? ' · ' : ''}<abbr title=${m.name}>${m.short}</abbr>`)}
      </p>
    </section>`;
  }

  private _renderForm(s: Strings) {
    // While it is sent, "Sending your pledge…" is said once, by the status below the form (outside
    // it: its aria-busy would hold the news back), and shown there too. The button keeps its name: a
    // focused button renamed "Sending…" was announced as well, so a screen reader said it twice.
    const busy = this.phase === 'submitting';
    // The form is a landmark named by the heading. With several widgets on a page (a society's
    // main one and a compact copy in its sidebar), each landmark needs a name of its own (axe:
    // landmark-unique): the first keeps the heading's; a later one, by its place among the page's
    // widgets at this render, is "Commit to act (2)" (aria-labelledby would win over aria-label, so
    // it is dropped then). A widget alone on the page, re-added after a route change too, is 1.
    const n = [...document.querySelectorAll('rhec-pledge')].indexOf(this) + 1;
    // The honeypot's name (HONEYPOT, src/pledge-fields.ts), written out: static, its four uses are
    // no parts for the script to carry (11 B of gzip; test/widget/fit-and-words.test.ts checks it).
    return html`<form part="form" aria-labelledby=${n > 1 ? nothing : 'heading'} aria-label=${n > 1 ? `${s.commitmentHeading} (${n})` : nothing} novalidate @submit=${this._onSubmit} @focusin=${this._onFirstFocus}
      aria-busy=${busy}>
      ${this._after?.summary(this, s) ?? nothing} ${this._renderProblem(s)}
      <div class="hp" aria-hidden="true">
        <label for="website">website</label>
        <input id="website" name="website" tabindex="-1" autocomplete="off" />
      </div>
      ${FORM.map((f) =>
        f.kind === 'text'
          ? this._textField(s, f)
          : f.kind === 'choice'
            ? this._choiceField(s, f)
            : f.kind === 'region'
              ? this._regionField(s, f)
              : this._consentField(s),
      )}
      <p class="privacy">${s.privacy}</p>
      ${this.turnstileSiteKey ? uncompiled`<div id="turnstile" class="turnstile"></div>` : nothing}
      <button type="submit" part="button" class="button" aria-disabled=${busy}>
        ${s.submit}
      </button>
    </form>
    <p class="sending" role="status">${busy ? s.submitting : ''}</p>`;
  }

  /**
   * Where a visitor can still pledge when this embed cannot: the hosted page, for this society and
   * credited to this embed's source (a society it does not know, it asks the visitor to choose).
   */
  private _renderSetupProblem(s: Strings) {
    // A status, not an alert: only the site's owner can fix it, so it need not interrupt every visitor.
    // Drawn with its words, the status is not announced, so the link is described by them: the
    // keyboard's place moves to it when the form gives way (src/after, `refuse`), and it is read
    // out with why it is there, whether it was moved to or tabbed to.
    return uncompiled`<div class="problem" role="status">
      <p id="setup-problem">${s.setupProblem}</p>
      <a href=${this.hosted(this.source)} aria-describedby="setup-problem">${s.setupLink}</a>
    </div>`;
  }

  /**
   * The second path: organizations join on the pledge service's `/join` page. Not at a kiosk: its
   * links would take the booth's tablet off the page, and its waiting pledges with it. The line for their
   * count is always there (empty until one has joined), so nothing moves when the counts arrive.
   */
  private _renderOrganizations(s: Strings) {
    const joined = this._stats?.organizations ?? 0;
    const api = this.apiOrigin;
    return html`<p class="orgs" part="organizations">
      ${s.orgQuestion}
      <a href="${api}/join?partner=${encodeURIComponent(this._partnerId)}&lang=${this.language}">${s.orgJoin}</a>
      <span class="orgs__count">${joined >= 1
        ? uncompiled`<a href="${api}/organizations?lang=${this.language}">${plural(s.orgCount, joined)}</a>`
        : nothing}</span>
    </p>`;
  }

  /**
   * The coalition's own pledge page for this society and language, with `source` when there is one
   * (the page drops one that is not valid): where a pledge can still be made when this embed cannot
   * send one, credited to this embed's source (`hosted(this.source)`), and what share links point to. @internal
   */
  hosted(source: string): string {
    return `${this.apiOrigin}/pledge?partner=${encodeURIComponent(this._partnerId)}&lang=${this.language}${source ? `&source=${encodeURIComponent(source)}` : ''}`;
  }

  override render() {
    // While another language's strings are fetched (its `lang` changed), the words already shown
    // stay: the form, and what was typed in it, is not taken down meanwhile.
    const s = (this._shown = this._strings || this._shown);
    if (!s) return nothing;
    const closed = this.layout === 'compact' && !this._opened;
    // The frame is the container the layout's queries measure: on an element of our own, so a
    // page rule that reaches the host (`* { all: revert }` makes it inline) cannot turn them off.
    // The language of the words shown: English while another language's strings are missing.
    // dir: the widget only speaks English and Spanish, whatever the page's direction.
    return html`<div class="frame"><div class="card" part="card" dir="ltr" lang=${s === stringsFor(this.language) ? this.language : 'en'}>
      ${(this.kiosk && this.kioskApi?.status) || nothing}
      <p class="coalition" lang="en">${s.coalitionName}</p>
      <p class="heading" part="heading" id="heading" role="heading" aria-level=${this.level()}>${s.commitmentHeading}</p>
      <p class="commitment" id="commitment-text">${s.commitmentText}</p>
      ${this.hideFacts || this.layout === 'compact' ? nothing : this._renderFacts(s)} ${this._renderCount(s)}
      ${this.setup
        ? this._renderSetupProblem(s)
        : closed
          ? uncompiled`<button type="button" part="button" class="button" aria-expanded="false" @click=${this._onOpen}>${s.submit}</button>`
          : this.phase === 'done'
            ? this._after!.thanks(this, s)
            : this._renderForm(s)}
      ${closed || this.kiosk ? nothing : this._renderOrganizations(s)}
    </div></div>`;
  }

  /** `updateComplete` also waits for the language's strings, so it means "rendered with its words". */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    if (stringsFor(this.language)) return done;
    await loadStrings(this.apiOrigin, this.language);
    return super.getUpdateComplete();
  }

  protected override updated() {
    // Ready once rendered with its strings: EMBEDDING.md's reservation holds until then.
    if (this._strings) this.toggleAttribute('ready', true);
    // The region selects' options (about 300) as plain DOM, not as Lit templates: drawn as
    // templates they took a long task of their own when the Worker's answer arrived. Each select
    // is filled once per list: again only when drawn anew or when the language changed.
    // Made 40 a task (made all at once, they were most of a long task at 4x CPU, issue 15), then
    // put in at once with the choice kept (the codes are the same in every language): meanwhile
    // the select keeps the list it had (none, or the last language's), as if the answer were still
    // on its way. Focused (by the keyboard, a tap, a click, a screen reader), a select is given the
    // rest at once, so it holds every option the moment it is reached.
    // Only an answer's own update fills them so: a select drawn anew with lists had before (the form
    // back after the thank-you, "Wrong address?", which puts the choice back once it is drawn; the
    // lists perhaps asked for again meanwhile, in another language) is given every option at once.
    const regions = this._regions;
    const arrived = this._arrived;
    this._arrived = null;
    if (regions)
      this.renderRoot.querySelectorAll<RegionSelect>('select').forEach((sel, i) => {
        const list = i ? regions.countries : regions.us;
        if (sel.filled === list) return;
        sel.filled = list;
        const made: HTMLOptionElement[] = [];
        // Called with the focus event, or true: all the rest at once; else 40 more, then the rest in later tasks.
        const more = (sel.onfocus = (all?: unknown) => {
          // Not when another list (or this one, all made) has taken its place.
          if (sel.onfocus != more) return;
          for (const [code, name] of list.slice(made.length)) if (made.push(new Option(name, code)) % 40 < 1 && !all) return void setTimeout(more);
          sel.onfocus = null;
          const chosen = sel.value;
          sel.length = 1;
          sel.append(...made);
          sel.value = chosen;
        });
        // The first 40 now when the answer has just come; else every option at once.
        more(regions != arrived);
      });
    // Kiosk mode: load its controller after the first render (it reads `apiOrigin` and `language`,
    // and empties the form and its state for the next person, see KioskHost).
    // Sending goes through the after-the-first-interaction module: a kiosk loads it at once, so
    // pledges can still be taken (and kept) when the connection drops later.
    if (this.kiosk && !this._kioskLoad) {
      this._kioskLoad = loadKiosk(this as unknown as KioskHost).then((api) => (this.kioskApi = api));
      void this._loadAfter();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rhec-pledge': RhecPledge;
  }
}
