/**
 * A Spanish page whose strings cannot be fetched at first (a dropped connection at a booth): the
 * widget shows English meanwhile, marked as English, and switches to Spanish once a later
 * request brings the strings, without a flood of requests in between. A file of its own: the
 * strings a page has fetched are kept for the whole page, and the other files fetch Spanish.
 */
import { expect } from '@open-wc/testing';
import { RETRY_MS } from '../../src/i18n/load.ts';
import { $, interceptRequests, pledgeWidget, waitUntil, WORKER_URL } from './helpers.ts';

/** The Spanish strings' request, answered by `answer(n)` (n: 1 for the first) or by the Worker. */
const interceptSpanishStrings = (answer: (n: number) => Promise<Response> | undefined) =>
  interceptRequests((url) => url.endsWith('/rhec-pledge.es.json'), answer);

describe('a language whose strings could not be fetched', () => {
  // First: while the strings keep failing, an element taken out of the page (while its request
  // was still on its way) stops asking.
  it('is not asked for again by an element removed from the page', async () => {
    const { asked, restore } = interceptSpanishStrings(() => new Promise((_, reject) => setTimeout(() => reject(new TypeError('Failed to fetch')), 300)));
    try {
      const el = Object.assign(document.createElement('rhec-pledge'), { lang: 'es', api: WORKER_URL, partner: 'rsna' });
      document.body.append(el);
      await waitUntil(() => asked.length === 1, 'the strings were never asked for');
      el.remove(); // before the request fails
      await new Promise((r) => setTimeout(r, 300 + RETRY_MS + 1_500));
      expect(asked).to.have.length(1);
    } finally {
      restore();
    }
  });

  it('shows English marked as English meanwhile, then the language once a retry brings it', async () => {
    // The first request for the Spanish strings is dropped.
    const { asked, restore } = interceptSpanishStrings((n) => (n === 1 ? Promise.reject(new TypeError('Failed to fetch')) : undefined));
    try {
      const el = await pledgeWidget({ lang: 'es' });
      await waitUntil(() => el.shadowRoot!.querySelector('.heading'), 'nothing rendered after the failure');
      expect($(el, '.heading').textContent).to.equal('Commit to act');
      expect($(el, '.card').getAttribute('lang')).to.equal('en');
      expect(el.hasAttribute('ready')).to.equal(true);
      await waitUntil(() => $(el, '.heading').textContent !== 'Commit to act', 'never switched to Spanish', { timeout: 15_000 });
      expect($(el, '.heading').textContent).to.equal('Comprométase a actuar');
      expect($(el, '.card').getAttribute('lang')).to.equal('es');
      expect(asked).to.have.length(2);
      expect(asked[1]! - asked[0]!).to.be.at.least(9_000);
    } finally {
      restore();
    }
  });
});
