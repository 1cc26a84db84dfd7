import { expect } from '@open-wc/testing';
import { html } from 'lit/html.js';
import { css } from '../../src/css.ts';
import { BaseElement, type PropertyValues, type ReactiveController } from '../../src/base-element.ts';

/** A small element on the widget's base: what LitElement's users rely on, checked one by one. */
class TestElement extends BaseElement {
  static override styles = css`p { color: rgb(1, 2, 3); }`;
  static override properties = {
    label: { reflect: true },
    count: { type: Number },
    open: { type: Boolean },
    headingLevel: { attribute: 'heading-level', type: Number },
    _state: { state: true },
  };
  label = 'start';
  count = 0;
  open = false;
  headingLevel = 2;
  _state = 0;
  renders = 0;
  seen: PropertyValues[] = [];
  clicks = 0;

  protected override willUpdate(changed: PropertyValues) {
    this.seen.push(new Map(changed));
  }

  protected override render() {
    this.renders++;
    return html`<p>${this.label}/${this.count}/${this.open}/${this.headingLevel}/${this._state}</p>
      <button @click=${this._onClick}>b</button>`;
  }

  private _onClick() {
    // `this` is the element: templates bind listeners to their host, as in LitElement.
    this.clicks++;
  }
}
customElements.define('test-base-element', TestElement);

const text = (el: TestElement) => el.shadowRoot!.querySelector('p')!.textContent;

async function attached(markup = '<test-base-element></test-base-element>'): Promise<TestElement> {
  const holder = document.createElement('div');
  holder.innerHTML = markup;
  document.body.append(holder);
  const el = holder.firstElementChild as TestElement;
  await el.updateComplete;
  return el;
}

