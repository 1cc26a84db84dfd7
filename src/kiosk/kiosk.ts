/**
 * Kiosk mode for `<rhec-pledge kiosk>`, a shared tablet at a booth: built into its own file
 * (`/rhec-pledge-kiosk.js`) and loaded by the element only when `kiosk` is set.
 *
 * - Every pledge is checked here with the shared schema (the same one the Worker uses), then
 *   kept in IndexedDB and sent from there: the person sees their thanks at once, whether the
 *   Wi-Fi holds or not, and a pledge leaves the device only when the service has it (202).
 * - Waiting pledges are sent oldest first, with their idempotency key (`id`), so a pledge sent
 *   twice (a reload mid-send, two tabs) is stored once. The kiosk tries every 10 s while any
 *   wait (a dead network does not always make the browser say it is offline) and at once on
 *   the `online` event, a few at a time to stay under the service's per-address limit.
 * - After a pledge, a countdown clears the form for the next person within 10 s; a button
 *   does it at once, and another stops the countdown for someone who needs longer to read
 *   the thank-you (WCAG 2.2.1; the thank-you holds nothing of theirs).
 */
import { adoptStyles } from '../adopt-styles.ts';
import type { ReactiveController } from '../base-element.ts';
import { submitPledge, type SubmitResult } from '../api-client.ts';
import type { KioskApi, KioskHost } from '../controllers/kiosk-loader.ts';
import { fieldMessage } from '../i18n/messages.ts';
import { foldCountry, validatePledge } from '../pledge-schema.ts';
import { forget, keep, waiting } from './queue.ts';
import { KIOSK_STRINGS } from './strings.ts';
import { KIOSK_CSS } from './kiosk.styles.ts';
import type { Lang } from '../pledge-fields.ts';

/** Seconds from a pledge's thanks to an empty form. */
export const RESET_AFTER_SECONDS = 10;
/** How often waiting pledges are tried again (the issue asks for 15 s or less). */
export const RETRY_EVERY_MS = 10_000;
/** Pledges sent per try: a few at a time, so people pledging meanwhile are not held up. */
const SEND_PER_TRY = 3;
/**
 * Pledges the tablet hands over in any rolling minute, whatever started the sending (the timer,
 * `online` and its retries, a new pledge): under the service's 20 a minute per address, past
 * which pledges are stored flagged, never counted and never emailed.
 */
export const SEND_PER_MINUTE = 18;
/** A form left half-filled this long (no typing, no touch) is about to be cleared... */
export const IDLE_AFTER_MS = 90_000;
/** ...after a warning of this many seconds, with a button to keep the answers (WCAG 2.2.1). */
const IDLE_WARNING_SECONDS = 20;
/** A send that has not answered by then is given up, to be tried again (captive portals hang). */
const SEND_TIMEOUT_MS = 15_000;
/** A send not answered by then is slow enough to tell the person their email may come later. */
const SLOW_SEND_MS = 3_000;

/** What counts as someone using the form (events from inside the shadow root reach the host). */
const ACTIVITY = ['input', 'change', 'keydown', 'pointerdown', 'focusin'] as const;

