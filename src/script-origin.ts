/**
 * The origin this script was loaded from: the default API origin, since the Worker that
 * serves `/rhec-pledge.js` also serves the API. Read once, while the script runs.
 */
function findScriptSrc(): string | undefined {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.src) return current.src;
  // Loaded as type="module" (no currentScript): find our own tag.
  const tags = document.querySelectorAll<HTMLScriptElement>('script[src*="rhec-pledge"]');
  return tags[tags.length - 1]?.src;
}

export const SCRIPT_ORIGIN: string = (() => {
  const src = findScriptSrc();
  try {
    return src ? new URL(src).origin : location.origin;
  } catch {
    return location.origin;
  }
})();
