// In a file of its own, apart from src/css.ts: the Worker reads the styles, and has no DOM.

/** One constructable stylesheet per CSS text, shared by every shadow root that adopts it. */
const sheets = new Map<string, CSSStyleSheet>();

/**
 * Adds `text` to a shadow root's styles, once: as a constructable stylesheet, which a page's
 * Content-Security-Policy allows without 'unsafe-inline'; where those are missing (Safari before
 * 16.4), as a `<style>` first in the root, where re-rendering the template never removes it.
 */
export function adoptStyles(root: ShadowRoot, text: string): void {
  try {
    let sheet = sheets.get(text);
    if (!sheet) sheets.set(text, (sheet = new CSSStyleSheet())), sheet.replaceSync(text);
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = text;
    root.prepend(style);
  }
}
