/**
 * Cloudflare Turnstile, only when a partner turns it on (a site key): its script is the one
 * third-party request the widget can make, so it is loaded on the form's first focus, never
 * on page load, and once per page however many widgets there are.
 */
const SCRIPT_SRC = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';

interface TurnstileApi {
  render(
    el: HTMLElement,
    options: { sitekey: string; language?: string; size?: 'normal' | 'compact'; callback(token: string): void; 'error-callback'?(): void },
  ): string;
  reset(id: string): void;
}

declare global {
  interface Window {
    turnstile?: TurnstileApi;
  }
}

let loading: Promise<TurnstileApi> | undefined;

function loadTurnstile(): Promise<TurnstileApi> {
  if (window.turnstile) return Promise.resolve(window.turnstile);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SCRIPT_SRC;
    script.async = true;
    script.onload = () => (window.turnstile ? resolve(window.turnstile) : reject(new Error('turnstile')));
    script.onerror = () => reject(new Error('turnstile'));
    document.head.append(script);
  });
  return loading;
}

/** A Turnstile challenge rendered into `el`; `token` is set once the visitor passes it. */
export class TurnstileChallenge {
  token = '';
  private id = '';
  private waiting: (() => void)[] = [];
  /**
   * No token can come: the script did not load (a page's Content-Security-Policy without
   * challenges.cloudflare.com, a blocker, no network) or the challenge failed (a wrong site key).
   * A pledge is then sent at once without one, and the service keeps it for review.
   */
  private failed = false;

  async render(el: HTMLElement, sitekey: string, language: string): Promise<void> {
    let api: TurnstileApi;
    try {
      api = await loadTurnstile();
    } catch {
      console.warn('rhec-pledge: Turnstile could not load (does the page allow https://challenges.cloudflare.com?). Pledges are sent without it and held for review.');
      return this.fail();
    }
    this.id = api.render(el, {
      sitekey,
      language,
      // The normal challenge is 300 px wide: in a narrower form (a 320 px phone) the compact one (150 px) fits.
      size: el.clientWidth < 300 ? 'compact' : 'normal',
      callback: (token) => {
        this.token = token;
        this.wake();
      },
      'error-callback': () => this.fail(),
    });
  }

  private fail(): void {
    this.failed = true;
    this.wake();
  }

  private wake(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** The token, once the visitor has passed the challenge (or '' after `timeoutMs`, or at once if none can come). */
  async ready(timeoutMs: number): Promise<string> {
    if (!this.token && !this.failed) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        setTimeout(resolve, timeoutMs);
      });
    }
    return this.token;
  }

  /** Tokens are single-use: after each submit, ask for a fresh one. */
  reset(): void {
    this.token = '';
    if (this.id) window.turnstile?.reset(this.id);
  }
}
