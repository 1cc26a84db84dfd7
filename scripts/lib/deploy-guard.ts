/**
 * What a deployed environment must never be configured with, checked by `npm run deploy` and
 * its dry-run before wrangler runs: the benchmarks' `discard` and `sink` email transports (which
 * drop every email), local development's DEV_MODE (which signs links with a public key), and
 * settings the Worker would take without a word but not work with (a PUBLIC_ORIGIN with a path,
 * Cloudflare Access half set or given a URL, an unsubscribe mailbox or a sending rate that is none).
 */
import { unstable_readConfig } from 'wrangler';

/** The email transports a deployed Worker may use (see worker/platform/outbox/transport.ts). */
export const DEPLOYABLE_TRANSPORTS = ['cloudflare', 'resend', 'postmark'];
/** Transports for this machine only, and why. */
const LOCAL_ONLY: Record<string, string> = {
  discard: '"discard" drops every email: benchmarks and local load tests only',
  sink: '"sink" hands every email to a local counting server: the updates benchmark only',
};

/** A wrangler config that cannot be read or parsed, said in a line or two (what the deploy prints). */
export class ConfigError extends Error {}

/**
 * `env` of this wrangler config, as wrangler reads it (inherited and overridden). A missing file or
 * a hand edit that broke the JSON (a comma dropped pasting the database id in) is a ConfigError
 * naming the file, line and column: wrangler's own ParseError came out as a stack trace.
 */
function readConfig(configPath: string, env: string): ReturnType<typeof unstable_readConfig> {
  try {
    return unstable_readConfig({ config: configPath, env }, { hideWarnings: true });
  } catch (err) {
    const e = err as { name?: string; text?: string; notes?: { text?: string }[]; location?: { file?: string; line?: number; column?: number; lineText?: string } };
    if (e?.name !== 'ParseError') throw err;
    if (e.location?.line) {
      throw new ConfigError(`${e.location.file ?? configPath}:${e.location.line}:${e.location.column ?? 0}: not valid JSON (${e.text}):\n    ${(e.location.lineText ?? '').trim()}`);
    }
    const cause = e.notes?.[0]?.text ?? '';
    throw new ConfigError(`Cannot read ${configPath}: ${/ENOENT/.test(cause) ? 'no such file' : cause || e.text}.`);
  }
}

/** The `vars` of `env` in this wrangler config, as wrangler reads them (inherited and overridden). */
function varsOf(configPath: string, env: string): Record<string, unknown> {
  return readConfig(configPath, env).vars;
}

