/**
 * Host names and email addresses in their ASCII (punycode) form, which `URL` produces from Unicode
 * input: `münchen.de` and `xn--mnchen-3ya.de` are one domain, `ana@münchen.de` one address. Kept
 * apart from `organization-domain.ts` (the Public Suffix List, the mailbox providers' list) so the
 * pledge schema, which kiosk mode carries, takes only this.
 */

/** The ASCII (punycode) form of a host name, or null when it is not one. */
export function asciiHost(host: string): string | null {
  try {
    const url = new URL(`http://${host}`);
    return url.hostname && url.host === url.hostname && url.pathname === '/' && !url.search && !url.hash ? url.hostname : null;
  } catch {
    return null;
  }
}

/**
 * The email address with its domain in ASCII form (`ana@münchen.de` → `ana@xn--mnchen-3ya.de`).
 * Only a domain with non-ASCII letters is converted: the URL parser would also decode `%61` and
 * read `3232235777` as an IP address, which an address's format check must see as typed.
 */
export function asciiEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1 || !/[^\x00-\x7f]/.test(email.slice(at + 1))) return email;
  const host = asciiHost(email.slice(at + 1));
  return host ? `${email.slice(0, at)}@${host}` : email;
}
