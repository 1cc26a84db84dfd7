/**
 * Kiosk mode's sending pace, against the real local Worker: however often sending is started
 * (the 10 s timer, the `online` event and its retries, each new pledge), a tablet hands over at
 * most SEND_PER_MINUTE pledges in a minute, under the service's 20 a minute per address (past it,
 * pledges are stored flagged: never counted, never emailed). The rest wait on the tablet.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { KioskHost } from '../../src/controllers/kiosk-loader.ts';
import { createKiosk, SEND_PER_MINUTE } from '../../src/kiosk/kiosk.ts';
import { forget, keep, waiting } from '../../src/kiosk/queue.ts';
import { KIOSK_STRINGS } from '../../src/kiosk/strings.ts';
import type { RhecPledge } from '../../src/rhec-pledge.ts';
import { $, fillValidPledge, submit, waitUntil, WORKER_URL } from './helpers.ts';

async function emptyQueue() {
  for (const p of await waiting()) await forget(p.body.id);
}

/** The element's side of the kiosk controller: where pledges go and in which language. */
function host(): KioskHost {
  return Object.assign(document.createElement('div'), {
    apiOrigin: WORKER_URL,
    language: 'en' as const,
    phase: 'form' as const,
    problem: null,
    errors: {},
    attemptFields: undefined,
    updateComplete: Promise.resolve(true),
    requestUpdate() {},
    addController(c: { hostConnected?(): void }) {
      c.hostConnected?.();
    },
    removeController() {},
  }) as unknown as KioskHost;
}

describe('kiosk mode after an outage', () => {
  beforeEach(emptyQueue);
  afterEach(emptyQueue);

  it(`sends a backlog of 25 at most ${SEND_PER_MINUTE} a minute, however often sending starts; the rest stay kept`, async () => {
    const stamp = Date.now();
    for (let i = 0; i < 25; i++) {
      await keep({
        body: { id: `pace${stamp}n${i}`, partner: 'rsna', name: 'Backlog Pledger', email: `backlog.${i}.${stamp}@example.org`, role: 'nurse', commitment: true, lang: 'en' },
        savedAt: stamp + i,
      });
    }
    const posted: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      if (String(input).endsWith('/api/pledges') && init?.method === 'POST') posted.push(JSON.parse(String(init.body)).id);
      return realFetch(input, init);
    };
    const kiosk = createKiosk(host()) as ReturnType<typeof createKiosk> & { send(): Promise<void>; hostDisconnected(): void };
    try {
      // Back online: the event, its two retries, the timer and people pledging, all within the minute.
      for (let i = 0; i < 12; i++) await kiosk.send();
    } finally {
      kiosk.hostDisconnected();
      window.fetch = realFetch;
    }
    expect(posted).to.have.length(SEND_PER_MINUTE);
    expect(SEND_PER_MINUTE).to.be.below(20);
    // Oldest first, each once; the others are still on the tablet.
    expect(posted).to.deep.equal(Array.from({ length: SEND_PER_MINUTE }, (_, i) => `pace${stamp}n${i}`));
    expect((await waiting()).map((p) => p.body.id)).to.deep.equal(Array.from({ length: 25 - SEND_PER_MINUTE }, (_, i) => `pace${stamp}n${i + SEND_PER_MINUTE}`));
  });

  it("keeps sending a minute later when the tablet's wrong clock is put right meanwhile (set back a year, as the network's time does when the Wi-Fi returns)", async () => {
    const stamp = Date.now();
    for (let i = 0; i <= SEND_PER_MINUTE; i++) {
      await keep({
        body: { id: `clock${stamp}n${i}`, partner: 'rsna', name: 'Clock Pledger', email: `clock.${i}.${stamp}@example.org`, role: 'nurse', commitment: true, lang: 'en' },
        savedAt: stamp + i,
      });
    }
    const posted: string[] = [];
    const realFetch = window.fetch;
    const realDateNow = Date.now;
    const realPerfNow = performance.now.bind(performance);
    window.fetch = (input, init) => {
      if (String(input).endsWith('/api/pledges') && init?.method === 'POST') posted.push(JSON.parse(String(init.body)).id);
      return realFetch(input, init);
    };
    const kiosk = createKiosk(host()) as ReturnType<typeof createKiosk> & { send(): Promise<void>; hostDisconnected(): void };
    try {
      // The tablet's clock a year ahead while the backlog drains: a minute's worth is handed over.
      Date.now = () => realDateNow() + 365 * 86_400_000;
      for (let i = 0; i < 8; i++) await kiosk.send();
      expect(posted, 'a minute’s worth handed over').to.have.length(SEND_PER_MINUTE);
      // Then the clock is put right, and a minute passes (the page's own monotonic clock says so).
      Date.now = realDateNow;
      performance.now = () => realPerfNow() + 61_000;
      await kiosk.send();
    } finally {
      kiosk.hostDisconnected();
      window.fetch = realFetch;
      Date.now = realDateNow;
      performance.now = realPerfNow;
    }
    expect(posted, 'the last one goes a minute later, not a year later').to.have.length(SEND_PER_MINUTE + 1);
    expect(await waiting()).to.have.length(0);
  });
});

