import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.ts';
import type { RhecPledge } from '../../src/rhec-pledge.ts';
import { $, fillValidPledge, submit, waitUntil, WORKER_URL } from './helpers.ts';

const turnstileScripts = () => document.head.querySelectorAll('script[src^="https://challenges.cloudflare.com/"]');
/** Turnstile's scripts the page added, refused by `refuseTurnstileScript`. */
const refusedScripts = () => document.head.querySelectorAll('script[data-refused]');

/**
 * Turnstile's server is beyond this machine: its script is refused where the page adds it, as a
 * CSP without challenges.cloudflare.com would, whether or not this machine has a network. The
 * element is still added (with a source that loads nothing). Returns the undo.
 */
function refuseTurnstileScript(): () => void {
  const append = document.head.append;
  document.head.append = function (...nodes: (Node | string)[]) {
    for (const node of nodes) {
      if (node instanceof HTMLScriptElement && node.src.startsWith('https://challenges.cloudflare.com/')) {
        const src = node.src;
        node.src = 'data:text/javascript,';
        node.dataset.refused = src;
        queueMicrotask(() => node.dispatchEvent(new Event('error')));
      }
    }
    return append.apply(this, nodes);
  };
  return () => (document.head.append = append);
}

describe('rhec-pledge with Turnstile', () => {
  afterEach(() => {
    delete window.turnstile;
  });

  it('makes no third-party request without a site key, even when the form is used', async () => {
    const el = await fixture<RhecPledge>(html`<rhec-pledge partner="rsna" api=${WORKER_URL}></rhec-pledge>`);
    $(el, '#name').focus();
    await el.updateComplete;
    expect(turnstileScripts()).to.have.length(0);
    expect(el.shadowRoot!.querySelector('#turnstile')).to.equal(null);
  });

  it('renders the challenge only on the form\'s first focus, with the site key', async () => {
    // Turnstile's own client is beyond this machine: stand in for it at its API boundary.
    const renders: { sitekey: string; language?: string; size?: string }[] = [];
    window.turnstile = {
      render: (_el, options) => {
        renders.push({ sitekey: options.sitekey, language: options.language, size: options.size });
        options.callback('token-from-turnstile');
        return 'widget-1';
      },
      reset: () => {},
    };
    const el = await fixture<RhecPledge>(
      html`<rhec-pledge partner="rsna" lang="es" api=${WORKER_URL} turnstile-site-key="0x4AAA-test"></rhec-pledge>`,
    );
    expect(renders).to.have.length(0);
    $(el, '#name').focus();
    $(el, '#email').focus();
    // Turnstile comes with the module loaded on the form's first focus (src/after/after.ts).
    await waitUntil(() => renders.length > 0, 'the challenge was never rendered');
    await new Promise((r) => setTimeout(r, 50));
    expect(renders).to.deep.equal([{ sitekey: '0x4AAA-test', language: 'es', size: 'normal' }]);
    await expect(el).to.be.accessible();
  });

  it('renders the compact challenge where the normal one (300 px) would not fit: a 320 px phone', async () => {
    const sizes: (string | undefined)[] = [];
    window.turnstile = { render: (_el, options) => (sizes.push(options.size), 'widget-1'), reset: () => {} };
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="width: 296px"><rhec-pledge partner="rsna" api=${WORKER_URL} turnstile-site-key="0x4AAA-test"></rhec-pledge></div>`,
    );
    const el = wrapper.querySelector('rhec-pledge')!;
    await el.updateComplete;
    $(el, '#name').focus();
    await waitUntil(() => sizes.length > 0, 'the challenge was never rendered');
    expect(sizes).to.deep.equal(['compact']);
  });

  it('renders no challenge at a kiosk (its pledges are sent later, without a token)', async () => {
    const sizes: (string | undefined)[] = [];
    window.turnstile = { render: (_el, options) => (sizes.push(options.size), 'widget-1'), reset: () => {} };
    const el = await fixture<RhecPledge>(html`<rhec-pledge partner="rsna" kiosk api=${WORKER_URL} turnstile-site-key="0x4AAA-test"></rhec-pledge>`);
    await waitUntil(() => el.kioskApi, 'kiosk mode never arrived');
    // The module that would render it is loaded (a kiosk loads it at once): its absence cannot be why none is drawn.
    expect(await (el as unknown as { _loadAfter(): Promise<unknown> })._loadAfter()).to.not.equal(null);
    $(el, '#name').focus();
    $(el, '#email').focus();
    await new Promise((r) => setTimeout(r, 300));
    expect(sizes).to.deep.equal([]);
  });

  it('loads Turnstile\'s script on first focus when the page has none', async () => {
    const restore = refuseTurnstileScript();
    try {
      const el = await fixture<RhecPledge>(
        html`<rhec-pledge partner="rsna" api=${WORKER_URL} turnstile-site-key="0x4AAA-test"></rhec-pledge>`,
      );
      expect(refusedScripts()).to.have.length(0);
      $(el, '#name').focus();
      await waitUntil(() => refusedScripts().length > 0, 'Turnstile\'s script was never added');
      const scripts = refusedScripts();
      expect(scripts).to.have.length(1);
      expect((scripts[0] as HTMLScriptElement).dataset.refused).to.equal('https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit');
      scripts[0]!.remove();
    } finally {
      restore();
    }
  });

  // The wait for a token is 15 s: each of these must be done well before it, or the pledge waited for nothing.
  const THANKS_SOON = { timeout: 6_000 };

  it("sends at once, without a token, when Turnstile's script cannot load, and tells the page's console why", async () => {
    const restore = refuseTurnstileScript();
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warned.push(args.join(' '));
    try {
      const el = await fixture<RhecPledge>(html`<rhec-pledge partner="rsna" api=${WORKER_URL} turnstile-site-key="0x4AAA-test"></rhec-pledge>`);
      await fillValidPledge(el);
      await waitUntil(() => warned.some((w) => w.includes('Turnstile could not load')), 'no word in the console', THANKS_SOON);
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'the pledge waited for a token that could not come', THANKS_SOON);
    } finally {
      console.warn = warn;
      restore();
    }
  });

  it('does not hold a pledge back when the challenge cannot work (a wrong site key)', async () => {
    window.turnstile = { render: (_el, options) => (options['error-callback']?.('110100'), 'widget-1'), reset: () => {} };
    const el = await fixture<RhecPledge>(html`<rhec-pledge partner="rsna" api=${WORKER_URL} turnstile-site-key="0x4AAA-wrong"></rhec-pledge>`);
    await fillValidPledge(el);
    submit(el);
    await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'the pledge waited for a failed challenge', THANKS_SOON);
  });

  it('waits for the token after a passing error, which Turnstile retries by itself', async () => {
    let pass: ((token: string) => void) | undefined;
    window.turnstile = {
      render: (_el, options) => {
        options['error-callback']?.('300010');
        pass = options.callback;
        return 'widget-1';
      },
      reset: () => {},
    };
    const el = await fixture<RhecPledge>(html`<rhec-pledge partner="rsna" api=${WORKER_URL} turnstile-site-key="0x4AAA-test"></rhec-pledge>`);
    await fillValidPledge(el);
    await waitUntil(() => pass, 'the challenge was never rendered');
    submit(el);
    await new Promise((r) => setTimeout(r, 500));
    // (A boolean: a failing assertion on the element itself would have chai serialise the DOM.)
    expect(Boolean(el.shadowRoot!.querySelector('#thanks')), 'sent without waiting for the retry').to.equal(false);
    pass!('token-after-retry');
    await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'not sent once the retry passed', THANKS_SOON);
  });

  it('fires rhec-pledge-submit at the press, then waits for the challenge before sending', async () => {
    let pass: ((token: string) => void) | undefined;
    window.turnstile = { render: (_el, options) => ((pass = options.callback), 'widget-1'), reset: () => {} };
    const el = await fixture<RhecPledge>(html`<rhec-pledge partner="rsna" api=${WORKER_URL} turnstile-site-key="0x4AAA-test"></rhec-pledge>`);
    let submits = 0;
    el.addEventListener('rhec-pledge-submit', () => submits++);
    await fillValidPledge(el);
    await waitUntil(() => pass, 'the challenge was never rendered');
    submit(el);
    await waitUntil(() => submits === 1, 'no rhec-pledge-submit at the press', { timeout: 3_000 });
    expect(Boolean(el.shadowRoot!.querySelector('#thanks')), 'sent before the challenge was passed').to.equal(false);
    pass!('token-from-turnstile');
    await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'not sent once the challenge was passed', THANKS_SOON);
  });
});
