/**
 * A Spanish page whose strings request hangs (a captive portal, a hospital proxy holding the
 * connection open): the card must not stay empty. After `TIMEOUT_MS` the request is given up,
 * English stands in, marked as English, and a later request brings Spanish. A file of its own:
 * the strings a page has fetched (or given up on) are kept for the whole page.
 */
import { expect } from '@open-wc/testing';
import { RETRY_MS, TIMEOUT_MS } from '../../src/i18n/load.ts';
import { $, interceptRequests, waitUntil, WORKER_URL } from './helpers.ts';

describe('a language whose strings request hangs', () => {
  it('is given up after a few seconds: English meanwhile, then the language from a later request, however slow', async function () {
    this.timeout(2 * TIMEOUT_MS + RETRY_MS + 15_000);
    let aborted = 0;
    const realFetch = window.fetch;
    // The first request never answers; it ends only if the widget gives it up. The retry is slow
    // (the Worker's answer, after longer than the first was given): English is on the card by
    // then, so it is waited for.
    const { asked, restore } = interceptRequests(
      (url) => url.endsWith('/rhec-pledge.es.json'),
      (n, init) =>
        new Promise<Response>((resolve, reject) => {
          init?.signal?.addEventListener('abort', () => {
            aborted++;
            reject(init.signal!.reason);
          });
          if (n > 1) setTimeout(() => resolve(realFetch(`${WORKER_URL}/rhec-pledge.es.json`)), TIMEOUT_MS + 1_500);
        }),
    );
    // Made without waiting for it: its updateComplete waits for its strings.
    const el = Object.assign(document.createElement('rhec-pledge'), { lang: 'es', api: WORKER_URL, partner: 'rsna' });
    try {
      document.body.append(el);
      await waitUntil(() => asked.length === 1, 'the strings were never asked for');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(Boolean(el.shadowRoot!.querySelector('.heading')), 'nothing is shown while the strings are on their way').to.equal(false);
      await waitUntil(() => el.shadowRoot!.querySelector('.heading'), 'the card stayed empty while the request hung', { timeout: TIMEOUT_MS + 3_000 });
      expect(aborted, 'the hanging request was given up').to.equal(1);
      expect($(el, '.heading').textContent).to.equal('Commit to act');
      expect($(el, '.card').getAttribute('lang')).to.equal('en');
      expect(el.hasAttribute('ready')).to.equal(true);
      await waitUntil(() => $(el, '.heading').textContent !== 'Commit to act', 'never switched to Spanish', { timeout: RETRY_MS + TIMEOUT_MS + 5_000 });
      expect($(el, '.heading').textContent).to.equal('Comprométase a actuar');
      expect($(el, '.card').getAttribute('lang')).to.equal('es');
      expect(asked).to.have.length(2);
      expect(aborted, 'the slow retry was waited for, not given up').to.equal(1);
    } finally {
      restore();
      el.remove();
    }
  });
});