describe('kiosk mode turned off on a live element', () => {
  it('stops warning about and clearing a half-filled form left idle once `kiosk` is removed', async () => {
    const h = Object.assign(host(), { kiosk: true }) as KioskHost & { kiosk: boolean };
    h.attachShadow({ mode: 'open' }).innerHTML = '<form><input name="name" value="Half Filled"></form>';
    const kiosk = createKiosk(h) as ReturnType<typeof createKiosk> & { hostUpdate(): void; hostDisconnected(): void; onIdle(): void };
    try {
      const idle = kiosk.status.querySelector<HTMLElement>('.kiosk-idle')!;
      kiosk.onIdle();
      expect(idle.hidden, 'kiosk on: a filled form left idle is warned about').to.equal(false);

      h.kiosk = false;
      kiosk.hostUpdate();
      expect(idle.hidden, 'kiosk removed: the warning goes, and its countdown with it').to.equal(true);
      kiosk.onIdle();
      expect(idle.hidden, 'kiosk removed: left idle, the form is an ordinary one').to.equal(true);
      expect(h.shadowRoot!.querySelector('input')!.value).to.equal('Half Filled');
    } finally {
      kiosk.hostDisconnected();
    }
  });
});

describe('a thank-you kept on screen', () => {
  it('goes back to the form for the next person once left idle, with no warning', async () => {
    const h = Object.assign(host(), { kiosk: true, phase: 'done' }) as KioskHost & { kiosk: boolean };
    h.attachShadow({ mode: 'open' }).innerHTML = '<p id="thanks">Thank you</p>';
    const kiosk = createKiosk(h) as ReturnType<typeof createKiosk> & { hostDisconnected(): void; onIdle(): void };
    try {
      kiosk.onIdle();
      await h.updateComplete;
      expect(h.phase, 'the form again').to.equal('form');
      expect(kiosk.status.querySelector<HTMLElement>('.kiosk-idle')!.hidden, 'no warning: nothing of anyone\'s to keep').to.equal(true);
    } finally {
      kiosk.hostDisconnected();
    }
  });
});

describe('the idle warning', () => {
  it('stays through a touch or focus on itself, goes on its button, and sticks to the top of the screen while shown', async () => {
    const h = Object.assign(host(), { kiosk: true }) as KioskHost & { kiosk: boolean };
    document.body.append(h);
    const root = h.attachShadow({ mode: 'open' });
    root.innerHTML = '<form><input id="name" name="name" value="Half Filled"></form>';
    const kiosk = createKiosk(h) as ReturnType<typeof createKiosk> & { hostDisconnected(): void; onIdle(): void };
    root.prepend(kiosk.status);
    try {
      const idle = kiosk.status.querySelector<HTMLElement>('.kiosk-idle')!;
      const keep = idle.querySelector('button')!;
      kiosk.onIdle();
      expect(idle.hidden).to.equal(false);
      expect(kiosk.status.hasAttribute('data-alert'), 'sticks while shown').to.equal(true);
      // A finger coming down on the button (or focus reaching it) does not take the warning away
      // from under it: the tap would land on whatever moved there.
      for (const type of ['pointerdown', 'focusin', 'keydown']) keep.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
      expect(idle.hidden, 'still shown until the button is pressed').to.equal(false);
      keep.click();
      expect(idle.hidden, 'Keep my answers takes it away').to.equal(true);
      expect(kiosk.status.hasAttribute('data-alert')).to.equal(false);
      expect(root.querySelector('input')!.value).to.equal('Half Filled');
      // Anywhere else, any sign of someone at the form does too.
      kiosk.onIdle();
      root.querySelector('input')!.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }));
      expect(idle.hidden).to.equal(true);
    } finally {
      kiosk.hostDisconnected();
      h.remove();
    }
  });
});

