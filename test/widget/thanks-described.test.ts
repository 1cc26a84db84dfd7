/**
 * The thank-you's heading takes the focus and is read out with what describes it
 * (`aria-describedby`): only elements that are there, or a screen reader reads out less than it
 * should and axe's checks of the ids have nothing to hold on to.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { $, fillValidPledge, submit, waitUntil, WORKER_URL } from './helpers.ts';
import type { RhecPledge } from '../../src/rhec-pledge.ts';

/** The ids the focused heading names as its description that are not in the widget. */
function missingDescriptions(el: RhecPledge): string[] {
  const ids = ($(el, '#thanks').getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.filter((id) => !el.shadowRoot!.getElementById(id));
}

describe('the thank-you heading, described', () => {
  it('names only what is there when kiosk mode is turned on over an ordinary thank-you, its module still on its way', async () => {
    const el = await fixture<RhecPledge>(html`<rhec-pledge partner="rsna" lang="en" api=${WORKER_URL}></rhec-pledge>`);
    await el.updateComplete;
    await fillValidPledge(el);
    await submit(el);
    await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'no thank-you');
    // The booth's page puts the tablet in kiosk mode: the thank-you is drawn as a kiosk's (no address
    // kept) before kiosk mode's module, and its countdown, are here.
    el.kiosk = true;
    await el.updateComplete;
    expect(el.kioskApi, "kiosk mode's module already here: not the case this test is about").to.equal(null);
    expect(missingDescriptions(el)).to.deep.equal([]);
    await waitUntil(() => el.kioskApi, 'kiosk mode did not load');
    await el.updateComplete;
    expect(missingDescriptions(el), "with kiosk mode's countdown").to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('names the address it went to after an ordinary pledge', async () => {
    const el = await fixture<RhecPledge>(html`<rhec-pledge partner="rsna" lang="es" api=${WORKER_URL}></rhec-pledge>`);
    await el.updateComplete;
    await fillValidPledge(el);
    await submit(el);
    await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'no thank-you');
    expect($(el, '#thanks').getAttribute('aria-describedby')).to.equal('thanks-body sent-to');
    expect(missingDescriptions(el)).to.deep.equal([]);
  });
});
