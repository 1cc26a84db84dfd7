/**
 * The origin this script was loaded from: the default API origin, since the Worker that
 * serves `/rhec-pledge.js` also serves the API. Read once, while the script runs.
 */
function findScriptSrc(): string | undefined {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.src) return current.src;
  // Loaded as type="module" (no currentScript): find our own tag, the drop-in script itself
  // (`/rhec-pledge.js` or a pinned `/v/<hash>/rhec-pledge.js`), not any file whose name merely
  // starts the same (`rhec-pledge-count.js`, a site's own `rhec-pledge-config.js`).
  const tags = [...document.querySelectorAll<HTMLScriptElement>('script[src*="rhec-pledge.js"]')].filter((t) => /\/rhec-pledge\.js$/.test(new URL(t.src, location.href).pathname));
  return tags[tags.length - 1]?.src;
}

const SCRIPT_SRC: string | undefined = findScriptSrc();

/**
 * Loaded from a pinned copy (`/v/<hash>/rhec-pledge.js`, with SRI, by a site that approves every
 * change): then it loads only the modules released with it, never the current ones. Whatever
 * follows the address (WordPress enqueues scripts with `?ver=`): its path is the same.
 */
export const SCRIPT_PINNED: boolean = /\/v\/[0-9a-f]{16}\/rhec-pledge\.js/.test(SCRIPT_SRC ?? '');

export const SCRIPT_ORIGIN: string = (() => {
  try {
    return SCRIPT_SRC ? new URL(SCRIPT_SRC).origin : location.origin;
  } catch {
    return location.origin;
  }
})();
