import type { Context } from 'hono';

export interface PageSecurity {
  /**
   * Origins allowed to show the page in a frame (the hosted /pledge page: its partner's
   * registered origins). None by default: no other site can frame a page (clickjacking).
   */
  frameAncestors?: readonly string[];
  /** Extra CSP source lists, e.g. `{ 'script-src': ['https://challenges.cloudflare.com'] }`. */
  allow?: Partial<Record<'script-src' | 'frame-src' | 'connect-src', string[]>>;
  /** The page runs its own nonce'd script (progressive enhancement only). */
  script?: boolean;
}

/** Scheme, host (letters, digits, hyphens, dots; or an IPv6 address) and port: nothing CSP reads otherwise. */
const SAFE_ORIGIN = /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/** Worker-rendered pages allow nothing but their own nonce'd styles and posting to themselves. */
export function securePage(c: Context, nonce: string, security: PageSecurity = {}) {
  // Only what is shaped like an origin goes into the policy (the partners' rules refuse anything
  // else, and this holds for a row stored before they did): `https://*` or `…;sandbox` never.
  const framers = security.frameAncestors?.filter((o) => SAFE_ORIGIN.test(o)) ?? [];
  const ancestors = framers.length ? framers.join(' ') : "'none'";
  const allow = security.allow ?? {};
  const scripts = [...(security.script ? [`'nonce-${nonce}'`] : []), ...(allow['script-src'] ?? [])];
  c.header(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      `style-src 'nonce-${nonce}'`,
      "img-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      `frame-ancestors ${ancestors}`,
      ...(scripts.length ? [`script-src ${scripts.join(' ')}`] : []),
      ...(allow['frame-src']?.length ? [`frame-src ${allow['frame-src'].join(' ')}`] : []),
      ...(allow['connect-src']?.length ? [`connect-src ${allow['connect-src'].join(' ')}`] : []),
    ].join('; '),
  );
  // For browsers without frame-ancestors. It cannot name several origins, so it is left off
  // where some may frame the page (CSP frame-ancestors, which every current browser has, rules).
  if (!framers.length) c.header('X-Frame-Options', 'DENY');
  c.header('X-Content-Type-Options', 'nosniff');
  // same-origin, not no-referrer: with no-referrer, browsers send `Origin: null` on form posts, which the
  // dashboard's same-origin check relies on. Link tokens in URLs still never reach another site.
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
}
