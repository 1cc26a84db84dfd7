import type { Context } from 'hono';

/** Worker-rendered pages allow nothing but their own nonce'd styles and posting to themselves. */
export function securePage(c: Context, nonce: string) {
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; form-action 'self'; base-uri 'none'`,
  );
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
}

