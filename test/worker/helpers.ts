import { env, SELF } from 'cloudflare:test';

export const PARTNER_ORIGIN = 'https://www.rsna.org';

/** A complete, valid pledge; override any field. */
export function pledge(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    partner: 'rsna',
    name: 'Ada Lovelace',
    email: `ada.${crypto.randomUUID()}@example.org`,
    role: 'radiologist',
    commitment: true,
    ...overrides,
  };
}

/** POSTs a JSON body (or raw text) to /api/pledges through the Worker's own fetch handler. */
export function postPledge(body: unknown, init: { headers?: Record<string, string>; raw?: boolean } = {}) {
  return SELF.fetch('https://pledge.test/api/pledges', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: PARTNER_ORIGIN, ...init.headers },
    body: init.raw ? (body as string) : JSON.stringify(body),
  });
}

export async function rowsFor(email: string) {
  const { results } = await env.DB.prepare('SELECT * FROM pledges WHERE email = ?').bind(email).all();
  return results;
}
