/**
 * Registrable domains ("eTLD+1") from the Public Suffix List, by `tldts`: `www.example.co.uk`
 * → `example.co.uk`, `acr.org.evil.com` → `evil.com`, `foo.github.io` → `foo.github.io` (private
 * suffixes count, so two sites on a shared host never match). Hosts are compared in their ASCII
 * (punycode) form, which `URL` produces from Unicode input, so `münchen.de` and
 * `xn--mnchen-3ya.de` are the same domain.
 */
import { parse } from 'tldts';
import { asciiHost } from './ascii-email.ts';
// derhuerst/email-providers: the domains of free and common mailbox providers (Gmail, Outlook,
// Yahoo, iCloud, Proton, GMX, ISPs' mail…), about 8,800, rebuilt each month from public lists.
import MAILBOX_PROVIDERS from 'email-providers/all.json' with { type: 'json' };

/** Built on first use (an organization's request), not at every isolate's start. */
let providers: Set<string> | undefined;
/**
 * Academic and government domains give their addresses to their own people only: the list has a
 * few (a university's students' mail, nus.edu.sg), and a department there must still verify by them.
 */
const INSTITUTIONAL = /\.(edu|ac|gov|mil)(\.[a-z]{2})?$/;
/**
 * Mailbox and forwarding-alias services anyone can sign up to that the list above lacks (checked
 * against its copy here): an address at one proves no tie to a site on the same domain.
 */
const MORE_PROVIDERS = ['duck.com', 'mozmail.com', 'passmail.net', 'passinbox.com', 'simplelogin.com', 'simplelogin.co', 'aleeas.com', 'slmail.me', 'anonaddy.me', 'anonaddy.com', 'addy.io', 'fastmail.com', 'tuta.com', 'tuta.io', 'tutanota.com', 'tutamail.com'];
const isMailboxProvider = (domain: string) => !INSTITUTIONAL.test(domain) && (providers ??= new Set<string>([...MAILBOX_PROVIDERS, ...MORE_PROVIDERS])).has(domain);

/** The registrable domain of a host name (ASCII or Unicode), or null (an IP, a bare suffix, `localhost`). */
export function registrableDomain(host: string): string | null {
  const ascii = asciiHost(host.trim().toLowerCase().replace(/\.$/, ''));
  if (!ascii) return null;
  const parsed = parse(ascii, { allowPrivateDomains: true });
  if (parsed.isIp || !parsed.domain || !parsed.publicSuffix) return null;
  // An ICANN or private suffix the list knows; a made-up TLD (`example.invalid`) is not a site.
  if (!parsed.isIcann && !parsed.isPrivate) return null;
  return parsed.domain;
}

/**
 * Sites where many organizations each have a page under one registrable domain: a practice whose
 * "website" is its Facebook, LinkedIn or Google Sites page. There an organization is the domain
 * and the page's first path segment (two, after a segment in PAGE_KINDS), so two practices'
 * pages are never taken for one organization; nor is any address on them proof of the domain.
 */
const SHARED_HOSTS = new Set([
  'facebook.com', 'fb.com', 'instagram.com', 'linkedin.com', 'x.com', 'twitter.com', 'youtube.com',
  'tiktok.com', 'threads.net', 'google.com', 'linktr.ee', 'yelp.com', 'healthgrades.com', 'zocdoc.com',
]);
/**
 * `linkedin.com/company/x`, `sites.google.com/view/x`, `youtube.com/c/x`, `facebook.com/p/x`,
 * `zocdoc.com/practice/x`, `yelp.com/biz/x`: the kind, then the name (`maps/place/x`: two kinds).
 */
const PAGE_KINDS = new Set(['company', 'in', 'school', 'showcase', 'view', 'site', 'c', 'channel', 'user', 'pages', 'groups', 'biz', 'p', 'people', 'practice', 'doctor', 'group', 'maps', 'place']);

/**
 * Site builders that give each customer a host of their own under theirs, which the Public Suffix
 * List does not list (it has wixsite.com, square.site, github.io, blogspot.com…, so those already
 * count apart): `prairie-radiology.squarespace.com`. There an organization is its host, so two
 * clinics built on one builder are never taken for one organization; nor is an address at the builder proof.
 */
const BUILDER_HOSTS = new Set([
  'wordpress.com', 'wpcomstaging.com', 'squarespace.com', 'weebly.com', 'weeblysite.com', 'godaddysites.com', 'business.site',
  'jimdosite.com', 'jimdofree.com', 'mystrikingly.com', 'strikingly.com', 'site123.me', 'hubspotpagebuilder.com', 'hs-sites.com',
  'ueniweb.com', 'webnode.page', 'durable.co', 'mozello.com', 'webstarts.com', 'canva.site', 'super.site',
]);

