import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { fetchRegions, fetchStats, submitPledge, type Regions, type Stats } from './api-client.ts';
import { FACTS, SOCIETIES, STORY, societyShortName } from './content/coalition.ts';
import { PledgeErrorEvent } from './events/pledge-error-event.ts';
import { PledgeSubmitEvent } from './events/pledge-submit-event.ts';
import { PledgeSuccessEvent } from './events/pledge-success-event.ts';
import { STRINGS, pickLang } from './i18n/index.ts';
import { FIELDS, MAX_LENGTH, ROLES, type Lang } from './pledge-fields.ts';
import type { Pledge } from './pledge-schema.ts';
import { styles } from './rhec-pledge.styles.ts';
import { SCRIPT_ORIGIN } from './script-origin.ts';
import { TurnstileChallenge } from './turnstile.ts';
import { loadKiosk, type KioskApi, type KioskHost } from './controllers/kiosk-loader.ts';

type Phase = 'form' | 'submitting' | 'done';
type Problem = 'network' | 'busy' | null;

/** What the form sends: a pledge as typed, before the Worker's schema checks it. */
type PledgeBody = Omit<Pledge, 'role' | 'commitment'> & {
  role: string | undefined;
  commitment: boolean;
  turnstileToken?: string;
};

/**
 * A bar filled to `ratio` (0–1), drawn as SVG: its geometry lives in attributes, not
 * inline styles, so it renders under a strict Content-Security-Policy. Decorative: the
 * figure it shows is always also given as text.
 */
function bar(className: string, ratio: number) {
  return html`<svg class=${className} viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <rect class="bar__track" width="100" height="8"></rect>
    <rect class="bar__fill" width=${Math.max(0, Math.min(100, ratio * 100))} height="8"></rect>
  </svg>`;
}

/**
 * Counts with the language's digit separator (12,345 / 12.345). Not Intl.NumberFormat: its
 * first construction on a page costs tens of milliseconds of main thread (profiled).
 */
function formatCount(n: number, lang: Lang): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, STRINGS[lang].thousands);
}

/** An idempotency key: one per pledge attempt, reused by its retries. */
function newAttemptId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The Radiology Health Equity Coalition pledge: the commitment, the coalition's facts,
 * a live count and an accessible pledge form, in one element any partner site can embed.
 *
 * @tagname rhec-pledge
 * @summary The RHEC pledge form, embeddable with one script tag.
 *
 * @fires rhec-pledge-submit - A valid pledge was sent. `detail: { partner, lang }`.
 * @fires rhec-pledge-success - The pledge was accepted. `detail: { partner, lang, role }`.
 * @fires rhec-pledge-error - The pledge was not taken. `detail: { partner, kind, fields }`.
 *
 * @csspart card - The outer card.
 * @csspart heading - The commitment heading.
 * @csspart facts - The coalition facts section.
 * @csspart count - The live pledge count.
 * @csspart form - The pledge form.
 * @csspart input - Every text input.
 * @csspart button - The submit and retry buttons.
 * @csspart error-summary - The "There is a problem" summary.
 * @csspart thanks - The thank-you panel.
 *
 * @cssprop --rhec-accent - Buttons, links, focus and bars. Default `#1f4e8c`.
 * @cssprop --rhec-accent-text - Text on the accent colour. Default `#fff`.
 * @cssprop --rhec-text - Body text colour.
 * @cssprop --rhec-background - Card background.
 * @cssprop --rhec-font - Font family. Default: the system UI font.
 * @cssprop --rhec-font-size - Base font size. Default `16px`.
 * @cssprop --rhec-radius - Corner radius. Default `8px`.
 * @cssprop --rhec-space - Base spacing unit. Default `16px`.
 * @cssprop --rhec-accent-dark - The accent in the dark theme (every colour property has a `-dark` twin).
 */
export class RhecPledge extends LitElement {
  static override styles = styles;

  /** Partner society id, for attribution (e.g. `rsna`). */
  @property({ attribute: 'partner', reflect: true }) partner = '';

  /** Language (`en` or `es`); defaults to the page's `<html lang>`. */
  @property({ attribute: 'lang' }) override lang = '';

  /** API origin; defaults to the origin the script was loaded from. */
  @property({ attribute: 'api' }) api = '';

