/** What /api/health puts on each queue to see that it accepts messages; consumers drop it. */
export const HEALTH_PROBE = { healthProbe: true } as const;

export function isHealthProbe(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'healthProbe' in body;
}