describe('BaseElement (the widget\'s small LitElement)', () => {
  afterEach(() => document.querySelectorAll('div').forEach((d) => d.remove()));

  it('renders once connected, with its styles adopted in an open shadow root', async () => {
    const el = document.createElement('test-base-element') as TestElement;
    await new Promise((r) => setTimeout(r, 20));
    expect(el.renders, 'no render before it is in the page').to.equal(0);
    expect(el.hasUpdated).to.equal(false);
    const holder = document.createElement('div');
    holder.append(el);
    document.body.append(holder);
    expect(await el.updateComplete).to.equal(true);
    expect(el.hasUpdated).to.equal(true);
    expect(text(el)).to.equal('start/0/false/2/0');
    expect(getComputedStyle(el.shadowRoot!.querySelector('p')!).color).to.equal('rgb(1, 2, 3)');
    expect(el.shadowRoot!.adoptedStyleSheets, 'one constructable stylesheet, no <style>').to.have.length(1);
    expect(el.shadowRoot!.querySelector('style')).to.equal(null);
  });

  it('falls back to a <style> element where constructable stylesheets are missing', async () => {
    const replaceSync = CSSStyleSheet.prototype.replaceSync;
    CSSStyleSheet.prototype.replaceSync = () => {
      throw new TypeError('not supported');
    };
    try {
      // Styles of its own: a stylesheet already made for a text is shared, and that browser has none.
      class OldBrowser extends TestElement {
        static override styles = css`p { color: rgb(4, 5, 6); }`;
      }
      customElements.define('test-base-old-browser', OldBrowser);
      const el = await attached('<test-base-old-browser></test-base-old-browser>');
      expect(el.shadowRoot!.adoptedStyleSheets).to.have.length(0);
      expect(el.shadowRoot!.querySelector('style')?.textContent).to.equal(OldBrowser.styles);
      expect(getComputedStyle(el.shadowRoot!.querySelector('p')!).color).to.equal('rgb(4, 5, 6)');
    } finally {
      CSSStyleSheet.prototype.replaceSync = replaceSync;
    }
  });

  it('converts attributes to Number and Boolean, by their declared names, and back to null when removed', async () => {
    const el = await attached('<test-base-element label="x" count="7" open heading-level="4"></test-base-element>');
    expect([el.label, el.count, el.open, el.headingLevel]).to.deep.equal(['x', 7, true, 4]);
    expect(text(el)).to.equal('x/7/true/4/0');
    el.removeAttribute('open');
    el.removeAttribute('count');
    el.removeAttribute('label');
    await el.updateComplete;
    expect([el.label, el.count, el.open]).to.deep.equal([null, null, false]);
    expect(TestElement.observedAttributes).to.have.members(['label', 'count', 'open', 'heading-level']);
    // "false" is false: what Vue writes for :open="false" before the element is defined.
    el.setAttribute('open', 'false');
    await el.updateComplete;
    expect(el.open).to.equal(false);
    el.setAttribute('open', '');
    await el.updateComplete;
    expect(el.open).to.equal(true);
  });

  it('batches changes into one update per task, with each property\'s first old value', async () => {
    const el = await attached();
    const before = el.renders;
    el.count = 1;
    el.count = 2;
    el.open = true;
    el._state = 5;
    await el.updateComplete;
    expect(el.renders - before).to.equal(1);
    expect([...el.seen.at(-1)!]).to.deep.equal([['count', 0], ['open', false], ['_state', 0]]);
    expect(text(el)).to.equal('start/2/true/2/5');
    el.count = 2;
    await el.updateComplete;
    expect(el.renders - before, 'setting the same value is no change').to.equal(1);
  });

  it('reflects a reflecting property to its attribute, and only that one', async () => {
    const el = await attached();
    expect(el.getAttribute('label')).to.equal('start');
    el.label = 'moved';
    el.count = 3;
    await el.updateComplete;
    expect(el.getAttribute('label')).to.equal('moved');
    expect(el.hasAttribute('count')).to.equal(false);
  });

  it('keeps properties a framework set before the element was defined', async () => {
    const name = 'test-base-early';
    const el = document.createElement(name) as TestElement & Record<string, unknown>;
    Object.assign(el, { label: 'early', count: 9 });
    const holder = document.createElement('div');
    holder.append(el);
    document.body.append(holder);
    customElements.define(name, class extends TestElement {});
    await el.updateComplete;
    expect([el.label, el.count]).to.deep.equal(['early', 9]);
    expect(text(el)).to.equal('early/9/false/2/0');
    expect(Object.prototype.hasOwnProperty.call(el, 'label'), 'the value now lives behind the accessor').to.equal(false);
  });

  it('removes a reflected attribute when its property becomes null', async () => {
    const el = await attached();
    (el as unknown as { label: string | null }).label = null;
    await el.updateComplete;
    expect(el.hasAttribute('label')).to.equal(false);
  });

  it('answers updateComplete false when an update was requested during the last one, true once settled', async () => {
    class Again extends BaseElement {
      static override properties = { n: { type: Number } };
      n = 0;
      protected override render() {
        return html`${this.n}`;
      }
      protected override updated() {
        if (this.n === 1) this.n = 2;
      }
    }
    customElements.define('test-base-again', Again);
    const el = document.createElement('test-base-again') as Again;
    document.body.append(el);
    await el.updateComplete;
    el.n = 1;
    expect(await el.updateComplete).to.equal(false);
    expect(await el.updateComplete).to.equal(true);
    expect(el.shadowRoot!.textContent).to.equal('2');
    el.remove();
  });

  it('binds template listeners to the element', async () => {
    const el = await attached();
    el.shadowRoot!.querySelector('button')!.click();
    expect(el.clicks).to.equal(1);
  });

  it('calls a controller added before the element is in the page once it connects', async () => {
    const el = document.createElement('test-base-element') as TestElement;
    const calls: string[] = [];
    el.addController({ hostConnected: () => calls.push('connected'), hostUpdated: () => calls.push('updated') });
    expect(calls).to.deep.equal([]);
    const holder = document.createElement('div');
    holder.append(el);
    document.body.append(holder);
    await el.updateComplete;
    expect(calls).to.deep.equal(['connected', 'updated']);
  });

  it('calls its controllers on connect, update and disconnect', async () => {
    const el = await attached();
    const calls: string[] = [];
    const controller: ReactiveController = {
      hostConnected: () => calls.push('connected'),
      hostUpdate: () => calls.push('update'),
      hostUpdated: () => calls.push('updated'),
      hostDisconnected: () => calls.push('disconnected'),
    };
    el.addController(controller);
    el.count = 4;
    await el.updateComplete;
    el.remove();
    expect(calls).to.deep.equal(['connected', 'update', 'updated', 'disconnected']);
  });

  it('rejects updateComplete when a render throws, and renders again on the next change', async () => {
    class Throwing extends BaseElement {
      static override properties = { fail: { type: Boolean } };
      fail = false;
      protected override render() {
        if (this.fail) throw new Error('render failed');
        return html`<p>ok</p>`;
      }
    }
    customElements.define('test-base-throwing', Throwing);
    const el = document.createElement('test-base-throwing') as Throwing;
    document.body.append(el);
    await el.updateComplete;
    const rejected: unknown[] = [];
    const onRejection = (e: PromiseRejectionEvent) => {
      rejected.push(e.reason);
      e.preventDefault();
    };
    window.addEventListener('unhandledrejection', onRejection);
    el.fail = true;
    const failed = await el.updateComplete.then(() => 'resolved', (e: Error) => e.message);
    expect(failed).to.equal('render failed');
    el.fail = false;
    expect(await el.updateComplete).to.equal(true);
    expect(el.shadowRoot!.textContent).to.equal('ok');
    await new Promise((r) => setTimeout(r, 50));
    window.removeEventListener('unhandledrejection', onRejection);
    // As LitElement does, the failed update is reported once more when the next one runs.
    expect(rejected.map((e) => (e as Error).message)).to.include('render failed');
    el.remove();
  });
});
