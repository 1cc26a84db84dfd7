/**
 * The "not set up correctly" explanation, as a screen reader hears it. It sits in a status region
 * drawn together with its words (on load, for an unknown `partner`; as the form is first used, for
 * a site not registered for the society), and a region made with its words is not announced; the
 * keyboard's place then moves to the coalition's page link. So the link is described by the
 * explanation: focused (or tabbed to), it is read out with why it is there.
 */
import { expect } from '@open-wc/testing';
import { a11ySnapshot } from '@web/test-runner-commands';
import { $, activeInWidget, pledgeWidget, type, waitUntil } from './helpers.ts';

type AXNode = { focused?: boolean; role?: string; name?: string; description?: string; children?: AXNode[] };

/** The focused node of Chromium's accessibility tree: what a screen reader reads out on focus. */
async function focusedNode(): Promise<AXNode | undefined> {
  let focused: AXNode | undefined;
  const walk = (node: AXNode) => {
    if (node.focused) focused = node;
    node.children?.forEach(walk);
  };
  walk((await a11ySnapshot({})) as unknown as AXNode);
  return focused;
}

const WORDS = {
  en: { problem: 'This pledge form is not set up correctly on this site yet.', link: 'Sign the pledge on the coalition’s page' },
  es: { problem: 'Este formulario aún no está bien configurado en este sitio.', link: 'Firme el compromiso en la página de la coalición' },
} as const;

describe('the "not set up correctly" explanation, heard', () => {
  // Each test's console warnings are the webmaster's (tested elsewhere): kept out of the output.
  const realWarn = console.warn;
  beforeEach(() => (console.warn = () => {}));
  afterEach(() => (console.warn = realWarn));

  for (const lang of ['en', 'es'] as const) {
    it(`is said as the keyboard lands on the coalition's page link, on a site not registered for the society (${lang})`, async () => {
      // acr takes pledges, but not from this page's origin (the test Worker registered it for rsna and sir).
      const el = await pledgeWidget({ partner: 'acr', lang });
      $(el, '#name').focus();
      await waitUntil(() => !el.shadowRoot!.querySelector('form'), 'the form stayed on first focus');
      await waitUntil(() => activeInWidget(el) === el.shadowRoot!.querySelector('.problem a'), "the keyboard's place did not move to the link");
      const focused = await focusedNode();
      expect(focused?.role).to.equal('link');
      expect(focused?.name).to.equal(WORDS[lang].link);
      expect(focused?.description, 'the link is read out without why').to.equal(WORDS[lang].problem);
      await expect(el).to.be.accessible();
    });

    it(`is said as the keyboard lands on the link when the counts, late, show the service does not know the partner of a form in use (${lang})`, async () => {
      // The counts held until the visitor is typing; the site check of the form's first use held
      // longer, so the counts are what take the form away (as on a slow connection to the service).
      // (Beyond this machine, the network stands in: the answers, when let through, are the real Worker's.)
      const realFetch = window.fetch;
      let releaseStats!: () => void;
      let releaseAllowed!: () => void;
      const stats = new Promise<void>((resolve) => (releaseStats = resolve));
      const allowed = new Promise<void>((resolve) => (releaseAllowed = resolve));
      const asked: string[] = [];
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input instanceof Request ? input.url : input);
        asked.push(url);
        if (url.includes('/api/stats')) return stats.then(() => realFetch(input, init));
        if (url.includes('/api/pledges/allowed')) return allowed.then(() => realFetch(input, init));
        return realFetch(input, init);
      };
      try {
        const el = await pledgeWidget({ partner: 'rnsa', lang });
        type(el, 'name', 'Grace Hopper');
        await waitUntil(() => asked.some((u) => u.includes('/api/pledges/allowed')), 'the form in use did not check the site');
        releaseStats();
        await waitUntil(() => !el.shadowRoot!.querySelector('form'), 'the form stayed for a partner the service does not know');
        await waitUntil(() => activeInWidget(el) === el.shadowRoot!.querySelector('.problem a'), "the keyboard's place did not move to the link");
        const focused = await focusedNode();
        expect(focused?.role).to.equal('link');
        expect(focused?.name).to.equal(WORDS[lang].link);
        expect(focused?.description, 'the link is read out without why').to.equal(WORDS[lang].problem);
        await expect(el).to.be.accessible();
      } finally {
        window.fetch = realFetch;
        releaseAllowed();
      }
    });

    it(`is said as the link is tabbed to, for a partner the service does not know (${lang})`, async () => {
      const el = await pledgeWidget({ partner: 'rnsa', lang });
      await waitUntil(() => el.shadowRoot!.querySelector('.problem a'), 'no hosted link shown');
      await el.updateComplete;
      $(el, '.problem a').focus();
      const focused = await focusedNode();
      expect(focused?.role).to.equal('link');
      expect(focused?.name).to.equal(WORDS[lang].link);
      expect(focused?.description, 'the link is read out without why').to.equal(WORDS[lang].problem);
      await expect(el).to.be.accessible();
    });
  }
});
