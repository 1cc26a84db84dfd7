/**
 * What `<rhec-pledge>` needs only once a visitor starts on the form: sending the pledge, the
 * error summary, the thank-you panel with its next steps and share links, and Turnstile. Built
 * into a module of its own (scripts/lazy-modules.ts) that the element imports from the pledge
 * host on the form's first focus (or at its first send), so the drop-in script that every
 * visitor downloads carries none of it (issue 15: the script's weight).
 *
 * These functions are the element's own methods, moved: they read and set its internal state
 * through its `@internal` members (`phase`, `errors`, …), by their full names, so a script of
 * an earlier release whose pinned copy of this module is gone can use the current one (as kiosk
 * mode does, which also sets some of them). Change those members only on all sides, keeping old
 * names working meanwhile.
 */
import { partnerIdOf } from '../partner-id.ts';
import type { html as litHtml, nothing as litNothing } from 'lit/html.js';
import { shareHrefs } from '../share-links.ts';
import { fetchAllowed, fetchSteps, refusesThisSite, submitPledge } from '../api-client.ts';
import type { PledgeErrorEvent } from '../events/pledge-error-event.ts';
import type { PledgeSubmitEvent } from '../events/pledge-submit-event.ts';
import type { PledgeSuccessEvent } from '../events/pledge-success-event.ts';
import { enAfter, type FirstStrings, type Strings } from '../i18n/en.ts';
import { fill } from '../i18n/format.ts';
import { cleanSource, FIELDS, HONEYPOT, type Lang, type Role } from '../pledge-fields.ts';
import type { Pledge } from '../pledge-schema.ts';
import type { RhecPledge } from '../rhec-pledge.ts';
import { TurnstileChallenge } from '../turnstile.ts';
import { adoptStyles } from '../adopt-styles.ts';
import { afterStyles } from './after.styles.ts';

/** What the form sends: a pledge as typed, before the Worker's schema checks it. */
type PledgeBody = Omit<Pledge, 'role' | 'commitment'> & {
  role: string | undefined;
  commitment: boolean;
  website: string;
  turnstileToken?: string;
};

/** The strings of the element's language, with English for what only this module shows when the language is English. */
const words = (s: FirstStrings): Strings => ({ ...enAfter, ...s });

// Lit's template tag and `nothing`, handed over by the element: this module carries no copy of Lit.
let html: typeof litHtml;
let nothing: typeof litNothing;

/** Takes the element's Lit, and adds this module's styles to its shadow root, beside its own (once per element). */
export function attach(el: RhecPledge, lit: { html: typeof litHtml; nothing: typeof litNothing }): void {
  ({ html, nothing } = lit);
  adoptStyles(el.renderRoot, afterStyles);
  // Keys typed in the card stop at its edge: leaving the shadow root, an event's target is the
  // element itself, not a field, so a page's own key handlers take Enter, a letter or Backspace
  // typed in a field for their own (ASP.NET's default button posts the page; a "/" shortcut opens
  // a search; an old script that blocks Backspace outside fields stops it deleting). Escape and Tab
  // go on: a dialog the card sits in still closes, and a focus trap still holds. (Autofill's key
  // events may have no key at all: they stop too.)
  for (const type of ['keydown', 'keypress', 'keyup'])
    el.addEventListener(type, (e) => {
      const key = (e as KeyboardEvent).key;
      if (key != 'Escape' && key != 'Tab') e.stopPropagation();
    });
  // The form gives way to the coalition's page (`setup`: this site refused, see `refuse`, or the
  // counts, arriving as the form is in use, show a society the service does not know): the
  // keyboard's place, lost with the form, moves to the page's link, read out with why it is there.
  let focused: Element | null;
  el.addController({
    hostUpdate: () => (focused = el.renderRoot.activeElement),
    hostUpdated: () => focused && !el.renderRoot.activeElement && el.renderRoot.querySelector<HTMLElement>('.problem a')?.focus(),
  });
  void checkSite(el);
}

/**
 * Whether this page's site may not pledge for the element's society, asked of the Worker as the
 * form is first used (nothing is sent): a society not registered to this site's origin, or (when
 * the service answers, but not to this page: no CORS for its origin) an origin registered for no
 * society. Then no pledge could be sent from here, and the visitor would only learn it after filling
 * in the whole form: the form gives way to the coalition's page for the same society (`setup` 2),
 * with the keyboard's place on its link, and the webmaster is told the fix in the console.
 * Not at a kiosk, which keeps its pledges and tells its staff itself.
 */
