/**
 * Signed, expiring links for the confirmation email: `v1.<pledge id>.<action>.<expiry>.<signature>`,
 * an HMAC-SHA256 over everything before the signature. Nothing personal is in a token.
 */
export type LinkAction = 'confirm' | 'withdraw' | 'act' | 'recommit';

const ACTION_CODE: Record<LinkAction, string> = { confirm: 'c', withdraw: 'w', act: 'a', recommit: 'r' };
/** `act` logs what a pledger did (any number of times); `recommit` renews a pledge for a year. */
const LIFETIME_DAYS: Record<LinkAction, number> = { confirm: 30, withdraw: 730, act: 730, recommit: 120 };
const encoder = new TextEncoder();

function base64url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * The signing key. Only local development (DEV_MODE, set at the top level of wrangler.jsonc and
 * in no deployed environment) may fall back to a fixed key; anywhere else a missing
 * TOKEN_SECRET fails closed.
 */
function secret(env: Env): string {
  if (env.TOKEN_SECRET) return env.TOKEN_SECRET;
  if (env.DEV_MODE === 'true') return 'local-development-only';
  throw new Error('TOKEN_SECRET is not set');
}

/** The imported HMAC key, kept per isolate for the secret it was made from (importing costs as much as signing). */
let signingKey: { secret: string; key: Promise<CryptoKey> } | undefined;

async function sign(env: Env, payload: string): Promise<string> {
  const raw = secret(env);
  if (signingKey?.secret !== raw) {
    signingKey = { secret: raw, key: crypto.subtle.importKey('raw', encoder.encode(raw), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']) };
  }
  return base64url(await crypto.subtle.sign('HMAC', await signingKey.key, encoder.encode(payload)));
}

export async function makeToken(env: Env, pledgeId: string, action: LinkAction, now = Date.now()): Promise<string> {
  const expiry = Math.floor(now / 1000) + LIFETIME_DAYS[action] * 86_400;
  const payload = `v1.${pledgeId}.${ACTION_CODE[action]}.${expiry}`;
  return `${payload}.${await sign(env, payload)}`;
}

export type TokenCheck = { ok: true; pledgeId: string } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a token for `action`: signature (in constant time), action and expiry. */
export async function checkToken(env: Env, token: string, action: LinkAction, now = Date.now()): Promise<TokenCheck> {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1' || parts[2] !== ACTION_CODE[action]) return { ok: false, reason: 'invalid' };
  const [, pledgeId = '', , expiry = '', signature = ''] = parts;
  const expected = await sign(env, parts.slice(0, 4).join('.'));
  const a = encoder.encode(expected);
  const b = encoder.encode(signature);
  if (a.byteLength !== b.byteLength || !crypto.subtle.timingSafeEqual(a, b)) return { ok: false, reason: 'invalid' };
  if (!/^\d+$/.test(expiry) || Number(expiry) * 1000 < now) return { ok: false, reason: 'expired' };
  return { ok: true, pledgeId };
}
