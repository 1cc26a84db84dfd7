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
  const instance = autocannon({
    url,
    connections,
    ...('amount' in length ? { amount: length.amount } : { duration: length.seconds }),
    ...(request
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => ({ ...req, ...request() }),
              onResponse: (status: number) => {
                if (status === 202) accepted++;
              },
            },
          ],
        }
      : {}),
  });
  const result = await instance;
  return {
    name,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    accepted,
    total: result.requests.total,
  };
}
