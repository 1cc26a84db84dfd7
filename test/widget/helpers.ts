import { fixture, html, waitUntil as waitUntilWithin } from '@open-wc/testing';
import '../../src/define.ts';
import type { RhecPledge } from '../../src/rhec-pledge.ts';
// Served by the test runner's config: the URL of the real local Worker it started.
// @ts-expect-error: a virtual module, not a file.
import { API } from '/__rhec-test-env.js';

export const WORKER_URL: string = API;

/** A fresh widget pointed at the local Worker. */
export async function pledgeWidget(attrs: { partner?: string; lang?: string; api?: string; theme?: string } = {}) {
  const el = await fixture<RhecPledge>(html`<rhec-pledge
    partner=${attrs.partner ?? 'rsna'}
    lang=${attrs.lang ?? 'en'}
    api=${attrs.api ?? WORKER_URL}
    theme=${attrs.theme ?? 'light'}
  ></rhec-pledge>`);
  return el;
}

export function $(el: RhecPledge, selector: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`No ${selector} in the widget`);
  return found;
}

export function $$(el: RhecPledge, selector: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
}

export function uniqueEmail(): string {
  return `widget.${crypto.randomUUID()}@example.org`;
}

/** Types into a text field as a person would (value, then input events). */
export function type(el: RhecPledge, id: string, value: string) {
  const input = $(el, `#${id}`) as HTMLInputElement;
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export async function fillValidPledge(el: RhecPledge, email = uniqueEmail()) {
  type(el, 'name', 'Grace Hopper');
  type(el, 'email', email);
  $(el, '#role-physicist').click();
  $(el, '#commitment').click();
  return email;
}

export async function submit(el: RhecPledge) {
  ($(el, 'button[type="submit"]') as HTMLButtonElement).click();
}

export function activeInWidget(el: RhecPledge): Element | null {
  return el.shadowRoot!.activeElement;
}

/**
 * Waits for `predicate`, as @open-wc's waitUntil, but by default as long as a test may run (the
 * runner's 20 s) rather than its one second: a test waits for what it expects, not for a set time.
 * On a loaded machine the pledge service took over a second to answer, the wait failed, and the
 * element it left behind warned into the next test (the suite failed twice that way).
 * A `timeout` given still applies.
 */
export function waitUntil(predicate: () => unknown, message?: string, options: { interval?: number; timeout?: number } = {}) {
  return waitUntilWithin(predicate, message, { timeout: 19_000, ...options });
}

/**
 * Stands in for the network, beyond this machine, for the requests whose URL `matches`: records
 * when each was made, and answers it with `answer(n)` (n: 1 for the first), or passes it through
 * when that gives nothing (`init`: the request's options, its `signal` among them). Call `restore` when done.
 */
export function interceptRequests(matches: (url: string) => boolean, answer: (n: number, init?: RequestInit) => Promise<Response> | undefined) {
  const realFetch = window.fetch;
  const asked: number[] = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    if (matches(String(input instanceof Request ? input.url : input))) {
      asked.push(Date.now());
      const answered = answer(asked.length, init);
      if (answered) return answered;
    }
    return realFetch(input, init);
  };
  return { asked, restore: () => (window.fetch = realFetch) };
}
