/** Abuse resistance that never tells a client it was caught: the answer is always the same 202. */
import type { FlagReason } from './message.ts';

const TURNSTILE_VERIFY = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
/** Used only when IP_SALT is not configured (local development): hashes then differ per isolate. */
let fallbackSalt: string | undefined;

/** SHA-256 of the salt and the IP, hex. The IP itself is never stored or logged. */
export async function hashIp(env: Env, ip: string | undefined): Promise<string | null> {
  if (!ip) return null;
  const salt = env.IP_SALT || (fallbackSalt ??= crypto.randomUUID());
  const data = new TextEncoder().encode(`${salt}:${ip}`);
  const digest = await crypto.subtle.digest('SHA-256', data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Verifies a Turnstile token when a secret is configured; true when Turnstile is off. */
async function turnstilePasses(env: Env, token: unknown, ip: string | undefined): Promise<boolean> {
  if (!env.TURNSTILE_SECRET) return true;
  if (typeof token !== 'string' || !token) return false;
  const form = new FormData();
  form.set('secret', env.TURNSTILE_SECRET);
  form.set('response', token);
  if (ip) form.set('remoteip', ip);
  try {
    const res = await fetch(TURNSTILE_VERIFY, { method: 'POST', body: form });
    const outcome = (await res.json()) as { success?: boolean };
    return outcome.success === true;
  } catch {
    // Turnstile unreachable: keep the pledge, flagged for review, rather than lose it.
    return false;
  }
}

/**
 * Why this pledge should be flagged at the door, or null: `website` is the honeypot field
 * (hidden from people, filled by bots); Turnstile only when configured. The per-IP rate
 * limit is applied by the queue consumer (`applyRateLimit`), off the request path.
 */
export async function flagFor(
  env: Env,
  body: { website?: unknown; turnstileToken?: unknown },
  ip: string | undefined,
  turnstile = true,
): Promise<FlagReason | null> {
  if (typeof body.website === 'string' && body.website.trim() !== '') return 'honeypot';
  if (turnstile && !(await turnstilePasses(env, body.turnstileToken, ip))) return 'turnstile';
  return null;
}

/**
 * Flags the pledges over the per-IP limit, keyed by the salted IP hash (so the IP itself never
 * leaves the request handler). Run by the ingest consumer for a whole batch at once, which
 * keeps the limiter's round trip off the request path; the answer to the client is the same
 * 202 either way.
 */
export async function applyRateLimit<T extends { flag: FlagReason | null; ipHash: string | null }>(
  env: Env,
  messages: T[],
): Promise<T[]> {
  // One limiter call per pledge, in arrival order within each key (as the requests themselves
  // would have been counted); different keys do not wait for each other.
  const byKey = new Map<string, number[]>();
  messages.forEach((m, i) => {
    if (!m.flag && m.ipHash) byKey.set(m.ipHash, [...(byKey.get(m.ipHash) ?? []), i]);
  });
  const screened = [...messages];
  await Promise.all(
    [...byKey].map(async ([key, indexes]) => {
      for (const i of indexes) {
        const { success } = await env.PLEDGE_RATE_LIMITER.limit({ key });
        if (!success) screened[i] = { ...messages[i]!, flag: 'rate_limit' as const };
      }
    }),
  );
  return screened;
}