describe('a network that hangs', () => {
  beforeEach(emptyQueue);
  afterEach(emptyQueue);

  it('tells the person on the thank-you, within seconds, that their pledge waits on the tablet', async () => {
    const realFetch = window.fetch;
    // The pledge service never answers (a captive portal, a dead access point) until the send is given up.
    window.fetch = (input, init) =>
      String(input).endsWith('/api/pledges')
        ? new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
        : realFetch(input, init);
    const h = Object.assign(host(), { kiosk: true }) as KioskHost & { kiosk: boolean };
    const kiosk = createKiosk(h) as ReturnType<typeof createKiosk> & { hostDisconnected(): void; send(): Promise<void>; inFlight: AbortController | null };
    try {
      await kiosk.send(); // the tablet was set up a while ago: its first look at the (empty) queue is over
      const stamp = Date.now();
      const taken = await kiosk.take({ partner: 'rsna', name: 'Hung Network', email: `hung.${stamp}@example.org`, role: 'nurse', commitment: true, lang: 'en' });
      expect(taken.kind).to.equal('accepted');
      kiosk.succeeded();
      const later = kiosk.next.querySelector('.kiosk-later')!;
      expect(later.textContent, 'not at once: a working network answers within a moment').to.equal('');
      await new Promise((r) => setTimeout(r, 3_300));
      expect(later.textContent).to.match(/^Your pledge is saved on this tablet/);
      expect(kiosk.status.textContent).to.contain('1 pledge waiting to send');
    } finally {
      kiosk.inFlight?.abort();
      kiosk.hostDisconnected();
      window.fetch = realFetch;
    }
  });
});

describe('kiosk time limits, as read aloud', () => {
  it('say seconds in words ("8 s" is read as "8 ess"), one or many, in both languages', () => {
    expect([KIOSK_STRINGS.en.countdown(8), KIOSK_STRINGS.en.countdown(1)]).to.deep.equal([
      'The form clears for the next person in 8 seconds.',
      'The form clears for the next person in 1 second.',
    ]);
    expect(KIOSK_STRINGS.en.idle(20)).to.equal('Still there? To protect your details, this form clears in 20 seconds.');
    expect([KIOSK_STRINGS.es.countdown(8), KIOSK_STRINGS.es.idle(1)]).to.deep.equal([
      'El formulario se vaciará para la siguiente persona en 8 segundos.',
      '¿Sigue ahí? Para proteger sus datos, este formulario se vaciará en 1 segundo.',
    ]);
  });
});

