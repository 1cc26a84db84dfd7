import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { a11ySnapshot, sendKeys } from '@web/test-runner-commands';
import { RhecPledge } from '../../src/rhec-pledge.ts';
import {
  $,
  $$,
  activeInWidget,
  fillValidPledge,
  interceptRequests,
  pledgeWidget,
  submit,
  type,
  waitUntil,
  WORKER_URL,
} from './helpers.ts';

/** What axe's run answers, as far as these tests read it. */
interface AxeResults {
  violations: { id: string }[];
  passes: { id: string }[];
}

/** The names of the page's form landmarks, in order, as Chromium's accessibility tree gives them to a screen reader. */
async function formNames(): Promise<string[]> {
  type AXNode = { role?: string; name?: string; children?: AXNode[] };
  const names: string[] = [];
  const walk = (node: AXNode) => {
    if (node.role === 'form') names.push(node.name ?? '');
    node.children?.forEach(walk);
  };
  walk((await a11ySnapshot({})) as unknown as AXNode);
  return names;
}

/** The names of the page's links, in order, as Chromium's accessibility tree gives them (a screen reader's links list). */
async function linkNames(): Promise<string[]> {
  type AXNode = { role?: string; name?: string; children?: AXNode[] };
  const names: string[] = [];
  const walk = (node: AXNode) => {
    if (node.role === 'link') names.push(node.name ?? '');
    node.children?.forEach(walk);
  };
  walk((await a11ySnapshot({})) as unknown as AXNode);
  return names;
}