async function checkSite(el: RhecPledge): Promise<boolean> {
  const partner = partnerIdOf(el.partner);
  if (el.kiosk || el.setup) return false;
  const answer = await fetchAllowed(el.apiOrigin, partner, el.language);
  const refused = answer ? answer.allowed === false : await refusesThisSite(el.apiOrigin);
  // Still the same society, and no pledge on its way or made meanwhile (a send that fails asks again).
  if (!refused || partnerIdOf(el.partner) !== partner || el.phase !== 'form' || el.setup) return false;
  refuse(el, answer ? `partner="${partner}"` : 'any partner');
  return true;
}

/** The form gives way to the coalition's page (`setup` 2), the keyboard's place moving to its link if it was in the form (see `attach`). */
function refuse(el: RhecPledge, what: string): void {
  el.setup = 2;
  console.warn(
    `<rhec-pledge>: ${location.origin} is not registered for ${what}: pledges cannot be sent from this page, ` +
      `so visitors are given the coalition's page instead. Ask the coalition to register it.`,
  );
}

/**
 * What the problem panel says when the service answered: "busy" (503, 429), or an error of its own
 * (a 500, or a status it never gives). Only a send through this module learns either.
 */
export function busyText(strings: FirstStrings, problem: string): string | undefined {
  return problem == 'network' ? undefined : words(strings)[problem == 'busy' ? 'busyError' : 'serverError'];
}

/**
 * Renders the Turnstile challenge in its slot, once, when the element has a site key. Not at a
 * kiosk: its pledges are sent later without a token (one would be stale), and after each pledge
 * the form is drawn afresh, with an empty slot a challenge rendered once would never fill.
 */
export function turnstile(el: RhecPledge): void {
  if (el.turnstile || !el.turnstileSiteKey || el.kiosk) return;
  el.turnstile = new TurnstileChallenge();
  const slot = el.renderRoot.querySelector<HTMLElement>('#turnstile');
  if (slot) void el.turnstile.render(slot, el.turnstileSiteKey, el.language).catch(() => {});
}

/** The published event types spell out the roles and languages: a change to either list fails the typecheck here. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type EventTypesMatch = Holds<Same<Role, PledgeSuccessEvent['detail']['role']>> | Holds<Same<Lang, PledgeSuccessEvent['detail']['lang']>>;

/** An idempotency key: one per pledge attempt, reused by its retries. */
function newAttemptId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function readForm(el: RhecPledge): PledgeBody {
  const data = new FormData(el.renderRoot.querySelector('form')!);
  const text = (name: string) => String(data.get(name) ?? '');
  const fields = {
    partner: el.partner,
    lang: el.language,
    name: text('name'),
    email: text('email'),
    role: (data.get('role') as string | null) ?? undefined,
    organization: text('organization'),
    region: text('region') || text('country'),
    // Both selects chosen: sent too, so the Worker says "a state or a country, not both".
    country: text('region') ? text('country') || undefined : undefined,
    commitment: data.get('commitment') === 'yes',
    updates: data.get('updates') === 'yes',
    website: text(HONEYPOT),
    source: el.source || undefined,
  };
  // The service drops a source that is not one, as the contract says: the webmaster hears of it here.
  if (el.source && !cleanSource(el.source)) console.warn(`<rhec-pledge>: source="${el.source}" is not a source code (a-z, 0-9 and -, up to 64 characters): pledges from this form carry none`);
  // The same id for a retry of the same pledge (never two pledges); a new one once anything
  // changed, or the Worker would take the corrected pledge for a retry of the first and drop it.
  const key = JSON.stringify(fields);
  if (key !== el.attemptFields) {
    el.attemptFields = key;
    el.attemptId = newAttemptId();
  }
  return { ...fields, id: el.attemptId, ...(el.turnstile ? { turnstileToken: el.turnstile.token } : {}) };
}

/** Sends the form's pledge; the Worker validates it with the shared schema and answers each field's problem in our language. */
/** The role and language each widget's next steps were asked for (asked again when its language changes). */
const stepsAsked = new WeakMap<RhecPledge, { role: string; lang: string }>();