class Kiosk implements ReactiveController, KioskApi {
  /** What the element shows at the top: the waiting notice and, when the form is left idle, a warning. */
  readonly status = document.createElement('div');
  private readonly waitingRegion = document.createElement('div');
  private readonly idleWarning = document.createElement('div');
  private readonly idleText = document.createElement('p');
  /** Said once when the warning appears (the visible countdown is hidden from screen readers, so it is not read every second). */
  private readonly idleSpoken = document.createElement('p');
  private readonly keepButton = document.createElement('button');
  /**
   * Said once, and never a person's details: the form cleared for being left idle, and every waiting
   * pledge sent (a late success, whose visitor may have gone: the next one hears only that).
   */
  private readonly said = document.createElement('p');
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Where focus was when the idle warning appeared: Keep my answers takes it back there (not to the page's body). */
  private focusBefore: HTMLElement | null = null;
  private idleCountdown: ReturnType<typeof setInterval> | undefined;
  readonly next = document.createElement('div');
  private readonly countdownText = document.createElement('p');
  /** Under the thank-you: the confirmation email waits with the pledge while the tablet is offline. */
  private readonly laterText = document.createElement('p');
  private readonly nextButton = document.createElement('button');
  private readonly stayButton = document.createElement('button');
  private sending: Promise<void> | null = null;
  /** Asked to send while a run was under way: run once more when it ends. */
  private again = false;
  /** Aborts the send in flight (on `online`, a hung request is dropped and sent afresh). */
  private inFlight: AbortController | null = null;
  private retryTimer: ReturnType<typeof setInterval> | undefined;
  private countdownTimer: ReturnType<typeof setInterval> | undefined;
  private remaining = 0;
  /** The ids of the pledges waiting on the tablet, as last counted. */
  private queued: string[] = [];
  /** The id of the pledge last taken, this visitor's: the thank-you follows it, not any other still waiting (an earlier visitor's). */
  private mine = '';
  /**
   * When each of the last minute's pledges was handed over (SEND_PER_MINUTE), on the page's own
   * clock (`performance.now()`): a tablet's wrong clock put right (set back hours or a year, as the
   * network's time does when the Wi-Fi returns) would otherwise leave them "in the last minute" for
   * as long, and the backlog unsent.
   */
  private sentAt: number[] = [];
  /** The service refuses this society from this site (its origin is not registered for it): pledges wait, staff are told. */
  private refused = false;
  /** The last try to send ended without the service taking the pledge (unreachable, or refused for its society). */
  private stuck = false;
  /** Waiting pledges the service refused (422) and that were deleted: counted for the staff until the page is reloaded. */
  private dropped = 0;

  constructor(private readonly host: KioskHost) {
    // While the idle warning shows, it sticks to the top of the screen: whoever scrolled down the
    // form (to the button, on a tablet) still sees it before their answers are cleared. In a short
    // window (a phone on its side, 400 % zoom: 320 × 256) it sticks nearer the top and is never
    // taller than the rest of the window (it scrolls within), so Keep my answers stays reachable.
    this.status.className = 'kiosk-top';
    this.waitingRegion.className = 'kiosk-status';
    this.waitingRegion.setAttribute('role', 'status');
    this.idleWarning.className = 'kiosk-idle';
    this.idleWarning.setAttribute('role', 'alert');
    this.idleWarning.hidden = true;
    this.keepButton.type = 'button';
    this.keepButton.className = 'button button--secondary';
    this.keepButton.setAttribute('part', 'button');
    this.keepButton.addEventListener('click', (event) => {
      // Pressed from the keyboard (a tap or click has a `detail`): the warning, and the focused
      // button with it, are gone, so focus goes back to the form. A tap leaves it: focusing a
      // field would open the on-screen keyboard and scroll the page.
      const keyed = !event.detail && this.host.shadowRoot?.activeElement === this.keepButton;
      this.onActivity();
      if (keyed) (this.focusBefore?.isConnected ? this.focusBefore : this.host.shadowRoot?.querySelector<HTMLElement>('input:not([tabindex="-1"])'))?.focus();
    });
    this.idleText.setAttribute('aria-hidden', 'true');
    this.idleSpoken.className = 'visually-hidden';
    this.idleWarning.append(this.idleText, this.idleSpoken, this.keepButton);
    this.said.className = 'visually-hidden';
    this.said.role = 'status';
    this.status.append(this.idleWarning, this.waitingRegion, this.said);
    this.next.className = 'kiosk-next';
    this.nextButton.type = 'button';
    this.nextButton.className = 'button';
    this.nextButton.setAttribute('part', 'button');
    this.nextButton.addEventListener('click', () => void this.resetNow());
    this.stayButton.type = 'button';
    this.stayButton.className = 'button button--secondary';
    this.stayButton.setAttribute('part', 'button');
    this.stayButton.addEventListener('click', () => this.stay());
    this.laterText.className = this.laterText.id = 'kiosk-later';
    this.laterText.role = 'status';
    // Read with the thank-you when it takes focus (its aria-describedby names it, src/after/after.ts).
    this.countdownText.id = 'kiosk-countdown';
    this.next.append(this.laterText, this.countdownText, this.nextButton, this.stayButton);
    // As the element's own styles: a <style> where there are no constructable stylesheets (Safari before 16.4).
    if (host.shadowRoot) adoptStyles(host.shadowRoot, KIOSK_CSS);
    host.addController(this); // calls hostConnected now if the element is on the page
  }

  hostConnected() {
    addEventListener('online', this.onOnline);
    for (const type of ACTIVITY) this.host.addEventListener(type, this.onActivity);
    this.retryTimer = setInterval(() => void this.send(), RETRY_EVERY_MS);
    void this.send();
    // Idle from now: a form filled before this module arrived (it failed to load at first) and then
    // left is warned about and cleared as any other, not kept on screen until someone touches it.
    this.onActivity();
  }

  hostDisconnected() {
    removeEventListener('online', this.onOnline);
    for (const type of ACTIVITY) this.host.removeEventListener(type, this.onActivity);
    this.stopIdle();
    clearInterval(this.retryTimer);
    this.stopCountdown();
  }

  hostUpdate() {
    // `kiosk` removed: no idle warning or clearing, and no countdown to the next person.
    if (!this.host.kiosk) {
      this.stopIdle();
      this.stopCountdown();
    }
    // Language may change at any time: keep the kiosk's own words in step.
    this.showWaiting();
    this.nextButton.textContent = KIOSK_STRINGS[this.lang].next;
    this.keepButton.textContent = KIOSK_STRINGS[this.lang].keep;
    this.stayButton.textContent = KIOSK_STRINGS[this.lang].stay;
    if (this.stayButton.hidden) this.countdownText.textContent = KIOSK_STRINGS[this.lang].stayed;
  }

  /**
   * Someone is at the form: put off the idle clearing (and take back its warning). A key pressed
   * on the thank-you stops its countdown, as "Stay on this screen" does (a screen reader's
   * user may still be hearing it): the screen then waits for Next person, or for the idle time.
   */
  private readonly onActivity = (event?: Event) => {
    // Touching, focusing or pressing a key in the idle warning itself is not yet an answer to it:
    // its button's click is (which calls this with no event). A warning that vanished on the
    // finger's touch-down let the tap land on whatever moved under it.
    if (event && event.composedPath().includes(this.idleWarning)) return;
    // (Not a key on the Stay button itself: its own click stays. Moving focus during that keydown
    // would hand the key's Enter to Next person, which would clear the screen.)
    if (event?.type === 'keydown' && this.countdownTimer !== undefined && event.composedPath()[0] !== this.stayButton) this.stay(false);
    this.stopIdle();
    // `kiosk` removed from the element: an ordinary form, which is never cleared for being left idle.
    if (this.host.kiosk) this.idleTimer = setTimeout(() => this.onIdle(), IDLE_AFTER_MS);
  };

  private stopIdle() {
    clearTimeout(this.idleTimer);
    clearInterval(this.idleCountdown);
    this.idleCountdown = undefined;
    this.idleWarning.hidden = true;
    this.status.toggleAttribute('data-alert', false);
    this.idleSpoken.textContent = '';
  }

  /** Left idle: if the form holds someone's answers, warn, then clear it for the next person. */
  private onIdle() {
    if (!this.host.kiosk) return;
    // A thank-you kept on screen (Stay on this screen, or a key pressed during its countdown) and then
    // left: back to the form for the next person, with no warning (it holds nothing of anyone's).
    if (this.host.phase === 'done') return void this.resetNow();
    const form = this.host.shadowRoot?.querySelector('form');
    // Every answer counts, the selects' too (a region chosen and nothing else is someone's answer).
    const filled = [...(form?.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select') ?? [])].some((i) =>
      i instanceof HTMLInputElement && (i.type === 'radio' || i.type === 'checkbox') ? i.checked : i.value !== '' && !i.closest('[aria-hidden="true"]'),
    );
    // Nothing typed, only the messages of someone who pressed Sign the pledge and walked away: cleared
    // without a warning (nothing of anyone's is lost), so the next person does not meet them.
    if (!filled) return void (Object.keys(this.host.errors).length && this.resetNow());
    this.focusBefore = this.host.shadowRoot?.activeElement as HTMLElement | null;
    let left = IDLE_WARNING_SECONDS;
    const show = () => (this.idleText.textContent = KIOSK_STRINGS[this.lang].idle(left));
    show();
    this.idleWarning.hidden = false;
    this.status.toggleAttribute('data-alert', true);
    this.idleSpoken.textContent = this.idleText.textContent;
    this.idleCountdown = setInterval(() => {
      left--;
      if (left > 0) return void show();
      void this.resetNow();
    }, 1000);
  }

  /**
   * Filled a frame after it is emptied, so the same words said twice are read twice. Marked with
   * the language they are in: the page switching language later leaves them there, read in it.
   */
  private say(text: string) {
    this.said.textContent = '';
    this.said.lang = this.lang;
    requestAnimationFrame(() => (this.said.textContent = text));
  }

  /** While this visitor's pledge waits on the tablet, the thank-you's heading says it is saved there, not "check your email". */
  get heading(): string | undefined {
    return this.mineWaits ? KIOSK_STRINGS[this.lang].saved : undefined;
  }

  /** This visitor's pledge is still on the tablet (as last counted): another's waiting says nothing of it. */
  private get mineWaits() {
    return this.host.kiosk && this.queued.includes(this.mine);
  }

  /**
   * Back online: drop a send that hung while offline and send now, then again after 2 and 5 s
   * (the event can come before the network really carries requests: DHCP, DNS, a portal).
   */
  private readonly onOnline = () => {
    this.inFlight?.abort();
    void this.send();
    for (const ms of [2_000, 5_000]) setTimeout(() => void this.send(), ms);
  };

  /**
   * The language the form is shown in: the one asked for once its strings are here. Switched while
   * the tablet is offline, the form stays in the language it had, and so do the messages here.
   */
  private get lang(): Lang {
    return ((this.host.shadowRoot?.querySelector('.card') as HTMLElement | null)?.lang || this.host.language) as Lang;
  }

  async take(body: { id?: string } & Record<string, unknown>): Promise<SubmitResult> {
    const lang = this.lang;
    // Checked as the Worker reads it (the country select folded into region: both chosen is "not both"),
    // so the tablet never thanks someone for a pledge the service would refuse, and then drop it.
    const checked = validatePledge(foldCountry(body));
    if (!checked.ok) {
      const fields = Object.fromEntries(
        Object.entries(checked.fields).map(([field, keys]) => [field, (keys ?? []).map((k) => fieldMessage(lang, k))]),
      );
      return { kind: 'invalid', fields };
    }
    const { turnstileToken: _expires, ...rest } = body; // a Turnstile token would be stale by the time it is sent
    const pledge = { body: { ...rest, id: body.id ?? crypto.randomUUID().replaceAll('-', '') }, savedAt: Date.now() };
    this.mine = pledge.body.id;
    try {
      // After every pledge already waiting, whatever the clock says: a clock that was fast and is put
      // right (the network's time, when the Wi-Fi returns) would otherwise send this one before them.
      pledge.savedAt = Math.max(pledge.savedAt, ((await waiting()).pop()?.savedAt ?? 0) + 1);
      await keep(pledge);
      // The browser says it is offline, or the last try to send failed: the thank-you's first render
      // already says the pledge waits here (a send that then goes through puts the normal thank-you back).
      if (!navigator.onLine || this.stuck) await this.countWaiting();
    } catch {
      // No IndexedDB here (a locked-down browser): send it directly, as the form does without kiosk mode.
      return submitPledge(this.host.apiOrigin, pledge.body);
    }
    // If a send is under way (a slow network), say at once that this one waits too.
    if (this.sending) void this.recount();
    void this.send();
    return { kind: 'accepted' };
  }

  succeeded() {
    this.stopCountdown();
    this.stayButton.hidden = false;
    this.remaining = RESET_AFTER_SECONDS;
    this.showCountdown();
    this.showLater();
    this.countdownTimer = setInterval(() => {
      this.remaining--;
      if (this.remaining <= 0) void this.resetNow();
      else this.showCountdown();
    }, 1000);
    // A send still under way after a few seconds (a network that hangs rather than fails: a
    // captive portal, a dead access point): this person's pledge waits on the tablet, so say so
    // while they are still looking, not when the send gives up.
    setTimeout(() => {
      if (this.sending) void this.recount();
    }, SLOW_SEND_MS);
  }

  /** No countdown: the thank-you stays until Next person is pressed, which then has the focus (from the button). */
  private stay(moveFocus = true) {
    this.stopCountdown();
    this.stayButton.hidden = true;
    this.countdownText.textContent = KIOSK_STRINGS[this.lang].stayed;
    if (moveFocus) this.nextButton.focus();
  }

  /**
   * Clears the form for the next person, puts focus where they start, and says why it is there,
   * however it came (Next person, the thank-you's countdown, or left idle): focus alone moved a
   * screen reader from the thank-you to "Full name" unexplained, but for an idle clear.
   */
  private async resetNow() {
    this.stopCountdown();
    this.stopIdle();
    const host = this.host;
    if (host.resetForNextPerson) {
      host.resetForNextPerson(); // a drop-in script of an earlier release, whose state had other names
    } else {
      host.shadowRoot?.querySelector('form')?.reset();
      host.phase = 'form';
      host.problem = null;
      host.errors = {};
      host.attemptFields = undefined;
    }
    await this.host.updateComplete;
    this.host.shadowRoot?.querySelector<HTMLElement>('#name')?.focus();
    this.say(KIOSK_STRINGS[this.lang].cleared);
  }

  private stopCountdown() {
    clearInterval(this.countdownTimer);
    this.countdownTimer = undefined;
  }

  private showCountdown() {
    this.countdownText.textContent = KIOSK_STRINGS[this.lang].countdown(this.remaining);
  }

  /** Sends waiting pledges, oldest first, until one fails; one run at a time (asked during a run, it runs again). */
  send(): Promise<void> {
    if (this.sending) {
      this.again = true;
      return this.sending;
    }
    this.sending = (async () => {
      do {
        this.again = false;
        await this.sendWaiting();
      } while (this.again);
    })().finally(() => (this.sending = null));
    return this.sending;
  }

  private async sendWaiting() {
    const before = this.queued.length;
    const dropped = this.dropped;
    try {
      const queue = await waiting();
      for (const pledge of queue.slice(0, SEND_PER_TRY)) {
        const now = performance.now();
        this.sentAt = this.sentAt.filter((t) => now - t < 60_000);
        if (this.sentAt.length >= SEND_PER_MINUTE) break; // the rest go in a later try
        const controller = (this.inFlight = new AbortController());
        const timer = setTimeout(() => controller.abort(), SEND_TIMEOUT_MS);
        const result = await submitPledge(this.host.apiOrigin, pledge.body, controller.signal).finally(() => clearTimeout(timer));
        this.inFlight = null;
        if (result.kind === 'accepted') {
          this.sentAt.push(performance.now());
          this.refused = this.stuck = false;
          await forget(pledge.body.id);
        } else if (result.kind === 'invalid' && result.fields.partner) {
          // The society unknown, disabled, or not registered for this site's origin: a setting only
          // the coalition can fix. Nothing is lost: the pledges stay on the tablet, tried again
          // every 10 s, and the status says so to the staff.
          this.refused = this.stuck = true;
          break;
        } else if (result.kind === 'invalid') {
          // Checked with the same schema before it was kept: the service's rules changed since (a
          // kiosk module older than the Worker). It can never be sent. Say so, without personal data.
          // Deleted (the person has gone: it cannot be corrected), and counted at the top for the staff,
          // who can tell the coalition; never "all waiting pledges have been sent".
          await forget(pledge.body.id);
          this.dropped++;
          console.warn('rhec-pledge kiosk: a kept pledge was refused by the pledge service', Object.keys(result.fields));
        } else {
          this.stuck = true;
          break; // offline, unreachable or busy: try again later
        }
      }
    } catch {
      // IndexedDB unavailable: nothing is kept, so nothing waits.
    }
    await this.recount();
    if (before && !this.queued.length && dropped == this.dropped) this.say(KIOSK_STRINGS[this.lang].sent);
  }

  private async countWaiting() {
    this.queued = await waiting().then((q) => q.map((p) => p.body.id), () => []);
  }

  /** Counts the waiting pledges and shows the count; the thank-you's heading follows whether this visitor's waits. */
  private async recount() {
    const before = this.mineWaits;
    await this.countWaiting();
    this.showWaiting();
    if (before !== this.mineWaits) this.host.requestUpdate();
  }

  /** While this visitor's pledge waits on the tablet, the thank-you says their email will come later. */
  private showLater() {
    const later = this.mineWaits ? KIOSK_STRINGS[this.lang].later : '';
    // The thank-you's "the email we just sent … check your spam" is not so yet: while the pledge
    // waits on the tablet its place (and the heading's description) is this paragraph's, announced
    // when it appears (it can come after the focus, once the send has failed). Not once `kiosk` is
    // removed: a pledge is then sent at once, and the thank-you is the form's own (its description
    // then also names the countdown, which is not there: a missing id is passed over).
    const body = this.host.shadowRoot?.getElementById('thanks-body');
    if (body) {
      body.hidden = !!later;
      // In the thank-you's own panel, under its heading, where the words it stands in for were.
      if (body.previousSibling !== this.laterText) body.before(this.laterText);
      this.host.shadowRoot!.getElementById('thanks')!.setAttribute('aria-describedby', `${later ? 'kiosk-later' : 'thanks-body'} kiosk-countdown`);
    }
    // Its words come a frame after it is put in place (with a new thank-you): a live region filled
    // as it arrives is often not read. Cleared at once, and never set late once the pledge has gone
    // (the thank-you's own words shown again meanwhile).
    const say = () => (this.laterText.textContent = body && !body.hidden ? '' : later);
    later ? requestAnimationFrame(say) : say();
  }

  hostUpdated() {
    this.showLater();
  }

  private showWaiting() {
    this.showLater();
    const s = KIOSK_STRINGS[this.lang];
    const n = this.queued.length;
    const form = new Intl.PluralRules(this.lang).select(n) === 'one' ? 'one' : 'other';
    const text = n ? s.waiting[form](n) : '';
    const hint = (this.refused ? s.refusedHint : s.waitingHint)[form];
    const dropped = this.dropped ? s.dropped(this.dropped) : '';
    const region = this.waitingRegion;
    if (region.dataset.text === text + hint + dropped) return; // a live region: change it only when the news changes
    region.dataset.text = text + hint + dropped;
    region.replaceChildren();
    const strong = (t: string) => Object.assign(document.createElement('strong'), { textContent: t });
    if (dropped) region.append(strong(dropped));
    if (n) region.append(strong(text), hint);
  }
}

export function createKiosk(host: KioskHost): KioskApi {
  return new Kiosk(host);
}