describe('rhec-pledge', () => {
  it('is defined as a custom element', () => {
    expect(customElements.get('rhec-pledge')).to.equal(RhecPledge);
  });

  it('asks for the counts and regions just after its first render, and not at all once removed before then', async () => {
    const asked = (since: number) =>
      performance.getEntriesByType('resource').filter((e) => e.startTime >= since && /\/api\/(stats|regions)/.test(e.name)).length;
    const kept = document.createElement('rhec-pledge') as RhecPledge;
    const gone = document.createElement('rhec-pledge') as RhecPledge;
    for (const el of [kept, gone]) Object.assign(el, { partner: 'rsna', lang: 'en', api: WORKER_URL });
    let since = performance.now();
    document.body.append(gone);
    gone.remove();
    await new Promise((r) => setTimeout(r, 300));
    expect(asked(since)).to.equal(0);
    since = performance.now();
    document.body.append(kept);
    await waitUntil(() => asked(since) === 2, 'the kept element never asked for its counts and regions');
    kept.remove();
  });

  it('asks for the counts and the regions in tasks of their own (issue 15: set up together, they made a long task)', async () => {
    const asked: [string, boolean][] = [];
    // Queued at the first request: it runs once the script of that request's task is done.
    let taskDone = false;
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (/\/api\/(stats|regions)/.test(url)) {
        if (!asked.length) queueMicrotask(() => (taskDone = true));
        asked.push([url.replace(/^.*\/api\//, ''), taskDone]);
      }
      return realFetch(input, init);
    };
    try {
      const el = await pledgeWidget();
      await waitUntil(() => asked.length === 2, 'the counts and regions were never both asked for');
      expect(asked.map(([what]) => what)).to.deep.equal(['stats', 'regions?lang=en']);
      expect(asked[1]![1], 'the regions asked for in the counts\' own task').to.equal(true);
      el.remove();
    } finally {
      window.fetch = realFetch;
    }
  });

  it('names its form by the heading, so a screen reader lists it among the page\'s landmarks', async () => {
    for (const lang of ['en', 'es']) {
      // One widget on the page at a time (as after a route change, the last one taken out first).
      const el = await pledgeWidget({ lang });
      const form = $(el, 'form');
      const label = el.shadowRoot!.getElementById(form.getAttribute('aria-labelledby') ?? '');
      expect(label?.textContent, lang).to.equal(lang === 'en' ? 'Commit to act' : 'Comprométase a actuar');
      expect(form.hasAttribute('aria-label'), lang).to.equal(false);
      expect(await formNames(), lang).to.deep.equal([label?.textContent]);
      el.remove();
    }
  });

  it('names each form landmark apart when a page has several widgets (a compact one in the sidebar, opened): axe\'s landmark-unique passes', async () => {
    for (const [lang, heading] of [['en', 'Commit to act'], ['es', 'Comprométase a actuar']] as const) {
      const page = await fixture<HTMLDivElement>(html`<div>
        <main><rhec-pledge partner="rsna" lang=${lang} api=${WORKER_URL}></rhec-pledge></main>
        <aside><rhec-pledge partner="rsna" lang=${lang} api=${WORKER_URL} layout="compact"></rhec-pledge></aside>
      </div>`);
      const [main, side] = [...page.querySelectorAll('rhec-pledge')];
      await main!.updateComplete;
      await side!.updateComplete;
      $(side!, 'button').click();
      await side!.updateComplete;
      expect($$(side!, 'form'), lang).to.have.length(1);
      // The first keeps the heading's name; the second is told apart by its place on the page.
      expect(await formNames(), lang).to.deep.equal([heading, `${heading} (2)`]);
      await expect(page).to.be.accessible();
      // The rule itself, run alone (axe is loaded by the check above): it had both landmarks to compare, and passed.
      const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<AxeResults> } }).axe;
      const results = await axe.run(page, { runOnly: ['landmark-unique'] });
      expect(results.violations.map((v) => v.id), lang).to.deep.equal([]);
      expect(results.passes.map((p) => p.id), lang).to.deep.equal(['landmark-unique']);
      page.remove();
    }
  });

  it('has sensible defaults', () => {
    const el = document.createElement('rhec-pledge');
    expect(el.partner).to.equal('');
    expect(el.theme).to.equal('light');
    expect(el.hideFacts).to.equal(false);
    expect(el.goal).to.equal(0);
  });

  it('passes an accessibility audit when empty', async () => {
    const el = await pledgeWidget();
    await expect(el).to.be.accessible();
  });

  it('marks the fields it needs as required for assistive technology (the form checks them itself: novalidate)', async () => {
    const el = await pledgeWidget();
    const required = (sel: string) => $$(el, sel).map((i) => (i as HTMLInputElement).required);
    expect(required('#name, #email, #commitment')).to.deep.equal([true, true, true]);
    expect(required('[name=role]').every(Boolean)).to.equal(true);
    expect(required('#organization, #updates, select')).to.deep.equal([false, false, false, false]);
    expect(($(el, 'form') as HTMLFormElement).noValidate).to.equal(true);
  });

  it('shows the coalition commitment and an empty form with nothing pre-selected', async () => {
    const el = await pledgeWidget();
    expect($(el, '.commitment').textContent).to.contain(
      'I commit to advancing health equity in my practice and acting to reduce health disparities in radiology.',
    );
    expect($$(el, 'input[name="role"]')).to.have.length(7);
    expect($$(el, 'input[name="role"]').some((r) => (r as HTMLInputElement).checked)).to.equal(false);
    expect(($(el, '#updates') as HTMLInputElement).checked).to.equal(false);
    expect($(el, 'form').hasAttribute('novalidate')).to.equal(true);
    expect($(el, '#name').getAttribute('autocomplete')).to.equal('name');
    expect($(el, '#email').getAttribute('autocomplete')).to.equal('email');
    expect($(el, '#organization').getAttribute('autocomplete')).to.equal('organization');
  });

  describe('when the counts load', () => {
    it('shows the coalition total and this partner\'s count from the Worker', async () => {
      const el = await pledgeWidget({ partner: 'sir' });
      await waitUntil(() => $(el, '.count').textContent!.includes('pledges across the coalition'), 'count never showed');
      expect($(el, '.count__total').textContent).to.contain('30 pledges across the coalition');
      expect($(el, '.count__partner').textContent).to.contain('20 through SIR');
    });

    it('shows how many pledges are active this year (confirmed or renewed in the last 12 months), in English and Spanish', async () => {
      const el = await pledgeWidget({ partner: 'sir' });
      await waitUntil(() => el.shadowRoot!.querySelector('.count__active'), 'the active count never showed');
      expect($(el, '.count__active').textContent!.trim()).to.equal('12 active this year');
      expect($(el, '.count__active').getAttribute('part')).to.equal('active');
      el.setAttribute('lang', 'es');
      await waitUntil(() => el.shadowRoot!.querySelector('.count__active')?.textContent!.includes('activos'), 'no Spanish active count');
      expect($(el, '.count__active').textContent!.trim()).to.equal('12 activos este año');
    });

    it('shows no active figure while the service withholds it or below 5, and keeps the count\'s height', async () => {
      const el = await pledgeWidget({ partner: 'sir' });
      await waitUntil(() => el.shadowRoot!.querySelector('.count__total'), 'count never showed');
      const before = ($(el, '.count') as HTMLElement).offsetHeight;
      (el as unknown as { _stats: unknown })._stats = { total: 30, partners: { sir: 20 }, active: null };
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('.count__active')).to.equal(null);
      expect($(el, '.count').textContent).not.to.contain('null');
      expect(($(el, '.count') as HTMLElement).offsetHeight).to.equal(before);
      // Nor a figure from 0 to 4 (a new campaign's "0 active this year", or a countable few), as the counter does.
      for (const active of [0, 4]) {
        (el as unknown as { _stats: unknown })._stats = { total: 4, partners: { sir: 4 }, active };
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('.count__active'), `active: ${active}`).to.equal(null);
      }
      (el as unknown as { _stats: unknown })._stats = { total: 5, partners: { sir: 5 }, active: 5 };
      await el.updateComplete;
      expect($(el, '.count__active').textContent!.trim()).to.equal('5 active this year');
    });

    it('shows the actions pledgers reported (the coalition\'s first measure of outcomes) in English and Spanish, with a part, axe clean', async () => {
      const el = await pledgeWidget({ partner: 'sir' });
      await waitUntil(() => el.shadowRoot!.querySelector('.count__actions'), 'the actions count never showed');
      const line = $(el, '.count__actions');
      expect(line.textContent!.trim()).to.equal('7 actions reported');
      expect(line.getAttribute('part')).to.equal('actions');
      expect($(el, '.count__partner').getAttribute('part')).to.equal('partner');
      // Under the active line, before the society's own count.
      expect([...$(el, '.count').querySelectorAll('p')].map((p) => p.className)).to.deep.equal(['count__total', 'count__active', 'count__actions', 'count__partner']);
      await expect(el).to.be.accessible();
      el.setAttribute('lang', 'es');
      await waitUntil(() => el.shadowRoot!.querySelector('.count__actions')?.textContent!.includes('acciones'), 'no Spanish actions count');
      expect($(el, '.count__actions').textContent!.trim()).to.equal('7 acciones comunicadas');
      await expect(el).to.be.accessible();
      // Formatted as the other counts.
      (el as unknown as { _stats: unknown })._stats = { total: 30, partners: { sir: 20 }, active: 12, actions: 12345 };
      await el.updateComplete;
      expect($(el, '.count__actions').textContent!.trim()).to.equal('12,345 acciones comunicadas');
    });

    it('shows no actions figure while the service withholds it, leaves it out, or below 5, and keeps the count\'s height', async () => {
      const el = await pledgeWidget({ partner: 'sir' });
      await waitUntil(() => el.shadowRoot!.querySelector('.count__actions'), 'the actions count never showed');
      const before = ($(el, '.count') as HTMLElement).offsetHeight;
      // A service from before actions were counted answers without the key; one that holds them back, null.
      for (const actions of [undefined, null, 0, 1, 4]) {
        (el as unknown as { _stats: unknown })._stats = { total: 30, partners: { sir: 20 }, active: 12, ...(actions === undefined ? {} : { actions }) };
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('.count__actions'), `actions: ${actions}`).to.equal(null);
        expect($(el, '.count').textContent, `actions: ${actions}`).not.to.match(/null|undefined|acti(ons|vities) reported/);
        expect(($(el, '.count') as HTMLElement).offsetHeight, `actions: ${actions}`).to.equal(before);
      }
      (el as unknown as { _stats: unknown })._stats = { total: 30, partners: { sir: 20 }, active: 12, actions: 5 };
      await el.updateComplete;
      expect($(el, '.count__actions').textContent!.trim()).to.equal('5 actions reported');
    });

    it('leaves the actions line out of the compact layout, as the active one, and keeps it in a kiosk\'s full card', async () => {
      const compact = await fixture<RhecPledge>(html`<rhec-pledge partner="sir" lang="en" api=${WORKER_URL} layout="compact"></rhec-pledge>`);
      await waitUntil(() => compact.shadowRoot!.querySelector('.count__total'), 'count never showed');
      expect(compact.shadowRoot!.querySelector('.count__actions')).to.equal(null);
      expect(compact.shadowRoot!.querySelector('.count__active')).to.equal(null);
      const kiosk = await fixture<RhecPledge>(html`<rhec-pledge partner="sir" lang="en" api=${WORKER_URL} kiosk></rhec-pledge>`);
      await waitUntil(() => kiosk.shadowRoot!.querySelector('.count__actions'), 'no actions count in the kiosk');
      expect($(kiosk, '.count__actions').textContent!.trim()).to.equal('7 actions reported');
    });
  });

  describe('when submitted empty', () => {
    it('shows an error summary that takes focus and lists each problem, as the Worker words it', async () => {
      const el = await pledgeWidget();
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#error-summary'), 'no error summary');
      expect(activeInWidget(el)?.id).to.equal('error-summary');
      expect($(el, '#error-summary [role="alert"]').textContent).to.contain('There is a problem');
      const links = $$(el, '#error-summary a').map((a) => a.textContent!.trim());
      expect(links).to.deep.equal([
        'Enter your full name',
        'Enter your email address',
        'Select your role',
        'Select the commitment to sign the pledge',
      ]);
      await expect(el).to.be.accessible();
    });

    it('ties each inline error to its field, with a hidden "Error:" prefix', async () => {
      const el = await pledgeWidget();
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#name-error'));
      const name = $(el, '#name');
      expect(name.getAttribute('aria-invalid')).to.equal('true');
      expect(name.getAttribute('aria-describedby')).to.equal('name-error');
      expect($(el, '#name-error .visually-hidden').textContent).to.equal('Error:');
      expect($(el, '#email').getAttribute('aria-describedby')).to.equal('email-hint email-error');
    });

    it('moves focus to the field from a summary link without touching the page URL', async () => {
      const el = await pledgeWidget();
      const before = location.href;
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#error-summary a'));
      const [nameLink, , roleLink] = $$(el, '#error-summary a');
      nameLink!.click();
      expect(activeInWidget(el)?.id).to.equal('name');
      roleLink!.click();
      expect(activeInWidget(el)?.id).to.equal('role-radiologist');
      expect(location.href).to.equal(before);
    });

    it('keeps everything typed', async () => {
      const el = await pledgeWidget();
      type(el, 'name', 'Marie Curie');
      type(el, 'email', 'not an email');
      type(el, 'organization', 'Institut du Radium');
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#email-error'));
      expect(($(el, '#name') as HTMLInputElement).value).to.equal('Marie Curie');
      expect(($(el, '#email') as HTMLInputElement).value).to.equal('not an email');
      expect(($(el, '#organization') as HTMLInputElement).value).to.equal('Institut du Radium');
      expect($(el, '#email-error').textContent).to.contain(
        'Enter an email address in the correct format, like name@example.org',
      );
    });

    it('for a society this site is not registered to, a send gives way to the coalition\'s own page for the same society', async () => {
      // acr takes pledges, but not from this page's origin (the test Worker registered it for rsna and sir).
      const el = await pledgeWidget({ partner: 'acr' });
      await fillValidPledge(el);
      submit(el);
      // The Worker's 422 on partner, or the first use's check if it answers first: nothing in the form to correct either way.
      await waitUntil(() => !el.shadowRoot!.querySelector('form'), 'the form stayed');
      expect($(el, '.problem').textContent).to.contain('This pledge form is not set up correctly on this site yet.');
      expect($(el, '.problem a').getAttribute('href')).to.equal(`${WORKER_URL}/pledge?partner=acr&lang=en`);
      expect(el.shadowRoot!.querySelector('#error-summary')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('says so as the visitor starts on the form, before anything is typed or sent, and not for a society this site is registered to', async () => {
      // Every check the page asks for, so the test can wait for each answer.
      const checks: Promise<Response>[] = [];
      const realFetch = window.fetch;
      const realWarn = console.warn;
      const warnings: string[] = [];
      window.fetch = (input, init) => {
        const answer = realFetch(input, init);
        if (String(input instanceof Request ? input.url : input).includes('/api/pledges/allowed')) checks.push(answer);
        return answer;
      };
      console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
      try {
        const crossed = await pledgeWidget({ partner: 'acr' });
        crossed.source = 'spring-news';
        await crossed.updateComplete;
        $(crossed, '#name').focus();
        await waitUntil(() => !crossed.shadowRoot!.querySelector('form'), 'the form stayed on first focus');
        expect($(crossed, '.problem[role=status]').textContent).to.contain('This pledge form is not set up correctly on this site yet.');
        const link = $(crossed, '.problem a');
        expect(link.getAttribute('href'), 'the same society, credited to this embed').to.equal(`${WORKER_URL}/pledge?partner=acr&lang=en&source=spring-news`);
        await waitUntil(() => activeInWidget(crossed) === link, 'the keyboard\'s place did not move to the link');
        expect(warnings.join('\n')).to.contain('is not registered for partner="acr"');
        await expect(crossed).to.be.accessible();

        const own = await pledgeWidget({ partner: 'rsna' });
        const before = checks.length;
        $(own, '#name').focus();
        await waitUntil(() => checks.length > before, 'the check was not asked for');
        await Promise.all(checks);
        await new Promise((r) => setTimeout(r, 50));
        await own.updateComplete;
        expect(own.shadowRoot!.querySelector('form'), 'a registered society keeps its form').to.not.equal(null);
        expect(own.shadowRoot!.querySelector('.problem')).to.equal(null);
        expect(activeInWidget(own)?.id).to.equal('name');
      } finally {
        window.fetch = realFetch;
        console.warn = realWarn;
      }
    });

    it('fires rhec-pledge-error naming only the fields, and the society as the service writes it', async () => {
      const el = await pledgeWidget({ partner: ' RSNA' });
      setTimeout(() => submit(el));
      const event = await oneEvent(document.body, 'rhec-pledge-error');
      expect(event.composed).to.equal(true);
      expect(event.detail).to.deep.equal({
        partner: 'rsna',
        kind: 'validation',
        fields: ['name', 'email', 'role', 'commitment'],
      });
    });
  });

  it("keeps the keys typed in its fields (Enter, letters, Backspace) from the page's own key handlers (ASP.NET's default button), but not Escape or Tab", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><rhec-pledge partner="rsna" api=${WORKER_URL}></rhec-pledge></div>`);
    const el = wrapper.querySelector('rhec-pledge') as RhecPledge;
    await el.updateComplete;
    const seen: string[] = [];
    // As WebForm_FireDefaultButton does: on a keypress from anything but a textarea, click the page's button and stop.
    const onKey = (e: Event) => seen.push(`${e.type}:${(e as KeyboardEvent).key}`);
    for (const t of ['keydown', 'keypress', 'keyup']) wrapper.addEventListener(t, onKey);
    const submits: Event[] = [];
    el.addEventListener('rhec-pledge-submit', (e) => submits.push(e));
    ($(el, '#name') as HTMLInputElement).focus();
    await waitUntil(() => (el as unknown as { _after?: unknown })._after, 'the after module did not load', { timeout: 10_000 });
    await sendKeys({ type: 'Adaa/s' });
    // Backspace too (an old script that blocks it outside fields would stop it deleting here).
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'Backspace' });
    // Autofill's key events may carry no key at all: stopped too, without an error.
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.message);
    window.addEventListener('error', onError);
    $(el, '#name').dispatchEvent(new Event('keydown', { bubbles: true, composed: true }));
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => submits.length, 'Enter did not send the form');
    expect(($(el, '#name') as HTMLInputElement).value).to.equal('Ada/s');
    expect(seen, 'keys that reached the page').to.deep.equal([]);
    // Escape and Tab go on: a dialog around the card still closes, a focus trap still holds.
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Tab' });
    expect(seen).to.include.members(['keydown:Escape', 'keydown:Tab']);
  });

  describe('when a valid pledge is sent', () => {
    it('thanks the pledger, moves focus to the thanks and fires events without personal data', async () => {
      const el = await pledgeWidget();
      const email = await fillValidPledge(el);
      const events: Event[] = [];
      document.body.addEventListener('rhec-pledge-submit', (e) => events.push(e));
      document.body.addEventListener('rhec-pledge-success', (e) => events.push(e));
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'no thanks', { timeout: 10_000 });
      expect(activeInWidget(el)?.id).to.equal('thanks');
      expect($(el, '.thanks').textContent).to.contain('check your spam');
      expect(events.map((e) => e.type)).to.deep.equal(['rhec-pledge-submit', 'rhec-pledge-success']);
      expect(events.map((e) => (e as CustomEvent).detail)).to.deep.equal([
        { partner: 'rsna', lang: 'en', corrected: false },
        { partner: 'rsna', lang: 'en', role: 'physicist', corrected: false },
      ]);
      for (const e of events) {
        expect(e.bubbles && e.composed).to.equal(true);
        expect(JSON.stringify((e as CustomEvent).detail)).not.to.contain(email);
        expect(JSON.stringify((e as CustomEvent).detail)).not.to.contain('Grace');
      }
      await expect(el).to.be.accessible();
    });

    /** Chooses `code` in the state select (by focus, as a person would), sends, and waits for the thank-you's address. */
    async function sendWithState(el: RhecPledge, code: string) {
      await waitUntil(() => el.shadowRoot!.querySelectorAll('#region option').length > 1, 'no states');
      const state = $(el, '#region') as HTMLSelectElement;
      state.focus();
      state.value = code;
      state.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('.sent-to'), 'no address shown', { timeout: 10_000 });
    }

    it('says which address the email went to, and a wrong one can be corrected without typing the rest again', async () => {
      const el = await pledgeWidget();
      const details: { type: string; corrected: boolean }[] = [];
      for (const type of ['rhec-pledge-submit', 'rhec-pledge-success'])
        el.addEventListener(type, (e) => details.push({ type, corrected: (e as CustomEvent).detail.corrected }));
      const typo = `grace.hoper.${Date.now()}@example.org`;
      await fillValidPledge(el, typo);
      type(el, 'organization', 'Navy Medical');
      await sendWithState(el, 'US-NY');
      expect($(el, '.sent-to').textContent).to.contain(`We sent it to ${typo}.`);
      await expect(el).to.be.accessible();

      ($(el, '.sent-to button') as HTMLButtonElement).click();
      await waitUntil(() => el.shadowRoot!.querySelector('form'), 'the form did not come back');
      const value = (id: string) => ($(el, `#${id}`) as HTMLInputElement).value;
      const checked = (id: string) => ($(el, `#${id}`) as HTMLInputElement).checked;
      // The state too, though the form (and its selects) is drawn anew.
      expect([value('name'), value('email'), value('organization'), value('region')]).to.deep.equal(['Grace Hopper', typo, 'Navy Medical', 'US-NY']);
      expect([checked('role-physicist'), checked('commitment'), checked('updates')]).to.deep.equal([true, true, false]);
      expect(activeInWidget(el)?.id, 'the keyboard on the address').to.equal('email');

      const corrected = typo.replace('hoper', 'hopper');
      type(el, 'email', corrected);
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('.sent-to')?.textContent?.includes(corrected), 'the corrected address was not sent', { timeout: 10_000 });
      expect(activeInWidget(el)?.id).to.equal('thanks');
      // The second send is the same person's pledge, corrected: analytics can count it once.
      expect(details).to.deep.equal([
        { type: 'rhec-pledge-submit', corrected: false },
        { type: 'rhec-pledge-success', corrected: false },
        { type: 'rhec-pledge-submit', corrected: true },
        { type: 'rhec-pledge-success', corrected: true },
      ]);
    });

    it('keeps the state chosen when the thanks changed language before "Wrong address?" (the regions asked for again meanwhile)', async () => {
      const el = await pledgeWidget();
      await fillValidPledge(el);
      await sendWithState(el, 'US-NY');
      // In Spanish now: the regions' lists are asked for again while no select is on screen.
      el.setAttribute('lang', 'es');
      const regions = () => (el as unknown as { _regions: { countries: [string, string][] } | null })._regions;
      await waitUntil(() => regions()?.countries.find(([code]) => code === 'DE')?.[1] === 'Alemania', 'no Spanish regions', { timeout: 10_000 });
      await waitUntil(() => $(el, '.sent-to button')?.textContent?.includes('Corríjala'), 'no Spanish button');
      ($(el, '.sent-to button') as HTMLButtonElement).click();
      await waitUntil(() => el.shadowRoot!.querySelector('form'), 'the form did not come back');
      const region = $(el, '#region') as HTMLSelectElement;
      expect(region.value, 'the state chosen before').to.equal('US-NY');
      expect(region.options.length).to.be.greaterThan(50);
      expect(new Set([...region.options].map((o) => o.value)).size, 'no option twice').to.equal(region.options.length);
    });

    for (const [lang, sentTo] of [['en', 'We sent it to'], ['es', 'Lo enviamos a']] as const) {
      it(`says the address the email went to as the thanks takes the focus, before "Wrong address?" is reached (${lang})`, async () => {
        const el = await pledgeWidget({ lang });
        const email = await fillValidPledge(el);
        submit(el);
        await waitUntil(() => el.shadowRoot!.querySelector('.sent-to'), 'no address shown', { timeout: 10_000 });
        await waitUntil(() => activeInWidget(el)?.id === 'thanks', 'the thanks did not take the focus');
        // What a screen reader reads out for the focused heading: its name, then its description.
        type AXNode = { focused?: boolean; role?: string; description?: string; children?: AXNode[] };
        let focused: AXNode | undefined;
        const walk = (node: AXNode) => {
          if (node.focused) focused = node;
          node.children?.forEach(walk);
        };
        walk((await a11ySnapshot({})) as unknown as AXNode);
        expect(focused?.role).to.equal('heading');
        expect(focused?.description).to.contain($(el, '#thanks-body').textContent!.trim()).and.to.contain(`${sentTo} ${email}.`);
        // Said once: the button's own name is no part of it.
        expect(focused?.description).not.to.contain($(el, '.sent-to button').textContent!.trim());
        await expect(el).to.be.accessible();
      });
    }

    it('offers three next steps for the pledger\u2019s role, fetched from the Worker after success', async () => {
      const el = await pledgeWidget({ lang: 'es' });
      await fillValidPledge(el); // a medical physicist
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelectorAll('.steps a').length, 'no next steps', { timeout: 10_000 });
      const steps = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('.steps a')];
      // The example resources `npm run db:local` loads: a physicist's first three with a step, in Spanish.
      expect(steps.map((a) => a.href)).to.deep.equal([
        'https://example.org/rhec-examples/es/mentoring',
        'https://example.org/rhec-examples/es/dose-protocols',
        'https://example.org/rhec-examples/es/bias-course',
      ]);
      expect(steps[0]!.textContent).to.contain('[Ejemplo] Sea mentor de un estudiante');
      expect($(el, '.thanks').nextElementSibling!.textContent).to.equal('Sus próximos pasos');
      // Then the whole library for the role, in the widget's language, on the pledge service.
      const more = $(el, '.steps').nextElementSibling!.querySelector('a')!;
      expect(more.href).to.equal(`${el.apiOrigin}/resources?role=physicist&lang=es`);
      expect(more.textContent).to.equal('Todos los recursos para su función (se abre en una pestaña nueva)');
      await expect(el).to.be.accessible();
    });

    it('gives the next steps again in the page\u2019s new language when the page switches it after the pledge', async () => {
      try {
        const el = await pledgeWidget({ lang: '' });
        await fillValidPledge(el); // a medical physicist
        submit(el);
        const hrefs = () => [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('.steps a')].map((a) => a.href);
        await waitUntil(() => hrefs().length, 'no next steps', { timeout: 10_000 });
        expect(hrefs()[0]).to.equal('https://example.org/rhec-examples/en/mentoring');
        document.documentElement.lang = 'es';
        await waitUntil(() => hrefs()[0] === 'https://example.org/rhec-examples/es/mentoring', 'the next steps stayed in English', { timeout: 10_000 });
        expect(el.shadowRoot!.querySelector('.steps a')!.textContent).to.contain('Sea mentor de un estudiante');
        expect($(el, '#thanks').textContent).to.not.equal('');
      } finally {
        document.documentElement.lang = 'en';
      }
    });

    it('shows progress and ignores a second submit while sending', async () => {
      const el = await pledgeWidget();
      await fillValidPledge(el);
      let submits = 0;
      el.addEventListener('rhec-pledge-submit', () => submits++);
      submit(el);
      submit(el);
      await el.updateComplete;
      expect($(el, '.sending').textContent).to.equal('Sending your pledge…');
      await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'no thanks', { timeout: 10_000 });
      expect(submits).to.equal(1);
    });
  });

  for (const [lang, sending, submitName] of [
    ['en', 'Sending your pledge…', 'Sign the pledge'],
    ['es', 'Enviando su compromiso…', 'Firmar el compromiso'],
  ] as const) {
    it(`says "${sending}" once while the pledge is sent, in the status, and shows it; the focused button keeps its name (${lang})`, async () => {
      let answer: (res: Response) => void = () => {};
      const held = interceptRequests((url) => url.endsWith('/api/pledges'), () => new Promise<Response>((resolve) => (answer = resolve)));
      try {
        const el = await pledgeWidget({ lang });
        await fillValidPledge(el);
        const button = $(el, 'button[type="submit"]');
        button.focus();
        button.click();
        await waitUntil(() => held.asked.length, 'the pledge was never sent');
        await el.updateComplete;
        // Everything a screen reader is given that says it: once, the status's words (the button, had it
        // been renamed "Sending…" while focused, would have been announced too).
        type AXNode = { role?: string; name?: string; children?: AXNode[] };
        const said: string[] = [];
        const walk = (node: AXNode) => {
          if (node.name?.includes(sending)) said.push(`${node.role}: ${node.name}`);
          node.children?.forEach(walk);
        };
        walk((await a11ySnapshot({})) as unknown as AXNode);
        expect(said).to.have.length(1);
        expect(activeInWidget(el)).to.equal(button);
        expect(button.textContent!.trim()).to.equal(submitName);
        expect(button.getAttribute('aria-disabled')).to.equal('true');
        const status = $(el, '[role="status"]');
        expect(status.textContent).to.equal(sending);
        expect(status.getBoundingClientRect().height, 'seen, not only heard').to.be.greaterThan(10);
        await expect(el).to.be.accessible();
        answer(new Response(JSON.stringify({ status: 'accepted' }), { status: 202, headers: { 'Content-Type': 'application/json' } }));
        await waitUntil(() => activeInWidget(el)?.id === 'thanks', 'no thanks');
      } finally {
        held.restore();
      }
    });
  }

  it('takes no room for its sending status until a pledge is sent (nothing moves below the form)', async () => {
    const el = await pledgeWidget();
    const status = $(el, '.sending');
    expect(status.textContent).to.equal('');
    expect(status.getBoundingClientRect().height).to.equal(0);
    const gap = $(el, '.orgs').getBoundingClientRect().top - $(el, 'button[type="submit"]').getBoundingClientRect().bottom;
    expect(gap).to.equal(parseFloat(getComputedStyle($(el, '.orgs')).marginTop));
  });

  describe('when the pledge service cannot be reached', () => {
    it('says so, keeps what was typed and offers a retry', async () => {
      const el = await pledgeWidget({ api: 'http://localhost:9' });
      await fillValidPledge(el, 'kept@example.org');
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#problem'), 'no problem shown', { timeout: 10_000 });
      expect(activeInWidget(el)?.id).to.equal('problem');
      expect($(el, '#problem').textContent).to.contain('could not be sent');
      expect(($(el, '#email') as HTMLInputElement).value).to.equal('kept@example.org');
      expect($(el, '#problem button').textContent).to.contain('Try again');
      // Also the way this site's unregistered origin fails (the browser blocks the request): the
      // coalition's own page for the same society still takes the pledge.
      const link = $(el, '#problem a') as HTMLAnchorElement;
      expect(link.textContent).to.equal('Sign the pledge on the coalition’s page');
      expect(link.href).to.equal('http://localhost:9/pledge?partner=rsna&lang=en');
    });

    it('keeps the coalition page\'s link clear of "Try again" in Spanish too (axe: target size), on a wide card', async () => {
      const el = await pledgeWidget({ lang: 'es' });
      el.style.width = '704px';
      await waitUntil(() => $$(el, 'label[for="name"]')[0]?.textContent === 'Nombre completo', 'no Spanish strings');
      // The connection drops when the pledge is sent.
      const net = interceptRequests((url) => url.endsWith('/api/pledges'), () => Promise.reject(new TypeError('Failed to fetch')));
      try {
        await fillValidPledge(el);
        submit(el);
        await waitUntil(() => el.shadowRoot!.querySelector('#problem a'), 'no problem shown', { timeout: 10_000 });
      } finally {
        net.restore();
      }
      expect($(el, '#problem button').textContent).to.contain('Volver a intentarlo');
      const gap = $(el, '#problem a').getBoundingClientRect().top - $(el, '#problem button').getBoundingClientRect().bottom;
      expect(gap).to.be.at.least(8);
      await expect(el).to.be.accessible();
    });

    it("credits a pledge rescued on the coalition's page to this embed's source; share links keep source=share", async () => {
      const el = await pledgeWidget({ api: 'http://localhost:9' });
      el.source = 'booth-2026';
      await fillValidPledge(el, 'rescued@example.org');
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#problem a'), 'no problem shown', { timeout: 10_000 });
      expect(($(el, '#problem a') as HTMLAnchorElement).href).to.equal('http://localhost:9/pledge?partner=rsna&lang=en&source=booth-2026');
      expect(el.hosted('share')).to.equal('http://localhost:9/pledge?partner=rsna&lang=en&source=share');
    });
  });

  describe('when the pledge service is busy', () => {
    it('says so in its own words after retrying, keeps what was typed and offers a retry', async () => {
      // The Worker answers 503 only when its queue refuses a pledge, which a local queue never does:
      // the answer is stood in for at the browser's fetch, as the contract words it (PRODUCT.md).
      const realFetch = window.fetch;
      let posts = 0;
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input).endsWith('/api/pledges') && init?.method === 'POST') {
          posts++;
          return new Response(JSON.stringify({ error: { code: 'busy' } }), { status: 503, headers: { 'Retry-After': '0', 'Content-Type': 'application/json' } });
        }
        return realFetch(input, init);
      };
      try {
        const el = await pledgeWidget();
        const kinds: string[] = [];
        el.addEventListener('rhec-pledge-error', (e) => kinds.push((e as CustomEvent<{ kind: string }>).detail.kind));
        await fillValidPledge(el, 'busy@example.org');
        submit(el);
        await waitUntil(() => el.shadowRoot!.querySelector('#problem'), 'no problem shown', { timeout: 15_000 });
        expect(posts).to.be.greaterThan(1);
        expect(activeInWidget(el)?.id).to.equal('problem');
        expect($(el, '#problem').textContent).to.contain('The pledge service is busy. Try again in a moment.');
        expect(el.shadowRoot!.querySelector('#problem a'), 'no setup link: the service answered').to.equal(null);
        expect(($(el, '#email') as HTMLInputElement).value).to.equal('busy@example.org');
        expect($(el, '#problem button').textContent).to.contain('Try again');
        // The service answered: for the site's analytics a 'server' outcome, not the visitor's connection.
        expect(kinds).to.deep.equal(['server']);
      } finally {
        window.fetch = realFetch;
      }
    });
  });

  describe('when the pledge service fails with an error of its own', () => {
    it('says it could not take the pledge (not "check your connection"), offers the coalition page, and reports kind server', async () => {
      const realFetch = window.fetch;
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input).endsWith('/api/pledges') && init?.method === 'POST') {
          return new Response(JSON.stringify({ error: { code: 'internal' } }), { status: 500, headers: { 'Content-Type': 'application/json' } });
        }
        return realFetch(input, init);
      };
      try {
        const el = await pledgeWidget({ lang: 'es' });
        const kinds: string[] = [];
        el.addEventListener('rhec-pledge-error', (e) => kinds.push((e as CustomEvent<{ kind: string }>).detail.kind));
        await fillValidPledge(el, 'server.error@example.org');
        submit(el);
        await waitUntil(() => el.shadowRoot!.querySelector('#problem'), 'no problem shown', { timeout: 15_000 });
        const text = $(el, '#problem').textContent!;
        expect(text).to.contain('El servicio no pudo recibir su compromiso en este momento.');
        expect(text).not.to.contain('Compruebe su conexión');
        expect(($(el, '#problem a') as HTMLAnchorElement).href).to.contain('/pledge?partner=rsna&lang=es');
        expect(kinds).to.deep.equal(['server']);
        expect(($(el, '#email') as HTMLInputElement).value).to.equal('server.error@example.org');
        await expect(el).to.be.accessible();
      } finally {
        window.fetch = realFetch;
      }
    });
  });

  describe('"Try again"', () => {
    it('keeps the keyboard\'s place while the pledge is sent again: focus moves to the form\'s button, not to the page', async () => {
      const realFetch = window.fetch;
      let answer: (res: Response) => void = () => {};
      let busy = true;
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        if (String(input).endsWith('/api/pledges') && init?.method === 'POST') {
          if (busy) return new Response(JSON.stringify({ error: { code: 'busy' } }), { status: 503, headers: { 'Retry-After': '0', 'Content-Type': 'application/json' } });
          return new Promise<Response>((resolve) => (answer = resolve)); // the retry: answered below
        }
        return realFetch(input, init);
      };
      try {
        const el = await pledgeWidget();
        await fillValidPledge(el, 'retry.focus@example.org');
        submit(el);
        await waitUntil(() => el.shadowRoot!.querySelector('#problem button'), 'no problem shown', { timeout: 15_000 });
        busy = false;
        const retry = $(el, '#problem button') as HTMLButtonElement;
        retry.focus();
        retry.click();
        await waitUntil(() => !el.shadowRoot!.querySelector('#problem'), 'the problem panel stayed');
        const active = activeInWidget(el);
        expect(active?.getAttribute('type')).to.equal('submit');
        expect(active?.getAttribute('aria-disabled')).to.equal('true');
        expect($(el, '.sending').textContent).to.equal('Sending your pledge…');
        answer(new Response(JSON.stringify({ status: 'accepted' }), { status: 202, headers: { 'Content-Type': 'application/json' } }));
        await waitUntil(() => activeInWidget(el)?.id === 'thanks', 'no thanks');
      } finally {
        window.fetch = realFetch;
      }
    });
  });

  describe('in Spanish', () => {
    it('speaks Spanish, marks its language and gets Spanish messages from the Worker', async () => {
      const el = await pledgeWidget({ lang: 'es' });
      expect($(el, '.card').getAttribute('lang')).to.equal('es');
      expect($(el, 'button[type="submit"]').textContent).to.contain('Firmar el compromiso');
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#error-summary'));
      expect($(el, '#error-summary').textContent).to.contain('Hay un problema');
      expect($(el, '#error-summary').textContent).to.contain('Escriba su nombre completo');
      await expect(el).to.be.accessible();
    });

    it('keeps the chosen state and says the errors shown again in Spanish when a site switches it to Spanish', async () => {
      const el = await pledgeWidget();
      await waitUntil(() => el.shadowRoot!.querySelectorAll('#region option').length > 50, 'no states');
      const region = $(el, '#region') as HTMLSelectElement;
      region.value = 'US-NY';
      region.dispatchEvent(new Event('change'));
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#error-summary'), 'no error summary');
      const invalid = () => $$(el, '[aria-invalid="true"]').map((f) => f.id || (f as HTMLInputElement).name);
      const before = invalid();
      expect(before).to.include('name');
      el.lang = 'es';
      await waitUntil(() => ($(el, '#region option[value="US-NY"]').textContent ?? '') === 'Nueva York', 'no Spanish states');
      await waitUntil(() => el.shadowRoot!.querySelector('#error-summary')?.textContent?.includes('Escriba su nombre completo'), 'the errors were not said in Spanish', { timeout: 10_000 });
      expect(($(el, '#region') as HTMLSelectElement).value).to.equal('US-NY');
      expect($(el, '#error-summary').textContent).to.contain('Hay un problema');
      expect(el.shadowRoot!.textContent).not.to.contain('Enter your full name');
      expect(invalid()).to.deep.equal(before);
      await expect(el).to.be.accessible();
      // Sending again says what is missing, in Spanish.
      const refusedAgain = oneEvent(el, 'rhec-pledge-error');
      submit(el);
      await refusedAgain;
      await el.updateComplete;
      expect($(el, '#error-summary').textContent).to.contain('Escriba su nombre completo');
      expect(($(el, '#region') as HTMLSelectElement).value).to.equal('US-NY');
    });

    for (const [from, to, title, message] of [
      ['en', 'es', 'Hay un problema', 'Escriba su nombre completo'],
      ['es', 'en', 'There is a problem', 'Enter your full name'],
    ] as const) {
      it(`says the error summary once in the new language when the page switches from ${from} to ${to}, never half in one and half in the other`, async () => {
        // Both languages' strings here already, as once a page has shown them: the summary's title could change at once.
        await pledgeWidget({ lang: to });
        const el = await pledgeWidget({ lang: from });
        submit(el);
        await waitUntil(() => el.shadowRoot!.querySelector('#error-summary [role=alert] li'), 'no error summary');
        const alert = $(el, '#error-summary [role=alert]');
        // What the alert (assertive, atomic) holds after each change a screen reader is told of: each is read out whole.
        const said: string[] = [];
        new MutationObserver(() => said.push(alert.textContent!.replace(/\s+/g, ' ').trim())).observe(alert, { subtree: true, childList: true, characterData: true });
        el.lang = to;
        await waitUntil(() => alert.textContent!.includes(message) && alert.textContent!.includes(title), `the summary was not said in ${to}`);
        // Nothing more is on its way: the same pledge asked again, and drawn.
        await el.updateComplete;
        expect(said).to.have.length(1);
        expect(said[0]).to.contain(title).and.to.contain(message);
        expect(activeInWidget(el)).to.equal($(el, '#error-summary'));
      });
    }
  });
});