describe('what the kiosk says while a pledge waits, and when it goes', () => {
  beforeEach(emptyQueue);
  afterEach(emptyQueue);

  type Spoken = ReturnType<typeof createKiosk> & {
    hostDisconnected(): void;
    send(): Promise<void>;
    heading?: string;
    onIdle(): void;
    status: HTMLElement;
  };
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  /** What a screen reader is told in the kiosk's live regions (the waiting notice, and what else it says). */
  const liveText = (k: Spoken) => [...k.status.querySelectorAll('[role=status],[role=alert]')].map((e) => e.textContent).join(' ');

  const WORDS = {
    en: { saved: 'Thank you: your pledge is saved on this tablet', sent: 'All waiting pledges have been sent.' },
    es: { saved: 'Gracias: su compromiso está guardado en esta tableta', sent: 'Se enviaron todos los compromisos pendientes.' },
  };
  for (const lang of ['en', 'es'] as const) {
    it(`heads the thank-you "saved on this tablet", not "check your email", while the pledge waits; says when it has gone, naming no one (${lang})`, async () => {
      const realFetch = window.fetch;
      // The tablet is offline: the browser says so, and every request fails at once.
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
      window.fetch = (input, init) => (String(input).endsWith('/api/pledges') ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(input, init));
      const h = Object.assign(host(), { kiosk: true, language: lang }) as KioskHost & { kiosk: boolean };
      const kiosk = createKiosk(h) as Spoken;
      try {
        await kiosk.send();
        const stamp = Date.now();
        const taken = await kiosk.take({ partner: 'rsna', name: 'Waiting Person', email: `waits.${stamp}@example.org`, role: 'nurse', commitment: true, lang });
        expect(taken.kind).to.equal('accepted');
        // Known as soon as the pledge is kept (the thank-you's first render): the browser says it is offline.
        expect(kiosk.heading).to.equal(WORDS[lang].saved);
        await kiosk.send();
        expect(kiosk.heading).to.equal(WORDS[lang].saved);
        // The network returns; the pledge goes (a late success, the visitor perhaps gone): said, without their details.
        delete (navigator as { onLine?: boolean }).onLine;
        window.fetch = realFetch;
        await kiosk.send();
        await frame();
        expect(kiosk.heading).to.equal(undefined);
        expect(liveText(kiosk)).to.contain(WORDS[lang].sent);
        expect(liveText(kiosk)).not.to.match(/Waiting Person|waits\./);
      } finally {
        delete (navigator as { onLine?: boolean }).onLine;
        window.fetch = realFetch;
        kiosk.hostDisconnected();
      }
    });
  }

  it('says the form was cleared for the next person when a thank-you left idle is cleared, and nothing of the last one', async () => {
    const h = Object.assign(host(), { kiosk: true, phase: 'done' as const }) as KioskHost & { kiosk: boolean };
    h.attachShadow({ mode: 'open' }).innerHTML = '<form><input id="name"></form>';
    const kiosk = createKiosk(h) as Spoken;
    try {
      kiosk.onIdle();
      await frame();
      expect(h.phase).to.equal('form');
      expect(liveText(kiosk)).to.contain('The form was cleared for the next person.');
    } finally {
      kiosk.hostDisconnected();
    }
  });

  for (const lang of ['en', 'es'] as const) {
    it(`says the form was cleared for the next person when Next person is pressed (the countdown's end clears the same way), not only when left idle (${lang})`, async () => {
      const h = Object.assign(host(), { kiosk: true, phase: 'done' as const, language: lang }) as KioskHost & { kiosk: boolean };
      h.attachShadow({ mode: 'open' }).innerHTML = '<form><input id="name"></form>';
      document.body.append(h);
      const kiosk = createKiosk(h) as Spoken & { next: HTMLElement };
      try {
        kiosk.succeeded();
        // Focus moves to the empty form's first field: a screen reader hears that field, and then why it is there.
        kiosk.next.querySelector<HTMLButtonElement>('button')!.click();
        await frame();
        expect(h.phase).to.equal('form');
        expect(h.shadowRoot!.activeElement?.id).to.equal('name');
        expect(liveText(kiosk)).to.contain(KIOSK_STRINGS[lang].cleared);
      } finally {
        kiosk.hostDisconnected();
        h.remove();
      }
    });
  }

  it("marks what it said with the language it was said in, so a later switch of the page's language leaves it read in its own voice", async () => {
    const h = Object.assign(host(), { kiosk: true, phase: 'done' as const, language: 'es' as const }) as KioskHost & { kiosk: boolean; language: 'en' | 'es' };
    h.attachShadow({ mode: 'open' }).innerHTML = '<form><input id="name"></form>';
    const kiosk = createKiosk(h) as Spoken;
    try {
      kiosk.onIdle();
      await frame();
      // The page switches to English: the Spanish words already said stay in the status, marked Spanish.
      h.language = 'en';
      (kiosk as unknown as { hostUpdate(): void }).hostUpdate();
      const said = [...kiosk.status.querySelectorAll<HTMLElement>('[role=status]')].find((e) => e.textContent === KIOSK_STRINGS.es.cleared);
      expect(said, 'the Spanish "cleared" in a status').to.exist;
      expect(said!.closest('[lang]')?.getAttribute('lang')).to.equal('es');
    } finally {
      kiosk.hostDisconnected();
    }
  });
});

