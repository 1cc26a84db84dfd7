import { SCRIPT_PINNED } from '../script-origin.ts';

/**
 * Imports a module the drop-in script loads only when needed (scripts/lazy-modules.ts) from the
 * pledge host at `api`: `pinned`, the content-addressed copy built with this script, first; then
 * `current`, if the pinned copy is gone (a release retired, or a deploy made before releases were kept; and a browser may
 * still run the previous release's stable script from its cache for a while). A pinned script
 * (SCRIPT_PINNED: a site that approves every change) takes only its own release's copy. `query`
 * makes a new URL for a retry (a browser keeps a failed module fetch failed for its URL).
 * Null if none loads.
 */
export async function importReleased<T>(api: string, pinned: string | undefined, current: string, query = ''): Promise<T | null> {
  for (const path of new Set([pinned ?? current, ...(SCRIPT_PINNED ? [] : [current])])) {
    try {
      return (await import(/* @vite-ignore */ new URL(path + query, api).href)) as T;
    } catch {
      // try the next
    }
  }
  return null;
}
