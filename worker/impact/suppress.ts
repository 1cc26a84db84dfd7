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

/**
 * A breakdown whose cells add up to a figure published exactly (every confirmed pledge has one
 * role, and `total` is exact): suppressing each small cell alone is not enough, since the total
 * minus the published cells is what the hidden ones hold together. So here every cell under 5 is
 * `null`, 0 included (a lone hidden cell beside published zeros would be the whole difference, and
 * a role appearing between two answers would tell who just confirmed); and when that difference
 * would still pin one hidden cell down (a single hidden cell, or hidden cells that could only all
 * be 4), the smallest published cells are hidden with them. What the hidden cells hold together
 * may be worked out ("8 in all, 6 radiologists": 2 in the other roles), never which role holds
 * it: the usual complementary suppression, and `null` keeps the contract's meaning, fewer than 5,
 * but in those two cases.
 */
export function suppressPartition<K extends string>(counts: Record<K, number>): Record<K, Suppressed> {
  const keys = Object.keys(counts) as K[];
  const hidden = new Set(keys.filter((k) => counts[k] < SMALLEST_PUBLISHED));
  const givesAway = () => {
    const together = [...hidden].reduce((s, k) => s + counts[k], 0);
    if (together === 0) return false; // all zero: nobody to give away
    // Total less the published cells: one hidden cell's count.
    if (hidden.size === 1) return true;
    // Small cells that add up to 4 each can only each be 4.
    return [...hidden].every((k) => counts[k] < SMALLEST_PUBLISHED) && together === hidden.size * (SMALLEST_PUBLISHED - 1);
  };
  while (givesAway() && hidden.size < keys.length) {
    // Every shown cell at the smallest count goes, ties included: picking one of them by its
    // place in the list would tell which one was picked.
    const smallest = Math.min(...keys.filter((k) => !hidden.has(k)).map((k) => counts[k]));
    for (const k of keys) if (counts[k] === smallest) hidden.add(k);
  }
  // Every cell at 4 ends with every cell hidden beside a total of 4 a cell: only they give that
  // (a larger cell among small ones is shown), so each would be known to be 4. So a lone shown
  // cell goes too when the hidden ones hold one less than 4 each: then "all hidden, 4 a cell in
  // all" is also, say, 5, 4, 4, 4 and 3, and no cell can be told (checked exhaustively, up to 7
  // cells, in impact.test.ts).
  const together = [...hidden].reduce((s, k) => s + counts[k], 0);
  if (hidden.size === keys.length - 1 && together === hidden.size * (SMALLEST_PUBLISHED - 1) - 1) keys.forEach((k) => hidden.add(k));
  return Object.fromEntries(keys.map((k) => [k, hidden.has(k) ? null : counts[k]])) as Record<K, Suppressed>;
}

/**
 * A breakdown of a total published as `suppress(total)` (the reported actions by kind): nothing
 * to hide when the total is 0 (every cell is then 0, and says so), else as `suppressPartition`,
 * which hides every cell when the total itself is 1 to 4 (each cell is then under 5).
 */
export function suppressBreakdown<K extends string>(counts: Record<K, number>): Record<K, Suppressed> {
  return Object.values<number>(counts).some((n) => n > 0) ? suppressPartition(counts) : { ...counts };
}

/**
 * A part of a figure published exactly (the pledges active this year, of the `whole` total):
 * published only when neither it nor the rest (`whole − part`: the pledges that lapsed) is a count
 * from 1 to 4. Alone, an exact `active` beside the exact total gave the lapsed count away.
 */
export function suppressPart(part: number, whole: number): Suppressed {
  return suppress(part) === null || suppress(whole - part) === null ? null : part;
}

/**
 * The pledges active this year, of the exact `total`: as `suppressPart` (neither the active nor the
 * lapsed ones 1 to 4), and not while `renewed` (confirmed before the year began, renewed within it)
 * is 1 to 4 either. /impact's chart gives the total confirmed up to the end of each period it shows;
 * read a year after one ended, the pledges confirmed up to then are the lapsed ones and the renewed
 * ones, so that figure less `total − active` would be how many renewed.
 */
export function suppressActive(active: number, total: number, renewed: number): Suppressed {
  return suppress(renewed) === null ? null : suppressPart(active, total);
}

/**
 * The regions pledgers gave. Every region code is listed (see PublicCounts.regions), each from 1 to
 * 4 as `null`, none as `null` too: so what the total less the published regions tells (what the
 * hidden regions and the pledges that gave no region hold together) is spread over hundreds of
 * codes that read alike, and no one region's count can be worked out. Nothing from 5 up is hidden.
 */
export function suppressRegions(counts: Record<string, number>): Record<string, Suppressed> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => [k, suppress(n)]));
}
