/**
 * What a page may change after the widget has rendered: its language (a site's language toggle),
 * its `api` (given with a path), its `partner` (taken away). A file of its own: the Spanish strings
 * must not have been fetched yet by this page when the first test changes the language.
 */
import { expect } from '@open-wc/testing';
import { $, pledgeWidget, type, waitUntil, WORKER_URL } from './helpers.ts';

describe('a page changing the widget after it rendered', () => {
  it("keeps the form, and what was typed, while the new language's strings arrive", async () => {
    // Hold the Spanish strings (fetched from this machine's Worker) until the test lets them through.
    const realFetch = window.fetch;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/rhec-pledge.es.json')) await held;
      return realFetch(input, init);
    };
    try {
      const el = await pledgeWidget({ lang: 'en' });
      type(el, 'name', 'Grace Hopper');
      $(el, '#role-physicist').click();
      const height = el.offsetHeight;
      el.lang = 'es';
      await new Promise((r) => setTimeout(r, 300));
      // Still the English form, as typed, and marked English: nothing taken down, nothing moved.
      expect(($(el, '#name') as HTMLInputElement).value).to.equal('Grace Hopper');
      expect(($(el, '#role-physicist') as HTMLInputElement).checked).to.equal(true);
      expect($(el, '.card').getAttribute('lang')).to.equal('en');
      expect(el.offsetHeight).to.equal(height);
      release();
      await waitUntil(() => $(el, '.heading').textContent === 'Comprométase a actuar', 'never switched to Spanish');
      expect($(el, '.card').getAttribute('lang')).to.equal('es');
      expect(($(el, '#name') as HTMLInputElement).value).to.equal('Grace Hopper');
      expect(($(el, '#role-physicist') as HTMLInputElement).checked).to.equal(true);
    } finally {
      window.fetch = realFetch;
      release();
    }
  });

  it('builds its links on the origin of an `api` given with a path, as its requests do', async () => {
    for (const api of [`${WORKER_URL}/api`, `${WORKER_URL}/`]) {
      const el = await pledgeWidget({ api });
      expect($(el, '.orgs a').getAttribute('href'), api).to.equal(`${WORKER_URL}/join?partner=rsna&lang=en`);
    }
  });

  it('links to the join page without a society once `partner` is taken away, not to "null"', async () => {
    const el = await pledgeWidget({ partner: 'RSNA' });
    expect($(el, '.orgs a').getAttribute('href')).to.equal(`${WORKER_URL}/join?partner=rsna&lang=en`);
    // The hosted page's address (share links, the way on when this form cannot send) as well.
    expect(el.hosted('booth-1')).to.equal(`${WORKER_URL}/pledge?partner=rsna&lang=en&source=booth-1`);
    el.removeAttribute('partner');
    await el.updateComplete;
    expect($(el, '.orgs a').getAttribute('href')).to.equal(`${WORKER_URL}/join?partner=&lang=en`);
    expect(el.hosted('')).to.equal(`${WORKER_URL}/pledge?partner=&lang=en`);
  });
});
