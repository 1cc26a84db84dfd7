/**
 * The element's side of kiosk mode (`<rhec-pledge kiosk>`): the shape of the kiosk controller
 * and its loader. The controller itself (IndexedDB queue, countdown, local validation) lives in
 * `src/kiosk/` and is built into its own file (`/v/<hash>/rhec-pledge-kiosk.js`, the copy built
 * with this script), fetched from the pledge host only when `kiosk` is set, after the first
 * render, so the drop-in script stays small.
 */
import type { ReactiveControllerHost } from '../base-element.ts';
import type { SubmitResult } from '../api-client.ts';
import type { Lang } from '../pledge-fields.ts';
import { importReleased } from './import-released.ts';

/** What the kiosk controller uses of the element (passed as itself, to keep the drop-in script small). */
export interface KioskHost extends ReactiveControllerHost, HTMLElement {
  /** The API origin pledges go to. */
  readonly apiOrigin: string;
  readonly language: Lang;
  /** False once the page removes `kiosk`: the controller then clears nothing (its queue keeps sending). */
  readonly kiosk: boolean;
  /**
   * The element's state that the controller empties for the next person, with the form (the
   * element's `@internal` members): back to the form, no problem or errors shown, and a new
   * pledge (a new idempotency key) even with the same answers.
   */
  phase: 'form' | 'submitting' | 'done';
  problem: 'network' | 'busy' | null;
  errors: Record<string, string[]>;
  attemptFields: string | undefined;
  /** How a drop-in script of an earlier release emptied itself (it no longer does: the controller does, above). */
  resetForNextPerson?(): void;
}

/** What the kiosk controller gives the element. */
export interface KioskApi {
  /** Keeps a pledge (validated here, then queued in IndexedDB and sent); `accepted` once it is safely kept. */
  take(body: { id?: string } & Record<string, unknown>): Promise<SubmitResult>;
  /** Starts the countdown to the next person. */
  succeeded(): void;
  /** "3 pledges waiting to send": a live region, always in the DOM. */
  readonly status: HTMLElement;
  /** The countdown and the "Next person" button, for the thank-you panel. */
  readonly next: HTMLElement;
  /** The thank-you's heading while this visitor's pledge waits on the tablet (not emailed yet); else undefined, and the form's own is shown. */
  readonly heading?: string;
}

/** The build names the kiosk module it built with this script (scripts/lazy-modules.ts); unset in tests and the demo's dev server. */
declare const __RHEC_KIOSK_PATH__: string | undefined;

/**
 * Loads the kiosk module from the pledge host: the pinned copy built with this script
 * (`/v/<hash>/rhec-pledge-kiosk.js`, see scripts/lazy-modules.ts and worker/platform/script.ts),
 * else `/rhec-pledge-kiosk.js`. While neither loads (the Wi-Fi dropped), the form works as usual
 * and the module is asked for again every 10 s, so the booth gets its queue and Next person back
 * (a browser keeps a failed import's failure for its URL: each later try adds `?retry=n`).
 * Null once the element has left the page, or if the module fails to start.
 */
export async function loadKiosk(host: KioskHost): Promise<KioskApi | null> {
  const pinned = typeof __RHEC_KIOSK_PATH__ === 'string' ? __RHEC_KIOSK_PATH__ : undefined;
  for (let n = 0; host.isConnected; n++) {
    const mod = await importReleased<{ createKiosk(host: KioskHost): KioskApi }>(host.apiOrigin, pinned, '/rhec-pledge-kiosk.js', n ? `?retry=${n}` : '');
    if (mod) {
      try {
        return mod.createKiosk(host);
      } catch {
        return null; // the form then works as usual
      }
    }
    await new Promise((retry) => setTimeout(retry, 1e4));
  }
  return null;
}
