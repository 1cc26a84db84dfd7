/**
 * Cloudflare Turnstile, only when a partner turns it on (a site key): its script is the one
 * third-party request the widget can make, so it is loaded on the form's first focus, never
 * on page load, and once per page however many widgets there are.
 */
const SCRIPT_SRC = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';

interface TurnstileApi {
  render(
    el: HTMLElement,
    options: { sitekey: string; language?: string; size?: 'normal' | 'compact'; callback(token: string): void; 'error-callback'?(code: string): void },
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
    // A failed load is not kept: the next challenge (another widget, the next pledge) tries again.
    const failed = () => {
      loading = undefined;
      reject(new Error('turnstile'));
    };
    script.onload = () => (window.turnstile ? resolve(window.turnstile) : failed());
    script.onerror = failed;
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
   * challenges.cloudflare.com, a blocker, no network) or the challenge cannot work here (a wrong
   * site key, a domain the key does not allow: Turnstile's 110… errors). A pledge is then sent at
   * once without one, and the service keeps it for review. Other errors are passing ones, which
   * Turnstile retries by itself: a pledge waits for the token as usual.
   */
  private failed = false;

  async render(el: HTMLElement, sitekey: string, language: string): Promise<void> {
    let api: TurnstileApi;
    try {
      api = await loadTurnstile();
    } catch {
      return this.fail('Turnstile could not load (does the page allow https://challenges.cloudflare.com?)');
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
      'error-callback': (code) => {
        if (String(code).startsWith('110')) this.fail(`Turnstile refused its site key here (error ${code}: check turnstile-site-key and the key's domains)`);
      },
    });
  }

  private fail(why: string): void {
    if (!this.failed) console.warn(`rhec-pledge: ${why}. Pledges are sent without it and held for review.`);
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
