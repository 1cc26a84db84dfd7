/**
 * Small-cell suppression, the usual public-health rule for small areas: a count from 1 to 4 is
 * never published. It becomes `null` ("fewer than 5"); 0 and 5 or more are published as they are.
 * Every public figure broken down by region or role goes through here.
 */
import { SMALLEST_PUBLISHED } from '../../src/smallest-published.ts';

export { SMALLEST_PUBLISHED };

export type Suppressed = number | null;

export function suppress(n: number): Suppressed {
  return n > 0 && n < SMALLEST_PUBLISHED ? null : n;
}
