/**
 * Signed, expiring links for emails (confirm, withdraw; unsubscribe and preferences in updates): `v1.<pledge id>.<action>.<expiry>.<signature>`,
 * an HMAC-SHA256 over everything before the signature. Nothing personal is in a token.
 * The id is a pledge's, or an organization's for the `org-` actions; a token is valid for its
 * own action only, so an organization's link can never act on a pledge.
 */
import { secretOrDevFallback } from './dev-mode.ts';
import { hex } from './digest.ts';

export type LinkAction = 'confirm' | 'withdraw' | 'act' | 'recommit' | 'reminders' | 'org-confirm' | 'org-withdraw' | 'org-change' | 'unsubscribe' | 'preferences';

const ACTION_CODE: Record<LinkAction, string> = { confirm: 'c', withdraw: 'w', act: 'a', recommit: 'r', reminders: 'y', 'org-confirm': 'oc', 'org-withdraw': 'ow', 'org-change': 'od', unsubscribe: 'u', preferences: 'p' };
/**
 * `act` logs what a pledger did (any number of times); `recommit` renews a pledge for a year; update links last as long as a reader keeps the email.
 * A token's issue time is read back as its expiry less these days (`issuedAt`, checked against the pledge's row in
 * worker/pledges/link-token.ts): lengthening one would make the links already sent look older than their pledge, and
 * refuse them. Change a lifetime only with a new token version that carries its issue time.
 */
const LIFETIME_DAYS: Record<LinkAction, number> = { confirm: 30, withdraw: 730, act: 730, recommit: 120, reminders: 730, 'org-confirm': 30, 'org-withdraw': 730, 'org-change': 30, unsubscribe: 730, preferences: 365 };
const encoder = new TextEncoder();

function base64url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * The signing key: TOKEN_SECRET, or a fixed, public development key only in local development
 * (DEV_MODE and a localhost host: see dev-mode.ts). So a link signed with the development key
 * is refused on any public host, even by a Worker deployed from the top-level config.
 */
/** Imported HMAC keys, kept per isolate by the key material they were made from (importing costs as much as signing). */
const hmacKeys = new Map<string, Promise<CryptoKey>>();

/**
 * The HMAC-SHA256 key for `material`, imported once per isolate. The few materials in use (the
 * token secret, and labelled keys under it or under IP_SALT) are all the map ever holds; a
 * rotated secret adds one entry, and the map is emptied should it ever pass 16.
 */
export function hmacKey(material: string): Promise<CryptoKey> {
  let key = hmacKeys.get(material);
  if (!key) {
    if (hmacKeys.size >= 16) hmacKeys.clear();
    key = crypto.subtle.importKey('raw', encoder.encode(material), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    hmacKeys.set(material, key);
  }
  return key;
}

async function sign(env: Env, payload: string, url?: string): Promise<string> {
  const key = await hmacKey(secretOrDevFallback(env, 'TOKEN_SECRET', url));
  return base64url(await crypto.subtle.sign('HMAC', key, encoder.encode(payload)));
}

export async function makeToken(env: Env, pledgeId: string, action: LinkAction, now = Date.now()): Promise<string> {
  const expiry = Math.floor(now / 1000) + LIFETIME_DAYS[action] * 86_400;
  const payload = `v1.${pledgeId}.${ACTION_CODE[action]}.${expiry}`;
  return `${payload}.${await sign(env, payload)}`;
}

/** `issuedAt`: when the token was made (ms, to the second): its expiry less its action's lifetime. */
export type TokenCheck = { ok: true; pledgeId: string; issuedAt: number } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Checks a token for `action`: signature (in constant time), action and expiry. `requestUrl`
 * is the URL the token arrived on: the development key is accepted only on a localhost one,
 * and never when the caller does not say where the token came from.
 */
export async function checkToken(env: Env, token: string, action: LinkAction, now = Date.now(), requestUrl?: string): Promise<TokenCheck> {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1' || parts[2] !== ACTION_CODE[action]) return { ok: false, reason: 'invalid' };
  const [, pledgeId = '', , expiry = '', signature = ''] = parts;
  const expected = await sign(env, parts.slice(0, 4).join('.'), requestUrl ?? 'https://unknown.invalid');
  const a = encoder.encode(expected);
  const b = encoder.encode(signature);
  if (a.byteLength !== b.byteLength || !crypto.subtle.timingSafeEqual(a, b)) return { ok: false, reason: 'invalid' };
  if (!/^\d+$/.test(expiry) || Number(expiry) * 1000 < now) return { ok: false, reason: 'expired' };
  return { ok: true, pledgeId, issuedAt: (Number(expiry) - LIFETIME_DAYS[action] * 86_400) * 1000 };
}

/**
 * A keyed hash (HMAC-SHA256, hex) under the same secret, separated by `label`: for values kept
 * only as hashes, such as suppressed email addresses.
 */
export async function keyedHash(env: Env, label: string, value: string): Promise<string> {
  const key = await hmacKey(`${label}:${secretOrDevFallback(env, 'TOKEN_SECRET')}`);
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(value)));
}
