/**
 * Chromium made to lack, as far as a page script can, what Safari 15.0 (iOS 15.0, the oldest
 * browser the widget serves: base-element.ts's `hasOwn`, adopt-styles.ts's `<style>` fallback)
 * does not have: a `<script>` for a test page's `<head>`, run before any of the widget's scripts.
 * Each removed name, with the Safari release that brought it (MDN's compatibility data).
 * Syntax cannot be taken away this way: the build's `es2021` target keeps to what Safari 15 parses.
 */
export const SAFARI_15_0 = `<script>(() => {
  const drop = (o, ...names) => { for (const n of names) if (o) delete o[n]; };
  // 15.4
  drop(Array.prototype, 'at', 'findLast', 'findLastIndex');
  drop(String.prototype, 'at');
  drop(Object.getPrototypeOf(Int8Array.prototype), 'at', 'findLast', 'findLastIndex');
  drop(Object, 'hasOwn');
  drop(window, 'structuredClone', 'BroadcastChannel');
  drop(Crypto.prototype, 'randomUUID');
  drop(AbortSignal.prototype, 'throwIfAborted');
  drop(Navigator.prototype, 'locks');
  drop(Intl, 'supportedValuesOf');
  // 16.0 and later
  drop(AbortSignal, 'timeout', 'any');
  drop(Array.prototype, 'toSorted', 'toReversed', 'toSpliced', 'with');
  drop(String.prototype, 'isWellFormed', 'toWellFormed');
  drop(Object, 'groupBy');
  drop(Map, 'groupBy');
  drop(Promise, 'withResolvers');
  drop(Array, 'fromAsync');
  drop(Set.prototype, 'union', 'intersection', 'difference', 'symmetricDifference', 'isSubsetOf', 'isSupersetOf', 'isDisjointFrom');
  drop(URL, 'canParse', 'parse');
  drop(window, 'scheduler', 'requestIdleCallback');
  drop(Object.getPrototypeOf(Object.getPrototypeOf([].values())), 'map', 'filter', 'take', 'drop', 'flatMap', 'reduce', 'toArray', 'forEach', 'some', 'every', 'find');
  drop(HTMLElement.prototype, 'attachInternals', 'popover', 'showPopover', 'hidePopover', 'togglePopover');
  drop(Element.prototype, 'checkVisibility');
  // 16.4: no constructable stylesheets (the interface is there, its constructor throws) and no adoptedStyleSheets.
  drop(ShadowRoot.prototype, 'adoptedStyleSheets');
  drop(Document.prototype, 'adoptedStyleSheets');
  const Sheet = CSSStyleSheet;
  window.CSSStyleSheet = function CSSStyleSheet() { throw new TypeError('Illegal constructor'); };
  window.CSSStyleSheet.prototype = Sheet.prototype;
})();</script>`;
