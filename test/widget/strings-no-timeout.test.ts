/**
 * A browser without `AbortSignal.timeout` (Safari before 16, which the widget still serves: see
 * EMBEDDING.md's note on Safari before 16.4): a Spanish page still gets its strings, the request
 * simply not timed. A file of its own: the strings a page has fetched are kept for the whole page.
 */
import { expect } from '@open-wc/testing';
import { $, pledgeWidget } from './helpers.ts';

describe('a browser without AbortSignal.timeout', () => {
  const timeout = Object.getOwnPropertyDescriptor(AbortSignal, 'timeout')!;
  before(() => delete (AbortSignal as { timeout?: unknown }).timeout);
  after(() => Object.defineProperty(AbortSignal, 'timeout', timeout));

  it('shows a Spanish page in Spanish', async () => {
    expect('timeout' in AbortSignal).to.equal(false);
    const el = await pledgeWidget({ lang: 'es' });
    expect($(el, '.heading').textContent).to.equal('Comprométase a actuar');
    expect($(el, '.card').getAttribute('lang')).to.equal('es');
  });
});
