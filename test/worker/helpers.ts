import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { expect } from 'vitest';
import worker from '../../worker/index.ts';

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

/** Each partner's site, as migration 0001 registers it: a page pledges only for its own society. */
export const SITE_OF: Record<string, string> = {
  acr: 'https://www.acr.org',
  arrs: 'https://www.arrs.org',
  aur: 'https://www.aur.org',
  rsna: PARTNER_ORIGIN,
  scard: 'https://www.scardweb.org',
  sir: 'https://www.sirweb.org',
  abr: 'https://www.theabr.org',
};

/**
 * POSTs a JSON body (or raw text) to /api/pledges through the Worker's own fetch handler,
 * from the site of the body's partner (rsna's when it names none we know), as a browser would.
 */
export function postPledge(body: unknown, init: { headers?: Record<string, string>; raw?: boolean } = {}) {
  const partner = typeof body === 'object' && body !== null ? (body as { partner?: unknown }).partner : undefined;
  const origin = (typeof partner === 'string' && SITE_OF[partner]) || PARTNER_ORIGIN;
  return SELF.fetch('https://pledge.test/api/pledges', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin, ...init.headers },
    body: init.raw ? (body as string) : JSON.stringify(body),
  });
}

export async function rowsFor(email: string) {
  const { results } = await env.DB.prepare('SELECT * FROM pledges WHERE email = ?').bind(email).all();
  return results;
}

/** Polls until `check` returns something truthy (the queue consumer stores pledges a moment after 202). */
export async function eventually<T>(check: () => Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the pledge with this email is stored, and returns its rows. */
export async function storedRows(email: string): Promise<Record<string, unknown>[]> {
  return eventually(async () => {
    const rows = await rowsFor(email);
    return rows.length ? rows : null;
  }, `a stored pledge for ${email}`) as Promise<Record<string, unknown>[]>;
}

/**
 * Waits until the emails of the pledge with this address have been through the email consumer
 * (none waiting or being sent): a repeat's newer details become the pledge's as its confirmation goes.
 */
export async function emailsHandedOver(email: string): Promise<void> {
  await eventually(
    async () =>
      ((await env.DB.prepare(
        `SELECT count(*) AS n FROM email_outbox o JOIN pledges p ON p.id = o.pledge_id WHERE p.email = ? AND o.status IN ('queued', 'sending')`,
      )
        .bind(email)
        .first<number>('n')) ?? 1) === 0,
    `the emails for ${email} to be handed over`,
  );
}

/**
 * Waits until everything sent so far has been through the queue consumer: sends one more
 * pledge and waits for it to be stored. (Pledges sent together arrive in one batch, and a
 * batch is stored in one transaction, so when the last one is in, all of them are.)
 */
export async function queueDrained(): Promise<void> {
  const sentinel = `sentinel.${crypto.randomUUID()}@example.org`;
  const res = await postPledge(pledge({ email: sentinel }));
  if (res.status !== 202) throw new Error(`sentinel pledge answered ${res.status}`);
  await storedRows(sentinel);
}

/** Calls the Worker directly with some bindings replaced (a queue that refuses, a secret set). */
export async function fetchWithEnv(request: Request, overrides: Partial<Env>): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A JSON pledge request, for `fetchWithEnv`. */
export function pledgeRequest(body: unknown): Request {
  return new Request('https://pledge.test/api/pledges', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * The local limiter (`ratelimits`, as miniflare simulates it) counts in windows aligned to the
 * wall clock's minutes: a test that counts up to its limit starts well inside one, or the window
 * turning mid-count starts the count again and the attempt past the limit passes.
 */
export async function wellInsideAMinute(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 10_000) await new Promise((r) => setTimeout(r, left + 200));
}

/**
 * The accessible names of a page's share links (its "Ask a colleague to pledge" list), in order:
 * each link's text, visually hidden words included, as a screen reader's links list gives them.
 */
export function shareLinkNames(page: string): string[] {
  const list = page.match(/<ul class="share">([\s\S]*?)<\/ul>/)?.[1] ?? '';
  return [...list.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
}

/** A dashboard form posted as the dashboard's own page posts it (its origin; `headers` may override), redirects not followed. */
export function adminForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return SELF.fetch(`https://pledge.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://pledge.test', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** Signs in to the dashboard with the test token; the session cookie. */
export async function adminSignIn(): Promise<string> {
  const res = await adminForm('/admin/sign-in', { token: 'test-admin-token' });
  expect(res.status).toBe(303);
  return (res.headers.get('Set-Cookie') ?? '').split(';')[0]!;
}

/** The shared pacing budget (enqueue.ts, reservePace) as if `n` paced emails at `e`'s rate were already waiting their turn, whatever was before. */
export async function occupyPace(e: Env, n: number): Promise<void> {
  await env.DB.prepare('UPDATE email_pace SET free_at = 0').run();
  const { reservePace, MAX_DELAY_SECONDS } = await import('../../worker/platform/outbox/enqueue.ts');
  await reservePace(e, n, MAX_DELAY_SECONDS);
}

/**
 * A dashboard page with its tables' ARIA roles and cells' column names (`.reflow`'s `role="cell"`,
 * `data-label="…"`) taken out, so a test reads a row's cells as written: `<td>cancel</td><td>…`.
 */
export const withoutCellRoles = (page: string): string =>
  page.replace(/ role="(?:table|rowgroup|row|columnheader|rowheader|cell)"| data-label="[^"]*"/g, '');
