/**
 * Kiosk mode's sending pace, against the real local Worker: however often sending is started
 * (the 10 s timer, the `online` event and its retries, each new pledge), a tablet hands over at
 * most SEND_PER_MINUTE pledges in a minute, under the service's 20 a minute per address (past it,
 * pledges are stored flagged: never counted, never emailed). The rest wait on the tablet.
 */
import { expect } from '@open-wc/testing';
import type { KioskHost } from '../../src/controllers/kiosk-loader.ts';
import { createKiosk, SEND_PER_MINUTE } from '../../src/kiosk/kiosk.ts';
import { forget, keep, waiting } from '../../src/kiosk/queue.ts';
import { WORKER_URL } from './helpers.ts';

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
