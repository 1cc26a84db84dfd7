/**
 * The region selects' lists come from the Worker after the first render. When that request is
 * dropped (a phone's connection failing as the page loads), the widget asks again later instead
 * of leaving the two selects blank for the whole visit, and stops asking once taken off the page.
 */
import { expect } from '@open-wc/testing';
import { RETRY_MS } from '../../src/i18n/load.ts';
import { interceptRequests, pledgeWidget, waitUntil, WORKER_URL } from './helpers.ts';

/** The regions' request, answered by `answer(n)` (n: 1 for the first) or by the Worker. */
const interceptRegions = (answer: (n: number) => Promise<Response> | undefined) => interceptRequests((url) => url.includes('/api/regions'), answer);

const dropped = () => Promise.reject(new TypeError('Failed to fetch'));

describe('region lists that could not be fetched', () => {
  it('are asked for again, and fill both selects once they come', async () => {
    const { asked, restore } = interceptRegions((n) => (n === 1 ? dropped() : undefined));
    try {
      const el = await pledgeWidget();
      await waitUntil(() => asked.length === 1, 'the regions were never asked for');
      const selects = () => [...el.shadowRoot!.querySelectorAll('select')];
      expect(selects().map((s) => s.options.length)).to.deep.equal([1, 1]);
      await waitUntil(() => selects().every((s) => s.options.length > 1), 'the selects stayed blank', { timeout: RETRY_MS + 5_000 });
      expect(selects()[0]!.querySelector('option[value="US-CA"]')!.textContent).to.equal('California');
      expect(selects()[1]!.querySelector('option[value="MX"]')).to.not.equal(null);
      expect(selects()[0]!.options[0]!.textContent, 'the empty choice is worded').to.not.equal('');
      expect(asked).to.have.length(2);
      expect(asked[1]! - asked[0]!).to.be.at.least(RETRY_MS - 1_000);
    } finally {
      restore();
    }
  });

  it('are not asked for again by an element taken off the page', async () => {
    const { asked, restore } = interceptRegions(dropped);
    try {
      const el = Object.assign(document.createElement('rhec-pledge'), { api: WORKER_URL, partner: 'rsna' });
      document.body.append(el);
      await waitUntil(() => asked.length === 1, 'the regions were never asked for');
      el.remove();
      await new Promise((r) => setTimeout(r, RETRY_MS + 1_500));
      expect(asked).to.have.length(1);
    } finally {
      restore();
    }
  });
});
