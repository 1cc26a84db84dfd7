/**
 * What a partner id, name and origin must look like: shared by `npm run partners` and the admin
 * dashboard. A broken rule throws a PartnerRuleError: its `message` is the English text (what
 * the CLI prints), and `ruleMessage` says the same problem in the dashboard's language.
 */
import type { Lang } from '../../src/pledge-fields.ts';

/** Which rule a value broke, with what is needed to say so. */
export type RuleProblem =
  | { rule: 'id'; value: string }
  | { rule: 'name' }
  | { rule: 'name-direction' }
  | { rule: 'name-broken' }
  | { rule: 'not-origin'; value: string }
  | { rule: 'scheme'; value: string }
  | { rule: 'path'; value: string; origin: string }
  | { rule: 'host'; value: string }
  | { rule: 'public'; value: string };

type RuleMessages = { [R in RuleProblem['rule']]: (p: Extract<RuleProblem, { rule: R }>) => string };

const MESSAGES: Record<Lang, RuleMessages> = {
  en: {
    id: (p) => `A partner id is 1–32 lower-case letters or digits, like "sir" (got "${p.value}").`,
    name: () => "Give the society's display name, up to 200 characters.",
    'name-direction': () => "The society's display name must not contain characters that reverse the text's direction.",
    'name-broken': () => "The society's display name must not contain a broken character (shown as �); retype that part.",
    'not-origin': (p) => `"${p.value}" is not an origin. Write it like https://www.example.org`,
    scheme: (p) => `"${p.value}" must start with https:// (or http:// for local testing).`,
    path: (p) => `"${p.value}" has a path; give only the origin, like ${p.origin}`,
    host: (p) =>
      `"${p.value}" is not a site's address: a host name has only letters, digits, hyphens and dots. A wildcard (*) is not taken; register each site, like https://www.example.org`,
    public: (p) =>
      `"${p.value}" is not a public https site. http://, localhost, .local names and IP addresses are for local testing only; give the site's https address, like https://www.example.org`,
  },
  es: {
    id: (p) => `El identificador de una sociedad tiene de 1 a 32 letras minúsculas o cifras, como «sir» (se recibió «${p.value}»).`,
    name: () => 'Indique el nombre visible de la sociedad, de hasta 200 caracteres.',
    'name-direction': () => 'El nombre visible de la sociedad no debe contener caracteres que inviertan la dirección del texto.',
    'name-broken': () => 'El nombre visible de la sociedad no debe contener un carácter roto (que se ve como �); vuelva a escribir esa parte.',
    'not-origin': (p) => `«${p.value}» no es un origen. Escríbalo así: https://www.example.org`,
    scheme: (p) => `«${p.value}» debe empezar por https:// (o http:// para pruebas locales).`,
    path: (p) => `«${p.value}» incluye una ruta; indique solo el origen, como ${p.origin}`,
    host: (p) =>
      `«${p.value}» no es la dirección de un sitio: un nombre de host solo tiene letras, cifras, guiones y puntos. No se admite un comodín (*); registre cada sitio, como https://www.example.org`,
    public: (p) =>
      `«${p.value}» no es un sitio https público. http://, localhost, los nombres .local y las direcciones IP son solo para pruebas locales; indique la dirección https del sitio, como https://www.example.org`,
  },
};

/** The problem said in `lang`. */
export function ruleMessage(problem: RuleProblem, lang: Lang): string {
  return (MESSAGES[lang][problem.rule] as (p: RuleProblem) => string)(problem);
}

export class PartnerRuleError extends Error {
  readonly problem: RuleProblem;
  constructor(problem: RuleProblem) {
    super(ruleMessage(problem, 'en'));
    this.problem = problem;
    this.name = 'PartnerRuleError';
  }
}

export function partnerId(value: string | undefined): string {
  if (!value || !/^[a-z0-9]{1,32}$/.test(value)) throw new PartnerRuleError({ rule: 'id', value: value ?? '' });
  return value;
}

export function displayName(value: string | undefined): string {
  const name = value?.trim() ?? '';
  if (!name || name.length > 200 || /\p{Cc}/u.test(name)) throw new PartnerRuleError({ rule: 'name' });
  // Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder how the name, and what follows it on a
  // page or in an email, is drawn ("abc\u202Egnp.exe" reads "abcexe.png"). Refused, as in updates and resources.
  if (/[\u202A-\u202E\u2066-\u2069]/.test(name)) throw new PartnerRuleError({ rule: 'name-direction' });
  // Half a character (a lone surrogate, not storable as UTF-8) or U+FFFD (what the dashboard's form read
  // broken UTF-8 as): every page and email that names the society would show ���.
  if (/[\p{Cs}\ufffd]/u.test(name)) throw new PartnerRuleError({ rule: 'name-broken' });
  return name;
}

/** A DNS name as `new URL` gives it (lower case, an international name in its xn-- form), or an IPv4 address. */
const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * An exact origin: scheme, host and port only, as browsers send it in `Origin`. A lone trailing
 * slash (an address bar's copy) is dropped. `publicOnly` (a deployed Worker's dashboard) also
 * refuses what only a developer's machine or network can be: http, localhost, .local and IP hosts.
 */
export function origin(value: string | undefined, { publicOnly = false } = {}): string {
  let url: URL;
  try {
    url = new URL(value ?? '');
  } catch {
    throw new PartnerRuleError({ rule: 'not-origin', value: value ?? '' });
  }
  if (!/^https?:$/.test(url.protocol) || url.origin === 'null') throw new PartnerRuleError({ rule: 'scheme', value: value ?? '' });
  const typed = (value ?? '').trim();
  if (url.pathname !== '/' || url.search || url.hash || /[?#]$/.test(typed)) {
    throw new PartnerRuleError({ rule: 'path', value: value ?? '', origin: url.origin });
  }
  // `new URL` takes `*`, `;`, `,`, `'` and more in a host name. None is in a site's real name, and
  // the origins go into the hosted page's CSP (frame-ancestors), where `https://*` would let any
  // site frame the pledge form and `…;sandbox` would add a directive of its own.
  if (!HOST_NAME.test(url.hostname) && !/^\[[0-9a-f:.]+\]$/.test(url.hostname)) throw new PartnerRuleError({ rule: 'host', value: value ?? '' });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host) || /^[\d.]+$/.test(host) || host.includes(':');
  if (publicOnly && (url.protocol !== 'https:' || local)) throw new PartnerRuleError({ rule: 'public', value: value ?? '' });
  return url.origin;
}
