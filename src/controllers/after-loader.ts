/**
 * Loads the module for what follows the form's first interaction (src/after/after.ts: sending,
 * the error summary, the thank-you panel, Turnstile) from the pledge host: the pinned copy built
 * with this script (`/v/<hash>/rhec-pledge-after.js`, see scripts/lazy-modules.ts), else the
 * current one; the source module itself when unbuilt (tests, the demo's dev server).
 */
import type * as AfterModule from '../after/after.ts';

export type After = typeof AfterModule;

/** The build names the module it built with this script; unset when unbuilt. */
declare const __RHEC_AFTER_PATH__: string | undefined;

let attempts = 0;

/** The module, or null when neither copy loads (then asked for again on the next call). */
export async function loadAfter(api: string): Promise<After | null> {
  // A new URL for each new attempt: a browser may keep a failed module fetch failed for its URL.
  const retry = attempts++ ? `?retry=${attempts}` : '';
  const urls =
    typeof __RHEC_AFTER_PATH__ == 'string'
      ? [__RHEC_AFTER_PATH__, '/rhec-pledge-after.js'].map((path) => new URL(path + retry, api).href)
      : [new URL('../after/after.ts', import.meta.url).href];
  for (const url of urls) {
    try {
      return (await import(/* @vite-ignore */ url)) as After;
    } catch {
      // try the next
    }
  }
  return null;
}
