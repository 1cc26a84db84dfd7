/** Talks to the pledge API. No cookies are sent or set (`credentials: 'omit'`). */

export interface Stats {
  total: number;
  /** Every active partner, 0 included: an id missing here cannot take pledges. */
  partners: Record<string, number>;
  /** Organizations that have joined the coalition (when the service counts them). */
  organizations?: number;
  /** Pledges confirmed or recommitted within the last year; `null` while fewer than 5. */
  active?: number | null;
  /** Actions pledgers reported (the coalition's first measure of outcomes); `null` while fewer than 5. */
  actions?: number | null;
}

export type SubmitResult =
  | { kind: 'accepted' }
  | { kind: 'invalid'; fields: Record<string, string[]> }
  | { kind: 'busy' }
  | { kind: 'network' }
  | { kind: 'server' };

const RETRIES_WHEN_BUSY = 3;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a pledge. A busy service (503) is retried with the same body (and so the same
 * idempotency key) after the `Retry-After` it asks for, a few times, before giving up.
 */
export async function submitPledge(api: string, body: object, signal?: AbortSignal): Promise<SubmitResult> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(new URL('/api/pledges', api), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit',
        ...(signal ? { signal } : {}),
      });
    } catch {
      return { kind: 'network' };
    }
    if (res.status === 202) return { kind: 'accepted' };
    if (res.status === 422) {
      const json = await res.json().catch(() => null);
      return { kind: 'invalid', fields: json?.error?.fields ?? {} };
    }
    if (res.status === 503 || res.status === 429) {
      if (attempt >= RETRIES_WHEN_BUSY) return { kind: 'busy' };
      const seconds = Number(res.headers.get('Retry-After')) || 1;
      await wait(Math.min(seconds, 10) * 1000);
      continue;
    }
    return { kind: 'server' };
  }
}

/**
 * A public JSON answer from the API, or null when it cannot be read. The widget asks for its counts
 * (`/api/stats`: null, it hides them) and region options (`/api/regions?lang=`: so the script carries
 * no list of countries) with it directly: wrapped in a function each, the drop-in carried both
 * wrappers (12 B of gzip).
 */
export async function getJson<T>(api: string, path: string): Promise<T | null> {
  try {
    const res = await fetch(new URL(path, api), { credentials: 'omit' });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

/** A next step for a role: the resource it links to, phrased as an action. */
export interface Step {
  url: string;
  step: string | null;
}

/** A role's next steps in a language (the first three resources offering one), or none. */
export async function fetchSteps(api: string, role: string, lang: string): Promise<Step[]> {
  const json = await getJson<{ resources: Step[] }>(api, `/api/resources?role=${encodeURIComponent(role)}&lang=${lang}`);
  return (json?.resources ?? []).filter((r) => r.step).slice(0, 3);
}

/**
 * Whether this page's site may pledge for the society (`GET /api/pledges/allowed`), with the Worker's
 * words in `lang` when not; null when it cannot be told (the pledge's own answer then says it).
 */
export const fetchAllowed = (api: string, partner: string, lang: string) =>
  getJson<{ allowed: boolean; message?: string }>(api, `/api/pledges/allowed?partner=${encodeURIComponent(partner)}&lang=${lang}`);

/**
 * Whether the pledge service answers, but not to this page: its counts refused to it (no CORS
 * for this origin, so the browser blocks the answer) while a request the page cannot read (an
 * opaque `no-cors` one) gets through. Then this site is registered for no society. False when
 * the service cannot be reached at all, or answers (an error page of a wrong `api` included).
 */
export const refusesThisSite = (api: string) => {
  const url = new URL('/api/stats', api);
  return fetch(url, { credentials: 'omit' }).then(
    () => false,
    () => fetch(url, { mode: 'no-cors', credentials: 'omit' }).then(() => true, () => false),
  );
};

/** The region selects' options, `[code, name]` in `lang`: US states and territories, other countries. */
export interface Regions {
  us: [string, string][];
  countries: [string, string][];
  /** Each select's empty first choice, in words (an older Worker sends none: the option stays blank). */
  choose?: [string, string];
}

