/**
 * Loads the module for what follows the form's first interaction (src/after/after.ts: sending,
 * the error summary, the thank-you panel, Turnstile) from the pledge host, as `importReleased`
 * does (`/v/<hash>/rhec-pledge-after.js`, else the current one); the source module itself when
 * unbuilt (tests, the demo's dev server).
 */
import type * as AfterModule from '../after/after.ts';
import { importReleased } from './import-released.ts';

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

function importAfter(api: string): Promise<After | null> {
  if (typeof __RHEC_AFTER_PATH__ != 'string') return import(/* @vite-ignore */ new URL('../after/after.ts', import.meta.url).href).catch(() => null);
  return importReleased<After>(api, __RHEC_AFTER_PATH__, '/rhec-pledge-after.js', failures ? `?retry=${failures}` : '');
}