/** The organization a shared host's page stands for (`facebook.com/smithradiology`); the domain itself elsewhere. */
function organizationKey(domain: string, url: URL): string {
  if (BUILDER_HOSTS.has(domain)) return url.hostname.replace(/^www\./, '').replace(/\.$/, '');
  if (!SHARED_HOSTS.has(domain)) return domain;
  const segments = url.pathname.split('/').filter(Boolean).map((s) => s.toLowerCase());
  let n = 0;
  while (n < segments.length && PAGE_KINDS.has(segments[n]!)) n++;
  const kept = segments.slice(0, n + 1);
  const host = domain === 'google.com' ? url.hostname : domain; // sites.google.com, not every Google page
  // facebook.com/profile.php?id=…: the page is its id.
  const id = kept.at(-1)?.endsWith('.php') ? url.searchParams.get('id') : null;
  return [host, ...kept].join('/') + (id ? `?id=${id}` : '');
}

/** Why a website as entered is refused: the reasons worth saying on their own, else `format`. */
export type WebsiteProblem = 'email' | 'scheme' | 'port' | 'ip' | 'suffix' | 'ending' | 'format';

/**
 * A website as entered (`example.org`, `https://www.example.org/about`) made into a URL with an
 * ASCII host, or why it is not an http(s) address of a registrable domain: an email address, not a web address
 * (`ftp://`), a port, an IP address, a bare public suffix (`co.uk`, an ending many sites share), an
 * ending no website has (`clinic.local`), or anything else (`format`). `domain` is what identifies the organization: the registrable
 * domain, or on a shared host the page (see SHARED_HOSTS).
 */
export function readWebsite(value: string): { url: string; domain: string } | { problem: WebsiteProblem } {
  const raw = value.trim();
  if (!raw || /\s/.test(raw)) return { problem: 'format' };
  // `office@clinic.org` (or `mailto:` it) in the website's field: an email address, said as such.
  if (/^(?:mailto:)?[^/:@?#]+@[^/:@?#]+\.[^/:@?#]+$/i.test(raw)) return { problem: 'email' };
  // `clinic.org:8080` reads as a scheme to URL: a host with a port, as a person means it.
  if (/^[^/:@\s?#]+\.[^/:@\s?#]+:\d+(?:[/?#]|$)/.test(raw)) return { problem: 'port' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return { problem: 'format' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'scheme' };
  if (url.port) return { problem: 'port' };
  if (url.username || url.password) return { problem: 'format' };
  const domain = registrableDomain(url.hostname);
  if (!domain) {
    const parsed = parse(url.hostname.replace(/^\[|\]$/g, ''), { allowPrivateDomains: true });
    if (parsed.isIp) return { problem: 'ip' };
    if (parsed.publicSuffix && !parsed.domain && (parsed.isIcann || parsed.isPrivate)) return { problem: 'suffix' };
    // A name with an ending no website can have (`clinic.local`, `clinic.example`, a typo like `clinic.ogr`).
    return { problem: parsed.domain && !parsed.isIcann && !parsed.isPrivate ? 'ending' : 'format' };
  }
  url.hash = '';
  // `Example.org.` (a fully qualified name, as some copy it from DNS tools) is listed as `example.org`.
  url.hostname = url.hostname.replace(/\.$/, '');
  return { url: url.href, domain: organizationKey(domain, url) };
}

/** `readWebsite`'s URL and organization key, or null when it is refused. */
export function normalizeWebsite(value: string): { url: string; domain: string } | null {
  const read = readWebsite(value);
  return 'problem' in read ? null : read;
}

/**
 * True when the email's registrable domain is the website's: the organization is domain-verified.
 * Never for an address at a mailbox provider (`eve@outlook.com` with a "website" at outlook.com):
 * anyone can have one, so it proves nothing about who runs the site.
 */
export function sameRegistrableDomain(email: string, websiteDomain: string): boolean {
  const mailbox = emailDomain(email);
  return mailbox !== null && !mailbox.provider && mailbox.domain === websiteDomain;
}

/** An address's registrable domain, and whether it is a mailbox provider's; null when it has none. */
function emailDomain(email: string): { domain: string; provider: boolean } | null {
  const at = email.lastIndexOf('@');
  const host = at > 0 ? email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '') : '';
  const domain = host ? registrableDomain(host) : null;
  return domain === null ? null : { domain, provider: isMailboxProvider(domain) || isMailboxProvider(host) };
}

/**
 * True when the address is at a mailbox provider whose own domain is the website's
 * (`eve@gmail.com` for a "website" of `gmail.com`): at the site's domain, yet it verifies nothing
 * (`sameRegistrableDomain`), so maintainers are told that, not "another domain".
 */
export function mailboxAtWebsiteDomain(email: string, websiteDomain: string): boolean {
  const mailbox = emailDomain(email);
  return mailbox !== null && mailbox.provider && mailbox.domain === registrableDomain(websiteDomain.split('/')[0]!);
}
