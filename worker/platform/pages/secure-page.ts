import type { Context } from 'hono';

/** Worker-rendered pages allow nothing but their own nonce'd styles and posting to themselves. */
export function securePage(c: Context, nonce: string) {
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; form-action 'self'; base-uri 'none'`,
  );
  c.header('X-Content-Type-Options', 'nosniff');
  // same-origin, not no-referrer: with no-referrer, browsers send `Origin: null` on form posts, which the
  // dashboard's same-origin check relies on. Link tokens in URLs still never reach another site.
  c.header('Referrer-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
}

