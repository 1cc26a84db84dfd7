/**
 * Local development, and nothing else, may run without secrets (a fresh clone's
 * `npm run db:local && npx wrangler dev`). Development means BOTH: `DEV_MODE` is "true"
 * (the top level of wrangler.jsonc, never a deployed environment) AND the host is this
 * machine. A plain `wrangler deploy` of the top-level config therefore still fails closed:
 * its requests arrive on a public host, so the development fallbacks are never used there.
 */

/** Hosts that only this machine can reach. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '::1';
}

/**
 * Whether the development fallbacks apply. `url` is the request's own URL; away from a
 * request (queue consumers, the Cron), the Worker's PUBLIC_ORIGIN stands in for it.
 */
export function isDevelopment(env: Pick<Env, 'DEV_MODE' | 'PUBLIC_ORIGIN'>, url?: string): boolean {
  if (env.DEV_MODE !== 'true') return false;
  const at = url ?? env.PUBLIC_ORIGIN;
  let local = localUrls.get(at);
  if (local === undefined) {
    if (localUrls.size >= 16) localUrls.clear();
    localUrls.set(at, (local = isLocalUrl(at)));
  }
  return local;
}

/**
 * Whether each URL asked about is on this machine, kept per isolate: without secrets, every token, IP
 * hash and mailbox key asks (five times for each email, with PUBLIC_ORIGIN), and parsing the URL each
 * time was most of it. A few URLs are asked about; the map is emptied should it ever pass 16.
 */
const localUrls = new Map<string, boolean>();

function isLocalUrl(url: string): boolean {
  try {
    return isLocalHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** A secret the Worker cannot run without, outside development. */
export class MissingSecretError extends Error {
  constructor(readonly secret: string) {
    super(`${secret} is not set`);
    this.name = 'MissingSecretError';
  }
}

/**
 * The secret `name`, or in development a fixed, public stand-in (the same in every isolate,
 * so hashes and signatures agree across restarts). Anywhere else a missing secret throws.
 */
export function secretOrDevFallback(env: Env, name: 'TOKEN_SECRET' | 'IP_SALT', url?: string): string {
  const value = env[name];
  if (value) return value;
  if (isDevelopment(env, url)) return `local-development-only:${name}`;
  throw new MissingSecretError(name);
}