/** Fetches the role's next steps in the widget's language; an answer for a language no longer shown is dropped. */
function askSteps(el: RhecPledge, role: string): void {
  const lang = el.language;
  stepsAsked.set(el, { role, lang });
  void fetchSteps(el.apiOrigin, role, lang).then((steps) => {
    if (stepsAsked.get(el)?.lang === lang) el.steps = steps;
  });
}

/**
 * The pledge each widget's field errors answer, the language they are asked in (see `sayAgain`), and
 * the strings the summary's title is in: those of its messages, until they are said again.
 */
const refused = new WeakMap<RhecPledge, { body: PledgeBody; lang: string; s?: FirstStrings | undefined }>();

/**
 * The page switched its language while field errors are shown: the same refused pledge is asked about
 * again in the new language, so the summary and each field's message are said in it, not taken away.
 * (The same pledge, refused, is refused again: nothing is stored.) A kiosk, which checks pledges itself
 * and keeps them, clears them instead: sending again says them anew.
 */
async function sayAgain(el: RhecPledge, was: { body: PledgeBody; lang: string; s?: FirstStrings | undefined }) {
  const lang = (was.lang = el.language);
  if (el.kiosk) return void (el.errors = {});
  const result = await submitPledge(el.apiOrigin, { ...was.body, lang, turnstileToken: undefined });
  // The summary is an alert (assertive, atomic): it changes once, title and messages together, when
  // both are here (`updateComplete` waits for the language's strings, asked for as the language
  // changed). Its title changed first, then its messages, a screen reader read the whole summary out
  // twice, half in each language.
  await el.updateComplete;
  if (refused.get(el) === was && was.lang === lang && result.kind === 'invalid') {
    was.s = undefined;
    el.errors = result.fields;
  }
}

export async function send(el: RhecPledge): Promise<void> {
  const body = readForm(el);
  refused.delete(el);
  el.phase = 'submitting';
  // "Try again" goes with its problem panel: keep the keyboard's place on the form's button (now "Sending…").
  if (el.renderRoot.activeElement?.closest('#problem')) el.renderRoot.querySelector<HTMLElement>('button[type=submit]')?.focus();
  el.problem = null;
  el.errors = {};
  // A send after "Wrong address? Correct it" is the same person's pledge again: analytics can count it once.
  const corrected = correcting.has(el);
  el.emit<PledgeSubmitEvent>('rhec-pledge-submit', { partner: partnerIdOf(el.partner), lang: el.language, corrected });
  // With Turnstile on, a pledge sent before the challenge is passed would be flagged: wait for it.
  if (el.turnstile) body.turnstileToken = await el.turnstile.ready(15_000);
  const kiosk = el.kiosk ? el.kioskApi : null;
  const result = kiosk ? await kiosk.take(body) : await submitPledge(el.apiOrigin, body);
  el.turnstile?.reset();
  if (result.kind === 'accepted') {
    if (!kiosk) keepForm(el, body.email);
    el.phase = 'done';
    correcting.delete(el);
    el.emit<PledgeSuccessEvent>('rhec-pledge-success', { partner: partnerIdOf(el.partner), lang: el.language, role: body.role as Role, corrected });
    await el.updateComplete;
    el.renderRoot.querySelector<HTMLElement>('#thanks')?.focus();
    kiosk?.succeeded();
    if (!kiosk) askSteps(el, String(body.role));
    void el.loadStats();
    return;
  }
  el.phase = 'form';
  if (result.kind === 'invalid') {
    el.emit<PledgeErrorEvent>('rhec-pledge-error', { partner: partnerIdOf(el.partner), kind: 'validation', fields: Object.keys(result.fields) });
    // Refused for its society (this site is not registered for it, or it is no longer active):
    // nothing to correct in the form, as when the check on first use says so. (A kiosk keeps its own ways.)
    if (result.fields.partner && !kiosk) return refuse(el, `partner="${partnerIdOf(el.partner)}"`);
    el.errors = result.fields;
    refused.set(el, { body, lang: String(body.lang) });
    await el.updateComplete;
    el.renderRoot.querySelector<HTMLElement>('#error-summary')?.focus();
    return;
  }
  // Blocked by the browser, as a request to a service that refuses this site is (CORS): say so,
  // not "check your connection", if the first use's check had not answered yet.
  if (result.kind === 'network' && (await checkSite(el))) {
    el.emit<PledgeErrorEvent>('rhec-pledge-error', { partner: partnerIdOf(el.partner), kind: 'network', fields: [] });
    return;
  }
  el.problem = result.kind;
  // The service answered (busy, or an error of its own): 'server'; only a request that never reached it is 'network'.
  el.emit<PledgeErrorEvent>('rhec-pledge-error', { partner: partnerIdOf(el.partner), kind: result.kind == 'network' ? 'network' : 'server', fields: [] });
  await el.updateComplete;
  el.renderRoot.querySelector<HTMLElement>('#problem')?.focus();
}