describe('rhec-pledge options', () => {
  it('shows the three facts with their figures as text, and hides them with hide-facts', async () => {
    const el = await pledgeWidget();
    const facts = $$(el, '.fact__text').map((f) => f.textContent);
    expect(facts).to.have.length(3);
    expect(facts.join(' ')).to.contain('three times more likely').and.contain('42%').and.contain('19%');
    expect($(el, '.members').textContent).to.contain('SCARD');
    for (const bar of $$(el, '.fact__bar')) expect(bar.getAttribute('aria-hidden')).to.equal('true');
    el.hideFacts = true;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.facts')).to.equal(null);
    expect($(el, 'form')).to.exist;
  });

  it('draws a goal bar filled in proportion to the total', async () => {
    const el = await pledgeWidget();
    await waitUntil(() => el.shadowRoot!.querySelector('.count__total'), 'no counts');
    const total = Number($(el, '.count__total').textContent!.replace(/[^\d]/g, ''));
    expect(total).to.equal(30); // seeded by the test runner's config
    el.goal = 120;
    await el.updateComplete;
    const fill = $(el, '.goal .bar__fill');
    expect(Number(fill.getAttribute('width'))).to.be.closeTo(25, 0.001);
  });

  for (const lang of ['en', 'es']) {
    it(`passes the accessibility audit in the dark theme (${lang}), empty and with errors`, async () => {
      const el = await pledgeWidget({ theme: 'dark', lang });
      await expect(el).to.be.accessible();
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#error-summary'));
      await expect(el).to.be.accessible();
    });
  }

  it('passes the accessibility audit while submitting', async () => {
    const el = await pledgeWidget();
    await fillValidPledge(el);
    submit(el);
    await el.updateComplete;
    expect($(el, 'form').getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'no thanks', { timeout: 10_000 });
  });

  // A screen reader's links list shows each link out of its list's heading: "LinkedIn" alone does not say it shares.
  for (const [lang, names] of [
    ['en', ['Share on LinkedIn (opens in a new tab)', 'Share on X (opens in a new tab)', 'Share by email']],
    ['es', ['Compartir en LinkedIn (se abre en una pestaña nueva)', 'Compartir en X (se abre en una pestaña nueva)', 'Compartir por correo electrónico']],
  ] as const) {
    it(`names each share link by what it does, out of context too (${lang})`, async () => {
      const el = await pledgeWidget({ lang });
      await fillValidPledge(el);
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'no thanks', { timeout: 10_000 });
      const links = $$(el, '.share a');
      expect(links.length).to.equal(3);
      const all = await linkNames();
      for (const name of names) expect(all).to.include(name);
      // Label in name (WCAG 2.5.3): the words seen are the name's own, at its start.
      const seen = links.map((a) => {
        const copy = a.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.visually-hidden').forEach((x) => x.remove());
        return copy.textContent!.trim();
      });
      expect(seen).to.deep.equal(names.map((n) => n.replace(/ \(.*\)$/, '')));
      await expect(el).to.be.accessible();
    });
  }

  it('offers share links as plain URLs and a copy-link button', async () => {
    const el = await pledgeWidget({ lang: 'es' });
    await fillValidPledge(el);
    submit(el);
    await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'no thanks', { timeout: 10_000 });
    const hrefs = $$(el, '.share a').map((a) => a.getAttribute('href')!);
    expect(hrefs[0]).to.match(/^https:\/\/www\.linkedin\.com\/sharing\/share-offsite\/\?url=/);
    expect(hrefs[1]).to.match(/^https:\/\/x\.com\/intent\/post\?text=/);
    expect(hrefs[2]).to.match(/^mailto:\?subject=/);
    // The hosted pledge page, for this partner, marked as a share: it carries the coalition's share card.
    expect(decodeURIComponent(hrefs[0]!)).to.contain(`${WORKER_URL}/pledge?partner=rsna&lang=es&source=share`);
    expect($(el, '.share button').textContent).to.contain('Copiar enlace');
    await expect(el).to.be.accessible();

    // Copying: said in the status region; and when the browser refuses it, the link is shown to copy by hand.
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
    const status = () => $(el, '.share ~ [role="status"]');
    try {
      for (const refuse of [false, true]) {
        Object.defineProperty(navigator, 'clipboard', {
          configurable: true,
          value: { writeText: () => (refuse ? Promise.reject(new DOMException('Denied', 'NotAllowedError')) : Promise.resolve()) },
        });
        ($(el, '.share button') as HTMLButtonElement).click();
        await waitUntil(() => (refuse ? status().className === 'share__url' : status().textContent!.trim()), 'no status');
        if (!refuse) {
          expect(status().textContent).to.equal('Enlace copiado');
          expect(status().className).to.equal('share__done');
        } else {
          expect(status().textContent).to.equal(`El navegador no permitió copiar. Seleccione y copie este enlace: ${WORKER_URL}/pledge?partner=rsna&lang=es&source=share`);
          expect(status().className).to.equal('share__url');
          expect(status().getBoundingClientRect().height).to.be.greaterThan(10); // seen, not only heard
        }
      }
      // Refused again: the link shown to copy by hand stays on screen throughout (hidden, the text below it would jump).
      const seen: string[] = [];
      const watch = new MutationObserver(() => seen.push(status().className));
      watch.observe(el.shadowRoot!, { attributes: true, attributeFilter: ['class'], subtree: true });
      ($(el, '.share button') as HTMLButtonElement).click();
      await new Promise((r) => setTimeout(r, 300));
      watch.disconnect();
      expect(seen.filter((c) => c !== 'share__url')).to.deep.equal([]);
      expect(status().className).to.equal('share__url');
      await expect(el).to.be.accessible();
    } finally {
      delete (navigator as unknown as Record<string, unknown>).clipboard;
      Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
    }
  });

  for (const [lang, copied] of [['en', 'Link copied'], ['es', 'Enlace copiado']] as const) {
    it(`says "${copied}" again at each press of Copy link, not only the first (${lang})`, async () => {
      const el = await pledgeWidget({ lang });
      await fillValidPledge(el);
      submit(el);
      await waitUntil(() => el.shadowRoot!.querySelector('#thanks'), 'no thanks', { timeout: 10_000 });
      const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard')!;
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: () => Promise.resolve() } });
      try {
        const status = $(el, '.share ~ [role="status"]');
        // (Measured once the role's next steps are in, which arrive in their own time.)
        await waitUntil(() => el.shadowRoot!.querySelector('.steps'), 'no next steps', { timeout: 10_000 });
        const height = el.getBoundingClientRect().height;
        // What the status says after each change, as a screen reader is told of it.
        const heard: string[] = [];
        const watch = new MutationObserver(() => heard.push(status.textContent!.trim()));
        watch.observe(status, { childList: true, characterData: true, subtree: true });
        for (const press of [1, 2, 3]) {
          ($(el, '.share button') as HTMLButtonElement).click();
          await waitUntil(() => heard.filter((t) => t === copied).length === press, `press ${press} was not said`);
        }
        watch.disconnect();
        // Emptied before each "Link copied" but the first (it was empty): a change each time, never the same words left standing.
        expect(heard.filter(Boolean)).to.deep.equal([copied, copied, copied]);
        expect(status.textContent).to.equal(copied);
        // Shown as well (a sighted person is told too), on its own line, kept for it: nothing moved.
        const shown = status.getBoundingClientRect();
        expect(shown.width).to.be.above(20);
        expect(shown.height).to.be.above(10);
        expect(getComputedStyle(status).clipPath).to.equal('none');
        expect(el.getBoundingClientRect().height).to.equal(height);
        await expect(el).to.be.accessible();
      } finally {
        delete (navigator as unknown as Record<string, unknown>).clipboard;
        Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
      }
    });
  }

  it('follows the language of the section around it, as the counter does', async () => {
    const section = await fixture<HTMLElement>(html`<section lang="es"><rhec-pledge partner="rsna" api=${WORKER_URL}></rhec-pledge></section>`);
    const el = section.querySelector('rhec-pledge')!;
    await el.updateComplete;
    expect($(el, '.card').getAttribute('lang')).to.equal('es');
    expect(el.language).to.equal('es');
  });

  it('reflects lang, so a framework clearing it (lang = \'\' after setting it before the upgrade) makes it follow the page again', async () => {
    document.documentElement.lang = 'es';
    try {
      const el = await pledgeWidget({ lang: 'en' });
      expect(el.getAttribute('lang')).to.equal('en');
      el.lang = '';
      await el.updateComplete;
      expect(el.getAttribute('lang')).to.equal('');
      expect(el.language).to.equal('es');
      // No lang="" is written where none was asked for (it would make the element's language unknown).
      const plain = await fixture<RhecPledge>(html`<rhec-pledge partner="rsna" api=${WORKER_URL}></rhec-pledge>`);
      await plain.updateComplete;
      expect(plain.hasAttribute('lang')).to.equal(false);
    } finally {
      document.documentElement.lang = 'en';
    }
  });

  it('follows the page language when it has no lang attribute', async () => {
    document.documentElement.lang = 'es-MX';
    try {
      const el = await pledgeWidget({ lang: '' });
      expect($(el, '.card').getAttribute('lang')).to.equal('es');
    } finally {
      document.documentElement.lang = 'en';
    }
  });

  it('switches language with the page when a site changes <html lang> in place (a language toggle, as vue-i18n makes)', async () => {
    try {
      const el = await pledgeWidget({ lang: '' });
      const own = await pledgeWidget({ lang: 'en' });
      const states = () => [...el.shadowRoot!.querySelectorAll<HTMLOptionElement>('#region option')].map((o) => o.textContent);
      await waitUntil(() => states().includes('New York') && el.shadowRoot!.querySelector('.count__total'), 'the regions or the count never loaded');
      // A state chosen (without focusing the form, which would fetch the after module and draw the widget again anyway).
      const region = $(el, '#region') as HTMLSelectElement;
      region.value = 'US-NY';
      region.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      await el.updateComplete;
      document.documentElement.lang = 'es';
      await waitUntil(() => $(el, '.heading').textContent === 'Comprométase a actuar', 'never followed the page into Spanish');
      expect($(el, '.card').getAttribute('lang')).to.equal('es');
      // The regions' names follow (asked of the Worker in the new language), and the choice stays.
      await waitUntil(() => states().includes('Nueva York'), 'the regions stayed in English');
      expect(region.value).to.equal('US-NY');
      // A widget given its own lang keeps it.
      await own.updateComplete;
      expect($(own, '.heading').textContent).to.equal('Commit to act');
      document.documentElement.lang = 'en';
      await waitUntil(() => $(el, '.heading').textContent === 'Commit to act', 'never followed the page back into English');
      await waitUntil(() => states().includes('New York'), 'the regions stayed in Spanish');
      await expect(el).to.be.accessible();
    } finally {
      document.documentElement.lang = 'en';
    }
  });
});
