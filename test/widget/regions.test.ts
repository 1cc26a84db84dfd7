import { expect } from '@open-wc/testing';
import { $, $$, fillValidPledge, interceptRequests, pledgeWidget, submit, waitUntil, WORKER_URL } from './helpers.ts';

const select = (el: HTMLElement & { shadowRoot: ShadowRoot | null }, id: string) => el.shadowRoot!.querySelector<HTMLSelectElement>(`#${id}`);

function choose(sel: HTMLSelectElement, value: string) {
  sel.value = value;
  sel.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

describe('rhec-pledge region', () => {
  it('asks for a US state or territory, or a country, with native selects filled from the Worker', async () => {
    const el = await pledgeWidget({ lang: 'es' });
    await waitUntil(() => (select(el, 'country')?.options.length ?? 0) > 1, 'the region options never loaded');
    expect($(el, 'label[for="region"]').textContent).to.equal('Estado o territorio de EE. UU.');
    expect($(el, 'label[for="country"]').textContent).to.equal('País, si está fuera de Estados Unidos');
    const us = [...select(el, 'region')!.options].map((o) => [o.value, o.textContent]);
    expect(us).to.have.length(57); // "" + 50 states, DC and 5 territories
    expect(us).to.deep.include(['US-NY', 'Nueva York']);
    expect(us).to.deep.include(['US-PR', 'Puerto Rico']);
    expect([...select(el, 'country')!.options].map((o) => o.value)).to.include('MX').and.not.include('US');
    // The empty first choice is said, not read out as "blank", in the form's language.
    expect(us[0]).to.deep.equal(['', 'Elija un estado o territorio']);
    expect([select(el, 'country')!.options[0]!.value, select(el, 'country')!.options[0]!.textContent]).to.deep.equal(['', 'Elija un país']);
    await expect(el).to.be.accessible();
  });

  it('keeps each select clear of a site\'s sticky header when focus reaches it, as every other field', async () => {
    const el = await pledgeWidget();
    el.style.setProperty('--rhec-scroll-margin', '120px');
    for (const id of ['region', 'country', 'name']) expect(getComputedStyle(select(el, id)!).scrollMarginTop, id).to.equal('120px');
    expect(getComputedStyle($(el, 'button[type=submit]')).scrollMarginBottom).to.equal('120px');
  });

  it('says each select\u2019s empty choice in English too', async () => {
    const el = await pledgeWidget({ lang: 'en' });
    await waitUntil(() => (select(el, 'country')?.options.length ?? 0) > 1, 'the region options never loaded');
    expect(select(el, 'region')!.options[0]!.textContent).to.equal('Choose a state or territory');
    expect(select(el, 'country')!.options[0]!.textContent).to.equal('Choose a country');
    expect(select(el, 'region')!.value).to.equal('');
  });

  it('keeps the names of the language switched to when the first language\'s answer comes after them', async () => {
    // A site that sets its language just after load (a single-page app once its locale is known):
    // the English list, asked for first, arrives last, and must not put English names (and an English
    // "Choose a country") in the Spanish form, which a screen reader then reads with Spanish sounds.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let read = false;
    class Watched extends Response {
      override async json() {
        try {
          return await super.json();
        } finally {
          read = true;
        }
      }
    }
    const realFetch = window.fetch;
    const net = interceptRequests(
      (url) => url.endsWith('/api/regions?lang=en'),
      () => held.then(async () => {
        const res = await realFetch(`${WORKER_URL}/api/regions?lang=en`, { credentials: 'omit' });
        return new Watched(await res.text(), { status: res.status, headers: res.headers });
      }),
    );
    try {
      const el = await pledgeWidget({ lang: 'en' });
      await waitUntil(() => net.asked.length === 1, 'the English list was never asked for');
      el.lang = 'es';
      await waitUntil(() => select(el, 'country')!.options[1]?.textContent === 'Afganistán', 'the Spanish list never came');
      release();
      await waitUntil(() => read, 'the English answer was never read');
      await new Promise((r) => setTimeout(r)); // what the widget does with it, in the microtasks after
      await el.updateComplete;
      expect(select(el, 'country')!.options[0]!.textContent).to.equal('Elija un país');
      expect(select(el, 'country')!.options[1]!.textContent).to.equal('Afganistán');
      expect(select(el, 'region')!.options[0]!.textContent).to.equal('Elija un estado o territorio');
    } finally {
      net.restore();
    }
  });

  it('puts the options in after the answer\'s own task (issue 15: a long task), yet a select reached holds them all at once', async () => {
    // The answer is held, so the widget is watched from the moment it arrives.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const realFetch = window.fetch;
    const net = interceptRequests(
      (url) => url.includes('/api/regions?'),
      () => held.then(() => realFetch(`${WORKER_URL}/api/regions?lang=es`, { credentials: 'omit' })),
    );
    try {
      const el = await pledgeWidget({ lang: 'es' });
      await waitUntil(() => net.asked.length === 1, 'the list was never asked for');
      const counts = () => [select(el, 'region')!.length, select(el, 'country')!.length];
      const seen: number[][] = [];
      const widget = el as unknown as { updated(changed: unknown): void };
      const updated = widget.updated;
      // The render that draws the answer (its "Elija un país"), in the answer's own task.
      widget.updated = function (this: typeof widget, changed: unknown) {
        updated.call(this, changed);
        if (seen.length || !select(el, 'country')!.options[0]!.textContent) return;
        seen.push(counts());
        // Reached by the keyboard (or a tap) in that very task: every country is there.
        select(el, 'country')!.focus();
        seen.push(counts());
      };
      release();
      await waitUntil(() => seen.length, 'the answer was never drawn');
      expect(seen[0], 'options put in in the answer\'s own task').to.deep.equal([1, 1]);
      expect(seen[1]![1]).to.be.above(200);
      expect(select(el, 'country')!.options[1]!.textContent).to.equal('Afganistán');
      // The other select follows in the tasks after; nothing is made twice.
      await waitUntil(() => select(el, 'region')!.length === 57, 'the states never came');
      await new Promise((r) => setTimeout(r));
      expect(counts()).to.deep.equal([57, seen[1]![1]]);
      await expect(el).to.be.accessible();
    } finally {
      net.restore();
    }
  });

  it('fills the selects of a form drawn anew (folded into its button, then opened) once, not twice', async () => {
    const el = await pledgeWidget();
    await waitUntil(() => (select(el, 'country')?.options.length ?? 0) > 1, 'the region options never loaded');
    const counts = () => [select(el, 'region')!.options.length, select(el, 'country')!.options.length];
    const [us, countries] = counts();
    expect(us).to.equal(57);
    el.setAttribute('layout', 'compact');
    await el.updateComplete;
    expect(select(el, 'region')).to.equal(null);
    $(el, 'button').click();
    await el.updateComplete;
    // At once: the options made for the first form are given to the new one.
    expect(counts()).to.deep.equal([us, countries]);
    expect(select(el, 'region')!.options[1]!.textContent).to.equal('Alabama');
    // Drawn again for another reason (an error shown), the options are neither lost nor doubled.
    submit(el);
    await waitUntil(() => el.shadowRoot!.querySelector('.error-summary, [aria-invalid="true"]'), 'no error was shown');
    expect(counts()).to.deep.equal([us, countries]);
  });

  it('clears nothing behind the visitor\'s back (arrowing through a select fires change), and says "not both" when both are sent', async () => {
    const el = await pledgeWidget();
    await waitUntil(() => (select(el, 'country')?.options.length ?? 0) > 1, 'the region options never loaded');
    await fillValidPledge(el);
    choose(select(el, 'region')!, 'US-TX');
    choose(select(el, 'country')!, 'MX');
    choose(select(el, 'country')!, '');
    expect(select(el, 'region')!.value).to.equal('US-TX');
    choose(select(el, 'country')!, 'MX');
    submit(el);
    await waitUntil(() => el.shadowRoot!.querySelector('#region-error'), 'no error was said for the region', { timeout: 10_000 });
    expect($(el, '#region-error').textContent).to.contain('Select a US state or territory, or a country outside the United States, not both');
    expect(select(el, 'region')!.getAttribute('aria-invalid')).to.equal('true');
    expect([select(el, 'region')!.value, select(el, 'country')!.value]).to.deep.equal(['US-TX', 'MX']);
    // The summary's link takes the keyboard to the first of the two.
    ($(el, '#error-summary a') as HTMLAnchorElement).click();
    expect(el.shadowRoot!.activeElement?.id).to.equal('region');
  });

  it('sends the chosen code, which the Worker accepts', async () => {
    const el = await pledgeWidget();
    await waitUntil(() => (select(el, 'country')?.options.length ?? 0) > 1, 'the region options never loaded');
    await fillValidPledge(el);
    choose(select(el, 'country')!, 'MX');
    const sent: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input).endsWith('/api/pledges')) sent.push(String(init?.body));
      return realFetch(input, init);
    };
    try {
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'the pledge was not accepted', { timeout: 10_000 });
    } finally {
      window.fetch = realFetch;
    }
    expect(JSON.parse(sent[0]!).region).to.equal('MX');
    expect($$(el, '.error-message')).to.have.length(0);
  });
});