/** Every reason `env` in this wrangler config must not be deployed; empty when it may be. */
export function deployRefusals(configPath: string, env: string): string[] {
  const vars = varsOf(configPath, env);
  const refusals: string[] = [];
  const transport = String(vars.EMAIL_TRANSPORT ?? '');
  if (!DEPLOYABLE_TRANSPORTS.includes(transport)) {
    refusals.push(
      `EMAIL_TRANSPORT is "${transport}" in env.${env}: a deployed Worker sends email with ${DEPLOYABLE_TRANSPORTS.join(', ')}` +
        (LOCAL_ONLY[transport] ? ` (${LOCAL_ONLY[transport]}).` : '.'),
    );
  }
  if (String(vars.DEV_MODE) === 'true') refusals.push(`DEV_MODE is "true" in env.${env}: local development only.`);
  // Every link in every email is PUBLIC_ORIGIN + a path: one with a path of its own (or a query)
  // would send them all past the service. (Whether it is https and not a placeholder is for the
  // real deploy: placeholderRefusals.)
  const publicOrigin = String(vars.PUBLIC_ORIGIN ?? '');
  let url: URL | undefined;
  try {
    url = new URL(publicOrigin);
  } catch {
    url = undefined;
  }
  if (url && (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(publicOrigin))) {
    refusals.push(`PUBLIC_ORIGIN is "${publicOrigin}" in env.${env}: the service's origin only, like https://pledge.radiologyequity.org, without a path (DEPLOY.md, step 6).`);
  }
  // Settings the Worker reads without complaint when wrong, so a deploy is the one place to say so.
  // Cloudflare Access: the Worker fetches https://<team>/cdn-cgi/access/certs and checks the issuer
  // https://<team>, and asks for Access only with both set; a URL pasted in, or one of the two
  // without the other, left every maintainer at the sign-in form with nothing said why.
  // (Taken as written, as the Worker takes them: a space pasted in with one breaks it.)
  const team = String(vars.ACCESS_TEAM_DOMAIN ?? '');
  const aud = String(vars.ACCESS_AUD ?? '');
  const dashboard = '(DEPLOY.md, "The dashboard")';
  if (team && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(team)) {
    refusals.push(`ACCESS_TEAM_DOMAIN is "${team}" in env.${env}: the team's host name only, like coalition.cloudflareaccess.com, without https:// or a path ${dashboard}.`);
  }
  if (/\s/.test(aud)) refusals.push(`ACCESS_AUD is "${aud}" in env.${env}: the Access application's audience tag as Cloudflare shows it, without spaces ${dashboard}.`);
  if (team && !aud) refusals.push(`ACCESS_AUD is empty in env.${env}, but ACCESS_TEAM_DOMAIN is set: set both (the Access application's audience tag), or neither ${dashboard}.`);
  if (aud && !team) refusals.push(`ACCESS_TEAM_DOMAIN is empty in env.${env}, but ACCESS_AUD is set: set both (like coalition.cloudflareaccess.com), or neither ${dashboard}.`);
  // Put in every update's List-Unsubscribe as mailto:<it>: not an address, that link goes nowhere.
  const mailbox = String(vars.UNSUBSCRIBE_MAILBOX ?? '');
  if (mailbox && !/^[^@\s<>,;:?"]+@[^@\s<>,;:?"]+\.[^@\s<>,;:?".]+$/.test(mailbox)) {
    refusals.push(`UNSUBSCRIBE_MAILBOX is "${mailbox}" in env.${env}: an email address someone reads (like unsubscribe@radiologyequity.org), or empty (DEPLOY.md, "Unsubscribe by mail").`);
  }
  // The Worker paces at 10 a second when this is not a number above 0, whatever the provider agreed.
  const rate = String(vars.EMAIL_RATE_PER_SECOND ?? '').trim();
  if (rate && !(Number(rate) > 0 && Number.isFinite(Number(rate)))) {
    refusals.push(`EMAIL_RATE_PER_SECOND is "${rate}" in env.${env}: a number of emails per second above 0, your email provider's agreed rate (DEPLOY.md, "Sending rate").`);
  }
  return refusals;
}

/** Hosts that are placeholders (RFC 2606, RFC 6761) or this machine, never a deployed service's; and bare IP addresses. */
const PLACEHOLDER_HOST = /(^|\.)(example(\.(org|com|net))?|localhost|invalid|test|local)$|^[\d.]+$|^\[|:/i;

/**
 * What a real deploy (not its dry run, which `npm test` runs on the committed placeholders) also
 * refuses: the committed placeholders left in place, which would send every pledger a link to
 * example.org and mail from it.
 */
export function placeholderRefusals(configPath: string, env: string): string[] {
  const vars = varsOf(configPath, env);
  const refusals: string[] = [];
  const host = (value: unknown, pick: (v: string) => string) => {
    try {
      return pick(String(value ?? ''));
    } catch {
      return '';
    }
  };
  // (A trailing dot names the same host: `example.org.` is `example.org`.)
  const origin = host(vars.PUBLIC_ORIGIN, (v) => (new URL(v).protocol === 'https:' ? new URL(v).hostname.replace(/\.$/, '') : ''));
  if (!origin || PLACEHOLDER_HOST.test(origin)) {
    refusals.push(`PUBLIC_ORIGIN is "${String(vars.PUBLIC_ORIGIN ?? '')}" in env.${env}: set the service's own https origin (DEPLOY.md, step 6).`);
  }
  const sender = host(vars.EMAIL_FROM, (v) => (/@([^>\s]+)>?\s*$/.exec(v)?.[1] ?? '').replace(/\.$/, ''));
  if (!sender || PLACEHOLDER_HOST.test(sender)) {
    refusals.push(`EMAIL_FROM is "${String(vars.EMAIL_FROM ?? '')}" in env.${env}: set a sender on the coalition's own domain (DEPLOY.md, step 5).`);
  }
  // EMAIL_REPLY_TO may stay empty (replies then go to EMAIL_FROM). Set, it goes on every email: one
  // that is not an address would have the provider refuse them all, one on a placeholder domain lose every reply.
  const replyTo = String(vars.EMAIL_REPLY_TO ?? '').trim();
  if (replyTo) {
    const address = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))$/.exec(replyTo);
    const replyHost = /^[^@\s]+@([^@\s]+\.[^@\s.]+)\.?$/.exec(address?.[1] ?? address?.[2] ?? '')?.[1] ?? '';
    if (!replyHost || PLACEHOLDER_HOST.test(replyHost)) {
      refusals.push(`EMAIL_REPLY_TO is "${replyTo}" in env.${env}: set an address the coalition reads (like help@radiologyequity.org, or "RHEC <help@radiologyequity.org>"), or leave it empty for replies to go to EMAIL_FROM (DEPLOY.md, step 5).`);
    }
  }
  // The all-zero ids wrangler.jsonc ships with, or what is not an id at all (the database's name, an
  // id cut short in the copy): wrangler would fail on them only halfway through a deploy.
  const { d1_databases: databases } = readConfig(configPath, env);
  for (const db of databases ?? []) {
    if (!db.database_id || /^0{8}-0{4}-0{4}-0{4}-0{11}\d$/.test(db.database_id)) {
      refusals.push(`database_id of ${db.binding} is the placeholder "${db.database_id ?? ''}" in env.${env}: create the database and copy its id in (DEPLOY.md, step 2).`);
    } else if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(db.database_id)) {
      refusals.push(`database_id of ${db.binding} is "${db.database_id}" in env.${env}: not a D1 database id (like 5f0c6e1a-2b3d-4c5e-8f90-a1b2c3d4e5f6, the one \`wrangler d1 create\` printed; DEPLOY.md, step 2).`);
    }
  }
  return refusals;
}