  /** Colour scheme: `light`, `dark` or `auto` (follows the visitor's system setting). */
  @property({ attribute: 'theme', reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';

  /** Hide the coalition's facts and story, leaving the commitment and the form. */
  @property({ attribute: 'hide-facts', type: Boolean }) hideFacts = false;

  /** Optional goal for the coalition total; shows a progress bar when set. */
  @property({ attribute: 'goal', type: Number }) goal = 0;

  /** Cloudflare Turnstile site key; when set, Turnstile loads on the form's first focus. */
  @property({ attribute: 'turnstile-site-key' }) turnstileSiteKey = '';

  /** Where this embed's pledges come from (`newsletter-may`, `booth-2026`): up to 64 of a-z, 0-9, `-`; a bad one is dropped. */
  @property({ attribute: 'source' }) source = '';

  /** Kiosk mode, for a shared tablet: resets for the next person, remembers nothing, keeps pledges made offline until they are sent. */
  @property({ attribute: 'kiosk', type: Boolean }) kiosk = false;

  @state() private phase: Phase = 'form';
  @state() private problem: Problem = null;
  /** Message keys (client) or messages (server) per field, from the last submit. */
  @state() private errors: Record<string, string[]> = {};
  @state() private stats: Stats | null = null;
  @state() private copied = false;
  /** The region selects' options, from the Worker in the form's language. */
  @state() private regions: Regions | null = null;

  @query('form') private form!: HTMLFormElement;

  private attemptId?: string;
  /** The fields `attemptId` was made for: any change (a corrected email) gets a new id. */
  private attemptFields?: string;
  private turnstile: TurnstileChallenge | null = null;
  // --- kiosk mode (src/controllers/kiosk-loader.ts; the controller is loaded only when `kiosk` is set)
  @state() private kioskApi: KioskApi | null = null;
  private kioskLoad?: Promise<unknown>;

  private get language(): Lang {
    return pickLang(this.lang || document.documentElement.lang);
  }

  private get apiOrigin(): string {
    return this.api || SCRIPT_ORIGIN;
  }

  private readForm(): PledgeBody {
    const data = new FormData(this.form);
    const text = (name: string) => String(data.get(name) ?? '');
    const fields = {
      partner: this.partner,
      lang: this.language,
      name: text('name'),
      email: text('email'),
      role: (data.get('role') as string | null) ?? undefined,
      organization: text('organization'),
      region: text('region') || text('country'),
      commitment: data.get('commitment') === 'yes',
      updates: data.get('updates') === 'yes',
      source: this.source || undefined,
    };
    // The same id for a retry of the same pledge (never two pledges); a new one once anything
    // changed, or the Worker would take the corrected pledge for a retry of the first and drop it.
    const key = JSON.stringify(fields);
    if (key !== this.attemptFields) {
      this.attemptFields = key;
      this.attemptId = newAttemptId();
    }
    return { ...fields, id: this.attemptId, ...(this.turnstile ? { turnstileToken: this.turnstile.token } : {}) };
  }

  private onFirstFocus() {
    if (this.turnstile || !this.turnstileSiteKey) return;
    this.turnstile = new TurnstileChallenge();
    const el = this.renderRoot.querySelector<HTMLElement>('#turnstile');
    if (el) void this.turnstile.render(el, this.turnstileSiteKey, this.language).catch(() => {});
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (this.phase === 'submitting') return;
    await this.send(this.readForm());
  }

  /** Sends the pledge; the Worker validates it with the shared schema and answers each field's problem in our language. */
  private async send(body: PledgeBody) {
    this.phase = 'submitting';
    this.problem = null;
    this.errors = {};
    // With Turnstile on, a pledge sent before the challenge is passed would be flagged: wait for it.
    if (this.turnstile) body.turnstileToken = await this.turnstile.ready(15_000);
    this.dispatchEvent(new PledgeSubmitEvent({ partner: this.partner, lang: this.language }));
    const kiosk = this.kiosk ? this.kioskApi : null;
    const result = kiosk ? await kiosk.take(body) : await submitPledge(this.apiOrigin, body);
    this.turnstile?.reset();
    if (result.kind === 'accepted') {
      this.phase = 'done';
      this.dispatchEvent(
        new PledgeSuccessEvent({ partner: this.partner, lang: this.language, role: String(body.role) }),
      );
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#thanks')?.focus();
      kiosk?.succeeded();
      void this.loadStats();
      return;
    }
    this.phase = 'form';
    if (result.kind === 'invalid') {
      this.showErrors(result.fields);
      return;
    }
    this.problem = result.kind === 'busy' ? 'busy' : 'network';
    this.dispatchEvent(
      new PledgeErrorEvent({ partner: this.partner, kind: result.kind === 'server' ? 'server' : 'network', fields: [] }),
    );
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#problem')?.focus();
  }

  private async showErrors(errors: Record<string, string[]>) {
    this.errors = errors;
    this.dispatchEvent(
      new PledgeErrorEvent({ partner: this.partner, kind: 'validation', fields: Object.keys(errors) }),
    );
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#error-summary')?.focus();
  }

  private onRetry() {
    void this.send(this.readForm());
  }

  /** Moves focus to a field from the error summary, without touching the page's URL. */
  private onSummaryLink(event: Event, field: string) {
    event.preventDefault();
    const target =
      field === 'role'
        ? this.renderRoot.querySelector<HTMLElement>('input[name="role"]')
        : this.renderRoot.querySelector<HTMLElement>(`#${field}`);
    target?.focus();
  }

  private async loadStats() {
    const stats = await fetchStats(this.apiOrigin);
    if (stats) this.stats = stats;
  }

  private async loadRegions() {
    this.regions = await fetchRegions(this.apiOrigin, this.language);
  }

  override connectedCallback() {
    super.connectedCallback();
    void this.loadStats();
    void this.loadRegions();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('api') && this.hasUpdated) void this.loadStats();
    if ((changed.has('api') || changed.has('lang')) && this.hasUpdated) void this.loadRegions();
  }

  /** A US state or a country, not both: choosing in one select clears the other. */
  private regionSelect(id: 'region' | 'country', label: string, options: [string, string][]) {
    const invalid = Boolean(this.errors.region?.length);
    const other = id === 'region' ? 'country' : 'region';
    return html`<label for=${id}>${label}</label>
      <select part="input" id=${id} name=${id} aria-invalid=${invalid ? 'true' : nothing}
        aria-describedby=${this.describedBy('region')}
        @change=${() => { (this.form.elements.namedItem(other) as HTMLSelectElement).value = ''; }}>
        <option value=""></option>
        ${options.map(([code, name]) => html`<option value=${code}>${name}</option>`)}
      </select>`;
  }

  // --- kiosk mode: load the controller after the first render, and reset for the next person
  protected override updated() {
    if (!this.kiosk || this.kioskLoad) return;
    // The controller reads `apiOrigin` and `language` and calls `resetForNextPerson` (see KioskHost).
    this.kioskLoad = loadKiosk(this as unknown as KioskHost).then((api) => (this.kioskApi = api));
  }

  /**
   * Empties the form and forgets the last person: a fresh form, a new idempotency key, no errors.
   * Called by the kiosk controller.
   * @internal
   */
  resetForNextPerson() {
    this.form?.reset();
    this.phase = 'form';
    this.errors = {};
    this.attemptId = newAttemptId();
  }
  // --- end kiosk mode

  private fieldError(field: string) {
    const messages = this.errors[field];
    if (!messages?.length) return nothing;
    const s = STRINGS[this.language];
    return html`<p class="error-message" id="${field}-error">
      <span class="visually-hidden">${s.errorPrefix}</span> ${messages[0]}
    </p>`;
  }

  private describedBy(field: string, hint?: string): string | typeof nothing {
    const ids = [hint, this.errors[field]?.length ? `${field}-error` : ''].filter(Boolean);
    return ids.length ? ids.join(' ') : nothing;
  }

  private textField(field: 'name' | 'email' | 'organization', label: string, opts: {
    type?: string;
    autocomplete?: string;
    optional?: boolean;
    hint?: string;
    spellcheck?: boolean;
  }) {
    const s = STRINGS[this.language];
    const invalid = Boolean(this.errors[field]?.length);
    return html`<div class="field ${invalid ? 'field--error' : ''}">
      <label for=${field}>${label}${opts.optional ? html` <span class="optional">${s.optional}</span>` : nothing}</label>
      ${opts.hint ? html`<p class="hint" id="${field}-hint">${opts.hint}</p>` : nothing}
      ${this.fieldError(field)}
      <input
        part="input"
        id=${field}
        name=${field}
        type=${opts.type ?? 'text'}
        maxlength=${MAX_LENGTH[field]}
        autocomplete=${this.kiosk ? 'off' : (opts.autocomplete ?? nothing)}
        spellcheck=${opts.spellcheck === false ? 'false' : nothing}
        aria-invalid=${invalid ? 'true' : nothing}
        aria-describedby=${this.describedBy(field, opts.hint ? `${field}-hint` : undefined)}
      />
    </div>`;
  }

  private renderSummary() {
    const s = STRINGS[this.language];
    const fields = (FIELDS as readonly string[]).filter((f) => this.errors[f]?.length);
    const others = Object.keys(this.errors).filter((f) => !(FIELDS as readonly string[]).includes(f));
    if (!fields.length && !others.length) return nothing;
    return html`<div class="error-summary" part="error-summary" id="error-summary" tabindex="-1">
      <div role="alert">
        <h3 class="error-summary__title">${s.errorSummaryTitle}</h3>
        <ul>
          ${fields.map((f) =>
            f === 'partner'
              ? html`<li>${this.errors[f]![0]}</li>`
              : html`<li>
                  <a href="#${f}" @click=${(e: Event) => this.onSummaryLink(e, f)}>${this.errors[f]![0]}</a>
                </li>`,
          )}
          ${others.map((f) => html`<li>${this.errors[f]![0]}</li>`)}
        </ul>
      </div>
    </div>`;
  }

  private renderProblem() {
    if (!this.problem) return nothing;
    const s = STRINGS[this.language];
    return html`<div class="problem" id="problem" tabindex="-1">
      <p>${this.problem === 'busy' ? s.busyError : s.networkError}</p>
      <button type="button" part="button" class="button button--secondary" @click=${this.onRetry}>
        ${s.retry}
      </button>
    </div>`;
  }

  private renderCount() {
    const s = STRINGS[this.language];
    const stats = this.stats;
    const goal = this.goal > 0 ? this.goal : 0;
    return html`<div class="count" part="count">
      ${stats
        ? html`<p class="count__total">${s.countTotal(formatCount(stats.total, this.language))}</p>
            ${this.partner
              ? html`<p class="count__partner">
                  ${s.countPartner(formatCount(stats.partners[this.partner] ?? 0, this.language), societyShortName(this.partner))}
                </p>`
              : nothing}
            ${goal
              ? bar('goal', Math.min(1, stats.total / goal))
              : nothing}`
        : nothing}
    </div>`;
  }

  private renderFacts() {
    if (this.hideFacts) return nothing;
    const lang = this.language;
    const s = STRINGS[lang];
    return html`<section class="facts" part="facts">
      <p class="story">${STORY[lang]}</p>
      <ul class="fact-list">
        ${FACTS.map(
          (fact) => html`<li class="fact">
            <span class="fact__figure" aria-hidden="true">
              ${fact.unit === 'times' ? s.times(fact.value) : s.percent(fact.value)}
              ${bar('fact__bar', fact.value / fact.max)}
            </span>
            <span class="fact__text">${fact.text[lang]}</span>
          </li>`,
        )}
      </ul>
      <p class="members">
        ${SOCIETIES.map((m, i) => html`${i ? ' · ' : ''}<abbr title=${m.name}>${m.short}</abbr>`)}
      </p>
    </section>`;
  }

  private renderForm() {
    const s = STRINGS[this.language];
    const busy = this.phase === 'submitting';
    const roleInvalid = Boolean(this.errors.role?.length);
    const commitInvalid = Boolean(this.errors.commitment?.length);
    return html`<form part="form" novalidate @submit=${this.onSubmit} @focusin=${this.onFirstFocus}
      aria-busy=${busy ? 'true' : 'false'}>
      ${this.renderSummary()} ${this.renderProblem()}
      ${this.textField('name', s.nameLabel, { autocomplete: 'name', spellcheck: false })}
      ${this.textField('email', s.emailLabel, {
        type: 'email',
        autocomplete: 'email',
        spellcheck: false,
        hint: s.emailHint,
      })}
      <div class="field ${roleInvalid ? 'field--error' : ''}">
        <fieldset aria-describedby=${this.describedBy('role')}>
          <legend>${s.roleLegend}</legend>
          ${this.fieldError('role')}
          <div class="choices">
            ${ROLES.map(
              (role) => html`<div class="choice">
                <input type="radio" id="role-${role}" name="role" value=${role} />
                <label for="role-${role}">${s.roles[role]}</label>
              </div>`,
            )}
          </div>
        </fieldset>
      </div>
      ${this.textField('organization', s.organizationLabel, { autocomplete: 'organization', optional: true })}
      ${this.regions
        ? html`<div class="field region ${this.errors.region?.length ? 'field--error' : ''}">
            <fieldset>
              <legend>${s.regionLegend} <span class="optional">${s.optional}</span></legend>
              ${this.fieldError('region')}
              ${this.regionSelect('region', s.regionUsLabel, this.regions.us)}
              ${this.regionSelect('country', s.regionCountryLabel, this.regions.countries)}
            </fieldset>
          </div>`
        : nothing}
      <div class="field ${commitInvalid ? 'field--error' : ''}">
        <fieldset aria-describedby=${this.describedBy('commitment')}>
          <legend>${s.commitmentLegend}</legend>
          ${this.fieldError('commitment')}
          <div class="choice">
            <input type="checkbox" id="commitment" name="commitment" value="yes"
              aria-invalid=${commitInvalid ? 'true' : nothing} />
            <label for="commitment">${s.commitmentText}</label>
          </div>
          <div class="choice">
            <input type="checkbox" id="updates" name="updates" value="yes" />
            <label for="updates">${s.updatesLabel} <span class="optional">${s.optional}</span></label>
          </div>
        </fieldset>
      </div>
      <p class="privacy">${s.privacy}</p>
      ${this.turnstileSiteKey ? html`<div id="turnstile" class="turnstile"></div>` : nothing}
      <button type="submit" part="button" class="button" aria-disabled=${busy ? 'true' : 'false'}>
        ${busy ? s.submitting : s.submit}
      </button>
    </form>
    <p class="visually-hidden" role="status">${busy ? s.submitting : ''}</p>`;
  }

  private async onCopyLink() {
    try {
      await navigator.clipboard.writeText(this.shareUrl);
      this.copied = true;
    } catch {
      // Clipboard refused (permissions, insecure page): the link stays visible to copy by hand.
      this.copied = false;
    }
  }

  /**
   * What the share links point to: the hosted pledge page, with this partner (so pledges count
   * for the society that shared) and `source=share`; it carries the coalition's share card.
   */
  private get shareUrl(): string {
    return `${this.apiOrigin}/pledge?partner=${encodeURIComponent(this.partner)}&lang=${this.language}&source=share`;
  }

  private renderThanks() {
    const s = STRINGS[this.language];
    const url = this.shareUrl;
    const enc = encodeURIComponent;
    return html`<div class="thanks" part="thanks">
        <h3 id="thanks" tabindex="-1">${s.thanksHeading}</h3>
        <p>${s.thanksBody}</p>
      </div>
      ${this.kiosk ? (this.kioskApi?.next ?? nothing) : html`<h4 class="share__title">${s.shareHeading}</h4>
      <ul class="share">
        <li><a href="https://www.linkedin.com/sharing/share-offsite/?url=${enc(url)}" target="_blank" rel="noopener noreferrer">LinkedIn</a></li>
        <li><a href="https://x.com/intent/post?text=${enc(s.commitmentText)}&url=${enc(url)}" target="_blank" rel="noopener noreferrer">X</a></li>
        <li><a href="mailto:?subject=${enc(s.commitmentHeading)}&body=${enc(`${s.commitmentText}\n\n${url}`)}">${s.shareEmail}</a></li>
        <li><button type="button" class="link-button" @click=${this.onCopyLink}>${s.copyLink}</button></li>
      </ul>
      <p class="visually-hidden" role="status">${this.copied ? s.linkCopied : ''}</p>`}`;
  }

  override render() {
    const s = STRINGS[this.language];
    return html`<div class="card" part="card" lang=${this.language}>
      ${(this.kiosk && this.kioskApi?.status) || nothing}
      <h2 class="heading" part="heading">${s.commitmentHeading}</h2>
      <blockquote class="commitment">${s.commitmentText}</blockquote>
      ${this.renderFacts()} ${this.renderCount()}
      ${this.phase === 'done' ? this.renderThanks() : this.renderForm()}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rhec-pledge': RhecPledge;
  }
}