describe("the thank-you follows this visitor's own pledge, not an earlier visitor's still waiting", () => {
  beforeEach(emptyQueue);
  afterEach(emptyQueue);

  /** Waits on the network and the local Worker: not a time the test asserts, only how long it gives up after (a loaded machine). */
  const SLOW = { timeout: 15_000 };
  const WORDS = {
    en: { waiting: '1 pledge waiting to send', thanks: 'Check your email to confirm your pledge', sent: 'All waiting pledges have been sent.' },
    es: { waiting: '1 compromiso pendiente de envío', thanks: 'Revise su correo para confirmar su compromiso', sent: 'Se enviaron todos los compromisos pendientes.' },
  };
  for (const lang of ['en', 'es'] as const) {
    it(`says "check your email" to a visitor whose pledge goes through once the Wi-Fi is back, after "saved" while the tablet could not know (${lang})`, async () => {
      const realFetch = window.fetch;
      const stamp = Date.now();
      // An earlier visitor's pledge, kept while the Wi-Fi was down...
      await keep({
        body: { id: `earlier${stamp}${lang}`, partner: 'rsna', name: 'Earlier Visitor', email: `earlier.${stamp}@example.org`, role: 'nurse', commitment: true, lang },
        savedAt: stamp,
      });
      // ...and still down when the kiosk starts: its first try fails, and the pledge waits.
      window.fetch = (input, init) => (String(input).endsWith('/api/pledges') ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(input, init));
      const el = await fixture<RhecPledge>(html`<rhec-pledge partner="rsna" kiosk lang=${lang} api=${WORKER_URL} theme="light"></rhec-pledge>`);
      try {
        await waitUntil(() => el.kioskApi?.status.textContent?.includes(WORDS[lang].waiting), 'the earlier pledge never showed as waiting', SLOW);
        const heard: string[] = [];
        el.shadowRoot!.addEventListener('focusin', () => {
          const focused = el.shadowRoot!.activeElement;
          if (focused?.id === 'thanks') heard.push(focused.textContent!.trim());
        });
        await fillValidPledge(el, `visitor.${stamp}@example.org`);
        // The Wi-Fi is back as this visitor presses the button, before the tablet's next try: their pledge goes through (the earlier one with it).
        window.fetch = realFetch;
        await submit(el);
        await waitUntil(() => heard.length, 'the thank-you never took the focus', SLOW);
        // The tablet's last try had failed: until its next one, it says this pledge is saved here (true until then).
        expect(heard[0], 'the heading the focus lands on').to.equal(KIOSK_STRINGS[lang].saved);
        await waitUntil(async () => (await waiting()).length === 0, 'the pledges were never sent', SLOW);
        await waitUntil(() => el.kioskApi!.status.textContent!.includes(WORDS[lang].sent), 'no one was told every waiting pledge went', SLOW);
        await el.updateComplete;
        expect($(el, '#thanks').textContent!.trim()).to.equal(WORDS[lang].thanks);
        expect($(el, '#thanks-body').hidden, 'the thank-you\'s own "check your email" words').to.equal(false);
        expect($(el, '.kiosk-later').textContent, 'no "the email goes out later"').to.equal('');
        expect(el.shadowRoot!.activeElement?.id).to.equal('thanks');
        expect(el.kioskApi!.status.textContent).not.to.match(/Earlier Visitor|earlier\.|Grace Hopper|visitor\./);
      } finally {
        window.fetch = realFetch;
      }
    });
  }

  it("heads a pledge that waits behind an earlier one \"saved on this tablet\", and the next visitor's, sent, not", async () => {
    const realFetch = window.fetch;
    // The Wi-Fi drops every request, though the browser does not say it is offline.
    window.fetch = (input, init) => (String(input).endsWith('/api/pledges') ? Promise.reject(new TypeError('Failed to fetch')) : realFetch(input, init));
    const h = Object.assign(host(), { kiosk: true }) as KioskHost & { kiosk: boolean };
    const kiosk = createKiosk(h) as ReturnType<typeof createKiosk> & { hostDisconnected(): void; send(): Promise<void>; heading?: string };
    const stamp = Date.now();
    const person = (who: string) => ({ partner: 'rsna', name: `${who} Visitor`, email: `${who.toLowerCase()}.${stamp}@example.org`, role: 'nurse', commitment: true, lang: 'en' });
    try {
      await kiosk.take(person('Earlier'));
      await kiosk.send();
      expect(kiosk.heading, "the earlier visitor's, once its send failed").to.equal(KIOSK_STRINGS.en.saved);
      // The next visitor, the Wi-Fi still down: theirs waits too, behind the earlier one.
      await kiosk.take(person('Second'));
      await kiosk.send();
      expect(kiosk.heading).to.equal(KIOSK_STRINGS.en.saved);
      expect(kiosk.status.textContent).to.contain('2 pledges waiting to send');
      // The Wi-Fi is back, unknown to the tablet until it tries: the third visitor is told at once that
      // theirs is saved (the last try failed), then, once it and the two before it are sent, the normal thank-you.
      window.fetch = realFetch;
      await kiosk.take(person('Third'));
      expect(kiosk.heading, 'at once, after a failed try').to.equal(KIOSK_STRINGS.en.saved);
      await kiosk.send();
      expect(kiosk.heading, 'once sent').to.equal(undefined);
      expect(await waiting()).to.have.length(0);
      // The next visitor, after that successful try: the normal thank-you from the start, though an
      // earlier pledge waits (a fourth, kept without a send, stands for one still in the queue).
      await keep({ body: { ...person('Kept'), id: `kept${stamp}` }, savedAt: Date.now() });
      await kiosk.take(person('Fourth'));
      expect(kiosk.heading, "at once, an earlier pledge waiting but the last try sent").to.equal(undefined);
      await kiosk.send();
      expect(kiosk.heading, 'once sent').to.equal(undefined);
      expect(await waiting()).to.have.length(0);
    } finally {
      window.fetch = realFetch;
      await kiosk.send(); // nothing of this test's left sending into the next one
      kiosk.hostDisconnected();
    }
  });
});