/** The environment's public origin (where the live service, and its kept releases, are). */
export function publicOrigin(configPath: string, env: string): string {
  const vars = varsOf(configPath, env);
  return String(vars.PUBLIC_ORIGIN ?? '').replace(/\/+$/, '');
}

/** The secrets every deployed environment needs (DEPLOY.md, step 4): without them it fails closed. */
export const REQUIRED_SECRETS: Record<string, string> = {
  ADMIN_TOKEN: 'the /admin sign-in and /api/admin/*',
  IP_SALT: 'salts the IP hashes and keys the per-mailbox email count: pledges answer 503 without it',
  TOKEN_SECRET: 'signs the confirm and withdraw links: pledges and links answer 503 without it',
};

/**
 * The secrets' names in what `wrangler secret list --format json` printed (an array of
 * `{ "name": …, "type": … }`), or a ConfigError when it is not that list.
 */
export function listedSecrets(printed: string): string[] {
  const start = printed.indexOf('[');
  const end = printed.lastIndexOf(']');
  let list: unknown;
  try {
    list = start >= 0 && end > start ? JSON.parse(printed.slice(start, end + 1)) : undefined;
  } catch {
    list = undefined;
  }
  if (!Array.isArray(list)) throw new ConfigError(`wrangler secret list printed no list of secrets: ${printed.trim().slice(0, 200) || '(nothing)'}`);
  return list.flatMap((s) => (s && typeof s === 'object' && typeof (s as { name?: unknown }).name === 'string' ? [(s as { name: string }).name] : []));
}

/**
 * What a real deploy refuses for the secrets `env` has (their names, never their values; the
 * dry run reads no live service), and what it only notes: the required three, the email
 * provider's key when EMAIL_TRANSPORT names one, Turnstile's secret when its site key is set;
 * and, noted, the provider's webhook secret, without which bounces and complaints are refused.
 */
export function secretRefusals(configPath: string, env: string, listed: string[]): { refusals: string[]; notes: string[] } {
  const vars = varsOf(configPath, env);
  const have = new Set(listed);
  const put = (name: string) => `npx wrangler secret put ${name} --env ${env}`;
  const refusals = Object.entries(REQUIRED_SECRETS)
    .filter(([name]) => !have.has(name))
    .map(([name, why]) => `${name} is not set in env.${env} (${why}): ${put(name)} (DEPLOY.md, step 4).`);
  const notes: string[] = [];
  const transport = String(vars.EMAIL_TRANSPORT ?? '');
  if ((transport === 'resend' || transport === 'postmark') && !have.has('EMAIL_API_KEY')) {
    refusals.push(`EMAIL_API_KEY is not set in env.${env}, and EMAIL_TRANSPORT is "${transport}": every email would wait, refused by ${transport}: ${put('EMAIL_API_KEY')} (DEPLOY.md, step 5).`);
  }
  if (String(vars.TURNSTILE_SITE_KEY ?? '') && !have.has('TURNSTILE_SECRET')) {
    refusals.push(`TURNSTILE_SECRET is not set in env.${env}, but TURNSTILE_SITE_KEY is: Turnstile would be off without a word: ${put('TURNSTILE_SECRET')} (DEPLOY.md, step 4).`);
  }
  const webhook = transport === 'resend' ? 'RESEND_WEBHOOK_SECRET' : transport === 'postmark' ? 'POSTMARK_WEBHOOK_SECRET' : '';
  if (webhook && !have.has(webhook)) {
    notes.push(`${webhook} is not set in env.${env}: ${transport}'s bounce and complaint webhooks will be refused until it is (DEPLOY.md, "Bounces and complaints").`);
  }
  return { refusals, notes };
}