/** The "There is a problem" summary above the form, linking to each field with an error. */
export function summary(el: RhecPledge, strings: FirstStrings) {
  const errors = el.errors;
  const fields = (FIELDS as readonly string[]).filter((f) => errors[f]?.length);
  const others = Object.keys(errors).filter((f) => !(FIELDS as readonly string[]).includes(f));
  if (!fields.length && !others.length) return nothing;
  const was = refused.get(el);
  if (was && was.lang !== el.language) void sayAgain(el, was);
  // The title in its messages' language (see `sayAgain`).
  const s = words(was ? (was.s ??= strings) : strings);
  // Moves focus to a field, without touching the page's URL.
  const focus = (event: Event, field: string) => {
    event.preventDefault();
    el.renderRoot.querySelector<HTMLElement>(field === 'role' ? '[name=role]' : `#${field}`)?.focus();
  };
  return html`<div class="error-summary" part="error-summary" id="error-summary" tabindex="-1">
    <div role="alert">
      <p class="error-summary__title" role="heading" aria-level=${el.level(1)}>${s.errorSummaryTitle}</p>
      <ul>
        ${fields.map((f) =>
          f === 'partner'
            ? // Nothing the visitor can correct here (this site is not registered for the society):
              // the coalition's own page still takes the pledge, for the same society.
              html`<li>${errors[f]![0]} <a href=${hostedPage(el, el.source)}>${s.setupLink}</a></li>`
            : html`<li><a href="#${f}" @click=${(e: Event) => focus(e, f)}>${errors[f]![0]}</a></li>`,
        )}
        ${others.map((f) => html`<li>${errors[f]![0]}</li>`)}
      </ul>
    </div>
  </div>`;
}

/** What each element's form held when its pledge was taken: put back if the visitor corrects the address. */
const sentForms = new WeakMap<RhecPledge, { email: string; controls: [string, string, boolean][] }>();
/** Forms opened again by "Wrong address? Correct it" and not yet sent successfully. */
const correcting = new WeakSet<RhecPledge>();

function keepForm(el: RhecPledge, email: string): void {
  const controls = el.renderRoot.querySelectorAll<HTMLInputElement>('form input, form select');
  sentForms.set(el, { email, controls: [...controls].map((c) => [c.id, c.value, c.checked]) });
}

/**
 * "Wrong address?": the form again, as it was sent, with the keyboard on the email address. Sent
 * with a new address, it is a new pledge (its own id), whose confirmation goes to that address;
 * the first, never confirmed, counts for nothing.
 */
async function correctAddress(el: RhecPledge): Promise<void> {
  const sent = sentForms.get(el);
  if (!sent) return;
  sentForms.delete(el);
  correcting.add(el);
  el.phase = 'form';
  // A Turnstile challenge is drawn in the form's slot: the form drawn again needs one of its own.
  el.turnstile = null;
  await el.updateComplete;
  for (const [id, value, checked] of sent.controls) {
    const control = el.renderRoot.querySelector<HTMLInputElement>(`#${CSS.escape(id)}`);
    if (!control) continue;
    if (control.type === 'radio' || control.type === 'checkbox') control.checked = checked;
    else control.value = value;
  }
  turnstile(el);
  const email = el.renderRoot.querySelector<HTMLInputElement>('#email');
  email?.focus();
  email?.select();
}

/**
 * Copies the share link, and says so in the status on every press: the status is emptied first and
 * given its words again a moment later (a screen reader announces a change, and the same words
 * again are none). It is shown too, on a line kept for it below the links, so nothing moves.
 */
