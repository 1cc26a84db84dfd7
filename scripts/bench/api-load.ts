/** API throughput on loopback with autocannon: each run's requests/s, latency percentiles and errors. */
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  accepted: number;
  /** Requests answered in all. */
  total: number;
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
        ...(request ? { setupRequest: (req: autocannon.Request) => ({ ...req, ...request() }) } : {}),
        onResponse: (status: number) => {
          lastAnswer = performance.now();
          if (status === 202) accepted++;
        },
      },
    ],
  });
  const result = await instance;
  return {
    name,
    connections,
    rps: result.requests.total / Math.max((lastAnswer - started) / 1000, 0.001),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    accepted,
    total: result.requests.total,
  };
}
