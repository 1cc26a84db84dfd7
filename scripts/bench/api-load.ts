/** API throughput on loopback with autocannon: each run's requests/s, latency percentiles and errors. */
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  /** Requests the client gave up on (connection errors and timeouts; autocannon counts timeouts among its errors). */
  errors: number;
  /** Those errors by kind (`timeout`, `ECONNRESET`, …), so a run that lost answers says how. */
  errorKinds: Record<string, number>;
  non2xx: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** The first answer's body (its start) for each status other than 2xx: what the client was told. */
  sampleBodies: Record<string, string>;
  accepted: number;
  /** The body of every request answered 202 (POST runs), so a loss can be looked for one by one. */
  acceptedBodies: string[];
  /** Requests answered in all. */
  total: number;
  /** Requests sent and never answered: autocannon's errors, and connections closed under a request, which it does not count as errors. */
  unanswered: number;
}

/**
 * Runs for `seconds`, or — with `amount` — until that many requests have all been answered
 * (so every request's outcome is known, as the zero-loss count needs).
 */
export async function load(
  name: string,
  url: string,
  connections: number,
  length: { seconds: number } | { amount: number },
  request?: () => { method: 'POST'; headers: Record<string, string>; body: string },
): Promise<LoadResult> {
  let accepted = 0;
  const acceptedBodies: string[] = [];
  const sampleBodies: Record<string, string> = {};
  // Requests/s are answered requests over the time from the start to the last answer, timed here:
  // autocannon's `requests.average` averages whole one-second samples, and a fixed-amount run only
  // stops at its next one-second tick, so 1000 requests answered in 2.4 s read as 333/s.
  let lastAnswer = 0;
  const started = performance.now();
  const instance = autocannon({
    url,
    connections,
    ...('amount' in length ? { amount: length.amount } : { duration: length.seconds }),
    requests: [
      {
        // One request at a time per connection (no pipelining): the connection's context holds the
        // body of the request its answer is for.
        ...(request
          ? {
              setupRequest: (req: autocannon.Request, context: object) => {
                const next = request();
                (context as { body?: string }).body = next.body;
                return { ...req, ...next };
              },
            }
          : {}),
        onResponse: (status: number, answer: string, context: object) => {
          lastAnswer = performance.now();
          if (status >= 300) sampleBodies[status] ??= String(answer ?? '').slice(0, 200);
          if (status !== 202) return;
          accepted++;
          const sent = (context as { body?: string }).body;
          if (sent !== undefined) acceptedBodies.push(sent);
        },
      },
    ],
  });
  const errorKinds: Record<string, number> = {};
  // Without a callback autocannon returns its event emitter made thenable; its types only say Promise.
  (instance as unknown as import('node:events').EventEmitter).on('reqError', (err: { code?: string; message?: string }) => {
    const kind = err?.code ?? (/timed out/.test(err?.message ?? '') ? 'timeout' : (err?.message ?? 'unknown'));
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  });
  const result = await instance;
  const closedUnder = result.requests.sent - result.requests.total - result.errors;
  if (closedUnder > 0) errorKinds['connection closed, no answer'] = closedUnder;
  return {
    name,
    connections,
    rps: result.requests.total / Math.max((lastAnswer - started) / 1000, 0.001),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    errorKinds,
    non2xx: result.non2xx,
    sampleBodies,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s?.count ?? 0])),
    accepted,
    acceptedBodies,
    total: result.requests.total,
    unanswered: Math.max(result.requests.sent - result.requests.total, result.errors),
  };
}