async function copyLink(el: RhecPledge, url: string) {
  // (The link shown to copy by hand, after a refusal, stays: emptied, the text below it would jump.)
  if (el.copied < 2) el.copied = 0;
  let copied = 1;
  try {
    await navigator.clipboard.writeText(url);
  } catch {
    // Clipboard refused (permissions, insecure page, a frame): the link is shown to copy by hand.
    copied = 2;
  }
  // Long enough for the empty status to reach the accessibility tree (a frame or more) first.
  setTimeout(() => (el.copied = copied), 100);
}

/**
 * The hosted pledge page for this society, with `source`. A drop-in script cached from before
 * `hosted()` (it had `hostedUrl`, without the source) may load this module once its own pinned
 * copy is gone: it still gets working links.
 */
function hostedPage(el: RhecPledge, source: string): string {
  if (typeof el.hosted === 'function') return el.hosted(source);
  return `${(el as unknown as { hostedUrl: string }).hostedUrl}${source ? `&source=${encodeURIComponent(source)}` : ''}`;
}

/**
 * The thank-you panel: check your email, the role's next steps, and share links. They point to
 * the hosted pledge page, with this partner (so pledges count for the society that shared) and
 * `source=share`; it carries the coalition's share card.
 */
export function thanks(el: RhecPledge, strings: FirstStrings) {
  const s = words(strings);
  const url = hostedPage(el, 'share');
  const to = shareHrefs(url, s);
  const level = el.level(1);
  // The page switched its language after the pledge (`<html lang>`): the next steps follow it.
  const asked = stepsAsked.get(el);
  if (asked && asked.lang !== el.language) askSteps(el, asked.role);
  const newTab = html`<span class="visually-hidden">${` ${s.newTab}`}</span>`;
  const sent = !el.kiosk && sentForms.get(el);
  const next = el.kiosk && el.kioskApi?.next;
  // The focused heading is described by the body and the address it went to: a screen reader says
  // the address before "Wrong address? Correct it" is reached (a focused button reads no more than its name).
  // At a kiosk, by the countdown to the next person. Only what is there: a kiosk's pledge keeps no
  // address (kiosk mode turned off on its thank-you), and kiosk mode's own part comes once it is loaded.
  return html`<div class="thanks" part="thanks">
      <p id="thanks" tabindex="-1" role="heading" aria-level=${level} aria-describedby="thanks-body ${next ? 'kiosk-countdown' : sent ? 'sent-to' : ''}">${el.kioskApi?.heading ?? s.thanksHeading}</p>
      <p id="thanks-body">${s.thanksBody}</p>
      ${sent
        ? // (One line: the space between the address and its button is a line's, kept by the build.)
          html`<p class="sent-to"><span id="sent-to">${fill(s.sentTo, { email: sent.email })}</span> <button type="button" class="link-button" @click=${() => correctAddress(el)}>${s.correctAddress}</button></p>`
        : nothing}
    </div>
    ${el.steps.length && !el.kiosk
      ? html`<p class="share__title" role="heading" aria-level=${level}>${s.stepsHeading}</p>
          <ol class="steps" part="steps">${el.steps.map((x) => html`<li><a href=${x.url} target="_blank" rel="noopener noreferrer">${x.step}${newTab}</a></li>`)}</ol>
          <p><a href=${`${el.apiOrigin}/resources?role=${stepsAsked.get(el)?.role}&lang=${el.language}`} target="_blank" rel="noopener noreferrer">${s.moreResources}${newTab}</a></p>`
      : nothing}
    ${el.kiosk
      ? next || nothing
      : html`<p class="share__title" role="heading" aria-level=${level}>${s.shareHeading}</p>
          <ul class="share">
            <li><a href=${to.linkedin} target="_blank" rel="noopener noreferrer">${s.shareLinkedIn}${newTab}</a></li>
            <li><a href=${to.x} target="_blank" rel="noopener noreferrer">${s.shareX}${newTab}</a></li>
            <li><a href=${to.email}>${s.shareEmail}</a></li>
            <li><button type="button" class="link-button" @click=${() => copyLink(el, url)}>${s.copyLink}</button></li>
          </ul>
          <p class=${el.copied > 1 ? 'share__url' : 'share__done'} role="status">${el.copied > 1 ? `${s.copyFailed} ${url}` : el.copied ? s.linkCopied : ''}</p>`}`;
}
