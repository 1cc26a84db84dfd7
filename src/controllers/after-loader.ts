/**
 * Loads the module for what follows the form's first interaction (src/after/after.ts: sending,
 * the error summary, the thank-you panel, Turnstile) from the pledge host: the pinned copy built
 * with this script (`/v/<hash>/rhec-pledge-after.js`, see scripts/lazy-modules.ts), else the
 * current one (see `loadAfter`); the source module itself when unbuilt (tests, the demo's dev server).
 */
import type * as AfterModule from '../after/after.ts';
import { SCRIPT_PINNED } from '../script-origin.ts';

export type After = typeof AfterModule;

/** The build names the module it built with this script; unset when unbuilt. */
declare const __RHEC_AFTER_PATH__: string | undefined;

let loaded: Promise<After | null> | undefined;
let failures = 0;

/**
 * The module, loaded once per page for every element (null when it cannot be had; then asked
 * for again on the next call). A script pinned by its content-addressed URL (with SRI, by a site
 * that approves every change) takes only its own release's module, never a newer one; the
 * stable script falls back to the current module when its pinned copy is gone (a copy cached
 * from before a deploy).
 */
export function loadAfter(api: string): Promise<After | null> {
  return (loaded ??= importAfter(api).then((after) => {
    if (!after) {
      failures++;
      loaded = undefined;
    }
    return after;
  }));
}

async function importAfter(api: string): Promise<After | null> {
  // A new URL after a failure: a browser keeps a failed module fetch failed for its URL.
  const retry = failures ? `?retry=${failures}` : '';
  const urls =
    typeof __RHEC_AFTER_PATH__ == 'string'
      ? (SCRIPT_PINNED ? [__RHEC_AFTER_PATH__] : [__RHEC_AFTER_PATH__, '/rhec-pledge-after.js']).map((path) => new URL(path + retry, api).href)
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
